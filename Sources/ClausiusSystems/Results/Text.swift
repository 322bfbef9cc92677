import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// Plain-text formatting of results: terminal tables and CSV fields (RFC 4180).
public enum Text {
  public static func num(_ x: Double?) -> String {
    guard let x else { return "—" }
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == 0 { return "0" }
    return abs(x) >= 1e-3 && abs(x) < 1e5 ? String(format: "%.6g", x) : String(format: "%.4e", x)
  }
  public static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
  public static func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

  /// A table with a first label column and one column per method.
  public static func grid(_ header: [String], _ rows: [[String]], left: Set<Int> = [0]) -> String {
    let widths = header.indices.map { c in max(header[c].count, rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0) }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { c, s in left.contains(c) ? pad(s, widths[c]) : lpad(s, widths[c]) }.joined(separator: "  ")
        .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }

  /// One CSV field, quoted when RFC 4180 requires it.
  public static func csvField(_ s: String) -> String {
    // Unicode scalars, not Characters: "\r\n" is one Character in Swift.
    guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Shortest representation that parses back to the same Double ("nan", "inf", "-inf" when not finite); "" for nil.
  public static func csvNumber(_ x: Double?) -> String {
    guard let x else { return "" }
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return "\(x)"
  }
}
