import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics

/// `evolve` of paper 002's ring with entries of `[ring]` given as functions of time (`OptomechanicalRingModelFile.modulated`;
/// docs/time-evolution.md, "Time-dependent ring"): the exact linearised equation (Eq. 4 with the local
/// dissipators of Eq. 3; `OptomechanicalLinearisation.exactEquation`) with every entry evaluated at t, moments by CVODE
/// (ClausiusDynamics `DrivenGaussianEvolution`):
///   dV/dt = A(t)V + VA(t)ᵀ + D(t).
/// - |G|(t) (`coupling`: g|α(t)|, following a modulated laser drive), J(t) (`hopping`), Δ̃(t) (`detuning`) and ω_m(t)
///   (`mechanical_frequency`) enter H linearly: H(t) = H₀ + Σ_j (p_j(t) − p_j(0)) H_j with H_j = ∂H/∂p_j
///   (H_G = −Σ_ℓ(e^{−iℓφ}c_ℓ + e^{iℓφ}c_ℓ†)(d_ℓ + d_ℓ†), H_J = −½Σ_ℓ(c_ℓ†c_ℓ₊₁ + h.c.), H_Δ̃ = −Σ c_ℓ†c_ℓ,
///   H_ω = Σ d_ℓ†d_ℓ), so the drive work is Ẇ = ⟨∂_tH⟩ = Σ_j p_j′(t)⟨H_j⟩, and a step of a table does the impulsive
///   work Δp_j⟨H_j⟩ at the step (`GaussianDrive.jumps`).
/// - γ_c(t) (`optical_loss`), γ_m(t) (`mechanical_damping`) and n̄(t) (`occupation`) enter only the dissipators
///   γ_cD[c_ℓ] and γ_m[(n̄+1)D[d_ℓ] + n̄D[d_ℓ†]]: the drift and the diffusion follow them, H does not, and they do no work.
/// Heat keeps `solve`'s counting at every time: `heat` with H(t), `localHeat` with each bath's own Hamiltonian at t,
/// −Δ̃(t)c_ℓ†c_ℓ and ω_m(t)d_ℓ†d_ℓ (so Q̇ mechanical = ω_m(t)γ_m(t)(n̄(t) − ⟨d_ℓ†d_ℓ⟩)). With ω_m(t) the mechanical baths
/// are given by their occupation n̄, not their temperature: n̄ is held (or follows its own table), so the bath temperature
/// T_m = ω_m/ln(1 + 1/n̄) would follow ω_m(t); the document reports the static T_m.
/// Held fixed, as in the linearisation: the mean field (the optical phase of α(t), hence G_ℓ = |G|e^{iℓφ} with the
/// static flux, and the mean-field shift inside Δ̃ = Δ + 2g²|α|²/ω_m: Δ̃ is the entry, not recomputed from ω_m or |G|) —
/// a modulation slow against the cavity's response (the adiabatic mean field). The flux φ = 2πn/L cannot be a function
/// of time: a non-integer winding has no homogeneous mean field α_ℓ = |α|e^{iℓφ} on the ring (docs/time-evolution.md).
/// A linearised ring can be dynamically unstable (max Re λ(A) > 0, large |G| or blue detuning): `solve` refuses it;
/// `evolve` integrates the growing moments and warns with the first unstable sampled time (`instabilityWarning`).
extension OptomechanicalRingModelFile {
  public var isTimeDependent: Bool { !modulated.isEmpty }

  /// The modulated entries, in the file's order.
  var modulatedParameters: [RingParameter] { modulated.keys.sorted() }

  /// The names of the modulated entries, as `timeDependent` lists them ("ring.coupling", …).
  var modulatedNames: [String] { modulatedParameters.map { "ring.\($0.key)" } }

  var timeFunctions: [TimeFunction] { modulatedParameters.map { modulated[$0]! } }

  public var steadyStateNotes: [String] { Self.staticValueNotes(modulatedParameters.map(\.label)) }

  /// The ring with every entry evaluated at t; `setting` overrides entries with fixed values.
  public func theory(at t: Double, setting fixed: [RingParameter: Double] = [:]) throws -> OptomechanicalRingTheory {
    let th = theory
    func value(_ k: RingParameter, _ s: Double) -> Double { fixed[k] ?? modulated[k]?(t) ?? s }
    return try OptomechanicalRingTheory(siteCount: th.siteCount, winding: th.winding, effectiveCoupling: value(.coupling, th.effectiveCoupling),
                                        hopping: value(.hopping, th.hopping), effectiveDetuning: value(.detuning, th.effectiveDetuning),
                                        opticalLoss: value(.opticalLoss, th.opticalLoss), mechanicalFrequency: value(.mechanicalFrequency, th.mechanicalFrequency),
                                        mechanicalDamping: value(.mechanicalDamping, th.mechanicalDamping),
                                        thermalOccupation: value(.occupation, th.thermalOccupation))
  }

  /// The exact linearised equation (Eq. 4) at t.
  public func equation(at t: Double) throws -> MasterEquation { try OptomechanicalLinearisation.ring(theory(at: t)).exactEquation() }

  /// H_j = ∂H/∂p_j for the modulated entries that H holds: H(p_j = 2) − H(p_j = 1), exact since H is affine in each
  /// (p_j = 0 is not a valid ω_m).
  func unitHamiltonians() throws -> [(TimeFunction, QuadraticHamiltonian)] {
    try modulatedParameters.filter(\.entersHamiltonian).map { k in
      let h2 = try OptomechanicalLinearisation.ring(theory(at: 0, setting: [k: 2])).exactEquation().hamiltonian
      let h1 = try OptomechanicalLinearisation.ring(theory(at: 0, setting: [k: 1])).exactEquation().hamiltonian
      return (modulated[k]!, QuadraticHamiltonian(matrix: h2.matrix - h1.matrix, linear: zip(h2.linear, h1.linear).map { $0 - $1 }))
    }
  }

  public func drivenEvolution() throws -> DrivenGaussianEvolution {
    let file = self, terms = try unitHamiltonians(), n2 = 4 * theory.siteCount
    func scaled(_ h: QuadraticHamiltonian, _ s: Double) -> QuadraticHamiltonian { QuadraticHamiltonian(matrix: h.matrix * s, linear: h.linear.map { $0 * s }) }
    let jumps = terms.flatMap { f, h in f.jumps.map { (time: $0.time, change: scaled(h, $0.size)) } }
    let drive = GaussianDrive(equation: { t in try file.equation(at: t) }, hamiltonianRate: { t in
      terms.reduce(QuadraticHamiltonian(matrix: Matrix<Double>(rows: n2, columns: n2))) { sum, term in
        let df = term.0.derivative(t)
        return df == 0 ? sum : QuadraticHamiltonian(matrix: sum.matrix + term.1.matrix * df, linear: zip(sum.linear, term.1.linear).map { $0 + df * $1 })
      }
    }, breakpoints: timeFunctions.flatMap(\.breakpoints), jumps: jumps)
    return try DrivenGaussianEvolution(drive: drive)
  }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(timeFunctions) }

  /// The times at which the drift's stability is checked over [0, `end`]: the output times, every table time, and
  /// 16 per period of the fastest sinusoid (at most 512).
  func stabilitySamples(_ times: [Double]) -> [Double] {
    let end = times.last ?? 0
    var samples = times + timeFunctions.flatMap(\.breakpoints).filter { $0 <= end }
    if let p = timeFunctions.compactMap(\.period).min(), end > 0 {
      let count = min(512, Int((16 * end / p).rounded(.up)))
      samples += (0...count).map { end * Double($0) / Double(count) }
    }
    return Array(Set(samples)).sorted()
  }

  /// A warning when the linearised ring is dynamically unstable at some sampled time (max Re λ(A(t)) > 0: the fluctuations
  /// grow like e^{2 max Re λ t} and the linearisation around the mean field fails; `solve` refuses such a model), nil when
  /// it is stable at every sample. Reference: paper 002, Eq. (4) (gray region of Fig. 4).
  public func instabilityWarning(times: [Double]) throws -> String? {
    var unstable: [(Double, Double)] = []
    for t in stabilitySamples(times) {
      let lambda = try equation(at: t).largestDriftRealPart()
      if lambda > 0 { unstable.append((t, lambda)) }
    }
    guard let first = unstable.first, let worst = unstable.max(by: { $0.1 < $1.1 }) else { return nil }
    return "the linearised ring is dynamically unstable at t = \(Text.num(first.0)) (max Re λ of the drift \(Text.num(first.1)) > 0; largest \(Text.num(worst.1)) at t = \(Text.num(worst.0)); \(unstable.count) of \(stabilitySamples(times).count) sampled times): the fluctuations grow there and the linearisation around the mean field (paper 002, Eq. 4) is not valid — `solve` refuses such a model"
  }

  func evolveDriven(_ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenEvolution()
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let method = try request.cvodeMethod()
    let tr = try ev.evolve(from: try ringInitialState(request.initial), times: times, tolerance: request.tolerance, method: method) {
      request.progress?("linearised", $0, $1)
    }
    let temperatures = try OptomechanicalLinearisation.ring(theory).exactEquation().dissipators.map(\.temperature)
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: temperatures, modeNames: modeNames, timeDependent: modulatedNames, period: period,
                                    finalState: request.finalState)
    if let w = try instabilityWarning(times: times) { r.diagnostics?.warnings.append(w) }
  }
}
