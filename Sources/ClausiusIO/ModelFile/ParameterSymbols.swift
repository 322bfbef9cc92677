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

extension ModelDescription {
  /// The symbol and unit of the number at `key` (a dotted key as `resolve(_:)` takes it); falls back to the resolved
  /// dotted path and the file's frequency unit.
  public func parameterSymbol(_ key: String) -> ParameterSymbol {
    let path = (try? resolve(key)) ?? key.split(separator: ".").map(String.init)
    let u = units
    let frequency = u == .natural ? "" : u.rawValue
    let temperature = u == .natural ? "" : "\(u.rawValue) (k_B T/h)"
    let squared = u == .natural ? "" : "(2π \(u.rawValue))²"
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
    /// The two mode names of a coupling `couplings.i`.
    func couplingModes(_ index: String) -> (kind: String, pair: String) {
      guard case let .array(a)? = document["couplings"], let i = Int(index), a.indices.contains(i), case let .table(t) = a[i] else {
        return ("", index)
      }
      var kind = ""
      if case let .string(k)? = t["kind"] { kind = k }
      guard case let .array(ms)? = t["modes"] else { return (kind, index) }
      let names = ms.map { v -> String in
        switch v {
        case let .string(s): return s
        case let .integer(k): return name("modes", "\(k)")
        default: return "?"
        }
      }
      return (kind, names.joined(separator: ","))
    }
    func s(_ symbol: String, _ unit: String) -> ParameterSymbol { ParameterSymbol(symbol: symbol, unit: unit) }
    let fallback = s(path.joined(separator: "."), frequency)
    switch (kind, path.count, path.first ?? "", path.last ?? "") {
    // Quadratic networks (docs/model-format.md).
    case ("network", 3, "modes", "frequency"): return s("ω_{\(name("modes", path[1]))}", frequency)
    case ("network", 3, "baths", "temperature"): return s("T_{\(name("baths", path[1]))}", temperature)
    case ("network", 3, "baths", "rate"): return s("κ_{\(name("baths", path[1]))}", frequency)
    case ("network", 3, "baths", "lambda"): return s("λ_{\(name("baths", path[1]))}", "")
    case ("network", 3, "baths", "cutoff"): return s("Λ_{\(name("baths", path[1]))}", frequency)
    case ("network", 3, "drives", "amplitude"), ("network", 4, "drives", _):
      return s("F_{\(name("drives", path[1], field: "mode"))}", frequency)
    case ("network", 3, "couplings", "phase"): return s("φ_{\(couplingModes(path[1]).pair)}", "rad")
    case ("network", 3, "couplings", "strength"):
      let c = couplingModes(path[1])
      switch c.kind {
      case "squeezing": return s("η_{\(c.pair)}", frequency)
      case "spring": return s("k_{\(c.pair)}", squared)
      case "xx": return s("g_{\(c.pair)}", squared)
      default: return s("ε_{\(c.pair)}", frequency)
      }
    // Paper 000's optomechanical cavity.
    case ("optomechanical", 2, "cavity", "frequency"): return s("ω_c", frequency)
    case ("optomechanical", 2, "cavity", "rate"): return s("κ_c", frequency)
    case ("optomechanical", 2, "cavity", "temperature"): return s("T_c", temperature)
    case ("optomechanical", 2, "mechanics", "frequency"): return s("ω_m", frequency)
    case ("optomechanical", 2, "mechanics", "rate"): return s("κ_m", frequency)
    case ("optomechanical", 2, "mechanics", "temperature"): return s("T_m", temperature)
    case ("optomechanical", 2, "coupling", "g"): return s("g", frequency)
    // Paper 001's cascade.
    case ("cascaded", 3, "modes", "frequency"): return s("ω_{\(name("modes", path[1]))}", frequency)
    case ("cascaded", 3, "modes", "rate"): return s("κ_{\(name("modes", path[1]))}", frequency)
    case ("cascaded", 3, "modes", "occupation"): return s("N̄_{\(name("modes", path[1]))}", "")
    case ("cascaded", 3, "modes", "cascade_rate"): return s("γ_{\(name("modes", path[1]))}", frequency)
    case ("cascaded", 3, "modes", "phase"): return s("θ_{\(name("modes", path[1]))}", "rad")
    case ("cascaded", _, "modes", _) where path.count >= 3 && path[2] == "hopping_to_next":
      return s("F_{\(name("modes", path[1]))}", frequency)
    case ("cascaded", 2, "channel", "occupation"): return s("N̄_{channel}", "")
    case ("cascaded", 2, "channel", "quantum_energy"): return s("ω_q", frequency)
    // Paper 002's ring.
    case ("optomechanical-ring", 2, "ring", "sites"): return s("L", "")
    case ("optomechanical-ring", 2, "ring", "winding"): return s("n (flux 2πn/L)", "")
    case ("optomechanical-ring", 2, "ring", "coupling"): return s("|G|", frequency)
    case ("optomechanical-ring", 2, "ring", "hopping"): return s("J", frequency)
    case ("optomechanical-ring", 2, "ring", "detuning"): return s("Δ̃", frequency)
    case ("optomechanical-ring", 2, "ring", "optical_loss"): return s("γ_c", frequency)
    case ("optomechanical-ring", 2, "ring", "mechanical_frequency"): return s("ω_m", frequency)
    case ("optomechanical-ring", 2, "ring", "mechanical_damping"): return s("γ_m", frequency)
    case ("optomechanical-ring", 2, "ring", "occupation"): return s("n̄_m", "")
    default:
      if ["phase"].contains(path.last ?? "") { return s(fallback.symbol, "rad") }
      if ["occupation", "levels", "cavity_levels", "mechanical_levels", "tolerance", "sites", "winding"].contains(path.last ?? "") {
        return s(fallback.symbol, "")
      }
      return fallback
    }
  }
}
