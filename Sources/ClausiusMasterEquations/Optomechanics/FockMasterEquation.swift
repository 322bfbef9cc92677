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

  public init(bath: String, rate: Double, operator a: SparseMatrix, countingHamiltonian: SparseMatrix, label: String) {
    self.bath = bath; self.rate = rate; self.label = label
    self.jump = rate.squareRoot() * a
    self.countingHamiltonian = countingHamiltonian
  }
}

/// A Lindblad master equation on a Fock space: dρ/dt = −i[H, ρ] + Σ_k D[L_k]ρ.
/// `frame` documents the picture in which ρ lives (lab or polaron frame, paper 000 Eq. 16).
public struct FockMasterEquation: Sendable {
  public let space: FockSpace
  public let hamiltonian: SparseMatrix
  public let dissipators: [FockDissipator]
  /// The frame in which this equation is written and solved (documentation for reports).
  public let frame: String
  /// Name of the derivation that produced it (e.g. "SME", "DSME", "GME4", "GME∞").
  public let name: String

  public init(space: FockSpace, hamiltonian: SparseMatrix, dissipators: [FockDissipator], frame: String, name: String) throws {
    let d = space.dimension
    guard hamiltonian.rows == d, hamiltonian.columns == d else {
      throw FockError.dimensionMismatch(detail: "H is \(hamiltonian.rows)×\(hamiltonian.columns), the space has dimension \(d)")
    }
    for k in dissipators where k.jump.rows != d || k.jump.columns != d || k.countingHamiltonian.rows != d {
      throw FockError.dimensionMismatch(detail: "dissipator \(k.label) has a \(k.jump.rows)×\(k.jump.columns) jump operator; the space has dimension \(d)")
    }
    guard hamiltonian.isFinite, dissipators.allSatisfy({ $0.jump.isFinite }) else { throw FockError.notFinite(name: "master equation \(name)") }
    self.space = space; self.hamiltonian = hamiltonian; self.dissipators = dissipators; self.frame = frame; self.name = name
  }

  /// Bath identifiers in order of first appearance.
  public var baths: [String] {
    var seen: [String] = []
    for k in dissipators where !seen.contains(k.bath) { seen.append(k.bath) }
    return seen
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
    for l in jumps {
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
