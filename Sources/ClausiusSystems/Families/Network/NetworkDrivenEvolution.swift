import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Foundation
import Numerics

/// `evolve` of a network whose coupling strengths, drive amplitudes or bath temperatures depend on time
/// (`modulatedCouplings`, `modulatedDrives`, `modulatedTemperatures`), moments integrated by CVODE (ClausiusDynamics
/// `DrivenGaussianEvolution`) with the equation of H(t) at each time:
/// - local and collisional: their dissipators act on single modes and do not depend on the couplings; a bath's rates
///   follow T(t);
/// - global, Redfield, partial Redfield, when no coupling is modulated: a drive F(t)a† + h.c. adds only the linear term
///   cᵀr to H, and a temperature changes only the rates, so the normal modes of G — and with them the jump operators —
///   are those of the static model; only the rates γ(ν, T(t)) and the mean's force change. The equation at t is the
///   static one's normal modes (reused, `masterEquation(_:reusing:)`) with the rates at T(t), written in the quadratures
///   (`inQuadratureFrame`) so that the drive term and the heat counting are those of the local case.
/// With a modulated coupling the normal modes follow H(t) (the adiabatic, instantaneous-eigenbasis equation is not
/// implemented): only the local and collisional equations are evolved.
extension ModelFile {
  public var isTimeDependent: Bool { !modulatedCouplings.isEmpty || !modulatedTemperatures.isEmpty || !modulatedDrives.isEmpty }

  /// Every time function of the file (couplings, drives' Re F and Im F, temperatures).
  var timeFunctions: [TimeFunction] {
    Array(modulatedCouplings.values) + modulatedDrives.values.flatMap(\.functions) + Array(modulatedTemperatures.values)
  }

  /// The network with every time function evaluated at t.
  public func network(at t: Double) throws -> BosonicNetwork {
    let couplings = network.couplings.enumerated().map { k, c in modulatedCouplings[k].map { c.withStrength($0(t)) } ?? c }
    let drives = network.drives.enumerated().map { k, d in modulatedDrives[k].map { CoherentDrive(mode: d.mode, amplitude: $0(t)) } ?? d }
    let baths = network.baths.map { b -> Bath in
      var b = b
      if let f = modulatedTemperatures[b.name] { b.temperature = f(t) }
      return b
    }
    return try BosonicNetwork(frequencies: network.frequencies, couplings: couplings, drives: drives, baths: baths)
  }

  public func drivenEvolution(_ choice: Derivation) throws -> DrivenGaussianEvolution {
    let local = choice.kind == .local || choice == .collisional
    guard local || (choice.usesNormalModes && modulatedCouplings.isEmpty) else {
      throw EvolveRequestError("equation \(choice.name): with time-dependent couplings only the local and collisional equations are evolved; the \(choice.name) dissipators follow the normal modes of H(t) (the adiabatic, instantaneous-eigenbasis equation is not implemented) — use --equations local")
    }
    // ∂H/∂t = Σ_j f_j′(t) H_j with H_j = H(p_j = 1) − H(p_j = 0): the network Hamiltonian is linear in each coupling
    // strength and in Re F, Im F of each drive (docs/model-format.md, couplings and drives). A step table's jump Δf_j at
    // t_i changes H by Δf_j H_j (impulsive work ⟨Δf_j H_j⟩, `GaussianDrive.jumps`).
    let base = try self.network(at: 0)
    func unitTerm(_ edit: (inout [Coupling], inout [CoherentDrive], Double) -> Void) throws -> QuadraticHamiltonian {
      func h(_ s: Double) throws -> QuadraticHamiltonian {
        var cs = base.couplings, ds = base.drives
        edit(&cs, &ds, s)
        return try BosonicNetwork(frequencies: base.frequencies, couplings: cs, drives: ds, baths: base.baths).masterEquation(.local).hamiltonian
      }
      let h1 = try h(1), h0 = try h(0)
      return QuadraticHamiltonian(matrix: h1.matrix - h0.matrix, linear: zip(h1.linear, h0.linear).map { $0 - $1 })
    }
    var terms: [(TimeFunction, QuadraticHamiltonian)] = try modulatedCouplings.keys.sorted().map { k in
      (modulatedCouplings[k]!, try unitTerm { cs, _, s in cs[k] = cs[k].withStrength(s) })
    }
    for k in modulatedDrives.keys.sorted() {
      let f = modulatedDrives[k]!, mode = base.drives[k].mode
      if !f.real.isConstant { terms.append((f.real, try unitTerm { _, ds, s in ds[k] = CoherentDrive(mode: mode, amplitude: Complex(s, ds[k].amplitude.imaginary)) })) }
      if !f.imaginary.isConstant { terms.append((f.imaginary, try unitTerm { _, ds, s in ds[k] = CoherentDrive(mode: mode, amplitude: Complex(ds[k].amplitude.real, s)) })) }
    }
    let unitTerms = terms
    let modes = network.modeCount
    let file = self
    let jumps = unitTerms.flatMap { f, h in
      f.jumps.map { j in (time: j.time, change: QuadraticHamiltonian(matrix: h.matrix * j.size, linear: h.linear.map { $0 * j.size })) }
    }
    let staticEquation = local ? nil : try base.masterEquation(choice)
    let equationAt: @Sendable (Double) throws -> MasterEquation = { t in
      guard let staticEquation else { return try file.network(at: t).masterEquation(choice) }
      return try file.network(at: t).masterEquation(choice, reusing: staticEquation).inQuadratureFrame()
    }
    let drive = GaussianDrive(equation: equationAt, hamiltonianRate: { t in
      var g = Matrix<Double>(rows: 2 * modes, columns: 2 * modes), c = [Double](repeating: 0, count: 2 * modes)
      for (f, h) in unitTerms {
        let df = f.derivative(t)
        if df == 0 { continue }
        g = g + h.matrix * df
        for i in c.indices { c[i] += df * h.linear[i] }
      }
      return QuadraticHamiltonian(matrix: g, linear: c)
    }, breakpoints: timeFunctions.flatMap(\.breakpoints), jumps: jumps)
    return try DrivenGaussianEvolution(drive: drive)
  }

  /// The period of the file's modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(timeFunctions) }

  func evolveDriven(_ choice: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenEvolution(choice)
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let network0 = try network(at: 0)
    let start = try ModelEvolver.gaussianInitial(request.initial, network: network0, equationName: choice.name)
    let tr = try ev.evolve(from: start, times: times, tolerance: request.tolerance, method: try request.cvodeMethod()) { request.progress?(choice.name, $0, $1) }
    let temperatures = tr.bathNames.map { name in network.baths.first { $0.name == name }?.temperature ?? .nan }
    ModelEvolver.fillDrivenGaussian(&r, tr, temperatures: temperatures, modeNames: modeNames,
                                    timeDependent: modulatedCouplings.keys.sorted().map { "couplings.\($0).strength" } + modulatedDrives.keys.sorted().map { "drives.\($0).amplitude" }
                                      + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" }, period: period)
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
