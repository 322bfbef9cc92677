#if canImport(Glibc)
@preconcurrency import Glibc  // stdout (a C global) for the final flush check
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import ArgumentParser
import ClausiusIO
import ClausiusNumerics
import Foundation

/// The `clausius` command tree.
public struct ClausiusCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "clausius",
    abstract: "Heat transport through open quantum systems: master equations, steady states, heat, work and entropy.",
    discussion: """
      Units: ħ = k_B = 1; frequencies are angular and double as energies, temperatures are energies.
      Heat is positive when it enters the system from a bath. See docs/conventions.md.
      BLAS runs on one thread unless CLAUSIUS_BLAS_THREADS is set.
      Exit status (every command): 0 success; 1 a law is violated or a result's own diagnostics or checks
      failed; 2 bad input or usage (file, option, value) or an output that cannot be written (a folder in
      place of a file, a read-only folder, a full disk, a closed standard output); 3 an unexpected
      internal error. JSON output: docs/output-format.md.
      """,
    version: ClausiusVersion.line,
    subcommands: [Reproduce.self, Solve.self, Audit.self, Sweep.self, Merge.self, Compare.self, Evolve.self, AdvisorGrade.self])
  public init() {}

  /// Exit statuses of every command (docs/output-format.md, README).
  public enum Status {
    public static let success: Int32 = 0
    /// A law is violated, or a result's own diagnostics or a reproduction's checks failed.
    public static let lawViolated: Int32 = 1
    /// Bad input or usage, or an output that cannot be written.
    public static let badInput: Int32 = 2
    /// An unexpected error (a bug: please report it with the command line).
    public static let internalError: Int32 = 3
  }

  /// The exit status of a command that ended with `error` — the one place where ArgumentParser's statuses are
  /// mapped to Clausius's: usage and validation errors (ArgumentParser's EX_USAGE, 64) become 2 as `--help`
  /// promises; an unwritable output (`IOError`) is 2; `ExitCode`s thrown by the commands are kept; any other
  /// error is an internal error (3).
  public static func exitStatus(for error: Error) -> Int32 {
    if error is IOError { return Status.badInput }
    if let e = error as? ExitCode { return e.rawValue == ExitCode.validationFailure.rawValue ? Status.badInput : e.rawValue }
    let code = exitCode(for: error).rawValue
    if code == ExitCode.validationFailure.rawValue { return Status.badInput }
    if code == ExitCode.success.rawValue { return Status.success }
    // ArgumentParser gives EXIT_FAILURE (1) to errors it does not know; 1 is reserved for violated laws.
    return Status.internalError
  }

  /// Parses `arguments` (default: the process's), runs the command, checks that everything written to standard
  /// output reached it, and exits with the status of `exitStatus(for:)`. The entry point of `clausius`.
  public static func runAndExit(_ arguments: [String]? = nil) -> Never {
    var status = Status.success
    var running: ParsableCommand.Type?
    do {
      var command = try parseAsRoot(arguments)
      running = type(of: command)
      try command.run()
    } catch {
      status = exitStatus(for: error)
      var message = fullMessage(for: error)
      if let running, running != ClausiusCommand.self, error is ValidationError || error is IOError {
        // An error of the command that ran (bad option value found while running, unwritable output): the reason
        // and where its options are explained.
        message = "Error: \(error)\n  See 'clausius \(running._commandName) --help' for more information."
      }
      if !message.isEmpty {
        if status == Status.success { print(message) } else { StandardStreams.error(message) }
      }
      if status == Status.internalError {
        StandardStreams.error("clausius: internal error (exit status 3); please report it with the command line")
      }
    }
    if let failure = StandardStreams.flushOutput() {
      StandardStreams.error("error: could not write the results to standard output: \(failure) (the output is incomplete)")
      status = Status.badInput
    }
    Foundation.exit(status)
  }
}

/// Standard output and error with write errors detected (a full disk, `> /dev/full`, a closed pipe).
public enum StandardStreams {
  /// Writes a line to standard error.
  public static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// Flushes standard output; the reason when a write to it failed (now or earlier), nil when all of it was written.
  public static func flushOutput() -> String? {
    errno = 0
    let flushed = fflush(stdout) == 0
    if flushed && ferror(stdout) == 0 { return nil }
    let e = errno
    return e != 0 ? String(cString: strerror(e)) : "write error"
  }
}
