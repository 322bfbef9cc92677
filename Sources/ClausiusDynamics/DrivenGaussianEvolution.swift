import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation

/// A time-dependent quadratic generator: the master equation at each time (`equation(t)`, in the quadratures' frame —
/// e.g. a network's local equation with its couplings and bath temperatures evaluated at t), and ∂H/∂t (for the drive
/// work). `breakpoints`: times where the generator or ∂H/∂t is discontinuous (the integrator restarts there).
/// `jumps`: the sudden changes ΔH = H(t⁺) − H(t⁻) of the Hamiltonian (step tables), each a breakpoint; the drive does
/// the impulsive work ⟨ΔH⟩ there (added to the integrated drive work, so ⟨H(t)⟩ − ⟨H(0)⟩ = Σ_α Q_α + W_drive still holds).
public struct GaussianDrive: Sendable {
  public let equation: @Sendable (Double) throws -> MasterEquation
  public let hamiltonianRate: @Sendable (Double) -> QuadraticHamiltonian
  public let breakpoints: [Double]
  public let jumps: [(time: Double, change: QuadraticHamiltonian)]
  public init(equation: @escaping @Sendable (Double) throws -> MasterEquation, hamiltonianRate: @escaping @Sendable (Double) -> QuadraticHamiltonian,
              breakpoints: [Double] = [], jumps: [(time: Double, change: QuadraticHamiltonian)] = []) {
    self.equation = equation; self.hamiltonianRate = hamiltonianRate; self.jumps = jumps
    self.breakpoints = Array(Set(breakpoints + jumps.map(\.time))).sorted()
  }
}

/// Moment dynamics of a time-dependent quadratic master equation by SUNDIALS CVODE:
///
///   dV/dt = A(t)V + VA(t)ᵀ + D(t),   dd/dt = A(t)d + b(t)                   (docs/conventions.md, "Gaussian states"),
///
/// with the heat Q̇_α = Tr[G(t) A_α S] + ½Tr[G(t) D_α] + c(t)ᵀA_α d (S = V + ddᵀ; the steady state's `heatRate`), the
/// local heat (counting Hamiltonian of each dissipator) and the drive work Ẇ_drive = ⟨∂_tH⟩ = ½Tr[∂_tG S] + ∂_tcᵀd
/// integrated as extra components of the same ODE; d⟨H⟩/dt = Σ_α Q̇_α + Ẇ_drive is checked at every output time and
/// ⟨H(t)⟩ − ⟨H(0)⟩ = Σ_α Q_α + W_drive along the trajectory (`HeatColumns.appendDriven`).
/// The mean's heat term cᵀA_αd is quadratic in the state (S = V + ddᵀ), so the ODE is linear only without a mean.
///
/// **Methods** (`evolve(…, method:)`): BDF with Newton iterations — up to `denseLimit` unknowns (N ≤ 5 modes; GMRES was
/// already 4× faster at N = 10, BENCHMARKS.md) on a dense LU of the
/// Jacobian formed by differencing the right-hand side (exact for the affine part), above it matrix-free GMRES
/// (SPGMR) with J·v = [f(y + v) − f(y − v)]/2, exact for a right-hand side that is at most quadratic in y (it is:
/// affine moment equations, heat quadratic in the mean) at two O(N³) evaluations, where the dense route's N(2N)²
/// difference columns and its LU cost O(N⁶); or Adams–Moulton with fixed-point iteration (no linear solver), for
/// weakly damped, oscillatory models that are not stiff (`evolve --ode-method adams`).
///
/// **Energy.** `energyOffset` K (nil: none) adds a fixed quadratic form to H(t) in the heat, ⟨H⟩ and d⟨H⟩/dt: the energy
/// is H_E(t) = H(t) + K, e.g. the cascade's H_E = ω_q N + H(t) of a model written in the frame rotating at ω_q
/// (`GaussianEvolution`'s `energyHamiltonian` of the static case). K must commute with H(t) (checked at t = 0 and at
/// every output time), so the unitary part conserves it and
///   d⟨H_E⟩/dt = ⟨∂_tH⟩ + Σ_α Tr{H_E(t) 𝓓_α(t)ρ} = Ẇ_drive + Σ_α Q̇_α,
/// with the heat counted with H_E(t) and the work of the modulated H(t) alone (K is not modulated).
public struct DrivenGaussianEvolution: Sendable {
  public let drive: GaussianDrive
  public let modeCount: Int
  public let bathNames: [String]
  public let energyOffset: QuadraticHamiltonian?

  public init(drive: GaussianDrive, energyOffset: QuadraticHamiltonian? = nil) throws {
    let eq0 = try drive.equation(0)
    guard case .quadratures = eq0.frame else {
      throw DynamicsError.invalidParameter(name: "time-dependent \(eq0.derivation) equation", value: "normal-mode frame",
                                           allowed: "an equation in the quadratures' frame (the local equation): a global or Redfield dissipator follows the normal modes of H(t)")
    }
    if let k = energyOffset { try GaussianEvolution.checkCommutes(k, eq0.hamiltonian) }
    self.drive = drive; modeCount = eq0.modeCount; bathNames = eq0.dissipators.map(\.bathName); self.energyOffset = energyOffset
  }

  /// H_E(t) = H(t) + K.
  func energy(_ h: QuadraticHamiltonian) -> QuadraticHamiltonian {
    guard let k = energyOffset else { return h }
    return QuadraticHamiltonian(matrix: h.matrix + k.matrix, linear: zip(h.linear, k.linear).map { $0 + $1 })
  }

  /// Unknowns (moments and the integrated heats and work) up to which BDF's Newton systems use a dense LU.
  public static let denseLimit = 150

  /// Evolves `initial` (moments from H(0)) to `times` with CVODE at relative tolerance `tolerance`; `method`: BDF (dense
  /// LU up to `denseLimit` unknowns, GMRES above) or `.adams` (Adams–Moulton with fixed-point iteration: no Jacobian,
  /// no linear solver — for weakly damped, oscillatory models). `observe` (if given) sees the state at each output
  /// time: (index, t, V, d, the equation at t) — e.g. for an entropy production rate.
  public func evolve(from initial: GaussianInitialState, times: [Double], tolerance: Double = 1e-9, method: CVODEIntegrator.Method = .bdf,
                     progress: ((Int, Int) -> Void)? = nil,
                     observe: ((Int, Double, Matrix<Double>, [Double], MasterEquation) throws -> Void)? = nil) throws -> DrivenGaussianTrajectory {
    let times = try validatedTimes(times)
    guard tolerance >= 1e-13, tolerance < 1e-2 else { throw DynamicsError.invalidParameter(name: "tolerance", value: "\(tolerance)", allowed: "in [1e-13, 1e-2)") }
    let eq0 = try drive.equation(0)
    let n2 = 2 * modeCount, nv = n2 * n2, nb = eq0.dissipators.count
    let (v0, d0) = try initial.moments(hamiltonian: eq0.hamiltonian)
    // The generator at t, cached for the last time asked (CVODE evaluates several right-hand sides per time: Newton
    // iterations, GMRES products): the equation, its moment dynamics, the heat counting of H_E(t) and ∂_tH.
    final class Cache: @unchecked Sendable {
      var t = Double.nan
      var eq: MasterEquation?
      var dyn: GaussianDynamics?
      var counting: CountingColumns?
      var rate: QuadraticHamiltonian?
    }
    let cache = Cache()
    var failure: Error?
    func generator(_ t: Double) -> (MasterEquation, GaussianDynamics)? {
      if t == cache.t, let e = cache.eq, let d = cache.dyn { return (e, d) }
      do {
        let e = try drive.equation(t)
        guard e.modeCount == modeCount, e.dissipators.count == nb else { throw DynamicsError.failed("the generator at t = \(t) changed its modes or dissipators") }
        cache.t = t; cache.eq = e; cache.dyn = e.gaussianDynamics
        cache.counting = CountingColumns(energy(e.hamiltonian)); cache.rate = drive.hamiltonianRate(t)
        return (e, cache.dyn!)
      } catch { failure = failure ?? error; return nil }
    }
    let extra = 2 * nb + 1, n = nv + n2 + extra
    let rhs: CVODEIntegrator.RightHandSide = { t, y, ydot in
      guard let (eq, dyn) = generator(t) else { for i in 0..<n { ydot[i] = .nan }; return }
      let v = Matrix<Double>(rows: n2, columns: n2, columnMajor: Array(UnsafeBufferPointer(start: y, count: nv)))
      let d = Array(UnsafeBufferPointer(start: y + nv, count: n2))
      let av = dyn.drift * v
      for j in 0..<n2 { for i in 0..<n2 { ydot[i + j * n2] = av[i, j] + av[j, i] + dyn.diffusion[i, j] } }
      let ad = dyn.drift * d
      for i in 0..<n2 { ydot[nv + i] = ad[i] + dyn.driftOffset[i] }
      let q = ydot + nv + n2
      // The sparse parts directly (their dense `drift`/`diffusion` would be built and scanned again on every call).
      let full = cache.counting!
      for (k, part) in dyn.perDissipator.enumerated() {
        q[k] = heatRate(counting: full, drift: part.sparseDrift, diffusion: part.sparseDiffusion, covariance: v, covarianceLow: nil, mean: d, meanLow: nil)
        q[nb + k] = heatRate(hamiltonian: eq.dissipators[k].countingHamiltonian, drift: part.sparseDrift, diffusion: part.sparseDiffusion,
                             covariance: v, covarianceLow: nil, mean: d, meanLow: nil)
      }
      q[2 * nb] = cache.rate!.expectation(covariance: v, mean: d)
    }
    var y0 = v0.elements + d0 + [Double](repeating: 0, count: extra)
    var report = ODEReport()
    report.solver = method == .bdf ? "CVODE BDF (Newton)" : "CVODE Adams (fixed-point iteration)"
    let dense = CVODEIntegrator.LinearSolver.dense { t, y, jac in
      // Column c of J by a forward difference at y (exact for the parts linear in the state; the heat's ddᵀ term is
      // quadratic in the mean, its difference error is δ·|∂²|, far below the Newton iteration's needs).
      var f0 = [Double](repeating: 0, count: n), f1 = f0
      var x = Array(UnsafeBufferPointer(start: y, count: n))
      f0.withUnsafeMutableBufferPointer { rhs(t, x, $0.baseAddress!) }
      for c in 0..<(nv + n2) {
        let h = 1e-7 * max(1, abs(x[c]))
        let keep = x[c]; x[c] += h
        f1.withUnsafeMutableBufferPointer { rhs(t, x, $0.baseAddress!) }
        x[c] = keep
        for r in 0..<n { jac[r + c * n] = (f1[r] - f0[r]) / h }
      }
    }
    let linear: CVODEIntegrator.LinearSolver
    if method == .adams {
      linear = .fixedPoint(acceleration: 0); report.linearSolver = "none (fixed-point iteration)"
    } else if n <= Self.denseLimit {
      linear = dense; report.linearSolver = "dense LU (difference Jacobian of the moment equations)"
    } else {
      // J·v = [f(y + v) − f(y − v)]/2: exact for f at most quadratic in y (central differences of a quadratic).
      var plus = [Double](repeating: 0, count: n), minus = plus, fp = plus, fm = plus
      linear = .gmres(jacobianTimes: { t, y, v, jv in
        for i in 0..<n { plus[i] = y[i] + v[i]; minus[i] = y[i] - v[i] }
        fp.withUnsafeMutableBufferPointer { rhs(t, plus, $0.baseAddress!) }
        fm.withUnsafeMutableBufferPointer { rhs(t, minus, $0.baseAddress!) }
        for i in 0..<n { jv[i] = 0.5 * (fp[i] - fm[i]) }
      }, krylovDimension: 30)
      report.linearSolver = "GMRES (SPGMR, matrix-free J·v from two right-hand sides)"
    }
    report.relativeTolerance = tolerance; report.absoluteTolerance = tolerance * 1e-2
    let solver = try CVODEIntegrator(initialTime: 0, state: y0, relativeTolerance: tolerance, absoluteTolerance: tolerance * 1e-2,
                                     linearSolver: linear, method: method, rightHandSide: rhs)
    var traj = DrivenGaussianTrajectory(columns: HeatColumns(times: times, bathNames: bathNames),
                                        occupations: Array(repeating: [], count: modeCount), finalCovariance: v0, finalMean: d0)
    let breaks = drive.breakpoints.filter { $0 > 0 }
    var energy0 = 0.0, lastGross = 0.0, integratedGross = 0.0, previous = 0.0
    var lastV = v0
    for (kt, t) in times.enumerated() {
      while solver.time < t {
        let next = breaks.first { $0 > solver.time && $0 <= t }
        let target = next ?? t
        y0 = try solver.advance(to: target, stopAt: target)
        if let failure { throw failure }
        if let b = next {
          // Impulsive work of the Hamiltonian's jumps at b: ⟨ΔH⟩ in the state at b.
          let vb = Matrix<Double>(rows: n2, columns: n2, columnMajor: Array(y0[0..<nv])), db = Array(y0[nv..<(nv + n2)])
          for j in drive.jumps where j.time == b { y0[nv + n2 + 2 * nb] += j.change.expectation(covariance: vb, mean: db) }
          report.add(solver.statistics); report.restarts += 1; try solver.reinitialize(time: b, state: y0)
        }
      }
      let y = y0
      let v = Matrix<Double>(rows: n2, columns: n2, columnMajor: Array(y[0..<nv])).symmetrized
      let d = Array(y[nv..<(nv + n2)])
      guard v.isFinite, d.allSatisfy(\.isFinite) else { throw DynamicsError.failed("the covariance at t = \(t) is not finite") }
      var ydot = [Double](repeating: 0, count: n)
      ydot.withUnsafeMutableBufferPointer { rhs(t, y, $0.baseAddress!) }
      if let failure { throw failure }
      guard let (eq, dyn) = generator(t) else { throw failure ?? DynamicsError.failed("generator at t = \(t)") }
      let q = Array(ydot[(nv + n2)..<(nv + n2 + nb)]), qc = Array(ydot[(nv + n2 + nb)..<(nv + n2 + 2 * nb)])
      let wd = ydot[nv + n2 + 2 * nb]
      let qi = Array(y[(nv + n2)..<(nv + n2 + nb)]), qci = Array(y[(nv + n2 + nb)..<(nv + n2 + 2 * nb)])
      let wi = y[nv + n2 + 2 * nb]
      if let k = energyOffset { try GaussianEvolution.checkCommutes(k, eq.hamiltonian) }
      let hE = energy(eq.hamiltonian)
      let e = hE.expectation(covariance: v, mean: d)
      if kt == 0 { energy0 = e }
      let gA = hE.matrix * dyn.drift
      let eRate = energyRate(dyn, hE, gA, 0.5 * (hE.matrix * dyn.diffusion).trace, v, d) + wd
      let zero = Matrix<Double>(rows: n2, columns: n2), zeroMean = [Double](repeating: 0, count: n2)
      let gross = q.map(abs).reduce(0, +) + dyn.perDissipator.reduce(0.0) {
        $0 + abs(heatRate(hamiltonian: hE, drift: $1.sparseDrift, diffusion: $1.sparseDiffusion, covariance: zero, covarianceLow: nil, mean: zeroMean, meanLow: nil))
      } + abs(wd)
      integratedGross += 0.5 * (gross + (kt == 0 ? gross : lastGross)) * (t - previous)
      lastGross = gross
      traj.columns.appendDriven(heat: q, counted: qc, integrated: qi, integratedCounted: qci, driveWorkRate: wd, integratedDriveWork: wi,
                                energy: e, energyRate: eRate, energy0: energy0, gross: gross, integratedGross: integratedGross + abs(wi))
      traj.driveWorkRate.append(wd); traj.integratedDriveWork.append(wi)
      for j in 0..<modeCount {
        traj.occupations[j].append(0.5 * (v[2 * j, 2 * j] + v[2 * j + 1, 2 * j + 1]) - 0.5 + 0.5 * (d[2 * j] * d[2 * j] + d[2 * j + 1] * d[2 * j + 1]))
      }
      traj.uncertaintyMargin.append(modeCount <= GaussianEvolution.spectralDiagnosticsModes ? ((try? v.uncertaintyMargin()) ?? -.infinity) : .nan)
      traj.stateChange.append(kt == 0 ? 0 : (v - lastV).maxAbs)
      lastV = v
      traj.finalCovariance = v; traj.finalMean = d
      try observe?(kt, t, v, d, eq)
      previous = t
      progress?(kt + 1, times.count)
    }
    report.add(solver.statistics)
    traj.ode = report
    return traj
  }
}

/// Heat, work, energy and occupations along a time-dependent Gaussian evolution.
@dynamicMemberLookup
public struct DrivenGaussianTrajectory: Sendable {
  public internal(set) var columns: HeatColumns
  public subscript<T>(dynamicMember key: KeyPath<HeatColumns, T>) -> T { columns[keyPath: key] }
  /// ⟨a_j†a_j⟩(t) per mode (outer index) and time.
  public internal(set) var occupations: [[Double]]
  public internal(set) var driveWorkRate: [Double] = []
  public internal(set) var integratedDriveWork: [Double] = []
  /// min eig(V + iΩ/2) per time (NaN above `GaussianEvolution.spectralDiagnosticsModes` modes).
  public internal(set) var uncertaintyMargin: [Double] = []
  /// max |V(t_k) − V(t_{k−1})| (0 at k = 0).
  public internal(set) var stateChange: [Double] = []
  public internal(set) var ode = ODEReport()
  public internal(set) var finalCovariance: Matrix<Double>
  public internal(set) var finalMean: [Double]

  init(columns: HeatColumns, occupations: [[Double]], finalCovariance: Matrix<Double>, finalMean: [Double]) {
    self.columns = columns; self.occupations = occupations; self.finalCovariance = finalCovariance; self.finalMean = finalMean
  }
}
