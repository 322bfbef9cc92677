import Numerics

/// The Swift mirror of docs/conventions.md: the few definitions every layer shares.
/// ħ = k_B = 1; quadratures r = (x₁, p₁, …, x_N, p_N); V = ½⟨{Δr, Δrᵀ}⟩ (vacuum ½ I);
/// column-stacking vec; D[L]ρ = LρL† − ½{L†L, ρ}; heat positive into the system.
public enum Conventions {
  /// Bose–Einstein occupation n̄(ω, T) = 1/(e^{ω/T} − 1) (ħ = k_B = 1); 0 at T = 0.
  /// Precondition: ω > 0, T ≥ 0 (validated by the model layer with named errors).
  public static func boseEinstein(frequency omega: Double, temperature t: Double) -> Double {
    if t == 0 { return 0 }
    return 1 / Double.expMinusOne(omega / t)
  }

  /// The symplectic form Ω = ⊕_j [[0, 1], [−1, 0]] for `modes` modes in (x₁, p₁, x₂, p₂, …) order.
  public static func symplecticForm(modes: Int) -> Matrix<Double> {
    var omega = Matrix<Double>(rows: 2 * modes, columns: 2 * modes)
    for j in 0..<modes {
      omega[2 * j, 2 * j + 1] = 1
      omega[2 * j + 1, 2 * j] = -1
    }
    return omega
  }

  /// Index of quadrature x_j in r.
  @inlinable public static func xIndex(mode j: Int) -> Int { 2 * j }
  /// Index of quadrature p_j in r.
  @inlinable public static func pIndex(mode j: Int) -> Int { 2 * j + 1 }

  /// Column-stacking index of ρ_ij in vec(ρ) for a d-dimensional Hilbert space.
  @inlinable public static func vecIndex(row i: Int, column j: Int, dimension d: Int) -> Int { i + j * d }
}
