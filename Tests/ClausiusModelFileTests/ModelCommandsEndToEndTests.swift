import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Numerics
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Runs the built `clausius` binary on the example model files and compares its JSON with direct
/// library calls on hand-built networks (never with stored outputs).
@Suite("clausius solve / audit / sweep, end to end")
struct ModelCommandsEndToEndTests {
  static let examples = ModelFileParserTests.examples

  static var binary: URL { ClausiusBinary.url }

  static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try ClausiusBinary.run(arguments)
  }

  static func example(_ name: String) -> String { examples.appendingPathComponent(name).path }

  /// The paper 004 wire, built without the parser (paper 004, Eqs. 4–5).
  static func wire(omegaH: Double, k: Double, tC: Double = 2, tH: Double = 3) throws -> BosonicNetwork {
    let j = try SpectralDensity.ohmicDrude(lambda: 0.0316227766016838, cutoff: 1000)
    return try BosonicNetwork(frequencies: [1, omegaH], couplings: [.spring(0, 1, k: k)], baths: [
      Bath(name: "cold", temperature: tC, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "hot", temperature: tH, spectralDensity: j, coupling: .position(mode: 1)),
    ])
  }

  /// |a − b| ≤ tol·max(|b|, floor). The CLI and the test run the same deterministic code on the same
  /// inputs, and JSON keeps Swift's shortest round-trip digits, so the numbers should agree to the last
  /// bit; 1e-12 leaves room for nothing but a changed summation order.
  static func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12, floor: Double = 1e-300) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(abs(b), floor)
  }

  @Test("`solve --format json` on the detuned 004 wire equals direct library calls, per master equation")
  func solveDetunedWire() throws {
    let r = try Self.run(["solve", Self.example("004-wire-detuned.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
    #expect(doc.methods.map(\.equation) == ["local", "global", "redfield", "partialRedfield"])
    let net = try Self.wire(omegaH: 2, k: 0.05)
    let derivations: [Derivation] = [.local, .global, .redfield, .partialRedfield]
    for (m, d) in zip(doc.methods, derivations) {
      let ss = try net.masterEquation(d).gaussianSteadyState()
      let th = ss.thermodynamics
      #expect(m.error == nil)
      for i in 0..<2 { #expect(Self.close(m.occupations?[i], ss.occupation(i)), "\(m.equation) n_\(i)") }
      for b in 0..<2 {
        #expect(Self.close(m.baths?[b].heat, th.baths[b].heat), "\(m.equation) Q_\(b)")
        #expect(Self.close(m.baths?[b].localHeat, th.baths[b].countedHeat), "\(m.equation) Qlocal_\(b)")
      }
      #expect(Self.close(m.workRate, th.workRate, floor: 1e-20))
      #expect(Self.close(m.entropyProduction, th.secondLaw.entropyProduction))
      #expect(Self.close(m.diagnostics?.uncertaintyMargin, ss.diagnostics.uncertaintyMargin))
      // Laws, independent of the library's own audit: first law to round-off, Clausius inequality.
      let q = try #require(m.baths)
      // Each heat is a trace over V (entries O(n̄ + ½) ≈ 1) times rates ≈ 1e-3: round-off leaves an absolute
      // error ≈ 1e-16 · rate · ‖V‖ per term, so the floor 1e-14 sits far below the 1e-7 currents yet above
      // round-off (observed: 1.1e-15 on currents of 5e-7).
      #expect(abs(q[0].heat + q[1].heat) <= 1e-9 * (abs(q[0].heat) + abs(q[1].heat)) + 1e-14)
      #expect(-(q[0].localHeat / 2 + q[1].localHeat / 3) >= -1e-15)
    }
    // Paper 004 Fig. 1(c): in the detuned regime the local equation's current (global H) runs from the
    // cold bath into the system, against the gradient, while the global equation's runs hot → cold.
    #expect(try #require(doc.methods[0].baths?[0].heat) > 0)
    #expect(try #require(doc.methods[1].baths?[0].heat) < 0)
  }

  @Test("quasi-resonant 004 wire: local ≈ partial Redfield, global ×100 too large (paper 004 Sec. II D, Fig. 1d)")
  func solveQuasiResonantWire() throws {
    let r = try Self.run(["solve", Self.example("004-wire-quasi-resonant.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
    let qh = Dictionary(uniqueKeysWithValues: doc.methods.map { ($0.equation, $0.baths![1].heat) })
    // Direct library call on the hand-built network.
    let direct = try Self.wire(omegaH: (1 + 2e-6).squareRoot(), k: 1e-4).masterEquation(.local).gaussianSteadyState().thermodynamics
    #expect(Self.close(qh["local"], direct.baths[1].heat, 1e-9))  // ω_h is written with 16 digits in the file
    // Two methods of different derivation agree to O(k/λ²ω) corrections (docs/papers/004.md: 6e-5 relative).
    #expect(abs(qh["local"]! - qh["partialRedfield"]!) <= 1e-3 * abs(qh["partialRedfield"]!))
    #expect(qh["global"]! / qh["local"]! > 50)
  }

  @Test("`solve` on the lab-unit resonators: local-equation refrigerator at the Otto COP ω_c/(ω_h − ω_c) (paper 003, Eq. 22)")
  func solveRefrigerator() throws {
    let r = try Self.run(["solve", Self.example("003-two-mode-refrigerator-lab.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
    let local = try #require(doc.methods.first { $0.equation == "local" })
    #expect(local.regime == "refrigerator")
    // Closed form: COP = Q̇_c/Ẇ = ω_c/(ω_h − ω_c) = 5/2 for the local equation with hopping (Eq. 22).
    #expect(abs(try #require(local.performance) - 2.5) <= 1e-9)
    #expect(abs(try #require(local.carnot) - 0.080 / 0.020) <= 1e-12)
    #expect(doc.units.frequency == "GHz")
    #expect(abs(try #require(doc.units.heatCurrentWatts) - 6.62607015e-34 * 1e9 * 2 * Double.pi * 1e9) <= 1e-27)
    // The table format prints the same regime and the unit conversion; --verbose adds ν_min; --out writes files.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-solve-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let t = try Self.run(["solve", Self.example("003-two-mode-refrigerator-lab.toml"), "--verbose", "--out", dir.path])
    #expect(t.status == 0)
    #expect(t.stdout.contains("refrigerator"))
    #expect(t.stdout.contains("1 K = 20.836619"))
    #expect(t.stdout.contains("ν_min (≥ ½)"))
    let written = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(contentsOf: dir.appendingPathComponent("solve.json")))
    #expect(written.methods.map(\.performance) == doc.methods.map(\.performance))
    let csv = try String(contentsOf: dir.appendingPathComponent("solve.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("equation,error,n_cold,n_hot,Q_cold,Qlocal_cold,Q_hot,Qlocal_hot,W,"))
  }

  @Test("the paper 002 ring example (φ = 0) solved by `solve` equals OptomechanicalLinearisation's exact linearised equation (paper 002, Eq. 4)")
  func optomechanicalRing() throws {
    let r = try Self.run(["solve", Self.example("002-optomechanical-ring-no-flux.toml"), "--equations", "local", "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
    let local = try #require(doc.methods.first)
    // Independent construction (paper 002 module): number-conserving H with −J/2 ring hopping,
    // −(G*c + Gc†)(d + d†) (the gauge d → −d of our +G; occupations are unchanged), local dissipators.
    let l = 8
    let lin = try OptomechanicalLinearisation(adjacency: try OptomechanicalLattice.ringAdjacency(l), hopping: 0.1,
                                              effectiveDetunings: Array(repeating: -1.1, count: l),
                                              linearisedCouplings: Array(repeating: Complex(0.1, 0), count: l),
                                              mechanicalFrequencies: Array(repeating: 1, count: l), opticalLoss: Array(repeating: 0.1, count: l),
                                              mechanicalDamping: Array(repeating: 1e-3, count: l), thermalOccupations: Array(repeating: 10, count: l))
    let ss = try lin.exactEquation().gaussianSteadyState()
    let th = ss.thermodynamics
    // Same physics through two constructions: agreement to round-off of two Lyapunov solves
    // (residuals ~1e-13 of a drift with condition ~1/γ_m = 1e3), so 1e-9 relative.
    for i in 0..<(2 * l) { #expect(Self.close(local.occupations?[i], ss.occupation(i), 1e-9), "mode \(i)") }
    for i in 0..<l {
      #expect(Self.close(local.baths?[l + i].localHeat, th.baths[l + i].countedHeat, 1e-9), "mechanical bath \(i)")
    }
    // Laser cooling: every mechanical mode ends far below its bath's n̄ = 10.
    #expect(local.occupations![l...].allSatisfy { $0 < 1 })
  }

  @Test("`audit` on the detuned wire: laws hold for the global equation; local failures are findings (exit 0)")
  func auditDetunedWire() throws {
    let r = try Self.run(["audit", Self.example("004-wire-detuned.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(AuditDocument.self, from: Data(r.stdout.utf8))
    #expect(doc.passed)
    #expect(doc.equalTemperature == 2.5)
    let global = try #require(doc.methods.first { $0.equation == "global" })
    #expect(global.checks.count == 4)
    #expect(global.checks.allSatisfy { $0.passed && $0.severity == "law" })
    let local = try #require(doc.methods.first { $0.equation == "local" })
    let zero = try #require(local.checks.first { $0.name == "zeroCurrentAtEqualTemperatures" })
    #expect(!zero.passed && zero.severity == "finding")
    // Direct: the local equation at T_c = T_h = 2.5 carries a current (paper 003, Eq. 12: Levy–Kosloff).
    let th = try Self.wire(omegaH: 2, k: 0.05, tC: 2.5, tH: 2.5).masterEquation(.local).gaussianSteadyState().thermodynamics
    let worst = th.baths.map { max(abs($0.heat), abs($0.countedHeat)) }.max()!
    #expect(Self.close(zero.value, worst / th.firstLaw.scale))
    #expect(local.checks.first { $0.name == "clausiusGlobalHeat" }?.passed == false)
    #expect(local.checks.first { $0.name == "clausius" }?.passed == true)   // with the work term (paper 003 App. C)
    // Table: findings are named, and no law is violated.
    let t = try Self.run(["audit", Self.example("004-wire-detuned.toml")])
    #expect(t.stdout.contains("0 law(s) violated, 2 known finding(s)"))
  }

  @Test("`audit` at strong coupling: Redfield violates V + iΩ/2 ≥ 0 (a finding, paper 004 Sec. II D); global stays physical")
  func auditRedfieldPositivity() throws {
    let r = try Self.run(["audit", Self.example("004-wire-strong-coupling-redfield.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(AuditDocument.self, from: Data(r.stdout.utf8))
    let redfield = try #require(doc.methods.first { $0.equation == "redfield" }?.checks.first { $0.name == "positivity" })
    let global = try #require(doc.methods.first { $0.equation == "global" }?.checks.first { $0.name == "positivity" })
    #expect(!redfield.passed && redfield.severity == "finding")
    #expect(global.passed && global.severity == "law")
    // Direct library call, and an independent criterion: V + iΩ/2 ≥ 0 ⟺ every symplectic eigenvalue ≥ ½
    // (Williamson), computed here from the covariance rather than from the Hermitian eigenvalues.
    let j = try SpectralDensity.ohmicDrude(lambda: 0.447213595499958, cutoff: 10)
    let net = try BosonicNetwork(frequencies: [1, 1.1], couplings: [.spring(0, 1, k: 0.3)], baths: [
      Bath(name: "cold", temperature: 0.05, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "hot", temperature: 0.1, spectralDensity: j, coupling: .position(mode: 1)),
    ])
    let ssR = try net.masterEquation(.redfield).gaussianSteadyState()
    #expect(Self.close(redfield.value, ssR.diagnostics.uncertaintyMargin))
    #expect(try WilliamsonDecomposition.symplecticEigenvalues(ssR.covariance).min()! < 0.5 - 1e-8)
    let ssG = try net.masterEquation(.global).gaussianSteadyState()
    #expect(try WilliamsonDecomposition.symplecticEigenvalues(ssG.covariance).min()! >= 0.5 - 1e-12)
    // The solve table shows the solver's warning.
    let t = try Self.run(["solve", Self.example("004-wire-strong-coupling-redfield.toml")])
    #expect(t.stdout.contains("redfield: warning: the steady-state covariance violates the uncertainty principle"))
  }

  @Test("`sweep` over a temperature in mK runs every point and matches direct library calls; writes CSV/JSON/SVG/HTML")
  func sweepTemperature() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-sweep-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try Self.run(["sweep", Self.example("003-two-mode-refrigerator-lab.toml"), "--vary", "baths.cold.temperature=20mK:100mK:5",
                          "--format", "json", "--out", dir.path, "--jobs", "2"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stderr.contains("sweep: 5/5 points"))
    let doc = try ClausiusJSON.decoder.decode(SweepDocument.self, from: Data(r.stdout.utf8))
    #expect(doc.points.map { $0.values[0] } == [20, 40, 60, 80, 100])
    let kOverH = 1.380649e-23 / 6.62607015e-34 / 1e9
    let base = try BosonicNetwork(frequencies: [5, 7], couplings: [.hopping(0, 1, epsilon: 0.05)], baths: [
      .flat(name: "cold", mode: 0, rate: 0.001, temperature: 0), .flat(name: "hot", mode: 1, rate: 0.001, temperature: 0.1 * kOverH),
    ])
    for p in doc.points {
      let th = try base.withTemperatures([p.values[0] * 1e-3 * kOverH, 0.1 * kOverH]).masterEquation(.local).gaussianSteadyState().thermodynamics
      let m = try #require(p.methods.first { $0.equation == "local" })
      // T passes through "x mK" text and two unit conversions: agreement to a few ulps.
      #expect(Self.close(m.baths?[0].localHeat, th.baths[0].countedHeat, 1e-9), "T_c = \(p.values[0]) mK")
      #expect(Self.close(m.workRate, th.workRate, 1e-9))
    }
    for f in ["sweep.json", "sweep.csv", "report.html", "sweep/heat-0.svg", "sweep/work.svg", "sweep/entropy-production.csv"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), "missing \(f)")
    }
    // The SVG is well-formed XML with one curve per master equation.
    let svg = try Data(contentsOf: dir.appendingPathComponent("sweep/heat-0.svg"))
    #expect(XMLParser(data: svg).parse())
    let fig = try ClausiusJSON.decoder.decode(FigureWriter.FigureDocument.self, from: Data(contentsOf: dir.appendingPathComponent("sweep/heat-0.json")))
    #expect(fig.figure.series.map(\.label) == ["local", "global"])
    #expect(fig.figure.xAxis.unit == "mK")
    // The page is well-formed (polyglot XHTML), inlines one SVG per figure and links every file.
    let html = try Data(contentsOf: dir.appendingPathComponent("report.html"))
    #expect(XMLParser(data: html).parse())
    let text = String(decoding: html, as: UTF8.self)
    // One inlined SVG per figure written: heat × 2 baths, work, entropy production, and COP/η since the local equation
    // is an engine at the lowest T_c, and the cooling power since it is a refrigerator at 80 mK (paper 003, Table I).
    let svgs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sweep").path).filter { $0.hasSuffix(".svg") }
    #expect(svgs.count == 6 && svgs.contains("performance.svg") && svgs.contains("cooling-power.svg"))
    #expect(text.components(separatedBy: "<svg").count - 1 == svgs.count)
    for f in ["sweep.json", "sweep.csv", "sweep/heat-0.svg", "sweep/work.csv", "sweep/entropy-production.json"] { #expect(text.contains("href=\"\(f)\"")) }
    // No network resources: the only URIs are the XHTML/SVG namespaces.
    #expect(text.components(separatedBy: "http").count == text.components(separatedBy: "http://www.w3.org/").count)
  }

  @Test("two-parameter sweep: product grid, CSV row per point and method")
  func sweepTwoParameters() throws {
    let r = try Self.run(["sweep", Self.example("003-chain.toml"), "--vary", "baths.last.temperature=0.5:2:3",
                          "--vary", "couplings.0.strength=0.05:0.2:2", "--format", "csv", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let rows = r.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    // Long format: header + points × (local, global, collisional) × baths (first, last).
    #expect(rows.count == 1 + 3 * 2 * 3 * 2)
    #expect(rows[0].hasPrefix("baths.last.temperature,couplings.0.strength,equation,bath,temperature,heat,local_heat,"))
    #expect(rows[1].hasPrefix("0.5,0.05,local,first,"))
    #expect(rows[2].hasPrefix("0.5,0.05,local,last,0.5,"))
    #expect(rows.last!.hasPrefix("2.0,0.2,collisional,last,2.0,"))
    // Parallel points are independent: one worker gives the same bytes as two.
    let serial = try Self.run(["sweep", Self.example("003-chain.toml"), "--vary", "baths.last.temperature=0.5:2:3",
                               "--vary", "couplings.0.strength=0.05:0.2:2", "--format", "csv", "--quiet", "--jobs", "1"])
    #expect(serial.stdout == r.stdout)
  }

  @Test("bad files and options give the documented messages and exit status 2")
  func errors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = try String(contentsOfFile: Self.example("004-wire-detuned.toml"), encoding: .utf8)
    let bad = dir.appendingPathComponent("bad.toml")
    try good.replacingOccurrences(of: "temperature = 3.0", with: "temperature = -1.0").write(to: bad, atomically: true, encoding: .utf8)
    let lineOfHot = good.components(separatedBy: "\n").firstIndex { $0.hasPrefix("temperature = 3.0") }! + 1
    let r = try Self.run(["solve", bad.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("error: \(bad.path):\(lineOfHot): baths.1.temperature: value out of range (got -1.0); allowed: ≥ 0, natural units"), "\(r.stderr)")

    let syntax = dir.appendingPathComponent("syntax.toml")
    try "[[modes]]\nfrequency = 1.0\nname = \"a\n".write(to: syntax, atomically: true, encoding: .utf8)
    let s = try Self.run(["audit", syntax.path])
    #expect(s.status == 2)
    #expect(s.stderr.contains("\(syntax.path):3:"))
    #expect(s.stderr.contains("TOML syntax error"))

    let missing = try Self.run(["solve", dir.appendingPathComponent("nope.toml").path])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read the model file"))

    let key = try Self.run(["sweep", Self.example("004-wire-detuned.toml"), "--vary", "baths.warm.temperature=1:2:3"])
    #expect(key.status == 2)
    #expect(key.stderr.contains("no element named 'warm' in 'baths'"))

    let range = try Self.run(["sweep", Self.example("004-wire-detuned.toml"), "--vary", "baths.hot.temperature=-1:2:3"])
    #expect(range.status == 2)
    #expect(range.stderr.contains("baths.1.temperature: value out of range (got -1.0)"))

    let form = try Self.run(["sweep", Self.example("004-wire-detuned.toml"), "--vary", "couplings.0.strength=0:1"])
    #expect(form.status != 0)
    #expect(form.stderr.contains("expected KEY=start:stop:count"))

    let eq = try Self.run(["solve", Self.example("004-wire-detuned.toml"), "--equations", "lindblad"])
    #expect(eq.status != 0)
    #expect(eq.stderr.contains("unknown master equation 'lindblad'"))
  }

  @Test("--help teaches every option with units and an example")
  func help() throws {
    let top = try Self.run(["--help"])
    for s in ["solve", "sweep", "audit", "compare", "reproduce"] { #expect(top.stdout.contains(s)) }
    for cmd in ["solve", "audit", "sweep", "compare"] {
      let h = try Self.run([cmd, "--help"])
      #expect(h.status == 0)
      for s in ["--format", "table|json|csv", "--out", "--quiet", "--verbose", "--equations", "Examples:", "clausius \(cmd) examples/", "Exit status"] {
        #expect(h.stdout.contains(s), "\(cmd) --help lacks \(s)")
      }
    }
    let sweep = try Self.run(["sweep", "--help"])
    for s in ["--vary", "KEY=start:stop:count", "baths.hot.temperature=50mK:200mK:16", "mK", "--jobs"] { #expect(sweep.stdout.contains(s)) }
    let solve = try Self.run(["solve", "--help"])
    for s in ["1 K = 20.836619 GHz", "ħ = k_B = 1", "docs/model-format.md"] { #expect(solve.stdout.contains(s)) }
  }
}
