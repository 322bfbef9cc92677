import ClausiusNumerics
import Foundation
import Numerics
import Testing

/// `smallestEigenvalueIfPositiveDefinite` (Cholesky + Lanczos on A⁻¹; the uncertainty margin of large phase-covariant
/// states, issue 15) against LAPACK's full Hermitian eigenvalue solver on matrices with a known spectrum
/// A = U diag(λ) U†, U a random unitary (QR of a random complex matrix via Gram–Schmidt here).
@Suite("smallest eigenvalue of a Hermitian positive-definite matrix by Cholesky + Lanczos")
struct SmallestHermitianEigenvalueTests {
  /// A random unitary by modified Gram–Schmidt on a random complex matrix (twice, for orthogonality to round-off).
  static func unitary(_ n: Int, _ g: inout SeededGenerator) -> Matrix<Complex<Double>> {
    var cols = (0..<n).map { _ in (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g)) } }
    for j in 0..<n {
      for _ in 0..<2 {
        for k in 0..<j {
          var c = Complex<Double>.zero
          for i in 0..<n { c = c + cols[k][i].conjugate * cols[j][i] }
          for i in 0..<n { cols[j][i] = cols[j][i] - c * cols[k][i] }
        }
      }
      let norm = cols[j].reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
      cols[j] = cols[j].map { $0 * Complex(1 / norm, 0) }
    }
    return Matrix(rows: n, columns: n) { i, j in cols[j][i] }
  }

  static func withSpectrum(_ lambda: [Double], _ g: inout SeededGenerator) -> Matrix<Complex<Double>> {
    let u = unitary(lambda.count, &g)
    let d = Matrix<Complex<Double>>(rows: lambda.count, columns: lambda.count) { i, j in i == j ? Complex(lambda[i], 0) : .zero }
    return u * d * u.adjoint
  }

  @Test("separated, random and ill-conditioned spectra: λ_min as LAPACK's to 1e-13 ‖A‖; a cluster: exact or nil; indefinite A gives nil")
  func againstLAPACK() throws {
    var g = SeededGenerator(seed: 2026)
    let n = 150
    let separated: [Double] = (0..<n).map { 0.5 + 0.3 * Double($0) }
    // Ten eigenvalues within 1e-9 of the smallest (a uniform chain's occupations cluster like this).
    let clustered: [Double] = (0..<n).map { k -> Double in k < 10 ? 0.5 + 1e-10 * Double(k) : 0.6 + 0.01 * Double(k) }
    var random: [Double] = [], ill: [Double] = [1e-6]
    for _ in 0..<n { random.append(Double.random(in: 0.5...40, using: &g)) }
    for _ in 1..<n { ill.append(Double.random(in: 1...50, using: &g)) }
    let cases: [(String, [Double])] = [("separated", separated), ("clustered", clustered), ("random", random), ("ill-conditioned", ill)]
    for (name, lambda) in cases {
      let a = Self.withSpectrum(lambda, &g)
      let lapack = try #require(try a.hermitianEigen(vectors: false).values.first)
      let result = a.smallestEigenvalueIfPositiveDefinite()
      // A cluster of near-equal smallest eigenvalues may give no value (the caller's full solver then runs); every
      // value given is exact.
      #expect(result != nil || name == "clustered", "\(name): no value")
      guard let lanczos = result else { continue }
      let scale = lambda.map(abs).max()!
      #expect(abs(lanczos - lapack) <= 1e-13 * scale, "\(name): Lanczos \(lanczos) vs zheevd \(lapack)")
      #expect(abs(lanczos - lambda.min()!) <= 1e-12 * scale, "\(name): vs the constructed λ_min")
    }
    let spectrum: [Double] = (0..<20).map { k -> Double in k == 3 ? -0.1 : 1 + Double(k) }
    let indefinite = Self.withSpectrum(spectrum, &g)
    #expect(indefinite.smallestEigenvalueIfPositiveDefinite() == nil)
  }
}
