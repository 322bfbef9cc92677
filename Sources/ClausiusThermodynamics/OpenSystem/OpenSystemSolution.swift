import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import Foundation
import Numerics

/// The steady state of a general `OpenSystem` under one derivation, with its thermodynamics.
///
/// Heat from bath α, counted with the full H: Q̇_α = Tr{H 𝒟_α(ρ)} (> 0 into the system; docs/conventions.md); for local
/// equations also with H_s of the bath's subsystem, Q̇_α^loc = Tr{H_s 𝒟_α(ρ)}, and the work rate Ẇ = Σ_α (Q̇_α − Q̇_α^loc)
/// (paper 003, Eq. 43). First law at steady state: Σ_α Q̇_α = Tr{H ρ̇} = 0 (exact for every derivation here, as each
/// 𝒟_α commutes with −i[H, ·] or H is counted in its own eigenbasis). Entropy production Σ = −Σ_α Q̇_α^loc/T_α
/// (≥ 0 for Davies equations by Spohn's inequality), and with the full-H heats Σ_glob = −Σ_α Q̇_α/T_α.
public struct OpenSystemSolution: Sendable {
  public let model: OpenSystem
  public let derivation: Derivation
  /// The Fock-engine equation (nil when the global equation was solved on its secular blocks, `SecularSteadyState`).
  public let equation: OpenSystemEquation?
  /// The state, in the basis its solver used.
  public enum State: Sendable {
    /// ρ from the Fock engine (eigenbasis of H for Redfield and partial secular, product basis for local).
    case fock(FockSteadyState)
    /// The global equation's block-diagonal ρ in the block-diagonalised eigenbasis of H.
    case secular(SecularSteadyState)
  }
  public let state: State
  /// The solver's diagnostics (residual, trace, Hermiticity, smallest eigenvalue, unknowns, symmetry used).
  public var diagnostics: FockSteadyStateDiagnostics {
    switch state {
    case let .fock(s): return s.diagnostics
    case let .secular(s): return s.diagnostics
    }
  }
  /// The basis the equation was solved in ("product basis", "eigenbasis of H", "eigenbasis of H, secular blocks").
  public var frame: String { equation?.equation.frame ?? "eigenbasis of H, secular blocks" }
  public let heat: [Double]
  public let localHeat: [Double]
  public let workRate: Double
  /// Σ_k |Tr{H 𝒟_k(ρ)}| over the individual dissipators: the scale of the first-law and zero-current checks.
  public let grossHeat: Double
  public let entropyProduction: Double
  public let globalHeatEntropyProduction: Double
  /// Σ_α Q̇_α relative to the gross heat (zero at a steady state up to the solver's accuracy).
  public var firstLawRelativeResidual: Double { abs(heat.reduce(0, +)) / Swift.max(grossHeat, .leastNormalMagnitude) }

  /// The operating regime (paper 003, Table I; `classify` for two baths, `classifyAbsorption` for three or more) with
  /// the COP or efficiency and, for two baths, the Carnot value; nil for one bath or equal temperatures.
  public var regime: (name: String, performance: Double?, carnot: Double?)? {
    let baths = model.baths
    if baths.count == 2 {
      let bh = baths.indices.map { BathHeat(name: baths[$0].name, temperature: baths[$0].temperature, heat: heat[$0], countedHeat: localHeat[$0], localFrequency: nil) }
      return classify(baths: bh, workRate: workRate, grossHeat: grossHeat).map { ($0.regime.rawValue, $0.value, $0.carnot) }
    }
    return classifyAbsorption(heat: localHeat, temperatures: baths.map(\.temperature), workRate: workRate, gross: grossHeat).map { ($0.regime, $0.performance, nil) }
  }

  /// ρ in the model's product basis, U ρ̃ U† (computed once, in `solve`), when the equation is in the eigenbasis of H.
  let productBasisDensity: Matrix<Complex<Double>>?

  /// ρ in the model's product basis (subsystems in file order, the first factor slowest): U ρ̃ U† for the equations
  /// solved in the eigenbasis of H, the solved state itself for the local equation.
  public var productBasisState: Matrix<Complex<Double>> {
    if let rho = productBasisDensity { return rho }
    switch state {
    case let .fock(s): return s.density
    case let .secular(s): return s.productBasisDensity
    }
  }

  /// ⟨O⟩ = Tr{O ρ} for an operator of the model (product basis).
  public func expectation(_ o: SparseMatrix) -> Double {
    if let rho = productBasisDensity { return o.trace(times: rho).real }
    switch state {
    case let .fock(s): return s.expectation(o).real
    case let .secular(s): return s.expectation(o).real
    }
  }

  /// The excitation number of each subsystem: ⟨a†a⟩, ⟨σ⁺σ⁻⟩, ⟨J_z⟩ + j, or the mean level index.
  public var excitations: [Double] {
    let space = model.space
    return space.subsystems.indices.map { expectation(space.number($0)) }
  }

  /// Population of the highest kept level of each oscillator (nil for other subsystems): the truncation diagnostic.
  public var oscillatorTopLevelPopulations: [Double?] {
    let space = model.space
    return space.subsystems.enumerated().map { s, sub in
      guard sub.kind == .oscillator else { return nil }
      let top = SparseMatrix(rows: sub.dimension, columns: sub.dimension, triplets: [(sub.dimension - 1, sub.dimension - 1, Complex(1, 0))])
      return expectation(space.embed(top, on: s))
    }
  }
}

extension OpenSystem {
  /// Solves `derivation`'s steady state (sparse LU in a symmetry sector when one is detected) and its thermodynamics.
  /// Oscillator truncation: the highest kept level's population must be ≤ `truncationTolerance`, else
  /// `FockError.truncationTooSmall` names the subsystem.
  ///
  /// The global equation is solved on its secular blocks (`SecularSteadyState`: Σ_C |C|² unknowns, the Pauli equation
  /// when no levels are degenerate) unless `secular` is false (the Fock engine on all d² unknowns, for cross-checks).
  /// `symbolic`: a symbolic analysis for the Fock engine's sparse LU to reuse (sweeps; not used by the secular blocks).
  public func solve(_ derivation: Derivation, truncationTolerance: Double = 1e-6, secular: Bool = true,
                    symbolic: FockSymbolicSlot? = nil) throws -> OpenSystemSolution {
    var heat = [Double](repeating: 0, count: baths.count), local = heat
    let index = Dictionary(uniqueKeysWithValues: baths.enumerated().map { ($1.name, $0) })
    let solution: OpenSystemSolution
    // The secular blocks carry no Lamb shift; with one, the global equation is solved on all d² unknowns.
    if secular, case let .global(tol) = derivation, !baths.contains(where: \.includesLambShift) {
      let st = try SecularSteadyState(try secularEquation(degeneracyTolerance: tol))
      let perGroup = st.heatPerGroup
      for (g, q) in perGroup.enumerated() { heat[st.equation.groupBath[g]] += q }
      local = heat
      let gross = perGroup.reduce(0) { $0 + abs($1) }
      solution = OpenSystemSolution(model: self, derivation: derivation, equation: nil, state: .secular(st), heat: heat, localHeat: local, workRate: 0,
                                    grossHeat: gross, entropyProduction: sigma(local, gross), globalHeatEntropyProduction: sigma(heat, gross),
                                    productBasisDensity: nil)
    } else {
      let eq = try masterEquation(derivation)
      let state = try eq.equation.steadyState(using: .symmetrySectorLU, symbolic: symbolic)
      let perTerm = FockHeatReport.heatPerTerm(equation: eq.equation, state: state)
      let perTermLocal = eq.localCounting.isEmpty ? perTerm : FockHeatReport.heatPerTerm(equation: eq.equation, state: state, countingHamiltonians: eq.localCounting)
      for (b, q) in perTerm { heat[index[b]!] += q }
      for (b, q) in perTermLocal { local[index[b]!] += q }
      let gross = FockHeatReport.grossHeat(equation: eq.equation, state: state, perTerm: perTerm)
      let productBasisDensity = eq.basis.map { u in u * state.density * u.adjoint }
      solution = OpenSystemSolution(model: self, derivation: derivation, equation: eq, state: .fock(state), heat: heat, localHeat: local,
                                    workRate: zip(heat, local).map { $0 - $1 }.reduce(0, +), grossHeat: gross,
                                    entropyProduction: sigma(local, gross), globalHeatEntropyProduction: sigma(heat, gross),
                                    productBasisDensity: productBasisDensity)
    }
    for (s, top) in solution.oscillatorTopLevelPopulations.enumerated() {
      if let p = top, p > truncationTolerance {
        throw FockError.truncationTooSmall(subsystem: space.subsystems[s].name, levels: space.subsystems[s].dimension, topLevelPopulation: p, tolerance: truncationTolerance)
      }
    }
    return solution
  }

  /// Σ = −Σ_α q_α/T_α (k_B = 1); ±∞ when a bath at T = 0 exchanges more than round-off of the gross heat.
  func sigma(_ q: [Double], _ gross: Double) -> Double {
    var s = 0.0
    for (b, x) in q.enumerated() {
      let t = baths[b].temperature
      if t > 0 { s -= x / t } else if abs(x) > 1e-12 * Swift.max(gross, .leastNormalMagnitude) { return x < 0 ? .infinity : -.infinity }
    }
    return s
  }

  /// The same model with every bath at `temperature` (for the zero-current check).
  public func withTemperature(_ temperature: Double) throws -> OpenSystem {
    var bs = baths
    for k in bs.indices { bs[k].temperature = temperature }
    return try OpenSystem(subsystems: subsystems, parameters: parameters, terms: terms.filter { !$0.isBare }.map(\.text), baths: bs,
                          maximumDimension: Swift.max(space.dimension, 1))
  }
}

/// Regime of a steady state with any number of baths (paper 003, Table I, extended to absorption machines):
/// with two baths at different temperatures `classify`; with three or more and no work, an absorption refrigerator
/// when the coldest bath gives heat to the system (Q̇_c > 0 beyond round-off), with COP Q̇_c/Q̇_hot (the hottest
/// bath, the driving one); else a conductor.
public func classifyAbsorption(heat: [Double], temperatures: [Double], workRate: Double, gross: Double) -> (regime: String, performance: Double?)? {
  guard heat.count >= 3, let c = temperatures.indices.min(by: { temperatures[$0] < temperatures[$1] }),
        let h = temperatures.indices.max(by: { temperatures[$0] < temperatures[$1] }) else { return nil }
  let round = noCurrentRelativeTolerance * Swift.max(gross, .leastNormalMagnitude)
  guard abs(workRate) <= round else { return nil }
  if heat.allSatisfy({ abs($0) <= round }) { return ("no current", nil) }
  if heat[c] > round { return ("absorption refrigerator", heat[h] > 0 ? heat[c] / heat[h] : nil) }
  return ("conductor", nil)
}
