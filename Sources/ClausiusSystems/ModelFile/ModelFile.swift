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

/// A TOML value, copied out of the TOML parser into plain Swift values (Sendable, editable for sweeps).
public indirect enum ModelValue: Sendable, Equatable, CustomStringConvertible {
  case table([String: ModelValue])
  case array([ModelValue])
  case integer(Int)
  case float(Double)
  case string(String)
  case bool(Bool)
  /// A TOML date/time (never valid in a model file); its text.
  case other(String)

  public var description: String {
    switch self {
    case let .table(t): return "{" + t.keys.sorted().map { "\($0) = \(t[$0]!)" }.joined(separator: ", ") + "}"
    case let .array(a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
    case let .integer(i): return "\(i)"
    case let .float(x): return "\(x)"
    case let .string(s): return "\"\(s)\""
    case let .bool(b): return "\(b)"
    case let .other(s): return s
    }
  }

  var typeName: String {
    switch self {
    case .table: return "a table"
    case .array: return "an array"
    case .integer: return "an integer"
    case .float: return "a number"
    case .string: return "a string"
    case .bool: return "a boolean"
    case .other: return "a date/time"
    }
  }

  static func from(_ v: TOMLValueConvertible) -> ModelValue {
    switch v.type {
    case .table:
      let t = v.table!
      var d: [String: ModelValue] = [:]
      for k in t.keys { if let x = t[k] { d[k] = from(x) } }
      return .table(d)
    case .array: return .array(v.array!.map { from($0) })
    case .int: return .integer(v.int!)
    case .double: return .float(v.double!)
    case .string: return .string(v.string!)
    case .bool: return .bool(v.bool!)
    default: return .other(v.debugDescription)
    }
  }
}

/// The unit system of a model file (docs/model-format.md, "Units").
///
/// `natural`: every number is in one consistent unit system with ħ = k_B = 1 (frequencies angular,
/// temperatures as energies k_B T). A lab unit u ∈ {GHz, MHz, kHz} makes the unit of angular frequency
/// ω_u = 2π × (1 u): a mode written `frequency = 5.0` has ω = 2π × 5 u, a rate κ = 0.001 is
/// κ = 2π × 0.001 u, spring constants are in ω_u², and temperatures are k_B T/(h × 1 u), so that
/// T[file] = T[K] × (k_B/h)/(1 u) with k_B/h = 20.836619123 GHz/K (exact SI constants):
/// 1 K ↔ 20.836619 GHz, 1 mK ↔ 20.836619 MHz. Heat currents come out in ħω_u² (for GHz:
/// ħ(2π × 1 GHz)² = 4.16328e-15 W), energies in ħω_u = h × 1 u, entropy production in k_B ω_u.
public enum FrequencyUnit: String, CaseIterable, Sendable, Codable {
  case natural, GHz, MHz, kHz

  /// 1 u in Hz (nil for natural units).
  public var hertz: Double? {
    switch self {
    case .natural: return nil
    case .GHz: return 1e9
    case .MHz: return 1e6
    case .kHz: return 1e3
    }
  }

  /// k_B / h in Hz per kelvin (exact: k_B = 1.380649e-23 J/K, h = 6.62607015e-34 J s).
  public static let boltzmannOverPlanck = 1.380649e-23 / 6.62607015e-34

  /// Planck constant h in J s (exact SI).
  public static let planck = 6.62607015e-34

  /// The energy unit ħω_u = h × (1 u) in joules (nil for natural units).
  public var energyJoules: Double? { hertz.map { Self.planck * $0 } }
  /// The heat-current unit ħω_u² = h × (1 u) × 2π × (1 u) in watts (nil for natural units).
  public var powerWatts: Double? { hertz.map { Self.planck * $0 * 2 * Double.pi * $0 } }
  /// One kelvin in file temperature units: (k_B/h)/(1 u) (nil for natural units).
  public var perKelvin: Double? { hertz.map { Self.boltzmannOverPlanck / $0 } }
}

/// A model file: a bosonic network with baths, the master equations to solve it with, and output
/// settings, read from TOML (format: docs/model-format.md). Every semantic error is a `ModelFileError`
/// with file, line, key, value and allowed range.
@dynamicMemberLookup
public struct ModelFile: Sendable {
  /// What every model file has (file, source, document, title, units, output settings), read as `m.file`, `m.units`, ….
  public let header: ModelFileHeader
  public subscript<T>(dynamicMember key: KeyPath<ModelFileHeader, T>) -> T { header[keyPath: key] }
  /// Mode names (from `name`, default "0", "1", …), in the order of `network.frequencies`.
  public let modeNames: [String]
  public let network: BosonicNetwork
  /// The master equations to use (`[solve] equations`; default local, global, redfield).
  public let equations: [Derivation]
  /// What `solve` adds to each method's results beyond the heat and the laws (`[output] covariance`,
  /// `[output] bipartitions`, `[solve] counting`; docs/model-format.md, "Further results").
  public let extras: NetworkOutputExtras
  /// Coupling strengths (by index in `network.couplings`) and bath temperatures given as functions of time (`evolve`;
  /// everything else uses their static values).
  public let modulatedCouplings: [Int: TimeFunction]
  public let modulatedTemperatures: [String: TimeFunction]
  /// Drive amplitudes (by index in `network.drives`) given as functions of time (Families/Network/NetworkDriveModulation.swift).
  public let modulatedDrives: [Int: DriveModulation]
  /// Mode frequencies ω_j(t) (by mode index) given as functions of time (`evolve`).
  public let modulatedFrequencies: [Int: TimeFunction]

  /// Reads and parses `path`.
  public static func load(path: String) throws -> ModelFile {
    try ModelFile(source: ModelFileText.read(path: path), file: path)
  }

  /// Parses TOML `source`; `file` names it in messages.
  public init(source: String, file: String = "<string>") throws {
    try self.init(document: ModelFileText.document(source: source, file: file), source: source, file: file)
  }

  /// Builds the model from a parsed document (used by sweeps after editing one value).
  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "modes", "couplings", "drives", "baths", "solve", "output"])
    if try ModelDescription.kind(of: doc, source: source, file: file) != "network" {
      throw r.outOfRange(["kind"], value: doc["kind"]!.description, allowed: "\"network\" for ModelFile; load other kinds with ModelDescription",
                         message: "not a network model")
    }
    let title = try r.string(doc, [], "title") ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent

    // [units]
    let units = try r.frequencyUnit(doc)
    let q = Quantities(reader: r, unit: units)

    // [[modes]]
    let modeTables = try r.arrayOfTables(doc, [], "modes", required: true)
    guard !modeTables.isEmpty else {
      throw r.outOfRange(["modes"], value: "[]", allowed: "at least one [[modes]] table", message: "the network has no modes")
    }
    // Names are looked up in a dictionary and the list of allowed modes is only spelled out in an error: a file
    // with 20,000 modes must be read (and a typo at its end reported) in time linear in its length.
    var names: [String] = [], frequencies: [Double] = [], index: [String: Int] = [:]
    var modulatedFrequencies: [Int: TimeFunction] = [:]
    for (i, t) in modeTables.enumerated() {
      let p = ["modes", "\(i)"]
      try r.allowKeys(t, p, ["name", "frequency"])
      let name = try r.string(t, p, "name") ?? "\(i)"
      if index[name] != nil {
        throw r.outOfRange(p + ["name"], value: "\"\(name)\"", allowed: "a name not used by another mode", message: "duplicate mode name")
      }
      names.append(name); index[name] = i
      // ω_j(t) (`evolve`; docs/model-format.md, "Time-dependent parameters"): positive at every time.
      let ff = try r.timeFunction(t, p, "frequency") { try q.frequency($0, $1, $2, positive: true)! }
      guard ff.range.lowerBound > 0 else {
        throw r.outOfRange(p + ["frequency"], value: t["frequency"]!.description, allowed: "ω(t) > 0 at all times (its minimum is \(ff.range.lowerBound))",
                           message: "non-positive mode frequency")
      }
      if !ff.isConstant { modulatedFrequencies[i] = ff }
      frequencies.append(ff.staticValue)
    }
    func modeIndex(_ v: ModelValue, _ path: [String]) throws -> Int {
      var allowed: String {
        let shown = names.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 20 ? ", …" : "")
        return "a mode index 0…\(names.count - 1) or a mode name (\(shown))"
      }
      switch v {
      case let .integer(i):
        guard (0..<names.count).contains(i) else { throw r.outOfRange(path, value: "\(i)", allowed: allowed, message: "no such mode") }
        return i
      case let .string(s):
        guard let i = index[s] else { throw r.outOfRange(path, value: "\"\(s)\"", allowed: allowed, message: "no such mode") }
        return i
      default:
        throw r.wrongType(path, v, expected: allowed)
      }
    }

    // [[couplings]]
    var couplings: [Coupling] = []
    var modulatedCouplings: [Int: TimeFunction] = [:], modulatedTemperatures: [String: TimeFunction] = [:]
    let kinds = ["hopping", "squeezing", "spring", "xx"]
    for (c, t) in try r.arrayOfTables(doc, [], "couplings").enumerated() {
      let p = ["couplings", "\(c)"]
      try r.allowKeys(t, p, ["kind", "modes", "strength", "phase"])
      guard let kind = try r.string(t, p, "kind") else { throw r.missing(p + ["kind"], expected: kinds.joined(separator: ", ")) }
      guard kinds.contains(kind) else {
        throw r.outOfRange(p + ["kind"], value: "\"\(kind)\"", allowed: kinds.map { "\"\($0)\"" }.joined(separator: ", "), message: "unknown coupling kind")
      }
      guard let m = t["modes"] else { throw r.missing(p + ["modes"], expected: "two modes, e.g. modes = [0, 1] or [\"L\", \"R\"]") }
      guard case let .array(pair) = m, pair.count == 2 else {
        throw r.outOfRange(p + ["modes"], value: m.description, allowed: "two modes, e.g. modes = [0, 1] or [\"L\", \"R\"]", message: "a coupling joins exactly two modes")
      }
      let i = try modeIndex(pair[0], p + ["modes"]), j = try modeIndex(pair[1], p + ["modes"])
      if i == j { throw r.outOfRange(p + ["modes"], value: m.description, allowed: "two different modes", message: "a coupling cannot join a mode to itself") }
      guard t["strength"] != nil else {
        throw r.missing(p + ["strength"], expected: kind == "spring" || kind == "xx" ? "a number in \(units.squaredName)" : "a number in \(units.frequencyName)")
      }
      let sf = try r.timeFunction(t, p, "strength") { t, p, key in
        kind == "spring" || kind == "xx" ? try r.number(t, p, key, unitHint: "in \(units.squaredName)")! : try q.frequency(t, p, key)!
      }
      let strength = sf.staticValue
      if !sf.isConstant { modulatedCouplings[couplings.count] = sf }
      // Peierls phase φ (radians) of a hopping: ε(e^{iφ} a_i†a_j + e^{−iφ} a_j†a_i), from mode i = modes[0]
      // to j = modes[1]. Only hopping carries a phase (squeezing's would be a gauge choice of the pair).
      var phase = 0.0
      if t["phase"] != nil {
        guard kind == "hopping" else {
          throw r.outOfRange(p + ["phase"], value: t["phase"]!.description, allowed: "only on kind = \"hopping\"",
                             message: "a phase belongs to a hopping coupling, not to \"\(kind)\"")
        }
        phase = try r.number(t, p, "phase", unitHint: "in radians")!
      }
      switch kind {
      case "hopping": couplings.append(.hopping(i, j, epsilon: strength, phase: phase))
      case "squeezing": couplings.append(.squeezing(i, j, eta: strength))
      case "spring": couplings.append(.spring(i, j, k: strength))
      default: couplings.append(.positionPosition(i, j, g: strength))
      }
    }

    // [[drives]]
    var drives: [CoherentDrive] = []
    var modulatedDrives: [Int: DriveModulation] = [:]
    for (d, t) in try r.arrayOfTables(doc, [], "drives").enumerated() {
      let p = ["drives", "\(d)"]
      try r.allowKeys(t, p, ["mode", "amplitude"])
      guard let m = t["mode"] else { throw r.missing(p + ["mode"], expected: "a mode index or name") }
      let mode = try modeIndex(m, p + ["mode"])
      let (amplitude, modulation) = try r.driveAmplitude(t, p, units: units) { try q.frequency($0, $1, $2)! }
      if let modulation { modulatedDrives[drives.count] = modulation }
      drives.append(CoherentDrive(mode: mode, amplitude: amplitude))
    }

    // [[baths]]
    var baths: [Bath] = []
    let bathTables = try r.arrayOfTables(doc, [], "baths")
    let densities = ["flat", "ohmic-drude"]
    for (b, t) in bathTables.enumerated() {
      let p = ["baths", "\(b)"]
      try r.allowKeys(t, p, ["name", "mode", "operator", "quadratures", "spectral_density", "rate", "lambda", "cutoff", "temperature"])
      let name = try r.string(t, p, "name") ?? "bath \(b)"
      let coupling: BathCoupling
      if let v = t["quadratures"] {
        if t["mode"] != nil {
          throw r.outOfRange(p + ["quadratures"], value: v.description, allowed: "either mode (with operator) or quadratures, not both", message: "conflicting bath coupling")
        }
        guard case let .array(items) = v, items.count == 2 * names.count, let s = Optional(items.compactMap(\.asDouble)), s.count == items.count,
              s.allSatisfy(\.isFinite), s.contains(where: { $0 != 0 }) else {
          throw r.outOfRange(p + ["quadratures"], value: v.description,
                             allowed: "\(2 * names.count) finite numbers (s_x1, s_p1, …, s_x\(names.count), s_p\(names.count)), not all zero",
                             message: "bad coupling vector S = sᵀr")
        }
        for x in s { try r.check(x, p + ["quadratures"], v.description, positive: false, nonNegative: false, unitHint: "(coupling vector)") }
        coupling = .quadratures(s)
      } else {
        guard let m = t["mode"] else { throw r.missing(p + ["mode"], expected: "the mode the bath couples to (index or name), or quadratures = [...]") }
        let mode = try modeIndex(m, p + ["mode"])
        let op = try r.string(t, p, "operator") ?? "x"
        switch op {
        case "x": coupling = .quadrature(mode: mode)
        case "X": coupling = .position(mode: mode)
        default:
          throw r.outOfRange(p + ["operator"], value: "\"\(op)\"", allowed: "\"x\" (quadrature (a+a†)/√2) or \"X\" (position x/√ω)", message: "unknown coupling operator")
        }
      }
      let kind = try r.string(t, p, "spectral_density") ?? "flat"
      let density: SpectralDensity
      switch kind {
      case "flat":
        for k in ["lambda", "cutoff"] where t[k] != nil {
          throw r.outOfRange(p + [k], value: t[k]!.description, allowed: "only with spectral_density = \"ohmic-drude\"", message: "a flat spectral density has only a rate")
        }
        guard t["rate"] != nil else { throw r.missing(p + ["rate"], expected: "κ ≥ 0 in \(units.frequencyName) (flat J(ω) = κ)") }
        density = try .flat(rate: q.frequency(t, p, "rate", nonNegative: true)!)
      case "ohmic-drude":
        if let v = t["rate"] { throw r.outOfRange(p + ["rate"], value: v.description, allowed: "only with spectral_density = \"flat\"", message: "an Ohmic–Drude density has lambda and cutoff") }
        guard t["lambda"] != nil else { throw r.missing(p + ["lambda"], expected: "λ ≥ 0 (J(ω) = λ² ω Λ²/(ω² + Λ²))") }
        guard t["cutoff"] != nil else { throw r.missing(p + ["cutoff"], expected: "Λ > 0 in \(units.frequencyName)") }
        let lambda = try r.number(t, p, "lambda", nonNegative: true, unitHint: "λ² ω must have the units of J")!
        let cutoff = try q.frequency(t, p, "cutoff", positive: true)!
        density = try .ohmicDrude(lambda: lambda, cutoff: cutoff)
      default:
        throw r.outOfRange(p + ["spectral_density"], value: "\"\(kind)\"", allowed: densities.map { "\"\($0)\"" }.joined(separator: ", "), message: "unknown spectral density")
      }
      guard t["temperature"] != nil else { throw r.missing(p + ["temperature"], expected: q.temperatureHint) }
      let tf = try r.timeFunction(t, p, "temperature") { try q.temperature($0, $1, $2) }
      guard tf.range.lowerBound >= 0 else {
        throw r.outOfRange(p + ["temperature"], value: t["temperature"]!.description, allowed: "T(t) ≥ 0 at all times (its minimum is \(tf.range.lowerBound))", message: "negative temperature")
      }
      if !tf.isConstant { modulatedTemperatures[name] = tf }
      baths.append(Bath(name: name, temperature: tf.staticValue, spectralDensity: density, coupling: coupling))
    }
    if Set(baths.map(\.name)).count != baths.count {
      let dup = baths.map(\.name).first { n in baths.filter { $0.name == n }.count > 1 }!
      let idx = baths.lastIndex { $0.name == dup }!
      throw r.outOfRange(["baths", "\(idx)", "name"], value: "\"\(dup)\"", allowed: "a name not used by another bath", message: "duplicate bath name")
    }

    // [solve]
    var equationNames: [String] = []
    var globalTolerance = 1e-9, maxDetuning = Double.infinity
    var counting = false
    if let s = doc["solve"] {
      let t = try r.table(s, ["solve"])
      try r.allowKeys(t, ["solve"], ["equations", "global_degeneracy_tolerance", "partial_redfield_max_detuning", "counting"])
      if let c = t["counting"] {
        guard case let .bool(b) = c else { throw r.wrongType(["solve", "counting"], c, expected: "true or false") }
        counting = b
      }
      if let v = try r.number(t, ["solve"], "global_degeneracy_tolerance", nonNegative: true, unitHint: "in \(units.frequencyName)") { globalTolerance = v }
      if let v = try r.number(t, ["solve"], "partial_redfield_max_detuning", nonNegative: true, unitHint: "in \(units.frequencyName)") { maxDetuning = v }
      if let e = t["equations"] {
        let allowed = DerivationMenu.network.allowedNames
        guard case let .array(items) = e, !items.isEmpty else {
          throw r.outOfRange(["solve", "equations"], value: e.description, allowed: "a non-empty array of \(allowed)", message: "bad list of master equations")
        }
        for item in items {
          guard case let .string(n) = item, try DerivationMenu.network.derivation(named: n) != nil else {
            throw r.outOfRange(["solve", "equations"], value: item.description, allowed: allowed, message: "unknown master equation")
          }
          equationNames.append(n)
        }
      }
    }
    if equationNames.isEmpty { equationNames = ["local", "global", "redfield"] }
    let settings = DerivationMenu.Settings(tolerance: globalTolerance, maximumDetuning: maxDetuning)
    let equations = try equationNames.map { try DerivationMenu.network.derivation(named: $0, settings: settings)! }

    // [output]
    let (format, directory) = try r.output(doc, extraKeys: ["covariance", "bipartitions"])
    var extras = NetworkOutputExtras(counting: counting)
    if case let .table(o)? = doc["output"] {
      if let c = o["covariance"] {
        guard case let .bool(b) = c else { throw r.wrongType(["output", "covariance"], c, expected: "true or false") }
        extras.covariance = b
      }
      if let bp = o["bipartitions"] {
        let expected = "an array of mode groups, e.g. [[\"\(names[0])\"]] or [[0, 1]]: each group against the other modes"
        guard case let .array(groups) = bp else { throw r.wrongType(["output", "bipartitions"], bp, expected: expected) }
        for (g, group) in groups.enumerated() {
          let path = ["output", "bipartitions", "\(g)"]
          guard case let .array(members) = group, !members.isEmpty else { throw r.wrongType(path, group, expected: expected) }
          let modes = try members.enumerated().map { k, v in try modeIndex(v, path + ["\(k)"]) }
          guard Set(modes).count == modes.count, modes.count < names.count else {
            throw r.outOfRange(path, value: group.description, allowed: "distinct modes, fewer than all \(names.count)", message: "not a bipartition")
          }
          extras.bipartitions.append(modes)
        }
      }
    }
    try r.requireGaussianMemory(modes: names.count, baths: baths.count)

    let network: BosonicNetwork
    do { network = try BosonicNetwork(frequencies: frequencies, couplings: couplings, drives: drives, baths: baths) } catch let e as ModelError {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(e)")
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, title: title, units: units, outputFormat: format, outputDirectory: directory)
    self.modeNames = names; self.network = network; self.equations = equations
    self.modulatedCouplings = modulatedCouplings; self.modulatedTemperatures = modulatedTemperatures; self.modulatedDrives = modulatedDrives
    self.modulatedFrequencies = modulatedFrequencies

    self.extras = extras
  }

  /// This model with the value at `key` (dotted path, see `resolve`) replaced, e.g. for a sweep.
  public func setting(_ key: String, to value: ModelValue) throws -> ModelFile {
    let path = try resolve(key)
    guard case let .table(newDoc) = Self.replace(.table(header.document), at: path[...], with: value) else {
      throw ModelFileError(kind: .invalidModel, file: header.file, line: nil, key: key, message: "cannot set '\(key)'")
    }
    return try ModelFile(document: newDoc, source: header.source, file: header.file)
  }

  /// Resolves a dotted key such as `couplings.0.strength` or `baths.hot.temperature` (an array element
  /// may be named by its `name`) to the path of an existing number or string; throws otherwise.
  public func resolve(_ key: String) throws -> [String] { try Self.resolve(key, in: header.document, file: header.file) }

  static func replace(_ node: ModelValue, at path: ArraySlice<String>, with value: ModelValue) -> ModelValue {
    guard let head = path.first else { return value }
    switch node {
    case var .table(t): t[head] = replace(t[head] ?? .table([:]), at: path.dropFirst(), with: value); return .table(t)
    case var .array(a):
      guard let i = Int(head), a.indices.contains(i) else { return node }
      a[i] = replace(a[i], at: path.dropFirst(), with: value); return .array(a)
    default: return node
    }
  }

  /// Splits a quantity with a unit, "50 mK" or "50mK", into (50, "mK"); nil for a plain number.
  public static func splitQuantity(_ s: String) -> (value: Double, unit: String)? { Quantities.split(s) }

  /// The line of a dotted key in this file's source (nil if not found).
  public func line(of key: String) -> Int? { TOMLLocator(source: header.source).line(of: key) }
}

extension ModelValue {
  var asDouble: Double? {
    switch self {
    case let .integer(i): return Double(i)
    case let .float(x): return x
    default: return nil
    }
  }
}

extension FrequencyUnit {
  /// "GHz (ω = 2π f)" or "natural units".
  var frequencyName: String { self == .natural ? "natural units" : "\(rawValue) (ω = 2π × value × 1 \(rawValue))" }
  var squaredName: String { self == .natural ? "natural units (frequency²)" : "(2π × 1 \(rawValue))²" }
}

/// Reads typed values from tables, with errors that carry file, line and key.
struct Reader {
  /// `[output] format` (table | json | csv) and `directory`, each nil when absent.
  /// `extraKeys`: further keys a kind reads itself (e.g. the network's `covariance`, `bipartitions`).
  func output(_ doc: [String: ModelValue], extraKeys: [String] = []) throws -> (format: String?, directory: String?) {
    guard let o = doc["output"] else { return (nil, nil) }
    let t = try table(o, ["output"])
    try allowKeys(t, ["output"], ["format", "directory"] + extraKeys)
    let format = try string(t, ["output"], "format")
    if let f = format, !["table", "json", "csv"].contains(f) {
      throw outOfRange(["output", "format"], value: "\"\(f)\"", allowed: "\"table\", \"json\", \"csv\"", message: "unknown output format")
    }
    return (format, try string(t, ["output"], "directory"))
  }

  /// `[units] frequency`: the unit of every frequency number in the file (default natural units).
  func frequencyUnit(_ doc: [String: ModelValue]) throws -> FrequencyUnit {
    guard let u = doc["units"] else { return .natural }
    let t = try table(u, ["units"])
    try allowKeys(t, ["units"], ["frequency"])
    guard let name = try string(t, ["units"], "frequency") else { return .natural }
    guard let unit = FrequencyUnit(rawValue: name) else {
      throw outOfRange(["units", "frequency"], value: "\"\(name)\"", allowed: FrequencyUnit.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "),
                       message: "unknown frequency unit")
    }
    return unit
  }

  let file: String
  let locator: TOMLLocator

  func dotted(_ p: [String]) -> String { p.joined(separator: ".") }
  func line(_ p: [String]) -> Int? {
    var q = p
    while !q.isEmpty { if let l = locator.line(of: q) { return l }; q.removeLast() }
    return nil
  }

  func outOfRange(_ p: [String], value: String, allowed: String, message: String) -> ModelFileError {
    ModelFileError(kind: .outOfRange, file: file, line: line(p), key: dotted(p), value: value, allowed: allowed,
                   message: "\(message) (got \(value))")
  }
  func missing(_ p: [String], expected: String) -> ModelFileError {
    ModelFileError(kind: .missingKey, file: file, line: line(Array(p.dropLast())), key: dotted(p), allowed: expected,
                   message: "missing required key '\(p.last!)'")
  }
  func wrongType(_ p: [String], _ v: ModelValue, expected: String) -> ModelFileError {
    ModelFileError(kind: .wrongType, file: file, line: line(p), key: dotted(p), value: v.description, allowed: expected,
                   message: "wrong type: got \(v.typeName), \(v)")
  }

  func allowKeys(_ t: [String: ModelValue], _ p: [String], _ allowed: [String]) throws {
    for k in t.keys.sorted() where !allowed.contains(k) {
      let near = allowed.min { editDistance($0, k) < editDistance($1, k) }
      let hint = near.flatMap { editDistance($0, k) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
      throw ModelFileError(kind: .unknownKey, file: file, line: line(p + [k]), key: dotted(p + [k]), value: t[k]!.description,
                           allowed: allowed.joined(separator: ", "), message: "unknown key '\(k)'\(hint)")
    }
  }

  func table(_ v: ModelValue, _ p: [String]) throws -> [String: ModelValue] {
    guard case let .table(t) = v else { throw wrongType(p, v, expected: "a table [\(dotted(p))]") }
    return t
  }

  func arrayOfTables(_ t: [String: ModelValue], _ p: [String], _ key: String, required: Bool = false) throws -> [[String: ModelValue]] {
    guard let v = t[key] else {
      if required { throw missing(p + [key], expected: "one [[\(key)]] table per entry") }
      return []
    }
    guard case let .array(items) = v else { throw wrongType(p + [key], v, expected: "an array of tables: one [[\(key)]] header per entry") }
    return try items.enumerated().map { i, item in
      guard case let .table(x) = item else { throw wrongType(p + [key, "\(i)"], item, expected: "a table ([[\(key)]])") }
      return x
    }
  }

  func string(_ t: [String: ModelValue], _ p: [String], _ key: String) throws -> String? {
    guard let v = t[key] else { return nil }
    guard case let .string(s) = v else { throw wrongType(p + [key], v, expected: "a string in quotes") }
    return s
  }

  /// A plain number (integer or float), finite, optionally ≥ 0 or > 0.
  func number(_ t: [String: ModelValue], _ p: [String], _ key: String, positive: Bool = false, nonNegative: Bool = false, unitHint: String) throws -> Double? {
    guard let v = t[key] else { return nil }
    guard let x = v.asDouble else { throw wrongType(p + [key], v, expected: "a number \(unitHint)") }
    try check(x, p + [key], v.description, positive: positive, nonNegative: nonNegative, unitHint: unitHint)
    return x
  }

  /// Magnitudes a solve can represent: products of a few such numbers (rates × occupations × frequencies, and
  /// their squares in norms) stay far from the overflow (1.8e308) and underflow (2.2e-308) of a Double. No model
  /// in any unit system needs a number outside 1e-100 ≤ |x| ≤ 1e100 (other than 0).
  static let representable = 1e-100...1e100

  func check(_ x: Double, _ p: [String], _ written: String, positive: Bool, nonNegative: Bool, unitHint: String) throws {
    if !x.isFinite { throw outOfRange(p, value: written, allowed: "a finite number \(unitHint)", message: "value is not finite") }
    if x != 0, !Self.representable.contains(abs(x)) {
      throw outOfRange(p, value: written, allowed: "0 or 1e-100 ≤ |value| ≤ 1e100, \(unitHint)", message: "value outside the range a solve can represent")
    }
    if positive, !(x > 0) { throw outOfRange(p, value: written, allowed: "> 0, \(unitHint)", message: "value out of range") }
    if nonNegative, !(x >= 0) { throw outOfRange(p, value: written, allowed: "≥ 0, \(unitHint)", message: "value out of range") }
  }
}

/// Numbers with units: plain numbers are in the file's units; strings like "50 mK" or "300 MHz" are
/// converted (docs/model-format.md, "Units").
struct Quantities {
  let reader: Reader
  let unit: FrequencyUnit

  static let frequencySuffixes: [(String, Double)] = [("GHz", 1e9), ("MHz", 1e6), ("kHz", 1e3), ("Hz", 1)]
  static let temperatureSuffixes: [(String, Double)] = [("mK", 1e-3), ("uK", 1e-6), ("µK", 1e-6), ("K", 1)]

  var temperatureHint: String {
    unit == .natural
      ? "T ≥ 0 as a number in natural units (k_B T, same units as the frequencies)"
      : "T ≥ 0 as a number in \(unit.rawValue) (k_B T/h), or a string with a unit: \"50 mK\", \"0.1 K\", \"1.2 GHz\""
  }

  /// Splits "50 mK" into (50, "mK").
  static func split(_ s: String) -> (Double, String)? {
    let t = s.trimmingCharacters(in: .whitespaces)
    guard let end = t.firstIndex(where: { $0.isLetter || $0 == "µ" }) else { return nil }
    let num = t[..<end].trimmingCharacters(in: .whitespaces), suffix = String(t[end...]).trimmingCharacters(in: .whitespaces)
    guard let x = Double(num) else { return nil }
    return (x, suffix)
  }

  /// A frequency-dimension value (frequency, rate, ε, η, cutoff, drive): a number in the file's unit,
  /// or a string "5 GHz" (lab units only).
  func frequency(_ t: [String: ModelValue], _ p: [String], _ key: String, positive: Bool = false, nonNegative: Bool = false) throws -> Double? {
    guard let v = t[key] else {
      if positive || nonNegative { throw reader.missing(p + [key], expected: "a number in \(unit.frequencyName)") }
      throw reader.missing(p + [key], expected: "a number in \(unit.frequencyName)")
    }
    let hint = "in \(unit.frequencyName)"
    let x: Double
    switch v {
    case .integer, .float: x = v.asDouble!
    case let .string(s):
      let allowed = unit == .natural
        ? "a number (natural units); strings with units need [units] frequency = \"GHz\", \"MHz\" or \"kHz\""
        : "a number in \(unit.rawValue) or a string with a unit: \"5 GHz\", \"300 MHz\", \"20 kHz\", \"1e6 Hz\""
      guard unit != .natural, let (value, suffix) = Self.split(s), let scale = Self.frequencySuffixes.first(where: { $0.0 == suffix })?.1 else {
        throw reader.outOfRange(p + [key], value: "\"\(s)\"", allowed: allowed, message: "cannot read this frequency")
      }
      x = value * scale / unit.hertz!
    default: throw reader.wrongType(p + [key], v, expected: "a number \(hint)")
    }
    try reader.check(x, p + [key], v.description, positive: positive, nonNegative: nonNegative, unitHint: hint)
    return x
  }

  /// A temperature: a number (k_B T in the file's units), or "50 mK", "0.1 K", "1.2 GHz" (lab units only).
  /// T[file] = T[K] × (k_B/h)/(1 u).
  func temperature(_ t: [String: ModelValue], _ p: [String], _ key: String) throws -> Double {
    guard let v = t[key] else { throw reader.missing(p + [key], expected: temperatureHint) }
    let x: Double
    switch v {
    case .integer, .float: x = v.asDouble!
    case let .string(s):
      guard unit != .natural, let (value, suffix) = Self.split(s) else {
        throw reader.outOfRange(p + [key], value: "\"\(s)\"", allowed: temperatureHint + (unit == .natural ? "; kelvin needs [units] frequency = \"GHz\", \"MHz\" or \"kHz\"" : ""),
                                message: "cannot read this temperature")
      }
      if let k = Self.temperatureSuffixes.first(where: { $0.0 == suffix })?.1 {
        x = value * k * unit.perKelvin!
      } else if let f = Self.frequencySuffixes.first(where: { $0.0 == suffix })?.1 {
        x = value * f / unit.hertz!
      } else {
        throw reader.outOfRange(p + [key], value: "\"\(s)\"", allowed: temperatureHint, message: "unknown temperature unit '\(suffix)'")
      }
    default: throw reader.wrongType(p + [key], v, expected: temperatureHint)
    }
    try reader.check(x, p + [key], v.description, positive: false, nonNegative: true, unitHint: unit == .natural ? "natural units" : "K, mK or \(unit.rawValue)")
    return x
  }
}

/// Levenshtein distance, for "did you mean" hints on unknown keys.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)) }
    swap(&prev, &cur)
  }
  return prev[b.count]
}

/// Reading a model file and parsing its TOML, shared by every model kind.
enum ModelFileText {
  /// The text of `path`, or an `unreadable` error naming it.
  static func read(path: String) throws -> String {
    do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw ModelFileError(kind: .unreadable, file: path, line: nil, key: nil,
                           message: "cannot read the model file (\((error as NSError).localizedDescription)); give the path of a TOML file as described in docs/model-format.md")
    }
  }

  /// The top-level table of TOML `source`, or a `syntax` error with the line and column.
  static func document(source: String, file: String) throws -> [String: ModelValue] {
    // TOMLKit parses; the pre-check only keeps the two constructs that reach an assertion of its bundled
    // toml++ (which would abort the process) away from it (TOMLPreCheck explains which and why).
    if let h = TOMLPreCheck.firstHazard(in: source) {
      throw ModelFileError(kind: .syntax, file: file, line: h.line, column: h.column, key: nil, message: "TOML syntax error: \(h.message)")
    }
    let root: TOMLTable
    do { root = try TOMLTable(string: source) } catch let e as TOMLParseError {
      throw ModelFileError(kind: .syntax, file: file, line: e.source.begin.line, column: e.source.begin.column, key: nil,
                           message: "TOML syntax error: \(e.description)")
    }
    guard case let .table(doc) = ModelValue.from(root) else {
      throw ModelFileError(kind: .syntax, file: file, line: nil, key: nil, message: "the TOML document is not a table")
    }
    return doc
  }
}

/// Further results of a network's `solve`, asked for in the model file.
public struct NetworkOutputExtras: Sendable, Equatable {
  /// `[output] covariance = true`: the mean ⟨r⟩, the covariance matrix V and the moments ⟨a_j†a_k⟩, ⟨a_j a_k⟩.
  public var covariance = false
  /// `[output] bipartitions`: mode groups A (indices); each is reported against the other modes B (entropies,
  /// mutual information, logarithmic negativity).
  public var bipartitions: [[Int]] = []
  /// `[solve] counting = true`: counting statistics of the quanta and heat exchanged with each bath.
  public var counting = false

  public init(covariance: Bool = false, bipartitions: [[Int]] = [], counting: Bool = false) {
    self.covariance = covariance; self.bipartitions = bipartitions; self.counting = counting
  }
}
