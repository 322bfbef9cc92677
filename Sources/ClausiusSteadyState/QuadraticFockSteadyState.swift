import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import Numerics

/// A truncated Fock space of `modes` bosonic modes with levels |0⟩ … |cutoff − 1⟩ each; tensor
/// products ordered mode 0 slowest (docs/conventions.md).
public struct QuadratureFockSpace: Sendable {
  public let modes: Int
  public let cutoff: Int
  public var dimension: Int { (0..<modes).reduce(1) { r, _ in r * cutoff } }

  public init(modes: Int, cutoff: Int) throws {
    guard modes > 0 else { throw MasterEquationError.invalidParameter(name: "Fock modes", value: Double(modes), allowed: "≥ 1") }
    guard cutoff >= 2 else { throw MasterEquationError.invalidParameter(name: "Fock cutoff", value: Double(cutoff), allowed: "≥ 2") }
    self.modes = modes; self.cutoff = cutoff
  }

  /// a_j (truncated): a|n⟩ = √n |n − 1⟩.
  public func annihilation(_ j: Int) -> SparseMatrix {
    let a = SparseMatrix(rows: cutoff, columns: cutoff, triplets: (1..<cutoff).map { (row: $0 - 1, column: $0, value: Complex(Double($0).squareRoot(), 0)) })
    var op = SparseMatrix.identity(1)
    for m in 0..<modes { op = op.kronecker(m == j ? a : .identity(cutoff)) }
    return op
  }

  /// The quadrature r_k: x_j = (a_j + a_j†)/√2 (k = 2j), p_j = (a_j − a_j†)/(i√2) (k = 2j + 1).
  public func quadrature(_ k: Int) -> SparseMatrix {
    let a = annihilation(k / 2)
    let s = 0.5.squareRoot()
    return k % 2 == 0 ? s * (a + a.adjoint) : Complex(0, -s) * (a - a.adjoint)
  }

  /// Tr(ρ O) for a dense ρ.
  public func expectation(_ o: SparseMatrix, in rho: Matrix<Complex<Double>>) -> Complex<Double> {
    o.trace(times: rho)
  }
}

/// The Fock-space steady state of a master equation (sparse Liouvillian, UMFPACK) and its moments.
public struct QuadraticFockSteadyState: Sendable {
  public let space: QuadratureFockSpace
  public let solution: LiouvillianNullVector
  /// V = ½⟨{Δr, Δrᵀ}⟩ computed from ρ.
  public let covariance: Matrix<Double>
  public let mean: [Double]
  /// Largest population of the highest Fock level of any mode (truncation check).
  public let truncationPopulation: Double
}

extension MasterEquation {
  /// The Liouvillian of this equation on a truncated Fock space, from the same Hamiltonian quadratic
  /// form and the same kernels K_α used by the Gaussian path:
  /// 𝓛ρ = −i[H, ρ] + Σ_α Σ_kl K_kl (r_l ρ r_k − r_k r_l ρ) + K*_kl (r_k ρ r_l − ρ r_l r_k).
  public func fockLiouvillian(cutoff: Int) throws -> (space: QuadratureFockSpace, liouvillian: SparseMatrix) {
    let eq = inQuadratureFrame()
    let space = try QuadratureFockSpace(modes: modeCount, cutoff: cutoff)
    let n2 = 2 * modeCount
    let r = (0..<n2).map { space.quadrature($0) }
    let dim = space.dimension
    var h = SparseMatrix(rows: dim, columns: dim, triplets: [])
    for l in 0..<n2 { for k in 0..<n2 where eq.hamiltonian.matrix[k, l] != 0 {
      h = h + (0.5 * eq.hamiltonian.matrix[k, l]) * (r[k] * r[l])
    } }
    for k in 0..<n2 where eq.hamiltonian.linear[k] != 0 { h = h + eq.hamiltonian.linear[k] * r[k] }
    // Σ_α K_α, then 𝓛_D ρ = Σ_k (Σ_l M_lk r_l) ρ r_k − B ρ − ρ B† with B = Σ_kl K_kl r_k r_l and
    // M_lk = K_kl + K*_lk (the sandwich terms of K and of its h.c. collected).
    var kTot = Matrix<Complex<Double>>(rows: n2, columns: n2)
    for d in eq.dissipators { kTot = kTot + d.generator.kernel(dimension: n2) }
    var b = SparseMatrix(rows: dim, columns: dim, triplets: [])
    for l in 0..<n2 { for k in 0..<n2 where kTot[k, l] != .zero { b = b + kTot[k, l] * (r[k] * r[l]) } }
    var lv = Superoperator.commutator(h) - Superoperator.leftMultiplication(b) - Superoperator.rightMultiplication(b.adjoint)
    for k in 0..<n2 {
      var left = SparseMatrix(rows: dim, columns: dim, triplets: [])
      for l in 0..<n2 {
        let m = kTot[k, l] + kTot[l, k].conjugate
        if m != .zero { left = left + m * r[l] }
      }
      if left.nonZeroCount > 0 { lv = lv + Superoperator.sandwich(left, r[k]) }
    }
    return (space, lv)
  }

  /// Steady state on a truncated Fock space with its moments (a cross-check of the Gaussian path).
  public func fockSteadyState(cutoff: Int) throws -> QuadraticFockSteadyState {
    let (space, lv) = try fockLiouvillian(cutoff: cutoff)
    let sol = try LiouvillianSteadyStateSolver(liouvillian: lv).solve()
    let rho = sol.densityMatrix
    let n2 = 2 * modeCount
    let r = (0..<n2).map { space.quadrature($0) }
    let mean = r.map { space.expectation($0, in: rho).real }
    var v = Matrix<Double>(rows: n2, columns: n2)
    for k in 0..<n2 { for l in 0..<n2 {
      v[k, l] = space.expectation(r[k] * r[l] + r[l] * r[k], in: rho).real / 2 - mean[k] * mean[l]
    } }
    // Population of the top level of each mode.
    var top = 0.0
    let d = space.cutoff
    for j in 0..<modeCount {
      var p = 0.0
      let stride = (0..<(modeCount - 1 - j)).reduce(1) { r, _ in r * d }
      for i in 0..<space.dimension where (i / stride) % d == d - 1 { p += rho[i, i].real }
      top = max(top, p)
    }
    return QuadraticFockSteadyState(space: space, solution: sol, covariance: v, mean: mean, truncationPopulation: top)
  }
}
