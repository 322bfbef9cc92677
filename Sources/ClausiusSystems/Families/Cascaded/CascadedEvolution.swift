import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics

/// `evolve` for `kind = "cascaded"` (paper 001): exact Gaussian moment dynamics (ClausiusDynamics `GaussianEvolution`)
/// of the cascaded master equation (Eq. 1) that `solve` solves, with the cascade's energy bookkeeping:
///  - `localHeat` = ω_q Φ_α(t), Φ_α = Tr{N 𝓓_α ρ(t)} the flow of quanta from bath α (N = Σ_i c_i†c_i): counted with
///    ω_q N, which every dissipator is in detailed balance with, as `solve`'s local heat;
///  - `heat` = Tr{H_E 𝓓_α ρ(t)} with H_E = ω_q N + H (H the equation's Hamiltonian in the frame rotating at ω_q), as
///    `solve`'s heat; `energy` = ⟨H_E⟩: H conserves N ([H_E, H] = 0), so d⟨H_E⟩/dt = Σ_α heat_α is the first law along
///    the trajectory (Σ_α heat_α = 0 in the steady state);
///  - Σ(t) = S(t) − S(0) − Σ_α ω_q ∫Φ_α / T_α with T_α = ω_q / ln(1 + 1/N̄_α): every dissipator has the number-thermal
///    state e^{−ω_q N/T_α} as fixed point, so Σ(t) ≥ 0 (Spohn), the transient form of `solve`'s Σ = −Σ_α Φ_α ln(1 + 1/N̄_α).
/// Initial states: `vacuum`, `thermal:T` / `thermal:T1,…,TN` and `gibbs:T` (number-thermal states at the quantum
/// energy: n̄_j = 1/(e^{ω_q/T_j} − 1), the Gibbs state of H_E; the mode frequencies are detunings in the cascade's
/// frame), `coherent:α1,…,αN` and `steady:OTHER.toml` (the steady state of another cascade with as many oscillators).
extension CascadedModelFile {
  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    [ModelEvolver.run("cascaded") { r in
      if isTimeDependent || request.stroboscopic { return try evolveDriven(request, &r) }   // N̄(t): CascadedDrivenEvolution.swift
      let evolution = try cascadedEvolution()
      let tr = try evolution.evolve(from: try cascadedInitialState(request.initial), times: request.times) { request.progress?("cascaded", $0, $1) }
      ModelEvolver.fillGaussian(&r, tr, evolution, modeNames: modeNames, finalState: request.finalState)
      for b in bathNames.indices { r.baths?[b].name = bathNames[b] }   // `solve`'s bath names ("own …", "channel")
    }]
  }

  /// The evolution of the cascaded master equation with the energy H_E = ω_q Σ_i (c_i†c_i + ½) + H (quadratures:
  /// ½ rᵀ(ω_q I + G)r).
  public func cascadedEvolution() throws -> GaussianEvolution {
    let n2 = 2 * network.modeCount
    let equation = network.masterEquation()
    return try GaussianEvolution(equation: equation,
                                 energyHamiltonian: QuadraticHamiltonian(matrix: Matrix<Double>.identity(n2) * network.quantumEnergy + equation.hamiltonian.matrix))
  }

  func cascadedInitialState(_ spec: InitialStateSpec) throws -> GaussianInitialState {
    let n = network.modeCount
    /// Number-thermal product state at the quantum energy: V = ⊕_j (n̄_j + ½) I₂.
    func numberThermal(_ ts: [Double]) throws -> GaussianInitialState {
      var v = Matrix<Double>(rows: 2 * n, columns: 2 * n)
      for (j, t) in ts.enumerated() {
        guard t.isFinite, t >= 0 else { throw EvolveRequestError("--initial: temperature \(t) of oscillator \(modeNames[j]) must be finite and ≥ 0") }
        let occ = Conventions.boseEinstein(frequency: network.quantumEnergy, temperature: t) + 0.5
        v[2 * j, 2 * j] = occ; v[2 * j + 1, 2 * j + 1] = occ
      }
      return .moments(covariance: v, mean: Array(repeating: 0, count: 2 * n))
    }
    return try ModelEvolver.gaussianStart(spec, modes: n, unit: "oscillator (\(n))", subject: "the cascade", thermal: numberThermal,
                                          gibbs: { try numberThermal(Array(repeating: $0, count: n)) }) { path in
      guard let other = try ModelEvolver.loadOther(path).as(CascadedModelFile.self) else {
        throw EvolveRequestError("--initial steady:\(path): not a cascaded model file")
      }
      guard other.network.modeCount == n else { throw EvolveRequestError("--initial steady:\(path): \(other.network.modeCount) oscillators, this model has \(n)") }
      return .steadyState(try CascadedSteadyState(other.network).state)
    }
  }
}
