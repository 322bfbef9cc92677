import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState

/// The steady state of one master equation of paper 000's optomechanical system with its heat currents (Eq. 26) and
/// the gross heat the first law is measured against: the one solve path shared by `clausius solve` (the
/// `optomechanical` model family) and the reproduction of paper 000.
public struct OptomechanicalSteadyState: Sendable {
  public let equation: FockMasterEquation
  public let state: FockSteadyState
  /// J_c ("optical") and J_m ("mechanical"), positive into the system, counted with the equation's H (Eq. 1 in the lab
  /// frame, H̃ of Eq. 17 in the polaron frame; unitarily equivalent), and ξ = −Σ J_x/T_x (paper 000, Eqs. 25–26).
  public let heat: FockHeatReport
  /// The same heats counted with the Hamiltonian each bath's dissipators are in detailed balance with
  /// (`OptomechanicalSystem.detailedBalanceHamiltonians`: the SME's local ω_x n_x, the DSME's ω_c n_c for the optical
  /// bath), and their ξ_counted ≥ 0 (Spohn's inequality). Equal to `heat` for the polaron-frame GMEs.
  public let countedHeat: FockHeatReport
  /// The truncation solved (N_c, N_m).
  public let levels: [Int]
  /// Σ_k |⟨D†[L_k](H_k)⟩|, the gross heat exchanged dissipator by dissipator (`FockHeatReport.grossHeat`).
  public let gross: Double

  /// J_c, the heat current from the optical bath.
  public var opticalCurrent: Double { heat.currents["optical"] ?? 0 }
  /// J_m, the heat current from the mechanical bath.
  public var mechanicalCurrent: Double { heat.currents["mechanical"] ?? 0 }

  /// Solves `derivation` for `system` at its truncation. `truncationTolerance`: a top-level population above it throws
  /// `FockError.truncationTooSmall`. `method`: a GMRES state that fails its a-posteriori test is replaced by the sector
  /// LU (`FockSteadyStateDiagnostics.luFallback`). `symbolic`: a symbolic analysis to reuse (sweeps; `FockSymbolicSlot`).
  public init(_ system: OptomechanicalSystem, _ derivation: Derivation, using method: FockSolveMethod = .symmetrySectorLU,
              truncationTolerance: Double? = nil, symbolic: FockSymbolicSlot? = nil) throws {
    let eq = try system.masterEquation(derivation)
    let st = try eq.steadyState(using: method, truncationTolerance: truncationTolerance, symbolic: symbolic)
    try self.init(derivation, equation: eq, state: st, system: system, levels: [system.cavityLevels, system.mechanicalLevels])
  }

  /// Grows the truncation from `initialLevels` until ⟨n_c⟩, ⟨b†b⟩ (of the equation's frame) and the currents relative
  /// to the gross heat (absolute floor 1e-9, so that a current that vanishes — e.g. a GME at equal temperatures —
  /// converges once it is below 1e-9 of the gross heat) change by less than `tolerance` (`FockAutomaticTruncation`).
  public static func automatic(_ system: OptomechanicalSystem, _ derivation: Derivation, initialLevels: [Int], maximumLevels: [Int],
                               tolerance: Double) throws -> OptomechanicalSteadyState {
    let temperatures = system.bathTemperatures
    let r = try FockAutomaticTruncation.converge(initialLevels: initialLevels, maximumLevels: maximumLevels, tolerance: tolerance, absoluteFloor: 1e-9,
      build: { levels in try system.withLevels(cavity: levels[0], mechanics: levels[1]).masterEquation(derivation) },
      observables: { eq, st in
        let h = try FockHeatReport(equation: eq, state: st, temperatures: temperatures)
        let g = Swift.max(FockHeatReport.grossHeat(equation: eq, state: st), 1e-300)
        return [st.expectation(eq.space.number(0)).real, st.expectation(eq.space.number(1)).real,
                (h.currents["optical"] ?? 0) / g, (h.currents["mechanical"] ?? 0) / g]
      })
    return try OptomechanicalSteadyState(derivation, equation: r.equation, state: r.state, system: system.withLevels(cavity: r.levels[0], mechanics: r.levels[1]), levels: r.levels)
  }

  init(_ derivation: Derivation, equation: FockMasterEquation, state: FockSteadyState, system: OptomechanicalSystem, levels: [Int]) throws {
    self.equation = equation
    self.state = state
    heat = try FockHeatReport(equation: equation, state: state, temperatures: system.bathTemperatures)
    let counting = system.detailedBalanceHamiltonians(derivation)
    countedHeat = counting.isEmpty ? heat
      : try FockHeatReport(equation: equation, state: state, temperatures: system.bathTemperatures, countingHamiltonians: counting)
    self.levels = levels
    gross = FockHeatReport.grossHeat(equation: equation, state: state)
  }
}
