import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal DOM built with Foundation's XMLParser (libxml2 on Linux): parsing fails on any
/// well-formedness error, which is what the tests check first.
final class XMLNode {
  let name: String
  let attributes: [String: String]
  var children: [XMLNode] = []
  var text = ""
  weak var parent: XMLNode?

  init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

  /// Text of this element and all descendants, in document order.
  var allText: String { text + children.map(\.allText).joined() }
  /// `allText` as read: the no-break spaces the renderer puts next to sub/superscripts (Markup.svgText) as spaces.
  var shownText: String { allText.replacingOccurrences(of: "\u{00A0}", with: " ") }

  /// This element and every descendant, in document order.
  var all: [XMLNode] { [self] + children.flatMap(\.all) }

  func elements(named n: String) -> [XMLNode] { all.filter { $0.name == n } }
  func elements(withClass c: String) -> [XMLNode] {
    all.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(c)) }
  }
}

struct XMLParseError: Error, CustomStringConvertible {
  let description: String
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
  var root: XMLNode?
  var stack: [XMLNode] = []
  func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
    let node = XMLNode(name: elementName, attributes: attributes)
    if let top = stack.last { top.children.append(node); node.parent = top } else { root = node }
    stack.append(node)
  }
  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
  // Character data is attached to the innermost open element; interleaving with children is not
  // needed by the tests (they read concatenated text).
  func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
}

/// Parses `text` as XML; throws with the parser's message when it is not well-formed.
func parseXML(_ text: String) throws -> XMLNode {
  let parser = XMLParser(data: Data(text.utf8))
  let builder = TreeBuilder()
  parser.delegate = builder
  guard parser.parse(), let root = builder.root else {
    throw XMLParseError(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error") at line \(parser.lineNumber), column \(parser.columnNumber)")
  }
  return root
}

/// Every point an SVG path visits (absolute commands M L H V, relative m l h v, arcs a/A by their end
/// point, Z): enough to check that a path stays inside the viewBox.
func pathPoints(_ d: String) -> [(Double, Double)] {
  var tokens: [String] = []
  var current = ""
  for c in d {
    if c.isLetter && c != "e" {
      if !current.isEmpty { tokens.append(current); current = "" }
      tokens.append(String(c))
    } else if c == " " || c == "," {
      if !current.isEmpty { tokens.append(current); current = "" }
    } else if c == "-" && !current.isEmpty && !current.hasSuffix("e") {
      tokens.append(current); current = "-"
    } else { current.append(c) }
  }
  if !current.isEmpty { tokens.append(current) }
  var points: [(Double, Double)] = []
  var x = 0.0, y = 0.0, start = (0.0, 0.0)
  var i = 0, command = "M"
  func num() -> Double { defer { i += 1 }; return Double(tokens[i]) ?? .nan }
  while i < tokens.count {
    if Double(tokens[i]) == nil { command = tokens[i]; i += 1; if command == "Z" || command == "z" { x = start.0; y = start.1; continue } }
    switch command {
    case "M": x = num(); y = num(); start = (x, y); command = "L"
    case "m": x += num(); y += num(); start = (x, y); command = "l"
    case "L": x = num(); y = num()
    case "l": x += num(); y += num()
    case "H": x = num()
    case "h": x += num()
    case "V": y = num()
    case "v": y += num()
    case "a": _ = num(); _ = num(); _ = num(); _ = num(); _ = num(); x += num(); y += num()
    case "A": _ = num(); _ = num(); _ = num(); _ = num(); _ = num(); x = num(); y = num()
    default: i += 1
    }
    points.append((x, y))
  }
  return points
}
