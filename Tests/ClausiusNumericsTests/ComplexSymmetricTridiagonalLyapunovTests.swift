@testable import ClausiusNumerics
import Foundation
import Numerics
import Testing

/// Issue 15: the eigenbasis route for a complex symmetric tridiagonal drift (`ComplexSymmetricTridiagonalLyapunovSolver`).
@Suite("Complex symmetric tridiagonal Lyapunov solver (issue 15)")
struct ComplexSymmetricTridiagonalLyapunovTests {
  /// K = i h − Γ/2 of a chain: h real symmetric tridiagonal (site energies ω_j, hoppings ε_j), Γ diagonal ≥ 0.
  static func chainDrift(_ omega: [Double], _ hopping: [Double], _ gamma: [Double]) -> Matrix<Complex<Double>> {
    let n = omega.count
    var k = Matrix<Complex<Double>>(rows: n, columns: n)
    for j in 0..<n { k[j, j] = Complex(-0.5 * gamma[j], omega[j]) }
    for j in 0..<(n - 1) { k[j + 1, j] = Complex(0, hopping[j]); k[j, j + 1] = Complex(0, hopping[j]) }
    return k
  }

  /// Damped everywhere: random ω, ε and Γ. Damped at the ends only: the chain (ω from 0.8 to 1.2, ε = 0.1,
  /// Γ = 0.02 on the end modes) with random ±5 % ripples — a random chain damped at its ends only has Anderson-localised
  /// modes whose damping (~e^{−N/ξ}) is below the rounding of Re λ, so that neither route can decide its stability.
  static func randomChain(_ n: Int, using g: inout SeededGenerator, dampedEverywhere: Bool) -> Matrix<Complex<Double>> {
    if dampedEverywhere {
      let omega = (0..<n).map { _ in Double.random(in: 0.5..<1.5, using: &g) }
      let hopping = (0..<(n - 1)).map { _ in Double.random(in: 0.02..<0.2, using: &g) }
      return chainDrift(omega, hopping, (0..<n).map { _ in Double.random(in: 0.01..<0.1, using: &g) })
    }
    let omega = (0..<n).map { 0.8 + 0.4 * Double($0) / Double(n - 1) + Double.random(in: -0.005..<0.005, using: &g) }
    let hopping = (0..<(n - 1)).map { _ in 0.1 * Double.random(in: 0.95..<1.05, using: &g) }
    return chainDrift(omega, hopping, (0..<n).map { $0 == 0 || $0 == n - 1 ? 0.02 : 0 })
  }

  /// The QL eigenvalues (Rayleigh-corrected) equal LAPACK's `zgeev` eigenvalues of the dense K to 1e-12 ‖K‖ (each one
  /// has a partner in the other list), for chains damped at the ends only (nearly normal K) and everywhere.
  @Test("eigenvalues: complex QL + inverse iteration equal zgeev", arguments: [3, 40, 200])
  func eigenvaluesEqualLAPACK(n: Int) throws {
    for everywhere in [false, true] {
      var g = SeededGenerator(seed: UInt64(31 + n))
      let k = Self.randomChain(n, using: &g, dampedEverywhere: everywhere)
      let solver = try #require(ComplexSymmetricTridiagonalLyapunovSolver(drift: k))
      let reference = try k.eigen().values
      let scale = k.maxAbs
      for l in solver.eigenvalues { #expect(reference.map { ($0 - l).length }.min()! <= 1e-12 * scale) }
      for l in reference { #expect(solver.eigenvalues.map { ($0 - l).length }.min()! <= 1e-12 * scale) }
      #expect(abs(solver.spectralAbscissa - reference.map(\.real).max()!) <= 1e-12 * scale)
    }
  }

  /// K X + X K† + Q = 0 for a dense random Hermitian Q: the residual recomputed here is < 1e-11 relative and X equals the
  /// Schur route (`ComplexLyapunovSolver`: zhseqr + RECLYCT, an independent method) to 1e-9 relative.
  @Test("solve: residual and equality with the Schur route", arguments: [5, 60, 150])
  func solveEqualsSchurRoute(n: Int) throws {
    var g = SeededGenerator(seed: UInt64(7 * n))
    let k = Self.randomChain(n, using: &g, dampedEverywhere: n != 60)
    let b = Matrix<Complex<Double>>.random(n, n, using: &g)
    let q = b * b.adjoint
    let eigen = try #require(ComplexSymmetricTridiagonalLyapunovSolver(drift: k))
    let (x, reported) = try eigen.solveWithResidual(q)
    let residual = (k * x + x * k.adjoint + q).frobeniusNorm / q.frobeniusNorm
    #expect(residual < 1e-11)
    #expect(abs(reported - residual) <= 1e-13)
    let schur = try ComplexLyapunovSolver(drift: k).solve(q)
    #expect((x - schur).maxAbs <= 1e-9 * schur.maxAbs)
    #expect((x - x.adjoint).maxAbs <= 1e-14 * x.maxAbs)
  }

  /// Not applicable (nil): a hopping with a Peierls phase (K Hermitian-part complex, so Kᵀ ≠ K), a next-nearest
  /// neighbour entry (not tridiagonal). Not usable (nil): K at an exceptional point, where two eigenvalues and their
  /// eigenvectors coalesce — the 3-mode chain with damping 0.5 and 0.2 on its ends, equal frequencies and hoppings
  /// ε₁ = 0.10872074320404373, ε₂ = 0.084706449614604759 (a double root of det(K − μ) found by SciPy's fsolve on the
  /// cubic's discriminant; zgeev's eigenvector matrix there has κ ≈ 6e7), and the 2 × 2 chain with ε = γ/4.
  /// An unstable K (gain, Γ < 0, on a mode) is left to the Schur route (nil), which throws `unstableDrift`.
  @Test("not applicable, exceptional points and unstable drifts")
  func refusals() throws {
    var k = Self.chainDrift([1, 1.1, 0.9], [0.1, 0.1], [0.1, 0, 0.1])
    k[0, 1] = Complex(0.05, 0.1); k[1, 0] = Complex(-0.05, 0.1)   // i ε e^{±iθ}: Hermitian h with complex hopping
    #expect(!ComplexSymmetricTridiagonalLyapunovSolver.applies(to: k))
    #expect(ComplexSymmetricTridiagonalLyapunovSolver(drift: k) == nil)
    var wide = Self.chainDrift([1, 1.1, 0.9], [0.1, 0.1], [0.1, 0, 0.1])
    wide[0, 2] = Complex(0, 0.01); wide[2, 0] = Complex(0, 0.01)
    #expect(!ComplexSymmetricTridiagonalLyapunovSolver.applies(to: wide))
    let exceptional = Self.chainDrift([1, 1, 1], [0.10872074320404373, 0.084706449614604759], [1.0, 0, 0.4])
    #expect(ComplexSymmetricTridiagonalLyapunovSolver.applies(to: exceptional))
    #expect(ComplexSymmetricTridiagonalLyapunovSolver(drift: exceptional) == nil)
    // Two modes: eigenvalues i − γ/4 ± √(γ²/16 − ε²) coalesce at ε = γ/4.
    #expect(ComplexSymmetricTridiagonalLyapunovSolver(drift: Self.chainDrift([1, 1], [0.025], [0.1, 0])) == nil)
    let unstable = Self.chainDrift([1, 1.2, 0.9], [0.1, 0.1], [0.1, 0, -0.5])
    #expect(ComplexSymmetricTridiagonalLyapunovSolver(drift: unstable) == nil)
    #expect(throws: NumericsError.self) { try ComplexLyapunovSolver(drift: unstable) }
  }
}
