import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

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
  /// The method that produced the state, in words: "sparse LU (UMFPACK)", or the iterative solver's label with its
  /// iterations, refinement steps, relative residual and componentwise backward error
  /// (`FockSteadyStateDiagnostics.methodDescription`).
  public var method: String? = nil
  /// When the iterative solver's state is returned: ‖b − A x‖₂/‖b‖₂ of the trace-augmented system, and why it ran
  /// instead of the LU (e.g. the LU's real factorisation exceeded the memory cap).
  public var iterativeResidual: Double? = nil
  public var iterativeReason: String? = nil
  /// The sparse LU's memory: UMFPACK's a-priori estimate, the real peak and factor size, and the cap (`FockLUMemory`).
  public var luMemory: FockLUMemory? = nil

  /// The solver fields from a Fock steady state's diagnostics (shared by the optomechanical and open-system families).
  mutating func setSolver(_ d: FockSteadyStateDiagnostics) {
    solver = d.solver.rawValue
    componentwiseBackwardError = d.verification?.componentwiseBackwardError
    luFallback = d.luFallback.map { "\($0)" }
    method = d.methodDescription
    if d.solver == .iterative, let it = d.iterative { iterativeResidual = it.relativeResidual; iterativeReason = it.reason }
    luMemory = d.luMemory
  }

  /// The table's one-line solver entry: "sparse LU", or "GMRES, res <relative residual>".
  var solverSummary: String {
    if solver == FockSolverKind.iterative.rawValue { return "GMRES, res " + Text.num(iterativeResidual) }
    return luFallback == nil ? "sparse LU" : "sparse LU (GMRES rejected)"
  }
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
