import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation
import Numerics

/// A time-dependent Fock-space generator (docs/time-evolution.md, "Time-dependent generators"):
///
///   dρ/dt = −i[H(t), ρ] + Σ_k s_k(t) D[L_k]ρ,   H(t) = H₀ + Σ_j f_j(t) H_j,
///
/// with H₀ and the jumps L_k (rate included) of `equation` (a Lindblad equation: Redfield terms, whose dissipator is
/// built from H's eigenbasis, are refused), time functions f_j for the Hamiltonian terms H_j (e.g. a modulated coupling
/// or drive amplitude), and rate factors s_k(t) for dissipators whose rates follow a bath temperature T(t)
/// (s_k(t) = γ_k(T(t))/γ_k, the equation's rate γ_k at the reference temperature). The dissipators themselves stay those
/// of `equation`: the choice of the local equation, whose jump operators do not depend on the modulated couplings.
public struct FockDrive: Sendable {
  public var terms: [(function: TimeFunction, operator: SparseMatrix, name: String)]
  public var rateFactors: [(dissipator: Int, factor: @Sendable (Double) -> Double)]
  /// Times where some f_j, f_j′ or s_k is discontinuous (the integrator restarts there).
  public var breakpoints: [Double]
  public init(terms: [(function: TimeFunction, operator: SparseMatrix, name: String)] = [],
              rateFactors: [(dissipator: Int, factor: @Sendable (Double) -> Double)] = [], breakpoints: [Double] = []) {
    self.terms = terms; self.rateFactors = rateFactors
    self.breakpoints = Array(Set(breakpoints + terms.flatMap(\.function.breakpoints))).sorted()
  }
}

/// Counters of the adaptive integration (CVODE) of a time-dependent generator.
public struct ODEReport: Sendable, Equatable {
  public var solver = "CVODE"
  public var linearSolver = ""
  public var relativeTolerance = 0.0, absoluteTolerance = 0.0
  public var steps = 0, rightHandSideEvaluations = 0, linearIterations = 0, errorTestFailures = 0, restarts = 0
  public init() {}
  mutating func add(_ s: CVODEIntegrator.Statistics) {
    steps += s.steps; rightHandSideEvaluations += s.rightHandSideEvaluations; linearIterations += linearSolver.hasPrefix("none") ? 0 : s.linearIterations
    errorTestFailures += s.errorTestFailures
  }
}

/// ρ(t) under a time-dependent generator (`FockDrive` on a `FockMasterEquation`) by SUNDIALS CVODE (BDF, Newton; the
/// sparse direct solver KLU on the exact real Jacobian, assembled from the Liouvillian's pieces, up to
/// `sparseDirectLimit` unknowns, else matrix-free GMRES with the sparse Liouvillian action as Jv). The heat, the local heat, the drive work and the entropy flow are integrated alongside ρ as extra
/// components of the same ODE (under CVODE's error control):
///   Q̇_α = Σ_{k∈α} s_k(t) Tr{𝒟_k†(H(t)) ρ},   Q̇_α^local = Σ_{k∈α} s_k(t) Tr{𝒟_k†(H_α^local) ρ},
///   Ẇ_drive = Tr{∂_tH ρ} = Σ_j f_j′(t) Tr{H_j ρ}        (plus an impulse Δf_j Tr{H_j ρ} at each jump of a step table),
/// so that d⟨H(t)⟩/dt = Σ_α Q̇_α + Ẇ_drive (first law with a time-dependent Hamiltonian; Alicki 1979). Reported work
/// rate Ẇ = Ẇ_drive + Σ_α (Q̇_α − Q̇_α^local) (the local equation's boundary work, paper 003, Eq. 43, as for
/// time-independent generators), so d⟨H⟩/dt = Σ_α Q̇_α^local + Ẇ as well.
public struct DrivenFockEvolution: Sendable {
  public let equation: FockMasterEquation
  public let drive: FockDrive
  /// Bath temperatures as functions of time (entropy flow ∫Q̇^local/T(t); baths without one get none).
  public let temperatures: [String: TimeFunction]
  public let countingHamiltonians: [String: SparseMatrix]
  /// Up to this many real unknowns BDF's Newton systems use KLU with the exact sparse Jacobian (lab frame); above,
  /// GMRES in the rotating frame. Measured on the driven example (BENCHMARKS.md): KLU in the lab frame is 7.5× faster
  /// than the dense LU it replaced at 288 unknowns, but GMRES in the rotating frame is 6.5× faster than KLU at 1,152
  /// and 22× at 2,592 unknowns (the lab frame's free phases cost BDF steps, and KLU's refactorisations grow with d).
  public static let sparseDirectLimit = 600

  public init(equation: FockMasterEquation, drive: FockDrive, temperatures: [String: TimeFunction] = [:],
              countingHamiltonians: [String: SparseMatrix] = [:]) throws {
    guard equation.redfieldTerms.isEmpty || (drive.terms.isEmpty && drive.rateFactors.isEmpty) else {
      throw DynamicsError.invalidParameter(name: "time-dependent parameters with the \(equation.name) equation", value: "Bloch–Redfield terms",
                                           allowed: "a Lindblad equation (the local equation): a Redfield dissipator is built on the eigenbasis of H and would change with H(t)")
    }
    for t in drive.terms {
      if let p = t.function.problem { throw DynamicsError.invalidParameter(name: "time function of \(t.name)", value: "\(t.function)", allowed: p) }
      guard t.operator.rows == equation.space.dimension else { throw DynamicsError.invalidParameter(name: "operator of \(t.name)", value: "\(t.operator.rows)×\(t.operator.columns)", allowed: "the space's dimension \(equation.space.dimension)") }
    }
    self.equation = equation; self.drive = drive; self.temperatures = temperatures; self.countingHamiltonians = countingHamiltonians
  }

  /// H(t).
  public func hamiltonian(at t: Double) -> SparseMatrix {
    drive.terms.reduce(equation.hamiltonian) { $0 + $1.function(t) * $1.operator }
  }

  /// Evolves `initial` to `times` (increasing, ≥ 0; ρ given at t = 0) with CVODE at relative tolerance `tolerance`
  /// (absolute `tolerance` × 1e-2 on the entries of ρ, whose scale is ≤ 1). `method`: `.bdf` (stiff: Newton with KLU
  /// or GMRES) or `.adams` (non-stiff: Adams–Moulton with fixed-point iteration, no linear solver — faster for weakly
  /// damped oscillatory models, where BDF's stability region costs steps; the mesolve default).
  /// `rotatingFrame`: integrate ρ̃ = e^{iDt}ρe^{−iDt}, D = diag H₀ (interaction picture; exact), so the free phases
  /// do not bound the step (Adams and GMRES; not with BDF's direct solver, see below). Output is in the lab frame.
  public func evolve(from initial: FockInitialState, times: [Double], observables: [(name: String, operator: SparseMatrix)] = [],
                     tolerance: Double = 1e-8, method: CVODEIntegrator.Method = .bdf, rotatingFrame: Bool = true,
                     progress: ((Int, Int) -> Void)? = nil) throws -> DrivenFockTrajectory {
    let times = try validatedTimes(times)
    guard tolerance >= 1e-13, tolerance < 1e-2 else { throw DynamicsError.invalidParameter(name: "tolerance", value: "\(tolerance)", allowed: "in [1e-13, 1e-2)") }
    let d = equation.space.dimension, m = d * d
    let rho0 = try initial.density(space: equation.space)
    let baths = equation.baths, nb = baths.count
    let dissipators = equation.dissipators
    let modulated = Dictionary(drive.rateFactors.map { ($0.dissipator, $0.factor) }, uniquingKeysWith: { a, _ in a })
    // Liouvillian pieces (full space, column stacking): static part, one per Hamiltonian term, one per modulated dissipator.
    let full = FockSector.full(dimension: d)
    var kStatic = equation.hamiltonian
    var staticPairs: [(SparseMatrix, SparseMatrix)] = []
    for (i, k) in dissipators.enumerated() where modulated[i] == nil {
      kStatic = kStatic + Complex(0, -0.5) * (k.jump.adjoint * k.jump); staticPairs.append((k.jump, k.jump))
    }
    let lStatic = FockLiouvillian.assemble(effectiveHamiltonian: kStatic, pairs: staticPairs, sector: full)
    let lTerms = drive.terms.map { FockLiouvillian.assemble(effectiveHamiltonian: $0.operator, pairs: [], sector: full) }
    let lRates = drive.rateFactors.map { r -> SparseMatrix in
      let l = dissipators[r.dissipator].jump
      return FockLiouvillian.assemble(effectiveHamiltonian: Complex(0, -0.5) * (l.adjoint * l), pairs: [(l, l)], sector: full)
    }
    // Heat functionals: 𝒟_k†(X) per dissipator for X = H₀, each H_j, and the local counting Hamiltonian.
    func adjointDissipators(_ x: SparseMatrix) -> [SparseMatrix] {
      FockHeatReport.heatOperators(equation: equation, countingHamiltonians: Dictionary(baths.map { ($0, x) }, uniquingKeysWith: { a, _ in a })).map(\.operator)
    }
    let ops0 = adjointDissipators(equation.hamiltonian)
    let opsJ = drive.terms.map { adjointDissipators($0.operator) }
    let opsLocal = FockHeatReport.heatOperators(equation: equation, countingHamiltonians: countingHamiltonians).map(\.operator)
    let bathOf = dissipators.map { baths.firstIndex(of: $0.bath)! }
    let tempFns = baths.map { temperatures[$0] }
    let withEntropy = tempFns.allSatisfy { ($0?.range.lowerBound ?? 0) > 0 } && d <= FockEvolution.spectralDimension
    /// Tr{O ρ} = Σ_ij O_ij ρ_ji as a functional on vec ρ: entries (index of ρ_ji in vec ρ, O_ij).
    func functional(_ o: SparseMatrix) -> [(Int, Complex<Double>)] {
      o.triplets.filter { $0.value != .zero }.map { ($0.column + $0.row * d, $0.value) }
    }
    let f0 = ops0.map(functional), fJ = opsJ.map { $0.map(functional) }, fLocal = opsLocal.map(functional)
    let fH = drive.terms.map { functional($0.operator) }
    func apply(_ f: [(Int, Complex<Double>)], _ x: UnsafePointer<Complex<Double>>) -> Double {
      var s = 0.0
      for (i, v) in f { s += v.real * x[i].real - v.imaginary * x[i].imaginary }
      return s
    }
    func factor(_ k: Int, _ t: Double) -> Double { modulated[k].map { $0(t) } ?? 1 }
    // Extra components: Q_α (nb), Q_α^local (nb), W_drive (1), entropy flow ∫Q̇^local/T (nb, when defined).
    let extra = 2 * nb + 1 + (withEntropy ? nb : 0)
    let n = 2 * m + extra
    /// 𝓛(t)x into `out` (zeroed here; `staticPart` is 𝓛_static or its rotating-frame version) and the integrands of
    /// the extra components into `q`, all from the lab-frame ρ = x.
    func generator(_ t: Double, _ x: UnsafePointer<Complex<Double>>, _ out: UnsafeMutablePointer<Complex<Double>>,
                   _ q: UnsafeMutablePointer<Double>, staticPart: SparseMatrix) {
      for i in 0..<m { out[i] = .zero }
      staticPart.multiplyAdd(Complex(1, 0), x, into: out)
      for (j, term) in drive.terms.enumerated() { lTerms[j].multiplyAdd(Complex(term.function(t), 0), x, into: out) }
      for (r, rf) in drive.rateFactors.enumerated() { lRates[r].multiplyAdd(Complex(rf.factor(t), 0), x, into: out) }
      for i in 0..<extra { q[i] = 0 }
      let fs = drive.terms.map { $0.function(t) }
      for k in dissipators.indices {
        let s = factor(k, t), b = bathOf[k]
        var h = apply(f0[k], x)
        for j in fs.indices where fs[j] != 0 { h += fs[j] * apply(fJ[j][k], x) }
        q[b] += s * h
        let local = s * apply(fLocal[k], x)
        q[nb + b] += local
        if withEntropy { q[2 * nb + 1 + b] += local / tempFns[b]!(t) }
      }
      for (j, term) in drive.terms.enumerated() {
        let df = term.function.derivative(t)
        if df != 0 { q[2 * nb] += df * apply(fH[j], x) }
      }
    }
    /// The lab-frame right-hand side (d/dt of ρ and of the extra components).
    let labRHS: CVODEIntegrator.RightHandSide = { t, y, ydot in
      y.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
        ydot.withMemoryRebound(to: Complex<Double>.self, capacity: m) { out in generator(t, x, out, ydot + 2 * m, staticPart: lStatic) }
      }
    }
    // The ODE is integrated in the frame rotating with the diagonal of the static H (interaction picture,
    // ρ̃_ij = e^{iω_ij t} ρ_ij, ω_ij = E_i − E_j, E_i = Re H_ii): dρ̃/dt = P(t)(𝓛(t) − 𝓛_E)P(t)*ρ̃ with P = diag e^{iω_ij t} and
    // 𝓛_E = −i[diag E, ·] removed from the static part. The free phases e^{−iω_ij t} of the coherences (|ω_ij| up to the
    // spectral width of H) no longer limit the step: Adams' fixed-point iteration and stability need h‖J‖ ≲ 1, and
    // ‖J‖ drops from ~max|ω_ij| to the couplings, drives and rates. Exact (a change of variables), for any H. Not with
    // BDF's direct solver: its Jacobian is assembled in the lab frame from the fixed pieces (in the frame every entry
    // would carry a time-dependent phase), and a direct solve does not care about ‖J‖.
    let direct = method == .bdf && n <= Self.sparseDirectLimit
    let frame = rotatingFrame && !direct
    let phases = UnsafeMutablePointer<Complex<Double>>.allocate(capacity: m), labState = UnsafeMutablePointer<Complex<Double>>.allocate(capacity: m)
    let unit = UnsafeMutablePointer<Complex<Double>>.allocate(capacity: d)
    defer { phases.deallocate(); labState.deallocate(); unit.deallocate() }
    var energies = [Double](repeating: 0, count: d)
    for t in equation.hamiltonian.triplets where t.row == t.column { energies[t.row] += t.value.real }
    let lStaticFrame = frame ? lStatic - SparseMatrix.diagonal((0..<m).map { Complex(0, -(energies[$0 % d] - energies[$0 / d])) }) : lStatic
    /// P(t): phases[i + j d] = e^{i(E_i − E_j)t}.
    func setPhases(_ t: Double) {
      for i in 0..<d { unit[i] = Complex(Foundation.cos(energies[i] * t), Foundation.sin(energies[i] * t)) }
      for j in 0..<d { let cj = unit[j].conjugate; for i in 0..<d { phases[i + j * d] = unit[i] * cj } }
    }
    let rhs: CVODEIntegrator.RightHandSide = frame ? { t, y, ydot in
      setPhases(t)
      y.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
        for c in 0..<m { labState[c] = phases[c].conjugate * x[c] }
      }
      ydot.withMemoryRebound(to: Complex<Double>.self, capacity: m) { out in
        generator(t, UnsafePointer(labState), out, ydot + 2 * m, staticPart: lStaticFrame)
        for c in 0..<m { out[c] = phases[c] * out[c] }
      }
    } : labRHS
    /// The ODE state (frame) → the lab-frame state (ρ rotated back; the extra components unchanged), and back.
    func toLab(_ y: [Double], _ t: Double) -> [Double] {
      guard frame else { return y }
      setPhases(t)
      var r = y
      for c in 0..<m {
        let z = phases[c].conjugate * Complex(y[2 * c], y[2 * c + 1])
        r[2 * c] = z.real; r[2 * c + 1] = z.imaginary
      }
      return r
    }
    var y0 = [Double](repeating: 0, count: n)
    rho0.elements.withUnsafeBufferPointer { e in for i in 0..<m { y0[2 * i] = e[i].real; y0[2 * i + 1] = e[i].imaginary } }
    let linear: CVODEIntegrator.LinearSolver
    var report = ODEReport()
    report.relativeTolerance = tolerance; report.absoluteTolerance = tolerance * 1e-2
    report.solver = method == .bdf ? "CVODE BDF (Newton)" : "CVODE Adams (fixed-point iteration)"
    if method == .adams {
      report.linearSolver = "none (fixed-point iteration)"
      linear = .fixedPoint(acceleration: 0)
    } else if direct {
      report.linearSolver = "sparse LU (KLU, exact Jacobian)"
      // J(t) = Σ_p c_p(t) J_p from the Liouvillian's pieces and the extra components' functionals (the rows of
      // `generator`, in the same order): static 𝓛, f_j(t)𝓛_j, s_k(t)𝓓_k; heat rows s_k(𝒟_k†(H₀) + Σ_j f_j 𝒟_k†(H_j)),
      // local-heat rows s_k 𝒟_k†(H_loc), the drive-work row Σ_j f_j′ H_j, entropy-flow rows s_k 𝒟_k†(H_loc)/T(t).
      var builder = AffineSparseJacobian.Builder(dimension: n)
      var coefficients: [(Double) -> Double] = []
      func piece(_ c: @escaping (Double) -> Double) -> Int { coefficients.append(c); return builder.newPiece() }
      builder.addComplex(lStatic, to: piece { _ in 1 })
      for (j, term) in drive.terms.enumerated() { builder.addComplex(lTerms[j], to: piece { term.function($0) }) }
      for (r, rf) in drive.rateFactors.enumerated() { builder.addComplex(lRates[r], to: piece { rf.factor($0) }) }
      for k in dissipators.indices {
        let b = bathOf[k]
        builder.addFunctional(f0[k], row: 2 * m + b, to: piece { factor(k, $0) })
        for (j, term) in drive.terms.enumerated() {
          builder.addFunctional(fJ[j][k], row: 2 * m + b, to: piece { factor(k, $0) * term.function($0) })
        }
        builder.addFunctional(fLocal[k], row: 2 * m + nb + b, to: piece { factor(k, $0) })
        if withEntropy, let temperature = tempFns[b] {
          builder.addFunctional(fLocal[k], row: 2 * m + 2 * nb + 1 + b, to: piece { factor(k, $0) / temperature($0) })
        }
      }
      for (j, term) in drive.terms.enumerated() { builder.addFunctional(fH[j], row: 2 * m + 2 * nb, to: piece { term.function.derivative($0) }) }
      let jacobian = builder.build()
      let coefficientFunctions = coefficients
      func fill(_ t: Double, _ values: UnsafeMutablePointer<Double>) {
        jacobian.fill(coefficients: coefficientFunctions.map { $0(t) }, into: values)
      }
      // Checked once, at two times, against the right-hand side's columns (n ≤ `sparseDirectLimit` keeps this cheap).
      try checkJacobian(jacobian, fill: fill, rhs: labRHS, times: [0, 0.618 * (times.last ?? 1)])
      linear = .sparse(columnStarts: jacobian.columnStarts, rowIndices: jacobian.rowIndices) { t, _, values in fill(t, values) }
    } else {
      report.linearSolver = "GMRES (SPGMR, matrix-free Liouvillian action)"
      linear = .gmres(jacobianTimes: { t, _, v, jv in rhs(t, v, jv) }, krylovDimension: 30)
    }
    let solver = try CVODEIntegrator(initialTime: 0, state: y0, relativeTolerance: tolerance, absoluteTolerance: tolerance * 1e-2,
                                     linearSolver: linear, method: method, rightHandSide: rhs)
    // Breakpoints (restarts) and step jumps (impulsive work).
    let jumps = drive.terms.enumerated().flatMap { j, term in term.function.jumps.map { (time: $0.time, term: j, size: $0.size) } }
    let breaks = drive.breakpoints.filter { $0 > 0 }
    var impulsiveWork = 0.0
    var y = y0
    var traj = DrivenFockTrajectory(columns: HeatColumns(times: times, bathNames: baths), observableNames: observables.map(\.name),
                                    observables: Array(repeating: [], count: observables.count), finalDensity: rho0)
    var minEigs: [Double] = [], sigma: [Double] = []
    let spectral = d <= FockEvolution.spectralDimension
    var s0 = 0.0
    var lastGross = 0.0, integratedGross = 0.0, previous = 0.0
    func density(_ y: [Double]) -> Matrix<Complex<Double>> {
      var r = Matrix<Complex<Double>>(rows: d, columns: d)
      r.elements.withUnsafeMutableBufferPointer { o in for i in 0..<m { o[i] = Complex(y[2 * i], y[2 * i + 1]) } }
      return r
    }
    var energy0 = 0.0
    for (kt, t) in times.enumerated() {
      // Integrate piecewise between breakpoints; add the impulsive work of step jumps crossed.
      while solver.time < t {
        let next = breaks.first { $0 > solver.time && $0 <= t }
        let target = next ?? t
        y = try solver.advance(to: target, stopAt: target)
        if let b = next {
          let yl = toLab(y, b)
          for jmp in jumps where jmp.time == b {
            yl.withUnsafeBufferPointer { yb in yb.baseAddress!.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
              impulsiveWork += jmp.size * apply(fH[jmp.term], x)
            } }
          }
          report.add(solver.statistics); report.restarts += 1
          try solver.reinitialize(time: b, state: y)
        }
      }
      let yl = toLab(y, t)
      let rho = density(yl)
      guard rho.isFinite else { throw DynamicsError.failed("ρ(t = \(t)) is not finite") }
      let ht = hamiltonian(at: t)
      // Rates at t from ρ(t).
      var ydot = [Double](repeating: 0, count: n)
      yl.withUnsafeBufferPointer { yb in ydot.withUnsafeMutableBufferPointer { db in labRHS(t, yb.baseAddress!, db.baseAddress!) } }
      let q = Array(ydot[(2 * m)..<(2 * m + nb)]), qc = Array(ydot[(2 * m + nb)..<(2 * m + 2 * nb)])
      let wDrive = ydot[2 * m + 2 * nb]
      let qi = Array(yl[(2 * m)..<(2 * m + nb)]), qci = Array(yl[(2 * m + nb)..<(2 * m + 2 * nb)])
      let wi = yl[2 * m + 2 * nb] + impulsiveWork
      let e = ht.trace(times: rho).real
      if kt == 0 { energy0 = e }
      // d⟨H⟩/dt = Tr{H(t) 𝓛(t)ρ} + Tr{∂_tH ρ}, with 𝓛(t)ρ from the assembled pieces (the ODE's own right-hand side).
      let lrho = density(ydot)
      let eRate = ht.trace(times: lrho).real + wDrive
      var gross = 0.0
      for k in dissipators.indices {
        var hk = 0.0
        yl.withUnsafeBufferPointer { yb in yb.baseAddress!.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
          hk = apply(f0[k], x) + drive.terms.indices.reduce(0.0) { $0 + drive.terms[$1].function(t) * apply(fJ[$1][k], x) }
        } }
        gross += abs(factor(k, t) * hk)
      }
      integratedGross += 0.5 * (gross + (kt == 0 ? gross : lastGross)) * (t - previous)
      lastGross = gross
      let entropy = try traj.record(heat: q, counted: qc, integrated: qi, integratedCounted: qci, driveWorkRate: wDrive, integratedDriveWork: wi,
                                    energy: e, energyRate: eRate, energy0: energy0, gross: gross + abs(wDrive), integratedGross: integratedGross + abs(wi),
                                    state: rho, first: kt == 0, observables: observables, spectral: spectral, minimumEigenvalues: &minEigs)
      if withEntropy, let s = entropy {
        if kt == 0 { s0 = s }
        sigma.append(s - s0 - (0..<nb).reduce(0.0) { $0 + yl[2 * m + 2 * nb + 1 + $1] })
      }
      previous = t
      progress?(kt + 1, times.count)
    }
    report.add(solver.statistics)
    traj.ode = report
    if spectral { traj.minimumEigenvalue = minEigs }
    if withEntropy { traj.entropyProduction = sigma }
    return traj
  }

}

extension DrivenFockEvolution {
  /// Checks the assembled Jacobian against the right-hand side: the ODE is linear and homogeneous, so column c of J(t)
  /// is f(t, e_c) exactly; a difference above round-off (1e-12 of the largest entry) is an internal error (the pieces
  /// and `generator` disagree), thrown rather than integrated with a wrong Newton matrix.
  func checkJacobian(_ jacobian: AffineSparseJacobian, fill: (Double, UnsafeMutablePointer<Double>) -> Void,
                     rhs: CVODEIntegrator.RightHandSide, times: [Double]) throws {
    let n = jacobian.dimension
    var values = [Double](repeating: 0, count: jacobian.rowIndices.count)
    var e = [Double](repeating: 0, count: n), column = [Double](repeating: 0, count: n), dense = [Double](repeating: 0, count: n)
    for t in times {
      for k in values.indices { values[k] = 0 }
      values.withUnsafeMutableBufferPointer { fill(t, $0.baseAddress!) }
      let scale = max(values.map(abs).max() ?? 0, .leastNormalMagnitude)
      var worst = 0.0
      for c in 0..<n {
        e[c] = 1
        e.withUnsafeBufferPointer { eb in column.withUnsafeMutableBufferPointer { rhs(t, eb.baseAddress!, $0.baseAddress!) } }
        e[c] = 0
        for i in 0..<n { dense[i] = 0 }
        for k in jacobian.columnStarts[c]..<jacobian.columnStarts[c + 1] { dense[jacobian.rowIndices[k]] = values[k] }
        for i in 0..<n { worst = max(worst, abs(dense[i] - column[i])) }
      }
      guard worst <= 1e-12 * scale else {
        throw DynamicsError.failed("internal: the assembled Jacobian differs from the right-hand side by \(worst) (scale \(scale)) at t = \(t)")
      }
    }
  }
}

/// Heat, work, energy and state checks along a time-dependent Fock evolution (`DrivenFockEvolution`).
@dynamicMemberLookup
public struct DrivenFockTrajectory: Sendable {
  public internal(set) var columns: HeatColumns
  public subscript<T>(dynamicMember key: KeyPath<HeatColumns, T>) -> T { columns[keyPath: key] }
  public let observableNames: [String]
  public internal(set) var observables: [[Double]]
  public internal(set) var traceError: [Double] = []
  public internal(set) var hermiticityError: [Double] = []
  public internal(set) var minimumEigenvalue: [Double]?
  /// Σ(t) = S(t) − S(0) − Σ_α ∫₀ᵗ Q̇_α^local/T_α(t′) dt′ (reported, not enforced: with a time-dependent H the local
  /// dissipators are not in detailed balance with H(t)); nil when a bath has no temperature or reaches T = 0.
  public internal(set) var entropyProduction: [Double]?
  public internal(set) var ode = ODEReport()
  /// max |ρ(t_k) − ρ(t_{k−1})| (entries; 0 at k = 0): per period in a stroboscopic run.
  public internal(set) var stateChange: [Double] = []
  /// Ẇ_drive(t) = Tr{∂_tH ρ(t)} and W_drive(t) = ∫₀ᵗ Ẇ_drive (impulses of step tables included); part of `workRate`.
  public internal(set) var driveWorkRate: [Double] = []
  public internal(set) var integratedDriveWork: [Double] = []
  public internal(set) var finalDensity: Matrix<Complex<Double>>

  init(columns: HeatColumns, observableNames: [String], observables: [[Double]], finalDensity: Matrix<Complex<Double>>) {
    self.columns = columns; self.observableNames = observableNames; self.observables = observables; self.finalDensity = finalDensity
  }
}

extension DrivenFockTrajectory {
  /// Records one output time: the heat and work columns (`HeatColumns.appendDriven`), the drive work, the state checks
  /// of ρ (`FockStateSample`; the smallest eigenvalue into `minimumEigenvalues`) and the state change; returns S(ρ)
  /// when `spectral`.
  mutating func record(heat q: [Double], counted qc: [Double], integrated qi: [Double], integratedCounted qci: [Double],
                       driveWorkRate wd: Double, integratedDriveWork wi: Double, energy e: Double, energyRate eRate: Double,
                       energy0: Double, gross: Double, integratedGross: Double, state rho: Matrix<Complex<Double>>, first: Bool,
                       observables: [(name: String, operator: SparseMatrix)], spectral: Bool, minimumEigenvalues: inout [Double]) throws -> Double? {
    columns.appendDriven(heat: q, counted: qc, integrated: qi, integratedCounted: qci, driveWorkRate: wd, integratedDriveWork: wi,
                         energy: e, energyRate: eRate, energy0: energy0, gross: gross, integratedGross: integratedGross)
    driveWorkRate.append(wd); integratedDriveWork.append(wi)
    let sample = try FockStateSample(rho, observables: observables, spectral: spectral)
    sample.record(observables: &self.observables, traceError: &traceError, hermiticityError: &hermiticityError, minimumEigenvalue: &minimumEigenvalues)
    stateChange.append(first ? 0 : (rho - finalDensity).maxAbs)
    finalDensity = rho
    return sample.entropy
  }
}

extension HeatColumns {
  /// Appends one time of a driven evolution: the work rate is Ẇ_drive + Σ_α(Q̇_α − Q̇_α^local), and the first-law
  /// residuals compare d⟨H⟩/dt with Σ_α Q̇_α + Ẇ_drive (rates) and ⟨H(t)⟩(t) − ⟨H(0)⟩(0) with Σ_α Q_α + W_drive
  /// (integrals carried by the ODE). `gross`, `integratedGross`: the scales of the two residuals.
  mutating func appendDriven(heat q: [Double], counted qc: [Double], integrated qi: [Double], integratedCounted qci: [Double],
                             driveWorkRate wd: Double, integratedDriveWork wdi: Double, energy e: Double, energyRate eRate: Double,
                             energy0: Double, gross: Double, integratedGross: Double) {
    for b in bathNames.indices {
      heat[b].append(q[b]); countedHeat[b].append(qc[b]); integratedHeat[b].append(qi[b]); integratedCountedHeat[b].append(qci[b])
    }
    let sumQ = q.reduce(0, +), sumI = qi.reduce(0, +)
    workRate.append(wd + sumQ - qc.reduce(0, +)); integratedWork.append(wdi + sumI - qci.reduce(0, +))
    energy.append(e); energyRate.append(eRate)
    firstLawResidual = Swift.max(firstLawResidual, abs(eRate - sumQ - wd) / Swift.max(gross, .leastNormalMagnitude))
    if integratedGross > 0, times.count > 1 {
      integratedFirstLawResidual = Swift.max(integratedFirstLawResidual, abs(e - energy0 - sumI - wdi) / Swift.max(integratedGross, .leastNormalMagnitude))
    }
  }
}

/// The checks of one density matrix along time: ⟨O⟩ of each observable, |Tr ρ − 1|, max|ρ − ρ†| and, when `spectral`
/// (dimension ≤ `FockEvolution.spectralDimension`), the smallest eigenvalue and the entropy S = −Tr ρ ln ρ.
struct FockStateSample {
  let expectations: [Double]
  let traceError: Double, hermiticityError: Double
  let minimumEigenvalue: Double?, entropy: Double?

  init(_ rho: Matrix<Complex<Double>>, observables: [(name: String, operator: SparseMatrix)], spectral: Bool) throws {
    expectations = observables.map { $0.operator.trace(times: rho).real }
    traceError = abs(rho.trace.real - 1) + abs(rho.trace.imaginary)
    hermiticityError = (rho - rho.adjoint).maxAbs
    if spectral {
      let values = try (Complex<Double>(0.5, 0) * (rho + rho.adjoint)).hermitianEigen(vectors: false).values
      minimumEigenvalue = values.min() ?? 0
      entropy = values.reduce(0.0) { $0 - ($1 > 1e-300 ? $1 * Foundation.log($1) : 0) }
    } else { minimumEigenvalue = nil; entropy = nil }
  }

  func record(observables: inout [[Double]], traceError te: inout [Double], hermiticityError he: inout [Double], minimumEigenvalue me: inout [Double]) {
    for o in expectations.indices { observables[o].append(expectations[o]) }
    te.append(traceError); he.append(hermiticityError)
    if let v = minimumEigenvalue { me.append(v) }
  }
}
