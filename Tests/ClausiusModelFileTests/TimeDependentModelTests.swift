import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

/// Time-dependent parameters in open-system model files (docs/model-format.md, "Time-dependent parameters"): the
/// evolution against QuTiP's mesolve run in the test, the errors of bad time functions, and `evolve --stroboscopic`.
final class TimeDependentModelTests: XCTestCase {
  static let example = ModelFileParserTests.examples.appendingPathComponent("driven-qubit-oscillator.toml")

  func model() throws -> OpenSystemModelFile {
    try XCTUnwrap(try ModelDescription.load(path: Self.example.path).as(OpenSystemModelFile.self))
  }

  /// examples/driven-qubit-oscillator.toml (modulated coupling g(t), piecewise-linear drive F(t), oscillating hot-bath
  /// temperature) from |1⟩_q|0⟩_r against Tests/References/qutip_driven_open_system.py, which builds H(t), the local
  /// Davies jumps with time-dependent rates and the heat operators itself. Both integrators at ~1e-10 relative.
  func testDrivenOpenSystemAgainstQuTiPMesolve() throws {
    let m = try model()
    XCTAssertEqual(Set(m.modulatedParameters.keys), ["g", "F"])
    XCTAssertEqual(Set(m.modulatedTemperatures.keys), ["hot"])
    let (ev, _, warnings) = try m.drivenEvolution(.local)
    XCTAssertEqual(warnings.count, 1)   // F x(r) on the cold bath's subsystem: an undressed drive
    let times: [Double] = [0, 2.5, 7, 12, 16, 25, 40]
    let space = m.system.space
    let ref = try XCTUnwrap(PythonReference.run("qutip_driven_open_system.py", input: [
      "wq": 1.0, "wr": 1.1, "N": 6, "g": [0.05, 0.03, 0.4, 0.3], "F": [[0, 0.0], [5, 0.02], [12, 0.02], [20, -0.01]],
      "Jh": 0.01, "Jc": 0.02, "Th": [1.0, 0.4, 0.4, 0.0], "Tc": 0.3, "times": times,
    ] as [String: Any]) as? [String: [Double]])
    // BDF with the dense exact Jacobian integrates in the lab frame; Adams in the frame rotating with diag H₀.
    for method in [CVODEIntegrator.Method.bdf, .adams] {
      let tr = try ev.evolve(from: .product(levels: [1, 0]), times: times,
                             observables: [("nq", space.number(0)), ("nr", space.number(1))], tolerance: 1e-10, method: method)
      let h = tr.bathNames.firstIndex(of: "hot")!, c = tr.bathNames.firstIndex(of: "cold")!
      var worst = 0.0
      for k in times.indices {
        let ours: [(Double, String)] = [(tr.observables[0][k], "nq"), (tr.observables[1][k], "nr"), (tr.heat[h][k], "Qh"), (tr.heat[c][k], "Qc"),
                                        (tr.countedHeat[h][k], "Qh_local"), (tr.countedHeat[c][k], "Qc_local"), (tr.driveWorkRate[k], "Wdot"),
                                        (tr.energy[k], "E")]
        for (x, key) in ours {
          XCTAssertEqual(x, ref[key]![k], accuracy: 1e-8, "\(method) \(key) at t = \(times[k])")
          worst = max(worst, abs(x - ref[key]![k]))
        }
      }
      print("driven open system (\(method)) vs QuTiP mesolve: max deviation \(worst); CVODE \(tr.ode.steps) steps, \(tr.ode.restarts) restarts, \(tr.ode.linearSolver); first law \(tr.firstLawResidual), integrated \(tr.integratedFirstLawResidual)")
      XCTAssertLessThan(tr.integratedFirstLawResidual, 1e-7)
      XCTAssertEqual(tr.ode.restarts, 3)   // F's corners at t = 5, 12, 20
    }
  }

  /// The rotating frame (interaction picture with diag H₀) is a change of variables: Adams in the frame equals Adams in
  /// the lab frame on the driven example at 12 resonator levels to the integration tolerance, in fewer steps (the free
  /// phases, up to ≈ 12 ω_r, no longer bound the step).
  func testRotatingFrameEqualsLabFrame() throws {
    let text = try String(contentsOfFile: Self.example.path, encoding: .utf8).replacingOccurrences(of: "levels = 6", with: "levels = 12")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("driven-12-\(UUID().uuidString).toml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let m = try XCTUnwrap(try ModelDescription.load(path: path).as(OpenSystemModelFile.self))
    let (ev, _, _) = try m.drivenEvolution(.local)
    let times: [Double] = [0, 10, 30, 60]
    let space = m.system.space
    let obs = [("nq", space.number(0)), ("nr", space.number(1))]
    let lab = try ev.evolve(from: .product(levels: [1, 0]), times: times, observables: obs, tolerance: 1e-10, method: .adams, rotatingFrame: false)
    let rot = try ev.evolve(from: .product(levels: [1, 0]), times: times, observables: obs, tolerance: 1e-10, method: .adams, rotatingFrame: true)
    let rho = (lab.finalDensity - rot.finalDensity).maxAbs
    var worst = 0.0
    for b in lab.bathNames.indices { for k in times.indices { worst = max(worst, abs(lab.heat[b][k] - rot.heat[b][k]), abs(lab.integratedHeat[b][k] - rot.integratedHeat[b][k])) } }
    for k in times.indices { worst = max(worst, abs(lab.observables[1][k] - rot.observables[1][k]), abs(lab.energy[k] - rot.energy[k])) }
    print("rotating vs lab frame (Adams, 12 levels): max |Δρ| \(rho), max |Δ| heat/⟨n_r⟩/⟨H⟩ \(worst); steps \(rot.ode.steps) vs \(lab.ode.steps)")
    XCTAssertLessThan(rho, 1e-7)
    XCTAssertLessThan(worst, 1e-7)
    XCTAssertLessThan(rot.ode.steps, lab.ode.steps)
  }

  func error(_ source: String) -> ModelFileError? {
    do { _ = try ModelDescription(source: source, file: "m.toml"); return nil } catch let e as ModelFileError { return e } catch { return nil }
  }

  /// Each bad time function is an error at its file:line naming the key and what is allowed.
  func testBadTimeFunctionsAreErrorsAtTheirLine() throws {
    let base = try String(contentsOf: Self.example, encoding: .utf8)
    let gLine = "g = { value = 0.05, modulation = { kind = \"sin\", amplitude = 0.03, frequency = 0.4, phase = 0.3 } }"
    XCTAssertTrue(base.contains(gLine))
    let lineOfG = base.components(separatedBy: "\n").firstIndex { $0 == gLine }! + 1
    let cases: [(String, String, String)] = [
      ("g = { value = 0.05, modulation = { kind = \"square\", amplitude = 0.03, frequency = 0.4 } }", "parameters.g.modulation.kind", "\"sin\", \"cos\""),
      ("g = { value = 0.05, modulation = { kind = \"sin\", amplitude = 0.03, frequency = -0.4 } }", "parameters.g.modulation.frequency", "> 0"),
      ("g = { value = 0.05, modulation = { kind = \"sin\", amplitude = 0.03 } }", "parameters.g.modulation.frequency", "angular frequency"),
      ("g = { table = [[0, 0.0], [5, 0.02], [5, 0.03]] }", "parameters.g.table.2", "increasing"),
      ("g = { table = [[0, 0.0], [5, 0.02]], interpolation = \"cubic\" }", "parameters.g.interpolation", "\"linear\", \"step\""),
      ("g = { value = 0.05, amplitude = 0.03 }", "parameters.g.amplitude", "value, modulation, table, interpolation"),
      ("g = { table = [[0, 0.0], [5]] }", "parameters.g.table.1", "[time, value]"),
    ]
    for (line, key, allowed) in cases {
      let e = try XCTUnwrap(error(base.replacingOccurrences(of: gLine, with: line)), line)
      XCTAssertEqual(e.key, key, line)
      XCTAssertEqual(e.line, lineOfG, line)
      XCTAssertTrue((e.allowed ?? "").contains(allowed) || e.message.contains(allowed), "\(line): \(e)")
    }
    // A temperature that goes negative.
    let tLine = "temperature = { value = 1.0, modulation = { kind = \"sin\", amplitude = 0.4, frequency = 0.4, phase = 0.0 } }"
    let e = try XCTUnwrap(error(base.replacingOccurrences(of: tLine, with: tLine.replacingOccurrences(of: "amplitude = 0.4", with: "amplitude = 1.5"))))
    XCTAssertEqual(e.key, "baths.0.temperature")
    XCTAssertTrue(e.allowed!.contains("T(t) ≥ 0"), "\(e)")
  }

  /// The global equation and nonlinear parameters are refused with a message; the static values feed `solve`.
  func testRefusalsAndStaticValues() throws {
    let m = try model()
    XCTAssertThrowsError(try m.drivenEvolution(.global)) { XCTAssertTrue("\($0)".contains("local equation only"), "\($0)") }
    XCTAssertEqual(m.system.parameters["g"], 0.05)
    XCTAssertEqual(m.system.parameters["F"], 0.0)
    XCTAssertEqual(m.system.baths[0].temperature, 1.0)
    let base = try String(contentsOf: Self.example, encoding: .utf8)
    let squared = try XCTUnwrap(try ModelDescription(source: base.replacingOccurrences(of: "\"F * x(r)\"", with: "\"F * F * x(r)\""), file: "m.toml")
      .as(OpenSystemModelFile.self))
    XCTAssertThrowsError(try squared.drivenEvolution(.local)) { XCTAssertTrue("\($0)".contains("nonlinearly"), "\($0)") }
  }

  /// `clausius evolve --stroboscopic`: one point per period 2π/0.4 of the model's modulation, per-cycle averages, and
  /// the cycle-averaged first law Σ Q̄ + W̄ = 0 of the periodic steady state (F is constant after t = 20).
  func testStroboscopicCommand() throws {
    let period = 2 * Double.pi / 0.4
    let r = try ClausiusBinary.run(["evolve", Self.example.path, "--time", "\(60 * period)", "--stroboscopic", "--tolerance", "1e-8",
                                    "--initial", "fock:1,0", "--format", "json", "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let times = try XCTUnwrap(doc["times"] as? [Double])
    XCTAssertEqual(times.count, 61)
    XCTAssertEqual(times[1], period, accuracy: 1e-12)
    let method = try XCTUnwrap((doc["methods"] as? [[String: Any]])?.first)
    XCTAssertEqual(method["engine"] as? String, "fock-ode")
    let s = try XCTUnwrap(method["stroboscopic"] as? [String: Any])
    XCTAssertEqual(s["cycles"] as? Int, 60)
    XCTAssertEqual(s["converged"] as? Bool, true, "\(s["stateChange"] ?? "")")
    let heat = try XCTUnwrap(s["heat"] as? [Double]), work = try XCTUnwrap(s["work"] as? Double)
    let local = try XCTUnwrap(s["localHeat"] as? [Double])
    print("stroboscopic PSS: heat \(heat), local \(local), work \(work), first law \(s["firstLawResidual"] ?? "")")
    XCTAssertEqual(heat.reduce(0, +) + (s["driveWork"] as! Double), 0, accuracy: 1e-6 * heat.map(abs).reduce(0, +))
    // Local bookkeeping: Σ Q̄_local + W̄ = 0 as well (W includes the local equation's boundary work).
    XCTAssertEqual(local.reduce(0, +) + work, 0, accuracy: 1e-6 * local.map(abs).reduce(0, +))
    let diag = try XCTUnwrap(method["diagnostics"] as? [String: Any])
    XCTAssertNotNil(diag["ode"])
  }
}
