import XCTest
@testable import Clausius

/// Numerics used by the Gaussian engine, checked against independent routes.
final class NumericsRegressionTests: XCTestCase {
  /// Weakly damped drift (damping 5e-4 against frequencies ~1–2, the Redfield wire of paper 004):
  /// the Schur solve must stay backward stable. Reference: the Kronecker (vectorised) solve
  /// (I ⊗ A + A ⊗ I) vec X = −vec Q by LU. Expected relative residual ~ eps ‖A‖‖X‖/‖Q‖ ≈ 5e-13; the
  /// one-triangle congruence without symmetrising Y gave 1.5e-10 here (fixed in Lyapunov.swift).
  func testLyapunovBackwardStableForWeakDamping() throws {
    let j = try SpectralDensity.ohmicDrude(lambda: 1e-3.squareRoot(), cutoff: 1e3)
    let net = try BosonicNetwork(frequencies: [1, 2], couplings: [.spring(0, 1, k: 0.05)], baths: [
      Bath(name: "c", temperature: 2, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "h", temperature: 3, spectralDensity: j, coupling: .position(mode: 1))])
    let dyn = try net.masterEquation(.redfield).gaussianDynamics
    let a = dyn.drift, q = dyn.diffusion, n = a.rows
    let s = try LyapunovSolver(drift: a).solve(q)
    XCTAssertLessThan(s.relativeResidual, 1e-12)
    let i = Matrix<Double>.identity(n)
    let x = try (i.kronecker(a) + a.kronecker(i)).solve(Matrix(rows: n * n, columns: 1, columnMajor: q.elements.map { -$0 }))
    let xk = Matrix<Double>(rows: n, columns: n, columnMajor: x.elements)
    XCTAssertLessThan((s.solution - xk).maxAbs / xk.maxAbs, 1e-10)
  }

  /// Stein solver (Smith doubling) against the Kronecker solve of X − F X Fᵀ = Q.
  func testSteinAgainstKronecker() throws {
    let f = Matrix<Double>([[0.9, 0.2, 0], [-0.1, 0.8, 0.05], [0.02, 0, 0.95]])
    let q = Matrix<Double>([[1, 0.1, 0], [0.1, 2, 0.3], [0, 0.3, 1.5]])
    let s = try f.solveStein(q)
    XCTAssertLessThan(s.relativeResidual, 1e-13)
    let big = Matrix<Double>.identity(9) - f.kronecker(f)
    let x = try big.solve(Matrix(rows: 9, columns: 1, columnMajor: q.elements))
    XCTAssertLessThan((s.solution - Matrix(rows: 3, columns: 3, columnMajor: x.elements)).maxAbs, 1e-12)
    XCTAssertThrowsError(try (f * 1.2).solveStein(q))  // spectral radius > 1: no fixed point
  }
}
