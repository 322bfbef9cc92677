import Foundation
import Numerics

extension SparseMatrix {
  /// Parlett–Reinsch balancing of a sparse square matrix (Parlett & Reinsch, Numer. Math. 13, 293 (1969); LAPACK
  /// zgebal's scaling step): a diagonal similarity D⁻¹AD, D = diag(d) with powers of 2 (no rounding error, the
  /// eigenvalues are exactly A's), that makes the off-diagonal 1-norms of each row and column nearly equal.
  /// For a Lindblad generator in the Fock basis this removes most of the non-normality of the birth–death structure
  /// (rates κ(n̄+1)n down and κn̄n up between neighbouring levels become nearly symmetric: the detailed-balance
  /// symmetrisation), whose pseudospectrum otherwise reaches far into Re λ > 0 and gives Arnoldi spurious Ritz values.
  /// Gauss–Seidel sweeps until no scale changes (at most `sweeps`). Returns D⁻¹AD and d.
  public func balanced(sweeps: Int = 100) -> (matrix: SparseMatrix, scaling: [Double]) {
    precondition(rows == columns, "balancing needs a square matrix")
    let n = rows
    let t = transposed   // its columns are this matrix's rows
    let absA = values.map(\.length), absT = t.values.map(\.length)
    var d = [Double](repeating: 1, count: n)
    for _ in 0..<sweeps {
      var changed = false
      for i in 0..<n {
        var c = 0.0, r = 0.0
        for p in columnPointers[i]..<columnPointers[i + 1] where rowIndices[p] != i { c += absA[p] / d[rowIndices[p]] }
        for p in t.columnPointers[i]..<t.columnPointers[i + 1] where t.rowIndices[p] != i { r += absT[p] * d[t.rowIndices[p]] }
        c *= d[i]; r /= d[i]
        guard c > 0, r > 0, c.isFinite, r.isFinite else { continue }
        var f = 1.0, cc = c, rr = r
        while cc < rr / 2 { cc *= 2; rr /= 2; f *= 2 }
        while cc >= 2 * rr { cc /= 2; rr *= 2; f /= 2 }
        if cc + rr < 0.95 * (c + r) { d[i] *= f; changed = true }
      }
      if !changed { break }
    }
    var v = values
    for j in 0..<n { for p in columnPointers[j]..<columnPointers[j + 1] { v[p] = v[p] * Complex(d[j] / d[rowIndices[p]], 0) } }
    return (SparseMatrix(rows: n, columns: n, columnPointers: columnPointers, rowIndices: rowIndices, values: v), d)
  }
}
