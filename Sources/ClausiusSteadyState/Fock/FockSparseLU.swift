import CSuiteSparse
import Foundation
import Numerics

/// UMFPACK ordering/strategy for Fock-space Liouvillians. Liouvillians are structurally (nearly)
/// symmetric, so the default is the symmetric strategy with AMD on A + Aᵀ. Measured on paper 000's SME
/// at (N_c, N_m) = (6, 60) (noisy, shared 2-core machine): symmetric/AMD and auto/AMD within ±25 % of each
/// other; METIS lowers the flops 2× but costs as much in the analysis; the geometric nested dissection and
/// the real Hermitian parameterisation (`hermitianReal`) did not pay off. All options give the same ρ
/// (tested); they are kept for benchmarking (CLAUSIUS_FOCK_UMFPACK, e.g. "auto,amd" or "symmetric,metis,real").
public struct FockLUOptions: Sendable, Equatable {
  public enum Strategy: Sendable, Equatable { case auto, unsymmetric, symmetric }
  /// `.nestedDissection`: geometric nested dissection on the Fock-level grid of the unknowns ρ_ij
  /// (coordinates = levels of state i and of state j per subsystem), handed to UMFPACK as a given ordering.
  /// `.automatic` (default): AMD, plus a METIS analysis for 40 000–100 000 unknowns or when AMD's memory estimate
  /// exceeds the cap, keeping the one with the smaller flop estimate (paper 000's SME: full (8, 80) has an AMD
  /// peak-memory estimate of 31.8 GB, METIS runs in 1.9 GB; the (8, 80) sector needs 3.6× fewer flops with METIS).
  public enum Ordering: Sendable, Equatable { case automatic, amd, metis, best, cholmod, nestedDissection }
  public var strategy: Strategy
  public var ordering: Ordering
  /// Solve in the real Hermitian parameterisation instead of the complex vec ρ (off by default: no faster, see above).
  public var hermitianReal: Bool
  public init(strategy: Strategy = .symmetric, ordering: Ordering = .automatic, hermitianReal: Bool = false) {
    self.strategy = strategy; self.ordering = ordering; self.hermitianReal = hermitianReal
  }

  /// The default, overridable with CLAUSIUS_FOCK_UMFPACK="strategy,ordering" (e.g. "auto,amd") for benchmarking.
  public static var `default`: FockLUOptions {
    var o = FockLUOptions()
    if let v = EnvironmentVariable.value("CLAUSIUS_FOCK_UMFPACK") {
      let parts = v.split(separator: ",").map(String.init)
      switch parts.first {
      case "auto": o.strategy = .auto
      case "unsymmetric": o.strategy = .unsymmetric
      default: o.strategy = .symmetric
      }
      if parts.contains("real") { o.hermitianReal = true }
      if parts.count > 1 {
        switch parts[1] {
        case "metis": o.ordering = .metis
        case "best": o.ordering = .best
        case "cholmod": o.ordering = .cholmod
        case "nd": o.ordering = .nestedDissection
        case "amd": o.ordering = .amd
        default: o.ordering = .automatic
        }
      }
    }
    return o
  }
}

/// One-shot sparse LU solve through UMFPACK (`umfpack_zl_*`) with `FockLUOptions`, checking UMFPACK's
/// peak-memory estimate against a cap before the numeric factorisation.
enum FockSparseLU {
  /// Resolves `.automatic` to AMD or METIS by size, and retries a too-large AMD factorisation with METIS.
  static func withOrderingFallback<T>(_ n: Int, _ options: FockLUOptions, _ body: (FockLUOptions) throws -> T) throws -> T {
    guard options.ordering == .automatic, options.hermitianReal else { return try body(options) }
    var o = options
    o.ordering = n < 150_000 ? .amd : .metis
    do { return try body(o) } catch NumericsError.memoryLimit(let required, let limit) where o.ordering == .amd {
      o.ordering = .metis
      do { return try body(o) } catch NumericsError.memoryLimit { throw NumericsError.memoryLimit(requiredBytes: required, limitBytes: limit) }
    }
  }

  /// `symbolic` (sweeps): its `reuse` analysis is taken instead of a new one when it was made for the same sparsity
  /// pattern and options (`FockSymbolicAnalysis.fits`); the analysis used is left in its `used`.
  static func solve(_ a: SparseMatrix, _ b: [Complex<Double>], options: FockLUOptions, ordering: [Int]? = nil, memoryLimitBytes: Int,
                    symbolic slot: FockSymbolicSlot? = nil, memoryBox: FockLUMemoryBox? = nil) throws -> (x: [Complex<Double>], peakMemoryEstimate: Double) {
    let n = a.rows
    var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    umfpack_zl_defaults(&control)
    configure(&control, options)
    let qinit: [Int]? = options.ordering == .nestedDissection ? ordering : nil
    let cp = a.columnPointers, ri = a.rowIndices
    let reuse = qinit == nil ? slot?.reuse.flatMap { $0.fits(a, options) ? $0 : nil } : nil
    return try a.values.withUnsafeBufferPointer { vp in
      try vp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * max(1, vp.count)) { ax in
        var symbolic: UnsafeMutableRawPointer?
        let tA = DispatchTime.now().uptimeNanoseconds
        var s1 = Int(UMFPACK_OK)
        var peak: Double
        if let reuse {
          // The analysis of the same pattern (and options): its ordering and memory estimate; UMFPACK's numeric
          // factorisation only reads the Symbolic object.
          control = reuse.control
          peak = reuse.peakMemoryEstimate
        } else {
        if let q = qinit, q.count == n {
          s1 = umfpack_zl_qsymbolic(n, n, cp, ri, ax, nil, q, &symbolic, control, &info)
        } else {
          s1 = umfpack_zl_symbolic(n, n, cp, ri, ax, nil, &symbolic, control, &info)
        }
        guard s1 == Int(UMFPACK_OK), symbolic != nil else { throw NumericsError.umfpack(phase: "symbolic analysis", status: s1) }
        peak = info[Int(UMFPACK_PEAK_MEMORY_ESTIMATE)] * info[Int(UMFPACK_SIZE_OF_UNIT)]
        // `.automatic`: between 40 000 and 100 000 unknowns (or when AMD's memory estimate exceeds the cap)
        // analyse with METIS too (above 10⁵ unknowns METIS's analysis itself costs more than it saves unless
        // AMD does not fit: full (6, 60) AMD 1.8 s vs METIS 3.1 s) and keep the analysis with the smaller flop estimate (UMFPACK's estimates are loose upper
        // bounds, 10–100× the actual flops, so they only rank the orderings). Measured on paper 000's SME:
        // sector (8, 80) 3.6× fewer flops, 2.8× faster with METIS; full (8, 80) only fits with METIS.
        if options.ordering == .automatic, (n >= 40_000 && n < 100_000) || peak > Double(memoryLimitBytes) {
          var metisControl = control
          metisControl[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_METIS)
          var metisInfo = [Double](repeating: 0, count: Int(UMFPACK_INFO))
          var metisSymbolic: UnsafeMutableRawPointer?
          let s = umfpack_zl_symbolic(n, n, cp, ri, ax, nil, &metisSymbolic, metisControl, &metisInfo)
          SolverProfile.log(String(format: "flops estimate AMD %.3e METIS %.3e", info[Int(UMFPACK_FLOPS_ESTIMATE)], metisInfo[Int(UMFPACK_FLOPS_ESTIMATE)]))
          if s == Int(UMFPACK_OK), metisSymbolic != nil, metisInfo[Int(UMFPACK_FLOPS_ESTIMATE)] < info[Int(UMFPACK_FLOPS_ESTIMATE)] {
            umfpack_zl_free_symbolic(&symbolic)
            symbolic = metisSymbolic; info = metisInfo; control = metisControl; s1 = s
            peak = info[Int(UMFPACK_PEAK_MEMORY_ESTIMATE)] * info[Int(UMFPACK_SIZE_OF_UNIT)]
          } else if metisSymbolic != nil {
            umfpack_zl_free_symbolic(&metisSymbolic)
          }
        }
        }
        let tB = DispatchTime.now().uptimeNanoseconds
        // A new analysis is handed to the slot (which frees it when released) or freed here.
        let analysis: FockSymbolicAnalysis
        if let reuse { analysis = reuse } else {
          analysis = FockSymbolicAnalysis(handle: symbolic!, pattern: a, options: options, control: control, peakMemoryEstimate: peak)
          symbolic = nil
        }
        slot?.used = analysis
        slot?.reused = reuse != nil
        slot?.warmStart = nil
        // Sweeps: GMRES preconditioned by a neighbouring point's LU of the same pattern (FockNeighbourLUCache).
        if let slot, slot.allowsWarmStart, reuse != nil, let cache = slot.neighbour, let previous = cache.current, previous.analysis === analysis,
           let warm = FockNeighbourLUCache.solve(a, b, neighbour: previous) {
          cache.countWarmStart()
          slot.warmStart = (warm.iterations, warm.omega)
          return (warm.x, peak)
        }
        // Decided from the real factorisation, not UMFPACK's a-priori estimate (≈ 10× loose here): the numeric
        // factorisation runs under a hard cap and throws `memoryLimit` (the caller's GMRES fallback) only when it
        // really runs out (`FockLUMemory`).
        var numeric: UnsafeMutableRawPointer? = try cappedNumeric(cp, ri, ax, symbolic: analysis.handle, control: control, info: &info,
                                                                  estimate: peak, capBytes: memoryLimitBytes, box: memoryBox)
        defer { if numeric != nil { umfpack_zl_free_numeric(&numeric) } }
        let tC = DispatchTime.now().uptimeNanoseconds
        SolverProfile.log(String(format: "umfpack n=%d nnz=%d symbolic %.3f s numeric %.3f s flops %.3e lnz %.0f unz %.0f", n, a.nonZeroCount,
          Double(tB - tA) / 1e9, Double(tC - tB) / 1e9, info[Int(UMFPACK_FLOPS)], info[Int(UMFPACK_LNZ)], info[Int(UMFPACK_UNZ)]))
        var x = [Complex<Double>](repeating: .zero, count: n)
        let s3 = b.withUnsafeBufferPointer { bp in
          x.withUnsafeMutableBufferPointer { xp in
            bp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * n) { bb in
              xp.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * n) { xx in
                umfpack_zl_solve(Int(UMFPACK_A), cp, ri, ax, nil, xx, nil, bb, nil, numeric, control, &info)
              }
            }
          }
        }
        guard s3 == UMFPACK_OK else { throw NumericsError.umfpack(phase: "solve", status: Int(s3)) }
        if let cache = slot?.neighbour, reuse != nil, let handle = numeric {
          // Kept (not freed) as the sweep's newest neighbour LU.
          cache.store(FockNeighbourFactorisation(handle: handle, analysis: analysis, solution: x))
          numeric = nil
        }
        return (x, peak)
      }
    }
  }
}

extension FockSparseLU {
  /// UMFPACK's numeric-factorisation status as an error: a zero pivot means a non-unique steady state.
  static func checkNumeric(_ status: Int, routine: String) throws {
    if status == Int(UMFPACK_WARNING_singular_matrix) {
      throw NumericsError.singularMatrix(routine: routine, detail: "a zero pivot was found; the steady state is not unique (several invariant subspaces)")
    }
    guard status == Int(UMFPACK_OK) else { throw NumericsError.umfpack(phase: "numeric factorisation", status: status) }
  }

  /// Sets UMFPACK's strategy/ordering controls from `options`.
  static func configure(_ control: inout [Double], _ options: FockLUOptions) {
    switch options.strategy {
    case .auto: control[Int(UMFPACK_STRATEGY)] = Double(UMFPACK_STRATEGY_AUTO)
    case .unsymmetric: control[Int(UMFPACK_STRATEGY)] = Double(UMFPACK_STRATEGY_UNSYMMETRIC)
    case .symmetric: control[Int(UMFPACK_STRATEGY)] = Double(UMFPACK_STRATEGY_SYMMETRIC)
    }
    switch options.ordering {
    case .automatic, .amd: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_AMD)
    case .metis: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_METIS)
    case .best: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_BEST)
    case .cholmod: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_CHOLMOD)
    case .nestedDissection: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_GIVEN)
    }
  }

  /// Geometric nested dissection of points on an integer grid: recursively split along the coordinate
  /// of largest extent at its median value; the plane of points at the median (the separator) is ordered
  /// after both halves. For Liouvillians whose jumps change each Fock level by at most one, the plane
  /// separates the halves exactly; otherwise the ordering is merely less effective, never wrong.
  static func nestedDissection(coordinates: [[Int]]) -> [Int] {
    var result: [Int] = []
    result.reserveCapacity(coordinates.count)
    let dims = coordinates.first?.count ?? 0
    func recurse(_ pts: [Int]) {
      if pts.count <= 32 || dims == 0 { result += pts; return }
      var best = -1, bestExtent = 0
      for k in 0..<dims {
        var lo = Int.max, hi = Int.min
        for p in pts { lo = min(lo, coordinates[p][k]); hi = max(hi, coordinates[p][k]) }
        if hi - lo > bestExtent { bestExtent = hi - lo; best = k }
      }
      if best < 0 { result += pts; return }
      let values = pts.map { coordinates[$0][best] }.sorted()
      let v = values[values.count / 2]
      var left: [Int] = [], right: [Int] = [], sep: [Int] = []
      for p in pts {
        let c = coordinates[p][best]
        if c < v { left.append(p) } else if c > v { right.append(p) } else { sep.append(p) }
      }
      recurse(left); recurse(right); result += sep
    }
    recurse(Array(0..<coordinates.count))
    return result
  }

  /// Steady state in the real Hermitian parameterisation: ρ = ρ† is described by the real numbers
  /// ρ_ii and (Re ρ_ij, Im ρ_ij) for i < j, and the Liouvillian (which maps Hermitian to Hermitian
  /// operators) becomes a real linear map on them. Same number of unknowns as the complex system but
  /// real arithmetic (≈ 4× fewer flops, half the memory in UMFPACK's `dl` interface). The equation of
  /// Re(Lρ)₀₀ is replaced by the trace condition w Σ_i ρ_ii = w. `l` is the complex generator on
  /// `sector`, which must be closed under (i, j) → (j, i) (true for σ = 0 and for the full space).
  /// Returns vec ρ on the sector (complex, column-stacking order) and UMFPACK's peak-memory estimate.
  static func solveHermitian(_ l: SparseMatrix, sector: FockSector, weight: Double, options: FockLUOptions,
                             memoryLimitBytes: Int) throws -> (x: [Complex<Double>], peakMemoryEstimate: Double) {
    let d = sector.dimension, n = sector.count, el = sector.elements, pos = sector.position
    var xIndex = [Int](repeating: -1, count: n)
    var nv = 0
    for s in 0..<n {
      let i = el[s] % d, j = el[s] / d
      if i <= j { xIndex[s] = nv; nv += (i == j ? 1 : 2) }
    }
    // Variable base index and sign of Im for every element: ρ_kl = x + i·sgn·y.
    var base = [Int](repeating: 0, count: n), sgn = [Double](repeating: 1, count: n)
    for s in 0..<n {
      let k = el[s] % d, m = el[s] / d
      if k <= m { base[s] = xIndex[s] } else {
        let partner = Int(pos[m + k * d])
        guard partner >= 0 else { throw FockError.noSymmetry(detail: "sector not closed under transposition at (\(k), \(m))") }
        base[s] = xIndex[partner]; sgn[s] = -1
      }
    }
    // Triplets column by column of the complex matrix, bucketed by real column.
    var colCount = [Int](repeating: 0, count: nv + 1)
    var tr: [Int] = [], tc: [Int] = [], tv: [Double] = []
    tr.reserveCapacity(4 * l.nonZeroCount); tc.reserveCapacity(4 * l.nonZeroCount); tv.reserveCapacity(4 * l.nonZeroCount)
    func add(_ r: Int, _ c: Int, _ v: Double) { if v != 0 { tr.append(r); tc.append(c); tv.append(v); colCount[c + 1] += 1 } }
    let lp = l.columnPointers, lr = l.rowIndices, lv = l.values
    for cpos in 0..<n {
      let k = el[cpos] % d, m = el[cpos] / d, diag = k == m
      let b0 = base[cpos], sg = sgn[cpos]
      for p in lp[cpos]..<lp[cpos + 1] {
        let rpos = lr[p]
        let i = el[rpos] % d, j = el[rpos] / d
        if i > j { continue }
        let row = xIndex[rpos]
        let a = lv[p].real, b = lv[p].imaginary
        if row != 0 {  // row 0 = Re(Lρ)₀₀, replaced by the trace condition
          add(row, b0, a)
          if !diag { add(row, b0 + 1, -b * sg) }
        }
        if i < j {
          add(row + 1, b0, b)
          if !diag { add(row + 1, b0 + 1, a * sg) }
        }
      }
    }
    for s in 0..<n where el[s] % d == el[s] / d { add(0, xIndex[s], weight) }
    // CSC with rows sorted and duplicates merged.
    for c in 0..<nv { colCount[c + 1] += colCount[c] }
    var next = colCount
    var rows = [Int](repeating: 0, count: tr.count), vals = [Double](repeating: 0, count: tr.count)
    for t in 0..<tr.count { let q = next[tc[t]]; next[tc[t]] += 1; rows[q] = tr[t]; vals[q] = tv[t] }
    var ap = [Int](repeating: 0, count: nv + 1), ai: [Int] = [], ax: [Double] = []
    ai.reserveCapacity(rows.count); ax.reserveCapacity(rows.count)
    var order: [Int] = []
    for c in 0..<nv {
      order = Array(colCount[c]..<colCount[c + 1])
      order.sort { rows[$0] < rows[$1] }
      var last = -1
      for q in order {
        if rows[q] == last { ax[ax.count - 1] += vals[q] } else { ai.append(rows[q]); ax.append(vals[q]); last = rows[q] }
      }
      ap[c + 1] = ai.count
    }
    var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    umfpack_dl_defaults(&control)
    configure(&control, options)
    var symbolic: UnsafeMutableRawPointer?
    let tA = DispatchTime.now().uptimeNanoseconds
    let s1 = umfpack_dl_symbolic(nv, nv, ap, ai, ax, &symbolic, control, &info)
    guard s1 == UMFPACK_OK, symbolic != nil else { throw NumericsError.umfpack(phase: "symbolic analysis", status: Int(s1)) }
    defer { umfpack_dl_free_symbolic(&symbolic) }
    let peak = info[Int(UMFPACK_PEAK_MEMORY_ESTIMATE)] * info[Int(UMFPACK_SIZE_OF_UNIT)]
    if peak > Double(memoryLimitBytes) { throw NumericsError.memoryLimit(requiredBytes: Int(peak), limitBytes: memoryLimitBytes) }
    let tB = DispatchTime.now().uptimeNanoseconds
    var numeric: UnsafeMutableRawPointer?
    let s2 = umfpack_dl_numeric(ap, ai, ax, symbolic, &numeric, control, &info)
    defer { if numeric != nil { umfpack_dl_free_numeric(&numeric) } }
    try checkNumeric(s2, routine: "umfpack_dl_numeric")
    let tC = DispatchTime.now().uptimeNanoseconds
    SolverProfile.log(String(format: "umfpack_dl n=%d nnz=%d symbolic %.3f s numeric %.3f s flops %.3e", nv, ax.count,
                             Double(tB - tA) / 1e9, Double(tC - tB) / 1e9, info[Int(UMFPACK_FLOPS)]))
    var rhs = [Double](repeating: 0, count: nv)
    rhs[0] = weight
    var y = [Double](repeating: 0, count: nv)
    let s3 = umfpack_dl_solve(Int(UMFPACK_A), ap, ai, ax, &y, rhs, numeric, control, &info)
    guard s3 == UMFPACK_OK else { throw NumericsError.umfpack(phase: "solve", status: Int(s3)) }
    var x = [Complex<Double>](repeating: .zero, count: n)
    for s in 0..<n {
      let k = el[s] % d, m = el[s] / d
      x[s] = k == m ? Complex(y[base[s]], 0) : Complex(y[base[s]], sgn[s] * y[base[s] + 1])
    }
    return (x, peak)
  }
}
