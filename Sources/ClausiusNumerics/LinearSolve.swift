import Numerics

/// An LU factorisation P A = L U (LAPACK `?getrf`), reusable for many right-hand sides.
public struct LUFactorization<Element: MatrixScalar>: Sendable {
  public let n: Int
  let factors: [Element]
  let pivots: [Int32]
  /// Norm of the original matrix (1-norm), for condition estimates.
  public let oneNorm: Double

  /// Factorises a square matrix. Throws `singularMatrix` on an exactly zero pivot.
  public init(_ a: Matrix<Element>) throws {
    guard a.isSquare else { throw NumericsError.dimensionMismatch(operation: "LU factorisation", detail: "matrix is \(a.rows)×\(a.columns), must be square") }
    guard a.isFinite else { throw NumericsError.notFinite(name: "matrix to factorise") }
    let n = a.rows
    self.n = n
    var f = a.elements
    var p = [Int32](repeating: 0, count: Swift.max(1, n))
    let norm = f.withUnsafeBufferPointer { Element.oneNorm(m: n, n: n, a: $0.baseAddress!, lda: Swift.max(1, n)) }
    oneNorm = norm
    if n > 0 {
      let info = f.withUnsafeMutableBufferPointer { fp in p.withUnsafeMutableBufferPointer { pp in
        Element.getrf(m: n, n: n, a: fp.baseAddress!, lda: n, ipiv: pp.baseAddress!) } }
      if info > 0 { throw NumericsError.singularMatrix(routine: "getrf", detail: "U(\(info),\(info)) is exactly zero") }
      if info < 0 { throw NumericsError.lapack(routine: "getrf", info: info) }
    }
    factors = f
    pivots = p
  }

  /// Solves A X = B.
  public func solve(_ b: Matrix<Element>) throws -> Matrix<Element> {
    guard b.rows == n else { throw NumericsError.dimensionMismatch(operation: "LU solve", detail: "right-hand side has \(b.rows) rows, matrix is \(n)×\(n)") }
    var x = b
    if n == 0 || b.columns == 0 { return x }
    let info = factors.withUnsafeBufferPointer { fp in pivots.withUnsafeBufferPointer { pp in
      x.elements.withUnsafeMutableBufferPointer { xp in
        Element.getrs(n: n, nrhs: b.columns, a: fp.baseAddress!, lda: n, ipiv: pp.baseAddress!, b: xp.baseAddress!, ldb: n) } } }
    if info != 0 { throw NumericsError.lapack(routine: "getrs", info: info) }
    return x
  }

  /// Solves A x = b for a vector.
  public func solve(_ b: [Element]) throws -> [Element] {
    try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
  }

  /// LAPACK's estimate of the reciprocal 1-norm condition number (`?gecon`).
  public var reciprocalCondition: Double {
    guard n > 0 else { return 1 }
    return factors.withUnsafeBufferPointer { Element.gecon(n: n, a: $0.baseAddress!, lda: n, anorm: oneNorm).rcond }
  }
}

extension Matrix {
  /// Solves A X = B by LU (LAPACK `?getrf`/`?getrs`).
  public func solve(_ b: Matrix) throws -> Matrix { try LUFactorization(self).solve(b) }
  /// A⁻¹ by LU.
  public func inverse() throws -> Matrix { try solve(Matrix.identity(rows)) }
}
