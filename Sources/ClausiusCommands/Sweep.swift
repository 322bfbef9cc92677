import ArgumentParser
import Clausius
import ClausiusIO
import Dispatch
import Foundation

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
  /// The model kind: network, optomechanical, cascaded or optomechanical-ring.
  public var kind: String?
  public var units: UnitsInfo
  public var parameters: [SweepParameter]
  public var modes: [String]
  public var baths: [String]
  /// Row-major over the parameters (the last parameter varies fastest).
  public var points: [SweepPoint]

  /// The position in `points` of the grid point whose k-th parameter takes its `positions[k]`-th value.
  func pointIndex(_ positions: [Int]) -> Int {
    zip(parameters, positions).reduce(0) { $0 * $1.0.values.count + $1.1 }
  }
}


/// `clausius sweep model.toml --vary KEY=… [--vary …]`.
public struct Sweep: ParsableCommand {
  /// Largest sweep grid (points), all --vary options together.
  /// Grid points at most (each point is a full solve held in memory): `SweepParameter.maximumGridPoints`.
  public static var maximumPoints: Int { SweepParameter.maximumGridPoints }

  public static let configuration = CommandConfiguration(
    abstract: "Sweep parameters of a model file over a grid; CSV/JSON tables and SVG figures.",
    discussion: """
      KEY is the dotted path of a number in the model file; entries of an
      array of tables are named by 0-based index or by their name:
        modes.1.frequency     couplings.0.strength    drives.0.amplitude
        baths.hot.temperature baths.0.rate            solve.…
      A bare name (g, winding) names the unique number of that name.
      Values, in the file's units or with a unit the key accepts
      (temperatures K, mK, uK or GHz, MHz, kHz as k_B T/h; frequencies
      GHz, MHz, kHz, Hz; units need [units] frequency = "GHz" etc.):
        KEY=start:stop:count      count points, evenly spaced, inclusive
        KEY=log:start:stop:count  evenly spaced in log10 (start, stop > 0)
        KEY=[v1,v2,...]           the listed values
      Any number of --vary options: the grid is their product (the last
      varies fastest), at most 100000 points; a key may be varied once.
      Points run in parallel on all cores (--jobs), BLAS single-threaded
      per point; progress with an estimate of the time left on stderr.
      Examples:
        clausius sweep examples/004-wire-detuned.toml \\
          --vary couplings.0.strength=log:1e-4:1e-1:31 --out sweep-k/
        clausius sweep examples/003-two-mode-refrigerator-lab.toml \\
          --vary baths.cold.temperature=20mK:100mK:17
        clausius sweep examples/003-chain.toml --format csv \\
          --vary baths.last.temperature=[0.5,1,2] \\
          --vary couplings.0.strength=0.05:0.2:4
      Output: the table (one row per point and master equation: heat per
      bath, work rate, COP/efficiency, cooling power of a refrigerator,
      entropy production; the circulating current Q_C of a ring; the
      quanta flows and forward/backward response of a cascade), or json,
      or csv in long format (one row per point, equation and bath: loads
      directly into pandas). With --out DIR also
        DIR/sweep.json, DIR/sweep.csv   all points (sweep.csv long format)
        DIR/sweep-modes.csv             occupations, one row per point,
                                        equation and mode
        DIR/sweep/<id>.svg|csv|json     figures against the first
                                        parameter (one panel per equation
                                        when there are more than 8 curves)
        DIR/sweep/map-<quantity>-<eq>.* with two or more --vary options:
                                        heat maps over the first two
                                        parameters, z = 0 contour
        DIR/report.html                 the figures in one page
      Past one machine (docs/cluster.md): --shard K/N --out DIR computes every
      N-th point into DIR/shards/ (resumable), 'clausius merge DIR' joins the
      shards; --slurm writes and submits an sbatch job array doing that.
      Exit status: 0 on success, 2 on a bad file, key or range.
      """)

  @OptionGroup public var options: ModelOptions

  @Option(name: .long, help: ArgumentHelp("A parameter to sweep (any number of times): KEY=start:stop:count, KEY=log:start:stop:count or KEY=[v1,v2,…], e.g. --vary couplings.0.strength=0:0.05:41, --vary g=log:1e-3:1e-1:21 or --vary baths.hot.temperature=50mK:200mK:16.", valueName: "KEY=start:stop:count"))
  public var vary: [String] = []

  @Option(name: .long, help: ArgumentHelp("Parallel workers (default: all cores).", valueName: "N"))
  public var jobs: Int?

  /// --shard, --slurm and their options (SweepCluster.swift, docs/cluster.md).
  @OptionGroup public var cluster: SweepClusterOptions

  public init() {}

  public func validate() throws {
    guard !vary.isEmpty else { throw ValidationError("give at least one --vary KEY=start:stop:count option") }
    if let j = jobs, j < 1 { throw ValidationError("--jobs \(j) must be ≥ 1") }
    try cluster.validate()
  }

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let m = try options.loadForSteadyState()
    let params = try Self.parameters(vary, for: m)
    let outputDirectory = try options.outputDirectory(m)   // an unusable --out is an error before any work
    if try cluster.run(self, m, params, outputDirectory) { return }
    let doc: SweepDocument
    do {
      let progress = SweepProgress(quiet: options.quiet)
      let run = try Self.sweepReporting(m, params, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { done, total in progress.report(done, total) }
      doc = run.document
      options.note("sweep: \(run.reuse)")
    } catch let e as ModelFileError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    }
    if let dir = outputDirectory {
      let files = try Self.write(doc, to: dir)
      options.note("wrote " + files.map { "\(dir.path)/\($0)" }.joined(separator: ", "))
    }
    switch options.resolvedFormat(m) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Self.csv(doc), terminator: "")
    case .table: print(Self.table(doc, verbose: options.verbose))
    }
    try Self.exitOnFailures(doc)
  }

  /// As `solve`: a point whose solve failed its own diagnostics or broke a law that binds its equation makes the
  /// sweep exit 1, after every result is written (each failure named on stderr, the first ten).
  static func exitOnFailures(_ doc: SweepDocument) throws {
    let failures = doc.points.flatMap { p in
      SolveDocument.failures(of: p.methods, kind: doc.kind ?? "network").map { "at \(zip(doc.parameters, p.values).map { "\($0.key) = \(Text.num($1))" }.joined(separator: ", ")): \($0)" }
    }
    for f in failures.prefix(10) { FileHandle.standardError.write(Data("error: \(f)\n".utf8)) }
    if failures.count > 10 { FileHandle.standardError.write(Data("error: … and \(failures.count - 10) more failed points\n".utf8)) }
    if !failures.isEmpty { throw ExitCode(1) }
  }

  /// Parses the `--vary` options against the model: every key must exist, no key may be varied twice (also not under
  /// two spellings, e.g. `baths.hot.temperature` and `baths.1.temperature`), and the grid must not exceed
  /// `SweepParameter.maximumGridPoints`. Each parameter gets its physical symbol and unit.
  static func parameters(_ vary: [String], for m: ModelDescription) throws -> [SweepParameter] {
    var params = try vary.map { try SweepParameter(parsing: $0) }
    var seen: [String: String] = [:]
    for i in params.indices {
      let path: String
      do { path = try m.resolve(params[i].key).joined(separator: ".") } catch let e as ModelFileError {
        FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
      }
      if let first = seen[path] {
        throw ValidationError("--vary: '\(params[i].key)' and '\(first)' name the same number (\(path)); vary each key once")
      }
      seen[path] = params[i].key
      params[i].symbol = m.parameterSymbol(params[i].key)
    }
    _ = try SweepGrid(params)
    return params
  }

  /// Runs the sweep over any model kind. The keys and the corners of the grid are validated first (a bad key or value
  /// throws `ModelFileError` before any work); interior points that are invalid are reported per point. Points run in
  /// parallel (one point per worker; each solve single-threaded) and the result does not depend on `jobs`.
  public static func sweep(_ d: ModelDescription, _ params: [SweepParameter], jobs: Int = 1,
                           progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> SweepDocument {
    try sweepReporting(d, params, jobs: jobs, progress: progress).document
  }

  /// `sweep`, with what the points reused (`SweepReuseReport`).
  public static func sweepReporting(_ d: ModelDescription, _ params: [SweepParameter], jobs: Int = 1,
                                    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> (document: SweepDocument, reuse: SweepReuseReport) {
    let grid = try SweepGrid(params)
    let points = try pointSolver(d, params)
    let results = ResultBox(count: grid.count)
    runPoints(Array(0..<grid.count), jobs: jobs) { i in
      let done = results.set(i, points.solve(i))
      progress(done, grid.count)
    }
    return (document(d, params, points: results.values.map { $0! }), points.solver.reuse)
  }

  /// The solver of grid point i of the sweep (any model kind): the family's `SweepPointSolver`, built once from the
  /// model as read (it reuses work between points). The keys and the corners of the grid are validated first (a bad
  /// key or value throws `ModelFileError` before any work); an invalid interior point is reported in its
  /// `SweepPoint.error`.
  static func pointSolver(_ d: ModelDescription, _ params: [SweepParameter]) throws -> (solve: @Sendable (Int) -> SweepPoint, solver: any SweepPointSolver) {
    let grid = try SweepGrid(params)
    // Each key resolved once (a bare alias such as `g` becomes its dotted path).
    let solver = try d.sweepSolver(paths: try params.map { try d.resolve($0.key) })
    @Sendable func values(_ x: [Double]) -> [ModelValue] { zip(params, x).map { $0.modelValue($1) } }
    for corner in [0, grid.count - 1] { try solver.validate(values(grid.values(corner))) }
    return ({ i in
      var point = SweepPoint(values: grid.values(i), error: nil, methods: [])
      do { point.methods = try solver.methods(at: values(point.values)) } catch { point.error = "\(error)" }
      return point
    }, solver)
  }

  /// Runs `body` for each index on `jobs` workers (worker w takes the w-th, (w+jobs)-th, … index; each solve
  /// single-threaded).
  static func runPoints(_ indices: [Int], jobs: Int, _ body: @Sendable (Int) -> Void) {
    guard !indices.isEmpty else { return }
    let workers = min(max(jobs, 1), indices.count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for i in stride(from: worker, to: indices.count, by: workers) { body(indices[i]) }
    }
  }

  /// The sweep document of `d` over `params` with the given points (none: the metadata a shard file records).
  static func document(_ d: ModelDescription, _ params: [SweepParameter], points: [SweepPoint]) -> SweepDocument {
    SweepDocument(file: d.file, title: d.title, kind: d.kind, units: UnitsInfo(d.units), parameters: params,
                  modes: d.family.modeNames, baths: d.family.bathNames, points: points)
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

  /// Writes sweep.json, sweep.csv, sweep-modes.csv, the figures (sweep/<id>.svg|csv|json) and report.html; returns the paths.
  static func write(_ d: SweepDocument, to dir: URL) throws -> [String] {
    try FigureWriter.write(try ClausiusJSON.encoder.encode(d), to: "sweep.json", in: dir)
    try FigureWriter.write(Data(csv(d).utf8), to: "sweep.csv", in: dir)
    try FigureWriter.write(Data(modesCSV(d).utf8), to: "sweep-modes.csv", in: dir)
    let (figs, notes) = figures(d)
    var report = ReproductionReport(paper: "sweep", title: "\(d.title): sweep of \(d.parameters.map(\.key).joined(separator: " × "))",
                                    notes: ["Model file: \(d.file)", "Units: \(d.units.note)"] + notes, figures: figs)
    report.files = try FigureWriter.writeFigures(of: report, to: dir)
    let html = page(d, report.figures, notes: notes)
    try FigureWriter.write(Data(html.utf8), to: "report.html", in: dir)
    return ["sweep.json", "sweep.csv", "sweep-modes.csv"] + report.files + ["report.html"]
  }

  /// A self-contained page (no scripts, no network): the sweep's parameters and units, each figure
  /// inlined as SVG with its caption and links to its files, and the notes (figures not drawn and why).
  static func page(_ d: SweepDocument, _ figures: [Figure], notes: [String] = []) -> String {
    var h = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head><meta charset=\"utf-8\"/>"
    h += "<title>\(Markup.escape(d.title)): sweep</title>"
    h += "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}figure{margin:2em 0}figcaption{font-size:90%}</style></head>\n<body>\n"
    h += "<h1>\(Markup.escape(d.title))</h1>\n"
    h += "<p>Sweep of " + d.parameters.map { p in
      let values = p.spacing == .list ? "the values " + p.values.map { Text.num($0) }.joined(separator: ", ")
        : "\(Text.num(p.values.first)) to \(Text.num(p.values.last))\(p.spacing == .log ? " (log spacing)" : "")"
      return "<code>\(Markup.escape(p.key))</code> (\(Markup.escape(Figure.plainText(p.symbol?.symbol ?? p.key)))) over \(values) \(Markup.escape(p.displayUnit)) (\(p.values.count) points)"
    }.joined(separator: " × ")
    h += " for the model file <code>\(Markup.escape(d.file))</code>. Units: \(Markup.escape(d.units.note)). "
    h += "All numbers: <a href=\"sweep.json\">sweep.json</a>, <a href=\"sweep.csv\">sweep.csv</a> (long format), <a href=\"sweep-modes.csv\">sweep-modes.csv</a>.</p>\n"
    if !notes.isEmpty { h += "<ul>\n" + notes.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n" }
    h += "<p class=\"provenance\">\(HTMLReport.provenance(generated: Date()))</p>\n"
    for f in figures {
      let files = FigureWriter.files(paper: "sweep", figure: f)
      h += "<figure>\n" + SVGRenderer.render(f, idPrefix: "fig-\(f.id)").svg + "\n<figcaption>\(Markup.escape(f.caption)) Files: "
      h += "<a href=\"\(files.svg)\">SVG</a> · <a href=\"\(files.csv)\">CSV</a> · <a href=\"\(files.json)\">JSON</a></figcaption>\n</figure>\n"
    }
    return h + "</body>\n</html>\n"
  }
}

/// Progress of a sweep on stderr: points done, the share, the elapsed time and an estimate of the time left,
/// about ten lines per sweep (and at least every 10 s for long ones).
final class SweepProgress: @unchecked Sendable {
  private let quiet: Bool
  private let start = DispatchTime.now()
  private var lastPrint = 0.0
  private let lock = NSLock()

  init(quiet: Bool) { self.quiet = quiet }

  func report(_ done: Int, _ total: Int) {
    guard !quiet else { return }
    lock.lock(); defer { lock.unlock() }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let milestone = total < 10 || done % max(1, total / 10) == 0 || done == total
    guard milestone || elapsed - lastPrint >= 10 else { return }
    lastPrint = elapsed
    var line = "sweep: \(done)/\(total) points (\(Int((100 * Double(done) / Double(total)).rounded(.down))) %), \(Self.duration(elapsed)) elapsed"
    if done < total, done > 0 { line += ", about \(Self.duration(elapsed / Double(done) * Double(total - done))) left" }
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  static func duration(_ s: Double) -> String {
    if s < 60 { return String(format: "%.1f s", s) }
    if s < 3600 { return String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60) }
    return String(format: "%d h %02d min", Int(s) / 3600, (Int(s) % 3600) / 60)
  }
}
