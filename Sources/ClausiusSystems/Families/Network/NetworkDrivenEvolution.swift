import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Foundation
import Numerics

/// `evolve` of a network whose mode frequencies, coupling strengths, drive amplitudes or bath temperatures depend on
/// time (`modulatedFrequencies`, `modulatedCouplings`, `modulatedDrives`, `modulatedTemperatures`), moments integrated
/// by CVODE (ClausiusDynamics `DrivenGaussianEvolution`) with the equation of H(t) at each time:
/// - local and collisional: their dissipators act on single modes and do not depend on the couplings; a bath's rates
///   follow T(t) and the frequency ω_j(t) of its own mode (rates γ(ω_j(t), T(t)), the local H_j(t) = ω_j(t)a_j†a_j
///   as counting Hamiltonian);
/// - global, Redfield, partial Redfield: the **adiabatic (instantaneous-eigenbasis) master equation** (Albash, Boixo,
///   Lidar, Zanardi, New J. Phys. 14, 123016 (2012)): at each t the equation derived from the normal modes of H(t),
///   with the jump operators and rates of H(t) — for a quadratic H(t) the adiabatic Markovian equation is the static
///   normal-mode equation of H(t) taken at t (its Lamb shift dropped as in the static case). It is written in the
///   quadratures (`inQuadratureFrame`), where the kernel Σ γ ℓ*ℓᵀ does not depend on the order or phases of the normal
///   modes, so the generator is continuous in t while no two normal-mode frequencies meet (checked:
///   `adiabaticDiagnostics`). When G does not change (only drives and temperatures modulated) the static normal modes
///   are reused (`masterEquation(_:reusing:)`). Heat is counted with H(t) (Alicki), the work is ⟨∂_tH⟩.
extension ModelFile {
  public var isTimeDependent: Bool {
    !modulatedFrequencies.isEmpty || !modulatedCouplings.isEmpty || !modulatedTemperatures.isEmpty || !modulatedDrives.isEmpty
  }

  /// Whether G (the quadratic part of H) depends on time, so that the normal modes follow H(t).
  var modulatesNormalModes: Bool { !modulatedFrequencies.isEmpty || !modulatedCouplings.isEmpty }

  /// Every time function of the file (frequencies, couplings, drives' Re F and Im F, temperatures).
  var timeFunctions: [TimeFunction] {
    modulatedFrequencies.keys.sorted().map { modulatedFrequencies[$0]! } + modulatedCouplings.keys.sorted().map { modulatedCouplings[$0]! }
      + modulatedDrives.keys.sorted().flatMap { modulatedDrives[$0]!.functions } + modulatedTemperatures.keys.sorted().map { modulatedTemperatures[$0]! }
  }

  /// The network with every time function evaluated at t.
  public func network(at t: Double) throws -> BosonicNetwork { try network { $0(t) } }

  /// The network with every time function f replaced by `value(f)` (a time, or a step table's left limit).
  func network(evaluating value: (TimeFunction) -> Double) throws -> BosonicNetwork {
    let frequencies = network.frequencies.enumerated().map { j, w in modulatedFrequencies[j].map(value) ?? w }
    let couplings = network.couplings.enumerated().map { k, c in modulatedCouplings[k].map { c.withStrength(value($0)) } ?? c }
    let drives = network.drives.enumerated().map { k, d in
      modulatedDrives[k].map { CoherentDrive(mode: d.mode, amplitude: Complex(value($0.real), value($0.imaginary))) } ?? d
    }
    let baths = network.baths.map { b -> Bath in
      var b = b
      if let f = modulatedTemperatures[b.name] { b.temperature = value(f) }
      return b
    }
    return try BosonicNetwork(frequencies: frequencies, couplings: couplings, drives: drives, baths: baths)
  }

  /// ∂H/∂t at t = Σ_p p′(t) ∂H/∂p with the network at t: H is linear in each coupling strength and in Re F, Im F of each
  /// drive (∂H/∂p = H(p = 1) − H(p = 0), the other entries at their values at t; docs/model-format.md), and ∂G/∂ω_j is
  /// `hamiltonianFrequencyDerivative` (a spring or x–x coupling makes G nonlinear in ω, so it is taken at ω(t)).
  func hamiltonianRate(at t: Double) throws -> QuadraticHamiltonian {
    let net = try network(at: t)
    let n2 = 2 * net.modeCount
    var g = Matrix<Double>(rows: n2, columns: n2), c = [Double](repeating: 0, count: n2)
    func add(_ df: Double, _ edit: (inout [Coupling], inout [CoherentDrive], Double) -> Void) throws {
      guard df != 0 else { return }
      func h(_ s: Double) throws -> QuadraticHamiltonian {
        var cs = net.couplings, ds = net.drives
        edit(&cs, &ds, s)
        return try BosonicNetwork(frequencies: net.frequencies, couplings: cs, drives: ds).hamiltonian
      }
      let h1 = try h(1), h0 = try h(0)
      g = g + (h1.matrix - h0.matrix) * df
      for i in c.indices { c[i] += df * (h1.linear[i] - h0.linear[i]) }
    }
    for j in modulatedFrequencies.keys.sorted() {
      let df = modulatedFrequencies[j]!.derivative(t)
      if df != 0 { g = g + net.hamiltonianFrequencyDerivative(mode: j) * df }
    }
    for k in modulatedCouplings.keys.sorted() { try add(modulatedCouplings[k]!.derivative(t)) { cs, _, s in cs[k] = cs[k].withStrength(s) } }
    for k in modulatedDrives.keys.sorted() {
      let f = modulatedDrives[k]!, mode = net.drives[k].mode
      try add(f.real.derivative(t)) { _, ds, s in ds[k] = CoherentDrive(mode: mode, amplitude: Complex(s, ds[k].amplitude.imaginary)) }
      try add(f.imaginary.derivative(t)) { _, ds, s in ds[k] = CoherentDrive(mode: mode, amplitude: Complex(ds[k].amplitude.real, s)) }
    }
    return QuadraticHamiltonian(matrix: g, linear: c)
  }

  /// The sudden changes ΔH = H(t_i⁺) − H(t_i⁻) at the jumps of step tables (impulsive work ⟨ΔH⟩, `GaussianDrive.jumps`).
  func hamiltonianJumps() throws -> [(time: Double, change: QuadraticHamiltonian)] {
    let hFunctions = modulatedFrequencies.keys.sorted().map { modulatedFrequencies[$0]! } + modulatedCouplings.keys.sorted().map { modulatedCouplings[$0]! }
      + modulatedDrives.keys.sorted().flatMap { modulatedDrives[$0]!.functions }
    let times = Array(Set(hFunctions.flatMap { $0.jumps.map(\.time) })).sorted()
    return try times.map { b in
      let after = try network { $0(b) }.hamiltonian
      let before = try network { f in f(b) - (f.jumps.first { $0.time == b }?.size ?? 0) }.hamiltonian
      return (b, QuadraticHamiltonian(matrix: after.matrix - before.matrix, linear: zip(after.linear, before.linear).map { $0 - $1 }))
    }
  }

  public func drivenEvolution(_ choice: Derivation) throws -> DrivenGaussianEvolution {
    let base = try self.network(at: 0)
    let file = self
    let staticEquation = choice.usesNormalModes ? try base.masterEquation(choice) : nil
    let equationAt: @Sendable (Double) throws -> MasterEquation = { t in
      let net = try file.network(at: t)
      guard let staticEquation else { return try net.masterEquation(choice) }
      // The normal modes of H(t) (adiabatic equation); the static ones reused when G(t) = G(0).
      return try net.masterEquation(choice, reusing: staticEquation).inQuadratureFrame()
    }
    // ∂H/∂t for the drive work, cached for the last time asked (CVODE evaluates the right-hand side many times per t);
    // a failure gives NaN, which the trajectory's finiteness checks report.
    final class RateCache: @unchecked Sendable { var t = Double.nan; var h: QuadraticHamiltonian? }
    let cache = RateCache(), n2 = 2 * network.modeCount
    let drive = GaussianDrive(equation: equationAt, hamiltonianRate: { t in
      if t == cache.t, let h = cache.h { return h }
      let h = (try? file.hamiltonianRate(at: t))
        ?? QuadraticHamiltonian(matrix: Matrix(rows: n2, columns: n2, repeating: .nan), linear: [Double](repeating: .nan, count: n2))
      cache.t = t; cache.h = h
      return h
    }, breakpoints: timeFunctions.flatMap(\.breakpoints), jumps: try hamiltonianJumps())
    return try DrivenGaussianEvolution(drive: drive)
  }

  /// The period of the file's modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(timeFunctions) }

  func evolveDriven(_ choice: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenEvolution(choice)
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let adiabatic = try adiabaticDiagnostics(choice, times: times)
    let network0 = try network(at: 0)
    let start = try ModelEvolver.gaussianInitial(request.initial, network: network0, equationName: choice.name)
    var entropy = EntropyProductionRecorder(file: self, count: times.count)
    let tr = try ev.evolve(from: start, times: times, tolerance: request.tolerance, method: try request.cvodeMethod(), progress: { request.progress?(choice.name, $0, $1) },
                           observe: { k, t, v, d, eq in try entropy.record(k, t, v, d, eq) })
    let temperatures = tr.bathNames.map { name in network.baths.first { $0.name == name }?.temperature ?? .nan }
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: temperatures, modeNames: modeNames,
                                    timeDependent: modulatedFrequencies.keys.sorted().map { "modes.\($0).frequency" }
                                      + modulatedCouplings.keys.sorted().map { "couplings.\($0).strength" } + modulatedDrives.keys.sorted().map { "drives.\($0).amplitude" }
                                      + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" }, period: period,
                                    finalState: request.finalState)
    entropy.fill(&r, tr)
    if let adiabatic {
      r.diagnostics?.adiabatic = adiabatic
      r.diagnostics?.warnings += Self.adiabaticWarnings(adiabatic, choice)
    }
  }
}

extension Coupling {
  /// The same coupling with another strength (ε, η, k or g).
  func withStrength(_ s: Double) -> Coupling {
    switch self {
    case let .hopping(i, j, _, phase): return .hopping(i, j, epsilon: s, phase: phase)
    case let .squeezing(i, j, _): return .squeezing(i, j, eta: s)
    case let .spring(i, j, _): return .spring(i, j, k: s)
    case let .positionPosition(i, j, _): return .positionPosition(i, j, g: s)
    }
  }
}
