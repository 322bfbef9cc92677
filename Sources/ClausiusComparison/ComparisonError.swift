import Foundation

/// Errors of the master-equation comparison and the validity advisor. Each names the parameter, its
/// value and what is allowed.
public enum ComparisonError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The network cannot be written as unit-mass oscillators H_S = ΣP²/2 + ½XᵀKX position-coupled to
  /// Drude–Ohmic baths (the model of paper 004, Eq. 4, that the exact Langevin solution needs).
  case notPositionCoupled(parameter: String, value: String, allowed: String)
  case invalidParameter(name: String, value: String, allowed: String)
  /// A network term without an exact quantum-Langevin counterpart in any form (e.g. a custom spectral density).
  case noExactForm(parameter: String, value: String, allowed: String)

  public var description: String {
    switch self {
    case let .notPositionCoupled(p, v, a):
      return "\(p) = \(v) has no exact quantum-Langevin counterpart (allowed: \(a))"
    case let .noExactForm(p, v, a):
      return "\(p) = \(v) has no exact quantum-Langevin steady state (allowed: \(a))"
    case let .invalidParameter(n, v, a):
      return "\(n) = \(v) is not allowed (allowed: \(a))"
    }
  }
}
