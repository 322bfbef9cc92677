import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shard bookkeeping of a sweep split over processes or cluster jobs (`clausius sweep --shard K/N`,
/// `clausius merge`; docs/cluster.md).
///
/// - Assignment: shard K of N (1 ≤ K ≤ N) computes the grid points i with i mod N = K − 1 (0-based, row-major grid
///   index), so every point belongs to exactly one shard and neighbouring points (similar cost) spread over all shards.
/// - Shard file `shard-K-of-N.jsonl` (JSON Lines, UTF-8): line 1 is the header (`ShardHeader`: format, version,
///   the sweep's definition hash, K, N, the number of grid points and the sweep's metadata); every further line is one
///   finished point `{"index": i, "point": {…}}`. The header is written atomically (temporary file, fsync, rename);
///   each point is appended as one line and fsync'ed before the next, so a kill loses at most the point being
///   written: a last line without its newline is ignored when the file is read and cut off when the shard resumes.
/// - Numbers are written by Foundation's JSONEncoder (shortest representation that parses back to the same `Double`;
///   non-finite values as the strings "inf", "-inf", "nan"), so merged points equal the computed ones bit for bit.
/// - Merge (`SweepShards.merge`) checks that all shard files carry the same definition, N and grid size, that no
///   point is present twice and none is missing, and returns the points in grid order.
public enum SweepShards {
  /// The value of the header's `format` key.
  public static let format = "clausius-sweep-shard"
  /// The shard file format version.
  public static let version = 1

  /// SHA-256 over the parts, each prefixed by its length (so that ("ab","c") and ("a","bc") differ): the fingerprint of
  /// a sweep's definition (model file, options, parameters) recorded in every shard's header.
  public static func definitionHash(_ parts: [Data]) -> String {
    var all = Data()
    for p in parts {
      var n = UInt64(p.count).bigEndian
      withUnsafeBytes(of: &n) { all.append(contentsOf: $0) }
      all.append(p)
    }
    return SHA256.hex(all)
  }

  static var lineEncoder: JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  static var lineDecoder: JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }

  /// The shard files (`shard-K-of-N.jsonl`) in `directory`, sorted by K.
  public static func files(in directory: URL) throws -> [URL] {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
      throw ShardError("cannot read the shard folder '\(directory.path)': \(error.localizedDescription)")
    }
    return names.compactMap { name -> (Int, URL)? in
      guard let a = ShardAssignment(fileName: name) else { return nil }
      return (a.index, directory.appendingPathComponent(name))
    }.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// A shard file's contents: its header, its finished points in file order, and the length in bytes of its complete
  /// lines (a trailing partial line — a kill while writing — is not part of it).
  public struct Contents<Meta: Codable, Point: Codable> {
    public var header: ShardHeader<Meta>
    public var records: [(index: Int, point: Point)]
    public var completeLength: Int
  }

  /// Reads one shard file. Errors name the file and line: a missing or foreign header, a complete line that is not a
  /// point record, an index outside the grid or not assigned to the shard.
  public static func read<Meta: Codable, Point: Codable>(_ url: URL, meta: Meta.Type = Meta.self, point: Point.Type = Point.self) throws -> Contents<Meta, Point> {
    let data: Data
    do { data = try Data(contentsOf: url) } catch { throw ShardError("cannot read the shard file '\(url.path)': \(error.localizedDescription)") }
    let bytes = [UInt8](data)
    guard let firstEnd = bytes.firstIndex(of: 0x0A) else {
      throw ShardError("\(url.path):1: not a Clausius shard file (no complete header line); remove it and rerun the shard")
    }
    let header: ShardHeader<Meta>
    do { header = try lineDecoder.decode(ShardHeader<Meta>.self, from: Data(bytes[0..<firstEnd])) } catch {
      throw ShardError("\(url.path):1: not a Clausius shard header (\(error)); remove the file and rerun the shard")
    }
    guard header.format == format, header.version == version else {
      throw ShardError("\(url.path):1: format '\(header.format)' version \(header.version); expected '\(format)' version \(version)")
    }
    let assignment = try ShardAssignment(index: header.shard, count: header.shards)
    var records: [(index: Int, point: Point)] = []
    var start = firstEnd + 1, line = 2
    let decoder = lineDecoder
    while let end = bytes[start...].firstIndex(of: 0x0A) {
      let r: ShardRecord<Point>
      do { r = try decoder.decode(ShardRecord<Point>.self, from: Data(bytes[start..<end])) } catch {
        throw ShardError("\(url.path):\(line): not a point record (\(error)); the file is damaged: remove the line (or the file) and rerun the shard")
      }
      guard (0..<header.points).contains(r.index), assignment.owns(r.index) else {
        throw ShardError("\(url.path):\(line): point index \(r.index) does not belong to shard \(assignment) of a \(header.points)-point grid (allowed: i in 0…\(header.points - 1) with i mod \(assignment.count) = \(assignment.index - 1))")
      }
      records.append((r.index, r.point))
      start = end + 1; line += 1
    }
    return Contents(header: header, records: records, completeLength: start)
  }

  /// Merges the shard files in `directory` into the points of the whole grid, in grid order, with the metadata of the
  /// first shard. Throws `ShardError` listing every problem: no shard files; shards of different sweeps (definition
  /// hash), shard counts or grid sizes; points present more than once (with their files); missing points (with the
  /// shards that owe them and how to resume them).
  public static func merge<Meta: Codable, Point: Codable>(directory: URL, meta: Meta.Type = Meta.self, point: Point.Type = Point.self) throws -> (header: ShardHeader<Meta>, points: [Point]) {
    let urls = try files(in: directory)
    guard !urls.isEmpty else {
      throw ShardError("no shard files (shard-K-of-N.jsonl) in '\(directory.path)'; run clausius sweep … --shard K/N --out DIR first (they are written to DIR/shards/)")
    }
    let contents = try urls.map { try read($0, meta: Meta.self, point: Point.self) }
    let first = contents[0].header
    let mismatched = zip(urls, contents).filter {
      $0.1.header.definition != first.definition || $0.1.header.shards != first.shards || $0.1.header.points != first.points
    }
    guard mismatched.isEmpty else {
      let describe = { (u: URL, h: ShardHeader<Meta>) in "\(u.lastPathComponent): definition \(h.definition.prefix(12)), \(h.shards) shards, \(h.points) points" }
      throw ShardError("the shard files in '\(directory.path)' belong to different sweeps (model file, --equations, --vary, Clausius build or shard count differ): "
        + ([describe(urls[0], first)] + mismatched.map { describe($0.0, $0.1.header) }).joined(separator: "; ")
        + ". Keep the shards of one sweep in one folder")
    }
    var points = [Point?](repeating: nil, count: first.points)
    var where_: [Int: [String]] = [:]
    for (u, c) in zip(urls, contents) {
      for r in c.records {
        where_[r.index, default: []].append(u.lastPathComponent)
        points[r.index] = r.point
      }
    }
    var problems: [String] = []
    let duplicates = where_.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
    if !duplicates.isEmpty {
      problems.append("\(duplicates.count) point(s) present more than once: " + duplicates.prefix(20).map { "\($0.key) (\($0.value.joined(separator: ", ")))" }.joined(separator: "; ")
                      + (duplicates.count > 20 ? "; …" : "") + " — was a shard run twice at the same time?")
    }
    let missing = points.indices.filter { points[$0] == nil }
    if !missing.isEmpty {
      let owing = Dictionary(grouping: missing) { $0 % first.shards + 1 }.sorted { $0.key < $1.key }
      let present = Set(contents.map(\.header.shard))
      problems.append("\(missing.count) of \(first.points) points missing: " + listing(missing)
        + "; owed by " + owing.prefix(20).map { "shard \($0.key)/\(first.shards) (\($0.value.count) point(s)\(present.contains($0.key) ? "" : ", no file"))" }.joined(separator: ", ")
        + (owing.count > 20 ? ", …" : "") + ". Rerun those shards with the same command (finished points are skipped)")
    }
    guard problems.isEmpty else { throw ShardError("cannot merge '\(directory.path)': " + problems.joined(separator: "; ")) }
    return (first, points.map { $0! })
  }

  /// Point indices as a short list with runs: "0, 3, 5–9, …" (at most 30 items).
  static func listing(_ indices: [Int]) -> String {
    var items: [String] = []
    var i = 0
    while i < indices.count {
      var j = i
      while j + 1 < indices.count, indices[j + 1] == indices[j] + 1 { j += 1 }
      items.append(j > i ? "\(indices[i])–\(indices[j])" : "\(indices[i])")
      i = j + 1
    }
    return items.prefix(30).joined(separator: ", ") + (items.count > 30 ? ", …" : "")
  }
}

/// Shard K of N: the grid points i with i mod N = K − 1 (K is 1-based, as SLURM's `--array=1-N` task ids).
public struct ShardAssignment: Sendable, Equatable, CustomStringConvertible {
  public let index: Int
  public let count: Int
  /// Shards per sweep at most (= the largest grid).
  public static let maximumCount = 100_000

  public init(index: Int, count: Int) throws {
    guard (1...Self.maximumCount).contains(count) else { throw ShardError("--shard K/N: N = \(count) must be in 1…\(Self.maximumCount)") }
    guard (1...count).contains(index) else { throw ShardError("--shard K/N: K = \(index) must be in 1…\(count) (N = \(count))") }
    self.index = index; self.count = count
  }

  /// Parses "K/N", e.g. "3/10".
  public init(parsing s: String) throws {
    let parts = s.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
      throw ShardError("--shard '\(s)': expected K/N with integers 1 ≤ K ≤ N, e.g. --shard 3/10")
    }
    try self.init(index: k, count: n)
  }

  init?(fileName: String) {
    guard fileName.hasPrefix("shard-"), fileName.hasSuffix(".jsonl") else { return nil }
    let parts = fileName.dropFirst(6).dropLast(6).components(separatedBy: "-of-")
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), let a = try? ShardAssignment(index: k, count: n) else { return nil }
    self = a
  }

  public func owns(_ point: Int) -> Bool { point % count == index - 1 }
  /// The shard's points of a grid of `total` points, ascending.
  public func points(total: Int) -> [Int] { Array(stride(from: index - 1, to: total, by: count)) }
  public var description: String { "\(index)/\(count)" }
  /// `shard-K-of-N.jsonl`.
  public var fileName: String { "shard-\(index)-of-\(count).jsonl" }
}

/// Line 1 of a shard file.
public struct ShardHeader<Meta: Codable>: Codable {
  public var format: String
  public var version: Int
  /// `SweepShards.definitionHash` of the sweep's definition: shards merge only with the same definition.
  public var definition: String
  /// K and N.
  public var shard: Int
  public var shards: Int
  /// Grid points of the whole sweep.
  public var points: Int
  /// The sweep's metadata (for `clausius sweep`: the SweepDocument without points).
  public var sweep: Meta

  public init(definition: String, assignment: ShardAssignment, points: Int, sweep: Meta) {
    format = SweepShards.format; version = SweepShards.version
    self.definition = definition; shard = assignment.index; shards = assignment.count; self.points = points; self.sweep = sweep
  }
}

struct ShardRecord<Point: Codable>: Codable {
  var index: Int
  var point: Point
}

/// A shard's problem, as a sentence naming the file, line or shard.
public struct ShardError: Error, CustomStringConvertible, LocalizedError {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
  public var errorDescription: String? { message }
}

/// Appends the finished points of one shard to its file (`SweepShards`), resuming an existing file.
///
/// Holds an exclusive `flock` on `shard-K-of-N.jsonl.lock` while open, so a shard run twice at the same time fails
/// instead of writing points twice. Thread-safe: `append` may be called from any worker.
public final class ShardWriter<Meta: Codable, Point: Codable>: @unchecked Sendable {
  public let url: URL
  public let assignment: ShardAssignment
  /// Points already in the file when it was opened (skipped by a resumed shard).
  public let finishedAtOpen: Set<Int>
  private let handle: FileHandle
  private let lockDescriptor: Int32
  private let lock = NSLock()
  private let encoder = SweepShards.lineEncoder

  /// Opens (or creates) `directory/shard-K-of-N.jsonl` for a sweep of `points` grid points. An existing file must carry
  /// the same definition, K, N and grid size (else the error says so and nothing is changed); a partial last line is
  /// cut off.
  public init(directory: URL, assignment: ShardAssignment, points: Int, definition: String, meta: Meta) throws {
    let fm = FileManager.default
    do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw ShardError("cannot create the shard folder '\(directory.path)': \(error.localizedDescription)")
    }
    url = directory.appendingPathComponent(assignment.fileName)
    self.assignment = assignment
    let lockPath = url.path + ".lock"
    let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
    guard fd >= 0 else { throw ShardError("cannot open the lock file '\(lockPath)': \(String(cString: strerror(errno)))") }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw ShardError("shard \(assignment) is being computed by another process (lock held on '\(lockPath)'); wait for it or stop it")
    }
    lockDescriptor = fd
    do {
      if fm.fileExists(atPath: url.path) {
        let c = try SweepShards.read(url, meta: Meta.self, point: Point.self)
        let h = c.header
        guard h.definition == definition, h.shard == assignment.index, h.shards == assignment.count, h.points == points else {
          throw ShardError("'\(url.path)' was written by a different sweep (definition \(h.definition.prefix(12)) vs \(definition.prefix(12)), shard \(h.shard)/\(h.shards) vs \(assignment), \(h.points) vs \(points) points): the model file, --equations, --vary or the Clausius build changed; remove it (or use another --out) to start again")
        }
        if truncate(url.path, off_t(c.completeLength)) != 0 {
          throw ShardError("cannot cut the partial last line of '\(url.path)': \(String(cString: strerror(errno)))")
        }
        finishedAtOpen = Set(c.records.map(\.index))
      } else {
        var line = try SweepShards.lineEncoder.encode(ShardHeader(definition: definition, assignment: assignment, points: points, sweep: meta))
        line.append(0x0A)
        try Self.writeAtomically(line, to: url)
        finishedAtOpen = []
      }
      handle = try FileHandle(forWritingTo: url)
      try handle.seekToEnd()
    } catch {
      flock(fd, LOCK_UN); close(fd)
      throw error
    }
  }

  deinit {
    try? handle.close()
    flock(lockDescriptor, LOCK_UN)
    close(lockDescriptor)
  }

  /// Appends one finished point as one line and fsyncs the file.
  public func append(index: Int, point: Point) throws {
    guard assignment.owns(index) else { throw ShardError("point \(index) does not belong to shard \(assignment)") }
    var line = try encoder.encode(ShardRecord(index: index, point: point))
    line.append(0x0A)
    lock.lock(); defer { lock.unlock() }
    do {
      try handle.write(contentsOf: line)
      try handle.synchronize()
    } catch { throw ShardError("cannot write to the shard file '\(url.path)': \(error.localizedDescription)") }
  }

  /// Writes `data` to a temporary file beside `url`, fsyncs it and renames it onto `url`.
  static func writeAtomically(_ data: Data, to url: URL) throws {
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try data.write(to: tmp)
      let h = try FileHandle(forWritingTo: tmp)
      try h.synchronize(); try h.close()
      guard rename(tmp.path, url.path) == 0 else { throw ShardError(String(cString: strerror(errno))) }
      // The rename itself is durable once the folder is synced.
      let dirFD = open(url.deletingLastPathComponent().path, O_RDONLY)
      if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
    } catch {
      try? FileManager.default.removeItem(at: tmp)
      throw ShardError("cannot write the shard file '\(url.path)': \(error.localizedDescription)")
    }
  }
}
