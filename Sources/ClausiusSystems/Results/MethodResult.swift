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

/// The steady state and thermodynamics of one master equation.
public struct MethodResult: Codable, Sendable, Equatable {
  /// local, global, redfield, partialRedfield or collisional.
  public var equation: String
  /// Why there is no result (unstable drift, bath spanning several modes for a local equation, …).
  public var error: String?
  /// ⟨a_i†a_i⟩ per mode.
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
  public var diagnostics: SolverDiagnostics?
  /// Fock-space diagnostics (kind = "optomechanical").
  public var fock: FockDiagnosticsResult?
  /// Cascade extras (kind = "cascaded").
  public var cascade: CascadeResult?
  /// Circulating current (kind = "optomechanical-ring").
  public var ring: RingResult?
  /// Normal-mode frequencies ν_k of H_S, ascending (networks; absent when H_S has no normal modes).
  public var normalModes: [Double]?
  /// Means, covariance matrix and ⟨a_j†a_k⟩, ⟨a_j a_k⟩ (networks with `[output] covariance = true`).
  public var moments: GaussianMomentsResult?
  /// Entropy, purity, symplectic eigenvalues and the listed bipartitions' measures (networks).
  public var information: InformationResult?
  /// Counting statistics per bath (networks with `[solve] counting = true`).
  public var counting: [CountingResult]?
  /// Paper 000's Appendix-A moments in the lab frame (kind = "optomechanical").
  public var optomechanicalMoments: OptomechanicalMoments?
  /// Open-system and optomechanical models with `[output] density_matrix = true`: the steady state ρ in the product
  /// basis (optomechanical: in the equation's frame, `fock.frame`).
  public var densityMatrix: DensityMatrixResult?
  /// Open-system models recognised as quadratic: the same equation on the Gaussian engine and the currents' difference.
  public var gaussian: GaussianCrossCheckResult?
  /// Open-system and optomechanical models with `[output] relaxation = true`: the Liouvillian gap and relaxation time.
  public var relaxation: RelaxationResult?

  /// A result of `equation` with no numbers yet (the solvers fill it in), or a failed one with `error`.
  public init(equation: String, error: String? = nil) { self.equation = equation; self.error = error }
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
