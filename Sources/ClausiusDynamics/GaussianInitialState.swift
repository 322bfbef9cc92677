import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusSteadyState
import Numerics

/// An initial Gaussian state, resolved to its covariance V₀ = ½⟨{Δr, Δrᵀ}⟩ and mean d₀ = ⟨r⟩ in the network's
/// quadratures r = (x₁, p₁, …), a = (x + ip)/√2 (docs/conventions.md, "Gaussian states").
public enum GaussianInitialState: Sendable {
  /// Every mode in its vacuum: V₀ = ½ I, d₀ = 0.
  case vacuum
  /// A product of thermal states: mode j in the Gibbs state of its own quadratic block H_j = ½ r_jᵀ G_jj r_j (the
  /// 2 × 2 diagonal block of G, i.e. ω_j a_j†a_j for a plain mode) at `temperatures[j]`:
  /// V_j = S_j⁻¹ (n̄(ν_j) + ½) S_j⁻ᵀ with G_jj = S_jᵀ ν_j S_j (Williamson), n̄ = 1/(e^{ν/T} − 1); d₀ = 0.
  case thermal(temperatures: [Double])
  /// The Gibbs state e^{−H_S/T}/Z of the whole system Hamiltonian: V₀ = S⁻¹ ⊕_k (n̄(ν_k) + ½) I S⁻ᵀ over the normal
  /// modes ν_k of G, d₀ = −G⁻¹ c.
  case gibbs(temperature: Double)
  /// A coherent state: V₀ = ½ I, ⟨a_j⟩ = α_j, i.e. d₀ = √2 (Re α_j, Im α_j).
  case coherent(amplitudes: [Complex<Double>])
  /// A Gaussian state given by its moments (quadratures).
  case moments(covariance: Matrix<Double>, mean: [Double])
  /// The steady state of another equation (a quench: the state of one model evolved with another's generator).
  case steadyState(GaussianSteadyState)

  /// (V₀, d₀) in the quadratures of a system with Hamiltonian `h` (in the quadratures). Throws when the state does not
  /// fit the model (mode count), a temperature is negative or not finite, or V₀ violates V + iΩ/2 ≥ 0.
  public func moments(hamiltonian h: QuadraticHamiltonian) throws -> (covariance: Matrix<Double>, mean: [Double]) {
    let n = h.modeCount, n2 = 2 * n
    func checkTemperature(_ t: Double, _ name: String) throws {
      guard t.isFinite, t >= 0 else { throw DynamicsError.invalidParameter(name: name, value: "\(t)", allowed: "finite and ≥ 0") }
    }
    /// Gibbs covariance S⁻¹ diag(n̄(ν_k) + ½) S⁻ᵀ of a positive-definite G.
    func gibbs(_ g: Matrix<Double>, _ t: Double) throws -> Matrix<Double> {
      let w: WilliamsonDecomposition
      do { w = try WilliamsonDecomposition(g) } catch {
        throw DynamicsError.invalidInitialState("a thermal state needs a positive-definite Hamiltonian block (\(error))")
      }
      var diag = [Double](repeating: 0, count: g.rows)
      for (k, nu) in w.frequencies.enumerated() {
        let occ = Conventions.boseEinstein(frequency: nu, temperature: t) + 0.5
        diag[2 * k] = occ; diag[2 * k + 1] = occ
      }
      let si = w.inverseSymplectic
      return (si * Matrix.diagonal(diag)).multiplied(by: si, transposeOther: .transpose).symmetrized
    }
    var v: Matrix<Double>, d = [Double](repeating: 0, count: n2)
    switch self {
    case .vacuum:
      v = 0.5 * Matrix<Double>.identity(n2)
    case let .thermal(temperatures):
      guard temperatures.count == n else {
        throw DynamicsError.invalidInitialState("\(temperatures.count) temperatures given for \(n) modes")
      }
      v = Matrix<Double>(rows: n2, columns: n2)
      for (j, t) in temperatures.enumerated() {
        try checkTemperature(t, "initial temperature of mode \(j)")
        let idx = [2 * j, 2 * j + 1]
        let block = try gibbs(h.matrix.submatrix(rowIndices: idx, columnIndices: idx), t)
        for a in 0..<2 { for b in 0..<2 { v[idx[a], idx[b]] = block[a, b] } }
      }
    case let .gibbs(t):
      try checkTemperature(t, "initial temperature")
      v = try gibbs(h.matrix, t)
      if h.linear.contains(where: { $0 != 0 }) { d = try LUFactorization(h.matrix).solve(h.linear.map { -$0 }) }
    case let .coherent(alpha):
      guard alpha.count == n else { throw DynamicsError.invalidInitialState("\(alpha.count) coherent amplitudes given for \(n) modes") }
      v = 0.5 * Matrix<Double>.identity(n2)
      for (j, a) in alpha.enumerated() {
        guard a.real.isFinite, a.imaginary.isFinite else { throw DynamicsError.invalidInitialState("coherent amplitude of mode \(j) is not finite") }
        d[2 * j] = 2.0.squareRoot() * a.real; d[2 * j + 1] = 2.0.squareRoot() * a.imaginary
      }
    case let .moments(cov, mean):
      guard cov.rows == n2, cov.columns == n2, mean.count == n2 else {
        throw DynamicsError.invalidInitialState("moments of size \(cov.rows)×\(cov.columns) and \(mean.count) for \(n) modes (need \(n2)×\(n2) and \(n2))")
      }
      guard cov.isFinite, mean.allSatisfy(\.isFinite) else { throw DynamicsError.invalidInitialState("the given moments are not finite") }
      v = cov.symmetrized; d = mean
    case let .steadyState(s):
      v = s.covariance; d = s.mean
      guard v.rows == n2 else {
        throw DynamicsError.invalidInitialState("the steady state has \(v.rows / 2) modes, the evolved model \(n)")
      }
    }
    let margin = (try? v.uncertaintyMargin()) ?? -.infinity
    guard margin >= -1e-9 * Swift.max(1, v.maxAbs) else {
      throw DynamicsError.invalidInitialState("V₀ + iΩ/2 has the eigenvalue \(margin) < 0 (not a quantum state)")
    }
    return (v, d)
  }
}
