import Foundation

/// The memory a solve may use, and the estimates compared with it before anything large is allocated.
///
/// The limit is `CLAUSIUS_MEMORY_LIMIT_MB` (a positive integer, MiB) when set, else 75 % of the physical memory
/// (`MemTotal` of /proc/meminfo), else 16 GiB where /proc/meminfo is unavailable. Solvers that allocate memory
/// growing faster than their input (dense matrices of size N², Liouvillians of a d²-dimensional space, LU fill)
/// estimate their peak first and throw `NumericsError.memoryLimit` with the estimate and the limit instead of
/// allocating (docs/model-format.md, "Memory").
public enum MemoryBudget {
  /// Fraction of the physical memory used as the default limit.
  public static let physicalFraction = 0.75

  /// The limit in bytes (read on every call: tests and the CLI may set the variable).
  public static var limitBytes: Int {
    if let mb = environmentLimitMiB { return mb > Int.max >> 21 ? Int.max >> 1 : mb << 20 }
    if let total = physicalMemoryBytes { return Int(physicalFraction * Double(total)) }
    return 16 << 30
  }

  /// Where the limit comes from, for messages.
  public static var limitSource: String {
    if environmentLimitMiB != nil { return "CLAUSIUS_MEMORY_LIMIT_MB" }
    if physicalMemoryBytes != nil { return "75 % of the physical memory; set CLAUSIUS_MEMORY_LIMIT_MB to change it" }
    return "default 16 GiB; set CLAUSIUS_MEMORY_LIMIT_MB to change it"
  }

  /// `CLAUSIUS_MEMORY_LIMIT_MB` as a positive integer (nil when unset or not a positive integer).
  static var environmentLimitMiB: Int? {
    guard let v = EnvironmentVariable.value("CLAUSIUS_MEMORY_LIMIT_MB"), let mb = Int(v.trimmingCharacters(in: .whitespaces)), mb > 0 else { return nil }
    return mb
  }

  /// `MemTotal` from /proc/meminfo in bytes (nil when unreadable).
  public static let physicalMemoryBytes: Int? = {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
      let fields = line.split(separator: " ")
      if fields.count >= 2, let kb = Int(fields[1]) { return kb * 1024 }
    }
    return nil
  }()

  /// "16.6 GB" (decimal units, three significant digits; "5.93e+63 bytes" beyond 1000 EB).
  public static func describe(bytes: Double) -> String {
    guard bytes.isFinite else { return "more than 10^308 bytes" }
    if bytes >= 1e21 { return String(format: "%.3g bytes", bytes) }
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
    var x = bytes, u = 0
    while x >= 1000 && u < units.count - 1 { x /= 1000; u += 1 }
    return u == 0 ? "\(Int(x)) bytes" : String(format: x >= 100 ? "%.0f %@" : "%.3g %@", x, units[u])
  }

  /// Throws `NumericsError.memoryLimit` when `estimate` (bytes) exceeds `limit`.
  public static func require(_ estimate: Double, limit: Int = limitBytes) throws {
    if !(estimate <= Double(limit)) { throw NumericsError.memoryLimit(requiredBytes: clampedBytes(estimate), limitBytes: limit) }
  }

  /// `bytes` as an Int, saturating (an estimate may exceed Int.max or be infinite).
  public static func clampedBytes(_ bytes: Double) -> Int { bytes.isFinite && bytes < 0x1p62 ? Int(Swift.max(bytes, 0)) : 1 << 62 }
}
