import Clausius
import ClausiusTestSupport
import Foundation
import Testing

/// The laws each derivation declares (`Derivation.laws`, docs/conventions.md "Which laws bind which equation")
/// against solves: on seeded random networks every declared law passes its audit check, and the audit grades exactly
/// the declared checks as laws. A declaration that promised too much (e.g. Clausius for Redfield, or zero current at
/// equal temperatures for the local equation) would fail here on some network of the sample.
@Suite("derivation laws")
struct DerivationLawsTests {
  /// A random three-mode network: frequencies in [0.8, 1.6], hopping and x–x couplings up to 0.15, two flat baths on
  /// the end modes at different temperatures, weak rates (Born–Markov regime).
  static func randomNetwork(_ rng: inout SeededGenerator) -> String {
    func u(_ a: Double, _ b: Double) -> Double { Double.random(in: a..<b, using: &rng) }
    var s = "title = \"random\"\n"
    for _ in 0..<3 { s += "[[modes]]\nfrequency = \(u(0.8, 1.6))\n" }
    s += "[[couplings]]\nkind = \"hopping\"\nmodes = [0, 1]\nstrength = \(u(0.01, 0.15))\n"
    s += "[[couplings]]\nkind = \"\(Bool.random(using: &rng) ? "hopping" : "xx")\"\nmodes = [1, 2]\nstrength = \(u(0.01, 0.15))\n"
    s += "[[baths]]\nname = \"a\"\nmode = 0\nspectral_density = \"flat\"\nrate = \(u(0.005, 0.02))\ntemperature = \(u(0.3, 1.0))\n"
    s += "[[baths]]\nname = \"b\"\nmode = 2\nspectral_density = \"flat\"\nrate = \(u(0.005, 0.02))\ntemperature = \(u(1.2, 3.0))\n"
    s += "[solve]\nequations = [\"local\", \"global\", \"redfield\", \"partialRedfield\", \"collisional\"]\n"
    return s
  }

  @Test("network equations: every declared law passes on 12 random networks; the audit's severities are the declaration")
  func networkLawsHold() throws {
    var rng = SeededGenerator(seed: 0x1A75)
    for _ in 0..<12 {
      let m = try ModelFile(source: Self.randomNetwork(&rng))
      let doc = ModelFile.audit(m)
      for (choice, am) in zip(m.equations, doc.methods) {
        #expect(am.error == nil, "\(choice.name): \(am.error ?? "")")
        for c in am.checks {
          let declared = choice.isLaw(check: c.name)
          #expect((c.severity == "law") == declared, "\(choice.name) \(c.name)")
          if declared { #expect(c.passed, "\(choice.name): declared law \(c.name) fails (value \(c.value), tolerance \(c.tolerance))") }
        }
      }
      // The global equation declares every law, so it must pass all of them; GKLS equations declare positivity.
      #expect(m.equations.filter { $0.isGKLS }.allSatisfy { $0.laws.contains(.positivity) })
    }
  }

  @Test("approximations the declarations leave out do fail somewhere: the local equation carries a current at equal temperatures")
  func localZeroCurrentIsNotALaw() throws {
    // Two detuned modes with hopping, equal bath temperatures: the local equation's steady state is not the Gibbs
    // state of H (paper 003, Eq. 16 ff.), so a heat current flows between the baths; the global one carries none.
    let src = """
      [[modes]]
      frequency = 1.0
      [[modes]]
      frequency = 1.3
      [[couplings]]
      kind = "hopping"
      modes = [0, 1]
      strength = 0.1
      [[baths]]
      name = "a"
      mode = 0
      spectral_density = "flat"
      rate = 0.01
      temperature = 1.0
      [[baths]]
      name = "b"
      mode = 1
      spectral_density = "flat"
      rate = 0.01
      temperature = 2.0
      [solve]
      equations = ["local", "global"]
      """
    let doc = ModelFile.audit(try ModelFile(source: src))
    let local = try #require(doc.methods.first { $0.equation == "local" }?.checks.first { $0.name == "zeroCurrentAtEqualTemperatures" })
    let global = try #require(doc.methods.first { $0.equation == "global" }?.checks.first { $0.name == "zeroCurrentAtEqualTemperatures" })
    #expect(!local.passed && local.severity == "finding")
    #expect(global.passed && global.severity == "law")
    #expect(!Derivation.local.laws.contains(.zeroCurrentAtEqualTemperatures))
  }
}
