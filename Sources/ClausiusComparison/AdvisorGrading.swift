import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import Foundation

/// Grades `ValidityAdvisor` against the exact quantum-Langevin NESS: for every network of a fixed set,
/// the advisor's verdict is compared with the most accurate method of `MasterEquationComparison`
/// (smallest score = max(covariance error, current error)). A verdict is a *hit* when its score is
/// within `hitFactor` (default 2) of the best score — methods valid to the same O(λ²) order tie within
/// that factor — and a *strict hit* when it is the best method. A miss is measured by
/// score(verdict)/score(best). Reference: issue 4 item 4; paper 004 Figs. 2–3 for the regime cases.
public struct AdvisorGrading: Sendable {
  /// One graded network.
  public struct Case: Sendable {
    public let label: String
    public let recommended: Derivation?
    public let best: Derivation
    public let recommendedScore: Double
    public let bestScore: Double
    public let scores: [String: Double]
    public let secularRatio: Double
    public let localFrequencyRatio: Double
    public var missFactor: Double { recommendedScore / bestScore }
  }

  public let cases: [Case]
  /// Networks whose exact NESS or master equations could not be computed (label, reason).
  public let skipped: [(label: String, reason: String)]
  public let hitFactor: Double

  public var hits: Int { cases.filter { $0.recommendedScore <= hitFactor * $0.bestScore }.count }
  public var strictHits: Int { cases.filter { $0.recommended == $0.best }.count }
  public var hitRate: Double { cases.isEmpty ? .nan : Double(hits) / Double(cases.count) }
  /// Median and maximum of score(verdict)/score(best) over the misses.
  public var missFactors: [Double] { cases.filter { $0.recommendedScore > hitFactor * $0.bestScore }.map(\.missFactor).sorted() }
  /// Hit rate an advisor that always answered `kind` would have (baseline).
  public func baselineHitRate(_ kind: Derivation) -> Double {
    Double(cases.filter { ($0.scores[kind.name] ?? .infinity) <= hitFactor * $0.bestScore }.count) / Double(max(cases.count, 1))
  }

  /// A Codable digest of the grading (what `clausius advisor-grade --format json` prints).
  public struct Summary: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
      public let label: String
      public let secularRatio: Double
      public let localFrequencyRatio: Double
      public let recommended: String
      public let best: String
      public let recommendedScore: Double
      public let bestScore: Double
      public let hit: Bool
    }
    public let networks: Int
    public let skipped: Int
    public let hits: Int
    public let strictHits: Int
    public let hitRate: Double
    public let hitFactor: Double
    public let medianMissFactor: Double?
    public let maximumMissFactor: Double?
    /// Hit rate of always answering one method, by method name.
    public let baselineHitRates: [String: Double]
    public let rows: [Row]
  }

  public var summary: Summary {
    let misses = missFactors
    return Summary(networks: cases.count, skipped: skipped.count, hits: hits, strictHits: strictHits, hitRate: hitRate, hitFactor: hitFactor,
                   medianMissFactor: misses.isEmpty ? nil : (misses[(misses.count - 1) / 2] + misses[misses.count / 2]) / 2, maximumMissFactor: misses.last,
                   baselineHitRates: Dictionary(uniqueKeysWithValues: [Derivation.global, .local, .redfield, .partialRedfield].map { ($0.name, baselineHitRate($0)) }),
                   rows: cases.map { c in
                     Summary.Row(label: c.label, secularRatio: c.secularRatio, localFrequencyRatio: c.localFrequencyRatio,
                                 recommended: c.recommended?.description ?? "exact", best: c.best.description,
                                 recommendedScore: c.recommendedScore, bestScore: c.bestScore, hit: c.recommendedScore <= hitFactor * c.bestScore)
                   })
  }

  /// Grades `advisor` on `networks` (label, network), in parallel over `concurrency` workers.
  public init(advisor: ValidityAdvisor = ValidityAdvisor(), networks: [(label: String, network: BosonicNetwork)], hitFactor: Double = 2,
              concurrency: Int = 2, progress: (@Sendable (String) -> Void)? = nil) throws {
    guard hitFactor >= 1, hitFactor.isFinite else { throw ComparisonError.invalidParameter(name: "hitFactor", value: "\(hitFactor)", allowed: "1 ≤ factor < ∞") }
    guard concurrency >= 1 else { throw ComparisonError.invalidParameter(name: "concurrency", value: "\(concurrency)", allowed: "≥ 1") }
    let results = ResultBox(count: networks.count)
    let workers = min(concurrency, max(networks.count, 1))
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      var i = w
      while i < networks.count {
        let (label, net) = networks[i]
        do {
          let advice = try advisor.advise(net)
          let table = try MasterEquationComparison(network: net)
          guard let best = table.mostAccurate else { throw ComparisonError.invalidParameter(name: "network \(label)", value: "no method has a steady state", allowed: "—") }
          var scores: [String: Double] = [:]
          for r in table.rows { scores[r.derivation.name] = r.score }
          let recScore = advice.recommended.flatMap { table.row($0)?.score } ?? .infinity
          results.set(i, .success(Case(label: label, recommended: advice.recommended, best: best.derivation, recommendedScore: recScore,
                                       bestScore: best.score, scores: scores, secularRatio: advice.numbers.secularRatio,
                                       localFrequencyRatio: advice.numbers.localFrequencyRatio)))
        } catch {
          results.set(i, .failure(error))
        }
        progress?("graded \(label)")
        i += workers
      }
    }
    var cs: [Case] = [], sk: [(String, String)] = []
    for (i, r) in results.values.enumerated() {
      switch r {
      case let .success(c): cs.append(c)
      case let .failure(e): sk.append((networks[i].label, "\(e)"))
      case .none: sk.append((networks[i].label, "not run"))
      }
    }
    cases = cs; skipped = sk; self.hitFactor = hitFactor
  }

  /// Thread-safe result slots for the parallel sweep.
  final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<Case, any Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: Result<Case, any Error>) { lock.lock(); values[i] = v; lock.unlock() }
  }
}

/// The fixed network sets the advisor is graded on.
public enum AdvisorGradingSet {
  /// The two-node wire of paper 004 (Eq. 4): ω_c, ω_h, spring k, Ohmic–Drude baths λ², Λ on each node.
  public static func wire(omegaC: Double, omegaH: Double, k: Double, lambdaSquared: Double = 1e-3, cutoff: Double = 1e3,
                          tC: Double, tH: Double) throws -> BosonicNetwork {
    let j = try SpectralDensity.ohmicDrude(lambda: lambdaSquared.squareRoot(), cutoff: cutoff)
    return try BosonicNetwork(frequencies: [omegaC, omegaH], couplings: [.spring(0, 1, k: k)], baths: [
      Bath(name: "c", temperature: tC, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "h", temperature: tH, spectralDensity: j, coupling: .position(mode: 1)),
    ])
  }

  /// 004's regimes: case (a) ω_h = 2, ω_c = 1, T_h = 3, T_c = 2 and case (b) quasi-resonant
  /// ω_h² = ω_c² + 2·10⁻⁶, same temperatures; λ² = 10⁻³, Λ = 10³; `points` values of k log-spaced in [10⁻⁵, 1].
  public static func paper004Regimes(points: Int = 11) throws -> [(label: String, network: BosonicNetwork)] {
    var out: [(String, BosonicNetwork)] = []
    for p in 0..<points {
      let k = pow(10, -5 + 5 * Double(p) / Double(max(points - 1, 1)))
      out.append((String(format: "004(a) k=%.1e", k), try wire(omegaC: 1, omegaH: 2, k: k, tC: 2, tH: 3)))
      out.append((String(format: "004(b) k=%.1e", k), try wire(omegaC: 1, omegaH: (1 + 2e-6).squareRoot(), k: k, tC: 2, tH: 3)))
    }
    return out
  }

  /// `count` random position-coupled chains from a fixed seed (SplitMix64): N ∈ {2, 3} nodes; half of
  /// them quasi-degenerate (ω_i = 1 + δ u_i, δ log-uniform in [10⁻⁶, 10⁻¹]), the others ω_i uniform in
  /// [1, 2.5]; nearest-neighbour springs k log-uniform in [10⁻⁵, 0.5]; Ohmic–Drude baths on the first
  /// and last node with λ² log-uniform in [10⁻⁴, 10⁻²], Λ uniform in [10², 10³], T uniform in [0.3, 3].
  public static func randomNetworks(count: Int, seed: UInt64 = 2024) throws -> [(label: String, network: BosonicNetwork)] {
    try randomChains(count: count, seed: seed, label: "random") { n, freqs, logU, u in
      let couplings = (0..<(n - 1)).map { Coupling.spring($0, $0 + 1, k: logU(1e-5, 0.5)) }
      let l2a = logU(1e-4, 1e-2), l2b = logU(1e-4, 1e-2)
      let baths = [
        Bath(name: "first", temperature: 0.3 + 2.7 * u(), spectralDensity: try .ohmicDrude(lambda: l2a.squareRoot(), cutoff: 100 + 900 * u()), coupling: .position(mode: 0)),
        Bath(name: "last", temperature: 0.3 + 2.7 * u(), spectralDensity: try .ohmicDrude(lambda: l2b.squareRoot(), cutoff: 100 + 900 * u()), coupling: .position(mode: n - 1)),
      ]
      return try BosonicNetwork(frequencies: freqs, couplings: couplings, baths: baths)
    }
  }

  /// `count` random hopping chains with flat baths (paper 003's model, graded against the exact network solution,
  /// docs/exact-langevin.md) from a fixed seed (SplitMix64): N ∈ {2, 3}; half quasi-degenerate (ω_i = 1 + δ u_i,
  /// δ log-uniform in [10⁻⁶, 10⁻¹]), the others ω_i uniform in [1, 2.5]; nearest-neighbour hopping ε log-uniform
  /// in [10⁻⁴, 0.2]; flat baths (through x) on the first and last mode with κ log-uniform in [10⁻⁴, 10⁻²],
  /// T uniform in [0.3, 3].
  public static func randomHoppingNetworks(count: Int, seed: UInt64 = 2025) throws -> [(label: String, network: BosonicNetwork)] {
    try randomChains(count: count, seed: seed, label: "hopping") { n, freqs, logU, u in
      let couplings = (0..<(n - 1)).map { Coupling.hopping($0, $0 + 1, epsilon: logU(1e-4, 0.2)) }
      let baths = [
        try Bath.flat(name: "first", mode: 0, rate: logU(1e-4, 1e-2), temperature: 0.3 + 2.7 * u()),
        try Bath.flat(name: "last", mode: n - 1, rate: logU(1e-4, 1e-2), temperature: 0.3 + 2.7 * u()),
      ]
      return try BosonicNetwork(frequencies: freqs, couplings: couplings, baths: baths)
    }
  }

  /// The shared draw of both random sets: per network N ∈ {2, 3} and the frequencies (every other network
  /// quasi-degenerate), then `make(N, ω, logU, u)` draws couplings and baths from the same generator.
  static func randomChains(count: Int, seed: UInt64, label: String,
                           make: (Int, [Double], (Double, Double) -> Double, () -> Double) throws -> BosonicNetwork) throws -> [(label: String, network: BosonicNetwork)] {
    var rng = SplitMix64(seed: seed)
    func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    func logU(_ a: Double, _ b: Double) -> Double { exp(log(a) + (log(b) - log(a)) * u()) }
    var out: [(String, BosonicNetwork)] = []
    for c in 0..<count {
      let n = u() < 0.5 ? 2 : 3
      let degenerate = c % 2 == 0
      let delta = logU(1e-6, 1e-1)
      let freqs = (0..<n).map { _ in degenerate ? 1 + delta * u() : 1 + 1.5 * u() }
      out.append(("\(label) #\(c) (N=\(n), \(degenerate ? "quasi-degenerate" : "detuned"))", try make(n, freqs, logU, u)))
    }
    return out
  }
}
