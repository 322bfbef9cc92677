import ClausiusModels
import ClausiusSteadyState
import Foundation

extension OpenSystem {
  /// The same model with the oscillators' Fock truncations replaced: `levels[s]` for each subsystem index `s` given.
  public func withOscillatorLevels(_ levels: [Int: Int], maximumDimension: Int) throws -> OpenSystem {
    var subs = subsystems
    for (s, n) in levels {
      guard case .oscillator = subs[s].kind else { continue }
      subs[s].kind = .oscillator(levels: n)
    }
    return try OpenSystem(subsystems: subs, parameters: parameters, terms: terms.filter { !$0.isBare }.map(\.text), baths: baths,
                          maximumDimension: maximumDimension)
  }

  /// Automatic truncation of the oscillators in `automatic` (subsystem index → largest number of levels allowed): each
  /// one's Fock cutoff grows (by max(2, N/4), `FockAutomaticTruncation`) until (i) its highest level holds at most
  /// `tolerance` and (ii) one more step changes no observable by more than `tolerance` relative — the observables are
  /// every bath's current relative to the gross heat (absolute floor 1e-9 of it, so a vanishing current converges) and
  /// every oscillator's ⟨a†a⟩. Past a maximum, or when the Hilbert space would exceed `maximumDimension`, it throws
  /// (`FockError.truncationNotConverged`, `ModelError` naming the dimension). Returns the solution at the converged levels.
  public func solveAutomatic(_ derivation: Derivation, automatic: [Int: Int], tolerance: Double,
                             maximumDimension: Int) throws -> OpenSystemSolution {
    let order = automatic.keys.sorted()
    let start = order.map { space.subsystems[$0].dimension }
    let r = try FockAutomaticTruncation.converge(initialLevels: start, maximumLevels: order.map { automatic[$0]! }, tolerance: tolerance, absoluteFloor: 1e-9,
                                                 subsystemName: { subsystems[order[$0]].name }) { levels in
      let model = try withOscillatorLevels(Dictionary(uniqueKeysWithValues: zip(order, levels)), maximumDimension: maximumDimension)
      let sol = try model.solve(derivation, truncationTolerance: 1)   // the search checks the top levels itself
      let gross = max(sol.grossHeat, 1e-300)
      let tops = sol.oscillatorTopLevelPopulations
      let observables = sol.heat.map { $0 / gross } + zip(sol.excitations, tops).compactMap { $1 == nil ? nil : $0 }
      return (order.map { tops[$0] ?? 0 }, observables, sol)
    }
    return r.value
  }
}
