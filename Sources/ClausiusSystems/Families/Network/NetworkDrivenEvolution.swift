import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Foundation

/// `evolve` of a network whose coupling strengths or bath temperatures depend on time (`modulatedCouplings`,
/// `modulatedTemperatures`): the local equation at each time (its dissipators act on single modes and do not depend on
/// the couplings; a bath's rates follow T(t)), moments integrated by CVODE (ClausiusDynamics `DrivenGaussianEvolution`).
/// The global, Redfield and collisional equations are refused: their dissipators follow the normal modes of H(t) (the
/// instantaneous-eigenbasis, adiabatic equation is not implemented).
extension ModelFile {
  public var isTimeDependent: Bool { !modulatedCouplings.isEmpty || !modulatedTemperatures.isEmpty }

  /// The network with every time function evaluated at t.
  public func network(at t: Double) throws -> BosonicNetwork {
    let couplings = network.couplings.enumerated().map { k, c in modulatedCouplings[k].map { c.withStrength($0(t)) } ?? c }
    let baths = network.baths.map { b -> Bath in
      var b = b
      if let f = modulatedTemperatures[b.name] { b.temperature = f(t) }
      return b
    }
    return try BosonicNetwork(frequencies: network.frequencies, couplings: couplings, drives: network.drives, baths: baths)
  }

  public func drivenEvolution(_ choice: Derivation) throws -> DrivenGaussianEvolution {
    guard choice.kind == .local else {
      throw EvolveRequestError("equation \(choice.name): time-dependent couplings or temperatures are supported with the local equation only; the \(choice.name) dissipators follow the normal modes of H(t) (the adiabatic, instantaneous-eigenbasis equation is not implemented) — use --equations local")
    }
    // ∂H/∂t = Σ_j f_j′(t) H_j with H_j = H(strength_j = 1) − H(strength_j = 0): the network Hamiltonian is linear in each
    // coupling strength (docs/model-format.md, couplings).
    let base = try self.network(at: 0)
    let unitTerms: [(TimeFunction, QuadraticHamiltonian)] = try modulatedCouplings.keys.sorted().map { k in
      func h(_ s: Double) throws -> QuadraticHamiltonian {
        var cs = base.couplings; cs[k] = cs[k].withStrength(s)
        return try BosonicNetwork(frequencies: base.frequencies, couplings: cs, drives: base.drives, baths: base.baths).masterEquation(.local).hamiltonian
      }
      let h1 = try h(1), h0 = try h(0)
      return (modulatedCouplings[k]!, QuadraticHamiltonian(matrix: h1.matrix - h0.matrix, linear: zip(h1.linear, h0.linear).map { $0 - $1 }))
    }
    let modes = network.modeCount
    let file = self
    let breakpoints = (Array(modulatedCouplings.values) + Array(modulatedTemperatures.values)).flatMap(\.breakpoints)
    let drive = GaussianDrive(equation: { t in try file.network(at: t).masterEquation(.local) }, hamiltonianRate: { t in
      var g = Matrix<Double>(rows: 2 * modes, columns: 2 * modes), c = [Double](repeating: 0, count: 2 * modes)
      for (f, h) in unitTerms {
        let df = f.derivative(t)
        if df == 0 { continue }
        g = g + h.matrix * df
        for i in c.indices { c[i] += df * h.linear[i] }
      }
      return QuadraticHamiltonian(matrix: g, linear: c)
    }, breakpoints: breakpoints)
    return try DrivenGaussianEvolution(drive: drive)
  }

  /// The period of the file's modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(Array(modulatedCouplings.values) + Array(modulatedTemperatures.values)) }

  func evolveDriven(_ choice: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try drivenEvolution(choice)
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let network0 = try network(at: 0)
    let start = try ModelEvolver.gaussianInitial(request.initial, network: network0, equationName: choice.name)
    let tr = try ev.evolve(from: start, times: times, tolerance: request.tolerance) { request.progress?(choice.name, $0, $1) }
    r.engine = "gaussian-ode"
    r.baths = tr.bathNames.indices.map { b in
      EvolveBath(name: tr.bathNames[b], temperature: network.baths.first { $0.name == tr.bathNames[b] }?.temperature ?? .nan, heat: tr.heat[b],
                 localHeat: tr.countedHeat[b], integratedHeat: tr.integratedHeat[b], integratedLocalHeat: tr.integratedCountedHeat[b])
    }
    r.workRate = tr.workRate; r.integratedWork = tr.integratedWork; r.energy = tr.energy; r.energyRate = tr.energyRate
    r.driveWorkRate = tr.driveWorkRate; r.integratedDriveWork = tr.integratedDriveWork
    r.timeDependent = modulatedCouplings.keys.sorted().map { "couplings.\($0).strength" } + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" }
    r.occupations = modeNames.indices.map { EvolveSeries(name: modeNames[$0], values: tr.occupations[$0]) }
    ModelEvolver.finishDriven(&r, EvolveDiagnostics(firstLawResidual: tr.firstLawResidual, integratedFirstLawResidual: tr.integratedFirstLawResidual,
                                                    uncertaintyMargin: tr.uncertaintyMargin.filter { !$0.isNaN }.min(), seconds: 0),
                              tr.ode, period: period, columns: tr.columns, integratedDriveWork: tr.integratedDriveWork, stateChange: tr.stateChange)
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
