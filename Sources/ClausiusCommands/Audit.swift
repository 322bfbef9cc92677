import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// One law checked on one master equation's steady state.
public struct AuditCheck: Codable, Sendable, Equatable {
  /// firstLaw, clausius, clausiusGlobalHeat, zeroCurrentAtEqualTemperatures, positivity.
  public var name: String
  /// The law in symbols.
  public var law: String
  /// The audited number (its meaning is in `law`).
  public var value: Double
  /// The bound it is compared with.
  public var tolerance: Double
  public var passed: Bool
  /// "law": a violation is an error of this method (exit status 1); "finding": a known limitation of
  /// this approximate equation, reported but not an error.
  public var severity: String
  public var note: String
}

/// The audit of one master equation.
public struct AuditMethod: Codable, Sendable, Equatable {
  public var equation: String
  /// Why it could not be audited (no steady state, not applicable).
  public var error: String?
  public var checks: [AuditCheck]
}

/// The JSON document of `clausius audit`.
public struct AuditDocument: Codable, Sendable {
  public var file: String
  public var title: String
  /// The common temperature used for the zero-current check (mean of the bath temperatures).
  public var equalTemperature: Double
  public var methods: [AuditMethod]
  /// False when a "law" check failed.
  public var passed: Bool
}

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
    let m = try options.loadDescription()
    let outputDirectory = try options.outputDirectory(m)   // an unusable --out is an error before any work
    let doc = KindSolver.audit(m)
    if case let .optomechanical(om) = m, let e = doc.methods.compactMap(\.error).first(where: { $0.contains("truncation") && $0.hasPrefix(om.file) }) {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    }
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
  static func isLaw(_ check: String, equation: String) -> Bool {
    switch equation {
    case "global": return true
    case "local", "collisional": return ["firstLaw", "clausius", "positivity"].contains(check)
    default: return check == "firstLaw"
    }
  }

  /// Relative tolerance of the first law and of the zero-current check: the Lyapunov residuals are
  /// ≤ 1e-11 on the examples, and the heats are sums of terms of the size of the gross currents, so
  /// round-off stays orders below 1e-8 even for drifts with condition numbers near 1e6.
  static let relativeTolerance = 1e-8

  public static func audit(_ m: ModelFile) -> AuditDocument {
    let temps = m.network.baths.map(\.temperature)
    let tEqual = temps.isEmpty ? 0 : temps.reduce(0, +) / Double(temps.count)
    var methods: [AuditMethod] = []
    for choice in m.equations {
      var am = AuditMethod(equation: choice.name, checks: [])
      func add(_ name: String, _ law: String, _ value: Double, _ tol: Double, _ passed: Bool, _ note: String) {
        am.checks.append(AuditCheck(name: name, law: law, value: value, tolerance: tol, passed: passed,
                                    severity: isLaw(name, equation: choice.name) ? "law" : "finding", note: note))
      }
      do {
        let ss = try m.network.masterEquation(choice.derivation).gaussianSteadyState()
        let th = ss.thermodynamics
        add("firstLaw", "|Σ_α Q̇_α| / gross ≤ tol", th.firstLaw.relativeResidual, relativeTolerance,
            th.firstLaw.relativeResidual <= relativeTolerance, "d⟨H_S⟩/dt = \(Text.num(th.firstLaw.energyRate))")
        add("clausius", "Σ = −Σ_α Q̇_α,local/T_α ≥ −tol", th.secondLaw.entropyProduction, th.secondLaw.tolerance,
            th.secondLaw.holds, "entropy production with local heats (includes the work cost)")
        if choice.name != "global" {
          let s = th.secondLaw.globalHeatEntropyProduction
          add("clausiusGlobalHeat", "−Σ_α Q̇_α/T_α ≥ −tol (global-H heats)", s, th.secondLaw.tolerance, s >= -th.secondLaw.tolerance,
              s >= -th.secondLaw.tolerance ? "holds" : "heat flows against the temperature gradient when counted with the global H_S (Levy–Kosloff)")
        }
        let d = ss.diagnostics
        add("positivity", "min eig(V + iΩ/2) ≥ 0", d.uncertaintyMargin, 1e-10 * max(1, abs(d.physicality)), d.isPhysical,
            d.isPhysical ? "uncertainty principle holds" : "the steady state violates the uncertainty principle")
        if temps.count >= 2 {
          let eqNet = try m.network.withTemperatures(Array(repeating: tEqual, count: temps.count))
          let th0 = try eqNet.masterEquation(choice.derivation).gaussianSteadyState().thermodynamics
          let worst = th0.baths.map { max(abs($0.heat), abs($0.countedHeat)) }.max() ?? 0
          let rel = th0.firstLaw.scale > 0 ? worst / th0.firstLaw.scale : worst
          add("zeroCurrentAtEqualTemperatures", "max_α |Q̇_α| / gross ≤ tol at T_α = \(Text.num(tEqual))", rel, relativeTolerance, rel <= relativeTolerance,
              rel <= relativeTolerance ? "no current without a temperature difference"
                : "current \(Text.num(worst)) flows between baths at equal temperature")
        }
      } catch {
        am.error = "\(error)"
      }
      methods.append(am)
    }
    let passed = methods.allSatisfy { $0.checks.allSatisfy { $0.passed || $0.severity != "law" } }
    return AuditDocument(file: m.file, title: m.title, equalTemperature: tEqual, methods: methods, passed: passed)
  }

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
