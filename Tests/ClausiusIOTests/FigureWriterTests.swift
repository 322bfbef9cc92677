import ClausiusIO
import ClausiusPapers
import Foundation
import Testing

@Suite("figure files")
struct FigureWriterTests {
  static func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("clausius-io-\(UUID().uuidString)")
  }

  static let figure = Figure(id: "curve", title: "Curve", xAxis: .init(label: "x"), yAxis: .init(label: "y"),
                             series: [Figure.Series(label: "s", x: [0, 1, 2], y: [0.1, 0.2, .nan])])

  @Test("writes <paper>/<id>.svg, .csv and .json; the JSON decodes back to the same figure data")
  func writes() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let report = ReproductionReport(paper: "001", title: "t", figures: [Self.figure])
    let written = try FigureWriter.writeFigures(of: report, to: dir)
    #expect(written == ["001/curve.svg", "001/curve.csv", "001/curve.json"])
    for path in written { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path)) }
    let svg = try String(contentsOf: dir.appendingPathComponent("001/curve.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<?xml"))
    _ = try parseXML(svg)
    let doc = try ClausiusJSON.decoder.decode(FigureWriter.FigureDocument.self, from: Data(contentsOf: dir.appendingPathComponent("001/curve.json")))
    #expect(doc.paper == "001")
    #expect(doc.figure.series[0].x == Self.figure.series[0].x)
    #expect(doc.figure.series[0].y[0] == 0.1 && doc.figure.series[0].y[2].isNaN)
  }

  @Test("unusable ids, duplicates and unwritable folders are IOErrors naming the value")
  func errors() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var bad = Self.figure
    bad.id = "../escape"
    #expect(throws: IOError.invalidFileStem(parameter: "figure id", value: "../escape")) {
      try FigureWriter.writeFigures(of: ReproductionReport(paper: "001", title: "t", figures: [bad]), to: dir)
    }
    #expect(throws: IOError.duplicateFigureID(paper: "001", id: "curve")) {
      try FigureWriter.writeFigures(of: ReproductionReport(paper: "001", title: "t", figures: [Self.figure, Self.figure]), to: dir)
    }
    // A regular file where the output folder should be.
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("occupied")
    try Data("x".utf8).write(to: file)
    do {
      try FigureWriter.prepare(directory: file.appendingPathComponent("sub"))
      Issue.record("expected an error")
    } catch let error as IOError {
      guard case let .unwritableOutput(path, _) = error else { Issue.record("wrong case \(error)"); return }
      #expect(path.hasSuffix("occupied/sub"))
      #expect(error.description.contains("--out"))
    }
  }

  @Test("reports written before figures existed still decode (no \"figures\" key)")
  func legacyReportDecodes() throws {
    let json = #"{"paper":"demo","title":"t","checks":[],"notes":[],"diagnostics":{},"files":[]}"#
    let report = try JSONDecoder().decode(ReproductionReport.self, from: Data(json.utf8))
    #expect(report.figures.isEmpty && report.paper == "demo")
  }
}
