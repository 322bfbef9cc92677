import ClausiusNumerics
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
