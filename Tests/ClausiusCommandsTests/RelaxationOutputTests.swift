import ClausiusTestSupport
import Foundation
import Testing

/// `[output] relaxation = true` of the Fock families (docs/output-format.md, `methods[].relaxation`): `solve` reports the
/// Liouvillian gap computed with ARPACK (ClausiusDynamics `FockEvolution.spectralGap`, called by the family).
@Suite("solve: Liouvillian gap and relaxation time")
struct RelaxationOutputTests {
  /// Paper 000 at (4, 8) with the SME and `[output] relaxation = true`.
  static let optomechanical = """
    kind = "optomechanical"
    title = "relaxation"
    [cavity]
    frequency = 1.0
    rate = 0.08
    temperature = 0.6
    [mechanics]
    frequency = 0.3
    rate = 0.04
    temperature = 0.5
    [coupling]
    g = 0.12
    [truncation]
    cavity_levels = 4
    mechanical_levels = 8
    tolerance = 0.05
    [solve]
    equations = ["sme"]
    [output]
    relaxation = true
    """

  /// Paper 000's SME at (4, 8): the gap in `solve`'s JSON equals the dense spectrum of QuTiP's own Liouvillian
  /// (Tests/References/qutip_optomechanics_evolution.py with "gap": true, NumPy eigvals of qutip.liouvillian), and the
  /// document validates against the schema.
  @Test("optomechanical SME: gap = QuTiP's dense Liouvillian spectrum; the JSON validates")
  func optomechanicalGapAgainstQuTiP() throws {
    let text = Self.optomechanical
    let r = try ModelInputTests.clausius(["solve", "-", "--format", "json", "--quiet"], input: text)
    #expect(r.status == 0, "\(r.stderr)")
    let methods = try #require(try ModelInputTests.object(r.stdout)["methods"] as? [[String: Any]])
    let relax = try #require(methods[0]["relaxation"] as? [String: Any])
    let gap = try #require(relax["gap"] as? Double), tau = try #require(relax["relaxationTime"] as? Double)
    // QuTiP's flat-bath rates are κ(n̄+1), κn̄ (paper 000, Eqs. 7-8), the convention of the optomechanical file.
    let ref = try #require(try PythonReference.run("qutip_optomechanics_evolution.py", input: [
      "wc": 1.0, "wm": 0.3, "g": 0.12, "kc": 0.08, "km": 0.04, "Tc": 0.6, "Tm": 0.5, "Nc": 4, "Nm": 8, "gap": true,
    ] as [String: Any]) as? [String: Double])
    print("solve's gap \(gap), QuTiP dense \(ref["gap"]!)")
    #expect(abs(gap - ref["gap"]!) <= 1e-10 * ref["gap"]!)
    #expect(abs(tau * gap - 1) < 1e-14)
    #expect((relax["steadyStateEigenvalueResidual"] as? Double ?? 1) < 1e-12)
    if let v = try OutputContractTests.validate(json: r.stdout) { #expect(v.status == 0, "\(v.report)") }
  }

  /// A qubit ω σ_z/2 coupled through σ_x to a flat bath: the Davies rates γ↓ = 2κ(n̄+1), γ↑ = 2κn̄ (docs/model-format.md,
  /// γ(ω) = 2J(ω)(n̄+1)) give the Bloch equations with Γ₁ = γ↓ + γ↑ = 2κ(2n̄+1) and coherence decay Γ₂ = Γ₁/2
  /// (Breuer & Petruccione, Sec. 3.4.6), so the gap is κ(2n̄+1) = κ coth(ω/2T) and −Γ₁ is among the eigenvalues.
  @Test("open-system qubit: gap = κ coth(ω/2T) (T₂ = 2T₁), population rate 2κ coth(ω/2T)")
  func qubitGapClosedForm() throws {
    let kappa = EvolveRelaxationTests.kappa, omega = EvolveRelaxationTests.omega, temperature = EvolveRelaxationTests.temperature
    let text = EvolveRelaxationTests.qubit(dephasing: nil, equations: "[\"global\", \"local\"]")
    let r = try ModelInputTests.clausius(["solve", "-", "--format", "json", "--quiet"], input: text)
    #expect(r.status == 0, "\(r.stderr)")
    let methods = try #require(try ModelInputTests.object(r.stdout)["methods"] as? [[String: Any]])
    let coth = 1 / Foundation.tanh(omega / (2 * temperature))
    for m in methods {
      let relax = try #require(m["relaxation"] as? [String: Any], "\(m)")
      let gap = try #require(relax["gap"] as? Double)
      #expect(abs(gap - kappa * coth) < 1e-12, "\(m["equation"] ?? ""): \(gap) vs \(kappa * coth)")
      let eigenvalues = try #require(relax["eigenvalues"] as? [[Double]])
      #expect(eigenvalues.contains { abs($0[0] + 2 * kappa * coth) < 1e-12 && abs($0[1]) < 1e-12 }, "\(eigenvalues)")
    }
  }
}
