import Clausius
import ClausiusCommands
import ClausiusIO
import Foundation
import Testing

/// `clausius compare` against direct `MasterEquationComparison` calls (exact quantum-Langevin NESS).
@Suite("clausius compare, end to end")
struct CompareEndToEndTests {
  typealias E2E = ModelCommandsEndToEndTests

  @Test("`compare --format json` on the detuned 004 wire equals MasterEquationComparison; GME accurate, LME reversed (paper 004 Fig. 1c)")
  func detunedWire() throws {
    let r = try E2E.run(["compare", E2E.example("004-wire-detuned.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(CompareDocument.self, from: Data(r.stdout.utf8))
    let net = try E2E.wire(omegaH: 2, k: 0.05)
    let c = try MasterEquationComparison(network: net, derivations: [.local, .global, .redfield, .partialRedfield])
    #expect(doc.methods.map(\.equation) == ["local", "global", "redfield", "partialRedfield"])
    for (row, d) in zip(doc.methods, c.rows) {
      #expect(E2E.close(row.covarianceError, d.covarianceError, 1e-9), "\(row.equation)")
      for b in 0..<2 { #expect(E2E.close(row.currentErrors[b], d.currentErrors[b], 1e-9)) }
    }
    for b in 0..<2 { #expect(E2E.close(doc.exactHeatCurrents[b], c.exactHeatCurrents[b], 1e-9)) }
    // The exact currents obey the first law (Landauer form: Q̇_c = −Q̇_h) to the quadrature tolerance 1e-9.
    #expect(abs(doc.exactHeatCurrents[0] + doc.exactHeatCurrents[1]) <= 1e-6 * abs(doc.exactHeatCurrents[1]))
    let global = try #require(doc.methods.first { $0.equation == "global" })
    let local = try #require(doc.methods.first { $0.equation == "local" })
    #expect(global.verdict == "accurate")
    #expect(global.currentErrors.max()! < 1e-3)         // docs/papers/004.md: 2.1e-7
    #expect(!local.reversedCurrents.isEmpty)            // the LME current runs the wrong way
    #expect(local.verdict == "inaccurate")
  }

  @Test("`compare` on the README's hopping example grades against the exact network solution; local reversed, global accurate (paper 003)")
  func hoppingExample() throws {
    let r = try E2E.run(["compare", E2E.example("003-two-mode-refrigerator-lab.toml"), "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(CompareDocument.self, from: Data(r.stdout.utf8))
    let kelvin = 20.836619
    let net = try BosonicNetwork.chain(frequencies: [5, 7], epsilon: 0.05, baths: [
      .flat(name: "cold", mode: 0, rate: 1e-3, temperature: 0.08 * kelvin), .flat(name: "hot", mode: 1, rate: 1e-3, temperature: 0.1 * kelvin)])
    let c = try MasterEquationComparison(network: net, derivations: [.local, .global])
    // Same network up to the file's unit conversion (~1e-8 in the temperatures): the quadrature tolerance 1e-9 and that.
    for b in 0..<2 { #expect(E2E.close(doc.exactHeatCurrents[b], c.exactHeatCurrents[b], 1e-6)) }
    #expect(doc.exact?.solver == "network")
    #expect(doc.exact?.converged == true)
    let local = try #require(doc.methods.first { $0.equation == "local" })
    let global = try #require(doc.methods.first { $0.equation == "global" })
    #expect(local.reversedCurrents == [0, 1])
    #expect(global.verdict == "accurate")
    #expect(doc.recommended == "global")
    #expect(doc.advisor?.warnings.count == 1)
    #expect(doc.advisor?.warnings.first?.contains("ε/γ = 50") == true)
  }

  @Test("`solve` on the README's worked example warns that the local equation is outside its validity (table and JSON)")
  func solveWarnsOutsideValidity() throws {
    let t = try E2E.run(["solve", E2E.example("003-two-mode-refrigerator-lab.toml")])
    #expect(t.status == 0)
    #expect(t.stdout.contains("warning: the local equation is outside its validity: ε/γ = 50 > 1"))
    let j = try E2E.run(["solve", E2E.example("003-two-mode-refrigerator-lab.toml"), "--format", "json"])
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(j.stdout.utf8))
    #expect(doc.advisor?.recommended == "global")
    #expect(doc.advisor?.warnings.count == 1)
    #expect(doc.advisor?.warnings.first?.hasPrefix("the local equation is outside its validity") == true)
    // The detuned 004 wire (paper 004 Fig. 2c: the LME current is reversed): the local equation is outside its
    // validity there too (ε/γ = 17), the global one is not.
    let w = try E2E.run(["solve", E2E.example("004-wire-detuned.toml"), "--format", "json"])
    let wd = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(w.stdout.utf8))
    #expect(wd.advisor?.warnings.contains { $0.hasPrefix("the local equation is outside its validity: ε/γ = 17") } == true)
    #expect(wd.advisor?.warnings.allSatisfy { !$0.hasPrefix("the global") } == true)
  }

  /// A squeezed pair ω = (1, ω₂), η(a₁†a₂† + a₁a₂), with `bath` (TOML lines) on each mode, as a file in `dir`.
  func squeezedPair(_ dir: URL, _ name: String, omega2: Double, eta: Double, bath: String) throws -> String {
    let file = dir.appendingPathComponent(name)
    var text = "[[modes]]\nfrequency = 1.0\n[[modes]]\nfrequency = \(omega2)\n[[couplings]]\nkind = \"squeezing\"\nmodes = [0, 1]\nstrength = \(eta)\n"
    for m in 0..<2 { text += "[[baths]]\nmode = \(m)\n\(bath)\n" }
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  @Test("`compare` on an unstable network, or flat baths next to squeezing, exits 2 with a physicist-readable reason (no Swift names)")
  func unsupportedNetworks() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-compare-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // η = 1.5 > (ω₁ + ω₂)/2: the pair amplifies; Ohmic–Drude baths cannot hold it.
    let r = try E2E.run(["compare", try squeezedPair(dir, "unstable.toml", omega2: 1, eta: 1.5,
                                                     bath: "spectral_density = \"ohmic-drude\"\nlambda = 0.1\ncutoff = 100.0\ntemperature = 1.0")])
    #expect(r.status == 2)
    #expect(r.stderr.contains("the network is unstable"), "\(r.stderr)")
    #expect(!r.stderr.contains("(name:") && !r.stderr.contains("unstableNetwork") && !r.stderr.contains("invalidParameter"), "\(r.stderr)")
    // Stable, but flat baths: no exact form (the rotating-wave bath misses the counter-rotating terms).
    let f = try E2E.run(["compare", try squeezedPair(dir, "flat.toml", omega2: 1.2, eta: 0.05, bath: "rate = 0.001\ntemperature = 0.5")])
    #expect(f.status == 2)
    #expect(f.stderr.contains("flat baths only where the network conserves the number of quanta"), "\(f.stderr)")
    #expect(!f.stderr.contains("noExactForm"), "\(f.stderr)")
  }
}
