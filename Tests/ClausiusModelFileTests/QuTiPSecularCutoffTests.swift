import Clausius
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// Why QuTiP's secular Bloch–Redfield steady state of the six-qubit XXZ chain differed from Clausius's global (Davies)
/// one by 8.7e-8 in p_e (BENCHMARKS.md): QuTiP 5 scales `sec_cutoff` by dw_min, the smallest non-zero |E_a − E_b| *in
/// floating point*. H has a degenerate pair whose computed eigenvalues differ by round-off (2.0e-15), so the effective
/// cutoff is ~1e-16 and QuTiP drops the coherences of the degenerate levels — not the Davies equation. With
/// sec_cutoff = δ/dw_min (an absolute cutoff δ = 1e-9) QuTiP's own tensor gives Clausius's state.
@Suite("QuTiP's secular Bloch–Redfield tensor against the global equation: the cutoff is relative to dw_min")
struct QuTiPSecularCutoffTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  struct Side: Decodable { let pe: Double; let heat: [Double] }
  struct Reference: Decodable { let dw_min: Double; let `default`: Side; let absolute: Side }

  @Test("XXZ chain N = 6: QuTiP with an absolute cutoff equals the global equation to 1e-12; its default does not")
  func xxzSixQubits() throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent("examples/xxz-spin-chain.toml"), encoding: .utf8)
    let model = try ModelDescription(source: text, file: "xxz-spin-chain.toml").withEquations(["global"])
    let global = try #require(model.family.methods().first)
    #expect(global.error == nil, "\(global.error ?? "")")
    let pe = try #require(global.occupations?.first), heat = try #require(global.baths?.map(\.heat))
    // Tests/References/qutip_secular_cutoff.py: QuTiP 5's `brterm` tensors in the eigenbasis, solved densely.
    let out = try PythonReference.run("qutip_secular_cutoff.py", input: ["n": 6, "absolute_cutoff": 1e-9])
    let ref = try JSONDecoder().decode(Reference.self, from: try JSONSerialization.data(withJSONObject: out))
    // The premise: the degenerate pair of the chain is split by round-off, so dw_min is round-off.
    #expect(ref.dw_min < 1e-13, "dw_min \(ref.dw_min)")
    // Absolute cutoff δ = 1e-9 (the distinct Bohr frequencies are ≥ 5e-6 apart, equal ones ≤ 1.1e-15): Davies.
    #expect(abs(ref.absolute.pe - pe) <= 1e-12, "p_e \(ref.absolute.pe) vs \(pe)")
    for b in 0..<2 { #expect(abs(ref.absolute.heat[b] - heat[b]) <= 1e-12 * abs(heat[b]), "heat \(b): \(ref.absolute.heat[b]) vs \(heat[b])") }
    // QuTiP's default (sec_cutoff = 0.1 × dw_min ≈ 2e-16) is a different equation: 8.7e-8 in p_e, 1e-6 in the heat.
    #expect(abs(ref.default.pe - pe) > 1e-8, "default p_e \(ref.default.pe) vs \(pe)")
    #expect(abs(ref.default.heat[0] - heat[0]) > 1e-7 * abs(heat[0]))
  }
}
