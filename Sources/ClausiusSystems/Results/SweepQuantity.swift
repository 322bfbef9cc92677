import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// A headline quantity of a sweep, shown as a table column, a line figure and a heat map.
///
/// Which quantities a sweep shows depends on the model family (`ModelFamily.sweepQuantities`): networks and optomechanical models show the heat from
/// each bath (counted with its local Hamiltonian), the work rate, the COP or efficiency and the cooling power when a
/// point is a refrigerator, and the entropy production; a ring shows its circulating current Q_C (paper 002, Eq. 14)
/// against the effective theory's; a cascade the quanta flows Φ_α and the forward/backward response (paper 001).
public struct SweepQuantity: Sendable {
  /// File-name id of its figures ("heat-0", "work", …).
  public let id: String
  public let title: String
  /// Symbol with `_{…}` subscripts, for axes; `Figure.plainText` for table headers.
  public let symbol: String
  public let unit: String
  public let caption: String
  /// Signed quantities get the diverging colour map and the zero contour in heat maps.
  public let signed: Bool
  public let value: @Sendable (MethodResult) -> Double?

  public init(id: String, title: String, symbol: String, unit: String, caption: String, signed: Bool, value: @escaping @Sendable (MethodResult) -> Double?) {
    self.id = id; self.title = title; self.symbol = symbol; self.unit = unit; self.caption = caption; self.signed = signed; self.value = value
  }

  static func entropyProduction(_ units: UnitsInfo) -> SweepQuantity {
    SweepQuantity(id: "entropy-production", title: "Entropy production", symbol: "Σ", unit: units.frequency == "natural" ? "" : "k_B ω_u",
                  caption: "Σ = −Σ_α Q̇_α,local/T_α (≥ 0: Clausius inequality).", signed: true) { $0.entropyProduction }
  }

  static func energyUnit(_ units: UnitsInfo) -> String { units.frequency == "natural" ? "" : "ħω_u²" }

  /// A ring: its circulating current Q_C (paper 002, Eq. 14) against the effective theory's.
  static func ringQuantities(units: UnitsInfo) -> [SweepQuantity] {
    let energy = energyUnit(units)
    return [
      SweepQuantity(id: "circulating-current", title: "Circulating heat current", symbol: "Q_C", unit: energy,
                    caption: "Q_C = ω_m⟨ĵ_C⟩ from the exact linearised state (paper 002, Eq. 14); > 0 along increasing site index.",
                    signed: true) { $0.ring?.circulatingCurrent },
      SweepQuantity(id: "circulating-current-effective", title: "Circulating heat current, effective theory", symbol: "Q_C^{eff}", unit: energy,
                    caption: "Q_C from the effective phonon theory's closed forms (paper 002, Eqs. 8–14).",
                    signed: true) { $0.ring?.effectiveCirculatingCurrent },
      entropyProduction(units),
    ]
  }

  /// A cascade: the quanta flows Φ_α and the forward/backward response (paper 001).
  static func cascadeQuantities(baths: [String], units: UnitsInfo) -> [SweepQuantity] {
    let natural = units.frequency == "natural"
    var q = baths.enumerated().map { b, name in
      SweepQuantity(id: "quanta-\(b)", title: "Quanta flow from bath '\(name)'", symbol: "Φ_{\(name)}", unit: natural ? "" : "ω_u",
                    caption: "Φ_α = Tr{N 𝓓_α ρ}: quanta per unit time from bath '\(name)' into the system (paper 001).",
                    signed: true) { $0.cascade?.quantaFlows[safe: b] }
    }
    q.append(SweepQuantity(id: "forward-response", title: "Forward response", symbol: "∂n̄_N/∂N̄_1", unit: "",
                           caption: "Forward response of the last mode's occupation to the first bath's (paper 001).",
                           signed: true) { $0.cascade?.forward })
    q.append(SweepQuantity(id: "backward-response", title: "Backward response", symbol: "∂n̄_1/∂N̄_N", unit: "",
                           caption: "Backward response of the first mode's occupation to the last bath's (0 for a perfect rectifier; paper 001).",
                           signed: true) { $0.cascade?.backward })
    return q + [entropyProduction(units)]
  }

  /// Networks, optomechanical and open systems: the heat from each bath (counted with its local Hamiltonian), the
  /// work rate, the cooling power and COP or efficiency where a point is a refrigerator or engine, and Σ.
  static func heatQuantities(baths: [String], units: UnitsInfo, methods: [MethodResult]) -> [SweepQuantity] {
    let energy = energyUnit(units)
    let methods = methods.lazy.filter { $0.error == nil }
    var q = baths.enumerated().map { b, name in
      SweepQuantity(id: "heat-\(b)", title: "Heat current from bath '\(name)'", symbol: "Q̇_{\(name)}", unit: energy,
                    caption: "Heat into the system from bath '\(name)' counted with its local Hamiltonian, per master equation (> 0: into the system).",
                    signed: true) { $0.baths?[safe: b]?.localHeat }
    }
    q.append(SweepQuantity(id: "work", title: "Work rate", symbol: "Ẇ", unit: energy,
                           caption: "Ẇ = Σ_α (Q̇_α − Q̇_α,local), work done on the system (paper 003, Eq. 43).", signed: true) { $0.workRate })
    if methods.contains(where: { $0.regime == "refrigerator" }) {
      q.append(SweepQuantity(id: "cooling-power", title: "Cooling power", symbol: "Q̇_{cool}", unit: energy,
                             caption: "Heat drawn from the coldest bath where the point is a refrigerator (paper 003, Table I); missing elsewhere.",
                             signed: true) { coolingPower($0) })
    }
    if methods.contains(where: { $0.performance != nil }) {
      q.append(SweepQuantity(id: "performance", title: "COP or efficiency", symbol: "COP, η", unit: "",
                             caption: "COP Q̇_c/Ẇ of a refrigerator or efficiency −Ẇ/Q̇_h of an engine (paper 003, Eq. 22); missing in other regimes.",
                             signed: false) { $0.performance })
    }
    return q + [entropyProduction(units)]
  }

  /// Q̇ from the coldest bath when `m` is a refrigerator (heat into the system from the cold bath, > 0), else nil.
  public static func coolingPower(_ m: MethodResult) -> Double? {
    guard m.regime == "refrigerator", let cold = m.baths?.min(by: { $0.temperature < $1.temperature }) else { return nil }
    return cold.localHeat
  }
}

extension Array {
  public subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
