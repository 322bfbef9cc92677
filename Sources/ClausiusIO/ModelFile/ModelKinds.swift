import ClausiusModels
import ClausiusMasterEquations
import Foundation
import Numerics
import TOMLKit

/// Any model file: the top-level `kind` key selects the model family (docs/model-format.md, "Model kinds").
///
/// - `network` (default, also when `kind` is absent): a quadratic `BosonicNetwork` (`ModelFile`).
/// - `optomechanical`: the nonlinear cavity–mechanics system of paper 000, H = ω_c a†a + ω_m b†b − g a†a(b + b†),
///   solved on a truncated Fock space with SME, DSME, GME_n or the all-sideband global equation.
/// - `cascaded`: a unidirectional (cascaded) chain of oscillators, paper 001 Eq. (1).
/// - `optomechanical-ring`: the linearised optomechanical ring of paper 002 with a synthetic flux φ = 2πn/L.
public enum ModelDescription: Sendable {
  case network(ModelFile)
  case optomechanical(OptomechanicalModelFile)
  case cascaded(CascadedModelFile)
  case ring(OptomechanicalRingModelFile)
  case openSystem(OpenSystemModelFile)

  /// The kinds a file may name.
  public static let kinds = ["network", "optomechanical", "cascaded", "optomechanical-ring", "open-system"]

  /// Reads and parses `path`.
  public static func load(path: String) throws -> ModelDescription {
    try ModelDescription(source: ModelFileText.read(path: path), file: path)
  }

  /// Parses TOML `source`; `file` names it in messages.
  public init(source: String, file: String = "<string>") throws {
    try self.init(document: ModelFileText.document(source: source, file: file), source: source, file: file)
  }

  /// Builds the model of the kind named by `kind` from a parsed document.
  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    switch try Self.kind(of: doc, source: source, file: file) {
    case "optomechanical": self = .optomechanical(try OptomechanicalModelFile(document: doc, source: source, file: file))
    case "cascaded": self = .cascaded(try CascadedModelFile(document: doc, source: source, file: file))
    case "optomechanical-ring": self = .ring(try OptomechanicalRingModelFile(document: doc, source: source, file: file))
    case "open-system": self = .openSystem(try OpenSystemModelFile(document: doc, source: source, file: file))
    default: self = .network(try ModelFile(document: doc, source: source, file: file))
    }
  }

  /// The value of the top-level `kind` key ("network" when absent); an unknown kind is an error.
  static func kind(of doc: [String: ModelValue], source: String, file: String) throws -> String {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    guard let k = try r.string(doc, [], "kind") else { return "network" }
    guard kinds.contains(k) else {
      throw r.outOfRange(["kind"], value: "\"\(k)\"", allowed: kinds.map { "\"\($0)\"" }.joined(separator: ", "), message: "unknown model kind")
    }
    return k
  }

  public var file: String { common.file }
  public var source: String { common.source }
  public var document: [String: ModelValue] { common.document }
  public var title: String { common.title }
  public var units: FrequencyUnit { common.units }
  public var outputFormat: String? { common.outputFormat }
  public var outputDirectory: String? { common.outputDirectory }
  /// "network", "optomechanical", "cascaded" or "optomechanical-ring".
  public var kind: String {
    switch self {
    case .network: return "network"
    case .optomechanical: return "optomechanical"
    case .cascaded: return "cascaded"
    case .ring: return "optomechanical-ring"
    case .openSystem: return "open-system"
    }
  }

  var common: (file: String, source: String, document: [String: ModelValue], title: String, units: FrequencyUnit, outputFormat: String?, outputDirectory: String?) {
    switch self {
    case let .network(m): return m.header.tuple
    case let .optomechanical(m): return m.header.tuple
    case let .cascaded(m): return m.header.tuple
    case let .ring(m): return m.header.tuple
    case let .openSystem(m): return m.header.tuple
    }
  }

  /// The equation names this kind accepts in `[solve] equations` (for messages).
  public var equationNamesAllowed: String {
    switch self {
    case .network: return EquationChoice.names.joined(separator: ", ")
    case .optomechanical: return FockEquationChoice.allowed
    case .cascaded: return "cascaded"
    case .ring: return "linearised"
    case .openSystem: return OpenSystemModelFile.equationNames.joined(separator: ", ")
    }
  }

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
    let out = outOfRange(p + [key], value: v.description, allowed: hint, message: "value out of range")
    switch v {
    case let .integer(i):
      // Compared as integers: above 2⁵³ a Double no longer holds every integer (2⁶² + 1 would become 2⁶²).
      guard i >= minimum, i <= maximum else { throw out }
      return i
    case let .float(x):
      // Double(Int.max) rounds up to 2⁶³, which does not convert to Int: compare with 2⁶³ itself.
      guard x.isFinite, x == x.rounded(), x >= Double(minimum), x <= Double(maximum), x >= -0x1p63, x < 0x1p63 else { throw out }
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

// MARK: - Optomechanical (paper 000)

/// A master equation for the optomechanical model (file names: `sme`, `dsme`, `gme<n>` with n even ≥ 2,
/// `gme<n>-fc` (exact Franck–Condon sidebands |k| ≤ n/2), `global` (all sidebands, exact FC factors; GME∞)).
public struct FockEquationChoice: Sendable, Equatable {
  /// Canonical file name (lower case): sme, dsme, gme4, gme4-fc, global.
  public let name: String
  public let derivation: OptomechanicalDerivation
  public static let allowed = "\"sme\", \"dsme\", \"gme<n>\" (n even ≥ 2, e.g. \"gme2\", \"gme4\", \"gme8\"), \"gme<n>-fc\" (exact Franck–Condon sidebands), \"global\" (all sidebands, GME∞)"

  /// Parses a name (case-insensitive); nil for an unknown name, throws `sidebandOrderNotEven` for an odd n.
  public static func parse(_ text: String) throws -> FockEquationChoice? {
    let s = text.lowercased()
    switch s {
    case "sme": return FockEquationChoice(name: s, derivation: .standard)
    case "dsme": return FockEquationChoice(name: s, derivation: .dressedState)
    case "global", "gme∞", "gme-inf": return FockEquationChoice(name: "global", derivation: .globalExact)
    default:
      guard s.hasPrefix("gme") else { return nil }
      var digits = String(s.dropFirst(3)), fc = false
      if digits.hasSuffix("-fc") { digits = String(digits.dropLast(3)); fc = true }
      guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let n = Int(digits) else { return nil }
      guard n >= 2, n % 2 == 0 else { throw FockError.sidebandOrderNotEven(order: n) }
      return FockEquationChoice(name: s, derivation: fc ? .globalSidebandsExactFC(n) : .globalSidebands(n))
    }
  }

  /// True for the polaron-frame (global) equations.
  public var isPolaronFrame: Bool {
    switch derivation {
    case .standard, .dressedState: return false
    default: return true
    }
  }
}

/// How the Fock space is truncated.
public enum FockTruncationSpec: Sendable, Equatable {
  /// Fixed levels N_c, N_m (|0⟩…|N−1⟩); a top-level population above `tolerance` is an error.
  case explicit(cavityLevels: Int, mechanicalLevels: Int, tolerance: Double)
  /// `FockAutomaticTruncation.converge` from the initial levels up to the maxima.
  case automatic(initialLevels: [Int], maximumLevels: [Int], tolerance: Double)

  public var tolerance: Double {
    switch self {
    case let .explicit(_, _, t), let .automatic(_, _, t): return t
    }
  }
}

/// A `kind = "optomechanical"` file: paper 000's cavity–mechanics system with its two baths, the
/// truncation, and the master equations (docs/model-format.md, "Optomechanical models").
@dynamicMemberLookup
public struct OptomechanicalModelFile: Sendable {
  /// What every model file has (file, source, document, title, units, output settings), read as `m.file`, `m.units`, ….
  public let header: ModelFileHeader
  public subscript<T>(dynamicMember key: KeyPath<ModelFileHeader, T>) -> T { header[keyPath: key] }
  /// The system at the initial (explicit or automatic-start) truncation. Frequencies, rates and temperatures
  /// in the file's unit system (ω_u = 2π × 1 u for lab units).
  public let system: OptomechanicalSystem
  public let truncation: FockTruncationSpec
  public let equations: [FockEquationChoice]
  public let modeNames = ["cavity", "mechanics"]
  public let bathNames = ["optical", "mechanical"]

  /// Default equations when `[solve] equations` is absent.
  public static let defaultEquations = ["sme", "dsme", "gme4", "global"]

  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "cavity", "mechanics", "coupling", "truncation", "solve", "output"])
    let header = try CommonHeader(doc, r, file: file)
    let q = Quantities(reader: r, unit: header.units)
    func mode(_ key: String, _ what: String) throws -> (w: Double, kappa: Double, t: Double) {
      let t = try r.requiredTable(doc, key, expected: "[\(key)] with frequency, rate and temperature of the \(what)")
      try r.allowKeys(t, [key], ["frequency", "rate", "temperature"])
      let w = try q.frequency(t, [key], "frequency", positive: true)!
      guard t["rate"] != nil else { throw r.missing([key, "rate"], expected: "κ > 0 in \(header.units.frequencyName) (flat bath, rates κ(n̄+1) and κn̄)") }
      let kappa = try q.frequency(t, [key], "rate", positive: true)!
      guard t["temperature"] != nil else { throw r.missing([key, "temperature"], expected: q.temperatureHint) }
      let temp = try q.temperature(t, [key], "temperature")
      guard temp > 0 else {
        throw r.outOfRange([key, "temperature"], value: t["temperature"]!.description, allowed: "T > 0 (the entropy production −ΣJ/T needs it)", message: "value out of range")
      }
      return (w, kappa, temp)
    }
    let cav = try mode("cavity", "cavity (optical) mode and its bath")
    let mech = try mode("mechanics", "mechanical mode and its bath")
    let ct = try r.requiredTable(doc, "coupling", expected: "[coupling] with g, the single-photon coupling of −g a†a(b + b†)")
    try r.allowKeys(ct, ["coupling"], ["g"])
    let g = try q.frequency(ct, ["coupling"], "g", nonNegative: true)!

    // [truncation]
    var truncation = FockTruncationSpec.explicit(cavityLevels: 5, mechanicalLevels: 40, tolerance: 1e-6)
    var defaultMaxima = false
    let levelsHint = "an integer number of Fock levels ≥ 2 (levels |0⟩…|N−1⟩ are kept)"
    if let tv = doc["truncation"] {
      let t = try r.table(tv, ["truncation"])
      try r.allowKeys(t, ["truncation"], ["cavity_levels", "mechanical_levels", "automatic", "tolerance", "max_cavity_levels", "max_mechanical_levels"])
      let p = ["truncation"]
      let tol = try r.number(t, p, "tolerance", positive: true, unitHint: "(a population, e.g. 1e-6)") ?? 1e-6
      if tol >= 1 { throw r.outOfRange(p + ["tolerance"], value: t["tolerance"]!.description, allowed: "0 < tolerance < 1 (a population)", message: "value out of range") }
      let nc = try r.integer(t, p, "cavity_levels", minimum: 2, maximum: 400, hint: levelsHint + ", at most 400")
      let nm = try r.integer(t, p, "mechanical_levels", minimum: 2, maximum: 2000, hint: levelsHint + ", at most 2000")
      if try r.bool(t, p, "automatic") == true {
        defaultMaxima = t["max_cavity_levels"] == nil && t["max_mechanical_levels"] == nil
        let mc = try r.integer(t, p, "max_cavity_levels", minimum: 2, maximum: 400, hint: levelsHint + ", at most 400") ?? 40
        let mm = try r.integer(t, p, "max_mechanical_levels", minimum: 2, maximum: 2000, hint: levelsHint + ", at most 2000") ?? 200
        let start = [nc ?? 3, nm ?? 10]
        if start[0] > mc { throw r.outOfRange(p + ["cavity_levels"], value: "\(start[0])", allowed: "≤ max_cavity_levels = \(mc)", message: "the automatic start exceeds the maximum") }
        if start[1] > mm { throw r.outOfRange(p + ["mechanical_levels"], value: "\(start[1])", allowed: "≤ max_mechanical_levels = \(mm)", message: "the automatic start exceeds the maximum") }
        truncation = .automatic(initialLevels: start, maximumLevels: [mc, mm], tolerance: tol)
      } else {
        for k in ["max_cavity_levels", "max_mechanical_levels"] where t[k] != nil {
          throw r.outOfRange(p + [k], value: t[k]!.description, allowed: "only with automatic = true", message: "a maximum needs automatic truncation")
        }
        guard let nc else { throw r.missing(p + ["cavity_levels"], expected: levelsHint + " (or automatic = true)") }
        guard let nm else { throw r.missing(p + ["mechanical_levels"], expected: levelsHint + " (or automatic = true)") }
        truncation = .explicit(cavityLevels: nc, mechanicalLevels: nm, tolerance: tol)
      }
    }
    let levels: [Int]
    switch truncation {
    case let .explicit(c, m, _): levels = [c, m]
    case let .automatic(start, _, _): levels = start
    }

    // [solve]
    var equations: [FockEquationChoice] = []
    let names = try equationList(doc, r, allowedKeys: ["equations"], allowed: FockEquationChoice.allowed)?.map(\.name) ?? Self.defaultEquations
    for n in names {
      do {
        guard let e = try FockEquationChoice.parse(n) else {
          throw r.outOfRange(["solve", "equations"], value: "\"\(n)\"", allowed: FockEquationChoice.allowed, message: "unknown master equation")
        }
        if equations.contains(e) { throw r.outOfRange(["solve", "equations"], value: "\"\(n)\"", allowed: "each equation once", message: "duplicate master equation") }
        equations.append(e)
      } catch FockError.sidebandOrderNotEven(let order) {
        throw r.outOfRange(["solve", "equations"], value: "\"\(n)\"", allowed: "gme<n> with n even and ≥ 2 (gme2, gme4, gme6, …)",
                           message: "GME_n needs an even number of phonon sidebands n ≥ 2, got n = \(order)")
      }
    }

    // Sidebands beyond the mechanical truncation change nothing but the size of the Taylor polynomial's matrix.
    let maxMechanical: Int
    switch truncation {
    case let .explicit(_, m, _): maxMechanical = m
    case let .automatic(_, maximum, _): maxMechanical = maximum[1]
    }
    for e in equations {
      var order = 0
      switch e.derivation {
      case let .globalSidebands(n), let .globalSidebandsExactFC(n): order = n
      default: break
      }
      if order > 2 * maxMechanical {
        throw r.outOfRange(["solve", "equations"], value: "\"\(e.name)\"", allowed: "gme<n> with n ≤ 2 × the mechanical levels (\(2 * maxMechanical) here)",
                           message: "more phonon sidebands than the truncation holds")
      }
    }

    let system: OptomechanicalSystem
    do {
      system = try OptomechanicalSystem(omegaC: cav.w, omegaM: mech.w, g: g, kappaC: cav.kappa, kappaM: mech.kappa, temperatureC: cav.t, temperatureM: mech.t,
                                        cavityLevels: levels[0], mechanicalLevels: levels[1])
    } catch let e as FockError {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(e)")
    }
    // The whole solve is estimated before any work, at the largest truncation it may reach (docs/model-format.md,
    // "Memory"): a model that cannot fit is refused here, naming the key to change.
    var largest: [Int]
    switch truncation {
    case let .explicit(c, m, _): largest = [c, m]
    case let .automatic(_, maximum, _): largest = maximum
    }
    // Default maxima of an automatic truncation (40, 200) are a convenience, not a request: lowered (mechanics first,
    // by 15 % steps, never below the start) until every equation's estimate fits the memory limit. Maxima the file
    // gives are kept and refused below when they cannot fit. Each step of the automatic loop is checked again before
    // it allocates (`FockMasterEquation.steadyState`).
    if defaultMaxima, case let .automatic(start, _, tol) = truncation {
      func fits(_ l: [Int]) -> Bool {
        equations.allSatisfy { OptomechanicalMemoryEstimate(cavityLevels: l[0], mechanicalLevels: l[1], alpha: system.alpha, derivation: $0.derivation).totalBytes <= Double(MemoryBudget.limitBytes) }
      }
      while !fits(largest) {
        if largest[1] > start[1] { largest[1] = Swift.max(start[1], Int(Double(largest[1]) * 0.85)) }
        else if largest[0] > start[0] { largest[0] = Swift.max(start[0], Int(Double(largest[0]) * 0.85)) }
        else { break }   // the start itself does not fit: refused below, naming the key
      }
      truncation = .automatic(initialLevels: start, maximumLevels: largest, tolerance: tol)
    }
    var automatic = false
    if case .automatic = truncation { automatic = true }
    func sci(_ x: Double) -> String { String(format: "%.3g", x) }
    let limit = MemoryBudget.limitBytes
    for e in equations {
      let estimate = OptomechanicalMemoryEstimate(cavityLevels: largest[0], mechanicalLevels: largest[1], alpha: system.alpha, derivation: e.derivation)
      guard estimate.totalBytes > Double(limit) else { continue }
      let needs = "solving \(e.name) at N_c = \(largest[0]), N_m = \(largest[1]) needs about \(MemoryBudget.describe(bytes: estimate.totalBytes))"
        + " (estimate: \(MemoryBudget.describe(bytes: estimate.displacementBytes)) for the displacement matrix, \(sci(estimate.liouvillianEntries)) Liouvillian entries),"
        + " above the memory limit of \(MemoryBudget.describe(bytes: Double(limit))) (\(MemoryBudget.limitSource))"
      if !(estimate.displacementBytes.isFinite && estimate.displacementBytes <= 0.5 * estimate.totalBytes) {  // also when α = g/ω_m overflows
        throw r.outOfRange(["coupling", "g"], value: ct["g"]!.description,
                           allowed: "g/ω_m small enough for the displacement matrix exp[α(b† − b)], α = g/ω_m = \(sci(system.alpha)) (ω_m = mechanics.frequency), to fit in memory",
                           message: needs)
      }
      let key = automatic ? "max_mechanical_levels" : "mechanical_levels"
      throw r.outOfRange(["truncation", key], value: "\(largest[1])", allowed: "a truncation whose solve fits in memory (fewer levels, or a larger CLAUSIUS_MEMORY_LIMIT_MB)", message: needs)
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, header)
    self.system = system; self.truncation = truncation; self.equations = equations
  }

  /// The `file:line: truncation.<key>: …` error for a truncation that is too small (from the solver's numbers).
  public func truncationError(_ e: FockError, equation: String) -> ModelFileError {
    let r = Reader(file: header.file, locator: TOMLLocator(source: header.source))
    switch e {
    case let .truncationTooSmall(subsystem, levels, population, tolerance):
      let key = subsystem == "cavity" ? "cavity_levels" : "mechanical_levels"
      return r.outOfRange(["truncation", key], value: "\(levels)",
                          allowed: "more levels, so that the highest kept level holds ≤ \(tolerance) (truncation.tolerance), or automatic = true",
                          message: "the truncation is too small for \(equation): the highest \(subsystem) level holds population \(population) > tolerance \(tolerance)")
    case let .truncationNotConverged(subsystem, maximum, population, change, tolerance):
      let key = subsystem == "cavity" ? "max_cavity_levels" : "max_mechanical_levels"
      return r.outOfRange(["truncation", key], value: "\(maximum)", allowed: "a larger maximum or a larger tolerance",
                          message: "automatic truncation did not converge for \(equation): top-level population \(population), last relative change of the observables \(change), tolerance \(tolerance)")
    default:
      return ModelFileError(kind: .invalidModel, file: header.file, line: nil, key: nil, message: "\(equation): \(e)")
    }
  }
}

// MARK: - Cascaded (paper 001)

/// A `kind = "cascaded"` file: oscillators c_1 … c_N (in file order) with own baths (κ_i, N̄_i), coupled
/// unidirectionally through a common chiral channel (γ_i, phases θ_i, channel occupation N̄_c) and by
/// reciprocity-breaking hoppings F_i (paper 001, Eq. 1; `CascadedNetwork`).
@dynamicMemberLookup
public struct CascadedModelFile: Sendable {
  /// What every model file has (file, source, document, title, units, output settings), read as `m.file`, `m.units`, ….
  public let header: ModelFileHeader
  public subscript<T>(dynamicMember key: KeyPath<ModelFileHeader, T>) -> T { header[keyPath: key] }
  public let modeNames: [String]
  public let network: CascadedNetwork
  /// Bath names: the own baths (named after their modes) and "channel".
  public var bathNames: [String] { modeNames.map { "own \($0)" } + ["channel"] }

  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "modes", "channel", "solve", "output"])
    let header = try CommonHeader(doc, r, file: file)
    let q = Quantities(reader: r, unit: header.units)
    let modes = try r.arrayOfTables(doc, [], "modes", required: true)
    guard !modes.isEmpty else { throw r.outOfRange(["modes"], value: "[]", allowed: "at least one [[modes]] table", message: "the cascade has no modes") }
    var names: [String] = [], w: [Double] = [], kappa: [Double] = [], nOwn: [Double] = [], gamma: [Double] = [], theta: [Double] = []
    var hop: [Complex<Double>] = []
    for (i, t) in modes.enumerated() {
      let p = ["modes", "\(i)"]
      try r.allowKeys(t, p, ["name", "frequency", "rate", "occupation", "cascade_rate", "phase", "hopping_to_next"])
      let name = try r.string(t, p, "name") ?? "\(i + 1)"
      if names.contains(name) { throw r.outOfRange(p + ["name"], value: "\"\(name)\"", allowed: "a name not used by another mode", message: "duplicate mode name") }
      names.append(name)
      w.append(try q.frequency(t, p, "frequency")!)
      guard t["rate"] != nil else { throw r.missing(p + ["rate"], expected: "κ_i ≥ 0, the rate to the mode's own bath, in \(header.units.frequencyName)") }
      kappa.append(try q.frequency(t, p, "rate", nonNegative: true)!)
      guard t["occupation"] != nil else { throw r.missing(p + ["occupation"], expected: "N̄_i ≥ 0, the occupation of the own bath") }
      nOwn.append(try r.number(t, p, "occupation", nonNegative: true, unitHint: "(a mean number of quanta)")!)
      guard t["cascade_rate"] != nil else { throw r.missing(p + ["cascade_rate"], expected: "γ_i ≥ 0, the rate into the chiral channel, in \(header.units.frequencyName)") }
      gamma.append(try q.frequency(t, p, "cascade_rate", nonNegative: true)!)
      theta.append(try r.number(t, p, "phase", unitHint: "in radians") ?? 0)
      if let h = t["hopping_to_next"] {
        guard i < modes.count - 1 else {
          throw r.outOfRange(p + ["hopping_to_next"], value: h.description, allowed: "only on modes 0…\(modes.count - 2) (the last mode has no next)", message: "no next mode")
        }
        let f = try r.complex(h, p + ["hopping_to_next"], hint: "F (real) or [Re F, Im F] in \(header.units.frequencyName)")
        hop.append(f)
      } else if i < modes.count - 1 { hop.append(.zero) }
    }
    if gamma.allSatisfy({ $0 == 0 }) {
      throw r.outOfRange(["modes", "0", "cascade_rate"], value: "0", allowed: "at least one γ_i > 0", message: "no mode couples to the chiral channel")
    }
    let ch = try r.requiredTable(doc, "channel", expected: "[channel] with occupation (N̄ of the channel's bath) and optionally quantum_energy")
    try r.allowKeys(ch, ["channel"], ["occupation", "quantum_energy"])
    guard ch["occupation"] != nil else { throw r.missing(["channel", "occupation"], expected: "N̄_c ≥ 0, the occupation of the channel's (common) bath") }
    let nC = try r.number(ch, ["channel"], "occupation", nonNegative: true, unitHint: "(a mean number of quanta)")!
    let quantum = ch["quantum_energy"] != nil ? try q.frequency(ch, ["channel"], "quantum_energy", positive: true)! : 1
    if let list = try equationList(doc, r, allowedKeys: ["equations"], allowed: "\"cascaded\"") {
      for (n, v) in list where n != "cascaded" {
        throw r.outOfRange(["solve", "equations"], value: v.description, allowed: "\"cascaded\" (the cascaded master equation, paper 001 Eq. 1)", message: "unknown master equation")
      }
    }
    try r.requireGaussianMemory(modes: names.count, baths: names.count + 1)
    let net: CascadedNetwork
    do {
      net = try CascadedNetwork(frequencies: w, ownRates: kappa, ownOccupations: nOwn, cascadeRates: gamma, phases: theta,
                                reciprocityBreaking: hop, commonOccupation: nC, quantumEnergy: quantum)
    } catch let e as ModelError {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(e)")
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, header)
    self.modeNames = names; self.network = net
  }
}

// MARK: - Optomechanical ring with synthetic flux (paper 002)

/// A `kind = "optomechanical-ring"` file: the homogeneous ring of paper 002 (Fig. 1b), linearised around a
/// drive with phase gradient Arg F_ℓ = ℓφ, φ = 2πn/L, so that G_ℓ = |G|e^{iℓφ} (`OptomechanicalRingTheory`,
/// `OptomechanicalLinearisation.ring`). Units: the file's (paper 002 uses ω_m = 1).
@dynamicMemberLookup
public struct OptomechanicalRingModelFile: Sendable {
  /// What every model file has (file, source, document, title, units, output settings), read as `m.file`, `m.units`, ….
  public let header: ModelFileHeader
  public subscript<T>(dynamicMember key: KeyPath<ModelFileHeader, T>) -> T { header[keyPath: key] }
  public let theory: OptomechanicalRingTheory
  public var modeNames: [String] { (0..<theory.siteCount).map { "c\($0)" } + (0..<theory.siteCount).map { "d\($0)" } }

  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "ring", "solve", "output"])
    let header = try CommonHeader(doc, r, file: file)
    let q = Quantities(reader: r, unit: header.units)
    let t = try r.requiredTable(doc, "ring", expected: "[ring] with sites, winding, coupling, hopping, detuning, optical_loss, mechanical_frequency, mechanical_damping, occupation")
    let p = ["ring"]
    try r.allowKeys(t, p, ["sites", "winding", "coupling", "hopping", "detuning", "optical_loss", "mechanical_frequency", "mechanical_damping", "occupation"])
    guard t["sites"] != nil else { throw r.missing(p + ["sites"], expected: "L ≥ 3, the number of sites") }
    let l = try r.integer(t, p, "sites", minimum: 3, maximum: 200, hint: "an integer L in 3…200")!
    let n = try r.integer(t, p, "winding", minimum: Int.min / 2, hint: "an integer n (flux φ = 2πn/L)") ?? 0
    guard t["coupling"] != nil else { throw r.missing(p + ["coupling"], expected: "|G| = g|α| ≥ 0 in \(header.units.frequencyName)") }
    let gAbs = try q.frequency(t, p, "coupling", nonNegative: true)!
    guard t["hopping"] != nil else { throw r.missing(p + ["hopping"], expected: "J in \(header.units.frequencyName) (ring hopping −(J/2)Σ c_ℓ†c_ℓ±1)") }
    let j = try q.frequency(t, p, "hopping")!
    guard t["detuning"] != nil else { throw r.missing(p + ["detuning"], expected: "Δ̃ in \(header.units.frequencyName) (effective laser detuning)") }
    let delta = try q.frequency(t, p, "detuning")!
    let gc = try q.frequency(t, p, "optical_loss", positive: true)!
    let wm = try q.frequency(t, p, "mechanical_frequency", positive: true)!
    let gm = try q.frequency(t, p, "mechanical_damping", positive: true)!
    guard t["occupation"] != nil else { throw r.missing(p + ["occupation"], expected: "n̄ ≥ 0, the thermal occupation of the mechanical baths") }
    let nb = try r.number(t, p, "occupation", nonNegative: true, unitHint: "(a mean number of phonons)")!
    if let list = try equationList(doc, r, allowedKeys: ["equations"], allowed: "\"linearised\"") {
      for (name, v) in list where name != "linearised" {
        throw r.outOfRange(["solve", "equations"], value: v.description, allowed: "\"linearised\" (the exact linearised equation, paper 002 Eq. 4)", message: "unknown master equation")
      }
    }
    do {
      theory = try OptomechanicalRingTheory(siteCount: l, winding: n, effectiveCoupling: gAbs, hopping: j, effectiveDetuning: delta, opticalLoss: gc,
                                            mechanicalFrequency: wm, mechanicalDamping: gm, thermalOccupation: nb)
    } catch {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(error)")
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, header)
  }
}
