import Clausius
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// The global equation takes each transition's rate at its own Bohr frequency (`OpenSystem.transitionRates`), not at its
/// Bohr component's mean. Paper 000's model with the counter-term (g²/ω_m) n_c², truncated in the bare Fock basis, is
/// the case that needs it: its net current is 1.8e-5 of the gross exchange, and components grouped within the default
/// tolerance 1e-9 × max|E| (≈ 9e-8) also held transitions between levels shifted by the truncation edge, whose pull on
/// the mean broke detailed balance by ~1e-12/T — a floor of 1.1e-8 (±2e-8 from one truncation to the next) on J_c.
@Suite("global equation: each transition's rate at its own frequency (paper 000's net current to 1e-10 relative)")
struct OpenSystemTransitionRateTests {
  static let wm = 0.61803398875, g = 0.2

  /// Paper 000's model with the counter-term, (N_c, N_m) = (4, `levels`), global equation, `extraSolve` appended to [solve].
  static func model(levels: Int, extraSolve: String = "") throws -> MethodResult {
    let tm = 101 * 2.083661912e-2   // 101 mK in GHz (k_B/h = 20.83661912 GHz/K), for γ(0) as in OpenSystemModelTests
    let text = OpenSystemModelTests.paper000Open(g: g, equations: "global", mechanicalExtra: "zero_frequency_rate = \(2 * 0.05 * tm / wm)\n",
                                                 mechanicalFrequency: wm, mechanicalLevels: levels, extraTerms: ["\(g * g / wm) * n(c) * n(c)"])
    let m = try #require(try ModelDescription(source: text + "\n" + extraSolve, file: "om-open.toml").family.methods().first)
    #expect(m.error == nil, "\(m.error ?? "")")
    return m
  }

  @Test("(4, 96): the general engine equals an independent numpy Pauli equation of the same bare truncation to 1e-10")
  func againstNumpyPauliEquation() throws {
    let m = try Self.model(levels: 96)
    let heat = try #require(m.baths?.map(\.heat)), temperatures = try #require(m.baths?.map(\.temperature))
    // Tests/References/optomechanics_bare_truncation_pauli.py: eigh of each n-block of H', rates γ(ω_ij)|⟨i|x|j⟩|² at
    // each transition's own frequency (Breuer & Petruccione Eq. 3.149), LU + exact-residual refinement.
    let out = try PythonReference.run("optomechanics_bare_truncation_pauli.py", input: [
      "wc": 10.0, "wm": Self.wm, "g": Self.g, "Nc": 4, "M": 96, "kc": 0.2, "km": 0.05, "Tc": temperatures[0], "Tm": temperatures[1],
    ])
    let ref = try #require((out as? [String: Any])?["heat"] as? [Double])
    // Measured: 1.1e-12 (J_c) and 4.2e-11 (J_m) relative; the J_m difference is the two routes' first-law residuals
    // (−3.9e-16 and +1.7e-16 absolute, i.e. 3e-16 of the gross exchange 0.76). Issue 14's target: 1e-10.
    for b in 0..<2 { #expect(abs(heat[b] - ref[b]) <= 1e-10 * abs(ref[b]), "\(b): \(heat[b]) vs numpy \(ref[b])") }
  }

  @Test("(4, 96): the currents do not depend on the Bohr grouping tolerance (1e-9 vs 1e-13), unlike with mean-frequency rates")
  func toleranceIndependence() throws {
    // With rates at the component's mean these differed by 1.1e-8 relative (J_c 1.35462472015e-05 vs 1.35462470490e-05);
    // with each transition's own rate the grouping only decides which coherences are kept, and every level here is
    // alone in its energy cluster, so the two tolerances give the same Pauli equation up to round-off.
    let loose = try Self.model(levels: 96), tight = try Self.model(levels: 96, extraSolve: "bohr_tolerance = 1e-13\n")
    for b in 0..<2 {
      let x = try #require(loose.baths?[b].heat), y = try #require(tight.baths?[b].heat)
      #expect(abs(x - y) <= 1e-11 * abs(y), "\(b): tolerance 1e-9 \(x) vs 1e-13 \(y)")
    }
  }
}
