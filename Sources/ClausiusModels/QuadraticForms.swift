import ClausiusNumerics
import Numerics

/// A quadratic Hamiltonian H = ½ rᵀ G r + cᵀ r (+ constant) in the quadratures
/// r = (x₁, p₁, …, x_N, p_N) of docs/conventions.md. Its Heisenberg drift is dr/dt = Ω G r + Ω c.
///
/// Expressible on a truncated Fock space through x_j = (a_j + a_j†)/√2, p_j = (a_j − a_j†)/(i√2).
public struct QuadraticHamiltonian: Sendable {
  /// G, real symmetric 2N × 2N.
  public var matrix: Matrix<Double>
  /// c, length 2N (linear terms from coherent drives).
  public var linear: [Double]

  public init(matrix: Matrix<Double>, linear: [Double]? = nil) {
    self.matrix = matrix
    self.linear = linear ?? [Double](repeating: 0, count: matrix.rows)
  }

  public static func zero(modes: Int) -> QuadraticHamiltonian {
    QuadraticHamiltonian(matrix: Matrix(rows: 2 * modes, columns: 2 * modes))
  }

  public var modeCount: Int { matrix.rows / 2 }

  /// ⟨H⟩ = ½ Tr(G V) + ½ dᵀ G d + cᵀ d for covariance V and mean d (zero-point included).
  public func expectation(covariance v: Matrix<Double>, mean d: [Double]) -> Double {
    let n = matrix.rows
    var e = 0.0
    for j in 0..<n { for i in 0..<n { e += matrix[i, j] * v[j, i] } }
    e *= 0.5
    if d.contains(where: { $0 != 0 }) {
      let gd = matrix * d
      for i in 0..<n { e += 0.5 * d[i] * gd[i] + linear[i] * d[i] }
    }
    return e
  }

  /// The same Hamiltonian in coordinates r̃ = S r (r = S⁻¹ r̃): G̃ = S⁻ᵀ G S⁻¹, c̃ = S⁻ᵀ c.
  public func transformed(inverse sInv: Matrix<Double>) -> QuadraticHamiltonian {
    let g = sInv.multiplied(by: matrix * sInv, transposeSelf: .transpose)
    return QuadraticHamiltonian(matrix: g.symmetrized, linear: sInv.transposed * linear)
  }
}

/// A linear operator L = Σ_k ℓ_k r_k on the quadratures (a jump operator or a coupling operator).
/// Equivalently L = Σ_j (α_j a_j + β_j a_j†) with α_j = (ℓ_{x_j} − iℓ_{p_j})/√2,
/// β_j = (ℓ_{x_j} + iℓ_{p_j})/√2 (`ladderCoefficients`), the form a Fock-space path consumes.
public struct LinearOperator: Sendable {
  public var coefficients: [Complex<Double>]
  public init(coefficients: [Complex<Double>]) { self.coefficients = coefficients }

  /// a_j = (x_j + i p_j)/√2.
  public static func annihilation(mode j: Int, modes: Int) -> LinearOperator {
    var c = [Complex<Double>](repeating: .zero, count: 2 * modes)
    c[2 * j] = Complex(0.5.squareRoot(), 0); c[2 * j + 1] = Complex(0, 0.5.squareRoot())
    return LinearOperator(coefficients: c)
  }

  /// a_j† = (x_j − i p_j)/√2.
  public static func creation(mode j: Int, modes: Int) -> LinearOperator {
    annihilation(mode: j, modes: modes).adjoint
  }

  /// L† (coefficients conjugated, quadratures are Hermitian).
  public var adjoint: LinearOperator { LinearOperator(coefficients: coefficients.map(\.conjugate)) }

  /// (α_j, β_j) per mode with L = Σ_j α_j a_j + β_j a_j†.
  public var ladderCoefficients: [(annihilation: Complex<Double>, creation: Complex<Double>)] {
    let s = 0.5.squareRoot()
    return stride(from: 0, to: coefficients.count, by: 2).map { k in
      let lx = coefficients[k], lp = coefficients[k + 1]
      return ((lx - Complex(0, 1) * lp) * Complex(s, 0), (lx + Complex(0, 1) * lp) * Complex(s, 0))
    }
  }
}
