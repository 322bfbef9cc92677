import ClausiusIO
import ClausiusPapers
import Foundation
import Testing

/// Text spacing of the SVG figures as a browser lays it out: a label such as "T_c = 106 mK" puts the "c" in a
/// subscript `<tspan>`, and the space after it begins the next `<tspan>`; renderers that trim white space at
/// the edges of each `<tspan>` printed "T_c= 106 mK" and "GME_nto GME_∞" (issue 13, §6). The figure is written
/// by `FigureWriter` and opened as a standalone SVG file in headless Chromium, whose layout engine reports
/// every addressable character's position (SVG DOM `getStartPositionOfChar`/`getEndPositionOfChar`).
@Suite("SVG text in a browser")
struct SVGTextBrowserTests {
  /// Chromium or Chrome on PATH (scripts/test installs Debian's `chromium`), or nil.
  static let browser: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
      for dir in path.split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
      }
    }
    return nil
  }()

  static let figure = Figure(
    id: "spacing", title: "Convergence of GME_{n} to GME_{∞}, T_c = 106 mK",
    xAxis: Figure.Axis(label: "coupling g_{0}", unit: "ω_c"), yAxis: Figure.Axis(label: "Q̇_{h} (local H)", unit: ""),
    series: [Figure.Series(label: "GME_{4} at T_c = 106 mK", x: [0, 1, 2], y: [0, 1, 4]),
             Figure.Series(label: "SME", x: [0, 1, 2], y: [0, 2, 3])],
    caption: "Spacing test.")

  /// The same labels with the markup removed, as a reader must see them (the expected text).
  static let expectedTexts = ["Convergence of GMEn to GME∞, Tc = 106 mK", "GME4 at Tc = 106 mK", "coupling g0 (ωc)", "Q̇h (local H)"]

  @Test("a space next to a sub/superscript is written as a no-break space, which no renderer trims")
  func markupKeepsSpaces() {
    let s = Markup.svgText("T_c = 106 mK", fontSize: 10)
    #expect(s.contains(">&#160;= 106 mK</tspan>"), "\(s)")
    // Spaces not adjacent to a script stay ordinary spaces; nothing is added at the label's ends.
    #expect(Markup.svgText("a b", fontSize: 10) == "a b")
  }

  @Test("Chromium lays out every space after a subscript (each text's characters all addressable, each space ≥ 0.15 em wide)",
        .enabled(if: browser != nil, "chromium is not installed (scripts/test installs it with apt-get); skipping the browser check"))
  func browserLayout() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-svg-text-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try FigureWriter.writeFigures(of: ReproductionReport(paper: "t", title: "t", figures: [Self.figure]), to: dir)
    var svg = try String(contentsOf: dir.appendingPathComponent("t/spacing.svg"), encoding: .utf8)
    // A script that records, for every <text>, its text content and each character's start and end x in the browser.
    let script = """
      <script><![CDATA[
      var out = [], ts = document.getElementsByTagName("text");
      for (var i = 0; i < ts.length; i++) {
        var t = ts[i], n = t.getNumberOfChars(), xs = [];
        for (var k = 0; k < n; k++) xs.push([t.getStartPositionOfChar(k).x, t.getEndPositionOfChar(k).x]);
        out.push({text: t.textContent, size: parseFloat(t.getAttribute("font-size") || "0"), chars: xs});
      }
      var d = document.createElementNS("http://www.w3.org/2000/svg", "desc");
      d.setAttribute("id", "measure"); d.textContent = JSON.stringify(out); document.documentElement.appendChild(d);
      ]]></script>
      """
    svg = svg.replacingOccurrences(of: "</svg>", with: script + "</svg>")
    let file = dir.appendingPathComponent("measure.svg")
    try svg.write(to: file, atomically: true, encoding: .utf8)

    let p = Process()
    p.executableURL = URL(fileURLWithPath: Self.browser!)
    p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(dir.path)/profile",
                   "--dump-dom", file.absoluteString]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let dump = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let start = try #require(dump.range(of: "<desc id=\"measure\">"), "no measurement in Chromium's DOM dump: \(dump.prefix(300))")
    let end = try #require(dump.range(of: "</desc>", range: start.upperBound..<dump.endIndex))
    let json = String(dump[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    let texts = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])

    var seen: [String] = []
    for t in texts {
      let content = try #require(t["text"] as? String)
      let size = try #require(t["size"] as? Double)
      let chars = try #require(t["chars"] as? [[Double]])
      let units = Array(content.utf16)
      // Every character of the text content is laid out: none was collapsed away.
      #expect(chars.count == units.count, "'\(content)': \(chars.count) characters laid out of \(units.count)")
      for (k, u) in units.enumerated() where (u == 0x20 || u == 0xA0) && k < chars.count && size > 0 {
        let advance = chars[k][1] - chars[k][0]
        #expect(advance >= 0.15 * size, "'\(content)': the space at \(k) is \(advance) px wide at font size \(size)")
      }
      seen.append(content.replacingOccurrences(of: "\u{00A0}", with: " "))
    }
    for e in Self.expectedTexts { #expect(seen.contains(e), "'\(e)' not among the browser's texts \(seen)") }
  }
}
