import ArgumentParser
import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import Testing

/// The output contract of the `clausius` binary (docs/output-format.md): every command's JSON validates against
/// docs/schema/clausius-output.schema.json (checked by Python's jsonschema, independent of the Swift encoder),
/// numbers round-trip exactly, `--version` names the commit git reports, and the exit statuses are the
/// documented ones.
@Suite("output contract: JSON schema, version, exit statuses")
struct OutputContractTests {
  /// The repository root (this file is Tests/ClausiusCommandsTests/OutputContractTests.swift).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static func path(_ p: String) -> String { root.appendingPathComponent(p).path }

  static let hasJSONSchema: Bool = (try? run("/usr/bin/env", ["python3", "-c", "import jsonschema"]).status) == 0

  /// Runs an executable; status, stdout, stderr.
  static func run(_ executable: String, _ arguments: [String], stdout: FileHandle? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.currentDirectoryURL = root
    let out = Pipe(), err = Pipe()
    p.standardOutput = stdout ?? out
    p.standardError = err
    try p.run()
    let o = stdout == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  static func clausius(_ arguments: [String], stdout: FileHandle? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    try run(ClausiusBinary.url.path, arguments, stdout: stdout)
  }

  /// A new empty folder under the temporary directory.
  static func temporaryFolder(_ prefix: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Validates JSON files with Tests/ClausiusCommandsTests/validate_output.py (strict JSON, schema, non-finite partners).
  static func validate(_ files: [String]) throws -> (status: Int32, report: String) {
    let r = try run("/usr/bin/env", ["python3", path("Tests/ClausiusCommandsTests/validate_output.py"),
                                     path("docs/schema/clausius-output.schema.json")] + files)
    return (r.status, r.stdout + r.stderr)
  }

  @Test("every command's JSON (stdout and files) validates against the schema; non-finite values are null with a reason",
        .enabled(if: hasJSONSchema, "python3 with jsonschema is not installed (scripts/test installs python3-jsonschema); skipping schema validation"))
  func everyCommandValidates() throws {
    let dir = try Self.temporaryFolder("clausius-schema-")
    defer { try? FileManager.default.removeItem(at: dir) }
    var files: [String] = []
    var documents: Set<String> = []
    func capture(_ name: String, _ arguments: [String], allowed: Set<Int32> = [0]) throws {
      let r = try Self.clausius(arguments + ["--quiet"])
      #expect(allowed.contains(r.status), "\(arguments): status \(r.status), stderr \(r.stderr.prefix(500))")
      let file = dir.appendingPathComponent("\(name).json")
      try Data(r.stdout.utf8).write(to: file)
      files.append(file.path)
      if let d = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], let t = d["document"] as? String { documents.insert(t) }
    }
    for e in ["003-chain", "003-two-mode-refrigerator-lab", "004-wire-detuned", "000-optomechanics-hot-cavity", "001-cascaded-rectifier",
              "002-optomechanical-ring-flux", "002-three-mode-ring-flux"] {
      try capture("solve-\(e)", ["solve", "examples/\(e).toml", "--format", "json"])
    }
    for e in ["004-wire-detuned", "001-cascaded-rectifier", "003-chain", "000-optomechanics-equal-temperatures"] {
      try capture("audit-\(e)", ["audit", "examples/\(e).toml", "--format", "json"], allowed: [0, 1])
    }
    for e in ["004-wire-quasi-resonant", "000-optomechanics-hot-cavity", "001-cascaded-rectifier", "002-optomechanical-ring-flux"] {
      try capture("compare-\(e)", ["compare", "examples/\(e).toml", "--format", "json"])
    }
    try capture("sweep-chain", ["sweep", "examples/003-chain.toml", "--format", "json", "--vary", "couplings.0.strength=0.05:0.2:3",
                                "--out", dir.appendingPathComponent("sweep").path])
    try capture("sweep-cascade", ["sweep", "examples/001-cascaded-rectifier.toml", "--format", "json", "--vary", "modes.0.occupation=1:2:2"],
                allowed: [0])
    try capture("reproduce-demo", ["reproduce", "demo", "--format", "json", "--out", dir.appendingPathComponent("demo").path])
    try capture("advisor-grade", ["advisor-grade", "--random", "1", "--points", "0", "--format", "json"])
    try capture("evolve-chain", ["evolve", "examples/003-chain.toml", "--time", "50", "--steps", "5", "--initial", "thermal:0.5", "--format", "json"])
    try capture("evolve-qubits", ["evolve", "examples/qubits-absorption-refrigerator.toml", "--times", "0,5,20", "--equations", "global", "--format", "json"])
    // Files the commands wrote: sweep.json, reproduction.json and every figure's JSON.
    let written = FileManager.default.enumerator(atPath: dir.path)!.compactMap { $0 as? String }
      .filter { $0.hasSuffix(".json") && ($0.hasPrefix("sweep/") || $0.hasPrefix("demo/")) }
    #expect(written.contains("sweep/sweep.json") && written.contains("demo/reproduction.json"), "\(written)")
    #expect(written.count >= 5)
    files += written.map { dir.appendingPathComponent($0).path }
    #expect(documents.isSuperset(of: ["solve", "audit", "sweep", "compare", "compare-optomechanical", "compare-routes", "reproduction", "advisor-grade", "evolve"]),
            "\(documents)")

    // The HTML reports name the version, commit, command line and time too.
    for page in ["demo/report.html", "sweep/report.html"] {
      let html = try String(contentsOf: dir.appendingPathComponent(page), encoding: .utf8)
      #expect(html.contains("clausius \(ClausiusVersion.version)") && html.contains(ClausiusVersion.gitCommit), "\(page)")
      #expect(html.contains(page.hasPrefix("demo") ? "reproduce demo" : "sweep examples/003-chain.toml"), "\(page)")
      #expect(html.contains(/generated [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/), "\(page)")
    }
    // reproduce --format csv: one row per check, the same checks and numbers as the JSON.
    let csv = try Self.clausius(["reproduce", "demo", "--format", "csv", "--quiet", "--out", dir.appendingPathComponent("demo-csv").path])
    let demo = try ClausiusJSON.decoder.decode(ReproductionDocument.self, from: Data(contentsOf: dir.appendingPathComponent("reproduce-demo.json")))
    let rows = csv.stdout.split(separator: "\r\n").dropFirst()
    #expect(csv.status == 0 && rows.count == demo.totalChecks, "\(csv.stderr)")
    #expect(rows.allSatisfy { $0.hasPrefix("demo,") && ($0.hasSuffix(",true") || $0.hasSuffix(",false")) })

    let v = try Self.validate(files)
    #expect(v.status == 0, "\(v.report)")
    #expect(v.report.contains("validated \(files.count) file(s), 0 failed"), "\(v.report)")

    // The cascade's backward response is 0, so its rectification is +∞ (ModelKinds.swift): null with the reason.
    let cascade = try String(contentsOf: dir.appendingPathComponent("solve-001-cascaded-rectifier.json"), encoding: .utf8)
    #expect(cascade.contains("\"rectification\": null") && cascade.contains("\"rectification_nonfinite\": \"inf\""))
    // …and reads back as +∞ through ClausiusJSON.decoder.
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(cascade.utf8))
    #expect(doc.methods.first?.cascade?.rectification == .infinity)
  }

  @Test("the validator rejects what the contract forbids: NaN literals, a bare non-finite string, a null without its partner's base, a missing envelope key",
        .enabled(if: hasJSONSchema, "python3 with jsonschema is not installed; skipping"))
  func validatorRejects() throws {
    let dir = try Self.temporaryFolder("clausius-schema-bad-")
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = try Self.clausius(["solve", "examples/003-chain.toml", "--format", "json"]).stdout
    let bad = [
      good.replacingOccurrences(of: "\"frequencies\": [\n    1,", with: "\"frequencies\": [\n    NaN,"),
      good.replacingOccurrences(of: "\"frequencies\": [\n    1,", with: "\"frequencies\": [\n    \"inf\","),
      good.replacingOccurrences(of: "\"file\":", with: "\"file_nonfinite\": \"nan\", \"file\":"),
      good.replacingOccurrences(of: "\"git_commit\":", with: "\"git_commitment\":"),
    ]
    var files: [String] = []
    for (i, b) in bad.enumerated() {
      #expect(b != good, "mutation \(i) did not apply")
      let f = dir.appendingPathComponent("bad\(i).json"); try Data(b.utf8).write(to: f); files.append(f.path)
    }
    for f in files {
      let v = try Self.validate([f])
      #expect(v.status == 1, "\(f): \(v.report)")
    }
  }

  @Test("a reproduction's own JSON file (written with Foundation's JSONEncoder) is adopted: envelope added, still the same numbers",
        .enabled(if: hasJSONSchema, "python3 with jsonschema is not installed; skipping"))
  func adoptedFile() throws {
    struct Plain: Codable { var residuals: [Double]; var label: String }
    let dir = try Self.temporaryFolder("clausius-adopt-")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("sweep-diagnostics.json")
    let plain = Plain(residuals: [1e-15, 0.1, 3], label: "x")
    try JSONEncoder().encode(plain).write(to: file)
    try ClausiusJSON.adopt(fileAt: file, document: "reproduction-data")
    let v = try Self.validate([file.path])
    #expect(v.status == 0, "\(v.report)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    #expect(json["document"] as? String == "reproduction-data" && json["git_commit"] as? String == ClausiusVersion.gitCommit)
    let back = try ClausiusJSON.decoder.decode(Plain.self, from: Data(contentsOf: file))
    #expect(back.residuals == plain.residuals && back.label == "x")
  }

  @Test("numbers round-trip exactly: Python's correctly rounded parser gives back every bit, in no more digits than repr's shortest form")
  func numbersRoundTrip() throws {
    struct Sample: Encodable { var values: [Double]; var bits: [String] }
    var g = SeededGenerator(seed: 13)
    var xs: [Double] = [0.1, 1.0 / 3, -0.0, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 9007199254740992.0.nextUp, 1e16, 123456789012345680, 1e-7, 100]
    for _ in 0..<500 {
      let bits = g.next()
      let x = Double(bitPattern: bits)
      if x.isFinite { xs.append(x) }
    }
    for _ in 0..<200 { xs.append(Double.random(in: -1e3...1e3, using: &g)) }
    let data = try ClausiusJSON.encoder.encode(Sample(values: xs, bits: xs.map { String($0.bitPattern, radix: 16) }))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-roundtrip-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    try data.write(to: file)
    let script = """
      import json, re, struct, sys
      text = open(sys.argv[1]).read()
      doc = json.loads(text, parse_constant=lambda c: sys.exit('literal ' + c))
      body = text[text.index('"values"'):]
      tokens = re.findall(r'-?[0-9][0-9.eE+-]*', body[body.index('['):body.index(']')])
      def digits(t):
          m = t.lstrip('-').lower().split('e')[0].replace('.', '').lstrip('0').rstrip('0')
          return max(len(m), 1)
      bad = 0
      for t, x, b in zip(tokens, doc['values'], doc['bits']):
          if struct.unpack('<Q', struct.pack('<d', float(x)))[0] != int(b, 16): bad += 1; print('bits', t, b)
          if digits(t) > digits(repr(float(x))): bad += 1; print('digits', t, repr(float(x)))
      print(len(tokens), 'numbers', bad, 'bad')
      sys.exit(1 if bad or len(tokens) != len(doc['values']) else 0)
      """
    let r = try Self.run("/usr/bin/env", ["python3", "-c", script, file.path])
    #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
    #expect(r.stdout.contains("\(xs.count) numbers 0 bad"), "\(r.stdout)")
    // And Clausius's own decoder reads the same bits back.
    struct Back: Decodable { var values: [Double] }
    let back = try ClausiusJSON.decoder.decode(Back.self, from: data)
    #expect(back.values.map(\.bitPattern) == xs.map(\.bitPattern))
  }

  @Test("non-finite values: scalars and array elements become null with the reason beside them, and decode back")
  func nonFiniteConvention() throws {
    struct Doc: Codable, Equatable { var a: Double; var b: Double; var c: [Double]; var d: [[Double]]; var e: Double?; var f: [Double?]; var s: String }
    let text = "quote \" backslash \\ newline \n tab \t control \u{1} ħω² /slash"
    let doc = Doc(a: .infinity, b: 1.5, c: [1, .nan, -.infinity], d: [[0, 1], [.nan, 2]], e: nil, f: [nil, .infinity], s: text)
    let data = try ClausiusJSON.encoder.encode(doc)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["a"] is NSNull && json["a_nonfinite"] as? String == "inf")
    #expect(json["c_nonfinite"] as? [String: String] == ["/1": "nan", "/2": "-inf"])
    #expect(json["d_nonfinite"] as? [String: String] == ["/1/0": "nan"])
    #expect(json["f_nonfinite"] as? [String: String] == ["/1": "inf"])
    #expect(json["b_nonfinite"] == nil && json["e"] == nil)
    #expect(json["schema_version"] as? String == ClausiusJSON.schemaVersion)
    #expect(json["s"] as? String == text)
    let back = try ClausiusJSON.decoder.decode(Doc.self, from: data)
    #expect(back.a == .infinity && back.b == 1.5 && back.c[1].isNaN && back.c[2] == -.infinity && back.d[1][0].isNaN && back.e == nil)
    #expect(back.f.count == 2 && back.f[0] == nil && back.f[1] == .infinity && back.s == text)
  }

  @Test("clausius --version prints the semantic version of CITATION.cff and the commit git reports for this checkout")
  func version() throws {
    let r = try Self.clausius(["--version"])
    #expect(r.status == 0)
    let line = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let m = try #require(line.wholeMatch(of: /clausius ([0-9]+\.[0-9]+\.[0-9]+) \(commit ([0-9a-f]{40}(-dirty)?|unknown)\)/), "\(line)")
    #expect(String(m.1) == ClausiusVersion.version)
    let citation = try String(contentsOfFile: Self.path("CITATION.cff"), encoding: .utf8)
    #expect(citation.contains("\nversion: \"\(ClausiusVersion.version)\""), "CITATION.cff and the binary disagree on the version")
    let git = try Self.run("/usr/bin/env", ["git", "-C", Self.root.path, "rev-parse", "HEAD"])
    if git.status == 0 {
      // Built from this checkout: the baked commit is HEAD (possibly "-dirty"); a commit made since the build is not
      // in the binary, so compare with HEAD's ancestry when they differ.
      let head = git.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      let baked = String(m.2).replacingOccurrences(of: "-dirty", with: "")
      let known = try Self.run("/usr/bin/env", ["git", "-C", Self.root.path, "merge-base", "--is-ancestor", baked, head])
      #expect(baked == head || known.status == 0, "baked \(baked), HEAD \(head)")
    } else {
      #expect(m.2 == "unknown")
    }
  }

  @Test("exit statuses: usage errors 2 (not ArgumentParser's 64), unwritable output 2, full standard output 2, help 0")
  func exitStatuses() throws {
    let cases: [[String]] = [
      ["solve", "examples/003-chain.toml", "--formt", "json"],                                   // misspelt flag
      ["solve", "examples/003-chain.toml", "--equations", "locall"],                             // unknown --equations value
      ["reproduce", "005"],                                                                       // unknown reproduction
      ["sweep", "examples/003-chain.toml", "--vary", "couplings.0.strength=0:1:0"],              // count 0
      ["sweep", "examples/003-chain.toml", "--vary", "couplings.0.strength=0:1:2", "--vary", "couplings.0.strength=1:2:2"],  // same key twice
      ["audit", "examples/no-such-file.toml"],                                                    // missing file
      ["bogus-command"],
    ]
    for c in cases {
      let r = try Self.clausius(c)
      #expect(r.status == 2, "\(c): status \(r.status), stderr \(r.stderr.prefix(300))")
      #expect(!r.stderr.isEmpty, "\(c): no message")
    }
    #expect(try Self.clausius(["sweep", "--help"]).status == 0)
    #expect(try Self.clausius(["help", "solve"]).status == 0)

    // An output path that is a folder: exit 2 and a message naming it.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-exit-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("solve.json"), withIntermediateDirectories: true)
    let folder = try Self.clausius(["solve", "examples/003-chain.toml", "--out", dir.path, "--quiet"])
    #expect(folder.status == 2, "\(folder.stderr)")
    #expect(folder.stderr.contains("solve.json") && folder.stderr.contains("folder"), "\(folder.stderr)")

    // Standard output on a full device: the lost output is an error (exit 2), not a success.
    if let full = FileHandle(forWritingAtPath: "/dev/full") {
      let r = try Self.clausius(["solve", "examples/003-chain.toml", "--format", "json"], stdout: full)
      #expect(r.status == 2, "stderr: \(r.stderr)")
      #expect(r.stderr.contains("standard output"), "\(r.stderr)")
    }
  }

  @Test("the exit-status mapping in one place: validation 2, ExitCode kept, IOError 2, unknown errors 3")
  func exitStatusMapping() throws {
    struct Unexpected: Error {}
    #expect(ClausiusCommand.exitStatus(for: ValidationError("bad")) == 2)
    #expect(ClausiusCommand.exitStatus(for: ExitCode(1)) == 1)
    #expect(ClausiusCommand.exitStatus(for: ExitCode(2)) == 2)
    #expect(ClausiusCommand.exitStatus(for: ExitCode.validationFailure) == 2)
    #expect(ClausiusCommand.exitStatus(for: IOError.unwritableOutput(path: "/x", reason: "r")) == 2)
    #expect(ClausiusCommand.exitStatus(for: Unexpected()) == 3)
    do { _ = try ClausiusCommand.parseAsRoot(["solve", "m.toml", "--no-such-flag"]); Issue.record("parsed") } catch {
      #expect(ClausiusCommand.exitStatus(for: error) == 2)
    }
  }
}
