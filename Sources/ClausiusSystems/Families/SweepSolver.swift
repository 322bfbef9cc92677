import ClausiusNumerics
import Foundation

/// The solver of the points of a sweep (`clausius sweep`, each `--shard` task): built once per sweep from the model as
/// read (the TOML text is parsed once), it sets the varied numbers and solves, reusing what the family can reuse
/// between points (issue 15 "Sweeps reuse work"; docs/architecture.md, "Sweeps"):
/// - networks: the normal modes (one N × N eigendecomposition) while the Hamiltonian is unchanged, e.g. in a temperature
///   sweep of the global equation (`SecularGlobalSteadyState`, O(N²) per point); the Schur forms of the drift
///   (`DriftFactorisation`) while only the diffusion changes, e.g. a temperature sweep of the local equation;
/// - Fock models (optomechanical, open-system): UMFPACK's symbolic analysis while the sparsity pattern of the
///   Liouvillian is unchanged (`FockSymbolicReuse`).
/// What is reused is taken from the model as read, never from another point, and only when the point's own matrices
/// equal it (checked at every point), so every point's numbers do not depend on the order of the points, on `--jobs`
/// or on `--shard`; each point keeps its own diagnostics. `reuse` counts which path ran.
public protocol SweepPointSolver: Sendable {
  /// The model at a point (`values[k]` replaces the number at the k-th key path), without solving: throws the
  /// `ModelFileError` naming the key when the model is invalid there.
  func validate(_ values: [ModelValue]) throws
  /// The results at a point, one per requested equation (as `ModelFamily.methods()` of the model at that point).
  func methods(at values: [ModelValue]) throws -> [MethodResult]
  /// The points solved so far and what they reused.
  var reuse: SweepReuseReport { get }
}

/// Counts of the points of a sweep and of the work they reused, e.g. `["normal modes": 50]`: an equation at a point
/// adds one to the name of each thing it reused (`SweepReuse` names them).
public struct SweepReuseReport: Sendable, Equatable, CustomStringConvertible {
  public var points = 0
  public var reused: [String: Int] = [:]
  public init(points: Int = 0, reused: [String: Int] = [:]) { self.points = points; self.reused = reused }
  public var description: String {
    reused.isEmpty ? "\(points) points, nothing reused"
      : "\(points) points; reused " + reused.keys.sorted().map { "\($0) \(reused[$0]!)×" }.joined(separator: ", ")
  }
}

/// The names `SweepReuseReport.reused` counts.
public enum SweepReuse {
  /// False when the environment sets CLAUSIUS_SWEEP_REUSE=0: every point is set and solved from scratch (the
  /// reference of the benchmarks, BENCHMARKS.md "Sweeps reuse work").
  public static var enabled: Bool { EnvironmentVariable.value("CLAUSIUS_SWEEP_REUSE") != "0" }
  /// The network's normal modes (N × N eigendecomposition) of the model as read.
  public static let normalModes = "normal modes"
  /// The Schur forms of the drift of the model as read (`DriftFactorisation`).
  public static let driftSchurForm = "drift Schur form"
  /// UMFPACK's symbolic analysis of the model as read.
  public static let symbolicAnalysis = "symbolic analysis"
  /// A neighbouring point's numeric LU, preconditioning GMRES at this point (`FockNeighbourLUCache`).
  public static let neighbourLU = "neighbouring point's LU"
}

/// Thread-safe counters behind `SweepReuseReport` and lazily built reusable objects (built once, from the model as
/// read, under a lock: the same object whichever point asks first).
public final class SweepReuseCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var report = SweepReuseReport()
  private var cache: [String: Any] = [:]
  public init() {}
  public var value: SweepReuseReport { lock.lock(); defer { lock.unlock() }; return report }
  public func point() { lock.lock(); report.points += 1; lock.unlock() }
  public func reused(_ what: String) { lock.lock(); report.reused[what, default: 0] += 1; lock.unlock() }
  /// The object stored under `key`, built by `make` on first use (nil results are stored too). `make` runs under the
  /// lock: objects are built one at a time, once.
  public func shared<T>(_ key: String, _ make: () -> T) -> T {
    lock.lock(); defer { lock.unlock() }
    if let v = cache[key] { return v as! T }
    let v = make()
    cache[key] = v
    return v
  }
}

/// The model at a sweep point: the document as read with the numbers at `paths` replaced, read again by the family
/// (no TOML parsing: the document tree is kept).
func modelAtPoint<F: ModelFamily>(_ base: F, paths: [[String]], values: [ModelValue]) throws -> F {
  guard paths.count == values.count else {
    throw ModelFileError(kind: .invalidModel, file: base.header.file, line: nil, key: nil,
                         message: "a sweep point has \(values.count) values for \(paths.count) keys")
  }
  var doc = ModelValue.table(base.header.document)
  for (p, v) in zip(paths, values) { doc = ModelFile.replace(doc, at: p[...], with: v) }
  guard case let .table(t) = doc else {
    throw ModelFileError(kind: .invalidModel, file: base.header.file, line: nil, key: nil, message: "cannot set the swept keys")
  }
  return try F(document: t, source: base.header.source, file: base.header.file)
}

extension ModelDescription {
  /// The sweep solver of this model over the numbers at `paths`: the family's (`ModelFamily.sweepSolver`), or the
  /// from-scratch one when `SweepReuse.enabled` is false.
  public func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver {
    SweepReuse.enabled ? try family.sweepSolver(paths: paths) : family.rebuildingSweepSolver(paths: paths)
  }
}

extension ModelFamily {
  /// The from-scratch sweep solver (`RebuildingSweepSolver`).
  func rebuildingSweepSolver(paths: [[String]]) -> any SweepPointSolver { RebuildingSweepSolver(base: self, paths: paths) }
}

/// A sweep solver that reads the model at each point from the document (`modelAtPoint`) and solves it.
protocol DocumentSweepSolver: SweepPointSolver {
  associatedtype Family: ModelFamily
  /// The model as read.
  var base: Family { get }
  /// The swept key paths.
  var paths: [[String]] { get }
  var counter: SweepReuseCounter { get }
  /// The results of the model at a point (what it reuses counted in `counter`).
  func solve(_ m: Family) -> [MethodResult]
}

extension DocumentSweepSolver {
  func validate(_ values: [ModelValue]) throws { _ = try modelAtPoint(base, paths: paths, values: values) }
  var reuse: SweepReuseReport { counter.value }
  func methods(at values: [ModelValue]) throws -> [MethodResult] {
    let m = try modelAtPoint(base, paths: paths, values: values)
    counter.point()
    return solve(m)
  }
}

/// The default: the model rebuilt at each point from the document (set + solve, nothing reused).
struct RebuildingSweepSolver<F: ModelFamily>: DocumentSweepSolver {
  let base: F
  let paths: [[String]]
  let counter = SweepReuseCounter()
  func solve(_ m: F) -> [MethodResult] { m.methods() }
}
