import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// The heats counted with the Hamiltonians each bath's dissipators are in detailed balance with
/// (`OptomechanicalSystem.detailedBalanceHamiltonians`, `OptomechanicalSteadyState.countedHeat`, `localHeat` in JSON),
/// and the law they obey (Spohn's inequality, `Derivation.laws` ∋ `.clausius`).
@Suite("Paper 000: heats counted with the detailed-balance Hamiltonians")
struct OptomechanicsCountedHeatTests {
  /// SME (Eqs. 3–10): the thermal jumps a, a† at rates κ(n̄ + 1), κn̄ counted with ω a†a give
  /// J^counted = ωκ(n̄ − ⟨a†a⟩ − n̄ N p_top), the last term because the truncated a a† = a†a + 1 − N|N−1⟩⟨N−1|.
  /// H of Eq. (1) conserves n_c, so the optical one vanishes; the mechanical one is the coupling's dissipated work.
  @Test("SME: counted heats equal the rate-equation closed form κω(n̄ − ⟨n⟩ − n̄ N p_top); the optical one vanishes")
  func smeCountedHeats() throws {
    let sys = try testSystem(g: 0.08, cavity: 8, mechanics: 30, tc: 0.5, tm: 0.4)
    let o = try OptomechanicalSteadyState(sys, .standard)
    let p = o.state.diagnostics.topLevelPopulations
    let nc = o.state.expectation(o.equation.space.number(0)).real, nm = o.state.expectation(o.equation.space.number(1)).real
    let jc = sys.omegaC * sys.kappaC * (sys.nBarC - nc - sys.nBarC * Double(sys.cavityLevels) * p[0])
    let jm = sys.omegaM * sys.kappaM * (sys.nBarM - nm - sys.nBarM * Double(sys.mechanicalLevels) * p[1])
    let counted = o.countedHeat.currents
    #expect(abs(counted["optical"]! - jc) <= 1e-12 * o.gross)
    #expect(abs(counted["optical"]!) <= 1e-12 * o.gross)
    #expect(abs(counted["mechanical"]! - jm) <= 1e-10 * abs(jm), "\(counted["mechanical"]!) vs \(jm)")
    #expect(abs(jm) > 1e-6 * o.gross)  // a genuine, non-zero work term
  }

  /// Spohn's inequality with the counted heats holds for every equation (each dissipator has the Gibbs state of its
  /// counting Hamiltonian as an exact fixed point, also in the truncated space), while ξ with the full-H heats
  /// (paper 000, Eq. 25) is negative for the SME when the cavity is colder (Eq. 27): the law test can fail.
  @Test("Spohn: ξ with the counted heats ≥ 0 for SME, DSME, GME₄, GME∞ at 8 seeded random points; the SME's full-H ξ < 0 at T_c < T_m")
  func spohnWithCountedHeats() throws {
    var rng = SeededGenerator(seed: 0x5B0A)
    var smeViolations = 0
    for _ in 0..<8 {
      let tc = Double.random(in: 0.3...0.8, using: &rng), tm = Double.random(in: 0.3...0.8, using: &rng)
      let sys = try OptomechanicalSystem(omegaC: 1, omegaM: Double.random(in: 0.3...0.6, using: &rng), g: Double.random(in: 0.02...0.12, using: &rng),
                                         kappaC: 0.05, kappaM: 0.02, temperatureC: tc, temperatureM: tm, cavityLevels: 6, mechanicalLevels: 24)
      for d in [Derivation.standard, .dressedState, .globalSidebands(4), .globalExact] {
        let o = try OptomechanicalSteadyState(sys, d)
        #expect(d.laws.contains(.clausius))
        let tol = 1e-10 * o.gross / min(tc, tm)
        #expect(o.countedHeat.entropyProduction >= -tol, "\(d) T_c = \(tc), T_m = \(tm): ξ_counted = \(o.countedHeat.entropyProduction)")
        // Counted and full heats obey the same first law up to the work of the coupling (time-independent H: Σ J = 0).
        #expect(abs(o.heat.firstLawResidual) <= 1e-10 * o.gross)
        if d == .standard, tc < tm, o.heat.entropyProduction < -tol { smeViolations += 1 }
      }
    }
    #expect(smeViolations > 0, "no sample had the SME's Eq. (27) violation; the sample does not test the counting")
  }

  /// GMEs: Eq. (20a) gives the optical jumps ã P_k the Bohr frequencies ω_c − kω_m of H̃₀, not H̃'s, whose Kerr term
  /// K = −(g²/ω_m)(ã†ã)² shifts them, so the optical bath is counted with H̃₀. The two countings differ by
  /// Tr{𝓓_c(ρ̃) K}, which vanishes in the steady state: K is a function of ñ_c, and every other term of the equation
  /// (H̃, the mechanical jumps b̃, b̃†, D[ñ_c]) conserves ñ_c, so d⟨f(ñ_c)⟩/dt = Tr{𝓓_c(ρ̃) f(ñ_c)} = 0. A counting with
  /// anything else — e.g. the mechanical part alone — differs (checked), so the comparison can fail.
  @Test("GMEs: the Kerr term's share of the optical heat, J(H̃) − J(H̃₀) = Tr{𝓓_c(ρ̃)K}, vanishes in the steady state")
  func kerrShareVanishes() throws {
    for g in [0.04, 0.12] {
      let sys = try testSystem(g: g, cavity: 8, mechanics: 30, tc: 0.5, tm: 0.4)
      for d in [Derivation.globalSidebands(4), .globalExact] {
        let o = try OptomechanicalSteadyState(sys, d)
        let full = o.heat.currents["optical"] ?? 0, counted = o.countedHeat.currents["optical"] ?? 0
        #expect(abs(full - counted) <= 1e-12 * o.gross, "\(d) g = \(g): \(full) vs \(counted)")
        let phonons = try FockHeatReport(equation: o.equation, state: o.state, temperatures: sys.bathTemperatures,
                                         countingHamiltonians: ["optical": sys.omegaM * o.equation.space.number(1)])
        #expect(abs(phonons.currents["optical"] ?? 0) > 1e-6 * o.gross, "\(d) g = \(g): the sidebands exchange phonons")
      }
    }
  }
}
