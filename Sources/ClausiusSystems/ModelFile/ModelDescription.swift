import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics
import TOMLKit

/// Any model file: the top-level `kind` key selects the model family in `ModelFamilies.all`
/// (docs/model-format.md, "Model kinds"; docs/architecture.md, "Model families").
public struct ModelDescription: Sendable {
  /// The family's model, read from the file.
  public let family: any ModelFamily

  public init(_ family: any ModelFamily) { self.family = family }

  /// The kinds a file may name.
  public static var kinds: [String] { ModelFamilies.kinds }

  /// Reads and parses `path`.
  public static func load(path: String) throws -> ModelDescription {
    try ModelDescription(source: ModelFileText.read(path: path), file: path)
  }

  /// Parses TOML `source`; `file` names it in messages.
  public init(source: String, file: String = "<string>") throws {
    try self.init(document: ModelFileText.document(source: source, file: file), source: source, file: file)
  }

  /// Builds the model of the family named by `kind` from a parsed document.
  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let kind = try Self.kind(of: doc, source: source, file: file)
    family = try ModelFamilies.family(named: kind)!.init(document: doc, source: source, file: file)
  }

  /// The value of the top-level `kind` key ("network" when absent); an unknown kind is an error.
  static func kind(of doc: [String: ModelValue], source: String, file: String) throws -> String {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    guard let k = try r.string(doc, [], "kind") else { return ModelFile.kind }
    guard ModelFamilies.family(named: k) != nil else {
      throw r.outOfRange(["kind"], value: "\"\(k)\"", allowed: kinds.map { "\"\($0)\"" }.joined(separator: ", "), message: "unknown model kind")
    }
    return k
  }

  /// The model as `T` when it is of that family (e.g. `d.as(OptomechanicalModelFile.self)`), else nil.
  public func `as`<T: ModelFamily>(_: T.Type) -> T? { family as? T }

  public var header: ModelFileHeader { family.header }
  public var file: String { family.header.file }
  public var source: String { family.header.source }
  public var document: [String: ModelValue] { family.header.document }
  public var title: String { family.header.title }
  public var units: FrequencyUnit { family.header.units }
  public var outputFormat: String? { family.header.outputFormat }
  public var outputDirectory: String? { family.header.outputDirectory }
  /// The family's `kind`.
  public var kind: String { type(of: family).kind }
  /// The equation names this kind accepts in `[solve] equations` (for messages).
  public var equationNamesAllowed: String { type(of: family).equationNamesAllowed }

  /// Resolves a dotted key (as `ModelFile.resolve`); a bare key that is not at the top level names the unique
  /// number of that name anywhere in the file (e.g. `g` for `coupling.g`).
  public func resolve(_ key: String) throws -> [String] {
    do { return try ModelFile.resolve(key, in: document, file: file) } catch let e as ModelFileError {
      guard !key.contains("."), document[key] == nil else { throw e }
      var found: [[String]] = []
      func walk(_ v: ModelValue, _ p: [String]) {
        switch v {
        case let .table(t): for (k, x) in t { walk(x, p + [k]) }
        case let .array(a): for (i, x) in a.enumerated() { walk(x, p + ["\(i)"]) }
        case .integer, .float, .string: if p.last == key { found.append(p) }
        default: break
        }
      }
      walk(.table(document), [])
      guard found.count == 1 else { throw e }
      return found[0]
    }
  }

  /// This model with the value at `key` replaced (for sweeps).
  public func setting(_ key: String, to value: ModelValue) throws -> ModelDescription {
    let path = try resolve(key)
    guard case let .table(newDoc) = ModelFile.replace(.table(document), at: path[...], with: value) else {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: key, message: "cannot set '\(key)'")
    }
    return try ModelDescription(document: newDoc, source: source, file: file)
  }

  /// This model with `[solve] equations` replaced (the `--equations` option).
  public func withEquations(_ names: [String]) throws -> ModelDescription {
    var doc = document
    var solve: [String: ModelValue] = [:]
    if case let .table(t)? = doc["solve"] { solve = t }
    solve["equations"] = .array(names.map { .string($0) })
    doc["solve"] = .table(solve)
    return try ModelDescription(document: doc, source: source, file: file)
  }
}

extension ModelFile {
  /// Resolves a dotted key against `document` (see `resolve(_:)`).
  static func resolve(_ key: String, in document: [String: ModelValue], file: String) throws -> [String] {
    let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    var node = ModelValue.table(document)
    var path: [String] = []
    func fail(_ why: String) -> ModelFileError {
      ModelFileError(kind: .missingKey, file: file, line: nil, key: key, value: nil,
                     allowed: "the dotted path of an existing number, e.g. couplings.0.strength, baths.hot.temperature, modes.1.frequency, coupling.g",
                     message: why)
    }
    for part in parts {
      switch node {
      case let .table(t):
        guard let next = t[part] else { throw fail("no key '\(part)' at '\(path.isEmpty ? "top level" : path.joined(separator: "."))'") }
        node = next; path.append(part)
      case let .array(a):
        if let i = Int(part) {
          guard a.indices.contains(i) else { throw fail("index \(i) out of range 0..<\(a.count) at '\(path.joined(separator: "."))'") }
          node = a[i]; path.append(part)
        } else if let i = a.firstIndex(where: { if case let .table(t) = $0, t["name"] == .string(part) { return true } else { return false } }) {
          node = a[i]; path.append("\(i)")
        } else { throw fail("no element named '\(part)' in '\(path.joined(separator: "."))'") }
      default: throw fail("'\(path.joined(separator: "."))' is a value, not a table")
      }
    }
    switch node {
    case .integer, .float, .string: return path
    default: throw fail("'\(key)' is \(node.typeName), not a number")
    }
  }
}

// MARK: - Shared pieces

/// Reads `title`, `[units]` and `[output]`, common to every kind.
struct CommonHeader {
  let title: String
  let units: FrequencyUnit
  let outputFormat: String?
  let outputDirectory: String?

  /// `outputKeys`: further `[output]` keys the kind reads itself (open-system: `density_matrix`).
  init(_ doc: [String: ModelValue], _ r: Reader, file: String, outputKeys: [String] = []) throws {
    title = try r.string(doc, [], "title") ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    _ = try r.string(doc, [], "description"); _ = try r.string(doc, [], "paper")
    let units = try r.frequencyUnit(doc)
    self.units = units
    let (format, directory) = try r.output(doc, extraKeys: outputKeys)
    outputFormat = format; outputDirectory = directory
  }
}

extension Reader {
  /// A required table `[key]`.
  func requiredTable(_ doc: [String: ModelValue], _ key: String, expected: String) throws -> [String: ModelValue] {
    guard let v = doc[key] else { throw missing([key], expected: expected) }
    return try table(v, [key])
  }

  /// An integer ≥ `minimum` (a float with an integral value is accepted, e.g. from a sweep).
  func integer(_ t: [String: ModelValue], _ p: [String], _ key: String, minimum: Int, maximum: Int = Int.max, hint: String) throws -> Int? {
    guard let v = t[key] else { return nil }
    // Built only when thrown (its line lookup scans the source).
    func out() -> ModelFileError { outOfRange(p + [key], value: v.description, allowed: hint, message: "value out of range") }
    switch v {
    case let .integer(i):
      // Compared as integers: above 2⁵³ a Double no longer holds every integer (2⁶² + 1 would become 2⁶²).
      guard i >= minimum, i <= maximum else { throw out() }
      return i
    case let .float(x):
      // Double(Int.max) rounds up to 2⁶³, which does not convert to Int: compare with 2⁶³ itself.
      guard x.isFinite, x == x.rounded(), x >= Double(minimum), x <= Double(maximum), x >= -0x1p63, x < 0x1p63 else { throw out() }
      return Int(x)
    default: throw wrongType(p + [key], v, expected: hint)
    }
  }

  func bool(_ t: [String: ModelValue], _ p: [String], _ key: String) throws -> Bool? {
    guard let v = t[key] else { return nil }
    guard case let .bool(b) = v else { throw wrongType(p + [key], v, expected: "true or false") }
    return b
  }

  /// A complex number written as a number or [re, im].
  func complex(_ v: ModelValue, _ p: [String], hint: String) throws -> Complex<Double> {
    if case let .array(parts) = v {
      guard parts.count == 2, let re = parts[0].asDouble, let im = parts[1].asDouble, re.isFinite, im.isFinite else {
        throw outOfRange(p, value: v.description, allowed: hint, message: "bad complex number")
      }
      try check(re, p, v.description, positive: false, nonNegative: false, unitHint: hint)
      try check(im, p, v.description, positive: false, nonNegative: false, unitHint: hint)
      return Complex(re, im)
    }
    guard let x = v.asDouble else { throw wrongType(p, v, expected: hint) }
    guard x.isFinite else { throw outOfRange(p, value: v.description, allowed: hint, message: "value is not finite") }
    try check(x, p, v.description, positive: false, nonNegative: false, unitHint: hint)
    return Complex(x, 0)
  }

  /// Refuses a Gaussian model whose dense matrices cannot fit in memory, before any of them is built
  /// (docs/model-format.md, "Memory"). The Lyapunov route holds dense 2N × 2N real matrices: the drift, the
  /// diffusion, V, the Schur form and its vectors, block copies and work space (≈ 12), and one drift and one
  /// diffusion per dissipator for the heat currents (2 per bath): 8 (2N)² (2 baths + 12) bytes.
  func requireGaussianMemory(modes: Int, baths: Int) throws {
    let n2 = 2 * Double(modes)
    let bytes = 8 * n2 * n2 * (2 * Double(baths) + 12), limit = MemoryBudget.limitBytes
    guard bytes > Double(limit) else { return }
    throw outOfRange(["modes"], value: "\(modes) modes", allowed: "a model whose dense 2N × 2N matrices fit in memory (fewer modes, or a larger CLAUSIUS_MEMORY_LIMIT_MB)",
                     message: "solving \(modes) modes with \(baths) baths needs about \(MemoryBudget.describe(bytes: bytes)) (dense 2N × 2N matrices: 8 (2N)² (2 × baths + 12) bytes), above the memory limit of \(MemoryBudget.describe(bytes: Double(limit))) (\(MemoryBudget.limitSource))")
  }
}

/// The `[solve] equations` list, as strings (nil when absent).
func equationList(_ doc: [String: ModelValue], _ r: Reader, allowedKeys: [String], allowed: String) throws -> [(name: String, value: ModelValue)]? {
  guard let s = doc["solve"] else { return nil }
  let t = try r.table(s, ["solve"])
  try r.allowKeys(t, ["solve"], allowedKeys)
  guard let e = t["equations"] else { return nil }
  guard case let .array(items) = e, !items.isEmpty else {
    throw r.outOfRange(["solve", "equations"], value: e.description, allowed: "a non-empty array of \(allowed)", message: "bad list of master equations")
  }
  return try items.map { item in
    guard case let .string(n) = item else { throw r.outOfRange(["solve", "equations"], value: item.description, allowed: allowed, message: "unknown master equation") }
    return (n, item)
  }
}
