import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusSteadyState
import ClausiusThermodynamics
import ClausiusInformation
import Foundation
import Numerics

/// The heat, work and energy columns every trajectory reports, over `times` (docs/time-evolution.md). Signs as in
/// docs/conventions.md: heat > 0 into the system, work > 0 on the system.
public struct HeatColumns: Sendable {
  public let times: [Double]
  public let bathNames: [String]
  /// Q̇_α(t) per bath (outer index) and time, counted with the whole system Hamiltonian (global H_S, full H).
  public internal(set) var heat: [[Double]]
  /// Q̇_α(t) counted with the dissipator's own Hamiltonian (local H_i for local equations; = `heat` otherwise).
  public internal(set) var countedHeat: [[Double]]
  /// Q_α(t) = ∫₀ᵗ Q̇_α, exact (no quadrature of the listed points).
  public internal(set) var integratedHeat: [[Double]]
  public internal(set) var integratedCountedHeat: [[Double]]
  /// Ẇ(t) = Σ_α (Q̇_α − Q̇_α^counted) and W(t) = ∫₀ᵗ Ẇ (paper 003, Eqs. 15, 17, 43).
  public internal(set) var workRate: [Double] = []
  public internal(set) var integratedWork: [Double] = []
  /// ⟨H⟩(t) and d⟨H⟩/dt from the assembled generator.
  public internal(set) var energy: [Double] = []
  public internal(set) var energyRate: [Double] = []
  /// max_t |d⟨H⟩/dt − Σ_α Q̇_α| / scale(t), scale = the gross heat Σ_α(|Q̇_α| + gross injection) + |Ẇ|: the first law at every time.
  public internal(set) var firstLawResidual = 0.0
  /// max_{t>0} |⟨H⟩(t) − ⟨H⟩(0) − Σ_α Q_α(t)| / (the gross heat exchanged up to t): the integrated first law, which
  /// compares the propagated state with the exact time integral — two independent routes.
  public internal(set) var integratedFirstLawResidual = 0.0

  init(times: [Double], bathNames: [String]) {
    self.times = times; self.bathNames = bathNames
    let empty = [[Double]](repeating: [], count: bathNames.count)
    heat = empty; countedHeat = empty; integratedHeat = empty; integratedCountedHeat = empty
  }

  /// Appends one time: the per-bath rates and integrals, ⟨H⟩ and d⟨H⟩/dt, and updates both first-law residuals
  /// (`gross`: the rate scale; `integratedGross`: the integrated one, 0 at t = 0; `energy0` = ⟨H⟩(0)).
  mutating func append(heat q: [Double], counted qc: [Double], integrated qi: [Double], integratedCounted qci: [Double],
                       energy e: Double, energyRate eRate: Double, energy0: Double, gross: Double, integratedGross: Double) {
    for b in bathNames.indices {
      heat[b].append(q[b]); countedHeat[b].append(qc[b]); integratedHeat[b].append(qi[b]); integratedCountedHeat[b].append(qci[b])
    }
    let sumQ = q.reduce(0, +), w = sumQ - qc.reduce(0, +), sumI = qi.reduce(0, +), wi = sumI - qci.reduce(0, +)
    workRate.append(w); integratedWork.append(wi); energy.append(e); energyRate.append(eRate)
    firstLawResidual = Swift.max(firstLawResidual, abs(eRate - sumQ) / Swift.max(gross + abs(w), .leastNormalMagnitude))
    if integratedGross > 0 {
      integratedFirstLawResidual = Swift.max(integratedFirstLawResidual, abs(e - energy0 - sumI) / Swift.max(integratedGross + abs(wi), .leastNormalMagnitude))
    }
  }
}

/// A Gaussian state's heat, work, energy and occupations along time (`columns`, read as `trajectory.heat`, …).
@dynamicMemberLookup
public struct GaussianTrajectory: Sendable {
  public internal(set) var columns: HeatColumns
  public subscript<T>(dynamicMember key: KeyPath<HeatColumns, T>) -> T { columns[keyPath: key] }
  public let temperatures: [Double]
  /// ⟨a_j†a_j⟩(t), per mode (outer index) and time.
  public internal(set) var occupations: [[Double]]
  /// Σ(t) = S(t) − S(0) − Σ_α Q_α^counted(t)/T_α (integrated entropy production, ≥ 0 for GKLS equations — Spohn's
  /// inequality per dissipator); nil when a bath is at T = 0 or the system is too large for the symplectic spectrum.
  public internal(set) var entropyProduction: [Double]?
  /// min eig(V(t) + iΩ/2) (≥ 0 for a physical state); nil above `GaussianEvolution.spectralDiagnosticsModes`.
  public internal(set) var uncertaintyMargin: [Double]?
  /// Covariance and mean (quadratures) at the last time.
  public internal(set) var finalCovariance: Matrix<Double>
  public internal(set) var finalMean: [Double]
  /// The route taken (`GaussianEvolutionMethod`): "propagation" or "spectral".
  public internal(set) var method = "propagation"
  /// κ₁(R) of the drift's eigenvectors on the spectral route (its round-off amplification); nil on propagation.
  public internal(set) var eigenvectorCondition: Double? = nil
}

/// Exact moment dynamics of a time-independent quadratic master equation.
///
/// With drift A, diffusion D and offset b (`GaussianDynamics`, dV/dt = AV + VAᵀ + D, dd/dt = Ad + b) and the steady
/// state (V∞, d∞) (`gaussianSteadyState`, A V∞ + V∞Aᵀ + D = 0, A d∞ + b = 0):
///   V(t) = e^{At}(V₀ − V∞)e^{Aᵀt} + V∞,  d(t) = e^{At}(d₀ − d∞) + d∞
/// — no ODE error; e^{At} by Higham's scaling and squaring (`Matrix.exponential`), propagated step by step
/// (X_{k+1} = E X_k Eᵀ with E = e^{A(t_{k+1} − t_k)} computed once per distinct step, so a uniform grid costs one
/// exponential and two matrix products per output time).
///
/// Heat: Q̇_α(t) = Tr[G A_α S(t)] + ½Tr[G D_α] + cᵀA_α d(t), S = V + ddᵀ (the same `heatRate` as the steady state).
/// Integrated heat, exactly: with δ = d − d∞, P = (V − V∞) + δδᵀ (dP/dt = AP + PAᵀ) and L(Y) = AY + YAᵀ,
///   ∫₀ᵗ S = t S∞ + L⁻¹(P(t) − P(0)) + d∞ Iᵀ + I d∞ᵀ,  ∫₀ᵗ d = t d∞ + I,  I = A⁻¹(δ(t) − δ(0)),
/// so Q_α(t) = t Q̇_α^∞ + Tr[G A_α (∫S − t S∞)] + cᵀA_α I. The Lyapunov term is evaluated through the adjoint: with
/// K = G A_α and AᵀW + WA = ½(K + Kᵀ) (one solve per bath and counting Hamiltonian, before the time loop),
/// Tr[K L⁻¹(R)] = ⟨W, R⟩_F for symmetric R — O(N²) per output time instead of a Lyapunov solve.
///
/// **Energy.** `heat`, ⟨H⟩ and d⟨H⟩/dt are counted with `energyHamiltonian`: the equation's H by default; a family
/// whose thermodynamic energy is another conserved quadratic form gives it (the cascade of paper 001, written in the
/// frame rotating at ω_q: H_E = ω_q N + H). H_E must commute with H ([H_E, H] = 0, checked), so that
/// d⟨H_E⟩/dt = Σ_α Tr{H_E 𝓓_α ρ}. The entropy production is always counted with the dissipators' own counting
/// Hamiltonians (`countedHeat`: the ones they are in detailed balance with, so that Σ(t) ≥ 0 by Spohn's inequality).
public struct GaussianEvolution: Sendable {
  public let equation: MasterEquation
  /// The Hamiltonian (equation's frame) whose expectation is `energy` and with which `heat` is counted: the equation's
  /// H unless given.
  public let energyHamiltonian: QuadraticHamiltonian
  /// The steady state of the generator (V∞, d∞ and its currents Q̇_α^∞).
  public let steadyState: GaussianSteadyState
  /// −max Re λ(A): the slowest relaxation rate of the mean (the covariance relaxes at up to twice it).
  public let spectralGap: Double
  /// Systems up to this many modes get the per-time uncertainty margin and entropy (each O(N³)).
  public static let spectralDiagnosticsModes = 200

  /// Schur form of Aᵀ, for the adjoint Lyapunov equations of the integrated heat (propagation route); nil when the
  /// spectral route will be taken (then made on demand by `evolve(…, method: .propagation)`).
  let adjoint: LyapunovSolver?
  /// The drift's eigen-decomposition for the spectral route (GaussianSpectralEvolution.swift), or nil with the reason.
  let spectral: SpectralDrift?
  /// Why the spectral route is not available (nil when it is).
  public let spectralUnavailable: String?

  /// Prepares the evolution with `equation`'s generator. Throws `NumericsError.unstableDrift` when A has an eigenvalue
  /// with Re λ ≥ 0 (no steady state to relax to).
  /// `energyHamiltonian` (nil: the equation's H) must commute with H: sym(G_E Ω G) = 0, G_E Ω c − G Ω c_E = 0 and
  /// c_Eᵀ Ω c = 0 to 1e-12 relative (otherwise `DynamicsError.invalidParameter`).
  public init(equation: MasterEquation, energyHamiltonian: QuadraticHamiltonian? = nil) throws {
    self.equation = equation
    if let he = energyHamiltonian { try Self.checkCommutes(he, equation.hamiltonian) }
    self.energyHamiltonian = energyHamiltonian ?? equation.hamiltonian
    self.steadyState = try equation.gaussianSteadyState()
    var spectral: SpectralDrift? = nil, reason: String? = nil
    do { (spectral, reason) = try Self.spectralDrift(equation, steadyState, energy: self.energyHamiltonian) } catch { reason = "the drift's eigen-decomposition failed (\(error))" }
    self.spectral = spectral; self.spectralUnavailable = reason
    let modes = steadyState.dynamics.drift.rows / 2
    if let s = spectral, modes > Self.spectralDiagnosticsModes {
      self.adjoint = nil
      self.spectralGap = -(s.lambda.map(\.real).max() ?? -.infinity)   // λ(A) = λ(K) ∪ conj λ(K)
    } else {
      let adjoint = try LyapunovSolver(drift: steadyState.dynamics.drift.transposed)
      self.adjoint = adjoint
      self.spectralGap = -adjoint.schur.spectralAbscissa   // λ(Aᵀ) = λ(A)
    }
  }

  /// [H_E, H] = 0 for quadratic H_E = ½rᵀG_E r + c_Eᵀr, H = ½rᵀG r + cᵀr (i[H, r] = Ω(G r + c)).
  static func checkCommutes(_ he: QuadraticHamiltonian, _ h: QuadraticHamiltonian) throws {
    let n2 = h.matrix.rows
    guard he.matrix.rows == n2, he.linear.count == n2 else {
      throw DynamicsError.invalidParameter(name: "energy Hamiltonian", value: "\(he.matrix.rows / 2) modes", allowed: "the equation's \(n2 / 2) modes")
    }
    let omega = Conventions.symplecticForm(modes: n2 / 2)
    let m = he.matrix * omega * h.matrix
    let quadratic = (m + m.transposed).maxAbs
    let lin = zip(he.matrix * (omega * h.linear), h.matrix * (omega * he.linear)).map { abs($0 - $1) }.max() ?? 0
    let oc = omega * h.linear
    let constant = abs(zip(he.linear, oc).reduce(0.0) { $0 + $1.0 * $1.1 })
    let scale = Swift.max(he.matrix.maxAbs, he.linear.map(abs).max() ?? 0) * Swift.max(h.matrix.maxAbs, h.linear.map(abs).max() ?? 0)
    let worst = Swift.max(quadratic, lin, constant)
    guard worst <= 1e-12 * Swift.max(scale, .leastNormalMagnitude) else {
      throw DynamicsError.invalidParameter(name: "energy Hamiltonian", value: "[H_E, H] of size \(worst)",
                                           allowed: "a quadratic form commuting with H (d⟨H_E⟩/dt = Σ_α Q̇_α needs it)")
    }
  }

  /// 1/gap: the relaxation time of the slowest mode of the mean.
  public var relaxationTime: Double { 1 / spectralGap }

  /// Evolves `initial` to `times` (increasing, ≥ 0; the state is given at t = 0). `progress(k, n)` is called after
  /// each time point.
  public func evolve(from initial: GaussianInitialState, times: [Double], method: GaussianEvolutionMethod = .automatic,
                     progress: ((Int, Int) -> Void)? = nil) throws -> GaussianTrajectory {
    let times = try validatedTimes(times)
    let eq = equation, dyn = steadyState.dynamics
    let n2 = dyn.drift.rows, modes = n2 / 2
    // Frame maps: r̃ = S r.
    var s: Matrix<Double>? = nil, si: Matrix<Double>? = nil
    if case let .normalModes(w) = eq.frame { s = w.symplectic; si = w.inverseSymplectic }
    let quadratureH = eq.inQuadratureFrame().hamiltonian
    let (v0q, d0q) = try initial.moments(hamiltonian: quadratureH)
    let v0 = s.map { ($0 * v0q).multiplied(by: $0, transposeOther: .transpose).symmetrized } ?? v0q
    let d0 = s.map { $0 * d0q } ?? d0q
    let vInf = steadyState.frameCovariance, vInfLow = steadyState.frameCovarianceLow, dInf = steadyState.frameMean
    let hasMean = d0.contains { $0 != 0 } || dInf.contains { $0 != 0 }
    let spectralWanted = method == .spectral || (method == .automatic && modes > Self.spectralDiagnosticsModes)
    if spectralWanted, let s = spectral, !hasMean, covariantEntries(v0 - vInf) != nil {
      var traj = try evolveSpectrally(s, v0q: v0q, v0: v0, times: times, progress: progress)
      traj.method = "spectral"; traj.eigenvectorCondition = s.condition
      return traj
    }
    if method == .spectral {
      throw DynamicsError.failed("the spectral route does not apply: " + (spectralUnavailable ?? (hasMean ? "the state has a mean" : "the initial state is not number-conserving")))
    }
    let adjoint = try self.adjoint ?? LyapunovSolver(drift: dyn.drift.transposed)

    let baths = eq.dissipators.count
    let hE = energyHamiltonian
    let zeroD = Matrix<Double>(rows: n2, columns: n2), zeroMean = [Double](repeating: 0, count: n2)
    let gross = dyn.perDissipator.map { abs(heatRate(hamiltonian: hE, drift: $0.sparseDrift, diffusion: $0.sparseDiffusion, covariance: zeroD, covarianceLow: nil, mean: zeroMean, meanLow: nil)) }
    let qInf = (0..<baths).map { steadyState.heatRate(dissipator: $0, countedWith: hE) }
    let qcInf = (0..<baths).map { steadyState.heatRate(dissipator: $0, countedWith: eq.dissipators[$0].countingHamiltonian) }
    let driftLU = hasMean ? try LUFactorization(dyn.drift) : nil
    /// (K = G A_α, W with AᵀW + WA = sym K, K d∞ + Kᵀ d∞) for a counting Hamiltonian.
    func adjointData(_ h: QuadraticHamiltonian, _ aAlpha: Matrix<Double>) throws -> (w: Matrix<Double>, kd: [Double]) {
      let k = h.matrix * aAlpha
      let ksym = (k + k.transposed) * 0.5
      let w = try adjoint.solve(ksym * -1.0).solution
      let kd = hasMean ? zip(k * dInf, k.transposed * dInf).map { $0 + $1 } : zeroMean
      return (w, kd)
    }
    let adjointGlobal = try dyn.perDissipator.map { try adjointData(hE, $0.drift) }
    let adjointCounted = try (0..<baths).map { try adjointData(eq.dissipators[$0].countingHamiltonian, dyn.perDissipator[$0].drift) }
    let driftParts = hasMean ? dyn.perDissipator.map(\.drift) : []
    let gA = hE.matrix * dyn.drift
    let halfTrGD = 0.5 * (hE.matrix * dyn.diffusion).trace

    let nt = times.count
    var traj = GaussianTrajectory(
      columns: HeatColumns(times: times, bathNames: eq.dissipators.map(\.bathName)), temperatures: eq.dissipators.map(\.temperature),
      occupations: Array(repeating: [], count: modes), entropyProduction: nil, uncertaintyMargin: nil, finalCovariance: v0q, finalMean: d0q)
    let spectral = modes <= Self.spectralDiagnosticsModes
    let withEntropy = spectral && eq.dissipators.allSatisfy { $0.temperature > 0 }
    var entropy: [Double] = [], margins: [Double] = []
    let s0 = withEntropy ? try GaussianInformation.vonNeumannEntropy(v0) : 0

    var x = v0 - vInf
    var delta = (0..<n2).map { d0[$0] - dInf[$0] }
    let p0 = x + outer(delta)
    let delta0 = delta
    let energy0 = hE.expectation(covariance: v0, mean: d0)
    var cache: [(step: Double, exponential: Matrix<Double>)] = []
    var previous = 0.0
    for (k, t) in times.enumerated() {
      let step = t - previous
      if step > 0 {
        // A uniform grid's steps differ in the last bits (t_k = kT/N): steps equal to 8 ulps share one e^{AΔt}
        // (a time shift of ~1e-15 relative, far below every other error).
        let e: Matrix<Double>
        if let c = cache.first(where: { abs($0.step - step) <= 8 * step.ulp }) { e = c.exponential } else {
          e = try (dyn.drift * step).exponential()
          if cache.count < 8 { cache.append((step, e)) }
        }
        x = (e * x).multiplied(by: e, transposeOther: .transpose).symmetrized
        if hasMean { delta = e * delta }
      }
      previous = t
      let v = x + vInf
      let d = (0..<n2).map { dInf[$0] + delta[$0] }
      guard v.isFinite, d.allSatisfy(\.isFinite) else { throw DynamicsError.failed("the covariance at t = \(t) is not finite") }
      // Rates.
      var q = [Double](repeating: 0, count: baths), qc = q, qi = q, qci = q
      var scale = 0.0
      for a in 0..<baths {
        let aa = dyn.perDissipator[a].sparseDrift, da = dyn.perDissipator[a].sparseDiffusion
        q[a] = heatRate(hamiltonian: hE, drift: aa, diffusion: da, covariance: v, covarianceLow: vInfLow, mean: d, meanLow: nil)
        qc[a] = heatRate(hamiltonian: eq.dissipators[a].countingHamiltonian, drift: aa, diffusion: da, covariance: v, covarianceLow: vInfLow, mean: d, meanLow: nil)
        scale += abs(q[a]) + gross[a]
      }
      let e = hE.expectation(covariance: v, mean: d)
      let eRate = energyRate(dyn, hE, gA, halfTrGD, v, d)
      // Exact integrals.
      let iDelta: [Double] = try driftLU.map { lu in try lu.solve((0..<n2).map { delta[$0] - delta0[$0] }) } ?? zeroMean
      let r = x + outer(delta) - p0
      for a in 0..<baths {
        func integral(_ h: QuadraticHamiltonian, _ rateInf: Double, _ adj: (w: Matrix<Double>, kd: [Double])) -> Double {
          var q = t * rateInf
          adj.w.elements.withUnsafeBufferPointer { wb in r.elements.withUnsafeBufferPointer { rb in
            for i in 0..<wb.count { q += wb[i] * rb[i] }
          } }
          if hasMean {
            let ai = driftParts[a] * iDelta
            for i in 0..<n2 { q += h.linear[i] * ai[i] + adj.kd[i] * iDelta[i] }
          }
          return q
        }
        qi[a] = integral(hE, qInf[a], adjointGlobal[a])
        qci[a] = integral(eq.dissipators[a].countingHamiltonian, qcInf[a], adjointCounted[a])
      }
      traj.columns.append(heat: q, counted: qc, integrated: qi, integratedCounted: qci, energy: e, energyRate: eRate, energy0: energy0,
                          gross: scale, integratedGross: t * gross.reduce(0, +) + abs(qi.reduce(0, +)))
      // Occupations in the quadratures.
      let vq = si.map { ($0 * v).multiplied(by: $0, transposeOther: .transpose) } ?? v
      let dq = si.map { $0 * d } ?? d
      for j in 0..<modes {
        traj.occupations[j].append(0.5 * (vq[2 * j, 2 * j] + vq[2 * j + 1, 2 * j + 1]) - 0.5 + 0.5 * (dq[2 * j] * dq[2 * j] + dq[2 * j + 1] * dq[2 * j + 1]))
      }
      if spectral { margins.append((try? v.uncertaintyMargin()) ?? -.infinity) }
      if withEntropy {
        let heatTerm = (0..<baths).reduce(0.0) { $0 + traj.integratedCountedHeat[$1][k] / eq.dissipators[$1].temperature }
        entropy.append(try GaussianInformation.vonNeumannEntropy(v) - s0 - heatTerm)
      }
      if k == nt - 1 { traj.finalCovariance = vq.symmetrized; traj.finalMean = dq }
      progress?(k + 1, nt)
    }
    if spectral { traj.uncertaintyMargin = margins }
    if withEntropy { traj.entropyProduction = entropy }
    return traj
  }
}

/// δδᵀ.
func outer(_ v: [Double]) -> Matrix<Double> { Matrix(rows: v.count, columns: v.count) { i, j in v[i] * v[j] } }

/// d⟨H⟩/dt = ½Tr[G V̇] + dᵀG ḋ + cᵀḋ with V̇ = AV + VAᵀ + D, ḋ = Ad + b from the assembled A, D (not the per-bath parts:
/// the first law Σ_α Q̇_α = d⟨H⟩/dt is then a check, exact up to round-off, since A = ΩG + Σ_α A_α and Tr[G ΩG V] = 0).
/// ½Tr[G(AV + VAᵀ)] = Tr[(GA) V] for symmetric G and V; `gA` = GA and `halfTrGD` = ½Tr[GD] are computed once.
func energyRate(_ dyn: GaussianDynamics, _ h: QuadraticHamiltonian, _ gA: Matrix<Double>, _ halfTrGD: Double, _ v: Matrix<Double>, _ d: [Double]) -> Double {
  let n = v.rows
  var r = halfTrGD
  gA.elements.withUnsafeBufferPointer { ga in v.elements.withUnsafeBufferPointer { vb in
    for j in 0..<n { for i in 0..<n { r += ga[i + j * n] * vb[j + i * n] } }
  } }
  if d.contains(where: { $0 != 0 }) || dyn.driftOffset.contains(where: { $0 != 0 }) {
    let ad = dyn.drift * d
    let ddot = (0..<n).map { ad[$0] + dyn.driftOffset[$0] }
    let gd = h.matrix * d
    for i in 0..<n { r += gd[i] * ddot[i] + h.linear[i] * ddot[i] }
  }
  return r
}
