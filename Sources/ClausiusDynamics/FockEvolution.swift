import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// An initial density matrix on a `FockSpace` (basis order: the last subsystem runs fastest, as `FockSpace.embed`).
public enum FockInitialState: Sendable {
  /// A given density matrix (Hermitian, trace 1, ρ ≥ 0 — checked).
  case density(Matrix<Complex<Double>>)
  /// A pure state |ψ⟩ (normalised here).
  case pure([Complex<Double>])
  /// The product basis state |n₁⟩ ⊗ |n₂⟩ ⊗ … (level n_s of subsystem s).
  case product(levels: [Int])
  /// A product of coherent states |α_s⟩ of the oscillator subsystems (α_s = 0: the vacuum / ground level), each
  /// truncated to its levels and renormalised: |α⟩ ∝ Σ_{n<N} e^{−|α|²/2} αⁿ/√n! |n⟩.
  case coherent(amplitudes: [Complex<Double>])
  /// The Gibbs state e^{−H/T}/Z of a Hermitian H (e.g. the system Hamiltonian, or a sum of local Hamiltonians for a
  /// product of thermal states), T > 0.
  case gibbs(hamiltonian: SparseMatrix, temperature: Double)
  /// The steady state of another equation on the same space (a quench).
  case steadyState(FockSteadyState)

  /// The density matrix on `space`. Throws a `DynamicsError` naming what does not fit.
  public func density(space: FockSpace) throws -> Matrix<Complex<Double>> {
    let d = space.dimension
    func fromVector(_ psi: [Complex<Double>]) throws -> Matrix<Complex<Double>> {
      let norm = psi.reduce(0) { $0 + $1.lengthSquared }.squareRoot()
      guard norm > 0, norm.isFinite else { throw DynamicsError.invalidInitialState("the state vector has norm \(norm)") }
      let u = psi.map { $0 * Complex(1 / norm, 0) }
      return Matrix(rows: d, columns: d) { i, j in u[i] * u[j].conjugate }
    }
    var rho: Matrix<Complex<Double>>
    switch self {
    case let .density(m):
      guard m.rows == d, m.columns == d else { throw DynamicsError.invalidInitialState("ρ is \(m.rows)×\(m.columns), the space has dimension \(d)") }
      rho = m
    case let .pure(psi):
      guard psi.count == d else { throw DynamicsError.invalidInitialState("|ψ⟩ has \(psi.count) components, the space has dimension \(d)") }
      rho = try fromVector(psi)
    case let .product(levels):
      guard levels.count == space.subsystems.count else {
        throw DynamicsError.invalidInitialState("\(levels.count) levels given for \(space.subsystems.count) subsystems")
      }
      var index = 0
      for (s, n) in levels.enumerated() {
        let dim = space.subsystems[s].dimension
        guard n >= 0, n < dim else {
          throw DynamicsError.invalidParameter(name: "initial level of \(space.subsystems[s].name)", value: "\(n)", allowed: "0 … \(dim - 1)")
        }
        index = index * dim + n
      }
      var psi = [Complex<Double>](repeating: .zero, count: d); psi[index] = Complex(1, 0)
      rho = try fromVector(psi)
    case let .coherent(alpha):
      guard alpha.count == space.subsystems.count else {
        throw DynamicsError.invalidInitialState("\(alpha.count) coherent amplitudes given for \(space.subsystems.count) subsystems")
      }
      var psi: [Complex<Double>] = [Complex(1, 0)]
      for (s, a) in alpha.enumerated() {
        let sub = space.subsystems[s]
        guard a.real.isFinite, a.imaginary.isFinite else { throw DynamicsError.invalidInitialState("coherent amplitude of \(sub.name) is not finite") }
        guard sub.kind == .oscillator || a == .zero else {
          throw DynamicsError.invalidInitialState("\(sub.name) is not an oscillator; its coherent amplitude must be 0 (ground level)")
        }
        var local = [Complex<Double>](repeating: .zero, count: sub.dimension)
        var c = Complex<Double>(1, 0)
        for n in 0..<sub.dimension {
          local[n] = c
          c = c * a * Complex(1 / Double(n + 1).squareRoot(), 0)
        }
        psi = psi.flatMap { p in local.map { p * $0 } }
      }
      rho = try fromVector(psi)
    case let .gibbs(h, t):
      guard h.rows == d, h.columns == d else { throw DynamicsError.invalidInitialState("H is \(h.rows)×\(h.columns), the space has dimension \(d)") }
      guard t.isFinite, t > 0 else { throw DynamicsError.invalidParameter(name: "initial temperature", value: "\(t)", allowed: "finite and > 0") }
      let eig = try (Complex<Double>(0.5, 0) * (h.dense + h.dense.adjoint)).hermitianEigen(vectors: true)
      let e0 = eig.values.min() ?? 0
      let weights = eig.values.map { Foundation.exp(-($0 - e0) / t) }
      let z = weights.reduce(0, +)
      let u = eig.vectors
      rho = Matrix(rows: d, columns: d) { i, j in
        var s = Complex<Double>.zero
        for k in 0..<d where weights[k] > 0 { s += u[i, k] * u[j, k].conjugate * Complex(weights[k] / z, 0) }
        return s
      }
    case let .steadyState(state):
      guard state.space.dimension == d else {
        throw DynamicsError.invalidInitialState("the steady state lives on a space of dimension \(state.space.dimension), the model on \(d)")
      }
      rho = state.density
    }
    guard rho.isFinite else { throw DynamicsError.invalidInitialState("ρ is not finite") }
    let herm = (rho - rho.adjoint).maxAbs
    guard herm <= 1e-10 else { throw DynamicsError.invalidInitialState("ρ is not Hermitian (max |ρ − ρ†| = \(herm))") }
    let tr = rho.trace
    guard abs(tr.real - 1) <= 1e-10, abs(tr.imaginary) <= 1e-10 else { throw DynamicsError.invalidInitialState("Tr ρ = \(tr.real) ≠ 1") }
    let minEig = try rho.hermitianEigen(vectors: false).values.min() ?? 0
    guard minEig >= -1e-10 else { throw DynamicsError.invalidInitialState("ρ has the eigenvalue \(minEig) < 0") }
    return rho
  }
}

/// Heat, work, energy (`columns`, read as `trajectory.heat`, …) and state checks of a Fock-space evolution
/// (docs/time-evolution.md). Heat per bath: Q̇_x(t) = Σ_{k ∈ x} Tr{H 𝒟_k(ρ(t))} (paper 000, Eq. 26 along time) with the
/// equation's H, and counted with each dissipator's own Hamiltonian; the integrals are exact to the Krylov tolerance
/// (∫ρ is propagated with ρ); d⟨H⟩/dt = Tr{H 𝓛ρ} from the assembled Liouvillian.
@dynamicMemberLookup
public struct FockTrajectory: Sendable {
  public internal(set) var columns: HeatColumns
  public subscript<T>(dynamicMember key: KeyPath<HeatColumns, T>) -> T { columns[keyPath: key] }
  /// ⟨O⟩(t) of the requested observables (names in `observableNames`).
  public let observableNames: [String]
  public internal(set) var observables: [[Double]]
  /// |Tr ρ(t) − 1|, max |ρ − ρ†| and the smallest eigenvalue of ρ(t) (nil above `FockEvolution.spectralDimension`).
  public internal(set) var traceError: [Double]
  public internal(set) var hermiticityError: [Double]
  public internal(set) var minimumEigenvalue: [Double]?
  /// Σ(t) = S(t) − S(0) − Σ_x Q_x^counted(t)/T_x (≥ 0 for GKLS equations whose dissipators are in detailed balance with
  /// their counting Hamiltonians — Spohn); nil without the spectrum or when a bath is at T = 0 or has no temperature.
  public internal(set) var entropyProduction: [Double]?
  public internal(set) var krylov = KrylovReport()
  /// Unknowns propagated (d², or the size of the U(1) block σ = 0 when ρ₀ lies in it) and the symmetry used (nil: none).
  public internal(set) var unknowns = 0
  public internal(set) var symmetry: String? = nil
  public internal(set) var finalDensity: Matrix<Complex<Double>>
}

/// ρ(t) = e^{𝓛t} ρ₀ for a time-independent Fock-space generator (`FockMasterEquation`, Lindblad and Bloch–Redfield
/// terms) by the Krylov propagator `KrylovExponential` (EXPOKIT) on the column-stacked Liouvillian assembled by
/// `FockLiouvillian` (the steady-state solver's). The integrated heat is exact to the Krylov tolerance: the augmented
/// system d/dt (ρ, I) = (𝓛ρ, ρ) carries I(t) = ∫₀ᵗ ρ, and Q_x(t) = Σ_k Tr{𝒟_k†(H) I(t)} (heat is linear in ρ).
public struct FockEvolution: Sendable {
  public let equation: FockMasterEquation
  /// Bath temperatures by bath id (for the entropy production; baths without one get none).
  public let temperatures: [String: Double]
  /// Positivity and entropy need a dense eigen-decomposition of ρ (O(d³)): done up to this dimension.
  public static let spectralDimension = 1500
  let liouvillian: SparseMatrix
  let heatOps: [(bath: String, operator: SparseMatrix)]
  let countedOps: [(bath: String, operator: SparseMatrix)]

  /// `countingHamiltonians` replaces, for the baths it names, the Hamiltonian of `countedHeat` (e.g. the local H_x of an
  /// open system's local equation, `OpenSystemEquation.localCounting`), as in `FockHeatReport`.
  public init(equation: FockMasterEquation, temperatures: [String: Double] = [:], countingHamiltonians: [String: SparseMatrix] = [:]) {
    self.equation = equation
    self.temperatures = temperatures
    let (k, pairs) = equation.effectiveHamiltonianAndPairs
    liouvillian = FockLiouvillian.assemble(effectiveHamiltonian: k, pairs: pairs, sector: .full(dimension: equation.space.dimension))
    heatOps = FockHeatReport.heatOperators(equation: equation, countingHamiltonians: Dictionary(equation.baths.map { ($0, equation.hamiltonian) }, uniquingKeysWith: { a, _ in a }))
    countedOps = FockHeatReport.heatOperators(equation: equation, countingHamiltonians: countingHamiltonians)
  }

  /// Evolves `initial` to `times` (increasing, ≥ 0; the state is given at t = 0). `observables` are Hermitian operators
  /// whose expectation values are reported (e.g. number operators). `tolerance`: the Krylov local error per unit time,
  /// relative to ‖ρ₀‖₂.
  public func evolve(from initial: FockInitialState, times: [Double], observables: [(name: String, operator: SparseMatrix)] = [],
                     tolerance: Double = 1e-10, progress: ((Int, Int) -> Void)? = nil) throws -> FockTrajectory {
    let times = try validatedTimes(times)
    guard tolerance > 0, tolerance < 1e-2 else { throw DynamicsError.invalidParameter(name: "tolerance", value: "\(tolerance)", allowed: "in (0, 1e-2)") }
    let d = equation.space.dimension
    let rho0 = try initial.density(space: equation.space)
    let baths = equation.baths
    var traj = FockTrajectory(columns: HeatColumns(times: times, bathNames: baths), observableNames: observables.map(\.name),
                              observables: Array(repeating: [], count: observables.count), traceError: [], hermiticityError: [],
                              minimumEigenvalue: nil, entropyProduction: nil, finalDensity: rho0)
    let spectral = d <= Self.spectralDimension
    let withEntropy = spectral && baths.allSatisfy { (temperatures[$0] ?? 0) > 0 }
    var minEigs: [Double] = [], sigma: [Double] = []
    // A weak U(1) symmetry (e.g. the photon number of paper 000) with ρ₀ in its block σ = 0 (diagonal in the charge:
    // vacuum, Fock, Gibbs states) keeps ρ(t) there: propagate only that block (fewer unknowns, and the fast phases
    // e^{−iωt} of the other blocks never enter the Krylov steps).
    var l = liouvillian
    var sector = FockSector.full(dimension: d)
    if let sym = equation.detectWeakU1Symmetry() {
      let q = sym.charge
      var outside = 0.0
      for j in 0..<d { for i in 0..<d where q[i] != q[j] { outside = max(outside, rho0[i, j].length) } }
      if outside == 0 {
        sector = .block(charge: q, sigma: 0)
        let (k, pairs) = equation.effectiveHamiltonianAndPairs
        l = FockLiouvillian.assemble(effectiveHamiltonian: k, pairs: pairs, sector: sector)
        traj.symmetry = sym.name
      }
    }
    let m = sector.count
    traj.unknowns = m
    let elements = sector.elements
    func dense(_ v: ArraySlice<Complex<Double>>) -> Matrix<Complex<Double>> {
      var out = Matrix<Complex<Double>>(rows: d, columns: d)
      out.elements.withUnsafeMutableBufferPointer { o in
        var p = v.startIndex
        for c in elements { o[c] = v[p]; p += 1 }
      }
      return out
    }
    // Augmented state (vec ρ, vec ∫ρ) on the sector's elements.
    var y = elements.map { rho0.elements[$0] } + [Complex<Double>](repeating: .zero, count: m)
    let norm = l.oneNorm + 1
    var lx = [Complex<Double>](repeating: .zero, count: m)
    let h = equation.hamiltonian
    func perBath(_ ops: [(bath: String, operator: SparseMatrix)], _ m: Matrix<Complex<Double>>) -> [Double] {
      var out = [Double](repeating: 0, count: baths.count)
      for (b, op) in ops { out[baths.firstIndex(of: b)!] += op.trace(times: m).real }
      return out
    }
    let energy0 = h.trace(times: rho0).real
    var s0 = 0.0
    if withEntropy { s0 = try entropy(rho0) }
    var previous = 0.0
    var integratedGross = 0.0, lastGross = 0.0
    for (k, t) in times.enumerated() {
      if t > previous {
        y = try KrylovExponential.apply(y, time: t - previous, norm: norm, tolerance: tolerance, report: &traj.krylov) { x, out in
          x.withUnsafeBufferPointer { xb in
            let top = Array(xb[0..<m])
            l.multiply(top, into: &lx)
          }
          for i in 0..<m { out[i] = lx[i]; out[m + i] = x[i] }
        }
      }
      let rho = dense(y[0..<m])
      let integral = dense(y[m..<(2 * m)])
      guard rho.isFinite else { throw DynamicsError.failed("ρ(t = \(t)) is not finite") }
      let q = perBath(heatOps, rho), qc = perBath(countedOps, rho)
      let qi = perBath(heatOps, integral), qci = perBath(countedOps, integral)
      let e = h.trace(times: rho).real
      l.multiply(Array(y[0..<m]), into: &lx)
      let eRate = h.trace(times: dense(lx[0..<m])).real
      let gross = heatOps.reduce(0.0) { $0 + abs($1.operator.trace(times: rho).real) }
      integratedGross += 0.5 * (gross + (k == 0 ? gross : lastGross)) * (t - previous)
      lastGross = gross
      traj.columns.append(heat: q, counted: qc, integrated: qi, integratedCounted: qci, energy: e, energyRate: eRate, energy0: energy0,
                          gross: gross, integratedGross: integratedGross)
      let sample = try FockStateSample(rho, observables: observables, spectral: spectral)
      sample.record(observables: &traj.observables, traceError: &traj.traceError, hermiticityError: &traj.hermiticityError, minimumEigenvalue: &minEigs)
      if withEntropy, let s = sample.entropy {
        var heatTerm = 0.0
        for (b, name) in baths.enumerated() { heatTerm += qci[b] / temperatures[name]! }
        sigma.append(s - s0 - heatTerm)
      }
      if k == times.count - 1 { traj.finalDensity = rho }
      previous = t
      progress?(k + 1, times.count)
    }
    if spectral { traj.minimumEigenvalue = minEigs }
    if withEntropy { traj.entropyProduction = sigma }
    return traj
  }

  func entropy(_ rho: Matrix<Complex<Double>>) throws -> Double {
    try (Complex<Double>(0.5, 0) * (rho + rho.adjoint)).hermitianEigen(vectors: false).values.reduce(0.0) { $0 - ($1 > 1e-300 ? $1 * Foundation.log($1) : 0) }
  }
}
