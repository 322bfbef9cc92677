import ClausiusNumerics

/// Errors of the Gaussian information measures. Each case names the offending input, its value and
/// what is allowed.
public enum GaussianInformationError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A covariance matrix is not square or has odd dimension (must be 2n × 2n for n modes).
  case badDimension(name: String, rows: Int, columns: Int)
  /// Two inputs that must describe the same number of modes do not.
  case modeCountMismatch(name: String, expected: Int, found: Int)
  /// A covariance matrix is not symmetric within tolerance.
  case notSymmetric(name: String, maxAsymmetry: Double, tolerance: Double)
  /// An input contains NaN or infinity.
  case notFinite(name: String)
  /// V + iΩ/2 ≥ 0 is violated: `minEigenvalue` is the smallest eigenvalue of V + iΩ/2
  /// (must be ≥ −tolerance).
  case nonPhysical(name: String, minEigenvalue: Double, tolerance: Double)
  /// A mode group is empty, has an index outside 0..<modes, repeats an index, or overlaps another group.
  case badModeGroup(name: String, detail: String)
  /// A measure defined for a fixed number of modes received another number.
  case wrongModeCount(measure: String, modes: Int, allowed: String)
  /// A numerical step failed (LAPACK or a defective matrix in the fidelity formula).
  case numerical(detail: String)

  public var description: String {
    switch self {
    case let .badDimension(name, r, c):
      return "\(name) is \(r)×\(c); a covariance matrix must be 2n×2n (square, even dimension, quadrature order x1,p1,x2,p2,…)"
    case let .modeCountMismatch(name, e, f):
      return "\(name) describes \(f) modes, expected \(e)"
    case let .notSymmetric(name, a, t):
      return "\(name) is not symmetric: max |V_ij − V_ji| = \(a) > tolerance \(t)"
    case let .notFinite(name):
      return "\(name) contains NaN or infinite entries"
    case let .nonPhysical(name, m, t):
      return "\(name) violates the uncertainty principle V + iΩ/2 ≥ 0: smallest eigenvalue \(m) < −\(t) (allowed: ≥ 0, i.e. all symplectic eigenvalues ν ≥ 1/2 with vacuum V = I/2)"
    case let .badModeGroup(name, d):
      return "mode group \(name): \(d)"
    case let .wrongModeCount(measure, n, allowed):
      return "\(measure) is defined for \(allowed) mode(s); got \(n)"
    case let .numerical(d):
      return "numerical failure: \(d)"
    }
  }
}
