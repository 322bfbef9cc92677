import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics

/// `evolve` of a cascade (paper 001) whose bath occupations N̄_i(t), N̄_c(t) are functions of time (`[[modes]]
/// occupation`, `[channel] occupation`; docs/time-evolution.md, "Cascaded models (paper 001)"). The cascade has no
/// drives, and its Hamiltonian H (hoppings F_i, detunings ω_i) and jump operators c_i, L = Σ_j √γ_j e^{−iθ_j} c_j do not
/// involve the occupations: only the rates κ_i(N̄_i + 1), κ_iN̄_i, N̄_c + 1, N̄_c of Eq. (1) change, so the moment
/// equations keep their drift A and get a time-dependent diffusion,
///   dV/dt = AV + VAᵀ + D(t),   D(t) = Σ_α D_α(N̄_α(t))  (linear in each N̄_α),
/// integrated by CVODE (`DrivenGaussianEvolution`) with the equation of the network at t. The energy bookkeeping is the
/// static cascade's (CascadedEvolution.swift): `heat` counted with H_E = ω_q N + H (which commutes with H), `localHeat`
/// = ω_q Φ_α counted with ω_q N; H is not modulated, so there is no work and d⟨H_E⟩/dt = Σ_α heat_α at every time.
extension CascadedModelFile {
  public var isTimeDependent: Bool { !modulatedOccupations.isEmpty }

  public var steadyStateNotes: [String] { Self.staticValueNotes(modulatedOccupations.keys.sorted().map { "occupation of \(bathNames[$0])" }) }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(modulatedOccupations.keys.sorted().map { modulatedOccupations[$0]! }) }

  /// The cascade with every occupation evaluated at t.
  public func network(at t: Double) throws -> CascadedNetwork {
    let n = network.modeCount
    return try CascadedNetwork(frequencies: network.frequencies, ownRates: network.ownRates,
                               ownOccupations: (0..<n).map { modulatedOccupations[$0]?(t) ?? network.ownOccupations[$0] },
                               cascadeRates: network.cascadeRates, phases: network.phases, reciprocityBreaking: network.reciprocityBreaking,
                               commonOccupation: modulatedOccupations[n]?(t) ?? network.commonOccupation, quantumEnergy: network.quantumEnergy)
  }

  /// The time-dependent evolution: the cascaded master equation at N̄(t), energy H_E = ω_q N + H.
  public func drivenCascadedEvolution() throws -> DrivenGaussianEvolution {
    let file = self, n2 = 2 * network.modeCount
    let h = network.masterEquation().hamiltonian
    let drive = GaussianDrive(equation: { t in try file.network(at: t).masterEquation() },
                              hamiltonianRate: { _ in QuadraticHamiltonian(matrix: Matrix<Double>(rows: n2, columns: n2)) },
                              breakpoints: modulatedOccupations.values.flatMap(\.breakpoints))
    return try DrivenGaussianEvolution(drive: drive, energyHamiltonian: QuadraticHamiltonian(matrix: Matrix<Double>.identity(n2) * network.quantumEnergy + h.matrix))
  }

  func evolveDriven(_ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenCascadedEvolution()
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let tr = try ev.evolve(from: try cascadedInitialState(request.initial), times: times, tolerance: request.tolerance) { request.progress?("cascaded", $0, $1) }
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: network.masterEquation().dissipators.map(\.temperature), modeNames: modeNames,
                                    timeDependent: modulatedOccupations.keys.sorted().map { "occupation of \(bathNames[$0])" }, period: period)
    for b in bathNames.indices { r.baths?[b].name = bathNames[b] }   // `solve`'s bath names ("own …", "channel")
  }
}
