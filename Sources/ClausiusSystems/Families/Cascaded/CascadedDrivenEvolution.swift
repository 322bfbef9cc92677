import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics

/// `evolve` of a cascade (paper 001) whose bath occupations N̄_i(t), N̄_c(t) or own-bath rates κ_i(t) are functions of
/// time (`[[modes]] occupation` / `rate`, `[channel] occupation`; docs/time-evolution.md, "Cascaded models (paper 001)").
/// The cascade has no drives, and its Hamiltonian H (detunings ω_i, hoppings F_i, and the cascade term
/// (i/2)√(γ_jγ_k)e^{i(θ_j−θ_k)}c_j†c_k + h.c.) and the channel's jump L = Σ_j √γ_j e^{−iθ_j} c_j involve neither the
/// occupations nor the own rates: only the own dissipators κ_i(N̄_i + 1)D[c_i] + κ_iN̄_iD[c_i†] and the channel's rates
/// N̄_c + 1, N̄_c of Eq. (1) change, so the moment equations get a time-dependent drift (κ_i(t)) and diffusion,
///   dV/dt = A(t)V + VA(t)ᵀ + D(t),
/// integrated by CVODE (`DrivenGaussianEvolution`) with the equation of the network at t. (The cascade rates γ_i and
/// the hoppings F_i enter H, so modulating them would need a time-dependent energy Hamiltonian: not offered.) The energy bookkeeping is the
/// static cascade's (CascadedEvolution.swift): `heat` counted with H_E = ω_q N + H (which commutes with H), `localHeat`
/// = ω_q Φ_α counted with ω_q N; H is not modulated, so there is no work and d⟨H_E⟩/dt = Σ_α heat_α at every time.
extension CascadedModelFile {
  public var isTimeDependent: Bool { !modulatedOccupations.isEmpty || !modulatedRates.isEmpty }

  /// The names of the time-dependent numbers, for notes and `timeDependent`.
  var timeDependentNames: [String] {
    modulatedOccupations.keys.sorted().map { "occupation of \(bathNames[$0])" } + modulatedRates.keys.sorted().map { "rate of \(bathNames[$0])" }
  }

  /// Every time function of the file (occupations, then own rates).
  var timeFunctions: [TimeFunction] {
    modulatedOccupations.keys.sorted().map { modulatedOccupations[$0]! } + modulatedRates.keys.sorted().map { modulatedRates[$0]! }
  }

  public var steadyStateNotes: [String] { Self.staticValueNotes(timeDependentNames) }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(timeFunctions) }

  /// The cascade with every occupation and own rate evaluated at t.
  public func network(at t: Double) throws -> CascadedNetwork {
    let n = network.modeCount
    return try CascadedNetwork(frequencies: network.frequencies, ownRates: (0..<n).map { modulatedRates[$0]?(t) ?? network.ownRates[$0] },
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
                              breakpoints: timeFunctions.flatMap(\.breakpoints))
    return try DrivenGaussianEvolution(drive: drive, energyHamiltonian: QuadraticHamiltonian(matrix: Matrix<Double>.identity(n2) * network.quantumEnergy + h.matrix))
  }

  func evolveDriven(_ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenCascadedEvolution()
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let tr = try ev.evolve(from: try cascadedInitialState(request.initial), times: times, tolerance: request.tolerance) { request.progress?("cascaded", $0, $1) }
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: network.masterEquation().dissipators.map(\.temperature), modeNames: modeNames,
                                    timeDependent: timeDependentNames, period: period)
    for b in bathNames.indices { r.baths?[b].name = bathNames[b] }   // `solve`'s bath names ("own …", "channel")
  }
}
