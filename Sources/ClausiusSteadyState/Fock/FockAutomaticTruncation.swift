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
    var names: [String] = []
    let r = try converge(initialLevels: initialLevels, maximumLevels: maximumLevels, tolerance: tolerance, absoluteFloor: absoluteFloor,
                         subsystemName: { names.indices.contains($0) ? names[$0] : "\($0)" }) { levels -> (topLevelPopulations: [Double], observables: [Double], value: (FockMasterEquation, FockSteadyState)) in
      let eq = try build(levels)
      names = eq.space.subsystems.map(\.name)
      let st = try eq.steadyState(using: method)
      return (st.diagnostics.topLevelPopulations, try observables(eq, st), (eq, st))
    }
    return FockTruncationResult(levels: r.levels, equation: r.value.0, state: r.value.1, observables: r.observables, history: r.history)
  }

  /// The same search for any solver: `solve(levels)` returns the top-level population of every truncated subsystem,
  /// the observables and a value kept for the converged levels (e.g. the open-system family's solution).
  public static func converge<T>(initialLevels: [Int], maximumLevels: [Int], tolerance: Double, absoluteFloor: Double = 1e-300,
                                 subsystemName: (Int) -> String,
                                 solve solver: ([Int]) throws -> (topLevelPopulations: [Double], observables: [Double], value: T))
    throws -> (levels: [Int], value: T, observables: [Double], history: [(levels: [Int], topLevelPopulations: [Double], observables: [Double])]) {
    guard tolerance > 0, tolerance.isFinite else {
      throw FockError.parameterOutOfRange(name: "tolerance", value: tolerance, allowed: "finite and > 0")
    }
    guard initialLevels.count == maximumLevels.count, !initialLevels.isEmpty else {
      throw FockError.dimensionMismatch(detail: "initialLevels (\(initialLevels.count)) and maximumLevels (\(maximumLevels.count)) must name the same subsystems")
    }
    var history: [(levels: [Int], topLevelPopulations: [Double], observables: [Double])] = []
    func solve(_ levels: [Int]) throws -> (tops: [Double], value: T, observables: [Double]) {
      let r = try solver(levels)
      guard r.observables.allSatisfy(\.isFinite) else { throw FockError.notFinite(name: "observables at levels \(levels)") }
      history.append((levels, r.topLevelPopulations, r.observables))
      return (r.topLevelPopulations, r.value, r.observables)
    }
    func step(_ n: Int) -> Int { max(2, n / 4) }
    func relativeChange(_ a: [Double], _ b: [Double]) -> Double {
      zip(a, b).map { abs($0 - $1) / max(abs($1), absoluteFloor) }.max() ?? 0
    }
    var levels = initialLevels
    var (tops, value, obs) = try solve(levels)
    var lastChange = [Double](repeating: .infinity, count: levels.count)
    while true {
      // (i) top-level populations.
      var grew = false
      for s in levels.indices where tops[s] > tolerance {
        let next = levels[s] + step(levels[s])
        guard next <= maximumLevels[s] else {
          throw FockError.truncationNotConverged(subsystem: subsystemName(s), maximumLevels: maximumLevels[s],
                                                 topLevelPopulation: tops[s], observableChange: lastChange[s], tolerance: tolerance)
        }
        levels[s] = next; grew = true
      }
      if grew { (tops, value, obs) = try solve(levels); continue }
      // (ii) observable change when each cutoff grows by one step.
      var allConverged = true
      for s in levels.indices {
        var trial = levels
        trial[s] += step(levels[s])
        guard trial[s] <= maximumLevels[s] else {
          throw FockError.truncationNotConverged(subsystem: subsystemName(s), maximumLevels: maximumLevels[s],
                                                 topLevelPopulation: tops[s], observableChange: lastChange[s], tolerance: tolerance)
        }
        let next = try solve(trial)
        lastChange[s] = relativeChange(next.observables, obs)
        if lastChange[s] > tolerance {
          levels = trial; (tops, value, obs) = next; allConverged = false
          break
        }
      }
      if allConverged { return (levels, value, obs, history) }
    }
  }
}
