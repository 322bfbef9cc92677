/// Validity of the adiabatic (instantaneous-eigenbasis) master equation along a trajectory, for a network whose
/// quadratic Hamiltonian G(t) changes in time (modulated couplings or mode frequencies) evolved with a normal-mode
/// equation (global, Redfield, partial Redfield): JSON `methods[].diagnostics.adiabatic` (docs/time-evolution.md,
/// "Adiabatic master equation"; Albash, Boixo, Lidar, Zanardi, New J. Phys. 14, 123016 (2012)).
///
/// With the normal modes b_k(t) of H(t) (frequencies ν_k, Williamson) and ∂_tH = Σ_kl M_kl b_k†b_l + ½Σ_kl (N_kl b_k†b_l†
/// + h.c.) + const, the single-quantum adiabaticity parameter is
///   𝒜(t) = max( max_{k≠l} |M_kl| / (ν_k − ν_l)², max_{k,l} |N_kl| / (ν_k + ν_l)² ),
/// the quadratic-model form of max |⟨m|∂_tH|n⟩| / (E_m − E_n)² between eigenstates differing by one or two quanta
/// (the many-body elements carry √((n_k + 1) n_l)-type occupation factors in addition).
///
/// Open systems (`kind = "open-system"`, the global equation of H(t); OpenSystemAdiabatic.swift): the same fields with
/// 𝒜(t) = max_{k≠l} |⟨k|∂_tH|l⟩| / (E_k − E_l)² over eigenstates of H(t) not degenerate within the tolerance, the
/// spacing between the global equation's Bohr components and, for `spacingOverRate`, the largest single-transition
/// rate γ_α(ω_ij)|⟨i|S_α|j⟩|² in place of the normal-mode damping rate.
public struct AdiabaticDiagnostics: Codable, Sendable {
  /// max_t 𝒜(t) over the sampled times (a step table's jumps are sudden quenches and are not counted) and where.
  public var parameter: Double
  public var parameterTime: Double
  /// min_t min_{k≠l} |ν_k(t) − ν_l(t)| over the pairs the equation keeps apart (nil with one mode) and where.
  public var minimumSpacing: Double?
  public var spacingTime: Double?
  /// min_t [min spacing(t) / max_k Γ_k(t)], Γ_k the damping rate of normal mode k (the trace of its 2 × 2 drift block,
  /// −(A_xx + A_pp) in the normal-mode frame): the secular (global) equation needs it ≫ 1.
  public var spacingOverRate: Double?
  /// The times at which the normal modes were computed (output times, a grid resolving the modulation, bisections).
  public var samples: Int

  /// 𝒜 above this: a warning (H(t) changes too fast for the instantaneous-eigenbasis equation).
  public static let parameterThreshold = 0.1
  /// Global equation, spacing / rate below this: a warning (the secular approximation needs spacing ≫ rates).
  public static let spacingOverRateThreshold = 10.0

  public init(parameter: Double, parameterTime: Double, minimumSpacing: Double?, spacingTime: Double?, spacingOverRate: Double?, samples: Int) {
    self.parameter = parameter; self.parameterTime = parameterTime; self.minimumSpacing = minimumSpacing
    self.spacingTime = spacingTime; self.spacingOverRate = spacingOverRate; self.samples = samples
  }
}
