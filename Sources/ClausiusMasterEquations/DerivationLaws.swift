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

/// What every derivation of a master equation states about itself: its name in files and reports, whether the
/// generator is of GKLS (Lindblad) form, and the laws it must obey (`ThermodynamicLaw`).
public protocol LawfulDerivation: Sendable {
  var equationName: String { get }
  var isGKLS: Bool { get }
  var laws: Set<ThermodynamicLaw> { get }
}

extension LawfulDerivation {
  /// Whether a failed check named `check` (an audit check's name) breaks a law of this equation rather than being a
  /// finding about the approximation. Unknown names are findings.
  public func isLaw(check: String) -> Bool { ThermodynamicLaw(rawValue: check).map { laws.contains($0) } ?? false }
}

extension Derivation: LawfulDerivation {
  public var equationName: String { kind.rawValue }
  /// Redfield and partial Redfield equations are not of Lindblad form (paper 004, Eq. 9 and Eq. A.1).
  public var isGKLS: Bool { kind != .redfield && kind != .partialRedfield }
  /// Global (Davies on the normal modes): every law. Local and collisional (detailed balance with the local H_i,
  /// paper 003 Eqs. 16–24), the cascaded equation (Spohn with the local counting) and the adiabatically eliminated
  /// reservoir (GKLS): first law, Clausius with the counted heat, positivity. Redfield: the first law only.
  public var laws: Set<ThermodynamicLaw> {
    switch kind {
    case .global: return Set(ThermodynamicLaw.allCases)
    case .local, .collisional, .cascaded, .adiabaticElimination: return [.firstLaw, .clausius, .positivity]
    case .redfield, .partialRedfield: return [.firstLaw]
    }
  }
}

extension OptomechanicalDerivation: LawfulDerivation {
  public var equationName: String { description }
  /// Every equation of paper 000 is of Lindblad form (Eqs. 3–10, 11–14, 16–24).
  public var isGKLS: Bool { true }
  /// The polaron-frame GMEs are Davies equations of H̃: every law. The lab-frame SME and DSME are GKLS (ρ ≥ 0) but
  /// their dissipators are not in detailed balance with the coupled H: ξ with the full-H heats can be negative and a
  /// current flows at equal temperatures (paper 000, Sec. IV, Figs. 2–4). The SME's dissipators are in detailed balance
  /// with each mode's own H_x, so Spohn's inequality holds for the heats counted with H_x (paper 003's accounting).
  public var laws: Set<ThermodynamicLaw> {
    switch self {
    case .standard: return [.firstLaw, .clausius, .positivity]
    case .dressedState: return [.firstLaw, .positivity]
    case .globalSidebands, .globalSidebandsExactFC, .globalExact: return Set(ThermodynamicLaw.allCases)
    }
  }
  /// True for the polaron-frame (global) equations.
  public var isPolaronFrame: Bool {
    switch self {
    case .standard, .dressedState: return false
    case .globalSidebands, .globalSidebandsExactFC, .globalExact: return true
    }
  }
}

extension OpenSystemDerivation: LawfulDerivation {
  /// The derivation a file's equation name stands for (nil for an unknown name), with the file's Bohr-frequency
  /// `tolerance` and partial-secular `clusterWidth` (defaults: 1e-9 and 0 — neither changes which laws bind it).
  public static func named(_ name: String, tolerance: Double = 1e-9, clusterWidth: Double = 0) -> OpenSystemDerivation? {
    switch name {
    case "local": return .local(degeneracyTolerance: tolerance)
    case "global": return .global(degeneracyTolerance: tolerance)
    case "redfield": return .redfield(zeroTolerance: tolerance)
    case "partialSecular": return .partialSecular(clusterWidth: clusterWidth, zeroTolerance: tolerance)
    default: return nil
    }
  }

  public var equationName: String { name }
  /// Bloch–Redfield and partial-secular generators are not of Lindblad form.
  public var isGKLS: Bool {
    switch self {
    case .local, .global: return true
    case .redfield, .partialSecular: return false
    }
  }
  /// Global (Davies on the full H): every law. Local (Davies on each bath's H_s, detailed balance with H_s): first law,
  /// Clausius with the local heat, positivity. Redfield and partial secular: the first law only (ρ ≥ 0 is a diagnostic).
  public var laws: Set<ThermodynamicLaw> {
    switch self {
    case .global: return Set(ThermodynamicLaw.allCases)
    case .local: return [.firstLaw, .clausius, .positivity]
    case .redfield, .partialSecular: return [.firstLaw]
    }
  }
}
