import ClausiusDynamics
import ClausiusMasterEquations
import Foundation
import Numerics

/// The Liouvillian spectral gap and relaxation time in the JSON of `solve` (`methods[].relaxation`,
/// docs/output-format.md), for Fock models with `[output] relaxation = true`: g = min_{λ ≠ 0}(−Re λ) over the
/// Liouvillian's eigenvalues other than the steady state's 0, τ = 1/g (ClausiusDynamics `FockEvolution.spectralGap`:
/// ARPACK shift-invert near 0, then Arnoldi on the propagator e^{𝓛/g₁} so that slow modes with large frequencies are
/// not missed). The spectrum does not depend on the frame (a unitary change of basis), so polaron-frame equations
/// report the lab-frame gap.
public struct RelaxationResult: Codable, Sendable, Equatable {
  /// g (the file's frequency unit); nil when the computation failed (`error`).
  public var gap: Double?
  /// τ = 1/g (inverse frequency unit).
  public var relaxationTime: Double?
  /// The eigenvalues of 𝓛 nearest 0 found by the shift-invert run, nearest first (the first is the steady state's),
  /// as [Re λ, Im λ].
  public var eigenvalues: [[Double]]?
  /// |λ₀| / ‖𝓛‖₁ of the eigenvalue taken as the steady state's (round-off when the steady state is unique).
  public var steadyStateEigenvalueResidual: Double?
  /// Liouvillian (and propagator) applications, and the wall time of the two ARPACK runs.
  public var operatorApplications: Int?
  public var seconds: Double?
  public var error: String?

  /// Computes the gap of `evolution`'s Liouvillian; a failure is reported in `error`, not thrown (the steady state
  /// itself is still valid).
  public init(_ evolution: FockEvolution) {
    let start = Date()
    do {
      let g = try evolution.spectralGap()
      gap = g.gap; relaxationTime = g.relaxationTime
      eigenvalues = g.eigenvalues.map { [$0.real, $0.imaginary] }
      steadyStateEigenvalueResidual = g.steadyStateEigenvalueResidual
      operatorApplications = g.operatorApplications
    } catch {
      self.error = "the Liouvillian gap could not be computed: \(error)"
    }
    seconds = Date().timeIntervalSince(start)
  }
}
