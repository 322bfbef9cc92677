/// A double-double number: the unevaluated sum hi + lo of two doubles with |lo| ≤ ulp(hi)/2, about 106
/// bits of significand (relative precision ≈ 1.2e-32). Built from the error-free transformations
/// TwoSum (Knuth) and TwoProd (one fused multiply–add); the additions are the "sloppy" Dekker variant,
/// whose error is ≲ 2⁻¹⁰⁴(|a| + |b|) — relative to the operands, not to the (possibly much smaller)
/// sum, which is what sums of terms of mixed sign need: cancellation then costs nothing beyond 2⁻¹⁰⁴ of
/// the largest term instead of 2⁻⁵³.
/// Reference: Dekker, Numer. Math. 18, 224 (1971); Hida, Li & Bailey, QD library (2001), Sec. 3;
/// Ogita, Rump & Oishi, SIAM J. Sci. Comput. 26, 1955 (2005) (TwoSum/TwoProd).
public struct DoubleDouble: Sendable, Equatable {
  public var hi: Double
  public var lo: Double

  @inlinable public init(_ x: Double) { hi = x; lo = 0 }
  @inlinable public init(hi: Double, lo: Double) { self.hi = hi; self.lo = lo }
  public static let zero = DoubleDouble(0)

  /// hi + lo rounded to the nearest double.
  @inlinable public var value: Double { hi + lo }

  /// s + e = a + b exactly (Knuth's TwoSum, no condition on |a|, |b|).
  @inlinable public static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
    let s = a + b
    let bb = s - a
    return DoubleDouble(hi: s, lo: (a - (s - bb)) + (b - bb))
  }

  /// p + e = a·b exactly (TwoProd with one FMA: e = fl(a·b − p)).
  @inlinable public static func product(_ a: Double, _ b: Double) -> DoubleDouble {
    let p = a * b
    return DoubleDouble(hi: p, lo: (-p).addingProduct(a, b))
  }

  /// Renormalises hi + lo (FastTwoSum, |hi| ≥ |lo|).
  @inlinable static func fast(_ s: Double, _ e: Double) -> DoubleDouble {
    let h = s + e
    return DoubleDouble(hi: h, lo: e - (h - s))
  }

  @inlinable public static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let s = twoSum(a.hi, b.hi)
    return fast(s.hi, s.lo + (a.lo + b.lo))
  }
  @inlinable public static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
    let s = twoSum(a.hi, b)
    return fast(s.hi, s.lo + a.lo)
  }
  @inlinable public static func += (a: inout DoubleDouble, b: DoubleDouble) { a = a + b }
  @inlinable public static func += (a: inout DoubleDouble, b: Double) { a = a + b }
  @inlinable public static prefix func - (a: DoubleDouble) -> DoubleDouble { DoubleDouble(hi: -a.hi, lo: -a.lo) }
  @inlinable public static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }

  /// (hi + lo)·b with the product of the high parts exact.
  @inlinable public static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
    let p = product(a.hi, b)
    return fast(p.hi, p.lo + a.lo * b)
  }
  @inlinable public static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let p = product(a.hi, b.hi)
    return fast(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi))
  }
  /// a/b: one correction of the double quotient (q₁ = a/b, q₂ = (a − q₁b)/b).
  @inlinable public static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let q1 = a.hi / b.hi
    let r = a - b * q1
    return fast(q1, r.hi / b.hi)
  }
  /// √a for a ≥ 0: one Newton step s + (a − s²)/(2s) from s = √a.hi (0 for a ≤ 0).
  public var squareRoot: DoubleDouble {
    guard hi > 0 else { return .zero }
    let s = hi.squareRoot()
    let r = self - DoubleDouble.product(s, s)
    return DoubleDouble.fast(s, r.hi / (2 * s))
  }
}

/// A dense real matrix in double-double arithmetic (column-major hi and lo parts): the few operations the
/// accurate Gaussian fidelity needs (products, transposed products, determinant and solve by LU with partial
/// pivoting). O(n³) double-double operations; meant for matrices of a few dozen rows.
public struct DoubleDoubleMatrix: Sendable {
  public let rows: Int, columns: Int
  public var hi: [Double], lo: [Double]

  public init(rows: Int, columns: Int) {
    self.rows = rows; self.columns = columns
    hi = [Double](repeating: 0, count: rows * columns); lo = hi
  }
  /// The exact value of a double matrix.
  public init(_ m: Matrix<Double>) {
    rows = m.rows; columns = m.columns; hi = m.elements; lo = [Double](repeating: 0, count: m.elements.count)
  }
  public subscript(i: Int, j: Int) -> DoubleDouble {
    get { DoubleDouble(hi: hi[i + j * rows], lo: lo[i + j * rows]) }
    set { hi[i + j * rows] = newValue.hi; lo[i + j * rows] = newValue.lo }
  }
  /// hi + lo rounded.
  public var rounded: Matrix<Double> { Matrix(rows: rows, columns: columns, columnMajor: zip(hi, lo).map { $0 + $1 }) }

  public static func + (a: DoubleDoubleMatrix, b: DoubleDoubleMatrix) -> DoubleDoubleMatrix {
    var c = a
    for k in 0..<a.hi.count { let s = DoubleDouble(hi: a.hi[k], lo: a.lo[k]) + DoubleDouble(hi: b.hi[k], lo: b.lo[k]); c.hi[k] = s.hi; c.lo[k] = s.lo }
    return c
  }
  public static func * (a: DoubleDoubleMatrix, s: Double) -> DoubleDoubleMatrix {
    var c = a
    for k in 0..<a.hi.count { let p = DoubleDouble(hi: a.hi[k], lo: a.lo[k]) * s; c.hi[k] = p.hi; c.lo[k] = p.lo }
    return c
  }
  /// Aᵀ (transposeSelf) or A times B, accumulated in double-double.
  public func multiplied(by b: DoubleDoubleMatrix, transposeSelf: Bool = false) -> DoubleDoubleMatrix {
    let m = transposeSelf ? columns : rows, inner = transposeSelf ? rows : columns
    var c = DoubleDoubleMatrix(rows: m, columns: b.columns)
    for j in 0..<b.columns { for i in 0..<m {
      var s = DoubleDouble.zero
      for k in 0..<inner { s += (transposeSelf ? self[k, i] : self[i, k]) * b[k, j] }
      c[i, j] = s
    } }
    return c
  }
  public static func * (a: DoubleDoubleMatrix, b: DoubleDoubleMatrix) -> DoubleDoubleMatrix { a.multiplied(by: b) }

  /// LU with partial pivoting (on the high parts): determinant and, if `rhs` is given, the solution of A X = rhs.
  public func luSolve(_ rhs: DoubleDoubleMatrix?) -> (determinant: DoubleDouble, solution: DoubleDoubleMatrix?) {
    let n = rows
    var a = self, b = rhs
    var det = DoubleDouble(1)
    for k in 0..<n {
      var p = k
      for i in (k + 1)..<max(n, k + 1) where abs(a.hi[i + k * n]) > abs(a.hi[p + k * n]) { p = i }
      if a.hi[p + k * n] == 0 { return (.zero, nil) }
      if p != k {
        for j in 0..<n { let t = a[k, j]; a[k, j] = a[p, j]; a[p, j] = t }
        if var bb = b { for j in 0..<bb.columns { let t = bb[k, j]; bb[k, j] = bb[p, j]; bb[p, j] = t }; b = bb }
        det = -det
      }
      let piv = a[k, k]
      det = det * piv
      for i in (k + 1)..<max(n, k + 1) {
        let f = a[i, k] / piv
        if f.hi == 0 { continue }
        for j in (k + 1)..<n { a[i, j] = a[i, j] - f * a[k, j] }
        if var bb = b { for j in 0..<bb.columns { bb[i, j] = bb[i, j] - f * bb[k, j] }; b = bb }
      }
    }
    guard var x = b else { return (det, nil) }
    for j in 0..<x.columns {
      for i in stride(from: n - 1, through: 0, by: -1) {
        var s = x[i, j]
        for k in (i + 1)..<max(n, i + 1) { s = s - a[i, k] * x[k, j] }
        x[i, j] = s / a[i, i]
      }
    }
    return (det, x)
  }
}
