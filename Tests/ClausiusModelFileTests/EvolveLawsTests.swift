import Clausius
import ClausiusTestSupport
import Foundation
import Testing

/// The laws `evolve` enforces along a trajectory (Results/EvolveFailures.swift): here the second law, Σ(t) non-decreasing
/// for equations declaring Clausius' law (Spohn's inequality per dissipator).
@Suite("evolve: the entropy production along the trajectory")
struct EvolveLawsTests {
  /// Paper 003's chain from a hot start with the local and global equations: Σ(t) grows (by a margin far above the
  /// check's tolerance) and no failure is reported; the same trajectory with Σ reversed in time (so it decreases) is a
  /// failure for both, naming the law — and not for Redfield's equation, which does not declare Clausius' law.
  @Test("Σ(t) increases on real trajectories; a decreasing Σ fails the equations that declare Clausius' law")
  func entropyProductionMonotone() throws {
    let model = try ModelDescription.load(path: ModelFileParserTests.examples.appendingPathComponent("003-chain.toml").path)
    var request = EvolveRequest(initial: .thermal([2.0]), initialText: "thermal:2", times: [0, 5, 20, 60, 200])
    request.tolerance = 1e-10
    var doc = try model.evolve(request)
    #expect(doc.failures.isEmpty, "\(doc.failures)")
    var checked = 0
    for m in doc.methods where m.equation == "local" || m.equation == "global" {
      let sigma = try #require(m.entropyProduction)
      #expect(zip(sigma, sigma.dropFirst()).allSatisfy { $1 > $0 }, "\(m.equation): \(sigma)")
      #expect(sigma.last! > 1e-3, "\(m.equation): \(sigma)")
      checked += 1
    }
    #expect(checked == 2)
    for i in doc.methods.indices { doc.methods[i].entropyProduction = doc.methods[i].entropyProduction.map { Array($0.reversed()) } }
    let failures = doc.failures
    #expect(failures.contains { $0.hasPrefix("local: the entropy production Σ(t) decreases") }, "\(failures)")
    #expect(failures.contains { $0.hasPrefix("global: the entropy production Σ(t) decreases") }, "\(failures)")
    doc.methods = doc.methods.filter { $0.equation == "global" }
    doc.methods[0].equation = "redfield"
    #expect(doc.failures.isEmpty, "\(doc.failures)")
  }
}
