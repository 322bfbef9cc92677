import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import Foundation

/// Which weak-coupling master equation to trust for a position-coupled harmonic network, decided from
/// the model alone (no steady state is computed). With K, c_α, J_α of `ExactLangevinInputs` and the
/// normal modes K v_k = Ω_k² v_k:
///   - damping rate of normal mode k (golden rule, 004 Eqs. 19, 25): γ_k = Σ_α (v_k·c_α)² J_α(Ω_k)/Ω_k,
///     γ_max = max_k γ_k (for a node X_i on an Ohmic bath, γ = λ²);
///   - secular ratio  R_sec = min_{k≠l} |Ω_k − Ω_l| / γ_max (the smallest Bohr-frequency spacing that the
///     secular approximation of the GME separates, over the largest rate; 004 Sec. II D);
///   - local ratios   R_ω = ε_max/ω_min and R_γ = ε_max/γ_max, with the hopping-equivalent internal
///     coupling ε_ij = |K_ij|/(2√(ω_i ω_j)), ω_i = √K_ii (003 Sec. II, 004 Sec. II C);
///   - Born–Markov ratios γ_max/Ω_min, γ_max/T_min, γ_max/Λ_min and Ω_max/Λ_min.
/// Every weak-coupling equation carries the Born–Markov error ~ γ_max/Ω_min; the verdict asks whether an
/// approximation's *additional* error stays within that floor (thresholds calibrated on 004's regimes,
/// graded by `AdvisorGrading` on networks they were not tuned on):
///   1. γ_max/Ω_min > 0.1 or γ_max/T_min > 1: no weak-coupling master equation is trusted (exact only);
///   2. R_sec ≥ 10 and secular error γ_max/ΔΩ_min ≤ 3 γ_max/Ω_min (i.e. ΔΩ_min ≥ Ω_min/3): trust the
///      global (secular GKLS) equation;
///   3. else R_γ = ε_max/γ_max ≤ 1, R_ω ≤ 0.05 and every coupled pair detuned by ≤ γ_max: trust the
///      local GKLS equation (the neglected coupling in the dissipators is below the Born–Markov error);
///   4. else: trust the Redfield equation (non-secular, non-local; check its positivity diagnostics).
/// Finding (docs/papers/004.md): wherever Born–Markov holds, Redfield and partial Redfield are as
/// accurate as the best method in almost every graded network; the GKLS forms tie only inside their
/// regimes — their value is complete positivity and thermodynamic consistency, not extra accuracy.
/// Reference: paper 004, Secs. II C–D, IV and Figs. 2–3; issue 4 item 4.
public struct ValidityAdvisor: Sendable {
  /// The dimensionless numbers the verdict is made from.
  public struct Numbers: Sendable, Codable, Equatable {
    public let normalModeFrequencies: [Double]
    public let normalModeRates: [Double]
    public let maximumRate: Double
    public let smallestBohrSpacing: Double
    public let secularRatio: Double
    public let maximumInternalCoupling: Double
    public let localFrequencyRatio: Double
    public let localDissipationRatio: Double
    /// Largest |ω_i − ω_j| over coupled pairs (K_ij ≠ 0) ÷ γ_max.
    public let detuningRatio: Double
    public let rateOverFrequency: Double
    public let rateOverTemperature: Double
    public let frequencyOverCutoff: Double
    /// γ_max/Λ_min (bath memory time 1/Λ against the relaxation time 1/γ).
    public let rateOverCutoff: Double
  }

  /// Thresholds of the verdict (defaults as documented above).
  public var secularThreshold = 10.0
  /// GME: secular error γ/ΔΩ at most this multiple of the Born–Markov error γ/Ω.
  public var secularErrorFactor = 3.0
  public var localThreshold = 0.05
  /// LME: ε_max/γ_max and (coupled-pair detuning)/γ_max at most this.
  public var localDissipationThreshold = 1.0
  public var weakCouplingThreshold = 0.1
  public var markovTemperatureThreshold = 1.0

  public init() {}

  public struct Advice: Sendable {
    public let numbers: Numbers
    /// The master equation to trust, or nil when none is (use the exact solution).
    public let recommended: Derivation?
    public let reasons: [String]
  }

  /// The numbers and the verdict for `network` (must have an exact Langevin form, `ExactLangevinInputs`).
  public func advise(_ network: BosonicNetwork) throws -> Advice {
    try advise(ExactLangevinInputs(network: network))
  }

  public func advise(_ model: ExactLangevinInputs) throws -> Advice {
    let k = model.potential
    let n = k.rows
    let eig: SymmetricEigenDecomposition
    do { eig = try k.symmetrized.symmetricEigen() } catch { throw ComparisonError.invalidParameter(name: "potential K", value: "\(error)", allowed: "symmetric") }
    guard let m = eig.values.first, m > 0 else {
      throw ComparisonError.invalidParameter(name: "smallest eigenvalue of K", value: "\(eig.values.first ?? .nan)", allowed: "> 0 (stable network)")
    }
    let omegas = eig.values.map { $0.squareRoot() }
    let rates = (0..<n).map { kk -> Double in
      model.baths.reduce(0.0) { acc, b in
        var p = 0.0
        for i in 0..<n { p += eig.vectors[i, kk] * b.coupling[i] }
        return acc + p * p * b.spectralDensity.j(omegas[kk]) / omegas[kk]
      }
    }
    let gMax = rates.max() ?? 0
    var spacing = Double.infinity
    for a in 0..<n { for b in (a + 1)..<max(n, a + 1) { spacing = min(spacing, abs(omegas[b] - omegas[a])) } }
    let local = (0..<n).map { k[$0, $0].squareRoot() }
    var eps = 0.0, detuning = 0.0
    for j in 0..<n { for i in 0..<j where k[i, j] != 0 {
      eps = max(eps, abs(k[i, j]) / (2 * (local[i] * local[j]).squareRoot())); detuning = max(detuning, abs(local[i] - local[j]))
    } }
    let tMin = model.baths.map(\.temperature).min() ?? 0
    let lMin = model.baths.map(\.spectralDensity.cutoff).min() ?? .infinity
    let nums = Numbers(normalModeFrequencies: omegas, normalModeRates: rates, maximumRate: gMax, smallestBohrSpacing: spacing,
                       secularRatio: spacing / gMax, maximumInternalCoupling: eps, localFrequencyRatio: eps / (local.min() ?? 1),
                       localDissipationRatio: eps / gMax, detuningRatio: detuning / gMax, rateOverFrequency: gMax / omegas[0],
                       rateOverTemperature: tMin > 0 ? gMax / tMin : .infinity, frequencyOverCutoff: omegas[n - 1] / lMin, rateOverCutoff: gMax / lMin)
    func f(_ x: Double) -> String { String(format: "%.3g", x) }
    var reasons: [String] = []
    reasons.append("largest damping rate γ_max = \(f(gMax)); smallest Bohr spacing \(f(spacing)); internal coupling ε_max = \(f(eps))")
    if nums.rateOverFrequency > weakCouplingThreshold || nums.rateOverTemperature > markovTemperatureThreshold {
      reasons.append("Born–Markov fails: γ_max/Ω_min = \(f(nums.rateOverFrequency)) (needs ≤ \(f(weakCouplingThreshold))), γ_max/T_min = \(f(nums.rateOverTemperature)) (needs ≤ \(f(markovTemperatureThreshold)))")
      return Advice(numbers: nums, recommended: nil, reasons: reasons + ["trust no weak-coupling master equation here: use the exact Langevin solution"])
    }
    reasons.append("Born–Markov holds: γ_max/Ω_min = \(f(nums.rateOverFrequency)), γ_max/T_min = \(f(nums.rateOverTemperature)), Ω_max/Λ_min = \(f(nums.frequencyOverCutoff)), γ_max/Λ_min = \(f(nums.rateOverCutoff))")
    let secularOK = nums.secularRatio >= secularThreshold && spacing >= omegas[0] / secularErrorFactor
    if secularOK {
      reasons.append("secular ratio \(f(nums.secularRatio)) ≥ \(f(secularThreshold)) and ΔΩ_min/Ω_min = \(f(spacing / omegas[0])) ≥ 1/\(f(secularErrorFactor)): the secular error γ/ΔΩ is within the Born–Markov error γ/Ω")
      return Advice(numbers: nums, recommended: .global, reasons: reasons + ["trust the global (secular GKLS) equation here"])
    }
    reasons.append("secular ratio \(f(nums.secularRatio)), ΔΩ_min/Ω_min = \(f(spacing / omegas[0])): the secular error γ/ΔΩ exceeds \(f(secularErrorFactor))× the Born–Markov error")
    if nums.localFrequencyRatio <= localThreshold, nums.localDissipationRatio <= localDissipationThreshold, nums.detuningRatio <= localDissipationThreshold {
      reasons.append("local ratios ε/ω = \(f(nums.localFrequencyRatio)) ≤ \(f(localThreshold)), ε/γ = \(f(nums.localDissipationRatio)) and detuning/γ = \(f(nums.detuningRatio)) ≤ \(f(localDissipationThreshold)): the internal coupling is below the dissipation rate")
      return Advice(numbers: nums, recommended: .local, reasons: reasons + ["trust the local GKLS equation here"])
    }
    reasons.append("local ratios ε/ω = \(f(nums.localFrequencyRatio)), ε/γ = \(f(nums.localDissipationRatio)), detuning/γ = \(f(nums.detuningRatio)): the local approximation is not justified either")
    return Advice(numbers: nums, recommended: .redfield, reasons: reasons + ["trust the Redfield equation here (check its positivity diagnostics)"])
  }
}
