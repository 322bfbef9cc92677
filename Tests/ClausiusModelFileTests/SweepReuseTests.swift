import Clausius
import ClausiusCommands
import Foundation
import Testing

/// Sweeps reuse work between points (issue 15 "Sweeps reuse work", issue 18): `ModelFamily.sweepSolver(paths:)`. Every
/// point of small sweeps is compared with the from-scratch solve of the same model (`ModelDescription.setting` and
/// `family.methods()`, the path `clausius sweep` took before), number by number in the JSON of each `MethodResult`
/// (heats, occupations, laws, every diagnostic; only wall-clock seconds are skipped), to 1e-12 relative; the reuse counts
/// say that the fast path ran.
@Suite("sweeps reuse work: every point equals its from-scratch solve")
struct SweepReuseTests {
  /// Five modes, non-degenerate normal modes (ω 0.8…1.2, hopping 0.1 and a spring, so G has x–x terms but no x–p), two
  /// flat baths: the global (secular) equation, the local one (a real 10 × 10 block: the spring breaks number conservation)
  /// and the local one of the same chain without the spring (number conserving: the complex form) in another file.
  static func chain(spring: Bool, equations: [String]) -> String {
    let modes = (0..<5).map { "{ frequency = \(0.8 + 0.1 * Double($0)) }" }.joined(separator: ", ")
    var couplings = (0..<4).map { "{ kind = \"hopping\", modes = [\($0), \($0 + 1)], strength = 0.1 }" }
    if spring { couplings.append("{ kind = \"spring\", modes = [0, 2], strength = 0.03 }") }
    return """
      title = "five-mode chain"
      modes = [\(modes)]
      couplings = [\(couplings.joined(separator: ", "))]
      baths = [{ name = "first", mode = 0, rate = 0.02, temperature = 1.0 }, { name = "last", mode = 4, rate = 0.03, temperature = 0.5 }]
      solve = { equations = [\(equations.map { "\"\($0)\"" }.joined(separator: ", "))] }
      """
  }

  /// The Fock diagnostics that say *how* a state was solved (a sweep point warm-started from a neighbouring point's LU
  /// is a GMRES state; its from-scratch solve is the LU's): compared separately (`warmStartedPointsAreLabelled`).
  static let solverKeys: Set<String> = ["solver", "method", "iterativeResidual", "iterativeReason", "luMemory"]

  /// Every number of two JSON trees within `tolerance` relative (keys ending in "Seconds" skipped: wall clock; the
  /// `solverKeys` skipped), the strings and structure equal; returns the differences found.
  static func differences(_ a: Any, _ b: Any, tolerance: Double, path: String = "") -> [String] {
    switch (a, b) {
    case let (x as [String: Any], y as [String: Any]):
      let xKeys = Set(x.keys).subtracting(solverKeys), yKeys = Set(y.keys).subtracting(solverKeys)
      guard xKeys == yKeys else { return ["\(path): keys \(xKeys.sorted()) vs \(yKeys.sorted())"] }
      return xKeys.filter { !$0.hasSuffix("Seconds") }.flatMap { differences(x[$0]!, y[$0]!, tolerance: tolerance, path: path + "." + $0) }
    case let (x as [Any], y as [Any]):
      guard x.count == y.count else { return ["\(path): \(x.count) vs \(y.count) elements"] }
      return zip(x, y).enumerated().flatMap { differences($1.0, $1.1, tolerance: tolerance, path: path + "[\($0)]") }
    case let (x as NSNumber, y as NSNumber):   // also true/false (1/0)
      let u = x.doubleValue, v = y.doubleValue
      // Residuals are rounding-level estimates (~1e-14), not results: equal to 1e-12 absolute. So are the Fock states'
      // rounding-level diagnostics (ω, Hermiticity and trace errors, the first-law rate, a vanishing smallest eigenvalue
      // of ρ ~1e-18): equal to 1e-15 absolute when a point is solved from its neighbour's LU (GMRES, ω ≤ 1e-15) instead
      // of the LU (ω ~2e-16).
      let roundingLevel = ["BackwardError", "hermiticityError", "traceError", "firstLawEnergyRate", "minimumEigenvalue"].contains { path.hasSuffix($0) }
      let floor = path.hasSuffix("Residual") ? 1e-12 : roundingLevel ? 1e-15 : 0
      return abs(u - v) <= max(tolerance * max(abs(u), abs(v)), floor) || (u.isNaN && v.isNaN) ? [] : ["\(path): \(u) vs \(v)"]
    case let (x as String, y as String): return x == y ? [] : ["\(path): \(x) vs \(y)"]
    default: return (a is NSNull && b is NSNull) ? [] : ["\(path): \(a) vs \(b)"]
    }
  }

  static func json(_ m: [MethodResult]) throws -> Any {
    try JSONSerialization.jsonObject(with: try ClausiusJSON.encoder.encode(m))
  }

  /// Runs `values` (one value per key) through the family's sweep solver and through the from-scratch path; expects
  /// them equal point by point; returns the reuse report.
  static func compare(_ source: String, keys: [String], points: [[ModelValue]], tolerance: Double = 1e-12) throws -> SweepReuseReport {
    let d = try ModelDescription(source: source, file: "sweep.toml")
    let solver = try d.family.sweepSolver(paths: try keys.map { try d.resolve($0) })
    for values in points {
      let reused = try solver.methods(at: values)
      var scratch = d
      for (k, v) in zip(keys, values) { scratch = try scratch.setting(k, to: v) }
      let fresh = scratch.family.methods()
      #expect(reused.allSatisfy { $0.error == nil }, "\(values)")
      let diff = differences(try json(reused), try json(fresh), tolerance: tolerance)
      #expect(diff.isEmpty, "\(keys) = \(values): \(diff.prefix(5))")
    }
    return solver.reuse
  }

  @Test("network, temperature sweep: the global equation reuses the normal modes, the local ones the drift's Schur forms (real and complex)")
  func networkTemperatureSweep() throws {
    let temps: [[ModelValue]] = [0.3, 0.5, 0.8, 1.5, 2.0].map { [.float($0)] }
    let r = try Self.compare(Self.chain(spring: true, equations: ["global", "local"]), keys: ["baths.last.temperature"], points: temps)
    #expect(r.points == 5)
    #expect(r.reused[SweepReuse.normalModes] == 5)
    #expect(r.reused[SweepReuse.driftSchurForm] == 5)
    // Number conserving: the N × N complex Schur form is the one reused (and the local solve reports a complex block).
    let c = try Self.compare(Self.chain(spring: false, equations: ["local"]), keys: ["baths.0.temperature"], points: temps)
    #expect(c.reused == [SweepReuse.driftSchurForm: 5])
    let m = try ModelDescription(source: Self.chain(spring: false, equations: ["local"])).family.sweepSolver(paths: [["baths", "0", "temperature"]])
      .methods(at: [.float(0.7)])
    #expect(m.first?.diagnostics?.blocks == 1)
  }

  @Test("network, a Hamiltonian or rate sweep: nothing is reused where the matrices change, the numbers are the from-scratch ones")
  func networkHamiltonianSweep() throws {
    let source = Self.chain(spring: true, equations: ["global", "local"])
    let g = try Self.compare(source, keys: ["couplings.1.strength"], points: [[.float(0.05)], [.float(0.12)]])
    #expect(g.points == 2 && g.reused.isEmpty)
    // A bath rate changes the drift (A_α ∝ J): the normal modes are reused, the Schur forms are not.
    let k = try Self.compare(source, keys: ["baths.0.rate"], points: [[.float(0.01)], [.float(0.04)]])
    #expect(k.reused == [SweepReuse.normalModes: 2])
    // Two keys, one of them the Hamiltonian's: nothing reused.
    let both = try Self.compare(source, keys: ["baths.0.temperature", "modes.2.frequency"], points: [[.float(0.7), .float(1.05)]])
    #expect(both.reused.isEmpty)
  }

  @Test("sweep: the command's document does not depend on --jobs, and reports the reuse")
  func commandSweepIndependentOfJobs() throws {
    let d = try ModelDescription(source: Self.chain(spring: true, equations: ["global", "local"]), file: "chain.toml")
    let params = try [SweepParameter(parsing: "baths.last.temperature=0.4:1.6:7")]
    let one = try Sweep.sweepReporting(d, params, jobs: 1), two = try Sweep.sweepReporting(d, params, jobs: 2)
    var e = ClausiusJSON.encoder
    e.envelope = false   // the envelope carries the creation time
    #expect(try e.encode(one.document) == (try e.encode(two.document)))
    #expect(one.reuse.points == 7 && one.reuse.reused[SweepReuse.normalModes] == 7 && one.reuse.reused[SweepReuse.driftSchurForm] == 7)
  }

  /// Paper 000's optomechanical model at a small explicit truncation (4, 14), natural units.
  static let optomechanical = """
    kind = "optomechanical"
    title = "small optomechanical cavity"
    [cavity]
    frequency = 1.0
    rate = 0.02
    temperature = 0.25
    [mechanics]
    frequency = 0.3
    rate = 0.01
    temperature = 0.2
    [coupling]
    g = 0.03
    [truncation]
    cavity_levels = 4
    mechanical_levels = 14
    tolerance = 1e-4
    [solve]
    equations = ["sme", "gme2", "global"]
    """

  @Test("optomechanical (Fock), temperature and coupling sweeps: UMFPACK's symbolic analysis of the model as read is reused")
  func optomechanicalSweep() throws {
    // 1e-10: a point may be solved by GMRES from its neighbour's LU (ω ≤ 1e-15) instead of the LU; two states with
    // backward errors ~1e-16 differ by up to ~1e-12 in ξ (measured 1.4e-12), by conditioning.
    let t = try Self.compare(Self.optomechanical, keys: ["mechanics.temperature"], points: [0.15, 0.2, 0.25].map { [.float($0)] }, tolerance: 1e-10)
    // Points 25 % apart in T_m: solved from the neighbour's LU where GMRES reaches the LU's ω in 16 iterations, else
    // factorised (the count is not fixed; `warmStartedPointsAreLabelled` checks the warm path itself).
    #expect(t.points == 3 && t.reused[SweepReuse.symbolicAnalysis] == 9)
    let g = try Self.compare(Self.optomechanical, keys: ["g"], points: [0.01, 0.05].map { [.float($0)] }, tolerance: 1e-10)
    #expect(g.reused[SweepReuse.symbolicAnalysis] ?? 0 >= 2)
    // g = 0: the coupling's entries vanish from the Liouvillian, a new pattern: analysed afresh, same numbers.
    let zero = try Self.compare(Self.optomechanical, keys: ["g"], points: [[.float(0)]])
    #expect(zero.reused[SweepReuse.symbolicAnalysis] ?? 0 < 3)
  }

  @Test("a point solved from a neighbouring point's LU says so: GMRES label, ω at the LU's level, same currents as the LU")
  func warmStartedPointsAreLabelled() throws {
    let d = try ModelDescription(source: Self.optomechanical, file: "sweep.toml")
    let solver = try d.family.sweepSolver(paths: [try d.resolve("mechanics.temperature")])
    // One small step (0.5 % of T_m, as a 100-point sweep over 0.15…0.25): the second point is solved from the first's LU.
    let first = try solver.methods(at: [.float(0.2)]), second = try solver.methods(at: [.float(0.201)])
    #expect(first.allSatisfy { $0.fock?.solver == "sparseLU" && $0.fock?.method == "sparse LU (UMFPACK)" })
    for m in second {
      let f = try #require(m.fock)
      #expect(f.solver == "iterative" && f.method?.hasPrefix("GMRES + the LU of a neighbouring sweep point") == true, "\(f.method ?? "nil")")
      #expect((f.componentwiseBackwardError ?? 1) <= 1e-15 && f.iterativeReason?.contains("sweep") == true)
    }
    // Same numbers as the from-scratch LU of that point (1e-10 relative, see `optomechanicalSweep`; the solver fields
    // differ by design).
    var scratch = d
    scratch = try scratch.setting("mechanics.temperature", to: .float(0.201))
    let diff = Self.differences(try Self.json(second), try Self.json(scratch.family.methods()), tolerance: 1e-10)
    #expect(diff.isEmpty, "\(diff.prefix(5))")
    #expect(solver.reuse.reused[SweepReuse.neighbourLU] == second.count)
  }

  /// Two Kerr oscillators (examples/kerr-oscillator-pair.toml, 6 levels each): the local and Redfield equations on the
  /// Fock engine's sparse LU reuse the symbolic analysis; the global one is solved on its secular blocks (no reuse).
  static let kerrPair = """
    kind = "open-system"
    title = "Two coupled Kerr oscillators"
    subsystems = [{ name = "1", type = "oscillator", frequency = 1.0, levels = 6 }, { name = "2", type = "oscillator", frequency = 1.2, levels = 6 }]
    parameters = { U = 0.02, eps = 0.05 }
    hamiltonian = { terms = ["U / 2 * ad(1) * ad(1) * a(1) * a(1)", "U / 2 * ad(2) * ad(2) * a(2) * a(2)", "eps * (ad(1) * a(2) + h.c.)"] }
    baths = [{ name = "cold", operator = "x(1)", spectral_density = "flat", rate = 0.01, temperature = 0.2 },
             { name = "hot", operator = "x(2)", spectral_density = "flat", rate = 0.01, temperature = 0.3 }]
    solve = { equations = ["local", "global", "redfield"], truncation_tolerance = 1e-3 }
    """

  @Test("open-system (Fock), temperature sweep: the sparse-LU equations reuse the symbolic analysis, the secular one reuses nothing")
  func openSystemSweep() throws {
    let t = try Self.compare(Self.kerrPair, keys: ["baths.hot.temperature"], points: [0.25, 0.35].map { [.float($0)] }, tolerance: 1e-10)
    #expect(t.points == 2 && t.reused[SweepReuse.symbolicAnalysis] == 4)
  }

  @Test("open-system quadratic model, temperature sweep: every point carries the Gaussian cross-check, equal to the from-scratch solve's")
  func openSystemQuadraticSweep() throws {
    let source = QuadraticOpenSystemTests.open(levels: 8)
    let d = try ModelDescription(source: source, file: "sweep.toml")
    let solver = try d.family.sweepSolver(paths: [try d.resolve("baths.hot.temperature")])
    let point = try solver.methods(at: [.float(0.6)])
    // The engines agree within the cross-check's own tolerance (100 × truncation_tolerance) at each point.
    #expect(point.count == 2 && point.allSatisfy { $0.gaussian?.agrees == true }, "\(point.map { $0.gaussian?.maxRelativeDifference ?? .nan })")
    _ = try Self.compare(source, keys: ["baths.hot.temperature"], points: [[.float(0.6)]])
  }
}
