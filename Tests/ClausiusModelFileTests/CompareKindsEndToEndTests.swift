import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// `clausius compare` on `kind = "optomechanical-ring"` and `kind = "cascaded"`: the binary's JSON against direct
/// library calls, and the routes against each other (effective vs exact, Langevin / closed form / Fock vs the
/// cascaded master equation).
@Suite("clausius compare: cascaded and optomechanical-ring kinds, end to end")
struct CompareKindsEndToEndTests {
  static func example(_ name: String) -> String { ModelFileParserTests.examples.appendingPathComponent(name).path }

  /// Runs `compare FILE --format json` on `source` written to a temporary file (or on an example path).
  static func compare(source: String? = nil, path: String? = nil) throws -> (doc: RouteCompareDocument, status: Int32, stderr: String) {
    var file = path ?? ""
    var cleanup: URL?
    if let source {
      let url = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-cmpk-\(UUID().uuidString).toml")
      try source.write(to: url, atomically: true, encoding: .utf8)
      file = url.path; cleanup = url
    }
    defer { if let cleanup { try? FileManager.default.removeItem(at: cleanup) } }
    let r = try ClausiusBinary.run(["compare", file, "--format", "json", "--quiet"])
    let doc = try ClausiusJSON.decoder.decode(RouteCompareDocument.self, from: Data(r.stdout.utf8))
    return (doc, r.status, r.stderr)
  }

  static func value(_ d: RouteCompareDocument, _ quantity: String, route r: Int) -> Double? {
    d.quantities.first { $0.name == quantity }?.values[r] ?? nil
  }

  /// Same deterministic code in the binary and here: 1e-12 (see ModelCommandsEndToEndTests.close).
  static func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool { ModelCommandsEndToEndTests.close(a, b, tol) }

  @Test("ring example: exact linearised vs effective theory, equal to direct library calls; δ ≤ 5 % → valid")
  func ringExample() throws {
    let (d, status, stderr) = try Self.compare(path: Self.example("002-optomechanical-ring-flux.toml"))
    #expect(status == 0, "\(stderr)")
    #expect(d.kind == "optomechanical-ring" && d.reference == "exact linearised")
    #expect(d.routes.map(\.name) == ["exact linearised", "effective theory"])
    let th = try OptomechanicalRingTheory(siteCount: 8, winding: 1, effectiveCoupling: 0.02, hopping: 0.2, effectiveDetuning: -1.2, opticalLoss: 0.1,
                                          mechanicalFrequency: 1, mechanicalDamping: 1e-3, thermalOccupation: 100)
    let lin = try OptomechanicalLinearisation.ring(th)
    let ss = try lin.exactEquation().gaussianSteadyState()
    let sigma = ss.singleParticleDensityMatrix(modes: (0..<8).map(lin.mechanicalMode))
    let qExact = OptomechanicalCurrents.ringContributions(hamiltonian: try lin.effectiveElimination().effectiveHamiltonian, sigma: sigma).reduce(0, +)
    let qC = "Q_C circulating (ω_m⟨ĵ_C⟩, Eq. 14)"
    #expect(Self.close(Self.value(d, qC, route: 0), qExact))
    #expect(Self.close(Self.value(d, qC, route: 1), try th.circulatingCurrent()))
    let sEff = try th.singleParticleDensityMatrix()
    for l in 0..<8 {
      #expect(Self.close(Self.value(d, "⟨d†d⟩ site \(l)", route: 0), ss.occupation(lin.mechanicalMode(l))))
      #expect(Self.close(Self.value(d, "⟨d†d⟩ site \(l)", route: 1), sEff[l, l].real))
      // Mechanical-bath heat with the local H: ω_mγ_m(n̄ − ⟨d†d⟩) (the D[d] rates γ_m(n̄+1), γ_m n̄), 1e-9 for the
      // difference between the thermodynamics engine's kernel contraction and this closed form.
      #expect(Self.close(Self.value(d, "Q̇ mechanical bath \(l) (local H)", route: 0), 1e-3 * (100 - ss.occupation(lin.mechanicalMode(l))), 1e-9))
    }
    let delta = try OptomechanicalCurrents.relativeError(sEff, sigma)
    let v = try #require(d.validity)
    #expect(Self.close(v.measure, delta) && v.threshold == 0.05 && v.valid == (delta <= 0.05))
    // Physics: at the paper's parameters (|G| = 0.02, J = 2γ_c) the effective theory is valid (paper 002: δ ~ 1 %,
    // Fig. S1(d)), and Q_C, n and the heat agree to better than 2 % (measured 0.77 %, 0.57 %, 0.49 %).
    #expect(v.valid)
    #expect((d.routes[1].maxRelativeDifference ?? 1) < 0.02)
  }

  /// Paper 002 Fig. S1 caption parameters with g = 1e-2 (|G| = 0.1), J = γ_c, Δ̃ = −1.1, n̄ = 10, winding 2: the
  /// effective theory is off by δ = 22.09 % (NumPy cross-check quoted in LatticeTests.testEffectiveVsExactFigS1) →
  /// NOT valid. Tolerance 1e-3 on δ as there.
  @Test("ring outside the effective theory's validity: δ = 22 % → not valid, and the table says so")
  func ringInvalid() throws {
    let src = """
      kind = "optomechanical-ring"
      title = "strong coupling ring"
      [ring]
      sites = 8
      winding = 2
      coupling = 0.1
      hopping = 0.1
      detuning = -1.1
      optical_loss = 0.1
      mechanical_frequency = 1.0
      mechanical_damping = 1e-3
      occupation = 10.0
      """
    let (d, status, _) = try Self.compare(source: src)
    #expect(status == 0)
    let v = try #require(d.validity)
    #expect(abs((v.measure ?? 0) - 0.2209) < 1e-3)
    #expect(!v.valid)
  }

  /// A blue-detuned ring (Δ̃ = +ω_m, |G| = γ_c): both models are unstable; the drift instability is reported (never
  /// numbers), the verdict is "not valid", and the exit status is 1 (no reference steady state).
  @Test("unstable ring: the instability is reported, no numbers, exit status 1")
  func ringUnstable() throws {
    let src = """
      kind = "optomechanical-ring"
      [ring]
      sites = 4
      winding = 1
      coupling = 0.1
      hopping = 0.1
      detuning = 1.0
      optical_loss = 0.1
      mechanical_frequency = 1.0
      mechanical_damping = 1e-3
      occupation = 10.0
      """
    let (d, status, _) = try Self.compare(source: src)
    #expect(status == 1)
    #expect(d.routes[0].error?.contains("unstable") == true && d.routes[1].error?.contains("unstable") == true)
    #expect(d.quantities.allSatisfy { $0.values.allSatisfy { $0 == nil } })
    #expect(d.validity?.valid == false)
  }

  /// The cascaded example: the Langevin form (Eq. 2) and the closed forms (C1)–(C2) agree with the master equation
  /// to 1e-12 (three algebraically equal routes; Lyapunov residuals ~1e-15, docs/papers/001.md: ≤ 2e-15 measured);
  /// the Fock route is skipped (n̄ = 1.25 needs 25 levels per mode) with the reason.
  @Test("cascaded example: master equation = Langevin = closed form (C1)–(C2); Fock skipped with a reason")
  func cascadedExample() throws {
    let (d, status, stderr) = try Self.compare(path: Self.example("001-cascaded-rectifier.toml"))
    #expect(status == 0, "\(stderr)")
    #expect(d.routes.map(\.name) == ["master equation", "Langevin", "closed form", "Fock"])
    let net = try CascadedNetwork.symmetric(kappa: 1, detuning: 0, n1: 2, n2: 0.5, n3: 0.5)
    let cs = try CascadedSteadyState(net)
    #expect(Self.close(Self.value(d, "n̄ 1", route: 0), cs.occupations[0]) && Self.close(Self.value(d, "n̄ 2", route: 0), cs.occupations[1]))
    #expect(Self.close(Self.value(d, "n̄ 1", route: 2), Paper001ClosedForms.n1(kappa: 1, detuning: 0, theta: 0, f: .zero, n1: 2, n2: 0.5, n3: 0.5)))
    #expect(Self.close(Self.value(d, "Φ channel (quanta in)", route: 0), cs.quantaFlows[2]))
    for r in 1...2 { #expect((d.routes[r].maxRelativeDifference ?? 1) < 1e-12, "\(d.routes[r].name)") }
    #expect(d.routes[3].error?.hasPrefix("skipped:") == true)
  }

  /// A cold cascade with complex F and θ ≠ 0 (N̄ ≤ 0.12): all four routes. Langevin and (C1)–(C2) agree with the
  /// master equation to 1e-11 (relative; the channel flow is a difference of O(0.04) flows, hence not 1e-12). The Fock
  /// route keeps enough levels for a thermal top-level population ≤ 1e-6 (7 levels: measured 1.4e-7); its n̄ and flows
  /// (values ≤ 0.08) then agree to ~1e-6 absolute (measured max 7.5e-7) — asserted at 5e-6.
  /// A three-mode cascade (N̄ ≤ 0.008, 4 levels per mode: 64 states, the route's limit): the closed form is refused with the reason, Fock agrees.
  static func fockAgrees(_ d: RouteCompareDocument) -> Bool {
    d.quantities.allSatisfy { q in
      guard let f = q.values[3], let ref = q.values[0] else { return false }
      return abs(f - ref) < 5e-6
    }
  }

  @Test("cold cascades: Fock agrees to truncation accuracy; (C1)–(C2) refused for N = 3 with the reason")
  func cascadedFock() throws {
    let two = """
      kind = "cascaded"
      [[modes]]
      frequency = 0.0
      rate = 1.0
      occupation = 0.12
      cascade_rate = 1.0
      hopping_to_next = [0.3, 0.2]
      [[modes]]
      frequency = 0.4
      rate = 1.0
      occupation = 0.02
      cascade_rate = 1.0
      phase = 0.7
      [channel]
      occupation = 0.05
      """
    let (d, status, _) = try Self.compare(source: two)
    #expect(status == 0)
    #expect(d.routes.allSatisfy { $0.error == nil }, "\(d.routes.compactMap(\.error))")
    for r in 1...2 { #expect((d.routes[r].maxRelativeDifference ?? 1) < 1e-11, "\(d.routes[r].name)") }
    #expect(Self.fockAgrees(d), "\(d.quantities.map { ($0.values[0] ?? .nan) - ($0.values[3] ?? .nan) })")
    // Independent closed form (C1) with θ = 0.7, F = 0.3 + 0.2i, Δ = 0.4.
    #expect(Self.close(Self.value(d, "n̄ 1", route: 0), Paper001ClosedForms.n1(kappa: 1, detuning: 0.4, theta: 0.7, f: Complex(0.3, 0.2), n1: 0.12, n2: 0.02, n3: 0.05), 1e-11))

    let three = """
      kind = "cascaded"
      [[modes]]
      frequency = 0.0
      rate = 1.0
      occupation = 0.008
      cascade_rate = 1.0
      hopping_to_next = [0.3, 0.2]
      [[modes]]
      frequency = 0.4
      rate = 1.0
      occupation = 0.002
      cascade_rate = 1.0
      phase = 0.7
      hopping_to_next = 0.1
      [[modes]]
      frequency = -0.2
      rate = 0.5
      occupation = 0.005
      cascade_rate = 1.0
      [channel]
      occupation = 0.004
      """
    let (d3, status3, _) = try Self.compare(source: three)
    #expect(status3 == 0)
    #expect(d3.routes[2].error?.hasPrefix("not applicable: (C1)–(C2) need N = 2") == true)
    #expect((d3.routes[1].maxRelativeDifference ?? 1) < 1e-11)
    #expect(d3.routes[3].error == nil && d3.routes[3].description.contains("4 levels per mode"), "\(d3.routes[3])")
    #expect(Self.fockAgrees(d3), "\(d3.quantities.map { ($0.values[0] ?? .nan) - ($0.values[3] ?? .nan) })")
  }

  @Test("compare CSV and table for the new kinds; --help describes them")
  func formats() throws {
    let csv = try ClausiusBinary.run(["compare", Self.example("001-cascaded-rectifier.toml"), "--format", "csv", "--quiet"])
    #expect(csv.status == 0)
    let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(rows.first == "quantity,route,value,reference,relativeDifference,error")
    #expect(rows.count == 1 + 5 * 4)   // (n̄ × 2, Φ × 3) × 4 routes
    let table = try ClausiusBinary.run(["compare", Self.example("002-optomechanical-ring-flux.toml")])
    #expect(table.status == 0 && table.stdout.contains("effective theory: VALID — criterion:"))
    let help = try ClausiusBinary.run(["compare", "--help"])
    for s in ["optomechanical-ring", "δ = ‖σ_eff − σ_exact‖₂", "(C1)–(C2)", "Fock-space solve"] { #expect(help.stdout.contains(s), "\(s)") }
  }

  /// UMFPACK's symbolic analysis over the memory limit throws `memoryLimit` (it used to free its handle twice and
  /// abort with "double free or corruption", found through the 3-mode Fock route above). Limit 1 byte: always exceeded.
  @Test("sparse LU over the memory limit throws instead of crashing")
  func memoryLimitIsAnError() throws {
    let m = SparseMatrix.identity(4)
    #expect(throws: NumericsError.self) { _ = try SparseSymbolicAnalysis(m, memoryLimitBytes: 1) }
  }
}

/// `solve --format csv` on a Fock-space model carries the diagnostics the table and JSON show.
@Suite("clausius solve: Fock diagnostics in the CSV")
struct SolveFockCSVTests {
  @Test("optomechanical CSV: residual, trace error, min eig ρ, top-level populations, levels — equal to the JSON, within the laws")
  func fockColumns() throws {
    let file = CompareKindsEndToEndTests.example("000-optomechanics-hot-cavity.toml")
    let csv = try ClausiusBinary.run(["solve", file, "--equations", "sme", "global", "--format", "csv", "--quiet"])
    #expect(csv.status == 0, "\(csv.stderr)")
    let json = try ClausiusBinary.run(["solve", file, "--equations", "sme", "global", "--format", "json", "--quiet"])
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(json.stdout.utf8))
    let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    #expect(rows.count == 3)
    let header = rows[0]
    var index: [String: Int] = [:]
    for name in ["fockRelativeResidual", "fockTraceError", "fockMinimumEigenvalue", "fockHermiticityError", "fockTopLevel_cavity", "fockTopLevel_mechanics",
                 "fockLevels_cavity", "fockLevels_mechanics", "fockAutomaticTruncation", "fockTruncationTolerance", "fockFrame"] {
      index[name] = try #require(header.firstIndex(of: name), "no column \(name)")
    }
    func column(_ name: String) -> Int { index[name]! }
    for (row, m) in zip(rows.dropFirst(), doc.methods) {
      let f = try #require(m.fock)
      #expect(row[0] == m.equation)
      // The CSV writes Swift's shortest round-trip form, so the numbers are the JSON's bit for bit.
      #expect(Double(row[column("fockRelativeResidual")]) == f.relativeResidual)
      #expect(Double(row[column("fockTraceError")]) == f.traceError)
      #expect(Double(row[column("fockMinimumEigenvalue")]) == f.minimumEigenvalue)
      #expect(Double(row[column("fockHermiticityError")]) == f.hermiticityError)
      #expect(Double(row[column("fockTopLevel_cavity")]) == f.topLevelPopulations[0])
      #expect(Double(row[column("fockTopLevel_mechanics")]) == f.topLevelPopulations[1])
      // The file's explicit truncation, [truncation] cavity_levels = 4, mechanical_levels = 48.
      #expect(row[column("fockLevels_cavity")] == "4" && row[column("fockLevels_mechanics")] == "48")
      #expect(row[column("fockAutomaticTruncation")] == "false" && Double(row[column("fockTruncationTolerance")]) == 1e-5)
      #expect(row[column("fockFrame")] == (m.equation == "global" ? "polaron" : "lab"))
      // Laws: a unit-trace, positive ρ (KindSolver's tolerances) and the truncation check passed.
      #expect(f.traceError < 1e-10 && f.minimumEigenvalue >= -KindSolver.eigenvalueTolerance)
      #expect(f.topLevelPopulations.allSatisfy { $0 <= f.truncationTolerance })
    }
    // Network files keep their columns (no Fock diagnostics).
    let net = try ClausiusBinary.run(["solve", CompareKindsEndToEndTests.example("003-chain.toml"), "--format", "csv", "--quiet"])
    #expect(!net.stdout.contains("fock"))
  }
}
