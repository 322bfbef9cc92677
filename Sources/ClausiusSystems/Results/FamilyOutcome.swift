import ClausiusThermodynamics

/// What one model family adds to the thermodynamics every family reports (issue 14 §4): one case per family, each
/// holding that family's own result type. A network's result therefore cannot carry Fock diagnostics, a cascade's
/// cannot carry a ring block, and no field has to be faked to fit another family's shape.
///
/// `MethodResult` holds the common part (occupations, heat per bath with both countings of docs/conventions.md, work,
/// the first and second laws, regime); `MethodResult.outcome` is this enum (nil only for a method that failed before a
/// state existed). In JSON the outcome's fields sit beside the common ones under their long-standing names (`fock`,
/// `cascade`, `ring`, `diagnostics`, …) and `methods[].family` names the case (the model `kind`), so documents written
/// before schema 1.4.0 read the same way.
public enum FamilyOutcome: Sendable, Equatable {
  /// `kind = "network"`: a Gaussian steady state of a quadratic network.
  case network(NetworkOutcome)
  /// `kind = "optomechanical"`: paper 000's Fock-space steady state.
  case optomechanical(OptomechanicalOutcome)
  /// `kind = "cascaded"`: paper 001's cascaded Gaussian steady state.
  case cascaded(CascadedOutcome)
  /// `kind = "optomechanical-ring"`: paper 002's exact linearised ring.
  case ring(RingOutcome)
  /// `kind = "open-system"`: any Hamiltonian in Fock space (the general engine).
  case openSystem(OpenSystemOutcome)

  /// The model kind of the family this outcome belongs to (`ModelFamily.kind`; JSON `methods[].family`).
  public var family: String {
    switch self {
    case .network: return "network"
    case .optomechanical: return "optomechanical"
    case .cascaded: return "cascaded"
    case .ring: return "optomechanical-ring"
    case .openSystem: return "open-system"
    }
  }

  /// The Gaussian (Lyapunov) solver's diagnostics, for the families solved on the Gaussian engine.
  public var gaussianDiagnostics: SolverDiagnostics? {
    switch self {
    case let .network(o): return o.diagnostics
    case let .cascaded(o): return o.diagnostics
    case let .ring(o): return o.diagnostics
    case .optomechanical, .openSystem: return nil
    }
  }

  /// The Fock-space solver's diagnostics, for the families solved in Fock space.
  public var fockDiagnostics: FockDiagnosticsResult? {
    switch self {
    case let .optomechanical(o): return o.fock
    case let .openSystem(o): return o.fock
    case .network, .cascaded, .ring: return nil
    }
  }

  /// The family's outcome written into `encoder` beside the common fields (flat, under the long-standing JSON names).
  func encode(to encoder: Encoder) throws {
    switch self {
    case let .network(o): try o.encode(to: encoder)
    case let .optomechanical(o): try o.encode(to: encoder)
    case let .cascaded(o): try o.encode(to: encoder)
    case let .ring(o): try o.encode(to: encoder)
    case let .openSystem(o): try o.encode(to: encoder)
    }
  }

  /// The outcome of family `family` read from the flat fields of `decoder`. Without a `family` key (documents before
  /// schema 1.4.0) the case is recognised by its fields; nil when there is none (a failed method).
  init?(family: String?, from decoder: Decoder) throws {
    let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    let has = Set(keys)
    let kind = family ?? {
      if has.contains("cascade") { return "cascaded" }
      if has.contains("ring") { return "optomechanical-ring" }
      if has.contains("optomechanicalMoments") { return "optomechanical" }
      if has.contains("fock") { return "open-system" }
      if has.contains("diagnostics") { return "network" }
      return nil
    }()
    switch kind {
    case "network"?: self = .network(try NetworkOutcome(from: decoder))
    case "optomechanical"?: self = .optomechanical(try OptomechanicalOutcome(from: decoder))
    case "cascaded"?: self = .cascaded(try CascadedOutcome(from: decoder))
    case "optomechanical-ring"?: self = .ring(try RingOutcome(from: decoder))
    case "open-system"?: self = .openSystem(try OpenSystemOutcome(from: decoder))
    case nil: return nil
    case let other?:
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown family '\(other)'"))
    }
  }

  private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
