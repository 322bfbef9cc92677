import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// `clausius solve` evaluates global equations in the normal-mode frame (`SecularGlobalSteadyState`, issue 15); its JSON —
/// heats, occupations, diagnostics and, with `[output] covariance = true`, V, ⟨a_j†a_k⟩, ⟨a_j a_k⟩ and the information
/// measures — must equal the library's Lyapunov path (`masterEquation(.global).gaussianSteadyState()`, refined) to 1e-10.
@Suite("solve: the global equation in the normal-mode frame equals the Lyapunov path")
struct SecularGlobalCLITests {
  static let model = """
    title = "three modes, global"
    modes = [{ frequency = 1.0 }, { frequency = 1.3 }, { frequency = 1.1 }]
    couplings = [{ kind = "hopping", modes = [0, 1], strength = 0.05 }, { kind = "spring", modes = [1, 2], strength = 0.04 }]
    baths = [{ name = "cold", mode = 0, rate = 0.01, temperature = 0.5 }, { name = "hot", mode = 2, rate = 0.02, temperature = 1.5 }]
    solve = { equations = ["global"] }
    output = { covariance = true, bipartitions = [[0]] }
    """

  @Test("heats, occupations, V, moments and entropies of the CLI's global equation equal the library's Lyapunov path")
  func equalsLyapunovPath() throws {
    let doc = try NetworkExtrasTests.solveDocument(Self.model)
    let m = try #require(doc.methods.first)
    let network = try ModelFile(source: Self.model, file: "three.toml").network
    let ss = try network.masterEquation(.global).gaussianSteadyState()
    let th = ss.thermodynamics
    func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
    for (a, b) in zip(try #require(m.baths), th.baths) { #expect(rel(a.heat, b.heat) <= 1e-10 && rel(a.localHeat, b.countedHeat) <= 1e-10) }
    for (j, n) in try #require(m.occupations).enumerated() { #expect(rel(n, ss.occupation(j)) <= 1e-10) }
    let mo = try #require(m.moments)
    let v = ss.covariance
    for i in 0..<6 { for j in 0..<6 { #expect(abs(mo.covariance[i][j] - v[i, j]) <= 1e-10 * v.maxAbs) } }
    for j in 0..<3 { for k in 0..<3 {
      let c = ss.secondMoment(creation: j, annihilation: k), a = ss.anomalousMoment(j, k)
      #expect(abs(mo.numberCorrelationsReal[j][k] - c.real) <= 1e-10 && abs(mo.numberCorrelationsImaginary[j][k] - c.imaginary) <= 1e-10)
      #expect(abs(mo.anomalousCorrelationsReal[j][k] - a.real) <= 1e-10 && abs(mo.anomalousCorrelationsImaginary[j][k] - a.imaginary) <= 1e-10)
    } }
    let nu = try #require(m.normalModes), w = try WilliamsonDecomposition(general: network.hamiltonian.matrix).frequencies
    for (a, b) in zip(nu, w) { #expect(abs(a - b) <= 1e-12) }
    let info = try #require(m.information)
    #expect(abs(info.entropy - (try GaussianInformation.vonNeumannEntropy(v))) <= 1e-10)
    let d = try #require(m.diagnostics)
    #expect(d.blocks == 3 && abs(d.uncertaintyMargin - ss.diagnostics.uncertaintyMargin) <= 1e-12)
  }
}
