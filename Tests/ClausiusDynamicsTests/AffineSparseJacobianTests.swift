@testable import ClausiusDynamics
import ClausiusNumerics
import Foundation
import Numerics
import Testing

/// `AffineSparseJacobian` (the Newton matrix of CVODE's KLU path in `DrivenFockEvolution`): its compressed-column
/// values must equal the real form of Σ_p c_p A_p written out densely here, entry by entry — a complex entry a + ib at
/// (r, c) is [[a, −b], [b, a]] on rows (2r, 2r + 1), columns (2c, 2c + 1), so that Re/Im of A·x match; a functional
/// Re Σ v_i x_i is the row (Re v_i, −Im v_i).
@Suite("affine sparse Jacobian: the real form of Σ c_p A_p on one CSC pattern")
struct AffineSparseJacobianTests {
  @Test("random complex pieces and functionals against the dense real form and against y ↦ Re/Im(Ax)")
  func randomPieces() throws {
    var rng = SystemRandomNumberGenerator()
    let m = 7, extra = 2, n = 2 * m + extra
    func randomSparse() -> SparseMatrix {
      let t = (0..<12).map { _ in (row: Int.random(in: 0..<m, using: &rng), column: Int.random(in: 0..<m, using: &rng),
                                  value: Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))) }
      return SparseMatrix(rows: m, columns: m, triplets: t)
    }
    let a = (0..<3).map { _ in randomSparse() }
    let f = (0..<2).map { _ in (0..<4).map { _ in (Int.random(in: 0..<m, using: &rng), Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))) } }
    var b = AffineSparseJacobian.Builder(dimension: n)
    for x in a { b.addComplex(x, to: b.newPiece()) }
    b.addFunctional(f[0], row: 2 * m, to: b.newPiece())
    b.addFunctional(f[1], row: 2 * m + 1, to: b.newPiece())
    let j = b.build()
    #expect(j.pieceCount == 5 && j.columnStarts.count == n + 1 && j.columnStarts.last == j.rowIndices.count)
    let c = (0..<5).map { _ in Double.random(in: -2...2, using: &rng) }
    var values = [Double](repeating: 0, count: j.rowIndices.count)
    values.withUnsafeMutableBufferPointer { j.fill(coefficients: c, into: $0.baseAddress!) }
    var sparseDense = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for col in 0..<n {
      let rows = j.rowIndices[j.columnStarts[col]..<j.columnStarts[col + 1]]
      #expect(rows.elementsEqual(rows.sorted()), "rows sorted within column \(col)")
      for k in j.columnStarts[col]..<j.columnStarts[col + 1] { sparseDense[j.rowIndices[k]][col] = values[k] }
    }
    // The map y ↦ J y evaluated independently: y = (Re x, Im x interleaved; extras), out = Σ c_p A_p x, then the functionals.
    for _ in 0..<5 {
      let y = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
      let x = (0..<m).map { Complex(y[2 * $0], y[2 * $0 + 1]) }
      var out = [Complex<Double>](repeating: .zero, count: m)
      for (p, ap) in a.enumerated() { for t in ap.triplets { out[t.row] = out[t.row] + Complex(c[p], 0) * t.value * x[t.column] } }
      var expected = out.flatMap { [$0.real, $0.imaginary] }
      for (q, fq) in f.enumerated() { expected.append(c[3 + q] * fq.reduce(0.0) { $0 + ($1.1 * x[$1.0]).real }) }
      let got = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + sparseDense[i][$1] * y[$1] } }
      let err = zip(got, expected).map { abs($0 - $1) }.max()!
      #expect(err < 1e-13, "J y vs Re/Im(Σ c_p A_p x): \(err)")
    }
  }
}
