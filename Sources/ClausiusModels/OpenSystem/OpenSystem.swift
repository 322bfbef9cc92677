import ClausiusNumerics
import Foundation
import Numerics

/// A general open quantum system: subsystems (oscillators, qubits, spins, n-level systems) in a tensor product,
/// a Hamiltonian written as a sum of operator terms, and thermal baths that couple through Hermitian operators.
///
///   H = Σ_s H_s^bare + Σ_t h_t,   H_int,α = −S_α ⊗ B_α,
///
/// with the bare terms ω a†a (oscillator), ω σ⁺σ⁻ (qubit), ω J_z (spin) or Σ_k E_k |k⟩⟨k| (n-level system), and each
/// h_t an `OperatorExpression`. Each bath has a spectral density J(ω) in the normalisation of docs/conventions.md
/// (rates γ(ω) = 2J(ω)(n̄(ω)+1), γ(−ω) = 2J(ω)n̄(ω) for ω > 0), a temperature and optionally the rate γ(0) of its
/// zero-frequency component (needed when S has one and J(ω)/ω diverges at 0). docs/model-format.md, "open-system".
public struct OpenSystem: Sendable {
  /// One factor of the tensor product, with its bare Hamiltonian.
  public struct Subsystem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      case oscillator(levels: Int)
      case qubit
      case spin(twiceJ: Int)
      case levels(energies: [Double])
    }
    public var name: String
    public var kind: Kind
    /// ω of the bare term (oscillator ω a†a, qubit ω σ⁺σ⁻, spin ω J_z); 0 for none; unused for n-level systems.
    public var frequency: Double

    public init(name: String, kind: Kind, frequency: Double = 0) { self.name = name; self.kind = kind; self.frequency = frequency }
  }

  /// One term of H: its text (for messages), the parsed expression and the subsystems it acts on.
  public struct Term: Sendable {
    public var text: String
    public var expression: OperatorExpression
    public var support: Set<Int>
    /// A subsystem's bare term (from its `frequency` or `energies`), not a written term.
    public var isBare: Bool
  }

  public struct Bath: Sendable {
    public var name: String
    public var operatorText: String
    public var coupling: OperatorExpression
    public var spectralDensity: SpectralDensity
    public var temperature: Double
    /// γ(0) given by the user (overrides the limit 2T lim J(ω)/ω).
    public var zeroFrequencyRate: Double?
    /// The subsystems S acts on.
    public var support: Set<Int>
    /// Whether the global and Redfield equations include this bath's Lamb shift S(ω) (`lambShift`, LambShift.swift).
    public var includesLambShift = false

    public init(name: String, operator text: String, spectralDensity: SpectralDensity, temperature: Double, zeroFrequencyRate: Double? = nil) throws {
      self.name = name; operatorText = text; self.spectralDensity = spectralDensity; self.temperature = temperature
      self.zeroFrequencyRate = zeroFrequencyRate
      coupling = try OperatorExpression.parse(text)
      support = []
    }

    /// γ(ω) for a Bohr frequency ω of S (ω > 0: emission into the bath, ω < 0: absorption; docs/conventions.md).
    /// γ(0) = the given zero-frequency rate, else 2T lim J(ω)/ω, else an error naming the bath.
    public func rate(_ omega: Double, zeroTolerance: Double, weight: Double = .nan) throws -> Double {
      if abs(omega) <= zeroTolerance {
        if let g0 = zeroFrequencyRate { return g0 }
        guard let slope = spectralDensity.zeroFrequencySlope else {
          throw ModelError.zeroFrequencyRateUndefined(bath: name, density: "\(spectralDensity)", weight: weight)
        }
        return 2 * temperature * slope
      }
      let w = abs(omega)
      let j = try spectralDensity(w)
      let n = Conventions.boseEinstein(frequency: w, temperature: temperature)
      return omega > 0 ? 2 * j * (n + 1) : 2 * j * n
    }
  }

  public let subsystems: [Subsystem]
  public let space: FockSpace
  public let parameters: [String: Double]
  /// The bare terms (one per subsystem with a non-zero bare Hamiltonian) followed by the written terms.
  public let terms: [Term]
  public let baths: [Bath]
  /// H (sparse, on `space`).
  public let hamiltonian: SparseMatrix

  /// Builds and checks the model: every expression evaluates (known subsystems, operators and parameters), H and
  /// every S_α are Hermitian to 1e-12 of their size, and the space fits `maximumDimension`.
  public init(subsystems: [Subsystem], parameters: [String: Double] = [:], terms texts: [String], baths: [Bath],
              maximumDimension: Int = 1 << 14) throws {
    guard !subsystems.isEmpty else { throw ModelError.invalidParameter(name: "number of subsystems", value: 0, allowed: "≥ 1") }
    var facs: [FockSubsystem] = []
    for s in subsystems {
      switch s.kind {
      case let .oscillator(levels): facs.append(try FockSubsystem.oscillator(s.name, levels: levels))
      case .qubit: facs.append(FockSubsystem.twoLevel(s.name))
      case let .spin(twiceJ): facs.append(try FockSubsystem.spin(s.name, twiceJ: twiceJ))
      case let .levels(energies): facs.append(try FockSubsystem.levels(s.name, count: energies.count))
      }
    }
    var d = 1
    for f in facs {
      let (m, o) = d.multipliedReportingOverflow(by: f.dimension)
      guard !o, m <= maximumDimension else {
        throw ModelError.invalidParameter(name: "Hilbert-space dimension Π d_s (\(facs.map { "\($0.dimension)" }.joined(separator: " × ")))",
                                          value: o ? .infinity : Double(m), allowed: "≤ \(maximumDimension)")
      }
      d = m
    }
    let space = FockSpace(facs)
    self.subsystems = subsystems; self.space = space; self.parameters = parameters
    var terms: [Term] = []
    for (i, s) in subsystems.enumerated() {
      let text: String
      switch s.kind {
      case .oscillator: text = "\(s.frequency) * n(\(s.name))"
      case .qubit: text = "\(s.frequency) * sp(\(s.name)) * sm(\(s.name))"
      case .spin: text = "\(s.frequency) * jz(\(s.name))"
      case let .levels(e): text = e.enumerated().map { "\($0.element) * proj(\(s.name), \($0.offset), \($0.offset))" }.joined(separator: " + ")
      }
      if case .levels = s.kind {} else if s.frequency == 0 { continue }
      terms.append(Term(text: text, expression: try OperatorExpression.parse(text), support: [i], isBare: true))
    }
    func support(_ e: OperatorExpression) -> Set<Int> {
      Set(e.subsystems.compactMap { n in subsystems.firstIndex { $0.name == n } ?? Int(n) })
    }
    for t in texts {
      let e = try OperatorExpression.parse(t)
      terms.append(Term(text: t, expression: e, support: support(e), isBare: false))
    }
    self.terms = terms
    var h = SparseMatrix(rows: d, columns: d, triplets: [])
    for t in terms { h = h + (try t.expression.evaluate(on: space, parameters: parameters)) }
    try Self.requireHermitian(h, what: "the Hamiltonian")
    self.hamiltonian = h
    var bs = baths
    for k in bs.indices {
      bs[k].support = support(bs[k].coupling)
      let s = try bs[k].coupling.evaluate(on: space, parameters: parameters)
      try Self.requireHermitian(s, what: "the coupling operator of bath '\(bs[k].name)' (\(bs[k].operatorText))")
    }
    self.baths = bs
  }

  /// ‖A − A†‖_max ≤ 1e-12 max(1, ‖A‖_max), else an error naming the operator and the anti-Hermitian part.
  static func requireHermitian(_ a: SparseMatrix, what: String) throws {
    let diff = a + (-1.0) * a.adjoint
    let size = a.values.map(\.length).max() ?? 0, err = diff.values.map(\.length).max() ?? 0
    guard err <= 1e-12 * Swift.max(1, size) else {
      throw ModelError.invalidParameter(name: "\(what): max |A − A†| (not Hermitian; add '+ h.c.'?)", value: err, allowed: "≤ 1e-12 × \(Swift.max(1, size))")
    }
  }

  /// The coupling operator S_α of bath `b` on the whole space.
  public func coupling(_ b: Int) throws -> SparseMatrix { try baths[b].coupling.evaluate(on: space, parameters: parameters) }

  /// H_s: the sum of the terms acting on subsystem `s` alone (its bare term and e.g. a Kerr term), as an operator on
  /// the single-subsystem space (`local == true`) or embedded in the whole space.
  public func localHamiltonian(_ s: Int, local: Bool) throws -> SparseMatrix {
    let target = local ? FockSpace([space.subsystems[s]]) : space
    var h = SparseMatrix(rows: target.dimension, columns: target.dimension, triplets: [])
    for t in terms where t.support == [s] { h = h + (try t.expression.evaluate(on: target, parameters: parameters)) }
    return h
  }
}
