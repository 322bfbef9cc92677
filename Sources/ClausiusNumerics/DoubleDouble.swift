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
}
