import ClausiusNumerics
import Foundation
import Numerics
import Testing

@Suite("Sparse numerics (CSC, superoperators, UMFPACK)")
struct SparseTests {
  @Test("triplet assembly sums duplicates; dense round trip; transpose and adjoint")
  func assembly() {
    let m = SparseMatrix(rows: 3, columns: 2, triplets: [(2, 1, Complex(1, 1)), (0, 0, Complex(2, 0)), (2, 1, Complex(0.5, 0)), (1, 1, Complex(1, 0)), (1, 1, Complex(-1, 0))])
    #expect(m.nonZeroCount == 2)  // (1,1) cancels exactly
    #expect(m[2, 1] == Complex(1.5, 1) && m[0, 0] == Complex(2, 0) && m[1, 1] == .zero)
    #expect(SparseMatrix(m.dense) == m)
    #expect(m.adjoint.dense == m.dense.adjoint)
    #expect(m.transposed.dense == m.dense.transposed)
  }

  @Test("Kronecker product, sum and product match the dense operations")
  func algebra() {
    var g = SeededGenerator(seed: 21)
    func sparseRandom(_ r: Int, _ c: Int) -> SparseMatrix {
      var t: [(row: Int, column: Int, value: Complex<Double>)] = []
      for i in 0..<r { for j in 0..<c where Double.random(in: 0...1, using: &g) < 0.4 {
        t.append((i, j, Complex(Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g))))
      } }
      return SparseMatrix(rows: r, columns: c, triplets: t)
    }
    let a = sparseRandom(4, 3), b = sparseRandom(3, 5), c = sparseRandom(4, 3)
    #expect(a.kronecker(b).dense == a.dense.kronecker(b.dense))
    #expect(((a * b).dense - a.dense * b.dense).maxAbs < 1e-14)
    #expect(((a + c).dense - (a.dense + c.dense)).maxAbs < 1e-15)
    #expect(((a - c).dense - (a.dense - c.dense)).maxAbs < 1e-15)
    #expect((a - a).nonZeroCount == 0)           // exact cancellations are dropped by the merge
    #expect(a.transposed.transposed == a && a.adjoint.dense == a.dense.adjoint)
    let s = sparseRandom(3, 3), t = sparseRandom(2, 2)
    let sum = s.kroneckerSum(t).dense
    #expect((sum - (s.dense.kronecker(.identity(2)) + Matrix<Complex<Double>>.identity(3).kronecker(t.dense))).maxAbs < 1e-15)
    let x = (0..<3).map { Complex(Double($0), 1) }
    #expect(maxDifference(a * x, a.dense * x) < 1e-14)
  }

  @Test("superoperators follow vec(A X B) = (Bᵀ ⊗ A) vec X; the dissipator matches its definition")
  func superoperators() {
    var g = SeededGenerator(seed: 22)
    let l = Matrix<Complex<Double>>.random(3, 3, using: &g), rho = Matrix<Complex<Double>>.random(3, 3, using: &g), h = Matrix<Complex<Double>>.random(3, 3, using: &g)
    let ls = SparseMatrix(l), hs = SparseMatrix(h)
    // D[L]ρ = LρL† − ½{L†L, ρ}
    let ldl = l.adjoint * l
    let direct = l * rho * l.adjoint - Complex(0.5, 0) * (ldl * rho + rho * ldl)
    #expect(maxDifference(Superoperator.dissipator(ls) * rho.elements, direct.elements) < 1e-13)
    // −i[H, ρ]
    let comm = Complex(0, -1) * (h * rho - rho * h)
    #expect(maxDifference(Superoperator.commutator(hs) * rho.elements, comm.elements) < 1e-13)
    #expect(maxDifference(Superoperator.sandwich(ls, hs) * rho.elements, (l * rho * h).elements) < 1e-13)
  }

  @Test("UMFPACK solve agrees with dense LAPACK LU on small random systems; symbolic analysis is reusable")
  func sparseVersusDense() throws {
    var g = SeededGenerator(seed: 23)
    for n in [5, 17, 40] {
      var t: [(row: Int, column: Int, value: Complex<Double>)] = (0..<n).map { ($0, $0, Complex(4, 1)) }
      for _ in 0..<(3 * n) { t.append((Int.random(in: 0..<n, using: &g), Int.random(in: 0..<n, using: &g), Complex(Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g)))) }
      let a = SparseMatrix(rows: n, columns: n, triplets: t, keepZeros: true)
      let b = (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &g), 0) }
      let xs = try a.solve(b)
      let xd = try a.dense.solve(Matrix(rows: n, columns: 1, columnMajor: b)).elements
      #expect(maxDifference(xs, xd) < 1e-12)
      // Same pattern, new values: the symbolic analysis is reused.
      let symbolic = try SparseSymbolicAnalysis(a)
      var a2 = a
      a2.values = a.values.map { $0 * Complex(1.5, -0.2) }
      let x2 = try SparseLUFactorization(a2, symbolic: symbolic).solve(b)
      #expect(maxDifference(a2 * x2, b) < 1e-12)
    }
  }

  @Test("a singular sparse matrix is reported, not returned as NaN")
  func singular() {
    let a = SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, Complex(1, 0)), (0, 1, Complex(1, 0)), (1, 0, Complex(1, 0)), (1, 1, Complex(1, 0))])
    #expect(throws: NumericsError.self) { _ = try a.solve([Complex(1, 0), .zero]) }
  }

  @Test("Liouvillian steady state of a damped truncated oscillator is thermal: p_k ∝ (n̄/(n̄+1))^k")
  func thermalOscillator() throws {
    // γ(n̄+1) D[a] + γ n̄ D[a†] on a truncated mode: detailed balance holds level by level, so the
    // truncated steady state is exactly the normalised geometric distribution.
    let n = 12, gamma = 0.3, nBar = 0.8, omega = 1.0
    let a = annihilation(n), ad = a.adjoint
    let h = omega * (ad * a)
    let l = Superoperator.lindblad(hamiltonian: h, jumps: [(gamma * (nBar + 1)).squareRoot() * a, (gamma * nBar).squareRoot() * ad])
    let s = try LiouvillianSteadyStateSolver(liouvillian: l).solve()
    let q = nBar / (nBar + 1)
    let z = (0..<n).reduce(0.0) { $0 + pow(q, Double($1)) }
    let rho = s.densityMatrix
    for k in 0..<n { #expect(abs(rho[k, k].real - pow(q, Double(k)) / z) < 1e-13) }
    #expect(s.traceError < 1e-13)
    #expect(s.residual < 1e-13)
  }

  @Test("a Liouvillian without dissipation has many steady states: reported as singular")
  func nonUniqueSteadyState() throws {
    let a = annihilation(4)
    let l = Superoperator.lindblad(hamiltonian: a.adjoint * a, jumps: [])
    #expect(throws: NumericsError.self) { _ = try LiouvillianSteadyStateSolver(liouvillian: l).solve() }
  }
}
