import CSuiteSparse
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if !canImport(Darwin)
/// glibc's malloc_usable_size (declared in <malloc.h>, which Glibc's module does not export).
@_silgen_name("malloc_usable_size") private func mallocUsableSize(_ p: UnsafeMutableRawPointer) -> Int
#endif

/// A hard cap on the memory SuiteSparse (UMFPACK) allocates on the calling thread, so that a factorisation can be
/// *tried* under a memory budget instead of being refused on UMFPACK's a-priori estimate.
///
/// Why: UMFPACK's symbolic analysis bounds the numeric factorisation's peak memory assuming worst-case pivoting and
/// front growth (`Info[UMFPACK_PEAK_MEMORY_ESTIMATE]`); on paper 000's Liouvillians the real peak
/// (`Info[UMFPACK_PEAK_MEMORY]`, known after `umfpack_zl_numeric`) is ≈ 10× smaller (measured in BENCHMARKS.md, "Sparse LU
/// decided from the real factor size"), so an LU that fits was refused. Under the cap, UMFPACK's allocations and
/// reallocations fail once the thread's live SuiteSparse memory would exceed the limit; UMFPACK then compacts its
/// workspace and retries smaller, and returns `UMFPACK_ERROR_out_of_memory` when the factors really do not fit —
/// a clean status the caller turns into its fallback, never an over-commitment of the machine.
///
/// How: SuiteSparse routes every allocation through the function pointers of `SuiteSparse_config`; they are replaced
/// once (process-wide) by wrappers of malloc/calloc/realloc/free that, on a thread with an active budget (`run`), count
/// the live bytes (`malloc_usable_size`, so blocks allocated before the wrappers were installed are freed correctly)
/// and refuse an allocation above the limit. Threads without a budget pass straight through.
public enum SuiteSparseMemoryCap {
  /// The live bytes, the peak and whether an allocation was refused, of one budget (one thread).
  final class Budget {
    let limit: Int
    var inUse = 0
    var peak = 0
    var refused = false
    init(limit: Int) { self.limit = limit }
    func admit(_ bytes: Int) -> Bool {
      if inUse + bytes > limit { refused = true; return false }
      return true
    }
    func add(_ bytes: Int) { inUse += bytes; peak = Swift.max(peak, inUse) }
  }

  /// What `run` measured.
  public struct Usage: Sendable, Equatable {
    /// The largest live SuiteSparse memory of the thread during the run (bytes, as allocated by malloc).
    public var peakBytes: Int
    /// Whether an allocation was refused because it would have exceeded the limit.
    public var refused: Bool
  }

  nonisolated(unsafe) private static var key = pthread_key_t()

  private static let installed: Bool = {
    pthread_key_create(&key, nil)
    // The C global `SuiteSparse_config`, by its address (a Swift reference to the C variable is refused as shared
    // mutable state; it is written once here, before any budget is active).
    #if canImport(Darwin)
    let defaultHandle = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
    #else
    let defaultHandle = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
    #endif
    guard let symbol = dlsym(defaultHandle, "SuiteSparse_config") else { return false }
    let config = symbol.assumingMemoryBound(to: SuiteSparse_config_struct.self)
    config.pointee.malloc_func = { size in
      guard let b = current else { return malloc(size) }
      guard b.admit(size) else { return nil }
      let p = malloc(size)
      if let p { b.add(usableSize(p)) }
      return p
    }
    config.pointee.calloc_func = { count, size in
      guard let b = current else { return calloc(count, size) }
      let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow, b.admit(bytes) else { b.refused = true; return nil }
      let p = calloc(count, size)
      if let p { b.add(usableSize(p)) }
      return p
    }
    config.pointee.realloc_func = { old, size in
      guard let b = current else { return realloc(old, size) }
      let before = old.map(usableSize) ?? 0
      guard b.admit(size - before) else { return nil }  // a failed realloc leaves the old block untouched (C semantics)
      let p = realloc(old, size)
      if let p { b.add(usableSize(p) - before) }
      return p
    }
    config.pointee.free_func = { p in
      if let p, let b = current { b.inUse -= usableSize(p) }
      free(p)
    }
    return true
  }()

  private static var current: Budget? {
    pthread_getspecific(key).map { Unmanaged<Budget>.fromOpaque($0).takeUnretainedValue() }
  }

  private static func usableSize(_ p: UnsafeMutableRawPointer) -> Int {
    #if canImport(Darwin)
    return malloc_size(p)
    #else
    return mallocUsableSize(p)
    #endif
  }

  /// Whether the allocation wrappers are installed (false only if the `SuiteSparse_config` symbol cannot be found; the
  /// cap is then not enforced and `run` reports `enforced = false`).
  public static var isEnforced: Bool { installed }

  /// Runs `body` with SuiteSparse's allocations on this thread capped at `limitBytes` (live bytes). Budgets do not nest:
  /// an inner `run` replaces the outer budget for its duration.
  public static func run<T>(limitBytes: Int, _ body: () throws -> T) rethrows -> (value: T, usage: Usage) {
    _ = installed
    let budget = Budget(limit: limitBytes)
    let previous = pthread_getspecific(key)
    pthread_setspecific(key, Unmanaged.passUnretained(budget).toOpaque())
    defer { pthread_setspecific(key, previous) }
    let value = try withExtendedLifetime(budget) { try body() }
    return (value, Usage(peakBytes: budget.peak, refused: budget.refused))
  }
}
