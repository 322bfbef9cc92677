import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import Foundation
import Numerics

/// Which weak-coupling master equation to trust for a quadratic network, decided from the model alone (no
/// steady state is computed). With the normal modes of H_S = ½rᵀGr (Williamson, G = Sᵀ diag(Ω_k) S) and the
/// bath operators S_α = s_αᵀr = Σ_k (σ_αk,x x̃_k + σ_αk,p p̃_k) in normal-mode quadratures:
///   - damping rate of normal mode k (golden rule, 004 Eqs. 19, 25; SpectralDensity's rate 2J|c|²):
///     γ_k = Σ_α J_α(Ω_k)(σ_αk,x² + σ_αk,p²), γ_max = max_k γ_k (for a node X_i on an Ohmic bath, γ = λ²; for a
///     flat bath through x_i, γ = κ);
///   - secular ratio  R_sec = min_{k≠l} |Ω_k − Ω_l| / γ_max (the smallest Bohr-frequency spacing that the
///     secular approximation of the GME separates, over the largest rate; 004 Sec. II D);
///   - local ratios   R_ω = ε_max/ω_min and R_γ = ε_max/γ_max, with ω_i the frequency of node i's own block of G
///     and ε_ij the larger of the rotating (a_i†a_j) and counter-rotating (a_i a_j) amplitudes of the coupling
///     written in the local modes (for a spring: |K_ij|/(2√(ω_iω_j)), ω_i = √K_ii, 003 Sec. II, 004 Sec. II C;
///     for a hopping: ε);
///   - Born–Markov ratios γ_max/Ω_min, γ_max/T_min, γ_max/Λ_min and Ω_max/Λ_min (flat baths: Λ = ∞).
/// Every weak-coupling equation carries the Born–Markov error ~ γ_max/Ω_min; the verdict asks whether an
/// approximation's *additional* error stays within that floor (thresholds calibrated on 004's regimes,
/// graded by `AdvisorGrading` on networks they were not tuned on):
///   1. γ_max/Ω_min > 0.1 or γ_max/T_min > 1: no weak-coupling master equation is trusted (exact only);
///   2. R_sec ≥ 10 and secular error γ_max/ΔΩ_min ≤ 3 γ_max/Ω_min (i.e. ΔΩ_min ≥ Ω_min/3): trust the
///      global (secular GKLS) equation;
///   3. else R_γ = ε_max/γ_max ≤ 1, R_ω ≤ 0.05 and every coupled pair detuned by ≤ γ_max: trust the
///      local GKLS equation (the neglected coupling in the dissipators is below the Born–Markov error);
///   4. else: trust the Redfield equation (non-secular, non-local; check its positivity diagnostics).
/// Independently of the verdict, `Advice.outsideValidity` names every equation whose own condition fails
/// (global: rule 2; local and collisional: rule 3; all: rule 1) — what `solve` prints as warnings.
/// Finding (docs/papers/004.md): wherever Born–Markov holds, Redfield and partial Redfield are as
/// accurate as the best method in almost every graded network; the GKLS forms tie only inside their
/// regimes — their value is complete positivity and thermodynamic consistency, not extra accuracy.
/// Reference: paper 004, Secs. II C–D, IV and Figs. 2–3; paper 003 Sec. II; issue 4 item 4; issue 13 item 3.
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
    /// Equations outside their validity, with the reason (one sentence naming the failed ratio), keyed by
    /// `Derivation.kind` (the derivation with default tolerances).
    public let outsideValidity: [Derivation: String]

    /// Warnings for the equations `derivations` (in that order, any tolerances): one per equation outside its validity.
    public func warnings(for derivations: [Derivation]) -> [String] {
      var seen = Set<String>()
      return derivations.compactMap { d in outsideValidity[d.kind] }.filter { seen.insert($0).inserted }
    }
  }

  /// The numbers and the verdict for any quadratic `network` with at least one bath. Throws
  /// `ComparisonError.invalidParameter` if H_S has no normal modes (G not positive definite).
  public func advise(_ network: BosonicNetwork) throws -> Advice { try advise(network, normalModes: nil) }

  /// As `advise(_:)`, reusing `normalModes` (the `SplitNormalModes` of `network.splitHamiltonian`) when given.
  /// Networks without x–p cross terms never form a 2N × 2N matrix: O(N²) after the eigendecomposition.
  public func advise(_ network: BosonicNetwork, normalModes given: SplitNormalModes?) throws -> Advice {
    let n = network.modeCount
    guard !network.baths.isEmpty else { throw ComparisonError.invalidParameter(name: "baths", value: "[]", allowed: "at least one bath") }
    var rates = [Double](repeating: 0, count: n)
    let omegas: [Double]
    if let split = given ?? network.splitHamiltonian.flatMap({ try? SplitNormalModes(position: $0.position, momentum: $0.momentum) }) {
      omegas = split.frequencies
      for (a, bath) in network.baths.enumerated() {
        let w = split.couplingWeights(network.couplingVector(bath: a))
        for k in 0..<n { rates[k] += try bath.spectralDensity(omegas[k]) * w[k] }
      }
    } else {
      let modes: WilliamsonDecomposition
      do { modes = try WilliamsonDecomposition(network.hamiltonian.matrix) } catch {
        throw ComparisonError.invalidParameter(name: "the Hamiltonian matrix G", value: "not positive definite (\(error))",
                                               allowed: "a network with positive normal-mode frequencies (the master equations need them)")
      }
      omegas = modes.frequencies
      let sInv = modes.inverseSymplectic
      for (a, bath) in network.baths.enumerated() {
        let s = network.couplingVector(bath: a)
        for k in 0..<n {
          var sx = 0.0, sp = 0.0
          for i in 0..<(2 * n) { sx += s[i] * sInv[i, 2 * k]; sp += s[i] * sInv[i, 2 * k + 1] }
          rates[k] += try bath.spectralDensity(omegas[k]) * (sx * sx + sp * sp)
        }
      }
    }
    guard let omegaMin = omegas.first, omegaMin > 0 else {
      throw ComparisonError.invalidParameter(name: "smallest normal-mode frequency", value: "\(omegas.first ?? .nan)", allowed: "> 0 (stable network)")
    }
    // The 2 × 2 blocks of G (diagonal ones and the non-zero upper ones), from the couplings in O(N + couplings).
    var blocks: [Int: [Double]] = [:]   // key i·n + j (i ≤ j), entries (xx, xp, px, pp)
    network.forEachHamiltonianEntry { a, b, v in
      func put(_ r: Int, _ c: Int, _ v: Double) {
        guard r / 2 <= c / 2 else { return }
        blocks[(r / 2) * n + c / 2, default: [0, 0, 0, 0]][(r & 1) * 2 + (c & 1)] += v
      }
      put(a, b, v); if a != b { put(b, a, v) }
    }
    func block(_ i: Int, _ j: Int) -> Matrix<Double> {
      let e = blocks[i * n + j] ?? [0, 0, 0, 0]
      return Matrix([[e[0], e[1]], [e[2], e[3]]])
    }
    // Local modes: node i's own block of G; couplings written in them (rotating and counter-rotating amplitudes).
    var local = [Double](repeating: 0, count: n)
    var localS: [Matrix<Double>] = []
    for i in 0..<n {
      let w: WilliamsonDecomposition
      do { w = try WilliamsonDecomposition(block(i, i)) } catch {
        throw ComparisonError.invalidParameter(name: "the block of mode \(i) in G", value: "not positive definite", allowed: "a positive local frequency")
      }
      local[i] = w.frequencies[0]; localS.append(w.inverseSymplectic)
    }
    var eps = 0.0, detuning = 0.0
    for key in blocks.keys.sorted() {
      let i = key / n, j = key % n
      guard i < j else { continue }
      let b = block(i, j)
      guard b.maxAbs > 0 else { continue }
      let t = localS[i].transposed * b * localS[j]   // the block in local-mode quadratures
      let xx = t[0, 0], xp = t[0, 1], px = t[1, 0], pp = t[1, 1]
      let rotating = Complex(xx + pp, px - xp).length / 2, counter = Complex(xx - pp, -(xp + px)).length / 2
      eps = max(eps, rotating, counter); detuning = max(detuning, abs(local[i] - local[j]))
    }
    return verdict(omegas: omegas, rates: rates, local: local, eps: eps, detuning: detuning,
                   tMin: network.baths.map(\.temperature).min() ?? 0,
                   lMin: network.baths.compactMap { b -> Double? in if case let .ohmicDrude(_, c) = b.spectralDensity.kind { return c } else { return nil } }.min() ?? .infinity)
  }

  func verdict(omegas: [Double], rates: [Double], local: [Double], eps: Double, detuning: Double, tMin: Double, lMin: Double) -> Advice {
    let n = omegas.count
    let gMax = rates.max() ?? 0
    var spacing = Double.infinity
    for a in 0..<n { for b in (a + 1)..<max(n, a + 1) { spacing = min(spacing, abs(omegas[b] - omegas[a])) } }
    let nums = Numbers(normalModeFrequencies: omegas, normalModeRates: rates, maximumRate: gMax, smallestBohrSpacing: spacing,
                       secularRatio: spacing / gMax, maximumInternalCoupling: eps, localFrequencyRatio: eps / (local.min() ?? 1),
                       localDissipationRatio: eps / gMax, detuningRatio: detuning / gMax, rateOverFrequency: gMax / omegas[0],
                       rateOverTemperature: tMin > 0 ? gMax / tMin : .infinity, frequencyOverCutoff: omegas[n - 1] / lMin, rateOverCutoff: gMax / lMin)
    func f(_ x: Double) -> String { String(format: "%.3g", x) }
    var reasons: [String] = []
    var outside: [Derivation: String] = [:]
    reasons.append("largest damping rate γ_max = \(f(gMax)); smallest Bohr spacing \(f(spacing)); internal coupling ε_max = \(f(eps))")
    let secularOK = nums.secularRatio >= secularThreshold && spacing >= omegas[0] / secularErrorFactor
    if !secularOK {
      var failed: [String] = []
      if nums.secularRatio < secularThreshold { failed.append("secular ratio ΔΩ_min/γ_max = \(f(nums.secularRatio)) < \(f(secularThreshold))") }
      if spacing < omegas[0] / secularErrorFactor { failed.append("ΔΩ_min/Ω_min = \(f(spacing / omegas[0])) < 1/\(f(secularErrorFactor))") }
      outside[.global] = "the global (secular) equation is outside its validity: \(failed.joined(separator: "; ")) — it drops the coherences between normal modes closer than the damping allows"
    }
    let localOK = nums.localFrequencyRatio <= localThreshold && nums.localDissipationRatio <= localDissipationThreshold && nums.detuningRatio <= localDissipationThreshold
    if !localOK {
      var failed: [String] = []
      if nums.localDissipationRatio > localDissipationThreshold { failed.append("ε/γ = \(f(nums.localDissipationRatio)) > \(f(localDissipationThreshold)) (the internal coupling exceeds the dissipation rate)") }
      if nums.localFrequencyRatio > localThreshold { failed.append("ε/ω = \(f(nums.localFrequencyRatio)) > \(f(localThreshold)) (the internal coupling is not small against the frequencies)") }
      if nums.detuningRatio > localDissipationThreshold { failed.append("detuning/γ = \(f(nums.detuningRatio)) > \(f(localDissipationThreshold)) (coupled modes detuned by more than the dissipation rate)") }
      let why = failed.joined(separator: "; ")
      outside[.local] = "the local equation is outside its validity: \(why) — its dissipators act on the uncoupled modes; trust \(secularOK ? "the global" : "the Redfield") equation or compare with the exact solution (clausius compare)"
      outside[.collisional] = "the collisional (local) equation is outside its validity: \(why)"
    }
    if nums.rateOverFrequency > weakCouplingThreshold || nums.rateOverTemperature > markovTemperatureThreshold {
      let why = "γ_max/Ω_min = \(f(nums.rateOverFrequency)) (needs ≤ \(f(weakCouplingThreshold))), γ_max/T_min = \(f(nums.rateOverTemperature)) (needs ≤ \(f(markovTemperatureThreshold)))"
      reasons.append("Born–Markov fails: \(why)")
      for k in [Derivation.global, .local, .collisional, .redfield, .partialRedfield] {
        outside[k] = "the \(k.name) equation is outside its validity: the Born–Markov approximation fails (\(why)); use the exact solution (clausius compare)"
      }
      return Advice(numbers: nums, recommended: nil, reasons: reasons + ["trust no weak-coupling master equation here: use the exact Langevin solution"], outsideValidity: outside)
    }
    reasons.append("Born–Markov holds: γ_max/Ω_min = \(f(nums.rateOverFrequency)), γ_max/T_min = \(f(nums.rateOverTemperature)), Ω_max/Λ_min = \(f(nums.frequencyOverCutoff)), γ_max/Λ_min = \(f(nums.rateOverCutoff))")
    if secularOK {
      reasons.append("secular ratio \(f(nums.secularRatio)) ≥ \(f(secularThreshold)) and ΔΩ_min/Ω_min = \(f(spacing / omegas[0])) ≥ 1/\(f(secularErrorFactor)): the secular error γ/ΔΩ is within the Born–Markov error γ/Ω")
      return Advice(numbers: nums, recommended: .global, reasons: reasons + ["trust the global (secular GKLS) equation here"], outsideValidity: outside)
    }
    reasons.append("secular ratio \(f(nums.secularRatio)), ΔΩ_min/Ω_min = \(f(spacing / omegas[0])): the secular error γ/ΔΩ exceeds \(f(secularErrorFactor))× the Born–Markov error")
    if localOK {
      reasons.append("local ratios ε/ω = \(f(nums.localFrequencyRatio)) ≤ \(f(localThreshold)), ε/γ = \(f(nums.localDissipationRatio)) and detuning/γ = \(f(nums.detuningRatio)) ≤ \(f(localDissipationThreshold)): the internal coupling is below the dissipation rate")
      return Advice(numbers: nums, recommended: .local, reasons: reasons + ["trust the local GKLS equation here"], outsideValidity: outside)
    }
    reasons.append("local ratios ε/ω = \(f(nums.localFrequencyRatio)), ε/γ = \(f(nums.localDissipationRatio)), detuning/γ = \(f(nums.detuningRatio)): the local approximation is not justified either")
    return Advice(numbers: nums, recommended: .redfield, reasons: reasons + ["trust the Redfield equation here (check its positivity diagnostics)"], outsideValidity: outside)
  }
}
