import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
@testable import ClausiusSteadyState
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

/// Issue 15: the number-conserving local state refined in its N × N complex form (`refineComplexDoubleDouble`,
/// `PhaseCovariantForm`) against
/// • a 50-digit solution of the same equation from the exact sums of the parts, written independently
///   (Tests/References/lyapunov_parts_mpmath.py: the 2N real Lyapunov equation by vectorisation and mpmath LU — no
///   Schur form, no complex form, no refinement);
/// • the previous route: the 2N real Schur form and the real double-double refinement (`refineDoubleDouble`), forced by
///   reusing a real `DriftFactorisation`.
final class ComplexRefinementTests: XCTestCase {
  /// The issue's benchmark chain (ω from 0.8 to 1.2, hopping ε = 0.1, flat baths κ = 0.02 at T = 1 and 0.5 on the ends),
  /// and a ring-like chain with complex hopping (a Peierls phase: K has complex off-diagonal entries) and three baths.
  func networks() throws -> [BosonicNetwork] {
    let issue = try BosonicNetwork.chain(frequencies: BosonicNetwork.linearProfile(first: 0.8, last: 1.2, count: 5), epsilon: 0.1, baths: [
      .flat(name: "first", mode: 0, rate: 0.02, temperature: 1), .flat(name: "last", mode: 4, rate: 0.02, temperature: 0.5),
    ])
    let phased = try BosonicNetwork(frequencies: [1.0, 1.15, 0.9, 1.3],
                                    couplings: [.hopping(0, 1, epsilon: 0.2, phase: 0.3), .hopping(1, 2, epsilon: 0.15, phase: -1.1), .hopping(2, 3, epsilon: 0.25)],
                                    baths: [.flat(name: "a", mode: 0, rate: 0.1, temperature: 2), .flat(name: "b", mode: 2, rate: 0.05, temperature: 0.7),
                                            .flat(name: "c", mode: 3, rate: 0.2, temperature: 1.3)])
    return [issue, phased]
  }

  /// V = hi + lo of the complex route equals the 50-digit solution to 1e-26 of max|V| (double-double level; the
  /// refined residual is ≤ 1e-28 of ‖D‖), and its plain-double part to the rounding of V.
  func testComplexRefinementAgainstFiftyDigits() throws {
    for net in try networks() {
      let eq = try net.masterEquation(.local)
      let ss = try eq.gaussianSteadyState()
      XCTAssertEqual(ss.diagnostics.complexBlocks, 1)
      // The chain (complex symmetric tridiagonal K) is solved in K's eigenbasis, the Peierls-phase network by Schur.
      XCTAssertEqual(ss.diagnostics.eigenbasisSolve, net.modeCount == 5)
      XCTAssertGreaterThanOrEqual(ss.diagnostics.refinementSteps, 1)
      XCTAssertLessThan(try XCTUnwrap(ss.diagnostics.refinedResidual), 1e-27)
      let dyn = eq.gaussianDynamics
      func entries(_ m: RealSparseMatrix) -> [[Any]] {
        var out: [[Any]] = []
        m.forEachNonZero { i, j, x in out.append([i, j, "\(x)"]) }
        return out
      }
      let g = eq.hamiltonian.matrix
      var gEntries: [[Any]] = []
      for j in 0..<g.columns { for i in 0..<g.rows where g[i, j] != 0 { gEntries.append([i, j, "\(g[i, j])"]) } }
      let out = try XCTUnwrap(try PythonReference.run("lyapunov_parts_mpmath.py", input: [
        "n2": g.rows, "g": gEntries, "drifts": dyn.perDissipator.map { entries($0.sparseDrift) },
        "diffusions": dyn.perDissipator.map { entries($0.sparseDiffusion) },
      ]) as? [String: Any])
      let refHi = try XCTUnwrap(out["hi"] as? [[String]]).map { $0.map { Double($0)! } }
      let refLo = try XCTUnwrap(out["lo"] as? [[String]]).map { $0.map { Double($0)! } }
      let lo = try XCTUnwrap(ss.frameCovarianceLow)
      var worst = 0.0, worstHi = 0.0, scale = 0.0
      for i in 0..<g.rows { for j in 0..<g.rows {
        // (hi − ref_hi) + (lo − ref_lo): the reference is split into its nearest double and the rest.
        let diff = (ss.frameCovariance[i, j] - refHi[i][j]) + (lo[i, j] - refLo[i][j])
        worst = max(worst, abs(diff)); worstHi = max(worstHi, abs(ss.frameCovariance[i, j] - refHi[i][j])); scale = max(scale, abs(refHi[i][j]))
      } }
      print("complex refinement, \(net.modeCount) modes: max |V − V₅₀| / max |V| = \(worst / scale) (hi only: \(worstHi / scale))")
      XCTAssertLessThan(worst, 1e-26 * scale, "double-double V against 50 digits")
      XCTAssertLessThan(worstHi, 4e-16 * scale, "V rounded to doubles")
    }
  }

  /// The complex route equals the previous 2N real route (real Schur form, real refinement) to the double-double level,
  /// with the same diagnostics.
  func testComplexRefinementEqualsRealRoute() throws {
    let chain = try BosonicNetwork.chain(frequencies: BosonicNetwork.linearProfile(first: 0.8, last: 1.2, count: 24), epsilon: 0.1, baths: [
      .flat(name: "first", mode: 0, rate: 0.02, temperature: 1), .flat(name: "last", mode: 23, rate: 0.02, temperature: 0.5),
    ])
    for net in try networks() + [chain] {
      let eq = try net.masterEquation(.local)
      let complex = try eq.gaussianSteadyState()
      let real = try eq.gaussianSteadyState(reusing: eq.driftFactorisation())
      XCTAssertEqual(complex.diagnostics.complexBlocks, 1)
      XCTAssertEqual(real.diagnostics.complexBlocks, 0)
      let ch = complex.frameCovariance, cl = try XCTUnwrap(complex.frameCovarianceLow)
      let rh = real.frameCovariance, rl = try XCTUnwrap(real.frameCovarianceLow)
      var worst = 0.0
      for i in 0..<ch.rows { for j in 0..<ch.columns { worst = max(worst, abs((ch[i, j] - rh[i, j]) + (cl[i, j] - rl[i, j]))) } }
      XCTAssertLessThan(worst, 1e-24 * rh.maxAbs)
      XCTAssertLessThan(try XCTUnwrap(complex.diagnostics.refinedResidual), 1e-27)
      XCTAssertLessThan(try XCTUnwrap(real.diagnostics.refinedResidual), 1e-27)
      XCTAssertEqual(complex.diagnostics.relativeResidual, real.diagnostics.relativeResidual, accuracy: 1e-10)
      XCTAssertEqual(complex.diagnostics.uncertaintyMargin, real.diagnostics.uncertaintyMargin, accuracy: 1e-12)
      XCTAssertEqual(try XCTUnwrap(complex.diagnostics.smallestSymplecticEigenvalue),
                     try XCTUnwrap(real.diagnostics.smallestSymplecticEigenvalue), accuracy: 1e-12)
    }
  }

  /// The eigenbasis route (`ComplexSymmetricTridiagonalLyapunovSolver`, taken by a fresh solve of a chain) equals the
  /// Schur route (forced by reusing a factorisation that holds the complex Schur form) to the
  /// double-double level, 1e-24 of max|V|, on the issue's chain at 24 and 120 modes.
  func testEigenbasisRouteEqualsSchurRoute() throws {
    for n in [24, 120] {
      let chain = try BosonicNetwork.chain(frequencies: BosonicNetwork.linearProfile(first: 0.8, last: 1.2, count: n), epsilon: 0.1, baths: [
        .flat(name: "first", mode: 0, rate: 0.02, temperature: 1), .flat(name: "last", mode: n - 1, rate: 0.02, temperature: 0.5),
      ])
      let eq = try chain.masterEquation(.local)
      let eigen = try eq.gaussianSteadyState()
      let schur = try eq.gaussianSteadyState(reusing: eq.driftFactorisation(form: .asSolved, eigenbasis: false))
      XCTAssertTrue(eigen.diagnostics.eigenbasisSolve)
      XCTAssertFalse(schur.diagnostics.eigenbasisSolve)
      XCTAssertTrue(schur.diagnostics.reusedDriftFactorisation)
      // A sweep's reuse (`.asSolved`) keeps the eigenbasis: the same state bit for bit, flagged as reused.
      let reused = try eq.gaussianSteadyState(reusing: eq.driftFactorisation(form: .asSolved))
      XCTAssertTrue(reused.diagnostics.eigenbasisSolve && reused.diagnostics.reusedDriftFactorisation)
      XCTAssertEqual((reused.frameCovariance - eigen.frameCovariance).maxAbs, 0)
      let eh = eigen.frameCovariance, el = try XCTUnwrap(eigen.frameCovarianceLow)
      let sh = schur.frameCovariance, sl = try XCTUnwrap(schur.frameCovarianceLow)
      var worst = 0.0
      for i in 0..<eh.rows { for j in 0..<eh.columns { worst = max(worst, abs((eh[i, j] - sh[i, j]) + (el[i, j] - sl[i, j]))) } }
      print("eigenbasis vs Schur route, \(n) modes: max |ΔV| / max |V| = \(worst / sh.maxAbs)")
      XCTAssertLessThan(worst, 1e-24 * sh.maxAbs)
      XCTAssertLessThan(try XCTUnwrap(eigen.diagnostics.refinedResidual), 1e-27)
    }
  }

  /// At an exceptional point of K (two eigenvalues and eigenvectors coalesce; parameters from SciPy's fsolve on the
  /// discriminant of det(K − μ), see ComplexSymmetricTridiagonalLyapunovTests) the eigenbasis route is refused and the
  /// Schur route runs: the state equals the 2N real route (real Schur form, real refinement) to 1e-24.
  func testExceptionalPointFallsBackToSchur() throws {
    let net = try BosonicNetwork(frequencies: [1, 1, 1], couplings: [.hopping(0, 1, epsilon: 0.10872074320404373), .hopping(1, 2, epsilon: 0.084706449614604759)],
                                 baths: [.flat(name: "a", mode: 0, rate: 1.0, temperature: 1), .flat(name: "b", mode: 2, rate: 0.4, temperature: 0.3)])
    let eq = try net.masterEquation(.local)
    let k = PhaseCovariantForm.complex(eq.gaussianDynamics.drift)
    XCTAssertTrue(ComplexSymmetricTridiagonalLyapunovSolver.applies(to: k))
    XCTAssertNil(ComplexSymmetricTridiagonalLyapunovSolver(drift: k), "K is at an exceptional point")
    let complex = try eq.gaussianSteadyState()
    let real = try eq.gaussianSteadyState(reusing: eq.driftFactorisation())
    XCTAssertEqual(complex.diagnostics.complexBlocks, 1)
    XCTAssertFalse(complex.diagnostics.eigenbasisSolve)
    let ch = complex.frameCovariance, cl = try XCTUnwrap(complex.frameCovarianceLow)
    let rh = real.frameCovariance, rl = try XCTUnwrap(real.frameCovarianceLow)
    var worst = 0.0
    for i in 0..<ch.rows { for j in 0..<ch.columns { worst = max(worst, abs((ch[i, j] - rh[i, j]) + (cl[i, j] - rl[i, j]))) } }
    XCTAssertLessThan(worst, 1e-24 * rh.maxAbs)
  }

  /// The eigenvalues of the two-stage reduction (`hermitianEigen(vectors: false)`, `zheevd_2stage`) equal those of the
  /// one-stage `zheevd` with vectors, and the Rayleigh quotients of its eigenvectors, on a random Hermitian matrix.
  func testTwoStageHermitianEigenvalues() throws {
    var rng = SeededGenerator(seed: 15)
    let n = 300
    var h = Matrix<Complex<Double>>(rows: n, columns: n)
    for j in 0..<n { for i in j..<n {
      let z = i == j ? Complex(Double.random(in: -0.5..<0.5, using: &rng), 0) : Complex(Double.random(in: -0.5..<0.5, using: &rng), Double.random(in: -0.5..<0.5, using: &rng))
      h[i, j] = z; h[j, i] = z.conjugate
    } }
    let values = try h.hermitianEigen(vectors: false).values
    let full = try h.hermitianEigen(vectors: true)
    for k in 0..<n {
      XCTAssertEqual(values[k], full.values[k], accuracy: 1e-12)
      // Rayleigh quotient xᴴ H x of the one-stage eigenvector (an independent evaluation of λ_k).
      var q = Complex<Double>.zero
      for i in 0..<n { var hx = Complex<Double>.zero; for j in 0..<n { hx = hx + h[i, j] * full.vectors[j, k] }; q = q + full.vectors[i, k].conjugate * hx }
      XCTAssertEqual(values[k], q.real, accuracy: 1e-12)
    }
  }

  /// The sparse covariance test (`PhaseCovariantForm.isCovariant(RealSparseMatrix)`) agrees with the definition
  /// M_{x_j x_k} = M_{p_j p_k}, M_{x_j p_k} = −M_{p_j x_k} checked entry by entry on the dense matrix, for covariant matrices
  /// and for each single broken entry.
  func testSparseCovarianceCheck() throws {
    var rng = SeededGenerator(seed: 7)
    let n = 4
    var m = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for j in 0..<n { for i in 0..<n where Double.random(in: 0..<1, using: &rng) < 0.6 {
      let a = Double.random(in: -1..<1, using: &rng), b = Double.random(in: -1..<1, using: &rng)
      m[2 * i, 2 * j] = a; m[2 * i + 1, 2 * j + 1] = a; m[2 * i, 2 * j + 1] = b; m[2 * i + 1, 2 * j] = -b
    } }
    func byDefinition(_ x: Matrix<Double>) -> Bool {
      (0..<n).allSatisfy { j in (0..<n).allSatisfy { i in
        x[2 * i, 2 * j] == x[2 * i + 1, 2 * j + 1] && x[2 * i, 2 * j + 1] == -x[2 * i + 1, 2 * j]
      } }
    }
    XCTAssertTrue(byDefinition(m))
    XCTAssertTrue(PhaseCovariantForm.isCovariant(RealSparseMatrix(m)))
    for r in 0..<(2 * n) { for c in 0..<(2 * n) {
      var broken = m
      broken[r, c] += 0.25
      XCTAssertFalse(byDefinition(broken))
      XCTAssertEqual(PhaseCovariantForm.isCovariant(RealSparseMatrix(broken)), byDefinition(broken), "entry (\(r), \(c))")
    } }
  }
}
