import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import Numerics

/// Diagnostics that accompany every Gaussian steady state.
public struct GaussianDiagnostics: Sendable {
  /// The uncertainty principle V + iΩ/2 ≥ 0 counts as violated when the smallest eigenvalue is below −this (round-off of
  /// a refined covariance is ~1e-15 of its scale; Redfield violations are ≳ 1e-6).
  public static let uncertaintyTolerance = 1e-10
  /// ‖A V + V Aᵀ + D‖_F / ‖D‖_F over the full matrices (Stein: ‖X V Xᵀ + Y − V‖/‖Y‖).
  public let relativeResidual: Double
  /// Smallest symplectic eigenvalue ν_min of V (nil when V is not positive definite).
  public let smallestSymplecticEigenvalue: Double?
  /// Smallest eigenvalue of V + iΩ/2 (≥ 0 iff the uncertainty principle holds).
  public let uncertaintyMargin: Double
  /// Independent Lyapunov blocks solved (1 = one dense solve).
  public let blocks: Int
  /// ‖A V + V Aᵀ + D‖_F / ‖D‖_F of the refined double-double V = `frameCovariance` + `frameCovarianceLow`,
  /// with A = ΩG + Σ_α A_α and D = Σ_α D_α summed exactly from the parts (nil: not refined).
  public internal(set) var refinedResidual: Double? = nil
  /// Refinement steps taken (0: not refined).
  public internal(set) var refinementSteps: Int = 0
  /// Blocks solved as the N × N complex Lyapunov equation of a number-conserving (phase-covariant) block
  /// (`ComplexLyapunovSolver`, `PhaseCovariantForm`); the others use the 2N real form.
  public internal(set) var complexBlocks: Int = 0
  /// Whether the whole-chain complex equation was solved in the drift's eigenbasis
  /// (`ComplexSymmetricTridiagonalLyapunovSolver`, accepted after the refinement reached its bound) instead of by the
  /// Schur form.
  public internal(set) var eigenbasisSolve = false
  /// The Schur forms of a `DriftFactorisation` were reused (`gaussianSteadyState(reusing:)` with the same drift and at
  /// least one block larger than 2 × 2, i.e. a Schur form to reuse).
  public internal(set) var reusedDriftFactorisation = false
  /// Human-readable findings (e.g. a Redfield state violating the uncertainty principle).
  public let warnings: [String]

  public init(relativeResidual: Double, smallestSymplecticEigenvalue: Double?, uncertaintyMargin: Double, blocks: Int, warnings: [String]) {
    self.relativeResidual = relativeResidual; self.smallestSymplecticEigenvalue = smallestSymplecticEigenvalue
    self.uncertaintyMargin = uncertaintyMargin; self.blocks = blocks; self.warnings = warnings
  }

  /// ν_min − ½ (≥ 0 for a physical state); falls back to the uncertainty margin if V is not
  /// positive definite.
  public var physicality: Double { smallestSymplecticEigenvalue.map { $0 - 0.5 } ?? uncertaintyMargin }
  /// V + iΩ/2 ≥ 0 within round-off.
  public var isPhysical: Bool { uncertaintyMargin >= -1e-10 * Swift.max(1, abs(physicality)) }
}

/// The steady state of a quadratic master equation, from its Lyapunov equation A V + V Aᵀ + D = 0
/// and A d + b = 0. Stores the state in the equation's frame and in the network's quadratures.
public struct GaussianSteadyState: Sendable {
  public let equation: MasterEquation
  public let dynamics: GaussianDynamics
  /// V and d in the equation's frame (normal modes for global/Redfield).
  public let frameCovariance: Matrix<Double>
  public let frameMean: [Double]
  /// Low parts of V and d in double-double form: V = `frameCovariance` + `frameCovarianceLow` to about
  /// 2⁻¹⁰⁴ relative, from iterative refinement with residuals in double-double arithmetic (see
  /// `refineDoubleDouble`). nil when not refined (then `frameCovariance` is the plain solve). The heat
  /// currents use them (ClausiusThermodynamics); everything else reads the rounded `frameCovariance`.
  public internal(set) var frameCovarianceLow: Matrix<Double>? = nil
  public internal(set) var frameMeanLow: [Double]? = nil
  /// The complex Schur form K = Z T Z† of the drift's N × N form (K = φ(A), `PhaseCovariantForm`) when the whole
  /// equation is one number-conserving block solved that way; nil otherwise. Time evolution reuses it
  /// (ClausiusDynamics `GaussianEvolution`'s spectral path) instead of factorising the drift again.
  public internal(set) var complexDriftFactorisation: ComplexLyapunovSolver? = nil
  /// r = S⁻¹ r̃ for a normal-mode frame (nil: the frame is the quadratures).
  let inverseSymplectic: Matrix<Double>?

  /// V = ½⟨{Δr, Δrᵀ}⟩ in the network's quadratures r = (x₁, p₁, …) (V = S⁻¹ Ṽ S⁻ᵀ, computed on access).
  public var covariance: Matrix<Double> {
    guard let si = inverseSymplectic else { return frameCovariance }
    return (si * frameCovariance).multiplied(by: si, transposeOther: .transpose).symmetrized
  }
  /// d = ⟨r⟩ in the network's quadratures.
  public var mean: [Double] { inverseSymplectic.map { $0 * frameMean } ?? frameMean }

  /// The 2×2 blocks of V for modes j, k (rows/columns x_j, p_j, x_k, p_k), without forming all of V.
  func covarianceBlock(_ j: Int, _ k: Int) -> Matrix<Double> {
    let idx = [2 * j, 2 * j + 1, 2 * k, 2 * k + 1]
    guard let si = inverseSymplectic else { return frameCovariance.submatrix(rowIndices: idx, columnIndices: idx) }
    let rows = si.submatrix(rowIndices: idx, columnIndices: Array(0..<si.columns))
    return (rows * frameCovariance).multiplied(by: rows, transposeOther: .transpose)
  }
  public let diagnostics: GaussianDiagnostics

  /// ⟨a_j†a_k⟩ from V and d: ⟨a_j†a_k⟩ = ½(V_{x_j x_k} + V_{p_j p_k} + i V_{x_j p_k} − i V_{p_j x_k}) − ½δ_jk + d̄_j* d̄_k.
  public func secondMoment(creation j: Int, annihilation k: Int) -> Complex<Double> {
    let b = covarianceBlock(j, k), mean = self.mean
    // b rows/columns: 0 = x_j, 1 = p_j, 2 = x_k, 3 = p_k
    var z = Complex(0.5 * (b[0, 2] + b[1, 3]), 0.5 * (b[0, 3] - b[1, 2]))
    if j == k { z = z - Complex(0.5, 0) }
    let aj = Complex(mean[2 * j], mean[2 * j + 1]) * Complex(0.5.squareRoot(), 0)
    let ak = Complex(mean[2 * k], mean[2 * k + 1]) * Complex(0.5.squareRoot(), 0)
    return z + aj.conjugate * ak
  }

  /// ⟨a_j a_k⟩ = ½(V_{x_j x_k} − V_{p_j p_k} + i V_{x_j p_k} + i V_{p_j x_k}) + d̄_j d̄_k (j ≠ k; for j = k the
  /// symmetrisation is exact because [a, a] = 0).
  public func anomalousMoment(_ j: Int, _ k: Int) -> Complex<Double> {
    let b = covarianceBlock(j, k), mean = self.mean
    let z = Complex(0.5 * (b[0, 2] - b[1, 3]), 0.5 * (b[0, 3] + b[1, 2]))
    let aj = Complex(mean[2 * j], mean[2 * j + 1]) * Complex(0.5.squareRoot(), 0)
    let ak = Complex(mean[2 * k], mean[2 * k + 1]) * Complex(0.5.squareRoot(), 0)
    return z + aj * ak
  }

  /// ⟨a_j†a_j⟩.
  public func occupation(_ j: Int) -> Double { secondMoment(creation: j, annihilation: j).real }
}

/// Index sets of the independent blocks of (A, D): connected components of the graph with an edge
/// i–j whenever A_ij, A_ji or D_ij ≠ 0. Off-diagonal blocks of V vanish (A_I V_IJ + V_IJ A_Jᵀ = 0).
func lyapunovBlocks(_ a: Matrix<Double>, _ d: Matrix<Double>, driftOnly: Bool) -> [[Int]] {
  let n = a.rows
  var sets = DisjointSets(count: n)
  for j in 0..<n { for i in 0..<n where i != j && (a[i, j] != 0 || (!driftOnly && d[i, j] != 0)) { sets.union(i, j) } }
  return sets.groups()
}

/// Whether an index set consists of whole modes (x_i, p_i adjacent).
func isModeAligned(_ b: [Int]) -> Bool {
  b.count % 2 == 0 && stride(from: 0, to: b.count, by: 2).allSatisfy { b[$0] % 2 == 0 && b[$0 + 1] == b[$0] + 1 }
}

/// Physicality diagnostics of a covariance matrix; blockwise when the blocks are whole modes.
/// A phase-covariant block (V Ω = Ω V) uses one N × N Hermitian eigenvalue problem of W = φ(V) for both numbers
/// (`PhaseCovariantForm`: margin λ_min(W) − ½, symplectic eigenvalues = eig(W)) instead of two of size 2N.
func physicality(_ v: Matrix<Double>, blocks: [[Int]]) -> (nuMin: Double?, margin: Double) {
  let aligned = blocks.allSatisfy(isModeAligned)
  let parts = aligned ? blocks : [Array(0..<v.rows)]
  var nuMin: Double? = .infinity, margin = Double.infinity
  for idx in parts {
    if idx.count == 2 {
      // One mode: ν = √det V; eigenvalues of V + iΩ/2 are (a+c)/2 ± √(((a−c)/2)² + b² + ¼).
      let a = v[idx[0], idx[0]], b = v[idx[0], idx[1]], c = v[idx[1], idx[1]]
      margin = Swift.min(margin, (a + c) / 2 - (((a - c) / 2) * ((a - c) / 2) + b * b + 0.25).squareRoot())
      let det = a * c - b * b
      if let nm = nuMin, det > 0, a > 0 { nuMin = Swift.min(nm, det.squareRoot()) } else { nuMin = nil }
      continue
    }
    let sub = idx.count == v.rows ? v : v.submatrix(rowIndices: idx, columnIndices: idx)
    if isModeAligned(idx), PhaseCovariantForm.isCovariant(sub) {
      let (nu, m) = complexPhysicality(PhaseCovariantForm.complex(sub))
      margin = Swift.min(margin, m)
      if let nm = nuMin, let l = nu { nuMin = Swift.min(nm, l) } else { nuMin = nil }
      continue
    }
    margin = Swift.min(margin, (try? sub.uncertaintyMargin()) ?? -.infinity)
    if let nm = nuMin, let nus = try? WilliamsonDecomposition.symplecticEigenvalues(sub), let m = nus.min() {
      nuMin = Swift.min(nm, m)
    } else { nuMin = nil }
  }
  return (nuMin, margin)
}

/// Modes from which `complexPhysicality` uses Cholesky + Lanczos instead of all eigenvalues.
let lanczosPhysicalityModes = 128

/// Physicality of a phase-covariant state from W = φ(V) (`PhaseCovariantForm`): margin λ_min(W) − ½ and
/// ν_min = λ_min(W) (nil unless W > 0). From N = `lanczosPhysicalityModes` on, λ_min comes from W's Cholesky factor and
/// Lanczos on W⁻¹ (`smallestEigenvalueIfPositiveDefinite`, a quarter of the flops; issue 15's "diagnostics ≤ 10 % of a
/// solve"); otherwise, and whenever W is not positive definite, from all eigenvalues (`zheevd_2stage`).
func complexPhysicality(_ w: Matrix<Complex<Double>>) -> (nuMin: Double?, margin: Double) {
  if w.rows >= lanczosPhysicalityModes, let lambda = w.smallestEigenvalueIfPositiveDefinite() { return (lambda, lambda - 0.5) }
  let lambda = (try? w.hermitianEigen(vectors: false).values.first) ?? nil
  return (lambda.flatMap { $0 > 0 ? $0 : nil }, lambda.map { $0 - 0.5 } ?? -.infinity)
}

/// Factorisations of the drift blocks of an equation, reusable while only the diffusion changes
/// (a temperature sweep: A_α depends on γ(ω) − γ(−ω) = 2J(ω), not on T).
public struct DriftFactorisation: Sendable {
  public let blocks: [[Int]]
  /// Schur-form solvers per block (nil for 2 × 2 blocks, solved in closed form, and for blocks in `complexSolvers`).
  public let solvers: [LyapunovSolver?]
  public let drift: Matrix<Double>
  /// Complex solvers of number-conserving blocks (`Form.asSolved`; empty for `.real`): Schur forms
  /// (`ComplexLyapunovSolver`).
  /// A whole chain's K (complex symmetric tridiagonal) is kept as its eigendecomposition
  /// (`ComplexSymmetricTridiagonalLyapunovSolver`) instead, as a fresh solve would use it.
  public internal(set) var complexSolvers: [(any ComplexLyapunovSolving)?] = []

  /// Which Schur forms to factor.
  public enum Form: Sendable {
    /// The 2N real form of every block (also for number-conserving ones: forces the real path).
    case real
    /// The form `gaussianSteadyState()` solves each block in: the N × N complex form for number-conserving
    /// (phase-covariant) blocks, the real form otherwise; a reuse then runs the algorithm of a fresh solve.
    case asSolved
  }
}

extension MasterEquation {
  /// Solves A V + V Aᵀ + D = 0 (and A d + b = 0) exactly. Independent blocks of (A, D) — e.g. the
  /// normal modes of a global equation — are solved separately, so a secular GME of N modes costs
  /// O(N) small solves; V in the quadratures is S⁻¹ Ṽ S⁻ᵀ (computed on access).
  /// Throws `NumericsError.unstableDrift` when A has an eigenvalue with Re ≥ 0.
  public func gaussianSteadyState() throws -> GaussianSteadyState {
    try gaussianSteadyState(reusing: nil)
  }

  /// The drift factorisation of this equation, to pass to `gaussianSteadyState(reusing:)` of
  /// equations with the same drift (same network, other temperatures).
  public func driftFactorisation(form: DriftFactorisation.Form = .real) throws -> DriftFactorisation {
    try driftFactorisation(form: form, eigenbasis: true)
  }

  /// As above; `eigenbasis: false` keeps the complex Schur form also where a fresh solve would use K's eigenbasis
  /// (tests compare the two routes with it).
  func driftFactorisation(form: DriftFactorisation.Form, eigenbasis: Bool) throws -> DriftFactorisation {
    let dyn = gaussianDynamics
    let blocks = lyapunovBlocks(dyn.drift, dyn.diffusion, driftOnly: true)
    let complex = form == .asSolved && isPhaseCovariant(dyn)
    func sub(_ idx: [Int]) -> Matrix<Double> { idx.count == dyn.drift.rows ? dyn.drift : dyn.drift.submatrix(rowIndices: idx, columnIndices: idx) }
    let refinedWhole = !dyn.driftOffset.contains(where: { $0 != 0 })
    let complexSolvers: [(any ComplexLyapunovSolving)?] = try blocks.map { idx in
      guard complex && idx.count > 2 && isModeAligned(idx) else { return nil }
      let k = PhaseCovariantForm.complex(sub(idx))
      let eigen = eigenbasis && refinedWhole && idx.count == dyn.drift.rows && complexRefinementAffordable(k)
        ? ComplexSymmetricTridiagonalLyapunovSolver(drift: k) : nil
      return try eigen ?? ComplexLyapunovSolver(drift: k)
    }
    let solvers: [LyapunovSolver?] = try blocks.indices.map { b in
      blocks[b].count == 2 || complexSolvers[b] != nil ? nil : try LyapunovSolver(drift: sub(blocks[b]))
    }
    var f = DriftFactorisation(blocks: blocks, solvers: solvers, drift: dyn.drift)
    f.complexSolvers = complexSolvers
    return f
  }

  /// Phase covariance (A Ω = Ω A, D Ω = Ω D) of the assembled matrices and of every part the refinement sums
  /// (ΩG, A_α, D_α), exactly: then the complex form is the same equation bit for bit.
  func isPhaseCovariant(_ dyn: GaussianDynamics) -> Bool {
    PhaseCovariantForm.isCovariant(dyn.drift) && PhaseCovariantForm.isCovariant(dyn.diffusion) && PhaseCovariantForm.isCovariant(hamiltonian.matrix)
      && dyn.perDissipator.allSatisfy { PhaseCovariantForm.isCovariant($0.sparseDrift) && PhaseCovariantForm.isCovariant($0.sparseDiffusion) }
  }

  /// As `gaussianSteadyState()`, reusing the Schur forms of `factorisation` when its drift equals this
  /// equation's drift to 1e-13 relative (checked, as is that D couples no two of its blocks; otherwise a fresh
  /// factorisation is made). Equal up to rounding, not bit for bit: A_α ∝ γ(ω) − γ(−ω) = 2J(n̄ + 1) − 2Jn̄ differs
  /// from 2J in the last bits with the temperature. The double-double refinement then solves this equation's own
  /// A = ΩG + Σ_α A_α (summed exactly from the parts), so the state is that of A, not of the factorised drift.
  /// `diagnostics.reusedDriftFactorisation` says whether the Schur forms were reused.
  public func gaussianSteadyState(reusing factorisation: DriftFactorisation?) throws -> GaussianSteadyState {
    var clock = StageClock("gaussian steady state")
    let dyn = gaussianDynamics
    let a = dyn.drift, d = dyn.diffusion
    let n2 = a.rows
    clock.mark("dynamics")
    var blocks: [[Int]]
    var solvers: [LyapunovSolver?]
    var complexSolvers: [(any ComplexLyapunovSolving)?]
    let reused: Bool
    if let f = factorisation, f.drift.rows == n2, (f.drift - a).maxAbs <= 1e-13 * Swift.max(a.maxAbs, 1), blockDiffusionFits(f.blocks, d) {
      blocks = f.blocks; solvers = f.solvers
      reused = f.solvers.contains { $0 != nil } || f.complexSolvers.contains { $0 != nil }
      complexSolvers = f.complexSolvers.isEmpty ? Array(repeating: nil, count: blocks.count) : f.complexSolvers
    } else {
      blocks = lyapunovBlocks(a, d, driftOnly: false); solvers = Array(repeating: nil, count: blocks.count); reused = false
      complexSolvers = solvers.map { _ in nil }
    }
    clock.mark("blocks (\(blocks.count))")
    var v = Matrix<Double>(rows: n2, columns: n2)
    var residual2 = 0.0, complexBlocks = 0
    let dn = d.frobeniusNorm
    let covariant = isPhaseCovariant(dyn)
    clock.mark("phase covariance check")
    var blockSolve: [(Matrix<Double>) throws -> Matrix<Double>] = []
    var wholeComplexSolver: (any ComplexLyapunovSolving)? = nil
    // One number-conserving block spanning everything (a local chain): its complex solution and diffusion, so that
    // the refinement and the physicality check stay in the N × N form (`refineComplexDoubleDouble`).
    var wholeState: (w: Matrix<Complex<Double>>, q: Matrix<Complex<Double>>)? = nil
    for (b, idx) in blocks.enumerated() {
      let whole = idx.count == n2   // one block spanning everything: no copies
      let ab = whole ? a : a.submatrix(rowIndices: idx, columnIndices: idx)
      let db = whole ? d : d.submatrix(rowIndices: idx, columnIndices: idx)
      let sol: (solution: Matrix<Double>, relativeResidual: Double)
      if idx.count == 2 {
        sol = try lyapunov2x2(ab, db)
        blockSolve.append { try lyapunov2x2(ab, $0).solution }
      } else if solvers[b] == nil, covariant, isModeAligned(idx) {
        // Number-conserving block: the N × N complex Lyapunov equation K W + W K† + Q = 0 (PhaseCovariantForm).
        // A whole chain that is refined below first tries K's eigenbasis (complex symmetric tridiagonal K: no Schur
        // form); that result is kept only if the refinement reaches its bound, else the Schur route runs.
        let k = PhaseCovariantForm.complex(ab)
        let refinedWhole = whole && !dyn.driftOffset.contains(where: { $0 != 0 })
        // A reused eigenbasis is only taken where its result is refined (and so can be accepted or refused).
        let reusedSolver = complexSolvers[b].flatMap { $0 is ComplexSymmetricTridiagonalLyapunovSolver && !refinedWhole ? nil : $0 }
        let eigen = refinedWhole && reusedSolver == nil && complexRefinementAffordable(k) ? ComplexSymmetricTridiagonalLyapunovSolver(drift: k) : nil
        let solver: any ComplexLyapunovSolving = try eigen ?? reusedSolver ?? ComplexLyapunovSolver(drift: k)
        clock.mark(eigen != nil ? "complex eigenbasis (tridiagonal QL + inverse iteration)" : "complex Schur form")
        let q = PhaseCovariantForm.complex(db)
        let full = try solver.solveWithResidual(q)
        clock.mark("complex solve + residual")
        complexBlocks += 1
        if refinedWhole {
          // Kept complex: refined and checked in this form below; V = φ⁻¹(W) is formed once at the end.
          wholeComplexSolver = solver
          wholeState = (full.solution, q)
          residual2 = (full.relativeResidual * dn) * (full.relativeResidual * dn)
          blockSolve.append { PhaseCovariantForm.real(try solver.solve(PhaseCovariantForm.complex($0))) }
          continue
        }
        sol = (PhaseCovariantForm.real(full.solution), full.relativeResidual)
        blockSolve.append { PhaseCovariantForm.real(try solver.solve(PhaseCovariantForm.complex($0))) }
        if whole { wholeComplexSolver = solver }
      } else {
        let solver = try solvers[b] ?? LyapunovSolver(drift: ab)
        let full = try solver.solve(db)
        sol = (full.solution, full.relativeResidual)
        blockSolve.append { try solver.solve($0).solution }
      }
      let dbn = whole ? dn : db.frobeniusNorm
      residual2 += (sol.relativeResidual * dbn) * (sol.relativeResidual * dbn)
      if whole { v = sol.solution } else {
        for (jj, j) in idx.enumerated() { for (ii, i) in idx.enumerated() { v[i, j] = sol.solution[ii, jj] } }
      }
    }
    // Off-block entries of A, D and V are zero, so the residual is the sum over blocks.
    var residual = dn > 0 ? residual2.squareRoot() / dn : residual2.squareRoot()
    var mean = [Double](repeating: 0, count: n2)
    var meanSolve: (([Double]) throws -> [Double])? = nil
    if dyn.driftOffset.contains(where: { $0 != 0 }) {
      let lu = try LUFactorization(a)
      mean = try lu.solve(dyn.driftOffset.map { -$0 })
      meanSolve = { try lu.solve($0) }
    }
    clock.mark("solve")
    let refined: DoubleDoubleSteadyState
    let nuMin: Double?, margin: Double
    var eigenbasis = false
    if let ws = wholeState, let solver = wholeComplexSolver {
      var c = try refineComplexDoubleDouble(self, dyn, solution: ws.w, diffusion: ws.q, solver: solver)
      clock.mark("complex refinement (\(c.steps) steps)")
      if solver is ComplexSymmetricTridiagonalLyapunovSolver {
        if (c.relativeResidual ?? .infinity) <= complexRefinementBound {
          eigenbasis = true
        } else {
          // Not accepted: the Schur route (backward stable first solve), keeping whichever state has the smaller residual.
          let schur = try ComplexLyapunovSolver(drift: solver.drift)
          let full = try schur.solveWithResidual(ws.q)
          let cs = try refineComplexDoubleDouble(self, dyn, solution: full.solution, diffusion: ws.q, solver: schur)
          clock.mark("eigenbasis not accepted (refined residual \(c.relativeResidual ?? .nan)): Schur route, \(cs.steps) steps")
          if c.relativeResidual == nil || (cs.relativeResidual ?? .infinity) <= c.relativeResidual! {
            c = cs; residual = full.relativeResidual
          }
          wholeComplexSolver = schur
        }
      }
      (nuMin, margin) = complexPhysicality(c.hi)
      clock.mark("physicality")
      refined = DoubleDoubleSteadyState(covariance: (PhaseCovariantForm.real(c.hi), PhaseCovariantForm.real(c.lo)), mean: (mean, mean),
                                        relativeResidual: c.relativeResidual, steps: c.steps)
    } else {
      refined = try refineDoubleDouble(self, dyn, covariance: v, blocks: blocks, blockSolve: blockSolve, mean: mean, meanSolve: meanSolve)
      clock.mark("refinement (\(refined.steps) steps)")
      (nuMin, margin) = physicality(refined.covariance.hi, blocks: blocks)
      clock.mark("physicality")
    }
    v = refined.covariance.hi; mean = refined.mean.hi
    var warnings: [String] = []
    if margin < -GaussianDiagnostics.uncertaintyTolerance {
      warnings.append("the steady-state covariance violates the uncertainty principle (smallest eigenvalue of V + iΩ/2 = \(margin))" +
                      (!derivation.isGKLS ? "; Redfield equations are not completely positive (paper 004, Sec. II D)" : ""))
    }
    var diag = GaussianDiagnostics(relativeResidual: residual, smallestSymplecticEigenvalue: nuMin, uncertaintyMargin: margin, blocks: blocks.count, warnings: warnings)
    diag.refinedResidual = refined.relativeResidual
    diag.refinementSteps = refined.steps
    diag.complexBlocks = complexBlocks
    diag.eigenbasisSolve = eigenbasis
    diag.reusedDriftFactorisation = reused
    var si: Matrix<Double>? = nil
    if case let .normalModes(w) = frame { si = w.inverseSymplectic }
    var state = GaussianSteadyState(equation: self, dynamics: dyn, frameCovariance: v, frameMean: mean, inverseSymplectic: si, diagnostics: diag)
    if refined.relativeResidual != nil { state.frameCovarianceLow = refined.covariance.lo }
    if meanSolve != nil { state.frameMeanLow = refined.mean.lo }
    state.complexDriftFactorisation = wholeComplexSolver as? ComplexLyapunovSolver
    return state
  }
}

/// Whether D has no entries coupling different blocks.
func blockDiffusionFits(_ blocks: [[Int]], _ d: Matrix<Double>) -> Bool {
  var owner = [Int](repeating: 0, count: d.rows)
  for (b, idx) in blocks.enumerated() { for i in idx { owner[i] = b } }
  for j in 0..<d.columns { for i in 0..<d.rows where d[i, j] != 0 && owner[i] != owner[j] { return false } }
  return true
}

/// Closed-form solution of A X + X Aᵀ + Q = 0 for 2 × 2 A (X symmetric; unknowns x₁₁, x₁₂, x₂₂):
/// 2a₁₁x₁₁ + 2a₁₂x₁₂ = −q₁₁; a₂₁x₁₁ + (a₁₁+a₂₂)x₁₂ + a₁₂x₂₂ = −q₁₂; 2a₂₁x₁₂ + 2a₂₂x₂₂ = −q₂₂ (Cramer).
/// Throws `unstableDrift` unless tr A < 0 and det A > 0.
func lyapunov2x2(_ a: Matrix<Double>, _ q: Matrix<Double>) throws -> (solution: Matrix<Double>, relativeResidual: Double) {
  let a11 = a[0, 0], a12 = a[0, 1], a21 = a[1, 0], a22 = a[1, 1]
  let tr = a11 + a22, det = a11 * a22 - a12 * a21
  if !(tr < 0 && det > 0) {
    let disc = tr * tr / 4 - det
    throw NumericsError.unstableDrift(maxRealPart: disc > 0 ? tr / 2 + disc.squareRoot() : tr / 2)
  }
  let q12 = 0.5 * (q[0, 1] + q[1, 0])
  let m = [[2 * a11, 2 * a12, 0], [a21, tr, a12], [0, 2 * a21, 2 * a22]]
  let r = [-q[0, 0], -q12, -q[1, 1]]
  func det3(_ m: [[Double]]) -> Double {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  }
  let dm = det3(m)
  var x = [0.0, 0.0, 0.0]
  for c in 0..<3 {
    var mc = m
    for row in 0..<3 { mc[row][c] = r[row] }
    x[c] = det3(mc) / dm
  }
  let sol = Matrix<Double>([[x[0], x[1]], [x[1], x[2]]])
  let res = a * sol + sol.multiplied(by: a, transposeOther: .transpose) + q
  let qn = q.frobeniusNorm
  return (sol, qn > 0 ? res.frobeniusNorm / qn : res.frobeniusNorm)
}

/// Largest Σ_blocks nnz(A_b)·m_b (double-double multiply–adds per residual) that `refineDoubleDouble` takes on
/// (≈ 0.3 s per residual in a release build); above it the state is not refined.
let refinementBudget = 3e8

/// Result of `refineDoubleDouble`: V and d as unevaluated sums hi + lo.
struct DoubleDoubleSteadyState {
  var covariance: (hi: Matrix<Double>, lo: Matrix<Double>)
  var mean: (hi: [Double], lo: [Double])
  /// ‖A V + V Aᵀ + D‖_F / ‖D‖_F in double-double arithmetic with the exact A and D (nil: not refined).
  var relativeResidual: Double?
  var steps: Int
}

/// The stopping rule of both double-double refinements (`refineDoubleDouble`, `refineComplexDoubleDouble`): at most three
/// steps while ‖R‖ > `bound` and finite; a step is kept only if it lowers ‖R‖ (an ill-conditioned drift keeps the better
/// iterate), and a further step is taken only if the residual fell tenfold.
func iterateRefinement<State, Residual>(state: State, residual: Residual, norm: (Residual) -> Double, bound: Double,
                                        step: (State, Residual) throws -> (State, Residual)) rethrows -> (State, Residual, Int) {
  var s = state, r = residual, steps = 0
  while steps < 3, norm(r) > bound, norm(r).isFinite {
    let (next, rc) = try step(s, r)
    guard norm(rc) < norm(r) else { break }
    let fell = norm(rc) < 0.1 * norm(r)
    s = next; r = rc; steps += 1
    if !fell { break }
  }
  return (s, r, steps)
}

/// Iterative refinement of the steady state in double-double arithmetic.
///
/// Why: a heat current Q̇_α = Tr[G A_α V] + ½Tr[G D_α] is the difference of two gross bath terms of size
/// Q_gross ~ γ ω (n̄ + ½), while the net current can be 10⁻¹³ Q_gross (paper 004's wire at k = 10⁻⁵). A V
/// stored in doubles carries an absolute error ~ 2⁻⁵³ κ(A) |V|, so the current inherits an error ~ 10⁻¹⁶ Q_gross
/// — per cent of the current there. Two facts make this curable: (i) Σ_α Q̇_α = ½Tr[G (A V + V Aᵀ + D)]
/// exactly when A = ΩG + Σ_α A_α and D = Σ_α D_α are the exact sums of the parts the currents use (Tr[G ΩG V] = 0:
/// GΩG is antisymmetric), so the first law closes to the Lyapunov residual projected on G; (ii) the currents
/// are insensitive to relative perturbations of the parts (those act like shifts of temperature or rate, so
/// they change Q̇ by O(ε) Q̇), but not to errors of V of size ε Q_gross. Hence:
///   R_k = A (V_k) + (V_k) Aᵀ + D evaluated in double-double from the parts (TwoProd/TwoSum; A = ΩG + Σ_α A_α
///         summed exactly, so the rounding of the assembled drift does not enter),
///   A C_k + C_k Aᵀ + R_k = 0 solved in double with the same factorisation, V_{k+1} = V_k + C_k kept as hi + lo,
/// i.e. a Lyapunov equation for the deviation V − V_k whose source R_k is small. One step gives V to
/// ~ (κ 2⁻⁵³)² relative; a second is taken while the residual still falls tenfold and is above 10⁻²⁸ ‖D‖.
/// The mean d (A d + b = 0) is refined the same way. The currents are then evaluated in double-double from
/// hi + lo (`GaussianSteadyState.thermodynamics`), which removes the cancellation: the first law closes to
/// ~10⁻³⁰ Q_gross instead of 10⁻¹⁶ Q_gross. Reference: Wilkinson's iterative refinement with a
/// higher-precision residual (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Ch. 12),
/// applied to the Lyapunov operator; double-double arithmetic: `DoubleDouble`.
func refineDoubleDouble(_ eq: MasterEquation, _ dyn: GaussianDynamics, covariance v0: Matrix<Double>, blocks: [[Int]],
                        blockSolve: [(Matrix<Double>) throws -> Matrix<Double>],
                        mean d0: [Double], meanSolve: (([Double]) throws -> [Double])?) throws -> DoubleDoubleSteadyState {
  var clock = StageClock("refinement")
  let n2 = v0.rows
  // Exact A = ΩG + Σ_α A_α and D = Σ_α D_α as dyn.drift + aLow, dyn.diffusion + dLow.
  let g = eq.hamiltonian.matrix
  func lowPart(_ assembled: Matrix<Double>, _ parts: [RealSparseMatrix], omegaG: Bool) -> Matrix<Double> {
    // Σ parts in double-double, entry by entry in the parts' order (ΩG first), minus the assembled doubles.
    var hi = [Double](repeating: 0, count: n2 * n2), lo = hi
    if omegaG { for j in 0..<n2 { for i in 0..<n2 { hi[i + j * n2] = i & 1 == 0 ? g[i + 1, j] : -g[i - 1, j] } } }
    for p in parts {
      p.forEachNonZero { i, j, x in
        var s = DoubleDouble(hi: hi[i + j * n2], lo: lo[i + j * n2])
        s += x
        hi[i + j * n2] = s.hi; lo[i + j * n2] = s.lo
      }
    }
    var low = Matrix<Double>(rows: n2, columns: n2)
    for j in 0..<n2 { for i in 0..<n2 { low[i, j] = (hi[i + j * n2] - assembled[i, j]) + lo[i + j * n2] } }
    return low
  }
  let aLow = lowPart(dyn.drift, dyn.perDissipator.map(\.sparseDrift), omegaG: true)
  let dLow = lowPart(dyn.diffusion, dyn.perDissipator.map(\.sparseDiffusion), omegaG: false)
  let dNorm = max(dyn.diffusion.frobeniusNorm, .leastNormalMagnitude)
  clock.mark("exact parts")

  /// R = A V + V Aᵀ + D for each block, with A V accumulated exactly (TwoProd) and the small products
  /// A_lo V_hi + A_hi V_lo in double; returns the blocks of R (rounded) and ‖R‖_F.
  func residual(_ vh: Matrix<Double>, _ vl: Matrix<Double>) -> (blocks: [Matrix<Double>], norm: Double) {
    var out: [Matrix<Double>] = []
    var norm2 = 0.0
    for idx in blocks {
      let m = idx.count
      // One block spanning everything (a local chain): the matrices themselves, no copies.
      func sub(_ x: Matrix<Double>) -> Matrix<Double> { m == n2 ? x : x.submatrix(rowIndices: idx, columnIndices: idx) }
      let ah = sub(dyn.drift), al = sub(aLow), vhb = sub(vh), vlb = sub(vl)
      var cols = [[(Int, Double)]](repeating: [], count: m), lowCols = cols
      for k in 0..<m { for i in 0..<m {
        if ah[i, k] != 0 { cols[k].append((i, ah[i, k])) }
        if al[i, k] != 0 { lowCols[k].append((i, al[i, k])) }
      } }
      var mh = [Double](repeating: 0, count: m * m), ml = mh
      for j in 0..<m { for k in 0..<m {
        let vkj = vhb[k, j], wkj = vlb[k, j]
        for (i, aik) in cols[k] {
          let p = DoubleDouble.product(aik, vkj)
          let s = DoubleDouble.twoSum(mh[i + j * m], p.hi)
          mh[i + j * m] = s.hi
          ml[i + j * m] += s.lo + p.lo + aik * wkj
        }
        for (i, aik) in lowCols[k] { ml[i + j * m] += aik * vkj }
      } }
      var r = Matrix<Double>(rows: m, columns: m)
      for j in 0..<m { for i in j..<m {
        var s = DoubleDouble.twoSum(mh[i + j * m], mh[j + i * m])
        s += dyn.diffusion[idx[i], idx[j]]
        let x = s.hi + (s.lo + ml[i + j * m] + ml[j + i * m] + dLow[idx[i], idx[j]])
        r[i, j] = x; r[j, i] = x
        norm2 += (i == j ? 1 : 2) * x * x
      } }
      out.append(r)
    }
    return (out, norm2.squareRoot())
  }

  var vh = v0, vl = Matrix<Double>(rows: n2, columns: n2)
  // Cost of one residual: Σ_blocks nnz(A_b)·m_b double-double operations. Dense drifts of large blocks (a
  // Redfield equation of hundreds of modes) are not refined: the currents then keep the ~10⁻¹⁶ Q_gross
  // resolution of the plain solve, and `refinedResidual` is nil.
  let cost = blocks.reduce(0.0) { acc, idx in
    acc + Double(idx.count) * Double(idx.reduce(0) { c, j in c + idx.reduce(0) { $0 + (dyn.drift[$1, j] != 0 ? 1 : 0) } })
  }
  var r = cost <= refinementBudget ? residual(vh, vl) : (blocks: [], norm: Double.nan)
  clock.mark("residual 0: \(r.norm / dNorm)")
  var steps = 0
  ((vh, vl), r, steps) = try iterateRefinement(state: (vh, vl), residual: r, norm: { $0.norm }, bound: 1e-28 * dNorm) { state, r in
    var (ch, cl) = state
    for (b, idx) in blocks.enumerated() {
      let c = try blockSolve[b](r.blocks[b])
      clock.mark("correction solve")
      for (jj, j) in idx.enumerated() { for (ii, i) in idx.enumerated() {
        let s = DoubleDouble.twoSum(ch[i, j], cl[i, j] + c[ii, jj])
        ch[i, j] = s.hi; cl[i, j] = s.lo
      } }
    }
    let rc = residual(ch, cl)
    clock.mark("residual: \(rc.norm / dNorm)")
    return ((ch, cl), rc)
  }

  // Mean: A d + b = 0, same scheme (b = Ω c is exact).
  var dh = d0, dl = [Double](repeating: 0, count: n2)
  if let solve = meanSolve {
    func meanResidual() -> [Double] {
      let small = aLow * dh, lowPart = dyn.drift * dl
      return (0..<n2).map { i in
        var s = DoubleDouble(dyn.driftOffset[i])
        for k in 0..<n2 where dyn.drift[i, k] != 0 { s += DoubleDouble.product(dyn.drift[i, k], dh[k]) }
        return s.hi + (s.lo + small[i] + lowPart[i])
      }
    }
    for _ in 0..<2 {
      let res = meanResidual()
      let delta = try solve(res.map { -$0 })
      for i in 0..<n2 { let s = DoubleDouble.twoSum(dh[i], dl[i] + delta[i]); dh[i] = s.hi; dl[i] = s.lo }
    }
  }
  return DoubleDoubleSteadyState(covariance: (vh, vl), mean: (dh, dl), relativeResidual: r.norm.isNaN ? nil : r.norm / dNorm, steps: steps)
}
