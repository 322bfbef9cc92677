import CSuiteSparse
import Dispatch
import Foundation
import Numerics

/// A block preconditioner M ≈ A for Krylov solvers, built from a partition of the unknowns into blocks
/// listed in solve order. Every diagonal block A_BB is factorised by UMFPACK (independently, in parallel).
///
/// `.blockGaussSeidel` (block forward substitution): M keeps A_BC for every block C solved before or equal
/// to B, so z = M⁻¹ r is z_B = A_BB⁻¹ (r_B − Σ_{C before B} A_BC z_C); couplings to later blocks are dropped.
/// When A is block triangular in the given order, M = A exactly. `.blockJacobi` keeps only the A_BB.
/// Memory: the blocks' UMFPACK peak-memory estimates are summed and checked against the cap
/// (`NumericsError.memoryLimit`), like the direct factorisation.
public final class BlockTriangularPreconditioner: LinearPreconditioner, @unchecked Sendable {
  // The UMFPACK numeric objects are immutable after factorisation; `apply` is not called concurrently.
  public enum Coupling: Sendable, Equatable { case blockJacobi, blockGaussSeidel }

  // Each block's numeric object is written by exactly one worker, then only read.
  final class BlockLU: @unchecked Sendable {
    let indices: [Int]
    let cp: [Int], ri: [Int], values: [Complex<Double>]
    var numeric: UnsafeMutableRawPointer?
    var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    init(indices: [Int], cp: [Int], ri: [Int], values: [Complex<Double>]) {
      self.indices = indices; self.cp = cp; self.ri = ri; self.values = values
      umfpack_zl_defaults(&control)
      control[Int(UMFPACK_IRSTEP)] = 0  // no iterative refinement inside a preconditioner
    }
    deinit { if numeric != nil { umfpack_zl_free_numeric(&numeric) } }
  }

  public let dimension: Int
  public let coupling: Coupling
  /// Number of blocks and the largest block size.
  public let blockCount: Int
  public let largestBlock: Int
  /// Sum of the blocks' UMFPACK peak-memory estimates (bytes).
  public let peakMemoryEstimate: Double
  /// Wall-clock seconds spent extracting and factorising the blocks.
  public let setupSeconds: Double
  let factors: [BlockLU]
  /// Couplings A_BC with C solved before B, in CSC by global column (empty for block Jacobi).
  let lowerPointers: [Int], lowerRows: [Int], lowerValues: [Complex<Double>]

  /// - Parameters:
  ///   - matrix: the square system matrix A.
  ///   - blocks: a partition of 0..<n, in solve order (each index exactly once).
  public init(matrix a: SparseMatrix, blocks: [[Int]], coupling: Coupling = .blockGaussSeidel,
              memoryLimitBytes: Int = SparseSymbolicAnalysis.defaultMemoryLimit) throws {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let n = a.rows
    guard a.columns == n, n > 0 else { throw NumericsError.dimensionMismatch(operation: "block preconditioner", detail: "matrix is \(a.rows)×\(a.columns)") }
    var blockOf = [Int](repeating: -1, count: n), local = [Int](repeating: 0, count: n)
    var sorted: [[Int]] = []
    for (b, raw) in blocks.enumerated() {
      let idx = raw.sorted()
      for (k, i) in idx.enumerated() {
        guard i >= 0, i < n, blockOf[i] < 0 else {
          throw NumericsError.dimensionMismatch(operation: "block preconditioner", detail: "index \(i) is outside 0..<\(n) or in two blocks")
        }
        blockOf[i] = b; local[i] = k
      }
      sorted.append(idx)
    }
    guard !blockOf.contains(-1) else { throw NumericsError.dimensionMismatch(operation: "block preconditioner", detail: "the blocks do not cover all \(n) unknowns") }
    // Diagonal blocks (rows sorted within columns because `local` is monotone in the global index).
    var blockFactors: [BlockLU] = []
    for idx in sorted {
      var cp = [0], ri: [Int] = [], vv: [Complex<Double>] = []
      let b = blockOf[idx[0]]
      for c in idx {
        for p in a.columnPointers[c]..<a.columnPointers[c + 1] where blockOf[a.rowIndices[p]] == b {
          ri.append(local[a.rowIndices[p]]); vv.append(a.values[p])
        }
        cp.append(ri.count)
      }
      blockFactors.append(BlockLU(indices: idx, cp: cp, ri: ri, values: vv))
    }
    // Couplings to earlier blocks.
    var lp = [0], lr: [Int] = [], lv: [Complex<Double>] = []
    if coupling == .blockGaussSeidel {
      for c in 0..<n {
        for p in a.columnPointers[c]..<a.columnPointers[c + 1] where blockOf[a.rowIndices[p]] > blockOf[c] {
          lr.append(a.rowIndices[p]); lv.append(a.values[p])
        }
        lp.append(lr.count)
      }
    }
    // Factorise the blocks in parallel (independent); the first failure is reported.
    let factors = blockFactors
    let outcome = UnsafeSendableBox([(peak: Double, error: NumericsError?)](repeating: (0, nil), count: factors.count))
    let lock = NSLock()
    let perBlockCap = memoryLimitBytes
    DispatchQueue.concurrentPerform(iterations: factors.count) { b in
      let f = factors[b]
      var peak = 0.0, error: NumericsError?
      defer { lock.lock(); outcome.value[b] = (peak, error); lock.unlock() }
      let m = f.indices.count
      var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
      var symbolic: UnsafeMutableRawPointer?
      f.values.withUnsafeBufferPointer { vp in
        vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * vp.count) { ax in
          let s1 = umfpack_zl_symbolic(m, m, f.cp, f.ri, ax, nil, &symbolic, f.control, &info)
          guard s1 == UMFPACK_OK, symbolic != nil else { error = .umfpack(phase: "symbolic analysis of preconditioner block \(b)", status: Int(s1)); return }
          defer { umfpack_zl_free_symbolic(&symbolic) }
          peak = info[Int(UMFPACK_PEAK_MEMORY_ESTIMATE)] * info[Int(UMFPACK_SIZE_OF_UNIT)]
          if peak > Double(perBlockCap) { error = .memoryLimit(requiredBytes: Int(peak), limitBytes: perBlockCap); return }
          let s2 = umfpack_zl_numeric(f.cp, f.ri, ax, nil, symbolic, &f.numeric, f.control, &info)
          if s2 == UMFPACK_WARNING_singular_matrix {
            error = .singularMatrix(routine: "umfpack_zl_numeric", detail: "diagonal block \(b) (\(m) unknowns) of the preconditioner is singular")
          } else if s2 != UMFPACK_OK {
            error = .umfpack(phase: "numeric factorisation of preconditioner block \(b)", status: Int(s2))
          }
        }
      }
    }
    if let e = outcome.value.compactMap(\.error).first { throw e }
    let total = outcome.value.reduce(0) { $0 + $1.peak }
    if total > Double(memoryLimitBytes) { throw NumericsError.memoryLimit(requiredBytes: Int(total), limitBytes: memoryLimitBytes) }
    self.dimension = n
    self.coupling = coupling
    self.factors = factors
    self.blockCount = factors.count
    self.largestBlock = sorted.map(\.count).max() ?? 0
    self.peakMemoryEstimate = total
    self.lowerPointers = lp; self.lowerRows = lr; self.lowerValues = lv
    self.setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
  }

  public func apply(_ r: UnsafeBufferPointer<Complex<Double>>, into z: UnsafeMutableBufferPointer<Complex<Double>>) throws {
    var w = Array(r)
    let gs = coupling == .blockGaussSeidel
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    for f in factors {
      let m = f.indices.count
      var rhs = [Complex<Double>](repeating: .zero, count: m), x = rhs
      for (k, i) in f.indices.enumerated() { rhs[k] = w[i] }
      let status = f.values.withUnsafeBufferPointer { vp in
        rhs.withUnsafeBufferPointer { bp in
          x.withUnsafeMutableBufferPointer { xp in
            vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * vp.count) { ax in
              bp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * m) { bb in
                xp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * m) { xx in
                  umfpack_zl_solve(Int(UMFPACK_A), f.cp, f.ri, ax, nil, xx, nil, bb, nil, f.numeric, f.control, &info)
                }
              }
            }
          }
        }
      }
      guard status == UMFPACK_OK else { throw NumericsError.umfpack(phase: "preconditioner block solve", status: Int(status)) }
      for (k, i) in f.indices.enumerated() {
        z[i] = x[k]
        if gs {
          let xi = x[k]
          for p in lowerPointers[i]..<lowerPointers[i + 1] { w[lowerRows[p]] -= lowerValues[p] * xi }
        }
      }
    }
  }
}
