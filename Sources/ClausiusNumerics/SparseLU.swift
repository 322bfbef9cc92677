import CSuiteSparse
import Foundation
import Numerics

/// UMFPACK's symbolic analysis (column ordering and fill-in estimate) of a sparsity pattern.
/// It depends on the pattern only, so one analysis serves every parameter point of a sweep whose
/// matrices share the pattern (assemble them with `keepZeros: true`).
public final class SparseSymbolicAnalysis: @unchecked Sendable {
  // UMFPACK's opaque object is immutable after creation and only read by numeric factorisations.
  let handle: UnsafeMutableRawPointer
  public let rows: Int
  public let columnPointers: [Int]
  public let rowIndices: [Int]
  /// UMFPACK's estimate of the peak memory of symbolic + numeric factorisation, in bytes.
  public let peakMemoryEstimate: Double

  /// Analyses `matrix`'s pattern. Throws `memoryLimit` when UMFPACK's peak-memory estimate exceeds
  /// `memoryLimitBytes` (default: 16 GiB or `CLAUSIUS_MEMORY_LIMIT_MB`).
  public init(_ matrix: SparseMatrix, memoryLimitBytes: Int = SparseSymbolicAnalysis.defaultMemoryLimit) throws {
    guard matrix.rows == matrix.columns, matrix.rows > 0 else {
      throw NumericsError.dimensionMismatch(operation: "sparse LU", detail: "matrix is \(matrix.rows)×\(matrix.columns), must be square and non-empty")
    }
    var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    umfpack_zl_defaults(&control)
    var symbolic: UnsafeMutableRawPointer?
    let n = matrix.rows
    let status = matrix.values.withUnsafeBufferPointer { vp in
      vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * max(1, vp.count)) { xp in
        umfpack_zl_symbolic(n, n, matrix.columnPointers, matrix.rowIndices, xp, nil, &symbolic, control, &info)
      }
    }
    guard status == UMFPACK_OK, let symbolic else { throw NumericsError.umfpack(phase: "symbolic analysis", status: Int(status)) }
    handle = symbolic
    rows = n
    columnPointers = matrix.columnPointers
    rowIndices = matrix.rowIndices
    peakMemoryEstimate = info[Int(UMFPACK_PEAK_MEMORY_ESTIMATE)] * info[Int(UMFPACK_SIZE_OF_UNIT)]
    if peakMemoryEstimate > Double(memoryLimitBytes) {
      // Every stored property is initialised, so throwing runs `deinit`, which frees the handle (freeing it here as
      // well was a double free: `compare` on a 3-mode cascade in Fock space aborted with "double free or corruption").
      throw NumericsError.memoryLimit(requiredBytes: Int(peakMemoryEstimate), limitBytes: memoryLimitBytes)
    }
  }

  deinit {
    var s: UnsafeMutableRawPointer? = handle
    umfpack_zl_free_symbolic(&s)
  }

  /// `MemoryBudget.limitBytes`: `CLAUSIUS_MEMORY_LIMIT_MB` when set, else 75 % of the physical memory.
  public static var defaultMemoryLimit: Int { MemoryBudget.limitBytes }

  func matches(_ m: SparseMatrix) -> Bool {
    m.rows == rows && m.columnPointers == columnPointers && m.rowIndices == rowIndices
  }
}

/// A sparse LU factorisation P R A Q = L U through UMFPACK (`umfpack_zl_numeric`), with iterative
/// refinement in the solve (UMFPACK default: up to 2 steps).
public final class SparseLUFactorization: @unchecked Sendable {
  let numeric: UnsafeMutableRawPointer
  public let matrix: SparseMatrix
  public let symbolic: SparseSymbolicAnalysis
  /// UMFPACK's reciprocal condition estimate (cheap, rough).
  public let reciprocalConditionEstimate: Double

  /// Factorises `matrix`, reusing `symbolic` when given (its pattern must equal the matrix's).
  public init(_ matrix: SparseMatrix, symbolic: SparseSymbolicAnalysis? = nil) throws {
    guard matrix.isFinite else { throw NumericsError.notFinite(name: "sparse matrix") }
    let sym = try symbolic ?? SparseSymbolicAnalysis(matrix)
    guard sym.matches(matrix) else {
      throw NumericsError.dimensionMismatch(operation: "sparse LU", detail: "the matrix's sparsity pattern differs from the symbolic analysis being reused (assemble with keepZeros: true)")
    }
    var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    umfpack_zl_defaults(&control)
    var num: UnsafeMutableRawPointer?
    let status = matrix.values.withUnsafeBufferPointer { vp in
      vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * max(1, vp.count)) { xp in
        umfpack_zl_numeric(matrix.columnPointers, matrix.rowIndices, xp, nil, sym.handle, &num, control, &info)
      }
    }
    if status == UMFPACK_WARNING_singular_matrix {
      var n: UnsafeMutableRawPointer? = num
      umfpack_zl_free_numeric(&n)
      throw NumericsError.singularMatrix(routine: "umfpack_zl_numeric", detail: "a zero pivot was found; for a Liouvillian this means the steady state is not unique (several invariant subspaces)")
    }
    guard status == UMFPACK_OK, let num else { throw NumericsError.umfpack(phase: "numeric factorisation", status: Int(status)) }
    numeric = num
    self.matrix = matrix
    self.symbolic = sym
    reciprocalConditionEstimate = info[Int(UMFPACK_RCOND)]
  }

  deinit {
    var n: UnsafeMutableRawPointer? = numeric
    umfpack_zl_free_numeric(&n)
  }

  /// Solves A x = b.
  public func solve(_ b: [Complex<Double>]) throws -> [Complex<Double>] {
    guard b.count == matrix.rows else { throw NumericsError.dimensionMismatch(operation: "sparse solve", detail: "right-hand side of length \(b.count), matrix is \(matrix.rows)×\(matrix.rows)") }
    var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    umfpack_zl_defaults(&control)
    var x = [Complex<Double>](repeating: .zero, count: b.count)
    let status = matrix.values.withUnsafeBufferPointer { vp in
      b.withUnsafeBufferPointer { bp in
        x.withUnsafeMutableBufferPointer { xp in
          vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * vp.count) { ap in
            bp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * bp.count) { bb in
              xp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * xp.count) { xx in
                umfpack_zl_solve(Int(UMFPACK_A), matrix.columnPointers, matrix.rowIndices, ap, nil, xx, nil, bb, nil, numeric, control, &info)
              }
            }
          }
        }
      }
    }
    guard status == UMFPACK_OK else { throw NumericsError.umfpack(phase: "solve", status: Int(status)) }
    return x
  }
}

extension SparseMatrix {
  /// Whether every stored value is finite.
  public var isFinite: Bool { values.allSatisfy(\.isFinite) }
  /// Solves A x = b by sparse LU (UMFPACK).
  public func solve(_ b: [Complex<Double>]) throws -> [Complex<Double>] { try SparseLUFactorization(self).solve(b) }
}

