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
  /// V = ½⟨{Δr, Δrᵀ}⟩ and d = ⟨r⟩ in the network's quadratures r = (x₁, p₁, …).
  public let covariance: Matrix<Double>
  public let mean: [Double]
  public let diagnostics: GaussianDiagnostics

  /// ⟨a_j†a_k⟩ from V and d: ⟨a_j†a_k⟩ = ½(V_{x_j x_k} + V_{p_j p_k} + i V_{x_j p_k} − i V_{p_j x_k}) − ½δ_jk + d̄_j* d̄_k.
  public func secondMoment(creation j: Int, annihilation k: Int) -> Complex<Double> {
    let v = covariance
    var z = Complex(0.5 * (v[2 * j, 2 * k] + v[2 * j + 1, 2 * k + 1]), 0.5 * (v[2 * j, 2 * k + 1] - v[2 * j + 1, 2 * k]))
    if j == k { z = z - Complex(0.5, 0) }
    let aj = Complex(mean[2 * j], mean[2 * j + 1]) * Complex(0.5.squareRoot(), 0)
    let ak = Complex(mean[2 * k], mean[2 * k + 1]) * Complex(0.5.squareRoot(), 0)
    return z + aj.conjugate * ak
  }

  /// ⟨a_j a_k⟩ = ½(V_{x_j x_k} − V_{p_j p_k} + i V_{x_j p_k} + i V_{p_j x_k}) + d̄_j d̄_k (j ≠ k; for j = k the
  /// symmetrisation is exact because [a, a] = 0).
  public func anomalousMoment(_ j: Int, _ k: Int) -> Complex<Double> {
    let v = covariance
    let z = Complex(0.5 * (v[2 * j, 2 * k] - v[2 * j + 1, 2 * k + 1]), 0.5 * (v[2 * j, 2 * k + 1] + v[2 * j + 1, 2 * k]))
    let aj = Complex(mean[2 * j], mean[2 * j + 1]) * Complex(0.5.squareRoot(), 0)
    let ak = Complex(mean[2 * k], mean[2 * k + 1]) * Complex(0.5.squareRoot(), 0)
    return z + aj * ak
  }

  /// ⟨a_j†a_j⟩.
  public func occupation(_ j: Int) -> Double { secondMoment(creation: j, annihilation: j).real }
}

/// Index sets of the independent blocks of (A, D): connected components of the graph with an edge
/// i–j whenever A_ij, A_ji or D_ij ≠ 0. Off-diagonal blocks of V vanish (A_I V_IJ + V_IJ A_Jᵀ = 0).
func lyapunovBlocks(_ a: Matrix<Double>, _ d: Matrix<Double>) -> [[Int]] {
  let n = a.rows
  var parent = Array(0..<n)
  func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
  for j in 0..<n { for i in 0..<n where i != j && (a[i, j] != 0 || d[i, j] != 0) {
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
    let sub = v.submatrix(rowIndices: idx, columnIndices: idx)
    margin = Swift.min(margin, (try? sub.uncertaintyMargin()) ?? -.infinity)
    if let nm = nuMin, let nus = try? WilliamsonDecomposition.symplecticEigenvalues(sub), let m = nus.min() {
      nuMin = Swift.min(nm, m)
    } else { nuMin = nil }
  }
  return (nuMin, margin)
}

extension MasterEquation {
  /// Solves A V + V Aᵀ + D = 0 (and A d + b = 0) exactly. Independent blocks of (A, D) — e.g. the
  /// normal modes of a global equation — are solved separately, so a secular GME of N modes costs
  /// O(N) small solves plus the change of frame V = S⁻¹ Ṽ S⁻ᵀ.
  /// Throws `NumericsError.unstableDrift` when A has an eigenvalue with Re ≥ 0.
  public func gaussianSteadyState() throws -> GaussianSteadyState {
    let dyn = gaussianDynamics
    let a = dyn.drift, d = dyn.diffusion
    let n2 = a.rows
    let blocks = lyapunovBlocks(a, d)
    var v = Matrix<Double>(rows: n2, columns: n2)
    for idx in blocks {
      let ab = a.submatrix(rowIndices: idx, columnIndices: idx)
      let db = d.submatrix(rowIndices: idx, columnIndices: idx)
      let sol = try LyapunovSolver(drift: ab).solve(db).solution
      for (jj, j) in idx.enumerated() { for (ii, i) in idx.enumerated() { v[i, j] = sol[ii, jj] } }
    }
    let residualMatrix = a * v + v.multiplied(by: a, transposeOther: .transpose) + d
    let dn = d.frobeniusNorm
    let residual = dn > 0 ? residualMatrix.frobeniusNorm / dn : residualMatrix.frobeniusNorm
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
    var cov = v, m = mean
    if case let .normalModes(w) = frame {
      let si = w.inverseSymplectic
      cov = (si * v).multiplied(by: si, transposeOther: .transpose).symmetrized
      m = si * mean
    }
    return GaussianSteadyState(equation: self, dynamics: dyn, frameCovariance: v, frameMean: mean, covariance: cov, mean: m, diagnostics: diag)
  }
}
