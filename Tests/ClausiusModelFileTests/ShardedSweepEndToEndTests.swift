import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// `clausius sweep --shard K/N` and `clausius merge` with the built binary (docs/cluster.md): three shards, one killed
/// (SIGKILL) in the middle and resumed, merge to the unsharded sweep point by point, bit for bit. The SLURM job array
/// itself is tested by scripts/test-slurm on a real single-node SLURM.
@Suite("clausius sweep --shard and merge, end to end")
struct ShardedSweepEndToEndTests {
  static let model = ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml")
  /// 6 × 4 = 24 points of paper 003's two-mode refrigerator.
  static let vary = ["--vary", "baths.cold.temperature=20mK:100mK:6", "--vary", "couplings.0.strength=[10MHz,50MHz,100MHz,200MHz]"]

  static func lines(_ url: URL) -> Int {
    guard let d = try? Data(contentsOf: url) else { return 0 }
    return d.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
  }

  /// The points of a sweep.json as Clausius JSON without envelope (every number in its shortest round-trip form).
  static func points(_ dir: URL) throws -> [Data] {
    let d = try ClausiusJSON.decoder.decode(SweepDocument.self, from: Data(contentsOf: dir.appendingPathComponent("sweep.json")))
    var e = ClausiusJSON.encoder
    e.envelope = false
    return try d.points.map { try e.encode($0) }
  }

  @Test("3 shards, shard 2 killed after two points and resumed: merge equals the unsharded sweep bit for bit; merge before the resume lists the missing points")
  func killedAndResumed() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-shards-e2e-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let full = root.appendingPathComponent("full"), sharded = root.appendingPathComponent("sharded")
    let r = try ClausiusBinary.run(["sweep", Self.model] + Self.vary + ["--out", full.path, "--quiet", "--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    for k in [1, 3] {
      let s = try ClausiusBinary.run(["sweep", Self.model] + Self.vary + ["--out", sharded.path, "--shard", "\(k)/3"])
      #expect(s.status == 0, "\(s.stderr)")
      // The task reuses the work of the model as read (issue 18): shard 1/3's points 9 and 21 have the file's coupling
      // (50 MHz), so its global equation reuses the normal modes and its local one the drift's Schur form there.
      if k == 1 { #expect(s.stderr.contains("shard 1/3: 8 points; reused drift Schur form 2×, normal modes 2×"), "\(s.stderr)") }
    }
    // Shard 2, slowed down (test-only delay after each point), killed once two of its 8 points are in its file.
    let file = sharded.appendingPathComponent("shards/shard-2-of-3.jsonl")
    let p = Process()
    p.executableURL = ClausiusBinary.url
    p.arguments = ["sweep", Self.model] + Self.vary + ["--out", sharded.path, "--shard", "2/3", "--quiet", "--jobs", "1"]
    p.environment = ProcessInfo.processInfo.environment.merging(["CLAUSIUS_TEST_SHARD_POINT_DELAY": "0.3"]) { $1 }
    try p.run()
    let deadline = Date().addingTimeInterval(60)
    while Self.lines(file) < 3, p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal, "shard 2 finished before it was killed")
    let done = Self.lines(file) - 1
    #expect((2..<8).contains(done), "points of shard 2 written before the kill: \(done)")
    // Merge now: exit 2, the missing points are shard 2's unfinished ones (1, 4, 7, …, 22 are shard 2's).
    let early = try ClausiusBinary.run(["merge", sharded.path])
    #expect(early.status == 2)
    #expect(early.stderr.contains("\(8 - done) of 24 points missing") && early.stderr.contains("shard 2/3 (\(8 - done) point(s))"), "\(early.stderr)")
    #expect(!FileManager.default.fileExists(atPath: sharded.appendingPathComponent("sweep.json").path))
    // Resume: only the missing points are computed.
    let resumed = try ClausiusBinary.run(["sweep", Self.model] + Self.vary + ["--out", sharded.path, "--shard", "2/3"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("shard 2/3: 8 of 24 points, \(done) already in"), "\(resumed.stderr)")
    #expect(Self.lines(file) == 9)
    let merged = try ClausiusBinary.run(["merge", sharded.path, "--quiet"])
    #expect(merged.status == 0, "\(merged.stderr)")
    // Point by point, every number bit for bit (shortest round-trip decimal forms equal), and the CSV tables byte for byte.
    let a = try Self.points(full), b = try Self.points(sharded)
    #expect(a.count == 24 && b.count == 24)
    for i in 0..<min(a.count, b.count) { #expect(a[i] == b[i], "point \(i)") }
    for name in ["sweep.csv", "sweep-modes.csv", "sweep/heat-0.csv", "sweep/map-heat-0-local.csv", "sweep/map-work-local.svg"] {
      #expect(try Data(contentsOf: full.appendingPathComponent(name)) == Data(contentsOf: sharded.appendingPathComponent(name)), "\(name)")
    }
  }

  @Test("usage errors exit 2 with the reason: no --out, bad K/N, cluster options without --slurm, a changed sweep in the same folder")
  func usage() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-shards-usage-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let cases: [([String], String)] = [
      (["--shard", "1/3"], "needs --out DIR"),
      (["--shard", "4/3", "--out", root.path], "K = 4 must be in 1…3"),
      (["--time", "1:00:00", "--out", root.path], "need --slurm"),
      (["--slurm", "--shard", "1/2", "--out", root.path], "exclude each other"),
      (["--slurm", "--dry-run", "--time", "1h", "--out", root.path], "--time '1h'"),
    ]
    for (args, message) in cases {
      let r = try ClausiusBinary.run(["sweep", Self.model] + Self.vary + args)
      #expect(r.status == 2 && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
    }
    let first = try ClausiusBinary.run(["sweep", Self.model, "--vary", "couplings.0.strength=[0.01,0.02]", "--out", root.path, "--shard", "1/2", "--quiet"])
    #expect(first.status == 0, "\(first.stderr)")
    let changed = try ClausiusBinary.run(["sweep", Self.model, "--vary", "couplings.0.strength=[0.01,0.03]", "--out", root.path, "--shard", "1/2", "--quiet"])
    #expect(changed.status == 2 && changed.stderr.contains("was written by a different sweep"), "\(changed.stderr)")
  }

  @Test("--slurm --dry-run writes an array of N shards, a merge job and a submit script that bash parses")
  func slurmDryRun() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-slurm-dry-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let r = try ClausiusBinary.run(["sweep", Self.model] + Self.vary + ["--out", root.path, "--slurm", "--dry-run", "--array-size", "5",
                                                                       "--time", "0:10:00", "--mem", "1G", "--partition", "debug"])
    #expect(r.status == 0, "\(r.stderr)")
    let slurm = root.appendingPathComponent("slurm")
    let array = try String(contentsOf: slurm.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
    #expect(array.contains("#SBATCH --array=1-5\n") && array.contains("#SBATCH --time=0:10:00\n") && array.contains("#SBATCH --mem=1G\n"))
    #expect(array.contains(ClausiusBinary.url.resolvingSymlinksInPath().path + " sweep " + URL(fileURLWithPath: Self.model).standardizedFileURL.path))
    #expect(array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/5\""))
    let merge = try String(contentsOf: slurm.appendingPathComponent("merge.sbatch"), encoding: .utf8)
    #expect(merge.contains(" merge " + root.standardizedFileURL.path))
    for name in ["sweep.sbatch", "merge.sbatch", "submit.sh"] {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/bin/bash")
      p.arguments = ["-n", slurm.appendingPathComponent(name).path]
      try p.run(); p.waitUntilExit()
      #expect(p.terminationStatus == 0, "bash -n \(name)")
    }
    #expect(r.stderr.contains("dry run: submit with  bash \(slurm.path)/submit.sh"), "\(r.stderr)")
  }
}
