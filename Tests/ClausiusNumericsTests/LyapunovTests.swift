@testable import ClausiusNumerics
import Foundation
import Numerics
import Testing

@Suite("Continuous Lyapunov and Sylvester solvers")
struct LyapunovTests {
  @Test("relative residual < 1e-12 on random stable matrices up to n = 200, all three triangular solvers",
        arguments: [2, 7, 40, 120, 200])
  func randomStable(n: Int) throws {
    var g = SeededGenerator(seed: UInt64(n))
    let a = try Matrix<Double>.randomStable(n, using: &g)
    let b = Matrix<Double>.random(n, n, using: &g)
    let q = b.multiplied(by: b, transposeOther: .transpose)  // symmetric PSD diffusion
    let level3 = try a.solveLyapunov(q, algorithm: .level3)
    let classic = try a.solveLyapunov(q, algorithm: .classic)
    let recursive = try a.solveLyapunov(q, algorithm: .recursive)
    #expect(level3.relativeResidual < 1e-12)
    #expect(classic.relativeResidual < 1e-12)
    #expect(recursive.relativeResidual < 1e-12)
    let xr = recursive.solution
    #expect((xr * a.transposed + a * xr + q).frobeniusNorm / q.frobeniusNorm < 1e-12)
    #expect((xr - xr.transposed).maxAbs == 0)
    #expect((xr - classic.solution).maxAbs <= 1e-9 * classic.solution.maxAbs)
    // Residual recomputed independently of the solver's own report.
    let x = level3.solution
    let r = a * x + x * a.transposed + q
    #expect(r.frobeniusNorm / q.frobeniusNorm < 1e-12)
    #expect((level3.solution - classic.solution).maxAbs <= 1e-9 * level3.solution.maxAbs)
  }

  @Test("recursive triangular Lyapunov solver: deep recursion across 2×2 Schur bumps equals the classic dtrsyl",
        arguments: [2, 3, 5, 8])
  func recursiveBlocking(blockSize: Int) throws {
    // Block sizes down to 2 force every split rule: a split point that would cut a 2×2 bump of the
    // quasi-triangular T (complex eigenvalue pair) must move by one row.
    var g = SeededGenerator(seed: 31)
    let a = try Matrix<Double>.randomStable(37, using: &g)
    let b = Matrix<Double>.random(37, 37, using: &g)
    let q = b * b.transposed
    let schur = try RealSchurDecomposition(a)
    #expect(schur.eigenvalues.contains { $0.imaginary != 0 })   // the bumps exist
    var c = q.congruenceTransposed(by: schur.z, scale: -1)
    var reference = c
    #expect(try solveTriangularLyapunovRecursive(t: schur.t, c: &c, blockSize: blockSize))
    let scale = try triangularSylvester(t: schur.t, c: &reference, algorithm: .classic)
    #expect(scale == 1)
    // T Y + Y Tᵀ = C in the Schur basis, both from the same C; agreement to round-off times cond.
    #expect((c - reference).maxAbs <= 1e-11 * reference.maxAbs)
    let residual = schur.t * c + c * schur.t.transposed + q.congruenceTransposed(by: schur.z, scale: 1)
    #expect(residual.frobeniusNorm / q.frobeniusNorm < 1e-12)
  }

  @Test("weakly damped oscillator chain (rates 1e-4 · ω): the recursive solver is as accurate as dtrsyl3")
  func weaklyDampedChain() throws {
    // A chain of 100 oscillators ω_k ∈ [1, 1.3], springs 0.05, every mode damped at γ = 1e-4: the drift's
    // eigenvalues sit 5e-5 from the imaginary axis, the regime where the conditioning of T Y + Y Tᵀ = C
    // amplifies round-off. 2n = 200 takes the recursion two levels deep (blocks 100, 50).
    // A backward-stable solve leaves ‖AX + XAᵀ + Q‖ ≈ ε‖A‖‖X‖, i.e. a residual relative to ‖Q‖ of
    // ε‖A‖‖X‖/‖Q‖ ≈ 1e-16 · 1e5 here; both algorithms must reach that level (1e-9 bound), and the recursive
    // one must not be worse than dtrsyl3 (whose two triangles are averaged) by more than a small factor.
    // Without averaging the two triangles of each diagonal block the recursive residual was 7e-9 (126×).
    let n = 100, gamma = 1e-4
    var a = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    var d = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    for k in 0..<n {
      let w = 1 + 0.3 * Double(k) / Double(n - 1)
      a[2 * k, 2 * k + 1] = w; a[2 * k + 1, 2 * k] = -w
      a[2 * k, 2 * k] = -gamma / 2; a[2 * k + 1, 2 * k + 1] = -gamma / 2
      d[2 * k, 2 * k] = gamma * (Double(k) + 0.5); d[2 * k + 1, 2 * k + 1] = gamma * (Double(k) + 0.5)
      if k + 1 < n { a[2 * k + 1, 2 * k + 2] = -0.05; a[2 * k + 3, 2 * k] = -0.05 }   // ṗ_k ∋ −κ x_{k+1}, ṗ_{k+1} ∋ −κ x_k
    }
    let level3 = try a.solveLyapunov(d, algorithm: .level3)
    let recursive = try a.solveLyapunov(d, algorithm: .recursive)
    #expect(level3.relativeResidual < 1e-9)
    #expect(recursive.relativeResidual < 1e-9)
    #expect(recursive.relativeResidual <= 3 * level3.relativeResidual)
    #expect((recursive.solution - level3.solution).maxAbs <= 1e-8 * level3.solution.maxAbs)
  }

  @Test("damped oscillator: V = (n̄ + ½) I, the thermal covariance (closed form)")
  func singleMode() throws {
    // dx/dt = −γ/2 x + ω p, dp/dt = −ω x − γ/2 p; D = γ(n̄ + ½) I  (docs/conventions.md)
    let omega = 1.3, gamma = 0.07, nBar = 2.4
    let a = Matrix<Double>([[-gamma / 2, omega], [-omega, -gamma / 2]])
    let d = Matrix<Double>.diagonal([gamma * (nBar + 0.5), gamma * (nBar + 0.5)])
    let s = try a.solveLyapunov(d)
    #expect((s.solution - Matrix.diagonal([nBar + 0.5, nBar + 0.5])).maxAbs < 1e-13)
    #expect(s.relativeResidual < 1e-14)
  }

  @Test("a factorised solver serves many right-hand sides (same drift, new diffusion)")
  func manyRightHandSides() throws {
    var g = SeededGenerator(seed: 11)
    let a = try Matrix<Double>.randomStable(60, using: &g)
    let solver = try LyapunovSolver(drift: a)
    for _ in 0..<5 {
      let b = Matrix<Double>.random(60, 60, using: &g)
      let q = b * b.transposed
      let s = try solver.solve(q)
      #expect(s.relativeResidual < 1e-12)
      #expect((s.solution - (try a.solveLyapunov(q)).solution).maxAbs <= 1e-10 * s.solution.maxAbs)
    }
  }

  @Test("a parallel sweep (two solves at a time) returns the sequential solutions, in order")
  func parallelSweep() throws {
    var g = SeededGenerator(seed: 13)
    let a = try Matrix<Double>.randomStable(40, using: &g)
    let qs = (0..<5).map { _ in let b = Matrix<Double>.random(40, 40, using: &g); return b * b.transposed }
    let solver = try LyapunovSolver(drift: a)
    let parallel = try solver.solve(qs, concurrency: 2)
    for (q, p) in zip(qs, parallel) {
      let sequential = try solver.solve(q)
      #expect((p.solution - sequential.solution).maxAbs == 0)
      #expect(p.relativeResidual < 1e-12)
    }
  }

  @Test("an unstable drift is rejected, naming the largest real part")
  func unstable() {
    let a = Matrix<Double>([[0.25, 1], [-1, -0.5]])  // trace −0.25, det 0.875: eigenvalues −0.125 ± 0.927i
    let abscissa = (try? a.eigen().values.map(\.real).max()) ?? .nan
    let b = Matrix<Double>([[0.3, 0], [0, -1]])
    do {
      _ = try b.solveLyapunov(.identity(2))
      Issue.record("unstable drift accepted")
    } catch let e as NumericsError {
      #expect(e == .unstableDrift(maxRealPart: 0.3))
      #expect(e.description.contains("0.3"))
    } catch { Issue.record("unexpected error \(error)") }
    // The stable one next to it is accepted.
    #expect(abscissa < 0)
    #expect((try? a.solveLyapunov(.identity(2))) != nil)
  }

  @Test("Sylvester A X + X B = C residual on random matrices")
  func sylvester() throws {
    var g = SeededGenerator(seed: 12)
    let a = try Matrix<Double>.randomStable(30, using: &g)
    let b = try Matrix<Double>.randomStable(20, using: &g)
    let c = Matrix<Double>.random(30, 20, using: &g)
    let s = try a.solveSylvester(b: b, c: c)
    #expect(s.relativeResidual < 1e-12)
    #expect((a * s.solution + s.solution * b - c).frobeniusNorm / c.frobeniusNorm < 1e-12)
  }
}
