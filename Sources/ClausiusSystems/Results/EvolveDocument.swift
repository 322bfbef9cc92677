import ClausiusComparison
import ClausiusDynamics
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// One bath's heat along time (`evolve` JSON, docs/output-format.md "evolve"). Lists run over the document's `times`.
public struct EvolveBath: Codable, Sendable {
  public var name: String
  public var temperature: Double
  /// Q̇_α(t) with the whole H (global H_S / full H); `localHeat` with the dissipator's own H (local H_i).
  public var heat: [Double]
  public var localHeat: [Double]
  /// Q_α(t) = ∫₀ᵗ Q̇_α (exact: Lyapunov integral for Gaussian models, ∫ρ propagated with ρ for Fock models).
  public var integratedHeat: [Double]
  public var integratedLocalHeat: [Double]
}

/// A named series over `times` (occupations, populations).
public struct EvolveSeries: Codable, Sendable {
  public var name: String
  public var values: [Double]
}

/// Checks of one evolution (each a maximum or minimum over the times).
public struct EvolveDiagnostics: Codable, Sendable {
  /// max_t |d⟨H⟩/dt − Σ_α Q̇_α| / scale (first law at every time).
  public var firstLawResidual: Double
  /// max_t |⟨H⟩(t) − ⟨H⟩(0) − Σ_α Q_α(t)| / scale (integrated first law: two independent routes).
  public var integratedFirstLawResidual: Double
  /// Gaussian: min_t min eig(V + iΩ/2) (≥ 0 for a physical state; nil for large systems).
  public var uncertaintyMargin: Double?
  /// Fock: min_t of the smallest eigenvalue of ρ(t), max_t |Tr ρ − 1|, max_t max|ρ − ρ†|.
  public var minimumEigenvalue: Double?
  public var traceError: Double?
  public var hermiticityError: Double?
  /// Fock: Krylov operator applications, substeps and the summed local error estimate (relative to ‖ρ₀‖₂).
  public var krylovProducts: Int?
  public var krylovSteps: Int?
  public var krylovErrorEstimate: Double?
  /// Fock: the truncation (levels per subsystem), the unknowns propagated and the U(1) symmetry whose block σ = 0 held
  /// ρ₀ (nil: the full space).
  public var levels: [Int]?
  public var unknowns: Int?
  public var symmetry: String?
  public var seconds: Double
  public var warnings: [String] = []
  /// Time-dependent generators: the CVODE run (tolerances, linear solver, steps, right-hand sides).
  public var ode: EvolveODE? = nil
  /// Normal-mode equations of a network whose G depends on time: the adiabatic equation's validity (AdiabaticDiagnostics.swift).
  public var adiabatic: AdiabaticDiagnostics? = nil
  /// max_t max(0, −σ(t)) / scale(t) of `entropyProductionRate` (Spohn: 0 for GKLS equations, checked by `failures`).
  public var entropyProductionRateViolation: Double? = nil
}

/// CVODE's counters of a time-dependent evolution (`diagnostics.ode`).
public struct EvolveODE: Codable, Sendable {
  public var solver: String
  public var linearSolver: String
  public var relativeTolerance: Double
  public var absoluteTolerance: Double
  public var steps: Int
  public var rightHandSideEvaluations: Int
  public var linearIterations: Int
  public var errorTestFailures: Int
  public var restarts: Int
  public init(_ r: ODEReport) {
    solver = r.solver; linearSolver = r.linearSolver; relativeTolerance = r.relativeTolerance; absoluteTolerance = r.absoluteTolerance
    steps = r.steps; rightHandSideEvaluations = r.rightHandSideEvaluations; linearIterations = r.linearIterations
    errorTestFailures = r.errorTestFailures; restarts = r.restarts
  }
}

/// One master equation's evolution.
public struct EvolveMethodResult: Codable, Sendable {
  public var equation: String
  /// "gaussian" (exact moment dynamics) or "fock" (Krylov propagation of ρ).
  public var engine: String?
  public var baths: [EvolveBath]?
  /// Ẇ(t) = Σ_α (Q̇_α − Q̇_α^local) and W(t) = ∫₀ᵗ Ẇ (> 0 on the system).
  public var workRate: [Double]?
  public var integratedWork: [Double]?
  /// ⟨H⟩(t) and d⟨H⟩/dt from the generator.
  public var energy: [Double]?
  public var energyRate: [Double]?
  public var occupations: [EvolveSeries]?
  /// Σ(t) = S(t) − S(0) − Σ_α Q_α^local(t)/T_α (nil when not computed: a bath at T = 0, or a large system).
  public var entropyProduction: [Double]?
  /// σ(t) = Σ_α [−Tr{𝒟_α(t)ρ ln ρ} − Q̇_α^local(t)/T_α(t)], the entropy production rate at each time (time-dependent
  /// networks; ≥ 0 per bath for GKLS equations by Spohn's inequality; nil with a bath at T = 0).
  public var entropyProductionRate: [Double]?
  /// 1/gap: Gaussian −1/max Re λ(A) (mean relaxation; the covariance relaxes up to twice as fast).
  public var relaxationTime: Double?
  public var diagnostics: EvolveDiagnostics?
  public var error: String?
  /// Time-dependent generators (engine "fock-ode"): the modulated parameters, Ẇ_drive = ⟨∂H/∂t⟩ and its integral (part of
  /// `workRate`), and with --stroboscopic/--period the per-cycle averages and the periodic steady state.
  public var timeDependent: [String]?
  public var driveWorkRate: [Double]?
  public var integratedDriveWork: [Double]?
  public var stroboscopic: StroboscopicSummary?
  /// Gaussian engines with `EvolveRequest.finalState` (`evolve --final-state`): the state at the last time, to continue
  /// with `--initial moments:FILE`.
  public var finalState: GaussianMoments?
  /// `--interaction-time τ` (engine "collision"): paper 003's collision model at finite τ — the stroke boundaries, the
  /// per-stroke energy conservation and the deviation from the local master equation at the same times.
  public var collision: CollisionSummary?
  /// Fock kinds with `[output] relaxation = true`: the Liouvillian gap, as `solve`'s `methods[].relaxation`.
  public var relaxation: RelaxationResult?
  public init(equation: String) { self.equation = equation }
}

/// `clausius evolve` output.
public struct EvolveDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var kind: String
  public var units: UnitsInfo
  /// The initial state as given (`--initial`).
  public var initial: String
  public var times: [Double]
  public var methods: [EvolveMethodResult]
}


/// A request `evolve` cannot run (a bad initial state or option for this model): the commands report it as a usage
/// error (exit status 2).
public struct EvolveRequestError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// `--initial` of `evolve`: vacuum | thermal:T[,T…] | gibbs:T | coherent:α[,α…] | fock:n[,n…] | steady:FILE |
/// moments:FILE (a Gaussian state by its moments, `GaussianMoments`).
public enum InitialStateSpec: Sendable, Equatable {
  case vacuum
  case thermal([Double])
  case gibbs(Double)
  case coherent([Complex<Double>])
  case fock([Int])
  case steady(String)
  case moments(String)

  public static let syntax = "vacuum | thermal:T[,T…] | gibbs:T | coherent:α[,α…] (α = 0.5, 0.5+0.2i, -0.3i) | fock:n[,n…] | steady:FILE.toml | moments:FILE.json"

  /// Parses the option's text; the error names the value and the syntax.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    let head = parts.first?.lowercased() ?? ""
    let rest = parts.count > 1 ? parts[1] : ""
    func bad(_ why: String) -> EvolveRequestError { EvolveRequestError("--initial \(text): \(why); allowed: \(Self.syntax)") }
    func numbers() throws -> [Double] {
      let xs = rest.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard !xs.isEmpty, xs.allSatisfy({ $0 != nil && $0!.isFinite }) else { throw bad("'\(rest)' is not a comma-separated list of finite numbers") }
      return xs.map { $0! }
    }
    switch head {
    case "vacuum" where rest.isEmpty: self = .vacuum
    case "thermal":
      let ts = try numbers()
      guard ts.allSatisfy({ $0 >= 0 }) else { throw bad("temperatures must be ≥ 0") }
      self = .thermal(ts)
    case "gibbs":
      let ts = try numbers()
      guard ts.count == 1, ts[0] > 0 else { throw bad("one temperature > 0") }
      self = .gibbs(ts[0])
    case "coherent":
      self = .coherent(try rest.split(separator: ",").map { s in
        guard let z = Self.complex(String(s)) else { throw bad("'\(s)' is not a complex number (e.g. 0.5, 0.5+0.2i, -0.3i)") }
        return z
      })
    case "fock":
      let ns = rest.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !ns.isEmpty, ns.allSatisfy({ $0 != nil && $0! >= 0 }) else { throw bad("'\(rest)' is not a list of levels ≥ 0") }
      self = .fock(ns.map { $0! })
    case "steady" where !rest.isEmpty: self = .steady(rest)
    case "moments" where !rest.isEmpty: self = .moments(rest)
    default: throw bad("unknown initial state")
    }
  }

  /// a, a+bi, a-bi, bi (finite parts).
  static func complex(_ s: String) -> Complex<Double>? {
    let t = s.replacingOccurrences(of: " ", with: "")
    guard !t.isEmpty else { return nil }
    if !t.hasSuffix("i") { return Double(t).flatMap { $0.isFinite ? Complex($0, 0) : nil } }
    let body = String(t.dropLast())
    // Split at the last + or − that is not the leading sign nor an exponent's.
    let chars = Array(body)
    var cut: Int? = nil
    for k in stride(from: chars.count - 1, to: 0, by: -1) where (chars[k] == "+" || chars[k] == "-") && chars[k - 1] != "e" && chars[k - 1] != "E" { cut = k; break }
    let re: Double, im: Double
    if let c = cut {
      guard let r = Double(String(chars[..<c])) else { return nil }
      let imText = String(chars[c...])
      guard let i = imText == "+" ? 1 : imText == "-" ? -1 : Double(imText) else { return nil }
      re = r; im = i
    } else {
      re = 0
      guard let i = body.isEmpty ? 1 : body == "-" ? -1 : body == "+" ? 1 : Double(body) else { return nil }
      im = i
    }
    return re.isFinite && im.isFinite ? Complex(re, im) : nil
  }
}
