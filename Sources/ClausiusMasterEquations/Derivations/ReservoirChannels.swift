import ClausiusNumerics
import ClausiusModels
import Numerics

/// One system–reservoir channel of an interaction V = Σ_i (A_i† ⊗ s_i + A_i ⊗ s_i†) with a reservoir operator
/// A_i = t_i* a_{m_i} and a system eigenoperator s_i of Bohr frequency ω_i ([H_S, s_i] = −ω_i s_i), e.g.
/// (t c† + t* c)(d + d†) = two channels (s = d at +ω_m, s = d† at −ω_m); the two-tone coupling −(c†β + β†c) one channel at
/// ω = 0 in the mechanical interaction picture. Reference: paper 002, Supplement Eqs. (S4)–(S8), (S20)–(S22).
public struct ReservoirChannel: Sendable {
  public let reservoirMode: Int
  /// t (A = t* a_m).
  public let coupling: Complex<Double>
  /// s, a linear operator on the K system modes.
  public let systemOperator: LinearOperator
  public let bohrFrequency: Double
  public init(reservoirMode: Int, coupling: Complex<Double>, systemOperator: LinearOperator, bohrFrequency: Double) {
    self.reservoirMode = reservoirMode; self.coupling = coupling; self.systemOperator = systemOperator; self.bohrFrequency = bohrFrequency
  }
}

extension QuadraticHamiltonian {
  /// H = Σ_ij Ω_ij s_i† s_j (Ω Hermitian, s_i = ℓ_i·r) as ½ rᵀ G r + constant: G = 2 Re(Λᴴ Ω Λ), Λ_ik = (ℓ_i)_k
  /// (the imaginary, antisymmetric part of Λᴴ Ω Λ only adds a constant through [r_k, r_l] = iΩ_kl).
  public static func hermitianForm(_ omega: Matrix<Complex<Double>>, operators: [LinearOperator]) -> QuadraticHamiltonian {
    let n2 = operators.first?.coefficients.count ?? 0
    let lam = Matrix<Complex<Double>>(rows: operators.count, columns: n2) { i, k in operators[i].coefficients[k] }
    let m = lam.adjoint * (omega * lam)
    return QuadraticHamiltonian(matrix: Matrix(rows: n2, columns: n2) { k, l in m[k, l].real + m[l, k].real })
  }
}

/// The result of eliminating a reservoir through channels: per distinct Bohr frequency ω the spectrum
/// Γ_ij(ω) = ∫_0^∞ dτ e^{iωτ}⟨A_i(τ)A_j†(0)⟩ = t_i* t_j [i(ω − B)^{-1}C(0)]_{(m_i,a),(m_j,a†)}, the Lamb shift
/// H_LS = Σ_ω Σ_ij Ω_ij(ω) s_i†s_j with Ω = (Γ − Γ†)/2i, and jumps Σ_k γ_k D[Σ_j (v_k)_j* s_j] from Γ + Γ† = Σ_k γ_k v_k v_k†.
/// Reference: paper 002, Supplement Eqs. (S5)–(S10), (S21)–(S24).
public struct ChannelElimination: Sendable {
  public struct Group: Sendable {
    public let frequency: Double
    public let channels: [Int]
    public let spectrum: Matrix<Complex<Double>>
    public let rates: [Double]
  }
  public let groups: [Group]
  public let lambShift: QuadraticHamiltonian
  /// System Hamiltonian + local dissipators + one dissipator "extended reservoir" (last; bath index = local count).
  public let equation: MasterEquation
}

extension ExtendedReservoir {
  /// Born–Markov elimination through channels (secular between different Bohr frequencies). Requires the reservoir's
  /// C(0) to have only ⟨a a†⟩ entries (vacuum-like fluctuations, as for the coherently driven lossy lattice); other
  /// correlations would add reverse processes and are refused with `MasterEquationError.unsupported`.
  public func eliminate(channels: [ReservoirChannel], systemHamiltonian: QuadraticHamiltonian, localDissipators: [Dissipator]) throws -> ChannelElimination {
    let m2 = bogoliubov.rows, n2 = systemHamiltonian.matrix.rows
    // Allowed: ⟨a_p a_q†⟩ entries only (row even, column odd).
    for j in 0..<m2 { for i in 0..<m2 where correlations[i, j] != .zero && !(i % 2 == 0 && j % 2 == 1) {
      throw MasterEquationError.unsupported("channel elimination needs vacuum-like reservoir fluctuations (only ⟨a a†⟩ in C(0)); entry (\(i), \(j)) is non-zero")
    } }
    for (c, ch) in channels.enumerated() {
      guard (0..<modeCount).contains(ch.reservoirMode) else { throw MasterEquationError.invalidParameter(name: "channel \(c) reservoir mode", value: Double(ch.reservoirMode), allowed: "0..<\(modeCount)") }
      guard ch.systemOperator.coefficients.count == n2 else { throw MasterEquationError.invalidParameter(name: "channel \(c) operator length", value: Double(ch.systemOperator.coefficients.count), allowed: "2K = \(n2)") }
      guard ch.bohrFrequency.isFinite else { throw MasterEquationError.invalidParameter(name: "channel \(c) Bohr frequency", value: ch.bohrFrequency, allowed: "finite") }
    }
    var freqs: [Double] = []
    for ch in channels where !freqs.contains(ch.bohrFrequency) { freqs.append(ch.bohrFrequency) }
    var groups: [ChannelElimination.Group] = []
    var lamb = Matrix<Double>(rows: n2, columns: n2)
    var jumps: [(rate: Double, operator: LinearOperator)] = []
    let i1 = Complex<Double>(0, 1)
    for w in freqs {
      let idx = channels.indices.filter { channels[$0].bohrFrequency == w }
      var shifted = -bogoliubov
      for d in 0..<m2 { shifted[d, d] = shifted[d, d] + Complex(w, 0) }
      let resolvent = try LUFactorization(shifted).solve(correlations)  // (ω − B)^{-1} C(0)
      let gam = Matrix<Complex<Double>>(rows: idx.count, columns: idx.count) { a, b in
        let ca = channels[idx[a]], cb = channels[idx[b]]
        return ca.coupling.conjugate * cb.coupling * i1 * resolvent[2 * ca.reservoirMode, 2 * cb.reservoirMode + 1]
      }
      let ops = idx.map { channels[$0].systemOperator }
      let omega = (gam - gam.adjoint) * Complex(0, -0.5)
      lamb = lamb + QuadraticHamiltonian.hermitianForm(omega, operators: ops).matrix
      let e = try (gam + gam.adjoint).hermitianEigen()
      let scale = Swift.max(e.values.map(abs).max() ?? 0, 1e-300)
      if let mn = e.values.min(), mn < -1e-9 * scale {
        throw MasterEquationError.invalidParameter(name: "smallest eigenvalue of Γ + Γ† at ω = \(w) (relative)", value: mn / scale, allowed: "≥ 0")
      }
      for k in 0..<idx.count where e.values[k] > 0 {
        var coeff = [Complex<Double>](repeating: .zero, count: n2)
        for (jj, op) in ops.enumerated() { let v = e.vectors[jj, k].conjugate; for q in 0..<n2 { coeff[q] = coeff[q] + v * op.coefficients[q] } }
        jumps.append((e.values[k], LinearOperator(coefficients: coeff)))
      }
      groups.append(.init(frequency: w, channels: idx, spectrum: gam, rates: e.values))
    }
    let lambShift = QuadraticHamiltonian(matrix: lamb)
    let h = QuadraticHamiltonian(matrix: (systemHamiltonian.matrix + lamb).symmetrized, linear: systemHamiltonian.linear)
    var diss = localDissipators
    diss.append(Dissipator(bath: localDissipators.count, bathName: "extended reservoir", temperature: 0, generator: .lindblad(jumps),
                           countingHamiltonian: systemHamiltonian, localFrequency: nil))
    return ChannelElimination(groups: groups, lambShift: lambShift, equation: MasterEquation(derivation: .adiabaticElimination, hamiltonian: h, dissipators: diss))
  }
}

/// A two-tone-driven optomechanical lattice in the mechanical interaction picture (rotating-wave, fast terms at ±2ω_m dropped):
///
///   H = Σ_ℓ −Δ̃_ℓ c_ℓ†c_ℓ − (J/2)Σ A_ℓℓ' c_ℓ†c_ℓ' − Σ_ℓ (c_ℓ† s_ℓ + s_ℓ† c_ℓ),  s_ℓ = G_ℓ^(−)* d_ℓ + G_ℓ^(+)* d_ℓ†,
///   D = Σ_ℓ γ_c D[c_ℓ] + γ_m[(n̄+1)D[d_ℓ] + n̄ D[d_ℓ†]],
///
/// G^(±)_ℓ = g_ℓ α_ℓ^(±) (drive tones at ω_p ± ω_m). For |G^(+)| < |G^(−)|, s_ℓ = η_ℓ β_ℓ with the Bogoliubov mode
/// β_ℓ = cosh r_ℓ e^{−iϕ_ℓ} d_ℓ + sinh r_ℓ e^{−iθ_ℓ} d_ℓ†, tanh r_ℓ = |G^(+)_ℓ|/|G^(−)_ℓ|, η_ℓ = (|G^(−)|² − |G^(+)|²)^{1/2}.
/// Reference: paper 002, Supplement Sec. V, Eqs. (S20)–(S24) (the paper's "r = G^(+)/G^(−)" read as tanh r, see docs/papers/002.md).
public struct TwoToneOptomechanicalLattice: Sendable {
  public let adjacency: Matrix<Double>
  public let hopping: Double
  public let effectiveDetunings: [Double]
  /// G^(−)_ℓ (beam-splitter tone) and G^(+)_ℓ (squeezing tone).
  public let beamSplitterCouplings: [Complex<Double>]
  public let squeezingCouplings: [Complex<Double>]
  public let opticalLoss: [Double]
  public let mechanicalDamping: [Double]
  public let thermalOccupations: [Double]

  public init(adjacency: Matrix<Double>, hopping: Double, effectiveDetunings: [Double], beamSplitterCouplings: [Complex<Double>], squeezingCouplings: [Complex<Double>],
              opticalLoss: [Double], mechanicalDamping: [Double], thermalOccupations: [Double]) throws {
    let l = adjacency.rows
    _ = try OptomechanicalLattice(adjacency: adjacency, hopping: hopping, drives: Array(repeating: .zero, count: l), detunings: effectiveDetunings,
                                  couplings: Array(repeating: 0, count: l), mechanicalFrequencies: Array(repeating: 1, count: l), opticalLoss: opticalLoss,
                                  mechanicalDamping: mechanicalDamping, thermalOccupations: thermalOccupations)
    guard beamSplitterCouplings.count == l, squeezingCouplings.count == l else {
      throw OptomechanicalLatticeError.invalidShape(parameter: "two-tone couplings G^(±)", detail: "need L = \(l) entries each")
    }
    for g in beamSplitterCouplings + squeezingCouplings where !(g.real.isFinite && g.imaginary.isFinite) {
      throw OptomechanicalLatticeError.invalidParameter(name: "|G^(±)|", value: g.length, allowed: "finite")
    }
    self.adjacency = adjacency; self.hopping = hopping; self.effectiveDetunings = effectiveDetunings
    self.beamSplitterCouplings = beamSplitterCouplings; self.squeezingCouplings = squeezingCouplings
    self.opticalLoss = opticalLoss; self.mechanicalDamping = mechanicalDamping; self.thermalOccupations = thermalOccupations
  }

  public var siteCount: Int { adjacency.rows }

  /// s_ℓ on `modes` modes with the mechanical mode at index `offset + ℓ`.
  func s(_ l: Int, modes: Int, offset: Int) -> LinearOperator {
    var a = [Complex<Double>](repeating: .zero, count: modes), b = a
    a[offset + l] = beamSplitterCouplings[l].conjugate; b[offset + l] = squeezingCouplings[l].conjugate
    return .ladder(annihilation: a, creation: b)
  }

  func thermal(_ l: Int, modes: Int, index: Int, bath: Int) -> Dissipator {
    var a = [Complex<Double>](repeating: .zero, count: modes); a[index] = Complex(1, 0)
    let zero = [Complex<Double>](repeating: .zero, count: modes)
    let g = mechanicalDamping[l], nb = thermalOccupations[l]
    return Dissipator(bath: bath, bathName: "mechanical bath \(l)", temperature: 0,
                      generator: .lindblad([(g * (nb + 1), .ladder(annihilation: a, creation: zero)), (g * nb, .ladder(annihilation: zero, creation: a))]),
                      countingHamiltonian: .zero(modes: modes), localFrequency: nil)
  }

  /// The full linearised (RWA) two-tone model of 2L modes (c_0…c_{L−1}, d_0…d_{L−1}), solved exactly by the Gaussian engine.
  /// Reference: paper 002, Eq. (S20) without its last (rapidly rotating) term.
  public func exactEquation() -> MasterEquation {
    let l = siteCount, n = 2 * l
    var h = Matrix<Complex<Double>>(rows: n, columns: n)
    for i in 0..<l { h[i, i] = Complex(-effectiveDetunings[i], 0); for j in 0..<l where adjacency[i, j] != 0 { h[i, j] = Complex(-hopping / 2, 0) } }
    var ham = QuadraticHamiltonian.numberConserving(h)
    let pair = Matrix<Complex<Double>>([[.zero, Complex(-1, 0)], [Complex(-1, 0), .zero]])
    for i in 0..<l {
      ham.matrix = ham.matrix + QuadraticHamiltonian.hermitianForm(pair, operators: [.annihilation(mode: i, modes: n), s(i, modes: n, offset: l)]).matrix
    }
    var diss: [Dissipator] = []
    let zero = [Complex<Double>](repeating: .zero, count: n)
    for i in 0..<l {
      var a = zero; a[i] = Complex(1, 0)
      diss.append(Dissipator(bath: i, bathName: "optical loss \(i)", temperature: 0, generator: .lindblad([(opticalLoss[i], .ladder(annihilation: a, creation: zero))]),
                             countingHamiltonian: .zero(modes: n), localFrequency: nil))
    }
    for i in 0..<l { diss.append(thermal(i, modes: n, index: l + i, bath: l + i)) }
    return MasterEquation(derivation: .local, hamiltonian: ham, dissipators: diss)
  }

  /// The effective multi-mode squeezing Liouvillian of the mechanics (L modes): H_eff = Σ Ω_ij s_i†s_j, non-local D[Σ U s]
  /// plus the local thermal baths on d_ℓ, with Γ(0) = i(0 − B′)^{-1} = −iB′^{-1}, B′ = −(J/2)A − Diag(Δ̃ + iγ_c/2).
  /// Reference: paper 002, Supplement Eqs. (S21)–(S24).
  public func effectiveElimination() throws -> ChannelElimination {
    let l = siteCount
    let reservoir = try ExtendedReservoir.opticalLattice(adjacency: adjacency, hopping: hopping, effectiveDetunings: effectiveDetunings, opticalLoss: opticalLoss)
    // −(c†s + s†c) = A†⊗s + A⊗s† with A = −c = t* c, t = −1.
    let channels = (0..<l).map { ReservoirChannel(reservoirMode: $0, coupling: Complex(-1, 0), systemOperator: s($0, modes: l, offset: 0), bohrFrequency: 0) }
    return try reservoir.eliminate(channels: channels, systemHamiltonian: .zero(modes: l), localDissipators: (0..<l).map { thermal($0, modes: l, index: $0, bath: $0) })
  }
}

extension MasterEquation {
  /// max Re λ(A) of the drift matrix (< 0: a unique stationary state exists).
  public func largestDriftRealPart() throws -> Double {
    try gaussianDynamics.drift.eigen().values.map(\.real).max() ?? -.infinity
  }
}
