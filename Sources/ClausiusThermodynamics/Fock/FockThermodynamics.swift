import Numerics

/// Steady-state heat currents and entropy production of a Fock-space master equation.
///
///   J_x = Σ_{k ∈ bath x} Tr{(D[L_k]ρ) H_k^count} = Σ_k ⟨L_k† H L_k − ½{L_k†L_k, H}⟩,
/// positive when energy enters the system from bath x.                Reference: paper 000, Eq. (26)
///   ξ = dS/dt − Σ_x J_x/T_x = −Σ_x J_x/T_x at steady state (ħ = k_B = 1).  Reference: paper 000, Eq. (25)
/// First law at steady state: Σ_x J_x = 0 when every dissipator counts heat with the H of the
/// equation (then Σ_x J_x = Tr{H dρ/dt} = 0).
public struct FockHeatReport: Sendable, Codable, Equatable {
  /// Heat current from each bath (bath id → J_x).
  public let currents: [String: Double]
  /// Σ_x J_x (first-law residual at steady state; with local counting Hamiltonians, minus the work rate).
  public let firstLawResidual: Double
  /// ξ = −Σ_x J_x/T_x (Clausius inequality: ξ ≥ 0 for a thermodynamically consistent equation).
  public let entropyProduction: Double

  /// Computes the report. `temperatures` maps each bath id to its temperature (> 0).
  /// `countingHamiltonians` replaces, for the baths it names, the Hamiltonian each dissipator's heat is
  /// counted against — e.g. the local H_x of the subsystem a bath touches, which gives the local heats
  /// J_x^loc = Tr{(𝓛_x ρ) H_x}; then Σ_x J_x^loc = −W, the work done by switching the system–bath coupling on
  /// and off (paper 003, Eqs. 16–24), is what `firstLawResidual` holds, and for dissipators in detailed
  /// balance with H_x at T_x (Spohn) ξ_loc = −Σ_x J_x^loc/T_x ≥ 0 always.
  public init(equation: FockMasterEquation, state: FockSteadyState, temperatures: [String: Double],
              countingHamiltonians: [String: SparseMatrix] = [:]) throws {
    var j: [String: Double] = [:]
    for (bath, q) in Self.heatPerTerm(equation: equation, state: state, countingHamiltonians: countingHamiltonians) { j[bath, default: 0] += q }
    var xi = 0.0
    for (bath, current) in j {
      guard let t = temperatures[bath], t > 0, t.isFinite else {
        throw FockError.parameterOutOfRange(name: "temperature of bath \(bath)", value: temperatures[bath] ?? .nan, allowed: "finite and > 0 for the entropy production")
      }
      xi -= current / t
    }
    currents = j
    firstLawResidual = j.values.reduce(0, +)
    entropyProduction = xi
    guard xi.isFinite else { throw FockError.notFinite(name: "entropy production") }
  }
}

extension OptomechanicalSystem {
  /// Bath temperatures keyed by the bath ids used by `masterEquation(_:)`.
  public var bathTemperatures: [String: Double] { ["optical": temperatureC, "mechanical": temperatureM] }
}

extension FockHeatReport {
  /// Tr{H_count 𝒟_k(ρ)} for every dissipator and Redfield term of `equation` (in its order: dissipators, then Redfield
  /// terms), with `countingHamiltonians` replacing the counting H of the baths it names.
  public static func heatPerTerm(equation: FockMasterEquation, state: FockSteadyState,
                                 countingHamiltonians: [String: SparseMatrix] = [:]) -> [(bath: String, heat: Double)] {
    heatOperators(equation: equation, countingHamiltonians: countingHamiltonians).map { ($0.bath, state.expectation($0.operator).real) }
  }

  /// The heat operators 𝒟_k†(H_count) (Heisenberg picture) of every dissipator and Redfield term, in the order of
  /// `heatPerTerm`: Tr{H 𝒟_k(ρ)} = Tr{𝒟_k†(H) ρ} for any ρ — a steady state or a state along time (ClausiusDynamics).
  /// For a Lindblad jump L: 𝒟†(H) = L†HL − ½{L†L, H}.
  public static func heatOperators(equation: FockMasterEquation,
                                   countingHamiltonians: [String: SparseMatrix] = [:]) -> [(bath: String, operator: SparseMatrix)] {
    var out: [(String, SparseMatrix)] = []
    for k in equation.dissipators {
      let l = k.jump, h = countingHamiltonians[k.bath] ?? k.countingHamiltonian
      let ll = l.adjoint * l
      out.append((k.bath, l.adjoint * h * l - 0.5 * (ll * h + h * ll)))
    }
    for r in equation.redfieldTerms {
      out.append((r.bath, r.adjointAction(countingHamiltonians[r.bath] ?? r.countingHamiltonian)))
    }
    return out
  }

  /// The gross heat: Σ_k |Tr{H_k 𝒟_k(ρ)}| over the Lindblad dissipators, plus, for each Redfield term, its gain
  /// ⟨S†HΛ + Λ†HS⟩ and loss ⟨HS†Λ + Λ†SH⟩ parts counted apart (its net heat is one number per bath, which would make
  /// every current "100 % of the gross"). The scale of the first-law and zero-current checks. `perTerm`, when given,
  /// is `heatPerTerm(equation:state:)` (its dissipator entries are reused).
  public static func grossHeat(equation: FockMasterEquation, state: FockSteadyState, perTerm: [(bath: String, heat: Double)]? = nil) -> Double {
    let terms = perTerm ?? heatPerTerm(equation: equation, state: state)
    var gross = terms.prefix(equation.dissipators.count).map { abs($0.heat) }.reduce(0, +)
    for r in equation.redfieldTerms {
      let parts = r.grossParts(r.countingHamiltonian)
      gross += abs(state.expectation(parts.gain).real) + abs(state.expectation(parts.loss).real)
    }
    return gross
  }
}
