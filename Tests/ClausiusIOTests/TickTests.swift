import ClausiusIO
import Foundation
import Testing

/// Tick placement against hand-worked cases of the published algorithms (Heckbert, Graphics Gems I,
/// "Nice numbers for graph labels"; decades on log axes).
@Suite("axis ticks")
struct TickTests {
  static func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
  }

  @Test("Heckbert's nice numbers: rounded and ceiling variants")
  func niceNumbers() {
    // nicenum(x, round): mantissa thresholds 1.5, 3, 7 (round) and 1, 2, 5 (ceiling).
    #expect(TickGenerator.niceNumber(0.25, round: true) == 0.2)
    #expect(TickGenerator.niceNumber(1.25, round: true) == 1)
    #expect(TickGenerator.niceNumber(4.0, round: true) == 5)
    #expect(TickGenerator.niceNumber(8.0, round: true) == 10)
    #expect(TickGenerator.niceNumber(2.67, round: false) == 5)
    #expect(TickGenerator.niceNumber(1.0, round: false) == 1)
    #expect(abs(TickGenerator.niceNumber(0.0031, round: false) - 0.005) < 1e-15)
  }

  @Test("linear ticks for [0, 1] and [−0.37, 2.3] (worked by hand from Heckbert's algorithm)")
  func linearTicks() {
    // [0, 1], 5 ticks: range = nice(1) = 1, step = nice(0.25, round) = 0.2 → 0, 0.2, …, 1.
    let a = TickGenerator.linear(dataMin: 0, dataMax: 1)
    #expect(Self.close(a.major, [0, 0.2, 0.4, 0.6, 0.8, 1.0]))
    #expect(a.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(a.lower == 0 && a.upper == 1)
    // [−0.37, 2.3]: range = nice(2.67) = 5, step = nice(1.25, round) = 1, loose limits −1 and 3.
    let b = TickGenerator.linear(dataMin: -0.37, dataMax: 2.3)
    #expect(Self.close(b.major, [-1, 0, 1, 2, 3]))
    #expect(b.labels == ["\u{2212}1", "0", "1", "2", "3"])
    #expect(b.lower == -1 && b.upper == 3)
    // Minor ticks: step 1 (mantissa 1) is split in 5.
    #expect(b.minor.contains { abs($0 - 0.2) < 1e-12 } && !b.minor.contains { abs($0 - 1) < 1e-12 })
  }

  @Test("small values get a ×10ᵏ factor instead of long labels")
  func multiplier() {
    // [0, 0.00054]: range nice = 0.001, step = nice(0.00025, round) = 0.0002 → 0 … 0.0006.
    let t = TickGenerator.linear(dataMin: 0, dataMax: 0.00054)
    #expect(Self.close(t.major, [0, 0.0002, 0.0004, 0.0006]))
    #expect(t.multiplierExponent == -4)
    #expect(t.labels == ["0", "2", "4", "6"])
  }

  @Test("degenerate ranges: a single value opens a window around it, no data gives [0, 1]")
  func degenerate() {
    let t = TickGenerator.linear(dataMin: 3, dataMax: 3)
    #expect(t.lower < 3 && t.upper > 3 && t.major.count >= 2)
    let z = TickGenerator.linear(dataMin: 0, dataMax: 0)
    #expect(z.lower < 0 && z.upper > 0)
    let none = TickGenerator.linear(dataMin: nil, dataMax: nil)
    #expect(none.lower == 0 && none.upper == 1)
    let l = TickGenerator.log(dataMin: 5, dataMax: 5)
    #expect(l.lower == 1 && l.upper == 10)
  }

  @Test("log ticks for 1e-3 … 1e2 sit on the six decades, minor ticks at 2…9 × 10ᵏ")
  func logDecades() {
    let t = TickGenerator.log(dataMin: 1e-3, dataMax: 1e2)
    #expect(Self.close(t.major, [1e-3, 1e-2, 1e-1, 1, 10, 100]))
    #expect(t.labels == ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²"])
    #expect(t.minor.count == 5 * 8)
    #expect(t.minor.contains { abs($0 - 0.02) < 1e-15 } && t.minor.contains { abs($0 - 90) < 1e-12 })
    // Equal spacing of decades: fraction(10^k) = (k + 3)/5.
    for (k, v) in [-3, -2, -1, 0, 1, 2].map({ ($0, pow(10, Double($0))) }) {
      #expect(abs(t.fraction(v) - Double(k + 3) / 5) < 1e-12)
    }
  }

  @Test("data inside decades extend the axis to whole decades; long ranges label every s-th decade")
  func logRanges() {
    let t = TickGenerator.log(dataMin: 0.003, dataMax: 47)
    #expect(t.lower == 1e-3 && t.upper == 100)
    let wide = TickGenerator.log(dataMin: 1e-12, dataMax: 1e4)  // 16 decades → every 3rd labelled
    #expect(wide.major.count <= 8 && wide.major.count >= 5)
    #expect(wide.major.allSatisfy { Int(log10($0).rounded()) % 3 == 0 })
  }
}
