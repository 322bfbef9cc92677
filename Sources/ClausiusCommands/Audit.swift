import ArgumentParser
import Clausius
import ClausiusIO
import Foundation


/// `clausius audit model.toml`: the laws of thermodynamics and quantum mechanics on every requested
/// master equation's steady state.
public struct Audit: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Check first law, Clausius inequality, zero current at equal temperatures and positivity.",
    discussion: """
      Audits the steady state of each master equation of the file (or of
      --equations):
        firstLaw     |d⟨H_S⟩/dt| = |Σ_α Q̇_α| ≤ 1e-8 × gross currents
        clausius     Σ = −Σ_α Q̇_α,local/T_α ≥ 0 (local heats, work included;
                     paper 003 App. C)
        clausiusGlobalHeat
                     −Σ_α Q̇_α/T_α ≥ 0 with global-H heats, no work term
        zeroCurrentAtEqualTemperatures
                     rerun with every bath at the mean temperature:
                     max_α |Q̇_α| ≤ 1e-8 × gross currents
        positivity   V + iΩ/2 ≥ 0 (uncertainty principle)
      Severity. A violation by a method that must obey the law is a LAW
      violation (exit status 1): global — every check; local and
      collisional — first law, clausius, positivity; Redfield — first law.
      Known failures of approximate equations are FINDINGS (exit status 0):
      the local equation's current at equal temperatures and its Clausius
      violation with global heats (paper 003 Eq. 12; paper 004 Fig. 1c),
      Redfield's loss of positivity (paper 004 Sec. II D).
      kind = "optomechanical" (paper 000): heat by Eq. 26 (full H, no work
      term), so every check is a law for every equation: firstLaw,
      clausius (ξ ≥ 0, Eq. 25), positivity (ρ ≥ 0), truncation (top-level
      populations), zeroCurrentAtEqualTemperatures — the SME and DSME fail
      the last at any g > 0 (exit status 1). kind = "cascaded": the same
      laws with flows of quanta. See docs/model-format.md.
      Examples:
        clausius audit examples/004-wire-detuned.toml
        clausius audit examples/000-optomechanics-equal-temperatures.toml
        clausius audit examples/003-chain.toml --format json
        clausius audit model.toml --equations global --quiet && echo ok
      Files (with --out DIR): DIR/audit.json, DIR/audit.csv.
      Exit status: 0 when no law is violated, 1 when one is, 2 on a bad file
      or option.
      """)

  @OptionGroup public var options: ModelOptions

  public init() {}

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let m = try options.loadForSteadyState()
    let outputDirectory = try options.outputDirectory(m)   // an unusable --out is an error before any work
    let doc = try options.modelFault { try m.family.audit() }
    if let dir = outputDirectory {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "audit.json", in: dir)
      try FigureWriter.write(Data(Self.csv(doc).utf8), to: "audit.csv", in: dir)
      options.note("wrote \(dir.path)/audit.json, \(dir.path)/audit.csv")
    }
    switch options.resolvedFormat(m) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Self.csv(doc), terminator: "")
    case .table: print(Self.table(doc, verbose: options.verbose))
    }
    if !doc.passed { throw ExitCode(1) }
  }

  /// Which checks are laws (violation = error) for each equation (see the command's discussion).

  static func table(_ d: AuditDocument, verbose: Bool) -> String {
    var out = ["\(d.title)  [\(d.file)]", ""]
    var rows: [[String]] = []
    for m in d.methods {
      if let e = m.error { rows.append([m.equation, "(not audited)", "", "", "", e]); continue }
      for c in m.checks {
        let mark = c.passed ? "ok" : (c.severity == "law" ? "VIOLATED" : "finding")
        rows.append([m.equation, c.name, Text.num(c.value), Text.num(c.tolerance), mark, verbose ? "\(c.law); \(c.note)" : c.note])
      }
    }
    out.append(Text.grid(["equation", "check", "value", "tolerance", "result", "note"], rows, left: [0, 1, 4, 5]))
    let violated = d.methods.flatMap(\.checks).filter { !$0.passed && $0.severity == "law" }.count
    let findings = d.methods.flatMap(\.checks).filter { !$0.passed && $0.severity == "finding" }.count
    out.append("")
    out.append("\(violated) law(s) violated, \(findings) known finding(s) of approximate equations")
    return out.joined(separator: "\n")
  }

  static func csv(_ d: AuditDocument) -> String {
    var lines = ["equation,check,law,value,tolerance,passed,severity,note"]
    for m in d.methods {
      if let e = m.error { lines.append([m.equation, "", "", "", "", "", "", e].map(Text.csvField).joined(separator: ",")); continue }
      for c in m.checks {
        lines.append([Text.csvField(m.equation), c.name, Text.csvField(c.law), Text.csvNumber(c.value), Text.csvNumber(c.tolerance),
                      "\(c.passed)", c.severity, Text.csvField(c.note)].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
