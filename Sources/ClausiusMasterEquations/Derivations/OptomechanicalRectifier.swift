import ClausiusNumerics
import ClausiusModels
import Foundation
import Numerics

/// The optomechanical heat rectifier of paper 001, Sec. III: two driven cavities (linearised fluctuations
/// δa_1, δa_2, detunings Δ_i from their drives, linewidths κ_i, bath occupations N̄_i) coupled by a real
/// photon hopping J and, through effective optomechanical couplings G_1 ≥ 0 and G_2 e^{iϕ}, to one
/// mechanical mode b (frequency ω_m, damping γ_m, bath occupation N̄_m). All frequencies in the frame
/// rotating at the drive frequency (ω_{d,1} = ω_{d,2}); ħ = 1; any consistent unit.
/// Reference: paper 001, Eqs. (4)–(6), (A4), (B18)–(B29).
public struct OptomechanicalRectifier: Sendable {
  public let g1: Double, g2: Double, phi: Double, hopping: Double
  public let mechanicalFrequency: Double, mechanicalDamping: Double
  public let kappa1: Double, kappa2: Double, delta1: Double, delta2: Double
  public let n1: Double, n2: Double, nMechanical: Double

  public init(g1: Double, g2: Double, phi: Double, hopping j: Double, mechanicalFrequency wm: Double, mechanicalDamping gm: Double,
              kappa1: Double, kappa2: Double, delta1: Double, delta2: Double, n1: Double, n2: Double, nMechanical: Double) throws {
    for (name, v) in [("G_1", g1), ("G_2", g2), ("γ_m", gm), ("κ_1", kappa1), ("κ_2", kappa2), ("N̄_1", n1), ("N̄_2", n2), ("N̄_m", nMechanical)] {
      guard v.isFinite, v >= 0 else { throw ModelError.invalidParameter(name: name, value: v, allowed: "finite and ≥ 0") }
    }
    guard gm > 0 else { throw ModelError.invalidParameter(name: "γ_m", value: gm, allowed: "> 0 (the mechanical susceptibility needs damping)") }
    for (name, v) in [("ϕ", phi), ("J", j), ("ω_m", wm), ("Δ_1", delta1), ("Δ_2", delta2)] {
      guard v.isFinite else { throw ModelError.invalidParameter(name: name, value: v, allowed: "finite") }
    }
    self.g1 = g1; self.g2 = g2; self.phi = phi; self.hopping = j; self.mechanicalFrequency = wm; self.mechanicalDamping = gm
    self.kappa1 = kappa1; self.kappa2 = kappa2; self.delta1 = delta1; self.delta2 = delta2
    self.n1 = n1; self.n2 = n2; self.nMechanical = nMechanical
  }

  /// χ_m(ω) = 1/[γ_m/2 − i(ω − ω_m)]. Reference: paper 001, Eq. (B12).
  public func mechanicalSusceptibility(_ omega: Double) -> Complex<Double> {
    Complex(1, 0) / Complex(mechanicalDamping / 2, -(omega - mechanicalFrequency))
  }

  /// Effective cascaded parameters at the frequency of interest Ω (paper 001, Eqs. B18–B21):
  /// ω_i = Δ_i + G_i² Im χ_m(Ω), γ_i = 2G_i² Re χ_m(Ω), θ = ϕ, F = J − iχ_m(Ω) G_1G_2 e^{−iϕ};
  /// own baths (κ_i, N̄_i), common bath N̄_m.
  public func effectiveCascade(frequencyOfInterest omega: Double) throws -> CascadedNetwork {
    let chi = mechanicalSusceptibility(omega)
    let f = Complex(hopping, 0) - Complex(0, 1) * chi * Complex(g1 * g2 * cos(phi), -g1 * g2 * sin(phi))
    return try CascadedNetwork.twoOscillators(kappa1: kappa1, kappa2: kappa2, gamma1: 2 * g1 * g1 * chi.real, gamma2: 2 * g2 * g2 * chi.real,
                                              omega1: delta1 + g1 * g1 * chi.imaginary, detuning: (delta2 + g2 * g2 * chi.imaginary) - (delta1 + g1 * g1 * chi.imaginary),
                                              theta: phi, f: f, n1: n1, n2: n2, n3: nMechanical)
  }

  /// Large-bandwidth limit (χ_m → 2/γ_m; paper 001, Eqs. B26–B29): ω_i = Δ_i, γ_i = 4G_i²/γ_m, θ = ϕ,
  /// F = J − 2iG_1G_2 e^{−iϕ}/γ_m.
  public func largeBandwidthCascade() throws -> CascadedNetwork {
    let c = 2 * g1 * g2 / mechanicalDamping
    let f = Complex(hopping, 0) - Complex(0, 1) * Complex(c * cos(phi), -c * sin(phi))
    return try CascadedNetwork.twoOscillators(kappa1: kappa1, kappa2: kappa2, gamma1: 4 * g1 * g1 / mechanicalDamping, gamma2: 4 * g2 * g2 / mechanicalDamping,
                                              omega1: delta1, detuning: delta2 - delta1, theta: phi, f: f, n1: n1, n2: n2, n3: nMechanical)
  }

  /// Perfect non-reciprocity at Ω (F = 0): J = G_1G_2 |χ_m(Ω)| = G_1G_2/√((γ_m/2)² + (Ω − ω_m)²) (Eq. B22)
  /// and ϕ = arg χ_m(Ω) + π/2 (so that iχ_m G_1G_2 e^{−iϕ} is real and positive).
  public static func perfectNonReciprocity(g1: Double, g2: Double, mechanicalFrequency wm: Double, mechanicalDamping gm: Double,
                                           frequencyOfInterest omega: Double) -> (hopping: Double, phi: Double) {
    let d = omega - wm
    let mag = 1 / ((gm / 2) * (gm / 2) + d * d).squareRoot()
    let arg = atan2(d, gm / 2)   // arg of 1/(γ/2 − i d) = atan2(d, γ/2)
    return (g1 * g2 * mag, arg + Double.pi / 2)
  }

  /// The full linearised three-mode model (paper 001, Eqs. A4): modes (δa_1, δa_2, δb),
  /// H = Σ_i Δ_i a_i†a_i + ω_m b†b + J(a_1†a_2 + h.c.) + Σ_i (G_i a_i† + G_i* a_i)(b + b†),
  /// G_2 → G_2 e^{iϕ}, with local thermal baths κ_i (N̄_i) and γ_m (N̄_m). With `rotatingWave` the
  /// counter-rotating terms G_i a_i† b† + h.c. are dropped (the beam-splitter model behind Eq. A5).
  /// Heat is counted with the free Hamiltonian of each mode's own bath.
  public func threeModeEquation(rotatingWave: Bool = false) -> MasterEquation {
    let gs = [Complex(g1, 0), Complex(g2 * cos(phi), g2 * sin(phi))]
    // Number-conserving part: h (3×3 Hermitian) on (a1, a2, b).
    var h = Matrix<Complex<Double>>(rows: 3, columns: 3)
    h[0, 0] = Complex(delta1, 0); h[1, 1] = Complex(delta2, 0); h[2, 2] = Complex(mechanicalFrequency, 0)
    h[0, 1] = Complex(hopping, 0); h[1, 0] = Complex(hopping, 0)
    for i in 0..<2 { h[i, 2] = gs[i]; h[2, i] = gs[i].conjugate }
    var g = quadratureMatrix(hermitian: h)
    if !rotatingWave {
      // G a† b† + G* a b: with a = (x_a + i p_a)/√2, b likewise, G = u + iv:
      // G a†b† + h.c. = u(x_a x_b − p_a p_b) + v(x_a p_b + p_a x_b).
      for i in 0..<2 {
        let u = gs[i].real, v = gs[i].imaginary
        let xa = 2 * i, pa = 2 * i + 1, xb = 4, pb = 5
        g[xa, xb] += u; g[xb, xa] += u; g[pa, pb] -= u; g[pb, pa] -= u
        g[xa, pb] += v; g[pb, xa] += v; g[pa, xb] += v; g[xb, pa] += v
      }
    }
    let rates = [kappa1, kappa2, mechanicalDamping], occ = [n1, n2, nMechanical], freqs = [delta1, delta2, mechanicalFrequency]
    let names = ["cavity 1 bath", "cavity 2 bath", "mechanical bath"]
    var ds: [Dissipator] = []
    for i in 0..<3 {
      let gen = DissipativeGenerator.lindblad([(rates[i] * (occ[i] + 1), .annihilation(mode: i, modes: 3)), (rates[i] * occ[i], .creation(mode: i, modes: 3))])
      var hi = Matrix<Double>(rows: 6, columns: 6)
      hi[2 * i, 2 * i] = freqs[i]; hi[2 * i + 1, 2 * i + 1] = freqs[i]
      ds.append(Dissipator(bath: i, bathName: names[i], temperature: occ[i] > 0 ? abs(freqs[i]) / log1p(1 / occ[i]) : 0, generator: gen,
                           countingHamiltonian: QuadraticHamiltonian(matrix: hi), localFrequency: freqs[i]))
    }
    return MasterEquation(derivation: .local, hamiltonian: QuadraticHamiltonian(matrix: g), dissipators: ds)
  }
}
