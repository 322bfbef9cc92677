import ClausiusNumerics
import ClausiusMasterEquations
import Foundation
import Numerics

/// Errors of the full-counting-statistics feature; each names the parameter and the allowed range.
public enum CountingStatisticsError: Error, Equatable, CustomStringConvertible, Sendable {
  case bathOutOfRange(bath: Int, bathCount: Int)
  /// The counted dissipator is not a sum of Lindblad terms with number-definite jumps (pure a or a†).
  case jumpNotNumberDefinite(bath: Int)
  case invalidParameter(name: String, value: Double, allowed: String)
  /// Coherent drives (linear terms): the tilted mean is not implemented.
  case drivenSystem
  /// No stabilising biased covariance exists at this s: θ(s) is singular (s beyond the branch point of the
  /// large-deviation function, e.g. 1 − 4γ₁γ₂x(s)/γ² < 0 for a single mode).
  case outsideDomain(s: Double)

  public var description: String {
    switch self {
    case let .bathOutOfRange(b, n): return "bath \(b) does not exist; the equation has baths 0..<\(n)"
    case let .jumpNotNumberDefinite(b): return "bath \(b): counting needs Lindblad jump operators that each lower or raise the excitation number (no a + a† mixtures)"
    case let .invalidParameter(name, value, allowed): return "\(name) = \(value) is not allowed; it must be \(allowed)"
    case let .outsideDomain(s): return "counting field s = \(s) is outside the domain of θ(s): the biased-covariance Riccati equation has no stabilising solution there (choose smaller |s|)"
    case .drivenSystem: return "counting statistics are implemented for undriven (zero-mean) Gaussian dynamics; remove the coherent drives"
    }
  }
}

/// What each exchanged excitation carries.
public enum CountedQuantity: Sendable, Equatable {
  /// Excitation number (each jump by c carries one quantum into the bath).
  case excitations
  /// Energy: each quantum carries `quantum` (its frequency, ħ = 1); cumulants scale as quantumⁿ.
  case energy(quantum: Double)
}

/// Full counting statistics of the excitations (or energy) exchanged between a Gaussian system and
/// one bath, for a quadratic Lindblad equation.
///
/// Tilted generator: each jump term r D[L] with L lowering (raising) the number gets its jump part
/// r L ρ L† weighted by e^{−s q} (e^{+s q}), q the carried charge (1 or the quantum energy); s counts
/// the charge flowing INTO the bath. With H_L = ℓℓ† (L = ℓᵀ r) and w(s) = r(e^{∓sq} − 1),
/// P(s) = Σ w Re H_L, Q(s) = Σ w Im H_L, the Gaussian tilted state has the biased covariance V_s:
///
///   0 = (A − ΩQ) V_s + V_s (A − ΩQ)ᵀ + 2 V_s P V_s + D + ½ Ωᵀ P Ω,
///   θ(s) = Tr(P V_s) − ½ Tr(Q Ω),
///
/// (derived from the Wigner representation of LρL†; in this convention, vacuum V = ½I). For a single
/// mode and one bath P = (f₊/2) I, ΩQ = (f₋/2) I with f± = γ[(N̄+1)(e^{−s}−1) ± N̄(e^{s}−1)], i.e.
/// paper 001's Eqs. (D1)–(D3) up to its normalisation of V and F± (see docs/papers/001.md).
/// Cumulants of the charge transferred into the bath: κ_n = (−1)ⁿ θ⁽ⁿ⁾(0) (paper 001, Eq. D4).
/// Reference: paper 001, Eqs. (D1)–(D7).
public struct GaussianCountingStatistics: Sendable {
  public let bath: Int
  public let quantity: CountedQuantity
  /// Drift A and diffusion D of the (quadrature-frame) equation.
  public let drift: Matrix<Double>
  public let diffusion: Matrix<Double>
  /// Steady covariance V (s = 0) and the relative residual of its Lyapunov solve.
  public let covariance: Matrix<Double>
  public let lyapunovResidual: Double
  let solver: LyapunovSolver
  /// (rate, charge, Re H_L, Im H_L) per jump term of the counted bath.
  let jumps: [(rate: Double, charge: Double, re: Matrix<Double>, im: Matrix<Double>)]
  let omega: Matrix<Double>

  public init(equation: MasterEquation, bath: Int, quantity: CountedQuantity = .excitations) throws {
    let eq = equation.inQuadratureFrame()
    guard let d = eq.dissipators.first(where: { $0.bath == bath }) else {
      throw CountingStatisticsError.bathOutOfRange(bath: bath, bathCount: eq.dissipators.count)
    }
    guard !eq.hamiltonian.linear.contains(where: { $0 != 0 }) else { throw CountingStatisticsError.drivenSystem }
    var unit = 1.0
    if case let .energy(q) = quantity {
      guard q.isFinite, q > 0 else { throw CountingStatisticsError.invalidParameter(name: "quantum energy", value: q, allowed: "finite and > 0") }
      unit = q
    }
    guard case let .lindblad(terms) = d.generator else { throw CountingStatisticsError.jumpNotNumberDefinite(bath: bath) }
    let n2 = 2 * eq.modeCount
    var js: [(Double, Double, Matrix<Double>, Matrix<Double>)] = []
    for t in terms where t.rate != 0 {
      let lad = t.operator.ladderCoefficients
      // A jump from a normal-mode transformation (global equation) carries round-off in the other ladder part:
      // coefficients below 1e-12 of the largest count as zero.
      let scale = lad.map { max($0.creation.length, $0.annihilation.length) }.max() ?? 0
      let zero = 1e-12 * scale
      let lowers = lad.allSatisfy { $0.creation.length <= zero }, raises = lad.allSatisfy { $0.annihilation.length <= zero }
      guard lowers != raises else { throw CountingStatisticsError.jumpNotNumberDefinite(bath: bath) }
      let l = t.operator.coefficients
      var re = Matrix<Double>(rows: n2, columns: n2), im = re
      for j in 0..<n2 { for i in 0..<n2 { let h = l[i] * l[j].conjugate; re[i, j] = h.real; im[i, j] = h.imaginary } }
      js.append((t.rate, lowers ? -unit : unit, re, im))
    }
    self.jumps = js
    self.bath = bath; self.quantity = quantity
    let dyn = eq.gaussianDynamics
    drift = dyn.drift; diffusion = dyn.diffusion
    solver = try LyapunovSolver(drift: drift)
    let sol = try solver.solve(diffusion)
    covariance = sol.solution; lyapunovResidual = sol.relativeResidual
    omega = Conventions.symplecticForm(modes: eq.modeCount)
  }

  /// P(s), Q(s) of the tilt.
  func tilt(_ s: Double) -> (p: Matrix<Double>, q: Matrix<Double>) {
    let n2 = drift.rows
    var p = Matrix<Double>(rows: n2, columns: n2), q = p
    for j in jumps { let w = j.rate * expm1(j.charge * s); p += w * j.re; q += w * j.im }
    return (p, q)
  }

  /// k-th derivative at s = 0 of P and Q: Σ r qᵏ (Re H, Im H).
  func tiltDerivative(_ k: Int) -> (p: Matrix<Double>, q: Matrix<Double>) {
    let n2 = drift.rows
    var p = Matrix<Double>(rows: n2, columns: n2), q = p
    for j in jumps { let w = j.rate * pow(j.charge, Double(k)); p += w * j.re; q += w * j.im }
    return (p, q)
  }

  /// Coefficients (Ã, R, Q̃) of the biased-covariance Riccati equation Ã X + X Ãᵀ + X R X + Q̃ = 0.
  public func riccatiCoefficients(s: Double) -> (a: Matrix<Double>, r: Matrix<Double>, q: Matrix<Double>) {
    let (p, q) = tilt(s)
    let a = drift - omega * q
    let qt = (diffusion + 0.5 * omega.multiplied(by: p * omega, transposeSelf: .transpose)).symmetrized
    return (a, 2 * p, qt)
  }

  /// θ(s) and the biased covariance V_s with its Riccati diagnostics (Schur route, or Newton–Kleinman).
  /// Reference: paper 001, Eqs. (D1), (D3).
  public func scaledCumulantGeneratingFunction(_ s: Double, newtonKleinman: Bool = false) throws -> (theta: Double, biasedCovariance: RiccatiSolution) {
    guard s.isFinite else { throw CountingStatisticsError.invalidParameter(name: "counting field s", value: s, allowed: "finite") }
    let sol: RiccatiSolution
    do {
    if newtonKleinman {
      // Continuation in s from V_0 (Newton–Kleinman needs a stabilising start): steps of |Δs q| ≤ 0.05.
      let maxCharge = jumps.map { abs($0.charge) }.max() ?? 1
      let steps = Swift.max(1, Int((abs(s) * maxCharge / 0.05).rounded(.up)))
      var x = covariance
      var last: RiccatiSolution? = nil
      for k in 1...steps {
        let (a, r, q) = riccatiCoefficients(s: s * Double(k) / Double(steps))
        last = try RiccatiSolver.solveNewtonKleinman(a: a, r: r, q: q, initial: x)
        x = last!.solution
      }
      sol = last!
    } else {
      let (a, r, q) = riccatiCoefficients(s: s)
      sol = try RiccatiSolver.solve(a: a, r: r, q: q)
    }
    } catch NumericsError.unstableDrift {
      throw CountingStatisticsError.outsideDomain(s: s)          // Newton–Kleinman: closed loop lost stability
    } catch NumericsError.noStabilisingSolution {
      throw CountingStatisticsError.outsideDomain(s: s)
    }
    // The tilted Gaussian operator must be normalisable: V_s positive definite (V_s diverges at the branch
    // point of θ; a Riccati solution beyond it with an indefinite V_s is not the large-deviation branch).
    guard let smallest = try? sol.solution.symmetricEigen(vectors: false).values.min(), smallest > 0 else {
      throw CountingStatisticsError.outsideDomain(s: s)
    }
    let (p, qq) = tilt(s)
    return (trace(p * sol.solution) - 0.5 * trace(qq * omega), sol)
  }

  /// θ(s) (Schur route).
  public func theta(_ s: Double) throws -> Double { try scaledCumulantGeneratingFunction(s).theta }

  /// Derivatives θ⁽ᵏ⁾(0), k = 1…order, exactly: V_s = Σ V_k sᵏ/k! from the hierarchy of Lyapunov equations
  /// A V_k + V_k Aᵀ + R_k = 0 obtained by differentiating the Riccati equation k times at s = 0 (one Schur
  /// form of A for all k). Returns the derivatives and the largest Lyapunov residual.
  public func thetaDerivatives(order: Int) throws -> (derivatives: [Double], residual: Double) {
    guard order >= 1, order <= 8 else { throw CountingStatisticsError.invalidParameter(name: "cumulant order", value: Double(order), allowed: "1…8") }
    func binom(_ n: Int, _ k: Int) -> Double { var r = 1.0; if k > 0 { for i in 1...k { r = r * Double(n - k + i) / Double(i) } }; return r }
    var vs: [Matrix<Double>] = [covariance]
    var pd: [Matrix<Double>] = [Matrix(rows: drift.rows, columns: drift.columns)], qd = pd
    for k in 1...order { let t = tiltDerivative(k); pd.append(t.p); qd.append(t.q) }
    var derivs: [Double] = [], worst = lyapunovResidual
    for k in 1...order {
      var tk = -0.5 * trace(qd[k] * omega)
      for m in 1...k { tk += binom(k, m) * trace(pd[m] * vs[k - m]) }
      derivs.append(tk)
      if k == order { break }
      // R_k for V_k (needs V_0 … V_{k−1}).
      var rk = 0.5 * omega.multiplied(by: pd[k] * omega, transposeSelf: .transpose)
      for m in 1...k {
        let oq = omega * qd[m]
        let t = oq * vs[k - m]
        rk -= binom(k, m) * (t + t.transposed)
      }
      for b in 1...k { for a in 0...(k - b) {
        let c = k - b - a
        let coeff = binom(k, b) * binom(k - b, a)
        rk += (2 * coeff) * (vs[a] * pd[b] * vs[c])
      } }
      let sol = try solver.solve(rk.symmetrized)
      worst = Swift.max(worst, sol.relativeResidual)
      vs.append(sol.solution)
    }
    return (derivs, worst)
  }

  /// Cumulants κ_n (n = 1…order) of the charge transferred from the system INTO the bath per unit time,
  /// κ_n = (−1)ⁿ θ⁽ⁿ⁾(0) (paper 001, Eq. D4): κ_1 is the mean flow (paper's η_i), κ_2 the noise, κ_3 the skewness.
  public func cumulants(order: Int = 3) throws -> [Double] {
    try thetaDerivatives(order: order).derivatives.enumerated().map { (i, d) in (i % 2 == 0 ? -1 : 1) * d }
  }

  /// The same cumulants by central finite differences of θ(s) (Schur route) with step h (in units of
  /// 1/charge), Richardson-extrapolated from steps h and 2h (error O(h⁴)):
  /// θ′ ≈ [θ(h) − θ(−h)]/2h, θ″ ≈ [θ(h) − 2θ(0) + θ(−h)]/h², θ‴ ≈ [θ(2h) − 2θ(h) + 2θ(−h) − θ(−2h)]/2h³,
  /// D = (4D(h) − D(2h))/3. Error estimate: |D(h) − D(2h)|/3 × (h/2h)² ... reported as |D_R − D(h)| (the size
  /// of the O(h²) correction, an upper bound on the remaining error). Round-off: ~1e-14 θ/hⁿ (Riccati accuracy).
  public func finiteDifferenceCumulants(step h: Double = 2e-3) throws -> (cumulants: [Double], errorEstimates: [Double]) {
    guard h.isFinite, h > 0 else { throw CountingStatisticsError.invalidParameter(name: "finite-difference step", value: h, allowed: "finite and > 0") }
    let unit: Double
    if case let .energy(q) = quantity { unit = q } else { unit = 1 }
    let hs = h / unit
    let t = try [-4, -2, -1, 0, 1, 2, 4].map { try theta(Double($0) * hs) }
    // indices: −4h:0, −2h:1, −h:2, 0:3, h:4, 2h:5, 4h:6
    func derivs(_ m: Int, _ e: Double) -> [Double] {   // m = 1 uses ±h, ±2h; m = 2 uses ±2h, ±4h
      let (mm2, mm1, p1, p2) = m == 1 ? (t[1], t[2], t[4], t[5]) : (t[0], t[1], t[5], t[6])
      return [(p1 - mm1) / (2 * e), (p1 - 2 * t[3] + mm1) / (e * e), (p2 - 2 * p1 + 2 * mm1 - mm2) / (2 * e * e * e)]
    }
    let d1 = derivs(1, hs), d2 = derivs(2, 2 * hs)
    let dr = zip(d1, d2).map { (4 * $0 - $1) / 3 }
    let k = dr.enumerated().map { (i, d) in (i % 2 == 0 ? -1 : 1) * d }
    return (k, zip(dr, d1).map { abs($0 - $1) })
  }

  func trace(_ m: Matrix<Double>) -> Double { m.trace }
}

extension BosonicNetwork {
  /// The energy every quantum exchanged with bath `b` carries under `derivation`, when there is one: ω_i of the bath's
  /// mode for the local and collisional equations of a bath on one mode (each jump is a_i or a_i†, counted with
  /// H_i = ω_i a_i†a_i); nil otherwise (global jumps carry different normal-mode frequencies ν_k; Redfield has no jumps).
  /// Heat statistics are then the quanta's cumulants scaled by ωⁿ (`CountedQuantity.energy`).
  public func countedQuantum(bath b: Int, derivation: Derivation) -> Double? {
    switch derivation {
    case .local, .collisional: break
    default: return nil
    }
    switch baths[b].coupling {
    case let .quadrature(i), let .position(i): return frequencies[i]
    case .quadratures: return nil
    }
  }
}

