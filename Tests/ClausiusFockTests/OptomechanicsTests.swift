import Clausius
import Foundation
import Numerics
import Testing

/// Moments of paper 000's SME/DSME steady state (Appendix A), in the lab frame.
struct AppendixMoments {
  var nc, q, p, varN, covNQ, covNP, nm, ncq, ncp, nc2: Double

  /// Computed from a steady state by the library's `OptomechanicalMoments` (lab frame; q = b + b†, p = i(b† − b), the
  /// sign that makes Appendix A's equations of motion hold; the printed p = i(b − b†) is a misprint, docs/papers/000.md).
  init(_ state: FockSteadyState, _ sys: OptomechanicalSystem) {
    let m = OptomechanicalMoments(state: state, polaronAlpha: nil)
    nc = m.cavityOccupation; q = m.q; p = m.p; nc2 = m.cavityNumberSquared; varN = m.cavityNumberVariance
    ncq = m.nq; ncp = m.np; covNQ = m.covarianceNQ; covNP = m.covarianceNP; nm = m.mechanicalOccupation
  }

  /// Appendix A closed forms (α = 0 for the SME), with ⟨n_c, p⟩ in the general form
  /// (2gκ − ακ_mω_m)/(ω_m² + κ²) Var(n_c), which reduces to the printed 2gκ_c/(ω_m²+κ²) only when α = g/ω_m.
  init(closedFormFor sys: OptomechanicalSystem, alpha: Double) {
    let g = sys.g, wm = sys.omegaM, kc = sys.kappaC, km = sys.kappaM, nbc = sys.nBarC
    let kappa = kc + km / 2
    nc = nbc
    q = (8 * g * wm + 2 * alpha * km * km) / (4 * wm * wm + km * km) * nbc
    p = (4 * g * km - 4 * alpha * wm * km) / (4 * wm * wm + km * km) * nbc
    varN = nbc * (nbc + 1)
    covNP = (2 * g * kappa - alpha * km * wm) / (wm * wm + kappa * kappa) * varN
    covNQ = (2 * g * wm + alpha * km * kappa) / (wm * wm + kappa * kappa) * varN
    nm = sys.nBarM + g / km * (covNP + nc * p) + alpha / 2 * (covNQ + nc * q)
    nc2 = nbc * (2 * nbc + 1)
    let aa = 1 / (kappa * kappa + wm * wm)
    ncq = aa * (kc * nbc * (kappa * q + wm * p) + (kappa * alpha * km + 2 * g * wm) * nc2)
    ncp = aa * (kc * nbc * (kappa * p - wm * q) + (2 * kappa * g - alpha * km * wm) * nc2)
  }

  var all: [(String, Double)] {
    [("⟨n_c⟩", nc), ("⟨q⟩", q), ("⟨p⟩", p), ("Var n_c", varN), ("⟨n_c,q⟩", covNQ), ("⟨n_c,p⟩", covNP),
     ("⟨n_m⟩", nm), ("⟨n_c q⟩", ncq), ("⟨n_c p⟩", ncp), ("⟨n_c²⟩", nc2)]
  }
}

/// A hot-ish parameter point where every Appendix A moment is well above round-off:
/// n̄_c = 1/(e² − 1) ≈ 0.157, n̄_m ≈ 0.90 (ω_m = 0.3) or 0.40 (ω_m = 0.5, used for the Appendix tests, whose
/// lab-frame covariances converge slowly in N_m), α = g/ω_m.
func testSystem(g: Double = 0.05, cavity: Int = 12, mechanics: Int = 26, tc: Double = 0.5, tm: Double = 0.4, omegaM: Double = 0.3) throws -> OptomechanicalSystem {
  try OptomechanicalSystem(omegaC: 1, omegaM: omegaM, g: g, kappaC: 0.05, kappaM: 0.02, temperatureC: tc, temperatureM: tm,
                           cavityLevels: cavity, mechanicalLevels: mechanics)
}

@Suite("Paper 000: SME and DSME against Appendices A and B")
struct AppendixTests {
  // Tolerance 1e-6 (relative, moments ≥ 1e-3): the truncation error of ⟨n_c²⟩ is Σ_{k≥N_c} k² p_k
  // ≈ 144·(0.136)^12 ≈ 6e-9 at N_c = 12 (N_c = 10 gave 1.1e-6, visibly truncation-limited); the mechanics
  // at ω_m = 0.5 (n̄_m ≈ 0.4–0.6, displaced by ≤ α n_c) holds < 1e-9 in level 25 (at ω_m = 0.3, N_m = 26 the
  // lab-frame ⟨n_c,q⟩ was off by 1e-5: these covariances converge slowly in N_m); LU round-off is ~1e-13.
  @Test("SME steady-state moments equal Appendix A with α = 0", arguments: [Derivation.standard, .dressedState])
  func moments(_ derivation: Derivation) throws {
    let sys = try testSystem(omegaM: 0.5)
    let eq = try sys.masterEquation(derivation)
    let st = try eq.steadyState()
    let computed = AppendixMoments(st, sys)
    let expected = AppendixMoments(closedFormFor: sys, alpha: derivation == .standard ? 0 : sys.alpha)
    for ((name, c), (_, x)) in zip(computed.all, expected.all) {
      let err = abs(c - x) / max(abs(x), 1e-3)
      #expect(err < 1e-6, "\(derivation) \(name): computed \(c), Appendix A \(x)")
    }
    #expect(st.diagnostics.residual < 1e-10)
    #expect(st.diagnostics.traceError < 1e-12)
    #expect(st.diagnostics.minimumEigenvalue > -1e-12)
  }

  @Test("the printed ⟨n_c, p⟩ = 2gκ_c Var(n_c)/(ω_m²+κ²) holds for the DSME but not the SME (Appendix A with α = 0)")
  func printedCovarianceNP() throws {
    let sys = try testSystem(omegaM: 0.5)
    let kappa = sys.kappaC + sys.kappaM / 2
    let printed = 2 * sys.g * sys.kappaC / (sys.omegaM * sys.omegaM + kappa * kappa) * sys.nBarC * (sys.nBarC + 1)
    let dsme = AppendixMoments(try sys.masterEquation(.dressedState).steadyState(), sys)
    let sme = AppendixMoments(try sys.masterEquation(.standard).steadyState(), sys)
    #expect(abs(dsme.covNP - printed) / printed < 1e-6)
    // SME: (2gκ)/(…) instead, larger by κ/κ_c = 1.2 here — the printed form is not "α = 0"-safe.
    #expect(abs(sme.covNP / printed - kappa / sys.kappaC) < 1e-5)
  }

  @Test("heat currents equal Appendix B, J_c = gκ_c⟨n_c,q⟩ = −J_m, and ξ equals Eq. (27)", arguments: [Derivation.standard, .dressedState])
  func currentsAndEntropy(_ derivation: Derivation) throws {
    for (tc, tm) in [(0.5, 0.4), (0.4, 0.4), (0.4, 0.5)] {
      let sys = try testSystem(tc: tc, tm: tm, omegaM: 0.5)
      let eq = try sys.masterEquation(derivation)
      let st = try eq.steadyState()
      let heat = try FockHeatReport(equation: eq, state: st, temperatures: sys.bathTemperatures)
      let alpha = derivation == .standard ? 0 : sys.alpha
      let kappa = sys.kappaC + sys.kappaM / 2, wm = sys.omegaM, g = sys.g
      let v = sys.nBarC * (sys.nBarC + 1)
      let jc = g * sys.kappaC * (2 * g * wm + alpha * sys.kappaM * kappa) / (wm * wm + kappa * kappa) * v  // Appendix B
      let xi = g * sys.kappaC * (2 * g * wm + alpha * sys.kappaM * kappa) / (wm * wm + kappa * kappa) * v * (1 / tm - 1 / tc)  // Eq. (27)
      #expect(abs(heat.currents["optical"]! - jc) / jc < 1e-6)
      #expect(abs(heat.currents["mechanical"]! + jc) / jc < 1e-6)
      // First law to round-off relative to the current.
      #expect(abs(heat.firstLawResidual) < 1e-9 * jc)
      #expect(abs(heat.entropyProduction - xi) < 1e-6 * jc / min(tc, tm))
    }
  }
}

@Suite("Fock engine: assembly, symmetry sectors, diagnostics, errors")
struct FockEngineTests {
  @Test("direct Liouvillian assembly equals the Kronecker-product superoperators of ClausiusNumerics")
  func assemblyMatchesKronecker() throws {
    let sys = try testSystem(g: 0.1, cavity: 3, mechanics: 4)
    for derivation in [Derivation.standard, .dressedState, .globalSidebands(4)] {
      let eq = try sys.masterEquation(derivation)
      let direct = FockLiouvillian.assemble(eq, sector: .full(dimension: eq.space.dimension)).dense
      let reference = Superoperator.lindblad(hamiltonian: eq.hamiltonian, jumps: eq.jumps).dense
      // Same sums in a different order: round-off only.
      #expect((direct - reference).maxAbs < 1e-14 * max(1, reference.maxAbs))
    }
  }

  @Test("symmetry-reduced solve (N_c N_m² unknowns; N_c N_m populations for the polaron-frame GMEs) equals the full solve (N_c² N_m²)",
        arguments: [Derivation.standard, .dressedState, .globalSidebands(4), .globalExact, .globalSidebandsExactFC(4)])
  func sectorEqualsFull(_ derivation: Derivation) throws {
    let sys = try testSystem(g: 0.1, cavity: 4, mechanics: 14)
    let eq = try sys.masterEquation(derivation)
    #expect(eq.detectWeakU1Symmetry()?.name == "cavity")
    let reduced = try eq.steadyState(using: .symmetrySectorLU)
    let full = try eq.steadyState(using: .fullSparseLU)
    // The polaron-frame global equations have a diagonal H and jumps that map Fock states to Fock states with one fixed
    // shift (a × the k-th sideband, b, n_c): the populations are closed (the Pauli equation, d unknowns), and the full
    // solve's off-diagonal entries vanish. The lab-frame SME and DSME keep the photon-number sector.
    switch derivation {
    case .globalExact, .globalSidebandsExactFC, .globalSidebands:
      #expect(reduced.diagnostics.unknowns == 4 * 14 && reduced.diagnostics.symmetry.hasPrefix("populations"))
    default:
      #expect(reduced.diagnostics.unknowns == 4 * 14 * 14)
    }
    #expect(full.diagnostics.unknowns == 56 * 56)
    // Both are LU solutions of well-conditioned systems: agreement to ~1e-13.
    #expect((reduced.density - full.density).maxAbs < 1e-12)
    // The full solution's blocks off-diagonal in photon number vanish (the U(1) argument).
    #expect(full.diagnostics.residual < 1e-11 && reduced.diagnostics.residual < 1e-11)
  }

  @Test("a too-small cutoff is an error carrying the top-level population")
  func truncationError() throws {
    let sys = try testSystem(cavity: 3, mechanics: 5)
    #expect(throws: FockError.self) { try sys.masterEquation(.standard).steadyState(truncationTolerance: 1e-6) }
    do { _ = try sys.masterEquation(.standard).steadyState(truncationTolerance: 1e-6) } catch let FockError.truncationTooSmall(_, levels, pop, tol) {
      #expect(pop > tol && levels > 0)
    }
  }

  @Test("invalid parameters are named errors")
  func parameterErrors() throws {
    #expect(throws: FockError.parameterOutOfRange(name: "kappaC", value: -1, allowed: "finite and > 0")) {
      try OptomechanicalSystem(omegaM: 0.06, g: 0.01, kappaC: -1, kappaM: 0.005, temperatureC: 0.2, temperatureM: 0.2, cavityLevels: 3, mechanicalLevels: 10)
    }
    #expect(throws: FockError.parameterOutOfRange(name: "temperatureM", value: -0.1, allowed: "finite and ≥ 0")) {
      try OptomechanicalSystem(omegaM: 0.06, g: 0.01, kappaC: 0.02, kappaM: 0.005, temperatureC: 0.2, temperatureM: -0.1, cavityLevels: 3, mechanicalLevels: 10)
    }
    let sys = try testSystem(cavity: 3, mechanics: 5)
    #expect(throws: FockError.sidebandOrderNotEven(order: 3)) { try sys.masterEquation(.globalSidebands(3)) }
    #expect(throws: FockError.sidebandOrderNotEven(order: 0)) { try sys.masterEquation(.globalSidebands(0)) }
    #expect(throws: FockError.levelsTooFew(subsystem: "cavity", levels: 1, minimum: 2)) { try sys.withLevels(cavity: 1, mechanics: 5) }
  }

  @Test("mK → ω_c conversion: k_B T/(ħ ω_c) with ω_c = 2π × 10 GHz")
  func temperatureConversion() {
    // Independent route: T/ω_c = k_B T / (h f), computed here with the SI constants.
    let expected = 1.380649e-23 * 0.106 / (6.62607015e-34 * 1e10)
    #expect(abs(OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 106) - expected) < 1e-15)
  }
}

@Suite("Paper 000: global master equations (polaron frame)")
struct GlobalMasterEquationTests {
  @Test("Franck–Condon factors ⟨m|D(α)|0⟩ = e^{−α²/2} α^m/√m!, and the Taylor sideband expansion converges to them")
  func franckCondon() throws {
    let alpha = 0.7, levels = 12
    let exact = try OptomechanicalSystem.displacementMatrix(alpha: alpha, levels: levels)
    var fact = 1.0
    for m in 0..<levels {
      if m > 0 { fact *= Double(m) }
      let closed = exp(-alpha * alpha / 2) * pow(alpha, Double(m)) / fact.squareRoot()
      #expect(abs(exact[m, 0] - closed) < 1e-13)  // expm round-off
    }
    let taylor = try OptomechanicalSystem.displacementMatrix(alpha: alpha, levels: levels, taylorOrder: 40)
    #expect((taylor - exact).maxAbs < 1e-12)
  }

  @Test("first law for every derivation; Clausius inequality and zero currents at T_c = T_m for every GME")
  func laws() throws {
    for (tc, tm) in [(0.5, 0.4), (0.4, 0.4), (0.4, 0.5)] {
      let sys = try testSystem(g: 0.1, cavity: 5, mechanics: 22, tc: tc, tm: tm)
      for derivation in [Derivation.standard, .dressedState, .globalSidebands(2), .globalSidebands(4), .globalSidebands(8), .globalExact] {
        let eq = try sys.masterEquation(derivation)
        let st = try eq.steadyState()
        let heat = try FockHeatReport(equation: eq, state: st, temperatures: sys.bathTemperatures)
        let scale = heat.currents.values.map(abs).max()! + 1e-300
        // First law Σ J_x = Tr{H̃ dρ/dt} = 0: relative round-off of the LU solve (absolute floor 1e-15
        // when the currents themselves vanish, at T_c = T_m).
        #expect(abs(heat.firstLawResidual) < 1e-8 * scale + 1e-15)
        if derivation != .standard && derivation != .dressedState {
          // Each GME dissipator pair obeys detailed balance w.r.t. ω_c n + ω_m b†b at its bath's T
          // (Spohn): ξ ≥ 0, and at T_c = T_m the Gibbs state is stationary with J = 0.
          #expect(heat.entropyProduction >= -1e-14, "\(derivation) ξ = \(heat.entropyProduction) at Tc=\(tc) Tm=\(tm)")
          if tc == tm { #expect(scale < 1e-13, "\(derivation) J at equal T: \(heat.currents)") }
        }
      }
    }
  }

  @Test("GME_n converges to the all-sideband equation as n grows when α²(2n̄_m+1) is small")
  func sidebandConvergence() throws {
    // α = 1/3, n̄_m ≈ 0.9: α²(2n̄_m + 1) ≈ 0.31.
    let sys = try testSystem(g: 0.1, cavity: 4, mechanics: 20, tc: 0.4, tm: 0.5)
    func jc(_ d: Derivation) throws -> Double {
      let eq = try sys.masterEquation(d)
      return try FockHeatReport(equation: eq, state: try eq.steadyState(), temperatures: sys.bathTemperatures).currents["optical"]!
    }
    let exact = try jc(.globalExact)
    var errors: [Double] = []
    for n in [2, 4, 6, 8] { errors.append(abs(try jc(.globalSidebands(n)) - exact) / abs(exact)) }
    for k in 1..<errors.count { #expect(errors[k] < errors[k - 1], "errors \(errors)") }
    // Taylor order 40 ≫ α‖b†−b‖ ≈ 3: the expansion has converged to round-off.
    #expect(abs(try jc(.globalSidebands(80)) - exact) / abs(exact) < 1e-9)
  }

  @Test("the dephasing rate G_m(0) does not affect the steady state (D[n_c] vanishes on the photon-diagonal sector)")
  func dephasingIrrelevant() throws {
    let sys = try testSystem(g: 0.1, cavity: 4, mechanics: 14)
    let eq = try sys.masterEquation(.dressedState)
    let noDephasing = try FockMasterEquation(space: eq.space, hamiltonian: eq.hamiltonian,
                                             dissipators: eq.dissipators.filter { !$0.label.contains("D[n_c]") }, frame: eq.frame, name: "DSME without dephasing")
    #expect(noDephasing.dissipators.count == eq.dissipators.count - 1)
    let a = try eq.steadyState(using: .fullSparseLU), b = try noDephasing.steadyState(using: .fullSparseLU)
    #expect((a.density - b.density).maxAbs < 1e-12)
  }

  @Test("Eq. (23) as printed (D[b̃ − αn_c] in the polaron frame) gives a current at T_c = T_m; D[b̃] (= D[b − αn_c] in the lab, Eq. 13) does not")
  func equation23Misprint() throws {
    let sys = try testSystem(g: 0.1, cavity: 4, mechanics: 16, tc: 0.4, tm: 0.4)
    let eq = try sys.masterEquation(.globalExact)
    let n = eq.space.number(0), b = eq.space.lowering(1)
    let printed = eq.dissipators.map { k -> FockDissipator in
      switch k.label {
      case "G_m(ω_m) D[b̃]": return FockDissipator(bath: "mechanical", rate: k.rate, operator: b - sys.alpha * n, countingHamiltonian: k.countingHamiltonian, label: "printed")
      case "G_m(−ω_m) D[b̃†]": return FockDissipator(bath: "mechanical", rate: k.rate, operator: b.adjoint - sys.alpha * n, countingHamiltonian: k.countingHamiltonian, label: "printed†")
      default: return k
      }
    }
    #expect(printed.filter { $0.label.hasPrefix("printed") }.count == 2)
    let eqPrinted = try FockMasterEquation(space: eq.space, hamiltonian: eq.hamiltonian, dissipators: printed, frame: eq.frame, name: "Eq. 23 as printed")
    let jPrinted = try FockHeatReport(equation: eqPrinted, state: try eqPrinted.steadyState(), temperatures: sys.bathTemperatures).currents["optical"]!
    let jCorrect = try FockHeatReport(equation: eq, state: try eq.steadyState(), temperatures: sys.bathTemperatures).currents["optical"]!
    // Zero to round-off (currents here are ~1e-5 out of equilibrium) vs clearly non-zero.
    #expect(abs(jCorrect) < 1e-15)
    #expect(abs(jPrinted) > 1e-9, "printed Eq. 23 current at equal T: \(jPrinted)")
  }

  @Test("g → 0: every GME_n reduces to the SME generator")
  func zeroCouplingLimit() throws {
    let sys = try testSystem(g: 0, cavity: 3, mechanics: 5)
    let sme = FockLiouvillian.assemble(try sys.masterEquation(.standard), sector: .full(dimension: 15)).dense
    for d in [Derivation.globalSidebands(2), .globalSidebands(6), .globalExact, .dressedState] {
      let l = FockLiouvillian.assemble(try sys.masterEquation(d), sector: .full(dimension: 15)).dense
      #expect((l - sme).maxAbs < 1e-14)
    }
  }
}

@Suite("Cross-method: Fock engine vs Lyapunov for quadratic models")
struct FockLyapunovTests {
  @Test("position–position coupled oscillators (non-RWA): Fock steady state equals the Lyapunov covariance")
  func linearCoupling() throws {
    // H = ω_a a†a + ω_b b†b + λ(a + a†)(b + b†) = Σ ω(x²+p²)/2 + 2λ x_a x_b (+ const), local baths.
    let wa = 1.0, wb = 0.8, lam = 0.08, ga = 0.05, gb = 0.03, ta = 0.6, tb = 0.3
    let na = Conventions.boseEinstein(frequency: wa, temperature: ta), nb = Conventions.boseEinstein(frequency: wb, temperature: tb)
    let levels = 12
    let space = FockSpace([try .oscillator("a", levels: levels), try .oscillator("b", levels: levels)])
    let a = space.lowering(0), b = space.lowering(1)
    let h = wa * (a.adjoint * a) + wb * (b.adjoint * b) + lam * ((a + a.adjoint) * (b + b.adjoint))
    let ds = [FockDissipator(bath: "A", rate: ga * (na + 1), operator: a, countingHamiltonian: h, label: "a"),
              FockDissipator(bath: "A", rate: ga * na, operator: a.adjoint, countingHamiltonian: h, label: "a†"),
              FockDissipator(bath: "B", rate: gb * (nb + 1), operator: b, countingHamiltonian: h, label: "b"),
              FockDissipator(bath: "B", rate: gb * nb, operator: b.adjoint, countingHamiltonian: h, label: "b†")]
    let eq = try FockMasterEquation(space: space, hamiltonian: h, dissipators: ds, frame: "lab", name: "linear")
    // The non-RWA coupling conserves only parity, not a U(1) charge: the engine must detect none.
    #expect(eq.detectWeakU1Symmetry() == nil)
    let st = try eq.steadyState()
    // r = (x_a, p_a, x_b, p_b): dx = ωp − γx/2, dp = −ωx − 2λ x_other − γp/2; D = diag(γ(n̄+½)).
    let drift = Matrix<Double>([[-ga / 2, wa, 0, 0], [-wa, -ga / 2, -2 * lam, 0],
                                [0, 0, -gb / 2, wb], [-2 * lam, 0, -wb, -gb / 2]])
    let diffusion = Matrix<Double>.diagonal([ga * (na + 0.5), ga * (na + 0.5), gb * (nb + 0.5), gb * (nb + 0.5)])
    let v = try drift.solveLyapunov(diffusion).solution
    let xa = (1 / 2.0.squareRoot()) * (a + a.adjoint), xb = (1 / 2.0.squareRoot()) * (b + b.adjoint)
    // Tolerance: top-level populations ≈ (n̄/(n̄+1))^11 ≲ 1e-7 at these occupations (n̄_a ≈ 0.23, n̄_b ≈ 0.07).
    #expect(abs(st.expectation(a.adjoint * a).real - (v[0, 0] + v[1, 1] - 1) / 2) < 1e-6)
    #expect(abs(st.expectation(b.adjoint * b).real - (v[2, 2] + v[3, 3] - 1) / 2) < 1e-6)
    #expect(abs(st.expectation(xa * xb).real - v[0, 2]) < 1e-6)
    #expect(st.diagnostics.topLevelPopulations.allSatisfy { $0 < 1e-6 })
  }

  @Test("g = 0: the optomechanical SME steady state is the product of thermal states (Lyapunov: V = (n̄+½)I)")
  func uncoupled() throws {
    let sys = try testSystem(g: 0, omegaM: 0.5)
    let st = try sys.masterEquation(.standard).steadyState()
    let v = try Matrix<Double>([[-sys.kappaM / 2, sys.omegaM], [-sys.omegaM, -sys.kappaM / 2]])
      .solveLyapunov(.diagonal([sys.kappaM * (sys.nBarM + 0.5), sys.kappaM * (sys.nBarM + 0.5)])).solution
    let b = sys.space.lowering(1)
    #expect(abs(st.expectation(b.adjoint * b).real - (v[0, 0] + v[1, 1] - 1) / 2) < 1e-8)
  }
}

@Suite("Fock engine: automatic truncation")
struct AutomaticTruncationTests {
  @Test("grown cutoffs reproduce Appendix B's J_c; the cutoffs used are reported")
  func convergesToClosedForm() throws {
    let base = try testSystem(omegaM: 0.5)
    let result = try FockAutomaticTruncation.converge(
      initialLevels: [3, 6], maximumLevels: [30, 60], tolerance: 1e-6,
      build: { try base.withLevels(cavity: $0[0], mechanics: $0[1]).masterEquation(.standard) },
      observables: { eq, st in [try FockHeatReport(equation: eq, state: st, temperatures: base.bathTemperatures).currents["optical"]!] })
    let kappa = base.kappaC + base.kappaM / 2, wm = base.omegaM, g = base.g
    let jc = g * base.kappaC * 2 * g * wm / (wm * wm + kappa * kappa) * base.nBarC * (base.nBarC + 1)  // Appendix B, α = 0
    // The last one-step change was < 1e-6; with geometric convergence the remaining error is of that order (×10 margin).
    #expect(abs(result.observables[0] - jc) / jc < 1e-5, "levels \(result.levels), J_c \(result.observables[0]) vs \(jc)")
    #expect(result.levels[0] > 3 && result.levels[1] > 6)
    #expect(result.state.diagnostics.topLevelPopulations.allSatisfy { $0 <= 1e-6 })
  }

  @Test("a maximum cutoff that is too small is an error with the numbers, never a silent result")
  func notConverged() throws {
    let base = try testSystem(omegaM: 0.5)
    #expect(throws: FockError.self) {
      try FockAutomaticTruncation.converge(initialLevels: [3, 4], maximumLevels: [4, 5], tolerance: 1e-8,
                                           build: { try base.withLevels(cavity: $0[0], mechanics: $0[1]).masterEquation(.standard) },
                                           observables: { _, st in [st.expectation(st.space.number(0)).real] })
    }
  }
}

@Suite("Fock engine: LU options give the same steady state")
struct LUOptionsTests {
  @Test("complex vs real-Hermitian parameterisation, AMD vs METIS vs nested dissection, sector and full")
  func optionsAgree() throws {
    let sys = try testSystem(g: 0.1, cavity: 3, mechanics: 10)
    let eq = try sys.masterEquation(.dressedState)
    let reference = try eq.steadyState(using: .fullSparseLU, luOptions: FockLUOptions(strategy: .auto, ordering: .amd, hermitianReal: false))
    for method in [FockSolveMethod.fullSparseLU, .symmetrySectorLU] {
      for options in [FockLUOptions(strategy: .symmetric, ordering: .amd, hermitianReal: true),
                      FockLUOptions(strategy: .symmetric, ordering: .nestedDissection, hermitianReal: false),
                      FockLUOptions(strategy: .symmetric, ordering: .metis, hermitianReal: false),
                      FockLUOptions(strategy: .unsymmetric, ordering: .amd, hermitianReal: true)] {
        let st = try eq.steadyState(using: method, luOptions: options)
        // Different pivot orders of a well-conditioned system: agreement to round-off.
        #expect((st.density - reference.density).maxAbs < 1e-12, "\(method) \(options)")
        #expect(st.diagnostics.traceError < 1e-13)
      }
    }
  }
}

@Suite("Fock engine: subsystems other than oscillators")
struct SubsystemTests {
  @Test("spin j = 3/2 and a two-level system: [J₊, J₋] = 2J_z and σ₋ = |g⟩⟨e| on the tensor product")
  func spinAlgebra() throws {
    let spin = try FockSubsystem.spin("s", twiceJ: 3)
    let space = FockSpace([spin, .twoLevel("q")])
    let jm = space.lowering(0), jp = jm.adjoint
    // J_z = number − j on the spin factor.
    let jz = space.number(0) - 1.5 * space.identity
    // Exact algebra: entries are √ of small integers, so round-off only.
    let commutator: SparseMatrix = jp * jm - jm * jp
    #expect((commutator - 2.0 * jz).dense.maxAbs < 1e-14)
    let sm = space.lowering(1)
    #expect(space.dimension == 8 && sm[0, 1] == Complex(1, 0) && sm.nonZeroCount == 4)
  }
}
