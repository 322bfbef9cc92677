import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics


/// One model family: a folder in `ClausiusSystems/Families/` with its model-file reader and its physics, found by the
/// model-file reader in `ModelFamilies.all` (one line per family). The commands (ClausiusCommands) see only this
/// protocol: they parse arguments, call it and print; they hold no physics and no switch on the kind.
///
/// Results are the JSON documents of docs/output-format.md (`SolveDocument`, `AuditDocument`, a `ComparisonReport`);
/// a failure of the *model* (e.g. a Fock truncation too small for the state) is thrown as a `ModelFileError` naming
/// the key (exit status 2), a failure of a *method* is carried in its `MethodResult.error`.
public protocol ModelFamily: Sendable {
  /// The model file's top-level `kind` ("network" is also the default when the key is absent).
  static var kind: String { get }
  /// The equation names `[solve] equations` and `--equations` accept, for messages.
  static var equationNamesAllowed: String { get }
  /// Reads a model file of this kind; errors name file:line, the key, the value and the allowed range.
  init(document: [String: ModelValue], source: String, file: String) throws
  /// What every model file has (file, source, document, title, units, output settings).
  var header: ModelFileHeader { get }
  /// Mode or subsystem names, in the order of `MethodResult.occupations`.
  var modeNames: [String] { get }
  /// Their frequencies (file units).
  var frequencies: [Double] { get }
  /// Bath names, in the order of `MethodResult.baths`.
  var bathNames: [String] { get }
  /// One result per requested master equation (a sweep point is this list): the thermodynamics every family reports
  /// and, in `MethodResult.outcome`, this family's own `FamilyOutcome` case.
  func methods() -> [MethodResult]
  /// `solve`: the document; throws `ModelFileError` when the model itself is at fault.
  func solve() throws -> SolveDocument
  /// `audit`: the laws per equation; throws `ModelFileError` when the model itself is at fault.
  func audit() throws -> AuditDocument
  /// `compare`: every equation against the most exact route available for this family.
  func compare() throws -> any ComparisonReport
  /// The terminal table of `solve`.
  func solveTable(_ d: SolveDocument, verbose: Bool) -> String
  /// Why `m` must not be taken as a valid steady state (the solver's diagnostics and the laws that bind its equation
  /// in this family); empty when it is sound. `solve` and `sweep` exit with status 1 when any is non-empty.
  static func failedChecks(_ m: MethodResult) -> [String]
  /// The headline quantities of a sweep of this family (table columns, line figures and heat maps).
  static func sweepQuantities(baths: [String], units: UnitsInfo, methods: [MethodResult]) -> [SweepQuantity]
  /// `evolve`: one trajectory per requested equation (docs/time-evolution.md); throws `EvolveRequestError` for a
  /// request this family cannot run (the default: time evolution not available for the family).
  func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult]
  /// What the steady-state commands (`solve`, `audit`, `compare`, `sweep`) must tell the user about how they read this
  /// model, printed on stderr (default: nothing) — e.g. that time-dependent parameters are taken at their static values.
  var steadyStateNotes: [String] { get }
  /// `sweep`: the solver of the sweep's points over the numbers at `paths` (resolved dotted key paths, e.g.
  /// ["baths", "1", "temperature"]), reusing work between points where the family can (SweepSolver.swift; the
  /// default rebuilds the model from the document at each point and reuses nothing).
  func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver
}

extension ModelFamily {
  public var file: String { header.file }
  public var title: String { header.title }
  public var units: FrequencyUnit { header.units }

  public func solve() throws -> SolveDocument {
    SolveDocument(file: header.file, title: header.title, units: UnitsInfo(header.units), modes: modeNames, frequencies: frequencies, methods: methods())
  }

  public static func sweepQuantities(baths: [String], units: UnitsInfo, methods: [MethodResult]) -> [SweepQuantity] {
    SweepQuantity.heatQuantities(baths: baths, units: units, methods: methods)
  }

  public func evolve(_ request: EvolveRequest) throws -> [EvolveMethodResult] {
    throw EvolveRequestError("evolve: kind = \"\(Self.kind)\" is not supported yet (networks, \"optomechanical\", \"cascaded\", \"open-system\" and \"optomechanical-ring\" are)")
  }

  public func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver { rebuildingSweepSolver(paths: paths) }

  public var steadyStateNotes: [String] { [] }

  /// The note for a model with time-dependent numbers (`names`, empty: none): steady-state commands use their static
  /// values (docs/model-format.md, "Time-dependent parameters").
  static func staticValueNotes(_ names: [String]) -> [String] {
    names.isEmpty ? [] : ["note: the time-dependent \(names.joined(separator: ", ")) \(names.count == 1 ? "is" : "are") taken at \(names.count == 1 ? "its" : "their") static value (a modulation's `value`, a table's first point) for the steady state; `clausius evolve` follows \(names.count == 1 ? "it" : "them") in time"]
  }
}

/// The registry of model families: the model-file reader looks `kind` up here. A new family is one folder in
/// `Families/` and one line in this list.
public enum ModelFamilies {
  public static let all: [any ModelFamily.Type] = [
    ModelFile.self,                     // "network": quadratic bosonic networks (Gaussian engine)
    OptomechanicalModelFile.self,       // "optomechanical": paper 000 in Fock space
    CascadedModelFile.self,             // "cascaded": paper 001
    OptomechanicalRingModelFile.self,   // "optomechanical-ring": paper 002
    OpenSystemModelFile.self,           // "open-system": any Hamiltonian of qubits, spins, oscillators, n-level systems
  ]

  /// The kinds a file may name.
  public static var kinds: [String] { all.map { $0.kind } }

  /// The family of `kind`, nil when unknown.
  public static func family(named kind: String) -> (any ModelFamily.Type)? { all.first { $0.kind == kind } }
}

/// A `compare` result of any family: its JSON document and its terminal and CSV forms.
public protocol ComparisonReport: Encodable, Sendable {
  func table(verbose: Bool) -> String
  func csv() -> String
  /// Why the command must exit with status 1 (the reference itself failed or is not finite); empty when sound.
  var failures: [String] { get }
}

/// Tolerances and helpers shared by the families' solvers.
public enum KindSolver {
  /// Relative tolerance of the first-law and zero-current checks of the Fock and cascaded models, relative to
  /// the gross exchanged heat (quanta). The sparse-LU steady states have relative residuals ~1e-15–1e-13 and the
  /// measured first-law residuals are ≤ 1e-12 of the gross heat on the examples (docs/model-format.md), so
  /// 1e-8 leaves four orders for ill-conditioned points, while the SME's current at equal temperatures is
  /// ~1e-3 of the gross heat.
  public static let relativeTolerance = 1e-8
  /// Smallest eigenvalue of ρ accepted as ≥ 0 (round-off of a unit-trace ρ from a sparse LU with residual ≤ 1e-12).
  public static let eigenvalueTolerance = 1e-9
  /// Largest cascade whose full response matrix R_ij = ∂n̄_i/∂N̄_j is computed (one Lyapunov solve per column).
  public static let fullResponseModes = 64


  static func check(_ name: String, _ law: String, _ value: Double, _ tol: Double, _ passed: Bool, severity: String = "law", _ note: String) -> AuditCheck {
    AuditCheck(name: name, law: law, value: value, tolerance: tol, passed: passed, severity: severity, note: note)
  }
}
