import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// `clausius solve model.toml`: the steady state of every requested master equation and its
/// thermodynamics (occupations, heat per bath, work, first and second law, regime, diagnostics).
public struct Solve: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Steady state and thermodynamics of a model file, per master equation.",
    discussion: """
      Reads a TOML model (docs/model-format.md; examples in examples/) and,
      for each master equation of its [solve] equations (default: local,
      global, redfield), solves A V + V Aᵀ + D = 0 and reports:
        ⟨a†a⟩ per mode;
        per bath the heat Q̇ with the global H_S and with the local H_i
          (> 0 into the system);
        the work rate Ẇ = Σ(Q̇ − Q̇_local) (> 0 on the system);
        the first law d⟨H_S⟩/dt = ΣQ̇ (zero at a steady state);
        the entropy production Σ = −ΣQ̇_local/T (second-law margin, ≥ 0)
          and the same with global-H heats;
        the regime (refrigerator, engine, …), COP/efficiency, Otto, Carnot;
        the Lyapunov residual and the uncertainty margin min eig(V + iΩ/2)
          (≥ 0 for a physical state).
      Units are the file's ([units] frequency):
        natural: ħ = k_B = 1, one consistent unit for everything;
        "GHz" (or "MHz", "kHz"): numbers are f = ω/2π in GHz, temperatures
          k_B T/h in GHz (1 K = 20.836619 GHz), heat currents in
          ħ(2π GHz)² = 4.16328e-15 W.
      Other model kinds (top-level kind = ...): "optomechanical" (paper 000,
      Fock space: J_c, J_m by Eq. 26, first law, ξ, truncation diagnostics;
      equations sme, dsme, gme<n>, global), "cascaded" (paper 001: flows of
      quanta, rectification), "optomechanical-ring" (paper 002: circulating
      heat current with flux φ = 2πn/L). See docs/model-format.md.
      Examples:
        clausius solve examples/004-wire-detuned.toml
        clausius solve examples/000-optomechanics-hot-cavity.toml
        clausius solve examples/003-chain.toml --format json > chain.json
        clausius solve examples/003-two-mode-refrigerator-lab.toml --verbose
        clausius solve model.toml --equations local global --format csv
        clausius solve model.toml --out results/
      Files (with --out DIR): DIR/solve.json, DIR/solve.csv.
      Exit status: 0 on success (a method without a steady state is
      reported, not an error); 1 when a solve fails its own diagnostics
      (residual, trace, ρ ≥ 0), breaks a law that binds its equation (first
      law; second law and positivity for global, local, collisional,
      cascaded and the GMEs) or produces a non-finite number — each is named
      on stderr; 2 on a bad file or option: the message names file:line,
      the key, the bad value and the allowed range.
      """)

  @OptionGroup public var options: ModelOptions

  public init() {}

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    var clock = StageClock("clausius solve")
    let d = try options.loadForSteadyState()
    clock.mark("load")
    let outputDirectory = try options.outputDirectory(d)   // an unusable --out is an error before any work
    let doc = try options.modelFault { try d.family.solve() }
    clock.mark("solve document")
    let format = options.resolvedFormat(d)
    defer { clock.mark("output") }
    if let dir = outputDirectory {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "solve.json", in: dir)
      try FigureWriter.write(Data(Self.csv(doc).utf8), to: "solve.csv", in: dir)
      options.note("wrote \(dir.path)/solve.json, \(dir.path)/solve.csv")
    }
    switch format {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Self.csv(doc), terminator: "")
    case .table: print(d.family.solveTable(doc, verbose: options.verbose))
    }
    let failures = doc.failures(kind: d.kind)
    for f in failures { FileHandle.standardError.write(Data("error: \(f)\n".utf8)) }
    if !failures.isEmpty { throw ExitCode(1) }
  }

  /// The solve document of `m` (what `--format json` prints).
  /// One row per method: equation, error, n_<mode>…, Q_<bath>, Qlocal_<bath>, W, … (+ Fock diagnostics for Fock models)
  static func csv(_ d: SolveDocument) -> String {
    let bathNames = d.methods.compactMap(\.baths).first?.map(\.name) ?? []
    var header = ["equation", "error"] + d.modes.map { "n_\($0)" }
    header += bathNames.flatMap { ["Q_\($0)", "Qlocal_\($0)"] }
    header += ["W", "dHdt", "entropyProduction", "globalHeatEntropyProduction", "secondLawHolds", "regime", "performance", "otto", "carnot", "lyapunovResidual", "uncertaintyMargin"]
    // Fock-space models (kind = "optomechanical") add the diagnostics of the table and JSON: LU residual, trace error,
    // smallest eigenvalue of ρ, hermiticity, top-level population and levels kept per mode, truncation mode, frame.
    let fockModes = d.methods.compactMap(\.fock).first.map { f in f.levels.indices.map { $0 < d.modes.count ? d.modes[$0] : "\($0)" } }
    if let fm = fockModes {
      header += ["fockRelativeResidual", "fockTraceError", "fockMinimumEigenvalue", "fockHermiticityError"]
      header += fm.map { "fockTopLevel_\($0)" } + fm.map { "fockLevels_\($0)" }
      header += ["fockAutomaticTruncation", "fockTruncationTolerance", "fockFrame"]
    }
    var lines = [header.map(Text.csvField).joined(separator: ",")]
    for m in d.methods {
      var cells = [m.equation, m.error ?? ""].map(Text.csvField)
      cells += d.modes.indices.map { Text.csvNumber(m.occupations?[$0]) }
      cells += bathNames.indices.flatMap { [Text.csvNumber(m.baths?[$0].heat), Text.csvNumber(m.baths?[$0].localHeat)] }
      cells += [m.workRate, m.firstLawEnergyRate, m.entropyProduction, m.globalHeatEntropyProduction].map(Text.csvNumber)
      cells += [m.secondLawHolds.map { "\($0)" } ?? "", m.regime ?? ""]
      cells += [m.performance, m.otto, m.carnot, m.diagnostics?.lyapunovResidual, m.diagnostics?.uncertaintyMargin].map(Text.csvNumber)
      if let fm = fockModes {
        let f = m.fock
        cells += [f?.relativeResidual, f?.traceError, f?.minimumEigenvalue, f?.hermiticityError].map(Text.csvNumber)
        cells += fm.indices.map { i in Text.csvNumber(f.flatMap { i < $0.topLevelPopulations.count ? $0.topLevelPopulations[i] : nil }) }
        cells += fm.indices.map { i in f.flatMap { i < $0.levels.count ? "\($0.levels[i])" : nil } ?? "" }
        cells += [f.map { "\($0.automatic)" } ?? "", Text.csvNumber(f?.truncationTolerance), Text.csvField(f?.frame ?? "")]
      }
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}
