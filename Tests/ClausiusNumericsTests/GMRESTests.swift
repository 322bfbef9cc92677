import ClausiusNumerics
import Foundation
import Numerics
import Testing

@Suite("GMRES and the block-triangular preconditioner")
struct GMRESTests {
  /// A random sparse complex system with a dominant but non-normal diagonal (30 % off-diagonal fill).
  func randomSystem(_ n: Int, seed: UInt64) -> (SparseMatrix, [Complex<Double>]) {
    var g = SeededGenerator(seed: seed)
    var t: [(row: Int, column: Int, value: Complex<Double>)] = []
    for j in 0..<n {
      t.append((j, j, Complex(Double(n) * 0.5 + Double.random(in: 0...1, using: &g), Double.random(in: -3...3, using: &g))))
      for i in 0..<n where i != j && Double.random(in: 0...1, using: &g) < 0.3 {
        t.append((i, j, Complex(Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g))))
      }
    }
    let b = (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g)) }
    return (SparseMatrix(rows: n, columns: n, triplets: t), b)
  }

  @Test("restarted GMRES equals the UMFPACK solution, with and without block preconditioners")
  func matchesLU() throws {
    let n = 120
    let (a, b) = randomSystem(n, seed: 7)
    let exact = try a.solve(b)
    let scale = exact.reduce(0) { max($0, $1.length) }
    let blocks = stride(from: 0, to: n, by: 20).map { Array($0..<min($0 + 20, n)) }
    let gs = try BlockTriangularPreconditioner(matrix: a, blocks: blocks, coupling: .blockGaussSeidel)
    let jacobi = try BlockTriangularPreconditioner(matrix: a, blocks: blocks, coupling: .blockJacobi)
    let sgs = try BlockTriangularPreconditioner(matrix: a, blocks: blocks, coupling: .symmetricBlockGaussSeidel)
    // Restart 8 < iterations needed unpreconditioned: exercises the restart path.
    for (name, p) in [("none", nil), ("Gauss–Seidel", gs), ("Jacobi", jacobi), ("symmetric Gauss–Seidel", sgs)] as [(String, (any LinearPreconditioner)?)] {
      let r = try GMRES.solve(a, b, preconditioner: p, options: GMRESOptions(tolerance: 1e-12, restart: 8, maxIterations: 500))
      // The reported residual is the true one: recompute it independently.
      let ax = a * r.solution
      let res = zip(ax, b).reduce(0) { $0 + ($1.0 - $1.1).lengthSquared }.squareRoot() / b.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
      #expect(r.relativeResidual <= 1e-12, "\(name)")
      #expect(abs(res - r.relativeResidual) <= 1e-13, "\(name): recomputed \(res), reported \(r.relativeResidual)")
      // Forward error ≤ cond(A) · residual; this diagonally dominant A has cond ≈ 2–5 → 1e-11 is generous.
      #expect(maxDifference(r.solution, exact) < 1e-11 * scale, "\(name)")
    }
    // Preconditioners cut the iterations (block Gauss–Seidel keeps more of A than block Jacobi).
    let itNone = try GMRES.solve(a, b, options: GMRESOptions(tolerance: 1e-12, restart: 8, maxIterations: 500)).iterations
    let itGS = try GMRES.solve(a, b, preconditioner: gs, options: GMRESOptions(tolerance: 1e-12, restart: 8, maxIterations: 500)).iterations
    #expect(itGS < itNone)
  }

  @Test("block Gauss–Seidel is exact (one iteration) on a block lower-triangular matrix")
  func exactOnTriangular() throws {
    let (full, b) = randomSystem(60, seed: 3)
    let blocks = [Array(0..<25), Array(25..<60)]
    // Keep only couplings from block 0 into block 1 (and the diagonal blocks): M = A exactly.
    let t = full.triplets.filter { !($0.row < 25 && $0.column >= 25) }
    let a = SparseMatrix(rows: 60, columns: 60, triplets: t)
    let p = try BlockTriangularPreconditioner(matrix: a, blocks: blocks)
    let r = try GMRES.solve(a, b, preconditioner: p, options: GMRESOptions(tolerance: 1e-12))
    #expect(r.iterations == 1)
    #expect(maxDifference(r.solution, try a.solve(b)) < 1e-12 * 10)
  }

  @Test("the componentwise backward error ω exposes a normwise-converged wrong solution of a badly scaled system")
  func componentwiseBackwardError() throws {
    // The root cause of issue 13's Fig. 5 point in two unknowns: a trace row with weight w = 1e10 over a physical row
    // with rates ~1e-2 (−a x₀ + c x₁ = 0). Exact solution x = (c, a)/(a + c). The guess x = (1, 0) has the trace right
    // and misses the physical row by r₁ = a: ‖r‖/‖b‖ = a/w = 1e-12 ≤ tolerance, so GMRES returns it unchanged —
    // with ω = |r₁| / (|A||x| + |b|)₁ = a/(a·1 + 0) = 1 (Oettli–Prager, closed form).
    let w = 1e10, a = 0.01, c = 0.03
    let m = SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, Complex(w, 0)), (0, 1, Complex(w, 0)), (1, 0, Complex(-a, 0)), (1, 1, Complex(c, 0))])
    let b = [Complex(w, 0), .zero]
    let wrong = try GMRES.solve(m, b, initialGuess: [Complex(1, 0), .zero], options: GMRESOptions(tolerance: 1e-10))
    #expect(wrong.iterations == 0 && wrong.solution[0] == Complex(1, 0) && wrong.solution[1] == .zero)
    #expect(abs(wrong.relativeResidual - a / w) <= 1e-15 * a / w)
    #expect(wrong.componentwiseBackwardError == 1)
    // The sparse LU (UMFPACK, row scaling and pivoting) is accurate entry by entry on the same system: ω at rounding level.
    let lu = try m.solve(b)
    #expect(abs(lu[0].real - c / (a + c)) < 1e-14 && abs(lu[1].real - a / (a + c)) < 1e-14)
    #expect(ResidualAndBackwardError(m, lu, b).componentwiseBackwardError < 1e-14)
    // ω agrees with a dense evaluation of max_i |b − Ax|_i / (|A||x| + |b|)_i on a random system.
    let (ra, rb) = randomSystem(40, seed: 5)
    let r = try GMRES.solve(ra, rb, options: GMRESOptions(tolerance: 1e-8, restart: 40, maxIterations: 200))
    let dense = ra.dense
    var omega = 0.0
    for i in 0..<40 {
      var ax = Complex<Double>.zero, scale = rb[i].length
      for j in 0..<40 { ax += dense[i, j] * r.solution[j]; scale += dense[i, j].length * r.solution[j].length }
      omega = max(omega, (rb[i] - ax).length / scale)
    }
    #expect(abs(r.componentwiseBackwardError - omega) <= 1e-3 * omega, "\(r.componentwiseBackwardError) vs \(omega)")
  }

  @Test("non-convergence is a typed error with the iterations and residual reached")
  func notConverged() throws {
    let (a, b) = randomSystem(80, seed: 11)
    #expect {
      _ = try GMRES.solve(a, b, options: GMRESOptions(tolerance: 1e-14, restart: 1, maxIterations: 2))
    } throws: { error in
      guard case let NumericsError.iterativeNotConverged(_, iterations, residual, tolerance) = error else { return false }
      return iterations == 2 && residual > tolerance && residual < 1 && tolerance == 1e-14
    }
    // A partition that misses an index is refused.
    #expect(throws: NumericsError.self) { _ = try BlockTriangularPreconditioner(matrix: a, blocks: [Array(0..<79)]) }
    // A structurally singular diagonal block (an empty column in block 1) is a named KLU error, not a crash.
    let singular = SparseMatrix(rows: 80, columns: 80, triplets: a.triplets.filter { $0.column != 50 || $0.row < 40 })
    #expect {
      _ = try BlockTriangularPreconditioner(matrix: singular, blocks: [Array(0..<40), Array(40..<80)])
    } throws: { error in
      guard case let NumericsError.singularMatrix(routine, detail) = error else { return false }
      return routine == "klu_zl_factor" && detail.contains("block 1")
    }
  }
}
