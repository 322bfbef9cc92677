/// Errors raised while building a model. Each case names the parameter, its value and the allowed
/// range, and reads as a sentence a physicist can act on.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A scalar parameter is outside its allowed range (or not finite).
  case invalidParameter(name: String, value: Double, allowed: String)
  /// A bath's operator has a zero-frequency (dephasing) component whose rate γ(0) is undefined for its density.
  case zeroFrequencyRateUndefined(bath: String, density: String, weight: Double)
  /// A mode index does not exist in the network.
  case modeIndexOutOfRange(parameter: String, index: Int, modeCount: Int)
  /// A two-mode term connects a mode to itself.
  case selfCoupling(parameter: String, mode: Int)
  /// A vector has the wrong length or is identically zero.
  case invalidVector(parameter: String, detail: String)
  /// The network has no modes.
  case emptyNetwork

  public var description: String {
    switch self {
    case let .invalidParameter(name, value, allowed):
      return "\(name) = \(value) is not allowed; it must be \(allowed)"
    case let .zeroFrequencyRateUndefined(bath, density, weight):
      return "bath '\(bath)': its operator has a zero-frequency component (largest |⟨i|S|j⟩| with E_i = E_j: \(weight)) whose rate γ(0) = lim 2J(ω)(n̄+1) diverges for \(density); give the bath a zero_frequency_rate, or use an Ohmic density (γ(0) = 2λ²T)"
    case let .modeIndexOutOfRange(parameter, index, modeCount):
      return "\(parameter) refers to mode \(index), but the network has modes 0..<\(modeCount)"
    case let .selfCoupling(parameter, mode):
      return "\(parameter) couples mode \(mode) to itself; a two-mode term needs two different modes"
    case let .invalidVector(parameter, detail):
      return "\(parameter): \(detail)"
    case .emptyNetwork:
      return "the network has no modes; give at least one frequency"
    }
  }
}

@inline(__always) func require(_ value: Double, _ name: String, positive: Bool = false, nonNegative: Bool = false) throws {
  guard value.isFinite else { throw ModelError.invalidParameter(name: name, value: value, allowed: "finite") }
  if positive, !(value > 0) { throw ModelError.invalidParameter(name: name, value: value, allowed: "> 0") }
  if nonNegative, !(value >= 0) { throw ModelError.invalidParameter(name: name, value: value, allowed: "≥ 0") }
}
