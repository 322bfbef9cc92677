import Clausius
import Testing

/// A time-dependent `evolve` whose parameters jump once (step tables) against the exact time-independent propagations
/// (`GaussianEvolution`: matrix exponential + Lyapunov, no ODE error) of the two static models: `first` from t = 0 to the
/// step (its last time is the step), `second` restarted from `first`'s final moments (its times counted from the step,
/// its first time 0). At the step and after it, the driven run's generator is the one after the jump, so every
/// instantaneous quantity there — occupations, ⟨H⟩, the work column Σ_α(Q̇_α − Q̇_α^local) + Ẇ, every bath's heat and
/// local heat — is `second`'s, and the integrated heats are `second`'s plus `first`'s totals at the step. All compared
/// to `tolerance` relative (floor 1). `times` are the driven run's: `first`'s, then `second`'s after its first, shifted
/// by the step. Returns the largest deviation.
enum RestartComparison {
  static func compare(_ m: EvolveMethodResult, times: [Double], step: Double, _ first: GaussianTrajectory, _ second: GaussianTrajectory,
                      tolerance: Double = 1e-8) throws -> Double {
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy), work = try #require(m.workRate)
    let before = first.times.count - 1
    #expect(times.count == before + second.times.count && first.times.last == step)
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let (tr, j) = t < step ? (first, k) : (second, k - before)
      var pairs: [(Double, Double)] = occ.indices.map { (occ[$0].values[k], tr.occupations[$0][j]) } + [(energy[k], tr.energy[j]), (work[k], tr.workRate[j])]
      for a in baths.indices {
        let offset = t < step ? 0 : first.integratedHeat[a].last!
        pairs += [(baths[a].heat[k], tr.heat[a][j]), (baths[a].localHeat[k], tr.countedHeat[a][j]), (baths[a].integratedHeat[k], tr.integratedHeat[a][j] + offset)]
      }
      for (x, y) in pairs {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= tolerance * max(1, abs(y)), "t = \(t): \(x) vs \(y)")
      }
    }
    return worst
  }
}
