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
