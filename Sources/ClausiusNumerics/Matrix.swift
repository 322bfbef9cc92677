import CLapack
import Numerics
import Foundation

/// A dense matrix stored column-major, the layout BLAS/LAPACK use, so that `elements` is passed to
/// them without copies. `Matrix<Double>` and `Matrix<Complex<Double>>` are the two instances used.
public struct Matrix<Element: MatrixScalar>: Equatable, Sendable {
  public let rows: Int
  public let columns: Int
  /// Entries in column-major order: element (i, j) is `elements[i + j * rows]`.
  public var elements: [Element]

  /// A matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Element = .zero) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// A matrix from column-major entries.
  public init(rows: Int, columns: Int, columnMajor elements: [Element]) {
    precondition(elements.count == rows * columns, "expected \(rows * columns) entries, got \(elements.count)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from row arrays, as written on paper: `Matrix([[1, 2], [3, 4]])`.
  public init(_ rowArrays: [[Element]]) {
    let r = rowArrays.count
    let c = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == c }, "all rows must have the same length")
    self.init(rows: r, columns: c)
    for i in 0..<r { for j in 0..<c { self[i, j] = rowArrays[i][j] } }
  }

  /// A matrix whose entry (i, j) is `entry(i, j)`.
  public init(rows: Int, columns: Int, _ entry: (Int, Int) -> Element) {
    self.init(rows: rows, columns: columns)
    for j in 0..<columns { for i in 0..<rows { elements[i + j * rows] = entry(i, j) } }
  }

  /// The n × n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * (n + 1)] = Element(real: 1) }
    return m
  }

  /// A square diagonal matrix.
  public static func diagonal(_ d: [Element]) -> Matrix {
    var m = Matrix(rows: d.count, columns: d.count)
    for (i, x) in d.enumerated() { m.elements[i * (d.count + 1)] = x }
    return m
  }

  @inlinable public subscript(i: Int, j: Int) -> Element {
    get { elements[i + j * rows] }
    set { elements[i + j * rows] = newValue }
  }

  public var isSquare: Bool { rows == columns }
  public var diagonal: [Element] { (0..<min(rows, columns)).map { self[$0, $0] } }
  public var trace: Element { diagonal.reduce(.zero, +) }

  /// Aᵀ (no conjugation).
  public var transposed: Matrix {
    Matrix(rows: columns, columns: rows) { i, j in self[j, i] }
  }
  /// A† (conjugate transpose; equal to Aᵀ for real matrices).
  public var adjoint: Matrix {
    Matrix(rows: columns, columns: rows) { i, j in self[j, i].conjugateValue }
  }

  /// Frobenius norm ‖A‖_F.
  public var frobeniusNorm: Double {
    var s = 0.0
    for x in elements { let a = x.absoluteValue; s += a * a }
    return s.squareRoot()
  }
  /// Largest entry modulus max |A_ij|.
  public var maxAbs: Double { elements.reduce(0) { Swift.max($0, $1.absoluteValue) } }
  /// Whether every entry is finite.
  public var isFinite: Bool { elements.allSatisfy { $0.isFiniteValue } }

  /// The sub-matrix of the given rows and columns.
  public func submatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> Matrix {
    Matrix(rows: rowRange.count, columns: columnRange.count) { i, j in self[rowRange.lowerBound + i, columnRange.lowerBound + j] }
  }
  /// The sub-matrix picked by arbitrary index lists.
  public func submatrix(rowIndices: [Int], columnIndices: [Int]) -> Matrix {
    Matrix(rows: rowIndices.count, columns: columnIndices.count) { i, j in self[rowIndices[i], columnIndices[j]] }
  }
  /// Writes `block` with its top-left corner at (row, column).
  public mutating func setBlock(_ block: Matrix, row: Int, column: Int) {
    for j in 0..<block.columns { for i in 0..<block.rows { self[row + i, column + j] = block[i, j] } }
  }

  /// Applies `f` entrywise.
  public func map<T>(_ f: (Element) -> T) -> Matrix<T> {
    Matrix<T>(rows: rows, columns: columns, columnMajor: elements.map(f))
  }

  /// (A + Aᵀ)/2 — removes round-off asymmetry from a matrix that is symmetric in exact arithmetic.
  public var symmetrized: Matrix {
    precondition(isSquare)
    var m = self
    let half = Element(real: 0.5)
    for j in 0..<columns { for i in 0..<j {
      let s = (self[i, j] + self[j, i]) * half
      m[i, j] = s; m[j, i] = s
    } }
    return m
  }

  // MARK: Arithmetic

  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "matrix sum: shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    var c = a
    for k in c.elements.indices { c.elements[k] += b.elements[k] }
    return c
  }
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "matrix difference: shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    var c = a
    for k in c.elements.indices { c.elements[k] -= b.elements[k] }
    return c
  }
  public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }
  public static func += (a: inout Matrix, b: Matrix) { a = a + b }
  public static func -= (a: inout Matrix, b: Matrix) { a = a - b }
  public static func * (s: Element, a: Matrix) -> Matrix { a.map { s * $0 } }
  public static func * (a: Matrix, s: Element) -> Matrix { a.map { $0 * s } }

  /// Matrix product through BLAS `?gemm`.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    a.multiplied(by: b)
  }

  /// op(A)·op(B) through BLAS, with op ∈ {identity, transpose, conjugate transpose}.
  public func multiplied(by b: Matrix, transposeSelf: Transpose = .none, transposeOther: Transpose = .none) -> Matrix {
    let (m, k1) = transposeSelf == .none ? (rows, columns) : (columns, rows)
    let (k2, n) = transposeOther == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    precondition(k1 == k2, "matrix product: inner dimensions \(k1) and \(k2) differ")
    var c = Matrix(rows: m, columns: n)
    if m == 0 || n == 0 { return c }
    if k1 == 0 { return c }
    elements.withUnsafeBufferPointer { ap in
      b.elements.withUnsafeBufferPointer { bp in
        c.elements.withUnsafeMutableBufferPointer { cp in
          Element.gemm(transposeSelf.cblas, transposeOther.cblas, m: m, n: n, k: k1, alpha: Element(real: 1),
                       a: ap.baseAddress!, lda: Swift.max(1, rows), b: bp.baseAddress!, ldb: Swift.max(1, b.rows),
                       beta: .zero, c: cp.baseAddress!, ldc: Swift.max(1, m))
        }
      }
    }
    return c
  }

  /// Matrix–vector product A·x.
  public static func * (a: Matrix, x: [Element]) -> [Element] {
    precondition(a.columns == x.count, "matrix-vector product: \(a.columns) columns, vector of \(x.count)")
    return a.multiplied(by: Matrix(rows: x.count, columns: 1, columnMajor: x)).elements
  }

  /// Kronecker product A ⊗ B (dense).
  public func kronecker(_ b: Matrix) -> Matrix {
    var c = Matrix(rows: rows * b.rows, columns: columns * b.columns)
    for j in 0..<columns { for i in 0..<rows {
      let aij = self[i, j]
      if aij == .zero { continue }
      for l in 0..<b.columns { for k in 0..<b.rows { c[i * b.rows + k, j * b.columns + l] = aij * b[k, l] } }
    } }
    return c
  }
}

/// How BLAS should read an operand.
public enum Transpose: Sendable {
  case none, transpose, adjoint
  var cblas: CBLAS_TRANSPOSE {
    switch self {
    case .none: return CblasNoTrans
    case .transpose: return CblasTrans
    case .adjoint: return CblasConjTrans
    }
  }
}

extension Matrix where Element == Double {
  /// Embeds a real matrix into the complex ones.
  public var complex: Matrix<Complex<Double>> { map { Complex($0, 0) } }
}

extension Matrix where Element == Complex<Double> {
  /// Entrywise real part.
  public var real: Matrix<Double> { map { $0.real } }
  /// Entrywise imaginary part.
  public var imaginary: Matrix<Double> { map { $0.imaginary } }
}

extension Matrix: CustomStringConvertible {
  public var description: String {
    (0..<rows).map { i in (0..<columns).map { j in "\(self[i, j])" }.joined(separator: "  ") }.joined(separator: "\n")
  }
}

/// Sets the number of OpenBLAS threads. Clausius defaults to one thread (see DESIGN.md §7: on
/// shared 2-core machines OpenBLAS threading slowed runs); parallelism lives at the sweep level.
public enum BLASThreads {
  public static func set(_ n: Int) { openblas_set_num_threads(Int32(n)) }
  public static var current: Int { Int(openblas_get_num_threads()) }
  /// Applies `CLAUSIUS_BLAS_THREADS` (default 1), clamped to the processors available: more BLAS threads than
  /// cores only oversubscribe them (64 threads on 2 cores made every solve crawl). A value that is not a positive
  /// integer is ignored. Either case is reported on standard error. Called by the CLI and the test suites.
  /// Returns the note (nil when the value was used as given).
  @discardableResult
  public static func configureFromEnvironment() -> String? {
    let (threads, note) = threads(requested: EnvironmentVariable.value("CLAUSIUS_BLAS_THREADS"), cores: ProcessInfo.processInfo.activeProcessorCount)
    set(threads)
    if let note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
    return note
  }

  /// The thread count for a `CLAUSIUS_BLAS_THREADS` value on `cores` processors, and a note when it was not
  /// used as given.
  public static func threads(requested: String?, cores: Int) -> (threads: Int, note: String?) {
    guard let text = requested else { return (1, nil) }
    guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 else {
      return (1, "CLAUSIUS_BLAS_THREADS = \"\(text)\" is not a positive integer; using 1 BLAS thread")
    }
    let available = Swift.max(1, cores)
    if n > available { return (available, "CLAUSIUS_BLAS_THREADS = \(n) exceeds the \(available) processor(s) available; using \(available)") }
    return (n, nil)
  }
}

