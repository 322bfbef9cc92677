import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import Numerics

/// The ten steady-state moments of paper 000's Appendix A, in the lab frame, from a cavity–mechanics Fock state.
///
/// n_c = a†a, q = b + b†, p = i(b† − b) (the sign that makes Appendix A's equations of motion hold; the printed
/// p = i(b − b†) is a misprint, docs/papers/000.md item 1). For a state in the polaron frame (GME_n, GME∞;
/// U = exp[−α n_c (b† − b)], α = g/ω_m) the lab-frame mechanics is U†bU = b + α n_c, so q_lab = q + 2α n_c and
/// p_lab = p; the moments below use these operators. Covariances ⟨A, B⟩ = ⟨AB⟩ − ⟨A⟩⟨B⟩ (n_c commutes with q_lab
/// and p_lab, so the order does not matter).
/// Reference: paper 000, Appendix A (closed forms for the SME and DSME, tested in ClausiusFockTests).
public struct OptomechanicalMoments: Sendable, Equatable, Codable {
  public var cavityOccupation: Double      // ⟨n_c⟩
  public var q: Double                     // ⟨q⟩
  public var p: Double                     // ⟨p⟩
  public var cavityNumberVariance: Double  // Var n_c
  public var covarianceNQ: Double          // ⟨n_c, q⟩
  public var covarianceNP: Double          // ⟨n_c, p⟩
  public var mechanicalOccupation: Double  // ⟨b†b⟩ (lab frame)
  public var nq: Double                    // ⟨n_c q⟩
  public var np: Double                    // ⟨n_c p⟩
  public var cavityNumberSquared: Double   // ⟨n_c²⟩

  /// Moments of `state` on `space` (subsystem 0 the cavity, 1 the mechanics); `polaronAlpha` = α when the state is
  /// in the polaron frame, nil in the lab frame.
  public init(state: FockSteadyState, polaronAlpha: Double?) {
    let space = state.space
    let a = space.lowering(0), n = a.adjoint * a
    var b = space.lowering(1)
    if let alpha = polaronAlpha { b = b + alpha * space.number(0) }
    let qOp = b + b.adjoint, pOp = Complex<Double>(0, 1) * (b.adjoint - b)
    func e(_ o: SparseMatrix) -> Double { state.expectation(o).real }
    cavityOccupation = e(n); q = e(qOp); p = e(pOp); cavityNumberSquared = e(n * n)
    cavityNumberVariance = cavityNumberSquared - cavityOccupation * cavityOccupation
    nq = e(n * qOp); np = e(n * pOp)
    covarianceNQ = nq - cavityOccupation * q; covarianceNP = np - cavityOccupation * p
    mechanicalOccupation = e(b.adjoint * b)
  }
}
