import Numerics

/// A complex sparse matrix in compressed sparse column (CSC) form — UMFPACK's layout with 64-bit
/// indices (`umfpack_zl_*`), so it is handed to the factorisation without conversion.
///
/// Column j holds the entries `values[columnPointers[j]..<columnPointers[j+1]]` at rows
/// `rowIndices[…]`, sorted by row, without duplicates. Superoperators (Kronecker products and sums)
/// follow the column-stacking convention of docs/conventions.md: vec(A X B) = (Bᵀ ⊗ A) vec(X).
///
/// The structural operations here (triplet assembly, transpose, Kronecker product, sum, product) are
/// index bookkeeping, not numerical algorithms; factorisations and solves go through UMFPACK.
public struct SparseMatrix: Equatable, Sendable {
  public let rows: Int
  public let columns: Int
  public private(set) var columnPointers: [Int]
  public private(set) var rowIndices: [Int]
  public var values: [Complex<Double>]

  /// Number of stored entries.
  public var nonZeroCount: Int { values.count }

  /// Assembles a matrix from (row, column, value) triplets; duplicates are summed. Entries that sum
  /// to exactly zero are dropped unless `keepZeros` (keep them when the sparsity pattern must not
  /// depend on parameter values, e.g. to reuse a symbolic factorisation across a sweep).
  public init(rows: Int, columns: Int, triplets: [(row: Int, column: Int, value: Complex<Double>)], keepZeros: Bool = false) {
    precondition(rows >= 0 && columns >= 0, "sparse matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    for t in triplets {
      precondition(t.row >= 0 && t.row < rows && t.column >= 0 && t.column < columns, "triplet (\(t.row), \(t.column)) outside a \(rows)×\(columns) matrix")
    }
    let (order, counts) = cscOrder(rows: rows, columns: columns, rowsOf: triplets.map(\.row), columnsOf: triplets.map(\.column))
    var ptr = [Int](repeating: 0, count: columns + 1)
    var ri = [Int](); ri.reserveCapacity(triplets.count)
    var vv = [Complex<Double>](); vv.reserveCapacity(triplets.count)
    for j in 0..<columns {
      let start = ri.count
      for k in order[counts[j]..<counts[j + 1]] {
        let t = triplets[k]
        if ri.count > start, ri[ri.count - 1] == t.row { vv[vv.count - 1] += t.value } else { ri.append(t.row); vv.append(t.value) }
      }
      if !keepZeros {
        // Drop exact cancellations in this column.
        var w = start
        for k in start..<ri.count where vv[k] != .zero { ri[w] = ri[k]; vv[w] = vv[k]; w += 1 }
        ri.removeLast(ri.count - w); vv.removeLast(vv.count - w)
      }
      ptr[j + 1] = ri.count
    }
    columnPointers = ptr
    rowIndices = ri
    values = vv
  }

  /// Direct CSC constructor; the arrays must already satisfy the invariants above.
  public init(rows: Int, columns: Int, columnPointers: [Int], rowIndices: [Int], values: [Complex<Double>]) {
    precondition(columnPointers.count == columns + 1 && rowIndices.count == values.count && columnPointers.last == values.count, "inconsistent CSC arrays")
    self.rows = rows; self.columns = columns
    self.columnPointers = columnPointers; self.rowIndices = rowIndices; self.values = values
  }

  /// The sparse form of a dense matrix (exact zeros dropped).
  public init(_ dense: Matrix<Complex<Double>>) {
    var t: [(row: Int, column: Int, value: Complex<Double>)] = []
    for j in 0..<dense.columns { for i in 0..<dense.rows where dense[i, j] != .zero { t.append((i, j, dense[i, j])) } }
    self.init(rows: dense.rows, columns: dense.columns, triplets: t)
  }

  /// The n × n identity.
  public static func identity(_ n: Int) -> SparseMatrix {
    SparseMatrix(rows: n, columns: n, columnPointers: Array(0...n), rowIndices: Array(0..<n), values: Array(repeating: Complex(1, 0), count: n))
  }

  /// A square diagonal matrix.
  public static func diagonal(_ d: [Complex<Double>]) -> SparseMatrix {
    SparseMatrix(rows: d.count, columns: d.count, triplets: d.enumerated().map { ($0.offset, $0.offset, $0.element) })
  }

  /// All stored entries as triplets, column by column.
  public var triplets: [(row: Int, column: Int, value: Complex<Double>)] {
    var t: [(row: Int, column: Int, value: Complex<Double>)] = []
    t.reserveCapacity(nonZeroCount)
    for j in 0..<columns { for k in columnPointers[j]..<columnPointers[j + 1] { t.append((rowIndices[k], j, values[k])) } }
    return t
  }

  /// Entry (i, j) (zero when not stored). O(log nnz(column)).
  public subscript(i: Int, j: Int) -> Complex<Double> {
    var lo = columnPointers[j], hi = columnPointers[j + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      if rowIndices[mid] == i { return values[mid] }
      if rowIndices[mid] < i { lo = mid + 1 } else { hi = mid }
    }
    return .zero
  }

  /// The dense form.
  public var dense: Matrix<Complex<Double>> {
    var m = Matrix<Complex<Double>>(rows: rows, columns: columns)
    for j in 0..<columns { for k in columnPointers[j]..<columnPointers[j + 1] { m[rowIndices[k], j] = values[k] } }
    return m
  }

  /// Aᵀ.
  public var transposed: SparseMatrix { transposed(conjugating: false) }
  /// A† (conjugate transpose).
  public var adjoint: SparseMatrix { transposed(conjugating: true) }

  /// Aᵀ or A† by one counting pass over the rows (O(nnz); rows come out sorted because the columns of A
  /// are visited in order). Stored zeros are kept.
  private func transposed(conjugating: Bool) -> SparseMatrix {
    var ptr = [Int](repeating: 0, count: rows + 1)
    for i in rowIndices { ptr[i + 1] += 1 }
    for i in 0..<rows { ptr[i + 1] += ptr[i] }
    var next = ptr
    var ri = [Int](repeating: 0, count: nonZeroCount)
    var vv = [Complex<Double>](repeating: .zero, count: nonZeroCount)
    for j in 0..<columns {
      for k in columnPointers[j]..<columnPointers[j + 1] {
        let i = rowIndices[k], w = next[i]
        next[i] += 1
        ri[w] = j
        vv[w] = conjugating ? values[k].conjugate : values[k]
      }
    }
    return SparseMatrix(rows: columns, columns: rows, columnPointers: ptr, rowIndices: ri, values: vv)
  }
  /// Ā (entrywise conjugate).
  public var conjugated: SparseMatrix {
    var m = self
    m.values = values.map(\.conjugate)
    return m
  }

  /// The matrix without the stored entries of modulus ≤ `relativeTolerance` × the largest one — round-off
  /// residues of exact cancellations (e.g. the a², a†² parts of x² + p²), which would otherwise hide
  /// structure such as a conserved excitation number.
  public func pruned(relativeTolerance: Double) -> SparseMatrix {
    let bound = relativeTolerance * maxAbs
    var ptr = [Int](repeating: 0, count: columns + 1)
    var ri: [Int] = [], vv: [Complex<Double>] = []
    ri.reserveCapacity(nonZeroCount); vv.reserveCapacity(nonZeroCount)
    for j in 0..<columns {
      for k in columnPointers[j]..<columnPointers[j + 1] where values[k].length > bound { ri.append(rowIndices[k]); vv.append(values[k]) }
      ptr[j + 1] = ri.count
    }
    return SparseMatrix(rows: rows, columns: columns, columnPointers: ptr, rowIndices: ri, values: vv)
  }

  /// Frobenius norm.
  public var frobeniusNorm: Double { values.reduce(0) { $0 + $1.lengthSquared }.squareRoot() }
  /// Largest entry modulus.
  public var maxAbs: Double { values.reduce(0) { Swift.max($0, $1.length) } }

  /// Kronecker product A ⊗ B: entry ((i·p + k), (j·q + l)) = A_ij B_kl for B of size p × q.
  public func kronecker(_ b: SparseMatrix) -> SparseMatrix {
    let r = rows * b.rows, c = columns * b.columns
    var ptr = [Int](repeating: 0, count: c + 1)
    var ri = [Int](); ri.reserveCapacity(nonZeroCount * b.nonZeroCount)
    var vv = [Complex<Double>](); vv.reserveCapacity(nonZeroCount * b.nonZeroCount)
    // Column (j, l) of A⊗B: entries A_ij B_kl at row i·p + k, already row-sorted when i and k ascend.
    for j in 0..<columns {
      for l in 0..<b.columns {
        for ka in columnPointers[j]..<columnPointers[j + 1] {
          let i = rowIndices[ka], a = values[ka]
          for kb in b.columnPointers[l]..<b.columnPointers[l + 1] {
            ri.append(i * b.rows + b.rowIndices[kb]); vv.append(a * b.values[kb])
          }
        }
        ptr[j * b.columns + l + 1] = ri.count
      }
    }
    return SparseMatrix(rows: r, columns: c, columnPointers: ptr, rowIndices: ri, values: vv)
  }

  /// Kronecker sum A ⊕ B = A ⊗ I_q + I_p ⊗ B for square A (p×p) and B (q×q).
  public func kroneckerSum(_ b: SparseMatrix) -> SparseMatrix {
    kronecker(.identity(b.rows)) + SparseMatrix.identity(rows).kronecker(b)
  }

  /// A + B by merging the sorted row lists of each column (O(nnz A + nnz B)); entries that cancel
  /// exactly are dropped, as in the triplet constructor.
  public static func + (a: SparseMatrix, b: SparseMatrix) -> SparseMatrix { a.merged(with: b, scale: Complex(1, 0)) }
  public static func - (a: SparseMatrix, b: SparseMatrix) -> SparseMatrix { a.merged(with: b, scale: Complex(-1, 0)) }

  /// A + s·B, column by column.
  private func merged(with b: SparseMatrix, scale s: Complex<Double>) -> SparseMatrix {
    precondition(rows == b.rows && columns == b.columns, "sparse sum: shapes \(rows)×\(columns) and \(b.rows)×\(b.columns)")
    var ptr = [Int](repeating: 0, count: columns + 1)
    var ri = [Int](), vv = [Complex<Double>]()
    ri.reserveCapacity(nonZeroCount + b.nonZeroCount)
    vv.reserveCapacity(nonZeroCount + b.nonZeroCount)
    for j in 0..<columns {
      var ka = columnPointers[j], kb = b.columnPointers[j]
      let ea = columnPointers[j + 1], eb = b.columnPointers[j + 1]
      while ka < ea || kb < eb {
        let ia = ka < ea ? rowIndices[ka] : Int.max, ib = kb < eb ? b.rowIndices[kb] : Int.max
        let value: Complex<Double>
        let row = Swift.min(ia, ib)
        if ia == ib { value = values[ka] + s * b.values[kb]; ka += 1; kb += 1 }
        else if ia < ib { value = values[ka]; ka += 1 }
        else { value = s * b.values[kb]; kb += 1 }
        if value != .zero { ri.append(row); vv.append(value) }
      }
      ptr[j + 1] = ri.count
    }
    return SparseMatrix(rows: rows, columns: columns, columnPointers: ptr, rowIndices: ri, values: vv)
  }
  public static func * (s: Complex<Double>, a: SparseMatrix) -> SparseMatrix {
    var m = a
    m.values = a.values.map { s * $0 }
    return m
  }
  public static func * (s: Double, a: SparseMatrix) -> SparseMatrix { Complex(s, 0) * a }

  /// Sparse × sparse product (column-by-column accumulation).
  public static func * (a: SparseMatrix, b: SparseMatrix) -> SparseMatrix {
    precondition(a.columns == b.rows, "sparse product: inner dimensions \(a.columns) and \(b.rows) differ")
    var ptr = [Int](repeating: 0, count: b.columns + 1)
    var ri = [Int](), vv = [Complex<Double>]()
    var accumulator = [Complex<Double>](repeating: .zero, count: a.rows)
    var marker = [Int](repeating: -1, count: a.rows)
    var pattern = [Int]()
    for j in 0..<b.columns {
      pattern.removeAll(keepingCapacity: true)
      for kb in b.columnPointers[j]..<b.columnPointers[j + 1] {
        let k = b.rowIndices[kb], bkj = b.values[kb]
        for ka in a.columnPointers[k]..<a.columnPointers[k + 1] {
          let i = a.rowIndices[ka]
          if marker[i] != j { marker[i] = j; accumulator[i] = .zero; pattern.append(i) }
          accumulator[i] += a.values[ka] * bkj
        }
      }
      pattern.sort()
      for i in pattern where accumulator[i] != .zero { ri.append(i); vv.append(accumulator[i]) }
      ptr[j + 1] = ri.count
    }
    return SparseMatrix(rows: a.rows, columns: b.columns, columnPointers: ptr, rowIndices: ri, values: vv)
  }

  /// Matrix–vector product y = A x.
  public static func * (a: SparseMatrix, x: [Complex<Double>]) -> [Complex<Double>] {
    precondition(a.columns == x.count, "sparse matrix-vector product: \(a.columns) columns, vector of \(x.count)")
    var y = [Complex<Double>](repeating: .zero, count: a.rows)
    for j in 0..<a.columns where x[j] != .zero {
      let xj = x[j]
      for k in a.columnPointers[j]..<a.columnPointers[j + 1] { y[a.rowIndices[k]] += a.values[k] * xj }
    }
    return y
  }
}

/// Superoperators on d × d operators in the column-stacking convention (docs/conventions.md):
/// vec(A X B) = (Bᵀ ⊗ A) vec(X).
public enum Superoperator {
  /// X ↦ A X, i.e. I ⊗ A.
  public static func leftMultiplication(_ a: SparseMatrix) -> SparseMatrix { SparseMatrix.identity(a.columns).kronecker(a) }
  /// X ↦ X B, i.e. Bᵀ ⊗ I.
  public static func rightMultiplication(_ b: SparseMatrix) -> SparseMatrix { b.transposed.kronecker(.identity(b.rows)) }
  /// X ↦ A X B, i.e. Bᵀ ⊗ A.
  public static func sandwich(_ a: SparseMatrix, _ b: SparseMatrix) -> SparseMatrix { b.transposed.kronecker(a) }

  /// X ↦ −i[H, X].
  public static func commutator(_ h: SparseMatrix) -> SparseMatrix {
    Complex(0, -1) * (leftMultiplication(h) - rightMultiplication(h))
  }

  /// The dissipator D[L]X = L X L† − ½{L†L, X} (normalisation of docs/conventions.md):
  /// L̄ ⊗ L − ½ I ⊗ L†L − ½ (L†L)ᵀ ⊗ I.
  public static func dissipator(_ l: SparseMatrix) -> SparseMatrix {
    let ldl = l.adjoint * l
    return sandwich(l, l.adjoint) - 0.5 * (leftMultiplication(ldl) + rightMultiplication(ldl))
  }

  /// The Lindblad generator −i[H, ·] + Σ_k D[L_k].
  public static func lindblad(hamiltonian h: SparseMatrix, jumps: [SparseMatrix]) -> SparseMatrix {
    jumps.reduce(commutator(h)) { $0 + dissipator($1) }
  }
}

extension SparseMatrix {
  /// Tr(O ρ) = Σ_ij O_ij ρ_ji for this operator O and a dense ρ (one pass over the stored entries).
  public func trace(times rho: Matrix<Complex<Double>>) -> Complex<Double> {
    var s = Complex<Double>.zero
    for j in 0..<columns {
      for p in columnPointers[j]..<columnPointers[j + 1] { s += values[p] * rho[j, rowIndices[p]] }
    }
    return s
  }
}

/// The CSC order of triplets given by their rows and columns: `order` lists the triplet indices column by column, by
/// row within a column, duplicates adjacent and in the order given (two stable counting sorts, by row then by column,
/// O(count + rows + columns)); column j's triplets are `order[starts[j]..<starts[j + 1]]`.
func cscOrder(rows: Int, columns: Int, rowsOf row: [Int], columnsOf column: [Int]) -> (order: [Int], starts: [Int]) {
  var byRow = [Int](repeating: 0, count: rows + 1)
  for r in row { byRow[r + 1] += 1 }
  for i in 0..<rows { byRow[i + 1] += byRow[i] }
  var rowOrder = [Int](repeating: 0, count: row.count)
  for (k, r) in row.enumerated() { rowOrder[byRow[r]] = k; byRow[r] += 1 }
  var starts = [Int](repeating: 0, count: columns + 1)
  for c in column { starts[c + 1] += 1 }
  for j in 0..<columns { starts[j + 1] += starts[j] }
  var next = starts
  var order = [Int](repeating: 0, count: row.count)
  for k in rowOrder { let c = column[k]; order[next[c]] = k; next[c] += 1 }
  return (order, starts)
}
