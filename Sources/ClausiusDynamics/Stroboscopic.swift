import Foundation

/// One point per period of a periodically driven evolution (times t_k = kP) and its periodic steady state
/// (docs/time-evolution.md, "Stroboscopic mode"). Cycle averages from the integrated columns:
///   Q̄_α^(k) = [Q_α(kP) − Q_α((k−1)P)]/P,   W̄^(k) = [W(kP) − W((k−1)P)]/P,   k = 1…N,
/// and the periodic steady state is the last cycle once ρ(kP) has stopped changing (ρ(NP) = ρ((N−1)P) within
/// `convergenceThreshold`): there ⟨H⟩ is periodic, so the cycle-averaged first law Σ_α Q̄_α + W̄ = 0 holds
/// (`firstLawResidual`, relative to Σ|Q̄_α| + |W̄|).
public struct StroboscopicSummary: Codable, Sendable, Equatable {
  public var period: Double
  public var cycles: Int
  /// Per bath (outer index) and cycle k = 1…N: the cycle-averaged heat current (whole H / local H).
  public var cycleHeat: [[Double]]
  public var cycleLocalHeat: [[Double]]
  /// Per cycle: the cycle-averaged total work rate (drive + local-equation boundary work) and the drive's part.
  public var cycleWork: [Double]
  public var cycleDriveWork: [Double]
  /// The last cycle's averages: the periodic steady state's heat currents and work rate.
  public var heat: [Double]
  public var localHeat: [Double]
  public var work: Double
  public var driveWork: Double
  /// max |ρ(NP) − ρ((N−1)P)| (entries) and whether it is below `convergenceThreshold`.
  public var stateChange: Double
  public var convergenceThreshold: Double
  public var converged: Bool
  /// |Σ_α Q̄_α + W̄| / (Σ_α|Q̄_α| + |W̄|) over the last cycle.
  public var firstLawResidual: Double

  /// From a trajectory sampled at t_k = kP (the columns' integrated heat and work, and the change of ρ per output
  /// step). `tolerance`: the integrator's relative tolerance (threshold max(1e-6, 100 tol)).
  public init(period: Double, times: [Double], integratedHeat: [[Double]], integratedLocalHeat: [[Double]], integratedWork: [Double],
              integratedDriveWork: [Double], energy: [Double], stateChange: [Double], tolerance: Double) {
    self.period = period
    let n = times.count - 1
    cycles = n
    func averages(_ xs: [Double]) -> [Double] { (1...max(1, n)).map { n >= 1 ? (xs[$0] - xs[$0 - 1]) / period : 0 } }
    cycleHeat = integratedHeat.map(averages); cycleLocalHeat = integratedLocalHeat.map(averages)
    cycleWork = averages(integratedWork); cycleDriveWork = averages(integratedDriveWork)
    heat = cycleHeat.map { $0.last ?? 0 }; localHeat = cycleLocalHeat.map { $0.last ?? 0 }
    work = cycleWork.last ?? 0; driveWork = cycleDriveWork.last ?? 0
    self.stateChange = stateChange.last ?? .infinity
    convergenceThreshold = max(1e-6, 100 * tolerance)
    converged = self.stateChange <= convergenceThreshold
    let sum = heat.reduce(0, +) + driveWork, scale = heat.map(abs).reduce(0, +) + abs(driveWork)
    firstLawResidual = scale > 0 ? abs(sum) / scale : 0
  }
}
