import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics

/// A syntactic pre-check of TOML text that shields the TOML parser's internal assertions.
///
/// TOMLKit (the real parser of model files) bundles toml++ 3.4.0 compiled with its assertions on. Two of
/// them can be reached by malformed input, and an assertion aborts the whole process instead of throwing
/// a parse error (found by fuzzing toml++ directly with its `TOML_ASSERT` turned into an exception: over
/// 10⁵ random mutations of TOML files only these two fire):
///
/// 1. `parser::parse_key()` asserts that its first character starts a key (bare `A-Za-z0-9_-` or a quote).
///    The table-header parser calls it after `[` or `[[` and spaces, having ruled out only `]` and the end
///    of the file, so `[,`, `[[[`, `[=`, `[}` or `[` followed by a line break abort.
/// 2. `parser::parse_value()` asserts that its first character is not a value terminator (white space,
///    `]`, `}`, `,`, `#`). The array parser calls it after skipping spaces, line breaks and comments,
///    having ruled out only `,` and `]`, so `a = [}` or an array element starting with a Unicode line
///    separator (U+0085, U+2028, U+2029: vertical white space to toml++, but not a TOML line break) aborts.
///
/// Every other position where toml++ parses a key or a value is checked by toml++ itself, with an error.
/// This check follows the TOML structure (strings, comments, arrays, inline tables, table headers) and
/// rejects exactly these two constructs, with the line and column; everything else — valid or not — is
/// left to TOMLKit, which reports its own errors. Both constructs are invalid TOML in every context, so
/// no valid file is rejected. (The Unicode line separators are rejected anywhere outside strings and
/// comments: they are never valid there.)
public enum TOMLPreCheck {
  /// A construct that would reach an assertion of the parser: 1-based line and column (in Unicode scalars,
  /// as toml++ counts them) and a sentence.
  public struct Hazard: Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let message: String
  }

  /// The first hazard in `source`, or nil when TOMLKit can parse it without reaching an assertion.
  public static func firstHazard(in source: String) -> Hazard? {
    var s = Array(source.unicodeScalars)
    if s.first == "\u{FEFF}" { s.removeFirst() }  // toml++ skips a byte-order mark
    var i = 0, line = 1, lineStart = 0
    // Open arrays ("[") and inline tables ("{") of the value being read.
    var stack: [Character] = []
    // Only white space since the last line break (a `[` here at the top level is a table header).
    var atLineStart = true
    // Inside an array, where the next element or `]` is expected (after `[` or `,`).
    var expectElement = false

    func hazard(_ k: Int, _ message: String) -> Hazard { Hazard(line: line, column: k - lineStart + 1, message: message) }
    func isKeyStart(_ c: Unicode.Scalar) -> Bool {
      ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "\"" || c == "'"
    }
    func isLineSeparator(_ c: Unicode.Scalar) -> Bool { c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" }
    func newLine(at k: Int) { line += 1; lineStart = k + 1; if stack.isEmpty { atLineStart = true } }
    /// Skips the string starting at `i` (any of the four TOML kinds), counting its line breaks.
    func skipString() {
      let q = s[i]
      let multi = i + 2 < s.count && s[i + 1] == q && s[i + 2] == q
      i += multi ? 3 : 1
      while i < s.count {
        let c = s[i]
        if c == "\\" && q == "\"" {  // an escape; a line-ending backslash keeps its line break counted
          i += 1
          if i < s.count && s[i] != "\n" { i += 1 }
          continue
        }
        if c == "\n" {
          if !multi { return }  // an unterminated single-line string: toml++ reports it
          newLine(at: i)
        } else if c == q {
          if !multi { i += 1; return }
          if i + 2 < s.count && s[i + 1] == q && s[i + 2] == q {
            i += 3
            var extra = 0  // up to two quotes of the content may precede the closing delimiter
            while extra < 2 && i < s.count && s[i] == q { i += 1; extra += 1 }
            return
          }
        }
        i += 1
      }
    }

    while i < s.count {
      let c = s[i]
      switch c {
      case "\n":
        newLine(at: i); i += 1; continue
      case " ", "\t", "\r":
        i += 1; continue
      case "#":
        while i < s.count && s[i] != "\n" { i += 1 }
        continue
      default: break
      }
      if isLineSeparator(c) {
        return hazard(i, "a Unicode line separator (U+\(String(c.value, radix: 16, uppercase: true))) outside a string; TOML lines end with \\n or \\r\\n")
      }
      if stack.isEmpty && atLineStart && c == "[" {
        // A table header: `[` or `[[`, optional spaces, then a key or `]` (the latter reported by toml++).
        var k = i + 1
        let arrayHeader = k < s.count && s[k] == "["
        if arrayHeader { k += 1 }
        while k < s.count && (s[k] == " " || s[k] == "\t") { k += 1 }
        // `[ [` is reported by toml++ ("brackets must be contiguous"); `[[[` is not.
        if k < s.count, s[k] != "]", !isKeyStart(s[k]), arrayHeader || s[k] != "[" {
          return hazard(k, "a table header needs a key after '[' (a bare key of A–Z, a–z, 0–9, _ and -, or a quoted key), e.g. [units] or [[modes]]")
        }
        // Skip the header's keys up to the end of the line (quoted keys may contain brackets).
        i = k; atLineStart = false
        while i < s.count && s[i] != "\n" && s[i] != "#" {
          if s[i] == "\"" || s[i] == "'" { skipString() } else if isLineSeparator(s[i]) { break } else { i += 1 }
        }
        continue
      }
      atLineStart = false
      if stack.last == "[" && expectElement && c == "}" {
        return hazard(i, "expected an array element or ']' here, found '}'")
      }
      expectElement = false
      switch c {
      case "\"", "'":
        skipString(); continue
      case "[":
        stack.append("["); expectElement = true
      case "{":
        stack.append("{")
      case "]", "}":
        if !stack.isEmpty { stack.removeLast() }
      case ",":
        if stack.last == "[" { expectElement = true }
      default: break
      }
      i += 1
    }
    return nil
  }
}
