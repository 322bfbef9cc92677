import Foundation
import Numerics

/// Closed forms of paper 001 (Appendices C and D) for the symmetric cascade κ_1 = κ_2 = γ_1 = γ_2 = κ,
/// detuning Δ = ω_2 − ω_1, phase θ and reciprocity-breaking F. z := F e^{iθ}, R = Re z, I = Im z,
/// den = 3|F|² + 4κ(κ + I) + I² + Δ².
public enum Paper001ClosedForms {
  /// n̄_1 (paper 001, Eq. C1).
  public static func n1(kappa k: Double, detuning d: Double, theta: Double, f: Complex<Double>, n1: Double, n2: Double, n3: Double) -> Double {
    let (r, i, f2, den) = parts(k, d, theta, f)
    return (2 * f2 * (n1 + n2 + n3) + r * d * (n1 - n3) + 2 * i * i * n3 + 2 * i * k * (n1 + 3 * n3) + (4 * k * k + d * d) * (n1 + n3)) / (2 * den)
  }
  /// n̄_2 (paper 001, Eq. C2).
  public static func n2(kappa k: Double, detuning d: Double, theta: Double, f: Complex<Double>, n1: Double, n2: Double, n3: Double) -> Double {
    let (r, i, f2, den) = parts(k, d, theta, f)
    return (2 * f2 * (n1 + n2 + n3) - r * d * (n2 - n3) + 2 * i * i * n3 + 2 * i * k * (n2 + 3 * n3) + (4 * k * k + d * d) * (n2 + n3)) / (2 * den)
      + k * (2 * i + k) * (n1 - n3) / den
  }
  /// n̄_2 at F = 0 (paper 001, Eq. C4); n̄_1 = m̄_1 (Eq. C3).
  public static func n2PerfectlyNonReciprocal(kappa k: Double, detuning d: Double, n1: Double, n2: Double, n3: Double) -> Double {
    0.5 * (n2 + n3) + k * k * (n1 - n3) / (4 * k * k + d * d)
  }
  /// Δn_2 at F = 0 in terms of the disconnected occupations (paper 001, Eq. 3): 2κ²(m̄_1 − m̄_3)/(4κ² + Δ²).
  public static func deltaN2Eq3(kappa k: Double, detuning d: Double, m1: Double, m3: Double) -> Double {
    2 * k * k * (m1 - m3) / (4 * k * k + d * d)
  }
  /// n̄_1 − m̄_1 as printed (paper 001, Eq. C10) — contains the misprint I(2I + κ) (see `deltaN1`).
  public static func deltaN1Printed(kappa k: Double, detuning d: Double, theta: Double, f: Complex<Double>, n1: Double, n2: Double, n3: Double) -> Double {
    let (r, i, f2, den) = parts(k, d, theta, f)
    return (f2 * (-n1 + 2 * n2 - n3) - (i * (2 * i + k) - r * d) * (n1 - n3)) / (2 * den)
  }
  /// n̄_1 − m̄_1, corrected form of Eq. (C10) (= C1 − C6): I(I + 2κ) replaces the printed I(2I + κ).
  public static func deltaN1(kappa k: Double, detuning d: Double, theta: Double, f: Complex<Double>, n1: Double, n2: Double, n3: Double) -> Double {
    let (r, i, f2, den) = parts(k, d, theta, f)
    return (f2 * (-n1 + 2 * n2 - n3) - (i * (i + 2 * k) - r * d) * (n1 - n3)) / (2 * den)
  }
  /// n̄_2 − m̄_2 as printed (paper 001, Eq. C11).
  public static func deltaN2Printed(kappa k: Double, detuning d: Double, theta: Double, f: Complex<Double>, n1: Double, n2: Double, n3: Double) -> Double {
    let (r, i, f2, den) = parts(k, d, theta, f)
    return (f2 * (2 * n1 - n2 - n3) - (i * (2 * i + k) + r * d) * (n2 - n3) + 2 * k * (2 * i + k) * (n1 - n3)) / (2 * den)
  }
  /// n̄_2 − m̄_2, corrected form of Eq. (C11) (= C2 − C7): I(I + 2κ) replaces the printed I(2I + κ).
  public static func deltaN2(kappa k: Double, detuning d: Double, theta: Double, f: Complex<Double>, n1: Double, n2: Double, n3: Double) -> Double {
    let (r, i, f2, den) = parts(k, d, theta, f)
    return (f2 * (2 * n1 - n2 - n3) - (i * (i + 2 * k) + r * d) * (n2 - n3) + 2 * k * (2 * i + k) * (n1 - n3)) / (2 * den)
  }
  /// Mean flows η_i at F = 0 as printed (paper 001, Eqs. D7a–c; the n̄_i there are the bath
  /// occupations N̄_i, and η_i is twice the physical rate of quanta from the system into bath i).
  public static func etaPrinted(kappa k: Double, detuning d: Double, n1: Double, n2: Double, n3: Double) -> [Double] {
    let l = 2 * k * k / (4 * k * k + d * d)
    return [k * (n3 - n1), k * (l * (n1 - n3) + (n3 - n2)), k * (l * (n3 - n1) + (n1 - n3) + (n2 - n3))]
  }

  static func parts(_ k: Double, _ d: Double, _ theta: Double, _ f: Complex<Double>) -> (Double, Double, Double, Double) {
    let z = f * Complex(cos(theta), sin(theta))
    let r = z.real, i = z.imaginary, f2 = f.lengthSquared
    return (r, i, f2, 3 * f2 + 4 * k * (k + i) + i * i + d * d)
  }
}
