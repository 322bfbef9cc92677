import ClausiusNumerics
import Numerics
import ClausiusModels
import ClausiusSteadyState
import Foundation

/// A `BosonicNetwork` written in the variables of the exact quantum-Langevin solution (paper 004 Eq. 4,
/// N nodes, M baths): unit-mass positions X_i = x_i/√ω_i, momenta P_i = √ω_i p_i,
///   H_S = Σ_i P_i²/2 + ½ Σ_ij X_i K_ij X_j,   K_ij = G^{xx}_ij √(ω_i ω_j),
/// where G is the network's quadratic form H = ½ rᵀ G r in r = (x₁, p₁, …). Bath α couples through
/// S_α = Σ_i s_{α,2i} x_i = c_α · X with c_{α,i} = s_{α,2i} √ω_i, and its Ohmic–Drude density
/// J = λ²ωΛ²/(ω²+Λ²) (004 Eq. 5; the same normalisation in both modules, docs/papers/004.md) is
/// passed on with λ² unchanged. For the wire of 004 (`.spring(0, 1, k)`, `.position` baths) this is
/// K = [[ω_c² + k, −k], [−k, ω_h² + k]], c_c = e₁, c_h = e₂.
///
/// The counterterm is used (004 Sec. III): K is the renormalised potential, matching the master
/// equations of ClausiusMasterEquations, which drop the Lamb shift.
/// Reference: paper 004, Eqs. (4), (5), Sec. III.
public struct ExactLangevinInputs: Sendable {
  /// K (N×N, symmetric positive definite for a stable network).
  public let potential: Matrix<Double>
  public let baths: [LangevinBath]
  /// The bare node frequencies ω_i used for x_i = √ω_i X_i (to convert covariances back).
  public let quadratureFrequencies: [Double]

  /// Converts `network`; throws `ComparisonError.notPositionCoupled` naming the first term that has
  /// no unit-mass position-coupled form (momentum–momentum or position–momentum couplings, drives,
  /// couplings through a momentum, spectral densities other than Ohmic–Drude).
  public init(network: BosonicNetwork) throws {
    let n = network.modeCount
    let g = network.hamiltonian.matrix
    let w = network.frequencies
    let scale = max(g.maxAbs, 1)
    guard network.drives.isEmpty else {
      throw ComparisonError.notPositionCoupled(parameter: "drives", value: "\(network.drives.count) coherent drive(s)", allowed: "no drives (the comparison is for undriven heat transport)")
    }
    for j in 0..<n {
      for i in 0..<n {
        let pp = g[2 * i + 1, 2 * j + 1] - (i == j ? w[i] : 0)
        guard abs(pp) <= 1e-12 * scale else {
          throw ComparisonError.notPositionCoupled(parameter: "momentum–momentum term G[p\(i), p\(j)]", value: "\(g[2 * i + 1, 2 * j + 1])",
                                                   allowed: "ω_i δ_ij: only .spring and .positionPosition couplings (no .hopping/.squeezing)")
        }
        guard abs(g[2 * i, 2 * j + 1]) <= 1e-12 * scale else {
          throw ComparisonError.notPositionCoupled(parameter: "position–momentum term G[x\(i), p\(j)]", value: "\(g[2 * i, 2 * j + 1])", allowed: "0")
        }
      }
    }
    potential = Matrix(rows: n, columns: n) { i, j in g[2 * i, 2 * j] * (w[i] * w[j]).squareRoot() }
    var baths: [LangevinBath] = []
    for (a, bath) in network.baths.enumerated() {
      let s = network.couplingVector(bath: a)
      for i in 0..<n where s[2 * i + 1] != 0 {
        throw ComparisonError.notPositionCoupled(parameter: "baths[\(a)] (\(bath.name)) coupling to p\(i)", value: "\(s[2 * i + 1])", allowed: "0 (position coupling only)")
      }
      guard case let .ohmicDrude(lambda, cutoff) = bath.spectralDensity.kind else {
        throw ComparisonError.notPositionCoupled(parameter: "baths[\(a)] (\(bath.name)) spectral density", value: "\(bath.spectralDensity)",
                                                 allowed: "ohmicDrude(λ, Λ) (finite cutoff; the exact solution needs χ̂(ω))")
      }
      baths.append(LangevinBath(coupling: (0..<n).map { s[2 * $0] * w[$0].squareRoot() },
                                spectralDensity: .drudeOhmic(lambdaSquared: lambda * lambda, cutoff: cutoff), temperature: bath.temperature))
    }
    guard !baths.isEmpty else { throw ComparisonError.invalidParameter(name: "network.baths", value: "[]", allowed: "at least one bath") }
    self.baths = baths
    quadratureFrequencies = w
  }

  /// The exact NESS (counterterm on). Throws `ExactLangevinError` (unstable potential, undamped mode).
  public func exactSteadyState(quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws -> ExactLangevinSteadyState {
    try ExactLangevinSteadyState(potential: potential, baths: baths, counterterm: true, quadrature: quadrature)
  }
}

extension BosonicNetwork {
  /// The exact quantum-Langevin steady state of this (position-coupled, Ohmic–Drude) network.
  /// Reference: paper 004, Sec. III.
  public func exactLangevinSteadyState(quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws -> ExactLangevinSteadyState {
    try ExactLangevinInputs(network: self).exactSteadyState(quadrature: quadrature)
  }
}

/// Any `BosonicNetwork` written for the exact network solution `ExactNetworkSteadyState`
/// (docs/exact-langevin.md Sec. 3): H_S = ½ rᵀGr + cᵀr unchanged (hopping, squeezing, springs, XX, x–p terms,
/// drives), and per bath, with S_α = s_αᵀr (`BosonicNetwork.couplingVector`):
///   - Ohmic–Drude J: full coupling −S_α ⊗ B_α with the same J (λ² unchanged, counterterm on, paper 004 Sec. III);
///   - flat J = κ: the rotating-wave bath of the same Born–Markov limit. S = Σ_j (c_j a_j + c_j* a_j†) with
///     c_j = (s_{x_j} − i s_{p_j})/√2 becomes L ⊗ B† + L† ⊗ B with L = Σ_j c_j a_j at rate 2J, so that
///     2J[(n̄+1)D[L] + n̄D[L†]] is the dissipator every master equation of ClausiusMasterEquations builds for
///     the flat bath (emission rate 2J|c|²(n̄+1), SpectralDensity). For S = x_j: J[(n̄+1)D[a_j] + n̄D[a_j†]].
/// A flat density with full (counter-rotating) coupling has no exact steady state (χ̂(0) = (2/π)∫J/ω dω diverges).
/// The rotating-wave bath has the master equations' Born–Markov limit only when H_S conserves the number of
/// quanta (hopping with any phase; drives allowed): with counter-rotating terms (squeezing, springs, XX) a normal
/// mode c_k with a_j = u c_k + v c_k† couples to the x-coupled bath with weight |u + v*|² but to the rotating-wave
/// bath with |u|² (and to its vacuum band with |v|²), an O(v) = O(η/ω) difference in the rates — measured 5.8 % in
/// the current of a squeezed pair, independent of κ. Flat baths on such networks, and custom densities, throw
/// `ComparisonError.noExactForm` (docs/exact-langevin.md Sec. 2).
public struct ExactNetworkInputs: Sendable {
  public let hamiltonian: Matrix<Double>
  public let linear: [Double]
  public let baths: [NetworkLangevinBath]
  /// The index in `network.baths` of each bath above (baths with J ≡ 0 are decoupled and left out).
  public let bathIndices: [Int]

  public init(network: BosonicNetwork) throws {
    let n = network.modeCount
    let h = network.hamiltonian
    hamiltonian = h.matrix; linear = h.linear
    var out: [NetworkLangevinBath] = [], idx: [Int] = []
    let anomalous = Self.counterRotatingAmplitude(h.matrix)
    for (a, bath) in network.baths.enumerated() {
      let s = network.couplingVector(bath: a)
      switch bath.spectralDensity.kind {
      case let .ohmicDrude(lambda, cutoff):
        guard lambda > 0 else { continue }   // J ≡ 0: the bath is decoupled
        out.append(NetworkLangevinBath(coupling: .quadrature(s: s, spectralDensity: .drudeOhmic(lambdaSquared: lambda * lambda, cutoff: cutoff)),
                                       temperature: bath.temperature)); idx.append(a)
      case let .flat(kappa):
        guard kappa > 0 else { continue }
        guard anomalous.amplitude <= 1e-12 * max(h.matrix.maxAbs, 1) else {
          throw ComparisonError.noExactForm(
            parameter: "flat bath '\(bath.name)' on a network with counter-rotating terms (\(anomalous.location))",
            value: "amplitude \(anomalous.amplitude)",
            allowed: "flat baths only where the network conserves the number of quanta (hopping with any phase, drives; no squeezing, springs or xx couplings) — a flat bath's exact form is the rotating-wave bath, which misses the counter-rotating part of its coupling at O(η/ω); use ohmic-drude baths for an exact comparison")
        }
        let h2 = 1 / 2.0.squareRoot()
        let c = (0..<n).map { Complex(s[2 * $0] * h2, -s[2 * $0 + 1] * h2) }
        out.append(NetworkLangevinBath(coupling: .ladder(coefficients: c, rate: 2 * kappa), temperature: bath.temperature)); idx.append(a)
      case .ohmicExponential, .lorentzian, .tabulated, .custom:
        throw ComparisonError.noExactForm(parameter: "bath '\(bath.name)' spectral density", value: "\(bath.spectralDensity)",
                                          allowed: "flat (rotating-wave white-noise bath) or ohmic-drude (the exact solution needs the bath response χ̂(ω))")
      }
    }
    guard !out.isEmpty else { throw ComparisonError.invalidParameter(name: "baths", value: "none with a nonzero coupling", allowed: "at least one bath with rate > 0 or λ > 0") }
    baths = out; bathIndices = idx
  }

  /// The exact NESS. Throws `ExactLangevinError` (unstable network, undamped mode).
  public func exactSteadyState(quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws -> ExactNetworkSteadyState {
    try ExactNetworkSteadyState(hamiltonian: hamiltonian, linear: linear, baths: baths, quadrature: quadrature)
  }

  /// The largest counter-rotating amplitude of H = ½rᵀGr: for each 2×2 block G_ij (x/p of modes i, j) the
  /// coefficient of a_i a_j (and a_i†a_j†) is (G_xx − G_pp − i(G_xp + G_px))/2 (i ≠ j; on the diagonal the same
  /// with ½), zero iff H commutes with Σ_j a_j†a_j. Returns the amplitude and where it is largest.
  static func counterRotatingAmplitude(_ g: Matrix<Double>) -> (amplitude: Double, location: String) {
    let n = g.rows / 2
    var best = (amplitude: 0.0, location: "")
    for j in 0..<n { for i in 0...j {
      let xx = g[2 * i, 2 * j], pp = g[2 * i + 1, 2 * j + 1], xp = g[2 * i, 2 * j + 1], px = g[2 * i + 1, 2 * j]
      let amp = Complex(xx - pp, -(xp + px)).length / (i == j ? 4 : 2)
      if amp > best.amplitude { best = (amp, i == j ? "a_\(i)² term" : "a_\(i) a_\(j) term") }
    } }
    return best
  }
}

/// The exact steady state a network is graded against: paper 004's position-coupled solver when the network is
/// position-coupled with Ohmic–Drude baths (Eq. 4), else the general network solver (docs/exact-langevin.md).
public enum ExactReference: Sendable {
  case positionCoupled(ExactLangevinSteadyState)
  /// The network solution, the network-bath index of each of its baths, and the network's bath count.
  case network(ExactNetworkSteadyState, bathIndices: [Int], bathCount: Int)

  public init(network: BosonicNetwork, quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws {
    do {
      self = .positionCoupled(try ExactLangevinInputs(network: network).exactSteadyState(quadrature: quadrature))
    } catch ComparisonError.notPositionCoupled(_, _, _) {
      let inputs = try ExactNetworkInputs(network: network)
      self = .network(try inputs.exactSteadyState(quadrature: quadrature), bathIndices: inputs.bathIndices, bathCount: network.baths.count)
    }
  }

  /// Which solver produced the state (for reports).
  public var solver: String {
    switch self {
    case .positionCoupled: return "quantum Langevin, position-coupled (paper 004 Sec. III)"
    case .network: return "quantum Langevin / Landauer for a general quadratic network (docs/exact-langevin.md)"
    }
  }

  /// V in the Clausius convention; `w` are the network's bare frequencies (used by the position-coupled form).
  public func covariance(quadratureFrequencies w: [Double]) throws -> Matrix<Double> {
    switch self {
    case let .positionCoupled(e): return try e.covariance(quadratureFrequencies: w)
    case let .network(e, _, _): return e.covariance
    }
  }

  func scatter(_ v: [Double], _ idx: [Int], _ m: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m)
    for (k, i) in idx.enumerated() { out[i] = v[k] }
    return out
  }

  /// Q̇_α per network bath (Landauer / Caroli form; 0 for a decoupled bath).
  public var heatCurrents: [Double] {
    switch self {
    case let .positionCoupled(e): return e.landauerHeatCurrents
    case let .network(e, idx, m): return scatter(e.heatCurrents, idx, m)
    }
  }

  public var heatCurrentErrors: [Double] {
    switch self {
    case let .positionCoupled(e): return e.landauerHeatCurrentErrors
    case let .network(e, idx, m): return scatter(e.heatCurrentErrors, idx, m)
    }
  }

  /// Q_gross: position-coupled Σ_α Σ_i c_αi² J_α(ω_i)(n̄_α(ω_i) + ½) (ω_i = √K_ii); network: Σ_α of
  /// `ExactNetworkSteadyState.grossHeatExchange`.
  public var grossHeatExchange: Double {
    switch self {
    case let .positionCoupled(e):
      var gross = 0.0
      for b in e.baths {
        for i in 0..<e.nodes where b.coupling[i] != 0 {
          let w = e.potential[i, i].squareRoot()
          let nbar = b.temperature > 0 ? 1 / expm1(w / b.temperature) : 0
          gross += b.coupling[i] * b.coupling[i] * b.spectralDensity.j(w) * (nbar + 0.5)
        }
      }
      return gross
    case let .network(e, _, _): return e.grossHeatExchange.reduce(0, +)
    }
  }

  /// Largest error estimate of a covariance entry (position-coupled: in 004's scaled variables).
  public var maxCovarianceError: Double {
    switch self {
    case let .positionCoupled(e): return e.maxCovarianceError
    case let .network(e, _, _): return e.maxCovarianceError
    }
  }

  public var converged: Bool {
    switch self {
    case let .positionCoupled(e): return e.converged
    case let .network(e, _, _): return e.converged
    }
  }
}
