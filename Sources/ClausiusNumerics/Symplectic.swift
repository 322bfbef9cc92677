import Numerics

/// Williamson (symplectic) normal form of a real symmetric positive-definite matrix G:
/// G = Sᵀ D S with S symplectic (S Ω Sᵀ = Ω) and D = diag(ν₁, ν₁, …, ν_N, ν_N), ν_k > 0.
///
/// For a quadratic Hamiltonian H = ½ rᵀ G r the new quadratures r̃ = S r are the normal modes:
/// H = Σ_k ν_k (x̃_k² + p̃_k²)/2, so ν_k are the normal-mode (Bogoliubov) frequencies. For a
/// covariance matrix V the ν_k are its symplectic eigenvalues (physical iff all ν_k ≥ ½).
///
/// Algorithm: without x–p cross terms (all couplings of `BosonicNetwork`) two N × N symmetric
/// eigenproblems (`splitPositionMomentum`). Otherwise G^{1/2} from `dsyevd`; the antisymmetric K = G^{1/2} Ω G^{1/2} is brought to
/// ⊕ ν_k [[0, 1], [−1, 0]] by the eigenvectors w_k of the Hermitian matrix iK (`zheevd`,
/// eigenvalue +ν_k): columns √2 Im w_k, √2 Re w_k. Then S⁻¹ = G^{-1/2} Q D^{1/2}.
/// Conventions: r = (x₁, p₁, …), Ω = ⊕[[0, 1], [−1, 0]] (docs/conventions.md).
public struct WilliamsonDecomposition: Sendable {
  /// ν_k, ascending.
  public let frequencies: [Double]
  /// S: r̃ = S r.
  public let symplectic: Matrix<Double>
  /// S⁻¹: r = S⁻¹ r̃.
  public let inverseSymplectic: Matrix<Double>

  /// Decomposes the symmetric positive-definite `matrix` (2N × 2N). Throws `singularMatrix`
  /// naming the smallest eigenvalue otherwise.
  public init(_ matrix: Matrix<Double>) throws {
    guard matrix.isSquare, matrix.rows % 2 == 0 else {
      throw NumericsError.dimensionMismatch(operation: "Williamson decomposition", detail: "matrix is \(matrix.rows)×\(matrix.columns), must be 2N×2N")
    }
    let n2 = matrix.rows, n = n2 / 2
    if n == 0 { self.init(frequencies: [], symplectic: matrix, inverseSymplectic: matrix); return }
    if let split = try Self.splitPositionMomentum(matrix) {
      self.init(frequencies: split.nu, symplectic: split.s, inverseSymplectic: split.sInv); return
    }
    try self.init(general: matrix)
  }

  init(frequencies: [Double], symplectic: Matrix<Double>, inverseSymplectic: Matrix<Double>) {
    self.frequencies = frequencies; self.symplectic = symplectic; self.inverseSymplectic = inverseSymplectic
  }

  /// The general algorithm (Hermitian eigenproblem of size 2N), valid for any symmetric positive-definite
  /// G; `init(_:)` uses it when G has x–p cross terms. Public for cross-checks of the fast path.
  public init(general matrix: Matrix<Double>) throws {
    guard matrix.isSquare, matrix.rows % 2 == 0 else {
      throw NumericsError.dimensionMismatch(operation: "Williamson decomposition", detail: "matrix is \(matrix.rows)×\(matrix.columns), must be 2N×2N")
    }
    let n2 = matrix.rows, n = n2 / 2
    let (root, inverseRoot) = try Self.squareRoots(matrix.symmetrized)
    let omega = Conventions.symplecticForm(modes: n)
    let k = (root * omega) * root
    // iK is Hermitian.
    let ik = Matrix<Complex<Double>>(rows: n2, columns: n2) { i, j in Complex(0, k[i, j]) }
    let eig = try ik.hermitianEigen(vectors: true)
    var nu = [Double](repeating: 0, count: n)
    var q = Matrix<Double>(rows: n2, columns: n2)
    let s2 = 2.0.squareRoot()
    for m in 0..<n {
      let col = n + m  // positive half of the ascending spectrum
      nu[m] = eig.values[col]
      for i in 0..<n2 {
        let w = eig.vectors[i, col]
        q[i, 2 * m] = s2 * w.imaginary
        q[i, 2 * m + 1] = s2 * w.real
      }
    }
    guard nu.allSatisfy({ $0 > 0 }) else {
      throw NumericsError.singularMatrix(routine: "Williamson decomposition", detail: "a symplectic eigenvalue is not positive (\(nu.min() ?? 0))")
    }
    let sqrtD = Matrix<Double>.diagonal(nu.flatMap { [$0.squareRoot(), $0.squareRoot()] })
    let invSqrtD = Matrix<Double>.diagonal(nu.flatMap { [1 / $0.squareRoot(), 1 / $0.squareRoot()] })
    self.init(frequencies: nu, symplectic: (invSqrtD.multiplied(by: q, transposeOther: .transpose)) * root,
              inverseSymplectic: (inverseRoot * q) * sqrtD)
  }

  /// Fast path for G without x–p cross terms, H = ½ xᵀ G_x x + ½ pᵀ G_p p (every coupling of
  /// `BosonicNetwork` but hopping with a phase): `SplitNormalModes` expanded to 2N × 2N. Returns nil when
  /// G has x–p cross terms.
  static func splitPositionMomentum(_ g: Matrix<Double>) throws -> (nu: [Double], s: Matrix<Double>, sInv: Matrix<Double>)? {
    let n = g.rows / 2
    for j in 0..<n { for i in 0..<n where g[2 * i, 2 * j + 1] != 0 || g[2 * j + 1, 2 * i] != 0 { return nil } }
    let gx = Matrix<Double>(rows: n, columns: n) { i, j in 0.5 * (g[2 * i, 2 * j] + g[2 * j, 2 * i]) }
    let gp = Matrix<Double>(rows: n, columns: n) { i, j in 0.5 * (g[2 * i + 1, 2 * j + 1] + g[2 * j + 1, 2 * i + 1]) }
    let modes = try SplitNormalModes(position: gx, momentum: gp)
    let x = modes.positionBlock, p = modes.momentumBlock
    var s = Matrix<Double>(rows: 2 * n, columns: 2 * n), sInv = s
    for k in 0..<n {
      for i in 0..<n {
        sInv[2 * i, 2 * k] = x[i, k]            // x = X x̃
        sInv[2 * i + 1, 2 * k + 1] = p[i, k]    // p = P p̃
        s[2 * k, 2 * i] = p[i, k]               // x̃ = Pᵀ x (S⁻¹ symplectic ⇒ Xᵀ P = 1)
        s[2 * k + 1, 2 * i + 1] = x[i, k]       // p̃ = Xᵀ p
      }
    }
    return (modes.frequencies, s, sInv)
  }

  /// Only the symplectic eigenvalues ν_k (ascending) of a symmetric positive-definite matrix.
  public static func symplecticEigenvalues(_ matrix: Matrix<Double>) throws -> [Double] {
    let n2 = matrix.rows, n = n2 / 2
    if n == 0 { return [] }
    let (root, _) = try squareRoots(matrix.symmetrized)
    let k = (root * Conventions.symplecticForm(modes: n)) * root
    let ik = Matrix<Complex<Double>>(rows: n2, columns: n2) { i, j in Complex(0, k[i, j]) }
    let values = try ik.hermitianEigen(vectors: false).values
    return Array(values[n...])
  }

  static func squareRoots(_ g: Matrix<Double>) throws -> (Matrix<Double>, Matrix<Double>) {
    let e = try g.symmetricEigen(vectors: true)
    guard let smallest = e.values.first, smallest > 0 else {
      throw NumericsError.singularMatrix(routine: "Williamson decomposition", detail: "the matrix must be symmetric positive definite but its smallest eigenvalue is \(e.values.first ?? 0) (must be > 0)")
    }
    let n = g.rows
    let u = e.vectors
    var us = u, uis = u
    for j in 0..<n {
      let s = e.values[j].squareRoot()
      for i in 0..<n { us[i, j] *= s; uis[i, j] /= s }
    }
    return (us.multiplied(by: u, transposeOther: .transpose), uis.multiplied(by: u, transposeOther: .transpose))
  }
}

extension Matrix where Element == Double {
  /// Smallest eigenvalue of the Hermitian matrix V + iΩ/2 (≥ 0 iff V obeys the uncertainty
  /// principle, docs/conventions.md "Gaussian states").
  public func uncertaintyMargin() throws -> Double {
    let n2 = rows
    let omega = Conventions.symplecticForm(modes: n2 / 2)
    let h = Matrix<Complex<Double>>(rows: n2, columns: n2) { i, j in Complex(self[i, j], 0.5 * omega[i, j]) }
    return try h.hermitianEigen(vectors: false).values.first ?? 0
  }
}

/// Normal modes of H = ½ xᵀ G_x x + ½ pᵀ G_p p (no x–p cross terms) kept as two N × N blocks:
/// x = X x̃, p = P p̃ with Xᵀ P = 1 (so r = S⁻¹ r̃ with S⁻¹ = X ⊕ P interleaved, S = Pᵀ ⊕ Xᵀ), and
/// H = Σ_k ν_k (x̃_k² + p̃_k²)/2. O(N²) memory, against 8N² for the 2N × 2N S and S⁻¹ of
/// `WilliamsonDecomposition`.
///
/// Algorithm: with Q = G_p^{1/2} and Q G_x Q = U diag(ν²) Uᵀ, X = Q U ν^{−1/2}, P = Q⁻¹ U ν^{1/2} (two N × N
/// `dsyevd`). When G_x = G_p (a number-conserving network: H = Σ h_ij a_i†a_j with real h, e.g. real hopping) this
/// reduces to one eigendecomposition G_x = U diag(ν) Uᵀ with X = P = U — the floor of the global master
/// equation (Q = U ν^{1/2} Uᵀ, Q G_x Q = U ν² Uᵀ, Q U ν^{−1/2} = U).
public struct SplitNormalModes: Sendable {
  /// ν_k, ascending.
  public let frequencies: [Double]
  /// X (N × N): x = X x̃.
  public let positionBlock: Matrix<Double>
  /// P (N × N): p = P p̃.
  public let momentumBlock: Matrix<Double>

  /// Decomposes G_x, G_p (symmetric, N × N, G_p and G_p^{1/2} G_x G_p^{1/2} positive definite). Throws
  /// `singularMatrix` naming the offending eigenvalue otherwise.
  public init(position gx: Matrix<Double>, momentum gp: Matrix<Double>) throws {
    let n = gx.rows
    guard gx.isSquare, gp.rows == n, gp.columns == n else {
      throw NumericsError.dimensionMismatch(operation: "normal modes", detail: "G_x \(gx.rows)×\(gx.columns), G_p \(gp.rows)×\(gp.columns)")
    }
    if gx == gp {
      let e = try gx.symmetricEigen(vectors: true)
      guard let smallest = e.values.first, smallest > 0 || n == 0 else {
        throw NumericsError.singularMatrix(routine: "Williamson decomposition", detail: "the matrix must be symmetric positive definite but G_x = G_p has eigenvalue \(e.values.first ?? 0) (must be > 0)")
      }
      frequencies = e.values; positionBlock = e.vectors; momentumBlock = e.vectors
      return
    }
    let (q, qInv) = try WilliamsonDecomposition.squareRoots(gp)
    let m = ((q * gx) * q).symmetrized
    let e = try m.symmetricEigen(vectors: true)
    guard let smallest = e.values.first, smallest > 0 else {
      throw NumericsError.singularMatrix(routine: "Williamson decomposition", detail: "the matrix must be symmetric positive definite but G_p^{1/2} G_x G_p^{1/2} has eigenvalue \(e.values.first ?? 0) (must be > 0)")
    }
    let nu = e.values.map { $0.squareRoot() }
    var x = q * e.vectors, p = qInv * e.vectors
    for k in 0..<n {
      let r = nu[k].squareRoot()
      for i in 0..<n { x[i, k] /= r; p[i, k] *= r }
    }
    frequencies = nu; positionBlock = x; momentumBlock = p
  }

  /// s̃_x,k² + s̃_p,k² for a linear operator S = sᵀ r (s of length 2N, r = (x₁, p₁, …)) written in the normal
  /// modes, S = s̃ᵀ r̃ with s̃ = S⁻ᵀ s: s̃_x = Xᵀ s_x, s̃_p = Pᵀ s_p. O(N × non-zeros of s).
  public func couplingWeights(_ s: [Double]) -> [Double] {
    let n = frequencies.count
    var sx = [Double](repeating: 0, count: n), sp = sx
    for i in 0..<n {
      if s[2 * i] != 0 { for k in 0..<n { sx[k] += positionBlock[i, k] * s[2 * i] } }
      if s[2 * i + 1] != 0 { for k in 0..<n { sp[k] += momentumBlock[i, k] * s[2 * i + 1] } }
    }
    return (0..<n).map { sx[$0] * sx[$0] + sp[$0] * sp[$0] }
  }
}

/// A solution of the discrete Lyapunov (Stein) equation X = F X Fᵀ + Q with diagnostics.
public struct SteinSolution: Sendable {
  public let solution: Matrix<Double>
  /// ‖F X Fᵀ + Q − X‖_F / ‖Q‖_F.
  public let relativeResidual: Double
  /// Number of doubling steps used.
  public let doublings: Int
}

extension Matrix where Element == Double {
  /// Solves the Stein equation X = F X Fᵀ + Q (`self` = F) by Smith's doubling iteration
  /// X = Σ_k F^k Q (F^k)ᵀ: X ← X + F X Fᵀ, F ← F², quadratically convergent for spectral radius
  /// ρ(F) < 1. Throws `unstableDrift` (with the estimated ρ − 1) when it does not converge:
  /// then the channel has no unique fixed point.
  public func solveStein(_ q: Matrix<Double>, maxDoublings: Int = 80) throws -> SteinSolution {
    guard isSquare, q.rows == rows, q.columns == rows else {
      throw NumericsError.dimensionMismatch(operation: "Stein solve", detail: "F \(rows)×\(columns), Q \(q.rows)×\(q.columns)")
    }
    guard isFinite, q.isFinite else { throw NumericsError.notFinite(name: "Stein equation input") }
    var x = q, f = self
    var steps = 0
    while steps < maxDoublings {
      let fx = f * x
      let term = fx.multiplied(by: f, transposeOther: .transpose)
      x = x + term
      f = f * f
      steps += 1
      let fNorm = f.maxAbs
      if !fNorm.isFinite { break }
      if term.maxAbs <= 1e-17 * x.maxAbs && fNorm < 1e-8 { break }
    }
    guard f.maxAbs < 1e-6, x.isFinite else {
      throw NumericsError.unstableDrift(maxRealPart: 0)
    }
    x = x.symmetrized
    let residual = (self * x).multiplied(by: self, transposeOther: .transpose) + q - x
    let qn = q.frobeniusNorm
    return SteinSolution(solution: x, relativeResidual: qn > 0 ? residual.frobeniusNorm / qn : residual.frobeniusNorm, doublings: steps)
  }
}
