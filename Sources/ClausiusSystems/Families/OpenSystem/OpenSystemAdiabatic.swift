import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Foundation
import Numerics

/// `evolve` of an open system with time-dependent parameters or bath temperatures under the **global** equation: the
/// adiabatic (instantaneous-eigenbasis) master equation (Albash, Boixo, Lidar, Zanardi, New J. Phys. 14, 123016
/// (2012); docs/time-evolution.md, "Adiabatic master equation (open systems)"): at each time the global (Davies)
/// equation of H(t) = H₀ + Σ_j p_j(t)H_j with the baths at T_α(t), exactly as `solve` builds it for the static model
/// (per-transition rates, docs/conventions.md), integrated by CVODE in the lab basis (ClausiusDynamics
/// `AdiabaticFockEvolution`), with its validity along the run (`AdiabaticDiagnostics`).
extension OpenSystemModelFile {
  /// The adiabatic global equation of this file's H(t) and T_α(t).
  public func adiabaticEvolution(_ derivation: Derivation) throws -> AdiabaticFockEvolution {
    guard case .global = derivation else {
      throw EvolveRequestError("equation \(derivation.name): the adiabatic (instantaneous-eigenbasis) equation of an open system is implemented for the global equation only")
    }
    let d = system.space.dimension
    guard d <= AdiabaticFockEvolution.maximumDimension else {
      throw EvolveRequestError("equation \(derivation.name) with time-dependent parameters: the Hilbert-space dimension \(d) (\(system.space.subsystems.map { "\($0.dimension)" }.joined(separator: " × "))) exceeds \(AdiabaticFockEvolution.maximumDimension), the limit of the adiabatic global equation (each right-hand side diagonalises H(t) and rebuilds the equation); use fewer levels or the local equation")
    }
    let (h0, _, terms) = try modulatedTerms()
    let system = self.system, temperatures = modulatedTemperatures, baths = system.baths
    let bathTemperatures = Dictionary(baths.map { ($0.name, temperatures[$0.name] ?? .constant($0.temperature)) }, uniquingKeysWith: { a, _ in a })
    return try AdiabaticFockEvolution(space: system.space, staticHamiltonian: h0, terms: terms, baths: baths.map(\.name), temperatures: bathTemperatures) { t in
      let h = terms.reduce(h0) { $0 + $1.function(t) * $1.operator }
      var bs = baths
      for i in bs.indices { if let f = temperatures[bs[i].name] { bs[i].temperature = f(t) } }
      let eq = try system.replacing(hamiltonian: h, baths: bs).masterEquation(derivation)
      guard let u = eq.basis else { throw DynamicsError.failed("internal: the \(derivation.name) equation is not in the eigenbasis of H") }
      return AdiabaticFockGenerator(equation: eq.equation, basis: u)
    }
  }

  func evolveAdiabatic(_ derivation: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    let ev = try adiabaticEvolution(derivation)
    let space = system.space
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let adiabatic = try adiabaticDiagnostics(derivation, ev, times: times)
    let start = try drivenStart(request.initial, derivation, hamiltonian: ev.hamiltonian(at: 0))
    let observables = space.subsystems.indices.map { (name: space.subsystems[$0].name, operator: space.number($0)) }
    let tr = try ev.evolve(from: start, times: times, observables: observables, tolerance: request.tolerance, method: try request.cvodeMethod()) {
      request.progress?(derivation.name, $0, $1)
    }
    let temps = Dictionary(system.baths.map { ($0.name, $0.temperature) }, uniquingKeysWith: { a, _ in a })
    ModelEvolver.fillDriven(&r, tr.trajectory, temperatures: temps, levels: space.subsystems.map(\.dimension), period: period,
                            timeDependence: modulatedParameters.keys.sorted() + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" })
    if !tr.entropyProductionRate.isEmpty {
      r.entropyProductionRate = tr.entropyProductionRate
      r.diagnostics?.entropyProductionRateViolation = tr.entropyProductionRateViolation
    }
    if let adiabatic {
      r.diagnostics?.adiabatic = adiabatic
      r.diagnostics?.warnings += ModelFile.adiabaticWarnings(adiabatic, derivation)
    }
  }

  /// The spectrum of H(t) at one time and what the global equation groups (AdiabaticDiagnostics' definitions).
  struct SpectrumSample {
    let t: Double
    let energies: [Double]
    let basis: Matrix<Complex<Double>>
    /// For each transition j → i (index i + j d): the smallest such index in its Bohr component (the grouping).
    let grouping: [Int]
    let width: Double
    let parameter: Double
    let spacing: Double
    let spacingOverRate: Double
  }

  /// Samples H(t) on the output times, a grid of ≥ 200 points over the run and ≥ 32 per modulation period, and both
  /// sides of each step; bisects where an eigenvector's best match (overlap |⟨k(t₁)|l(t₂)⟩|) is another,
  /// non-degenerate level. Throws at a level crossing or when the grouping of the Bohr frequencies into the global
  /// equation's components changes (its dissipators are then discontinuous). nil when H does not depend on time.
  func adiabaticDiagnostics(_ derivation: Derivation, _ ev: AdiabaticFockEvolution, times: [Double]) throws -> AdiabaticDiagnostics? {
    guard case let .global(tolerance) = derivation, !ev.terms.isEmpty, let tEnd = times.last, tEnd > 0 else { return nil }
    let functions = ev.terms.map(\.function) + Array(modulatedTemperatures.values)
    let jumpTimes = Set(ev.terms.flatMap { $0.function.jumps.map(\.time) })
    var grid = Set(times)
    let step = min(tEnd / 200, (functions.compactMap(\.period).min() ?? .infinity) / 32)
    for i in 0...Int((tEnd / step).rounded(.up)) { grid.insert(min(tEnd, Double(i) * step)) }
    for b in ev.breakpoints where b > 0 && b <= tEnd {
      grid.insert(b)
      if jumpTimes.contains(b) { grid.insert(b - 1e-9 * max(1, b)) }
    }
    let samples = try grid.sorted().map { try spectrumSample(ev, tolerance, at: $0) }
    var extra: [SpectrumSample] = []
    let resolution = 1e-10 * max(1, tEnd)
    // Checks the interval (a, b] (no jump inside): the levels are followed by overlap (bisecting while one seems to
    // swap; a crossing throws), then the grouping of the Bohr frequencies, in the same labels, must not change.
    func crossing(_ k: Int, _ l: Int, _ a: SpectrumSample) -> Error {
      DynamicsError.failed("equation \(derivation.name): levels \(k) and \(l) of H(t) cross at t ≈ \(a.t) (energies \(a.energies[k]), \(a.energies[l])): the global dissipators are discontinuous at a crossing and the adiabatic global equation does not apply (use local)")
    }
    func check(_ a: SpectrumSample, _ b: SpectrumSample, depth: Int) throws {
      if let (k, l) = Self.swappedLevels(a, b) {
        if b.t - a.t <= resolution || depth >= 60 {
          throw crossing(k, l, a)
        }
        let m = try spectrumSample(ev, tolerance, at: 0.5 * (a.t + b.t))
        extra.append(m)
        try check(a, m, depth: depth + 1); try check(m, b, depth: depth + 1)
        return
      }
      if a.grouping != b.grouping {
        // Two levels that meet (degenerate within the tolerance on one side only): the bisection of a crossing.
        let d = a.energies.count
        for k in 0..<d {
          for l in (k + 1)..<d where (abs(a.energies[k] - a.energies[l]) <= a.width) != (abs(b.energies[k] - b.energies[l]) <= b.width) {
            throw crossing(k, l, a)
          }
        }
        throw DynamicsError.failed("equation \(derivation.name): the Bohr frequencies of H(t) change their grouping into the global equation's components between t = \(a.t) and \(b.t) (a degeneracy that appears or lifts; global_degeneracy_tolerance = \(tolerance)): the global dissipators change discontinuously there, the adiabatic global equation does not apply (use local)")
      }
    }
    for i in 1..<samples.count where !jumpTimes.contains(where: { $0 > samples[i - 1].t && $0 <= samples[i].t }) {
      try check(samples[i - 1], samples[i], depth: 0)
    }
    let all = samples + extra
    let worst = all.max { $0.parameter < $1.parameter }!
    let closest = all.min { $0.spacing < $1.spacing }!
    let ratio = all.map(\.spacingOverRate).min()!
    return AdiabaticDiagnostics(parameter: worst.parameter, parameterTime: worst.t, minimumSpacing: closest.spacing.isFinite ? closest.spacing : nil,
                                spacingTime: closest.spacing.isFinite ? closest.t : nil, spacingOverRate: ratio.isFinite ? ratio : nil, samples: all.count)
  }

  /// At t: 𝒜(t) = max_{k≠l non-degenerate} |⟨k|∂_tH|l⟩|/(E_k − E_l)², the smallest spacing between the global equation's
  /// Bohr components (all transition frequencies E_j − E_i, grouped as the equation groups them) and its ratio to the
  /// largest single-transition rate γ_α(ω_ij)|⟨i|S_α|j⟩|² of the equation at t.
  func spectrumSample(_ ev: AdiabaticFockEvolution, _ tolerance: Double, at t: Double) throws -> SpectrumSample {
    let eig = try ev.hamiltonian(at: t).dense.hermitianEigen(vectors: true)
    let e = eig.values, u = eig.vectors, d = e.count
    let width = tolerance * max(1, e.map(abs).max() ?? 0)
    var transitions: [(omega: Double, index: Int)] = []
    for j in 0..<d { for i in 0..<d { transitions.append((e[j] - e[i], i + j * d)) } }
    transitions.sort { $0.omega < $1.omega }
    let groups = OpenSystem.bohrGroups(transitions.map(\.omega), width: width)
    var grouping = [Int](repeating: 0, count: d * d)
    for g in groups {
      let label = transitions[g.range].map(\.index).min()!
      for k in g.range { grouping[transitions[k].index] = label }
    }
    var spacing = Double.infinity
    for (a, b) in zip(groups, groups.dropFirst()) { spacing = min(spacing, b.omega - a.omega) }
    let rate = u.adjoint * ev.hamiltonianRate(at: t).dense * u
    var parameter = 0.0
    for k in 0..<d {
      for l in 0..<d where abs(e[k] - e[l]) > width {
        let gap = e[k] - e[l]
        parameter = max(parameter, rate[k, l].length / (gap * gap))
      }
    }
    let eq = try ev.generator(t).equation
    var largest = 0.0
    for k in eq.dissipators { largest = max(largest, k.jump.values.map { $0.lengthSquared }.max() ?? 0) }
    return SpectrumSample(t: t, energies: e, basis: u, grouping: grouping, width: width, parameter: parameter, spacing: spacing,
                          spacingOverRate: largest > 0 ? spacing / largest : .infinity)
  }

  /// A pair (k, l) of levels whose identity changes between two samples: level k at a overlaps most with level l ≠ k at
  /// b (|⟨k(a)|l(b)⟩|), l not degenerate with k at a.
  static func swappedLevels(_ a: SpectrumSample, _ b: SpectrumSample) -> (Int, Int)? {
    let overlap = a.basis.adjoint * b.basis, d = a.energies.count
    for k in 0..<d {
      var best = (index: k, value: -1.0)
      for l in 0..<d where overlap[k, l].length > best.value { best = (l, overlap[k, l].length) }
      if best.index != k, abs(a.energies[k] - a.energies[best.index]) > a.width { return (k, best.index) }
    }
    return nil
  }
}
