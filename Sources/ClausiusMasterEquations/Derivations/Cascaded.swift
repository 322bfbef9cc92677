import ClausiusNumerics
import ClausiusModels
import Foundation
import Numerics

/// A cascade of N oscillators c_1 … c_N (output of i feeds i+1 through a common chiral channel),
/// each with its own thermal bath, plus the common bath of the channel, reciprocity-breaking hoppings
/// F_i between neighbours i, i+1, and arbitrary frequencies (detunings).
///
/// Master equation (paper 001, Eq. 1, generalised to N as in Gardiner & Zoller Sec. 12.1):
///
///   dρ/dt = −i[H_sys + H_hop, ρ] + Σ_i κ_i{(N̄_i+1)D[c_i] + N̄_i D[c_i†]} + κ_c{(N̄_c+1)D[c_c] + N̄_c D[c_c†]},
///   H_sys = Σ_i ω_i c_i†c_i,
///   H_hop = (i/2) Σ_{j<k} √(γ_jγ_k) (e^{i(θ_j−θ_k)} c_j†c_k − h.c.) + Σ_i (F_i c_i†c_{i+1} + F_i* c_i c_{i+1}†),
///   √κ_c c_c = Σ_j √γ_j e^{−iθ_j} c_j,  κ_c = Σ_j γ_j.
///
/// Phase convention: θ_j is the phase of the Langevin form (paper 001, Eq. 2 and Eq. B3), i.e. for
/// N = 2, θ_1 = 0, θ_2 = θ the drift is exactly Eq. (2): ċ_2 ∋ (−iF* − √(γ_1γ_2) e^{iθ}) c_1 and
/// ċ_1 ∋ −iF c_2 (the 2 → 1 channel cancels at F = 0). Eq. (1) as printed (c_3 with e^{+iϕ}) yields
/// Eq. (2) with ϕ → −ϕ; we follow Eq. (2)/(B3) so that Appendices B and C hold as printed
/// (docs/papers/001.md). Units: ħ = 1, rates and frequencies in the same unit.
/// Reference: paper 001, Eqs. (1), (2), (B3).
public struct CascadedNetwork: Sendable {
  /// ω_i (in a rotating frame these are detunings; Δ = ω_2 − ω_1).
  public let frequencies: [Double]
  /// κ_i: rates to each oscillator's own bath (≥ 0).
  public let ownRates: [Double]
  /// N̄_i: occupations of the own baths (≥ 0).
  public let ownOccupations: [Double]
  /// γ_i: coupling rates to the common (cascading) channel (≥ 0, not all zero).
  public let cascadeRates: [Double]
  /// θ_i: phase of oscillator i in the channel (θ_1 = 0 by convention; paper's θ = θ_2 − θ_1).
  public let phases: [Double]
  /// F_i: reciprocity-breaking hopping between oscillators i and i+1 (N − 1 values).
  public let reciprocityBreaking: [Complex<Double>]
  /// N̄_c: occupation of the common bath (the paper's N̄_3).
  public let commonOccupation: Double
  /// Energy of one quantum, used for bath temperatures T = ω_q / ln(1 + 1/N̄) (positive).
  public let quantumEnergy: Double

  public var modeCount: Int { frequencies.count }
  /// κ_c = Σ_j γ_j, the collective damping rate.
  public var collectiveRate: Double { cascadeRates.reduce(0, +) }
  /// Index of the common bath among the dissipators (own baths are 0..<N).
  public var commonBath: Int { modeCount }

  public init(frequencies: [Double], ownRates: [Double], ownOccupations: [Double], cascadeRates: [Double], phases: [Double]? = nil,
              reciprocityBreaking: [Complex<Double>]? = nil, commonOccupation: Double, quantumEnergy: Double = 1) throws {
    let n = frequencies.count
    guard n > 0 else { throw ModelError.emptyNetwork }
    func check(_ v: [Double], _ name: String, nonNegative: Bool) throws {
      guard v.count == n else { throw ModelError.invalidVector(parameter: name, detail: "has \(v.count) entries, the cascade has \(n) oscillators") }
      for (i, x) in v.enumerated() where !x.isFinite || (nonNegative && x < 0) {
        throw ModelError.invalidParameter(name: "\(name)[\(i)]", value: x, allowed: nonNegative ? "finite and ≥ 0" : "finite")
      }
    }
    try check(frequencies, "frequencies ω_i", nonNegative: false)
    try check(ownRates, "own-bath rates κ_i", nonNegative: true)
    try check(ownOccupations, "own-bath occupations N̄_i", nonNegative: true)
    try check(cascadeRates, "cascade rates γ_i", nonNegative: true)
    let ph = phases ?? [Double](repeating: 0, count: n)
    try check(ph, "channel phases θ_i", nonNegative: false)
    let f = reciprocityBreaking ?? [Complex<Double>](repeating: .zero, count: Swift.max(0, n - 1))
    guard f.count == Swift.max(0, n - 1) else { throw ModelError.invalidVector(parameter: "reciprocity-breaking F_i", detail: "has \(f.count) entries, needs N − 1 = \(n - 1)") }
    for (i, x) in f.enumerated() where !(x.real.isFinite && x.imaginary.isFinite) {
      throw ModelError.invalidParameter(name: "F[\(i)]", value: x.real.isFinite ? x.imaginary : x.real, allowed: "finite complex")
    }
    guard commonOccupation.isFinite, commonOccupation >= 0 else { throw ModelError.invalidParameter(name: "common-bath occupation N̄_c", value: commonOccupation, allowed: "finite and ≥ 0") }
    guard quantumEnergy.isFinite, quantumEnergy > 0 else { throw ModelError.invalidParameter(name: "quantum energy", value: quantumEnergy, allowed: "finite and > 0") }
    self.frequencies = frequencies; self.ownRates = ownRates; self.ownOccupations = ownOccupations
    self.cascadeRates = cascadeRates; self.phases = ph; self.reciprocityBreaking = f
    self.commonOccupation = commonOccupation; self.quantumEnergy = quantumEnergy
  }

  /// The two-oscillator model of paper 001, Sec. II / Appendix C: ω_1 = ω, ω_2 = ω + Δ, phase θ, F.
  public static func twoOscillators(kappa1: Double, kappa2: Double, gamma1: Double, gamma2: Double, omega1: Double = 0, detuning: Double,
                                    theta: Double = 0, f: Complex<Double> = .zero, n1: Double, n2: Double, n3: Double, quantumEnergy: Double = 1) throws -> CascadedNetwork {
    try CascadedNetwork(frequencies: [omega1, omega1 + detuning], ownRates: [kappa1, kappa2], ownOccupations: [n1, n2], cascadeRates: [gamma1, gamma2],
                        phases: [0, theta], reciprocityBreaking: [f], commonOccupation: n3, quantumEnergy: quantumEnergy)
  }

  /// The symmetric case of Appendix C: κ_1 = κ_2 = γ_1 = γ_2 = κ.
  public static func symmetric(kappa: Double, detuning: Double, theta: Double = 0, f: Complex<Double> = .zero, n1: Double, n2: Double, n3: Double) throws -> CascadedNetwork {
    try twoOscillators(kappa1: kappa, kappa2: kappa, gamma1: kappa, gamma2: kappa, detuning: detuning, theta: theta, f: f, n1: n1, n2: n2, n3: n3)
  }

  /// The "disconnected" reference: no hopping, no common channel correlations — each oscillator with
  /// its own bath (κ_i, N̄_i) and its own copy of the common bath (γ_i, N̄_c):
  /// m̄_i = (κ_i N̄_i + γ_i N̄_c)/(κ_i + γ_i). Reference: paper 001, Eqs. (C6)–(C7).
  public var disconnectedOccupations: [Double] {
    (0..<modeCount).map { i in
      let tot = ownRates[i] + cascadeRates[i]
      return tot > 0 ? (ownRates[i] * ownOccupations[i] + cascadeRates[i] * commonOccupation) / tot : 0
    }
  }

  /// Hermitian single-particle matrix h of H_sys + H_hop = Σ_jk h_jk c_j†c_k.
  public var hoppingMatrix: Matrix<Complex<Double>> {
    let n = modeCount
    var h = Matrix<Complex<Double>>(rows: n, columns: n)
    for j in 0..<n { h[j, j] = Complex(frequencies[j], 0) }
    for j in 0..<n { for k in (j + 1)..<Swift.max(j + 1, n) {
      // (i/2)√(γ_jγ_k) e^{i(θ_j−θ_k)} c_j†c_k + h.c.
      let amp = 0.5 * (cascadeRates[j] * cascadeRates[k]).squareRoot()
      let v = Complex(0, amp) * Complex(cos(phases[j] - phases[k]), sin(phases[j] - phases[k]))
      h[j, k] = h[j, k] + v; h[k, j] = h[k, j] + v.conjugate
    } }
    for (i, f) in reciprocityBreaking.enumerated() { h[i, i + 1] = h[i, i + 1] + f; h[i + 1, i] = h[i + 1, i] + f.conjugate }
    return h
  }

  /// dh/dt of `hoppingMatrix` when the parameters move at the given rates (ω̇_i, γ̇_i, θ̇_i, Ḟ_i; each array of the
  /// parameter's length): the drive work of a modulated cascade is Ẇ = ⟨∂_tH⟩ = Σ_jk ḣ_jk⟨c_j†c_k⟩ + ½ tr ḣ. With
  /// s_jk = √(γ_jγ_k) and Δ_jk = θ_j − θ_k the cascade entry (i/2)s_jk e^{iΔ_jk} (Eq. 1) has the derivative
  /// (i/2)e^{iΔ_jk}(ṡ_jk + i s_jk Δ̇_jk), ṡ_jk = (γ̇_jγ_k + γ_jγ̇_k)/(2s_jk); at s_jk = 0 the pair is uncoupled
  /// (a rate γ(t) ≥ 0 that touches 0 has a kink in √γ there, where the one-sided derivatives differ) and ṡ_jk is taken as 0.
  public func hoppingMatrixRate(frequencies dw: [Double], cascadeRates dg: [Double], phases dth: [Double],
                                reciprocityBreaking dF: [Complex<Double>]) -> Matrix<Complex<Double>> {
    let n = modeCount
    var h = Matrix<Complex<Double>>(rows: n, columns: n)
    for j in 0..<n { h[j, j] = Complex(dw[j], 0) }
    for j in 0..<n { for k in (j + 1)..<Swift.max(j + 1, n) {
      let s = (cascadeRates[j] * cascadeRates[k]).squareRoot()
      let ds = s > 0 ? (dg[j] * cascadeRates[k] + cascadeRates[j] * dg[k]) / (2 * s) : 0
      let phase = Complex(cos(phases[j] - phases[k]), sin(phases[j] - phases[k]))
      let v = Complex(0, 0.5) * phase * Complex(ds, s * (dth[j] - dth[k]))
      h[j, k] = h[j, k] + v; h[k, j] = h[k, j] + v.conjugate
    } }
    for (i, f) in dF.enumerated() { h[i, i + 1] = h[i, i + 1] + f; h[i + 1, i] = h[i + 1, i] + f.conjugate }
    return h
  }

  /// The collective jump operator √κ_c c_c = Σ_j √γ_j e^{−iθ_j} c_j (un-normalised).
  public var channelOperator: LinearOperator {
    var l = [Complex<Double>](repeating: .zero, count: 2 * modeCount)
    for j in 0..<modeCount {
      let c = Complex(cos(phases[j]), -sin(phases[j])) * Complex(cascadeRates[j].squareRoot(), 0)
      let a = LinearOperator.annihilation(mode: j, modes: modeCount).coefficients
      l[2 * j] = c * a[2 * j]; l[2 * j + 1] = c * a[2 * j + 1]
    }
    return LinearOperator(coefficients: l)
  }

  func temperature(_ nBar: Double) -> Double { nBar > 0 ? quantumEnergy / log1p(1 / nBar) : 0 }

  /// The Lindblad master equation (paper 001, Eq. 1), written in the frame rotating at ω_q (the `frequencies` are
  /// detunings). Dissipators 0..<N are the own baths, dissipator N the common bath. Each dissipator's counting
  /// Hamiltonian is ω_q N = ω_q Σ_i (c_i†c_i + ½), the one it is in detailed balance with (its fixed point is the
  /// number-thermal state of its N̄ at ω_q): heat counted with it is ω_q × the flow of quanta and obeys Spohn's
  /// inequality (docs/conventions.md, "Counted heat").
  public func masterEquation() -> MasterEquation {
    let n = modeCount
    let h = QuadraticHamiltonian(matrix: quadratureMatrix(hermitian: hoppingMatrix))
    let hSys = QuadraticHamiltonian(matrix: Matrix<Double>.identity(2 * n) * quantumEnergy)
    var ds: [Dissipator] = []
    for i in 0..<n {
      let gen = DissipativeGenerator.lindblad([
        (ownRates[i] * (ownOccupations[i] + 1), LinearOperator.annihilation(mode: i, modes: n)),
        (ownRates[i] * ownOccupations[i], LinearOperator.creation(mode: i, modes: n)),
      ])
      ds.append(Dissipator(bath: i, bathName: "own bath \(i + 1)", temperature: temperature(ownOccupations[i]), generator: gen,
                           countingHamiltonian: hSys, localFrequency: frequencies[i]))
    }
    let l = channelOperator
    let common = DissipativeGenerator.lindblad([(commonOccupation + 1, l), (commonOccupation, l.adjoint)])
    ds.append(Dissipator(bath: n, bathName: "common bath", temperature: temperature(commonOccupation), generator: common,
                         countingHamiltonian: hSys, localFrequency: nil))
    return MasterEquation(derivation: .cascaded, hamiltonian: h, dissipators: ds)
  }

  /// The complex drift matrix M of the Langevin equations ċ = M c + B c_in (paper 001, Eq. 2 / B3):
  /// M = −i h − ½ diag(κ_i + γ_i) − (strictly lower) √(γ_jγ_k) e^{i(θ_k−θ_j)} … written directly from
  /// the cascaded input–output relations, independently of `masterEquation()`.
  public var langevinDrift: Matrix<Complex<Double>> {
    let n = modeCount
    var m = Matrix<Complex<Double>>(rows: n, columns: n)
    for j in 0..<n { m[j, j] = Complex(-(ownRates[j] + cascadeRates[j]) / 2, -frequencies[j]) }
    for (i, f) in reciprocityBreaking.enumerated() {
      m[i, i + 1] = m[i, i + 1] + Complex(0, -1) * f
      m[i + 1, i] = m[i + 1, i] + Complex(0, -1) * f.conjugate
    }
    for k in 0..<n { for j in 0..<k {
      let amp = (cascadeRates[j] * cascadeRates[k]).squareRoot()
      m[k, j] = m[k, j] - Complex(amp * cos(phases[k] - phases[j]), amp * sin(phases[k] - phases[j]))
    } }
    return m
  }

  /// Noise input matrix B (N × (N+1)) and input occupations: c_in,i enters with √κ_i, the common
  /// input with √γ_j e^{iθ_j} (paper 001, Eq. 2).
  public var langevinNoise: (b: Matrix<Complex<Double>>, occupations: [Double]) {
    let n = modeCount
    var b = Matrix<Complex<Double>>(rows: n, columns: n + 1)
    for j in 0..<n {
      b[j, j] = Complex(ownRates[j].squareRoot(), 0)
      b[j, n] = Complex(cascadeRates[j].squareRoot() * cos(phases[j]), cascadeRates[j].squareRoot() * sin(phases[j]))
    }
    return (b, ownOccupations + [commonOccupation])
  }
}

/// G of ½ rᵀ G r = Σ_jk h_jk c_j†c_k + const for Hermitian h (c_j = (x_j + i p_j)/√2):
/// G_{x_j x_k} = G_{p_j p_k} = Re h_jk, G_{x_j p_k} = G_{p_k x_j} = −Im h_jk.
public func quadratureMatrix(hermitian h: Matrix<Complex<Double>>) -> Matrix<Double> {
  let n = h.rows
  var g = Matrix<Double>(rows: 2 * n, columns: 2 * n)
  for j in 0..<n { for k in 0..<n {
    g[2 * j, 2 * k] = h[j, k].real; g[2 * j + 1, 2 * k + 1] = h[j, k].real
    g[2 * j, 2 * k + 1] = -h[j, k].imaginary
  } }
  for j in 0..<n { for k in 0..<n { g[2 * k + 1, 2 * j] = g[2 * j, 2 * k + 1] } }
  return g.symmetrized
}

/// Real 2N × 2N drift of ċ = M c in quadratures: ẋ_j = Re M_jk x_k − Im M_jk p_k, ṗ_j = Im M_jk x_k + Re M_jk p_k.
public func quadratureDrift(complex m: Matrix<Complex<Double>>) -> Matrix<Double> {
  let n = m.rows
  var a = Matrix<Double>(rows: 2 * n, columns: 2 * n)
  for j in 0..<n { for k in 0..<n {
    a[2 * j, 2 * k] = m[j, k].real; a[2 * j, 2 * k + 1] = -m[j, k].imaginary
    a[2 * j + 1, 2 * k] = m[j, k].imaginary; a[2 * j + 1, 2 * k + 1] = m[j, k].real
  } }
  return a
}
