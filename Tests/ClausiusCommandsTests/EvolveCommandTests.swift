import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import XCTest

/// `clausius evolve` end to end: its numbers against `solve`'s steady state at long times (relaxation is a law of a
/// stable time-independent generator) and against the library called directly; the option syntax and its errors.
final class EvolveCommandTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static func example(_ name: String) -> String { root.appendingPathComponent("examples/\(name)").path }

  func json(_ r: (status: Int32, stdout: String, stderr: String)) throws -> [String: Any] {
    XCTAssertEqual(r.status, 0, r.stderr)
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  /// After 25 relaxation times the heat currents of every equation equal `clausius solve`'s (to 1e-9 relative: e^{−25} ≈ 1e-11).
  func testLongTimesReachSolveSteadyState() throws {
    let file = Self.example("003-two-mode-refrigerator-lab.toml")
    let solve = try json(ClausiusBinary.run(["solve", file, "--format", "json", "--quiet"]))
    let first = try json(ClausiusBinary.run(["evolve", file, "--times", "0,1", "--format", "json", "--quiet"]))
    let tau = try XCTUnwrap(((first["methods"] as? [[String: Any]])?.first?["relaxationTime"]) as? Double)
    let evolve = try json(ClausiusBinary.run(["evolve", file, "--times", "0,\(25 * tau)", "--format", "json", "--quiet"]))
    XCTAssertEqual(evolve["document"] as? String, "evolve")
    let sm = try XCTUnwrap(solve["methods"] as? [[String: Any]]), em = try XCTUnwrap(evolve["methods"] as? [[String: Any]])
    XCTAssertEqual(sm.map { $0["equation"] as? String }, em.map { $0["equation"] as? String })
    for (s, e) in zip(sm, em) {
      let sb = try XCTUnwrap(s["baths"] as? [[String: Any]]), eb = try XCTUnwrap(e["baths"] as? [[String: Any]])
      for (x, y) in zip(sb, eb) {
        XCTAssertEqual(x["name"] as? String, y["name"] as? String)
        for (key, listKey) in [("heat", "heat"), ("localHeat", "localHeat")] {
          let steady = try XCTUnwrap(x[key] as? Double), along = try XCTUnwrap((y[listKey] as? [Double])?.last)
          XCTAssertEqual(along, steady, accuracy: 1e-9 * abs(steady) + 1e-15, "\(e["equation"]!) \(x["name"]!) \(key)")
          XCTAssertGreaterThan(abs(((y[listKey] as? [Double])?.first ?? 0) - steady), 1e-3 * abs(steady), "t = 0 differs from the steady state")
        }
      }
    }
  }

  /// Paper 000: started in `solve`'s own steady state (`--initial steady:` the same file), every equation's heat and
  /// local heat at t = 0 are `solve`'s — `localHeat` has one meaning in both commands (docs/conventions.md, "Counted
  /// heat": the SME's ω_x n_x, the DSME's ω_c n_c, the GMEs' H̃₀) — and stay there (a steady state does not move).
  func testOptomechanicalEvolveCountsHeatAsSolve() throws {
    let file = Self.example("000-optomechanics-hot-cavity.toml")
    let solve = try json(ClausiusBinary.run(["solve", file, "--format", "json", "--quiet"]))
    let evolve = try json(ClausiusBinary.run(["evolve", file, "--times", "0,5", "--initial", "steady:\(file)", "--format", "json", "--quiet"]))
    let sm = try XCTUnwrap(solve["methods"] as? [[String: Any]]), em = try XCTUnwrap(evolve["methods"] as? [[String: Any]])
    XCTAssertEqual(sm.map { $0["equation"] as? String }, em.map { $0["equation"] as? String })
    var localDiffersFromHeat = false
    for (s, e) in zip(sm, em) {
      let sb = try XCTUnwrap(s["baths"] as? [[String: Any]]), eb = try XCTUnwrap(e["baths"] as? [[String: Any]])
      for (x, y) in zip(sb, eb) {
        let heat = try XCTUnwrap(x["heat"] as? Double), local = try XCTUnwrap(x["localHeat"] as? Double)
        let scale = max(abs(heat), abs(local), 1e-12)
        for (key, steady) in [("heat", heat), ("localHeat", local)] {
          for along in try XCTUnwrap(y[key] as? [Double]) {
            XCTAssertEqual(along, steady, accuracy: 1e-8 * scale, "\(e["equation"]!) \(x["name"]!) \(key)")
          }
        }
        if abs(heat - local) > 1e-3 * scale { localDiffersFromHeat = true }
      }
    }
    XCTAssertTrue(localDiffersFromHeat, "some equation counts its local heat with another Hamiltonian than H, so the check can fail")
  }

  /// The command's numbers are the library's (`GaussianEvolution` on the file's network), for a thermal initial state.
  func testCommandMatchesLibrary() throws {
    let file = Self.example("003-chain.toml")
    let doc = try json(ClausiusBinary.run(["evolve", file, "--time", "30", "--steps", "3", "--initial", "thermal:0.4", "--equations", "local", "--format", "json", "--quiet"]))
    let m = try ModelFile.load(path: file)
    let ev = try GaussianEvolution(equation: try m.network.masterEquation(.local))
    let tr = try ev.evolve(from: .thermal(temperatures: Array(repeating: 0.4, count: m.network.modeCount)), times: [0, 10, 20, 30])
    XCTAssertEqual(doc["times"] as? [Double], [0, 10, 20, 30])
    let method = try XCTUnwrap((doc["methods"] as? [[String: Any]])?.first)
    let baths = try XCTUnwrap(method["baths"] as? [[String: Any]])
    // Equal up to the order of BLAS sums (the binary runs BLAS on one thread, the test process may not).
    func close(_ a: [Double]?, _ b: [Double]) {
      XCTAssertEqual(a?.count, b.count)
      for (x, y) in zip(a ?? [], b) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y))) }
    }
    for (b, bath) in baths.enumerated() {
      close(bath["heat"] as? [Double], tr.heat[b])
      close(bath["integratedLocalHeat"] as? [Double], tr.integratedCountedHeat[b])
    }
    close(method["energy"] as? [Double], tr.energy)
  }

  func testInitialStateSyntax() throws {
    XCTAssertEqual(try InitialStateSpec(parsing: "vacuum"), .vacuum)
    XCTAssertEqual(try InitialStateSpec(parsing: "thermal:0.5,1e-1"), .thermal([0.5, 0.1]))
    guard case let .coherent(zs) = try InitialStateSpec(parsing: "coherent:0.5+0.2i,-0.3i,2,1e-2-3i") else { return XCTFail("coherent") }
    XCTAssertEqual(zs.map(\.real), [0.5, 0, 2, 0.01])
    XCTAssertEqual(zs.map(\.imaginary), [0.2, -0.3, 0, -3])
    XCTAssertEqual(try InitialStateSpec(parsing: "fock:1,0"), .fock([1, 0]))
    XCTAssertEqual(try InitialStateSpec(parsing: "steady:a.toml"), .steady("a.toml"))
    XCTAssertEqual(try InitialStateSpec(parsing: "moments:run/evolve.json"), .moments("run/evolve.json"))
    for bad in ["thermal:-1", "gibbs:0", "coherent:x", "fock:-1", "squeezed", "vacuum:1", "thermal:nan", "moments:"] {
      XCTAssertThrowsError(try InitialStateSpec(parsing: bad), bad)
    }
  }

  /// Bad options exit with status 2 and name the option; a non-Gaussian state of a network is refused.
  func testBadOptionsAreUsageErrors() throws {
    let file = Self.example("003-chain.toml")
    for args in [["--time", "-1"], ["--times", "1,0.5"], ["--time", "10", "--initial", "thermal:-2"], ["--steps", "10"],
                 ["--time", "1", "--times", "0,1"], ["--time", "1", "--tolerance", "0"]] {
      let r = try ClausiusBinary.run(["evolve", file] + args)
      XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains("--"), "\(args): \(r.stderr)")
    }
    let fock = try ClausiusBinary.run(["evolve", file, "--time", "1", "--initial", "fock:1,0,0,0,0", "--format", "json", "--quiet"])
    XCTAssertEqual(fock.status, 1)
    XCTAssertTrue(fock.stderr.contains("not Gaussian"), fock.stderr)
  }
}
