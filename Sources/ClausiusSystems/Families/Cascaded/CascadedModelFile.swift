import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusPapers
import ClausiusSteadyState
import ClausiusThermodynamics
import Numerics

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
  /// The numbers given as functions of time (`evolve` only — everything else uses the static values, a modulation's
  /// `value`, a table's first point); Families/Cascaded/CascadedDrivenEvolution.swift.
  public let modulations: [CascadeParameter: TimeFunction]
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
    // Every number but the channel's quantum energy may be a function of time (`evolve`;
    // Families/Cascaded/CascadedDrivenEvolution.swift); occupations and rates must stay ≥ 0 at all times.
    var modulations: [CascadeParameter: TimeFunction] = [:]
    func read(_ t: [String: ModelValue], _ p: [String], _ key: String, _ parameter: CascadeParameter, lowerBound: (Double, String)? = nil,
              _ scalar: @escaping ([String: ModelValue], [String], String) throws -> Double) throws -> Double {
      let f = try r.timeFunction(t, p, key, scalar: scalar)
      if let (bound, symbol) = lowerBound, f.range.lowerBound < bound {
        throw r.outOfRange(p + [key], value: t[key]!.description, allowed: "\(symbol) ≥ 0" + (f.isConstant ? "" : " at all times (its minimum is \(f.range.lowerBound))"), message: "value out of range")
      }
      if !f.isConstant { modulations[parameter] = f }
      return f.staticValue
    }
    func occupation(_ t: [String: ModelValue], _ p: [String], _ parameter: CascadeParameter) throws -> Double {
      try read(t, p, "occupation", parameter, lowerBound: (0, "N̄")) { try r.number($0, $1, $2, unitHint: "(a mean number of quanta)")! }
    }
    for (i, t) in modes.enumerated() {
      let p = ["modes", "\(i)"]
      try r.allowKeys(t, p, ["name", "frequency", "rate", "occupation", "cascade_rate", "phase", "hopping_to_next"])
      let name = try r.string(t, p, "name") ?? "\(i + 1)"
      if names.contains(name) { throw r.outOfRange(p + ["name"], value: "\"\(name)\"", allowed: "a name not used by another mode", message: "duplicate mode name") }
      names.append(name)
      guard t["frequency"] != nil else { throw r.missing(p + ["frequency"], expected: "ω_i, the detuning in the frame rotating at ω_q, in \(header.units.frequencyName)") }
      w.append(try read(t, p, "frequency", .frequency(i)) { try q.frequency($0, $1, $2)! })
      guard t["rate"] != nil else { throw r.missing(p + ["rate"], expected: "κ_i ≥ 0, the rate to the mode's own bath, in \(header.units.frequencyName)") }
      kappa.append(try read(t, p, "rate", .ownRate(i), lowerBound: (0, "κ")) { try q.frequency($0, $1, $2)! })
      guard t["occupation"] != nil else { throw r.missing(p + ["occupation"], expected: "N̄_i ≥ 0, the occupation of the own bath") }
      nOwn.append(try occupation(t, p, .ownOccupation(i)))
      guard t["cascade_rate"] != nil else { throw r.missing(p + ["cascade_rate"], expected: "γ_i ≥ 0, the rate into the chiral channel, in \(header.units.frequencyName)") }
      gamma.append(try read(t, p, "cascade_rate", .cascadeRate(i), lowerBound: (0, "γ")) { try q.frequency($0, $1, $2)! })
      theta.append(t["phase"] == nil ? 0 : try read(t, p, "phase", .phase(i)) { try r.number($0, $1, $2, unitHint: "in radians")! })
      if let h = t["hopping_to_next"] {
        guard i < modes.count - 1 else {
          throw r.outOfRange(p + ["hopping_to_next"], value: h.description, allowed: "only on modes 0…\(modes.count - 2) (the last mode has no next)", message: "no next mode")
        }
        let (f, modulation) = try r.driveAmplitude(t, p, key: "hopping_to_next", units: header.units) { try q.frequency($0, $1, $2)! }
        if let modulation {
          if !modulation.real.isConstant { modulations[.hoppingReal(i)] = modulation.real }
          if !modulation.imaginary.isConstant { modulations[.hoppingImaginary(i)] = modulation.imaginary }
        }
        hop.append(f)
      } else if i < modes.count - 1 { hop.append(.zero) }
    }
    if gamma.allSatisfy({ $0 == 0 }) {
      throw r.outOfRange(["modes", "0", "cascade_rate"], value: "0", allowed: "at least one γ_i > 0", message: "no mode couples to the chiral channel")
    }
    let ch = try r.requiredTable(doc, "channel", expected: "[channel] with occupation (N̄ of the channel's bath) and optionally quantum_energy")
    try r.allowKeys(ch, ["channel"], ["occupation", "quantum_energy"])
    guard ch["occupation"] != nil else { throw r.missing(["channel", "occupation"], expected: "N̄_c ≥ 0, the occupation of the channel's (common) bath") }
    let nC = try occupation(ch, ["channel"], .channelOccupation)
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
    self.modeNames = names; self.network = net; self.modulations = modulations
  }
}
