import ClausiusNumerics
import ClausiusModels
import Numerics

/// A Gaussian, driven-dissipative bosonic reservoir of M modes linearised around its stable mean field,
/// described by its Bogoliubov matrix and stationary correlations. With Â = (a_1, a_1†, …, a_M, a_M†)ᵀ:
///
///   i ∂_t ⟨Â⟩ = B ⟨Â⟩ (quantum regression), C(0) = ⟨Â Âᵀ⟩ (stationary), C(τ ≥ 0) = ⟨Â(τ)Âᵀ(0)⟩ = e^{−iBτ} C(0).
///
/// Every eigenvalue of B must have Im < 0 (correlations decay). Reference: paper 002, Supplement Eq. (S9).
public struct ExtendedReservoir: Sendable {
  /// B (2M × 2M).
  public let bogoliubov: Matrix<Complex<Double>>
  /// C(0) (2M × 2M).
  public let correlations: Matrix<Complex<Double>>
  public var modeCount: Int { bogoliubov.rows / 2 }

  public init(bogoliubov: Matrix<Complex<Double>>, correlations: Matrix<Complex<Double>>) throws {
    guard bogoliubov.isSquare, bogoliubov.rows % 2 == 0, bogoliubov.rows > 0 else {
      throw MasterEquationError.unsupported("reservoir Bogoliubov matrix must be 2M×2M, got \(bogoliubov.rows)×\(bogoliubov.columns)")
    }
    guard correlations.rows == bogoliubov.rows, correlations.isSquare else {
      throw MasterEquationError.unsupported("reservoir correlation matrix C(0) must be \(bogoliubov.rows)×\(bogoliubov.rows)")
    }
    guard bogoliubov.isFinite, correlations.isFinite else { throw NumericsError.notFinite(name: "reservoir B or C(0)") }
    let ev = try bogoliubov.eigen().values
    let worst = ev.map(\.imaginary).max() ?? -1
    if worst >= 0 { throw NumericsError.unstableDrift(maxRealPart: worst) }
    self.bogoliubov = bogoliubov; self.correlations = correlations
  }

  /// A passive (number-conserving, unsqueezed) reservoir i∂_t a = B′ a with vacuum fluctuations:
  /// B = B′ on the (a, a) entries and −B′* on the (a†, a†) entries; C(0) has ⟨a_i a_j†⟩ = δ_ij, all else 0.
  /// Example: the linearised optical lattice B′ = −(J/2)A − Diag(Δ̃_ℓ + iγ_c/2). Reference: paper 002, Eq. (7), text after (S10).
  ///
  /// With `occupation` n > 0 the fluctuations are thermal with the same n on every mode (⟨a a†⟩ = (n+1)δ, ⟨a†a⟩ = nδ),
  /// which is stationary for any passive B′ whose modes all see baths of that occupation (−i[h, N] − {Γ/2, N} + Γn = 0 at N = n·1).
  public static func passive(_ bPrime: Matrix<Complex<Double>>, occupation n: Double = 0) throws -> ExtendedReservoir {
    guard n.isFinite, n >= 0 else { throw MasterEquationError.invalidParameter(name: "reservoir occupation n", value: n, allowed: "≥ 0") }
    let m = bPrime.rows
    var b = Matrix<Complex<Double>>(rows: 2 * m, columns: 2 * m), c = b
    for j in 0..<m {
      for i in 0..<m { b[2 * i, 2 * j] = bPrime[i, j]; b[2 * i + 1, 2 * j + 1] = -bPrime[i, j].conjugate }
      c[2 * j, 2 * j + 1] = Complex(1 + n, 0)
      c[2 * j + 1, 2 * j] = Complex(n, 0)
    }
    return try ExtendedReservoir(bogoliubov: b, correlations: c)
  }

  /// The linearised optical lattice of paper 002 as a reservoir: B′ = −(J/2)A − Diag(Δ̃_ℓ + iγ_c^(ℓ)/2). Reference: paper 002, Eq. (7).
  public static func opticalLattice(adjacency: Matrix<Double>, hopping: Double, effectiveDetunings: [Double], opticalLoss: [Double],
                                    occupation: Double = 0) throws -> ExtendedReservoir {
    let l = adjacency.rows
    let bp = Matrix<Complex<Double>>(rows: l, columns: l) { i, j in
      i == j ? Complex(-effectiveDetunings[i], -opticalLoss[i] / 2) : Complex(-hopping / 2 * adjacency[i, j], 0)
    }
    return try passive(bp, occupation: occupation)
  }
}

/// The system side of an adiabatic elimination: K uncoupled system oscillators H_S = Σ_i ω_i b_i†b_i, each
/// coupled as V = Σ_i R_i ⊗ (b_i + b_i†) with R_i = t_i* a_{m_i} + t_i a_{m_i}† (m_i = `reservoirModes[i]`),
/// and each damped by its own thermal bath γ_i[(n̄_i+1)D[b_i] + n̄_i D[b_i†]]. Reference: paper 002, Eqs. (4), (6); (S12).
public struct ReservoirCoupledOscillators: Sendable {
  public let frequencies: [Double]
  public let reservoirModes: [Int]
  public let couplings: [Complex<Double>]
  public let dampingRates: [Double]
  public let occupations: [Double]

  public init(frequencies: [Double], reservoirModes: [Int], couplings: [Complex<Double>], dampingRates: [Double], occupations: [Double]) throws {
    let k = frequencies.count
    guard k > 0, reservoirModes.count == k, couplings.count == k, dampingRates.count == k, occupations.count == k else {
      throw MasterEquationError.unsupported("system oscillators: frequencies, reservoir modes, couplings, damping rates and occupations need the same length K ≥ 1")
    }
    for i in 0..<k {
      guard frequencies[i].isFinite, frequencies[i] > 0 else { throw MasterEquationError.invalidParameter(name: "system frequency ω[\(i)]", value: frequencies[i], allowed: "> 0") }
      guard dampingRates[i].isFinite, dampingRates[i] >= 0 else { throw MasterEquationError.invalidParameter(name: "damping γ[\(i)]", value: dampingRates[i], allowed: "≥ 0") }
      guard occupations[i].isFinite, occupations[i] >= 0 else { throw MasterEquationError.invalidParameter(name: "occupation n̄[\(i)]", value: occupations[i], allowed: "≥ 0") }
      guard couplings[i].real.isFinite, couplings[i].imaginary.isFinite else { throw MasterEquationError.invalidParameter(name: "coupling |t[\(i)]|", value: couplings[i].length, allowed: "finite") }
    }
    self.frequencies = frequencies; self.reservoirModes = reservoirModes; self.couplings = couplings
    self.dampingRates = dampingRates; self.occupations = occupations
  }
}

/// The effective system dynamics after Born–Markov elimination of an extended reservoir:
///
///   H_eff = Σ_i ω_i b_i†b_i + Σ_ij (Ω^(+)_ij + Ω^(−)_ji) b_i†b_j,
///   D_eff = Σ_i γ_i[(n̄_i+1)D[b_i] + n̄_i D[b_i†]] + Σ_k Γ^(+)_k D[β_k^(↓)] + Γ^(−)_k D[β_k^(↑)],
///   S^(±)_ij = [Tᵀ i(±ω_j 1 − B)^{-1} C(0) T]_ij,  Ω^(±) = (S^(±) − S^(±)†)/(2i),  S^(±) + S^(±)† = Σ_k Γ^(±)_k v_k v_k†,
///   β_k^(↓) = Σ_j (v_k^(+))_j* b_j,  β_k^(↑) = Σ_j (v_k^(−))_j* b_j†.
///
/// (The paper's U^(±) has rows (v_k)†, so β^(↓)_k = Σ_j U^(+)_kj b_j.) Reference: paper 002, Eqs. (5)–(7), Supplement Eqs. (S5)–(S10).
public struct ReservoirElimination: Sendable {
  /// S^(+) (loss side, Bohr frequency +ω_j) and S^(−) (gain side, −ω_j).
  public let lossSpectrum: Matrix<Complex<Double>>
  public let gainSpectrum: Matrix<Complex<Double>>
  /// Ω^(±).
  public let lossShift: Matrix<Complex<Double>>
  public let gainShift: Matrix<Complex<Double>>
  /// Γ^(±)_k (eigenvalues of S^(±) + S^(±)†, ascending) and their eigenvectors v_k (columns).
  public let lossRates: [Double]
  public let gainRates: [Double]
  public let lossVectors: Matrix<Complex<Double>>
  public let gainVectors: Matrix<Complex<Double>>
  /// h with H_eff = Σ_ij h_ij b_i†b_j (Hermitian, Eq. 5).
  public let effectiveHamiltonian: Matrix<Complex<Double>>
  /// The most negative eigenvalue of S^(±) + S^(±)† relative to the largest (≥ −1e-12 for a physical reservoir;
  /// negative rates at round-off level are dropped).
  public let smallestRelativeRate: Double
  /// The master equation of the K system modes: one dissipator per local thermal bath (bath index i, heat counted
  /// with ω_i b_i†b_i) followed by one dissipator "extended reservoir" (bath index K, counted with H_S).
  public let equation: MasterEquation
}

extension ExtendedReservoir {
  /// Adiabatically eliminates this reservoir from `system` (Born–Markov, secular in the system's Bohr
  /// frequencies ±ω_j). Reference: paper 002, Eqs. (5)–(7), Supplement Eqs. (S5)–(S10).
  public func eliminate(from system: ReservoirCoupledOscillators) throws -> ReservoirElimination {
    let k = system.frequencies.count, m2 = bogoliubov.rows
    for (i, m) in system.reservoirModes.enumerated() where !(0..<modeCount).contains(m) {
      throw MasterEquationError.invalidParameter(name: "reservoir mode of system oscillator \(i)", value: Double(m), allowed: "0..<\(modeCount)")
    }
    var t = Matrix<Complex<Double>>(rows: m2, columns: k)
    for i in 0..<k { t[2 * system.reservoirModes[i], i] = system.couplings[i].conjugate; t[2 * system.reservoirModes[i] + 1, i] = system.couplings[i] }
    let ct = correlations * t
    let i1 = Complex<Double>(0, 1)
    func spectrum(sign: Double) throws -> Matrix<Complex<Double>> {
      var s = Matrix<Complex<Double>>(rows: k, columns: k)
      var done = [Bool](repeating: false, count: k)
      for j in 0..<k where !done[j] {
        let w = sign * system.frequencies[j]
        var shifted = -bogoliubov
        for d in 0..<m2 { shifted[d, d] = shifted[d, d] + Complex(w, 0) }
        let x = try LUFactorization(shifted).solve(ct)  // (ω − B)^{-1} C(0) T
        let full = t.multiplied(by: x, transposeSelf: .transpose) * i1
        for jj in j..<k where !done[jj] && system.frequencies[jj] == system.frequencies[j] {
          for r in 0..<k { s[r, jj] = full[r, jj] }
          done[jj] = true
        }
      }
      return s
    }
    let sPlus = try spectrum(sign: 1), sMinus = try spectrum(sign: -1)
    func shift(_ s: Matrix<Complex<Double>>) -> Matrix<Complex<Double>> { (s - s.adjoint) * Complex(0, -0.5) }
    let oPlus = shift(sPlus), oMinus = shift(sMinus)
    let ePlus = try (sPlus + sPlus.adjoint).hermitianEigen(), eMinus = try (sMinus + sMinus.adjoint).hermitianEigen()
    let scale = Swift.max(ePlus.values.map(abs).max() ?? 0, eMinus.values.map(abs).max() ?? 0, 1e-300)
    let smallest = Swift.min(ePlus.values.min() ?? 0, eMinus.values.min() ?? 0) / scale
    if smallest < -1e-9 {
      throw MasterEquationError.invalidParameter(name: "smallest eigenvalue of S + S† (relative)", value: smallest, allowed: "≥ 0 (a reservoir spectrum is positive)")
    }
    var h = Matrix<Complex<Double>>(rows: k, columns: k)
    for j in 0..<k { for i in 0..<k { h[i, j] = oPlus[i, j] + oMinus[j, i] } }
    for i in 0..<k { h[i, i] = h[i, i] + Complex(system.frequencies[i], 0) }
    // Make h exactly Hermitian (round-off).
    h = (h + h.adjoint) * Complex(0.5, 0)

    var dissipators: [Dissipator] = []
    let zero = [Complex<Double>](repeating: .zero, count: k)
    for i in 0..<k {
      var a = zero; a[i] = Complex(1, 0)
      let g = system.dampingRates[i], n = system.occupations[i]
      var local = QuadraticHamiltonian.zero(modes: k)
      local.matrix[2 * i, 2 * i] = system.frequencies[i]; local.matrix[2 * i + 1, 2 * i + 1] = system.frequencies[i]
      let temperature = n > 0 ? system.frequencies[i] / Double.log(onePlus: 1 / n) : 0
      dissipators.append(Dissipator(bath: i, bathName: "thermal bath \(i)", temperature: temperature,
                                    generator: .lindblad([(g * (n + 1), .ladder(annihilation: a, creation: zero)), (g * n, .ladder(annihilation: zero, creation: a))]),
                                    countingHamiltonian: local, localFrequency: system.frequencies[i]))
    }
    var jumps: [(rate: Double, operator: LinearOperator)] = []
    for c in 0..<k where ePlus.values[c] > 0 {
      jumps.append((ePlus.values[c], .ladder(annihilation: (0..<k).map { ePlus.vectors[$0, c].conjugate }, creation: zero)))
    }
    for c in 0..<k where eMinus.values[c] > 0 {
      jumps.append((eMinus.values[c], .ladder(annihilation: zero, creation: (0..<k).map { eMinus.vectors[$0, c].conjugate })))
    }
    let bare = QuadraticHamiltonian.numberConserving(.diagonal(system.frequencies.map { Complex($0, 0) }))
    dissipators.append(Dissipator(bath: k, bathName: "extended reservoir", temperature: 0, generator: .lindblad(jumps),
                                  countingHamiltonian: bare, localFrequency: nil))
    let eq = MasterEquation(derivation: .adiabaticElimination, hamiltonian: .numberConserving(h), dissipators: dissipators)
    return ReservoirElimination(lossSpectrum: sPlus, gainSpectrum: sMinus, lossShift: oPlus, gainShift: oMinus,
                                lossRates: ePlus.values, gainRates: eMinus.values, lossVectors: ePlus.vectors, gainVectors: eMinus.vectors,
                                effectiveHamiltonian: h, smallestRelativeRate: smallest, equation: eq)
  }
}
