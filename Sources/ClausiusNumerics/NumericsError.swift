import Numerics
/// Errors raised by the numerical layer. Every case reads as a sentence a physicist can act on
/// and carries the numbers that triggered it.
public enum NumericsError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A LAPACK routine returned `info != 0`.
  case lapack(routine: String, info: Int)
  /// A factorisation found an exactly singular matrix (zero pivot / eigenvalue sum).
  case singularMatrix(routine: String, detail: String)
  /// Operand shapes do not fit the operation.
  case dimensionMismatch(operation: String, detail: String)
  /// A drift matrix with an eigenvalue of non-negative real part has no stationary state.
  case unstableDrift(maxRealPart: Double)
  /// An input contained NaN or infinity.
  case notFinite(name: String)
  /// UMFPACK reported a failure status.
  case umfpack(phase: String, status: Int)
  /// KLU (SuiteSparse) failed; `status` is KLU's Common.status (−2 out of memory, −3 invalid input, −4 too large).
  case klu(phase: String, status: Int)
  /// A memory cap would be exceeded by a factorisation.
  case memoryLimit(requiredBytes: Int, limitBytes: Int)
  /// A continuous algebraic Riccati equation has no stabilising solution (its Hamiltonian matrix has
  /// eigenvalues on the imaginary axis, or not half of them in each half-plane).
  case noStabilisingSolution(detail: String)
  /// An iterative solver stopped at its iteration limit before reaching the tolerance.
  case iterativeNotConverged(method: String, iterations: Int, relativeResidual: Double, tolerance: Double)

  public var description: String {
    switch self {
    case let .lapack(routine, info):
      return "LAPACK routine \(routine) failed with info = \(info)" + (info < 0 ? " (argument \(-info) had an illegal value)" : " (the algorithm did not converge or the matrix is singular)")
    case let .singularMatrix(routine, detail):
      return "\(routine): the matrix is singular (\(detail))"
    case let .dimensionMismatch(operation, detail):
      return "\(operation): dimension mismatch (\(detail))"
    case let .unstableDrift(maxRealPart):
      return "the drift matrix is unstable: its largest eigenvalue real part is \(maxRealPart) (must be < 0 for a stationary state to exist)"
    case let .notFinite(name):
      return "\(name) contains NaN or infinite entries"
    case let .umfpack(phase, status):
      return "UMFPACK \(phase) failed with status \(status)" + (status == 1 ? " (matrix is singular)" : status == -1 ? " (out of memory)" : "")
    case let .klu(phase, status):
      return "KLU \(phase) failed with status \(status)" + (status == -2 ? " (out of memory)" : status == -4 ? " (integer overflow: matrix too large)" : "")
    case let .noStabilisingSolution(detail):
      return "the Riccati equation has no stabilising solution (\(detail))"
    case let .iterativeNotConverged(method, iterations, residual, tolerance):
      return "\(method) did not converge: relative residual \(residual) after \(iterations) iterations, tolerance \(tolerance); raise maxIterations or the tolerance, or improve the preconditioner"
    case let .memoryLimit(required, limit):
      return "the solve needs about \(MemoryBudget.describe(bytes: Double(required))), above the memory limit of \(MemoryBudget.describe(bytes: Double(limit))) (\(MemoryBudget.limitSource)); reduce the truncation or use a symmetry sector"
    }
  }
}
