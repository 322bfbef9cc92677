import ClausiusNumerics
import Numerics

/// Errors of the optomechanical-lattice feature (paper 002). Each case names the parameter, its value
/// and the allowed range.
public enum OptomechanicalLatticeError: Error, Equatable, CustomStringConvertible, Sendable {
  case invalidParameter(name: String, value: Double, allowed: String)
  case invalidShape(parameter: String, detail: String)
  /// The mean-field equations found no solution below the residual tolerance.
  case meanFieldNotConverged(bestResidual: Double)

  public var description: String {
    switch self {
    case let .invalidParameter(name, value, allowed): return "\(name) = \(value) is not allowed; it must be \(allowed)"
    case let .invalidShape(parameter, detail): return "\(parameter): \(detail)"
    case let .meanFieldNotConverged(r):
      return "the mean-field equations (paper 002, Eq. 1 with Eq. 3) did not converge from any start (best residual \(r)); check the drive and detuning"
    }
  }
}

@inline(__always) func latticeRequire(_ v: Double, _ name: String, positive: Bool = false, nonNegative: Bool = false) throws {
  guard v.isFinite else { throw OptomechanicalLatticeError.invalidParameter(name: name, value: v, allowed: "finite") }
  if positive, !(v > 0) { throw OptomechanicalLatticeError.invalidParameter(name: name, value: v, allowed: "> 0") }
  if nonNegative, !(v >= 0) { throw OptomechanicalLatticeError.invalidParameter(name: name, value: v, allowed: "≥ 0") }
}

/// A coherently driven lattice of L optomechanical cells, in the frame rotating at the drive:
///
///   H = Σ_ℓ [−Δ_ℓ a_ℓ†a_ℓ + F_ℓ* a_ℓ + F_ℓ a_ℓ† − g_ℓ a_ℓ†a_ℓ(b_ℓ + b_ℓ†) + ω_m^(ℓ) b_ℓ†b_ℓ] − (J/2) Σ_ℓℓ' A_ℓℓ' a_ℓ†a_ℓ',
///   D = Σ_ℓ γ_m^(ℓ)[(n̄_ℓ+1)D[b_ℓ] + n̄_ℓ D[b_ℓ†]] + γ_c^(ℓ) D[a_ℓ].
///
/// Δ_ℓ = ω_p − ω_c^(ℓ) (angular frequencies, ħ = 1), A is a symmetric 0/1 adjacency matrix with zero diagonal.
/// Reference: paper 002, Eqs. (1)–(3).
public struct OptomechanicalLattice: Sendable {
  public let siteCount: Int
  /// A_ℓℓ' (symmetric, 0/1 entries, zero diagonal).
  public let adjacency: Matrix<Double>
  /// Optical hopping J (the Hamiltonian carries −J/2 per ordered pair, so a ring has bands −J cos k).
  public let hopping: Double
  /// F_ℓ (complex drive amplitudes).
  public let drives: [Complex<Double>]
  /// Δ_ℓ = ω_p − ω_c^(ℓ).
  public let detunings: [Double]
  /// g_ℓ, optomechanical vacuum couplings.
  public let couplings: [Double]
  public let mechanicalFrequencies: [Double]
  public let opticalLoss: [Double]
  public let mechanicalDamping: [Double]
  public let thermalOccupations: [Double]

  public init(adjacency: Matrix<Double>, hopping: Double, drives: [Complex<Double>], detunings: [Double], couplings: [Double],
              mechanicalFrequencies: [Double], opticalLoss: [Double], mechanicalDamping: [Double], thermalOccupations: [Double]) throws {
    let l = adjacency.rows
    guard l >= 1, adjacency.isSquare else { throw OptomechanicalLatticeError.invalidShape(parameter: "adjacency A", detail: "is \(adjacency.rows)×\(adjacency.columns), must be L×L with L ≥ 1") }
    for j in 0..<l { for i in 0..<l {
      let a = adjacency[i, j]
      guard a == 0 || a == 1 else { throw OptomechanicalLatticeError.invalidParameter(name: "adjacency A[\(i),\(j)]", value: a, allowed: "0 or 1") }
      guard a == adjacency[j, i] else { throw OptomechanicalLatticeError.invalidShape(parameter: "adjacency A", detail: "must be symmetric (A[\(i),\(j)] ≠ A[\(j),\(i)])") }
      if i == j, a != 0 { throw OptomechanicalLatticeError.invalidParameter(name: "adjacency A[\(i),\(i)]", value: a, allowed: "0 (no self-hopping)") }
    } }
    try latticeRequire(hopping, "hopping J")
    let arrays: [(String, Int)] = [("drives F", drives.count), ("detunings Δ", detunings.count), ("couplings g", couplings.count),
                                   ("mechanical frequencies ω_m", mechanicalFrequencies.count), ("optical loss γ_c", opticalLoss.count),
                                   ("mechanical damping γ_m", mechanicalDamping.count), ("thermal occupations n̄", thermalOccupations.count)]
    for (name, c) in arrays where c != l { throw OptomechanicalLatticeError.invalidShape(parameter: name, detail: "has \(c) entries, must have L = \(l)") }
    for i in 0..<l {
      try latticeRequire(drives[i].real, "drive Re F[\(i)]"); try latticeRequire(drives[i].imaginary, "drive Im F[\(i)]")
      try latticeRequire(detunings[i], "detuning Δ[\(i)]")
      try latticeRequire(couplings[i], "coupling g[\(i)]")
      try latticeRequire(mechanicalFrequencies[i], "mechanical frequency ω_m[\(i)]", positive: true)
      try latticeRequire(opticalLoss[i], "optical loss γ_c[\(i)]", positive: true)
      try latticeRequire(mechanicalDamping[i], "mechanical damping γ_m[\(i)]", positive: true)
      try latticeRequire(thermalOccupations[i], "thermal occupation n̄[\(i)]", nonNegative: true)
    }
    siteCount = l; self.adjacency = adjacency; self.hopping = hopping; self.drives = drives; self.detunings = detunings
    self.couplings = couplings; self.mechanicalFrequencies = mechanicalFrequencies; self.opticalLoss = opticalLoss
    self.mechanicalDamping = mechanicalDamping; self.thermalOccupations = thermalOccupations
  }

  /// Adjacency of a ring of L sites (L ≥ 3), A_{ℓ,ℓ±1 mod L} = 1.
  public static func ringAdjacency(_ l: Int) throws -> Matrix<Double> {
    guard l >= 3 else { throw OptomechanicalLatticeError.invalidParameter(name: "ring size L", value: Double(l), allowed: "≥ 3") }
    var a = Matrix<Double>(rows: l, columns: l)
    for i in 0..<l { a[i, (i + 1) % l] = 1; a[(i + 1) % l, i] = 1 }
    return a
  }

  /// Adjacency of an open chain of L sites.
  public static func chainAdjacency(_ l: Int) throws -> Matrix<Double> {
    guard l >= 1 else { throw OptomechanicalLatticeError.invalidParameter(name: "chain size L", value: Double(l), allowed: "≥ 1") }
    var a = Matrix<Double>(rows: l, columns: l)
    for i in 0..<(l - 1) { a[i, i + 1] = 1; a[i + 1, i] = 1 }
    return a
  }

  /// κ_ℓ = 2 g_ℓ² ω_m/(ω_m² + γ_m²/4): the static optical-spring shift per photon, Δ̃_ℓ = Δ_ℓ + κ_ℓ|α_ℓ|².
  /// From the stationary mechanical mean field β_ℓ = g_ℓ|α_ℓ|²/(ω_m − iγ_m/2). Reference: paper 002, Eq. (4)
  /// (the paper's Δ̃ ≈ Δ + 2g²|α|²/ω_m is the γ_m ≪ ω_m limit).
  public func springShift(_ l: Int) -> Double {
    let w = mechanicalFrequencies[l], gm = mechanicalDamping[l]
    return 2 * couplings[l] * couplings[l] * w / (w * w + gm * gm / 4)
  }

  /// The lattice whose stationary mean field is the prescribed {α_ℓ} at effective detunings {Δ̃_ℓ}: solves the
  /// mean-field equations for the drives, F_ℓ = −i[(iΔ̃_ℓ − γ_c/2)α_ℓ + i(J/2)Σ_ℓ' A_ℓℓ' α_ℓ'], Δ_ℓ = Δ̃_ℓ − κ_ℓ|α_ℓ|².
  /// This is how paper 002 parametrises its figures (|α|², Δ̃ given). Reference: paper 002, Eqs. (1), (4).
  public static func driven(toMeanField alpha: [Complex<Double>], effectiveDetunings: [Double], adjacency: Matrix<Double>, hopping: Double,
                            couplings: [Double], mechanicalFrequencies: [Double], opticalLoss: [Double], mechanicalDamping: [Double],
                            thermalOccupations: [Double]) throws -> OptomechanicalLattice {
    let l = adjacency.rows
    guard alpha.count == l, effectiveDetunings.count == l else {
      throw OptomechanicalLatticeError.invalidShape(parameter: "mean field α / effective detunings Δ̃", detail: "need L = \(l) entries each")
    }
    for i in 0..<l { try latticeRequire(alpha[i].real, "Re α[\(i)]"); try latticeRequire(alpha[i].imaginary, "Im α[\(i)]"); try latticeRequire(effectiveDetunings[i], "Δ̃[\(i)]") }
    // Build with placeholder drives to validate and to reach springShift.
    let probe = try OptomechanicalLattice(adjacency: adjacency, hopping: hopping, drives: Array(repeating: .zero, count: l), detunings: effectiveDetunings,
                                          couplings: couplings, mechanicalFrequencies: mechanicalFrequencies, opticalLoss: opticalLoss,
                                          mechanicalDamping: mechanicalDamping, thermalOccupations: thermalOccupations)
    var f = [Complex<Double>](repeating: .zero, count: l), delta = [Double](repeating: 0, count: l)
    let i1 = Complex<Double>(0, 1)
    for m in 0..<l {
      var hop = Complex<Double>.zero
      for n in 0..<l where adjacency[m, n] != 0 { hop = hop + alpha[n] }
      let lhs = (i1 * Complex(effectiveDetunings[m], 0) - Complex(opticalLoss[m] / 2, 0)) * alpha[m] + i1 * Complex(hopping / 2, 0) * hop
      f[m] = -i1 * lhs
      delta[m] = effectiveDetunings[m] - probe.springShift(m) * alpha[m].lengthSquared
    }
    return try OptomechanicalLattice(adjacency: adjacency, hopping: hopping, drives: f, detunings: delta, couplings: couplings,
                                     mechanicalFrequencies: mechanicalFrequencies, opticalLoss: opticalLoss, mechanicalDamping: mechanicalDamping,
                                     thermalOccupations: thermalOccupations)
  }
}

/// One stationary mean-field solution {α_ℓ, β_ℓ} of paper 002's lattice.
public struct OptomechanicalMeanField: Sendable {
  /// α_ℓ = ⟨a_ℓ⟩.
  public let alpha: [Complex<Double>]
  /// β_ℓ = ⟨b_ℓ⟩ = g_ℓ|α_ℓ|²/(ω_m − iγ_m/2).
  public let beta: [Complex<Double>]
  /// Δ̃_ℓ = Δ_ℓ + g_ℓ(β_ℓ + β_ℓ*) = Δ_ℓ + κ_ℓ|α_ℓ|² (Eq. 4).
  public let effectiveDetunings: [Double]
  /// G_ℓ = g_ℓ α_ℓ (Eq. 4).
  public let linearisedCouplings: [Complex<Double>]
  /// max_ℓ |dα_ℓ/dt| at the solution, relative to max_ℓ |F_ℓ| (or absolute if all F = 0).
  public let residual: Double
}

/// The set of mean-field solutions found, with a multistability flag (several coexisting fixed points;
/// their dynamical stability is decided by the linearised drift, see `OptomechanicalLinearisation`).
public struct OptomechanicalMeanFieldReport: Sendable {
  public let solutions: [OptomechanicalMeanField]
  public var isMultistable: Bool { solutions.count > 1 }
  /// Number of Newton starts tried.
  public let starts: Int
}

extension OptomechanicalLattice {
  /// dα_ℓ/dt of the mean-field equations (β eliminated adiabatically in its stationary value):
  /// dα_ℓ/dt = [i(Δ_ℓ + κ_ℓ|α_ℓ|²) − γ_c/2]α_ℓ + i(J/2)Σ_ℓ' A_ℓℓ' α_ℓ' − iF_ℓ. Reference: paper 002, Eqs. (1)–(4).
  public func meanFieldVelocity(_ alpha: [Complex<Double>]) -> [Complex<Double>] {
    let l = siteCount, i1 = Complex<Double>(0, 1)
    return (0..<l).map { m in
      var hop = Complex<Double>.zero
      for n in 0..<l where adjacency[m, n] != 0 { hop = hop + alpha[n] }
      let dt = Complex(detunings[m] + springShift(m) * alpha[m].lengthSquared, 0)
      return (i1 * dt - Complex(opticalLoss[m] / 2, 0)) * alpha[m] + i1 * Complex(hopping / 2, 0) * hop - i1 * drives[m]
    }
  }

  /// Real Jacobian of the mean-field velocity with respect to (Re α_0, Im α_0, Re α_1, …).
  func meanFieldJacobian(_ alpha: [Complex<Double>]) -> Matrix<Double> {
    let l = siteCount, i1 = Complex<Double>(0, 1)
    var jac = Matrix<Double>(rows: 2 * l, columns: 2 * l)
    for m in 0..<l {
      let k = springShift(m)
      let base = i1 * Complex(detunings[m] + k * alpha[m].lengthSquared, 0) - Complex(opticalLoss[m] / 2, 0)
      let dx = base + i1 * Complex(2 * k * alpha[m].real, 0) * alpha[m]
      let dy = i1 * base + i1 * Complex(2 * k * alpha[m].imaginary, 0) * alpha[m]
      jac[2 * m, 2 * m] = dx.real; jac[2 * m + 1, 2 * m] = dx.imaginary
      jac[2 * m, 2 * m + 1] = dy.real; jac[2 * m + 1, 2 * m + 1] = dy.imaginary
      for n in 0..<l where adjacency[m, n] != 0 {
        // ∂/∂Re α_n of i(J/2)α_n = i J/2;  ∂/∂Im α_n = −J/2.
        jac[2 * m + 1, 2 * n] += hopping / 2
        jac[2 * m, 2 * n + 1] += -hopping / 2
      }
    }
    return jac
  }

  func newton(from start: [Complex<Double>], scale: Double, maxIterations: Int = 100) -> (alpha: [Complex<Double>], residual: Double) {
    var z = start
    func norm(_ v: [Complex<Double>]) -> Double { v.reduce(0) { Swift.max($0, $1.length) } }
    var f = meanFieldVelocity(z), r = norm(f)
    for _ in 0..<maxIterations {
      if r <= 1e-13 * scale { break }
      let jac = meanFieldJacobian(z)
      var rhs = [Double](repeating: 0, count: 2 * siteCount)
      for m in 0..<siteCount { rhs[2 * m] = -f[m].real; rhs[2 * m + 1] = -f[m].imaginary }
      guard let step = try? LUFactorization(jac).solve(rhs), step.allSatisfy(\.isFinite) else { break }
      // Backtracking line search on max-norm of the residual.
      var t = 1.0, accepted = false
      for _ in 0..<30 {
        let trial = (0..<siteCount).map { z[$0] + Complex(t * step[2 * $0], t * step[2 * $0 + 1]) }
        let ft = meanFieldVelocity(trial), rt = norm(ft)
        if rt < r || rt <= 1e-13 * scale { z = trial; f = ft; r = rt; accepted = true; break }
        t /= 2
      }
      if !accepted { break }
    }
    return (z, r)
  }

  /// All stationary mean-field solutions that Newton iterations (with backtracking line search) reach from
  /// (i) a continuation in drive power from F = 0 up to F (following the branch), (ii) a continuation down from
  /// strong drive, and (iii) `randomStarts` random starts with |α_ℓ|² spread up to the largest occupation the
  /// drive can sustain. Solutions that coincide within 10⁻⁸ relative are merged. Reference: paper 002, Eqs. (1)–(4).
  /// Throws `meanFieldNotConverged` if no start converges to residual ≤ `tolerance` (relative to max|F|).
  public func meanFieldSolutions(randomStarts: Int = 24, continuationSteps: Int = 40, tolerance: Double = 1e-10) throws -> OptomechanicalMeanFieldReport {
    let l = siteCount
    let fmax = drives.reduce(0) { Swift.max($0, $1.length) }
    let scale = Swift.max(fmax, 1e-300)
    var found: [[Complex<Double>]] = [], best = Double.infinity, starts = 0
    func accept(_ z: [Complex<Double>], _ r: Double) {
      best = Swift.min(best, r / scale)
      guard r <= tolerance * scale else { return }
      let zn = z.reduce(0) { Swift.max($0, $1.length) }
      if found.contains(where: { old in (0..<l).allSatisfy { (old[$0] - z[$0]).length <= 1e-8 * Swift.max(zn, 1) } }) { return }
      found.append(z)
    }
    // (i) Continuation upward in drive amplitude.
    var z = [Complex<Double>](repeating: .zero, count: l)
    for s in 1...continuationSteps {
      let frac = Double(s) / Double(continuationSteps)
      let scaled = withDrives(drives.map { $0 * Complex(frac, 0) })
      z = scaled.newton(from: z, scale: scale * frac).alpha
    }
    starts += 1; let up = newton(from: z, scale: scale); accept(up.alpha, up.residual)
    // (ii) Continuation downward from a strongly driven (single-branch) point.
    // Energy bound: d/dt Σ|α|² = −Σγ_c|α|² + 2 Im Σ F*α ⇒ at a fixed point Σ|α|² ≤ 4 Σ|F|²/γ_min².
    let gMin = opticalLoss.min()!
    let nMax = Swift.max(4 * drives.reduce(0) { $0 + $1.lengthSquared } / (gMin * gMin), 1e-12)
    z = (0..<l).map { m in drives[m].length > 0 ? drives[m] * Complex(nMax.squareRoot() / drives[m].length, 0) : .zero }
    for s in stride(from: continuationSteps, through: 0, by: -1) {
      let frac = 1 + 3 * Double(s) / Double(continuationSteps)
      let scaled = withDrives(drives.map { $0 * Complex(frac, 0) })
      z = scaled.newton(from: z, scale: scale * frac).alpha
    }
    starts += 1; let down = newton(from: z, scale: scale); accept(down.alpha, down.residual)
    // (iii) Deterministic pseudo-random starts (reproducible).
    var state: UInt64 = 0x9E3779B97F4A7C15
    func uniform() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
    for _ in 0..<randomStarts {
      let start = (0..<l).map { _ -> Complex<Double> in
        let n = nMax * uniform(), th = 2 * Double.pi * uniform()
        return Complex(n.squareRoot() * Double.cos(th), n.squareRoot() * Double.sin(th))
      }
      starts += 1
      let r = newton(from: start, scale: scale)
      accept(r.alpha, r.residual)
    }
    guard !found.isEmpty else { throw OptomechanicalLatticeError.meanFieldNotConverged(bestResidual: best) }
    let sols = found.map { a -> OptomechanicalMeanField in
      let beta = (0..<l).map { m in Complex(couplings[m] * a[m].lengthSquared, 0) / Complex(mechanicalFrequencies[m], -mechanicalDamping[m] / 2) }
      let dt = (0..<l).map { detunings[$0] + springShift($0) * a[$0].lengthSquared }
      let res = meanFieldVelocity(a).reduce(0) { Swift.max($0, $1.length) } / scale
      return OptomechanicalMeanField(alpha: a, beta: beta, effectiveDetunings: dt, linearisedCouplings: (0..<l).map { a[$0] * Complex(couplings[$0], 0) }, residual: res)
    }.sorted { $0.alpha.reduce(0) { $0 + $1.lengthSquared } < $1.alpha.reduce(0) { $0 + $1.lengthSquared } }
    return OptomechanicalMeanFieldReport(solutions: sols, starts: starts)
  }

  func withDrives(_ f: [Complex<Double>]) -> OptomechanicalLattice {
    var c = self; c.drivesStorage = f; return c
  }
}

extension OptomechanicalLattice {
  fileprivate var drivesStorage: [Complex<Double>] {
    get { drives }
    set { self = OptomechanicalLattice(unchecked: self, drives: newValue) }
  }
  fileprivate init(unchecked o: OptomechanicalLattice, drives: [Complex<Double>]) {
    siteCount = o.siteCount; adjacency = o.adjacency; hopping = o.hopping; self.drives = drives; detunings = o.detunings
    couplings = o.couplings; mechanicalFrequencies = o.mechanicalFrequencies; opticalLoss = o.opticalLoss
    mechanicalDamping = o.mechanicalDamping; thermalOccupations = o.thermalOccupations
  }
}
