import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics

/// `evolve` of paper 002's ring with |G|(t) (`coupling`: the linearised optomechanical coupling g|α(t)|, following a
/// modulated laser drive) or n̄(t) (`occupation` of the mechanical baths) given as functions of time: the exact
/// linearised equation (Eq. 4, local dissipators; `OptomechanicalLinearisation.exactEquation`) at each time, moments by
/// CVODE (ClausiusDynamics `DrivenGaussianEvolution`). The dissipators act on single modes and do not depend on |G|;
/// n̄(t) rescales the mechanical rates γ_m(n̄ + 1), γ_m n̄. H is linear in |G| (G_ℓ = |G|e^{iℓφ}), so
/// ∂H/∂t = |G|′(t) H_G with H_G = H(|G| = 1) − H(|G| = 0) (drive work ⟨∂H/∂t⟩; a step of |G| does the impulsive work
/// Δ|G|⟨H_G⟩). The optical phase of α(t) and the mean-field shift of the detuning are held fixed: a modulation slow
/// against the cavity's response (the adiabatic mean field of the linearisation).
extension OptomechanicalRingModelFile {
  public var isTimeDependent: Bool { modulatedCoupling != nil || modulatedOccupation != nil }

  /// The names of the modulated entries, as `timeDependent` lists them.
  var modulatedNames: [String] { (modulatedCoupling == nil ? [] : ["ring.coupling"]) + (modulatedOccupation == nil ? [] : ["ring.occupation"]) }

  public var steadyStateNotes: [String] {
    Self.staticValueNotes((modulatedCoupling == nil ? [] : ["coupling |G|"]) + (modulatedOccupation == nil ? [] : ["mechanical occupation n̄"]))
  }

  /// The ring with |G| (or `coupling`) and n̄ evaluated at t.
  public func theory(at t: Double, coupling: Double? = nil) throws -> OptomechanicalRingTheory {
    let th = theory
    return try OptomechanicalRingTheory(siteCount: th.siteCount, winding: th.winding, effectiveCoupling: coupling ?? modulatedCoupling?(t) ?? th.effectiveCoupling,
                                        hopping: th.hopping, effectiveDetuning: th.effectiveDetuning, opticalLoss: th.opticalLoss,
                                        mechanicalFrequency: th.mechanicalFrequency, mechanicalDamping: th.mechanicalDamping,
                                        thermalOccupation: modulatedOccupation?(t) ?? th.thermalOccupation)
  }

  public func drivenEvolution() throws -> DrivenGaussianEvolution {
    let file = self
    var unit = QuadraticHamiltonian.zero(modes: 2 * theory.siteCount)
    if modulatedCoupling != nil {
      let h1 = try OptomechanicalLinearisation.ring(theory(at: 0, coupling: 1)).exactEquation().hamiltonian
      let h0 = try OptomechanicalLinearisation.ring(theory(at: 0, coupling: 0)).exactEquation().hamiltonian
      unit = QuadraticHamiltonian(matrix: h1.matrix - h0.matrix, linear: zip(h1.linear, h0.linear).map { $0 - $1 })
    }
    let hG = unit, coupling = modulatedCoupling
    let jumps = (coupling?.jumps ?? []).map { j in (time: j.time, change: QuadraticHamiltonian(matrix: hG.matrix * j.size, linear: hG.linear.map { $0 * j.size })) }
    let drive = GaussianDrive(equation: { t in try OptomechanicalLinearisation.ring(file.theory(at: t)).exactEquation() }, hamiltonianRate: { t in
      let df = coupling?.derivative(t) ?? 0
      return QuadraticHamiltonian(matrix: hG.matrix * df, linear: hG.linear.map { $0 * df })
    }, breakpoints: [modulatedCoupling, modulatedOccupation].compactMap { $0 }.flatMap(\.breakpoints), jumps: jumps)
    return try DrivenGaussianEvolution(drive: drive)
  }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod([modulatedCoupling, modulatedOccupation].compactMap { $0 }) }

  func evolveDriven(_ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenEvolution()
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let tr = try ev.evolve(from: try ringInitialState(request.initial), times: times, tolerance: request.tolerance) { request.progress?("linearised", $0, $1) }
    let temperatures = try OptomechanicalLinearisation.ring(theory).exactEquation().dissipators.map(\.temperature)
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: temperatures, modeNames: modeNames, timeDependent: modulatedNames, period: period)
  }
}
