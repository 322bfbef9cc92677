import CSuiteSparse
import ClausiusNumerics

/// How the sparse LU's memory was decided (`FockSteadyStateDiagnostics.luMemory`, JSON `methods[].fock.luMemory`).
///
/// UMFPACK's symbolic analysis gives an a-priori peak-memory *estimate* (`Info[UMFPACK_PEAK_MEMORY_ESTIMATE]`), an
/// upper bound for worst-case pivoting that is ≈ 10× the real peak on paper 000's Liouvillians (BENCHMARKS.md, "Sparse LU
/// decided from the real factor size"). The LU is therefore no longer refused on the estimate: the numeric
/// factorisation runs under a hard cap on UMFPACK's live memory (`SuiteSparseMemoryCap`, the memory limit less what
/// the solve already holds) and reports its real sizes (`Info[UMFPACK_PEAK_MEMORY]`, `Info[UMFPACK_NUMERIC_SIZE]`, the
/// entries of L and U). Only when the real factorisation exceeds the cap (UMFPACK's out-of-memory status) does the solve
/// switch to the preconditioned GMRES, which then says so (`FockIterativeSolveReport.reason`).
public struct FockLUMemory: Sendable, Codable, Equatable {
  /// UMFPACK's a-priori estimate of the peak memory of the symbolic and numeric factorisation (bytes).
  public var estimatedPeakBytes: Double
  /// The real peak memory of the factorisation (bytes): the larger of UMFPACK's `Info[UMFPACK_PEAK_MEMORY]` and the live
  /// SuiteSparse memory the cap measured (what it compares with the cap); nil when it ran out of the cap or was skipped.
  public var peakBytes: Double?
  /// nnz(L) + nnz(U) predicted by the symbolic analysis for diagonal pivoting (symmetric strategy, the chosen ordering;
  /// `Info[UMFPACK_SYMMETRIC_LUNZ]`; within 0.4 % of the real count on paper 000's (6, 60) and (16, 160) sectors).
  public var predictedFactorEntries: Double?
  /// The size of the numeric factors L and U (bytes, `Info[UMFPACK_NUMERIC_SIZE]`) and their entries (nnz(L) + nnz(U)).
  public var factorBytes: Double?
  public var factorEntries: Double?
  /// The cap the factorisation ran under (bytes: the memory limit less the matrices and the sector map the solve holds).
  public var capBytes: Double
  /// Whether the a-priori estimate exceeded the cap (before this change the LU was then refused and GMRES ran).
  public var estimateExceededCap: Bool
  /// Whether the real factorisation exceeded the cap (UMFPACK returned out-of-memory, or the predicted factors alone —
  /// 16 bytes per complex entry — exceed it, so the factorisation was not tried; the solve then falls back).
  public var exceededCap: Bool
  /// Whether the factorisation was not tried because its predicted factors alone exceed the cap.
  public var skippedByPrediction: Bool = false
}

/// Where `FockSparseLU.solve` leaves its `FockLUMemory` (one per steady-state solve).
final class FockLUMemoryBox: @unchecked Sendable {
  var memory: FockLUMemory?
}

extension FockSparseLU {
  /// `umfpack_zl_numeric` under `SuiteSparseMemoryCap` at `capBytes`, recording the real sizes in `box`; out of memory
  /// throws `NumericsError.memoryLimit` (the caller's fallback), any other failure its UMFPACK error.
  static func cappedNumeric(_ cp: [Int], _ ri: [Int], _ ax: UnsafePointer<Double>, symbolic: UnsafeMutableRawPointer, control: [Double],
                            info: inout [Double], estimate: Double, capBytes: Int, box: FockLUMemoryBox?) throws -> UnsafeMutableRawPointer {
    let predicted = info[Int(UMFPACK_SYMMETRIC_LUNZ)]
    // The symmetric strategy's count of the factors' entries for diagonal pivots with the chosen ordering (UMFPACK: "often
    // a lower bound" on the real count; measured within 0.4 % at paper 000's (6, 60) with AMD and (16, 160) with METIS).
    // When their values alone (16 bytes each) exceed the cap, the factorisation cannot fit: not tried (it would run for
    // minutes until it runs out).
    if control[Int(UMFPACK_STRATEGY)] == Double(UMFPACK_STRATEGY_SYMMETRIC), predicted > 0, 16 * predicted > Double(capBytes) {
      SolverProfile.log(String(format: "umfpack memory: a-priori estimate %.3e B, cap %.3e B, predicted L+U entries %.3e (%.3e B): not tried",
                               estimate, Double(capBytes), predicted, 16 * predicted))
      box?.memory = FockLUMemory(estimatedPeakBytes: estimate, predictedFactorEntries: predicted, capBytes: Double(capBytes),
                                 estimateExceededCap: estimate > Double(capBytes), exceededCap: true, skippedByPrediction: true)
      throw NumericsError.memoryLimit(requiredBytes: MemoryBudget.clampedBytes(16 * predicted), limitBytes: capBytes)
    }
    var numeric: UnsafeMutableRawPointer?
    let run = SuiteSparseMemoryCap.run(limitBytes: capBytes) { umfpack_zl_numeric(cp, ri, ax, nil, symbolic, &numeric, control, &info) }
    let unit = info[Int(UMFPACK_SIZE_OF_UNIT)]
    let ok = run.value == Int(UMFPACK_OK) || run.value == Int(UMFPACK_WARNING_singular_matrix)
    var memory = FockLUMemory(estimatedPeakBytes: estimate, predictedFactorEntries: predicted > 0 ? predicted : nil, capBytes: Double(capBytes),
                              estimateExceededCap: estimate > Double(capBytes), exceededCap: run.value == Int(UMFPACK_ERROR_out_of_memory))
    if ok {
      memory.peakBytes = Swift.max(info[Int(UMFPACK_PEAK_MEMORY)] * unit, Double(run.usage.peakBytes))
      memory.factorBytes = info[Int(UMFPACK_NUMERIC_SIZE)] * unit
      memory.factorEntries = info[Int(UMFPACK_LNZ)] + info[Int(UMFPACK_UNZ)]
    }
    box?.memory = memory
    SolverProfile.log(String(format: "umfpack memory: a-priori estimate %.3e B, cap %.3e B, real peak %.3e B (SuiteSparse live peak %.3e B), factors %.3e B, L+U entries %.3e, AMD symmetric L+U %.3e, status %d",
                             estimate, Double(capBytes), info[Int(UMFPACK_PEAK_MEMORY)] * unit, Double(run.usage.peakBytes),
                             info[Int(UMFPACK_NUMERIC_SIZE)] * unit, info[Int(UMFPACK_LNZ)] + info[Int(UMFPACK_UNZ)], info[Int(UMFPACK_SYMMETRIC_LUNZ)], run.value))
    if run.value == Int(UMFPACK_ERROR_out_of_memory) {
      if numeric != nil { umfpack_zl_free_numeric(&numeric) }
      throw NumericsError.memoryLimit(requiredBytes: MemoryBudget.clampedBytes(Swift.max(estimate, Double(capBytes) + 1)), limitBytes: capBytes)
    }
    do { try checkNumeric(run.value, routine: "umfpack_zl_numeric") } catch {
      if numeric != nil { umfpack_zl_free_numeric(&numeric) }
      throw error
    }
    return numeric!
  }
}
