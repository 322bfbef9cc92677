import ClausiusIO
import Foundation
import Testing

/// Shard bookkeeping of sharded sweeps (SweepShards.swift; docs/cluster.md): assignment, shard files written point by
/// point and resumed after a kill, the merge's checks, the definition hash (SHA-256 against Python's hashlib) and the
/// sbatch scripts (checked by bash itself).
@Suite("Sweep shards")
struct SweepShardsTests {
  struct Meta: Codable, Equatable { var title: String }
  struct Point: Codable { var x: [Double]; var note: String? }

  static func temporaryDirectory() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-shards-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
  }

  /// Runs a command; returns its standard output.
  static func run(_ tool: String, _ args: [String], stdin: Data? = nil) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + args
    let out = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "\(tool) \(args) failed")
    return String(decoding: data, as: UTF8.self)
  }

  static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

  /// Awkward doubles: signed zeros, subnormals, extremes, non-finite values, values whose shortest decimal form is long.
  static let awkward: [Double] = [0, -0.0, .leastNonzeroMagnitude, -2.2250738585072014e-308, 1.7976931348623157e308, .infinity, -.infinity, .nan,
                                  0.1, 1.0 / 3, -2.0 / 3 * 1e-17, 123456789.123456789, 6.02214076e23, Double.pi, -Double.ulpOfOne]

  static func point(_ i: Int) -> Point {
    Point(x: [Double(i), awkward[i % awkward.count], sin(Double(i) * 0.7) * 1e-9, exp(Double(i)) / 7], note: i % 4 == 0 ? "point \(i) \"quoted\"\n/" : nil)
  }

  @Test("SHA-256 equals Python's hashlib (FIPS 180-4) at the padding boundaries")
  func sha256() throws {
    // The same bytes built in Python: b_i = (37 i + 11) mod 256, n at and around the 55/56/64-byte padding boundaries.
    let lengths = [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 1000]
    let python = try Self.run("python3", ["-c", """
      import hashlib
      for n in \(lengths): print(hashlib.sha256(bytes((37 * i + 11) % 256 for i in range(n))).hexdigest())
      """]).split(separator: "\n").map(String.init)
    #expect(python.count == lengths.count)
    for (n, digest) in zip(lengths, python) {
      #expect(SHA256.hex(Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })) == digest, "n = \(n)")
    }
    // FIPS 180-4 example "abc" (NIST CSRC example values).
    #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    // The definition hash is length-prefixed: moving a byte between parts changes it.
    #expect(SweepShards.definitionHash([Data("ab".utf8), Data("c".utf8)]) != SweepShards.definitionHash([Data("a".utf8), Data("bc".utf8)]))
  }

  @Test("shard K/N owns the points i ≡ K−1 (mod N): every point in exactly one shard; bad K/N rejected")
  func assignment() throws {
    for n in 1...7 {
      for total in [0, 1, 5, 13, 30] {
        let shards = try (1...n).map { try ShardAssignment(index: $0, count: n) }
        for i in 0..<total { #expect(shards.filter { $0.owns(i) }.count == 1) }
        let all = shards.flatMap { $0.points(total: total) }.sorted()
        #expect(all == Array(0..<total))
        for s in shards { #expect(s.points(total: total) == (0..<total).filter { $0 % n == s.index - 1 }) }
      }
    }
    #expect(try ShardAssignment(parsing: "3/10") == ShardAssignment(index: 3, count: 10))
    for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", ""] {
      #expect(throws: ShardError.self, "\(bad)") { try ShardAssignment(parsing: bad) }
    }
  }

  @Test("three shards written point by point merge to the unsharded points bit for bit")
  func mergeRoundTrip() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let total = 40, n = 3
    for k in 1...n {
      let a = try ShardAssignment(index: k, count: n)
      let w = try ShardWriter<Meta, Point>(directory: dir, assignment: a, points: total, definition: "d1", meta: Meta(title: "t"))
      // Completion order differs from grid order (workers finish out of order).
      for i in a.points(total: total).reversed() { try w.append(index: i, point: Self.point(i)) }
    }
    let merged = try SweepShards.merge(directory: dir, meta: Meta.self, point: Point.self)
    #expect(merged.header.sweep == Meta(title: "t"))
    #expect(merged.points.count == total)
    for (i, p) in merged.points.enumerated() {
      let q = Self.point(i)
      #expect(p.x.count == q.x.count && zip(p.x, q.x).allSatisfy { Self.same($0, $1) }, "point \(i)")
      #expect(p.note == q.note)
    }
  }

  @Test("a shard killed mid-line resumes: the partial line is cut, finished points are skipped")
  func resumeAfterKill() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let total = 20
    let a = try ShardAssignment(index: 2, count: 2)
    do {
      let w = try ShardWriter<Meta, Point>(directory: dir, assignment: a, points: total, definition: "d", meta: Meta(title: "t"))
      for i in [1, 3, 5] { try w.append(index: i, point: Self.point(i)) }
    }
    // A kill while writing point 7: half a line, no newline.
    let url = dir.appendingPathComponent(a.fileName)
    let goodLength = try Data(contentsOf: url).count
    let h = try FileHandle(forWritingTo: url)
    try h.seekToEnd(); try h.write(contentsOf: Data(#"{"index":7,"point":{"x":[7,0.1"#.utf8)); try h.close()
    // Reading (merge) ignores the partial line and reports the other points as missing.
    let c = try SweepShards.read(url, meta: Meta.self, point: Point.self)
    #expect(c.records.map(\.index) == [1, 3, 5])
    #expect(c.completeLength == goodLength)
    // Resume: the partial line is cut off, the three points are known.
    let w = try ShardWriter<Meta, Point>(directory: dir, assignment: a, points: total, definition: "d", meta: Meta(title: "t"))
    #expect(w.finishedAtOpen == [1, 3, 5])
    #expect(try Data(contentsOf: url).count == goodLength)
    for i in a.points(total: total) where !w.finishedAtOpen.contains(i) { try w.append(index: i, point: Self.point(i)) }
    #expect(try SweepShards.read(url, meta: Meta.self, point: Point.self).records.map(\.index).sorted() == a.points(total: total))
  }

  @Test("merge lists missing points with the shards that owe them, duplicates, and shards of another sweep")
  func mergeErrors() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let total = 12
    let s1 = try ShardAssignment(index: 1, count: 3), s2 = try ShardAssignment(index: 2, count: 3)
    do {
      let w1 = try ShardWriter<Meta, Point>(directory: dir, assignment: s1, points: total, definition: "d", meta: Meta(title: "t"))
      for i in s1.points(total: total) { try w1.append(index: i, point: Self.point(i)) }
      let w2 = try ShardWriter<Meta, Point>(directory: dir, assignment: s2, points: total, definition: "d", meta: Meta(title: "t"))
      for i in [1, 4] { try w2.append(index: i, point: Self.point(i)) }
    }
    // Missing: shard 2's 7 and 10, all of shard 3 (2, 5, 8, 11; no file).
    let missing = #expect(throws: ShardError.self) { try SweepShards.merge(directory: dir, meta: Meta.self, point: Point.self) }
    let m = missing?.message ?? ""
    #expect(m.contains("6 of 12 points missing: 2, 5, 7–8, 10–11"), "\(m)")
    #expect(m.contains("shard 2/3 (2 point(s))") && m.contains("shard 3/3 (4 point(s), no file)"), "\(m)")
    // A point twice (two runs of the same shard appending to one file).
    let url2 = dir.appendingPathComponent(s2.fileName)
    let lines = try String(contentsOf: url2, encoding: .utf8).split(separator: "\n")
    try (lines.joined(separator: "\n") + "\n" + lines[1] + "\n").write(to: url2, atomically: true, encoding: .utf8)
    let dup = #expect(throws: ShardError.self) { try SweepShards.merge(directory: dir, meta: Meta.self, point: Point.self) }
    #expect(dup?.message.contains("1 point(s) present more than once: 1 (shard-2-of-3.jsonl, shard-2-of-3.jsonl)") == true, "\(dup?.message ?? "")")
    // A shard of another sweep (other definition hash).
    let s3 = try ShardAssignment(index: 3, count: 3)
    _ = try ShardWriter<Meta, Point>(directory: dir, assignment: s3, points: total, definition: "other", meta: Meta(title: "t"))
    let foreign = #expect(throws: ShardError.self) { try SweepShards.merge(directory: dir, meta: Meta.self, point: Point.self) }
    #expect(foreign?.message.contains("belong to different sweeps") == true && foreign?.message.contains("shard-3-of-3.jsonl: definition other") == true,
            "\(foreign?.message ?? "")")
    // Resuming a shard with another definition is refused and leaves the file alone.
    let before = try Data(contentsOf: dir.appendingPathComponent(s1.fileName))
    #expect(throws: ShardError.self) { try ShardWriter<Meta, Point>(directory: dir, assignment: s1, points: total, definition: "changed", meta: Meta(title: "t")) }
    #expect(try Data(contentsOf: dir.appendingPathComponent(s1.fileName)) == before)
    // A damaged complete line names file and line.
    try "garbage\n".data(using: .utf8).map { d in let h = try FileHandle(forWritingTo: url2); try h.seekToEnd(); try h.write(contentsOf: d); try h.close() }
    let damaged = #expect(throws: ShardError.self) { try SweepShards.read(url2, meta: Meta.self, point: Point.self) }
    #expect(damaged?.message.contains("shard-2-of-3.jsonl:\(lines.count + 2): not a point record") == true, "\(damaged?.message ?? "")")
  }

  @Test("a shard cannot be opened twice at the same time (flock); points of other shards are refused")
  func lock() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = try ShardAssignment(index: 1, count: 2)
    do {
      let w = try ShardWriter<Meta, Point>(directory: dir, assignment: a, points: 3, definition: "d", meta: Meta(title: "t"))
      let second = #expect(throws: ShardError.self) { try ShardWriter<Meta, Point>(directory: dir, assignment: a, points: 3, definition: "d", meta: Meta(title: "t")) }
      #expect(second?.message.contains("being computed by another process") == true)
      // Point 1 is shard 2/2's (1 mod 2 = 1): refused.
      #expect(throws: ShardError.self) { try w.append(index: 1, point: Self.point(1)) }
      try w.append(index: 2, point: Self.point(2))
    }
    // Released with the writer: the shard opens again, with its point; only the shard file and its lock are left.
    let again = try ShardWriter<Meta, Point>(directory: dir, assignment: a, points: 3, definition: "d", meta: Meta(title: "t"))
    #expect(again.finishedAtOpen == [2])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["shard-1-of-2.jsonl", "shard-1-of-2.jsonl.lock"])
  }

  @Test("sbatch scripts: bash parses them, words come back unchanged, sbatch's time and memory forms")
  func slurmScripts() throws {
    let words = ["/path with space/model.toml", "--vary", "baths.hot.temperature=[50mK,100mK]", "it's", "$HOME", "a\"b"]
    let job = try SlurmSweepJob(arraySize: 7, time: "1-02:03:04", memory: "4G", partition: "debug", cpusPerTask: 2, jobName: "clausius-x",
                                executable: "/opt/clausius/bin/clausius", sweepArguments: words, outputDirectory: "/scratch/out dir")
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for (name, text) in [("a", job.arrayScript), ("m", job.mergeScript), ("s", job.submitScript)] {
      let u = dir.appendingPathComponent(name)
      try text.write(to: u, atomically: true, encoding: .utf8)
      _ = try Self.run("bash", ["-n", u.path])
    }
    // bash reads the quoted words back as the original strings.
    let echoed = try Self.run("bash", ["-c", "printf '%s\\n' " + words.map(SlurmSweepJob.quote).joined(separator: " ")])
    #expect(echoed == words.joined(separator: "\n") + "\n")
    let a = job.arrayScript
    #expect(a.contains("#SBATCH --array=1-7\n") && a.contains("#SBATCH --time=1-02:03:04\n") && a.contains("#SBATCH --mem=4G\n"))
    #expect(a.contains("#SBATCH --partition=debug\n") && a.contains("#SBATCH --cpus-per-task=2\n"))
    #expect(a.contains("--shard \"${SLURM_ARRAY_TASK_ID}/7\""))
    #expect(job.submitScript.contains("--dependency=afterok:\"$array\""))
    for good in ["30", "30:00", "2:00:00", "1-0", "1-12:30", "1-12:30:00"] { #expect(SlurmSweepJob.isTime(good), "\(good)") }
    for bad in ["", "1h", "2:00:00:00", "-1", "1-", "a"] { #expect(!SlurmSweepJob.isTime(bad), "\(bad)") }
    for (t, m, p) in [("1h", nil, nil), (nil, "4 GB", nil), (nil, nil, "a;rm")] as [(String?, String?, String?)] {
      #expect(throws: ShardError.self) {
        try SlurmSweepJob(arraySize: 1, time: t, memory: m, partition: p, cpusPerTask: 1, jobName: "j", executable: "c", sweepArguments: [], outputDirectory: "/o")
      }
    }
    #expect(throws: ShardError.self) {
      try SlurmSweepJob(arraySize: 0, time: nil, memory: nil, partition: nil, cpusPerTask: 1, jobName: "j", executable: "c", sweepArguments: [], outputDirectory: "/o")
    }
  }
}
