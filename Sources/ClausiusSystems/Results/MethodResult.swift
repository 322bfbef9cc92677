import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// Heat exchanged with one bath (JSON of `solve`, `sweep`, `audit`). Units: ħω_u² (see `UnitsInfo`).
public struct BathHeatResult: Codable, Sendable, Equatable {
  public var name: String
  /// T in the file's units (k_B T).
  public var temperature: Double
  /// Q̇_α = Tr{H_S D_α ρ} with the global H_S (> 0 into the system). Reference: paper 004, Eq. (2).
  public var heat: Double
  /// Q̇_α counted with the dissipator's Hamiltonian (local H_i for local/collisional; paper 003, Eq. 16).
  public var localHeat: Double

  public init(name: String, temperature: Double, heat: Double, localHeat: Double) {
    self.name = name; self.temperature = temperature; self.heat = heat; self.localHeat = localHeat
  }
}

/// Solver diagnostics of one steady state.
public struct SolverDiagnostics: Codable, Sendable, Equatable {
  /// ‖A V + V Aᵀ + D‖_F/‖D‖_F.
  public var lyapunovResidual: Double
  /// Smallest eigenvalue of V + iΩ/2 (≥ 0: uncertainty principle holds).
  public var uncertaintyMargin: Double
  /// Smallest symplectic eigenvalue ν_min of V (≥ ½ for a physical state), when V > 0.
  public var smallestSymplecticEigenvalue: Double?
  /// Independent Lyapunov blocks solved.
  public var blocks: Int
  public var warnings: [String]
}

/// The steady state and thermodynamics of one master equation: what every family reports (heat per bath with both
/// countings of docs/conventions.md, work, the laws, the regime) and, in `outcome`, what its own family adds, typed
/// per family (`FamilyOutcome`).
public struct MethodResult: Codable, Sendable, Equatable {
  /// The equation's name (`Derivation.name`: local, global, redfield, …; sme, dsme, gme<n> for paper 000).
  public var equation: String
  /// Why there is no result (unstable drift, bath spanning several modes for a local equation, …).
  public var error: String?
  /// ⟨a_i†a_i⟩ per mode (excitations per subsystem for open systems).
  public var occupations: [Double]?
  public var baths: [BathHeatResult]?
  /// Ẇ = Σ_α (Q̇_α − Q̇_α^local) (> 0 on the system). Reference: paper 003, Eq. (43).
  public var workRate: Double?
  /// d⟨H_S⟩/dt = Σ_α Q̇_α (zero at a steady state) and its size relative to the gross currents.
  public var firstLawEnergyRate: Double?
  public var firstLawRelativeResidual: Double?
  /// Σ = −Σ_α Q̇_α^local/T_α (k_B = 1); the second-law margin (≥ 0 when the Clausius inequality holds).
  public var entropyProduction: Double?
  /// −Σ_α Q̇_α/T_α with the global-H heats and no work (what a local equation can violate).
  public var globalHeatEntropyProduction: Double?
  public var secondLawHolds: Bool?
  /// refrigerator, engine, accelerator, heater, conductor (two baths at different T; paper 003 Table I).
  public var regime: String?
  /// COP (refrigerator) or efficiency (engine), with the Otto and Carnot values.
  public var performance: Double?
  public var otto: Double?
  public var carnot: Double?
  /// What the model's family adds (solver diagnostics, moments, family-specific currents); nil only for a method
  /// that failed before a state existed.
  public var outcome: FamilyOutcome?

  /// A result of `equation` with no numbers yet (the solvers fill it in), or a failed one with `error`.
  public init(equation: String, error: String? = nil) { self.equation = equation; self.error = error }

  private enum CodingKeys: String, CodingKey {
    case equation, error, occupations, baths, workRate, firstLawEnergyRate, firstLawRelativeResidual, entropyProduction,
         globalHeatEntropyProduction, secondLawHolds, regime, performance, otto, carnot, family
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    equation = try c.decode(String.self, forKey: .equation)
    error = try c.decodeIfPresent(String.self, forKey: .error)
    occupations = try c.decodeIfPresent([Double].self, forKey: .occupations)
    baths = try c.decodeIfPresent([BathHeatResult].self, forKey: .baths)
    workRate = try c.decodeIfPresent(Double.self, forKey: .workRate)
    firstLawEnergyRate = try c.decodeIfPresent(Double.self, forKey: .firstLawEnergyRate)
    firstLawRelativeResidual = try c.decodeIfPresent(Double.self, forKey: .firstLawRelativeResidual)
    entropyProduction = try c.decodeIfPresent(Double.self, forKey: .entropyProduction)
    globalHeatEntropyProduction = try c.decodeIfPresent(Double.self, forKey: .globalHeatEntropyProduction)
    secondLawHolds = try c.decodeIfPresent(Bool.self, forKey: .secondLawHolds)
    regime = try c.decodeIfPresent(String.self, forKey: .regime)
    performance = try c.decodeIfPresent(Double.self, forKey: .performance)
    otto = try c.decodeIfPresent(Double.self, forKey: .otto)
    carnot = try c.decodeIfPresent(Double.self, forKey: .carnot)
    outcome = try FamilyOutcome(family: try c.decodeIfPresent(String.self, forKey: .family), from: decoder)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(equation, forKey: .equation)
    try c.encodeIfPresent(error, forKey: .error)
    try c.encodeIfPresent(occupations, forKey: .occupations)
    try c.encodeIfPresent(baths, forKey: .baths)
    try c.encodeIfPresent(workRate, forKey: .workRate)
    try c.encodeIfPresent(firstLawEnergyRate, forKey: .firstLawEnergyRate)
    try c.encodeIfPresent(firstLawRelativeResidual, forKey: .firstLawRelativeResidual)
    try c.encodeIfPresent(entropyProduction, forKey: .entropyProduction)
    try c.encodeIfPresent(globalHeatEntropyProduction, forKey: .globalHeatEntropyProduction)
    try c.encodeIfPresent(secondLawHolds, forKey: .secondLawHolds)
    try c.encodeIfPresent(regime, forKey: .regime)
    try c.encodeIfPresent(performance, forKey: .performance)
    try c.encodeIfPresent(otto, forKey: .otto)
    try c.encodeIfPresent(carnot, forKey: .carnot)
    try c.encodeIfPresent(outcome?.family, forKey: .family)
    try outcome?.encode(to: encoder)
  }
}

/// Read-only views of the family outcome under the names the JSON uses (nil when the result's family has no such
/// field). Writers set `outcome` to their family's case.
extension MethodResult {
  /// The Gaussian solver's diagnostics (networks, cascades, the ring).
  public var diagnostics: SolverDiagnostics? { outcome?.gaussianDiagnostics }
  /// The Fock solver's diagnostics (optomechanical and open-system models).
  public var fock: FockDiagnosticsResult? { outcome?.fockDiagnostics }
  public var cascade: CascadeResult? { if case let .cascaded(o)? = outcome { return o.cascade }; return nil }
  public var ring: RingResult? { if case let .ring(o)? = outcome { return o.ring }; return nil }
  public var normalModes: [Double]? { if case let .network(o)? = outcome { return o.normalModes }; return nil }
  public var moments: GaussianMomentsResult? { if case let .network(o)? = outcome { return o.moments }; return nil }
  public var information: InformationResult? { if case let .network(o)? = outcome { return o.information }; return nil }
  public var counting: [CountingResult]? { if case let .network(o)? = outcome { return o.counting }; return nil }
  public var optomechanicalMoments: OptomechanicalMoments? {
    if case let .optomechanical(o)? = outcome { return o.optomechanicalMoments }; return nil
  }
  public var densityMatrix: DensityMatrixResult? {
    switch outcome {
    case let .optomechanical(o)?: return o.densityMatrix
    case let .openSystem(o)?: return o.densityMatrix
    default: return nil
    }
  }
  public var relaxation: RelaxationResult? {
    switch outcome {
    case let .optomechanical(o)?: return o.relaxation
    case let .openSystem(o)?: return o.relaxation
    default: return nil
    }
  }
  public var gaussian: GaussianCrossCheckResult? { if case let .openSystem(o)? = outcome { return o.gaussian }; return nil }
}

/// Units of the numbers in a result (from the model file's `[units]`).
public struct UnitsInfo: Codable, Sendable, Equatable {
  /// natural, GHz, MHz or kHz.
  public var frequency: String
  /// In words.
  public var note: String
  /// ħω_u in joules (lab units only).
  public var energyJoules: Double?
  /// ħω_u² in watts: the unit of heat currents and work rates (lab units only).
  public var heatCurrentWatts: Double?

  public init(_ u: FrequencyUnit) {
    frequency = u.rawValue
    energyJoules = u.energyJoules; heatCurrentWatts = u.powerWatts
    note = u == .natural
      ? "natural units (ħ = k_B = 1): frequencies, temperatures and energies in the file's unit, heat currents in its square"
      : "ω_u = 2π × 1 \(u.rawValue): frequencies f in \(u.rawValue), temperatures k_B T/h in \(u.rawValue) (1 K = \(String(format: "%.9g", FrequencyUnit.boltzmannOverPlanck / u.hertz!)) \(u.rawValue)), heat currents in ħω_u² = \(String(format: "%.6g", u.powerWatts!)) W, entropy production in k_B ω_u"
  }
}

/// The JSON document of `clausius solve`.
public struct SolveDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  public var modes: [String]
  public var frequencies: [Double]
  public var methods: [MethodResult]
  /// Network models: the validity advisor's recommendation and a warning per requested equation outside its
  /// validity (issue 13 item 3); nil for the other kinds.
  public var advisor: AdvisorInfo? = nil
}
/// A labelled row of a per-method table: the label and how to print one method's value ("—" when nil).
typealias MethodRow = (label: String, value: (MethodResult) -> String?)

extension MethodResult {
  /// The rows every `solve` table with baths and work shares (networks and open systems): heat per bath counted with
  /// the whole H (`wholeH` names it: "global H", "full H") and with the local H, work, first law, entropy production
  /// with both countings, the second-law verdict, regime and COP/efficiency.
  static func heatAndLawRows(bathNames: [String], wholeH: String) -> [MethodRow] {
    var rows: [MethodRow] = []
    for (b, name) in bathNames.enumerated() {
      rows.append(("Q̇ \(name) (\(wholeH))", { Text.num($0.baths?[b].heat) }))
      rows.append(("Q̇ \(name) (local H)", { Text.num($0.baths?[b].localHeat) }))
    }
    rows += [("Ẇ (work rate, on system)", { Text.num($0.workRate) }),
             ("d⟨H⟩/dt = ΣQ̇ (first law)", { Text.num($0.firstLawEnergyRate) }),
             ("Σ = −ΣQ̇_local/T (margin)", { Text.num($0.entropyProduction) }),
             ("Σ with \(wholeH) heats", { Text.num($0.globalHeatEntropyProduction) }),
             ("second law", { $0.secondLawHolds.map { $0 ? "holds" : "VIOLATED" } }),
             ("regime", { $0.regime }),
             ("COP / efficiency", { Text.num($0.performance) })]
    return rows
  }

  /// The Fock solver's verbose rows (optomechanical and open-system tables).
  static var fockVerboseRows: [MethodRow] { [
    ("first-law rel. residual", { Text.num($0.firstLawRelativeResidual) }),
    ("gross heat scale", { Text.num($0.fock?.grossHeatScale) }),
    ("unknowns", { $0.fock.map { "\($0.unknowns) (\($0.symmetry))" } }),
    ("solve seconds", { Text.num($0.fock?.solveSeconds) }),
    ("solver method", { $0.fock?.method }),
  ] }

  /// The per-method table of `solve` (a blank line, the grid with one column per equation) followed by each
  /// method's failure and warnings.
  static func table(_ ms: [MethodResult], _ rows: [[String]]) -> [String] {
    var out = ["", Text.grid(["quantity"] + ms.map(\.equation), rows)]
    for m in ms {
      if let e = m.error { out.append("\(m.equation): no steady state: \(e)") }
      for w in m.diagnostics?.warnings ?? [] { out.append("\(m.equation): warning: \(w)") }
    }
    return out
  }
}
