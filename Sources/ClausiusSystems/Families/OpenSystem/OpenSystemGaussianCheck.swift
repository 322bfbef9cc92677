import ClausiusMasterEquations
import ClausiusModels
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// The Gaussian cross-check of a quadratic open-system model (issue 14 §1): the model recognised as a
/// `BosonicNetwork` (`OpenSystem.quadraticNetwork`) and the same derivation solved on the Gaussian engine.
enum OpenSystemGaussianCheck {
  /// The network equation equal to `d` (a network ignores the general local and Redfield tolerances): local ↔ local (Davies per bath w.r.t. ω_i a_i†a_i, the only
  /// single-mode term a recognised network has besides a drive, which `result` excludes), global ↔ global (Davies on the normal modes), redfield ↔ redfield;
  /// partialSecular clusters Bohr frequencies by width, the network's partial Redfield by sign: no counterpart.
  static func networkDerivation(_ d: Derivation) -> Derivation? {
    switch d {
    case .local: return .local
    case .global: return d
    case .redfield: return .redfield
    default: return nil
    }
  }

  /// The Gaussian engine's heats for `d` beside the Fock solution's (`heat`, `localHeat` per bath), or nil when the
  /// derivation has no Gaussian counterpart.
  static func result(_ network: BosonicNetwork, _ d: Derivation, fockHeat: [Double], fockLocalHeat: [Double],
                     levels: [Int], topLevelPopulation: Double, truncationTolerance: Double) throws -> GaussianCrossCheckResult? {
    guard let nd = networkDerivation(d) else { return nil }
    // A drive F a_i† + h.c. belongs to the open-system local H_i but not to the network's (ω_i a_i†a_i): different equations.
    if nd.kind == .local, !network.drives.isEmpty { return nil }
    let th = try network.masterEquation(nd).gaussianSteadyState().thermodynamics
    let baths = th.baths.map { BathHeatResult(name: $0.name, temperature: $0.temperature, heat: $0.heat, localHeat: $0.countedHeat) }
    let scale = max(baths.map { abs($0.heat) }.max() ?? 0, .leastNormalMagnitude)
    var worst = 0.0
    for (b, g) in baths.enumerated() {
      worst = max(worst, abs(fockHeat[b] - g.heat) / scale, abs(fockLocalHeat[b] - g.localHeat) / scale)
    }
    return GaussianCrossCheckResult(equation: nd.description, baths: baths, maxRelativeDifference: worst, levels: levels,
                                    topLevelPopulation: topLevelPopulation,
                                    tolerance: GaussianCrossCheckResult.agreementFactor * truncationTolerance)
  }
}

extension OpenSystemGaussianCheck {
  /// The `solve` table's rows of the cross-check: the Gaussian engine's currents and the largest relative difference.
  static func tableRows(_ bathNames: [String]) -> [MethodRow] {
    var rows: [MethodRow] = []
    for (b, name) in bathNames.enumerated() { rows.append(("Q̇ \(name) (Gaussian engine)", { Text.num($0.gaussian?.baths[safe: b]?.heat) })) }
    rows.append(("Gaussian vs Fock: max rel. Δ", { m in m.gaussian.map { $0.error == nil ? "\(Text.num($0.maxRelativeDifference)) (\($0.agrees ? "agree" : "DISAGREE"), ≤ \(Text.num($0.tolerance)))" : "failed" } }))
    return rows
  }
}
