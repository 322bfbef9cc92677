import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState

/// Sweeps of a network reuse, from the model as read (SweepSolver.swift):
/// - the normal modes (one N × N eigendecomposition, `SplitNormalModes`) while the Hamiltonian — the frequencies and
///   couplings — is the same as read: the global (secular) equation is then O(N² + N·M) per point
///   (`SecularGlobalSteadyState`, paper 004, Eqs. 19–24), e.g. in a temperature sweep;
/// - the Schur forms of the drift (`DriftFactorisation`, complex for number-conserving blocks) of every other equation
///   while the point's drift A equals the one read bit for bit (A = ΩG + Σ_α A_α does not depend on the bath
///   temperatures: A_α ∝ γ(ω) − γ(−ω) = 2J(ω)), e.g. a temperature sweep of the local equation: each point is then
///   the two triangular solves of A V + V Aᵀ + D = 0 (and those of the double-double refinement) without a Schur
///   decomposition.
/// Reused or not, the numbers are those of `ModelFile.methods()` at the point: the same eigendecomposition and Schur
/// forms of the same matrices.
struct NetworkSweepSolver: DocumentSweepSolver {
  let base: ModelFile
  let paths: [[String]]
  let counter = SweepReuseCounter()

  func solve(_ m: ModelFile) -> [MethodResult] {
    // The split Hamiltonian (hence its normal modes) is built from the frequencies and couplings alone.
    let sameHamiltonian = m.network.frequencies == base.network.frequencies && m.network.couplings == base.network.couplings
    let modes: SplitNormalModes?
    if !m.equations.contains(where: { $0.kind == .global }) {
      modes = nil   // only the global equation reads them
    } else if sameHamiltonian {
      modes = counter.shared("normal modes") { NetworkExtras.splitNormalModes(base.network) }
    } else {
      modes = NetworkExtras.splitNormalModes(m.network)
    }
    let reuse = NetworkSweepReuse(base: base, counter: counter, sameHamiltonian: sameHamiltonian)
    return m.equations.map { ModelSolver.solve(m.network, $0, extras: m.extras, modeNames: m.modeNames, normalModes: modes, sweep: reuse) }
  }
}

/// What one point of a network sweep may reuse, and its counts (`ModelSolver.solve`'s `sweep`).
struct NetworkSweepReuse {
  let base: ModelFile
  let counter: SweepReuseCounter
  /// The point's Hamiltonian is the one read: it was given the normal modes of the model as read.
  let sameHamiltonian: Bool

  /// The global equation was solved in the normal-mode frame.
  func secularSolved() { if sameHamiltonian { counter.reused(SweepReuse.normalModes) } }

  /// The drift factorisation of `choice` for the model as read, built on first use (nil when that equation cannot be
  /// factored; `gaussianSteadyState(reusing:)` checks that it belongs to `equation`'s drift). None when the Hamiltonian
  /// differs from the one read (then so does the drift ΩG + Σ_α A_α).
  func factorisation(_ choice: Derivation, _ equation: MasterEquation) -> DriftFactorisation? {
    guard sameHamiltonian else { return nil }
    return counter.shared("drift factorisation of \(choice.name)") { () -> DriftFactorisation? in
      guard let e = try? base.network.masterEquation(choice) else { return nil }
      return try? e.driftFactorisation(form: .asSolved)
    }
  }

  func lyapunovSolved(_ ss: GaussianSteadyState) {
    if ss.diagnostics.reusedDriftFactorisation { counter.reused(SweepReuse.driftSchurForm) }
  }
}

extension ModelFile {
  public func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver { NetworkSweepSolver(base: self, paths: paths) }
}
