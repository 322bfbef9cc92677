import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Numerics

/// A number of a cascade file that may be a function of time (`evolve`; docs/model-format.md, "Time-dependent
/// parameters"). Declaration order is the order of `timeDependent` and of the notes.
public enum CascadeParameter: Hashable, Comparable, Sendable {
  /// N̄_i of mode i's own bath, N̄_c of the channel's bath: only the dissipators' rates.
  case ownOccupation(Int), channelOccupation
  /// κ_i: only the own dissipator κ_i(N̄_i + 1)D[c_i] + κ_iN̄_iD[c_i†].
  case ownRate(Int)
  /// ω_i, the detuning of mode i in the frame rotating at ω_q: H only.
  case frequency(Int)
  /// γ_i and θ_i: both H's cascade term (i/2)√(γ_jγ_k)e^{i(θ_j−θ_k)}c_j†c_k + h.c. and the channel's jump
  /// L = Σ_j √γ_j e^{−iθ_j} c_j (Eq. 1).
  case cascadeRate(Int), phase(Int)
  /// Re F_i, Im F_i of the hopping F_i c_i†c_{i+1} + h.c.: H only.
  case hoppingReal(Int), hoppingImaginary(Int)

  /// Whether the parameter enters H (then it does work ⟨∂_tH⟩ on the system).
  public var entersHamiltonian: Bool {
    switch self {
    case .ownOccupation, .channelOccupation, .ownRate: return false
    case .frequency, .cascadeRate, .phase, .hoppingReal, .hoppingImaginary: return true
    }
  }

  func name(modes: [String]) -> String {
    switch self {
    case let .ownOccupation(i): return "occupation of own \(modes[i])"
    case .channelOccupation: return "occupation of channel"
    case let .ownRate(i): return "rate of own \(modes[i])"
    case let .frequency(i): return "frequency of \(modes[i])"
    case let .cascadeRate(i): return "cascade rate of \(modes[i])"
    case let .phase(i): return "phase of \(modes[i])"
    case let .hoppingReal(i): return "Re hopping \(modes[i])→\(modes[i + 1])"
    case let .hoppingImaginary(i): return "Im hopping \(modes[i])→\(modes[i + 1])"
    }
  }
}

/// `evolve` of a cascade (paper 001) whose numbers are functions of time (`CascadeParameter`; docs/time-evolution.md,
/// "Cascaded models (paper 001)"): the cascaded master equation (Eq. 1) of the network at each time, moments by CVODE
/// (`DrivenGaussianEvolution`):
///   dV/dt = A(t)V + VA(t)ᵀ + D(t).
/// - Occupations N̄_i(t), N̄_c(t) and own rates κ_i(t) enter only the dissipators: the drift and diffusion follow them,
///   H does not change, no work.
/// - Detunings ω_i(t), hoppings F_i(t), cascade rates γ_i(t) and phases θ_i(t) enter H(t) = Σ_jk h_jk(t) c_j†c_k
///   (`CascadedNetwork.hoppingMatrix`); γ_i and θ_i also the channel's jump L(t). The drive work is
///   Ẇ = ⟨∂_tH⟩ = Σ_jk ḣ_jk⟨c_j†c_k⟩ + ½ tr ḣ with ḣ from the parameters' derivatives
///   (`CascadedNetwork.hoppingMatrixRate`), and a step table's jump does the impulsive work ⟨H(t⁺) − H(t⁻)⟩.
/// The energy is H_E(t) = ω_q N + H(t) (the static cascade's, CascadedEvolution.swift; ω_q N commutes with every H(t),
/// which conserves N): `heat` is counted with H_E(t), `localHeat` = ω_q Φ_α with ω_q N (fixed: every dissipator is in
/// detailed balance with it at every time), and d⟨H_E⟩/dt = Σ_α Q̇_α + Ẇ. `workRate` = Ẇ + Σ_α(Q̇_α − Q̇_α^local), so
/// d⟨H_E⟩/dt = Σ_α Q̇_α^local + `workRate` as for every family.
extension CascadedModelFile {
  public var isTimeDependent: Bool { !modulations.isEmpty }

  /// The names of the time-dependent numbers, for notes and `timeDependent`.
  var timeDependentNames: [String] { modulations.keys.sorted().map { $0.name(modes: modeNames) } }

  /// Every time function of the file, in `CascadeParameter` order.
  var timeFunctions: [TimeFunction] { modulations.keys.sorted().map { modulations[$0]! } }

  public var steadyStateNotes: [String] { Self.staticValueNotes(timeDependentNames) }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(timeFunctions) }

  /// Parameter p's value at t (`before`: its limit from the left, t⁻, at a step table's jump), or its rate of change.
  private func value(_ p: CascadeParameter, _ t: Double, before: Bool, static v: Double) -> Double {
    guard let f = modulations[p] else { return v }
    return f(t) - (before ? f.jumps.filter { $0.time == t }.reduce(0) { $0 + $1.size } : 0)
  }

  private func network(at t: Double, before: Bool) throws -> CascadedNetwork {
    let n = network.modeCount, net = network
    func v(_ p: CascadeParameter, _ x: Double) -> Double { value(p, t, before: before, static: x) }
    return try CascadedNetwork(frequencies: (0..<n).map { v(.frequency($0), net.frequencies[$0]) },
                               ownRates: (0..<n).map { v(.ownRate($0), net.ownRates[$0]) },
                               ownOccupations: (0..<n).map { v(.ownOccupation($0), net.ownOccupations[$0]) },
                               cascadeRates: (0..<n).map { v(.cascadeRate($0), net.cascadeRates[$0]) },
                               phases: (0..<n).map { v(.phase($0), net.phases[$0]) },
                               reciprocityBreaking: net.reciprocityBreaking.enumerated().map { i, f in
                                 Complex(v(.hoppingReal(i), f.real), v(.hoppingImaginary(i), f.imaginary))
                               },
                               commonOccupation: v(.channelOccupation, net.commonOccupation), quantumEnergy: net.quantumEnergy)
  }

  /// The cascade with every time-dependent number evaluated at t.
  public func network(at t: Double) throws -> CascadedNetwork { try network(at: t, before: false) }

  /// ∂_tH at t: the quadrature form of ḣ (`CascadedNetwork.hoppingMatrixRate`) from the parameters' derivatives f′(t).
  func hamiltonianRate(at t: Double) throws -> QuadraticHamiltonian {
    let n = network.modeCount
    func d(_ p: CascadeParameter) -> Double { modulations[p]?.derivative(t) ?? 0 }
    let h = try network(at: t).hoppingMatrixRate(
      frequencies: (0..<n).map { d(.frequency($0)) }, cascadeRates: (0..<n).map { d(.cascadeRate($0)) }, phases: (0..<n).map { d(.phase($0)) },
      reciprocityBreaking: network.reciprocityBreaking.indices.map { Complex(d(.hoppingReal($0)), d(.hoppingImaginary($0))) })
    return QuadraticHamiltonian(matrix: quadratureMatrix(hermitian: h))
  }

  /// The time-dependent evolution: the cascaded master equation of the network at t, energy H_E(t) = ω_q N + H(t).
  public func drivenCascadedEvolution() throws -> DrivenGaussianEvolution {
    let file = self, n2 = 2 * network.modeCount
    let modulatesH = modulations.keys.contains(where: \.entersHamiltonian)
    // The jumps of H at the step tables' times: H(t⁺) − H(t⁻) from the networks on either side (γ_i and θ_i enter H
    // non-linearly, so not a sum of unit terms).
    let jumpTimes = Set(modulations.filter(\.key.entersHamiltonian).values.flatMap { $0.jumps.map(\.time) }).sorted()
    let jumps = try jumpTimes.map { b -> (time: Double, change: QuadraticHamiltonian) in
      let after = try network(at: b).masterEquation().hamiltonian, before = try network(at: b, before: true).masterEquation().hamiltonian
      return (b, QuadraticHamiltonian(matrix: after.matrix - before.matrix))
    }
    // ∂_tH (zero when only the dissipators are modulated). The network at t is valid whenever the equation at t is (the
    // reader bounds every rate and occupation at all times); should it fail anyway, NaN makes the evolution fail loudly
    // (a non-finite state) instead of doing no work.
    let zero = QuadraticHamiltonian(matrix: Matrix<Double>(rows: n2, columns: n2))
    let failed = QuadraticHamiltonian(matrix: Matrix<Double>(rows: n2, columns: n2, repeating: .nan))
    let drive = GaussianDrive(equation: { t in try file.network(at: t).masterEquation() },
                              hamiltonianRate: { t in modulatesH ? ((try? file.hamiltonianRate(at: t)) ?? failed) : zero },
                              breakpoints: timeFunctions.flatMap(\.breakpoints), jumps: jumps)
    return try DrivenGaussianEvolution(drive: drive, energyOffset: QuadraticHamiltonian(matrix: Matrix<Double>.identity(n2) * network.quantumEnergy))
  }

  func evolveDriven(_ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenCascadedEvolution()
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let tr = try ev.evolve(from: try cascadedInitialState(request.initial), times: times, tolerance: request.tolerance,
                           method: try request.cvodeMethod()) { request.progress?("cascaded", $0, $1) }
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: network.masterEquation().dissipators.map(\.temperature), modeNames: modeNames,
                                    timeDependent: timeDependentNames, period: period, finalState: request.finalState)
    for b in bathNames.indices { r.baths?[b].name = bathNames[b] }   // `solve`'s bath names ("own …", "channel")
  }
}
