import ArgumentParser
import ClausiusIO
import ClausiusSystems
import ClausiusPapers
import ClausiusNumerics
import Foundation

/// `clausius reproduce <paper|all>`: runs each paper's setups on built-in defaults and prints, for every
/// check, the independent value (closed form, published value, other method or law) next to Clausius's.
public struct Reproduce: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Reproduce a paper's results (or all of them) and check them against closed forms and laws.",
    discussion: """
      Examples:
        clausius reproduce all
        clausius reproduce demo --format json
        clausius reproduce 003 --format csv > checks.csv
        clausius reproduce all --out results/
      Files written under the output folder (--out):
        report.html              self-contained report: every check, note and figure
        reproduction.json        every number with its diagnostics
        <paper>/<figure>.svg     publication-quality figure
        <paper>/<figure>.csv     its data (header row with units)
        <paper>/<figure>.json    its data and axis metadata
      Exit status: 0 when every check passes, 1 when a check fails, 2 on bad
      input or an output that cannot be written.
      """)

  @Argument(help: "Which reproduction: 'all', 'demo', or a paper number 000–004.")
  public var target: String = "all"

  @Option(name: .long, help: ArgumentHelp("Output on stdout: 'table' (terminal), 'json' (one document, docs/output-format.md) or 'csv' (one row per check).", valueName: "table|json|csv"))
  public var format: ModelOutputFormat = .table

  @Option(name: .long, help: "Output folder for report.html, reproduction.json and the figures' SVG/CSV/JSON.")
  public var out: String = "clausius-out"

  @Flag(name: .long, help: "Print solver diagnostics (residuals, trace errors, truncation populations).")
  public var verbose = false

  @Flag(name: .long, help: "No progress lines on stderr.")
  public var quiet = false

  public init() {}

  public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable { case table, json }

  public func validate() throws {
    let known = ["all"] + Reproductions.all.map(\.id) + Reproductions.pending.map(\.id)
    guard known.contains(target) else {
      throw ValidationError("unknown reproduction '\(target)'; choose one of: \(known.joined(separator: ", "))")
    }
  }

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let selected = target == "all" ? Reproductions.all : Reproductions.all.filter { $0.id == target }
    let pending = target == "all" ? Reproductions.pending : Reproductions.pending.filter { $0.id == target }
    let outURL = URL(fileURLWithPath: out, isDirectory: true)
    do { try FigureWriter.prepare(directory: outURL) } catch let error as IOError {
      // Bad input (an unusable --out), not a failed check: exit status 2.
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      throw ExitCode(2)
    }
    let quiet = self.quiet
    var reports: [ReproductionReport] = []
    for (k, r) in selected.enumerated() {
      if !quiet { FileHandle.standardError.write(Data("[\(k + 1)/\(selected.count)] \(r.id): \(r.title)\n".utf8)) }
      let start = Date()
      var report = try r.run(outputDirectory: outURL) { line in
        if !quiet { FileHandle.standardError.write(Data("      \(line)\n".utf8)) }
      }
      // JSON files a reproduction writes itself (e.g. 000/sweep-diagnostics.json) get the envelope of every document.
      for f in report.files where f.hasSuffix(".json") {
        try ClausiusJSON.adopt(fileAt: outURL.appendingPathComponent(f), document: "reproduction-data")
      }
      if !report.figures.isEmpty {
        report.files += try FigureWriter.writeFigures(of: report, to: outURL)
        if !quiet { FileHandle.standardError.write(Data("      wrote \(report.figures.count) figure(s) as SVG, CSV and JSON under \(report.paper)/\n".utf8)) }
      }
      if !quiet { FileHandle.standardError.write(Data(String(format: "      done in %.2f s\n", Date().timeIntervalSince(start)).utf8)) }
      reports.append(report)
    }
    let document = ReproductionDocument(reports: reports, pending: pending.map { PendingPaper(paper: $0.id, title: $0.title) },
                                        reportFiles: [Self.jsonFile, Self.htmlFile])
    let data = try ClausiusJSON.encoder.encode(document)
    try FigureWriter.write(data, to: Self.jsonFile, in: outURL)
    let html = HTMLReport.render(reports: reports, pending: pending.map { HTMLReport.Pending(paper: $0.id, title: $0.title) }, generated: Date())
    try FigureWriter.write(Data(html.utf8), to: Self.htmlFile, in: outURL)
    switch format {
    case .json:
      print(String(decoding: data, as: UTF8.self))
    case .csv:
      print(Self.csv(document), terminator: "")
    case .table:
      print(TableRenderer.render(document, verbose: verbose, outputFolder: outURL.path))
    }
    if !document.passed { throw ExitCode(1) }
  }

  /// One row per check (RFC 4180): paper, check, source, expected, computed, relativeError, tolerance, passed.
  static func csv(_ d: ReproductionDocument) -> String {
    var lines = ["paper,check,source,expected,computed,relativeError,tolerance,passed"]
    for r in d.reports {
      for c in r.checks {
        lines.append([Text.csvField(r.paper), Text.csvField(c.name), Text.csvField(c.equation), Text.csvNumber(c.expected), Text.csvNumber(c.computed),
                      Text.csvNumber(c.relativeError), Text.csvNumber(c.tolerance), "\(c.passed)"].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// Every number and diagnostic, at the output folder's root.
  public static let jsonFile = "reproduction.json"
  /// The self-contained HTML report, at the output folder's root.
  public static let htmlFile = "report.html"
}

/// The JSON document of `reproduce --format json`: every check is an object
/// {"name", "equation", "expected", "computed", "relativeError", "tolerance", "passed"} in a "checks"
/// array per paper.
public struct ReproductionDocument: Codable, Sendable {
  public let reports: [ReproductionReport]
  public let pending: [PendingPaper]
  /// The report files at the output folder's root ("reproduction.json", "report.html"); figure files
  /// are listed in each report's "files".
  public var reportFiles: [String]?

  public init(reports: [ReproductionReport], pending: [PendingPaper], reportFiles: [String]? = nil) {
    self.reports = reports; self.pending = pending; self.reportFiles = reportFiles
  }
  public var passed: Bool { reports.allSatisfy(\.passed) }
  public var totalChecks: Int { reports.reduce(0) { $0 + $1.checks.count } }
  public var failedChecks: Int { reports.reduce(0) { $0 + $1.checks.filter { !$0.passed }.count } }
}

public struct PendingPaper: Codable, Sendable {
  public let paper: String
  public let title: String
  public var status = "not yet implemented"
}

enum TableRenderer {
  static func render(_ doc: ReproductionDocument, verbose: Bool, outputFolder: String? = nil) -> String {
    var lines: [String] = []
    for r in doc.reports {
      lines.append("== \(r.paper): \(r.title)")
      let nameWidth = min(70, r.checks.map(\.name.count).max() ?? 10)
      lines.append(pad("check", nameWidth) + "  " + pad("source", 28) + "  " + lpad("expected", 14) + "  " + lpad("computed", 14) + "  " + lpad("rel. err", 9) + "  " + lpad("tol", 7) + "  ok")
      for c in r.checks {
        lines.append(pad(c.name, nameWidth) + "  " + pad(c.equation, 28) + "  " + lpad(fmt(c.expected), 14) + "  " + lpad(fmt(c.computed), 14) + "  "
                     + lpad(String(format: "%.1e", c.relativeError), 9) + "  " + lpad(String(format: "%.0e", c.tolerance), 7) + "  " + (c.passed ? "PASS" : "FAIL"))
      }
      for n in r.notes { lines.append("  note: \(n)") }
      if verbose { for (k, v) in r.diagnostics.sorted(by: { $0.key < $1.key }) { lines.append("  diagnostic \(k) = \(String(format: "%.3e", v))") } }
      for f in r.files { lines.append("  wrote \(f)") }
      lines.append("")
    }
    for p in doc.pending { lines.append("-- \(p.paper): \(p.title): \(p.status)") }
    for f in doc.reportFiles ?? [] { lines.append("wrote \(f)") }
    if let outputFolder { lines.append("(files written under \(outputFolder)/)") }
    lines.append("\(doc.totalChecks - doc.failedChecks) passed, \(doc.failedChecks) failed")
    return lines.joined(separator: "\n")
  }
  static func fmt(_ x: Double) -> String { String(format: "%.6e", x) }
  static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? String(s.prefix(w)) : s + String(repeating: " ", count: w - s.count) }
  static func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
}
