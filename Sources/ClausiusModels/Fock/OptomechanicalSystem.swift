import Foundation
import Numerics

/// The optomechanical system of paper 000: a cavity mode a and a mechanical mode b,
///
///   H = ω_c a†a + ω_m b†b − g a†a (b + b†),                                   Reference: paper 000, Eq. (1)
///
/// each attached to its own thermal bath with a flat (frequency-independent) rate κ_x = γ_x(ω)
/// (paper 000, Eq. 10 and the text below it) at temperature T_x. ħ = k_B = 1; all frequencies,
/// rates and temperatures in the same unit (paper 000 uses ω_c = 1, see `OptomechanicalSystem.kelvinToOmegaC`).
/// Fock space: cavity first (slowest), mechanics second: index = n_c · N_m + n_m.
public struct OptomechanicalSystem: Sendable, Equatable {
  /// Cavity frequency ω_c (> 0).
  public let omegaC: Double
  /// Mechanical frequency ω_m (> 0).
  public let omegaM: Double
  /// Single-photon optomechanical coupling g (≥ 0).
  public let g: Double
  /// Flat optical bath rate κ_c = γ_c (> 0).
  public let kappaC: Double
  /// Flat mechanical bath rate κ_m = γ_m (> 0).
  public let kappaM: Double
  /// Optical bath temperature T_c (≥ 0, energy units).
  public let temperatureC: Double
  /// Mechanical bath temperature T_m (≥ 0, energy units).
  public let temperatureM: Double
  /// Fock levels kept for the cavity (N_c) and the mechanics (N_m).
  public let cavityLevels: Int
  public let mechanicalLevels: Int

  /// Validates every parameter; each violation is a `FockError` naming it and its allowed range.
  public init(omegaC: Double = 1, omegaM: Double, g: Double, kappaC: Double, kappaM: Double,
              temperatureC: Double, temperatureM: Double, cavityLevels: Int, mechanicalLevels: Int) throws {
    func positive(_ name: String, _ v: Double) throws {
      guard v.isFinite, v > 0 else { throw FockError.parameterOutOfRange(name: name, value: v, allowed: "finite and > 0") }
    }
    func nonNegative(_ name: String, _ v: Double) throws {
      guard v.isFinite, v >= 0 else { throw FockError.parameterOutOfRange(name: name, value: v, allowed: "finite and ≥ 0") }
    }
    try positive("omegaC", omegaC); try positive("omegaM", omegaM)
    try nonNegative("g", g)
    try positive("kappaC", kappaC); try positive("kappaM", kappaM)
    try nonNegative("temperatureC", temperatureC); try nonNegative("temperatureM", temperatureM)
    guard cavityLevels >= 2 else { throw FockError.levelsTooFew(subsystem: "cavity", levels: cavityLevels, minimum: 2) }
    guard mechanicalLevels >= 2 else { throw FockError.levelsTooFew(subsystem: "mechanics", levels: mechanicalLevels, minimum: 2) }
    self.omegaC = omegaC; self.omegaM = omegaM; self.g = g; self.kappaC = kappaC; self.kappaM = kappaM
    self.temperatureC = temperatureC; self.temperatureM = temperatureM
    self.cavityLevels = cavityLevels; self.mechanicalLevels = mechanicalLevels
  }

  /// The same system with other truncations.
  public func withLevels(cavity: Int, mechanics: Int) throws -> OptomechanicalSystem {
    try OptomechanicalSystem(omegaC: omegaC, omegaM: omegaM, g: g, kappaC: kappaC, kappaM: kappaM, temperatureC: temperatureC,
                             temperatureM: temperatureM, cavityLevels: cavity, mechanicalLevels: mechanics)
  }
  /// The same system at another coupling g.
  public func withCoupling(_ g: Double) throws -> OptomechanicalSystem {
    try OptomechanicalSystem(omegaC: omegaC, omegaM: omegaM, g: g, kappaC: kappaC, kappaM: kappaM, temperatureC: temperatureC,
                             temperatureM: temperatureM, cavityLevels: cavityLevels, mechanicalLevels: mechanicalLevels)
  }

  /// α = g/ω_m, the polaron displacement per photon. Reference: paper 000, text below Eq. (14).
  public var alpha: Double { g / omegaM }
  /// n̄_c = n̄(ω_c, T_c). Reference: paper 000, Eq. (9).
  public var nBarC: Double { Conventions.boseEinstein(frequency: omegaC, temperature: temperatureC) }
  /// n̄_m = n̄(ω_m, T_m). Reference: paper 000, Eq. (9).
  public var nBarM: Double { Conventions.boseEinstein(frequency: omegaM, temperature: temperatureM) }

  /// The Fock space cavity ⊗ mechanics.
  public var space: FockSpace {
    FockSpace([FockSubsystem(name: "cavity", dimension: cavityLevels, kind: .oscillator),
               FockSubsystem(name: "mechanics", dimension: mechanicalLevels, kind: .oscillator)])
  }

  /// Flat-bath rate function G_x(ω) of paper 000, Eqs. (7)–(8) with γ_x(ω) = κ_x:
  ///   G(ω) = κ (1 + n̄(ω, T)) for ω > 0 (emission into the bath),
  ///   G(ω) = κ n̄(|ω|, T)      for ω < 0 (absorption from the bath).
  /// Undefined at ω = 0 for a flat bath (n̄ diverges): throws `zeroBohrFrequency`.
  public static func flatBathRate(kappa: Double, temperature: Double, frequency omega: Double, bath: String) throws -> Double {
    guard omega != 0 else { throw FockError.zeroBohrFrequency(bath: bath, detail: "G(0) requested") }
    let n = Conventions.boseEinstein(frequency: abs(omega), temperature: temperature)
    return omega > 0 ? kappa * (1 + n) : kappa * n
  }
  /// G_c(ω) of the optical bath. Reference: paper 000, Eqs. (7)–(8).
  public func rateC(_ omega: Double) throws -> Double { try Self.flatBathRate(kappa: kappaC, temperature: temperatureC, frequency: omega, bath: "optical") }
  /// G_m(ω) of the mechanical bath. Reference: paper 000, Eqs. (7)–(8).
  public func rateM(_ omega: Double) throws -> Double { try Self.flatBathRate(kappa: kappaM, temperature: temperatureM, frequency: omega, bath: "mechanical") }

  /// Zero-frequency dephasing rate of the mechanical bath, G_m(0) := 4 κ_m T_m/ω_m, the value the
  /// DSME prints in Eq. (14) (4 κ_m T_m α²/ω_m = G_m(0) α²) and which we also use in the GME's Eq. (24).
  /// A flat bath has no finite G_m(0); the choice does not affect any steady-state quantity here because
  /// D[n_c] annihilates every operator diagonal in photon number (the U(1) sector holding the steady state).
  public var zeroFrequencyRateM: Double { 4 * kappaM * temperatureM / omegaM }

  /// Temperature in units of ω_c = 2π × 10 GHz from millikelvin: T/ω_c = k_B T/(ħ ω_c)
  /// = T[K] · (k_B/h)/(10 GHz) = T[mK] · 2.083661912e-3 (k_B/h = 20.83661912 GHz/K, exact SI).
  /// Reference: paper 000, Sec. III (ω_c = 2π × 10 GHz).
  public static func kelvinToOmegaC(milliKelvin: Double, cavityFrequencyGHz: Double = 10) -> Double {
    let kBOverH = 1.380649e-23 / 6.62607015e-34  // Hz/K
    return milliKelvin * 1e-3 * kBOverH / (cavityFrequencyGHz * 1e9)
  }
}
