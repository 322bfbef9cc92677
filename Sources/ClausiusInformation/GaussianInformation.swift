import ClausiusNumerics
import Foundation
import Numerics

/// Information measures of Gaussian states, in the Clausius convention (vacuum V = I/2, ν ≥ ½,
/// natural logarithms: entropies and negativities in nats; divide by ln 2 for bits).
///
/// Paper 004 normalises Γ exactly as we normalise V (½⟨{·,·}⟩, physical iff ν ≥ ½, J = Ω since
/// J_kl = −i[R_k, R_l]), so its formulas apply verbatim; only its scaled quadratures X = x/√ω differ,
/// a local symplectic change that leaves all measures here invariant.
public enum GaussianInformation {

  // MARK: - Validation

  static func validateShape(_ v: Matrix<Double>, name: String, symmetryTolerance: Double = 1e-9) throws {
    guard v.isSquare, v.rows % 2 == 0 else { throw GaussianInformationError.badDimension(name: name, rows: v.rows, columns: v.columns) }
    guard v.isFinite else { throw GaussianInformationError.notFinite(name: name) }
    var asym = 0.0
    for j in 0..<v.columns { for i in 0..<j { asym = max(asym, abs(v[i, j] - v[j, i])) } }
    let tol = symmetryTolerance * max(1, v.maxAbs)
    guard asym <= tol else { throw GaussianInformationError.notSymmetric(name: name, maxAsymmetry: asym, tolerance: tol) }
  }

  static func validateGroup(_ g: [Int], name: String, modes n: Int) throws {
    guard !g.isEmpty else { throw GaussianInformationError.badModeGroup(name: name, detail: "is empty") }
    if let bad = g.first(where: { $0 < 0 || $0 >= n }) {
      throw GaussianInformationError.badModeGroup(name: name, detail: "index \(bad) outside 0..<\(n)")
    }
    guard Set(g).count == g.count else { throw GaussianInformationError.badModeGroup(name: name, detail: "repeats a mode: \(g)") }
  }

  /// Result of the physicality test V + iΩ/2 ≥ 0.
  public struct Physicality: Sendable, Equatable {
    /// Smallest eigenvalue of the Hermitian matrix V + iΩ/2 (≥ 0 for a physical state).
    public let minEigenvalue: Double
    /// Smallest symplectic eigenvalue ν_min (≥ ½ for a physical state), nil if V is not positive definite.
    public let minSymplecticEigenvalue: Double?
    /// Whether minEigenvalue ≥ −tolerance.
    public let isPhysical: Bool
    /// The amount by which the uncertainty principle is violated, max(0, −minEigenvalue).
    public var violation: Double { max(0, -minEigenvalue) }
  }

  /// Checks the uncertainty principle V + iΩ/2 ≥ 0 (Hermitian eigenvalues via LAPACK `zheevd`) and
  /// reports the violation. Reference: paper 004 text after Eq. (36) (ν_j ≥ ½).
  /// `tolerance` is absolute, scaled by max(1, ‖V‖_max).
  public static func physicality(_ v: Matrix<Double>, tolerance: Double = 1e-10) throws -> Physicality {
    try validateShape(v, name: "covariance")
    let n = v.rows / 2
    let omega = Conventions.symplecticForm(modes: n)
    var h = Matrix<Complex<Double>>(rows: 2 * n, columns: 2 * n)
    for j in 0..<2 * n { for i in 0..<2 * n { h[i, j] = Complex(v[i, j], 0.5 * omega[i, j]) } }
    let minEig = try wrap { try h.hermitianEigen(vectors: false).values.min() ?? 0 }
    let nu = try? symplecticEigenvaluesUnchecked(v)
    let tol = tolerance * max(1, v.maxAbs)
    return Physicality(minEigenvalue: minEig, minSymplecticEigenvalue: nu?.first, isPhysical: minEig >= -tol)
  }

  /// Throws `nonPhysical` unless V + iΩ/2 ≥ 0 within tolerance.
  public static func requirePhysical(_ v: Matrix<Double>, name: String = "covariance", tolerance: Double = 1e-10) throws {
    let p = try physicality(v, tolerance: tolerance)
    guard p.isPhysical else {
      throw GaussianInformationError.nonPhysical(name: name, minEigenvalue: p.minEigenvalue, tolerance: tolerance * max(1, v.maxAbs))
    }
  }

  static func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as NumericsError { throw GaussianInformationError.numerical(detail: e.description) }
  }

  // MARK: - Symplectic spectrum

  /// Symplectic eigenvalues ν₁ ≤ … ≤ ν_n of a positive-definite covariance matrix: the moduli of the
  /// eigenvalues ±iν_j of Ω V (paper 004, text after Eq. (36), "spectrum {±iν_j} of J⁻¹Γ").
  /// Computed stably as the positive eigenvalues of the Hermitian matrix V^{1/2} (iΩ) V^{1/2}
  /// (same spectrum as iΩV). Throws `nonPhysical` if V is not positive definite (then no symplectic
  /// spectrum exists); it does not require ν ≥ ½ (use `physicality`).
  public static func symplecticEigenvalues(_ v: Matrix<Double>) throws -> [Double] {
    try validateShape(v, name: "covariance")
    return try symplecticEigenvaluesUnchecked(v)
  }

  static func symplecticEigenvaluesUnchecked(_ v: Matrix<Double>) throws -> [Double] {
    let n = v.rows / 2
    if n == 0 { return [] }
    let ev = try wrap { try v.symmetrized.symmetricEigen(vectors: false).values }
    guard let lo = ev.first, lo > 0 else {
      throw GaussianInformationError.nonPhysical(name: "covariance (not positive definite)", minEigenvalue: ev.first ?? 0, tolerance: 0)
    }
    let s = try wrap { try v.symmetrized.symmetricSquareRoot() }
    let omega = Conventions.symplecticForm(modes: n)
    let m = s * omega * s   // real antisymmetric; i·m is Hermitian with eigenvalues ±ν_j
    var h = Matrix<Complex<Double>>(rows: 2 * n, columns: 2 * n)
    for j in 0..<2 * n { for i in 0..<2 * n { h[i, j] = Complex(0, m[i, j]) } }
    let values = try wrap { try h.hermitianEigen(vectors: false).values }   // ascending
    return Array(values.suffix(n))
  }

  // MARK: - Entropies

  /// g(ν) = (ν + ½) ln(ν + ½) − (ν − ½) ln(ν − ½), the entropy of a thermal mode with symplectic
  /// eigenvalue ν = n̄ + ½ (g(½) = 0). Reference: paper 004 Eq. (36) — printed there with a "+"
  /// between the two terms, a misprint (see docs/papers/004-exact-and-information.md); the correct
  /// sign is "−" (Holevo & Werner, PRA 63, 032312 (2001), paper 004 ref. [42]).
  /// Values ν < ½ within 1e-12 are treated as ½.
  public static func g(_ nu: Double) -> Double {
    let a = nu + 0.5, b = nu - 0.5
    if b <= 1e-14 { return 0 }
    return a * log(a) - b * log(b)
  }

  /// Von Neumann entropy S = Σ_j g(ν_j) in nats. Reference: paper 004 Eq. (36) (sign corrected, see `g`).
  /// Throws `nonPhysical` for states violating V + iΩ/2 ≥ 0.
  public static func vonNeumannEntropy(_ v: Matrix<Double>) throws -> Double {
    try requirePhysical(v)
    return try symplecticEigenvalues(v).reduce(0) { $0 + g($1) }
  }

  /// Purity μ = Tr ρ² = 1/√det(2V) = ∏_j 1/(2ν_j) (vacuum normalisation ½).
  /// Reference: Adesso, Ragy & Lee, OSID 21, 1440001 (2014), Eq. for μ (paper 004 ref. [27]).
  public static func purity(_ v: Matrix<Double>) throws -> Double {
    try requirePhysical(v)
    return try symplecticEigenvalues(v).reduce(1) { $0 / (2 * $1) }
  }

  // MARK: - Marginals, partial transposition

  /// Covariance of the reduced state of `modes` (in the order given): rows/columns (x_j, p_j).
  public static func reducedCovariance(_ v: Matrix<Double>, modes group: [Int]) throws -> Matrix<Double> {
    try validateShape(v, name: "covariance")
    try validateGroup(group, name: "modes", modes: v.rows / 2)
    let idx = group.flatMap { [2 * $0, 2 * $0 + 1] }
    return v.submatrix(rowIndices: idx, columnIndices: idx)
  }

  /// Partial transposition of the modes in `group`: p_j → −p_j for j ∈ group, i.e. Ṽ = P V P with
  /// P = diag(±1). Reference: paper 004 text after Eq. (37) (Simon's criterion, PRL 84, 2726 (2000)).
  public static func partialTranspose(_ v: Matrix<Double>, modes group: [Int]) throws -> Matrix<Double> {
    try validateShape(v, name: "covariance")
    try validateGroup(group, name: "partially transposed modes", modes: v.rows / 2)
    var sign = [Double](repeating: 1, count: v.rows)
    for j in group { sign[2 * j + 1] = -1 }
    return Matrix(rows: v.rows, columns: v.columns) { i, j in sign[i] * sign[j] * v[i, j] }
  }

  // MARK: - Correlations and entanglement

  /// Quantum mutual information I(A:B) = S(ρ_A) + S(ρ_B) − S(ρ_AB) between two disjoint groups of
  /// modes (nats); other modes are traced out. Reference: paper 004 Sec. IV B, 𝓘(σ_ch) definition.
  public static func mutualInformation(_ v: Matrix<Double>, groupA: [Int], groupB: [Int]) throws -> Double {
    try requirePhysical(v)
    let n = v.rows / 2
    try validateGroup(groupA, name: "A", modes: n)
    try validateGroup(groupB, name: "B", modes: n)
    guard Set(groupA).isDisjoint(with: groupB) else {
      throw GaussianInformationError.badModeGroup(name: "A, B", detail: "groups overlap in modes \(Set(groupA).intersection(groupB).sorted())")
    }
    let sA = try vonNeumannEntropy(reducedCovariance(v, modes: groupA))
    let sB = try vonNeumannEntropy(reducedCovariance(v, modes: groupB))
    let sAB = try vonNeumannEntropy(reducedCovariance(v, modes: groupA + groupB))
    return sA + sB - sAB
  }

  /// Logarithmic negativity E_N = Σ_j max{0, −ln(2ν̃_j)} (nats) of the bipartition (group | rest),
  /// ν̃_j the symplectic eigenvalues of the partially transposed covariance (p → −p on `group`).
  /// Reference: paper 004 Eq. (37); Vidal & Werner PRA 65, 032314 (2002).
  /// To restrict to a bipartition A|B of a subset, pass the reduced covariance of A ∪ B.
  public static func logarithmicNegativity(_ v: Matrix<Double>, partition group: [Int]) throws -> Double {
    try requirePhysical(v)
    let pt = try partialTranspose(v, modes: group)
    return try symplecticEigenvalues(pt).reduce(0) { $0 + max(0, -log(2 * $1)) }
  }

  // MARK: - Fidelity

  /// Uhlmann fidelity F = (Tr √(√ρ₁ ρ₂ √ρ₁))² between two n-mode Gaussian states (general formula with
  /// displacements; Banchi, Braunstein & Pirandola, PRL 115, 260501 (2015), Eqs. (2)–(3), their F being the
  /// square root of ours). Evaluated in double-double arithmetic by `fidelityWithInfidelity`, which also gives
  /// 1 − F without cancellation (use `oneMinusFidelity` for infidelities: 1 − `fidelity` loses everything below
  /// 10⁻¹⁶). Both states are checked for physicality.
  public static func fidelity(_ s1: GaussianState, _ s2: GaussianState) throws -> Double {
    try fidelityWithInfidelity(s1, s2).fidelity
  }

  /// 1 − F (infidelity) of two n-mode Gaussian states, accurate to ~10⁻¹⁵ relative wherever it exceeds ~10⁻²⁰
  /// (not 1 minus the rounded F; see `fidelityWithInfidelity`).
  public static func oneMinusFidelity(_ s1: GaussianState, _ s2: GaussianState) throws -> Double {
    try fidelityWithInfidelity(s1, s2).oneMinusFidelity
  }

  /// Uhlmann fidelity of two single-mode Gaussian states (closed form):
  /// F = exp[−½ δᵀ(V₁+V₂)⁻¹δ] / (√(Δ + δ₀) − √δ₀), Δ = det(V₁ + V₂), δ₀ = 4(det V₁ − ¼)(det V₂ − ¼).
  /// Reference: Scutaru, J. Phys. A 31, 3659 (1998); Nha & Carmichael PRA 71, 032336 (2005), rewritten
  /// for vacuum V = I/2.
  public static func fidelitySingleMode(_ s1: GaussianState, _ s2: GaussianState) throws -> Double {
    guard s1.modes == 1 else { throw GaussianInformationError.wrongModeCount(measure: "single-mode fidelity", modes: s1.modes, allowed: "1") }
    guard s2.modes == 1 else { throw GaussianInformationError.wrongModeCount(measure: "single-mode fidelity", modes: s2.modes, allowed: "1") }
    try requirePhysical(s1.covariance, name: "first covariance")
    try requirePhysical(s2.covariance, name: "second covariance")
    let sum = s1.covariance + s2.covariance
    let bigDelta = try wrap { try sum.determinant() }
    let d1 = try wrap { try s1.covariance.determinant() }, d2 = try wrap { try s2.covariance.determinant() }
    let small = max(0, 4 * (d1 - 0.25) * (d2 - 0.25))
    let dx = s2.mean[0] - s1.mean[0], dp = s2.mean[1] - s1.mean[1]
    // δᵀ (V₁+V₂)⁻¹ δ for a 2×2 matrix.
    let q = (sum[1, 1] * dx * dx - 2 * sum[0, 1] * dx * dp + sum[0, 0] * dp * dp) / bigDelta
    return exp(-0.5 * q) / ((bigDelta + small).squareRoot() - small.squareRoot())
  }

  /// Uhlmann fidelity of two two-mode Gaussian states with zero first moments.
  /// Reference: paper 004 Eq. (35) (Marian & Marian, PRA 86, 022340 (2012)):
  ///   F = [(√b + √c) − √((√b + √c)² − a)]⁻¹, a = det(Γ₁ + Γ₂), b = 2⁴ det[(JΓ₁)(JΓ₂) − I/4],
  ///   c = 2⁴ det(Γ₁ + iJ/2) det(Γ₂ + iJ/2), J = Ω.
  /// Displacements are ignored (the formula assumes zero means); pass centred states.
  public static func fidelityTwoMode(_ g1: Matrix<Double>, _ g2: Matrix<Double>) throws -> Double {
    try validateShape(g1, name: "Γ₁"); try validateShape(g2, name: "Γ₂")
    guard g1.rows == 4 else { throw GaussianInformationError.wrongModeCount(measure: "two-mode fidelity (004 Eq. 35)", modes: g1.rows / 2, allowed: "2") }
    guard g2.rows == 4 else { throw GaussianInformationError.wrongModeCount(measure: "two-mode fidelity (004 Eq. 35)", modes: g2.rows / 2, allowed: "2") }
    try requirePhysical(g1, name: "Γ₁"); try requirePhysical(g2, name: "Γ₂")
    let j = Conventions.symplecticForm(modes: 2)
    return try wrap {
      let a = try (g1 + g2).determinant()
      let b = 16 * (try (j * g1 * j * g2 - Matrix.identity(4) * 0.25).determinant())
      // det(Γ + iJ/2) = ∏_j (ν_j² − ¼) (Williamson: Γ = S D Sᵀ, S J Sᵀ = J, det S = 1). Evaluated from
      // the symplectic spectrum with ν_j − ½ < 1e-12 snapped to ½, so that c = 0 exactly for a pure
      // state: otherwise rounding (~1e-16) in c would become ~1e-8 in √c and in F.
      func detShifted(_ g: Matrix<Double>) throws -> Double {
        try symplecticEigenvalues(g).reduce(1.0) { acc, nu in nu - 0.5 < 1e-12 ? 0 : acc * (nu * nu - 0.25) }
      }
      let c = 16 * (try detShifted(g1)) * (try detShifted(g2))
      let sb = max(b, 0).squareRoot(), sc = max(c, 0).squareRoot()
      let s = sb + sc
      return 1 / (s - max(s * s - a, 0).squareRoot())
    }
  }

  // MARK: - Gaussian discord (two modes)

  /// Gaussian quantum discord, classical correlations and mutual information of a two-mode state,
  /// with Gaussian measurements on one mode.
  public struct DiscordResult: Sendable, Equatable {
    /// Gaussian discord 𝒬 (nats), measurement on `measuredMode`.
    public let discord: Double
    /// Classical correlations 𝒞 = 𝓘 − 𝒬 (nats).
    public let classicalCorrelations: Double
    /// Mutual information 𝓘 (nats).
    public let mutualInformation: Double
    /// inf det σ_{A|B} over Gaussian measurements on B, in vacuum-1 normalisation (E_min of Adesso–Datta).
    public let eMin: Double
  }

  /// Gaussian discord of a two-mode state with Gaussian POVMs on `measuredMode` (0 or 1; paper 004's
  /// 𝒬← with measurement on B = mode 1). Adesso & Datta, PRL 105, 030501 (2010), Eqs. (5)–(8)
  /// (paper 004 ref. [45]), in their normalisation σ = 2V (vacuum I): with A = det α, B = det β,
  /// C = det γ, D = det σ for σ = [[α, γ], [γᵀ, β]] (β the measured mode),
  ///   𝒬 = f(√B) − f(ν₋) − f(ν₊) + f(√E_min), f(x) = ((x+1)/2) ln((x+1)/2) − ((x−1)/2) ln((x−1)/2),
  ///   E_min = [2C² + (B−1)(D−A) + 2|C|√(C² + (B−1)(D−A))]/(B−1)²   if (D − AB)² ≤ (1 + B) C² (A + D),
  ///   E_min = [AB − C² + D − √(C⁴ + (D − AB)² − 2C²(AB + D))]/(2B) otherwise;
  ///   𝒞 = f(√A) − f(√E_min), 𝓘 = f(√A) + f(√B) − f(ν₋) − f(ν₊).
  /// (f(x) = g(x/2) with the g of Eq. (36).) Valid for any two-mode Gaussian state: A, B, C, D are
  /// local-symplectic invariants, so no standard form is needed.
  public static func gaussianDiscord(_ v: Matrix<Double>, measuredMode: Int = 1) throws -> DiscordResult {
    try validateShape(v, name: "covariance")
    guard v.rows == 4 else { throw GaussianInformationError.wrongModeCount(measure: "Gaussian discord", modes: v.rows / 2, allowed: "2") }
    guard measuredMode == 0 || measuredMode == 1 else {
      throw GaussianInformationError.badModeGroup(name: "measuredMode", detail: "is \(measuredMode), must be 0 or 1")
    }
    try requirePhysical(v)
    let unmeasured = 1 - measuredMode
    let order = [2 * unmeasured, 2 * unmeasured + 1, 2 * measuredMode, 2 * measuredMode + 1]
    let sigma = v.submatrix(rowIndices: order, columnIndices: order) * 2
    func det2(_ r: Int, _ c: Int) -> Double { sigma[r, c] * sigma[r + 1, c + 1] - sigma[r, c + 1] * sigma[r + 1, c] }
    let a = det2(0, 0), b = det2(2, 2), cc = det2(0, 2)
    let d = try wrap { try sigma.determinant() }
    let nus = try symplecticEigenvalues(v).map { 2 * $0 }
    func f(_ x: Double) -> Double { g(x / 2) }
    var eMin: Double
    if b - 1 < 1e-12 {
      // Pure marginal on the measured mode ⇒ product state; the conditional state is the marginal.
      eMin = a
    } else if (d - a * b) * (d - a * b) <= (1 + b) * cc * cc * (a + d) {
      let rad = max(cc * cc + (b - 1) * (d - a), 0).squareRoot()
      eMin = (2 * cc * cc + (b - 1) * (d - a) + 2 * abs(cc) * rad) / ((b - 1) * (b - 1))
    } else {
      let rad = max(cc * cc * cc * cc + (d - a * b) * (d - a * b) - 2 * cc * cc * (a * b + d), 0).squareRoot()
      eMin = (a * b - cc * cc + d - rad) / (2 * b)
    }
    eMin = max(eMin, 1)   // a conditional state is physical: det ≥ 1 (rounding guard)
    let sEMin = f(eMin.squareRoot())
    let mi = f(a.squareRoot()) + f(b.squareRoot()) - nus.reduce(0) { $0 + f($1) }
    let discord = f(b.squareRoot()) - nus.reduce(0) { $0 + f($1) } + sEMin
    return DiscordResult(discord: discord, classicalCorrelations: mi - discord, mutualInformation: mi, eMin: eMin)
  }
}
