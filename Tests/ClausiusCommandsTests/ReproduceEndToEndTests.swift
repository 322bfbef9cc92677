import Clausius
import ClausiusCommands
import Foundation
import Testing

/// Runs the built `clausius` binary and compares its JSON with direct library calls (no stored outputs).
@Suite("clausius command, end to end")
struct ReproduceEndToEndTests {
  static var binary: URL {
    // The test bundle lives in the same build folder as the executable products.
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("clausius").path), dir.path != "/" {
      dir = dir.deletingLastPathComponent()
    }
    return dir.appendingPathComponent("clausius")
  }

  static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  @Test("`reproduce demo --format json` reports the same numbers as the library")
  func demoJSON() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-e2e-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try Self.run(["reproduce", "demo", "--format", "json", "--quiet", "--out", dir.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let doc = try JSONDecoder().decode(ReproductionDocument.self, from: Data(result.stdout.utf8))
    let direct = try TwoOscillatorDemo().run(outputDirectory: dir) { _ in }
    let cli = try #require(doc.reports.first { $0.paper == "demo" })
    #expect(cli.checks.count == direct.checks.count)
    for (c, d) in zip(cli.checks, direct.checks) {
      #expect(c.name == d.name)
      #expect(c.computed == d.computed || abs(c.computed - d.computed) <= 1e-12 * max(1, abs(d.computed)))
      #expect(c.passed == d.passed)
    }
    // Every check object has the documented keys.
    let raw = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let check = ((raw["reports"] as! [[String: Any]])[0]["checks"] as! [[String: Any]])[0]
    for key in ["name", "equation", "expected", "computed", "relativeError", "tolerance", "passed"] { #expect(check[key] != nil, "missing key \(key)") }
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("reproduction.json").path))
  }

  @Test("an unknown reproduction is a clear usage error naming the allowed values")
  func unknownTarget() throws {
    let result = try Self.run(["reproduce", "007"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("unknown reproduction '007'"))
    #expect(result.stderr.contains("demo"))
  }
}
