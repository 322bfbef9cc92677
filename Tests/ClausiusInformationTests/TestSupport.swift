import ClausiusNumerics
import Foundation
import XCTest
@_exported import ClausiusTestSupport


/// A random symplectic matrix S = exp(Ω H), H real symmetric with entries uniform in [−scale, scale]
/// (Ω H is a Hamiltonian matrix, so its exponential is symplectic: S Ω Sᵀ = Ω).
func randomSymplectic(modes n: Int, scale: Double, rng: inout SeededGenerator) throws -> Matrix<Double> {
  var h = Matrix<Double>(rows: 2 * n, columns: 2 * n)
  for j in 0..<2 * n { for i in 0...j { let x = Double.random(in: -scale...scale, using: &rng); h[i, j] = x; h[j, i] = x } }
  return try (Conventions.symplecticForm(modes: n) * h).exponential()
}

/// V = S diag(ν₁, ν₁, …, ν_n, ν_n) Sᵀ: a physical state with prescribed symplectic spectrum (Williamson).
func stateWithSpectrum(_ nus: [Double], rng: inout SeededGenerator, scale: Double = 0.4) throws -> (Matrix<Double>, Matrix<Double>) {
  let s = try randomSymplectic(modes: nus.count, scale: scale, rng: &rng)
  let d = Matrix<Double>.diagonal(nus.flatMap { [$0, $0] })
  return (s * d * s.transposed, s)
}

func assertClose(_ a: Double, _ b: Double, rel: Double = 0, abs: Double = 0, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
  let tol = Swift.max(abs, rel * Swift.max(Swift.abs(a), Swift.abs(b)))
  XCTAssert(Swift.abs(a - b) <= tol, "\(a) vs \(b) differ by \(Swift.abs(a - b)) > \(tol) \(message)", file: file, line: line)
}
