import ClausiusDynamics
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation
import Numerics

/// The adiabatic (instantaneous-eigenbasis) normal-mode equations of a network with G(t): validity along the trajectory
/// (`AdiabaticDiagnostics`; docs/time-evolution.md, "Adiabatic master equation").
extension ModelFile {
  /// The normal modes of H(t) at one time.
  struct NormalModeSample {
    let t: Double
    let nu: [Double]
    /// b_k = u_kᵀ r, u_k = (S_{2k,·} + i S_{2k+1,·})/√2 (row k).
    let modeVectors: Matrix<Complex<Double>>
    /// Pairs (k, l), k < l, that the equation treats together (global: one degenerate group; partial Redfield: |ν_k − ν_l|
    /// within its detuning); the generator is discontinuous where this set changes.
    let joined: Set<[Int]>
    let parameter: Double
    /// min |ν_k − ν_l| over the pairs not joined (∞ with one mode), and that over max_k Γ_k.
    let spacing: Double
    let spacingOverRate: Double
  }

  /// Samples the normal modes of H(t) on the output times, a grid resolving the modulations (≥ 32 points per period, ≥ 200
  /// over the run) and both sides of each step; refines by bisection where the normal modes change order between two
  /// samples. Throws when two normal-mode frequencies cross or the global (partial Redfield) equation's grouping of
  /// (near-)degenerate modes changes: its dissipators are then discontinuous in t. nil when G does not change or the
  /// equation is local.
  func adiabaticDiagnostics(_ choice: Derivation, times: [Double]) throws -> AdiabaticDiagnostics? {
    guard choice.usesNormalModes, modulatesNormalModes, let tEnd = times.last, tEnd > 0 else { return nil }
    let jumpTimes = Set(timeFunctions.flatMap { $0.jumps.map(\.time) })
    var grid = Set(times)
    let step = min(tEnd / 200, (timeFunctions.compactMap(\.period).min() ?? .infinity) / 32)
    for i in 0...Int((tEnd / step).rounded(.up)) { grid.insert(min(tEnd, Double(i) * step)) }
    for b in timeFunctions.flatMap(\.breakpoints) where b > 0 && b <= tEnd {
      grid.insert(b)
      if jumpTimes.contains(b) { grid.insert(b - 1e-9 * max(1, b)) }
    }
    let ts = grid.sorted()
    var samples = try ts.map { try normalModeSample(choice, at: $0) }
    var extra: [NormalModeSample] = []
    let resolution = 1e-10 * max(1, tEnd)
    // Checks the interval (a, b] (no jump inside), bisecting while the modes swap; throws at a crossing.
    func check(_ a: NormalModeSample, _ b: NormalModeSample, depth: Int) throws {
      if a.joined != b.joined {
        let changed = a.joined.symmetricDifference(b.joined).sorted { $0.lexicographicallyPrecedes($1) }.first!
        throw DynamicsError.failed("equation \(choice.name): normal modes \(changed[0]) and \(changed[1]) of H(t) become \(b.joined.contains(changed) ? "joined" : "separated") between t = \(a.t) and \(b.t) (frequencies \(a.nu[changed[0]]), \(a.nu[changed[1]]) → \(b.nu[changed[0]]), \(b.nu[changed[1]])): the \(choice.name) dissipators change discontinuously there, the adiabatic equation does not apply (use redfield or local)")
      }
      guard let (k, l) = Self.swappedModes(a, b) else { return }
      if b.t - a.t <= resolution || depth >= 60 {
        if Self.continuousThroughCrossings(choice) { return }
        throw DynamicsError.failed("equation \(choice.name): normal modes \(k) and \(l) of H(t) cross at t ≈ \(a.t) (frequencies \(a.nu[k]), \(a.nu[l])): the secular dissipators are discontinuous at a crossing and the adiabatic \(choice.name) equation does not apply (use redfield or local)")
      }
      let m = try normalModeSample(choice, at: 0.5 * (a.t + b.t))
      extra.append(m)
      try check(a, m, depth: depth + 1); try check(m, b, depth: depth + 1)
    }
    for i in 1..<samples.count where !jumpTimes.contains(where: { $0 > samples[i - 1].t && $0 <= samples[i].t }) {
      try check(samples[i - 1], samples[i], depth: 0)
    }
    samples += extra
    let worst = samples.max { $0.parameter < $1.parameter }!
    let closest = samples.min { $0.spacing < $1.spacing }!
    let ratio = samples.map(\.spacingOverRate).min()!
    return AdiabaticDiagnostics(parameter: worst.parameter, parameterTime: worst.t, minimumSpacing: closest.spacing.isFinite ? closest.spacing : nil,
                                spacingTime: closest.spacing.isFinite ? closest.t : nil, spacingOverRate: ratio.isFinite ? ratio : nil, samples: samples.count)
  }

  /// The normal modes, 𝒜(t), the spacing and the joined pairs at t (AdiabaticDiagnostics' definitions).
  func normalModeSample(_ choice: Derivation, at t: Double) throws -> NormalModeSample {
    let eq = try network(at: t).masterEquation(choice)
    guard case let .normalModes(w) = eq.frame else { throw DynamicsError.failed("equation \(choice.name) is not written on normal modes") }
    let nu = w.frequencies, n = nu.count
    // Ġ̃ = S⁻ᵀ Ġ S⁻¹; ∂_tH = Σ M_kl b_k†b_l + ½Σ (N_kl b_k†b_l† + h.c.) + const with
    // M_kl = ½[Ġ̃(x_k,x_l) + Ġ̃(p_k,p_l) + i(Ġ̃(p_k,x_l) − Ġ̃(x_k,p_l))], N_kl = ½[Ġ̃(x_k,x_l) − Ġ̃(p_k,p_l) + i(Ġ̃(x_k,p_l) + Ġ̃(p_k,x_l))].
    let g = try QuadraticHamiltonian(matrix: hamiltonianRate(at: t).matrix).transformed(inverse: w.inverseSymplectic).matrix
    let joined = Self.joinedPairs(choice, nu)
    let drift = eq.gaussianDynamics.drift
    var rate = 0.0
    for k in 0..<n { rate = max(rate, -(drift[2 * k, 2 * k] + drift[2 * k + 1, 2 * k + 1])) }
    var parameter = 0.0, spacing = Double.infinity
    for k in 0..<n {
      for l in 0..<n {
        let (xx, pp, xp, px) = (g[2 * k, 2 * l], g[2 * k + 1, 2 * l + 1], g[2 * k, 2 * l + 1], g[2 * k + 1, 2 * l])
        let dn: Double = xx - pp, sn: Double = xp + px
        let nkl: Double = 0.5 * (dn * dn + sn * sn).squareRoot()
        let sum: Double = nu[k] + nu[l]
        parameter = max(parameter, nkl / (sum * sum))
        guard k < l, !joined.contains([k, l]) else { continue }
        let sm: Double = xx + pp, dm: Double = px - xp
        let mkl: Double = 0.5 * (sm * sm + dm * dm).squareRoot()
        let gap = abs(nu[k] - nu[l])
        spacing = min(spacing, gap)
        parameter = max(parameter, gap > 0 ? mkl / (gap * gap) : (mkl > 0 ? .infinity : 0))
      }
    }
    let s = w.symplectic, r = 0.5.squareRoot()
    let u = Matrix<Complex<Double>>(rows: n, columns: 2 * n) { k, j in Complex(r * s[2 * k, j], r * s[2 * k + 1, j]) }
    return NormalModeSample(t: t, nu: nu, modeVectors: u, joined: joined, parameter: parameter, spacing: spacing,
                            spacingOverRate: rate > 0 ? spacing / rate : .infinity)
  }

  /// Pairs the equation treats together: global — consecutive frequencies within tolerance × max ν chained into groups
  /// (as `secularJumps`); partial Redfield — |ν_k − ν_l| ≤ its detuning; Redfield — none.
  static func joinedPairs(_ choice: Derivation, _ nu: [Double]) -> Set<[Int]> {
    var out: Set<[Int]> = []
    switch choice {
    case let .global(tol):
      let order = nu.indices.sorted { nu[$0] < nu[$1] }, width = tol * (nu.max() ?? 1)
      var group: [Int] = []
      for k in order {
        if let last = group.last, nu[k] - nu[last] <= width { group.append(k) } else { group = [k] }
        for j in group.dropLast() { out.insert([min(j, k), max(j, k)]) }
      }
    case let .partialRedfield(d) where d.isFinite:
      for k in nu.indices { for l in nu.indices where k < l && abs(nu[k] - nu[l]) <= d { out.insert([k, l]) } }
    default: break
    }
    return out
  }

  /// Redfield's kernel ½ s*(Σ_ω γ(ω)ℓ_ω)ᵀ and partial Redfield's with every same-sign pair kept are smooth functions of H
  /// (sums over all Bohr components), so they stay continuous when two normal-mode frequencies cross.
  static func continuousThroughCrossings(_ choice: Derivation) -> Bool {
    switch choice {
    case .redfield: return true
    case let .partialRedfield(d): return d == .infinity
    default: return false
    }
  }

  /// A pair (k, l) of normal modes whose identity changes between two samples: mode k at a overlaps most with mode l ≠ k
  /// at b (|[b_k(a), b_l(b)†]|, the symplectic overlap; 1 for the same mode), not counting joined pairs.
  static func swappedModes(_ a: NormalModeSample, _ b: NormalModeSample) -> (Int, Int)? {
    let n = a.nu.count, n2 = 2 * n
    for k in 0..<n {
      var best = (index: k, overlap: -1.0)
      for l in 0..<n {
        // [b_k, b_l†] = i u_kᵀ Ω ū_l with Ω = ⊕ [[0, 1], [−1, 0]].
        var z = Complex<Double>.zero
        for j in stride(from: 0, to: n2, by: 2) {
          z = z + a.modeVectors[k, j] * b.modeVectors[l, j + 1].conjugate - a.modeVectors[k, j + 1] * b.modeVectors[l, j].conjugate
        }
        if z.length > best.overlap { best = (l, z.length) }
      }
      if best.index != k, !a.joined.contains([min(k, best.index), max(k, best.index)]) { return (k, best.index) }
    }
    return nil
  }

  static func adiabaticWarnings(_ d: AdiabaticDiagnostics, _ choice: Derivation) -> [String] {
    var out: [String] = []
    if d.parameter > AdiabaticDiagnostics.parameterThreshold {
      out.append("adiabaticity parameter \(d.parameter) > \(AdiabaticDiagnostics.parameterThreshold) at t = \(d.parameterTime): H(t) changes too fast for the instantaneous-eigenbasis (adiabatic) \(choice.name) equation (docs/time-evolution.md, \"Adiabatic master equation\")")
    }
    if case .global = choice, let r = d.spacingOverRate, r < AdiabaticDiagnostics.spacingOverRateThreshold {
      out.append("the smallest spacing of the normal-mode (network) or Bohr (open system) frequencies is only \(r) × the largest damping (transition) rate (at t = \(d.spacingTime ?? .nan)): the secular (global) equation needs spacing ≫ rates; compare with redfield")
    }
    return out
  }
}

/// σ(t) = Σ_α [Ṡ_α − Q̇_α^local/T_α(t)] at the output times, Ṡ_α = −Tr{𝒟_α ρ ln ρ}: for a Gaussian state
/// −ln ρ = ½(r − d)ᵀM(r − d) + const with M = S⁻¹ diag(β_k, β_k) S⁻ᵀ from the Williamson form V = Sᵀ diag(ν_k, ν_k) S and
/// β_k = ln[(2ν_k + 1)/(2ν_k − 1)], so Ṡ_α is `heatRate` counted with that quadratic form. Each dissipator of a GKLS
/// equation built in detailed balance with its counting Hamiltonian at T_α(t) (global: H(t); local: H_j(t)) has the
/// Gibbs state as fixed point, and Spohn's inequality gives σ_α ≥ 0 at every time (J. Math. Phys. 19, 1227 (1978)).
/// With constant temperatures also the integrated Σ(t) = S(t) − S(0) − Σ_α Q_α^local(t)/T_α (= ∫σ: the unitary part
/// does not change S). A mode with ν_k − ½ < 1e-12 (pure) makes ln ρ singular: σ is NaN there.
struct EntropyProductionRecorder {
  let file: ModelFile
  var rates: [Double]
  var entropies: [Double]
  var violation = 0.0
  var available = true
  var checked = true

  init(file: ModelFile, count: Int) {
    self.file = file
    rates = Array(repeating: .nan, count: count); entropies = rates
    available = file.network.baths.allSatisfy { b in (file.modulatedTemperatures[b.name]?.range.lowerBound ?? b.temperature) > 0 }
      && file.network.modeCount <= GaussianEvolution.spectralDiagnosticsModes
  }

  /// Records σ(t_k) and S(t_k); a state whose entropy or Williamson form cannot be computed (an unphysical V of a
  /// Redfield equation) leaves NaN there (reported as null; the positivity check reports the state).
  mutating func record(_ k: Int, _ t: Double, _ v: Matrix<Double>, _ d: [Double], _ eq: MasterEquation) throws {
    guard available else { return }
    let net = try file.network(at: t)
    entropies[k] = (try? GaussianInformation.vonNeumannEntropy(v)) ?? .nan
    guard let w = try? WilliamsonDecomposition(v.symmetrized), w.frequencies.allSatisfy({ $0 - 0.5 > 1e-12 }) else { return }
    let beta: [Double] = w.frequencies.flatMap { (nu: Double) -> [Double] in
      let b: Double = log((2 * nu + 1) / (2 * nu - 1))
      return [b, b]
    }
    let m = (w.inverseSymplectic * Matrix.diagonal(beta)).multiplied(by: w.inverseSymplectic, transposeOther: .transpose).symmetrized
    let minusLog = QuadraticHamiltonian(matrix: m, linear: (m * d).map { -$0 })
    let dyn = eq.gaussianDynamics
    var sigma = 0.0, scale = 0.0
    for (a, part) in dyn.perDissipator.enumerated() {
      let temperature = net.baths[eq.dissipators[a].bath].temperature
      let sDot = heatRate(hamiltonian: minusLog, drift: part.sparseDrift, diffusion: part.sparseDiffusion, covariance: v, covarianceLow: nil, mean: d, meanLow: nil)
      let q = heatRate(hamiltonian: eq.dissipators[a].countingHamiltonian, drift: part.sparseDrift, diffusion: part.sparseDiffusion,
                       covariance: v, covarianceLow: nil, mean: d, meanLow: nil)
      sigma += sDot - q / temperature; scale += abs(sDot) + abs(q / temperature)
    }
    guard sigma.isFinite, scale.isFinite else { return }
    rates[k] = sigma
    // A drive's linear term in the counting Hamiltonian: the dissipators (built without it) are not in detailed balance
    // with its displaced Gibbs state, so σ ≥ 0 is not a law there (reported, not checked).
    let drivenCounting = eq.dissipators.contains { $0.countingHamiltonian.linear.contains { $0 != 0 } }
    if drivenCounting { checked = false }
    if scale > 0 { violation = max(violation, max(0, -sigma) / scale) }
  }

  func fill(_ r: inout EvolveMethodResult, _ tr: DrivenGaussianTrajectory) {
    guard available else { return }
    r.entropyProductionRate = rates
    r.diagnostics?.entropyProductionRateViolation = checked ? violation : nil
    guard file.modulatedTemperatures.isEmpty else { return }
    let temperatures = tr.bathNames.map { name in file.network.baths.first { $0.name == name }!.temperature }
    let flows: [[Double]] = tr.integratedCountedHeat
    r.entropyProduction = entropies.indices.map { (k: Int) -> Double in
      var flow = 0.0
      for b in temperatures.indices { flow += flows[b][k] / temperatures[b] }
      return entropies[k] - entropies[0] - flow
    }
  }
}
