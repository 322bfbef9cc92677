import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusSteadyState

/// Heat exchanged with one bath at steady state. Sign: positive when energy enters the system
/// from the bath (docs/conventions.md).
public struct BathHeat: Sendable {
  public let name: String
  public let temperature: Double
  /// Q̇_α = Tr{H_S D_α ρ} with the global system Hamiltonian H_S. Reference: paper 004, Eq. (2).
  public let heat: Double
  /// Q̇_α counted with the dissipator's own Hamiltonian: the local H_i for local/collisional
  /// equations, Tr{H_i D_i ρ} (paper 003, Eqs. 16, 41); equal to `heat` for global/Redfield ones.
  public let countedHeat: Double
  /// Bare frequency of the mode the bath touches (nil if it couples to several modes).
  public let localFrequency: Double?
}

/// First law at steady state: d⟨H_S⟩/dt = Σ_α Q̇_α^counted + Ẇ = 0.
public struct FirstLawAudit: Sendable {
  /// Σ_α Tr{H_S D_α ρ} = d⟨H_S⟩/dt (zero at the exact steady state).
  public let energyRate: Double
  /// Σ_α (|Q̇_α| + |Q̇_α^counted| + ½|Tr[H_S D_α]|) + |Ẇ|: the scale for the residual (the last term,
  /// the gross energy injection of each bath, keeps it finite when all net currents vanish).
  public let scale: Double
  /// |d⟨H_S⟩/dt| / scale.
  public var relativeResidual: Double { scale > 0 ? abs(energyRate) / scale : abs(energyRate) }
}

/// Second law at steady state: Σ = −Σ_α Q̇_α/T_α ≥ 0 (Clausius inequality), with the counted
/// heats (which include the work cost of local equations, paper 003 Appendix C).
public struct SecondLawAudit: Sendable {
  /// Σ = −Σ_α Q̇_α^counted / T_α (units of frequency; k_B = 1). +∞ if a T = 0 bath absorbs heat.
  public let entropyProduction: Double
  /// The same with the global-H heats and no work term: the check a local equation can fail
  /// (Levy–Kosloff; paper 003 Sec. II A, paper 004 Sec. IV A).
  public let globalHeatEntropyProduction: Double
  /// Tolerance used for `holds`.
  public let tolerance: Double
  /// Σ itself: ≥ 0 when the law holds.
  public var margin: Double { entropyProduction }
  public var holds: Bool { entropyProduction >= -tolerance }
}

/// Operating regime of a two-bath machine (paper 003, Table I), cold bath c, hot bath h (T_c < T_h).
public enum OperatingRegime: String, Sendable {
  /// Q̇_c > 0, Ẇ > 0: consumes work to pump heat from cold to hot.
  case refrigerator
  /// Ẇ < 0, Q̇_h > 0: produces work.
  case engine
  /// Ẇ > 0, Q̇_h > 0, Q̇_c < 0: work heats the cold bath beyond conduction.
  case accelerator
  /// Ẇ > 0, Q̇_h < 0, Q̇_c < 0: work dumped into both baths.
  case heater
  /// Ẇ = 0 (within round-off): plain conduction.
  case conductor
  /// Every heat current and the work vanish to round-off relative to the gross heat (e.g. paper 003's two-mode
  /// local equation at ω₁/T₁ = ω₂/T₂, where n̄₁ = n̄₂ and every current is ∝ n̄₁ − n̄₂ = 0, Eqs. 18–20).
  case noCurrent = "no current"
}

/// Performance of the machine next to its Otto and Carnot bounds.
public struct Performance: Sendable {
  public let regime: OperatingRegime
  /// COP = Q̇_c/Ẇ (refrigerator, paper 003 Eq. 22) or efficiency η = −Ẇ/Q̇_h (engine, Eq. 24); nil otherwise.
  public let value: Double?
  /// Otto value: ω_c/(ω_h − ω_c) (COP) or 1 − ω_c/ω_h (efficiency), from the local frequencies.
  public let otto: Double?
  /// Carnot value: T_c/(T_h − T_c) or 1 − T_c/T_h.
  public let carnot: Double?
  public let coldBath: Int
  public let hotBath: Int
}

/// Thermodynamics of a steady state: heat per bath, work, first and second law, regime.
public struct ThermodynamicsReport: Sendable {
  public let baths: [BathHeat]
  /// Ẇ = Σ_α (Q̇_α − Q̇_α^counted): the work rate done on the system by switching the local
  /// bath couplings (> 0 on the system). Zero for global/Redfield equations.
  /// Reference: paper 003, Eqs. (15), (17), (43).
  public let workRate: Double
  public let firstLaw: FirstLawAudit
  public let secondLaw: SecondLawAudit
  /// Present for two baths at different temperatures.
  public let performance: Performance?
}

/// Tr{H 𝓛_α ρ} = Tr[G A_α S] + ½ Tr[G D_α] + cᵀ A_α d, S = V + d dᵀ (the rate of change of ⟨H⟩
/// caused by one dissipator with drift/diffusion (A_α, D_α)), evaluated in double-double arithmetic
/// (see `heatRate(hamiltonian:drift:diffusion:covariance:covarianceLow:mean:meanLow:)`).
public func heatRate(hamiltonian h: QuadraticHamiltonian, drift aAlpha: Matrix<Double>, diffusion dAlpha: Matrix<Double>, covariance v: Matrix<Double>, mean d: [Double]) -> Double {
  heatRate(hamiltonian: h, drift: aAlpha, diffusion: dAlpha, covariance: v, covarianceLow: nil, mean: d, meanLow: nil)
}

/// Tr{H 𝓛_α ρ} for a state given as double-double V = `covariance` + `covarianceLow`, d = `mean` + `meanLow`
/// (`GaussianSteadyState.frameCovarianceLow`), with every product and sum in double-double arithmetic.
///
/// The two terms Tr[G A_α S] and ½Tr[G D_α] are each of the size of the gross energy exchange with bath α,
/// Q_gross ~ γ ω (n̄ + ½), and cancel down to the net current, which can be 10⁻¹³ Q_gross. In doubles the
/// sum loses 10⁻¹⁶ Q_gross — per cent of such a current. With V accurate to ~10⁻³⁰ relative (the refined
/// steady state) and the sum carried in double-double, the result is accurate to ~10⁻³⁰ Q_gross, i.e. the
/// cancellation is harmless; the first law Σ_α Q̇_α = ½Tr[G (A V + V Aᵀ + D)] = 0 then closes to that level.
/// Derivation and conventions: docs/conventions.md, "Heat currents without cancellation".
public func heatRate(hamiltonian h: QuadraticHamiltonian, drift aAlpha: Matrix<Double>, diffusion dAlpha: Matrix<Double>,
                     covariance v: Matrix<Double>, covarianceLow vl: Matrix<Double>?, mean d: [Double], meanLow dl: [Double]?) -> Double {
  heatRate(hamiltonian: h, drift: RealSparseMatrix(aAlpha), diffusion: RealSparseMatrix(dAlpha), covariance: v, covarianceLow: vl, mean: d, meanLow: dl)
}

/// The non-zeros of a counting Hamiltonian's G column by column (one O(n²) pass), shared by the heat rates of every
/// dissipator counted with the same H.
public struct CountingColumns: Sendable {
  public let hamiltonian: QuadraticHamiltonian
  let columns: [[(Int, Double)]]
  public init(_ h: QuadraticHamiltonian) {
    hamiltonian = h
    let g = h.matrix, n = g.rows
    var c = [[(Int, Double)]](repeating: [], count: n)
    for k in 0..<n { for i in 0..<n where g[i, k] != 0 { c[k].append((i, g[i, k])) } }
    columns = c
  }
}

/// As above with the dissipator's parts given sparse (`DissipatorDynamics`): the work is O(nnz(A_α) · nnz per column
/// of G + nnz(D_α)) after one O(n²) pass over G, so a bath on one mode of a large network costs O(n²), not O(n³).
public func heatRate(hamiltonian h: QuadraticHamiltonian, drift aAlpha: RealSparseMatrix, diffusion dAlpha: RealSparseMatrix,
                     covariance v: Matrix<Double>, covarianceLow vl: Matrix<Double>?, mean d: [Double], meanLow dl: [Double]?) -> Double {
  heatRate(counting: CountingColumns(h), drift: aAlpha, diffusion: dAlpha, covariance: v, covarianceLow: vl, mean: d, meanLow: dl)
}

/// As above with G's columns computed once (`CountingColumns`).
public func heatRate(counting c: CountingColumns, drift aAlpha: RealSparseMatrix, diffusion dAlpha: RealSparseMatrix,
                     covariance v: Matrix<Double>, covarianceLow vl: Matrix<Double>?, mean d: [Double], meanLow dl: [Double]?) -> Double {
  let n = v.rows
  let hasMean = d.contains { $0 != 0 }
  let dLow = dl ?? [Double](repeating: 0, count: n)
  // Exploit sparsity of G (diagonal in a normal-mode frame, banded for chains) and of A_α:
  // Tr[G A S] = Σ_{k,j} A_kj Σ_i S_ji G_ik, ½Tr[G D] = ½ Σ_{i,k} G_ik D_ki.
  let g = c.hamiltonian.matrix, gColumns = c.columns
  var q = DoubleDouble.zero
  aAlpha.forEachNonZero { k, j, akj in
    var sg = DoubleDouble.zero
    for (i, gik) in gColumns[k] {
      var sji = DoubleDouble(hi: v[j, i], lo: vl?[j, i] ?? 0)
      if hasMean { sji += DoubleDouble.product(d[j], d[i]) + (d[j] * dLow[i] + dLow[j] * d[i]) }
      sg += sji * gik
    }
    q += sg * akj
  }
  // ½ Σ_{k,i} G_ik D_ki, over the non-zeros D_ki (column i, row k).
  dAlpha.forEachNonZero { k, i, dki in
    let gik = g[i, k]
    if gik != 0 { q += DoubleDouble.product(0.5 * gik, dki) }
  }
  if hasMean {
    // Σ_i c_i Σ_k A_ik d_k, over the non-zeros A_ik (column k, row i).
    var ad = [DoubleDouble](repeating: .zero, count: n)
    aAlpha.forEachNonZero { i, k, aik in ad[i] += DoubleDouble(hi: d[k], lo: dLow[k]) * aik }
    for i in 0..<n where c.hamiltonian.linear[i] != 0 { q += ad[i] * c.hamiltonian.linear[i] }
  }
  return q.value
}

/// Relative tolerance of `classify`'s "no current": |Q̇_α|, |Ẇ| ≤ this × the gross heat. The heat currents are small
/// differences of gross in/out terms of size ~ the gross heat, and lose up to ~1e-13 of it to rounding (issue 13 §2,
/// measured on paper 004's wire); 1e-10 leaves a factor ~10³ above that floor while a genuine current is rarely so
/// small (paper 003's two-mode refrigerator next to ω₁/T₁ = ω₂/T₂, γ = 2, ε = 0.25: |Q̇₁| ≈ 1.6e-7 of Σ_α γω_α(n̄_α + ½)
/// at ω₁/ω₂ = 0.5 − 1e-5, Eq. 18, still a refrigerator — `Paper003Tests.testNoCurrentRegimeAtDegeneratePoint`).
public let noCurrentRelativeTolerance = 1e-10

/// Classifies a two-bath steady state (paper 003, Table I) and computes COP/efficiency with the
/// Otto (Eqs. 22, 24, 57) and Carnot values.
///
/// `grossHeat`: the scale of the heat flows before they cancel into net currents — Σ_α of each bath's gross energy
/// injection ½|Tr[H D_α]| (its outflow Tr[H A_α V] is the same up to the net current). When every |Q̇_α^counted| and
/// |Ẇ| is below `noCurrentRelativeTolerance` × `grossHeat` the regime is `.noCurrent`: the signs of such numbers are
/// rounding noise (paper 003's degenerate point gives Q̇ ~ 1e-15 of either sign, which compared only with each other
/// read as an "accelerator"). Without a gross scale (0) the old relative rule applies.
public func classify(baths: [BathHeat], workRate w: Double, grossHeat: Double = 0) -> Performance? {
  guard baths.count == 2, baths[0].temperature != baths[1].temperature else { return nil }
  let c = baths[0].temperature < baths[1].temperature ? 0 : 1, h = 1 - c
  let qc = baths[c].countedHeat, qh = baths[h].countedHeat
  let tc = baths[c].temperature, th = baths[h].temperature
  let scale = abs(qc) + abs(qh) + abs(w)
  let wc = baths[c].localFrequency, wh = baths[h].localFrequency
  let floor = noCurrentRelativeTolerance * grossHeat
  if grossHeat > 0, [qc, qh, w, baths[c].heat, baths[h].heat].allSatisfy({ abs($0) <= floor }) {
    return Performance(regime: .noCurrent, value: nil, otto: nil, carnot: nil, coldBath: c, hotBath: h)
  }
  if abs(w) <= 1e-10 * scale {
    return Performance(regime: .conductor, value: nil, otto: nil, carnot: nil, coldBath: c, hotBath: h)
  }
  if w > 0 && qc > 0 {
    let otto = (wc != nil && wh != nil && wh! != wc!) ? wc! / (wh! - wc!) : nil
    return Performance(regime: .refrigerator, value: qc / w, otto: otto, carnot: tc / (th - tc), coldBath: c, hotBath: h)
  }
  if w < 0 {
    let otto = (wc != nil && wh != nil) ? 1 - wc! / wh! : nil
    return Performance(regime: .engine, value: qh > 0 ? -w / qh : nil, otto: otto, carnot: 1 - tc / th, coldBath: c, hotBath: h)
  }
  return Performance(regime: qh > 0 ? .accelerator : .heater, value: nil, otto: nil, carnot: nil, coldBath: c, hotBath: h)
}

/// Σ = −Σ_α Q̇_α/T_α for heats Q̇_α (> 0 into the system) from baths at T_α; ±∞ when a bath at T = 0 exchanges heat.
public func entropyProduction(_ heats: [(q: Double, t: Double)]) -> Double {
  var sigma = 0.0
  for (q, t) in heats {
    if t > 0 { sigma -= q / t } else if q < 0 { return .infinity } else if q > 0 { return -.infinity }
  }
  return sigma
}

extension GaussianSteadyState {
  /// Tr{H 𝓛_k ρ}: the rate at which dissipator `k` changes ⟨H⟩, from the double-double state
  /// (`frameCovariance` + `frameCovarianceLow`) in double-double arithmetic — no cancellation between the gross
  /// bath terms (see `heatRate(hamiltonian:drift:diffusion:covariance:covarianceLow:mean:meanLow:)`).
  /// `h` is in the equation's frame (e.g. `equation.hamiltonian` or a dissipator's counting Hamiltonian).
  public func heatRate(dissipator k: Int, countedWith h: QuadraticHamiltonian) -> Double {
    heatRate(dissipator: k, countedWith: CountingColumns(h))
  }

  /// As above with the counting Hamiltonian's columns computed once.
  public func heatRate(dissipator k: Int, countedWith c: CountingColumns) -> Double {
    let p = dynamics.perDissipator[k]
    return ClausiusThermodynamics.heatRate(counting: c, drift: p.sparseDrift, diffusion: p.sparseDiffusion, covariance: frameCovariance, covarianceLow: frameCovarianceLow,
                                           mean: frameMean, meanLow: frameMeanLow)
  }

  /// Tr{H 𝓛_k ρ} for every dissipator k, all counted with the same `h`.
  public func heatRates(countedWith h: QuadraticHamiltonian) -> [Double] {
    let c = CountingColumns(h)
    return dynamics.perDissipator.indices.map { heatRate(dissipator: $0, countedWith: c) }
  }

  /// Heat per bath, work, first and second law and the operating regime of this steady state.
  /// Units: frequency² (energy per time, ħ = 1); signs as in docs/conventions.md.
  public var thermodynamics: ThermodynamicsReport {
    let eq = equation
    var baths: [BathHeat] = []
    let full = CountingColumns(eq.hamiltonian)
    for (k, d) in eq.dissipators.enumerated() {
      let q = heatRate(dissipator: k, countedWith: full)
      let qc = heatRate(dissipator: k, countedWith: d.countingHamiltonian)
      baths.append(BathHeat(name: d.bathName, temperature: d.temperature, heat: q, countedHeat: qc, localFrequency: d.localFrequency))
    }
    // Scale for round-off: net heats plus the gross injection ½Tr[H D_α] of each bath (never zero).
    let n2 = frameCovariance.rows
    let zeroV = Matrix<Double>(rows: n2, columns: n2), zeroD = [Double](repeating: 0, count: n2)
    let gross = dynamics.perDissipator.reduce(0.0) { $0 + abs(ClausiusThermodynamics.heatRate(counting: full, drift: $1.sparseDrift, diffusion: $1.sparseDiffusion, covariance: zeroV, covarianceLow: nil, mean: zeroD, meanLow: nil)) }
    return ThermodynamicsReport(baths: baths, grossHeat: gross)
  }
}

extension ThermodynamicsReport {
  /// The report of heats `baths` (global and counted per bath): Ẇ = Σ_α (Q̇_α − Q̇_α^counted), the first law
  /// d⟨H_S⟩/dt = Σ_α Q̇_α on the scale |Ẇ| + `grossHeat` + Σ_α (|Q̇_α| + |Q̇_α^counted|), the second law
  /// Σ = −Σ_α Q̇_α^counted/T_α ≥ −1e-9 scale/T_min, and the regime (`classify`). `grossHeat`: Σ_α ½|Tr[H_S D_α]|.
  public init(baths: [BathHeat], grossHeat gross: Double) {
    let work = baths.reduce(0) { $0 + $1.heat - $1.countedHeat }
    let energyRate = baths.reduce(0) { $0 + $1.heat }
    let scale = baths.reduce(abs(work) + gross) { $0 + abs($1.heat) + abs($1.countedHeat) }
    let sigma = entropyProduction(baths.map { ($0.countedHeat, $0.temperature) })
    let sigmaGlobal = entropyProduction(baths.map { ($0.heat, $0.temperature) })
    let tMin = baths.map(\.temperature).filter { $0 > 0 }.min() ?? 1
    let second = SecondLawAudit(entropyProduction: sigma, globalHeatEntropyProduction: sigmaGlobal, tolerance: 1e-9 * scale / tMin)
    self.init(baths: baths, workRate: work, firstLaw: FirstLawAudit(energyRate: energyRate, scale: scale),
              secondLaw: second, performance: classify(baths: baths, workRate: work, grossHeat: gross))
  }
}

/// Thermodynamics of the finite-τ collision model per unit time at its stroboscopic steady state.
/// Reference: paper 003, Eq. (42) and Appendix B (Eqs. B7–B8).
public struct CollisionalThermodynamics: Sendable {
  /// Q̇_i = −ΔE_{E_i}/τ, energy leaving ancilla i per unit time (into the system).
  public let heats: [Double]
  /// Ẇ = δW/τ with δW = ⟨H_int⟩_before − ⟨H_int⟩_after = −⟨H_int⟩′ (switching the coupling on
  /// and off; ⟨H_int⟩_before = 0 for a fresh thermal ancilla). > 0: work done on system + ancillas.
  public let workRate: Double
  /// ΔE_S/τ over a stroke (zero at the fixed point).
  public let systemEnergyRate: Double
  /// |ΔE_S + ΣΔE_E − δW| / τ: energy conservation of the stroke unitary (Eq. B8), round-off only.
  public let energyConservationResidual: Double
  /// Σ = −Σ Q̇_i/T_i.
  public let entropyProduction: Double
}

extension CollisionalSteadyState {
  public var thermodynamics: CollisionalThermodynamics {
    let m = model
    let s = m.stroke(covariance)   // one stroke from the fixed point (CollisionStroke.swift)
    let tau = m.interactionTime
    let heats = s.heats.map { $0 / tau }
    let temps = m.network.baths.map(\.temperature)
    return CollisionalThermodynamics(heats: heats, workRate: s.work / tau, systemEnergyRate: s.systemEnergyChange / tau,
                                     energyConservationResidual: s.energyConservationResidual / tau,
                                     entropyProduction: entropyProduction(zip(heats, temps).map { ($0, $1) }))
  }
}
