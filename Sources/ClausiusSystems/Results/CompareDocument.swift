import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// One master equation graded against the exact quantum-Langevin steady state.
public struct CompareRow: Codable, Sendable, Equatable {
  public var equation: String
  public var error: String?
  /// Q̇_α with the global H_S (> 0 into the system).
  public var heatCurrents: [Double]
  /// Uhlmann fidelity F(V_exact, V_method) (paper 004, Eq. 35); nil if the state is unphysical.
  public var fidelity: Double?
  /// 1 − F computed without cancellation (accurate where 1 − `fidelity` is round-off); nil as `fidelity`.
  public var infidelity: Double? = nil
  /// |Q̇_α − Q̇_α^exact| / max_β |Q̇_β^exact|.
  public var currentErrors: [Double]
  /// Baths whose current has the wrong sign.
  public var reversedCurrents: [Int]
  /// max|V − V_exact| / max|V_exact|.
  public var covarianceError: Double
  /// Same over the inter-mode blocks.
  public var correlationError: Double
  public var entropyProduction: Double
  public var globalHeatEntropyProduction: Double
  public var secondLawHolds: Bool
  public var uncertaintyMargin: Double
  public var physical: Bool
  public var lyapunovResidual: Double
  /// "accurate" (current and covariance errors ≤ 1e-2), "inaccurate", "unphysical" or "failed".
  public var verdict: String
}

/// The JSON document of `clausius compare`.
public struct CompareDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  /// Exact (Landauer) heat currents per bath and the exact entropy production.
  public var exactHeatCurrents: [Double]
  public var exactEntropyProduction: Double
  public var baths: [String]
  public var methods: [CompareRow]
  /// The method with the smallest max(covariance error, current error).
  public var mostAccurate: String?
  /// The validity advisor's recommendation (nil: none of the master equations; trust the exact state).
  public var recommended: String?
  public var reasons: [String]
  /// How the exact state was computed and how precise it is (nil in documents written before issue 13).
  public var exact: ExactInfo?
  /// The advisor again, with a warning per compared equation outside its validity (as in `solve`).
  public var advisor: AdvisorInfo?
}

/// The exact reference of `compare`: solver and quadrature diagnostics.
public struct ExactInfo: Codable, Sendable, Equatable {
  /// "position-coupled" (paper 004 Sec. III) or "network" (any quadratic network, docs/exact-langevin.md).
  public var solver: String
  public var description: String
  /// Conservative absolute error estimates of the exact heat currents (per bath) and of the covariance (max entry).
  public var heatCurrentErrors: [Double]
  public var maxCovarianceError: Double
  /// Whether the adaptive frequency quadrature met its tolerance (relative 1e-9).
  public var converged: Bool
  public var notes: [String]
}

/// The validity advisor's view of a network model (`solve` and `compare` documents): recommended equation
/// and one warning per requested equation outside its validity (ValidityAdvisor).
public struct AdvisorInfo: Codable, Sendable, Equatable {
  /// The equation the advisor trusts ("exact" when none), nil when the advisor does not apply.
  public var recommended: String?
  public var warnings: [String]
  public var reasons: [String]

  /// The advice for `network` with the requested equations; the advisor's own failure is a note, not an error.
  public init(network: BosonicNetwork, equations: [Derivation], normalModes: SplitNormalModes? = nil) {
    do {
      let a = try ValidityAdvisor().advise(network, normalModes: normalModes)
      recommended = a.recommended.map(\.description) ?? "exact"
      warnings = a.warnings(for: equations)
      reasons = a.reasons
    } catch {
      recommended = nil; warnings = []; reasons = ["the validity advisor does not apply to this model: \(error)"]
    }
  }
}
