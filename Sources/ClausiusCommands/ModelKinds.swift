import ArgumentParser
import Clausius
import ClausiusIO
import Dispatch
import Foundation

/// Fock-space diagnostics of one optomechanical steady state (JSON `methods[].fock`).
public struct FockDiagnosticsResult: Codable, Sendable, Equatable {
  /// ‖L vec ρ‖₂/(‖L‖_F ‖vec ρ‖₂).
  public var relativeResidual: Double
  /// |Tr ρ − 1|.
  public var traceError: Double
  /// Smallest eigenvalue of ρ (≥ −round-off for a physical state).
  public var minimumEigenvalue: Double
  /// ‖ρ − ρ†‖_max.
  public var hermiticityError: Double
  /// Population of the highest kept level of the cavity and of the mechanics.
  public var topLevelPopulations: [Double]
  /// Levels kept (N_c, N_m) — the cutoffs used.
  public var levels: [Int]
  /// True when the levels were found by the automatic truncation.
  public var automatic: Bool
  /// The tolerance on top-level populations (and, when automatic, on the observables' change).
  public var truncationTolerance: Double
  /// Unknowns solved for and the symmetry used.
  public var unknowns: Int
  public var symmetry: String
  /// lab (SME, DSME) or polaron (GME); heat is counted with the H of this frame (paper 000, Eq. 26).
  public var frame: String
  /// Σ_k |Tr{(D[L_k]ρ) H}|: the gross heat exchanged, per dissipator, the scale of the first-law and
  /// zero-current checks.
  public var grossHeatScale: Double
  public var solveSeconds: Double
  /// "sparseLU" or "iterative" (GMRES, only when the LU exceeds the memory cap); the state's componentwise backward
  /// error; and, when GMRES's state was rejected by its a-posteriori test or did not converge, why the LU replaced it.
  public var solver: String? = nil
  public var componentwiseBackwardError: Double? = nil
  public var luFallback: String? = nil
}

/// Extra results of a cascaded model (JSON `methods[].cascade`). Paper 001.
public struct CascadeResult: Codable, Sendable, Equatable {
  /// m̄_i: occupations with the cascade disconnected (each mode with its own bath and its own copy of the channel's). Eqs. (C6)–(C7).
  public var disconnected: [Double]
  /// Δn_i = n̄_i − m̄_i.
  public var excess: [Double]
  /// Φ_α = Tr{N 𝓓_α ρ}: quanta per unit time from bath α into the system (own baths, then the channel).
  public var quantaFlows: [Double]
  /// Tr{H_sys 𝓓_α ρ}, H_sys = Σ ω_i c_i†c_i in the file's (possibly rotating) frame.
  public var energyFlows: [Double]
  /// ω_q, the energy of one quantum (T_α = ω_q/ln(1 + 1/N̄_α)).
  public var quantumEnergy: Double
  /// R_ij = ∂n̄_i/∂N̄_j for the own baths (exact: n̄ is affine in the bath occupations); empty for more than
  /// `KindSolver.fullResponseModes` modes (forward and backward are still given).
  public var response: [[Double]]
  /// Forward response ∂n̄_N/∂N̄_1 and backward ∂n̄_1/∂N̄_N (N ≥ 2), and their ratio (rectification; ∞ when the
  /// backward response is below 1e-12 of the forward one, i.e. zero to round-off).
  public var forward: Double?
  public var backward: Double?
  public var rectification: Double?
}

/// Extra results of the optomechanical ring (JSON `methods[].ring`). Paper 002.
public struct RingResult: Codable, Sendable, Equatable {
  public var sites: Int
  public var winding: Int
  /// φ = 2πn/L.
  public var phase: Double
  /// Q_C = ω_m ⟨ĵ_C⟩ (Eq. 14) from the exact linearised state's mechanical ⟨d_m†d_ℓ⟩ and the effective
  /// phonon Hamiltonian (energy per unit time, file units).
  public var circulatingCurrent: Double?
  /// Q_{ℓ→ℓ+p} = ω_m × (contribution of distance p), p = 1…⌈L/2⌉−1.
  public var contributions: [Double]?
  /// Q_C from the effective theory's closed forms (Eqs. 8–14), for comparison.
  public var effectiveCirculatingCurrent: Double?
  /// min_k (Γ_k↓ − Γ_−k↑) of the effective model (> 0: stable).
  public var stabilityMargin: Double
}

extension ModelOptions {
  /// Loads any model kind (exit status 2 with the message on stderr when the file is bad), applying --equations.
  func loadDescription() throws -> ModelDescription {
    do {
      var d = try ModelDescription.load(path: model)
      if !equations.isEmpty {
        if case .network = d {
          for e in equations where !EquationChoice.names.contains(e) {
            throw ValidationError("--equations: unknown master equation '\(e)'; allowed: \(EquationChoice.names.joined(separator: ", "))")
          }
        }
        do { d = try d.withEquations(equations) } catch let e as ModelFileError where e.key == "solve.equations" {
          throw ValidationError("--equations: \(e.message); allowed: \(e.allowed ?? d.equationNamesAllowed)")
        }
      }
      return d
    } catch let e as ModelFileError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(2)
    }
  }

  func resolvedFormat(_ d: ModelDescription) -> ModelOutputFormat { resolvedFormat(fileFormat: d.outputFormat) }

  func outputDirectory(_ d: ModelDescription) throws -> URL? { try outputDirectory(fileDirectory: d.outputDirectory) }
}

/// Solves the non-network model kinds (optomechanical, cascaded, optomechanical ring).
public enum KindSolver {
  /// Relative tolerance of the first-law and zero-current checks of the Fock and cascaded models, relative to
  /// the gross exchanged heat (quanta). The sparse-LU steady states have relative residuals ~1e-15–1e-13 and the
  /// measured first-law residuals are ≤ 1e-12 of the gross heat on the examples (docs/model-format.md), so
  /// 1e-8 leaves four orders for ill-conditioned points, while the SME's current at equal temperatures is
  /// ~1e-3 of the gross heat.
  public static let relativeTolerance = 1e-8
  /// Smallest eigenvalue of ρ accepted as ≥ 0 (round-off of a unit-trace ρ from a sparse LU with residual ≤ 1e-12).
  public static let eigenvalueTolerance = 1e-9
  /// Largest cascade whose full response matrix R_ij = ∂n̄_i/∂N̄_j is computed (one Lyapunov solve per column).
  public static let fullResponseModes = 64

  // MARK: Optomechanical

  /// One solved optomechanical equation.
  public struct FockOutcome: Sendable {
    public let equation: FockMasterEquation
    public let state: FockSteadyState
    public let heat: FockHeatReport
    public let levels: [Int]
    public let gross: Double
  }

  /// Σ_k |⟨D†[L_k](H_k)⟩|, the gross heat exchanged dissipator by dissipator.
  static func grossHeat(_ eq: FockMasterEquation, _ st: FockSteadyState) -> Double { FockHeatReport.grossHeat(equation: eq, state: st) }

  /// Solves `choice` for the file's system (or `system`, e.g. at equal temperatures). A truncation that is too
  /// small throws `FockError.truncationTooSmall` / `.truncationNotConverged` (with the numbers).
  public static func solveFock(_ m: OptomechanicalModelFile, _ choice: FockEquationChoice, system: OptomechanicalSystem? = nil) throws -> FockOutcome {
    let sys = system ?? m.system
    switch m.truncation {
    case let .explicit(_, _, tol):
      let eq = try sys.masterEquation(choice.derivation)
      let st = try eq.steadyState(using: .symmetrySectorLU, truncationTolerance: tol)
      let heat = try FockHeatReport(equation: eq, state: st, temperatures: sys.bathTemperatures)
      return FockOutcome(equation: eq, state: st, heat: heat, levels: [sys.cavityLevels, sys.mechanicalLevels], gross: grossHeat(eq, st))
    case let .automatic(start, maximum, tol):
      // Observables: ⟨n_c⟩, ⟨b†b⟩ of the frame, and the currents relative to the gross heat (absolute floor 1e-9,
      // so that a current that vanishes, e.g. a GME at equal temperatures, converges once it is below 1e-9 of the gross heat).
      let r = try FockAutomaticTruncation.converge(initialLevels: start, maximumLevels: maximum, tolerance: tol, absoluteFloor: 1e-9,
        build: { levels in try sys.withLevels(cavity: levels[0], mechanics: levels[1]).masterEquation(choice.derivation) },
        observables: { eq, st in
          let h = try FockHeatReport(equation: eq, state: st, temperatures: sys.bathTemperatures)
          let g = max(grossHeat(eq, st), 1e-300)
          return [st.expectation(eq.space.number(0)).real, st.expectation(eq.space.number(1)).real,
                  (h.currents["optical"] ?? 0) / g, (h.currents["mechanical"] ?? 0) / g]
        })
      let heat = try FockHeatReport(equation: r.equation, state: r.state, temperatures: sys.bathTemperatures)
      return FockOutcome(equation: r.equation, state: r.state, heat: heat, levels: r.levels, gross: grossHeat(r.equation, r.state))
    }
  }

  static func methodResult(_ m: OptomechanicalModelFile, _ choice: FockEquationChoice) -> MethodResult {
    var r = MethodResult(equation: choice.name)
    do {
      let o = try solveFock(m, choice)
      let sys = m.system
      let jc = o.heat.currents["optical"] ?? 0, jm = o.heat.currents["mechanical"] ?? 0
      let moments = OptomechanicalMoments(state: o.state, polaronAlpha: choice.isPolaronFrame ? sys.alpha : nil)
      r.occupations = [moments.cavityOccupation, moments.mechanicalOccupation]
      r.optomechanicalMoments = moments
      r.baths = [BathHeatResult(name: "optical", temperature: sys.temperatureC, heat: jc, localHeat: jc),
                 BathHeatResult(name: "mechanical", temperature: sys.temperatureM, heat: jm, localHeat: jm)]
      r.workRate = 0
      r.firstLawEnergyRate = jc + jm
      r.firstLawRelativeResidual = abs(jc + jm) / max(o.gross, 1e-300)
      r.entropyProduction = o.heat.entropyProduction
      r.globalHeatEntropyProduction = o.heat.entropyProduction
      r.secondLawHolds = o.heat.entropyProduction >= -relativeTolerance * o.gross / min(sys.temperatureC, sys.temperatureM)
      let d = o.state.diagnostics
      var auto = false
      if case .automatic = m.truncation { auto = true }
      r.fock = FockDiagnosticsResult(relativeResidual: d.relativeResidual, traceError: d.traceError, minimumEigenvalue: d.minimumEigenvalue,
                                     hermiticityError: d.hermiticityError, topLevelPopulations: d.topLevelPopulations, levels: o.levels, automatic: auto,
                                     truncationTolerance: m.truncation.tolerance, unknowns: d.unknowns, symmetry: d.symmetry,
                                     frame: choice.isPolaronFrame ? "polaron" : "lab", grossHeatScale: o.gross, solveSeconds: d.assemblySeconds + d.solveSeconds)
      r.fock?.solver = d.solver.rawValue
      r.fock?.componentwiseBackwardError = d.verification?.componentwiseBackwardError
      r.fock?.luFallback = d.luFallback.map { "\($0)" }
    } catch let e as FockError {
      switch e {
      case .truncationTooSmall, .truncationNotConverged: r.error = m.truncationError(e, equation: choice.name).description
      default: r.error = "\(e)"
      }
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }

  /// The first truncation error among the results (solve and audit report it as a file error, exit status 2).
  static func truncationFailure(_ m: OptomechanicalModelFile, _ results: [MethodResult]) -> String? {
    results.compactMap(\.error).first { $0.contains("truncation") && $0.hasPrefix(m.file) }
  }

  // MARK: Cascaded

  static func cascadeResult(_ m: CascadedModelFile) -> MethodResult {
    var r = MethodResult(equation: "cascaded")
    do {
      let net = m.network
      let cs = try CascadedSteadyState(net)
      let th = cs.state.thermodynamics
      let wq = net.quantumEnergy
      let occ = net.ownOccupations + [net.commonOccupation]
      r.occupations = cs.occupations
      r.baths = zip(m.bathNames.indices, m.bathNames).map { i, name in
        BathHeatResult(name: name, temperature: th.baths[i].temperature, heat: wq * cs.quantaFlows[i], localHeat: cs.energyFlows[i])
      }
      let sumPhi = cs.quantaFlows.reduce(0, +)
      let scale = cascadeScale(net, cs)
      r.firstLawEnergyRate = wq * sumPhi
      r.firstLawRelativeResidual = abs(sumPhi) / scale
      let sigma = quantaEntropyProduction(cs.quantaFlows, occ)
      r.entropyProduction = sigma
      r.globalHeatEntropyProduction = sigma
      r.secondLawHolds = sigma >= -relativeTolerance * scale * occ.map { $0 > 0 ? log1p(1 / $0) : 0 }.max()!
      r.diagnostics = SolverDiagnostics(lyapunovResidual: cs.state.diagnostics.relativeResidual, uncertaintyMargin: cs.state.diagnostics.uncertaintyMargin,
                                        smallestSymplecticEigenvalue: cs.state.diagnostics.smallestSymplecticEigenvalue, blocks: cs.state.diagnostics.blocks,
                                        warnings: cs.state.diagnostics.warnings)
      // Response R_ij = n̄_i(N̄ + e_j) − n̄_i(N̄): exact, since the Lyapunov diffusion is affine in the N̄ and the drift does not depend on them.
      // Each column is one more Lyapunov solve of size 2N: beyond `fullResponseModes` modes only the columns of the
      // first and last own bath are computed (forward/backward) and `response` is left empty, so that a long
      // cascade costs three solves instead of N + 1 (300 modes took minutes).
      let n = net.modeCount
      var response: [[Double]] = Array(repeating: Array(repeating: 0, count: n), count: n)
      for j in (n <= fullResponseModes ? Array(0..<n) : [0, n - 1]) {
        var o = net.ownOccupations; o[j] += 1
        let shifted = try CascadedNetwork(frequencies: net.frequencies, ownRates: net.ownRates, ownOccupations: o, cascadeRates: net.cascadeRates,
                                          phases: net.phases, reciprocityBreaking: net.reciprocityBreaking, commonOccupation: net.commonOccupation,
                                          quantumEnergy: net.quantumEnergy)
        let s2 = try CascadedSteadyState(shifted)
        for i in 0..<n { response[i][j] = s2.occupations[i] - cs.occupations[i] }
      }
      var c = CascadeResult(disconnected: cs.disconnected, excess: cs.excess, quantaFlows: cs.quantaFlows, energyFlows: cs.energyFlows,
                            quantumEnergy: wq, response: n <= fullResponseModes ? response : [])
      if n >= 2 {
        c.forward = response[n - 1][0]; c.backward = response[0][n - 1]
        // A backward response below 1e-12 of the forward one is round-off of the Lyapunov solve (relative residual
        // ≲ 1e-15 here): the cascade is perfectly non-reciprocal and the ratio is reported as ∞.
        let f = response[n - 1][0], b = response[0][n - 1]
        c.rectification = abs(b) > 1e-12 * abs(f) ? f / b : (f == 0 ? .nan : .infinity)
      }
      r.cascade = c
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }

  /// Σ_α |Φ_α| + Σ_i (κ_i + γ_i)(n̄_i + ½): the gross exchange of quanta (never zero), scale of the checks.
  static func cascadeScale(_ net: CascadedNetwork, _ cs: CascadedSteadyState) -> Double {
    var s = 0.0
    for f in cs.quantaFlows { s += abs(f) }
    for i in 0..<net.modeCount { s += (net.ownRates[i] + net.cascadeRates[i]) * (cs.occupations[i] + 0.5) }
    return s
  }

  /// Σ = −Σ_α Φ_α ln(1 + 1/N̄_α) = −Σ_α ω_q Φ_α/T_α (k_B = 1): the entropy production of the exchanged quanta.
  /// ≥ 0 by Spohn's inequality, since every dissipator has the number-thermal state of its own N̄ as fixed point.
  /// A bath with N̄ = 0 (T = 0) contributes +∞ if it absorbs quanta, −∞ if it emits.
  static func quantaEntropyProduction(_ phi: [Double], _ occ: [Double]) -> Double {
    var s = 0.0
    for (f, n) in zip(phi, occ) {
      if n > 0 { s -= f * log1p(1 / n) } else if f < 0 { return .infinity } else if f > 0 { return -.infinity }
    }
    return s
  }

  // MARK: Ring

  static func ringResult(_ m: OptomechanicalRingModelFile) -> MethodResult {
    var r = MethodResult(equation: "linearised")
    let th = m.theory
    do {
      let lin = try OptomechanicalLinearisation.ring(th)
      let ss = try lin.exactEquation().gaussianSteadyState()
      r = gaussianResult("linearised", ss, modes: 2 * th.siteCount)
      var ring = RingResult(sites: th.siteCount, winding: th.winding, phase: th.phase, stabilityMargin: th.stabilityMargin)
      if let el = try? lin.effectiveElimination() {
        let sigma = ss.singleParticleDensityMatrix(modes: (0..<th.siteCount).map(lin.mechanicalMode))
        let q = OptomechanicalCurrents.ringContributions(hamiltonian: el.effectiveHamiltonian, sigma: sigma).map { $0 * th.mechanicalFrequency }
        ring.contributions = q
        ring.circulatingCurrent = q.reduce(0, +)
      }
      if th.stabilityMargin > 0 { ring.effectiveCirculatingCurrent = (try? th.circulatingCurrent()).map { $0 * th.mechanicalFrequency } }
      r.ring = ring
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }

  /// The standard fields of a Gaussian steady state (as `ModelSolver.solve`).
  static func gaussianResult(_ name: String, _ ss: GaussianSteadyState, modes: Int) -> MethodResult {
    var r = MethodResult(equation: name)
    r.setGaussian(ss.thermodynamics, occupations: (0..<modes).map { ss.occupation($0) }, diagnostics: ss.diagnostics)
    return r
  }

  // MARK: Documents

  /// The methods of a non-network model (one per equation).
  public static func methods(_ d: ModelDescription) -> [MethodResult] {
    switch d {
    case let .network(m): return m.equations.map { ModelSolver.solve(m.network, $0, extras: m.extras, modeNames: m.modeNames) }
    case let .optomechanical(m): return m.equations.map { methodResult(m, $0) }
    case let .cascaded(m): return [cascadeResult(m)]
    case let .ring(m): return [ringResult(m)]
    case let .openSystem(m): return m.equations.map { openSystemResult(m, $0).checkedFinite() }
    }
  }

  public static func modeNames(_ d: ModelDescription) -> [String] {
    switch d {
    case let .network(m): return m.modeNames
    case let .optomechanical(m): return m.modeNames
    case let .cascaded(m): return m.modeNames
    case let .ring(m): return m.modeNames
    case let .openSystem(m): return m.subsystemNames
    }
  }

  public static func frequencies(_ d: ModelDescription) -> [Double] {
    switch d {
    case let .network(m): return m.network.frequencies
    case let .optomechanical(m): return [m.system.omegaC, m.system.omegaM]
    case let .cascaded(m): return m.network.frequencies
    case let .ring(m):
      let t = m.theory
      return Array(repeating: -t.effectiveDetuning, count: t.siteCount) + Array(repeating: t.mechanicalFrequency, count: t.siteCount)
    case let .openSystem(m): return m.system.subsystems.map(\.frequency)
    }
  }

  public static func bathNames(_ d: ModelDescription) -> [String] {
    switch d {
    case let .network(m): return m.network.baths.map(\.name)
    case let .optomechanical(m): return m.bathNames
    case let .cascaded(m): return m.bathNames
    case let .ring(m): return (0..<m.theory.siteCount).map { "optical loss \($0)" } + (0..<m.theory.siteCount).map { "mechanical bath \($0)" }
    case let .openSystem(m): return m.bathNames
    }
  }

  /// `solve` for any kind.
  public static func solve(_ d: ModelDescription) -> SolveDocument {
    if case let .network(m) = d { return Solve.solve(m) }
    return SolveDocument(file: d.file, title: d.title, units: UnitsInfo(d.units), modes: modeNames(d), frequencies: frequencies(d), methods: methods(d))
  }

  // MARK: Audit

  /// `audit` for the non-network kinds. Every check is a law here: paper 000 counts heat with the full H
  /// (Eq. 26) and no work, so a current at equal temperatures or ξ < 0 is the second-law violation the paper
  /// attributes to the SME and DSME; the cascaded equation is GKLS with number-thermal fixed points (Spohn);
  /// the ring's Clausius check is a finding (its optical baths live in the frame rotating at the laser).
  public static func audit(_ d: ModelDescription) -> AuditDocument {
    switch d {
    case let .network(m): return Audit.audit(m).checkedFinite()
    case let .optomechanical(m): return auditFock(m).checkedFinite()
    case let .cascaded(m): return auditCascade(m).checkedFinite()
    case let .ring(m): return auditRing(m).checkedFinite()
    case let .openSystem(m): return auditOpenSystem(m).checkedFinite()
    }
  }

  static func check(_ name: String, _ law: String, _ value: Double, _ tol: Double, _ passed: Bool, severity: String = "law", _ note: String) -> AuditCheck {
    AuditCheck(name: name, law: law, value: value, tolerance: tol, passed: passed, severity: severity, note: note)
  }

  static func auditFock(_ m: OptomechanicalModelFile) -> AuditDocument {
    let sys = m.system
    let tEqual = (sys.temperatureC + sys.temperatureM) / 2
    var methods: [AuditMethod] = []
    for choice in m.equations {
      var am = AuditMethod(equation: choice.name, checks: [])
      do {
        let o = try solveFock(m, choice)
        let jc = o.heat.currents["optical"] ?? 0, jm = o.heat.currents["mechanical"] ?? 0
        let rel = abs(jc + jm) / o.gross
        am.checks.append(check("firstLaw", "|J_c + J_m| / gross ≤ tol", rel, relativeTolerance, rel <= relativeTolerance, "J_c + J_m = \(Text.num(jc + jm)) (paper 000, Eq. 26 heats)"))
        let tol = relativeTolerance * o.gross / min(sys.temperatureC, sys.temperatureM)
        let xi = o.heat.entropyProduction
        am.checks.append(check("clausius", "ξ = −J_c/T_c − J_m/T_m ≥ −tol (paper 000, Eq. 25)", xi, tol, xi >= -tol,
                               xi >= -tol ? "entropy production ≥ 0" : "negative entropy production: heat flows from the cold to the hot bath"))
        if case .standard = choice.derivation {
          // The SME is a local equation: each bath's dissipator is in detailed balance with its own mode's
          // H_x (ω_c a†a, ω_m b†b). Counting heat against H_x (paper 003's accounting) leaves the work
          // W = −Σ J_x^loc of the coupling, and Spohn's inequality makes ξ_loc = −Σ J_x^loc/T_x ≥ 0 a law.
          let local = try FockHeatReport(equation: o.equation, state: o.state, temperatures: sys.bathTemperatures,
                                         countingHamiltonians: ["optical": sys.omegaC * o.equation.space.number(0),
                                                                "mechanical": sys.omegaM * o.equation.space.number(1)])
          let xiLoc = local.entropyProduction
          am.checks.append(check("clausiusLocalHeat", "ξ_loc = −J_c^loc/T_c − J_m^loc/T_m ≥ −tol (local heats, paper 003 accounting)", xiLoc, tol, xiLoc >= -tol,
                                 "J_c^loc = \(Text.num(local.currents["optical"] ?? 0)), J_m^loc = \(Text.num(local.currents["mechanical"] ?? 0)), work W = \(Text.num(-local.firstLawResidual))"))
        }
        let dg = o.state.diagnostics
        am.checks.append(check("positivity", "min eig ρ ≥ −tol", dg.minimumEigenvalue, eigenvalueTolerance, dg.minimumEigenvalue >= -eigenvalueTolerance,
                               dg.minimumEigenvalue >= -eigenvalueTolerance ? "ρ ≥ 0" : "the steady state has a negative eigenvalue"))
        let top = dg.topLevelPopulations.max() ?? 0
        am.checks.append(check("truncation", "max top-level population ≤ truncation.tolerance", top, m.truncation.tolerance, top <= m.truncation.tolerance,
                               "levels \(o.levels[0]) (cavity), \(o.levels[1]) (mechanics)"))
        let eqSys = try OptomechanicalSystem(omegaC: sys.omegaC, omegaM: sys.omegaM, g: sys.g, kappaC: sys.kappaC, kappaM: sys.kappaM,
                                             temperatureC: tEqual, temperatureM: tEqual, cavityLevels: o.levels[0], mechanicalLevels: o.levels[1])
        let o0 = try solveFock(m, choice, system: eqSys)
        let worst = o0.heat.currents.values.map(abs).max() ?? 0
        let rel0 = worst / o0.gross
        am.checks.append(check("zeroCurrentAtEqualTemperatures", "max_x |J_x| / gross ≤ tol at T_c = T_m = \(Text.num(tEqual))", rel0, relativeTolerance, rel0 <= relativeTolerance,
                               rel0 <= relativeTolerance ? "no current without a temperature difference"
                                 : "current \(Text.num(worst)) flows between baths at equal temperature (second-law violation, paper 000 Sec. IV)"))
      } catch let e as FockError {
        switch e {
        case .truncationTooSmall, .truncationNotConverged: am.error = m.truncationError(e, equation: choice.name).description
        default: am.error = "\(e)"
        }
      } catch {
        am.error = "\(error)"
      }
      methods.append(am)
    }
    let passed = methods.allSatisfy { $0.error == nil && $0.checks.allSatisfy { $0.passed || $0.severity != "law" } }
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: methods, passed: passed)
  }

  static func auditCascade(_ m: CascadedModelFile) -> AuditDocument {
    let net = m.network
    let occ = net.ownOccupations + [net.commonOccupation]
    let nEqual = occ.reduce(0, +) / Double(occ.count)
    let tEqual = nEqual > 0 ? net.quantumEnergy / log1p(1 / nEqual) : 0
    var am = AuditMethod(equation: "cascaded", checks: [])
    do {
      let cs = try CascadedSteadyState(net)
      let scale = cascadeScale(net, cs)
      let sum = cs.quantaFlows.reduce(0, +)
      am.checks.append(check("firstLaw", "|Σ_α Φ_α| / gross ≤ tol (quanta are conserved by H)", abs(sum) / scale, relativeTolerance, abs(sum) / scale <= relativeTolerance,
                             "Σ_α Φ_α = \(Text.num(sum))"))
      let sigma = quantaEntropyProduction(cs.quantaFlows, occ)
      let tol = relativeTolerance * scale * occ.map { $0 > 0 ? log1p(1 / $0) : 0 }.max()!
      am.checks.append(check("clausius", "Σ = −Σ_α Φ_α ln(1 + 1/N̄_α) ≥ −tol", sigma, tol, sigma >= -tol,
                             sigma >= -tol ? "entropy production ≥ 0" : "quanta flow against the occupation gradient"))
      let d = cs.state.diagnostics
      am.checks.append(check("positivity", "min eig(V + iΩ/2) ≥ 0", d.uncertaintyMargin, 1e-10 * max(1, abs(d.physicality)), d.isPhysical,
                             d.isPhysical ? "uncertainty principle holds" : "the steady state violates the uncertainty principle"))
      let eqNet = try CascadedNetwork(frequencies: net.frequencies, ownRates: net.ownRates, ownOccupations: Array(repeating: nEqual, count: net.modeCount),
                                      cascadeRates: net.cascadeRates, phases: net.phases, reciprocityBreaking: net.reciprocityBreaking,
                                      commonOccupation: nEqual, quantumEnergy: net.quantumEnergy)
      let c0 = try CascadedSteadyState(eqNet)
      let worst = c0.quantaFlows.map(abs).max() ?? 0
      let rel = worst / cascadeScale(eqNet, c0)
      am.checks.append(check("zeroCurrentAtEqualTemperatures", "max_α |Φ_α| / gross ≤ tol at N̄_α = \(Text.num(nEqual))", rel, relativeTolerance, rel <= relativeTolerance,
                             rel <= relativeTolerance ? "no flow without an occupation difference" : "quanta flow between baths at equal occupation"))
    } catch {
      am.error = "\(error)"
    }
    let passed = am.error == nil && am.checks.allSatisfy { $0.passed || $0.severity != "law" }
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: [am], passed: passed)
  }

  static func auditRing(_ m: OptomechanicalRingModelFile) -> AuditDocument {
    var am = AuditMethod(equation: "linearised", checks: [])
    do {
      let ss = try OptomechanicalLinearisation.ring(m.theory).exactEquation().gaussianSteadyState()
      let th = ss.thermodynamics
      am.checks.append(check("firstLaw", "|Σ_α Q̇_α| / gross ≤ tol", th.firstLaw.relativeResidual, Audit.relativeTolerance,
                             th.firstLaw.relativeResidual <= Audit.relativeTolerance, "d⟨H⟩/dt = \(Text.num(th.firstLaw.energyRate))"))
      am.checks.append(check("clausius", "Σ = −Σ_α Q̇_α,local/T_α ≥ −tol", th.secondLaw.entropyProduction, th.secondLaw.tolerance, th.secondLaw.holds,
                             severity: "finding", "optical baths (T = 0) are counted in the frame rotating at the laser frequency; the drive supplies work"))
      let d = ss.diagnostics
      am.checks.append(check("positivity", "min eig(V + iΩ/2) ≥ 0", d.uncertaintyMargin, 1e-10 * max(1, abs(d.physicality)), d.isPhysical,
                             d.isPhysical ? "uncertainty principle holds" : "the steady state violates the uncertainty principle"))
    } catch {
      am.error = "\(error)"
    }
    let passed = am.error == nil && am.checks.allSatisfy { $0.passed || $0.severity != "law" }
    // No zero-current check here (the optical baths are at T = 0 in the laser frame); the field carries the common
    // temperature of the mechanical baths, T = ω_m/ln(1 + 1/n̄).
    let th = m.theory
    let tMech = th.thermalOccupation > 0 ? th.mechanicalFrequency / log1p(1 / th.thermalOccupation) : 0
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tMech, methods: [am], passed: passed)
  }

  // MARK: Tables

  /// The `solve` table of a non-network kind.
  static func solveTable(_ d: SolveDocument, kind: String, verbose: Bool) -> String {
    var out = ["\(d.title)  [\(d.file)]  (kind = \(kind))", "units: \(d.units.note)"]
    let ms = d.methods
    var rows: [[String]] = []
    func row(_ label: String, _ f: (MethodResult) -> String?) { rows.append([label] + ms.map { $0.error == nil ? (f($0) ?? "—") : "—" }) }
    let shownModes = d.modes.count <= 8 ? Array(d.modes.indices) : Array(d.modes.indices.suffix(d.modes.count / 2).prefix(4))
    for i in shownModes { row("⟨n⟩ \(d.modes[i])") { Text.num($0.occupations?[i]) } }
    let bathNames = ms.compactMap(\.baths).first?.map(\.name) ?? []
    switch kind {
    case "optomechanical":
      for (b, name) in bathNames.enumerated() { row("J \(name) (Eq. 26)") { Text.num($0.baths?[b].heat) } }
      row("J_c + J_m (first law)") { Text.num($0.firstLawEnergyRate) }
      row("ξ = −ΣJ/T (Eq. 25)") { Text.num($0.entropyProduction) }
      row("second law (ξ ≥ 0)") { $0.secondLawHolds.map { $0 ? "holds" : "VIOLATED" } }
      row("levels N_c, N_m") { $0.fock.map { "\($0.levels[0]), \($0.levels[1])" + ($0.automatic ? " (auto)" : "") } }
      row("top level: cavity") { Text.num($0.fock?.topLevelPopulations[0]) }
      row("top level: mechanics") { Text.num($0.fock?.topLevelPopulations[1]) }
      row("LU residual (relative)") { Text.num($0.fock?.relativeResidual) }
      row("|Tr ρ − 1|") { Text.num($0.fock?.traceError) }
      row("min eig ρ") { Text.num($0.fock?.minimumEigenvalue) }
      row("frame") { $0.fock?.frame }
      if verbose { for r in MethodResult.fockVerboseRows { row(r.label, r.value) } }
    case "cascaded":
      for (b, name) in bathNames.enumerated() {
        row("Φ \(name) (quanta in)") { Text.num($0.cascade?.quantaFlows[b]) }
      }
      for (i, name) in d.modes.enumerated() { row("m̄ \(name) (disconnected)") { Text.num($0.cascade?.disconnected[i]) } }
      row("ΣΦ (first law)") { $0.cascade.map { Text.num($0.quantaFlows.reduce(0, +)) } }
      row("Σ = −ΣΦ ln(1+1/N̄)") { Text.num($0.entropyProduction) }
      row("second law") { $0.secondLawHolds.map { $0 ? "holds" : "VIOLATED" } }
      row("∂n̄_last/∂N̄_first (forward)") { Text.num($0.cascade?.forward) }
      row("∂n̄_first/∂N̄_last (backward)") { Text.num($0.cascade?.backward) }
      row("rectification fwd/bwd") { Text.num($0.cascade?.rectification) }
      row("Lyapunov residual") { Text.num($0.diagnostics?.lyapunovResidual) }
      row("uncertainty margin") { Text.num($0.diagnostics?.uncertaintyMargin) }
    case "open-system":
      for r in MethodResult.heatAndLawRows(bathNames: bathNames, wholeH: "full H") { row(r.label, r.value) }
      row("LU residual (relative)") { Text.num($0.fock?.relativeResidual) }
      row("min eig ρ") { Text.num($0.fock?.minimumEigenvalue) }
      row("basis") { $0.fock?.frame }
      if verbose { for r in MethodResult.fockVerboseRows { row(r.label, r.value) } }
    default:
      row("Q_C circulating (exact lin.)") { Text.num($0.ring?.circulatingCurrent) }
      row("Q_C effective theory") { Text.num($0.ring?.effectiveCirculatingCurrent) }
      row("flux φ") { $0.ring.map { "\(Text.num($0.phase)) (n = \($0.winding))" } }
      row("stability margin") { Text.num($0.ring?.stabilityMargin) }
      row("d⟨H⟩/dt = ΣQ̇ (first law)") { Text.num($0.firstLawEnergyRate) }
      row("Lyapunov residual") { Text.num($0.diagnostics?.lyapunovResidual) }
      row("uncertainty margin") { Text.num($0.diagnostics?.uncertaintyMargin) }
      if verbose {
        for (b, name) in bathNames.enumerated() { row("Q̇ \(name)") { Text.num($0.baths?[b].heat) } }
      }
    }
    return (out + MethodResult.table(ms, rows)).joined(separator: "\n")
  }
}

// MARK: - compare for optomechanical models

/// One equation of an optomechanical model, side by side with the all-sideband global equation (GME∞).
public struct FockCompareRow: Codable, Sendable, Equatable {
  public var equation: String
  public var error: String?
  public var opticalCurrent: Double?
  public var mechanicalCurrent: Double?
  public var entropyProduction: Double?
  /// |J_c − J_c^global| / max(|J_c^global|, 1e-8 × gross heat of the global equation) (the floor applies when the
  /// reference current vanishes, e.g. at T_c = T_m).
  public var relativeCurrentError: Double?
  /// J_c has the sign opposite to the global equation's (both above the floor).
  public var reversedCurrent: Bool?
  public var secondLawHolds: Bool?
  public var levels: [Int]?
}

/// The JSON document of `clausius compare` for `kind = "optomechanical"`.
public struct FockCompareDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  /// The reference: "global" (exact Franck–Condon factors, every sideband the truncation supports).
  public var reference: String
  public var methods: [FockCompareRow]
}

extension KindSolver {
  public static func compareFock(_ m: OptomechanicalModelFile) -> FockCompareDocument {
    let global = (try? FockEquationChoice.parse("global"))!!
    var choices = m.equations
    if !choices.contains(global) { choices.append(global) }
    let results = choices.map { methodResult(m, $0) }
    let ref = results.last { $0.equation == "global" }
    let jRef = ref?.baths?[0].heat
    // A reference current below relativeTolerance × gross heat is zero to round-off (a GME at T_c = T_m): errors are then
    // measured against that floor, and no sign is compared.
    let floor = relativeTolerance * (ref?.fock?.grossHeatScale ?? 0)
    let rows = results.map { r -> FockCompareRow in
      var row = FockCompareRow(equation: r.equation, error: r.error)
      guard r.error == nil, let b = r.baths else { return row }
      row.opticalCurrent = b[0].heat; row.mechanicalCurrent = b[1].heat; row.entropyProduction = r.entropyProduction
      row.secondLawHolds = r.secondLawHolds; row.levels = r.fock?.levels
      if let j = jRef {
        row.relativeCurrentError = abs(b[0].heat - j) / max(abs(j), floor, 1e-300)
        row.reversedCurrent = abs(j) > floor && abs(b[0].heat) > floor && (b[0].heat > 0) != (j > 0)
      }
      return row
    }
    return FockCompareDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), reference: "global", methods: rows)
  }

  static func compareFockTable(_ d: FockCompareDocument) -> String {
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)", "reference: \(d.reference) (GME∞: exact Franck–Condon factors, all sidebands)", ""]
    var rows: [[String]] = []
    for r in d.methods {
      if let e = r.error { rows.append([r.equation, "—", "—", "—", "—", "—", "—", e]); continue }
      rows.append([r.equation, Text.num(r.opticalCurrent), Text.num(r.mechanicalCurrent), Text.num(r.entropyProduction),
                   Text.num(r.relativeCurrentError), r.reversedCurrent == true ? "REVERSED" : "-", r.secondLawHolds == true ? "yes" : "NO",
                   r.levels.map { "\($0[0]), \($0[1])" } ?? ""])
    }
    out.append(Text.grid(["equation", "J_c", "J_m", "ξ", "|ΔJ_c|/|J_c,ref|", "sign", "ξ ≥ 0", "levels"], rows, left: [0, 5, 7]))
    return out.joined(separator: "\n")
  }

  static func compareFockCSV(_ d: FockCompareDocument) -> String {
    var lines = ["equation,error,J_c,J_m,entropyProduction,relativeCurrentError,reversedCurrent,secondLawHolds"]
    for r in d.methods {
      lines.append([Text.csvField(r.equation), Text.csvField(r.error ?? ""), Text.csvNumber(r.opticalCurrent), Text.csvNumber(r.mechanicalCurrent),
                    Text.csvNumber(r.entropyProduction), Text.csvNumber(r.relativeCurrentError), r.reversedCurrent.map { "\($0)" } ?? "",
                    r.secondLawHolds.map { "\($0)" } ?? ""].joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
