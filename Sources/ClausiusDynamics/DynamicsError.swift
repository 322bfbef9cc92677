/// Errors of the time-evolution layer. Each names the offending quantity and the allowed range.
public enum DynamicsError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A parameter (time, step count, temperature, tolerance, …) is out of range.
  case invalidParameter(name: String, value: String, allowed: String)
  /// An initial state does not fit the model (wrong number of modes, not a physical state, …).
  case invalidInitialState(String)
  /// The evolution lost its own checks (non-finite numbers, a failed Krylov step).
  case failed(String)

  public var description: String {
    switch self {
    case let .invalidParameter(name, value, allowed): return "\(name) = \(value) is not allowed; it must be \(allowed)"
    case let .invalidInitialState(s): return "invalid initial state: \(s)"
    case let .failed(s): return "time evolution failed: \(s)"
    }
  }
}

/// Checks an output time grid: finite, ≥ 0, strictly increasing, non-empty.
public func validatedTimes(_ times: [Double]) throws -> [Double] {
  guard !times.isEmpty else { throw DynamicsError.invalidParameter(name: "times", value: "[]", allowed: "at least one time ≥ 0") }
  for (k, t) in times.enumerated() {
    guard t.isFinite, t >= 0 else { throw DynamicsError.invalidParameter(name: "times[\(k)]", value: "\(t)", allowed: "finite and ≥ 0") }
    if k > 0, !(t > times[k - 1]) {
      throw DynamicsError.invalidParameter(name: "times[\(k)]", value: "\(t)", allowed: "strictly greater than the previous time \(times[k - 1])")
    }
  }
  return times
}

/// The uniform grid t_k = k T/N, k = 0…N.
public func uniformTimes(final t: Double, steps n: Int) throws -> [Double] {
  guard t.isFinite, t > 0 else { throw DynamicsError.invalidParameter(name: "time", value: "\(t)", allowed: "finite and > 0") }
  guard n >= 1, n <= 1_000_000 else { throw DynamicsError.invalidParameter(name: "steps", value: "\(n)", allowed: "1 … 1000000") }
  return (0...n).map { t * Double($0) / Double(n) }
}
