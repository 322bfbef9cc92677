import ClausiusNumerics
import ClausiusModels
import Numerics

extension BosonicNetwork {
  /// Local (boundary-driven) master equation: for a bath coupled through S = u x_i + v p_i
  /// = c a_i + c* a_i† (c = (u − iv)/√2) on mode i of bare frequency ω_i,
  /// D_α = γ_i(n̄_i + 1) D[a_i] + γ_i n̄_i D[a_i†] with γ_i = 2 J(ω_i) |c|².
  /// Heat is counted with H_i = ω_i(a_i†a_i + ½).
  /// Reference: paper 003, Eqs. (4)–(5), (16) and (36)–(40) (collisional: γ = g²); paper 004, Eq. (25)
  /// (for S = X_i = x_i/√ω_i: rates γ_α(±ω_α)/(2ω_α)).
  func localEquation(_ derivation: Derivation) throws -> MasterEquation {
    let n = modeCount
    var dissipators: [Dissipator] = []
    for (b, bath) in baths.enumerated() {
      guard let m = bathMode(b) else { throw MasterEquationError.bathSpansSeveralModes(bath: bath.name) }
      let s = couplingVector(bath: b)
      let u = s[2 * m], v = s[2 * m + 1]
      let cSquared = (u * u + v * v) / 2
      let omega = frequencies[m]
      let j = try bath.spectralDensity(omega)
      let nBar = bath.occupation(omega)
      let gamma = 2 * j * cSquared
      let gen = DissipativeGenerator.lindblad([
        (gamma * (nBar + 1), LinearOperator.annihilation(mode: m, modes: n)),
        (gamma * nBar, LinearOperator.creation(mode: m, modes: n)),
      ])
      dissipators.append(Dissipator(bath: b, bathName: bath.name, temperature: bath.temperature, generator: gen,
                                    countingHamiltonian: localHamiltonian(mode: m), localFrequency: omega))
    }
    return MasterEquation(derivation: derivation, hamiltonian: hamiltonian, dissipators: dissipators)
  }

  /// The local damping rate γ_i = 2 J(ω_i)|c|² of bath `b` on its mode (paper 003's γ).
  public func localRate(bath b: Int) throws -> (mode: Int, gamma: Double) {
    guard let m = bathMode(b) else { throw MasterEquationError.bathSpansSeveralModes(bath: baths[b].name) }
    let s = couplingVector(bath: b)
    let cSquared = (s[2 * m] * s[2 * m] + s[2 * m + 1] * s[2 * m + 1]) / 2
    return (m, 2 * (try baths[b].spectralDensity(frequencies[m])) * cSquared)
  }
}
