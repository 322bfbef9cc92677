import ClausiusMasterEquations

/// The failure checks of `clausius evolve` (exit status 1).
extension EvolveDocument {
  /// Relative first-law residual above which an evolution fails (the exact Gaussian route closes to ~1e-13, the Krylov
  /// route to its tolerance; 1e-6 flags a genuinely broken run, not round-off).
  public static let firstLawTolerance = 1e-6

  /// What makes `evolve` exit with status 1: a method that could not run, a broken first law, Tr ρ ≠ 1, ρ < 0, an
  /// unphysical covariance (GKLS equations), or a non-finite number.
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

  /// max_t max(0, −σ)/scale above this fails (σ is evaluated exactly on the state at t, so only round-off remains).
  public static let entropyProductionRateTolerance = 1e-8
}
