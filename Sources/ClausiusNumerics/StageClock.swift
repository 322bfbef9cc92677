import Foundation

/// Per-stage timing lines of the Gaussian engine on standard error, switched on by `CLAUSIUS_GAUSSIAN_PROFILE`
/// (read once per process; issue 15: where the time of `clausius solve` goes). Each `mark` prints the wall and
/// thread CPU seconds since the previous mark of the same clock; nothing is built or printed when it is off.
public struct StageClock {
  public static let enabled = EnvironmentVariable.isSet("CLAUSIUS_GAUSSIAN_PROFILE")
  let label: String
  var wall: Double
  var cpu: Double

  public init(_ label: String) {
    self.label = label
    wall = Self.enabled ? Self.now(CLOCK_MONOTONIC) : 0
    cpu = Self.enabled ? Self.now(CLOCK_THREAD_CPUTIME_ID) : 0
  }

  static func now(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + 1e-9 * Double(ts.tv_nsec)
  }

  /// Prints "profile <label>: <stage> <wall> s wall, <cpu> s CPU" and restarts the clock.
  public mutating func mark(_ stage: @autoclosure () -> String) {
    guard Self.enabled else { return }
    let w = Self.now(CLOCK_MONOTONIC), c = Self.now(CLOCK_THREAD_CPUTIME_ID)
    FileHandle.standardError.write(Data(String(format: "profile %@: %@ %.3f s wall, %.3f s CPU\n", label, stage(), w - wall, c - cpu).utf8))
    wall = w; cpu = c
  }
}
