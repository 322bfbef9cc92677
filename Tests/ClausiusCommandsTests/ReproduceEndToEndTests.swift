import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import Testing

/// Runs the built `clausius` binary and compares its JSON with direct library calls (no stored outputs).
@Suite("clausius command, end to end")
struct ReproduceEndToEndTests {
  static var binary: URL { ClausiusBinary.url }

  static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try ClausiusBinary.run(arguments)
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

  @Test("`reproduce demo --out DIR` writes each figure's SVG, CSV and JSON and a self-contained report.html")
  func demoFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-e2e-\(UUID().uuidString)").appendingPathComponent("nested")
    defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
    let result = try Self.run(["reproduce", "demo", "--out", dir.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stderr.contains("[1/1] demo"))  // progress on stderr
    let direct = try TwoOscillatorDemo().run(outputDirectory: dir) { _ in }
    #expect(!direct.figures.isEmpty)
    let json = try ClausiusJSON.decoder.decode(ReproductionDocument.self, from: Data(contentsOf: dir.appendingPathComponent("reproduction.json")))
    let cli = try #require(json.reports.first { $0.paper == "demo" })
    #expect(cli.figures.map(\.id) == direct.figures.map(\.id))
    let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
    for figure in direct.figures {
      for ext in ["svg", "csv", "json"] {
        let path = "demo/\(figure.id).\(ext)"
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), "missing \(path)")
        #expect(cli.files.contains(path))
        #expect(result.stdout.contains("wrote \(path)"))
        #expect(html.contains("href=\"\(path)\""))
      }
      // The CSV carries the library's sweep numbers exactly (first series, y column).
      let csv = try String(contentsOf: dir.appendingPathComponent("demo/\(figure.id).csv"), encoding: .utf8)
      let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.dropFirst()
      let y = rows.compactMap { row -> Double? in
        let cells = row.split(separator: ",", omittingEmptySubsequences: false)
        return cells.count > 1 ? Double(cells[1]) : nil
      }
      #expect(y == figure.series[0].y)
      let svg = try String(contentsOf: dir.appendingPathComponent("demo/\(figure.id).svg"), encoding: .utf8)
      #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && !svg.contains("nan"))
    }
    for check in direct.checks { #expect(html.contains(Self.escaped(check.name)), "report.html lacks check \(check.name)") }
    #expect(!html.contains("<script") && !html.contains("src=\"http"))
    #expect(result.stdout.contains("wrote report.html"))
  }

  static func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
      .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
  }

  @Test("`reproduce --help` documents the target, formats, the output folder and the files written")
  func help() throws {
    let result = try Self.run(["reproduce", "--help"])
    #expect(result.status == 0)
    let text = result.stdout
    for expected in ["<target>", "--format", "table", "json", "--out", "clausius-out", "--verbose", "--quiet", "report.html", "reproduction.json",
                     "<paper>/<figure>.svg", "Exit status"] {
      #expect(text.contains(expected), "help lacks \(expected)")
    }
  }

  @Test("an unwritable output folder is a clear error, not a crash")
  func unwritableOutput() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-e2e-file-\(UUID().uuidString)")
    try Data("x".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try Self.run(["reproduce", "demo", "--quiet", "--out", file.appendingPathComponent("sub").path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("cannot write the output"))
    #expect(result.stderr.contains("is a file, not a folder"))
  }

  @Test("an unknown reproduction is a clear usage error naming the allowed values")
  func unknownTarget() throws {
    let result = try Self.run(["reproduce", "007"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("unknown reproduction '007'"))
    #expect(result.stderr.contains("demo"))
  }
}
