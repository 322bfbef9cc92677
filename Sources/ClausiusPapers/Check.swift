import Foundation

/// One comparison of a reproduction: a number from an independent source (a paper's closed form, a
/// published value, another method, or a law) next to the number Clausius computed.
public struct Check: Codable, Sendable, Equatable {
  /// What is compared, e.g. "⟨a†a⟩ Lyapunov vs Fock".
  public let name: String
  /// Where the expected value comes from, e.g. "004 Eq. (27)" or "first law".
  public let equation: String
  public let expected: Double
  public let computed: Double
  /// |computed − expected| / |expected|, or the absolute difference when expected = 0.
  public let relativeError: Double
  public let tolerance: Double
  public let passed: Bool

  public init(name: String, equation: String, expected: Double, computed: Double, tolerance: Double) {
    self.name = name
    self.equation = equation
    self.expected = expected
    self.computed = computed
    let diff = abs(computed - expected)
    relativeError = expected == 0 ? diff : diff / abs(expected)
    self.tolerance = tolerance
    passed = relativeError.isFinite && relativeError <= tolerance
  }

  /// A check of an inequality (a law such as Σ ≥ 0): `expected` is the bound, passes when
  /// `computed ≥ bound − tolerance`.
  public init(name: String, equation: String, atLeast bound: Double, computed: Double, tolerance: Double) {
    self.name = name
    self.equation = equation
    expected = bound
    self.computed = computed
    relativeError = max(0, bound - computed)
    self.tolerance = tolerance
    passed = computed.isFinite && computed >= bound - tolerance
  }
}

/// The outcome of reproducing one paper (or the built-in demo): checks, figure data files written,
/// notes for the reader, and solver diagnostics.
public struct ReproductionReport: Codable, Sendable {
  public let paper: String
  public let title: String
  public var checks: [Check]
  public var notes: [String]
  /// Solver diagnostics by name (residuals, trace errors, truncation populations).
  public var diagnostics: [String: Double]
  /// Files written (relative to the output folder).
  public var files: [String]
  /// Figures as data; `clausius reproduce` writes each as `<paper>/<id>.svg`, `.csv` and `.json`
  /// (ClausiusIO) and adds the paths to `files`.
  public var figures: [Figure]

  public init(paper: String, title: String, checks: [Check] = [], notes: [String] = [], diagnostics: [String: Double] = [:], files: [String] = [],
              figures: [Figure] = []) {
    self.paper = paper; self.title = title; self.checks = checks; self.notes = notes; self.diagnostics = diagnostics; self.files = files
    self.figures = figures
  }

  private enum CodingKeys: String, CodingKey { case paper, title, checks, notes, diagnostics, files, figures }

  /// Decodes reports written before figures existed (no "figures" key) as well as current ones.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    paper = try c.decode(String.self, forKey: .paper)
    title = try c.decode(String.self, forKey: .title)
    checks = try c.decodeIfPresent([Check].self, forKey: .checks) ?? []
    notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    diagnostics = try c.decodeIfPresent([String: Double].self, forKey: .diagnostics) ?? [:]
    files = try c.decodeIfPresent([String].self, forKey: .files) ?? []
    figures = try c.decodeIfPresent([Figure].self, forKey: .figures) ?? []
  }

  public var passed: Bool { checks.allSatisfy(\.passed) }
}

/// A reproducible setup: a paper's models on built-in defaults, producing checks and figure data.
public protocol Reproduction: Sendable {
  /// Short identifier used on the command line ("000" … "004", or "demo").
  var id: String { get }
  var title: String { get }
  /// Runs the setups; `progress` receives one line per step; files go under `outputDirectory`.
  func run(outputDirectory: URL, progress: @Sendable (String) -> Void) throws -> ReproductionReport
}

/// Registry of every reproduction Clausius can run, in the order `reproduce all` runs them.
public enum Reproductions {
  public static let all: [any Reproduction] = [TwoOscillatorDemo(), Paper000(), Paper001Reproduction(), Paper002(), Paper003Reproduction(), Paper004Reproduction()]

  /// Paper identifiers that have no reproduction yet (reported honestly by `reproduce all`).
  public static let pending: [(id: String, title: String)] = [
    ("000", "optomechanics: local, dressed-state and global master equations"),
    ("001", "cascaded systems as a quantum heat rectifier"),
    ("002", "permanent circulating heat currents in optomechanical rings"),
    ("003", "local master equations from collision models"),
    ("004", "two-node wire: exact vs local vs global"),
  ].filter { p in !all.contains { $0.id == p.0 } }
}
