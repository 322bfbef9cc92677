@testable import ClausiusNumerics
import Foundation
import Numerics
import Testing

@Suite("Complex Lyapunov solver and split normal modes (issue 15)")
struct ComplexLyapunovTests {
  /// A random complex matrix made stable by a shift, K − (α(K) + margin) I (α from `zgeev`).
  static func randomStable(_ n: Int, using g: inout SeededGenerator) throws -> Matrix<Complex<Double>> {
    let b = Matrix<Complex<Double>>.random(n, n, using: &g)
    let abscissa = try b.eigen().values.map(\.real).max()!
    return b - Matrix<Complex<Double>>.diagonal(Array(repeating: Complex(abscissa + 0.1, 0), count: n))
  }

  /// K X + X K† + Q = 0 against (i) its residual recomputed here and (ii) the real 2N × 2N Lyapunov solver on the
  /// real forms A = φ⁻¹(K), D = φ⁻¹(Q) (an independent method: real Schur + RECLYCT), to 1e-10 relative. Sizes above
  /// the recursion's block size (48) exercise the zhemm/ztrsyl3/zher2k steps.
  @Test("complex Lyapunov: residual < 1e-12 and equal to the 2N real solve", arguments: [1, 5, 60, 130])
  func equalsRealForm(n: Int) throws {
    var g = SeededGenerator(seed: UInt64(1000 + n))
    let k = try Self.randomStable(n, using: &g)
    let b = Matrix<Complex<Double>>.random(n, n, using: &g)
    let q = b * b.adjoint
    let solver = try ComplexLyapunovSolver(drift: k)
    let (x, reported) = try solver.solveWithResidual(q)
    let r = k * x + x * k.adjoint + q
    let residual = r.frobeniusNorm / q.frobeniusNorm
    #expect(residual < 1e-12)
    #expect(abs(reported - residual) <= 1e-13)
    #expect((x - x.adjoint).maxAbs == 0)
    let a = PhaseCovariantForm.real(k), d = PhaseCovariantForm.real(q)
    #expect(PhaseCovariantForm.isCovariant(a) && PhaseCovariantForm.isCovariant(d))
    let v = try a.solveLyapunov(d).solution
    #expect((PhaseCovariantForm.real(x) - v).maxAbs <= 1e-10 * v.maxAbs)
    // φ round trip and the homomorphism φ(A D) = φ(A) φ(D) (the basis of the equivalence).
    #expect((PhaseCovariantForm.complex(a) - k).maxAbs == 0)
    #expect((PhaseCovariantForm.complex(a * d) - k * q).maxAbs <= 1e-12 * (k * q).maxAbs)
  }

  /// The uncertainty margin of a covariant V from the N × N W = φ(V) (λ_min(W) − ½) equals the smallest eigenvalue of
  /// the 2N × 2N V + iΩ/2 (`uncertaintyMargin`), and the symplectic eigenvalues are eig(W).
  @Test("V + iΩ/2 ≅ (W̄ − ½) ⊕ (W + ½) for covariant V")
  func marginFromComplexForm() throws {
    var g = SeededGenerator(seed: 77)
    let b = Matrix<Complex<Double>>.random(6, 6, using: &g)
    let w = b * b.adjoint * Complex(0.1, 0) + Matrix<Complex<Double>>.diagonal(Array(repeating: Complex(0.5, 0), count: 6))
    let v = PhaseCovariantForm.real(w)
    let eigW = try w.hermitianEigen(vectors: false).values
    #expect(abs((eigW.first! - 0.5) - (try v.uncertaintyMargin())) < 1e-13)
    let nu = try WilliamsonDecomposition.symplecticEigenvalues(v).sorted()
    for (a, e) in zip(nu, eigW) { #expect(abs(a - e) < 1e-12) }
  }

  /// SplitNormalModes reproduces G: G_x = P diag(ν) Pᵀ, G_p = X diag(ν) Xᵀ, Xᵀ P = 1, and its ν equal the general
  /// Williamson algorithm's (2N Hermitian eigenproblem) — for G_x = G_p (one eigendecomposition) and G_x ≠ G_p.
  @Test("split normal modes: G reproduced, ν equal the general Williamson decomposition", arguments: [false, true])
  func splitNormalModes(springs: Bool) throws {
    let n = 7
    var gx = Matrix<Double>(rows: n, columns: n), gp = gx
    for i in 0..<n { gx[i, i] = 0.8 + 0.05 * Double(i); gp[i, i] = gx[i, i] }
    for i in 0..<(n - 1) { gx[i, i + 1] = 0.1; gx[i + 1, i] = 0.1; gp[i, i + 1] = springs ? 0 : 0.1; gp[i + 1, i] = gp[i, i + 1] }
    if springs { for i in 0..<n { gx[i, i] += 0.2 } }
    let m = try SplitNormalModes(position: gx, momentum: gp)
    let x = m.positionBlock, p = m.momentumBlock
    let nu = Matrix<Double>.diagonal(m.frequencies)
    #expect(((p * nu).multiplied(by: p, transposeOther: .transpose) - gx).maxAbs < 1e-13)
    #expect(((x * nu).multiplied(by: x, transposeOther: .transpose) - gp).maxAbs < 1e-13)
    #expect((x.multiplied(by: p, transposeSelf: .transpose) - Matrix<Double>.identity(n)).maxAbs < 1e-13)
    var g = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for j in 0..<n { for i in 0..<n { g[2 * i, 2 * j] = gx[i, j]; g[2 * i + 1, 2 * j + 1] = gp[i, j] } }
    let general = try WilliamsonDecomposition(general: g)
    for (a, b) in zip(m.frequencies, general.frequencies) { #expect(abs(a - b) < 1e-13) }
  }
}
