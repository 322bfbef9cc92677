import Numerics

/// The stationary state of a Liouvillian: the normalised null vector of L.
public struct LiouvillianNullVector: Sendable {
  /// vec(ρ) in column-stacking order (docs/conventions.md).
  public let vector: [Complex<Double>]
  /// Hilbert-space dimension d (vector has d² entries).
  public let dimension: Int
  /// ‖L vec(ρ)‖₂ with the original L.
  public let residual: Double
  /// ‖L vec(ρ)‖₂ / (‖L‖_F ‖vec ρ‖₂): the residual relative to the scale of the problem.
  public let relativeResidual: Double
  /// |Tr ρ − 1|.
  public let traceError: Double

  /// ρ as a dense d × d matrix (column-stacking: element (i, j) is vector[i + j d]).
  public var densityMatrix: Matrix<Complex<Double>> {
    Matrix(rows: dimension, columns: dimension, columnMajor: vector)
  }
}

/// Solves L vec(ρ) = 0 with Tr ρ = 1 by sparse LU.
///
/// Trace preservation makes the rows of L that give dρ_kk/dt sum to zero, so the row of ρ₀₀ is
/// redundant; it is replaced by the trace condition w·Σ_k ρ_kk = w (w = largest |L_ij|, keeping the
/// system well scaled), and the resulting non-singular system is factorised by UMFPACK. A singular
/// system means the steady state is not unique, which is reported as `singularMatrix`.
public struct LiouvillianSteadyStateSolver: Sendable {
  public let liouvillian: SparseMatrix
  public let dimension: Int
  let augmented: SparseMatrix
  let weight: Double

  /// - Parameters:
  ///   - liouvillian: the d² × d² generator in column-stacking form.
  public init(liouvillian: SparseMatrix) throws {
    let n = liouvillian.rows
    let d = Int(Double(n).squareRoot().rounded())
    guard liouvillian.rows == liouvillian.columns, d * d == n, n > 0 else {
      throw NumericsError.dimensionMismatch(operation: "Liouvillian steady state", detail: "the Liouvillian is \(liouvillian.rows)×\(liouvillian.columns); it must be d²×d²")
    }
    guard liouvillian.isFinite else { throw NumericsError.notFinite(name: "Liouvillian") }
    self.liouvillian = liouvillian
    self.dimension = d
    weight = Swift.max(liouvillian.maxAbs, 1e-300)
    var t = liouvillian.triplets.filter { $0.row != 0 }
    for k in 0..<d { t.append((0, k * (d + 1), Complex(weight, 0))) }
    // keepZeros: the pattern must not depend on parameter values (symbolic reuse across sweeps).
    augmented = SparseMatrix(rows: n, columns: n, triplets: t, keepZeros: true)
  }

  /// The symbolic analysis of the augmented system, to pass to further solves of Liouvillians with
  /// the same sparsity pattern.
  public func symbolicAnalysis() throws -> SparseSymbolicAnalysis { try SparseSymbolicAnalysis(augmented) }

  /// Solves for the steady state, reusing `symbolic` when given.
  public func solve(symbolic: SparseSymbolicAnalysis? = nil) throws -> LiouvillianNullVector {
    let n = liouvillian.rows, d = dimension
    var b = [Complex<Double>](repeating: .zero, count: n)
    b[0] = Complex(weight, 0)
    let lu = try SparseLUFactorization(augmented, symbolic: symbolic)
    let x = try lu.solve(b)
    guard x.allSatisfy(\.isFinite) else { throw NumericsError.notFinite(name: "steady-state solution") }
    let r = liouvillian * x
    let residual = r.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
    let xNorm = x.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
    var trace = Complex<Double>.zero
    for k in 0..<d { trace += x[k * (d + 1)] }
    let scale = liouvillian.frobeniusNorm * xNorm
    return LiouvillianNullVector(vector: x, dimension: d, residual: residual,
                                 relativeResidual: scale > 0 ? residual / scale : residual,
                                 traceError: (trace - Complex(1, 0)).length)
  }
}
