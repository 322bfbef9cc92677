import ClausiusNumerics
import ClausiusModels
import Numerics

/// The repeated-interaction (collision) model at finite interaction time τ as a Gaussian channel.
///
/// Per stroke each bath i supplies a fresh ancilla b_i (frequency ω_i of the mode it touches,
/// thermal at T_i) and the system + ancillas evolve for τ under
/// H_tot = H_S + Σ_i ω_i b_i†b_i + (1/√τ) Σ_i g_i (a_i† b_i + a_i b_i†), g_i² = γ_i (local rate);
/// then the ancillas are discarded: ρ_S((n+1)τ) = tr_E{e^{−iτH_tot} ρ_S ρ_E e^{iτH_tot}}.
/// On covariances: V′ = X V Xᵀ + Y with U = exp(τ Ω G_tot) = [[X, U_SE], [U_ES, U_EE]], Y = U_SE V_E U_SEᵀ.
/// As τ → 0 it generates the local equation (`Derivation.collisional`).
/// Reference: paper 003, Eqs. (26)–(28), (39)–(40), (42), Appendix B (Eqs. B1–B8).
public struct CollisionModel: Sendable {
  public let network: BosonicNetwork
  /// τ > 0.
  public let interactionTime: Double
  /// System mode touched by each bath's ancilla.
  public let bathModes: [Int]
  /// g_i² = γ_i.
  public let rates: [Double]
  /// H_S, the ancilla Hamiltonians ω_i b_i†b_i (+½) and H_int = (1/√τ) Σ V_i, all on N + M modes.
  public let systemHamiltonian: QuadraticHamiltonian
  public let ancillaHamiltonians: [QuadraticHamiltonian]
  public let interaction: QuadraticHamiltonian
  /// U = exp(τ Ω G_tot) (symplectic, 2(N+M) square).
  public let strokeMap: Matrix<Double>
  /// V_E = ⊕_i (n̄_i + ½) I₂ (ancillas, thermal).
  public let ancillaCovariance: Matrix<Double>

  public init(network: BosonicNetwork, interactionTime tau: Double) throws {
    guard tau.isFinite, tau > 0 else { throw MasterEquationError.invalidParameter(name: "interaction time τ", value: tau, allowed: "finite and > 0") }
    guard network.drives.isEmpty else { throw MasterEquationError.unsupported("coherent drives in the finite-τ collision model") }
    let n = network.modeCount, m = network.baths.count, tot = n + m
    var modes: [Int] = [], rates: [Double] = []
    for b in network.baths.indices {
      let (mode, gamma) = try network.localRate(bath: b)
      modes.append(mode); rates.append(gamma)
    }
    var gs = Matrix<Double>(rows: 2 * tot, columns: 2 * tot)
    gs.setBlock(network.hamiltonian.matrix, row: 0, column: 0)
    var ancillas: [QuadraticHamiltonian] = []
    var gi = Matrix<Double>(rows: 2 * tot, columns: 2 * tot)
    var ve = Matrix<Double>(rows: 2 * m, columns: 2 * m)
    for b in 0..<m {
      let w = network.frequencies[modes[b]]
      var h = QuadraticHamiltonian.zero(modes: tot)
      let e = 2 * (n + b)
      h.matrix[e, e] = w; h.matrix[e + 1, e + 1] = w
      ancillas.append(h)
      let nBar = network.baths[b].occupation(w)
      ve[2 * b, 2 * b] = nBar + 0.5; ve[2 * b + 1, 2 * b + 1] = nBar + 0.5
      // (g/√τ)(a†b + ab†) = (g/√τ)(x_a x_b + p_a p_b)
      let g = (rates[b] / tau).squareRoot()
      let a = 2 * modes[b]
      gi[a, e] += g; gi[e, a] += g; gi[a + 1, e + 1] += g; gi[e + 1, a + 1] += g
    }
    var gTot = gs + gi
    for h in ancillas { gTot += h.matrix }
    let omega = Conventions.symplecticForm(modes: tot)
    self.strokeMap = try ((omega * gTot) * tau).exponential()
    self.network = network; self.interactionTime = tau; self.bathModes = modes; self.rates = rates
    self.systemHamiltonian = QuadraticHamiltonian(matrix: gs); self.ancillaHamiltonians = ancillas
    self.interaction = QuadraticHamiltonian(matrix: gi); self.ancillaCovariance = ve
  }

  /// The channel V′ = X V Xᵀ + Y on the system covariance.
  public var channel: (x: Matrix<Double>, y: Matrix<Double>) {
    let n2 = 2 * network.modeCount, t2 = strokeMap.rows
    let x = strokeMap.submatrix(rows: 0..<n2, columns: 0..<n2)
    let use = strokeMap.submatrix(rows: 0..<n2, columns: n2..<t2)
    return (x, (use * ancillaCovariance).multiplied(by: use, transposeOther: .transpose).symmetrized)
  }
}
