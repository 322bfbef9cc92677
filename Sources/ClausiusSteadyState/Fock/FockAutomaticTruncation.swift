import Numerics

/// The outcome of an automatic truncation: the cutoffs used, the state and observables there, and the
/// history of every truncation tried (for the report).
public struct FockTruncationResult: Sendable {
  /// Levels per subsystem at convergence.
  public let levels: [Int]
  public let equation: FockMasterEquation
  public let state: FockSteadyState
  /// Requested observables at `levels`.
  public let observables: [Double]
  /// (levels, top-level populations, observables) for every solve, in order.
  public let history: [(levels: [Int], topLevelPopulations: [Double], observables: [Double])]
}

/// Grows each subsystem's cutoff until (i) the population of its highest level is below `tolerance` and
/// (ii) growing it by one step changes every requested observable by less than `tolerance` (relative,
/// with absolute floor `absoluteFloor`). A small top-level population alone is not enough: for paper 000
/// the lab-frame covariance ⟨n_c, q⟩ at g = ω_m is off by 2·10⁻⁴ at N_m = 60 although level 59 holds ~10⁻⁸.
/// Exceeding `maximumLevels` throws `FockError.truncationNotConverged` with the numbers.
public enum FockAutomaticTruncation {
  public static func converge(initialLevels: [Int], maximumLevels: [Int], tolerance: Double, absoluteFloor: Double = 1e-300,
                              method: FockSolveMethod = .symmetrySectorLU,
                              build: ([Int]) throws -> FockMasterEquation,
                              observables: (FockMasterEquation, FockSteadyState) throws -> [Double]) throws -> FockTruncationResult {
    guard tolerance > 0, tolerance.isFinite else {
      throw FockError.parameterOutOfRange(name: "tolerance", value: tolerance, allowed: "finite and > 0")
    }
    guard initialLevels.count == maximumLevels.count, !initialLevels.isEmpty else {
      throw FockError.dimensionMismatch(detail: "initialLevels (\(initialLevels.count)) and maximumLevels (\(maximumLevels.count)) must name the same subsystems")
    }
    var history: [(levels: [Int], topLevelPopulations: [Double], observables: [Double])] = []
    func solve(_ levels: [Int]) throws -> (FockMasterEquation, FockSteadyState, [Double]) {
      let eq = try build(levels)
      let st = try eq.steadyState(using: method)
      let obs = try observables(eq, st)
      guard obs.allSatisfy(\.isFinite) else { throw FockError.notFinite(name: "observables at levels \(levels)") }
      history.append((levels, st.diagnostics.topLevelPopulations, obs))
      return (eq, st, obs)
    }
    func step(_ n: Int) -> Int { max(2, n / 4) }
    func relativeChange(_ a: [Double], _ b: [Double]) -> Double {
      zip(a, b).map { abs($0 - $1) / max(abs($1), absoluteFloor) }.max() ?? 0
    }
    var levels = initialLevels
    var (eq, st, obs) = try solve(levels)
    var lastChange = [Double](repeating: .infinity, count: levels.count)
    while true {
      // (i) top-level populations.
      let tops = st.diagnostics.topLevelPopulations
      var grew = false
      for s in levels.indices where tops[s] > tolerance {
        let next = levels[s] + step(levels[s])
        guard next <= maximumLevels[s] else {
          throw FockError.truncationNotConverged(subsystem: eq.space.subsystems[s].name, maximumLevels: maximumLevels[s],
                                                 topLevelPopulation: tops[s], observableChange: lastChange[s], tolerance: tolerance)
        }
        levels[s] = next; grew = true
      }
      if grew { (eq, st, obs) = try solve(levels); continue }
      // (ii) observable change when each cutoff grows by one step.
      var allConverged = true
      for s in levels.indices {
        var trial = levels
        trial[s] += step(levels[s])
        guard trial[s] <= maximumLevels[s] else {
          throw FockError.truncationNotConverged(subsystem: eq.space.subsystems[s].name, maximumLevels: maximumLevels[s],
                                                 topLevelPopulation: tops[s], observableChange: lastChange[s], tolerance: tolerance)
        }
        let (e2, s2, o2) = try solve(trial)
        lastChange[s] = relativeChange(o2, obs)
        if lastChange[s] > tolerance {
          levels = trial; (eq, st, obs) = (e2, s2, o2); allConverged = false
          break
        }
      }
      if allConverged { return FockTruncationResult(levels: levels, equation: eq, state: st, observables: obs, history: history) }
    }
  }
}
