import ClausiusPapers
import Foundation

/// The self-contained HTML report of `clausius reproduce`: one file (inline CSS, figures as inline
/// SVG, no scripts, no network resources) with a summary of passed/failed checks per paper, each
/// paper's checks table, notes, diagnostics and figures with captions and links to their SVG, CSV and
/// JSON files (relative paths, next to the report). The markup is well-formed XML (polyglot HTML5).
public enum HTMLReport {
  /// A paper listed as not yet reproduced.
  public struct Pending: Sendable {
    public var paper: String
    public var title: String
    public init(paper: String, title: String) { self.paper = paper; self.title = title }
  }

  /// Who made a report, how and when: "clausius 0.9.0 (commit …); command: clausius reproduce all; generated
  /// 2026-12-05T19:40:00Z (UTC)." — escaped HTML, also used by the sweep page.
  public static func provenance(generated: Date?) -> String {
    var s = "Made by clausius \(Markup.escape(ClausiusVersion.version)) (commit <code>\(Markup.escape(ClausiusVersion.gitCommit))</code>); "
    s += "command: <code>\(Markup.escape(ClausiusJSON.commandLine.map(shellQuoted).joined(separator: " ")))</code>"
    if let generated { s += "; generated \(ClausiusJSON.timestamp(generated)) (UTC)" }
    return s + "."
  }

  /// `argument` as a POSIX shell word (single-quoted unless it is made of safe characters only).
  static func shellQuoted(_ argument: String) -> String {
    let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-")
    if !argument.isEmpty && argument.allSatisfy(safe.contains) { return argument }
    return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The report page. `generated` (if given) is printed as an ISO 8601 time stamp.
  public static func render(reports: [ReproductionReport], pending: [Pending] = [], generated: Date? = nil,
                            style: FigureStyle = .standard) -> String {
    let total = reports.reduce(0) { $0 + $1.checks.count }
    let failed = reports.reduce(0) { $0 + $1.checks.filter { !$0.passed }.count }
    var h = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>Clausius reproduction report</title>
      <style>\(css)</style>
      </head>
      <body>
      <header>
      <h1>Clausius reproduction report</h1>

      """
    h += "<p class=\"overall \(failed == 0 ? "pass" : "fail")\">\(total - failed) of \(total) checks passed"
    h += failed == 0 ? "." : ", <strong>\(failed) failed</strong>."
    h += "</p>\n<p class=\"meta\">Units: ħ = k<sub>B</sub> = 1 (docs/conventions.md). All numbers: <a href=\"reproduction.json\">reproduction.json</a>."
    h += "</p>\n<p class=\"meta provenance\">\(provenance(generated: generated))</p>\n</header>\n"

    // Summary.
    h += "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr><th>paper</th><th>title</th><th class=\"num\">checks</th><th class=\"num\">passed</th><th class=\"num\">failed</th><th class=\"num\">figures</th><th>status</th></tr></thead>\n<tbody>\n"
    for r in reports {
      let f = r.checks.filter { !$0.passed }.count
      h += "<tr><td><a href=\"#paper-\(anchor(r.paper))\">\(Markup.escape(r.paper))</a></td><td>\(Markup.escape(r.title))</td>"
      h += "<td class=\"num\">\(r.checks.count)</td><td class=\"num\">\(r.checks.count - f)</td><td class=\"num\">\(f)</td><td class=\"num\">\(r.figures.count)</td>"
      h += "<td class=\"\(f == 0 ? "pass" : "fail")\">\(f == 0 ? "PASS" : "FAIL")</td></tr>\n"
    }
    for p in pending {
      h += "<tr class=\"pending\"><td>\(Markup.escape(p.paper))</td><td>\(Markup.escape(p.title))</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td>not yet implemented</td></tr>\n"
    }
    h += "</tbody>\n</table></div>\n</section>\n"

    var figureNumber = 0
    for r in reports {
      h += "<section class=\"paper\" id=\"paper-\(anchor(r.paper))\">\n<h2>\(Markup.escape(r.paper)): \(Markup.escape(r.title))</h2>\n"
      h += "<div class=\"table-wrap\"><table class=\"checks\">\n<thead><tr><th>check</th><th>source</th><th class=\"num\">expected</th><th class=\"num\">computed</th><th class=\"num\">rel. error</th><th class=\"num\">tolerance</th><th>result</th></tr></thead>\n<tbody>\n"
      for c in r.checks {
        h += "<tr class=\"check \(c.passed ? "pass" : "fail")\"><td>\(Markup.escape(c.name))</td><td>\(Markup.escape(c.equation))</td>"
        h += "<td class=\"num\">\(number(c.expected, "%.6e"))</td><td class=\"num\">\(number(c.computed, "%.6e"))</td>"
        h += "<td class=\"num\">\(number(c.relativeError, "%.1e"))</td><td class=\"num\">\(number(c.tolerance, "%.0e"))</td>"
        h += "<td class=\"result\">\(c.passed ? "PASS" : "FAIL")</td></tr>\n"
      }
      h += "</tbody>\n</table></div>\n"
      if !r.notes.isEmpty {
        h += "<h3>Notes</h3>\n<ul class=\"notes\">\n" + r.notes.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
      }
      if !r.diagnostics.isEmpty {
        h += "<h3>Solver diagnostics</h3>\n<div class=\"table-wrap\"><table class=\"diagnostics\">\n<tbody>\n"
        for (k, v) in r.diagnostics.sorted(by: { $0.key < $1.key }) {
          h += "<tr><td>\(Markup.escape(k))</td><td class=\"num\">\(number(v, "%.3e"))</td></tr>\n"
        }
        h += "</tbody>\n</table></div>\n"
      }
      if !r.figures.isEmpty { h += "<h3>Figures</h3>\n" }
      for fig in r.figures {
        figureNumber += 1
        let files = FigureWriter.files(paper: r.paper, figure: fig)
        let rendered = SVGRenderer.render(fig, style: style, idPrefix: "fig-\(SVGRenderer.sanitizedID(r.paper))-\(SVGRenderer.sanitizedID(fig.id))")
        h += "<figure class=\"figure\" id=\"figure-\(anchor(r.paper))-\(anchor(fig.id))\">\n"
        h += "<div class=\"plot\">" + rendered.svg + "</div>\n"
        h += "<figcaption><strong>Figure \(figureNumber).</strong> \(Markup.html(fig.title))."
        if !fig.caption.isEmpty { h += " \(Markup.html(fig.caption))" }
        if !fig.reference.isEmpty { h += " <span class=\"reference\">(\(Markup.escape(fig.reference)))</span>" }
        for n in rendered.notes { h += " <em>Note: \(Markup.escape(n)).</em>" }
        h += "<br/><span class=\"files\">Files: <a href=\"\(Markup.escape(files.svg))\">SVG</a> · <a href=\"\(Markup.escape(files.csv))\">CSV</a> · <a href=\"\(Markup.escape(files.json))\">JSON</a></span>"
        h += "</figcaption>\n</figure>\n"
      }
      h += "</section>\n"
    }
    h += "<footer>Written by <code>clausius reproduce</code>. Self-contained: no scripts, no network resources.</footer>\n</body>\n</html>\n"
    return h
  }

  static func anchor(_ s: String) -> String { SVGRenderer.sanitizedID(s) }

  static func number(_ x: Double, _ format: String) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
    let s = String(format: format, x)
    return s.hasPrefix("-") ? "\u{2212}" + s.dropFirst() : s
  }

  static let css = """

    :root { color-scheme: light; }
    body { font-family: 'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif; color: #1a1a1a; background: #ffffff;
           max-width: 1080px; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; font-size: 15px; }
    h1 { font-size: 1.7em; margin-bottom: 0.2em; }
    h2 { font-size: 1.3em; border-bottom: 1px solid #d0d0d0; padding-bottom: 0.2em; margin-top: 2em; }
    h3 { font-size: 1.05em; margin-top: 1.4em; }
    a { color: #0a5a9c; }
    p.meta, footer { color: #555555; font-size: 0.9em; }
    footer { margin-top: 3em; border-top: 1px solid #d0d0d0; padding-top: 0.6em; }
    p.overall { font-size: 1.15em; padding: 0.5em 0.8em; border-radius: 4px; display: inline-block; }
    p.overall.pass { background: #e3f3e8; color: #0b5d2a; }
    p.overall.fail { background: #fbe4e2; color: #8f1d12; }
    div.table-wrap { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
    th, td { padding: 0.3em 0.65em; border-bottom: 1px solid #e2e2e2; text-align: left; vertical-align: top; }
    th { background: #f4f4f4; font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.pass, tr.pass td.result { color: #0b6b30; font-weight: 700; }
    td.fail, tr.fail td.result { color: #b3200f; font-weight: 700; }
    tr.fail td { background: #fdf0ee; }
    tr.pending td { color: #777777; font-style: italic; }
    table.checks td:first-child { max-width: 30em; }
    ul.notes li { margin: 0.2em 0; }
    figure.figure { margin: 1.2em 0 2em 0; }
    figure.figure div.plot svg { max-width: 100%; height: auto; display: block; }
    figcaption { font-size: 0.92em; color: #333333; max-width: 640px; margin-top: 0.4em; }
    figcaption span.files { font-size: 0.95em; color: #555555; }
    code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.92em; }
    @media print { body { max-width: none; } figure.figure { break-inside: avoid; } }

    """
}
