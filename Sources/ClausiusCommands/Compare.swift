import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// One master equation graded against the exact quantum-Langevin steady state.
public struct CompareRow: Codable, Sendable, Equatable {
  public var equation: String
  public var error: String?
  /// Q̇_α with the global H_S (> 0 into the system).
  public var heatCurrents: [Double]
  /// Uhlmann fidelity F(V_exact, V_method) (paper 004, Eq. 35); nil if the state is unphysical.
  public var fidelity: Double?
  /// |Q̇_α − Q̇_α^exact| / max_β |Q̇_β^exact|.
  public var currentErrors: [Double]
  /// Baths whose current has the wrong sign.
  public var reversedCurrents: [Int]
  /// max|V − V_exact| / max|V_exact|.
  public var covarianceError: Double
  /// Same over the inter-mode blocks.
  public var correlationError: Double
  public var entropyProduction: Double
  public var globalHeatEntropyProduction: Double
  public var secondLawHolds: Bool
  public var uncertaintyMargin: Double
  public var physical: Bool
  public var lyapunovResidual: Double
  /// "accurate" (current and covariance errors ≤ 1e-2), "inaccurate", "unphysical" or "failed".
  public var verdict: String
}

/// The JSON document of `clausius compare`.
public struct CompareDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  /// Exact (Landauer) heat currents per bath and the exact entropy production.
  public var exactHeatCurrents: [Double]
  public var exactEntropyProduction: Double
  public var baths: [String]
  public var methods: [CompareRow]
  /// The method with the smallest max(covariance error, current error).
  public var mostAccurate: String?
  /// The validity advisor's recommendation (nil: none of the master equations; trust the exact state).
  public var recommended: String?
  public var reasons: [String]
}

/// `clausius compare model.toml`: every master equation against the exact solution (linear models).
public struct Compare: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Grade the master equations against the exact quantum-Langevin steady state.",
    discussion: """
      For a position-coupled harmonic network with Ohmic–Drude baths (paper
      004, Eq. 4: springs and XX couplings, baths through X = x/√ω, no drives)
      the exact non-equilibrium steady state is computed from the quantum
      Langevin equations (frequency integrals, Landauer currents), and each
      master equation of the file (or --equations) is graded against it:
        1 − F        infidelity (Uhlmann fidelity of Gaussian states,
                     paper 004 Eq. 35)
        current err  |Q̇_α − Q̇_α,exact| / max|Q̇_exact|; reversed currents
        cov err      max|V − V_exact| / max|V_exact| (corr err: inter-mode
                     blocks only)
        Σ ≥ 0        Clausius inequality with the method's heats
        V+iΩ/2 ≥ 0   positivity (uncertainty principle)
      Verdict per method: accurate (errors ≤ 1e-2), inaccurate, unphysical or
      failed; then the validity advisor's recommendation and its reasons.
      Examples:
        clausius compare examples/004-wire-detuned.toml
        clausius compare examples/004-wire-quasi-resonant.toml --format json
        clausius compare model.toml --equations global local --out results/
      Other kinds:
        optomechanical       every equation against the all-sideband global
                             equation (GME∞) in Fock space.
        optomechanical-ring  the exact linearised ring (paper 002, Eq. 4)
                             against the effective theory (Eqs. 8–14, S16):
                             Q_C, per-site ⟨d†d⟩ and mechanical-bath heat,
                             relative differences, and a verdict: the
                             effective theory is valid when both models are
                             stable and δ = ‖σ_eff − σ_exact‖₂/‖(σ_eff +
                             σ_exact)/2‖₂ ≤ 5 % (Supplement Fig. S1(c)).
        cascaded             independent routes to n̄_i and the flows of
                             quanta (paper 001): the cascaded master equation
                             (reference), the Langevin form (Eq. 2), the
                             closed forms (C1)–(C2) when N = 2 and κ_1 = κ_2 =
                             γ_1 = γ_2, θ_1 = 0, and a Fock-space solve when
                             a truncation with ≤ 64 states suffices. Routes
                             that do not apply are listed with the reason;
                             if only one applies its numbers are printed with
                             a note (exit status 0).
      Files (with --out DIR): DIR/compare.json, DIR/compare.csv.
      Exit status: 0 on success; 1 when the reference of a cascaded or ring
      model has no steady state; 2 on a bad file or option, or a network
      model without an exact Langevin form (hopping, squeezing, drives, flat
      baths, x–p couplings).
      """)

  @OptionGroup public var options: ModelOptions

  public init() {}

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let described = try options.loadDescription()
    switch described {
    case .network: try compareNetwork()
    case let .optomechanical(om):
      let doc = KindSolver.compareFock(om)
      if let dir = try options.outputDirectory(described) {
        try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "compare.json", in: dir)
        try FigureWriter.write(Data(KindSolver.compareFockCSV(doc).utf8), to: "compare.csv", in: dir)
        options.note("wrote \(dir.path)/compare.json, \(dir.path)/compare.csv")
      }
      switch options.resolvedFormat(described) {
      case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
      case .csv: print(KindSolver.compareFockCSV(doc), terminator: "")
      case .table: print(KindSolver.compareFockTable(doc))
      }
      return
    case let .cascaded(c): try emitRoutes(KindSolver.compareCascade(c), described)
    case let .ring(r): try emitRoutes(KindSolver.compareRing(r), described)
    case let .openSystem(o): try emitRoutes(KindSolver.compareOpenSystem(o), described)
    }
  }

  /// Writes/prints a cascaded or ring comparison; exit status 1 when the reference route has no steady state.
  func emitRoutes(_ doc: RouteCompareDocument, _ described: ModelDescription) throws {
    if let dir = try options.outputDirectory(described) {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "compare.json", in: dir)
      try FigureWriter.write(Data(KindSolver.routeCompareCSV(doc).utf8), to: "compare.csv", in: dir)
      options.note("wrote \(dir.path)/compare.json, \(dir.path)/compare.csv")
    }
    switch options.resolvedFormat(described) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(KindSolver.routeCompareCSV(doc), terminator: "")
    case .table: print(KindSolver.routeCompareTable(doc))
    }
    // The reference route must exist; the others may be inapplicable (reported in the document).
    if doc.routes[0].error != nil { throw ExitCode(1) }
  }

  func compareNetwork() throws {
    let m = try options.load()
    let doc: CompareDocument
    do { doc = try Self.compare(m) } catch {
      FileHandle.standardError.write(Data("error: \(m.file): compare needs a linear, position-coupled model with Ohmic–Drude baths: \(error)\n".utf8))
      throw ExitCode(2)
    }
    if let dir = try options.outputDirectory(m) {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "compare.json", in: dir)
      try FigureWriter.write(Data(Self.csv(doc).utf8), to: "compare.csv", in: dir)
      options.note("wrote \(dir.path)/compare.json, \(dir.path)/compare.csv")
    }
    switch options.resolvedFormat(m) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Self.csv(doc), terminator: "")
    case .table: print(Self.table(doc, verbose: options.verbose))
    }
  }

  /// Errors ≤ this count as "accurate" (Born–Markov equations are O(λ²) accurate; 1e-2 is the state
  /// tolerance used for the paper 004 cross-checks).
  static let accuracyThreshold = 1e-2

  public static func compare(_ m: ModelFile) throws -> CompareDocument {
    let c = try MasterEquationComparison(network: m.network, derivations: m.equations.map(\.derivation))
    let rows: [CompareRow] = zip(m.equations, c.rows).map { choice, r in
      let verdict: String
      if r.failure != nil { verdict = "failed" } else if !r.isPhysical { verdict = "unphysical" } else if r.score <= accuracyThreshold { verdict = "accurate" } else { verdict = "inaccurate" }
      return CompareRow(equation: choice.name, error: r.failure, heatCurrents: r.heatCurrents, fidelity: r.fidelity, currentErrors: r.currentErrors,
                        reversedCurrents: r.reversedCurrents, covarianceError: r.covarianceError, correlationError: r.correlationError,
                        entropyProduction: r.entropyProduction, globalHeatEntropyProduction: r.globalHeatEntropyProduction,
                        secondLawHolds: r.secondLawHolds, uncertaintyMargin: r.uncertaintyMargin, physical: r.isPhysical,
                        lyapunovResidual: r.residual, verdict: verdict)
    }
    let best = c.mostAccurate.flatMap { b in zip(m.equations, c.rows).first { $0.1.derivation == b.derivation }?.0.name }
    let advice = try? ValidityAdvisor().advise(m.network)
    return CompareDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), exactHeatCurrents: c.exactHeatCurrents,
                           exactEntropyProduction: c.exactEntropyProduction, baths: m.network.baths.map(\.name), methods: rows,
                           mostAccurate: best, recommended: advice.map { $0.recommended.map(\.description) ?? "exact" },
                           reasons: advice?.reasons ?? ["the validity advisor does not apply to this model"])
  }

  static func table(_ d: CompareDocument, verbose: Bool) -> String {
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)",
               "exact: " + zip(d.baths, d.exactHeatCurrents).map { "Q̇ \($0) = \(Text.num($1))" }.joined(separator: ", ")
                 + ", Σ = \(Text.num(d.exactEntropyProduction))", ""]
    var rows: [[String]] = []
    for r in d.methods {
      if let e = r.error { rows.append([r.equation, "failed", "", "", "", "", "", "", e]); continue }
      rows.append([r.equation, r.verdict, Text.num(r.fidelity.map { 1 - $0 }), Text.num(r.currentErrors.max()), Text.num(r.covarianceError),
                   Text.num(r.correlationError), r.secondLawHolds ? "yes" : "NO", r.physical ? "yes" : "NO",
                   r.reversedCurrents.isEmpty ? "-" : r.reversedCurrents.map { d.baths[$0] }.joined(separator: ",")])
    }
    out.append(Text.grid(["method", "verdict", "1 − F", "current err", "cov err", "corr err", "Σ ≥ 0", "V+iΩ/2 ≥ 0", "reversed"], rows, left: [0, 1, 8]))
    out.append("")
    if let b = d.mostAccurate { out.append("most accurate: \(b)") }
    if let r = d.recommended { out.append("validity advisor recommends: \(r)") }
    for reason in d.reasons { out.append("  - \(reason)") }
    return out.joined(separator: "\n")
  }

  static func csv(_ d: CompareDocument) -> String {
    var header = ["equation", "verdict", "error", "infidelity", "maxCurrentError", "covarianceError", "correlationError", "entropyProduction", "secondLawHolds", "physical", "uncertaintyMargin"]
    header += d.baths.map { "Q_\($0)" }
    var lines = [header.map(Text.csvField).joined(separator: ",")]
    lines.append((["exact", "", ""] + Array(repeating: "", count: 4) + [Text.csvNumber(d.exactEntropyProduction), "", "", ""] + d.exactHeatCurrents.map(Text.csvNumber)).joined(separator: ","))
    for r in d.methods {
      var cells = [r.equation, r.verdict, Text.csvField(r.error ?? ""), Text.csvNumber(r.fidelity.map { 1 - $0 }), Text.csvNumber(r.currentErrors.max()),
                   Text.csvNumber(r.covarianceError), Text.csvNumber(r.correlationError), Text.csvNumber(r.entropyProduction),
                   "\(r.secondLawHolds)", "\(r.physical)", Text.csvNumber(r.uncertaintyMargin)]
      cells += d.baths.indices.map { $0 < r.heatCurrents.count ? Text.csvNumber(r.heatCurrents[$0]) : "" }
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
