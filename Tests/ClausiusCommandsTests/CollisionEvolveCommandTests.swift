import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import XCTest

/// `clausius evolve --equations collisional --interaction-time τ` (docs/time-evolution.md, "Paper 003's repeated
/// interactions at finite τ"): the command's numbers against the library's collision-by-collision record
/// (`CollisionModel.trajectory`), its convergence to the local master equation's exact evolution as τ → 0 (paper 003,
/// App. B: order 1), the mapping of output times to stroke boundaries, and the refusals. Paper 003's two oscillators
/// (ω₁ = 0.7, ω₂ = 1, ε = 0.3, γ = 0.5, T = 0.5/1) from a thermal product state at 1.5/0.3.
final class CollisionEvolveCommandTests: XCTestCase {
  static let model = """
    title = "paper 003's two oscillators"
    [[modes]]
    frequency = 0.7
    [[modes]]
    frequency = 1.0
    [[couplings]]
    kind = "hopping"
    modes = [0, 1]
    strength = 0.3
    [[baths]]
    name = "1"
    mode = 0
    spectral_density = "flat"
    rate = 0.5
    temperature = 0.5
    [[baths]]
    name = "2"
    mode = 1
    spectral_density = "flat"
    rate = 0.5
    temperature = 1.0
    [solve]
    equations = ["collisional", "local"]
    """

  func evolve(_ args: [String], model: String = CollisionEvolveCommandTests.model) throws -> (status: Int32, stdout: String, stderr: String) {
    try ModelInputTests.clausius(["evolve", "-", "--initial", "thermal:1.5,0.3", "--quiet"] + args, input: model)
  }

  /// The run's JSON (validated against docs/schema when the validator is installed) and its two methods.
  func methods(_ args: [String]) throws -> (doc: [String: Any], collisional: [String: Any], local: [String: Any]) {
    let r = try evolve(args + ["--format", "json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    if let v = try OutputContractTests.validate(json: r.stdout) { XCTAssertEqual(v.status, 0, v.report) }
    let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let ms = try XCTUnwrap(doc["methods"] as? [[String: Any]])
    XCTAssertEqual(ms.map { $0["equation"] as? String }, ["collisional", "local"])
    return (doc, ms[0], ms[1])
  }

  func list(_ m: [String: Any], _ key: String) throws -> [Double] { try XCTUnwrap(m[key] as? [Double], key) }
  func bath(_ m: [String: Any], _ b: Int, _ key: String) throws -> [Double] {
    try XCTUnwrap(((m["baths"] as? [[String: Any]])?[b][key]) as? [Double], "baths[\(b)].\(key)")
  }
  func occupation(_ m: [String: Any], _ j: Int) throws -> [Double] {
    try XCTUnwrap(((m["occupations"] as? [[String: Any]])?[j]["values"]) as? [Double], "occupations[\(j)]")
  }

  /// The command's lists are the library's record at the stroke boundaries t = nτ: δQ_i/τ, δW/τ and ΔE_S/τ of the
  /// collision starting at t (heat and localHeat both carry the ancilla's heat), the heat and work summed over the
  /// collisions before t, the occupations, and ⟨H⟩(t) − ⟨H⟩(0) = Σ ΔE_S; engine "collision", the summary block.
  func testCommandMatchesLibraryTrajectory() throws {
    let tau = 0.05
    let (doc, c, _) = try methods(["--time", "4", "--steps", "4", "--interaction-time", "\(tau)"])
    let picks = [0, 20, 40, 60, 80]
    XCTAssertEqual(doc["times"] as? [Double], [0, 1, 2, 3, 4])
    XCTAssertEqual(c["engine"] as? String, "collision")
    let summary = try XCTUnwrap(c["collision"] as? [String: Any])
    XCTAssertEqual(summary["collisions"] as? [Int], picks)
    XCTAssertEqual(summary["interactionTime"] as? Double, tau)
    XCTAssertNil(summary["movedTimes"])

    let file = try ModelFile(source: Self.model, file: "collision.toml")
    let tr = try CollisionModel(network: file.network, interactionTime: tau).trajectory(from: .thermal(temperatures: [1.5, 0.3]), collisions: 81)
    // Equal up to the order of BLAS sums (the binary runs BLAS on one thread, the test process may not).
    func close(_ a: [Double], _ b: [Double], _ what: String) {
      XCTAssertEqual(a.count, b.count, what)
      for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y)), what) }
    }
    for b in 0..<2 {
      close(try bath(c, b, "heat"), picks.map { tr.heatPerCollision[b][$0] / tau }, "heat \(b)")
      close(try bath(c, b, "localHeat"), picks.map { tr.heatPerCollision[b][$0] / tau }, "localHeat \(b)")
      close(try bath(c, b, "integratedHeat"), picks.map { tr.integratedHeat[b][$0] }, "integratedHeat \(b)")
    }
    close(try list(c, "workRate"), picks.map { tr.workPerCollision[$0] / tau }, "workRate")
    close(try list(c, "integratedWork"), picks.map { tr.integratedWork[$0] }, "integratedWork")
    close(try list(c, "energyRate"), picks.map { tr.systemEnergyChange[$0] / tau }, "energyRate")
    let e = try list(c, "energy")
    close(e.map { $0 - e[0] }, picks.map { tr.systemEnergyChange[..<$0].reduce(0, +) }, "energy")
    for j in 0..<2 { close(try occupation(c, j), picks.map { tr.occupations[j][$0] }, "occupation \(j)") }
    let d = try XCTUnwrap(c["diagnostics"] as? [String: Any])
    XCTAssertLessThan(try XCTUnwrap(d["firstLawResidual"] as? Double), 1e-10)
    XCTAssertLessThan(try XCTUnwrap(d["integratedFirstLawResidual"] as? Double), 1e-10)
  }

  /// As τ → 0 (τ = 4/40 … 4/320) the collision model's heat, work, occupations at t = 4 and its per-collision rates there
  /// tend to the local master equation's exact evolution (the `local` method of the same run, `GaussianEvolution`: no
  /// ODE error) with observed order 1 (paper 003, App. B: the stroke is the local equation's generator to O(τ²)).
  /// The `collision.localEquation` block reports those same deviations.
  func testConvergesToLocalEquationWithOrderOne() throws {
    var errors: [String: [Double]] = [:]
    for n in [40, 80, 160, 320] {
      let (_, c, l) = try methods(["--time", "4", "--steps", "2", "--interaction-time", "\(4.0 / Double(n))"])
      var dq = 0.0, dQ = 0.0
      for b in 0..<2 {
        dq = max(dq, abs(try bath(c, b, "heat").last! - bath(l, b, "localHeat").last!))
        dQ = max(dQ, abs(try bath(c, b, "integratedHeat").last! - bath(l, b, "integratedLocalHeat").last!))
      }
      let dn = try (0..<2).map { abs(try occupation(c, $0).last! - occupation(l, $0).last!) }.max()!
      let dw = abs(try list(c, "workRate").last! - list(l, "workRate").last!)
      let dW = abs(try list(c, "integratedWork").last! - list(l, "integratedWork").last!)
      for (k, v) in [("heat rate", dq), ("heat", dQ), ("work rate", dw), ("work", dW), ("occupation", dn)] { errors[k, default: []].append(v) }
      // The summary's deviations are maxima over the times ⊇ the last time.
      let dev = try XCTUnwrap((c["collision"] as? [String: Any])?["localEquation"] as? [String: Any])
      XCTAssertGreaterThanOrEqual(try XCTUnwrap(dev["integratedHeat"] as? Double), dQ * (1 - 1e-9))
      XCTAssertGreaterThanOrEqual(try XCTUnwrap(dev["occupations"] as? Double), dn * (1 - 1e-9))
      XCTAssertLessThan(try XCTUnwrap(dev["integratedHeat"] as? Double), 10 * dQ + 1e-12)
    }
    for (k, e) in errors.sorted(by: { $0.key < $1.key }) {
      let orders = (1..<e.count).map { Foundation.log2(e[$0 - 1] / e[$0]) }
      print("evolve --interaction-time vs local equation at t = 4, \(k): |Δ| = \(e), orders \(orders)")
      for o in orders { XCTAssertEqual(o, 1, accuracy: 0.06, k) }
    }
  }

  /// A time that is not a multiple of τ moves to the stroke boundary before it; the move is stated (collision.movedTimes,
  /// a warning) and every method is evolved at the boundaries.
  func testTimesMapToStrokeBoundaries() throws {
    let (doc, c, l) = try methods(["--times", "0,0.33,1", "--interaction-time", "0.1"])
    let times = try XCTUnwrap(doc["times"] as? [Double])
    XCTAssertEqual(times.count, 3)
    XCTAssertEqual(times[1], 0.3, accuracy: 1e-15)
    XCTAssertEqual((c["collision"] as? [String: Any])?["collisions"] as? [Int], [0, 3, 10])
    let moved = try XCTUnwrap((c["collision"] as? [String: Any])?["movedTimes"] as? [[Double]])
    XCTAssertEqual(moved.count, 1)
    XCTAssertEqual(moved.first?.first, 0.33)
    XCTAssertEqual(moved.first?.last ?? 0, 0.3, accuracy: 1e-15)
    let warnings = try XCTUnwrap((c["diagnostics"] as? [String: Any])?["warnings"] as? [String])
    XCTAssertTrue(warnings.contains { $0.contains("0.33") }, "\(warnings)")
    XCTAssertEqual(try list(l, "energy").count, 3)
  }

  /// Bad requests are usage errors (status 2) naming the option: τ ≤ 0, τ beyond the final time, no collisional
  /// equation, a state with a mean, --stroboscopic, a time-dependent network, a non-network kind.
  func testBadInputNamesTheOption() throws {
    let timeDependent = Self.model.replacingOccurrences(of: "temperature = 1.0", with: "temperature = { value = 1.0, modulation = { kind = \"sin\", amplitude = 0.2, frequency = 0.5 } }")
    let cases: [([String], String, String)] = [
      (["--time", "4", "--interaction-time", "0"], Self.model, "--interaction-time"),
      (["--time", "4", "--interaction-time", "-0.1"], Self.model, "--interaction-time"),
      (["--time", "4", "--interaction-time", "5"], Self.model, "final time"),
      (["--time", "4", "--interaction-time", "0.1", "--equations", "local"], Self.model, "collisional"),
      (["--time", "4", "--interaction-time", "0.1", "--initial", "coherent:0.3,0"], Self.model, "without a mean"),
      (["--time", "4", "--interaction-time", "0.1", "--stroboscopic"], Self.model, "--stroboscopic"),
      (["--time", "4", "--interaction-time", "0.1"], timeDependent, "time-independent"),
    ]
    for (args, model, needle) in cases {
      let r = try evolve(args, model: model)
      XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains(needle) && r.stderr.contains("--"), "\(args): \(r.stderr)")
    }
    let fock = try ClausiusBinary.run(["evolve", EvolveCommandTests.example("000-optomechanics-hot-cavity.toml"), "--time", "1", "--interaction-time", "0.1", "--quiet"])
    XCTAssertEqual(fock.status, 2, fock.stderr)
    XCTAssertTrue(fock.stderr.contains("--interaction-time") && fock.stderr.contains("network"), fock.stderr)
  }
}
