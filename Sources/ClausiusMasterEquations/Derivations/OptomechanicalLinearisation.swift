import ClausiusNumerics
import ClausiusModels
import Numerics

/// The linearised fluctuation model of paper 002's lattice around a mean field: 2L modes ordered
/// (c_0 … c_{L−1}, d_0 … d_{L−1}) (optical then mechanical fluctuations),
///
///   H = Σ_ℓ [−Δ̃_ℓ c_ℓ†c_ℓ + ω_m d_ℓ†d_ℓ − (G_ℓ* c_ℓ + G_ℓ c_ℓ†)(d_ℓ + d_ℓ†)] − (J/2) Σ A_ℓℓ' c_ℓ†c_ℓ',
///   D = Σ_ℓ γ_c D[c_ℓ] + γ_m[(n̄+1)D[d_ℓ] + n̄ D[d_ℓ†]].
///
/// The coupling sign follows Eq. (1) (−g a†a(b+b†) → −(G*c + Gc†)(d+d†)); the paper's Eq. (4) writes +V̂_ℓ, which is
/// the gauge d → −d and changes no mechanical observable ⟨d†d'⟩. In quadratures (G*c + Gc†)(d + d†) =
/// 2(Re G x_c x_d + Im G p_c x_d). Reference: paper 002, Eqs. (3)–(4).
public struct OptomechanicalLinearisation: Sendable {
  public let siteCount: Int
  public let adjacency: Matrix<Double>
  public let hopping: Double
  public let effectiveDetunings: [Double]
  public let linearisedCouplings: [Complex<Double>]
  public let mechanicalFrequencies: [Double]
  public let opticalLoss: [Double]
  public let mechanicalDamping: [Double]
  public let thermalOccupations: [Double]
  /// Thermal occupation of the optical baths (0 for optical frequencies; > 0 only to exercise the general S10 route with a
  /// non-vacuum reservoir: γ_c[(n_c+1)D[c] + n_c D[c†]]).
  public var opticalOccupation: Double = 0

  /// Around a mean-field solution of `lattice`.
  public init(lattice: OptomechanicalLattice, meanField: OptomechanicalMeanField) {
    self.init(unchecked: lattice.adjacency, hopping: lattice.hopping, effectiveDetunings: meanField.effectiveDetunings,
              linearisedCouplings: meanField.linearisedCouplings, mechanicalFrequencies: lattice.mechanicalFrequencies,
              opticalLoss: lattice.opticalLoss, mechanicalDamping: lattice.mechanicalDamping, thermalOccupations: lattice.thermalOccupations)
  }

  /// Around explicit linearised parameters (any adjacency); validated like `OptomechanicalLattice`
  /// (throws `OptomechanicalLatticeError`). Reference: paper 002, Eq. (4).
  public init(adjacency: Matrix<Double>, hopping: Double, effectiveDetunings: [Double], linearisedCouplings: [Complex<Double>],
              mechanicalFrequencies: [Double], opticalLoss: [Double], mechanicalDamping: [Double], thermalOccupations: [Double]) throws {
    // Reuse the lattice validation (drives are irrelevant here), then check the couplings.
    let l = adjacency.rows
    _ = try OptomechanicalLattice(adjacency: adjacency, hopping: hopping, drives: Array(repeating: .zero, count: l), detunings: effectiveDetunings,
                                  couplings: Array(repeating: 0, count: l), mechanicalFrequencies: mechanicalFrequencies, opticalLoss: opticalLoss,
                                  mechanicalDamping: mechanicalDamping, thermalOccupations: thermalOccupations)
    guard linearisedCouplings.count == l else { throw OptomechanicalLatticeError.invalidShape(parameter: "linearised couplings G", detail: "has \(linearisedCouplings.count) entries, must have L = \(l)") }
    for (i, g) in linearisedCouplings.enumerated() where !(g.real.isFinite && g.imaginary.isFinite) {
      throw OptomechanicalLatticeError.invalidParameter(name: "|G[\(i)]|", value: g.length, allowed: "finite")
    }
    self.init(unchecked: adjacency, hopping: hopping, effectiveDetunings: effectiveDetunings, linearisedCouplings: linearisedCouplings,
              mechanicalFrequencies: mechanicalFrequencies, opticalLoss: opticalLoss, mechanicalDamping: mechanicalDamping, thermalOccupations: thermalOccupations)
  }

  init(unchecked adjacency: Matrix<Double>, hopping: Double, effectiveDetunings: [Double], linearisedCouplings: [Complex<Double>],
       mechanicalFrequencies: [Double], opticalLoss: [Double], mechanicalDamping: [Double], thermalOccupations: [Double]) {
    siteCount = adjacency.rows; self.adjacency = adjacency; self.hopping = hopping; self.effectiveDetunings = effectiveDetunings
    self.linearisedCouplings = linearisedCouplings; self.mechanicalFrequencies = mechanicalFrequencies; self.opticalLoss = opticalLoss
    self.mechanicalDamping = mechanicalDamping; self.thermalOccupations = thermalOccupations
  }

  /// The homogeneous ring with phase gradient: G_ℓ = |G|e^{iℓφ}, φ = 2πn/L, uniform parameters (paper 002, Fig. 1b).
  public static func ring(_ theory: OptomechanicalRingTheory) throws -> OptomechanicalLinearisation {
    let l = theory.siteCount
    return OptomechanicalLinearisation(unchecked: try OptomechanicalLattice.ringAdjacency(l), hopping: theory.hopping,
      effectiveDetunings: Array(repeating: theory.effectiveDetuning, count: l),
      linearisedCouplings: (0..<l).map { Complex(length: theory.effectiveCoupling, phase: theory.phase * Double($0)) },
      mechanicalFrequencies: Array(repeating: theory.mechanicalFrequency, count: l), opticalLoss: Array(repeating: theory.opticalLoss, count: l),
      mechanicalDamping: Array(repeating: theory.mechanicalDamping, count: l), thermalOccupations: Array(repeating: theory.thermalOccupation, count: l))
  }

  /// Index of mechanical mode d_ℓ in the 2L-mode equation.
  public func mechanicalMode(_ l: Int) -> Int { siteCount + l }

  /// The exact linearised master equation (2L modes, local dissipators; `Derivation.local`). Solve it with the
  /// Gaussian engine; an unstable drift is reported as `NumericsError.unstableDrift`.
  /// Reference: paper 002, Eq. (4) with the dissipator of Eq. (3); Supplement Sec. II.
  public func exactEquation() -> MasterEquation {
    let l = siteCount, n = 2 * l
    var h = Matrix<Complex<Double>>(rows: n, columns: n)
    for i in 0..<l {
      h[i, i] = Complex(-effectiveDetunings[i], 0)
      for j in 0..<l where adjacency[i, j] != 0 { h[i, j] = Complex(-hopping / 2, 0) }
      h[l + i, l + i] = Complex(mechanicalFrequencies[i], 0)
    }
    var ham = QuadraticHamiltonian.numberConserving(h)
    for i in 0..<l {
      let g = linearisedCouplings[i], xc = 2 * i, pc = 2 * i + 1, xd = 2 * (l + i)
      // −(G*c + Gc†)(d + d†) = −2 Re G x_c x_d − 2 Im G p_c x_d = ½ rᵀ G r with symmetric entries −2ReG, −2ImG.
      ham.matrix[xc, xd] += -2 * g.real; ham.matrix[xd, xc] += -2 * g.real
      ham.matrix[pc, xd] += -2 * g.imaginary; ham.matrix[xd, pc] += -2 * g.imaginary
    }
    var dissipators: [Dissipator] = []
    let zero = [Complex<Double>](repeating: .zero, count: n)
    for i in 0..<l {
      var a = zero; a[i] = Complex(1, 0)
      var local = QuadraticHamiltonian.zero(modes: n)
      local.matrix[2 * i, 2 * i] = -effectiveDetunings[i]; local.matrix[2 * i + 1, 2 * i + 1] = -effectiveDetunings[i]
      dissipators.append(Dissipator(bath: i, bathName: "optical loss \(i)", temperature: 0,
                                    generator: .lindblad([(opticalLoss[i] * (opticalOccupation + 1), .ladder(annihilation: a, creation: zero)),
                                                          (opticalLoss[i] * opticalOccupation, .ladder(annihilation: zero, creation: a))]),
                                    countingHamiltonian: local, localFrequency: nil))
    }
    for i in 0..<l {
      var a = zero; a[l + i] = Complex(1, 0)
      let w = mechanicalFrequencies[i], g = mechanicalDamping[i], nb = thermalOccupations[i]
      var local = QuadraticHamiltonian.zero(modes: n)
      local.matrix[2 * (l + i), 2 * (l + i)] = w; local.matrix[2 * (l + i) + 1, 2 * (l + i) + 1] = w
      dissipators.append(Dissipator(bath: l + i, bathName: "mechanical bath \(i)", temperature: nb > 0 ? w / Double.log(onePlus: 1 / nb) : 0,
                                    generator: .lindblad([(g * (nb + 1), .ladder(annihilation: a, creation: zero)), (g * nb, .ladder(annihilation: zero, creation: a))]),
                                    countingHamiltonian: local, localFrequency: w))
    }
    return MasterEquation(derivation: .local, hamiltonian: ham, dissipators: dissipators)
  }

  /// The effective mechanical master equation (L modes) from adiabatic elimination of the optical lattice
  /// (`ExtendedReservoir.opticalLattice`, coupling R_ℓ = t_ℓ*c_ℓ + t_ℓc_ℓ† with t_ℓ = −G_ℓ). Reference: paper 002, Eqs. (5)–(7).
  public func effectiveElimination() throws -> ReservoirElimination {
    let reservoir = try ExtendedReservoir.opticalLattice(adjacency: adjacency, hopping: hopping, effectiveDetunings: effectiveDetunings, opticalLoss: opticalLoss,
                                                         occupation: opticalOccupation)
    let system = try ReservoirCoupledOscillators(frequencies: mechanicalFrequencies, reservoirModes: Array(0..<siteCount),
                                                 couplings: linearisedCouplings.map { -$0 }, dampingRates: mechanicalDamping, occupations: thermalOccupations)
    return try reservoir.eliminate(from: system)
  }
}

extension OptomechanicalLinearisation {
  /// max Re λ of the exact linearised drift (2L optical + mechanical modes); < 0 ⇔ the mean-field point is dynamically stable.
  /// Reference: paper 002, Eq. (4) (the gray region of Fig. 4).
  public func largestDriftRealPart() throws -> Double { try exactEquation().largestDriftRealPart() }
}

extension OptomechanicalMeanFieldReport {
  /// max Re λ of the linearised drift around each solution (same order as `solutions`); a multistable lattice typically has
  /// stable outer branches and an unstable middle one.
  public func driftRealParts(of lattice: OptomechanicalLattice) throws -> [Double] {
    try solutions.map { try OptomechanicalLinearisation(lattice: lattice, meanField: $0).largestDriftRealPart() }
  }
}
