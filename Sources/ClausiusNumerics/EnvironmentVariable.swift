import Foundation

/// One environment variable, read with `getenv`. (`ProcessInfo.processInfo.environment` copies the whole
/// environment into a dictionary on every access — measured at ~2 % of a (4, 40) Fock steady-state solve when
/// the solver's profiling switch was read through it.)
public enum EnvironmentVariable {
  /// The value of `name`, or nil when it is not set.
  public static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
  /// Whether `name` is set (to anything, including the empty string).
  public static func isSet(_ name: String) -> Bool { getenv(name) != nil }
}

/// Timing lines of the sparse steady-state solvers on standard error, switched on by `CLAUSIUS_FOCK_PROFILE`
/// (read once per process). The line is only built when profiling is on.
public enum SolverProfile {
  public static let enabled = EnvironmentVariable.isSet("CLAUSIUS_FOCK_PROFILE")
  public static func log(_ line: @autoclosure () -> String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data((line() + "\n").utf8))
  }
}
