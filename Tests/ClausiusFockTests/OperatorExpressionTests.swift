import Clausius
import Foundation
import Numerics
import Testing

/// The operator language of `kind = "open-system"` (ClausiusModels/OpenSystem/OperatorExpression.swift): algebraic
/// identities of the local operators (closed forms), `h.c.`, and parse errors with columns.
@Suite("open-system operator expressions")
struct OperatorExpressionTests {
  static let space = FockSpace([FockSubsystem.twoLevel("q"), try! FockSubsystem.oscillator("r", levels: 6), try! FockSubsystem.spin("s", twiceJ: 2)])

  static func op(_ text: String, _ parameters: [String: Double] = [:]) throws -> Matrix<Complex<Double>> {
    try OperatorExpression.parse(text).evaluate(on: space, parameters: parameters).dense
  }

  static func maxDiff(_ a: Matrix<Complex<Double>>, _ b: Matrix<Complex<Double>>) -> Double {
    var m = 0.0
    for i in 0..<a.rows { for j in 0..<a.columns { m = max(m, (a[i, j] - b[i, j]).length) } }
    return m
  }

  @Test("Pauli algebra: σx² = 1, [σx, σy] = 2iσz, σ⁺σ⁻ = (1 + σz)/2; spin 1: J² = j(j+1) = 2, [J_x, J_y] = iJ_z")
  func algebra() throws {
    #expect(Self.maxDiff(try Self.op("sx(q) * sx(q)"), try Self.op("id(q)")) < 1e-15)
    #expect(Self.maxDiff(try Self.op("sx(q) * sy(q) - sy(q) * sx(q)"), try Self.op("2 * i * sz(q)")) < 1e-15)
    #expect(Self.maxDiff(try Self.op("sp(q) * sm(q)"), try Self.op("(id(q) + sz(q)) / 2")) < 1e-15)
    #expect(Self.maxDiff(try Self.op("jx(s)^2 + jy(s)^2 + jz(s)^2"), try Self.op("2 * id(s)")) < 1e-14)
    #expect(Self.maxDiff(try Self.op("jx(s) * jy(s) - jy(s) * jx(s)"), try Self.op("i * jz(s)")) < 1e-14)
  }

  @Test("oscillator: x = (a + a†)/√2, p = (a − a†)/(i√2), [a, a†] = 1 below the truncation, n = a†a")
  func oscillator() throws {
    let comm = try Self.op("a(r) * ad(r) - ad(r) * a(r)")
    // On the 6-level truncation [a, a†] = 1 − 6|5⟩⟨5|: check on the subspace of r-level < 5.
    for st in 0..<Self.space.dimension where Self.space.level(of: 1, in: st) < 5 {
      #expect((comm[st, st] - Complex(1, 0)).length < 1e-14)
    }
    #expect(Self.maxDiff(try Self.op("x(r)"), try Self.op("(a(r) + ad(r)) / 2^1 * 2 / 1.4142135623730951")) < 1e-15)
    #expect(Self.maxDiff(try Self.op("p(r)"), try Self.op("-i * (a(r) - ad(r)) / 1.4142135623730951")) < 1e-15)
    #expect(Self.maxDiff(try Self.op("n(r)"), try Self.op("ad(r) * a(r)")) < 1e-14)
    #expect(Self.maxDiff(try Self.op("b(r)"), try Self.op("a(r)")) == 0)
  }

  @Test("h.c. adds the adjoint of the other terms of its sum; parameters and complex numbers")
  func hermitianConjugate() throws {
    let a = try Self.op("g * sp(q) * a(r) + h.c.", ["g": 0.3])
    let b = try Self.op("g * (sp(q) * a(r) + sm(q) * ad(r))", ["g": 0.3])
    #expect(Self.maxDiff(a, b) < 1e-15)
    let c = try Self.op("(0.5 + 2 * i) * sp(q) + h.c.")
    #expect(Self.maxDiff(c, try Self.op("0.5 * sx(q) - 2 * sy(q)")) < 1e-15)   // (½ + 2i)σ⁺ + h.c. = ½σx − 2σy
  }

  @Test("parse errors give the column and what was expected")
  func errors() throws {
    func message(_ t: String) -> String { do { _ = try Self.op(t); return "" } catch { return "\(error)" } }
    #expect(message("sx(q) * * sz(q)").contains("column 9"))
    #expect(message("sx(q) +").contains("unexpected end"))
    #expect(message("foo(q)").contains("unknown operator 'foo'"))
    #expect(message("sx(r)").contains("not an operator of a oscillator"))
    #expect(message("a(q)").contains("not an operator of a qubit"))
    #expect(message("sx").contains("needs its subsystem"))
    #expect(message("g * sx(q)").contains("unknown parameter 'g'"))
    #expect(message("sx(q) / sz(q)").contains("division by an operator"))
    #expect(message("sx(q) - h.c.").contains("'- h.c.' is not allowed"))
    #expect(message("proj(r, 0, 9)").contains("levels must be in 0…5"))
  }
}
