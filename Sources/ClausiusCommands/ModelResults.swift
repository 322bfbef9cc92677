import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// Heat exchanged with one bath (JSON of `solve`, `sweep`, `audit`). Units: ħω_u² (see `UnitsInfo`).
public struct BathHeatResult: Codable, Sendable, Equatable {
  public var name: String
  /// T in the file's units (k_B T).
  public var temperature: Double
  /// Q̇_α = Tr{H_S D_α ρ} with the global H_S (> 0 into the system). Reference: paper 004, Eq. (2).
  public var heat: Double
  /// Q̇_α counted with the dissipator's Hamiltonian (local H_i for local/collisional; paper 003, Eq. 16).
  public var localHeat: Double
}

/// Solver diagnostics of one steady state.
public struct SolverDiagnostics: Codable, Sendable, Equatable {
  /// ‖A V + V Aᵀ + D‖_F/‖D‖_F.
  public var lyapunovResidual: Double
  /// Smallest eigenvalue of V + iΩ/2 (≥ 0: uncertainty principle holds).
  public var uncertaintyMargin: Double
  /// Smallest symplectic eigenvalue ν_min of V (≥ ½ for a physical state), when V > 0.
  public var smallestSymplecticEigenvalue: Double?
  /// Independent Lyapunov blocks solved.
  public var blocks: Int
  public var warnings: [String]
}

/// The steady state and thermodynamics of one master equation.
public struct MethodResult: Codable, Sendable, Equatable {
  /// local, global, redfield, partialRedfield or collisional.
  public var equation: String
  /// Why there is no result (unstable drift, bath spanning several modes for a local equation, …).
  public var error: String?
  /// ⟨a_i†a_i⟩ per mode.
  public var occupations: [Double]?
  public var baths: [BathHeatResult]?
  /// Ẇ = Σ_α (Q̇_α − Q̇_α^local) (> 0 on the system). Reference: paper 003, Eq. (43).
  public var workRate: Double?
  /// d⟨H_S⟩/dt = Σ_α Q̇_α (zero at a steady state) and its size relative to the gross currents.
  public var firstLawEnergyRate: Double?
  public var firstLawRelativeResidual: Double?
  /// Σ = −Σ_α Q̇_α^local/T_α (k_B = 1); the second-law margin (≥ 0 when the Clausius inequality holds).
  public var entropyProduction: Double?
  /// −Σ_α Q̇_α/T_α with the global-H heats and no work (what a local equation can violate).
  public var globalHeatEntropyProduction: Double?
  public var secondLawHolds: Bool?
  /// refrigerator, engine, accelerator, heater, conductor (two baths at different T; paper 003 Table I).
  public var regime: String?
  /// COP (refrigerator) or efficiency (engine), with the Otto and Carnot values.
  public var performance: Double?
  public var otto: Double?
  public var carnot: Double?
  public var diagnostics: SolverDiagnostics?
  /// Fock-space diagnostics (kind = "optomechanical").
  public var fock: FockDiagnosticsResult?
  /// Cascade extras (kind = "cascaded").
  public var cascade: CascadeResult?
  /// Circulating current (kind = "optomechanical-ring").
  public var ring: RingResult?
  /// Normal-mode frequencies ν_k of H_S, ascending (networks; absent when H_S has no normal modes).
  public var normalModes: [Double]?
  /// Means, covariance matrix and ⟨a_j†a_k⟩, ⟨a_j a_k⟩ (networks with `[output] covariance = true`).
  public var moments: GaussianMomentsResult?
  /// Entropy, purity, symplectic eigenvalues and the listed bipartitions' measures (networks).
  public var information: InformationResult?
  /// Counting statistics per bath (networks with `[solve] counting = true`).
  public var counting: [CountingResult]?
  /// Paper 000's Appendix-A moments in the lab frame (kind = "optomechanical").
  public var optomechanicalMoments: OptomechanicalMoments?
}

/// Units of the numbers in a result (from the model file's `[units]`).
public struct UnitsInfo: Codable, Sendable, Equatable {
  /// natural, GHz, MHz or kHz.
  public var frequency: String
  /// In words.
  public var note: String
  /// ħω_u in joules (lab units only).
  public var energyJoules: Double?
  /// ħω_u² in watts: the unit of heat currents and work rates (lab units only).
  public var heatCurrentWatts: Double?

  init(_ u: FrequencyUnit) {
    frequency = u.rawValue
    energyJoules = u.energyJoules; heatCurrentWatts = u.powerWatts
    note = u == .natural
      ? "natural units (ħ = k_B = 1): frequencies, temperatures and energies in the file's unit, heat currents in its square"
      : "ω_u = 2π × 1 \(u.rawValue): frequencies f in \(u.rawValue), temperatures k_B T/h in \(u.rawValue) (1 K = \(String(format: "%.9g", FrequencyUnit.boltzmannOverPlanck / u.hertz!)) \(u.rawValue)), heat currents in ħω_u² = \(String(format: "%.6g", u.powerWatts!)) W, entropy production in k_B ω_u"
  }
}

/// The JSON document of `clausius solve`.
public struct SolveDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  public var modes: [String]
  public var frequencies: [Double]
  public var methods: [MethodResult]
  /// Network models: the validity advisor's recommendation and a warning per requested equation outside its
  /// validity (issue 13 item 3); nil for the other kinds.
  public var advisor: AdvisorInfo? = nil
}

public enum ModelSolver {
  /// Derives `choice` for `network`, solves A V + V Aᵀ + D = 0, and evaluates the thermodynamics.
  /// `normalModes`: the network's `SplitNormalModes` when already computed (global equations reuse them).
  static func solve(_ network: BosonicNetwork, _ choice: EquationChoice, extras: NetworkOutputExtras = .init(), modeNames: [String] = [],
                    normalModes: SplitNormalModes? = nil) -> MethodResult {
    if let fast = secularGlobal(network, choice, extras: extras, modeNames: modeNames, normalModes: normalModes) { return fast.checkedFinite() }
    var r = MethodResult(equation: choice.name)
    do {
      let equation = try network.masterEquation(choice.derivation)
      let ss = try equation.gaussianSteadyState()
      r.setGaussian(ss.thermodynamics, occupations: (0..<network.modeCount).map { ss.occupation($0) }, diagnostics: ss.diagnostics)
      let d = ss.diagnostics
      // Williamson costs O(N³): always for small networks, for large ones only when the moments are asked for.
      if network.modeCount <= NetworkExtras.alwaysReportedModes || extras.covariance { r.normalModes = NetworkExtras.normalModes(network) }
      let names = modeNames.count == network.modeCount ? modeNames : (0..<network.modeCount).map { "\($0)" }
      if extras.covariance { r.moments = NetworkExtras.moments(ss, modes: network.modeCount) }
      // Information measures need a physical state (ν_k ≥ ½); Redfield can violate it (paper 004, Sec. II D).
      if d.isPhysical, extras.covariance || !extras.bipartitions.isEmpty {
        r.information = try? NetworkExtras.information(ss.covariance, bipartitions: extras.bipartitions, names: names)
      }
      if extras.counting { r.counting = NetworkExtras.counting(equation, choice, network) }
    } catch {
      r.error = "\(error)"
    }
    return r.checkedFinite()
  }
}

/// Output format of the model commands.
public enum ModelOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable { case table, json, csv }

/// Options shared by `solve`, `sweep` and `audit`.
public struct ModelOptions: ParsableArguments {
  @Argument(help: ArgumentHelp("The model file (TOML; format: docs/model-format.md).", valueName: "model.toml"))
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

  /// Loads the model (exit status 2 with the file:line: message on stderr when it is bad).
  func load() throws -> ModelFile {
    do {
      var m = try ModelFile.load(path: model)
      if !equations.isEmpty {
        for e in equations where !EquationChoice.names.contains(e) {
          throw ValidationError("--equations: unknown master equation '\(e)'; allowed: \(EquationChoice.names.joined(separator: ", "))")
        }
        var doc = m.document
        var solve: [String: ModelValue] = [:]
        if case let .table(t)? = doc["solve"] { solve = t }
        solve["equations"] = .array(equations.map { .string($0) })
        doc["solve"] = .table(solve)
        m = try ModelFile(document: doc, source: m.source, file: m.file)
      }
      return m
    } catch let e as ModelFileError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(2)
    }
  }

  func resolvedFormat(_ m: ModelFile) -> ModelOutputFormat { resolvedFormat(fileFormat: m.outputFormat) }

  func outputDirectory(_ m: ModelFile) throws -> URL? { try outputDirectory(fileDirectory: m.outputDirectory) }

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

  func note(_ s: String) { if !quiet { FileHandle.standardError.write(Data((s + "\n").utf8)) } }
}

enum Text {
  static func num(_ x: Double?) -> String {
    guard let x else { return "—" }
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == 0 { return "0" }
    return abs(x) >= 1e-3 && abs(x) < 1e5 ? String(format: "%.6g", x) : String(format: "%.4e", x)
  }
  static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
  static func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

  /// A table with a first label column and one column per method.
  static func grid(_ header: [String], _ rows: [[String]], left: Set<Int> = [0]) -> String {
    let widths = header.indices.map { c in max(header[c].count, rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0) }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { c, s in left.contains(c) ? pad(s, widths[c]) : lpad(s, widths[c]) }.joined(separator: "  ")
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }

  static func csvField(_ s: String) -> String { CSVWriter.field(s) }
  static func csvNumber(_ x: Double?) -> String { x.map(CSVWriter.number) ?? "" }
}

/// A labelled row of a per-method table: the label and how to print one method's value ("—" when nil).
typealias MethodRow = (label: String, value: (MethodResult) -> String?)

extension MethodResult {
  /// The rows every `solve` table with baths and work shares (networks and open systems): heat per bath counted with
  /// the whole H (`wholeH` names it: "global H", "full H") and with the local H, work, first law, entropy production
  /// with both countings, the second-law verdict, regime and COP/efficiency.
  static func heatAndLawRows(bathNames: [String], wholeH: String) -> [MethodRow] {
    var rows: [MethodRow] = []
    for (b, name) in bathNames.enumerated() {
      rows.append(("Q̇ \(name) (\(wholeH))", { Text.num($0.baths?[b].heat) }))
      rows.append(("Q̇ \(name) (local H)", { Text.num($0.baths?[b].localHeat) }))
    }
    rows += [("Ẇ (work rate, on system)", { Text.num($0.workRate) }),
             ("d⟨H⟩/dt = ΣQ̇ (first law)", { Text.num($0.firstLawEnergyRate) }),
             ("Σ = −ΣQ̇_local/T (margin)", { Text.num($0.entropyProduction) }),
             ("Σ with \(wholeH) heats", { Text.num($0.globalHeatEntropyProduction) }),
             ("second law", { $0.secondLawHolds.map { $0 ? "holds" : "VIOLATED" } }),
             ("regime", { $0.regime }),
             ("COP / efficiency", { Text.num($0.performance) })]
    return rows
  }

  /// The Fock solver's verbose rows (optomechanical and open-system tables).
  static var fockVerboseRows: [MethodRow] { [
    ("first-law rel. residual", { Text.num($0.firstLawRelativeResidual) }),
    ("gross heat scale", { Text.num($0.fock?.grossHeatScale) }),
    ("unknowns", { $0.fock.map { "\($0.unknowns) (\($0.symmetry))" } }),
    ("solve seconds", { Text.num($0.fock?.solveSeconds) }),
  ] }

  /// The per-method table of `solve` (a blank line, the grid with one column per equation) followed by each
  /// method's failure and warnings.
  static func table(_ ms: [MethodResult], _ rows: [[String]]) -> [String] {
    var out = ["", Text.grid(["quantity"] + ms.map(\.equation), rows)]
    for m in ms {
      if let e = m.error { out.append("\(m.equation): no steady state: \(e)") }
      for w in m.diagnostics?.warnings ?? [] { out.append("\(m.equation): warning: \(w)") }
    }
    return out
  }
}

extension ModelSolver {
  /// `solve` of one named equation of a network file, as the command runs it (for tests).
  public static func solveForTesting(_ m: ModelFile, _ name: String) -> MethodResult {
    guard let choice = m.equations.first(where: { $0.name == name }) else { return MethodResult(equation: name, error: "not in the file") }
    return solve(m.network, choice, extras: m.extras, modeNames: m.modeNames)
  }
}
