import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics

// MARK: - Optomechanical (paper 000)

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
  public let equations: [Derivation]
  /// `[output] density_matrix = true`: `solve` writes ρ into its JSON (`methods[].densityMatrix`; cavity ⊗ mechanics,
  /// in the frame of the equation, `methods[].fock.frame`: lab for SME/DSME, polaron for the GMEs).
  public let writesDensityMatrix: Bool
  /// `[output] relaxation = true`: `solve` reports the Liouvillian gap and relaxation time (`methods[].relaxation`).
  public let writesRelaxation: Bool
  /// Bath temperatures given as functions of time ("optical", "mechanical"; `evolve` with every equation — everything
  /// else uses their static values). Families/Optomechanical/OptomechanicalDrivenEvolution.swift.
  public let modulatedTemperatures: [String: TimeFunction]
  /// The coupling g(t) when `[coupling] g` is a function of time (`evolve` with the SME only: the DSME's dressed jumps and
  /// the GMEs' polaron frame depend on g); nil for a constant g. Everything but `evolve` uses its static value.
  public let modulatedCoupling: TimeFunction?
  public let modeNames = ["cavity", "mechanics"]
  public let bathNames = ["optical", "mechanical"]

  /// Default equations when `[solve] equations` is absent.
  public static let defaultEquations = ["sme", "dsme", "gme4", "global"]

  public init(document doc: [String: ModelValue], source: String, file: String) throws {
    let r = Reader(file: file, locator: TOMLLocator(source: source))
    try r.allowKeys(doc, [], ["kind", "title", "description", "paper", "units", "cavity", "mechanics", "coupling", "truncation", "solve", "output"])
    let header = try CommonHeader(doc, r, file: file, outputKeys: ["density_matrix", "relaxation"])
    if case let .table(ot)? = doc["output"] { writesDensityMatrix = try r.bool(ot, ["output"], "density_matrix") ?? false } else { writesDensityMatrix = false }
    if case let .table(ot)? = doc["output"] { writesRelaxation = try r.bool(ot, ["output"], "relaxation") ?? false } else { writesRelaxation = false }
    let q = Quantities(reader: r, unit: header.units)
    var modulated: [String: TimeFunction] = [:]
    func mode(_ key: String, _ what: String) throws -> (w: Double, kappa: Double, t: Double) {
      let t = try r.requiredTable(doc, key, expected: "[\(key)] with frequency, rate and temperature of the \(what)")
      try r.allowKeys(t, [key], ["frequency", "rate", "temperature"])
      let w = try q.frequency(t, [key], "frequency", positive: true)!
      guard t["rate"] != nil else { throw r.missing([key, "rate"], expected: "κ > 0 in \(header.units.frequencyName) (flat bath, rates κ(n̄+1) and κn̄)") }
      let kappa = try q.frequency(t, [key], "rate", positive: true)!
      guard t["temperature"] != nil else { throw r.missing([key, "temperature"], expected: q.temperatureHint) }
      let tf = try r.timeFunction(t, [key], "temperature") { try q.temperature($0, $1, $2) }
      guard tf.range.lowerBound > 0 else {
        throw r.outOfRange([key, "temperature"], value: t["temperature"]!.description, allowed: "T > 0 (the entropy production −ΣJ/T needs it)" + (tf.isConstant ? "" : " at all times (its minimum is \(tf.range.lowerBound))"), message: "value out of range")
      }
      if !tf.isConstant { modulated[key == "cavity" ? "optical" : "mechanical"] = tf }
      return (w, kappa, tf.staticValue)
    }
    let cav = try mode("cavity", "cavity (optical) mode and its bath")
    let mech = try mode("mechanics", "mechanical mode and its bath")
    let ct = try r.requiredTable(doc, "coupling", expected: "[coupling] with g, the single-photon coupling of −g a†a(b + b†)")
    try r.allowKeys(ct, ["coupling"], ["g"])
    // g may be a function of time (`evolve` with the SME; Families/Optomechanical/OptomechanicalDrivenEvolution.swift).
    guard ct["g"] != nil else { throw r.missing(["coupling", "g"], expected: "g ≥ 0 in \(header.units.frequencyName), the coupling of −g a†a(b + b†), or " + Reader.timeFunctionHint) }
    let gf = try r.timeFunction(ct, ["coupling"], "g") { try q.frequency($0, $1, $2)! }
    guard gf.range.lowerBound >= 0 else {
      throw r.outOfRange(["coupling", "g"], value: ct["g"]!.description, allowed: "g ≥ 0" + (gf.isConstant ? "" : " at all times (its minimum is \(gf.range.lowerBound))"), message: "value out of range")
    }
    let g = gf.staticValue

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
    var equations: [Derivation] = []
    let names = try equationList(doc, r, allowedKeys: ["equations"], allowed: DerivationMenu.optomechanical.allowedNames)?.map(\.name) ?? Self.defaultEquations
    for n in names {
      do {
        guard let e = try DerivationMenu.optomechanical.derivation(named: n) else {
          throw r.outOfRange(["solve", "equations"], value: "\"\(n)\"", allowed: DerivationMenu.optomechanical.allowedNames, message: "unknown master equation")
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
      switch e {
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
        equations.allSatisfy { OptomechanicalMemoryEstimate(cavityLevels: l[0], mechanicalLevels: l[1], alpha: system.alpha, derivation: $0).totalBytes <= Double(MemoryBudget.limitBytes) }
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
      let estimate = OptomechanicalMemoryEstimate(cavityLevels: largest[0], mechanicalLevels: largest[1], alpha: system.alpha, derivation: e)
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
    let states = largest[0] * largest[1]
    if writesDensityMatrix, states > OpenSystemModelFile.maximumDensityMatrixDimension {
      throw r.outOfRange(["output", "density_matrix"], value: "true",
                         allowed: "a truncation of at most \(OpenSystemModelFile.maximumDensityMatrixDimension) states (this one reaches \(largest[0]) × \(largest[1]) = \(states))",
                         message: "the density matrix is too large for the JSON output")
    }
    self.header = ModelFileHeader(file: file, source: source, document: doc, header)
    self.system = system; self.truncation = truncation; self.equations = equations; self.modulatedTemperatures = modulated
    self.modulatedCoupling = gf.isConstant ? nil : gf
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
