import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// `clausius advisor-grade`: grades the validity advisor (which master equation to trust, decided from
/// the model alone) against the exact quantum-Langevin steady state on a fixed-seed set of random
/// harmonic networks and on paper 004's two regimes, and prints its hit rate.
public struct AdvisorGrade: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "advisor-grade",
    abstract: "Grade the master-equation validity advisor against the exact steady state and print its hit rate.",
    discussion: """
      For every network the advisor computes, from the model alone, the secular ratio
      (smallest normal-mode spacing ÷ largest damping rate), the local ratio (internal coupling ÷ node
      frequency) and the Born–Markov ratios, and names the master equation to trust:
        global   if the secular ratio ≥ 10,
        local    else if the local ratio ≤ 0.05,
        redfield otherwise; none (exact only) if γ/Ω > 0.1 or γ/T > 1.
      The exact quantum-Langevin NESS then grades every method (global, local, Redfield, partial
      Redfield) by score = max(relative covariance error, relative current error). The verdict is a
      hit when its score is within --hit-factor of the best method's (methods valid to the same order
      in the system–bath coupling tie within a factor 2); a miss is reported as score ratio.
      Networks: paper 004's wire, case (a) detuned (ω_c = 1, ω_h = 2) and case (b) quasi-resonant
      (ω_h² − ω_c² = 2·10⁻⁶), T_c = 2, T_h = 3, λ² = 10⁻³, Λ = 10³, k log-spaced in [10⁻⁵, 1];
      plus --random spring chains of 2–3 nodes with Ohmic–Drude baths and --hopping chains of 2–3 modes
      with flat baths (paper 003's model; exact reference: docs/exact-langevin.md), both from the
      SplitMix64 seed --seed (half quasi-degenerate).
      Examples:
        clausius advisor-grade
        clausius advisor-grade --random 100 --seed 7 --format json
      Exit status: 0 on success, 2 on bad input.
      """)

  @Option(name: .long, help: "Number of random networks (0 for the 004 regimes only).")
  public var random: Int = 40
  @Option(name: .long, help: "Number of random hopping chains with flat baths (0 to skip).")
  public var hopping: Int = 20
  @Option(name: .long, help: "Seed of the random network set (SplitMix64).")
  public var seed: UInt64 = 2024
  @Option(name: .long, help: "k values per 004 regime (log-spaced in [1e-5, 1]; 0 to skip).")
  public var points: Int = 11
  @Option(name: .long, help: "A verdict is a hit when its score is at most this factor above the best method's.")
  public var hitFactor: Double = 2
  @Option(name: .long, help: "Output: 'table' (terminal) or 'json' (the summary document on stdout).")
  public var format: Reproduce.OutputFormat = .table
  @Flag(name: .long, help: "No progress lines on stderr.")
  public var quiet = false

  public init() {}

  public func validate() throws {
    guard random >= 0, random <= 10_000 else { throw ValidationError("--random = \(random) is not allowed (allowed: 0…10000)") }
    guard points >= 0, points <= 1000, points != 1 else { throw ValidationError("--points = \(points) is not allowed (allowed: 0 or 2…1000)") }
    guard hitFactor >= 1, hitFactor.isFinite else { throw ValidationError("--hit-factor = \(hitFactor) is not allowed (allowed: 1 ≤ factor < ∞)") }
    guard hopping >= 0, hopping <= 10_000 else { throw ValidationError("--hopping = \(hopping) is not allowed (allowed: 0…10000)") }
    guard random + hopping + 2 * points > 0 else { throw ValidationError("no networks selected: set --random or --points above 0") }
  }

  /// The network set graded by the command (also used by the tests).
  public static func networks(random: Int, seed: UInt64, points: Int, hopping: Int = 0) throws -> [(label: String, network: BosonicNetwork)] {
    (points > 0 ? try AdvisorGradingSet.paper004Regimes(points: points) : []) + (try AdvisorGradingSet.randomNetworks(count: random, seed: seed))
      + (try AdvisorGradingSet.randomHoppingNetworks(count: hopping, seed: seed &+ 1))
  }

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let nets = try Self.networks(random: random, seed: seed, points: points, hopping: hopping)
    let quiet = self.quiet
    if !quiet { FileHandle.standardError.write(Data("grading the advisor on \(nets.count) networks (exact NESS + 4 master equations each, 2 workers)\n".utf8)) }
    let grading = try AdvisorGrading(networks: nets, hitFactor: hitFactor, concurrency: 2) { line in
      if !quiet { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
    }
    let s = grading.summary
    if format == .json {
      print(String(decoding: try ClausiusJSON.encoder.encode(s), as: UTF8.self))
      return
    }
    func pad(_ t: String, _ w: Int) -> String { t.count >= w ? t + " " : t + String(repeating: " ", count: w - t.count) }
    print(pad("network", 40) + pad("R_sec", 11) + pad("ε/ω", 11) + pad("verdict", 16) + pad("best", 16) + "score ratio")
    for r in s.rows {
      print(pad(r.label, 40) + pad(String(format: "%.3g", r.secularRatio), 11) + pad(String(format: "%.3g", r.localFrequencyRatio), 11)
            + pad(r.recommended, 16) + pad(r.best, 16) + String(format: "%.3g%@", r.recommendedScore / r.bestScore, r.hit ? "" : "  MISS"))
    }
    for (label, reason) in grading.skipped { print("skipped \(label): \(reason)") }
    print("")
    print(String(format: "advisor hit rate: %d/%d = %.1f%% (verdict within a factor %.3g of the most accurate method); strict hits (exactly the best): %d/%d",
                 s.hits, s.networks, 100 * s.hitRate, s.hitFactor, s.strictHits, s.networks))
    if let med = s.medianMissFactor, let mx = s.maximumMissFactor {
      print(String(format: "misses: %d, score ratio median %.3g, maximum %.3g", s.networks - s.hits, med, mx))
    } else { print("misses: 0") }
    print("baselines (always the same method): " + s.baselineHitRates.sorted { $0.key < $1.key }.map { String(format: "%@ %.1f%%", $0.key, 100 * $0.value) }.joined(separator: ", "))
  }
}
