import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import Foundation
import Numerics

/// The generator of the adiabatic equation at one time: a Lindblad equation written in the eigenbasis of H(t) (the
/// columns of `basis`, eigenvalues ascending), whose Hamiltonian is diag E(t) (plus a Lamb shift commuting with it) and
/// whose dissipators count heat with diag E(t) — e.g. `OpenSystem.masterEquation(.global)` of the model at t.
public struct AdiabaticFockGenerator: Sendable {
  public let equation: FockMasterEquation
  public let basis: Matrix<Complex<Double>>
  public init(equation: FockMasterEquation, basis: Matrix<Complex<Double>>) { self.equation = equation; self.basis = basis }
}

/// The adiabatic (instantaneous-eigenbasis) master equation of a Fock model with H(t) = H₀ + Σ_j p_j(t)H_j
/// (docs/time-evolution.md, "Adiabatic master equation (open systems)"; Albash, Boixo, Lidar, Zanardi, New J. Phys. 14,
/// 123016 (2012)): at each time t CVODE asks for, the equation of H(t) with the baths at T_α(t) is rebuilt
/// (`generator`, cached for the last t), and
///
///   dρ/dt = U(t) 𝓛̃(t)[U(t)† ρ U(t)] U(t)†,
///
/// 𝓛̃(t) the generator in the eigenbasis U(t) of H(t) (a global/Davies equation: −i[E(t), ·] + Σ_ω γ_α(ω, T_α(t))D[A_α(ω, t)],
/// with each transition's own rate, docs/conventions.md). ρ is integrated in the lab (product) basis, so the
/// arbitrary phases and the order of degenerate eigenvectors U(t) do not matter (a Davies generator is a function of
/// H(t)'s spectral projections). The ODE is linear in ρ, and the extra components are linear functionals of ρ:
///   Q̇_α = Tr{H(t) 𝓓_α(t)ρ}          (Alicki; = Q̇_α^local: each dissipator is in detailed balance with H(t) at T_α(t)),
///   Ẇ_drive = Tr{∂_tH ρ} = Σ_j p_j′(t) Tr{H_j ρ}   (plus ⟨ΔH⟩ at each jump of a step table, impulsive),
///   Ṡ_flow = Σ_α Q̇_α/T_α(t)         (when every T_α > 0),
/// so BDF's Newton systems use GMRES with J·v = f(t, v) (exact), Adams fixed-point iteration needs none. First law:
/// d⟨H(t)⟩/dt = Σ_α Q̇_α + Ẇ_drive. Entropy production rate (Spohn, J. Math. Phys. 19, 1227 (1978)): with ρ_α^fix the
/// Gibbs state of H(t) at T_α(t), the fixed point of 𝓓_α(t),
///   σ(t) = Σ_α [−Tr{𝓓_α(t)ρ ln ρ} − Q̇_α/T_α(t)] = −Σ_α Tr{𝓓_α(t)ρ (ln ρ − ln ρ_α^fix)} ≥ 0.
/// Each right-hand side diagonalises H(t) (at a new t) and applies the sparse Davies generator between two dense basis
/// changes: O(d³) per evaluation, so the dimension is limited to `maximumDimension`.
public struct AdiabaticFockEvolution: Sendable {
  /// d above this is refused: each new time diagonalises H(t) and re-derives the equation.
  public static let maximumDimension = 64
  public let space: FockSpace
  /// H₀ and the terms p_j(t)H_j of H(t) (lab basis).
  public let staticHamiltonian: SparseMatrix
  public let terms: [(function: TimeFunction, operator: SparseMatrix, name: String)]
  public let baths: [String]
  /// T_α(t) for the entropy flow (every bath; constants as constant functions).
  public let temperatures: [String: TimeFunction]
  public let breakpoints: [Double]
  public let generator: @Sendable (Double) throws -> AdiabaticFockGenerator

  public init(space: FockSpace, staticHamiltonian: SparseMatrix, terms: [(function: TimeFunction, operator: SparseMatrix, name: String)],
              baths: [String], temperatures: [String: TimeFunction], breakpoints: [Double] = [],
              generator: @escaping @Sendable (Double) throws -> AdiabaticFockGenerator) throws {
    guard space.dimension <= Self.maximumDimension else {
      throw DynamicsError.invalidParameter(name: "Hilbert-space dimension of the adiabatic (instantaneous-eigenbasis) equation", value: "\(space.dimension)",
                                           allowed: "≤ \(Self.maximumDimension) (each right-hand side diagonalises H(t) and rebuilds the equation; use the local equation or fewer levels)")
    }
    for t in terms {
      if let p = t.function.problem { throw DynamicsError.invalidParameter(name: "time function of \(t.name)", value: "\(t.function)", allowed: p) }
    }
    self.space = space; self.staticHamiltonian = staticHamiltonian; self.terms = terms; self.baths = baths; self.temperatures = temperatures
    self.breakpoints = Array(Set(breakpoints + terms.flatMap(\.function.breakpoints) + temperatures.values.flatMap(\.breakpoints))).sorted()
    self.generator = generator
  }

  /// H(t) = H₀ + Σ_j p_j(t)H_j.
  public func hamiltonian(at t: Double) -> SparseMatrix { terms.reduce(staticHamiltonian) { $0 + $1.function(t) * $1.operator } }

  /// ∂_tH = Σ_j p_j′(t)H_j.
  public func hamiltonianRate(at t: Double) -> SparseMatrix {
    let d = space.dimension
    return terms.reduce(SparseMatrix(rows: d, columns: d, triplets: [])) { $0 + $1.function.derivative(t) * $1.operator }
  }

  /// The equation at one time in the form the right-hand side uses.
  final class Instant: @unchecked Sendable {
    let t: Double
    let basis: Matrix<Complex<Double>>, basisAdjoint: Matrix<Complex<Double>>
    /// 𝓛̃(t) (column stacking, eigenbasis) and, per bath, the functional ρ̃ ↦ Tr{diag E · 𝓓̃_α ρ̃} (entries (vec index, value)).
    let liouvillian: SparseMatrix
    let heat: [[(Int, Complex<Double>)]]
    let equation: FockMasterEquation

    init(t: Double, _ g: AdiabaticFockGenerator, baths: [String]) throws {
      let eq = g.equation, d = g.basis.rows
      guard eq.redfieldTerms.isEmpty else {
        throw DynamicsError.invalidParameter(name: "the adiabatic \(eq.name) equation", value: "Bloch–Redfield terms", allowed: "a Lindblad (global) equation")
      }
      self.t = t; basis = g.basis; basisAdjoint = g.basis.adjoint
      liouvillian = FockLiouvillian.assemble(eq, sector: .full(dimension: d))
      var perBath = [[(Int, Complex<Double>)]](repeating: [], count: baths.count)
      for (bath, op) in FockHeatReport.heatOperators(equation: eq) {
        guard let b = baths.firstIndex(of: bath) else { continue }
        perBath[b] += AdiabaticFockEvolution.functional(op, d)
      }
      heat = perBath
      equation = eq
    }
  }

  /// Tr{O ρ} = Σ_ij O_ij ρ_ji as a functional on vec ρ (column stacking): entries (index of ρ_ji, O_ij).
  static func functional(_ o: SparseMatrix, _ d: Int) -> [(Int, Complex<Double>)] {
    o.triplets.filter { $0.value != .zero }.map { ($0.column + $0.row * d, $0.value) }
  }

  static func apply(_ f: [(Int, Complex<Double>)], _ x: UnsafePointer<Complex<Double>>) -> Double {
    var s = 0.0
    for (i, v) in f { s += v.real * x[i].real - v.imaginary * x[i].imaginary }
    return s
  }

  /// Evolves `initial` (ρ at t = 0) to `times` with CVODE at relative tolerance `tolerance` (absolute 1e-2 × it):
  /// `.bdf` with GMRES (J·v = f(t, v), the ODE being linear) or `.adams` with fixed-point iteration. Lab frame.
  public func evolve(from initial: FockInitialState, times: [Double], observables: [(name: String, operator: SparseMatrix)] = [],
                     tolerance: Double = 1e-8, method: CVODEIntegrator.Method = .bdf,
                     progress: ((Int, Int) -> Void)? = nil) throws -> AdiabaticFockTrajectory {
    let times = try validatedTimes(times)
    guard tolerance >= 1e-13, tolerance < 1e-2 else { throw DynamicsError.invalidParameter(name: "tolerance", value: "\(tolerance)", allowed: "in [1e-13, 1e-2)") }
    let d = space.dimension, m = d * d, nb = baths.count
    let rho0 = try initial.density(space: space)
    let tempFns = baths.map { temperatures[$0] }
    let withEntropy = tempFns.allSatisfy { ($0?.range.lowerBound ?? 0) > 0 }
    let fH = terms.map { Self.functional($0.operator, d) }
    // Extra components: Q_α (nb), W_drive (1), entropy flow ∫Σ_α Q̇_α/T_α (1, when defined).
    let extra = nb + 1 + (withEntropy ? 1 : 0)
    let n = 2 * m + extra
    final class Cache: @unchecked Sendable { var instant: Instant?; var error: Error? }
    let cache = Cache()
    let gen = generator
    func instant(_ t: Double) throws -> Instant {
      if let i = cache.instant, i.t == t { return i }
      let i = try Instant(t: t, try gen(t), baths: baths)
      cache.instant = i
      return i
    }
    let terms = self.terms
    let rhs: CVODEIntegrator.RightHandSide = { t, y, ydot in
      let inst: Instant
      do { inst = try instant(t) } catch {
        if cache.error == nil { cache.error = error }
        for i in 0..<n { ydot[i] = .nan }
        return
      }
      var rho = Matrix<Complex<Double>>(rows: d, columns: d)
      y.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
        rho.elements.withUnsafeMutableBufferPointer { o in for i in 0..<m { o[i] = x[i] } }
      }
      let tilde = inst.basisAdjoint * rho * inst.basis
      var outTilde = Matrix<Complex<Double>>(rows: d, columns: d)
      tilde.elements.withUnsafeBufferPointer { x in
        outTilde.elements.withUnsafeMutableBufferPointer { o in
          inst.liouvillian.multiplyAdd(Complex(1, 0), x.baseAddress!, into: o.baseAddress!)
          for b in 0..<nb { ydot[2 * m + b] = Self.apply(inst.heat[b], x.baseAddress!) }
        }
      }
      let out = inst.basis * outTilde * inst.basisAdjoint
      ydot.withMemoryRebound(to: Complex<Double>.self, capacity: m) { o in
        out.elements.withUnsafeBufferPointer { e in for i in 0..<m { o[i] = e[i] } }
      }
      var w = 0.0
      y.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
        for (j, term) in terms.enumerated() {
          let df = term.function.derivative(t)
          if df != 0 { w += df * Self.apply(fH[j], x) }
        }
      }
      ydot[2 * m + nb] = w
      if withEntropy {
        var s = 0.0
        for b in 0..<nb { s += ydot[2 * m + b] / tempFns[b]!(t) }
        ydot[2 * m + nb + 1] = s
      }
    }
    var y0 = [Double](repeating: 0, count: n)
    rho0.elements.withUnsafeBufferPointer { e in for i in 0..<m { y0[2 * i] = e[i].real; y0[2 * i + 1] = e[i].imaginary } }
    var report = ODEReport()
    report.relativeTolerance = tolerance; report.absoluteTolerance = tolerance * 1e-2
    let linear: CVODEIntegrator.LinearSolver
    if method == .adams {
      report.solver = "CVODE Adams (fixed-point iteration)"; report.linearSolver = "none (fixed-point iteration)"
      linear = .fixedPoint(acceleration: 0)
    } else {
      report.solver = "CVODE BDF (Newton)"; report.linearSolver = "GMRES (SPGMR, matrix-free adiabatic Liouvillian action)"
      linear = .gmres(jacobianTimes: { t, _, v, jv in rhs(t, v, jv) }, krylovDimension: 30)
    }
    func failure(_ e: Error) -> Error { cache.error ?? e }
    let solver: CVODEIntegrator
    do {
      solver = try CVODEIntegrator(initialTime: 0, state: y0, relativeTolerance: tolerance, absoluteTolerance: tolerance * 1e-2,
                                   linearSolver: linear, method: method, rightHandSide: rhs)
    } catch { throw failure(error) }
    let jumps = terms.enumerated().flatMap { j, term in term.function.jumps.map { (time: $0.time, term: j, size: $0.size) } }
    let breaks = breakpoints.filter { $0 > 0 }
    var impulsiveWork = 0.0
    var y = y0
    var traj = DrivenFockTrajectory(columns: HeatColumns(times: times, bathNames: baths), observableNames: observables.map(\.name),
                                    observables: Array(repeating: [], count: observables.count), finalDensity: rho0)
    var out = AdiabaticFockTrajectory(trajectory: traj)
    var minEigs: [Double] = [], sigma: [Double] = []
    var s0 = 0.0, lastGross = 0.0, integratedGross = 0.0, previous = 0.0, energy0 = 0.0
    func density(_ y: [Double]) -> Matrix<Complex<Double>> {
      var r = Matrix<Complex<Double>>(rows: d, columns: d)
      r.elements.withUnsafeMutableBufferPointer { o in for i in 0..<m { o[i] = Complex(y[2 * i], y[2 * i + 1]) } }
      return r
    }
    for (kt, t) in times.enumerated() {
      do {
        while solver.time < t {
          let next = breaks.first { $0 > solver.time && $0 <= t }
          let target = next ?? t
          y = try solver.advance(to: target, stopAt: target)
          if let b = next {
            for jmp in jumps where jmp.time == b {
              y.withUnsafeBufferPointer { yb in yb.baseAddress!.withMemoryRebound(to: Complex<Double>.self, capacity: m) { x in
                impulsiveWork += jmp.size * Self.apply(fH[jmp.term], x)
              } }
            }
            report.add(solver.statistics); report.restarts += 1
            try solver.reinitialize(time: b, state: y)
          }
        }
      } catch { throw failure(error) }
      if let e = cache.error { throw e }
      let rho = density(y)
      guard rho.isFinite else { throw DynamicsError.failed("ρ(t = \(t)) is not finite") }
      let ht = hamiltonian(at: t)
      var ydot = [Double](repeating: 0, count: n)
      y.withUnsafeBufferPointer { yb in ydot.withUnsafeMutableBufferPointer { db in rhs(t, yb.baseAddress!, db.baseAddress!) } }
      if let e = cache.error { throw e }
      let q = Array(ydot[(2 * m)..<(2 * m + nb)]), qi = Array(y[(2 * m)..<(2 * m + nb)])
      let wDrive = ydot[2 * m + nb], wi = y[2 * m + nb] + impulsiveWork
      let e = ht.trace(times: rho).real
      if kt == 0 { energy0 = e }
      let eRate = ht.trace(times: density(ydot)).real + wDrive
      let gross = q.map(abs).reduce(0, +)
      integratedGross += 0.5 * (gross + (kt == 0 ? gross : lastGross)) * (t - previous)
      lastGross = gross
      let entropy = try traj.record(heat: q, counted: q, integrated: qi, integratedCounted: qi, driveWorkRate: wDrive, integratedDriveWork: wi,
                                    energy: e, energyRate: eRate, energy0: energy0, gross: gross + abs(wDrive), integratedGross: integratedGross + abs(wi),
                                    state: rho, first: kt == 0, observables: observables, spectral: true, minimumEigenvalues: &minEigs)
      if withEntropy, let s = entropy {
        if kt == 0 { s0 = s }
        sigma.append(s - s0 - y[2 * m + nb + 1])
        let (rate, scale) = try entropyProductionRate(rho, instant(t), tempFns.map { $0!(t) })
        out.entropyProductionRate.append(rate)
        if rate.isFinite, scale > 0 { out.entropyProductionRateViolation = max(out.entropyProductionRateViolation, max(0, -rate) / scale) }
      }
      previous = t
      progress?(kt + 1, times.count)
    }
    report.add(solver.statistics)
    traj.ode = report
    traj.minimumEigenvalue = minEigs
    if withEntropy { traj.entropyProduction = sigma }
    out.trajectory = traj
    return out
  }

  /// σ(t) = Σ_α [−Tr{𝓓_α ρ ln ρ} − Tr{H 𝓓_α ρ}/T_α] and its scale Σ_α (|Tr{𝓓_α ρ ln ρ}| + |Q̇_α/T_α|), in the
  /// eigenbasis of H(t) (𝓓_α assembled sparse from the bath's jumps). NaN when ρ has an eigenvalue ≤ 1e-12 (ln ρ is
  /// then dominated by round-off).
  func entropyProductionRate(_ rho: Matrix<Complex<Double>>, _ inst: Instant, _ temps: [Double]) throws -> (rate: Double, scale: Double) {
    let d = rho.rows
    let tilde = inst.basisAdjoint * rho * inst.basis
    let eig = try (Complex<Double>(0.5, 0) * (tilde + tilde.adjoint)).hermitianEigen(vectors: true)
    guard let low = eig.values.min(), low > 1e-12 else { return (.nan, 0) }
    let v = eig.vectors
    var logDiagonal = Matrix<Complex<Double>>(rows: d, columns: d)
    for i in 0..<d { logDiagonal[i, i] = Complex(Foundation.log(eig.values[i]), 0) }
    // Tr{X ln ρ} = Σ_ij X_ij (ln ρ)_ji: a functional on vec X.
    let logRho = SparseMatrix(v * logDiagonal * v.adjoint)
    let fLog = Self.functional(logRho, d)
    let zero = SparseMatrix(rows: d, columns: d, triplets: [])
    var sigma = 0.0, scale = 0.0
    var out = Matrix<Complex<Double>>(rows: d, columns: d)
    for (b, name) in baths.enumerated() {
      let jumps = inst.equation.dissipators.filter { $0.bath == name }.map(\.jump)
      guard !jumps.isEmpty else { continue }
      let dAlpha = FockLiouvillian.assemble(hamiltonian: zero, jumps: jumps, sector: .full(dimension: d))
      var sDot = 0.0, q = 0.0
      tilde.elements.withUnsafeBufferPointer { x in
        out.elements.withUnsafeMutableBufferPointer { o in
          for i in 0..<(d * d) { o[i] = .zero }
          dAlpha.multiplyAdd(Complex(1, 0), x.baseAddress!, into: o.baseAddress!)
          sDot = -Self.apply(fLog, UnsafePointer(o.baseAddress!))
        }
        q = Self.apply(inst.heat[b], x.baseAddress!)
      }
      sigma += sDot - q / temps[b]; scale += abs(sDot) + abs(q / temps[b])
    }
    return (sigma, scale)
  }
}

/// `AdiabaticFockEvolution`'s result: the common driven-Fock columns and the entropy production rate σ(t).
public struct AdiabaticFockTrajectory: Sendable {
  public internal(set) var trajectory: DrivenFockTrajectory
  /// σ(t) at the output times (NaN where ρ is nearly pure); empty when a bath reaches T = 0.
  public internal(set) var entropyProductionRate: [Double] = []
  /// max_t max(0, −σ)/scale over the times where σ is defined (Spohn: 0 up to round-off).
  public internal(set) var entropyProductionRateViolation = 0.0
}
