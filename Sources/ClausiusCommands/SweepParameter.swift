import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// One swept parameter of `clausius sweep --vary`.
///
/// Forms (units optional, the same on every value; docs/model-format.md, "Keys for sweep --vary"):
/// - `KEY=start:stop:count` — `count` points evenly spaced from start to stop inclusive (count = 1 gives start);
/// - `KEY=log:start:stop:count` — `count` points evenly spaced in log₁₀ from start to stop (both > 0 or both < 0);
/// - `KEY=[v1,v2,…]` — the listed values, in order (no value twice).
public struct SweepParameter: Codable, Sendable, Equatable, ExpressibleByArgument {
  /// How the values were given.
  public enum Spacing: String, Codable, Sendable { case linear, log, list }

  /// Dotted key of a number in the model file, e.g. `couplings.0.strength` or `baths.hot.temperature`.
  public var key: String
  public var values: [Double]
  /// The unit written with the values ("mK", "MHz", …), or "" for the file's own units.
  public var unit: String
  public var spacing: Spacing
  /// The physical symbol and the unit of the file's plain numbers for this key (`T_{cold}`, "GHz (k_B T/h)"), set by
  /// the command from the model file; nil when built without a model.
  public var symbol: ParameterSymbol?

  /// Points per parameter at most.
  public static let maximumCount = 100_000
  /// Grid points of a whole sweep at most (the product over all parameters): each point keeps its results in memory.
  public static let maximumGridPoints = 100_000

  public static let forms = "KEY=start:stop:count, KEY=log:start:stop:count or KEY=[v1,v2,…], e.g. couplings.0.strength=0:0.05:41, g=log:1e-3:1e-1:21 or baths.hot.temperature=[50mK,100mK,200mK]"

  public init(key: String, values: [Double], unit: String, spacing: Spacing = .linear, symbol: ParameterSymbol? = nil) {
    self.key = key; self.values = values; self.unit = unit; self.spacing = spacing; self.symbol = symbol
  }

  public init?(argument: String) { try? self.init(parsing: argument) }

  /// Parses one `--vary` value (see the type's forms). Errors name the argument, the offending part and the allowed form.
  public init(parsing s: String) throws {
    func fail(_ why: String) -> ValidationError { ValidationError("--vary '\(s)': \(why); expected \(Self.forms)") }
    guard let eq = s.firstIndex(of: "=") else { throw fail("missing '='") }
    key = String(s[..<eq]).trimmingCharacters(in: .whitespaces)
    guard !key.isEmpty else { throw fail("empty key") }
    let rhs = s[s.index(after: eq)...].trimmingCharacters(in: .whitespaces)
    func quantity(_ t: String) throws -> (Double, String) {
      if let x = Double(t) { return (x, "") }
      if let q = ModelFile.splitQuantity(t) { return (q.value, q.unit) }
      throw fail("'\(t)' is not a number (with an optional unit such as mK, K, GHz, MHz)")
    }
    func sameUnit(_ us: [String]) throws -> String {
      guard let u = us.first, us.allSatisfy({ $0 == u }) else {
        throw fail("the values have different units (\(Set(us).sorted().map { "'\($0)'" }.joined(separator: ", ")))")
      }
      return u
    }
    if rhs.hasPrefix("[") {
      guard rhs.hasSuffix("]") else { throw fail("a list must end with ']'") }
      let items = rhs.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard !items.isEmpty, !items.contains(where: \.isEmpty) else { throw fail("empty entry in the list") }
      guard items.count <= Self.maximumCount else { throw fail("\(items.count) values; allowed: at most \(Self.maximumCount)") }
      let qs = try items.map(quantity)
      guard qs.allSatisfy({ $0.0.isFinite }) else { throw fail("every value must be finite") }
      unit = try sameUnit(qs.map(\.1))
      values = qs.map(\.0)
      guard Set(values).count == values.count else { throw fail("a value is listed twice") }
      spacing = .list
      return
    }
    var parts = rhs.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    spacing = .linear
    if parts.first == "log" { spacing = .log; parts.removeFirst() }
    guard parts.count == 3 else { throw fail("expected three fields start:stop:count after '='") }
    let (a, ua) = try quantity(parts[0]), (b, ub) = try quantity(parts[1])
    unit = try sameUnit([ua, ub])
    guard a.isFinite, b.isFinite else { throw fail("start and stop must be finite") }
    guard let n = Int(parts[2]), (1...Self.maximumCount).contains(n) else {
      throw fail("count '\(parts[2])' must be an integer in 1…\(Self.maximumCount)")
    }
    switch spacing {
    case .log:
      guard a != 0, b != 0, (a > 0) == (b > 0) else { throw fail("a log range needs start and stop of the same sign, both ≠ 0 (got \(a) and \(b))") }
      let la = log10(abs(a)), lb = log10(abs(b)), sign = a > 0 ? 1.0 : -1.0
      // The end points are exactly the values given (no pow round-off at start and stop).
      values = n == 1 ? [a] : (0..<n).map { k in k == 0 ? a : k == n - 1 ? b : sign * pow(10, la + (lb - la) * Double(k) / Double(n - 1)) }
    default:
      values = n == 1 ? [a] : (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) }
    }
  }

  /// The value written into the model: a number, or a string with the unit ("75 mK").
  func modelValue(_ x: Double) -> ModelValue { unit.isEmpty ? .float(x) : .string("\(x) \(unit)") }

  /// The axis or column label: the physical symbol (or the key) and the unit, e.g. `T_{cold} (mK)`.
  var label: String {
    let name = symbol?.symbol ?? key
    let u = unit.isEmpty ? (symbol?.unit ?? "") : unit
    return u.isEmpty ? name : "\(name) (\(u))"
  }

  /// The unit of the values as given: the explicit unit, else the file's unit for this key.
  var displayUnit: String { unit.isEmpty ? (symbol?.unit ?? "") : unit }
}

/// The grid of a sweep: the product of the parameters' values, row-major (the last parameter varies fastest).
struct SweepGrid: Sendable {
  let parameters: [SweepParameter]
  let count: Int

  /// Checks the size before anything is allocated.
  init(_ parameters: [SweepParameter]) throws {
    self.parameters = parameters
    var n = 1
    for p in parameters {
      let (m, overflow) = n.multipliedReportingOverflow(by: p.values.count)
      guard !overflow, m <= SweepParameter.maximumGridPoints else {
        let total = parameters.reduce(1.0) { $0 * Double($1.values.count) }
        throw ValidationError("--vary: the grid has \(parameters.map { "\($0.values.count)" }.joined(separator: " × ")) = \(String(format: "%.0f", total)) points; at most \(SweepParameter.maximumGridPoints) (each point is a full solve; split the sweep)")
      }
      n = m
    }
    count = n
  }

  /// The parameter values of point `index`.
  func values(_ index: Int) -> [Double] {
    var i = index
    var out = [Double](repeating: 0, count: parameters.count)
    for k in parameters.indices.reversed() {
      let c = parameters[k].values.count
      out[k] = parameters[k].values[i % c]
      i /= c
    }
    return out
  }
}
