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

  @Test("`compare` on a model with hopping (no exact Langevin form) exits 2 with the reason")
  func notLinearPositionCoupled() throws {
    let r = try E2E.run(["compare", E2E.example("003-chain.toml")])
    #expect(r.status == 2)
    #expect(r.stderr.contains("compare needs a linear, position-coupled model with Ohmic–Drude baths"))
  }
}
