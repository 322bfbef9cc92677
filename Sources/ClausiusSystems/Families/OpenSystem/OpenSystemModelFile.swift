import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// `kind = "open-system"`: any composite of oscillators, qubits, spins and n-level systems with a Hamiltonian written as
/// operator expressions and baths coupling through Hermitian operators (docs/model-format.md, "open-system").
///
/// ```toml
/// kind = "open-system"
/// [[subsystems]]                       # tensor order as written
/// name = "c"
/// type = "qubit"                       # qubit | oscillator (levels = N) | spin (spin = j) | levels (energies = [...])
/// frequency = 1.0                      # bare term ω σ⁺σ⁻ (qubit), ω a†a (oscillator), ω J_z (spin)
/// [parameters]
/// g = 0.05
/// [hamiltonian]
/// terms = ["g * sp(c) * sm(h) * sp(w) + h.c."]
/// [[baths]]
/// name = "cold"
/// operator = "sx(c)"
/// spectral_density = "flat"            # flat | ohmic-drude | ohmic | lorentzian | table
/// rate = 0.001
/// temperature = 0.5
/// [solve]
/// equations = ["local", "global", "redfield"]
/// ```
@dynamicMemberLookup
public struct OpenSystemModelFile: Sendable {
  /// What every model file has (file, source, document, title, units, output settings), read as `m.file`, `m.units`, ….
  public let header: ModelFileHeader
  public subscript<T>(dynamicMember key: KeyPath<ModelFileHeader, T>) -> T { header[keyPath: key] }
  public let system: OpenSystem
  public let equations: [Derivation]
  /// `[solve] truncation_tolerance`: the largest population allowed in an oscillator's highest kept level (default 1e-6).
  public let truncationTolerance: Double
  /// Oscillators with `levels = "automatic"`: subsystem index → `max_levels` (their `system` starts at 4 levels).
  public let automaticLevels: [Int: Int]
  /// `[output] density_matrix = true`: `solve` writes ρ (product basis) into its JSON (`methods[].densityMatrix`).
  public let writesDensityMatrix: Bool
  /// Parameters and bath temperatures given as functions of time (`evolve`; everything else uses their static value).
  public let modulatedParameters: [String: TimeFunction]
  public let modulatedTemperatures: [String: TimeFunction]
  /// `[output] relaxation = true`: `solve` reports the Liouvillian gap and relaxation time (`methods[].relaxation`).
  public let writesRelaxation: Bool
  /// Largest Hilbert-space dimension whose ρ is written as JSON (2 × 1024² numbers ≈ 40 MB of text).
  public static let maximumDensityMatrixDimension = 1024

  public var subsystemNames: [String] { system.subsystems.map(\.name) }
  public var bathNames: [String] { system.baths.map(\.name) }

  public static let equationNames = ["local", "global", "redfield", "partialSecular"]
  /// Largest Hilbert-space dimension accepted (the Liouvillian has d² unknowns; d = 4096 is a 12-qubit chain).
  public static let maximumDimension = 4096

  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "subsystems", "parameters", "hamiltonian", "baths", "solve", "output"])
    let header = try CommonHeader(doc, r, file: file, outputKeys: ["density_matrix", "relaxation"])
    let q = Quantities(reader: r, unit: header.units)
    if case let .table(ot)? = doc["output"] { writesDensityMatrix = try r.bool(ot, ["output"], "density_matrix") ?? false } else { writesDensityMatrix = false }
    if case let .table(ot)? = doc["output"] { writesRelaxation = try r.bool(ot, ["output"], "relaxation") ?? false } else { writesRelaxation = false }

    // [parameters]: real numbers referenced by name in expressions.
    var parameters: [String: Double] = [:]
    var modulatedParameters: [String: TimeFunction] = [:], modulatedTemperatures: [String: TimeFunction] = [:]
    if let pv = doc["parameters"] {
      let t = try r.table(pv, ["parameters"])
      for key in t.keys.sorted() {
        guard key.first?.isLetter == true, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), key != "i" else {
          throw r.outOfRange(["parameters", key], value: key, allowed: "a name of letters, digits and _ starting with a letter (not 'i', the imaginary unit)", message: "bad parameter name")
        }
        let f = try r.timeFunction(t, ["parameters"], key) { try r.number($0, $1, $2, unitHint: "(a real number used in the expressions)")! }
        parameters[key] = f.staticValue
        if !f.isConstant { modulatedParameters[key] = f }
      }
    }

    // [[subsystems]]
    let subs = try r.arrayOfTables(doc, [], "subsystems", required: true)
    guard !subs.isEmpty else { throw r.outOfRange(["subsystems"], value: "[]", allowed: "at least one [[subsystems]] table", message: "no subsystems") }
    var subsystems: [OpenSystem.Subsystem] = []
    var automatic: [Int: Int] = [:]
    for (i, t) in subs.enumerated() {
      let p = ["subsystems", "\(i)"]
      try r.allowKeys(t, p, ["name", "type", "frequency", "levels", "max_levels", "spin", "energies"])
      let name = try r.string(t, p, "name") ?? "\(i)"
      guard name.first?.isLetter == true || name.first?.isNumber == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
        throw r.outOfRange(p + ["name"], value: "\"\(name)\"", allowed: "letters, digits, _ and -", message: "bad subsystem name")
      }
      if subsystems.contains(where: { $0.name == name }) {
        throw r.outOfRange(p + ["name"], value: "\"\(name)\"", allowed: "a name not used by another subsystem", message: "duplicate subsystem name")
      }
      guard let type = try r.string(t, p, "type") else { throw r.missing(p + ["type"], expected: "\"qubit\", \"oscillator\", \"spin\" or \"levels\"") }
      let w = t["frequency"] == nil ? 0 : try q.frequency(t, p, "frequency")!
      switch type {
      case "qubit":
        subsystems.append(.init(name: name, kind: .qubit, frequency: w))
      case "oscillator":
        guard let lv = t["levels"] else { throw r.missing(p + ["levels"], expected: "the number of Fock levels kept, an integer 2…1000, or \"automatic\"") }
        if case .string("automatic") = lv {
          // Automatic truncation: start at 4 levels, grow up to max_levels (default 200).
          var maximum = 200
          if let mv = t["max_levels"] {
            guard case let .integer(m) = mv, (4...1000).contains(m) else {
              throw r.outOfRange(p + ["max_levels"], value: mv.description, allowed: "an integer 4…1000", message: "bad maximum truncation")
            }
            maximum = m
          }
          automatic[subsystems.count] = maximum
          subsystems.append(.init(name: name, kind: .oscillator(levels: 4), frequency: w))
          continue
        }
        if t["max_levels"] != nil { throw r.outOfRange(p + ["max_levels"], value: t["max_levels"]!.description, allowed: "only with levels = \"automatic\"", message: "max_levels without automatic truncation") }
        guard case let .integer(n) = lv, (2...1000).contains(n) else {
          throw r.outOfRange(p + ["levels"], value: lv.description, allowed: "an integer 2…1000 or \"automatic\"", message: "bad truncation")
        }
        subsystems.append(.init(name: name, kind: .oscillator(levels: n), frequency: w))
      case "spin":
        guard let sv = t["spin"], let j = sv.asDouble, j > 0, j <= 500, (2 * j).rounded() == 2 * j else {
          throw r.outOfRange(p + ["spin"], value: t["spin"]?.description ?? "none", allowed: "j = 1/2, 1, 3/2, … ≤ 500 (e.g. spin = 0.5)", message: "bad spin")
        }
        subsystems.append(.init(name: name, kind: .spin(twiceJ: Int(2 * j)), frequency: w))
      case "levels":
        guard case let .array(items)? = t["energies"], items.count >= 2, items.count <= 1000 else {
          throw r.outOfRange(p + ["energies"], value: t["energies"]?.description ?? "none", allowed: "an array of 2…1000 level energies", message: "bad levels")
        }
        let e = try items.enumerated().map { k, v -> Double in
          guard let x = v.asDouble, x.isFinite else { throw r.wrongType(p + ["energies", "\(k)"], v, expected: "a finite number") }
          return x
        }
        subsystems.append(.init(name: name, kind: .levels(energies: e)))
      default:
        throw r.outOfRange(p + ["type"], value: "\"\(type)\"", allowed: "\"qubit\", \"oscillator\", \"spin\", \"levels\"", message: "unknown subsystem type")
      }
    }

    // [hamiltonian] terms
    var texts: [String] = []
    if let hv = doc["hamiltonian"] {
      let t = try r.table(hv, ["hamiltonian"])
      try r.allowKeys(t, ["hamiltonian"], ["terms"])
      if let tv = t["terms"] {
        guard case let .array(items) = tv else { throw r.wrongType(["hamiltonian", "terms"], tv, expected: "an array of operator expressions (strings)") }
        for (k, v) in items.enumerated() {
          guard case let .string(s) = v else { throw r.wrongType(["hamiltonian", "terms", "\(k)"], v, expected: "an operator expression in quotes") }
          texts.append(s)
        }
      }
    }
    func expressionError(_ p: [String], _ text: String, _ e: Error) -> ModelFileError {
      let detail: String
      if let pe = e as? OperatorExpression.ParseError { detail = pe.column > 0 ? "\(pe.message) at column \(pe.column) of \"\(text)\"" : "\(pe.message) in \"\(text)\"" } else { detail = "\(e)" }
      return ModelFileError(kind: .invalidModel, file: file, line: r.line(p), key: p.joined(separator: "."), value: "\"\(text)\"",
                            allowed: "an operator expression (docs/model-format.md, grammar)", message: detail)
    }
    // Parse (and evaluate on a tiny check) each term now, so that a bad term is reported at its line.
    for (k, text) in texts.enumerated() {
      do {
        let e = try OperatorExpression.parse(text)
        for n in e.parameters where parameters[n] == nil {
          throw OperatorExpression.ParseError(column: 0, message: "unknown parameter '\(n)' (define it in [parameters])")
        }
        for n in e.subsystems where !subsystems.contains(where: { $0.name == n }) {
          throw OperatorExpression.ParseError(column: 0, message: "no subsystem '\(n)'; subsystems: \(subsystems.map(\.name).joined(separator: ", "))")
        }
      } catch { throw expressionError(["hamiltonian", "terms", "\(k)"], text, error) }
    }

    // [[baths]]
    var baths: [OpenSystem.Bath] = []
    for (i, t) in try r.arrayOfTables(doc, [], "baths").enumerated() {
      let p = ["baths", "\(i)"]
      try r.allowKeys(t, p, ["name", "operator", "spectral_density", "rate", "lambda", "cutoff", "exponent", "peak", "center", "width", "file",
                             "temperature", "zero_frequency_rate"])
      let name = try r.string(t, p, "name") ?? "bath \(i)"
      if baths.contains(where: { $0.name == name }) {
        throw r.outOfRange(p + ["name"], value: "\"\(name)\"", allowed: "a name not used by another bath", message: "duplicate bath name")
      }
      guard let op = try r.string(t, p, "operator") else { throw r.missing(p + ["operator"], expected: "the Hermitian system operator S, e.g. \"sx(q)\" or \"x(r)\"") }
      let kind = try r.string(t, p, "spectral_density") ?? "flat"
      let allowedKeys: [String: [String]] = ["flat": ["rate"], "ohmic-drude": ["lambda", "cutoff"], "ohmic": ["lambda", "cutoff", "exponent"],
                                             "lorentzian": ["peak", "center", "width"], "table": ["file"]]
      guard let own = allowedKeys[kind] else {
        throw r.outOfRange(p + ["spectral_density"], value: "\"\(kind)\"", allowed: "\"flat\", \"ohmic-drude\", \"ohmic\", \"lorentzian\", \"table\"", message: "unknown spectral density")
      }
      for k in allowedKeys.values.flatMap({ $0 }) where t[k] != nil && !own.contains(k) {
        throw r.outOfRange(p + [k], value: t[k]!.description, allowed: "only with spectral_density = \"\(allowedKeys.first { $0.value.contains(k) }!.key)\"", message: "not a parameter of a \(kind) density")
      }
      for k in own where t[k] == nil && !(kind == "ohmic" && k == "exponent") {
        throw r.missing(p + [k], expected: "the \(k) of the \(kind) spectral density")
      }
      let density: SpectralDensity
      do {
        switch kind {
        case "flat": density = try .flat(rate: try q.frequency(t, p, "rate", nonNegative: true)!)
        case "ohmic-drude":
          density = try .ohmicDrude(lambda: try r.number(t, p, "lambda", nonNegative: true, unitHint: "(J = λ²ωΛ²/(ω²+Λ²))")!,
                                    cutoff: try q.frequency(t, p, "cutoff", positive: true)!)
        case "ohmic":
          density = try .ohmicExponential(lambda: try r.number(t, p, "lambda", nonNegative: true, unitHint: "(J = λ²ω(ω/Λ)^{s−1}e^{−ω/Λ})")!,
                                          cutoff: try q.frequency(t, p, "cutoff", positive: true)!,
                                          exponent: try r.number(t, p, "exponent", positive: true, unitHint: "s > 0 (1: Ohmic)") ?? 1)
        case "lorentzian":
          density = try .lorentzian(peak: try q.frequency(t, p, "peak", nonNegative: true)!, center: try q.frequency(t, p, "center", nonNegative: true)!,
                                    width: try q.frequency(t, p, "width", positive: true)!)
        default:
          let path = try r.string(t, p, "file")!
          density = try Self.table(path, relativeTo: file, reader: r, key: p + ["file"], scale: 1)
        }
      } catch let e as ModelError {
        throw ModelFileError(kind: .invalidModel, file: file, line: r.line(p), key: p.joined(separator: "."), message: "bad spectral density: \(e)")
      }
      guard t["temperature"] != nil else { throw r.missing(p + ["temperature"], expected: q.temperatureHint) }
      let tf = try r.timeFunction(t, p, "temperature") { try q.temperature($0, $1, $2) }
      let temperature = tf.staticValue
      if !tf.isConstant {
        guard tf.range.lowerBound >= 0 else {
          throw r.outOfRange(p + ["temperature"], value: t["temperature"]!.description, allowed: "T(t) ≥ 0 at all times (its minimum is \(tf.range.lowerBound))", message: "negative temperature")
        }
        modulatedTemperatures[name] = tf
      }
      let g0 = t["zero_frequency_rate"] == nil ? nil : try q.frequency(t, p, "zero_frequency_rate", nonNegative: true)
      do {
        let bath = try OpenSystem.Bath(name: name, operator: op, spectralDensity: density, temperature: temperature, zeroFrequencyRate: g0)
        for n in bath.coupling.parameters where parameters[n] == nil {
          throw OperatorExpression.ParseError(column: 0, message: "unknown parameter '\(n)' (define it in [parameters])")
        }
        for n in bath.coupling.subsystems where !subsystems.contains(where: { $0.name == n }) {
          throw OperatorExpression.ParseError(column: 0, message: "no subsystem '\(n)'; subsystems: \(subsystems.map(\.name).joined(separator: ", "))")
        }
        baths.append(bath)
      } catch { throw expressionError(p + ["operator"], op, error) }
    }

    // [solve]
    var equations: [Derivation] = []
    let allowed = Self.equationNames.map { "\"\($0)\"" }.joined(separator: ", ")
    var tolerance = 1e-9, truncation = 1e-6
    var width: Double?
    var lambShift = false
    if case let .table(st)? = doc["solve"] {
      lambShift = try r.bool(st, ["solve"], "lamb_shift") ?? false
      if st["partial_secular_width"] != nil { width = try q.frequency(st, ["solve"], "partial_secular_width", nonNegative: true)! }
      if let tv = st["bohr_tolerance"] {
        guard let x = tv.asDouble, x >= 0, x < 1 else { throw r.outOfRange(["solve", "bohr_tolerance"], value: tv.description, allowed: "0 ≤ tolerance < 1 (relative to max |E|)", message: "bad tolerance") }
        tolerance = x
      }
      if let tv = st["truncation_tolerance"] {
        guard let x = tv.asDouble, x > 0, x < 1 else { throw r.outOfRange(["solve", "truncation_tolerance"], value: tv.description, allowed: "0 < tolerance < 1 (population of the highest kept level)", message: "bad tolerance") }
        truncation = x
      }
    }
    if let list = try equationList(doc, r, allowedKeys: ["equations", "bohr_tolerance", "truncation_tolerance", "partial_secular_width", "lamb_shift"], allowed: allowed) {
      for (n, v) in list {
        if n == "partialSecular", width == nil {
          throw r.missing(["solve", "partial_secular_width"], expected: "the largest gap between Bohr frequencies kept together (≥ 0, frequency units) for partialSecular")
        }
        guard let d = try DerivationMenu.openSystem.derivation(named: n, settings: .init(tolerance: tolerance, clusterWidth: width ?? 0)) else {
          throw r.outOfRange(["solve", "equations"], value: v.description, allowed: allowed, message: "unknown master equation")
        }
        equations.append(d)
      }
    }
    if equations.isEmpty { equations = [.local(degeneracyTolerance: tolerance), .global(degeneracyTolerance: tolerance)] }

    // `[solve] lamb_shift = true`: every bath's Lamb shift in the global, Redfield and partial-secular equations.
    if lambShift {
      for k in baths.indices {
        // A density whose principal value diverges (flat; J(0) > 0 at T > 0) is refused here, at its bath's line.
        do { _ = try baths[k].spectralDensity.lambShift(1, temperature: baths[k].temperature) } catch let ModelError.invalidParameter(what, _, allowed) {
          throw r.outOfRange(["baths", "\(k)", "spectral_density"], value: "\(baths[k].spectralDensity)", allowed: allowed,
                             message: "[solve] lamb_shift = true: \(what)")
        }
        baths[k].includesLambShift = true
      }
    }
    let system: OpenSystem
    do {
      system = try OpenSystem(subsystems: subsystems, parameters: parameters, terms: texts, baths: baths, maximumDimension: Self.maximumDimension)
    } catch let e as OperatorExpression.ParseError {
      throw ModelFileError(kind: .invalidModel, file: file, line: r.line(["hamiltonian"]), key: "hamiltonian", message: "\(e.message)")
    } catch let e as ModelError {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(e)")
    } catch let e as FockError {
      throw ModelFileError(kind: .invalidModel, file: file, line: nil, key: nil, message: "the model is not valid: \(e)")
    }
    if writesDensityMatrix, system.space.dimension > Self.maximumDensityMatrixDimension {
      throw r.outOfRange(["output", "density_matrix"], value: "true", allowed: "a Hilbert space of at most \(Self.maximumDensityMatrixDimension) states (this one has \(system.space.dimension))",
                         message: "the density matrix is too large for the JSON output")
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, header)
    self.system = system; self.equations = equations; self.truncationTolerance = truncation; self.automaticLevels = automatic
    self.modulatedParameters = modulatedParameters; self.modulatedTemperatures = modulatedTemperatures
  }

  /// The steady state of `derivation` for `model` (default: the file's): at the file's levels, or with automatic
  /// truncation of the oscillators whose `levels = "automatic"` (`OpenSystem.solveAutomatic`, tolerance
  /// `truncation_tolerance`, bounded by `max_levels` and `maximumDimension`). `symbolic`: a symbolic analysis to reuse
  /// at fixed levels (sweeps).
  public func solve(_ derivation: Derivation, model: OpenSystem? = nil, symbolic: FockSymbolicSlot? = nil) throws -> OpenSystemSolution {
    let m = model ?? system
    if automaticLevels.isEmpty { return try m.solve(derivation, truncationTolerance: truncationTolerance, symbolic: symbolic) }
    return try m.solveAutomatic(derivation, automatic: automaticLevels, tolerance: truncationTolerance, maximumDimension: Self.maximumDimension)
  }

  /// A tabulated J(ω) from a CSV file of two columns ω, J (in the file's frequency unit; a header line is allowed),
  /// relative to the model file's folder.
  static func table(_ path: String, relativeTo model: String, reader r: Reader, key: [String], scale: Double) throws -> SpectralDensity {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: model).deletingLastPathComponent().appendingPathComponent(path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw r.outOfRange(key, value: "\"\(path)\"", allowed: "a readable CSV file (ω, J per line)", message: "cannot read the spectral-density table")
    }
    var w: [Double] = [], j: [Double] = []
    for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() {
      let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 2, let a = Double(cells[0]), let b = Double(cells[1]) else {
        if n == 0 { continue }   // header
        throw r.outOfRange(key, value: "\"\(path)\" line \(n + 1): \(line)", allowed: "two numbers ω, J per line", message: "bad table row")
      }
      w.append(a * scale); j.append(b * scale)
    }
    return try .tabulated(name: url.lastPathComponent, frequencies: w, values: j)
  }
}

/// The parts every model file has, whatever its kind (new kinds hold one instead of repeating the fields).
public struct ModelFileHeader: Sendable {
  /// The path as given (used in messages).
  public let file: String
  /// The source text (for line numbers of later errors).
  public let source: String
  /// The parsed document (root table).
  public let document: [String: ModelValue]
  public let title: String
  public let units: FrequencyUnit
  /// `[output] format` and `directory`, when given.
  public let outputFormat: String?
  public let outputDirectory: String?

  init(file: String, source: String, document: [String: ModelValue], title: String, units: FrequencyUnit, outputFormat: String?, outputDirectory: String?) {
    self.file = file; self.source = source; self.document = document; self.title = title; self.units = units
    self.outputFormat = outputFormat; self.outputDirectory = outputDirectory
  }

  /// From a kind's `CommonHeader` (title, units, output).
  init(file: String, source: String, document: [String: ModelValue], _ h: CommonHeader) {
    self.init(file: file, source: source, document: document, title: h.title, units: h.units, outputFormat: h.outputFormat, outputDirectory: h.outputDirectory)
  }
}
