import Foundation
import ClausiusNumerics

/// A Gaussian state of n bosonic modes in the Clausius convention (docs/conventions.md): quadratures
/// r = (x₁, p₁, …, x_n, p_n), x = (a + a†)/√2, p = (a − a†)/(i√2); mean d = ⟨r⟩ and covariance
/// V = ½⟨{Δr, Δrᵀ}⟩ (vacuum V = I/2).
///
/// Paper 004 writes Γ in scaled quadratures (X_α, P_α) with [X, P] = i and the same ½{·,·}
/// normalisation; Γ and V are related by the local symplectic scaling x = √ω X, p = P/√ω, which leaves
/// every quantity of this module (entropy, mutual information, negativity, fidelity, discord) unchanged.
/// So a Γ of 004 may be passed here as it is.
public struct GaussianState: Sendable, Equatable {
  public let covariance: Matrix<Double>
  public let mean: [Double]
  public var modes: Int { covariance.rows / 2 }

  /// Validates shape, finiteness and symmetry (not physicality: see `GaussianInformation.physicality`).
  /// The stored covariance is the symmetrised input.
  public init(covariance: Matrix<Double>, mean: [Double]? = nil, symmetryTolerance: Double = 1e-9) throws {
    try GaussianInformation.validateShape(covariance, name: "covariance", symmetryTolerance: symmetryTolerance)
    let m = mean ?? [Double](repeating: 0, count: covariance.rows)
    guard m.count == covariance.rows else {
      throw GaussianInformationError.modeCountMismatch(name: "mean vector (length \(m.count))", expected: covariance.rows / 2, found: m.count / 2)
    }
    guard m.allSatisfy(\.isFinite) else { throw GaussianInformationError.notFinite(name: "mean vector") }
    self.covariance = covariance.symmetrized
    self.mean = m
  }

  /// The vacuum of n modes, V = I/2.
  public static func vacuum(modes n: Int) -> GaussianState {
    try! GaussianState(covariance: Matrix.identity(2 * n) * 0.5)
  }

  /// Product of thermal modes with occupations n̄_j: V = ⊕ (n̄_j + ½) I₂.
  public static func thermal(occupations: [Double]) throws -> GaussianState {
    guard occupations.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
      throw GaussianInformationError.nonPhysical(name: "thermal occupations \(occupations)", minEigenvalue: occupations.min() ?? 0, tolerance: 0)
    }
    return try GaussianState(covariance: Matrix.diagonal(occupations.flatMap { [$0 + 0.5, $0 + 0.5] }))
  }

  /// Two-mode squeezed vacuum S₂(r)|0,0⟩: V = ½ [[c I, s Z], [s Z, c I]], c = cosh 2r, s = sinh 2r,
  /// Z = diag(1, −1). Reference: Adesso, Ragy & Lee, OSID 21, 1440001 (2014) (paper 004 ref. [27]).
  public static func twoModeSqueezedVacuum(r: Double) -> GaussianState {
    let c = 0.5 * cosh(2 * r), s = 0.5 * sinh(2 * r)
    let v = Matrix<Double>([[c, 0, s, 0], [0, c, 0, -s], [s, 0, c, 0], [0, -s, 0, c]])
    return try! GaussianState(covariance: v)
  }
}
