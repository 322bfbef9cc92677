import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// Output format of the model commands.
public enum ModelOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable { case table, json, csv }

/// Options shared by `solve`, `sweep` and `audit`.
public struct ModelOptions: ParsableArguments {
  @Argument(help: ArgumentHelp("The model file (TOML; format: docs/model-format.md), or - to read it from standard input.", valueName: "model.toml"))
  public var model: String

  @Option(name: .long, help: ArgumentHelp("Output on stdout: 'table' (terminal), 'json' (every number and diagnostic) or 'csv' (one row per method/point). Default: the file's [output] format, else table.", valueName: "table|json|csv"))
  public var format: ModelOutputFormat?

  @Option(name: .long, help: ArgumentHelp("Also write the results (JSON, CSV; SVG figures for sweep) into this folder, e.g. --out results/. Default: the file's [output] directory, else nothing is written.", valueName: "DIR"))
  public var out: String?

  @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Master equations to use, overriding the file's [solve] equations, e.g. --equations local global. Networks: local, global, redfield, partialRedfield, collisional; kind = \"optomechanical\": sme, dsme, gme<n> (n even), gme<n>-fc, global.", valueName: "name"))
  public var equations: [String] = []

  @Flag(name: .long, help: "No progress or notes on stderr.")
  public var quiet = false

  @Flag(name: .long, help: "Solver diagnostics in the table: Lyapunov residual, uncertainty margin, ν_min, blocks, warnings.")
  public var verbose = false

  public init() {}

  /// `--format`, else the file's `[output] format`, else the table.
  func resolvedFormat(fileFormat: String?) -> ModelOutputFormat {
    format ?? fileFormat.flatMap(ModelOutputFormat.init(rawValue:)) ?? .table
  }

  /// `--out`, else the file's `[output] directory` (created), else none.
  func outputDirectory(fileDirectory: String?) throws -> URL? {
    guard let dir = out ?? fileDirectory else { return nil }
    let url = URL(fileURLWithPath: dir, isDirectory: true)
    do { try FigureWriter.prepare(directory: url) } catch let e as IOError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    }
    return url
  }

  /// Runs `body`; a `ModelFileError` — the model itself is at fault (a bad file, a truncation too small for the state,
  /// a network without an exact steady state) — is printed as `error: file:line: …` and becomes exit status 2.
  func modelFault<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ModelFileError {
      ModelInput.report(e, format: format)
      throw ExitCode(ClausiusCommand.Status.badInput)
    }
  }

  func note(_ s: String) { if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) } }

  /// Loads the model for a steady-state command and prints its family's notes on how it is read (stderr).
  func loadForSteadyState() throws -> ModelDescription {
    let d = try loadDescription()
    for n in d.family.steadyStateNotes { note(n) }
    return d
  }
}

extension ModelOptions {
  /// Loads any model kind (exit status 2 with the message on stderr when the file is bad), applying --equations.
  func loadDescription() throws -> ModelDescription {
    try modelFault {
      let input = try ModelInput.source(model)
      var d = try ModelDescription(source: input.text, file: input.file)
      if !equations.isEmpty {
        do { d = try d.withEquations(equations) } catch let e as ModelFileError where e.key == "solve.equations" {
          let name = (e.value ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
          let why = e.message.hasPrefix("unknown master equation") ? "unknown master equation '\(name)'" : e.message
          throw ValidationError("--equations: \(why); allowed: \(e.allowed ?? d.equationNamesAllowed)")
        }
      }
      return d
    }
  }

  func resolvedFormat(_ d: ModelDescription) -> ModelOutputFormat { resolvedFormat(fileFormat: d.outputFormat) }

  func outputDirectory(_ d: ModelDescription) throws -> URL? { try outputDirectory(fileDirectory: d.outputDirectory) }
}
