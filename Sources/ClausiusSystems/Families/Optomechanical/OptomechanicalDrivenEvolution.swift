import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics

/// `evolve` of paper 000's model with bath temperatures T_c(t), T_m(t) given as functions of time (`[cavity]` /
/// `[mechanics] temperature`): the standard master equation (SME, Eqs. 3–10) with its jump operators a, a†, b, b† and
/// the flat-bath rates G_x(±ω_x, T_x(t)) = κ_x(n̄_x(t) + 1), κ_x n̄_x(t) (Eqs. 7–8) — rate factors
/// s_k(t) = G_x(ω_k, T_x(t))/G_x(ω_k, T_x) on the static equation — integrated by CVODE (ClausiusDynamics
/// `DrivenFockEvolution`). H does not change, so there is no drive work; heat is counted with H (Eq. 26), as `solve`
/// counts it for the SME. The DSME and the GMEs are refused: their dissipators (the DSME's zero-frequency term, the
/// GMEs' sideband rates in the polaron frame) would need their own rate laws in T(t), not implemented.
extension OptomechanicalModelFile {
  public var isTimeDependent: Bool { !modulatedTemperatures.isEmpty }

  public var steadyStateNotes: [String] { Self.staticValueNotes(modulatedTemperatures.keys.sorted().map { "temperature of bath \($0)" }) }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(Array(modulatedTemperatures.values)) }

  func evolveDriven(_ choice: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    guard case .standard = choice else {
      throw EvolveRequestError("equation \(choice.name): time-dependent bath temperatures are supported with the SME only (its rates κ(n̄(T(t)) + 1), κn̄(T(t)) on a, a†, b, b†); the \(choice.name) dissipators would need their own rate laws in T(t) — use --equations sme")
    }
    let outcome = try KindSolver.solveFock(self, choice)
    let eq = outcome.equation, sys = system
    // Each SME dissipator's Bohr frequency ±ω_x, identified by its rate G_x(±ω_x, T_x) at the static temperature.
    var factors: [(dissipator: Int, factor: @Sendable (Double) -> Double)] = []
    for (k, d) in eq.dissipators.enumerated() {
      guard let f = modulatedTemperatures[d.bath] else { continue }
      let (w, kappa, t0) = d.bath == "optical" ? (sys.omegaC, sys.kappaC, sys.temperatureC) : (sys.omegaM, sys.kappaM, sys.temperatureM)
      let omega = try [w, -w].first { abs(try OptomechanicalSystem.flatBathRate(kappa: kappa, temperature: t0, frequency: $0, bath: d.bath) - d.rate) <= 1e-12 * d.rate }
      guard let omega else { throw EvolveRequestError("bath '\(d.bath)': dissipator \(d.label) has a rate that is not G(±ω) of the flat bath; its rate cannot follow T(t)") }
      let reference = d.rate
      factors.append((k, { t in ((try? OptomechanicalSystem.flatBathRate(kappa: kappa, temperature: f(t), frequency: omega, bath: "")) ?? .nan) / reference }))
    }
    let temps = ["optical": modulatedTemperatures["optical"] ?? .constant(sys.temperatureC), "mechanical": modulatedTemperatures["mechanical"] ?? .constant(sys.temperatureM)]
    let ev = try DrivenFockEvolution(equation: eq, drive: FockDrive(rateFactors: factors, breakpoints: modulatedTemperatures.values.flatMap(\.breakpoints)), temperatures: temps)
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    guard let method = CVODEIntegrator.Method(rawValue: request.odeMethod) else {
      throw EvolveRequestError("--ode-method \(request.odeMethod): allowed: \(CVODEIntegrator.Method.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let space = eq.space
    let tr = try ev.evolve(from: try fockInitialState(request, choice, outcome), times: times, observables: [("cavity", space.number(0)), ("mechanics", space.number(1))],
                           tolerance: request.tolerance, method: method) { request.progress?(choice.name, $0, $1) }
    ModelEvolver.fillDriven(&r, tr, temperatures: sys.bathTemperatures, levels: outcome.levels, period: period,
                            timeDependence: modulatedTemperatures.keys.sorted().map { "temperature of \($0)" })
  }
}
