import CLapack
import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusSteadyState
import ClausiusThermodynamics
import Numerics

/// How `GaussianEvolution.evolve` propagates the moments (docs/time-evolution.md, "Two exact routes").
public enum GaussianEvolutionMethod: Sendable {
  /// `spectral` when the equation allows it (number-conserving, no mean, well-conditioned eigenvectors) and the system
  /// has more than `GaussianEvolution.spectralDiagnosticsModes` modes; `propagation` otherwise.
  case automatic
  /// V(t_{k+1}) − V∞ = E (V(t_k) − V∞) Eᵀ, E = e^{AΔt}: two dense products of size 2N per output time.
  case propagation
  /// The eigen-decomposition of the drift's N × N complex form, O(N s²) per output time (s = the modes not yet
  /// decayed below 10⁻³⁰); throws `DynamicsError.failed` when the equation does not allow it.
  case spectral
}

/// The eigen-decomposition K = R Λ R⁻¹ of a number-conserving drift's complex form K = φ(A) (`PhaseCovariantForm`):
/// A Ω = Ω A, so φ is an algebra isomorphism onto N × N complex matrices with φ(Aᵀ) = φ(A)†, φ(e^{At}) = e^{Kt} and
/// Tr[F X] = 2 Re Tr[φ(F) φ(X)] for covariant F, X. For a covariant X₀ = V₀ − V∞ the transient
///   φ(V(t) − V∞) = e^{Kt} W₀ e^{K†t} = R Y(t) R†,  Y_ij(t) = X̃_ij e^{(λ_i + λ̄_j) t},  X̃ = R⁻¹ W₀ R⁻†
/// is exact (no ODE or exponential-approximation error; the error is κ(R)·ε, κ(R) reported), and every linear
/// functional Tr[F (V(t) − V∞)] = 2 Re Σ_ij F̃_ji X̃_ij u_i ū_j (F̃ = R† φ(F) R, u_i = e^{λ_i t}) costs O(s²) per time,
/// its time integral (e^{(λ_i+λ̄_j)t} − 1)/(λ_i + λ̄_j) in closed form. Indices with |u_i| ≤ 10⁻³⁰ (modes decayed
/// below round-off) are dropped: |u_i| ≤ 1 for every mode (Re λ < 0), so the dropped terms are below 10⁻³⁰ Σ|F̃_ji X̃_ij|.
struct SpectralDrift {
  let lambda: [Complex<Double>]
  let r: Matrix<Complex<Double>>
  let rInverse: Matrix<Complex<Double>>
  /// κ₁(R) = ‖R‖₁‖R⁻¹‖₁ with unit columns: the amplification of round-off by the eigenbasis.
  let condition: Double
  /// Largest κ₁(R) accepted (beyond it the propagation route is used: its error does not depend on κ).
  static let maximumCondition = 1e6
  /// |e^{λ t}| below which a mode's terms are dropped.
  static let decayedBelow = 1e-30

  /// Eigenvectors from the Schur form K = Z T Z†: T's by back substitution (`ztrevc`), then R = Z Y (`ztrmm`, Y upper
  /// triangular), normalised to unit columns; R⁻¹ by LU.
  init(schur: ComplexLyapunovSolver) throws {
    let n = schur.t.rows
    var t = schur.t.elements
    var y = [Complex<Double>](repeating: .zero, count: Swift.max(1, n * n))
    var m: Int32 = 0
    let info = t.withUnsafeMutableBufferPointer { tp in y.withUnsafeMutableBufferPointer { yp in
      tp.baseAddress!.withMemoryRebound(to: clapack_complex_double.self, capacity: n * n) { tt in
        yp.baseAddress!.withMemoryRebound(to: clapack_complex_double.self, capacity: n * n) { yy in
          LAPACKE_ztrevc(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "R")), Int8(UInt8(ascii: "A")), nil, Int32(n), tt, Int32(n), nil, Int32(n), yy, Int32(n), Int32(n), &m)
        }
      }
    } }
    if info != 0 { throw NumericsError.lapack(routine: "ztrevc", info: Int(info)) }
    var r = schur.z.elements
    if n > 0 {
      var one = Complex<Double>(1, 0)
      y.withUnsafeBufferPointer { yp in r.withUnsafeMutableBufferPointer { rp in
        cblas_ztrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(n), Int32(n), &one, yp.baseAddress!, Int32(n), rp.baseAddress!, Int32(n))
      } }
    }
    for j in 0..<n {
      var s = 0.0
      for i in 0..<n { s += r[i + j * n].lengthSquared }
      let inv = Complex<Double>(1 / s.squareRoot(), 0)
      for i in 0..<n { let k = i + j * n; r[k] = r[k] * inv }
    }
    let rm = Matrix(rows: n, columns: n, columnMajor: Array(r.prefix(n * n)))
    let lu = try LUFactorization(rm)
    let inverse = try lu.solve(Matrix<Complex<Double>>.identity(n))
    self.lambda = (0..<n).map { schur.t[$0, $0] }
    self.r = rm
    self.rInverse = inverse
    self.condition = lu.oneNorm * inverse.elements.withUnsafeBufferPointer { Complex<Double>.oneNorm(m: n, n: n, a: $0.baseAddress!, lda: Swift.max(1, n)) }
  }

  /// R† F R for F given by its nonzero entries (row, column, value): only F's nonzero rows of R enter the left factor.
  func transformed(_ f: [(Int, Int, Complex<Double>)]) -> Matrix<Complex<Double>> {
    let n = r.rows
    let rows = Array(Set(f.map(\.0))).sorted()
    var position = [Int](repeating: -1, count: n)
    for (k, i) in rows.enumerated() { position[i] = k }
    // (F R)[rows, :] and R[rows, :].
    var fr = Matrix<Complex<Double>>(rows: rows.count, columns: n)
    for (i, j, v) in f { for c in 0..<n { fr[position[i], c] = fr[position[i], c] + v * r[j, c] } }
    let rRows = r.submatrix(rowIndices: rows, columnIndices: Array(0..<n))
    return rRows.multiplied(by: fr, transposeSelf: .adjoint)
  }

  /// The indices with |e^{λ_i t}| > `decayedBelow`.
  func alive(_ u: [Complex<Double>]) -> [Int] { u.indices.filter { u[$0].length > Self.decayedBelow } }
}

/// Nonzero entries of a (numerically) covariant 2N × 2N matrix's complex form, or nil when it is not covariant to
/// 1e-14 relative (then the spectral route does not apply).
func covariantEntries(_ m: Matrix<Double>) -> [(Int, Int, Complex<Double>)]? {
  let n = m.rows / 2, ld = m.rows
  guard m.isSquare, m.rows % 2 == 0 else { return nil }
  return m.elements.withUnsafeBufferPointer { p -> [(Int, Int, Complex<Double>)]? in
    var scale = Double.leastNormalMagnitude
    for x in p { scale = Swift.max(scale, Swift.abs(x)) }
    let tol = 1e-14 * scale
    var out: [(Int, Int, Complex<Double>)] = []
    for j in 0..<n { for i in 0..<n {
      let xx = p[2 * i + 2 * j * ld], xp = p[2 * i + (2 * j + 1) * ld], px = p[2 * i + 1 + 2 * j * ld], pp = p[2 * i + 1 + (2 * j + 1) * ld]
      if Swift.abs(xx - pp) > tol || Swift.abs(xp + px) > tol { return nil }
      if xx != 0 || pp != 0 || xp != 0 || px != 0 { out.append((i, j, Complex(0.5 * (xx + pp), -0.5 * (xp - px)))) }
    } }
    return out
  }
}

/// Σ_{i,j ∈ alive} P_ij a_i b̄_j (a quadratic form on the modes not yet decayed).
func restrictedForm(_ p: Matrix<Complex<Double>>, _ a: [Complex<Double>], _ alive: [Int]) -> Complex<Double> {
  let n = p.rows
  var s = Complex<Double>.zero
  p.elements.withUnsafeBufferPointer { pb in
    for j in alive {
      var c = Complex<Double>.zero
      let col = j * n
      for i in alive { c = c + pb[i + col] * a[i] }
      s = s + c * a[j].conjugate
    }
  }
  return s
}

extension GaussianEvolution {
  /// The precomputed data of the spectral route, or nil (with the reason) when it does not apply: the drift, the
  /// diffusion, every per-dissipator part, the Hamiltonians and the frame map must be phase covariant (number-conserving
  /// models), there must be no mean, and κ(R) ≤ `SpectralDrift.maximumCondition`.
  static func spectralDrift(_ eq: MasterEquation, _ steadyState: GaussianSteadyState, energy: QuadraticHamiltonian) throws -> (drift: SpectralDrift?, reason: String?) {
    let dyn = steadyState.dynamics
    var matrices = [dyn.drift, dyn.diffusion, eq.hamiltonian.matrix, energy.matrix]
    for p in dyn.perDissipator { matrices += [p.drift, p.diffusion] }
    matrices += eq.dissipators.map(\.countingHamiltonian.matrix)
    if case let .normalModes(w) = eq.frame { matrices.append(w.inverseSymplectic) }
    guard matrices.allSatisfy({ covariantEntries($0) != nil }) else { return (nil, "the equation is not number-conserving") }
    guard dyn.driftOffset.allSatisfy({ $0 == 0 }), steadyState.frameMean.allSatisfy({ $0 == 0 }) else { return (nil, "the state has a mean") }
    let schur = try steadyState.complexDriftFactorisation ?? ComplexLyapunovSolver(drift: PhaseCovariantForm.complex(dyn.drift))
    let s = try SpectralDrift(schur: schur)
    guard s.condition <= SpectralDrift.maximumCondition else {
      return (nil, "the drift's eigenvectors are ill-conditioned (κ = \(s.condition))")
    }
    return (s, nil)
  }

  /// The spectral route (`GaussianEvolutionMethod.spectral`): heat, counted heat and their exact integrals, ⟨H⟩,
  /// d⟨H⟩/dt (from the eigenvalues: Σ_ij G̃_ji X̃_ij (λ_i + λ̄_j) u_i ū_j — a route independent of the per-bath heat
  /// functionals, so the first law at every time checks the decomposition) and the occupations diag(R_q Y R_q†)
  /// (R_q = φ(S⁻¹) R in a normal-mode frame), all from one decomposition.
  func evolveSpectrally(_ s: SpectralDrift, v0q: Matrix<Double>, v0: Matrix<Double>, times: [Double],
                        progress: ((Int, Int) -> Void)?) throws -> GaussianTrajectory {
    let eq = equation, dyn = steadyState.dynamics, hE = energyHamiltonian
    let n = s.r.rows, baths = eq.dissipators.count
    guard let w0Entries = covariantEntries(v0 - steadyState.frameCovariance) else {
      throw DynamicsError.failed("the spectral route needs a number-conserving initial state (covariance V₀ with A Ω = Ω A blocks)")
    }
    var w0 = Matrix<Complex<Double>>(rows: n, columns: n)
    for (i, j, z) in w0Entries { w0[i, j] = z }
    let xt = (s.rInverse * w0).multiplied(by: s.rInverse, transposeOther: .adjoint)       // X̃ = R⁻¹ W₀ R⁻†
    let lambda = s.lambda
    // Heat functionals: F = φ(G) φ(A_α) (global) and φ(G_α) φ(A_α) (counted); P_ij = F̃_ji X̃_ij.
    func entries(_ m: Matrix<Double>) -> [(Int, Int, Complex<Double>)] { covariantEntries(m) ?? [] }
    func product(_ a: Matrix<Double>, _ b: Matrix<Double>) -> [(Int, Int, Complex<Double>)] {
      var out: [Int: Complex<Double>] = [:]
      let bEntries = entries(b)
      var bRows = [[(Int, Complex<Double>)]](repeating: [], count: n)
      for (k, j, z) in bEntries { bRows[k].append((j, z)) }
      for (i, k, za) in entries(a) { for (j, zb) in bRows[k] { out[i + j * n, default: .zero] += za * zb } }
      return out.map { ($0.key % n, $0.key / n, $0.value) }
    }
    func weights(_ f: [(Int, Int, Complex<Double>)]) -> Matrix<Complex<Double>> {
      let ft = s.transformed(f)
      return Matrix(rows: n, columns: n) { i, j in ft[j, i] * xt[i, j] }
    }
    func integralWeights(_ p: Matrix<Complex<Double>>) -> (Matrix<Complex<Double>>, Complex<Double>) {
      let q = Matrix(rows: n, columns: n) { i, j in p[i, j] / (lambda[i] + lambda[j].conjugate) }
      return (q, q.elements.reduce(.zero, +))
    }
    let pGlobal = (0..<baths).map { weights(product(hE.matrix, dyn.perDissipator[$0].drift)) }
    let pCounted = (0..<baths).map { weights(product(eq.dissipators[$0].countingHamiltonian.matrix, dyn.perDissipator[$0].drift)) }
    let iGlobal = pGlobal.map(integralWeights), iCounted = pCounted.map(integralWeights)
    let pEnergy = weights(entries(hE.matrix))       // Re Tr[φ(G) W] = ½Tr[G X]
    let pEnergyRate = Matrix(rows: n, columns: n) { i, j in pEnergy[i, j] * (lambda[i] + lambda[j].conjugate) }
    // Occupations in the quadratures: R_q = φ(S⁻¹) R.
    var rq = s.r
    if case let .normalModes(w) = eq.frame {
      var si = Matrix<Complex<Double>>(rows: n, columns: n)
      for (i, j, z) in entries(w.inverseSymplectic) { si[i, j] = z }
      rq = si * s.r
    }
    let vInfQ = steadyState.covariance
    let occupationInf = (0..<n).map { 0.5 * (vInfQ[2 * $0, 2 * $0] + vInfQ[2 * $0 + 1, 2 * $0 + 1]) - 0.5 }

    let zeroD = Matrix<Double>(rows: 2 * n, columns: 2 * n), zeroMean = [Double](repeating: 0, count: 2 * n)
    let gross = dyn.perDissipator.map { abs(heatRate(hamiltonian: hE, drift: $0.sparseDrift, diffusion: $0.sparseDiffusion, covariance: zeroD, covarianceLow: nil, mean: zeroMean, meanLow: nil)) }
    let qInf = (0..<baths).map { steadyState.heatRate(dissipator: $0, countedWith: hE) }
    let qcInf = (0..<baths).map { steadyState.heatRate(dissipator: $0, countedWith: eq.dissipators[$0].countingHamiltonian) }
    let energyInf = hE.expectation(covariance: steadyState.frameCovariance, mean: zeroMean)
    let energy0 = hE.expectation(covariance: v0, mean: zeroMean)

    var traj = GaussianTrajectory(
      columns: HeatColumns(times: times, bathNames: eq.dissipators.map(\.bathName)), temperatures: eq.dissipators.map(\.temperature),
      occupations: Array(repeating: [], count: n), entropyProduction: nil, uncertaintyMargin: nil, finalCovariance: v0q, finalMean: zeroMean)
    for (k, t) in times.enumerated() {
      let u = lambda.map { Complex.exp($0 * Complex(t, 0)) }
      let alive = s.alive(u)
      var q = [Double](repeating: 0, count: baths), qc = q, qi = q, qci = q
      var scale = 0.0
      for a in 0..<baths {
        q[a] = qInf[a] + 2 * restrictedForm(pGlobal[a], u, alive).real
        qc[a] = qcInf[a] + 2 * restrictedForm(pCounted[a], u, alive).real
        if t > 0 {   // at t = 0 the integral is exactly 0 (the closed form leaves round-off)
          qi[a] = t * qInf[a] + 2 * (restrictedForm(iGlobal[a].0, u, alive) - iGlobal[a].1).real
          qci[a] = t * qcInf[a] + 2 * (restrictedForm(iCounted[a].0, u, alive) - iCounted[a].1).real
        }
        scale += abs(q[a]) + gross[a]
      }
      let e = energyInf + restrictedForm(pEnergy, u, alive).real
      let eRate = restrictedForm(pEnergyRate, u, alive).real
      guard e.isFinite, eRate.isFinite, q.allSatisfy(\.isFinite) else { throw DynamicsError.failed("the spectral evolution at t = \(t) is not finite") }
      traj.columns.append(heat: q, counted: qc, integrated: qi, integratedCounted: qci, energy: e, energyRate: eRate, energy0: energy0,
                          gross: scale, integratedGross: t * gross.reduce(0, +) + abs(qi.reduce(0, +)))
      // diag(R_q Y R_q†) with Y_ij = X̃_ij u_i ū_j on the alive modes: B = R_q[:, alive] diag(u), C = B X̃, Re Σ_i C_ji B̄_ji.
      let m = alive.count
      var occ = occupationInf
      if t == 0 {   // the initial state itself (no product needed)
        occ = (0..<n).map { 0.5 * (v0q[2 * $0, 2 * $0] + v0q[2 * $0 + 1, 2 * $0 + 1]) - 0.5 }
      } else if m > 0 {
        let b = Matrix<Complex<Double>>(rows: n, columns: m) { i, c in rq[i, alive[c]] * u[alive[c]] }
        let c = b * xt.submatrix(rowIndices: alive, columnIndices: alive)
        for j in 0..<n {
          var acc = 0.0
          for col in 0..<m { acc += (c[j, col] * b[j, col].conjugate).real }
          occ[j] += acc
        }
      }
      for j in 0..<n { traj.occupations[j].append(occ[j]) }
      if k == times.count - 1 {
        // V(T) in the quadratures: φ⁻¹(R_q Y R_q†) + V∞ (two products, once).
        var y = Matrix<Complex<Double>>(rows: n, columns: n)
        for j in alive { for i in alive { y[i, j] = xt[i, j] * u[i] * u[j].conjugate } }
        let wq = (rq * y).multiplied(by: rq, transposeOther: .adjoint)
        traj.finalCovariance = (PhaseCovariantForm.real(wq) + vInfQ).symmetrized
      }
      progress?(k + 1, times.count)
    }
    return traj
  }
}
