import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// Issue 14 §1: an open-system file whose H is quadratic and whose bath operators are linear is recognised and also
/// solved on the Gaussian engine; its currents equal those of the same model written as a network file (an independent
/// reader and engine: no truncation) to the truncation accuracy of the Fock engine.
@Suite("open-system models recognised as quadratic: the Gaussian engine beside the Fock engine")
struct QuadraticOpenSystemTests {
  /// Two oscillators with a complex hopping iε a_c†a_h + h.c. (Peierls phase π/2) and two-mode squeezing η(a_c†a_h† + h.c.);
  /// a cold bath through x_c and a hot bath through p_h (S = sᵀr with s = (0, 0, 0, 1)).
  static let network = """
    title = "quadratic pair (network)"
    [[modes]]
    name = "c"
    frequency = 1.0
    [[modes]]
    name = "h"
    frequency = 1.2
    [[couplings]]
    kind = "hopping"
    modes = ["c", "h"]
    strength = 0.05
    phase = 1.5707963267948966
    [[couplings]]
    kind = "squeezing"
    modes = ["c", "h"]
    strength = 0.02
    [[baths]]
    name = "cold"
    mode = "c"
    rate = 0.01
    temperature = 0.3
    [[baths]]
    name = "hot"
    quadratures = [0, 0, 0, 1]
    rate = 0.01
    temperature = 0.8
    [solve]
    equations = ["local", "global"]
    """

  static func open(levels: Int) -> String {
    """
    kind = "open-system"
    title = "quadratic pair (open system)"
    [[subsystems]]
    name = "c"
    type = "oscillator"
    frequency = 1.0
    levels = \(levels)
    [[subsystems]]
    name = "h"
    type = "oscillator"
    frequency = 1.2
    levels = \(levels)
    [parameters]
    eps = 0.05
    eta = 0.02
    [hamiltonian]
    terms = ["i * eps * ad(c) * a(h) + h.c.", "eta * (ad(c) * ad(h) + h.c.)"]
    [[baths]]
    name = "cold"
    operator = "x(c)"
    rate = 0.01
    temperature = 0.3
    [[baths]]
    name = "hot"
    operator = "p(h)"
    rate = 0.01
    temperature = 0.8
    [solve]
    equations = ["local", "global"]
    truncation_tolerance = 1e-5
    """
  }

  static func solveJSON(_ toml: String, validate: Bool = false) throws -> SolveDocument {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-quad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("m.toml")
    try toml.write(to: file, atomically: true, encoding: .utf8)
    let r = try ClausiusBinary.run(["solve", file.path, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    if validate, (try PythonScript.run("import jsonschema")).status == 0 {
      // The document, with methods[].gaussian, validates against docs/schema/clausius-output.schema.json.
      let out = dir.appendingPathComponent("solve.json")
      try Data(r.stdout.utf8).write(to: out)
      let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      let v = try PythonScript.runFile(root.appendingPathComponent("Tests/ClausiusCommandsTests/validate_output.py").path, input: Data(),
                                       arguments: [root.appendingPathComponent("docs/schema/clausius-output.schema.json").path, out.path])
      #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }
    return try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
  }

  @Test("a quadratic pair written as open-system equals the network file's currents (10 levels: ≤ 5e-5), local and global")
  func openSystemEqualsNetwork() throws {
    let net = try Self.solveJSON(Self.network), open = try Self.solveJSON(Self.open(levels: 10), validate: true)
    // Truncation: 10 Fock levels per oscillator; the largest top-level population is 5.5e-7 and the measured relative
    // differences of the currents 1.7e-5 (local) and 1.9e-5 (global) (8 levels: 2.2e-4, 2.4e-4; 12 levels: 1.1e-6,
    // 1.7e-6), so 5e-5 bounds the truncation error at 10 levels and fails at 8.
    for name in ["local", "global"] {
      let n = try #require(net.methods.first { $0.equation == name }), o = try #require(open.methods.first { $0.equation == name })
      let nb = try #require(n.baths), ob = try #require(o.baths)
      let scale = nb.map { abs($0.heat) }.max()!
      for b in 0..<2 {
        #expect(abs(ob[b].heat - nb[b].heat) <= 5e-5 * scale, "\(name) \(nb[b].name): \(ob[b].heat) vs \(nb[b].heat)")
        #expect(abs(ob[b].localHeat - nb[b].localHeat) <= 5e-5 * scale, "\(name) \(nb[b].name) local: \(ob[b].localHeat) vs \(nb[b].localHeat)")
      }
      // The cross-check block: the Gaussian engine's currents are the network file's (same engine, same model, here
      // reached through the recognised H and S: to round-off), and its difference is the one measured above.
      let g = try #require(o.gaussian, "\(name): no Gaussian cross-check")
      #expect(g.error == nil && g.agrees && g.levels == [10, 10])
      for b in 0..<2 {
        #expect(abs(g.baths[b].heat - nb[b].heat) <= 1e-10 * scale, "\(name) Gaussian \(g.baths[b].heat) vs network \(nb[b].heat)")
        #expect(abs(g.baths[b].localHeat - nb[b].localHeat) <= 1e-10 * scale)
      }
      let worst = (0..<2).map { max(abs(ob[$0].heat - nb[$0].heat), abs(ob[$0].localHeat - nb[$0].localHeat)) / scale }.max()!
      #expect(abs(g.maxRelativeDifference - worst) <= 1e-9, "\(g.maxRelativeDifference) vs \(worst)")
      #expect(g.maxRelativeDifference < 5e-5 && g.maxRelativeDifference > 1e-7)   // truncation error, not round-off
    }
  }

  @Test("recognition: x c x coupling, drives and bath combinations are quadratic; Kerr, a†², qubits and σx baths are not")
  func recognition() throws {
    func system(_ terms: [String], _ ops: [String] = ["x(c)"], qubit: Bool = false) throws -> OpenSystem {
      let subs: [OpenSystem.Subsystem] = [.init(name: "c", kind: .oscillator(levels: 3), frequency: 1.0),
                                          .init(name: "h", kind: qubit ? .qubit : .oscillator(levels: 3), frequency: 1.5)]
      let baths = try ops.enumerated().map { try OpenSystem.Bath(name: "b\($0.offset)", operator: $0.element, spectralDensity: .flat(rate: 0.01), temperature: 1) }
      return try OpenSystem(subsystems: subs, terms: terms, baths: baths)
    }
    // x_c x_h = ½(a_c a_h + a_c†a_h† + a_c†a_h + a_h†a_c): hopping ½ and squeezing ½ (normal ordering exact).
    let n1 = try system(["0.1 * x(c) * x(h)", "0.02 * (ad(c) + a(c))", "0.03 * (a(h) * ad(h) - ad(h) * a(h))"]).quadraticNetwork().get()
    #expect(n1.frequencies == [1.0, 1.5])   // a a† − a†a = 1 is a constant, not a frequency shift
    #expect(n1.couplings.count == 2)
    for c in n1.couplings {
      switch c {
      case let .hopping(0, 1, e, phi): #expect(abs(e - 0.05) < 1e-15 && abs(phi) < 1e-15)
      case let .squeezing(0, 1, eta): #expect(abs(eta - 0.05) < 1e-15)
      default: Issue.record("unexpected coupling \(c)")
      }
    }
    #expect(n1.drives.count == 1 && abs(n1.drives[0].amplitude.real - 0.02) < 1e-15)
    // A bath through (x_c + p_h)/2: s = (1/2, 0, 0, 1/2).
    let n2 = try system([], ["0.5 * x(c) + 0.5 * p(h)"]).quadraticNetwork().get()
    #expect(n2.couplingVector(bath: 0).enumerated().allSatisfy { abs($0.element - [0.5, 0, 0, 0.5][$0.offset]) < 1e-15 })
    let refused: [(OpenSystem, String)] = [
      (try system(["0.01 * ad(c) * ad(c) * a(c) * a(c)"]), "degree 4"),
      (try system(["0.01 * x(c)^2"]), "a†²"),
      (try system([], ["x(c) * x(c)"]), "not linear"),
      (try system(["0.01 * (ad(c) * ad(h) * i + h.c.)"]), "complex"),
      (try system([], ["sx(h)"], qubit: true), "not an oscillator"),
    ]
    for (s, reason) in refused {
      switch s.quadraticNetwork() {
      case .success: Issue.record("recognised as quadratic, expected refusal (\(reason))")
      case let .failure(f): #expect(f.reason.contains(reason), "\(f.reason)")
      }
    }
  }

  @Test("a model that is not quadratic (the Kerr pair) has no Gaussian cross-check")
  func kerrHasNone() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let toml = try String(contentsOf: root.appendingPathComponent("examples/kerr-oscillator-pair.toml"), encoding: .utf8)
      .replacingOccurrences(of: "levels = 10", with: "levels = 4").replacingOccurrences(of: "equations = [\"local\", \"global\", \"redfield\"]", with: "equations = [\"local\"]")
      .replacingOccurrences(of: "truncation_tolerance = 1e-3", with: "truncation_tolerance = 0.5")
    guard let m = (try ModelDescription(source: toml, file: "k.toml")).as(OpenSystemModelFile.self) else { Issue.record("not an open system"); return }
    #expect(m.methods().allSatisfy { $0.gaussian == nil && $0.error == nil })
  }
}
