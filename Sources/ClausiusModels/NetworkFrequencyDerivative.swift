import ClausiusNumerics

extension BosonicNetwork {
  /// ∂G/∂ω_j of the network Hamiltonian H = ½ rᵀ G r (`forEachHamiltonianEntry`), at the current frequencies: 1 on
  /// (x_j, x_j) and (p_j, p_j) from ω_j(x_j² + p_j²)/2; a spring k between i and j contributes k/ω_j on (x_j, x_j) and
  /// −k/√(ω_iω_j) on (x_i, x_j), so −k/ω_j² and +k/(2ω_j√(ω_iω_j)); an x–x coupling g/√(ω_iω_j) contributes
  /// −g/(2ω_j√(ω_iω_j)). Hopping and squeezing do not involve the frequencies. With ω_j(t) the drive work is
  /// ⟨∂_tH⟩ = Σ_j ω_j′(t)⟨½ rᵀ (∂G/∂ω_j) r⟩ (docs/time-evolution.md).
  public func hamiltonianFrequencyDerivative(mode m: Int) -> Matrix<Double> {
    let n2 = 2 * modeCount
    var g = Matrix<Double>(rows: n2, columns: n2)
    func add(_ a: Int, _ b: Int, _ v: Double) { g[a, b] += v; if a != b { g[b, a] += v } }
    add(2 * m, 2 * m, 1); add(2 * m + 1, 2 * m + 1, 1)
    for c in couplings {
      switch c {
      case let .spring(i, j, k) where i == m || j == m:
        let (wm, wi, wj) = (frequencies[m], frequencies[i], frequencies[j])
        add(2 * m, 2 * m, -k / (wm * wm))
        add(2 * i, 2 * j, k / (2 * wm * (wi * wj).squareRoot()))
      case let .positionPosition(i, j, gg) where i == m || j == m:
        let (wm, wi, wj) = (frequencies[m], frequencies[i], frequencies[j])
        add(2 * i, 2 * j, -gg / (2 * wm * (wi * wj).squareRoot()))
      default: break
      }
    }
    return g
  }
}
