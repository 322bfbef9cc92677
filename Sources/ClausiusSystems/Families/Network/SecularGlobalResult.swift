import ClausiusComparison
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics

/// The global equation of a network through `SecularGlobalSteadyState` (normal-mode frame, O(N²) after one
/// eigendecomposition; issue 15) when it applies; `ModelSolver.solve` falls back to the Lyapunov path otherwise
/// (degenerate or undamped normal modes, drives, x–p couplings, counting statistics requested).
extension ModelSolver {
  static func secularGlobal(_ network: BosonicNetwork, _ choice: Derivation, extras: NetworkOutputExtras, modeNames: [String],
                            normalModes: SplitNormalModes?) -> MethodResult? {
    guard choice.kind == .global, !extras.counting,
          let ss = try? SecularGlobalSteadyState(network: network, derivation: choice, modes: normalModes) else { return nil }
    var r = MethodResult(equation: choice.name)
    r.setGaussian(ss.thermodynamics, occupations: ss.occupations)
    var o = NetworkOutcome(diagnostics: SolverDiagnostics(ss.diagnostics))
    let n = network.modeCount
    if n <= NetworkExtras.alwaysReportedModes || extras.covariance { o.normalModes = ss.modes.frequencies }
    let wantsCovariance = extras.covariance || (ss.diagnostics.isPhysical && !extras.bipartitions.isEmpty)
    guard wantsCovariance else { r.outcome = .network(o); return r }
    let (vx, vp) = ss.quadratureCovariances()
    let v = ss.covariance()
    if extras.covariance {
      // ⟨a_j†a_k⟩ = ½(V_xjxk + V_pjpk) − ½δ_jk, ⟨a_j a_k⟩ = ½(V_xjxk − V_pjpk) (V_xp = 0, no mean).
      let nr = (0..<n).map { j in (0..<n).map { k in 0.5 * (vx[j, k] + vp[j, k]) - (j == k ? 0.5 : 0) } }
      let ar = (0..<n).map { j in (0..<n).map { k in 0.5 * (vx[j, k] - vp[j, k]) } }
      let zero = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
      o.moments = GaussianMomentsResult(convention: NetworkExtras.convention, mean: [Double](repeating: 0, count: 2 * n), covariance: NetworkExtras.rows(v),
                                        numberCorrelationsReal: nr, numberCorrelationsImaginary: zero, anomalousCorrelationsReal: ar,
                                        anomalousCorrelationsImaginary: zero)
    }
    if ss.diagnostics.isPhysical {
      let names = modeNames.count == n ? modeNames : (0..<n).map { "\($0)" }
      o.information = try? NetworkExtras.information(v, bipartitions: extras.bipartitions, names: names)
    }
    r.outcome = .network(o)
    return r
  }
}

extension MethodResult {
  /// The fields every Gaussian steady state reports: occupations, heats, work, the laws, the regime (the solver's
  /// diagnostics go into the family's outcome, `SolverDiagnostics(_:)`).
  mutating func setGaussian(_ th: ThermodynamicsReport, occupations: [Double]) {
    self.occupations = occupations
    baths = th.baths.map { BathHeatResult(name: $0.name, temperature: $0.temperature, heat: $0.heat, localHeat: $0.countedHeat) }
    workRate = th.workRate
    firstLawEnergyRate = th.firstLaw.energyRate
    firstLawRelativeResidual = th.firstLaw.relativeResidual
    entropyProduction = th.secondLaw.entropyProduction
    globalHeatEntropyProduction = th.secondLaw.globalHeatEntropyProduction
    secondLawHolds = th.secondLaw.holds
    if let p = th.performance { regime = p.regime.rawValue; performance = p.value; otto = p.otto; carnot = p.carnot }
  }
}

extension SolverDiagnostics {
  /// The JSON form of a Gaussian steady state's diagnostics.
  init(_ d: GaussianDiagnostics) {
    self.init(lyapunovResidual: d.relativeResidual, uncertaintyMargin: d.uncertaintyMargin,
              smallestSymplecticEigenvalue: d.smallestSymplecticEigenvalue, blocks: d.blocks, warnings: d.warnings)
  }
}

extension NetworkExtras {
  /// The normal modes of `network` in N × N blocks (nil with x–p couplings or no positive-definite H_S), computed once
  /// per model and shared by the global equation and the validity advisor.
  static func splitNormalModes(_ network: BosonicNetwork) -> SplitNormalModes? {
    network.splitHamiltonian.flatMap { try? SplitNormalModes(position: $0.position, momentum: $0.momentum) }
  }
}
