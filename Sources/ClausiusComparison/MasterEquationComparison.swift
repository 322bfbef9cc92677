import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// The grading table of paper 004 for any position-coupled harmonic network: the exact quantum-Langevin
/// NESS (Sec. III) against the steady states of the global (GME), local (LME), Redfield and partial
/// Redfield master equations (Sec. II, Appendix), with, for each method,
///   - Uhlmann fidelity F(V_exact, V_method) and 1 − F without cancellation (n-mode formula,
///     `GaussianInformation.fidelityWithInfidelity`; 004 Eq. 35),
///   - current error per bath |Q̇_α − Q̇_α^exact| / Q_scale (exact: Landauer form), with
///     Q_scale = max(max_β |Q̇_β^exact|, 10⁻¹¹ Q_gross) and Q_gross = Σ_α Σ_i c_αi² J_α(ω_i)(n̄_α(ω_i) + ½) the
///     gross energy exchange with the baths: master-equation heats are differences of terms of size
///     Q_gross (first-law residuals up to ~4·10⁻¹⁴ Q_gross observed), so currents below 10⁻¹¹ Q_gross
///     (nearly disconnected networks) are graded on that round-off floor, not as relative errors,
///   - covariance error max|V − V_exact| / max|V_exact| and correlation error, the same over the
///     inter-node blocks only (i ≠ j),
///   - the Clausius inequality with the method's heats (Σ including work, and the naive global-heat Σ),
///   - uncertainty-principle violations V + iΩ/2 ≱ 0 (Redfield can break positivity, 004 Sec. II D).
/// Covariances are compared in the Clausius convention x_i = √ω_i X_i (the network's bare ω_i).
/// Reference: paper 004, Secs. II–IV, Figs. 2–3; issue 4 item 3.
public struct MasterEquationComparison: Sendable {
  /// One row of the table: a master equation graded against the exact state.
  public struct Row: Sendable {
    public let derivation: Derivation
    /// Why the method has no steady state (e.g. an unstable drift), else nil; the other fields are then NaN/empty.
    public let failure: String?
    public let covariance: Matrix<Double>?
    /// Heat currents Q̇_α into the network, counted with the global H_S (004 Eqs. 23, 27).
    public let heatCurrents: [Double]
    /// F(exact, method); nil when the method's state is unphysical (fidelity undefined) or failed.
    public let fidelity: Double?
    /// 1 − F(exact, method), computed without cancellation (`GaussianInformation.fidelityWithInfidelity`); nil as `fidelity`.
    public let oneMinusFidelity: Double?
    /// |Q̇_α − Q̇_α^exact| / Q_scale per bath (Q_scale: see the type's documentation).
    public let currentErrors: [Double]
    /// Baths whose current has the opposite sign to the exact one (e.g. the LME of 004 Fig. 2c); exact
    /// currents below the round-off floor 10⁻¹¹ Q_gross are not counted.
    public let reversedCurrents: [Int]
    public let covarianceError: Double
    /// Inter-node blocks only, relative to the largest exact inter-node correlation (floor 1e-12 max|V|); NaN for
    /// a single node.
    public let correlationError: Double
    /// Σ = −Σ_α Q̇_α^counted/T_α (counted heats include the LME's work, paper 003 App. C).
    public let entropyProduction: Double
    /// −Σ_α Q̇_α/T_α with the global-H heats (the naive Clausius inequality the LME can violate).
    public let globalHeatEntropyProduction: Double
    public let secondLawHolds: Bool
    /// Smallest eigenvalue of V + iΩ/2 (negative: the uncertainty principle is violated).
    public let uncertaintyMargin: Double
    public let isPhysical: Bool
    /// |Σ_α Q̇_α| with the global-H heats: zero at an undriven steady state, so its size is the numerical
    /// resolution of this method's currents (compare with |Q̇_α − Q̇_α^exact|).
    public let firstLawResidual: Double
    /// Lyapunov relative residual of the method's steady state.
    public let residual: Double

    /// The accuracy score used to rank methods: max(covariance error, largest current error)
    /// (both relative, linear in the state error; +∞ on failure).
    public var score: Double {
      guard failure == nil else { return .infinity }
      return max(covarianceError, currentErrors.max() ?? 0)
    }
    /// 1 − F (the accurate value, not 1 minus the rounded F).
    public var infidelity: Double? { oneMinusFidelity }
  }

  public let network: BosonicNetwork
  /// The exact reference state (paper 004's position-coupled solver, or the general network solver).
  public let exact: ExactReference
  /// Exact covariance in the Clausius convention (x_i = √ω_i X_i).
  public let exactCovariance: Matrix<Double>
  public let exactHeatCurrents: [Double]
  /// −Σ_α Q̇_α^exact/T_α ≥ 0.
  public let exactEntropyProduction: Double
  /// Q_gross (position-coupled: Σ_α Σ_i c_αi² J_α(ω_i)(n̄_α(ω_i) + ½); network solver: Σ_α of its gross
  /// exchange) and the current scale used for the current errors.
  public let grossHeatExchange: Double
  public let currentScale: Double
  public let rows: [Row]

  /// The methods compared by default.
  public static let standardDerivations: [Derivation] = [.global, .local, .redfield, .partialRedfield]

  /// Builds the table. A position-coupled network with Ohmic–Drude baths (paper 004's model) is solved by
  /// `ExactLangevinSteadyState`; any other quadratic network by `ExactNetworkSteadyState` (hopping, squeezing,
  /// x–p terms, drives, flat baths as rotating-wave white-noise baths; docs/exact-langevin.md). Throws
  /// `ComparisonError` if the network has no exact form, or `ExactLangevinError` if the exact problem has no
  /// steady state; a master equation that fails (e.g. `NumericsError.unstableDrift`) is reported in its row.
  public init(network: BosonicNetwork, derivations: [Derivation] = MasterEquationComparison.standardDerivations,
              quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws {
    guard !derivations.isEmpty else { throw ComparisonError.invalidParameter(name: "derivations", value: "[]", allowed: "at least one derivation") }
    try self.init(network: network, exact: ExactReference(network: network, quadrature: quadrature), derivations: derivations)
  }

  /// Builds the table against an exact state already computed for `network` (e.g. in a sweep).
  public init(network: BosonicNetwork, exact: ExactLangevinSteadyState, derivations: [Derivation] = MasterEquationComparison.standardDerivations) throws {
    try self.init(network: network, exact: .positionCoupled(exact), derivations: derivations)
  }

  public init(network: BosonicNetwork, exact: ExactReference, derivations: [Derivation] = MasterEquationComparison.standardDerivations) throws {
    self.network = network
    self.exact = exact
    let vx = try exact.covariance(quadratureFrequencies: network.frequencies)
    exactCovariance = vx
    let qx = exact.heatCurrents
    exactHeatCurrents = qx
    exactEntropyProduction = zip(qx, network.baths).reduce(0) { $0 - $1.0 / max($1.1.temperature, .leastNormalMagnitude) }
    let exactState = try GaussianState(covariance: vx)
    let gross = exact.grossHeatExchange
    grossHeatExchange = gross
    let qScale = max(qx.map(abs).max() ?? 0, 1e-11 * gross, .leastNormalMagnitude)
    currentScale = qScale
    let n = network.modeCount
    // Relative to the largest exact inter-node correlation; when the exact nodes are uncorrelated (a zero coupling)
    // that is 0 and the ratio 0/0 was NaN: the floor 1e-12 × max|V| measures the error against the state's scale.
    let corrScale = max(Self.interNodeMax(vx), 1e-12 * vx.maxAbs, .leastNormalMagnitude)
    rows = derivations.map { d in
      do {
        let ss = try network.masterEquation(d).gaussianSteadyState()
        let v = ss.covariance
        let th = ss.thermodynamics
        let heats = th.baths.map(\.heat)
        var fid: GaussianFidelity? = nil
        if ss.diagnostics.isPhysical, let s = try? GaussianState(covariance: v) { fid = try? GaussianInformation.fidelityWithInfidelity(exactState, s) }
        let diff = v - vx
        return Row(derivation: d, failure: nil, covariance: v, heatCurrents: heats, fidelity: fid?.fidelity, oneMinusFidelity: fid?.oneMinusFidelity,
                   currentErrors: zip(heats, qx).map { abs($0 - $1) / qScale },
                   reversedCurrents: heats.indices.filter { heats[$0] * qx[$0] < 0 && abs(qx[$0]) > 1e-11 * gross },
                   covarianceError: diff.maxAbs / vx.maxAbs,
                   correlationError: n > 1 ? Self.interNodeMax(diff) / corrScale : .nan,
                   entropyProduction: th.secondLaw.entropyProduction, globalHeatEntropyProduction: th.secondLaw.globalHeatEntropyProduction,
                   secondLawHolds: th.secondLaw.holds, uncertaintyMargin: ss.diagnostics.uncertaintyMargin,
                   isPhysical: ss.diagnostics.isPhysical, firstLawResidual: abs(heats.reduce(0, +)), residual: ss.diagnostics.relativeResidual)
      } catch {
        return Row(derivation: d, failure: "\(error)", covariance: nil, heatCurrents: [], fidelity: nil, oneMinusFidelity: nil, currentErrors: [], reversedCurrents: [],
                   covarianceError: .nan, correlationError: .nan, entropyProduction: .nan, globalHeatEntropyProduction: .nan,
                   secondLawHolds: false, uncertaintyMargin: .nan, isPhysical: false, firstLawResidual: .nan, residual: .nan)
      }
    }
  }

  /// max_{i≠j} |M_{block ij}| over the 2×2 inter-node blocks.
  static func interNodeMax(_ m: Matrix<Double>) -> Double {
    let n = m.rows / 2
    var out = 0.0
    for j in 0..<n { for i in 0..<n where i != j {
      for a in 0..<2 { for b in 0..<2 { out = max(out, abs(m[2 * i + a, 2 * j + b])) } }
    } }
    return out
  }

  /// The row with the smallest `score` (the most accurate method for this network).
  public var mostAccurate: Row? { rows.filter { $0.failure == nil }.min { $0.score < $1.score } }

  /// The row of a kind of derivation (whatever its tolerances), if it was compared.
  public func row(_ kind: Derivation) -> Row? { rows.first { $0.derivation.kind == kind.kind } }

  /// A plain-text table (one line per method).
  public func formattedTable() -> String {
    func pad(_ t: String, _ w: Int) -> String { t.count >= w ? t + " " : t + String(repeating: " ", count: w - t.count) }
    func e(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.3e", $0) : "\($0)" } ?? "n/a" }
    var s = pad("method", 16) + pad("1 − F", 12) + pad("current err", 12) + pad("cov err", 12) + pad("corr err", 12)
      + pad("Σ ≥ 0", 7) + pad("V+iΩ/2≥0", 10) + "reversed\n"
    for r in rows {
      if let f = r.failure { s += pad(r.derivation.description, 16) + "failed: \(f)\n"; continue }
      s += pad(r.derivation.description, 16) + pad(e(r.infidelity), 12) + pad(e(r.currentErrors.max()), 12) + pad(e(r.covarianceError), 12)
        + pad(e(r.correlationError), 12) + pad(r.secondLawHolds ? "yes" : "NO", 7) + pad(r.isPhysical ? "yes" : "NO", 10)
        + (r.reversedCurrents.isEmpty ? "-" : r.reversedCurrents.map(String.init).joined(separator: ",")) + "\n"
    }
    return s
  }
}
