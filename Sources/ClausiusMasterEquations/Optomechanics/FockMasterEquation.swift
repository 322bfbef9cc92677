import Numerics

/// One dissipator of a Fock-space master equation: D[L]ρ = LρL† − ½{L†L, ρ} with the rate included
/// in L (docs/conventions.md), the bath it belongs to, and the Hamiltonian its heat is counted against:
///   J_bath = Σ_{dissipators of bath} Tr{(D[L]ρ) H_count}.               Reference: paper 000, Eq. (26)
/// Designed to map one-to-one onto the Gaussian engine's dissipator when the lead unifies the two.
public struct FockDissipator: Sendable {
  /// Bath identifier (e.g. "optical", "mechanical").
  public let bath: String
  /// Rate-included jump operator L = √rate · A.
  public let jump: SparseMatrix
  /// The Hamiltonian against which this dissipator's heat is counted.
  public let countingHamiltonian: SparseMatrix
  /// Human-readable form, e.g. "G_c(ω_c+ω_m) D[ã b̃]".
  public let label: String
  /// The rate that was absorbed into `jump` (diagnostic).
  public let rate: Double
  /// The Bohr frequency ω of a Davies dissipator γ(ω) D[A(ω)] (0 for a zero-frequency component), when known: a
  /// time-dependent bath temperature rescales the rate to γ(ω, T(t)) (ClausiusDynamics `FockDrive`).
  public var frequency: Double? = nil

  public init(bath: String, rate: Double, operator a: SparseMatrix, countingHamiltonian: SparseMatrix, label: String, frequency: Double? = nil) {
    self.bath = bath; self.rate = rate; self.label = label; self.frequency = frequency
    self.jump = rate.squareRoot() * a
    self.countingHamiltonian = countingHamiltonian
  }
}

/// A non-secular (Bloch–Redfield) bath term: with S = Σ_{ω∈C} A(ω), a set C of Bohr components of the bath's coupling
/// operator (all of them for Redfield, when S is the Hermitian coupling itself; one cluster of nearby frequencies for a
/// partial-secular equation), and its filtered companion Λ = Σ_{ω∈C} ½γ(ω) A(ω) (in the eigenbasis of H,
/// Λ_ij = ½γ(E_j − E_i) S_ij),
///   𝒟(ρ) = Λ ρ S† + S ρ Λ† − S† Λ ρ − ρ Λ† S,
/// which is Σ_{ω,ω′∈C} ½γ(ω)(A(ω)ρA(ω′)† − A(ω′)†A(ω)ρ) + h.c. (Breuer–Petruccione, Eq. 3.118; paper 004, Eq. 9,
/// Lamb shift dropped). Its heat is Tr{H_count 𝒟(ρ)} = ⟨S H Λ + Λ† H S† − H S† Λ − Λ† S H⟩.
public struct FockRedfieldTerm: Sendable {
  public let bath: String
  public let coupling: SparseMatrix
  public let filtered: SparseMatrix
  public let countingHamiltonian: SparseMatrix

  public init(bath: String, coupling: SparseMatrix, filtered: SparseMatrix, countingHamiltonian: SparseMatrix) {
    self.bath = bath; self.coupling = coupling; self.filtered = filtered; self.countingHamiltonian = countingHamiltonian
  }

  /// The Heisenberg-picture action on an observable X: 𝒟†(X) = S† X Λ + Λ† X S − X S† Λ − Λ† S X.
  public func adjointAction(_ x: SparseMatrix) -> SparseMatrix {
    let s = coupling, sd = coupling.adjoint, l = filtered, ld = filtered.adjoint
    return sd * x * l + ld * x * s + (-1.0) * (x * sd * l) + (-1.0) * (ld * s * x)
  }

  /// The gain and loss parts of the heat, ⟨S†HΛ + Λ†HS⟩ and ⟨HS†Λ + Λ†SH⟩ (their difference is the net heat): the
  /// scale of the first-law and zero-current checks.
  public func grossParts(_ h: SparseMatrix) -> (gain: SparseMatrix, loss: SparseMatrix) {
    let s = coupling, sd = coupling.adjoint, l = filtered, ld = filtered.adjoint
    return (sd * h * l + ld * h * s, h * sd * l + ld * s * h)
  }
}

/// A Lindblad master equation on a Fock space: dρ/dt = −i[H, ρ] + Σ_k D[L_k]ρ (+ Σ Redfield terms).
/// `frame` documents the picture in which ρ lives (lab or polaron frame, paper 000 Eq. 16).
public struct FockMasterEquation: Sendable {
  public let space: FockSpace
  public let hamiltonian: SparseMatrix
  public let dissipators: [FockDissipator]
  /// The frame in which this equation is written and solved (documentation for reports).
  public let frame: String
  /// Name of the derivation that produced it (e.g. "SME", "DSME", "GME4", "GME∞").
  public let name: String
  /// Non-secular bath terms (Bloch–Redfield); empty for a Lindblad equation.
  public let redfieldTerms: [FockRedfieldTerm]

  public init(space: FockSpace, hamiltonian: SparseMatrix, dissipators: [FockDissipator], redfieldTerms: [FockRedfieldTerm] = [],
              frame: String, name: String) throws {
    let d = space.dimension
    guard hamiltonian.rows == d, hamiltonian.columns == d else {
      throw FockError.dimensionMismatch(detail: "H is \(hamiltonian.rows)×\(hamiltonian.columns), the space has dimension \(d)")
    }
    for k in dissipators where k.jump.rows != d || k.jump.columns != d || k.countingHamiltonian.rows != d {
      throw FockError.dimensionMismatch(detail: "dissipator \(k.label) has a \(k.jump.rows)×\(k.jump.columns) jump operator; the space has dimension \(d)")
    }
    for k in redfieldTerms where k.coupling.rows != d || k.filtered.rows != d || k.countingHamiltonian.rows != d {
      throw FockError.dimensionMismatch(detail: "Redfield term of bath \(k.bath) is \(k.coupling.rows)×\(k.coupling.columns); the space has dimension \(d)")
    }
    guard hamiltonian.isFinite, dissipators.allSatisfy({ $0.jump.isFinite }), redfieldTerms.allSatisfy({ $0.filtered.isFinite && $0.coupling.isFinite }) else {
      throw FockError.notFinite(name: "master equation \(name)")
    }
    self.space = space; self.hamiltonian = hamiltonian; self.dissipators = dissipators; self.frame = frame; self.name = name
    self.redfieldTerms = redfieldTerms
  }

  /// Bath identifiers in order of first appearance.
  public var baths: [String] {
    var seen: [String] = []
    for k in dissipators where !seen.contains(k.bath) { seen.append(k.bath) }
    for k in redfieldTerms where !seen.contains(k.bath) { seen.append(k.bath) }
    return seen
  }

  /// The generator's non-Hamiltonian parts as operator pairs: L vec ρ = vec(−iKρ + iρK† + Σ_m A_m ρ B_m†) with
  /// K = H − (i/2)Σ_k L_k†L_k − i Σ_Redfield S†Λ; Lindblad jumps give (L, L), Redfield terms (Λ, S) and (S, Λ).
  public var effectiveHamiltonianAndPairs: (k: SparseMatrix, pairs: [(SparseMatrix, SparseMatrix)]) {
    var k = hamiltonian
    var pairs: [(SparseMatrix, SparseMatrix)] = []
    for l in jumps {
      k = k + Complex(0, -0.5) * (l.adjoint * l)
      pairs.append((l, l))
    }
    for r in redfieldTerms {
      k = k + Complex(0, -1) * (r.coupling.adjoint * r.filtered)
      pairs.append((r.filtered, r.coupling)); pairs.append((r.coupling, r.filtered))
    }
    return (k, pairs)
  }

  /// Jump operators (rate included).
  public var jumps: [SparseMatrix] { dissipators.map(\.jump) }

  /// A weak U(1) symmetry with charge q (an integer per basis state): H conserves q (H_ij ≠ 0 ⇒ q_i = q_j)
  /// and every jump operator shifts it by a fixed amount (L_ij ≠ 0 ⇒ q_i − q_j = s_L). Then the
  /// Liouvillian maps the block {ρ_ij : q_i − q_j = σ} into itself for each σ, and the (unique) steady
  /// state lies in σ = 0. Returns whether `charge` is such a symmetry.
  public func hasWeakU1Symmetry(charge q: [Int]) -> Bool {
    guard q.count == space.dimension else { return false }
    for t in hamiltonian.triplets where t.value != .zero && q[t.row] != q[t.column] { return false }
    for l in jumps + redfieldTerms.flatMap({ [$0.coupling, $0.filtered] }) {
      var shift: Int?
      for t in l.triplets where t.value != .zero {
        let s = q[t.row] - q[t.column]
        if let s0 = shift, s0 != s { return false }
        shift = s
      }
    }
    return true
  }

  /// Detects a weak U(1) symmetry among the candidates: the excitation number of each subsystem, then
  /// the total excitation number. Returns the charge per basis state and the name of the subsystem
  /// (or "total"), or nil when none applies. For every equation of paper 000 the photon number works.
  public func detectWeakU1Symmetry() -> (charge: [Int], name: String)? {
    let d = space.dimension
    for (s, sub) in space.subsystems.enumerated() {
      let q = (0..<d).map { space.level(of: s, in: $0) }
      if hasWeakU1Symmetry(charge: q) { return (q, sub.name) }
    }
    let total = (0..<d).map { st in (0..<space.subsystems.count).reduce(0) { $0 + space.level(of: $1, in: st) } }
    if hasWeakU1Symmetry(charge: total) { return (total, "total") }
    return nil
  }
}
