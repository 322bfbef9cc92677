import Foundation
import Numerics

/// How a Fock-space steady state is solved.
public enum FockSolveMethod: Sendable, Equatable {
  /// Sparse LU (UMFPACK) of the full d² × d² Liouvillian with the trace condition.
  case fullSparseLU
  /// Sparse LU of the σ = 0 block of a detected weak U(1) symmetry (for paper 000: the blocks diagonal
  /// in photon number, N_c N_m² unknowns instead of N_c² N_m²). Falls back to the full solve when no
  /// symmetry is detected.
  case symmetrySectorLU
  /// Preconditioned GMRES (`FockIterativeOptions`) on the full Liouvillian with the trace condition.
  case fullIterative
  /// Preconditioned GMRES on the σ = 0 block of a detected weak U(1) symmetry (full when none).
  case symmetrySectorIterative
}

/// Diagnostics carried by every Fock steady state.
public struct FockSteadyStateDiagnostics: Sendable, Codable, Equatable {
  /// ‖L vec(ρ)‖₂ on the system that was solved (sector or full).
  public var residual: Double
  /// ‖L vec ρ‖₂ / (‖L‖_F ‖vec ρ‖₂).
  public var relativeResidual: Double
  /// |Tr ρ − 1|.
  public var traceError: Double
  /// Smallest eigenvalue of ρ (≥ −round-off for a physical state).
  public var minimumEigenvalue: Double
  /// ‖ρ − ρ†‖_max.
  public var hermiticityError: Double
  /// Population of the highest kept level of each subsystem, in subsystem order.
  public var topLevelPopulations: [Double]
  /// Number of unknowns solved for and the symmetry used ("photon number of cavity" or "none").
  public var unknowns: Int
  public var symmetry: String
  /// Wall-clock seconds for assembling the Liouvillian and for the solve (LU, or preconditioner + GMRES).
  public var assemblySeconds: Double
  public var solveSeconds: Double
  /// UMFPACK's estimate of the factorisation's peak memory (bytes); for the iterative solver, the
  /// preconditioner's block LUs (UMFPACK's actual sizes) plus the Krylov basis.
  public var peakMemoryEstimate: Double
  /// Set when the iterative solver ran (requested, or the LU would have exceeded the memory cap) — also when its state
  /// was then replaced by the LU (`luFallback`).
  public var iterative: FockIterativeSolveReport? = nil
  /// The a-posteriori test of the returned state (computed for every solve; an iterative state that fails it is
  /// replaced by the LU, see `FockIterativeOptions.onFailure`).
  public var verification: FockSolutionVerification? = nil
  /// Set when a requested iterative solve was replaced by the sparse LU, with the reason.
  public var luFallback: FockLUFallbackReason? = nil
  /// The solver whose state is returned.
  public var solver: FockSolverKind = .sparseLU
  /// Set when a symbolic analysis was offered (`steadyState(symbolic:)`, sweeps): whether the sparse LU reused it.
  public var symbolicAnalysisReused: Bool? = nil
  /// Set when the complex sparse LU was attempted: UMFPACK's a-priori estimate, the real peak and factor size, the cap,
  /// and whether the real factorisation exceeded it (then the iterative solver ran, `iterative.reason` says so).
  public var luMemory: FockLUMemory? = nil

  /// Which method produced the returned state, for tables and JSON: "sparse LU (UMFPACK)" or the iterative solver's
  /// label with its relative residual and componentwise backward error.
  public var methodDescription: String {
    if solver == .iterative, let it = iterative {
      let omega = it.componentwiseBackwardError.map { String(format: ", componentwise backward error %.1e", $0) } ?? ""
      return "\(it.method), \(it.iterations) iterations, \(it.refinementSteps) refinement steps, relative residual "
        + String(format: "%.1e", it.relativeResidual) + omega
    }
    return luFallback == nil ? "sparse LU (UMFPACK)" : "sparse LU (UMFPACK), replacing a rejected GMRES state"
  }
}

/// Which solver produced a Fock steady state.
public enum FockSolverKind: String, Sendable, Codable, Equatable {
  case sparseLU
  case iterative
}

/// A steady state ρ (dense d × d, basis of the master equation's frame) with diagnostics.
public struct FockSteadyState: Sendable {
  public let density: Matrix<Complex<Double>>
  public internal(set) var diagnostics: FockSteadyStateDiagnostics
  public let space: FockSpace

  /// Tr(O ρ) = Σ_ij O_ij ρ_ji.
  public func expectation(_ op: SparseMatrix) -> Complex<Double> { op.trace(times: density) }
}

extension FockMasterEquation {
  /// The steady state of this master equation (unique; a non-unique one throws).
  ///
  /// The row of ρ₀₀ (redundant by trace preservation) is replaced by the trace condition
  /// w Σ_k ρ_kk = w with w = max|L_ij| (keeps the system well scaled); UMFPACK factorises the result.
  /// With `.symmetrySectorLU` only the σ = 0 block of a weak U(1) symmetry is solved (the steady state
  /// lies there because the Liouvillian maps each block into itself and the steady state is unique).
  /// - Parameter truncationTolerance: when set, a top-level population above it throws
  ///   `FockError.truncationTooSmall` with the numbers (never a silent result).
  /// - Parameter luOptions: UMFPACK strategy/ordering (default: symmetric strategy with AMD, see `FockLUOptions`).
  /// - Parameter iterativeOptions: the preconditioned GMRES used by `.fullIterative`/`.symmetrySectorIterative`,
  ///   and by the LU methods when UMFPACK's peak-memory estimate exceeds `memoryLimitBytes` (unless
  ///   `fallback` is false, when `NumericsError.memoryLimit` is thrown). Non-convergence throws
  ///   `NumericsError.iterativeNotConverged` with the iterations and residual reached.
  /// - Parameter symbolic: a symbolic analysis to reuse when the (sector's augmented) Liouvillian has its sparsity
  ///   pattern (sweeps, `FockSymbolicSlot`); the analysis the LU used is left in the slot.
  public func steadyState(using method: FockSolveMethod = .symmetrySectorLU, truncationTolerance: Double? = nil,
                          memoryLimitBytes: Int = SparseSymbolicAnalysis.defaultMemoryLimit,
                          luOptions: FockLUOptions = .default,
                          iterativeOptions: FockIterativeOptions = FockIterativeOptions(),
                          symbolic: FockSymbolicSlot? = nil) throws -> FockSteadyState {
    let d = space.dimension
    let t0 = DispatchTime.now().uptimeNanoseconds
    var sector = FockSector.full(dimension: d)
    var symmetryName = "none"
    var symmetrySubsystem: String?  // detected once, handed to the iterative solver for its blocks
    let iterativeRequested = method == .fullIterative || method == .symmetrySectorIterative
    // Finest first: when H is diagonal and every jump maps basis states to basis states with one fixed index shift
    // (the exact-Franck–Condon sidebands of paper 000's GME∞, D[b], D[n]), each basis state is its own charge and
    // the σ = 0 block is the populations alone — the Pauli rate equation on d unknowns instead of d² (issue 14 §3).
    let populations = method == .symmetrySectorLU && redfieldTerms.isEmpty && hasWeakU1Symmetry(charge: Array(0..<d))
    let sym = populations ? (charge: Array(0..<d), name: "populations")
      : method == .symmetrySectorLU || method == .symmetrySectorIterative ? detectWeakU1Symmetry() : nil
    // Nothing of size d² or larger is allocated before this estimate is checked (the sector map, the Liouvillian
    // and its augmented copy, ρ); the LU (UMFPACK's symbolic estimate) and the iterative solver (block LUs and
    // Krylov basis) then check their own memory against what is left of the limit before they allocate it.
    try MemoryBudget.require(solveMemoryEstimate(charge: sym?.charge).peakBytes, limit: memoryLimitBytes)
    if let sym {
      sector = .block(charge: sym.charge, sigma: 0)
      symmetryName = populations ? "populations (H diagonal, every jump maps basis states to basis states)" : "excitation number of \(sym.name)"
      symmetrySubsystem = populations ? nil : sym.name
    }
    let tSym = DispatchTime.now().uptimeNanoseconds
    let l = FockLiouvillian.assemble(self, sector: sector)
    let t1 = DispatchTime.now().uptimeNanoseconds
    let n = l.rows
    // Augmented system: row of ρ₀₀ (sector position 0, since c = 0 is always in the σ = 0 block) → trace.
    let weight = Swift.max(l.maxAbs, 1e-300)
    var isDiagonal = [Bool](repeating: false, count: n)
    for (s, c) in sector.elements.enumerated() where c % d == c / d { isDiagonal[s] = true }
    var ptr = [Int](repeating: 0, count: n + 1)
    var rows: [Int] = [], vals: [Complex<Double>] = []
    rows.reserveCapacity(l.nonZeroCount + d); vals.reserveCapacity(l.nonZeroCount + d)
    for j in 0..<n {
      if isDiagonal[j] { rows.append(0); vals.append(Complex(weight, 0)) }
      for p in l.columnPointers[j]..<l.columnPointers[j + 1] where l.rowIndices[p] != 0 {
        rows.append(l.rowIndices[p]); vals.append(l.values[p])
      }
      ptr[j + 1] = rows.count
    }
    let augmented = SparseMatrix(rows: n, columns: n, columnPointers: ptr, rowIndices: rows, values: vals)
    let tAug = DispatchTime.now().uptimeNanoseconds
    // Held while the solver runs: both matrices (index + complex value per entry) and the sector map.
    let held = 24 * (l.nonZeroCount + augmented.nonZeroCount) + 4 * d * d + 8 * n
    let solverLimit = Swift.max(0, memoryLimitBytes - held)
    /// The solver's memory error restated for the whole solve (its need plus what is held, against the full limit).
    func whole(_ body: () throws -> (x: [Complex<Double>], peakMemoryEstimate: Double)) throws -> (x: [Complex<Double>], peakMemoryEstimate: Double) {
      do {
        let r = try body()
        return (r.x, r.peakMemoryEstimate + Double(held))
      } catch NumericsError.memoryLimit(let required, _) {
        throw NumericsError.memoryLimit(requiredBytes: required + held, limitBytes: memoryLimitBytes)
      }
    }
    var rhs = [Complex<Double>](repeating: .zero, count: n)
    rhs[0] = Complex(weight, 0)
    func ndOrdering() -> [Int] {
      let ns = space.subsystems.count
      var levelTable = [[Int]](repeating: [], count: d)
      for st in 0..<d { levelTable[st] = (0..<ns).map { space.level(of: $0, in: st) } }
      return FockSparseLU.nestedDissection(coordinates: sector.elements.map { levelTable[$0 % d] + levelTable[$0 / d] })
    }
    var iterativeReport: FockIterativeSolveReport?
    let luMemory = FockLUMemoryBox()
    func iterate(_ reason: String) throws -> (x: [Complex<Double>], peakEstimate: Double) {
      let r = try whole { try iterateWithin(reason) }
      return (r.x, r.peakMemoryEstimate)
    }
    func iterateWithin(_ reason: String) throws -> (x: [Complex<Double>], peakMemoryEstimate: Double) {
      let (x, report, memory) = try FockIterativeSolve.solve(augmented, rhs, equation: self, sector: sector, symmetrySubsystem: symmetrySubsystem, options: iterativeOptions,
                                                             memoryLimitBytes: solverLimit, reason: reason)
      iterativeReport = report
      return (x, memory)
    }
    func directLU() throws -> (x: [Complex<Double>], peakEstimate: Double) {
      let r = try whole {
        let r = try FockSparseLU.withOrderingFallback(n, luOptions) { options in
          options.hermitianReal
            ? try FockSparseLU.solveHermitian(l, sector: sector, weight: weight, options: options, memoryLimitBytes: solverLimit)
            : try FockSparseLU.solve(augmented, rhs, options: options, ordering: options.ordering == .nestedDissection ? ndOrdering() : nil,
                                     memoryLimitBytes: solverLimit, symbolic: symbolic, memoryBox: luMemory)
        }
        return (x: r.0, peakMemoryEstimate: r.1)
      }
      if let w = symbolic?.warmStart {
        // Solved from a neighbouring sweep point's LU: an iterative state, judged by the same a-posteriori test.
        var report = FockIterativeSolveReport(method: "GMRES + the LU of a neighbouring sweep point", reason: "sweep: the LU of an earlier point with the same sparsity pattern preconditions this point",
                                              iterations: w.iterations, cycles: 1, relativeResidual: ResidualAndBackwardError(augmented, r.x, rhs).norm / weight,
                                              tolerance: FockNeighbourLUCache.acceptedBackwardError, blocks: 1, largestBlock: n, preconditionerMemoryEstimate: 0,
                                              setupSeconds: 0, iterationSeconds: 0)
        report.componentwiseBackwardError = w.componentwiseBackwardError
        iterativeReport = report
      }
      return (r.x, r.peakMemoryEstimate)
    }
    /// ρ and its diagnostics from the solution x of the augmented system.
    func makeState(_ solution: (x: [Complex<Double>], peakEstimate: Double), _ t2: UInt64) throws -> FockSteadyState {
      let x = solution.x
      guard x.allSatisfy(\.isFinite) else { throw FockError.notFinite(name: "steady state of \(name)") }
      let r = l * x
      let residual = r.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
      let xNorm = x.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
      let scale = l.frobeniusNorm * xNorm

      var rho = Matrix<Complex<Double>>(rows: d, columns: d)
      for (s, c) in sector.elements.enumerated() { rho[c % d, c / d] = x[s] }
      var trace = Complex<Double>.zero
      for k in 0..<d { trace += rho[k, k] }
      var herm = 0.0
      for j in 0..<d { for i in 0..<j { herm = Swift.max(herm, (rho[i, j] - rho[j, i].conjugate).length) } }
      // Smallest eigenvalue of the Hermitian part (ρ + ρ†)/2: per charge block when a symmetry was used (ρ is block
      // diagonal), else of the whole matrix.
      var minEig = Double.infinity
      let groups: [[Int]]
      if let q = sector.charge {
        var byCharge: [Int: [Int]] = [:]
        for (state, value) in q.enumerated() { byCharge[value, default: []].append(state) }
        groups = byCharge.keys.sorted().map { byCharge[$0]! }
      } else {
        groups = [Array(0..<d)]
    }
      for idx in groups {
        var block = Matrix<Complex<Double>>(rows: idx.count, columns: idx.count)
        for (b, j) in idx.enumerated() {
          for (a, i) in idx.enumerated() { block[a, b] = (rho[i, j] + rho[j, i].conjugate) * Complex(0.5, 0) }
        }
        minEig = Swift.min(minEig, try block.hermitianEigen(vectors: false).values.first ?? 0)
    }
      var tops: [Double] = []
      for (sIdx, sub) in space.subsystems.enumerated() {
        var p = 0.0
        for k in 0..<d where space.level(of: sIdx, in: k) == sub.dimension - 1 { p += rho[k, k].real }
        tops.append(p)
    }
      let diagnostics = FockSteadyStateDiagnostics(
        residual: residual, relativeResidual: scale > 0 ? residual / scale : residual,
        traceError: (trace - Complex(1, 0)).length, minimumEigenvalue: minEig, hermiticityError: herm,
        topLevelPopulations: tops, unknowns: n, symmetry: symmetryName,
        assemblySeconds: Double(t1 - t0) / 1e9, solveSeconds: Double(t2 - t1) / 1e9,
        peakMemoryEstimate: solution.peakEstimate, iterative: iterativeReport)
      return FockSteadyState(density: rho, diagnostics: diagnostics, space: space)
    }
    var solution: (x: [Complex<Double>], peakEstimate: Double)
    var luFallback: FockLUFallbackReason?
    // The iterative solver ran because the LU exceeds the memory cap: the LU is then no fallback.
    var memoryForced = false
    if iterativeRequested {
      do {
        solution = try iterate("requested")
      } catch let NumericsError.iterativeNotConverged(_, iterations, residual, tolerance) where iterativeOptions.onFailure == .fallBackToLU {
        iterativeOptions.progress?("\(name): GMRES did not converge (\(iterations) iterations, residual \(residual)); solving by sparse LU")
        luFallback = .iterativeNotConverged(iterations: iterations, relativeResidual: residual, tolerance: tolerance)
        solution = try directLU()
      }
    } else {
      do {
        solution = try directLU()
      } catch NumericsError.memoryLimit(let required, let limit) where iterativeOptions.fallback {
        iterativeOptions.progress?("\(name): sparse LU needs about \(MemoryBudget.describe(bytes: Double(required))) > the memory limit of \(MemoryBudget.describe(bytes: Double(limit))); switching to preconditioned GMRES")
        memoryForced = true
        let reason: String
        if let m = luMemory.memory, m.skippedByPrediction, let p = m.predictedFactorEntries {
          reason = "the sparse LU's factors (\(Int(p)) entries predicted by the symbolic analysis, \(Int(16 * p) >> 20) MiB) exceed the cap of \(Int(m.capBytes) >> 20) MiB"
        } else if let m = luMemory.memory, m.exceededCap {
          reason = "the sparse LU's numeric factorisation ran out of the cap of \(Int(m.capBytes) >> 20) MiB (UMFPACK's a-priori estimate \(Int(m.estimatedPeakBytes) >> 20) MiB)"
        } else {
          reason = "sparse-LU peak-memory estimate \(required >> 20) MiB exceeds the cap of \(limit >> 20) MiB"
        }
        solution = try iterate(reason)
      }
    }
    var t2 = DispatchTime.now().uptimeNanoseconds
    var state = try makeState(solution, t2)
    var verification = FockSolutionVerification(equation: self, state: state, augmented: augmented, rhs: rhs, x: solution.x, tolerances: iterativeOptions.verification)
    // Every iterative state must pass the a-posteriori test (FockSolutionVerification) or is replaced by the LU.
    if luFallback == nil, iterativeReport != nil, !verification.passed {
      switch iterativeOptions.onFailure {
      case .reportOnly: break
      case .throwError:
        throw FockVerificationError(equation: name, failures: verification.failures, detail: "onFailure = .throwError")
      case .fallBackToLU:
        if memoryForced {
          throw FockVerificationError(equation: name, failures: verification.failures,
                                      detail: "the sparse LU, the fallback, exceeds the memory cap of \(memoryLimitBytes >> 20) MiB (raise CLAUSIUS_MEMORY_LIMIT_MB)")
        }
        symbolic?.allowsWarmStart = false
        iterativeOptions.progress?("\(name): GMRES state rejected (\(verification.failures.map(\.description).joined(separator: "; "))); solving by sparse LU")
        luFallback = .iterativeFailedVerification(verification.failures)
        solution = try directLU()
        t2 = DispatchTime.now().uptimeNanoseconds
        state = try makeState(solution, t2)
        verification = FockSolutionVerification(equation: self, state: state, augmented: augmented, rhs: rhs, x: solution.x, tolerances: iterativeOptions.verification)
      }
    }
    state.diagnostics.verification = verification
    state.diagnostics.luFallback = luFallback
    state.diagnostics.luMemory = luMemory.memory
    state.diagnostics.solver = luFallback == nil && iterativeReport != nil ? .iterative : .sparseLU
    if let symbolic { state.diagnostics.symbolicAnalysisReused = symbolic.reused && state.diagnostics.solver == .sparseLU }
    if let tol = truncationTolerance {
      for (sIdx, sub) in space.subsystems.enumerated() where state.diagnostics.topLevelPopulations[sIdx] > tol {
        throw FockError.truncationTooSmall(subsystem: sub.name, levels: sub.dimension, topLevelPopulation: state.diagnostics.topLevelPopulations[sIdx], tolerance: tol)
      }
    }
    SolverProfile.log(String(format: "fock steady state: symmetry %.4f s, assembly %.4f s, augmentation %.4f s, solve %.4f s, diagnostics %.4f s",
      Double(tSym - t0) / 1e9, Double(t1 - tSym) / 1e9, Double(tAug - t1) / 1e9, Double(t2 - tAug) / 1e9,
      Double(DispatchTime.now().uptimeNanoseconds - t2) / 1e9))
    return state
  }
}
