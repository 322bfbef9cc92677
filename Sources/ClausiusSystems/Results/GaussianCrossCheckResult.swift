import Foundation

/// `methods[].gaussian` of an open-system model recognised as quadratic (all subsystems oscillators, H quadratic in
/// a, a†, every bath operator linear; `OpenSystem.quadraticNetwork`): the same equation solved on the Gaussian engine
/// (the network family's Lyapunov solver, no truncation) beside the Fock engine's truncated solution, and how far
/// apart their currents are (docs/output-format.md, "Gaussian cross-check").
public struct GaussianCrossCheckResult: Codable, Sendable, Equatable {
  /// The Gaussian engine's equation ("local", "global", "redfield").
  public var equation: String
  /// The Gaussian engine's heat per bath: `heat` with the full H, `localHeat` with the dissipator's own H
  /// (the bath's mode's ω a†a for local, the full H otherwise).
  public var baths: [BathHeatResult]
  /// max over baths and over both countings of |Q̇_Fock − Q̇_Gauss| / max_α |Q̇_Gauss,α| (the largest current).
  public var maxRelativeDifference: Double
  /// The Fock levels kept per oscillator and the largest population of an oscillator's highest kept level.
  public var levels: [Int]
  public var topLevelPopulation: Double
  /// The bound the difference is held to: `agreementFactor` × the truncation tolerance (top-level population).
  public var tolerance: Double
  public var agrees: Bool
  /// Why the Gaussian engine gave no steady state (then `baths` is empty and `agrees` false).
  public var error: String?

  /// Truncation errors of the currents are a few times the top-level population (the population cut off beyond
  /// the last level, Σ_{n≥N} p_n ≈ p_{N−1} n̄/(1 + n̄)·…, weighted by at most a few level spacings).
  public static let agreementFactor = 100.0

  public init(equation: String, baths: [BathHeatResult], maxRelativeDifference: Double, levels: [Int], topLevelPopulation: Double, tolerance: Double) {
    self.equation = equation; self.baths = baths; self.maxRelativeDifference = maxRelativeDifference; self.levels = levels
    self.topLevelPopulation = topLevelPopulation; self.tolerance = tolerance; agrees = maxRelativeDifference <= tolerance
  }

  /// The Gaussian engine failed on a model recognised as quadratic (e.g. an H that is not positive definite).
  public init(equation: String, error: String, levels: [Int], topLevelPopulation: Double) {
    self.init(equation: equation, baths: [], maxRelativeDifference: .infinity, levels: levels, topLevelPopulation: topLevelPopulation, tolerance: 0)
    self.error = error
  }
}
