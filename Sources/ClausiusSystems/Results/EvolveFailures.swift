import ClausiusMasterEquations

/// The failure checks of `clausius evolve` (exit status 1).
extension EvolveDocument {
  /// Relative first-law residual above which an evolution fails (the exact Gaussian route closes to ~1e-13, the Krylov
  /// route to its tolerance; 1e-6 flags a genuinely broken run, not round-off).
  public static let firstLawTolerance = 1e-6

  /// What makes `evolve` exit with status 1: a method that could not run, a broken first law, Tr ρ ≠ 1, ρ < 0, an
  /// unphysical covariance (GKLS equations), an entropy production Σ(t) that decreases (equations declaring Clausius'
  /// law), or a non-finite number.
  public var failures: [String] {
    var out: [String] = []
    for m in methods {
      if let e = m.error { out.append("\(m.equation): \(e)"); continue }
      guard let d = m.diagnostics else { continue }
      // Positivity of ρ(t) and of V(t) binds the equations that declare it (`Derivation.laws`: not Redfield's).
      let redfield = !Self.positivityBinds(m.equation)
      if !(d.firstLawResidual <= Self.firstLawTolerance) { out.append("\(m.equation): the first law d⟨H⟩/dt = ΣQ̇ fails (relative residual \(d.firstLawResidual))") }
      // An ODE-integrated trajectory closes the integrated first law to its global error (~10²–10³ × the tolerance).
      if !(d.integratedFirstLawResidual <= Swift.max(Self.firstLawTolerance, 1e3 * (d.ode?.relativeTolerance ?? 0))) {
        out.append("\(m.equation): the integrated first law ΔH = ΣQ fails (relative residual \(d.integratedFirstLawResidual))")
      }
      if let t = d.traceError, !(t <= 1e-8) { out.append("\(m.equation): Tr ρ departs from 1 by \(t)") }
      // An ODE-integrated ρ (time-dependent generators) is positive to the integrator's accuracy only.
      let positivity = -Swift.max(1e-8, 1e2 * (d.ode?.relativeTolerance ?? 0))
      if !redfield, let e = d.minimumEigenvalue, !(e >= positivity) { out.append("\(m.equation): ρ(t) has the eigenvalue \(e) < 0") }
      if !redfield, let u = d.uncertaintyMargin, !(u >= -1e-9) { out.append("\(m.equation): V(t) violates the uncertainty principle (margin \(u))") }
      if let drop = Self.entropyProductionDecrease(m, rateChecked: d.entropyProductionRateViolation != nil) { out.append("\(m.equation): the entropy production Σ(t) decreases by \(drop) between output times (its rate must be ≥ 0: Spohn's inequality for every dissipator in detailed balance with its counting Hamiltonian)") }
      // Spohn: σ(t) ≥ 0 at every time for the equations that declare the Clausius inequality (global, local, collisional).
      if let v = d.entropyProductionRateViolation, Self.lawBinds(.clausius, m.equation), !(v <= Self.entropyProductionRateTolerance) {
        out.append("\(m.equation): the entropy production rate is negative (relative violation \(v))")
      }
      let all = (m.baths ?? []).flatMap { $0.heat + $0.localHeat + $0.integratedHeat + $0.integratedLocalHeat } + (m.energy ?? []) + (m.workRate ?? [])
      if all.contains(where: { !$0.isFinite }) { out.append("\(m.equation): a non-finite heat, work or energy") }
    }
    return out
  }


  /// Whether positivity is a declared law of the equation named `equation` (`Derivation.laws`, looked up in every
  /// `DerivationMenu`); true for the equations outside the menus (cascaded, the ring's linearised equation: GKLS).
  static func positivityBinds(_ equation: String) -> Bool { lawBinds(.positivity, equation) }

  /// Whether `law` is declared by the equation named `equation` (as `positivityBinds`).
  static func lawBinds(_ law: ThermodynamicLaw, _ equation: String) -> Bool {
    for menu in DerivationMenu.allCases {
      if let d = (try? menu.derivation(named: equation)) ?? nil { return d.laws.contains(law) }
    }
    return true
  }

  /// The largest decrease of Σ(t) = S(t) − S(0) − Σ_α ∫Q̇_α^local/T_α between consecutive output times, when it exceeds
  /// the accuracy of the run, for an equation declaring Clausius' law (`Derivation.laws`): every dissipator of such an
  /// equation has the Gibbs state of its counting Hamiltonian as fixed point, so by Spohn's inequality
  /// dΣ/dt = −Σ_α Tr{𝓓_α(ρ)[ln ρ − ln ρ_α^fix]} ≥ 0 at every time (also with time-dependent temperatures and H(t): the
  /// counting Hamiltonians of the local dissipators are the subsystems' own). Allowed: 1e-8 (exact routes) or
  /// 10³ × the ODE tolerance of the entropy scale max|Σ| + max Σ_α|Q_α^local|/T_α.
  /// A time-dependent Gaussian run (`gaussian-ode`) is checked only where its rate σ(t) is (`rateChecked`: not when a
  /// drive enters the counting Hamiltonians, whose dissipators are then not in detailed balance with it).
  static func entropyProductionDecrease(_ m: EvolveMethodResult, rateChecked: Bool) -> Double? {
    guard m.engine != "gaussian-ode" || rateChecked, let sigma = m.entropyProduction, sigma.count > 1, sigma.allSatisfy(\.isFinite), lawBinds(.clausius, m.equation) else { return nil }
    var scale = sigma.map(abs).max() ?? 0
    for k in sigma.indices {
      scale = Swift.max(scale, (m.baths ?? []).reduce(0.0) { s, b in b.temperature > 0 && k < b.integratedLocalHeat.count ? s + abs(b.integratedLocalHeat[k]) / b.temperature : s })
    }
    let allowed = Swift.max(1e-8, 1e3 * (m.diagnostics?.ode?.relativeTolerance ?? 0)) * Swift.max(scale, 1e-300)
    let drop = zip(sigma, sigma.dropFirst()).map { $0 - $1 }.max() ?? 0
    return drop > allowed ? drop : nil
  }

  /// max_t max(0, −σ)/scale above this fails (σ is evaluated exactly on the state at t, so only round-off remains).
  public static let entropyProductionRateTolerance = 1e-8
}
