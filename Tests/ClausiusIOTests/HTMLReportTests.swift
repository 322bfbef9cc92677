import ClausiusIO
import ClausiusPapers
import Foundation
import Testing

/// The HTML report: well-formed, every check row present with its verdict, every figure inlined and
/// linked, and nothing fetched from the network.
@Suite("HTML report")
struct HTMLReportTests {
  static func reports() -> [ReproductionReport] {
    let fig = Figure(id: "fig-a", title: "Current vs coupling", xAxis: .init(label: "ε", unit: "ω"), yAxis: .init(label: "Q̇", unit: "ω^2"),
                     series: [Figure.Series(label: "Q̇ < 0 & > 1", x: [0, 1, 2], y: [0, 1, 4])], caption: "Caption with <markup> & ampersand.",
                     reference: "paper 000, Fig. 2")
    let fig2 = Figure(id: "fig-b", title: "Second", xAxis: .init(label: "x"), yAxis: .init(label: "y", scale: .log),
                      series: [Figure.Series(label: "s", x: [1, 2], y: [1, 100])])
    let a = ReproductionReport(paper: "000", title: "first paper", checks: [
      Check(name: "n <a†a> & friends", equation: "Eq. (3)", expected: 1, computed: 1 + 1e-10, tolerance: 1e-8),
      Check(name: "deliberately failing", equation: "Eq. (4)", expected: 1, computed: 2, tolerance: 1e-8),
    ], notes: ["a note with \"quotes\""], diagnostics: ["residual": 1e-15], figures: [fig, fig2])
    let b = ReproductionReport(paper: "demo", title: "second", checks: [
      Check(name: "law", equation: "second law", atLeast: 0, computed: 0.5, tolerance: 0),
    ], figures: [Figure(id: "fig-a", title: "Same id, other paper", xAxis: .init(label: "x"), yAxis: .init(label: "y"),
                        series: [Figure.Series(label: "s", x: [1, 2], y: [1, 2])])])
    return [a, b]
  }

  @Test("well-formed, every check row with name and verdict, summary counts per paper")
  func checksAndSummary() throws {
    let reports = Self.reports()
    let html = HTMLReport.render(reports: reports, pending: [.init(paper: "004", title: "pending paper")], generated: Date(timeIntervalSince1970: 0))
    let root = try parseXML(html)
    #expect(root.name == "html")
    let rows = root.elements(withClass: "check")
    #expect(rows.count == 3)
    let allChecks = reports.flatMap(\.checks)
    for (row, check) in zip(rows, allChecks) {
      let cells = row.elements(named: "td").map(\.allText)
      #expect(cells.first == check.name)
      #expect(cells.last == (check.passed ? "PASS" : "FAIL"))
      #expect((row.attributes["class"] ?? "").contains(check.passed ? "pass" : "fail"))
    }
    let summary = try #require(root.elements(withClass: "summary").first).elements(named: "tr").dropFirst()
    let first = summary.first!.elements(named: "td").map(\.allText)
    #expect(first[2...4] == ["2", "1", "1"])  // checks, passed, failed of paper 000
    #expect(summary.contains { $0.allText.contains("pending paper") })
    #expect(root.elements(withClass: "overall").first?.allText.contains("2 of 3 checks passed") == true)
    #expect(html.contains("a note with &quot;quotes&quot;"))
  }

  @Test("every figure is inlined as SVG with a unique id and linked as SVG, CSV and JSON")
  func figures() throws {
    let reports = Self.reports()
    let root = try parseXML(HTMLReport.render(reports: reports))
    let svgs = root.elements(named: "svg")
    #expect(svgs.count == 3)
    let ids = root.all.compactMap { $0.attributes["id"] }
    #expect(Set(ids).count == ids.count, "duplicate element ids")
    let links = Set(root.elements(named: "a").compactMap { $0.attributes["href"] })
    for r in reports {
      for f in r.figures {
        let files = FigureWriter.files(paper: r.paper, figure: f)
        for path in [files.svg, files.csv, files.json] { #expect(links.contains(path), "missing link \(path)") }
      }
    }
    let captions = root.elements(named: "figcaption").map(\.allText)
    #expect(captions.contains { $0.contains("Caption with <markup> & ampersand.") && $0.contains("paper 000, Fig. 2") })
  }

  @Test("self-contained: no script, no external stylesheet, no http(s) resource")
  func selfContained() throws {
    let html = HTMLReport.render(reports: Self.reports())
    let root = try parseXML(html)
    #expect(root.elements(named: "script").isEmpty)
    #expect(root.elements(named: "link").isEmpty)
    for node in root.all {
      for key in ["src", "href", "xlink:href", "data"] {
        if let v = node.attributes[key] { #expect(!v.lowercased().hasPrefix("http:") && !v.lowercased().hasPrefix("https:") && !v.hasPrefix("//"), "\(key)=\(v)") }
      }
    }
    let css = root.elements(named: "style").map(\.allText).joined()
    #expect(!css.contains("@import") && !css.contains("url("))
    // Namespace declarations are the only http strings allowed.
    let stripped = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
      .replacingOccurrences(of: "xmlns=\"http://www.w3.org/1999/xhtml\"", with: "")
    #expect(!stripped.contains("http://") && !stripped.contains("https://"))
  }
}
