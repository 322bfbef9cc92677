import Foundation
import Numerics

/// Settings of the preconditioned iterative steady-state solver (restarted GMRES on the trace-augmented
/// Liouvillian with a block preconditioner over the Fock levels (n, n') of one subsystem).
public struct FockIterativeOptions: Sendable {
  public enum Preconditioner: Sendable, Equatable {
    /// Block forward substitution over the blocks of fixed levels (n, n') of the block subsystem, solved in
    /// order of decreasing n + n' (the default). Keeps everything except jumps that raise n + n' (thermal
    /// absorption from the block subsystem's bath), so at zero temperature of that bath M = A.
    case blockGaussSeidel
    /// Forward then backward block Gauss–Seidel sweep, M = (D + L) D⁻¹ (D + U): twice the block solves, fewer
    /// iterations when the dropped absorption is large (hot cavity).
    case symmetricBlockGaussSeidel
    /// Only the diagonal blocks (drops the decay cascade too).
    case blockJacobi
    /// No preconditioner (for comparison; rarely converges on Liouvillians).
    case none
  }
  /// Relative residual ‖b − A x‖₂/‖b‖₂ of the trace-augmented system at which GMRES stops.
  public var tolerance: Double
  public var restart: Int
  public var maxIterations: Int
  public var preconditioner: Preconditioner
  /// The subsystem whose levels (n, n') define the blocks; nil: the subsystem of the detected weak U(1)
  /// symmetry (the cavity for paper 000), else the smallest subsystem.
  public var blockSubsystem: Int?
  /// Whether `.fullSparseLU`/`.symmetrySectorLU` switch to this solver when the LU would exceed the memory cap.
  public var fallback: Bool
  /// Progress lines for long runs (one per GMRES restart cycle).
  public var progress: (@Sendable (String) -> Void)?
  /// Iterative-refinement steps after GMRES has converged (at most; stops when the componentwise backward error
  /// max_i |r_i|/(|A||x| + |b|)_i no longer halves or is below 4ε):
  /// r = b − A x is recomputed, A d = r is solved by GMRES with the same preconditioner to `refinementTolerance`
  /// relative to ‖r‖, and x += d. GMRES alone stops at a normwise residual ~ `tolerance`·‖b‖, which is large next to the
  /// small entries of ρ (high Fock levels) and enters heat currents as Tr(H r); refinement drives the residual to the
  /// rounding level of computing b − A x, as the LU's is (see docs/papers/000.md, "Why GMRES alone is not enough for heat currents").
  public var refinementSteps: Int
  public var refinementTolerance: Double
  /// What happens to an iterative state that does not converge or fails the a-posteriori test (`verification`).
  public enum OnFailure: Sendable, Equatable {
    /// Solve by the sparse LU instead, recording why in `FockSteadyStateDiagnostics.luFallback` (the default). When
    /// the LU exceeds the memory cap (the iterative solver ran because of it), `FockVerificationError` /
    /// `NumericsError.iterativeNotConverged` is thrown instead.
    case fallBackToLU
    /// Throw `FockVerificationError` (or `NumericsError.iterativeNotConverged`).
    case throwError
    /// Return the iterative state with its failed `FockSteadyStateDiagnostics.verification` (for solver studies only:
    /// the state is then not trustworthy, and its diagnostics say so).
    case reportOnly
  }
  public var onFailure: OnFailure
  /// Tolerances of the a-posteriori test every iterative state must pass.
  public var verification: FockVerificationTolerances
  public init(tolerance: Double = 1e-13, restart: Int = 40, maxIterations: Int = 400, preconditioner: Preconditioner = .blockGaussSeidel,
              blockSubsystem: Int? = nil, fallback: Bool = true, refinementSteps: Int = 3, refinementTolerance: Double = 1e-6,
              onFailure: OnFailure = .fallBackToLU, verification: FockVerificationTolerances = FockVerificationTolerances(),
              progress: (@Sendable (String) -> Void)? = nil) {
    self.tolerance = tolerance; self.restart = restart; self.maxIterations = maxIterations; self.preconditioner = preconditioner
    self.blockSubsystem = blockSubsystem; self.fallback = fallback; self.progress = progress
    self.refinementSteps = refinementSteps; self.refinementTolerance = refinementTolerance
    self.onFailure = onFailure; self.verification = verification
  }
}

/// What the iterative solver did (nil in the diagnostics of a direct LU solve).
public struct FockIterativeSolveReport: Sendable, Codable, Equatable {
  /// E.g. "GMRES(40) + block Gauss–Seidel over levels of cavity".
  public var method: String
  /// Why it ran: "requested", or the LU memory estimate that exceeded the cap.
  public var reason: String
  public var iterations: Int
  public var cycles: Int
  /// ‖b − A x‖₂/‖b‖₂ of the trace-augmented system (recomputed from x), and the tolerance asked for.
  public var relativeResidual: Double
  public var tolerance: Double
  public var blocks: Int
  /// Blocks solved with the conjugated LU of their partner (ρ ↦ ρ†) instead of their own factorisation.
  public var mirroredBlocks: Int = 0
  public var largestBlock: Int
  /// Memory of the preconditioner's block LUs (bytes, UMFPACK's actual sizes + one transient per worker).
  public var preconditionerMemoryEstimate: Double
  /// Wall-clock seconds: preconditioner set-up (block LUs) and GMRES.
  public var setupSeconds: Double
  public var iterationSeconds: Double
  /// Refinement steps taken after GMRES (their GMRES iterations are included in `iterations`), and ‖b − A x‖₂/‖b‖₂
  /// before them.
  public var refinementSteps: Int = 0
  public var unrefinedRelativeResidual: Double? = nil
  /// max_i |b − A x|_i / (|A||x| + |b|)_i of the returned x (after refinement, if any); ~1e-16 means x is the exact
  /// solution of a system perturbed entry by entry at the rounding level, as for the LU.
  public var componentwiseBackwardError: Double? = nil
  /// Why the refinement stopped.
  public var refinementOutcome: FockRefinementOutcome = .notRequested
}

/// Why iterative refinement stopped (`FockIterativeSolveReport.refinementOutcome`).
public enum FockRefinementOutcome: Sendable, Codable, Equatable {
  /// `refinementSteps` = 0.
  case notRequested
  /// ω ≤ 4ε: nothing left to refine.
  case roundingLevel
  /// ω no longer halved (the better iterate is kept).
  case stalled
  /// `refinementSteps` corrections were made.
  case stepLimit
  /// The solver's total iteration limit was reached.
  case iterationLimit
  /// A correction solve did not converge within its budget; the iterate before it is returned (and judged by ω).
  case correctionNotConverged(iterations: Int, relativeResidual: Double)
}

enum FockIterativeSolve {
  /// Solves the trace-augmented system `augmented · x = rhs` on `sector` by preconditioned GMRES.
  /// `symmetrySubsystem`: the subsystem of a weak U(1) symmetry the caller already detected (nil: detect it here).
  static func solve(_ augmented: SparseMatrix, _ rhs: [Complex<Double>], equation: FockMasterEquation, sector: FockSector, symmetrySubsystem: String? = nil,
                    options: FockIterativeOptions, memoryLimitBytes: Int, reason: String) throws -> (x: [Complex<Double>], report: FockIterativeSolveReport, memory: Double) {
    let space = equation.space, d = sector.dimension
    let sub: Int
    if let s = options.blockSubsystem {
      guard s >= 0, s < space.subsystems.count else {
        throw FockError.parameterOutOfRange(name: "blockSubsystem", value: Double(s), allowed: "0…\(space.subsystems.count - 1)")
      }
      sub = s
    } else if let name = symmetrySubsystem ?? equation.detectWeakU1Symmetry()?.name, let s = space.subsystems.firstIndex(where: { $0.name == name }) {
      sub = s
    } else {
      sub = space.subsystems.indices.min { space.subsystems[$0].dimension < space.subsystems[$1].dimension } ?? 0
    }
    guard options.tolerance > 0, options.tolerance.isFinite else {
      throw FockError.parameterOutOfRange(name: "tolerance", value: options.tolerance, allowed: "finite and > 0")
    }
    guard options.restart >= 1 else { throw FockError.parameterOutOfRange(name: "restart", value: Double(options.restart), allowed: "≥ 1") }
    guard options.refinementSteps >= 0 else { throw FockError.parameterOutOfRange(name: "refinementSteps", value: Double(options.refinementSteps), allowed: "≥ 0") }
    guard options.refinementTolerance > 0, options.refinementTolerance < 1 else {
      throw FockError.parameterOutOfRange(name: "refinementTolerance", value: options.refinementTolerance, allowed: "0 < tolerance < 1")
    }
    guard options.maxIterations >= 1 else { throw FockError.parameterOutOfRange(name: "maxIterations", value: Double(options.maxIterations), allowed: "≥ 1") }
    let subName = space.subsystems[sub].name
    let restart = min(options.restart, sector.count)
    let krylovBytes = Double(16 * sector.count * (restart + 5))  // basis (restart + 1) + 4 work vectors
    if krylovBytes > Double(memoryLimitBytes) { throw NumericsError.memoryLimit(requiredBytes: Int(krylovBytes), limitBytes: memoryLimitBytes) }
    let t0 = DispatchTime.now().uptimeNanoseconds
    var precond: BlockTriangularPreconditioner?
    var blockCount = 1, largest = sector.count, mirrored = 0
    if options.preconditioner != .none {
      // Blocks of fixed (n, n') of the block subsystem, solved in order of decreasing n + n' (then n): decay
      // L ρ L† moves weight from (n+1, n'+1) to (n, n'), i.e. from earlier to later blocks — kept by M.
      let levels = (0..<d).map { space.level(of: sub, in: $0) }
      var groups: [Int: [Int]] = [:]
      let nSub = space.subsystems[sub].dimension
      for (s, c) in sector.elements.enumerated() { groups[levels[c % d] * nSub + levels[c / d], default: []].append(s) }
      let keys = groups.keys.sorted { a, b in
        let (ia, ja) = (a / nSub, a % nSub), (ib, jb) = (b / nSub, b % nSub)
        return ia + ja != ib + jb ? ia + ja > ib + jb : a > b
      }
      let blocks = keys.map { groups[$0]! }
      // ρ ↦ ρ†: L(ρ†) = (Lρ)† and the trace row is invariant, so block (n', n) is solved with the conjugated LU
      // of block (n, n') — N_c(N_c+1)/2 factorisations instead of N_c² on the full Liouvillian.
      var conjugation = [Int](repeating: 0, count: sector.count)
      for (s, c) in sector.elements.enumerated() {
        let partner = Int(sector.position[c / d + (c % d) * d])
        guard partner >= 0 else { throw FockError.noSymmetry(detail: "sector not closed under transposition at element \(c)") }
        conjugation[s] = partner
      }
      precond = try BlockTriangularPreconditioner(matrix: augmented, blocks: blocks,
                                                  coupling: options.preconditioner == .blockJacobi ? .blockJacobi
                                                    : options.preconditioner == .symmetricBlockGaussSeidel ? .symmetricBlockGaussSeidel : .blockGaussSeidel,
                                                  conjugation: conjugation,
                                                  memoryLimitBytes: memoryLimitBytes - Int(krylovBytes))
      blockCount = blocks.count; largest = precond!.largestBlock; mirrored = precond!.mirroredBlocks
    }
    let t1 = DispatchTime.now().uptimeNanoseconds
    let total = (precond?.peakMemoryEstimate ?? 0) + krylovBytes
    if total > Double(memoryLimitBytes) { throw NumericsError.memoryLimit(requiredBytes: Int(total), limitBytes: memoryLimitBytes) }
    let label: String
    switch options.preconditioner {
    case .blockGaussSeidel: label = "GMRES(\(restart)) + block Gauss–Seidel over the levels of \(subName)"
    case .symmetricBlockGaussSeidel: label = "GMRES(\(restart)) + symmetric block Gauss–Seidel over the levels of \(subName)"
    case .blockJacobi: label = "GMRES(\(restart)) + block Jacobi over the levels of \(subName)"
    case .none: label = "GMRES(\(restart)), unpreconditioned"
    }
    let progress = options.progress
    let unknowns = sector.count
    var gmresOptions = GMRESOptions(tolerance: options.tolerance, restart: restart, maxIterations: options.maxIterations)
    if let progress {
      gmresOptions.progress = { @Sendable (it: Int, res: Double) in
        progress("\(label): \(unknowns) unknowns, \(it) iterations, relative residual \(res)")
      }
    }
    let preconditioner: (any LinearPreconditioner)? = precond
    let result = try GMRES.solve(augmented, rhs, preconditioner: preconditioner, options: gmresOptions)
    var x = result.solution, iterations = result.iterations, cycles = result.cycles, relative = result.relativeResidual
    var steps = 0
    var current = ResidualAndBackwardError(augmented, x, rhs)
    var outcome: FockRefinementOutcome = options.refinementSteps == 0 ? .notRequested : .stepLimit
    if options.refinementSteps > 0 {
      // r = b − A x and the componentwise (Oettli–Prager) backward error ω = max_i |r_i| / (|A||x| + |b|)_i: the
      // normwise residual reaches its rounding floor (set by ρ's largest entries) while rows of small entries can
      // still be far from theirs — measured on paper 000's GME₄ at T_c = T_m, g = 0.016, (5, 90): ‖r‖/‖b‖ stuck at
      // 3.1e-15 with ρ still 5.7e-11 from the LU — so refinement continues while ω decreases.
      var correctionOptions = gmresOptions
      correctionOptions.tolerance = options.refinementTolerance
      // Each correction gets the budget of a healthy solve (twice the first solve's iterations, at least one restart
      // cycle): a correction that needs more has stalled (measured: Taylor GME₂₄ at g = 0.056, where the true
      // residual of the correction stays at 1e-3–1e-5 for 399 iterations) and would only delay the LU fallback.
      let budget = Swift.max(restart, 2 * result.iterations)
      while steps < options.refinementSteps {
        guard current.componentwiseBackwardError > 4 * Double.ulpOfOne else { outcome = .roundingLevel; break }
        correctionOptions.maxIterations = Swift.min(budget, options.maxIterations - iterations)
        guard correctionOptions.maxIterations > 0 else { outcome = .iterationLimit; break }
        let correction: GMRESResult
        do { correction = try GMRES.solve(augmented, current.residual, preconditioner: preconditioner, options: correctionOptions) } catch let NumericsError.iterativeNotConverged(_, its, res, _) {
          // Not swallowed: recorded, and the unrefined x is then judged by the a-posteriori test (ω), which rejects it
          // when the refinement was needed (FockSolutionVerification).
          iterations += its
          outcome = .correctionNotConverged(iterations: its, relativeResidual: res)
          break
        }
        iterations += correction.iterations; cycles += correction.cycles; steps += 1
        var refinedX = x
        for i in 0..<refinedX.count { refinedX[i] += correction.solution[i] }
        let refined = ResidualAndBackwardError(augmented, refinedX, rhs)
        // At the rounding level ω stops decreasing: keep the better iterate and stop.
        if !(refined.componentwiseBackwardError < current.componentwiseBackwardError) { outcome = .stalled; break }
        let halved = refined.componentwiseBackwardError <= 0.5 * current.componentwiseBackwardError
        x = refinedX; current = refined
        if !halved { outcome = .stalled; break }
      }
    }
    relative = current.norm / rhs.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
    let t2 = DispatchTime.now().uptimeNanoseconds
    var report = FockIterativeSolveReport(method: label, reason: reason, iterations: iterations, cycles: cycles,
                                          relativeResidual: relative, tolerance: options.tolerance, blocks: blockCount, mirroredBlocks: mirrored,
                                          largestBlock: largest, preconditionerMemoryEstimate: precond?.peakMemoryEstimate ?? 0,
                                          setupSeconds: Double(t1 - t0) / 1e9, iterationSeconds: Double(t2 - t1) / 1e9)
    report.refinementSteps = steps
    report.refinementOutcome = outcome
    report.componentwiseBackwardError = current.componentwiseBackwardError
    if steps > 0 { report.unrefinedRelativeResidual = result.relativeResidual }
    return (x, report, total)
  }
}
