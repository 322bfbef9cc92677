import ClausiusModels

/// A law of thermodynamics (or of quantum mechanics) that a master equation is guaranteed to obey because of how it was
/// derived; a check of a law that fails means the solve is wrong, a failed check of a property the derivation does not
/// guarantee is a finding about the approximation (docs/conventions.md, "Which laws bind which equation"). The raw
/// values are the names of the audit checks.
public enum ThermodynamicLaw: String, Sendable, CaseIterable, Codable {
  /// d⟨H⟩/dt = Σ_α Q̇_α (+ Ẇ) = 0 at the steady state — energy bookkeeping; binds every equation.
  case firstLaw
  /// Σ = −Σ_α Q̇_α^counted/T_α ≥ 0 with each bath's heat counted with the Hamiltonian its dissipator is in detailed
  /// balance with (Spohn's inequality): GKLS equations built from thermal detailed balance.
  case clausius
  /// −Σ_α Q̇_α/T_α ≥ 0 with heats counted with the full H: only when the dissipators are in detailed balance with the
  /// full H (global/Davies equations).
  case clausiusGlobalHeat
  /// ρ ≥ 0 (Gaussian: V + iΩ/2 ≥ 0): completely positive (GKLS) generators.
  case positivity
  /// No current between baths at equal temperatures: the Gibbs state of the full H is the steady state (Davies).
  case zeroCurrentAtEqualTemperatures
}

/// How a master equation is obtained from the system–bath model: the one typed value every model family, result,
/// report and law check uses (never a string). Each case owns its name in files and reports (`name`, `description`),
/// whether its generator is of GKLS form (`isGKLS`) and the laws it must obey (`laws`). Rates and dissipator
/// normalisation: docs/conventions.md. Which models offer which derivation: `DerivationMenu`.
///
/// Adding a derivation is one enum case here (its name, GKLS flag and laws in the switches below) plus the file that
/// builds its generator for the models it applies to (Derivations/, Optomechanics/, OpenSystem/).
public enum Derivation: Sendable, Hashable, CustomStringConvertible {
  // MARK: Weak-coupling equations of any model (networks and general open systems)

  /// Local (boundary-driven) equation: each bath acts on its own subsystem with that subsystem's Hamiltonian H_s (the
  /// terms of H acting on it alone), Σ_ω γ(ω) D[A_s(ω)]; heat is counted with the full H (`heat`) and with H_s
  /// (`localHeat`), the work rate closes the first law. Reference: paper 003, Eqs. (4)–(5), (16)–(24), (43); paper 004,
  /// Eq. (25). `degeneracyTolerance` groups degenerate Bohr frequencies of H_s (general models; a network mode has one).
  case local(degeneracyTolerance: Double)
  /// Global secular (Davies, GKLS) equation on the full H: Σ_ω γ(ω) D[A(ω)], Bohr frequencies (normal modes) closer
  /// than `degeneracyTolerance` (relative to the largest) grouped and their cross terms kept. Reference: paper 004,
  /// Eqs. (9)–(11), (19).
  case global(degeneracyTolerance: Double)
  /// Markovian Bloch–Redfield equation in the eigenbasis of H (no secular approximation), not completely positive in
  /// general. Reference: paper 004, Eq. (9). `zeroTolerance`: Bohr frequencies below it count as zero (general models).
  case redfield(zeroTolerance: Double)
  /// Partial Redfield (networks): secular terms plus the slow non-secular terms, pairs of Bohr frequencies of equal sign
  /// with |ω − ω′| ≤ `maximumDetuning` (absolute, frequency units; ∞ = all). Reference: paper 004, Appendix, Eq. (A.1).
  case partialRedfield(maximumDetuning: Double)
  /// Partial secular (general models): Bloch–Redfield restricted to pairs of Bohr frequencies in the same cluster
  /// (consecutive frequencies closer than `clusterWidth` join); width 0 is the global equation, ∞ Redfield.
  /// Reference: paper 004, Appendix, Eq. (A.1).
  case partialSecular(clusterWidth: Double, zeroTolerance: Double)

  // MARK: Equations of particular models

  /// Repeated-interaction (collisional) local equation in the limit τ → 0 (networks): the generator of `.local`,
  /// obtained from V_i = g(a_i†b_i + a_i b_i†) with γ = g². Reference: paper 003, Eqs. (29)–(40).
  /// At finite τ the collision model is a channel, not a generator: `evolve --interaction-time τ` steps it
  /// (`CollisionModel`, `EvolveRequest.interactionTime`; docs/time-evolution.md).
  case collisional
  /// Born–Markov adiabatic elimination of an extended Gaussian reservoir (non-local Lindblad dissipators); built by
  /// `ExtendedReservoir.eliminate`. Reference: paper 002, Eqs. (5)–(7), (S1)–(S10).
  case adiabaticElimination
  /// Cascaded (chiral-channel) Lindblad equation of `CascadedNetwork`: own local baths plus a common bath with a
  /// collective jump operator. Reference: paper 001, Eq. (1).
  case cascaded
  /// Paper 000's standard (local) equation, Eqs. (3)–(10): each bath on its own mode. Lab frame.
  case standard
  /// Paper 000's dressed-state equation, Eqs. (11)–(14): mechanical bath global (jumps b − αn_c), optical bath local,
  /// dephasing 4κ_m T_m α²/ω_m D[n_c]. Lab frame.
  case dressedState
  /// Paper 000's global equation with n phonon sidebands (n even: k = ±1 … ±n/2), Eqs. (16)–(24), from the Taylor
  /// expansion of the polaron displacement to order n/2 in α. Polaron frame.
  case globalSidebands(Int)
  /// Paper 000's global equation keeping the sidebands |k| ≤ n/2 (n even) with their exact (all-order in α)
  /// Franck–Condon operators P_k — a resummed alternative to the Taylor expansion. Polaron frame.
  case globalSidebandsExactFC(Int)
  /// Paper 000's untruncated global equation (GME∞): exact Franck–Condon factors, every sideband the truncation
  /// supports (the n → ∞ limit of `.globalSidebands(n)`): the Davies equation of the polaron Hamiltonian H̃ with the
  /// optical Bohr frequencies of Eq. (20a), ω_c − kω_m (the Kerr shift −(g²/ω_m)(2n_c − 1) left out). Polaron frame.
  case globalExact

  /// The defaults: degeneracy and zero tolerances 1e-9, partial Redfield with every equal-sign pair.
  public static let local = Derivation.local(degeneracyTolerance: 1e-9)
  public static let global = Derivation.global(degeneracyTolerance: 1e-9)
  public static let redfield = Derivation.redfield(zeroTolerance: 1e-9)
  public static let partialRedfield = Derivation.partialRedfield(maximumDetuning: .infinity)

  /// The name in model files and in `methods[].equation`: local, global, redfield, partialRedfield, partialSecular,
  /// collisional, adiabaticElimination, cascaded; paper 000's sme, dsme, gme<n>, gme<n>-fc, global (GME∞).
  public var name: String {
    switch self {
    case .local: return "local"
    case .global, .globalExact: return "global"
    case .redfield: return "redfield"
    case .partialRedfield: return "partialRedfield"
    case .partialSecular: return "partialSecular"
    case .collisional: return "collisional"
    case .adiabaticElimination: return "adiabaticElimination"
    case .cascaded: return "cascaded"
    case .standard: return "sme"
    case .dressedState: return "dsme"
    case let .globalSidebands(n): return "gme\(n)"
    case let .globalSidebandsExactFC(n): return "gme\(n)-fc"
    }
  }

  /// The label in tables and figures: the file name, and paper 000's SME, DSME, GME<n>, GME<n>-FC, GME∞.
  public var description: String {
    switch self {
    case .standard: return "SME"
    case .dressedState: return "DSME"
    case let .globalSidebands(n): return "GME\(n)"
    case let .globalSidebandsExactFC(n): return "GME\(n)-FC"
    case .globalExact: return "GME∞"
    default: return name
    }
  }

  /// The same derivation with its numerical parameters at their defaults: the key under which results about a kind
  /// of equation (validity, comparison rows) are filed, whatever tolerance a file chose.
  public var kind: Derivation {
    switch self {
    case .local: return .local
    case .global: return .global
    case .redfield: return .redfield
    case .partialRedfield: return .partialRedfield
    case .partialSecular: return .partialSecular(clusterWidth: 0, zeroTolerance: 1e-9)
    default: return self
    }
  }

  /// Whether the generator is of GKLS (Lindblad) form: every derivation but the Redfield family (paper 004, Eq. 9 and
  /// Eq. A.1).
  public var isGKLS: Bool {
    switch self {
    case .redfield, .partialRedfield, .partialSecular: return false
    default: return true
    }
  }

  /// The laws the equation obeys by construction (docs/conventions.md, "Which laws bind which equation"):
  /// - global (Davies on H) and paper 000's polaron-frame GMEs (Davies on H̃₀ = ω_c ã†ã + ω_m b̃†b̃ optically — Eq. 20a
  ///   omits the Kerr shift — and on H̃ mechanically; the Gibbs state of H̃₀ commutes with H̃, so no current flows at
  ///   equal temperatures): every law;
  /// - local, collisional and paper 000's SME and DSME (each dissipator in detailed balance with a Hamiltonian of its
  ///   own — H_s of its subsystem, paper 003 Eqs. 16–24; for the DSME ω_c a†a optically and H mechanically, see
  ///   `OptomechanicalSystem.detailedBalanceHamiltonians`) and the adiabatically eliminated reservoir (GKLS): first
  ///   law, Clausius with the heat counted with those Hamiltonians (Spohn), positivity — their current at equal
  ///   temperatures and ξ with the full-H heats (paper 000 Sec. IV, Figs. 2–4) are findings;
  /// - the cascaded equation (paper 001, Eq. 1): every dissipator has the number-thermal state of its N̄ as fixed point
  ///   and the system Hamiltonian conserves the number: first law, Clausius with the heat counted with ω_q N, positivity, and no flow at
  ///   equal occupations (the number-thermal state is then the steady state);
  /// - Redfield, partial Redfield, partial secular: the first law only (ρ ≥ 0 is a diagnostic).
  public var laws: Set<ThermodynamicLaw> {
    switch self {
    case .global, .globalSidebands, .globalSidebandsExactFC, .globalExact: return Set(ThermodynamicLaw.allCases)
    case .local, .collisional, .adiabaticElimination, .standard, .dressedState: return [.firstLaw, .clausius, .positivity]
    case .cascaded: return [.firstLaw, .clausius, .positivity, .zeroCurrentAtEqualTemperatures]
    case .redfield, .partialRedfield, .partialSecular: return [.firstLaw]
    }
  }

  /// Whether a failed check named `check` (an audit check's name) breaks a law of this equation rather than being a
  /// finding about the approximation. Unknown names are findings.
  public func isLaw(check: String) -> Bool { ThermodynamicLaw(rawValue: check).map { laws.contains($0) } ?? false }

  /// True for paper 000's polaron-frame (global) equations, whose state is written in the polaron frame.
  public var isPolaronFrame: Bool {
    switch self {
    case .globalSidebands, .globalSidebandsExactFC, .globalExact: return true
    default: return false
    }
  }
}

/// The derivations a kind of model offers, and the names its files use for them: one parser for every model file.
public enum DerivationMenu: Sendable, CaseIterable {
  /// Quadratic bosonic networks (`BosonicNetwork.masterEquation`): local, global, redfield, partialRedfield, collisional.
  case network
  /// General open systems (`OpenSystem.masterEquation`): local, global, redfield, partialSecular.
  case openSystem
  /// Paper 000's optomechanical system (`OptomechanicalSystem.masterEquation`): sme, dsme, gme<n>, gme<n>-fc, global.
  case optomechanical

  /// The numerical settings a file gives for its derivations (`[solve]`; the defaults when absent).
  public struct Settings: Sendable, Equatable {
    /// Degeneracy tolerance of global (and general local) equations; zero tolerance of Redfield ones.
    public var tolerance: Double
    /// Partial Redfield: the largest detuning of a kept pair.
    public var maximumDetuning: Double
    /// Partial secular: the cluster width.
    public var clusterWidth: Double
    public init(tolerance: Double = 1e-9, maximumDetuning: Double = .infinity, clusterWidth: Double = 0) {
      self.tolerance = tolerance; self.maximumDetuning = maximumDetuning; self.clusterWidth = clusterWidth
    }
  }

  /// The names a file may write, for error messages.
  public var allowedNames: String {
    switch self {
    case .network: return "\"local\", \"global\", \"redfield\", \"partialRedfield\", \"collisional\""
    case .openSystem: return "\"local\", \"global\", \"redfield\", \"partialSecular\""
    case .optomechanical:
      return "\"sme\", \"dsme\", \"gme<n>\" (n even ≥ 2, e.g. \"gme2\", \"gme4\", \"gme8\"), \"gme<n>-fc\" (exact Franck–Condon sidebands), \"global\" (all sidebands, GME∞)"
    }
  }

  /// The derivation `name` stands for in this menu (nil for a name it does not offer). Paper 000's names are
  /// case-insensitive (also "gme∞", "gme-inf"); an odd sideband order throws `FockError.sidebandOrderNotEven`.
  public func derivation(named name: String, settings s: Settings = Settings()) throws -> Derivation? {
    switch self {
    case .network:
      switch name {
      case "local": return .local
      case "global": return .global(degeneracyTolerance: s.tolerance)
      case "redfield": return .redfield
      case "partialRedfield": return .partialRedfield(maximumDetuning: s.maximumDetuning)
      case "collisional": return .collisional
      default: return nil
      }
    case .openSystem:
      switch name {
      case "local": return .local(degeneracyTolerance: s.tolerance)
      case "global": return .global(degeneracyTolerance: s.tolerance)
      case "redfield": return .redfield(zeroTolerance: s.tolerance)
      case "partialSecular": return .partialSecular(clusterWidth: s.clusterWidth, zeroTolerance: s.tolerance)
      default: return nil
      }
    case .optomechanical:
      let t = name.lowercased()
      switch t {
      case "sme": return .standard
      case "dsme": return .dressedState
      case "global", "gme∞", "gme-inf": return .globalExact
      default:
        guard t.hasPrefix("gme") else { return nil }
        var digits = String(t.dropFirst(3)), fc = false
        if digits.hasSuffix("-fc") { digits = String(digits.dropLast(3)); fc = true }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let n = Int(digits) else { return nil }
        guard n >= 2, n % 2 == 0 else { throw FockError.sidebandOrderNotEven(order: n) }
        return fc ? .globalSidebandsExactFC(n) : .globalSidebands(n)
      }
    }
  }
}
