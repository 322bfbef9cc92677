import ClausiusPapers
import ClausiusSystems
import Foundation

/// Figure data as CSV (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted, quotes
/// doubled). One header row naming series, quantity and unit; then one x and one y column per series
/// (plus a y-error column when present). Shorter series leave empty cells. Numbers use Swift's
/// shortest round-trip form, so parsing a cell back gives the identical Double; non-finite values are
/// written "nan", "inf", "-inf".
///
/// Heat maps are written in long format instead: a header "x title,y title,z title" (with units), then
/// one row x,y,z per grid point, x varying fastest (row j of `z` after row j − 1); missing cells are
/// "nan". Series drawn over a heat map are only in the figure's JSON.
public enum CSVWriter {
  /// The CSV text of `figure`.
  public static func csv(_ figure: Figure) -> String {
    if let map = figure.heatMap { return heatMapCSV(figure, map) }
    var header: [String] = [], columns: [[Double]] = []
    let xTitle = Figure.plainText(figure.xAxis.title), yTitle = Figure.plainText(figure.yAxis.title)
    for s in figure.series {
      let name = Figure.plainText(s.label)
      header.append("\(name): \(xTitle)"); columns.append(s.x)
      header.append("\(name): \(yTitle)"); columns.append(s.y)
      if let e = s.yError { header.append("\(name): error of \(yTitle)"); columns.append(e) }
    }
    var lines = [header.map(field).joined(separator: ",")]
    let rows = columns.map(\.count).max() ?? 0
    for i in 0..<rows {
      lines.append(columns.map { i < $0.count ? number($0[i]) : "" }.joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// Long-format CSV of a heat map: x, y, z per row, x fastest.
  static func heatMapCSV(_ figure: Figure, _ map: Figure.HeatMap) -> String {
    let header = [figure.xAxis.title, figure.yAxis.title, map.zAxis.title].map { field(Figure.plainText($0)) }
    var lines = [header.joined(separator: ",")]
    lines.reserveCapacity(1 + map.x.count * map.y.count)
    for (j, y) in map.y.enumerated() {
      for (i, x) in map.x.enumerated() {
        let z = j < map.z.count && i < map.z[j].count ? map.z[j][i] : .nan
        lines.append("\(number(x)),\(number(y)),\(number(z))")
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// One field, quoted when RFC 4180 requires it (`Text.csvField`).
  public static func field(_ s: String) -> String { Text.csvField(s) }

  /// Shortest representation that parses back to the same Double ("nan", "inf", "-inf" when not finite).
  public static func number(_ x: Double) -> String { Text.csvNumber(x) }
}
