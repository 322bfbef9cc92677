import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// `solve --format json` carries the moments, normal modes, information measures and counting statistics the library
/// computes (`[output] covariance`, `[output] bipartitions`, `[solve] counting`); checked against an independent numpy
/// construction of the local equation and against closed forms.
@Suite("solve: moments, normal modes, information, counting statistics in the JSON")
struct NetworkExtrasTests {
  /// Two modes ω = 1, 1.2 with hopping ε = 0.05, flat baths κ = 0.01 at T = 0.5 and 1.5 on each mode.
  static let model = """
    title = "two modes"
    [[modes]]
    name = "a"
    frequency = 1.0
    [[modes]]
    name = "b"
    frequency = 1.2
    [[couplings]]
    kind = "hopping"
    modes = ["a", "b"]
    strength = 0.05
    [[baths]]
    name = "cold"
    mode = "a"
    rate = 0.01
    temperature = 0.5
    [[baths]]
    name = "hot"
    mode = "b"
    rate = 0.01
    temperature = 1.5
    [solve]
    equations = ["local", "global"]
    counting = true
    [output]
    covariance = true
    bipartitions = [["a"]]
    """

  /// Independent construction (numpy/scipy, not Clausius): the local GKLS equation with D[a_j] at rate κ(n̄_j + 1) and
  /// D[a_j†] at κ n̄_j (docs/conventions.md: flat J = κ gives the local rate κ) closes on C_jk = ⟨a_j†a_k⟩:
  ///   0 = (i h − K/2) C + C (−i h − K/2) + diag(κ n̄)   (h the single-particle Hamiltonian, K = diag κ),
  /// solved as a Sylvester equation. From C: V (vacuum ½), the symplectic eigenvalues |eig(iΩV)|, entropies
  /// g(ν) = (ν+½)ln(ν+½) − (ν−½)ln(ν−½), the mutual information, and the quanta flow into each bath κ(⟨n⟩ − n̄).
  static let script = """
    import json, sys, numpy as np, scipy.linalg as sl
    w = np.array([1.0, 1.2]); eps = 0.05; kap = np.array([0.01, 0.01]); T = np.array([0.5, 1.5])
    nbar = 1 / np.expm1(w / T)
    h = np.diag(w).astype(complex); h[0, 1] = h[1, 0] = eps
    A = 1j * h - np.diag(kap) / 2
    C = sl.solve_sylvester(A, A.conj().T, -np.diag(kap * nbar))
    # V in r = (x1, p1, x2, p2): <a_j a_k> = 0 (number conserving), x = (a + a†)/√2, p = (a − a†)/(i√2).
    n = 2; V = np.zeros((4, 4))
    for j in range(n):
      for k in range(n):
        c = C[j, k]  # <a_j† a_k>
        s = c + (0.5 if j == k else 0)  # symmetrised <{a_j†, a_k}>/2
        V[2*j, 2*k] = s.real; V[2*j+1, 2*k+1] = s.real
        V[2*j, 2*k+1] = s.imag; V[2*j+1, 2*k] = -s.imag
    Om = np.kron(np.eye(n), np.array([[0, 1], [-1, 0]]))
    def nus(V): return np.sort(np.abs(np.linalg.eigvals(1j * Om[:len(V), :len(V)] @ V)))[::2]
    def g(x): return 0.0 if x <= 0.5 + 1e-14 else (x + .5) * np.log(x + .5) - (x - .5) * np.log(x - .5)
    S = sum(g(x) for x in nus(V)); SA = g(nus(V[:2, :2])[0]); SB = g(nus(V[2:, 2:])[0])
    occ = C.diagonal().real
    json.dump({"C": C.real.tolist(), "V": V.tolist(), "entropy": S, "SA": SA, "SB": SB, "MI": SA + SB - S,
               "quantaIntoBath": (kap * (occ - nbar)).tolist(), "heatIntoBath": (w * kap * (occ - nbar)).tolist()}, sys.stdout)
    """

  /// `clausius solve model --format json` on a temporary file, decoded (exit status 0 expected).
  static func solveDocument(_ model: String) throws -> SolveDocument {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-extras-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("model.toml")
    try model.write(to: file, atomically: true, encoding: .utf8)
    let r = try ClausiusBinary.run(["solve", file.path, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
  }

  @Test("local equation: V, ⟨a_j†a_k⟩, entropies, mutual information and the mean quanta/heat flows equal a numpy Sylvester solve")
  func localAgainstNumpy() throws {
    guard PythonScript.available else { print("skipped: python3 with numpy/scipy not available"); return }
    let doc = try Self.solveDocument(Self.model)
    let py = try PythonScript.run(Self.script)
    #expect(py.status == 0, "\(py.stderr)")
    struct Ref: Decodable { let C: [[Double]]; let V: [[Double]]; let entropy, SA, SB, MI: Double; let quantaIntoBath, heatIntoBath: [Double] }
    let ref = try JSONDecoder().decode(Ref.self, from: Data(py.stdout.utf8))
    let local = try #require(doc.methods.first { $0.equation == "local" })
    let m = try #require(local.moments)
    // Two Lyapunov/Sylvester solves of a well-conditioned 4 × 4 problem agree to ~1e-13 relative.
    for j in 0..<2 { for k in 0..<2 { #expect(abs(m.numberCorrelationsReal[j][k] - ref.C[j][k]) <= 1e-12 * abs(ref.C[j][k]) + 1e-15) } }
    for i in 0..<4 { for j in 0..<4 { #expect(abs(m.covariance[i][j] - ref.V[i][j]) <= 1e-12) } }
    #expect(m.mean.allSatisfy { $0 == 0 })
    #expect(m.anomalousCorrelationsReal.joined().allSatisfy { abs($0) <= 1e-14 })  // number conserving: ⟨a_j a_k⟩ = 0
    let info = try #require(local.information)
    #expect(abs(info.entropy - ref.entropy) <= 1e-11 * ref.entropy)
    let bp = try #require(info.bipartitions.first)
    #expect(bp.modesA == ["a"] && bp.modesB == ["b"])
    #expect(abs(bp.entropyA - ref.SA) <= 1e-11 && abs(bp.entropyB - ref.SB) <= 1e-11 && abs(bp.mutualInformation - ref.MI) <= 1e-10)
    // A thermal-like state of two modes coupled by hopping is separable (E_N = 0).
    #expect(bp.logarithmicNegativity == 0)
    let counting = try #require(local.counting)
    for b in 0..<2 {
      let quanta = try #require(counting[b].quanta), heat = try #require(counting[b].heat)
      #expect(abs(quanta.mean - ref.quantaIntoBath[b]) <= 1e-10 * abs(ref.quantaIntoBath[b]))
      #expect(abs(heat.mean - ref.heatIntoBath[b]) <= 1e-10 * abs(ref.heatIntoBath[b]))
      // Law: the mean heat into the bath is minus the local heat into the system (paper 003, Eq. 16).
      #expect(abs(heat.mean + local.baths![b].localHeat) <= 1e-10 * abs(heat.mean))
      #expect(quanta.noise > 0)
    }
  }

  @Test("normal modes: ν = (ω_a + ω_b)/2 ± √(((ω_b − ω_a)/2)² + ε²); global counting of quanta conserves them; heat statistics refused with a reason")
  func normalModesAndGlobalCounting() throws {
    let m = try ModelFile(source: Self.model, file: "two.toml")
    let global = ModelSolver.solveForTesting(m, "global")
    let nu = try #require(global.normalModes)
    let split = (0.01 + 0.0025).squareRoot()
    #expect(abs(nu[0] - (1.1 - split)) <= 1e-14 && abs(nu[1] - (1.1 + split)) <= 1e-14)
    let c = try #require(global.counting)
    // Steady state: the quanta leaving into one bath enter from the other (number-conserving hopping).
    let q0 = try #require(c[0].quanta?.mean), q1 = try #require(c[1].quanta?.mean)
    #expect(abs(q0 + q1) <= 1e-12 * abs(q0) && abs(q0) > 1e-6)
    #expect(c[0].heat == nil && c[0].heatNote?.contains("local and collisional") == true)
  }

  @Test("bad [output] bipartitions and [solve] counting name the key")
  func errors() throws {
    func message(_ replace: String, _ with: String) -> String {
      do { _ = try ModelFile(source: Self.model.replacingOccurrences(of: replace, with: with), file: "m.toml"); return "" } catch { return "\(error)" }
    }
    #expect(message("bipartitions = [[\"a\"]]", "bipartitions = [[\"c\"]]").contains("output.bipartitions.0.0"))
    #expect(message("bipartitions = [[\"a\"]]", "bipartitions = [[\"a\", \"b\"]]").contains("not a bipartition"))
    #expect(message("counting = true", "counting = 1").contains("solve.counting"))
    #expect(message("covariance = true", "covariance = \"yes\"").contains("output.covariance"))
  }
}
