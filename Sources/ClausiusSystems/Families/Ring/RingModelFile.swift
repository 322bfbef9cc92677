import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusPapers
import ClausiusSteadyState
import ClausiusThermodynamics
import Numerics

// MARK: - Optomechanical ring with synthetic flux (paper 002)

/// A `kind = "optomechanical-ring"` file: the homogeneous ring of paper 002 (Fig. 1b), linearised around a
/// drive with phase gradient Arg F_ℓ = ℓφ, φ = 2πn/L, so that G_ℓ = |G|e^{iℓφ} (`OptomechanicalRingTheory`,
/// `OptomechanicalLinearisation.ring`). Units: the file's (paper 002 uses ω_m = 1). For `evolve` every entry but
/// `sites` and `winding` may be a function of time (`modulated`; docs/model-format.md, "Time-dependent parameters"):
/// |G|, J, Δ̃, ω_m enter H linearly, γ_c, γ_m, n̄ only the dissipators; |G|, n̄ ≥ 0 and γ_c, ω_m, γ_m > 0 must hold at
/// all times (else an error at the key's line giving the minimum). The flux φ = 2πn/L stays static: a non-integer
/// winding has no homogeneous mean field on the ring.
@dynamicMemberLookup
public struct OptomechanicalRingModelFile: Sendable {
  /// What every model file has (file, source, document, title, units, output settings), read as `m.file`, `m.units`, ….
  public let header: ModelFileHeader
  public subscript<T>(dynamicMember key: KeyPath<ModelFileHeader, T>) -> T { header[keyPath: key] }
  public let theory: OptomechanicalRingTheory
  /// The entries given as functions of time (`evolve`; everything else uses their static values), by parameter:
  /// |G|(t), J(t), Δ̃(t), ω_m(t) enter H linearly; γ_c(t), γ_m(t), n̄(t) only the dissipators.
  /// Families/Ring/RingDrivenEvolution.swift.
  public let modulated: [RingParameter: TimeFunction]
  public var modulatedCoupling: TimeFunction? { modulated[.coupling] }
  public var modulatedOccupation: TimeFunction? { modulated[.occupation] }
  public var modeNames: [String] { (0..<theory.siteCount).map { "c\($0)" } + (0..<theory.siteCount).map { "d\($0)" } }

  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "ring", "solve", "output"])
    let header = try CommonHeader(doc, r, file: file)
    let q = Quantities(reader: r, unit: header.units)
    let t = try r.requiredTable(doc, "ring", expected: "[ring] with sites, winding, coupling, hopping, detuning, optical_loss, mechanical_frequency, mechanical_damping, occupation")
    let p = ["ring"]
    try r.allowKeys(t, p, ["sites", "winding", "coupling", "hopping", "detuning", "optical_loss", "mechanical_frequency", "mechanical_damping", "occupation"])
    guard t["sites"] != nil else { throw r.missing(p + ["sites"], expected: "L ≥ 3, the number of sites") }
    let l = try r.integer(t, p, "sites", minimum: 3, maximum: 200, hint: "an integer L in 3…200")!
    let n = try r.integer(t, p, "winding", minimum: Int.min / 2, hint: "an integer n (flux φ = 2πn/L)") ?? 0
    // Every entry but `sites` and `winding` may be a function of time (docs/model-format.md, "Time-dependent
    // parameters"): each is checked over all times — |G|, n̄ ≥ 0; γ_c, ω_m, γ_m > 0; J, Δ̃ any sign.
    var modulated: [RingParameter: TimeFunction] = [:]
    func entry(_ k: RingParameter) throws -> Double {
      guard let v = t[k.key] else { throw r.missing(p + [k.key], expected: k.expected(header.units.frequencyName)) }
      let f = try r.timeFunction(t, p, k.key) { k == .occupation ? try r.number($0, $1, $2, unitHint: "(a mean number of phonons)")! : try q.frequency($0, $1, $2)! }
      if let bound = k.lowerBound, f.range.lowerBound < bound || (k.strictlyPositive && f.range.lowerBound == bound) {
        let allowed = "\(k.symbol) \(k.strictlyPositive ? ">" : "≥") 0" + (f.isConstant ? "" : " at all times (its minimum is \(f.range.lowerBound))")
        throw r.outOfRange(p + [k.key], value: v.description, allowed: allowed, message: k.strictlyPositive ? "value must be > 0" : "value must be ≥ 0")
      }
      if !f.isConstant { modulated[k] = f }
      return f.staticValue
    }
    let gAbs = try entry(.coupling), j = try entry(.hopping), delta = try entry(.detuning), gc = try entry(.opticalLoss)
    let wm = try entry(.mechanicalFrequency), gm = try entry(.mechanicalDamping), nb = try entry(.occupation)
    self.modulated = modulated
    if let list = try equationList(doc, r, allowedKeys: ["equations"], allowed: "\"linearised\"") {
      for (name, v) in list where name != "linearised" {
        throw r.outOfRange(["solve", "equations"], value: v.description, allowed: "\"linearised\" (the exact linearised equation, paper 002 Eq. 4)", message: "unknown master equation")
      }
    }
    do {
      theory = try OptomechanicalRingTheory(siteCount: l, winding: n, effectiveCoupling: gAbs, hopping: j, effectiveDetuning: delta, opticalLoss: gc,
                                            mechanicalFrequency: wm, mechanicalDamping: gm, thermalOccupation: nb)
    } catch {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(error)")
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, header)
  }
}

/// The entries of `[ring]` that may be functions of time, in the file's order.
public enum RingParameter: String, CaseIterable, Sendable, Comparable {
  case coupling, hopping, detuning, opticalLoss, mechanicalFrequency, mechanicalDamping, occupation

  /// The key in `[ring]`.
  public var key: String {
    switch self {
    case .opticalLoss: return "optical_loss"
    case .mechanicalFrequency: return "mechanical_frequency"
    case .mechanicalDamping: return "mechanical_damping"
    default: return rawValue
    }
  }
  /// Paper 002's symbol.
  public var symbol: String {
    ["|G|", "J", "Δ̃", "γ_c", "ω_m", "γ_m", "n̄"][Self.allCases.firstIndex(of: self)!]
  }
  /// The name in notes ("coupling |G|", …).
  public var label: String {
    ["coupling |G|", "hopping J", "detuning Δ̃", "optical loss γ_c", "mechanical frequency ω_m", "mechanical damping γ_m", "mechanical occupation n̄"][Self.allCases.firstIndex(of: self)!]
  }
  /// Whether H (Eq. 4) holds the entry (linearly); otherwise only the dissipators (Eq. 3) do.
  public var entersHamiltonian: Bool { [.coupling, .hopping, .detuning, .mechanicalFrequency].contains(self) }
  var lowerBound: Double? { [.hopping, .detuning].contains(self) ? nil : 0 }
  var strictlyPositive: Bool { [.opticalLoss, .mechanicalFrequency, .mechanicalDamping].contains(self) }
  func expected(_ unit: String) -> String {
    switch self {
    case .coupling: return "|G| = g|α| ≥ 0 in \(unit)"
    case .hopping: return "J in \(unit) (ring hopping −(J/2)Σ c_ℓ†c_ℓ±1)"
    case .detuning: return "Δ̃ in \(unit) (effective laser detuning)"
    case .opticalLoss: return "γ_c > 0 in \(unit), the optical loss rate"
    case .mechanicalFrequency: return "ω_m > 0 in \(unit)"
    case .mechanicalDamping: return "γ_m > 0 in \(unit), the mechanical damping rate"
    case .occupation: return "n̄ ≥ 0, the thermal occupation of the mechanical baths"
    }
  }
  public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}
