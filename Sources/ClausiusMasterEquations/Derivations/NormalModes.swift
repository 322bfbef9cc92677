import ClausiusNumerics
import ClausiusModels
import Numerics

/// One Bohr channel of a bath in the normal-mode frame: L^ω = c_k ã_k (ω = +ν_k) or its adjoint.
struct BohrChannel {
  let mode: Int
  let frequency: Double  // signed: +ν_k (emission) or −ν_k (absorption)
  let x: Complex<Double>  // coefficient of x̃_k
  let p: Complex<Double>  // coefficient of p̃_k
  let rate: Double        // γ_α(ω) = 2J(|ω|)(n̄ + 1) for ω > 0, 2J(|ω|) n̄ for ω < 0
}

extension BosonicNetwork {
  /// Global (secular), partial-Redfield and Redfield equations from the normal modes of H_S.
  ///
  /// H_S = ½ rᵀ G r = Σ_k ν_k (x̃_k² + p̃_k²)/2 with r̃ = S r (Williamson, any number of modes).
  /// A bath's operator S_α = sᵀ r = s̃ᵀ r̃ (s̃ = S⁻ᵀ s) decomposes as Σ_k (L_α^{ν_k} + h.c.) with
  /// L_α^{ν_k} = c_k ã_k, c_k = (s̃_{x_k} − i s̃_{p_k})/√2, and rates γ_α(±ν) (paper 004, Eq. 19).
  /// The Born–Markov generator (paper 004, Eq. 9, Lamb shift dropped) is
  /// ½ Σ_{ω,ω′} γ_α(ω)(L^ω ρ L^{ω′†} − L^{ω′†}L^ω ρ) + h.c., i.e. kernel K = ½ Σ γ(ω) ℓ*_{ω′} ℓ_ωᵀ over
  /// the kept pairs: ω = ω′ (global, secular; degenerate normal modes kept together), equal signs
  /// (partial Redfield, Eq. A.1), or all pairs (Redfield). Heat is counted with the global H_S.
  /// Reference: paper 004, Sec. II A–B, Eqs. (9)–(15), (19), Appendix.
  func normalModeEquation(_ derivation: Derivation, normalModes: WilliamsonDecomposition? = nil) throws -> MasterEquation {
    guard derivation.usesNormalModes else { return try masterEquation(derivation) }
    let n = modeCount
    let h = hamiltonian
    let w: WilliamsonDecomposition
    if let given = normalModes { w = given } else {
      do { w = try WilliamsonDecomposition(h.matrix) } catch {
        throw MasterEquationError.hamiltonianNotPositiveDefinite(detail: "\(error)")
      }
    }
    let nu = w.frequencies
    // Exact normal form G̃ = diag(ν_k, ν_k); only the linear part needs transforming, c̃ = S⁻ᵀ c.
    // S⁻ᵀ v without forming the transpose (one gemm with a column).
    func sInvT(_ v: [Double]) -> [Double] {
      w.inverseSymplectic.multiplied(by: Matrix(rows: v.count, columns: 1, columnMajor: v), transposeSelf: .transpose).elements
    }
    let hTilde = QuadraticHamiltonian(matrix: Matrix.diagonal(nu.flatMap { [$0, $0] }),
                                      linear: h.linear.contains { $0 != 0 } ? sInvT(h.linear) : h.linear)
    let maxNu = nu.max() ?? 1
    let s2 = 0.5.squareRoot()
    var dissipators: [Dissipator] = []
    for (b, bath) in baths.enumerated() {
      let sTilde = sInvT(couplingVector(bath: b))
      var channels: [BohrChannel] = []
      for k in 0..<n {
        let c = Complex(sTilde[2 * k], -sTilde[2 * k + 1]) * Complex(s2, 0)
        let j = try bath.spectralDensity(nu[k])
        let nBar = bath.occupation(nu[k])
        // ã_k = (x̃ + i p̃)/√2
        channels.append(BohrChannel(mode: k, frequency: nu[k], x: c * Complex(s2, 0), p: c * Complex(0, s2), rate: 2 * j * (nBar + 1)))
        channels.append(BohrChannel(mode: k, frequency: -nu[k], x: (c * Complex(s2, 0)).conjugate, p: (c * Complex(0, s2)).conjugate, rate: 2 * j * nBar))
      }
      let generator: DissipativeGenerator
      switch derivation {
      case let .global(tolerance):
        generator = .lindblad(Self.secularJumps(channels: channels, nu: nu, tolerance: tolerance * maxNu, modes: n))
      case let .partialRedfield(tol):
        generator = .quadratic(kernel: Self.kernel(channels: channels, modes: n) { a, b in
          (a.frequency > 0) == (b.frequency > 0) && abs(a.frequency - b.frequency) <= tol
        })
      default:
        generator = .quadratic(kernel: Self.kernel(channels: channels, modes: n) { _, _ in true })
      }
      dissipators.append(Dissipator(bath: b, bathName: bath.name, temperature: bath.temperature, generator: generator,
                                    countingHamiltonian: hTilde, localFrequency: bathMode(b).map { frequencies[$0] }))
    }
    var eq = MasterEquation(derivation: derivation, hamiltonian: hTilde, dissipators: dissipators, frame: .normalModes(w), normalModeFrequencies: nu)
    eq.sourceHamiltonian = h.matrix
    return eq
  }

  /// Secular jump operators: for each group of (near-)degenerate normal modes G with frequency ν,
  /// L = Σ_{k∈G} c_k ã_k at rate γ(ν) and L† at rate γ(−ν).
  static func secularJumps(channels: [BohrChannel], nu: [Double], tolerance: Double, modes n: Int) -> [(rate: Double, operator: LinearOperator)] {
    let order = (0..<n).sorted { nu[$0] < nu[$1] }
    var groups: [[Int]] = []
    for k in order {
      if let last = groups.last?.last, nu[k] - nu[last] <= tolerance { groups[groups.count - 1].append(k) } else { groups.append([k]) }
    }
    var jumps: [(rate: Double, operator: LinearOperator)] = []
    for g in groups {
      for sign in [1, -1] {
        var coeff = [Complex<Double>](repeating: .zero, count: 2 * n)
        var rate = 0.0
        for k in g {
          let ch = channels[2 * k + (sign > 0 ? 0 : 1)]
          coeff[2 * k] = ch.x; coeff[2 * k + 1] = ch.p
          rate += ch.rate
        }
        rate /= Double(g.count)
        if rate > 0, coeff.contains(where: { $0 != .zero }) { jumps.append((rate, LinearOperator(coefficients: coeff))) }
      }
    }
    return jumps
  }

  /// K = ½ Σ_{(ω, ω′) kept} γ(ω) ℓ*_{ω′} ℓ_ωᵀ (paper 004, Eq. 9 in kernel form).
  static func kernel(channels: [BohrChannel], modes n: Int, keep: (BohrChannel, BohrChannel) -> Bool) -> Matrix<Complex<Double>> {
    var k = Matrix<Complex<Double>>(rows: 2 * n, columns: 2 * n)
    for a in channels where a.rate != 0 {   // ω (ℓ_ω enters as column index l)
      let la = [a.x, a.p]
      for b in channels where keep(a, b) {  // ω′ (ℓ*_{ω′} enters as row index k)
        let lb = [b.x.conjugate, b.p.conjugate]
        for r in 0..<2 { for c in 0..<2 {
          let i = 2 * b.mode + r, j = 2 * a.mode + c
          k[i, j] = k[i, j] + Complex(a.rate / 2, 0) * lb[r] * la[c]
        } }
      }
    }
    return k
  }
}

extension Derivation {
  /// Whether a network's equation is written on its normal modes (global, Redfield, partial Redfield), so that a
  /// Williamson decomposition can be reused between equations of the same Hamiltonian.
  public var usesNormalModes: Bool {
    switch self {
    case .global, .redfield, .partialRedfield: return true
    default: return false
    }
  }
}
