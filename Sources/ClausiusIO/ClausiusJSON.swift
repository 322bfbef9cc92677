import Foundation

/// A JSON document Clausius writes, named by its `document` field (the key the JSON Schema dispatches on;
/// docs/output-format.md).
public protocol ClausiusOutputDocument: Encodable {
  /// "solve", "audit", "sweep", "compare", "compare-optomechanical", "compare-routes", "reproduction",
  /// "figure", "advisor-grade", "error" (and "reproduction-data" for the extra JSON files a reproduction writes itself).
  static var documentType: String { get }
}

/// The JSON of every Clausius command and file (docs/output-format.md, docs/schema/clausius-output.schema.json):
///
/// - strict RFC 8259 JSON: pretty-printed (two spaces), keys sorted, UTF-8, slashes unescaped;
/// - numbers in the shortest form that parses back to the same `Double` (Swift's `description`);
/// - a non-finite number is written as `null`, with the reason beside it: for a key `x` whose value is
///   non-finite, `"x": null, "x_nonfinite": "nan" | "inf" | "-inf"`; for an array (or nested arrays) under `x`
///   with non-finite elements, those elements are `null` and `"x_nonfinite"` is an object from each element's
///   JSON Pointer relative to `x` ("/3", "/1/2") to its reason. A `null` without a `_nonfinite` partner is a
///   missing value (e.g. a route without a result);
/// - every top-level object starts with the envelope `schema_version`, `document`, `clausius_version`,
///   `git_commit`, `command_line`, `created` (ISO 8601 UTC), then the payload's keys.
///
/// `ClausiusJSON.decoder` reads these documents back (restoring the non-finite values).
public enum ClausiusJSON {
  /// The version of the output format (semantic: a new key is a minor change, a renamed or removed key or a
  /// changed meaning a major one).
  public static let schemaVersion = "1.4.0"
  /// The envelope keys, in the order they are written.
  public static let envelopeKeys = ["schema_version", "document", "clausius_version", "git_commit", "command_line", "created"]
  /// Suffix of the key that carries the reason of a non-finite value.
  public static let nonFiniteSuffix = "_nonfinite"

  public static var encoder: DocumentEncoder { DocumentEncoder() }
  public static var decoder: DocumentDecoder { DocumentDecoder() }

  /// The command line recorded in the envelope: this process's arguments, the program as its file name.
  public static var commandLine: [String] {
    var a = CommandLine.arguments
    if !a.isEmpty { a[0] = URL(fileURLWithPath: a[0]).lastPathComponent }
    return a
  }

  /// `date` as ISO 8601 in UTC, to the second ("2026-12-05T19:40:00Z").
  public static func timestamp(_ date: Date = Date()) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: date)
  }

  /// Encodes any `Encodable` as Clausius JSON; a top-level object gets the envelope.
  public struct DocumentEncoder: Sendable {
    /// Add the envelope to a top-level object (default true).
    public var envelope = true
    /// The time recorded in `created` (default: when `encode` runs).
    public var created: Date?

    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Data {
      var tree = try Node.tree(of: value)
      tree.replaceNonFinite()
      var head: [(String, Node)] = []
      if envelope, case .object = tree {
        head = envelopePairs(document: (value as? any ClausiusOutputDocument).map { type(of: $0).documentType }, created: created ?? Date())
      }
      var out = ""
      tree.write(into: &out, indent: 0, head: head)
      return Data(out.utf8)
    }
  }

  /// The envelope's key–value pairs, in order (`document` only when known).
  static func envelopePairs(document: String?, created: Date) -> [(String, Node)] {
    var head: [(String, Node)] = [("schema_version", .string(schemaVersion))]
    if let document { head.append(("document", .string(document))) }
    return head + [("clausius_version", .string(ClausiusVersion.version)), ("git_commit", .string(ClausiusVersion.gitCommit)),
                   ("command_line", .array(commandLine.map(Node.string))), ("created", .string(timestamp(created)))]
  }

  /// Rewrites a plain JSON object file (e.g. written by a reproduction with Foundation's JSONEncoder) as a Clausius
  /// document of type `document`: the envelope added, keys sorted, pretty-printed. Files whose top level is not an
  /// object are left alone.
  public static func adopt(fileAt url: URL, document: String) throws {
    var tree = try JSONDecoder().decode(Node.self, from: Data(contentsOf: url))
    guard case .object = tree else { return }
    tree.replaceNonFinite()
    var out = ""
    tree.write(into: &out, indent: 0, head: envelopePairs(document: document, created: Date()))
    try Data(out.utf8).write(to: url, options: .atomic)
  }

  /// Decodes Clausius JSON (envelope keys are ignored by the payload's type; `x_nonfinite` restores `x`).
  public struct DocumentDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
      var tree = try JSONDecoder().decode(Node.self, from: data)
      tree.restoreNonFinite()
      var compact = ""
      tree.write(into: &compact, indent: nil, head: [])
      let d = JSONDecoder()
      d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: Node.marker + "inf", negativeInfinity: Node.marker + "-inf",
                                                                nan: Node.marker + "nan")
      return try d.decode(T.self, from: Data(compact.utf8))
    }
  }

  /// A JSON value. Built by encoding with Foundation's JSONEncoder (non-finite numbers as marked strings) and
  /// decoding the result, so numbers keep the exact `Double` (integers stay integers).
  indirect enum Node: Decodable, Equatable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), array([Node]), object([String: Node])

    /// Prefix of the strings standing for non-finite numbers inside the pipeline (never written out).
    static let marker = "@clausius-nonfinite@"

    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    static func tree<T: Encodable>(of value: T) throws -> Node {
      let e = JSONEncoder()
      e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker + "inf", negativeInfinity: marker + "-inf", nan: marker + "nan")
      return try JSONDecoder().decode(Node.self, from: try e.encode(value))
    }

    init(from decoder: Decoder) throws {
      if let c = try? decoder.container(keyedBy: Key.self) {
        var d: [String: Node] = [:]
        for k in c.allKeys { d[k.stringValue] = try c.decode(Node.self, forKey: k) }
        self = .object(d)
      } else if var u = try? decoder.unkeyedContainer() {
        var a: [Node] = []
        while !u.isAtEnd { a.append(try u.decode(Node.self)) }
        self = .array(a)
      } else {
        let s = try decoder.singleValueContainer()
        if s.decodeNil() { self = .null }
        else if let b = try? s.decode(Bool.self) { self = .bool(b) }
        else if let i = try? s.decode(Int64.self) {
          // "-0" is an integer to the decoder but a negative zero to the encoder: keep the sign.
          if i == 0, let x = try? s.decode(Double.self), x.sign == .minus { self = .number(x) } else { self = .integer(i) }
        }
        else if let x = try? s.decode(Double.self) { self = .number(x) }
        else { self = .string(try s.decode(String.self)) }
      }
    }

    /// The reason ("nan", "inf", "-inf") if this is a marked non-finite number.
    var nonFiniteReason: String? {
      if case let .string(s) = self, s.hasPrefix(Node.marker) { return String(s.dropFirst(Node.marker.count)) }
      return nil
    }

    /// Marked non-finite numbers inside nested arrays (not inside objects, which carry their own partners):
    /// JSON Pointer → reason; each replaced by null.
    mutating func extractFromArrays(prefix: String, into reasons: inout [String: Node]) {
      guard case var .array(a) = self else { return }
      for i in a.indices {
        if let r = a[i].nonFiniteReason { reasons[prefix + "/\(i)"] = .string(r); a[i] = .null } else { a[i].extractFromArrays(prefix: prefix + "/\(i)", into: &reasons) }
      }
      self = .array(a)
    }

    /// Applies the convention `"x": null, "x_nonfinite": reason` throughout.
    mutating func replaceNonFinite() {
      switch self {
      case var .object(d):
        for k in Array(d.keys) {
          d[k]!.replaceNonFinite()
          if let r = d[k]!.nonFiniteReason {
            d[k] = .null; d[k + ClausiusJSON.nonFiniteSuffix] = .string(r)
          } else if case .array = d[k]! {
            var reasons: [String: Node] = [:]
            d[k]!.extractFromArrays(prefix: "", into: &reasons)
            if !reasons.isEmpty { d[k + ClausiusJSON.nonFiniteSuffix] = .object(reasons) }
          }
        }
        self = .object(d)
      case var .array(a):
        for i in a.indices { a[i].replaceNonFinite() }
        self = .array(a)
      default: break
      }
    }

    /// Undoes `replaceNonFinite` (markers back in place of the nulls, partner keys removed).
    mutating func restoreNonFinite() {
      switch self {
      case var .object(d):
        for k in Array(d.keys) where k.hasSuffix(ClausiusJSON.nonFiniteSuffix) {
          let base = String(k.dropLast(ClausiusJSON.nonFiniteSuffix.count))
          guard d[base] != nil, let partner = d.removeValue(forKey: k) else { continue }
          switch partner {
          case let .string(r): d[base] = .string(Node.marker + r)
          case let .object(pointers):
            for (p, r) in pointers { if case let .string(s) = r { d[base]!.set(.string(Node.marker + s), at: p.split(separator: "/").compactMap { Int($0) }) } }
          default: d[k] = partner
          }
        }
        for k in Array(d.keys) { d[k]!.restoreNonFinite() }
        self = .object(d)
      case var .array(a):
        for i in a.indices { a[i].restoreNonFinite() }
        self = .array(a)
      default: break
      }
    }

    mutating func set(_ v: Node, at path: [Int]) {
      guard let i = path.first, case var .array(a) = self, a.indices.contains(i) else { return }
      if path.count == 1 { a[i] = v } else { a[i].set(v, at: Array(path.dropFirst())) }
      self = .array(a)
    }

    /// Writes JSON: `indent` nil for compact output, else pretty-printed with two spaces per level. `head` are
    /// key–value pairs written first (the envelope), before the object's own keys in sorted order.
    func write(into out: inout String, indent: Int?, head: [(String, Node)]) {
      switch self {
      case .null: out += "null"
      case let .bool(b): out += b ? "true" : "false"
      case let .integer(i): out += "\(i)"
      case let .number(x): out += x.isFinite ? "\(x)" : "null"
      case let .string(s): Node.writeString(s, into: &out)
      case let .array(a):
        if a.isEmpty { out += "[]"; return }
        out += "["
        for (i, v) in a.enumerated() {
          if i > 0 { out += "," }
          Node.newline(&out, indent.map { $0 + 1 })
          v.write(into: &out, indent: indent.map { $0 + 1 }, head: [])
        }
        Node.newline(&out, indent)
        out += "]"
      case let .object(d):
        let pairs = head + d.keys.sorted().map { ($0, d[$0]!) }
        if pairs.isEmpty { out += "{}"; return }
        out += "{"
        for (i, (k, v)) in pairs.enumerated() {
          if i > 0 { out += "," }
          Node.newline(&out, indent.map { $0 + 1 })
          Node.writeString(k, into: &out)
          out += indent == nil ? ":" : ": "
          v.write(into: &out, indent: indent.map { $0 + 1 }, head: [])
        }
        Node.newline(&out, indent)
        out += "}"
      }
    }

    static func newline(_ out: inout String, _ indent: Int?) {
      guard let indent else { return }
      out += "\n" + String(repeating: "  ", count: indent)
    }

    static let escapes: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]

    /// A JSON string (RFC 8259 §7): quote, backslash and control characters escaped, everything else as UTF-8.
    static func writeString(_ s: String, into out: inout String) {
      out += "\""
      for u in s.unicodeScalars {
        if let e = escapes[u] { out += e } else if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
      }
      out += "\""
    }
  }
}

extension FigureWriter.FigureDocument: ClausiusOutputDocument { public static var documentType: String { "figure" } }
