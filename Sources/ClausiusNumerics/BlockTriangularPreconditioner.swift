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
/// `.symmetricBlockGaussSeidel`: M = (D + L) D⁻¹ (D + U) — a forward then a backward sweep (twice the block
/// solves), which also accounts for the couplings to later blocks to first order.
/// Memory: UMFPACK's actual factor sizes are accounted while factorising; a block is started only while
/// the factors so far plus one transient per worker fit the cap, else `NumericsError.memoryLimit`.
public final class BlockTriangularPreconditioner: LinearPreconditioner, @unchecked Sendable {
  // The UMFPACK numeric objects are immutable after factorisation; `apply` is not called concurrently.
  public enum Coupling: Sendable, Equatable { case blockJacobi, blockGaussSeidel, symmetricBlockGaussSeidel }

  // Each block's numeric object is written by exactly one worker, then only read.
  final class BlockLU: @unchecked Sendable {
    let indices: [Int]
    let cp: [Int], ri: [Int], values: [Complex<Double>]
    var numeric: UnsafeMutableRawPointer?
    /// Set when this block is the conjugation image of an earlier block: solved through that block's LU.
    var mirror: (source: Int, permutation: [Int])?
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
  /// Memory (bytes), from UMFPACK's actual sizes: Σ of the blocks' factors plus one transient
  /// (peak − factors) per concurrent worker.
  public let peakMemoryEstimate: Double
  /// Wall-clock seconds spent extracting and factorising the blocks.
  public let setupSeconds: Double
  let factors: [BlockLU]
  /// Couplings A_BC with C solved before B, in CSC by global column (empty for block Jacobi).
  let lowerPointers: [Int], lowerRows: [Int], lowerValues: [Complex<Double>]
  /// Couplings A_BC with C solved after B (symmetric Gauss–Seidel only), CSC by global column.
  let upperPointers: [Int], upperRows: [Int], upperValues: [Complex<Double>]

  /// Blocks solved through the conjugated LU of their partner block (see `conjugation`).
  public let mirroredBlocks: Int

  /// - Parameters:
  ///   - matrix: the square system matrix A.
  ///   - blocks: a partition of 0..<n, in solve order (each index exactly once).
  ///   - conjugation: optionally an involution J of the unknowns with A[J i, J j] = conj(A[i, j]) — for a
  ///     Liouvillian in column stacking, ρ_ij ↦ ρ_ji (L(ρ†) = (Lρ)†; the trace row is invariant). A block B' = J(B)
  ///     ≠ B is then solved as x' = conj(P A_BB⁻¹ conj(P r')) with B's LU, halving the factorisations. Checked
  ///     entry by entry (to 1e-13 of the block's largest entry); a block failing the check is factorised itself.
  public init(matrix a: SparseMatrix, blocks: [[Int]], coupling: Coupling = .blockGaussSeidel, conjugation: [Int]? = nil,
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
    // Conjugation partners: block b reuses the LU of an earlier block pb = J(b) when A_bb = P conj(A_pb,pb) P.
    var mirrored = 0
    if let j = conjugation, j.count == n {
      for (b, idx) in sorted.enumerated() {
        let pb = blockOf[j[idx[0]]]
        guard pb < b, blockFactors[pb].mirror == nil, sorted[pb].count == idx.count else { continue }
        var perm = [Int](repeating: 0, count: idx.count), ok = true
        for (k, i) in idx.enumerated() {
          let ji = j[i]
          guard ji >= 0, ji < n, blockOf[ji] == pb else { ok = false; break }
          perm[k] = local[ji]
        }
        guard ok else { continue }
        let f = blockFactors[b], src = blockFactors[pb]
        let scale = f.values.reduce(0) { Swift.max($0, $1.length) }
        outer: for c in 0..<idx.count {
          for p in f.cp[c]..<f.cp[c + 1] {
            // Entry (r, c) of block b must equal conj of entry (perm r, perm c) of block pb.
            let r = f.ri[p], pc = perm[c], pr = perm[r]
            var lo = src.cp[pc], hi = src.cp[pc + 1], found = Complex<Double>.zero
            while lo < hi {
              let mid = (lo + hi) / 2
              if src.ri[mid] == pr { found = src.values[mid]; break }
              if src.ri[mid] < pr { lo = mid + 1 } else { hi = mid }
            }
            if (f.values[p] - found.conjugate).length > 1e-13 * scale { ok = false; break outer }
          }
        }
        // Same number of stored entries, so no entry of pb is missing from b.
        if ok, f.ri.count == src.ri.count { blockFactors[b].mirror = (pb, perm); mirrored += 1 }
      }
    }
    // Couplings to earlier blocks.
    var lp = [0], lr: [Int] = [], lv: [Complex<Double>] = []
    var up = [0], ur: [Int] = [], uv: [Complex<Double>] = []
    if coupling != .blockJacobi {
      for c in 0..<n {
        for p in a.columnPointers[c]..<a.columnPointers[c + 1] {
          let rb = blockOf[a.rowIndices[p]], cb = blockOf[c]
          if rb > cb { lr.append(a.rowIndices[p]); lv.append(a.values[p]) }
          if rb < cb, coupling == .symmetricBlockGaussSeidel { ur.append(a.rowIndices[p]); uv.append(a.values[p]) }
        }
        lp.append(lr.count); up.append(ur.count)
      }
    }
    // Two parallel passes over the (independent) blocks: symbolic analyses, then numeric factorisations with the
    // memory accounted from UMFPACK's actual sizes: a worker starts a block only while the factors kept so far
    // plus its predicted transient fit the cap, so the cap is never exceeded by more than one block's factors per
    // worker. (UMFPACK's a-priori estimates assume worst-case pivoting and are ~10× too large for these blocks:
    // (6, 60) block of 3600 unknowns, numeric-size estimate 1.8·10⁶ units vs 1.9·10⁵ actual.)
    let factors = blockFactors
    let own = factors.indices.filter { factors[$0].mirror == nil }
    let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, own.count))
    let outcome = UnsafeSendableBox([(numeric: Double, transient: Double, flops: Double, entries: Double, error: NumericsError?)](
      repeating: (0, 0, 0, 0, nil), count: factors.count))
    let symbolics = UnsafeSendableBox([UnsafeMutableRawPointer?](repeating: nil, count: factors.count))
    defer { for b in 0..<factors.count where symbolics.value[b] != nil { umfpack_zl_free_symbolic(&symbolics.value[b]) } }
    // Blocks with the same sparsity pattern share one symbolic analysis (UMFPACK's documented reuse: the
    // symbolic object depends on the pattern only). For a Liouvillian partitioned by cavity levels every
    // block is the same mechanical superoperator pattern, up to couplings that vanish (n = n').
    var patternGroups = [Int](repeating: -1, count: factors.count)
    var patternRepresentatives: [Int] = []
    for b in own {
      if let r = patternRepresentatives.first(where: { factors[$0].cp == factors[b].cp && factors[$0].ri == factors[b].ri }) {
        patternGroups[b] = r
      } else {
        patternGroups[b] = b; patternRepresentatives.append(b)
      }
    }
    let patternOf = patternGroups, representatives = patternRepresentatives
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: representatives.count) { ob in
      let b = representatives[ob], f = factors[b]
      let m = f.indices.count
      var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
      var symbolic: UnsafeMutableRawPointer?
      let s1 = f.values.withUnsafeBufferPointer { vp in
        vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * vp.count) { ax in
          umfpack_zl_symbolic(m, m, f.cp, f.ri, ax, nil, &symbolic, f.control, &info)
        }
      }
      lock.lock()
      symbolics.value[b] = symbolic
      if s1 != UMFPACK_OK || symbolic == nil { outcome.value[b].error = .umfpack(phase: "symbolic analysis of preconditioner block \(b)", status: Int(s1)) }
      lock.unlock()
    }
    if let e = outcome.value.compactMap(\.error).first { throw e }
    let kept = UnsafeSendableBox((bytes: 0.0, largestTransient: 0.0, exceeded: false))
    let cap = Double(memoryLimitBytes)
    DispatchQueue.concurrentPerform(iterations: own.count) { ob in
      let b = own[ob], f = factors[b]
      lock.lock()
      let fits = kept.value.bytes + Double(workers) * kept.value.largestTransient <= cap
      if !fits { kept.value.exceeded = true }
      lock.unlock()
      guard fits else { return }
      var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
      let s2 = f.values.withUnsafeBufferPointer { vp in
        vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * vp.count) { ax in
          umfpack_zl_numeric(f.cp, f.ri, ax, nil, symbolics.value[patternOf[b]], &f.numeric, f.control, &info)
        }
      }
      var error: NumericsError?
      if s2 == UMFPACK_WARNING_singular_matrix {
        error = .singularMatrix(routine: "umfpack_zl_numeric", detail: "diagonal block \(b) (\(f.indices.count) unknowns) of the preconditioner is singular")
      } else if s2 != UMFPACK_OK {
        error = .umfpack(phase: "numeric factorisation of preconditioner block \(b)", status: Int(s2))
      }
      let unit = info[Int(UMFPACK_SIZE_OF_UNIT)]
      let numeric = info[Int(UMFPACK_NUMERIC_SIZE)] * unit, transient = Swift.max(0, info[Int(UMFPACK_PEAK_MEMORY)] * unit - numeric)
      lock.lock()
      outcome.value[b] = (numeric, transient, info[Int(UMFPACK_FLOPS)], info[Int(UMFPACK_LNZ)] + info[Int(UMFPACK_UNZ)], error)
      kept.value.bytes += numeric; kept.value.largestTransient = Swift.max(kept.value.largestTransient, transient)
      lock.unlock()
    }
    if let e = outcome.value.compactMap(\.error).first { throw e }
    let total = outcome.value.reduce(0) { $0 + $1.numeric } + Double(workers) * (outcome.value.map(\.transient).max() ?? 0)
    if kept.value.exceeded || total > cap {
      // Projected need: the factors made so far scaled to all blocks by unknowns.
      let done = outcome.value.indices.filter { outcome.value[$0].numeric > 0 }
      let doneUnknowns = done.reduce(0) { $0 + factors[$1].indices.count }
      let ownUnknowns = own.reduce(0) { $0 + factors[$1].indices.count }
      let projected = doneUnknowns > 0 ? outcome.value.reduce(0) { $0 + $1.numeric } * Double(ownUnknowns) / Double(doneUnknowns) : total
      throw NumericsError.memoryLimit(requiredBytes: Int(Swift.max(projected, total)), limitBytes: memoryLimitBytes)
    }
    if ProcessInfo.processInfo.environment["CLAUSIUS_FOCK_PROFILE"] != nil {
      let flops = outcome.value.reduce(0) { $0 + $1.flops }, entries = outcome.value.reduce(0) { $0 + $1.entries }
      FileHandle.standardError.write(Data(String(format: "block preconditioner: %d blocks (%d mirrored), flops %.3e, L+U entries %.3e, memory %.1f MiB, %.3f s\n",
        factors.count, mirrored, flops, entries, total / 1048576, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9).utf8))
    }
    self.dimension = n
    self.coupling = coupling
    self.factors = factors
    self.blockCount = factors.count
    self.mirroredBlocks = mirrored
    self.largestBlock = sorted.map(\.count).max() ?? 0
    self.peakMemoryEstimate = total
    self.lowerPointers = lp; self.lowerRows = lr; self.lowerValues = lv
    self.upperPointers = up; self.upperRows = ur; self.upperValues = uv
    self.setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
  }

  /// x = A_gg⁻¹ rhs for block g (through its conjugation partner when mirrored); rhs and x in g's local order.
  func solveBlock(_ g: BlockLU, _ input: [Complex<Double>], _ info: inout [Double]) throws -> [Complex<Double>] {
    let m = g.indices.count
    var rhs = input, x = [Complex<Double>](repeating: .zero, count: m)
    let f = g.mirror.map { factors[$0.source] } ?? g
    if let (_, perm) = g.mirror { for k in 0..<m { rhs[perm[k]] = input[k].conjugate } }
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
    if let (_, perm) = g.mirror { x = perm.map { x[$0].conjugate } }
    return x
  }

  public func apply(_ r: UnsafeBufferPointer<Complex<Double>>, into z: UnsafeMutableBufferPointer<Complex<Double>>) throws {
    var w = Array(r)
    let gs = coupling != .blockJacobi
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    // Forward sweep: (D + L) y = r (block Jacobi: D y = r).
    for g in factors {
      let x = try solveBlock(g, g.indices.map { w[$0] }, &info)
      for (k, i) in g.indices.enumerated() {
        z[i] = x[k]
        if gs {
          let xi = x[k]
          for p in lowerPointers[i]..<lowerPointers[i + 1] { w[lowerRows[p]] -= lowerValues[p] * xi }
        }
      }
    }
    guard coupling == .symmetricBlockGaussSeidel else { return }
    // Backward sweep: (D + U) z = D y, i.e. z_B = y_B − D_BB⁻¹ Σ_{C after B} A_BC z_C.
    var u = [Complex<Double>](repeating: .zero, count: dimension)
    for g in factors.reversed() {
      let correction = try solveBlock(g, g.indices.map { u[$0] }, &info)
      for (k, i) in g.indices.enumerated() {
        let zi = z[i] - correction[k]
        z[i] = zi
        for p in upperPointers[i]..<upperPointers[i + 1] { u[upperRows[p]] += upperValues[p] * zi }
      }
    }
  }
}
