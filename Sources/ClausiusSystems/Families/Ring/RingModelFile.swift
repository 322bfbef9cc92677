import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusPapers
import ClausiusSteadyState
import ClausiusThermodynamics
import Numerics

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
  /// |G|(t) (`coupling`, the drive's effect on the linearised model) and n̄(t) (`occupation`) as functions of time
  /// (`evolve`; everything else uses their static values). Families/Ring/RingDrivenEvolution.swift.
  public let modulatedCoupling: TimeFunction?
  public let modulatedOccupation: TimeFunction?
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
    let gf = try r.timeFunction(t, p, "coupling") { try q.frequency($0, $1, $2, nonNegative: true)! }
    guard gf.range.lowerBound >= 0 else {
      throw r.outOfRange(p + ["coupling"], value: t["coupling"]!.description, allowed: "|G|(t) ≥ 0 at all times (its minimum is \(gf.range.lowerBound))", message: "negative coupling")
    }
    let gAbs = gf.staticValue
    guard t["hopping"] != nil else { throw r.missing(p + ["hopping"], expected: "J in \(header.units.frequencyName) (ring hopping −(J/2)Σ c_ℓ†c_ℓ±1)") }
    let j = try q.frequency(t, p, "hopping")!
    guard t["detuning"] != nil else { throw r.missing(p + ["detuning"], expected: "Δ̃ in \(header.units.frequencyName) (effective laser detuning)") }
    let delta = try q.frequency(t, p, "detuning")!
    let gc = try q.frequency(t, p, "optical_loss", positive: true)!
    let wm = try q.frequency(t, p, "mechanical_frequency", positive: true)!
    let gm = try q.frequency(t, p, "mechanical_damping", positive: true)!
    guard t["occupation"] != nil else { throw r.missing(p + ["occupation"], expected: "n̄ ≥ 0, the thermal occupation of the mechanical baths") }
    let nf = try r.timeFunction(t, p, "occupation") { try r.number($0, $1, $2, nonNegative: true, unitHint: "(a mean number of phonons)")! }
    guard nf.range.lowerBound >= 0 else {
      throw r.outOfRange(p + ["occupation"], value: t["occupation"]!.description, allowed: "n̄(t) ≥ 0 at all times (its minimum is \(nf.range.lowerBound))", message: "negative occupation")
    }
    let nb = nf.staticValue
    modulatedCoupling = gf.isConstant ? nil : gf
    modulatedOccupation = nf.isConstant ? nil : nf
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
