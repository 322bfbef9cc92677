import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// The physical name and unit of a number in a model file, for axis labels and table headers of sweeps.
///
/// A swept key such as `baths.1.temperature` is shown as `T_{hot}` with the file's unit, `couplings.0.strength` of a
/// hopping coupling as `ε_{cold,hot}`. Symbols follow docs/model-format.md (and paper 000's, 001's and 002's notation
/// for their kinds); a key without a known symbol keeps its dotted path.
public struct ParameterSymbol: Sendable, Equatable, Codable {
  /// The symbol, with `_{…}` subscripts (rendered by the SVG writer), e.g. `T_{cold}`.
  public var symbol: String
  /// The unit of the file's plain numbers for this key: "" for natural units or a dimensionless number,
  /// "rad" for phases, "GHz" (or MHz, kHz) for frequencies and rates, "GHz (k_B T/h)" for temperatures,
  /// "(2π GHz)²" for spring and xx strengths.
  public var unit: String

  public init(symbol: String, unit: String) { self.symbol = symbol; self.unit = unit }
}

/// What a family needs to name the numbers of its files: the dotted path, the file's units and its document.
struct ParameterSymbolContext {
  let path: [String]
  let document: [String: ModelValue]
  let units: FrequencyUnit
  var frequency: String { units == .natural ? "" : units.rawValue }
  var temperature: String { units == .natural ? "" : "\(units.rawValue) (k_B T/h)" }
  var squared: String { units == .natural ? "" : "(2π \(units.rawValue))²" }
  var first: String { path.first ?? "" }
  var last: String { path.last ?? "" }

  func s(_ symbol: String, _ unit: String) -> ParameterSymbol { ParameterSymbol(symbol: symbol, unit: unit) }

  /// The `name` of the i-th entry of an array of tables, else its index.
  func name(_ array: String, _ index: String, field: String = "name") -> String {
    guard case let .array(a)? = document[array], let i = Int(index), a.indices.contains(i) else { return index }
    guard case let .table(t) = a[i] else { return index }
    switch t[field] {
    case let .string(s)?: return s
    case let .integer(k)?: return "\(k)"
    default: return index
    }
  }
}

/// A family whose file keys have physical symbols (`ModelDescription.parameterSymbol`).
protocol ParameterSymbolProviding {
  /// The symbol and unit of the number at `c.path`, nil for the generic fallback.
  static func parameterSymbol(_ c: ParameterSymbolContext) -> ParameterSymbol?
}

extension ModelDescription {
  /// The symbol and unit of the number at `key` (a dotted key as `resolve(_:)` takes it): the family's
  /// (`ParameterSymbolProviding`), else the resolved dotted path with the file's frequency unit ("rad" for phases, none
  /// for occupations, levels, tolerances, counts).
  public func parameterSymbol(_ key: String) -> ParameterSymbol {
    let path = (try? resolve(key)) ?? key.split(separator: ".").map(String.init)
    let c = ParameterSymbolContext(path: path, document: document, units: units)
    if let family = type(of: family) as? any ParameterSymbolProviding.Type, let symbol = family.parameterSymbol(c) { return symbol }
    let fallback = c.s(path.joined(separator: "."), c.frequency)
    if c.last == "phase" { return c.s(fallback.symbol, "rad") }
    if ["occupation", "levels", "cavity_levels", "mechanical_levels", "tolerance", "sites", "winding"].contains(c.last) { return c.s(fallback.symbol, "") }
    return fallback
  }
}
