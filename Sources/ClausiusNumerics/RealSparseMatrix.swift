/// A real sparse matrix in compressed sparse column (CSC) form: column j holds `values[columnPointers[j]..<columnPointers[j+1]]`
/// at rows `rowIndices[…]`, sorted by row, without duplicates or stored zeros.
///
/// Used for the per-bath drift and diffusion (A_α, D_α) of a Gaussian master equation: a bath acting on one mode
/// touches a 2×2 block of a 2N×2N matrix, so N baths stored densely cost O(N³) memory (a 300-mode cascade: 1.7 GB)
/// while their non-zeros are O(N²) in all. Index bookkeeping only; no numerical algorithm lives here.
public struct RealSparseMatrix: Equatable, Sendable {
  public let rows: Int
  public let columns: Int
  public private(set) var columnPointers: [Int]
  public private(set) var rowIndices: [Int]
  public private(set) var values: [Double]

  /// Number of stored entries.
  public var nonZeroCount: Int { values.count }

  /// The non-zero entries of a dense matrix, column by column.
  public init(_ dense: Matrix<Double>) {
    rows = dense.rows; columns = dense.columns
    var ptr = [Int](repeating: 0, count: dense.columns + 1), ri: [Int] = [], vv: [Double] = []
    dense.elements.withUnsafeBufferPointer { p in
      for j in 0..<dense.columns {
        for i in 0..<dense.rows where p[i + j * dense.rows] != 0 { ri.append(i); vv.append(p[i + j * dense.rows]) }
        ptr[j + 1] = ri.count
      }
    }
    columnPointers = ptr; rowIndices = ri; values = vv
  }

  /// Sums (row, column, value) triplets in the order given (duplicates are added in that order, so the result equals
  /// dense accumulation `m[r, c] += v` bit for bit); exact zeros are dropped.
  public init(rows: Int, columns: Int, triplets: [(row: Int, column: Int, value: Double)]) {
    precondition(rows >= 0 && columns >= 0, "sparse matrix dimensions must be non-negative")
    self.rows = rows; self.columns = columns
    for t in triplets {
      precondition(t.row >= 0 && t.row < rows && t.column >= 0 && t.column < columns, "triplet (\(t.row), \(t.column)) outside a \(rows)×\(columns) matrix")
    }
    let (order, starts) = cscOrder(rows: rows, columns: columns, rowsOf: triplets.map(\.row), columnsOf: triplets.map(\.column))
    var ptr = [Int](repeating: 0, count: columns + 1), ri: [Int] = [], vv: [Double] = []
    for j in 0..<columns {
      var k = starts[j]
      while k < starts[j + 1] {
        let row = triplets[order[k]].row
        var sum = 0 + triplets[order[k]].value
        k += 1
        while k < starts[j + 1], triplets[order[k]].row == row { sum += triplets[order[k]].value; k += 1 }
        if sum != 0 { ri.append(row); vv.append(sum) }
      }
      ptr[j + 1] = ri.count
    }
    columnPointers = ptr; rowIndices = ri; values = vv
  }

  /// The dense matrix.
  public var dense: Matrix<Double> {
    var m = Matrix<Double>(rows: rows, columns: columns)
    m.elements.withUnsafeMutableBufferPointer { p in
      for j in 0..<columns { for k in columnPointers[j]..<columnPointers[j + 1] { p[rowIndices[k] + j * rows] = values[k] } }
    }
    return m
  }

  /// Calls `body(row, column, value)` for every stored entry, column by column and by row within a column.
  @inlinable public func forEachNonZero(_ body: (Int, Int, Double) throws -> Void) rethrows {
    for j in 0..<columns { for k in columnPointers[j]..<columnPointers[j + 1] { try body(rowIndices[k], j, values[k]) } }
  }
}
