import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// `clausius sweep … --shard K/N` and `--slurm` (docs/cluster.md). The bookkeeping (assignment, shard files, merge
/// checks, sbatch scripts) is in ClausiusIO (`SweepShards`, `ShardWriter`, `SlurmSweepJob`); this parses and prints.
public struct SweepClusterOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Compute only shard K of N (every N-th grid point, starting at point K−1) into DIR/shards/shard-K-of-N.jsonl (needs --out DIR), point by point; rerunning skips finished points. Merge with 'clausius merge DIR'.", valueName: "K/N"))
  public var shard: String?

  @Flag(name: .long, help: "Write an sbatch job array (one shard per task) and a merge job into DIR/slurm/ (needs --out DIR) and submit them when sbatch is on PATH.")
  public var slurm = false

  @Option(name: .customLong("array-size"), help: ArgumentHelp("--slurm: array tasks = shards (default: the grid's points, at most 100).", valueName: "N"))
  public var arraySize: Int?

  @Option(name: .long, help: ArgumentHelp("--slurm: time limit per task (sbatch --time), e.g. 2:00:00.", valueName: "TIME"))
  public var time: String?

  @Option(name: .long, help: ArgumentHelp("--slurm: memory per task (sbatch --mem), e.g. 4G.", valueName: "SIZE"))
  public var mem: String?

  @Option(name: .long, help: ArgumentHelp("--slurm: partition (sbatch --partition).", valueName: "NAME"))
  public var partition: String?

  @Option(name: .customLong("cpus-per-task"), help: ArgumentHelp("--slurm: cores per task (default 1); the task's points run on them in parallel.", valueName: "N"))
  public var cpusPerTask: Int = 1

  @Flag(name: .customLong("dry-run"), help: "--slurm: only write the scripts, do not submit.")
  public var dryRun = false

  public init() {}

  /// Environment variable (tests only): seconds to sleep after each point of a shard, to make a shard slow enough to
  /// be killed mid-run.
  static let testPointDelayVariable = "CLAUSIUS_TEST_SHARD_POINT_DELAY"

  public func validate() throws {
    if shard != nil, slurm { throw ValidationError("--shard and --slurm exclude each other (--slurm writes one --shard per array task)") }
    if !slurm, arraySize != nil || time != nil || mem != nil || partition != nil || cpusPerTask != 1 || dryRun {
      throw ValidationError("--array-size, --time, --mem, --partition, --cpus-per-task and --dry-run need --slurm")
    }
    if let s = shard { do { _ = try ShardAssignment(parsing: s) } catch { throw ValidationError("\(error)") } }
  }

  /// Runs the shard or writes (and submits) the SLURM job when asked; false when neither was asked.
  func run(_ sweep: Sweep, _ m: ModelDescription, _ params: [SweepParameter], _ out: URL?) throws -> Bool {
    guard shard != nil || slurm else { return false }
    guard let out else { throw ValidationError("--\(slurm ? "slurm" : "shard") needs --out DIR (or [output] directory in the model file): the shards, scripts and merged results go there") }
    do {
      if let shard { try runShard(try ShardAssignment(parsing: shard), sweep, m, params, out) }
      else { try writeSlurm(sweep, params, out) }
    } catch let e as ShardError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    } catch let e as ModelFileError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    }
    return true
  }

  /// The fingerprint of a sweep: the model file's bytes, --equations, the parameters and this build (a shard resumed
  /// by another build of Clausius, or with a changed file, is refused).
  static func definition(_ sweep: Sweep, _ params: [SweepParameter]) throws -> String {
    let file: Data
    do { file = try Data(contentsOf: URL(fileURLWithPath: sweep.options.model)) } catch {
      throw ShardError("cannot read the model file '\(sweep.options.model)': \(error.localizedDescription)")
    }
    let e = JSONEncoder()
    e.outputFormatting = .sortedKeys
    return SweepShards.definitionHash([file, Data(sweep.options.equations.joined(separator: "\n").utf8), try e.encode(params),
                                       Data((ClausiusVersion.version + " " + ClausiusVersion.gitCommit).utf8)])
  }

  private func runShard(_ a: ShardAssignment, _ sweep: Sweep, _ m: ModelDescription, _ params: [SweepParameter], _ out: URL) throws {
    BLASThreads.configureFromEnvironment()
    let grid = try SweepGrid(params)
    let points = try Sweep.pointSolver(m, params)   // the same reuse as an unsharded sweep, within this task
    let writer = try ShardWriter<SweepDocument, SweepPoint>(directory: out.appendingPathComponent("shards"), assignment: a, points: grid.count,
                                                            definition: try Self.definition(sweep, params), meta: Sweep.document(m, params, points: []))
    let mine = a.points(total: grid.count)
    let todo = mine.filter { !writer.finishedAtOpen.contains($0) }
    sweep.options.note("shard \(a): \(mine.count) of \(grid.count) points, \(mine.count - todo.count) already in \(writer.url.path), \(todo.count) to compute")
    let delay = ProcessInfo.processInfo.environment[Self.testPointDelayVariable].flatMap(Double.init) ?? 0
    let progress = SweepProgress(quiet: sweep.options.quiet)
    let failure = FirstError()
    let counter = Counter()
    Sweep.runPoints(todo, jobs: sweep.jobs ?? ProcessInfo.processInfo.activeProcessorCount) { i in
      guard !failure.isSet else { return }
      let p = points.solve(i)
      if delay > 0 { Thread.sleep(forTimeInterval: delay) }
      do { try writer.append(index: i, point: p) } catch { failure.set(error); return }
      progress.report(counter.increment(), todo.count)
    }
    if let e = failure.error { throw e }
    sweep.options.note("shard \(a): \(points.solver.reuse)")
    sweep.options.note("shard \(a) complete: \(writer.url.path); merge with: clausius merge \(out.path)")
  }

  private func writeSlurm(_ sweep: Sweep, _ params: [SweepParameter], _ out: URL) throws {
    let grid = try SweepGrid(params)
    let model = URL(fileURLWithPath: sweep.options.model).standardizedFileURL.path
    var args = [model] + sweep.vary.flatMap { ["--vary", $0] }
    if !sweep.options.equations.isEmpty { args += ["--equations"] + sweep.options.equations }
    let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
    let stem = URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    let job = try SlurmSweepJob(arraySize: arraySize ?? min(grid.count, 100), time: time, memory: mem, partition: partition,
                                cpusPerTask: cpusPerTask, jobName: "clausius-" + (stem.isEmpty ? "sweep" : stem), executable: executable,
                                sweepArguments: args, outputDirectory: out.standardizedFileURL.path)
    let dir = out.appendingPathComponent("slurm")
    try FigureWriter.write(Data(job.arrayScript.utf8), to: "sweep.sbatch", in: dir)
    try FigureWriter.write(Data(job.mergeScript.utf8), to: "merge.sbatch", in: dir)
    try FigureWriter.write(Data(job.submitScript.utf8), to: "submit.sh", in: dir)
    _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent("submit.sh").path)
    let submit = dir.appendingPathComponent("submit.sh").path
    sweep.options.note("wrote \(dir.path)/sweep.sbatch (array 1-\(job.arraySize), \(grid.count) points), \(dir.path)/merge.sbatch, \(submit)")
    let sbatch = ProcessInfo.processInfo.environment["PATH", default: ""].split(separator: ":")
      .map { "\($0)/sbatch" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard !dryRun, sbatch != nil else {
      sweep.options.note(dryRun ? "dry run: submit with  bash \(submit)" : "sbatch is not on PATH: submit on the cluster with  bash \(submit)")
      return
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/bash")
    p.arguments = [submit]
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
      throw ShardError("submitting with \(submit) failed (exit status \(p.terminationStatus)); the scripts are in \(dir.path)")
    }
  }
}

/// `clausius merge DIR`: checks the shards of a sharded sweep and writes the unsharded sweep's files.
public struct Merge: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Merge the shards of a sweep (clausius sweep --shard K/N --out DIR) into DIR's sweep.json/csv, figures and report.",
    discussion: """
      Reads DIR/shards/shard-K-of-N.jsonl, checks that they belong to one sweep
      (same model file, options, --vary, shard count and build), that every grid
      point is present exactly once (missing ones are listed with the shards that
      owe them: rerun those, finished points are skipped), and writes
        DIR/sweep.json, DIR/sweep.csv, DIR/sweep-modes.csv, DIR/sweep/…, DIR/report.html
      exactly as the unsharded sweep (identical numbers). docs/cluster.md.
      Exit status: 0 success; 1 a point failed its checks (as sweep); 2 missing,
      duplicate or mismatched shards.
      """)

  @Argument(help: ArgumentHelp("The --out folder of the sharded sweep.", valueName: "DIR"))
  public var directory: String

  @Option(name: .long, help: ArgumentHelp("Also print the merged sweep: 'table', 'json' or 'csv' (default: nothing on stdout).", valueName: "table|json|csv"))
  public var format: ModelOutputFormat?

  @Flag(name: .long, help: "No notes on stderr.")
  public var quiet = false

  public init() {}

  public func run() throws {
    let dir = URL(fileURLWithPath: directory, isDirectory: true)
    let merged: (header: ShardHeader<SweepDocument>, points: [SweepPoint])
    do { merged = try SweepShards.merge(directory: dir.appendingPathComponent("shards")) } catch let e as ShardError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8)); throw ExitCode(2)
    }
    var doc = merged.header.sweep
    doc.points = merged.points
    let files = try Sweep.write(doc, to: dir)
    if !quiet {
      FileHandle.standardError.write(Data("merged \(merged.header.shards) shards, \(doc.points.count) points; wrote \(files.map { "\(dir.path)/\($0)" }.joined(separator: ", "))\n".utf8))
    }
    switch format {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(Sweep.csv(doc), terminator: "")
    case .table: print(Sweep.table(doc, verbose: false))
    case nil: break
    }
    try Sweep.exitOnFailures(doc)
  }
}

/// The first error thrown by any worker.
final class FirstError: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var error: Error?
  var isSet: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
  func set(_ e: Error) { lock.lock(); defer { lock.unlock() }; if error == nil { error = e } }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var n = 0
  func increment() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
