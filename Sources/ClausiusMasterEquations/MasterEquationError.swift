import ClausiusModels

/// Errors raised while deriving a master equation. Each case names the offending parameter and the
/// allowed range.
public enum MasterEquationError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The global / Redfield derivations need normal modes: H_S must be positive definite.
  case hamiltonianNotPositiveDefinite(detail: String)
  /// The local / collisional derivations need each bath to act on one mode.
  case bathSpansSeveralModes(bath: String)
  /// A parameter of a derivation is out of range.
  case invalidParameter(name: String, value: Double, allowed: String)
  /// A feature this derivation does not support.
  case unsupported(String)

  public var description: String {
    switch self {
    case let .hamiltonianNotPositiveDefinite(detail):
      return "the system Hamiltonian is not positive definite (\(detail)); global and Redfield equations need stable normal modes with frequencies > 0"
    case let .bathSpansSeveralModes(bath):
      return "bath '\(bath)' couples to a combination of several modes; the local and collisional derivations need each bath to touch exactly one mode"
    case let .invalidParameter(name, value, allowed):
      return "\(name) = \(value) is not allowed; it must be \(allowed)"
    case let .unsupported(what):
      return "not supported: \(what)"
    }
  }
}
