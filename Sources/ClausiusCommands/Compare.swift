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
  /// 1 − F computed without cancellation (accurate where 1 − `fidelity` is round-off); nil as `fidelity`.
  public var infidelity: Double? = nil
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
  /// How the exact state was computed and how precise it is (nil in documents written before issue 13).
  public var exact: ExactInfo?
  /// The advisor again, with a warning per compared equation outside its validity (as in `solve`).
  public var advisor: AdvisorInfo?
}

/// The exact reference of `compare`: solver and quadrature diagnostics.
public struct ExactInfo: Codable, Sendable, Equatable {
  /// "position-coupled" (paper 004 Sec. III) or "network" (any quadratic network, docs/exact-langevin.md).
  public var solver: String
  public var description: String
  /// Conservative absolute error estimates of the exact heat currents (per bath) and of the covariance (max entry).
  public var heatCurrentErrors: [Double]
  public var maxCovarianceError: Double
  /// Whether the adaptive frequency quadrature met its tolerance (relative 1e-9).
  public var converged: Bool
  public var notes: [String]
}

/// The validity advisor's view of a network model (`solve` and `compare` documents): recommended equation
/// and one warning per requested equation outside its validity (ValidityAdvisor).
public struct AdvisorInfo: Codable, Sendable, Equatable {
  /// The equation the advisor trusts ("exact" when none), nil when the advisor does not apply.
  public var recommended: String?
  public var warnings: [String]
  public var reasons: [String]

  /// The advice for `network` with the requested equations; the advisor's own failure is a note, not an error.
  public init(network: BosonicNetwork, equations: [Derivation.Kind], normalModes: SplitNormalModes? = nil) {
    do {
      let a = try ValidityAdvisor().advise(network, normalModes: normalModes)
      recommended = a.recommended.map(\.description) ?? "exact"
      warnings = a.warnings(for: equations)
      reasons = a.reasons
    } catch {
      recommended = nil; warnings = []; reasons = ["the validity advisor does not apply to this model: \(error)"]
    }
  }
}

/// `clausius compare model.toml`: every master equation against the exact solution (linear models).
public struct Compare: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Grade the master equations against the exact quantum-Langevin steady state.",
    discussion: """
      For any quadratic network (hopping, squeezing, springs, XX and x–p
      couplings, drives) the exact non-equilibrium steady state is computed
      from the quantum Langevin equations (frequency integrals, Landauer
      currents; docs/exact-langevin.md): Ohmic–Drude baths couple through
      their operator in full (paper 004, Eq. 4), flat baths as rotating-wave
      white-noise baths (the same master equations; only on networks that
      conserve the number of quanta: hopping with any phase, drives). Each
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
      without an exact steady state (unstable, a mode no bath damps, flat
      baths next to squeezing, springs or xx couplings).
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
    let outputDirectory = try options.outputDirectory(m)   // an unusable --out is an error before any work
    var doc: CompareDocument
    do { doc = try Self.compare(m) } catch {
      FileHandle.standardError.write(Data("error: \(m.file): compare: the exact quantum-Langevin steady state of this network does not exist or cannot be computed: \(error)\n".utf8))
      throw ExitCode(2)
    }
    doc = doc.checkedFinite()
    if let dir = outputDirectory {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "compare.json", in: dir)
      try FigureWriter.write(Data(Self.csv(doc).utf8), to: "compare.csv", in: dir)
      options.note("wrote \(dir.path)/compare.json, \(dir.path)/compare.csv")
    }
    switch options.resolvedFormat(m) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Self.csv(doc), terminator: "")
    case .table: print(Self.table(doc, verbose: options.verbose))
    }
    // The exact reference itself must be finite: otherwise nothing in the document can be trusted.
    if let bad = doc.exactHeatCurrents.first(where: { !$0.isFinite }) ?? (doc.exactEntropyProduction.isNaN ? doc.exactEntropyProduction : nil) {
      FileHandle.standardError.write(Data("error: \(m.file): compare: the exact reference produced a non-finite number (\(bad)): the model's numbers are outside the range the exact solver represents accurately\n".utf8))
      throw ExitCode(1)
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
      return CompareRow(equation: choice.name, error: r.failure, heatCurrents: r.heatCurrents, fidelity: r.fidelity, infidelity: r.infidelity, currentErrors: r.currentErrors,
                        reversedCurrents: r.reversedCurrents, covarianceError: r.covarianceError, correlationError: r.correlationError,
                        entropyProduction: r.entropyProduction, globalHeatEntropyProduction: r.globalHeatEntropyProduction,
                        secondLawHolds: r.secondLawHolds, uncertaintyMargin: r.uncertaintyMargin, physical: r.isPhysical,
                        lyapunovResidual: r.residual, verdict: verdict)
    }
    let best = c.mostAccurate.flatMap { b in zip(m.equations, c.rows).first { $0.1.derivation == b.derivation }?.0.name }
    let advice = AdvisorInfo(network: m.network, equations: m.equations.map(\.derivation.kind))
    return CompareDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), exactHeatCurrents: c.exactHeatCurrents,
                           exactEntropyProduction: c.exactEntropyProduction, baths: m.network.baths.map(\.name), methods: rows,
                           mostAccurate: best, recommended: advice.recommended, reasons: advice.reasons, exact: exactInfo(c.exact), advisor: advice)
  }

  static func exactInfo(_ e: ExactReference) -> ExactInfo {
    switch e {
    case .positionCoupled:
      return ExactInfo(solver: "position-coupled", description: e.solver, heatCurrentErrors: e.heatCurrentErrors, maxCovarianceError: e.maxCovarianceError,
                       converged: e.converged, notes: ["covariance error estimate in paper 004's scaled variables (X = x/√ω, P = √ω p)"])
    case let .network(n, _, _):
      var notes = ["Ohmic–Drude baths: full coupling −S ⊗ B with the counterterm (paper 004 Sec. III)"]
      if n.baths.contains(where: { if case .ladder = $0.coupling { return true } else { return false } }) {
        notes.append("flat baths: rotating-wave white-noise baths L ⊗ B† + h.c. with the master equations' rates; thermal occupation n̄(ν) for ν ≥ ν_IR = \(Text.num(n.infraredEdge)) (a flat band is infrared-divergent below; docs/exact-langevin.md Sec. 2)")
      }
      return ExactInfo(solver: "network", description: e.solver, heatCurrentErrors: e.heatCurrentErrors, maxCovarianceError: e.maxCovarianceError,
                       converged: e.converged, notes: notes)
    }
  }

  static func table(_ d: CompareDocument, verbose: Bool) -> String {
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)",
               "exact: " + zip(d.baths, d.exactHeatCurrents).map { "Q̇ \($0) = \(Text.num($1))" }.joined(separator: ", ")
                 + ", Σ = \(Text.num(d.exactEntropyProduction))"]
    if let e = d.exact {
      out.append("  \(e.description); error estimates: currents ≤ \(Text.num(e.heatCurrentErrors.max())), covariance ≤ \(Text.num(e.maxCovarianceError))\(e.converged ? "" : " (quadrature NOT converged)")")
      if verbose { for n in e.notes { out.append("  \(n)") } }
    }
    out.append("")
    var rows: [[String]] = []
    for r in d.methods {
      if let e = r.error { rows.append([r.equation, "failed", "", "", "", "", "", "", e]); continue }
      rows.append([r.equation, r.verdict, Text.num(r.infidelity), Text.num(r.currentErrors.max()), Text.num(r.covarianceError),
                   Text.num(r.correlationError), r.secondLawHolds ? "yes" : "NO", r.physical ? "yes" : "NO",
                   r.reversedCurrents.isEmpty ? "-" : r.reversedCurrents.map { d.baths[$0] }.joined(separator: ",")])
    }
    out.append(Text.grid(["method", "verdict", "1 − F", "current err", "cov err", "corr err", "Σ ≥ 0", "V+iΩ/2 ≥ 0", "reversed"], rows, left: [0, 1, 8]))
    out.append("")
    if let b = d.mostAccurate { out.append("most accurate: \(b)") }
    if let r = d.recommended { out.append("validity advisor recommends: \(r)") }
    for reason in d.reasons { out.append("  - \(reason)") }
    for w in d.advisor?.warnings ?? [] { out.append("warning: \(w)") }
    return out.joined(separator: "\n")
  }

  static func csv(_ d: CompareDocument) -> String {
    var header = ["equation", "verdict", "error", "infidelity", "maxCurrentError", "covarianceError", "correlationError", "entropyProduction", "secondLawHolds", "physical", "uncertaintyMargin"]
    header += d.baths.map { "Q_\($0)" }
    var lines = [header.map(Text.csvField).joined(separator: ",")]
    lines.append((["exact", "", ""] + Array(repeating: "", count: 4) + [Text.csvNumber(d.exactEntropyProduction), "", "", ""] + d.exactHeatCurrents.map(Text.csvNumber)).joined(separator: ","))
    for r in d.methods {
      var cells = [r.equation, r.verdict, Text.csvField(r.error ?? ""), Text.csvNumber(r.infidelity), Text.csvNumber(r.currentErrors.max()),
                   Text.csvNumber(r.covarianceError), Text.csvNumber(r.correlationError), Text.csvNumber(r.entropyProduction),
                   "\(r.secondLawHolds)", "\(r.physical)", Text.csvNumber(r.uncertaintyMargin)]
      cells += d.baths.indices.map { $0 < r.heatCurrents.count ? Text.csvNumber(r.heatCurrents[$0]) : "" }
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
