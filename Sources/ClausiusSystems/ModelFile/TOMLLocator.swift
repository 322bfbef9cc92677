import ClausiusComparison
import Foundation
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics

/// Finds the line of a key in TOML source text, for error messages about values that parsed but are
/// out of range (the TOML parser keeps no positions for values).
///
/// A key path is dotted with 0-based indices into arrays of tables: `baths.1.temperature` is the key
/// `temperature` under the second `[[baths]]` header; `units.frequency` is `frequency` under `[units]`;
/// `title` is a top-level key. When the key itself is absent the line of its table's header is
/// returned (where the key should be added); when the table is absent, nil. Tables written inline
/// (`baths = [{…}]`) resolve to the line of the array's key. Comments and strings are respected when
/// recognising headers and keys.
///
/// The lines are scanned on the first lookup, not at `init`: every model-file reader makes a locator, and most files
/// (and every point of a sweep, which reads the model again from its document) need none (issue 15: scanning a
/// 6000-line file took most of a sweep point's time).
public struct TOMLLocator: Sendable {
  struct Line { let number: Int; let header: (name: String, isArray: Bool)?; let key: String? }
  private let scan: LazyLines
  var lines: [Line] { scan.lines }

  public init(source: String) { scan = LazyLines(source) }

  /// The scanned lines, computed once on first use (thread-safe).
  private final class LazyLines: @unchecked Sendable {
    private let source: String
    private var scanned: [Line]?
    private let lock = NSLock()
    init(_ source: String) { self.source = source }
    var lines: [Line] {
      lock.lock(); defer { lock.unlock() }
      if let scanned { return scanned }
      let l = TOMLLocator.scan(source)
      scanned = l
      return l
    }
  }

  static func scan(_ source: String) -> [Line] {
    var out: [Line] = []
    var number = 0
    var inMultiline: String? = nil
    for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      let text = String(raw)
      if let delim = inMultiline {
        if text.contains(delim) { inMultiline = nil }
        out.append(Line(number: number, header: nil, key: nil)); continue
      }
      let code = Self.stripComment(text).trimmingCharacters(in: .whitespaces)
      for delim in ["\"\"\"", "'''"] where code.components(separatedBy: delim).count == 2 { inMultiline = delim }
      if code.hasPrefix("[[") , let end = code.range(of: "]]") {
        let name = code[code.index(code.startIndex, offsetBy: 2)..<end.lowerBound]
        out.append(Line(number: number, header: (Self.unquote(String(name)), true), key: nil))
      } else if code.hasPrefix("["), let end = code.firstIndex(of: "]") {
        let name = code[code.index(after: code.startIndex)..<end]
        out.append(Line(number: number, header: (Self.unquote(String(name)), false), key: nil))
      } else if let eq = Self.assignment(code) {
        out.append(Line(number: number, header: nil, key: eq))
      } else {
        out.append(Line(number: number, header: nil, key: nil))
      }
    }
    return out
  }

  /// The 1-based line of `path` (dotted, e.g. "baths.1.temperature"), or nil.
  public func line(of path: String) -> Int? { line(of: path.split(separator: ".").map(String.init)) }

  /// The 1-based line of the key path, or nil.
  public func line(of path: [String]) -> Int? {
    guard let first = path.first else { return nil }
    // A top-level key: before the first header.
    if let l = lines.prefix(while: { $0.header == nil }).first(where: { $0.key == first }) { return l.number }
    // A table or array of tables `first`, optionally indexed.
    var rest = Array(path.dropFirst())
    var occurrence = 0
    if let i = rest.first.flatMap({ Int($0) }) { occurrence = i; rest.removeFirst() }
    var seen = -1
    for (k, l) in lines.enumerated() {
      guard let h = l.header, h.name == first else { continue }
      seen += 1
      if !h.isArray { occurrence = 0 }
      guard seen == occurrence else { continue }
      guard let key = rest.first else { return l.number }
      for m in lines[(k + 1)...] {
        if m.header != nil { break }
        if m.key == key { return m.number }
      }
      return l.number
    }
    return nil
  }

  /// The key of `key = value` (bare or quoted), or nil.
  static func assignment(_ code: String) -> String? {
    guard let eq = Self.firstUnquoted("=", in: code) else { return nil }
    let key = code[..<eq].trimmingCharacters(in: .whitespaces)
    guard !key.isEmpty else { return nil }
    return unquote(key)
  }

  static func unquote(_ s: String) -> String {
    let t = s.trimmingCharacters(in: .whitespaces)
    if t.count >= 2, (t.hasPrefix("\"") && t.hasSuffix("\"")) || (t.hasPrefix("'") && t.hasSuffix("'")) {
      return String(t.dropFirst().dropLast())
    }
    return t
  }

  static func firstUnquoted(_ c: Character, in s: String) -> String.Index? {
    var quote: Character? = nil
    var escaped = false
    for i in s.indices {
      let ch = s[i]
      if let q = quote {
        if escaped { escaped = false } else if ch == "\\" && q == "\"" { escaped = true } else if ch == q { quote = nil }
      } else if ch == "\"" || ch == "'" { quote = ch } else if ch == c { return i }
    }
    return nil
  }

  static func stripComment(_ s: String) -> String {
    guard let hash = firstUnquoted("#", in: s) else { return s }
    return String(s[..<hash])
  }
}
