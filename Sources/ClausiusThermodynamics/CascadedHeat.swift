import ClausiusNumerics
import ClausiusMasterEquations
import ClausiusSteadyState
import Numerics

/// Steady state of a cascaded network (paper 001, Sec. II): occupations n̄_i, the disconnected reference
/// m̄_i and Δn_i = n̄_i − m̄_i, and the flows of quanta and of energy between the system and each bath
/// (own baths 0..<N, then the common bath), positive INTO the system (docs/conventions.md). The paper's
/// η_i (Eq. D5–D7) is −2 × `quantaFlows[i]` (see docs/papers/001.md).
public struct CascadedSteadyState: Sendable {
  public let network: CascadedNetwork
  public let equation: MasterEquation
  public let state: GaussianSteadyState
  /// n̄_i = ⟨c_i†c_i⟩.
  public let occupations: [Double]
  /// m̄_i (Eqs. C6–C7).
  public let disconnected: [Double]
  /// Rate of quanta from bath α into the system: Tr{N 𝓓_α ρ}, N = Σ c_i†c_i.
  public let quantaFlows: [Double]
  /// Rate of rotating-frame energy from bath α into the system: Tr{H_sys 𝓓_α ρ}, H_sys = Σ ω_i c_i†c_i (the detunings).
  public let energyFlows: [Double]
  /// Heat from bath α counted with the full Hamiltonian ω_q N + H (H the equation's Hamiltonian in the rotating frame,
  /// `CascadedNetwork.hoppingMatrix`): ω_q Φ_α + Tr{H 𝓓_α ρ}. H commutes with N, so Σ_α heat_α = 0 in the steady state.
  public let heatFlows: [Double]

  public var excess: [Double] { zip(occupations, disconnected).map { $0 - $1 } }

  public init(_ network: CascadedNetwork) throws {
    self.network = network
    equation = network.masterEquation()
    let st = try equation.gaussianSteadyState()
    state = st
    occupations = (0..<network.modeCount).map { st.occupation($0) }
    disconnected = network.disconnectedOccupations
    // The equation is in the quadrature frame; the flows use the double-double steady state (no cancellation).
    let number = QuadraticHamiltonian(matrix: .identity(st.frameCovariance.rows))
    quantaFlows = st.heatRates(countedWith: number)
    let n2 = st.frameCovariance.rows
    let detunings = QuadraticHamiltonian(matrix: quadratureMatrix(hermitian: .diagonal(network.frequencies.map { Complex($0, 0) })))
    energyFlows = st.heatRates(countedWith: detunings)
    let full = QuadraticHamiltonian(matrix: Matrix<Double>.identity(n2) * network.quantumEnergy + equation.hamiltonian.matrix)
    heatFlows = st.heatRates(countedWith: full)
  }
}

extension CascadedNetwork {
  /// Occupations n̄_i from the Langevin form (paper 001, Eq. 2), independently of the master equation:
  /// the quadrature drift of ċ = M c and the diffusion of the inputs B c_in, K = B diag(N̄ + ½) B†, then
  /// Lyapunov. Returns n̄_i and the Lyapunov relative residual.
  public func langevinOccupations() throws -> (occupations: [Double], residual: Double) {
    let (b, occ) = langevinNoise
    let k = b * Matrix<Complex<Double>>.diagonal(occ.map { Complex($0 + 0.5, 0) }) * b.adjoint
    let a = quadratureDrift(complex: langevinDrift), d = quadratureDrift(complex: k).symmetrized
    let sol = try LyapunovSolver(drift: a).solve(d)
    let v = sol.solution
    return ((0..<modeCount).map { (v[2 * $0, 2 * $0] + v[2 * $0 + 1, 2 * $0 + 1] - 1) / 2 }, sol.relativeResidual)
  }
}
