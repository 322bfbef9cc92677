import Numerics

/// Errors of the Fock-space engine and the optomechanical model (paper 000). Every case names the
/// parameter, its value and the allowed range, and reads as a sentence a physicist can act on.
public enum FockError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A model parameter lies outside its allowed range.
  case parameterOutOfRange(name: String, value: Double, allowed: String)
  /// A truncation (number of Fock levels) is too small to be meaningful.
  case levelsTooFew(subsystem: String, levels: Int, minimum: Int)
  /// The population of the highest kept Fock level exceeds the tolerance: the cutoff is too small.
  case truncationTooSmall(subsystem: String, levels: Int, topLevelPopulation: Double, tolerance: Double)
  /// The automatic truncation did not converge within the allowed maximum number of levels.
  case truncationNotConverged(subsystem: String, maximumLevels: Int, topLevelPopulation: Double, observableChange: Double, tolerance: Double)
  /// The GME needs an even, positive number of phonon sidebands.
  case sidebandOrderNotEven(order: Int)
  /// A Bohr frequency of a jump operator falls on zero, where a flat bath's rate G(ω) is undefined.
  case zeroBohrFrequency(bath: String, detail: String)
  /// The requested U(1) sector does not exist or the equation has no weak U(1) symmetry.
  case noSymmetry(detail: String)
  /// Operators of the wrong shape for this Fock space.
  case dimensionMismatch(detail: String)
  /// A numerical result came out NaN or infinite.
  case notFinite(name: String)

  public var description: String {
    switch self {
    case let .parameterOutOfRange(name, value, allowed):
      return "\(name) = \(value) is outside the allowed range (\(allowed))"
    case let .levelsTooFew(subsystem, levels, minimum):
      return "subsystem \(subsystem) has \(levels) Fock levels; at least \(minimum) are needed"
    case let .truncationTooSmall(subsystem, levels, population, tolerance):
      return "the truncation of \(subsystem) at \(levels) levels is too small: the highest level holds population \(population) > tolerance \(tolerance); increase its levels"
    case let .truncationNotConverged(subsystem, maximumLevels, population, change, tolerance):
      return "automatic truncation of \(subsystem) did not converge up to \(maximumLevels) levels (top-level population \(population), last observable change \(change), tolerance \(tolerance)); raise the maximum or the tolerance"
    case let .sidebandOrderNotEven(order):
      return "the number of phonon sidebands n = \(order) must be even and ≥ 2 (GME2, GME4, …)"
    case let .zeroBohrFrequency(bath, detail):
      return "a jump operator of bath \(bath) has Bohr frequency 0, where the flat-bath rate G(ω) is undefined (\(detail)); change ω_c/ω_m slightly"
    case let .noSymmetry(detail):
      return "no weak U(1) symmetry: \(detail)"
    case let .dimensionMismatch(detail):
      return "Fock space dimension mismatch: \(detail)"
    case let .notFinite(name):
      return "\(name) is NaN or infinite"
    }
  }
}

/// One factor of a Fock space: a truncated oscillator (levels |0⟩…|N−1⟩), a two-level system or a
/// spin j (dimension 2j+1). Its basis index counts excitations (oscillator number, or j + m for a spin).
public struct FockSubsystem: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case oscillator, twoLevel, spin, levels }
  public let name: String
  public let dimension: Int
  public let kind: Kind

  /// A truncated harmonic oscillator with `levels` Fock states |0⟩ … |levels−1⟩.
  public static func oscillator(_ name: String, levels: Int) throws -> FockSubsystem {
    guard levels >= 2 else { throw FockError.levelsTooFew(subsystem: name, levels: levels, minimum: 2) }
    return FockSubsystem(name: name, dimension: levels, kind: .oscillator)
  }
  /// A two-level system, basis (|g⟩, |e⟩).
  public static func twoLevel(_ name: String) -> FockSubsystem { FockSubsystem(name: name, dimension: 2, kind: .twoLevel) }
  /// An n-level system (levels |0⟩ … |n−1⟩, e.g. an atom or the eigenbasis of a Hamiltonian); its lowering
  /// operator is Σ_k |k−1⟩⟨k| (no √k).
  public static func levels(_ name: String, count: Int) throws -> FockSubsystem {
    guard count >= 2 else { throw FockError.levelsTooFew(subsystem: name, levels: count, minimum: 2) }
    return FockSubsystem(name: name, dimension: count, kind: .levels)
  }
  /// A spin j (j = ½, 1, 3/2, …), basis |j, m⟩ with m = −j … j (index j + m).
  public static func spin(_ name: String, twiceJ: Int) throws -> FockSubsystem {
    guard twiceJ >= 1 else { throw FockError.parameterOutOfRange(name: "2j of \(name)", value: Double(twiceJ), allowed: "≥ 1") }
    return FockSubsystem(name: name, dimension: twiceJ + 1, kind: .spin)
  }
}

/// A tensor product of subsystems, first factor slowest (docs/conventions.md):
/// basis index Σ_s n_s Π_{t>s} d_t.
public struct FockSpace: Sendable, Equatable {
  public let subsystems: [FockSubsystem]
  public var dimension: Int { subsystems.reduce(1) { $0 * $1.dimension } }

  public init(_ subsystems: [FockSubsystem]) { self.subsystems = subsystems }

  /// The index of subsystem `name`.
  public func index(of name: String) throws -> Int {
    guard let i = subsystems.firstIndex(where: { $0.name == name }) else {
      throw FockError.dimensionMismatch(detail: "no subsystem named \(name) in [\(subsystems.map(\.name).joined(separator: ", "))]")
    }
    return i
  }

  /// The local level of subsystem `s` in basis state `state`.
  public func level(of s: Int, in state: Int) -> Int {
    var stride = 1
    for t in (s + 1)..<subsystems.count { stride *= subsystems[t].dimension }
    return (state / stride) % subsystems[s].dimension
  }

  /// I ⊗ … ⊗ op ⊗ … ⊗ I with `op` (d_s × d_s) on subsystem s.
  public func embed(_ op: SparseMatrix, on s: Int) -> SparseMatrix {
    var result = SparseMatrix.identity(1)
    for (t, sub) in subsystems.enumerated() {
      result = result.kronecker(t == s ? op : .identity(sub.dimension))
    }
    return result
  }

  /// The identity on the whole space.
  public var identity: SparseMatrix { .identity(dimension) }

  /// Annihilation operator of subsystem s: a = Σ_n √n |n−1⟩⟨n| (oscillator); σ⁻ = |g⟩⟨e| (two-level);
  /// J⁻ (spin, J⁻|j,m⟩ = √((j+m)(j−m+1)) |j,m−1⟩).
  public func lowering(_ s: Int) -> SparseMatrix { embed(FockOperators.lowering(subsystems[s]), on: s) }
  /// The excitation-number operator of subsystem s (a†a; |e⟩⟨e|; J_z + j).
  public func number(_ s: Int) -> SparseMatrix { embed(FockOperators.number(subsystems[s].dimension), on: s) }
}

/// Single-subsystem operators as sparse matrices.
public enum FockOperators {
  /// Lowering operator of one subsystem (see `FockSpace.lowering`).
  public static func lowering(_ sub: FockSubsystem) -> SparseMatrix {
    let d = sub.dimension
    switch sub.kind {
    case .oscillator, .twoLevel:
      return SparseMatrix(rows: d, columns: d, triplets: (1..<d).map { (row: $0 - 1, column: $0, value: Complex(Double($0).squareRoot(), 0)) })
    case .levels:
      return SparseMatrix(rows: d, columns: d, triplets: (1..<d).map { (row: $0 - 1, column: $0, value: Complex(1, 0)) })
    case .spin:
      let j = Double(d - 1) / 2
      return SparseMatrix(rows: d, columns: d, triplets: (1..<d).map { k in
        let m = Double(k) - j
        return (row: k - 1, column: k, value: Complex(((j + m) * (j - m + 1)).squareRoot(), 0))
      })
    }
  }
  /// The truncated oscillator annihilation operator a (d × d).
  public static func annihilation(_ d: Int) -> SparseMatrix {
    SparseMatrix(rows: d, columns: d, triplets: (1..<max(d, 1)).map { (row: $0 - 1, column: $0, value: Complex(Double($0).squareRoot(), 0)) })
  }
  /// diag(0, 1, …, d−1).
  public static func number(_ d: Int) -> SparseMatrix { .diagonal((0..<d).map { Complex(Double($0), 0) }) }
}
