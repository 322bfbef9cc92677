import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import Numerics

/// Why a master equation cannot use the O(N·M) secular temperature sweep; callers fall back to
/// `gaussianSteadyState(reusing:)`.
public enum GlobalSweepError: Error, Equatable, CustomStringConvertible {
  /// Not a global (secular) equation in the normal-mode frame with Lindblad jumps.
  case notSecularGlobal(derivation: String)
  /// H_S has a linear (drive) term: the coherent displacement is not covered by the fast path.
  case drivenSystem
  /// Normal modes closer than the secular tolerance: their cross terms couple the modes.
  case degenerateNormalModes(modes: [Int], frequencies: [Double], tolerance: Double)
  /// A jump operator acts on several normal modes (a degenerate group kept together).
  case multiModeJump(bath: Int)
  /// Σ_α Γ_αk = 0: normal mode k is not damped, no unique steady state.
  case undampedNormalMode(mode: Int, frequency: Double)
  /// A temperature outside its range (or the wrong number of temperatures).
  case invalidParameter(name: String, value: Double, allowed: String)

  public var description: String {
    switch self {
    case let .notSecularGlobal(d): return "fast sweep needs a global (secular) Lindblad equation in the normal-mode frame; got \(d)"
    case .drivenSystem: return "fast sweep needs an undriven H_S (no linear term)"
    case let .degenerateNormalModes(m, f, t): return "normal modes \(m) with frequencies \(f) are degenerate within \(t); use the full path"
    case let .multiModeJump(b): return "bath \(b) has a jump operator on several normal modes; use the full path"
    case let .undampedNormalMode(k, f): return "normal mode \(k) (ν = \(f)) is not damped by any bath"
    case let .invalidParameter(n, v, a): return "\(n) = \(v) not allowed: \(a)"
    }
  }
}

/// One temperature point of a secular global sweep.
public struct GlobalSweepPoint: Sendable {
  /// T_α per bath (same order as the equation's dissipators).
  public let temperatures: [Double]
  /// ⟨ã_k†ã_k⟩ = Σ_α Γ_αk n̄_α(ν_k) / Σ_α Γ_αk. Reference: paper 004, Eq. (20) (stationary, non-degenerate).
  public let occupations: [Double]
  /// Q̇_α = Σ_k ν_k Γ_αk (n̄_α(ν_k) − ⟨ã_k†ã_k⟩), positive into the system. Reference: paper 004, Eq. (23).
  /// Evaluated as Σ_k ν_k Γ_αk Σ_β Γ_βk (n̄_α − n̄_β)/Σ_β Γ_βk, free of cancellation (Eq. 24's structure).
  public let heats: [Double]
  /// Σ = −Σ_α Q̇_α/T_α ≥ 0 (Clausius inequality; +∞ if a T = 0 bath absorbs heat).
  public let entropyProduction: Double
  /// d⟨H_S⟩/dt = Σ_α Q̇_α (zero up to round-off).
  public let energyRate: Double
  /// Σ_α ½|Tr[H_S D_α]| = Σ_αk ν_k Γ_αk (n̄_α + ½): the gross exchange, as in `FirstLawAudit.scale`.
  public let grossExchange: Double
  /// |Σ_α Q̇_α| / (gross + 2Σ_α|Q̇_α|), the same scale as `ThermodynamicsReport.firstLaw`.
  public var firstLawRelativeResidual: Double {
    let s = heats.reduce(grossExchange) { $0 + 2 * abs($1) }
    return s > 0 ? abs(energyRate) / s : abs(energyRate)
  }
}

/// Temperature sweep of a secular global master equation in O(N·M) per point (N normal modes, M baths),
/// without any 2N × 2N matrix. For non-degenerate normal modes each bath α only damps mode k towards its
/// own Bose occupation: d⟨ã_k†ã_k⟩/dt = Σ_α Γ_αk (n̄_α(ν_k) − ⟨ã_k†ã_k⟩) with the energy damping rate
/// Γ_αk = γ_α(ν_k)|c_αk|² − γ_α(−ν_k)|c_αk|² = 2J_α(ν_k)|c_αk|² (temperature independent; read from the
/// equation's jumps, rates γ_α(±ν) = 2J(n̄+1), 2J n̄ as in docs/conventions.md).
/// Reference: paper 004, Eqs. (10)–(11), (19)–(23).
public struct GlobalTemperatureSweep: Sendable {
  /// ν_k.
  public let frequencies: [Double]
  /// Γ_αk, indexed [bath][mode].
  public let dampingRates: [[Double]]
  public let bathNames: [String]
  let inverseSymplectic: Matrix<Double>

  /// Extracts ν_k and Γ_αk from a global equation; throws `GlobalSweepError` if the fast path does not apply.
  public init(equation eq: MasterEquation) throws {
    guard case let .global(tolerance) = eq.derivation, case let .normalModes(w) = eq.frame, let nu = eq.normalModeFrequencies else {
      throw GlobalSweepError.notSecularGlobal(derivation: "\(eq.derivation)")
    }
    guard !eq.hamiltonian.linear.contains(where: { $0 != 0 }) else { throw GlobalSweepError.drivenSystem }
    let n = nu.count
    // Same grouping as the derivation (relative tolerance × largest ν).
    let tol = tolerance * (nu.max() ?? 1)
    let order = (0..<n).sorted { nu[$0] < nu[$1] }
    var i = 0
    while i < n {
      var j = i
      while j + 1 < n, nu[order[j + 1]] - nu[order[j]] <= tol { j += 1 }
      if j > i { throw GlobalSweepError.degenerateNormalModes(modes: Array(order[i...j]), frequencies: order[i...j].map { nu[$0] }, tolerance: tol) }
      i = j + 1
    }
    let s2 = 0.5.squareRoot()
    var gamma: [[Double]] = []
    for (b, d) in eq.dissipators.enumerated() {
      guard case let .lindblad(terms) = d.generator else { throw GlobalSweepError.notSecularGlobal(derivation: "\(eq.derivation) (non-Lindblad dissipator)") }
      var g = [Double](repeating: 0, count: n)
      for t in terms {
        let l = t.operator.coefficients
        let support = (0..<n).filter { l[2 * $0] != .zero || l[2 * $0 + 1] != .zero }
        guard support.count <= 1 else { throw GlobalSweepError.multiModeJump(bath: b) }
        guard let k = support.first else { continue }
        // L = x x̃ + p p̃ = a ã + b ã† with a = (x − i p)/√2, b = (x + i p)/√2.
        let x = l[2 * k], p = l[2 * k + 1], ip = Complex(0, 1) * p
        let a = (x - ip) * Complex(s2, 0), bd = (x + ip) * Complex(s2, 0)
        g[k] += t.rate * (a.lengthSquared - bd.lengthSquared)
      }
      gamma.append(g)
    }
    for k in 0..<n where gamma.reduce(0, { $0 + $1[k] }) <= 0 {
      throw GlobalSweepError.undampedNormalMode(mode: k, frequency: nu[k])
    }
    frequencies = nu; dampingRates = gamma; bathNames = eq.dissipators.map(\.bathName); inverseSymplectic = w.inverseSymplectic
  }

  /// Occupations, heats, Σ and the first-law residual at bath temperatures `temperatures` (one per bath, ≥ 0).
  public func point(temperatures: [Double]) throws -> GlobalSweepPoint {
    guard temperatures.count == dampingRates.count else {
      throw GlobalSweepError.invalidParameter(name: "temperatures.count", value: Double(temperatures.count), allowed: "\(dampingRates.count) (one per bath)")
    }
    for (b, t) in temperatures.enumerated() where !(t.isFinite && t >= 0) {
      throw GlobalSweepError.invalidParameter(name: "temperature of bath \(b) (\(bathNames[b]))", value: t, allowed: "finite and ≥ 0")
    }
    let n = frequencies.count, m = temperatures.count
    var num = [Double](repeating: 0, count: n), den = num
    var nBar = [[Double]](repeating: [], count: m)
    for a in 0..<m {
      nBar[a] = frequencies.map { Conventions.boseEinstein(frequency: $0, temperature: temperatures[a]) }
      for k in 0..<n { num[k] += dampingRates[a][k] * nBar[a][k]; den[k] += dampingRates[a][k] }
    }
    let occ = (0..<n).map { num[$0] / den[$0] }
    var heats = [Double](repeating: 0, count: m)
    var gross = 0.0
    for a in 0..<m {
      var q = 0.0, g = 0.0
      for k in 0..<n {
        let e = frequencies[k] * dampingRates[a][k]
        // n̄_α − ⟨ã_k†ã_k⟩ = Σ_β Γ_βk (n̄_α − n̄_β) / Σ_β Γ_βk: no cancellation between n̄_α and the weighted mean
        // (whose difference can be ~10⁻¹³ of either when bath α barely touches mode k).
        var dn = 0.0
        for b in 0..<m where b != a { dn += dampingRates[b][k] * (nBar[a][k] - nBar[b][k]) }
        q += e * dn / den[k]; g += e * (nBar[a][k] + 0.5)
      }
      heats[a] = q; gross += abs(g)
    }
    let sigma = entropyProduction(zip(heats, temperatures).map { ($0, $1) })
    return GlobalSweepPoint(temperatures: temperatures, occupations: occ, heats: heats, entropyProduction: sigma,
                            energyRate: heats.reduce(0, +), grossExchange: gross)
  }

  /// The full quadrature covariance V = S⁻¹ Ṽ S⁻ᵀ, Ṽ = ⊕_k (⟨ã_k†ã_k⟩ + ½) I₂ (docs/conventions.md). O(N³): on demand only.
  public func covariance(of p: GlobalSweepPoint) -> Matrix<Double> {
    let diag = Matrix<Double>.diagonal(p.occupations.flatMap { [$0 + 0.5, $0 + 0.5] })
    return (inverseSymplectic * diag).multiplied(by: inverseSymplectic, transposeOther: .transpose).symmetrized
  }
}

extension MasterEquation {
  /// One point of the O(N·M) secular sweep: `GlobalTemperatureSweep(equation: self).point(temperatures:)`.
  /// Build the sweep once and call `point` repeatedly for many temperatures.
  public func globalHeatCurrents(temperatures: [Double]) throws -> GlobalSweepPoint {
    try GlobalTemperatureSweep(equation: self).point(temperatures: temperatures)
  }
}
