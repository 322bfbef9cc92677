import Clausius
import Foundation
import Numerics
import Testing

/// Collects progress lines from the solver (called from the solving thread).
final class ProgressLines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
  var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

@Suite("Fock engine: preconditioned GMRES steady state (fallback when the LU does not fit)")
struct FockIterativeTests {
  // A hot cavity (n̄_c ≈ 0.157 at T_c = 0.5): the thermal absorption dropped by the block Gauss–Seidel
  // preconditioner is then not negligible, so GMRES really iterates (paper 000's 106 mK cavity has n̄_c ≈ 0.011).
  func equation(_ derivation: Derivation = .standard, mechanics: Int = 12) throws -> FockMasterEquation {
    try testSystem(g: 0.1, cavity: 4, mechanics: mechanics).masterEquation(derivation)
  }

  /// max|ρ_a − ρ_b| / max|ρ_b|.
  func relativeDifference(_ a: FockSteadyState, _ b: FockSteadyState) -> Double {
    (a.density - b.density).maxAbs / b.density.maxAbs
  }

  @Test("a memory cap below the real LU switches to GMRES (below only UMFPACK's estimate, the LU runs); ρ equals the direct LU",
        arguments: [FockSolveMethod.fullSparseLU, .symmetrySectorLU])
  func fallbackMatchesLU(_ method: FockSolveMethod) throws {
    // N_m = 20: large enough that UMFPACK's a-priori estimate exceeds the block LUs + Krylov basis.
    let eq = try equation(mechanics: 20)
    let direct = try eq.steadyState(using: method)
    #expect(direct.diagnostics.iterative == nil)
    // The iterative path's own memory (block LUs + Krylov basis), to place the cap between the two.
    let iterative = try eq.steadyState(using: method == .fullSparseLU ? .fullIterative : .symmetrySectorIterative)
    let lu = direct.diagnostics.peakMemoryEstimate, krylov = iterative.diagnostics.peakMemoryEstimate
    try #require(krylov < lu, "iterative \(krylov) B must fit below the LU's estimate \(lu) B for this test")
    // Just above the iterative path's need: UMFPACK's estimate does not fit there (before issue 15 the LU was refused).
    let cap = Int(krylov * 1.01)
    let lines = ProgressLines()
    let fallback = try eq.steadyState(using: method, memoryLimitBytes: cap, iterativeOptions: FockIterativeOptions(progress: { lines.append($0) }))
    let memory = try #require(fallback.diagnostics.luMemory)
    #expect(memory.estimateExceededCap)
    if fallback.diagnostics.solver == .sparseLU {
      // The real factorisation fitted under the cap (UMFPACK compacts its workspace when an allocation is refused —
      // measured on the full Liouvillian here), so the LU ran with the same ρ.
      #expect(!memory.exceededCap && memory.peakBytes != nil && fallback.diagnostics.iterative == nil)
      #expect(relativeDifference(fallback, direct) < 1e-13, "\(relativeDifference(fallback, direct))")
      return
    }
    #expect(memory.exceededCap && memory.peakBytes == nil)
    // Progress: the switch is announced, then one line per GMRES cycle with the residual.
    #expect(lines.all.first?.contains("switching to preconditioned GMRES") == true)
    #expect(lines.all.dropFirst().contains { $0.contains("relative residual") })
    let report = try #require(fallback.diagnostics.iterative)
    // The real factorisation (or the factors the symbolic analysis predicts) exceeds the cap, not only UMFPACK's estimate.
    #expect(report.reason.contains("exceed the cap") || report.reason.contains("ran out of the cap"), "\(report.reason)")
    // Full Liouvillian: the 6 blocks (n', n) with n' > n of the 4 × 4 cavity-level pairs reuse the conjugated LU of
    // (n, n') (ρ ↦ ρ†); the sector has only the self-conjugate blocks (n, n). Agreement with the LU below checks it.
    #expect(report.mirroredBlocks == (method == .fullSparseLU ? 6 : 0))
    #expect(fallback.diagnostics.unknowns == direct.diagnostics.unknowns)
    // GMRES stops at ‖b − Ax‖/‖b‖ ≤ 1e-13 (default; reached ~5e-15); the forward error is ≤ cond · residual,
    // measured 8e-12 here (cond of the trace-augmented Liouvillian ~ 10³: slow mechanical modes κ_m vs max|L|);
    // 1e-9 leaves a margin of 100 (the LU itself is exact to ~1e-16).
    #expect(report.relativeResidual <= 1e-13)
    #expect(relativeDifference(fallback, direct) < 1e-9, "\(relativeDifference(fallback, direct))")
    // The same state as the explicitly requested iterative solve (deterministic algorithm).
    #expect(relativeDifference(fallback, iterative) < 1e-14)
  }

  @Test("GMRES diagnostics: residual ≤ tolerance, trace, Hermiticity and positivity; few iterations for every equation",
        arguments: [Derivation.standard, .dressedState, .globalSidebands(4)])
  func diagnostics(_ derivation: Derivation) throws {
    let eq = try equation(derivation)
    // Without refinement: the iteration count below is GMRES's own (refinement adds its correction solves).
    // `.reportOnly`: the raw GMRES state even where it fails the a-posteriori test (which needs refinement, see below).
    let st = try eq.steadyState(using: .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(refinementSteps: 0, onFailure: .reportOnly))
    let d = st.diagnostics, r = try #require(d.iterative)
    #expect(d.solver == .iterative && d.luFallback == nil)
    #expect(r.refinementSteps == 0 && r.unrefinedRelativeResidual == nil)
    #expect(r.relativeResidual <= r.tolerance && r.tolerance == 1e-13)
    // Relative Liouvillian residual ‖Lρ‖/(‖L‖_F‖ρ‖) is bounded by the augmented residual (same rows but one).
    #expect(d.relativeResidual < 1e-12)
    // Trace: the trace row is part of the solved system, so |Tr ρ − 1| ≤ ‖b − Ax‖/w ≤ 1e-13 relative.
    #expect(d.traceError < 1e-10)
    #expect(d.hermiticityError < 1e-10)
    #expect(d.minimumEigenvalue > -1e-10)
    // Block Gauss–Seidel over the photon levels leaves only the thermal absorption κ_c n̄_c as error:
    // GMRES needs a handful of iterations (measured 11–12 here with n̄_c = 0.16; 6–7 at paper 000's 106 mK for the SME).
    #expect(r.iterations <= 20, "\(r.iterations) iterations")
    #expect(r.blocks == 4 && r.largestBlock == 12 * 12)
    let lu = try eq.steadyState(using: .symmetrySectorLU)
    #expect(relativeDifference(st, lu) < 1e-9)
  }

  @Test("symmetric block Gauss–Seidel (forward + backward sweep): same ρ as the LU, fewer iterations in a hot cavity")
  func symmetricGaussSeidel() throws {
    let eq = try equation()
    let lu = try eq.steadyState(using: .fullSparseLU)
    let forward = try eq.steadyState(using: .fullIterative, iterativeOptions: FockIterativeOptions(refinementSteps: 0, onFailure: .reportOnly))
    let symmetric = try eq.steadyState(using: .fullIterative, iterativeOptions: FockIterativeOptions(preconditioner: .symmetricBlockGaussSeidel, refinementSteps: 0,
                                                                                                     onFailure: .reportOnly))
    let rf = try #require(forward.diagnostics.iterative), rs = try #require(symmetric.diagnostics.iterative)
    // Tolerance as in fallbackMatchesLU (forward error ≤ cond · 1e-13).
    #expect(relativeDifference(symmetric, lu) < 1e-9)
    #expect(rs.relativeResidual <= 1e-13)
    // The backward sweep accounts for the absorption a†ρa (n̄_c = 0.16 here) that the forward sweep drops:
    // measured 9 vs 11 iterations here (full (4, 12)); at n̄_c = 0.8–1.6 ((12, 40) sector) 28 vs 53 and 48 vs 94.
    #expect(rs.iterations < rf.iterations, "symmetric \(rs.iterations), forward \(rf.iterations)")
    #expect(rs.method.contains("symmetric block Gauss–Seidel"))
  }

  @Test("iterative refinement brings GMRES heat currents to the LU's accuracy at small coupling (paper 000's SME)")
  func refinementGivesLUGradeCurrents() throws {
    // Paper 000's T_c > T_m case (106/101 mK) at g = 0.001: J_c ≈ 6e-9 is a small difference of large terms, so
    // GMRES's normwise residual (~1e-13 ‖b‖) shows in the currents as Tr(H r) (measured at (5, 60): J_c off by
    // 2.3e-4 relative, first law |J_c + J_m| = 1.5e-12). Refinement recomputes r = b − A x and solves for the
    // correction with the same preconditioner; the measured result there: J_c to 1.3e-11, first law 4e-18 (LU 6e-18).
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.06, g: 0.001, kappaC: 0.02, kappaM: 0.005,
                                       temperatureC: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 106),
                                       temperatureM: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 101),
                                       cavityLevels: 4, mechanicalLevels: 30)
    let eq = try sys.masterEquation(.standard)
    let lu = try eq.steadyState(using: .symmetrySectorLU)
    let plain = try eq.steadyState(using: .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(refinementSteps: 0, onFailure: .reportOnly))
    let refined = try eq.steadyState(using: .symmetrySectorIterative)  // default: up to 3 steps
    let heat = { (st: FockSteadyState) in try FockHeatReport(equation: eq, state: st, temperatures: sys.bathTemperatures) }
    let hLU = try heat(lu), hPlain = try heat(plain), hRefined = try heat(refined)
    let jc = try #require(hLU.currents["optical"])
    let jcPlain = try #require(hPlain.currents["optical"]), jcRefined = try #require(hRefined.currents["optical"])
    let errorPlain = abs(jcPlain - jc) / abs(jc), errorRefined = abs(jcRefined - jc) / abs(jc)
    let r = try #require(refined.diagnostics.iterative)
    #expect(r.refinementSteps >= 1 && r.refinementSteps <= 3)
    let unrefined = try #require(r.unrefinedRelativeResidual)
    #expect(r.relativeResidual < unrefined)
    // LU-grade: the current to 1e-8 and the first law to the LU's own level (|J_c + J_m| ≤ 1e-9 |J_c|).
    #expect(errorRefined < 1e-8, "refined J_c error \(errorRefined)")
    #expect(abs(hRefined.firstLawResidual) <= 1e-9 * abs(jc), "\(hRefined.firstLawResidual)")
    #expect(abs(hLU.firstLawResidual) <= 1e-9 * abs(jc))
    // Refinement is what does it: without it the current is at least 100× further off.
    #expect(errorPlain > 100 * errorRefined, "plain \(errorPlain), refined \(errorRefined)")
    #expect(relativeDifference(refined, lu) < 1e-12)
    // The a-posteriori test: the refined state passes (ω at the LU's rounding level), the unrefined one does not, and
    // by default (onFailure = .fallBackToLU) it would have been replaced by the LU.
    let vRefined = try #require(refined.diagnostics.verification), vPlain = try #require(plain.diagnostics.verification)
    #expect(vRefined.passed && refined.diagnostics.solver == .iterative, "\(vRefined.failures)")
    #expect(vRefined.componentwiseBackwardError < 1e-14)
    #expect(!vPlain.passed && vPlain.componentwiseBackwardError > 1e-12, "\(vPlain.componentwiseBackwardError)")
    let replaced = try eq.steadyState(using: .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(refinementSteps: 0))
    #expect(replaced.diagnostics.solver == .sparseLU && replaced.diagnostics.iterative != nil)
    guard case let .iterativeFailedVerification(failures)? = replaced.diagnostics.luFallback else { Issue.record("no LU fallback recorded"); return }
    #expect(failures.contains { if case .componentwiseBackwardError = $0 { return true } else { return false } })
    #expect(relativeDifference(replaced, lu) == 0)
    #expect(throws: FockError.parameterOutOfRange(name: "refinementSteps", value: -1, allowed: "≥ 0")) {
      _ = try eq.steadyState(using: .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(refinementSteps: -1))
    }
  }

  @Test("non-convergence falls back to the LU (recorded) or throws with the iterations and residual; fallback can be disabled")
  func errors() throws {
    let eq = try equation()
    #expect {
      _ = try eq.steadyState(using: .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(maxIterations: 2, preconditioner: .none, onFailure: .throwError))
    } throws: { error in
      guard case let NumericsError.iterativeNotConverged(_, iterations, residual, tolerance) = error else { return false }
      return iterations == 2 && residual > tolerance
    }
    // Default: the LU replaces the unconverged GMRES, and the diagnostics say so (typed, with GMRES's numbers).
    let replaced = try eq.steadyState(using: .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(maxIterations: 2, preconditioner: .none))
    guard case let .iterativeNotConverged(iterations, residual, tolerance)? = replaced.diagnostics.luFallback else {
      Issue.record("no LU fallback recorded: \(String(describing: replaced.diagnostics.luFallback))"); return
    }
    #expect(iterations == 2 && residual > tolerance && replaced.diagnostics.solver == .sparseLU)
    #expect(relativeDifference(replaced, try eq.steadyState(using: .symmetrySectorLU)) == 0)
    #expect {
      _ = try eq.steadyState(using: .symmetrySectorLU, memoryLimitBytes: 1 << 10, iterativeOptions: FockIterativeOptions(fallback: false))
    } throws: { error in
      if case NumericsError.memoryLimit(_, let limit) = error { return limit == 1 << 10 }
      return false
    }
    // With a 1 KiB cap even the preconditioner does not fit: memoryLimit, never a silent result.
    #expect {
      _ = try eq.steadyState(using: .symmetrySectorLU, memoryLimitBytes: 1 << 10)
    } throws: { error in
      if case NumericsError.memoryLimit = error { return true }
      return false
    }
    #expect(throws: FockError.parameterOutOfRange(name: "blockSubsystem", value: 5, allowed: "0…1")) {
      _ = try eq.steadyState(using: .fullIterative, iterativeOptions: FockIterativeOptions(blockSubsystem: 5))
    }
  }

  /// Regression (issue 13 §1): paper 000 Fig. 5, Taylor GME₂₄ at g = 0.056, T_c = 101 mK < T_m = 106 mK, at the
  /// reproduction's truncation (5, 90) and solver (`Paper000().solver`, the refined sector GMRES). The reproduction
  /// plotted |ξ₂₄ − ξ∞|/|ξ∞| = 1.19e4; the sector LU (`clausius solve`) gives ξ₂₄ = 9.0710805e-7, ξ∞ = 2.0737443e-7,
  /// i.e. 3.374. Root cause (docs/papers/000.md, "Verification"): the trace weight max|L_ij| = 2.1e10 makes GMRES's normwise
  /// test accept, after one iteration, the preconditioner's n_c = 0 block solution (ω = 1); the refinement's correction
  /// did not converge and was ignored. Now the GMRES state fails the a-posteriori test and the sector LU replaces it.
  @Test("regression: Fig. 5 Taylor GME24 at g = 0.056 — the wrong GMRES state is rejected and the LU's ξ is returned")
  func fig5TaylorGME24() throws {
    let paper = Paper000()
    let sys = try OptomechanicalSystem(omegaC: paper.omegaC, omegaM: paper.omegaM, g: 0.056, kappaC: paper.kappaC, kappaM: paper.kappaM,
                                       temperatureC: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 101),
                                       temperatureM: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 106),
                                       cavityLevels: paper.cavityLevels, mechanicalLevels: paper.mechanicalLevels)
    #expect(sys.cavityLevels == 5 && sys.mechanicalLevels == 90 && paper.solver == .symmetrySectorIterative)
    let eq = try sys.masterEquation(.globalSidebands(24))
    let xi = { (st: FockSteadyState, e: FockMasterEquation) in try FockHeatReport(equation: e, state: st, temperatures: sys.bathTemperatures).entropyProduction }
    let lu = try eq.steadyState(using: .symmetrySectorLU)
    let xiLU = try xi(lu, eq)
    let xiInfinity = try xi(try sys.masterEquation(.globalExact).steadyState(using: .symmetrySectorLU), try sys.masterEquation(.globalExact))
    // The LU against the issue's independent `clausius solve` numbers (8 digits printed there).
    #expect(abs(xiLU - 9.0710805e-7) <= 1e-14, "ξ24(LU) = \(xiLU)")
    #expect(abs(xiInfinity - 2.0737443e-7) <= 1e-14, "ξ∞(LU) = \(xiInfinity)")
    // The reproduction's solver: GMRES's state is rejected (ω far above the tolerance) and replaced by the LU.
    let st = try eq.steadyState(using: paper.solver)
    #expect(st.diagnostics.solver == .sparseLU && st.diagnostics.iterative != nil)
    guard case let .iterativeFailedVerification(failures)? = st.diagnostics.luFallback else {
      Issue.record("GMRES state not rejected: \(String(describing: st.diagnostics.luFallback))"); return
    }
    #expect(failures.contains { if case let .componentwiseBackwardError(value, _) = $0 { return value > 0.1 } else { return false } }, "\(failures)")
    #expect(st.diagnostics.verification?.passed == true)
    let xiSolver = try xi(st, eq)
    // Both are sector-LU states; the fallback LU runs under the memory left after GMRES (`solverLimit`), which may pick
    // another ordering: ξ agrees to round-off of the gross heat (ξ is ~1e-6 of the flows; measured 7e-16 absolute).
    #expect(abs(xiSolver - xiLU) <= 1e-14, "ξ(solver) = \(xiSolver), ξ(LU) = \(xiLU)")
    let plotted = abs(xiSolver - xiInfinity) / abs(xiInfinity)
    #expect(abs(plotted - 3.374) < 1e-3, "|ξ24 − ξ∞|/|ξ∞| = \(plotted)")
    // What the reproduction plotted before: the raw GMRES state (kept with `.reportOnly`) is a valid-looking density
    // matrix — trace 1, Hermitian, ρ ≥ 0 — with ξ off by orders of magnitude; only ω and the first law expose it.
    let raw = try eq.steadyState(using: paper.solver, iterativeOptions: FockIterativeOptions(onFailure: .reportOnly))
    let v = try #require(raw.diagnostics.verification)
    #expect(v.traceError < 1e-12 && v.relativeHermiticityError < 1e-12 && v.minimumEigenvalue >= -1e-12)
    #expect(v.componentwiseBackwardError > 0.1 && abs(v.firstLawResidual) > 1e-4 * v.grossHeat, "ω = \(v.componentwiseBackwardError), first law \(v.firstLawResidual) of \(v.grossHeat)")
    #expect(abs(try xi(raw, eq) - xiInfinity) / abs(xiInfinity) > 100)
    // With `.throwError` the rejection is an error naming the failed tests, never a silent state.
    #expect {
      _ = try eq.steadyState(using: paper.solver, iterativeOptions: FockIterativeOptions(onFailure: .throwError))
    } throws: { error in
      guard let e = error as? FockVerificationError else { return false }
      return e.equation == "GME24" && e.failures.contains { if case .componentwiseBackwardError = $0 { return true } else { return false } }
    }
  }
}
