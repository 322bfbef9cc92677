import ClausiusNumerics
import Foundation
import Testing

/// Double-double arithmetic (Dekker 1971; Hida–Li–Bailey QD): error-free transformations and ~32-digit
/// operations, against exact binary values and decimal constants.
@Suite("DoubleDouble: error-free transformations and 106-bit arithmetic")
struct DoubleDoubleTests {
  @Test("TwoSum and TwoProd are exact: (1 + 2⁻³⁰)(1 − 2⁻³⁰) = 1 − 2⁻⁶⁰; 1 + 2⁻⁶⁰ keeps its low part; cancellation")
  func errorFree() {
    let e30 = 0x1p-30, e60 = 0x1p-60
    let p = DoubleDouble.product(1 + e30, 1 - e30)
    #expect(p.hi == 1 && p.lo == -e60)
    let s = DoubleDouble.twoSum(1, e60)
    #expect(s.hi == 1 && s.lo == e60)
    // (1 + 2⁻⁶⁰) − 1 in double-double is 2⁻⁶⁰ exactly (plain doubles give 0).
    #expect((s - DoubleDouble(1)).value == e60)
  }

  @Test("√2 and 1/3 to double-double accuracy (decimal constants to 32 digits)")
  func divisionAndRoot() {
    // √2 = 1.41421356237309504880168872420969807…: hi = fl(√2), lo = √2 − hi = −9.667293313452913e-17.
    let r = DoubleDouble(2).squareRoot
    #expect(r.hi == 2.0.squareRoot())
    #expect(abs(r.lo - (-9.667293313452913e-17)) < 1e-31)
    // (√2)² − 2 vanishes to 2⁻¹⁰⁴-ish.
    #expect(abs((r * r - DoubleDouble(2)).value) < 1e-31)
    // 1/3 = 0.333…: hi = fl(1/3), lo = 1/3 − hi = 1.850371707708594e-17.
    let third = DoubleDouble(1) / DoubleDouble(3)
    #expect(third.hi == 1.0 / 3 && abs(third.lo - 1.850371707708594e-17) < 1e-32)
    #expect(abs((third * 3.0 - DoubleDouble(1)).value) < 1e-31)
  }

  @Test("DoubleDoubleMatrix: determinant and solve of the Hilbert matrix H₆ against exact rationals")
  func hilbert() {
    // det H₆ = 1/186313420339200000 (exact, fraction elimination; the denominator is a double exactly);
    // H₆ is ill-conditioned (κ ≈ 1.5e7), so a double LU gives ~9 digits.
    let n = 6
    var h = DoubleDoubleMatrix(rows: n, columns: n)
    for j in 0..<n { for i in 0..<n { h[i, j] = DoubleDouble(1) / DoubleDouble(Double(i + j + 1)) } }
    var e = DoubleDoubleMatrix(rows: n, columns: 1)
    // b = H₆ · (1, …, 1)ᵀ, so the solution is all ones.
    for i in 0..<n { var s = DoubleDouble.zero; for j in 0..<n { s += h[i, j] }; e[i, 0] = s }
    let (det, x) = h.luSolve(e)
    let exactDet = DoubleDouble(1) / DoubleDouble(186313420339200000)
    #expect(abs(((det - exactDet) / exactDet).value) < 1e-22)
    for i in 0..<n { #expect(abs((x![i, 0] - DoubleDouble(1)).value) < 1e-22) }
  }
}
