import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import Numerics

/// Diagnostics that accompany every Gaussian steady state.
public struct GaussianDiagnostics: Sendable {
  /// ‖A V + V Aᵀ + D‖_F / ‖D‖_F over the full matrices (Stein: ‖X V Xᵀ + Y − V‖/‖Y‖).
  public let relativeResidual: Double
  /// Smallest symplectic eigenvalue ν_min of V (nil when V is not positive definite).
  public let smallestSymplecticEigenvalue: Double?
  /// Smallest eigenvalue of V + iΩ/2 (≥ 0 iff the uncertainty principle holds).
  public let uncertaintyMargin: Double
  /// Independent Lyapunov blocks solved (1 = one dense solve).
  public let blocks: Int
  /// Human-readable findings (e.g. a Redfield state violating the uncertainty principle).
  public let warnings: [String]

  /// ν_min − ½ (≥ 0 for a physical state); falls back to the uncertainty margin if V is not
  /// positive definite.
  public var physicality: Double { smallestSymplecticEigenvalue.map { $0 - 0.5 } ?? uncertaintyMargin }
  /// V + iΩ/2 ≥ 0 within round-off.
  public var isPhysical: Bool { uncertaintyMargin >= -1e-10 * Swift.max(1, abs(physicality)) }
}

/// The steady state of a quadratic master equation, from its Lyapunov equation A V + V Aᵀ + D = 0
/// and A d + b = 0. Stores the state in the equation's frame and in the network's quadratures.
public struct GaussianSteadyState: Sendable {
  public let equation: MasterEquation
  public let dynamics: GaussianDynamics
  /// V and d in the equation's frame (normal modes for global/Redfield).
  public let frameCovariance: Matrix<Double>
  public let frameMean: [Double]
  /// r = S⁻¹ r̃ for a normal-mode frame (nil: the frame is the quadratures).
  let inverseSymplectic: Matrix<Double>?

  /// V = ½⟨{Δr, Δrᵀ}⟩ in the network's quadratures r = (x₁, p₁, …) (V = S⁻¹ Ṽ S⁻ᵀ, computed on access).
  public var covariance: Matrix<Double> {
    guard let si = inverseSymplectic else { return frameCovariance }
    return (si * frameCovariance).multiplied(by: si, transposeOther: .transpose).symmetrized
  }
  /// d = ⟨r⟩ in the network's quadratures.
  public var mean: [Double] { inverseSymplectic.map { $0 * frameMean } ?? frameMean }

  /// The 2×2 blocks of V for modes j, k (rows/columns x_j, p_j, x_k, p_k), without forming all of V.
  func covarianceBlock(_ j: Int, _ k: Int) -> Matrix<Double> {
    let idx = [2 * j, 2 * j + 1, 2 * k, 2 * k + 1]
    guard let si = inverseSymplectic else { return frameCovariance.submatrix(rowIndices: idx, columnIndices: idx) }
    let rows = si.submatrix(rowIndices: idx, columnIndices: Array(0..<si.columns))
    return (rows * frameCovariance).multiplied(by: rows, transposeOther: .transpose)
  }
  public let diagnostics: GaussianDiagnostics

  /// ⟨a_j†a_k⟩ from V and d: ⟨a_j†a_k⟩ = ½(V_{x_j x_k} + V_{p_j p_k} + i V_{x_j p_k} − i V_{p_j x_k}) − ½δ_jk + d̄_j* d̄_k.
  public func secondMoment(creation j: Int, annihilation k: Int) -> Complex<Double> {
    let b = covarianceBlock(j, k), mean = self.mean
    // b rows/columns: 0 = x_j, 1 = p_j, 2 = x_k, 3 = p_k
    var z = Complex(0.5 * (b[0, 2] + b[1, 3]), 0.5 * (b[0, 3] - b[1, 2]))
    if j == k { z = z - Complex(0.5, 0) }
    let aj = Complex(mean[2 * j], mean[2 * j + 1]) * Complex(0.5.squareRoot(), 0)
    let ak = Complex(mean[2 * k], mean[2 * k + 1]) * Complex(0.5.squareRoot(), 0)
    return z + aj.conjugate * ak
  }

  /// ⟨a_j a_k⟩ = ½(V_{x_j x_k} − V_{p_j p_k} + i V_{x_j p_k} + i V_{p_j x_k}) + d̄_j d̄_k (j ≠ k; for j = k the
  /// symmetrisation is exact because [a, a] = 0).
  public func anomalousMoment(_ j: Int, _ k: Int) -> Complex<Double> {
    let b = covarianceBlock(j, k), mean = self.mean
    let z = Complex(0.5 * (b[0, 2] - b[1, 3]), 0.5 * (b[0, 3] + b[1, 2]))
    let aj = Complex(mean[2 * j], mean[2 * j + 1]) * Complex(0.5.squareRoot(), 0)
    let ak = Complex(mean[2 * k], mean[2 * k + 1]) * Complex(0.5.squareRoot(), 0)
    return z + aj * ak
  }

  /// ⟨a_j†a_j⟩.
  public func occupation(_ j: Int) -> Double { secondMoment(creation: j, annihilation: j).real }
}

/// Index sets of the independent blocks of (A, D): connected components of the graph with an edge
/// i–j whenever A_ij, A_ji or D_ij ≠ 0. Off-diagonal blocks of V vanish (A_I V_IJ + V_IJ A_Jᵀ = 0).
func lyapunovBlocks(_ a: Matrix<Double>, _ d: Matrix<Double>, driftOnly: Bool) -> [[Int]] {
  let n = a.rows
  var parent = Array(0..<n)
  func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
  for j in 0..<n { for i in 0..<n where i != j && (a[i, j] != 0 || (!driftOnly && d[i, j] != 0)) {
    let ri = find(i), rj = find(j); if ri != rj { parent[ri] = rj }
  } }
  var groups: [Int: [Int]] = [:]
  for i in 0..<n { groups[find(i), default: []].append(i) }
  return groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
}

/// Physicality diagnostics of a covariance matrix; blockwise when the blocks are whole modes.
func physicality(_ v: Matrix<Double>, blocks: [[Int]]) -> (nuMin: Double?, margin: Double) {
  let aligned = blocks.allSatisfy { b in b.count % 2 == 0 && stride(from: 0, to: b.count, by: 2).allSatisfy { b[$0] % 2 == 0 && b[$0 + 1] == b[$0] + 1 } }
  let parts = aligned ? blocks : [Array(0..<v.rows)]
  var nuMin: Double? = .infinity, margin = Double.infinity
  for idx in parts {
    if idx.count == 2 {
      // One mode: ν = √det V; eigenvalues of V + iΩ/2 are (a+c)/2 ± √(((a−c)/2)² + b² + ¼).
      let a = v[idx[0], idx[0]], b = v[idx[0], idx[1]], c = v[idx[1], idx[1]]
      margin = Swift.min(margin, (a + c) / 2 - (((a - c) / 2) * ((a - c) / 2) + b * b + 0.25).squareRoot())
      let det = a * c - b * b
      if let nm = nuMin, det > 0, a > 0 { nuMin = Swift.min(nm, det.squareRoot()) } else { nuMin = nil }
      continue
    }
    let sub = v.submatrix(rowIndices: idx, columnIndices: idx)
    margin = Swift.min(margin, (try? sub.uncertaintyMargin()) ?? -.infinity)
    if let nm = nuMin, let nus = try? WilliamsonDecomposition.symplecticEigenvalues(sub), let m = nus.min() {
      nuMin = Swift.min(nm, m)
    } else { nuMin = nil }
  }
  return (nuMin, margin)
}

/// Factorisations of the drift blocks of an equation, reusable while only the diffusion changes
/// (a temperature sweep: A_α depends on γ(ω) − γ(−ω) = 2J(ω), not on T).
public struct DriftFactorisation: Sendable {
  public let blocks: [[Int]]
  /// Schur-form solvers per block (nil for 2 × 2 blocks, solved in closed form).
  public let solvers: [LyapunovSolver?]
  public let drift: Matrix<Double>
}

extension MasterEquation {
  /// Solves A V + V Aᵀ + D = 0 (and A d + b = 0) exactly. Independent blocks of (A, D) — e.g. the
  /// normal modes of a global equation — are solved separately, so a secular GME of N modes costs
  /// O(N) small solves; V in the quadratures is S⁻¹ Ṽ S⁻ᵀ (computed on access).
  /// Throws `NumericsError.unstableDrift` when A has an eigenvalue with Re ≥ 0.
  public func gaussianSteadyState() throws -> GaussianSteadyState {
    try gaussianSteadyState(reusing: nil)
  }

  /// The drift factorisation of this equation, to pass to `gaussianSteadyState(reusing:)` of
  /// equations with the same drift (same network, other temperatures).
  public func driftFactorisation() throws -> DriftFactorisation {
    let dyn = gaussianDynamics
    let blocks = lyapunovBlocks(dyn.drift, dyn.diffusion, driftOnly: true)
    let solvers: [LyapunovSolver?] = try blocks.map { $0.count == 2 ? nil : try LyapunovSolver(drift: dyn.drift.submatrix(rowIndices: $0, columnIndices: $0)) }
    return DriftFactorisation(blocks: blocks, solvers: solvers, drift: dyn.drift)
  }

  /// As `gaussianSteadyState()`, reusing the Schur forms of `factorisation` when its drift equals this
  /// equation's drift (checked; otherwise a fresh factorisation is made).
  public func gaussianSteadyState(reusing factorisation: DriftFactorisation?) throws -> GaussianSteadyState {
    let dyn = gaussianDynamics
    let a = dyn.drift, d = dyn.diffusion
    let n2 = a.rows
    var blocks: [[Int]]
    var solvers: [LyapunovSolver?]
    if let f = factorisation, f.drift.rows == n2, (f.drift - a).maxAbs <= 1e-13 * Swift.max(a.maxAbs, 1),
       blockDiffusionFits(f.blocks, d) {
      blocks = f.blocks; solvers = f.solvers
    } else {
      blocks = lyapunovBlocks(a, d, driftOnly: false); solvers = Array(repeating: nil, count: blocks.count)
    }
    var v = Matrix<Double>(rows: n2, columns: n2)
    var residual2 = 0.0
    for (b, idx) in blocks.enumerated() {
      let ab = a.submatrix(rowIndices: idx, columnIndices: idx)
      let db = d.submatrix(rowIndices: idx, columnIndices: idx)
      let sol: (solution: Matrix<Double>, relativeResidual: Double)
      if idx.count == 2 { sol = try lyapunov2x2(ab, db) } else {
        let solver = try solvers[b] ?? LyapunovSolver(drift: ab)
        let full = try solver.solve(db)
        sol = (full.solution, full.relativeResidual)
      }
      residual2 += (sol.relativeResidual * db.frobeniusNorm) * (sol.relativeResidual * db.frobeniusNorm)
      for (jj, j) in idx.enumerated() { for (ii, i) in idx.enumerated() { v[i, j] = sol.solution[ii, jj] } }
    }
    // Off-block entries of A, D and V are zero, so the residual is the sum over blocks.
    let dn = d.frobeniusNorm
    let residual = dn > 0 ? residual2.squareRoot() / dn : residual2.squareRoot()
    var mean = [Double](repeating: 0, count: n2)
    if dyn.driftOffset.contains(where: { $0 != 0 }) {
      mean = try LUFactorization(a).solve(dyn.driftOffset.map { -$0 })
    }
    let (nuMin, margin) = physicality(v, blocks: blocks)
    var warnings: [String] = []
    if margin < -1e-10 {
      warnings.append("the steady-state covariance violates the uncertainty principle (smallest eigenvalue of V + iΩ/2 = \(margin))" +
                      (derivation.kind == .redfield || derivation.kind == .partialRedfield ? "; Redfield equations are not completely positive (paper 004, Sec. II D)" : ""))
    }
    let diag = GaussianDiagnostics(relativeResidual: residual, smallestSymplecticEigenvalue: nuMin, uncertaintyMargin: margin, blocks: blocks.count, warnings: warnings)
    var si: Matrix<Double>? = nil
    if case let .normalModes(w) = frame { si = w.inverseSymplectic }
    return GaussianSteadyState(equation: self, dynamics: dyn, frameCovariance: v, frameMean: mean, inverseSymplectic: si, diagnostics: diag)
  }
}

/// Whether D has no entries coupling different blocks.
func blockDiffusionFits(_ blocks: [[Int]], _ d: Matrix<Double>) -> Bool {
  var owner = [Int](repeating: 0, count: d.rows)
  for (b, idx) in blocks.enumerated() { for i in idx { owner[i] = b } }
  for j in 0..<d.columns { for i in 0..<d.rows where d[i, j] != 0 && owner[i] != owner[j] { return false } }
  return true
}

/// Closed-form solution of A X + X Aᵀ + Q = 0 for 2 × 2 A (X symmetric; unknowns x₁₁, x₁₂, x₂₂):
/// 2a₁₁x₁₁ + 2a₁₂x₁₂ = −q₁₁; a₂₁x₁₁ + (a₁₁+a₂₂)x₁₂ + a₁₂x₂₂ = −q₁₂; 2a₂₁x₁₂ + 2a₂₂x₂₂ = −q₂₂ (Cramer).
/// Throws `unstableDrift` unless tr A < 0 and det A > 0.
func lyapunov2x2(_ a: Matrix<Double>, _ q: Matrix<Double>) throws -> (solution: Matrix<Double>, relativeResidual: Double) {
  let a11 = a[0, 0], a12 = a[0, 1], a21 = a[1, 0], a22 = a[1, 1]
  let tr = a11 + a22, det = a11 * a22 - a12 * a21
  if !(tr < 0 && det > 0) {
    let disc = tr * tr / 4 - det
    throw NumericsError.unstableDrift(maxRealPart: disc > 0 ? tr / 2 + disc.squareRoot() : tr / 2)
  }
  let q12 = 0.5 * (q[0, 1] + q[1, 0])
  let m = [[2 * a11, 2 * a12, 0], [a21, tr, a12], [0, 2 * a21, 2 * a22]]
  let r = [-q[0, 0], -q12, -q[1, 1]]
  func det3(_ m: [[Double]]) -> Double {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  }
  let dm = det3(m)
  var x = [0.0, 0.0, 0.0]
  for c in 0..<3 {
    var mc = m
    for row in 0..<3 { mc[row][c] = r[row] }
    x[c] = det3(mc) / dm
  }
  let sol = Matrix<Double>([[x[0], x[1]], [x[1], x[2]]])
  let res = a * sol + sol.multiplied(by: a, transposeOther: .transpose) + q
  let qn = q.frobeniusNorm
  return (sol, qn > 0 ? res.frobeniusNorm / qn : res.frobeniusNorm)
}
