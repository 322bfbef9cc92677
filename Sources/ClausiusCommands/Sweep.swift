import ArgumentParser
import Clausius
import ClausiusIO
import Dispatch
import Foundation

/// One swept parameter: `KEY=start:stop:count` (count points, stop included; count = 1 gives start).
public struct SweepParameter: Codable, Sendable, Equatable, ExpressibleByArgument {
  /// Dotted key of a number in the model file, e.g. `couplings.0.strength` or `baths.hot.temperature`.
  public var key: String
  public var values: [Double]
  /// The unit written with start/stop ("mK", "MHz", …), or "" for the file's own units.
  public var unit: String

  public init(key: String, values: [Double], unit: String) { self.key = key; self.values = values; self.unit = unit }

  public init?(argument: String) { try? self.init(parsing: argument) }

  /// Parses `KEY=start:stop:count`, e.g. `couplings.0.strength=0:0.05:41` or `baths.hot.temperature=50mK:200mK:16`.
  public init(parsing s: String) throws {
    let form = "KEY=start:stop:count, e.g. couplings.0.strength=0:0.05:41 or baths.hot.temperature=50mK:200mK:16"
    guard let eq = s.firstIndex(of: "=") else { throw ValidationError("--vary '\(s)': missing '='; expected \(form)") }
    key = String(s[..<eq]).trimmingCharacters(in: .whitespaces)
    let parts = s[s.index(after: eq)...].split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard !key.isEmpty, parts.count == 3 else { throw ValidationError("--vary '\(s)': expected \(form)") }
    func quantity(_ t: String) throws -> (Double, String) {
      if let x = Double(t) { return (x, "") }
      if let q = ModelFile.splitQuantity(t) { return (q.value, q.unit) }
      throw ValidationError("--vary '\(s)': '\(t)' is not a number (with an optional unit such as mK, K, GHz, MHz)")
    }
    let (a, ua) = try quantity(parts[0]), (b, ub) = try quantity(parts[1])
    guard ua == ub else { throw ValidationError("--vary '\(s)': start and stop have different units ('\(ua)' and '\(ub)')") }
    guard a.isFinite, b.isFinite else { throw ValidationError("--vary '\(s)': start and stop must be finite") }
    guard let n = Int(parts[2]), (1...100_000).contains(n) else {
      throw ValidationError("--vary '\(s)': count '\(parts[2])' must be an integer in 1…100000")
    }
    unit = ua
    values = n == 1 ? [a] : (0..<n).map { a + (b - a) * Double($0) / Double(n - 1) }
  }

  /// The value written into the model: a number, or a string with the unit ("75 mK").
  func modelValue(_ x: Double) -> ModelValue { unit.isEmpty ? .float(x) : .string("\(x) \(unit)") }
}

/// One grid point of a sweep.
public struct SweepPoint: Codable, Sendable {
  /// The parameter values, in the order of `SweepDocument.parameters`.
  public var values: [Double]
  /// Why the model is invalid at this point (then `methods` is empty).
  public var error: String?
  public var methods: [MethodResult]
}

/// The JSON document of `clausius sweep`.
public struct SweepDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  public var parameters: [SweepParameter]
  public var modes: [String]
  public var baths: [String]
  /// Row-major over the parameters (the last parameter varies fastest).
  public var points: [SweepPoint]
}

/// `clausius sweep model.toml --vary KEY=start:stop:count [--vary …]`.
public struct Sweep: ParsableCommand {
  /// Largest sweep grid (points), all --vary options together.
  public static let maximumPoints = 100_000

  public static let configuration = CommandConfiguration(
    abstract: "Sweep one or two parameters of a model file; CSV/JSON tables and SVG figures.",
    discussion: """
      KEY is the dotted path of a number in the model file; entries of an
      array of tables are named by 0-based index or by their name:
        modes.1.frequency     couplings.0.strength    drives.0.amplitude
        baths.hot.temperature baths.0.rate            solve.…
      start and stop are in the file's units, or carry a unit the key
      accepts: temperatures K, mK, uK (or GHz, MHz, kHz as k_B T/h);
      frequencies GHz, MHz, kHz, Hz. Units need [units] frequency = "GHz"
      (or "MHz", "kHz") in the file. count points from start to stop
      inclusive. With two --vary options the grid is their product (the
      second varies fastest). Points run in parallel on all cores (--jobs),
      BLAS single-threaded per point; progress goes to stderr.
      Examples:
        clausius sweep examples/004-wire-detuned.toml \\
          --vary couplings.0.strength=0.001:0.1:41 --out sweep-k/
        clausius sweep examples/003-two-mode-refrigerator-lab.toml \\
          --vary baths.cold.temperature=20mK:100mK:17
        clausius sweep examples/003-chain.toml --format csv \\
          --vary baths.last.temperature=0.5:2:7 \\
          --vary couplings.0.strength=0.05:0.2:4
      Output: the table/json/csv on stdout; with --out DIR also
        DIR/sweep.json, DIR/sweep.csv   one row per point and master equation
        DIR/sweep/<id>.svg|csv|json     figures: heat from each bath (local
                                        H), work rate, entropy production
                                        against the first parameter
        DIR/sweep/map-<quantity>-<eq>.* with two --vary options: heat
                                        maps over both parameters (heat
                                        per bath, work, entropy
                                        production), z = 0 contour
        DIR/report.html                 the figures in one page
      Exit status: 0 on success, 2 on a bad file, key or range.
      """)

  @OptionGroup public var options: ModelOptions

  @Option(name: .long, help: ArgumentHelp("A parameter to sweep, KEY=start:stop:count (one or two), e.g. --vary couplings.0.strength=0:0.05:41 or --vary baths.hot.temperature=50mK:200mK:16.", valueName: "KEY=start:stop:count"))
  public var vary: [String] = []

  @Option(name: .long, help: ArgumentHelp("Parallel workers (default: all cores).", valueName: "N"))
  public var jobs: Int?

  public init() {}

  public func validate() throws {
    guard (1...2).contains(vary.count) else { throw ValidationError("give one or two --vary KEY=start:stop:count options (got \(vary.count))") }
    if let j = jobs, j < 1 { throw ValidationError("--jobs \(j) must be ≥ 1") }
  }

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let m = try options.loadDescription()
    let params = try vary.map { try SweepParameter(parsing: $0) }
    // Every grid point is a full solve and the grid is built before the first one: refuse a grid that could never
    // finish (two --vary of 100000 points asked for 10¹⁰ points and aborted at 7 GB).
    let points = params.reduce(1.0) { $0 * Double($1.values.count) }
    guard points <= Double(Self.maximumPoints) else {
      throw ValidationError("--vary: the grid has \(params.map { "\($0.values.count)" }.joined(separator: " × ")) = \(String(format: "%.0f", points)) points; at most \(Self.maximumPoints) (each point is a full solve)")
    }
    let doc: SweepDocument
    do {
      let quiet = options.quiet
      doc = try Self.sweep(m, params, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { done, total in
        if !quiet, total < 10 || done % max(1, total / 10) == 0 || done == total {
          FileHandle.standardError.write(Data("sweep: \(done)/\(total) points\n".utf8))
        }
      }
    } catch let e as ModelFileError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    }
    if let dir = try options.outputDirectory(m) {
      let files = try Self.write(doc, to: dir)
      options.note("wrote " + files.map { "\(dir.path)/\($0)" }.joined(separator: ", "))
    }
    switch options.resolvedFormat(m) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Self.csv(doc), terminator: "")
    case .table: print(Self.table(doc, verbose: options.verbose))
    }
  }

  /// Runs the sweep. The corners of the grid are validated first (a bad key or value throws
  /// `ModelFileError`); interior points that are invalid are reported per point.
  public static func sweep(_ m: ModelFile, _ params: [SweepParameter], jobs: Int = 1,
                           progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> SweepDocument {
    var g: [[Double]] = [[]]
    for p in params { g = g.flatMap { prefix in p.values.map { prefix + [$0] } } }
    let grid = g
    @Sendable func model(_ values: [Double]) throws -> ModelFile {
      var mm = m
      for (p, x) in zip(params, values) { mm = try mm.setting(p.key, to: p.modelValue(x)) }
      return mm
    }
    for p in params { _ = try m.resolve(p.key) }
    for corner in [grid.first!, grid.last!] { _ = try model(corner) }
    let results = ResultBox(count: grid.count)
    DispatchQueue.concurrentPerform(iterations: min(max(jobs, 1), grid.count)) { worker in
      var i = worker
      while i < grid.count {
        var point = SweepPoint(values: grid[i], error: nil, methods: [])
        do {
          let mm = try model(grid[i])
          point.methods = mm.equations.map { ModelSolver.solve(mm.network, $0) }
        } catch { point.error = "\(error)" }
        let done = results.set(i, point)
        progress(done, grid.count)
        i += min(max(jobs, 1), grid.count)
      }
    }
    return SweepDocument(file: m.file, title: m.title, units: UnitsInfo(m.units), parameters: params, modes: m.modeNames,
                         baths: m.network.baths.map(\.name), points: results.values.map { $0! })
  }

  final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [SweepPoint?]
    private var done = 0
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ p: SweepPoint) -> Int {
      lock.lock(); defer { lock.unlock() }
      values[i] = p; done += 1; return done
    }
  }

  static func label(_ p: SweepParameter) -> String { p.unit.isEmpty ? p.key : "\(p.key) (\(p.unit))" }

  static func csv(_ d: SweepDocument) -> String {
    var header = d.parameters.map(label) + ["equation", "error"] + d.modes.map { "n_\($0)" }
    header += d.baths.flatMap { ["Q_\($0)", "Qlocal_\($0)"] }
    header += ["W", "entropyProduction", "globalHeatEntropyProduction", "regime", "lyapunovResidual", "uncertaintyMargin"]
    var lines = [header.map(Text.csvField).joined(separator: ",")]
    for p in d.points {
      let prefix = p.values.map(Text.csvNumber)
      if let e = p.error { lines.append((prefix + ["", Text.csvField(e)]).joined(separator: ",")); continue }
      for m in p.methods {
        var cells = prefix + [m.equation, Text.csvField(m.error ?? "")]
        cells += d.modes.indices.map { Text.csvNumber(m.occupations?[$0]) }
        cells += d.baths.indices.flatMap { [Text.csvNumber(m.baths?[$0].heat), Text.csvNumber(m.baths?[$0].localHeat)] }
        cells += [m.workRate, m.entropyProduction, m.globalHeatEntropyProduction].map(Text.csvNumber) + [m.regime ?? ""]
        cells += [m.diagnostics?.lyapunovResidual, m.diagnostics?.uncertaintyMargin].map(Text.csvNumber)
        lines.append(cells.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  static func table(_ d: SweepDocument, verbose: Bool) -> String {
    let equations = d.points.first { !$0.methods.isEmpty }?.methods.map(\.equation) ?? []
    let bath = d.baths.last ?? "—"
    var header = d.parameters.map(label)
    for e in equations { header += ["Q̇ \(bath) [\(e)]", "Σ [\(e)]"] + (verbose ? ["residual [\(e)]"] : []) }
    var rows: [[String]] = []
    for p in d.points {
      var r = p.values.map { Text.num($0) }
      if let e = p.error { rows.append(r + ["error: \(e)"]); continue }
      for m in p.methods {
        if let e = m.error { r += ["—", "—"] + (verbose ? ["—"] : []); _ = e; continue }
        r += [Text.num(m.baths?.last?.localHeat), Text.num(m.entropyProduction)] + (verbose ? [Text.num(m.diagnostics?.lyapunovResidual)] : [])
      }
      rows.append(r)
    }
    var out = ["\(d.title)  [\(d.file)]", "units: \(d.units.note)", "Q̇ \(bath): heat into the system from bath '\(bath)' (local H); Σ: entropy production", ""]
    out.append(Text.grid(header, rows))
    let failures = d.points.flatMap { p in p.methods.compactMap { m in m.error.map { "\(p.values.map { Text.num($0) }.joined(separator: ", ")) \(m.equation): \($0)" } } }
    if !failures.isEmpty { out.append(""); out += failures.prefix(10).map { "no steady state at \($0)" } }
    return out.joined(separator: "\n")
  }

  /// The figures of a sweep: heat per bath (local H), work rate and entropy production against the first parameter.
  public static func figures(_ d: SweepDocument) -> [Figure] {
    let p0 = d.parameters[0]
    let xAxis = Figure.Axis(label: p0.key, unit: p0.unit.isEmpty ? (d.units.frequency == "natural" ? "" : "file units") : p0.unit)
    let equations = d.points.first { !$0.methods.isEmpty }?.methods.map(\.equation) ?? []
    let second: [Double] = d.parameters.count > 1 ? d.parameters[1].values : [.nan]
    func series(_ value: (MethodResult) -> Double?) -> [Figure.Series] {
      var out: [Figure.Series] = []
      for e in equations {
        for (k, v) in second.enumerated() {
          var xs: [Double] = [], ys: [Double] = []
          for p in d.points where d.parameters.count == 1 || p.values[1] == v {
            guard let m = p.methods.first(where: { $0.equation == e }), m.error == nil, let y = value(m) else { continue }
            xs.append(p.values[0]); ys.append(y)
          }
          let label = v.isNaN ? e : "\(e), \(d.parameters[1].key) = \(Text.num(v))"
          _ = k
          out.append(Figure.Series(label: label, x: xs, y: ys, style: p0.values.count > 25 ? .line : .lineAndMarkers))
        }
      }
      return out
    }
    let energyUnit = d.units.frequency == "natural" ? "" : "ħω_u²"
    var figs: [Figure] = []
    for (b, name) in d.baths.enumerated() {
      figs.append(Figure(id: "heat-\(b)", title: "Heat current from bath '\(name)'", xAxis: xAxis,
                         yAxis: Figure.Axis(label: "Q̇_{\(name)} (local H)", unit: energyUnit),
                         series: series { $0.baths?[b].localHeat },
                         caption: "Heat into the system from bath '\(name)' counted with its local Hamiltonian, per master equation (> 0: into the system).",
                         reference: d.file))
    }
    figs.append(Figure(id: "work", title: "Work rate", xAxis: xAxis, yAxis: Figure.Axis(label: "Ẇ", unit: energyUnit),
                       series: series { $0.workRate }, caption: "Ẇ = Σ_α (Q̇_α − Q̇_α,local), work done on the system (paper 003, Eq. 43).", reference: d.file))
    figs.append(Figure(id: "entropy-production", title: "Entropy production", xAxis: xAxis,
                       yAxis: Figure.Axis(label: "Σ", unit: d.units.frequency == "natural" ? "" : "k_B ω_u"),
                       series: series { $0.entropyProduction }, caption: "Σ = −Σ_α Q̇_α,local/T_α (≥ 0: Clausius inequality).", reference: d.file))
    return figs + heatMaps(d)   // two parameters: one heat map per quantity and equation (SweepHeatMaps.swift)
  }

  /// A self-contained page (no scripts, no network): the sweep's parameters and units, each figure
  /// inlined as SVG with its caption and links to its files.
  static func page(_ d: SweepDocument, _ figures: [Figure]) -> String {
    var h = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head><meta charset=\"utf-8\"/>"
    h += "<title>\(Markup.escape(d.title)): sweep</title>"
    h += "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}figure{margin:2em 0}figcaption{font-size:90%}</style></head>\n<body>\n"
    h += "<h1>\(Markup.escape(d.title))</h1>\n"
    h += "<p>Sweep of " + d.parameters.map { "<code>\(Markup.escape($0.key))</code> from \(Text.num($0.values.first)) to \(Text.num($0.values.last)) \(Markup.escape($0.unit)) (\($0.values.count) points)" }.joined(separator: " × ")
    h += " for the model file <code>\(Markup.escape(d.file))</code>. Units: \(Markup.escape(d.units.note)). "
    h += "All numbers: <a href=\"sweep.json\">sweep.json</a>, <a href=\"sweep.csv\">sweep.csv</a>.</p>\n"
    for f in figures {
      let files = FigureWriter.files(paper: "sweep", figure: f)
      h += "<figure>\n" + SVGRenderer.render(f, idPrefix: "fig-\(f.id)").svg + "\n<figcaption>\(Markup.escape(f.caption)) Files: "
      h += "<a href=\"\(files.svg)\">SVG</a> · <a href=\"\(files.csv)\">CSV</a> · <a href=\"\(files.json)\">JSON</a></figcaption>\n</figure>\n"
    }
    return h + "</body>\n</html>\n"
  }

  /// Writes sweep.json, sweep.csv, the figures (sweep/<id>.svg|csv|json) and report.html; returns the paths.
  static func write(_ d: SweepDocument, to dir: URL) throws -> [String] {
    try FigureWriter.write(try ClausiusJSON.encoder.encode(d), to: "sweep.json", in: dir)
    try FigureWriter.write(Data(csv(d).utf8), to: "sweep.csv", in: dir)
    var report = ReproductionReport(paper: "sweep", title: "\(d.title): sweep of \(d.parameters.map(\.key).joined(separator: " × "))",
                                    notes: ["Model file: \(d.file)", "Units: \(d.units.note)"], figures: figures(d))
    report.files = try FigureWriter.writeFigures(of: report, to: dir)
    let html = page(d, report.figures)
    try FigureWriter.write(Data(html.utf8), to: "report.html", in: dir)
    return ["sweep.json", "sweep.csv"] + report.files + ["report.html"]
  }
}
