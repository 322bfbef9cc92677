import ClausiusNumerics
import Foundation
import Numerics

/// How a bath of the exact network solution couples to the system (docs/exact-langevin.md, Sec. 1).
public enum NetworkLangevinCoupling: Sendable {
  /// Full coupling H_int = −S ⊗ B with S = sᵀr (any quadrature combination: x_j, p_j, X_j = x_j/√ω_j, …), a bath
  /// of density J(ω) and retarded response χ̂(ω) in the normalisation of paper 004 (Eqs. 5, 29b, 33), with the
  /// counterterm ½χ̂(0)S² (the retarded kernel is χ̂(ω) − χ̂(0)). Only `.drudeOhmic` is accepted: its
  /// Markovian embedding decides stability exactly.
  case quadrature(s: [Double], spectralDensity: LangevinSpectralDensity)
  /// Rotating-wave coupling H_int = L ⊗ B† + L† ⊗ B with L = Σ_j c_j a_j, to a flat (white-noise) band:
  /// constant rate κ at every bath frequency ν ∈ ℝ (Gardiner & Collett, PRA 31, 3761 (1985), first Markov
  /// approximation), retarded kernel −(κ/2)δ(t) (no Lamb shift), thermal occupation n̄(ν, T) for ν > 0 and
  /// vacuum for ν ≤ 0. Its Born–Markov limit is κ[(n̄ + 1)D[L] + n̄ D[L†]].
  case ladder(coefficients: [Complex<Double>], rate: Double)
}

/// One bath of `ExactNetworkSteadyState`.
public struct NetworkLangevinBath: Sendable {
  public let coupling: NetworkLangevinCoupling
  public let temperature: Double
  public init(coupling: NetworkLangevinCoupling, temperature: Double) {
    self.coupling = coupling; self.temperature = temperature
  }
}

/// Exact non-equilibrium steady state of ANY quadratic network H_S = ½ rᵀGr + cᵀr, r = (x₁, p₁, …, x_N, p_N)
/// (docs/conventions.md), coupled to independent baths through quadratures (`.quadrature`, Ohmic–Drude) or
/// ladder operators (`.ladder`, flat white-noise band): the Landauer / non-equilibrium Green's-function
/// solution of the quantum Langevin equations. Derivation: docs/exact-langevin.md.
///
/// With Ω = ⊕[[0, 1], [−1, 0]] the Heisenberg–Langevin equations are ṙ = ΩGr + Ωc + Σ_α(bath force); in
/// frequency space (f̂(ω) = ∫f e^{iωt}dt) the fluctuations obey D(ω) r̂ = −Σ_c u_c η̂_c with (ω > 0)
///   D(ω) = G − iωΩ − Σ_{α∈Q} [χ̂_α(ω) − χ̂_α(0)] s_α s_αᵀ − Σ_{α∈L} κ_α Im(ℓ_α ℓ_α†)   (exact-langevin.md Eq. 6)
/// where L_α = ℓ_αᵀ r. Every bath contributes noise channels c = (u_c, w_c, f_c) (Eq. 8): a quadrature bath one,
/// u = s, w = 2J(ω), f = n̄(ω) + ½ (the symmetrised spectrum J coth(ω/2T), fluctuation–dissipation); a ladder bath
/// two, u₊ = ℓ*, w₊ = κ, f₊ = n̄(ω) + ½ (bath modes at +ω) and u₋ = ℓ, w₋ = −κ, f₋ = −½ (the vacuum modes at −ω).
/// Then, with X = D⁻¹[u_c] (Eqs. 9–11),
///   V = ½⟨{Δr, Δrᵀ}⟩ = (1/π) ∫₀^∞ dω Re[X diag(w_c f_c) X†],
///   Q̇_α = (1/2π) ∫₀^∞ dω ω Σ_{c∈α} Σ_{c'} w_c w_{c'} |u_c† D⁻¹ u_{c'}|² (f_c − f_{c'})   (Caroli form, > 0 into the system),
///   ⟨r⟩ = −A₀⁻¹Ωc with A₀ = ΩG − Σ_{α∈L} κ_α Ω Im(ℓ_α ℓ_α†) (the static bath response vanishes with the counterterm).
/// The Caroli form follows from the Ward identity D⁻¹ − D⁻† = 2i D⁻¹ΓD⁻†, Γ = ½Σ_c w_c u_c u_c†, and has no
/// cancellation between gross terms; for quadrature baths only it is the Landauer formula of paper 004
/// (`ExactLangevinSteadyState`). Stability is decided exactly from the Markovian embedding (Eq. 13): each
/// Drude bath adds one auxiliary coordinate z_α, ż_α = −Λ_α z_α + λ_α²Λ_α² S_α.
///
/// All integrals share one adaptive Gauss–Kronrod mesh (`AdaptiveGaussKronrod`) with breakpoints at the
/// poles of the embedding (centre |Im λ|, graded by the width −Re λ), at T_α and Λ_α, and a mapped
/// semi-infinite tail; every number carries a conservative error estimate.
public struct ExactNetworkSteadyState: Sendable {
  /// G and c of H_S = ½ rᵀGr + cᵀr (G includes no counterterm: it is the renormalised Hamiltonian).
  public let hamiltonian: Matrix<Double>
  public let linear: [Double]
  public let baths: [NetworkLangevinBath]
  /// V = ½⟨{Δr_k, Δr_l}⟩ in r = (x₁, p₁, …) and its conservative elementwise error estimate.
  public let covariance: Matrix<Double>
  public let covarianceError: Matrix<Double>
  /// ⟨r⟩ (nonzero only with a linear term, i.e. drives).
  public let means: [Double]
  /// Q̇_α into the system (energy leaving bath α, −d⟨H_B,α⟩/dt) and error estimates.
  public let heatCurrents: [Double]
  public let heatCurrentErrors: [Double]
  /// Gross exchange with each bath: (1/π)∫ω Σ_{c∈α}|w_c f_c Im(u_c†D⁻¹u_c)| dω (the size of the terms a
  /// non-Caroli evaluation would cancel; the scale for relative current errors).
  public let grossHeatExchange: [Double]
  /// Eigenvalues of the Markovian embedding's drift (all Re < 0 for a stable network).
  public let driftEigenvalues: [Complex<Double>]
  /// Resonance centres and half-widths used as quadrature breakpoints.
  public let resonances: [(centre: Double, halfWidth: Double)]
  /// ν_IR: flat (ladder) baths are thermally occupied at ν ≥ ν_IR only (see the init).
  public let infraredEdge: Double
  public let intervals: Int
  public let evaluations: Int
  public let converged: Bool

  public var modes: Int { hamiltonian.rows / 2 }
  /// Largest error estimate over the covariance entries.
  public var maxCovarianceError: Double { covarianceError.maxAbs }

  /// One noise channel at a frequency ω > 0.
  struct Channel {
    let bath: Int; let u: [Complex<Double>]; let w: Double; let f: Double
    /// Occupation used for the gross exchange: f for a quadrature bath (J decays at high ω), the thermal part
    /// f − ½ for a white-noise band (its vacuum part would give a log-divergent ∫dω/ω).
    let grossOccupation: Double
  }

  /// ℓ with L = Σ_j c_j a_j = ℓᵀr (a_j = (x_j + i p_j)/√2).
  static func ladderVector(_ c: [Complex<Double>]) -> [Complex<Double>] {
    var l = [Complex<Double>](repeating: .zero, count: 2 * c.count)
    let h = 1 / 2.0.squareRoot()
    for (j, cj) in c.enumerated() { l[2 * j] = cj * Complex(h, 0); l[2 * j + 1] = cj * Complex(0, h) }
    return l
  }

  /// Solves for the stationary state. Throws `ExactLangevinError` for invalid input (naming the bath and value),
  /// an unstable network or a mode no bath damps.
  public init(hamiltonian g: Matrix<Double>, linear c: [Double]? = nil, baths: [NetworkLangevinBath],
              quadrature: AdaptiveGaussKronrod = AdaptiveGaussKronrod()) throws {
    let n2 = g.rows, n = n2 / 2
    guard g.isSquare, n2 >= 2, n2 % 2 == 0 else { throw ExactLangevinError.invalidParameter(name: "Hamiltonian matrix G", value: "\(g.rows)×\(g.columns)", allowed: "2N×2N, N ≥ 1") }
    guard g.isFinite else { throw ExactLangevinError.invalidParameter(name: "Hamiltonian matrix G", value: "non-finite entries", allowed: "finite") }
    var asym = 0.0
    for j in 0..<n2 { for i in 0..<j { asym = max(asym, abs(g[i, j] - g[j, i])) } }
    guard asym <= 1e-12 * max(1, g.maxAbs) else { throw ExactLangevinError.invalidParameter(name: "Hamiltonian matrix G", value: "asymmetric by \(asym)", allowed: "symmetric") }
    let lin = c ?? [Double](repeating: 0, count: n2)
    guard lin.count == n2, lin.allSatisfy(\.isFinite) else { throw ExactLangevinError.invalidParameter(name: "linear term c", value: "\(lin.count) entries", allowed: "\(n2) finite entries") }
    guard !baths.isEmpty else { throw ExactLangevinError.invalidParameter(name: "baths", value: "[]", allowed: "at least one bath") }
    for (a, b) in baths.enumerated() {
      guard b.temperature.isFinite, b.temperature >= 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)].temperature", value: "\(b.temperature)", allowed: "0 ≤ T < ∞") }
      switch b.coupling {
      case let .quadrature(s, d):
        guard s.count == n2, s.allSatisfy(\.isFinite), s.contains(where: { $0 != 0 }) else {
          throw ExactLangevinError.invalidParameter(name: "baths[\(a)] coupling vector s", value: "\(s)", allowed: "\(n2) finite entries, not all zero") }
        guard case let .drudeOhmic(l2, cut) = d else {
          throw ExactLangevinError.invalidParameter(name: "baths[\(a)] spectral density", value: "custom", allowed: "Ohmic–Drude (its Markovian embedding decides stability)") }
        guard l2.isFinite, l2 > 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] λ²", value: "\(l2)", allowed: "0 < λ² < ∞") }
        guard cut.isFinite, cut > 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] cutoff Λ", value: "\(cut)", allowed: "0 < Λ < ∞") }
      case let .ladder(cs, k):
        guard cs.count == n, cs.allSatisfy({ $0.real.isFinite && $0.imaginary.isFinite }), cs.contains(where: { $0 != .zero }) else {
          throw ExactLangevinError.invalidParameter(name: "baths[\(a)] ladder operator L = Σ c_j a_j", value: "\(cs.count) coefficients", allowed: "\(n) finite coefficients, not all zero") }
        guard k.isFinite, k > 0 else { throw ExactLangevinError.invalidParameter(name: "baths[\(a)] rate κ", value: "\(k)", allowed: "0 < κ < ∞") }
      }
    }
    hamiltonian = g; linear = lin; self.baths = baths
    let omega = Conventions.symplecticForm(modes: n)

    // A₀ = ΩG + ladder damping −κΩ Im(ℓℓ†) (Eq. 5); Markovian embedding (Eq. 13).
    var a0 = omega * g
    var ells: [[Complex<Double>]?] = []
    for b in baths {
      guard case let .ladder(cs, k) = b.coupling else { ells.append(nil); continue }
      let l = Self.ladderVector(cs)
      ells.append(l)
      var imLL = Matrix<Double>(rows: n2, columns: n2)
      for j in 0..<n2 { for i in 0..<n2 { imLL[i, j] = (l[i] * l[j].conjugate).imaginary } }
      a0 -= k * (omega * imLL)
    }
    let drude: [(bath: Int, s: [Double], l2: Double, cut: Double)] = baths.enumerated().compactMap { a, b in
      if case let .quadrature(s, .drudeOhmic(l2, cut)) = b.coupling { return (a, s, l2, cut) } else { return nil }
    }
    let na = n2 + drude.count
    var aug = Matrix<Double>(rows: na, columns: na)
    for j in 0..<n2 { for i in 0..<n2 { aug[i, j] = a0[i, j] } }
    for (z, d) in drude.enumerated() {
      let os = omega * d.s
      for j in 0..<n2 { for i in 0..<n2 { aug[i, j] += d.l2 * d.cut * os[i] * d.s[j] } }   // counterterm + instantaneous response
      for i in 0..<n2 { aug[i, n2 + z] = -os[i]; aug[n2 + z, i] = d.l2 * d.cut * d.cut * d.s[i] }
      aug[n2 + z, n2 + z] = -d.cut
    }
    let eig: [Complex<Double>]
    do { eig = try aug.eigen().values } catch { throw ExactLangevinError.numerical(detail: "drift eigenvalues: \(error)") }
    driftEigenvalues = eig
    let scale = max(eig.map(\.length).max() ?? 1, .leastNormalMagnitude)
    // dgeev's eigenvalues carry absolute errors ~ ε_mach‖A_aug‖ (≈ 2e-16 · scale for these nearly normal drifts):
    // a real part within 50 ε_mach · scale of zero is not resolved, so the mode counts as undamped.
    let resolvable = 50 * Double.ulpOfOne * scale
    for e in eig where e.real >= -resolvable {
      if e.real > resolvable {
        throw ExactLangevinError.unstableNetwork(growthRate: e.real, frequency: abs(e.imaginary))
      }
      throw ExactLangevinError.undampedMode(frequency: abs(e.imaginary), width: -e.real)
    }

    // Means: A₀⟨r⟩ = −Ωc.
    if lin.contains(where: { $0 != 0 }) {
      do { means = try a0.solve(Matrix(rows: n2, columns: 1, columnMajor: (omega * lin).map { -$0 })).elements }
      catch { throw ExactLangevinError.numerical(detail: "means: \(error)") }
    } else { means = lin }

    // Breakpoints from the poles.
    var res: [(centre: Double, halfWidth: Double)] = []
    for e in eig where e.imaginary > 0 { res.append((e.imaginary, -e.real)) }
    resonances = res
    // Infrared edge of the flat bands' thermal occupation (docs/exact-langevin.md Sec. 2): κ n̄(ν) ~ κT/ν is not
    // integrable at ν → 0, so a flat band at T > 0 has no finite exact state; its thermal modes are taken to occupy
    // ν ≥ ν_IR = ½ min(resonance) (vacuum below), which changes V by O(κT/Ω² ln) — below the Born–Markov error.
    let infraredEdge = 0.5 * (res.map(\.centre).min() ?? 0)
    self.infraredEdge = infraredEdge
    var extra: [Double] = [infraredEdge] + res.map { $0.centre + $0.halfWidth }
    var top = res.map(\.centre).max() ?? 0
    for e in eig where e.imaginary == 0 { extra.append(-e.real); top = max(top, min(-e.real, 1e6 * max(top, 1e-300))) }
    for b in baths where b.temperature > 0 { extra.append(b.temperature); top = max(top, b.temperature) }
    for d in drude { top = max(top, d.cut) }
    if top <= 0 { top = 1 }
    let clean = AdaptiveGaussKronrod.resonanceBreakpoints(res, extra: extra, ladderStart: (res.map(\.centre).max() ?? top / 8) * 2, top: top)

    // Components: V upper triangle (group 0), Q̇_α (group 1), gross_α (group 2).
    let m = baths.count
    var upper: [(Int, Int)] = []
    for j in 0..<n2 { for i in 0...j { upper.append((i, j)) } }
    let nU = upper.count
    let count = nU + 2 * m
    var groups = [Int](repeating: 0, count: count)
    for i in nU..<(nU + m) { groups[i] = 1 }
    for i in (nU + m)..<count { groups[i] = 2 }
    // Evaluation in the ladder basis φ = (a₁, a₁†, a₂, a₂†, …), r = Uφ with U = ⊕(1/√2)[[1, 1], [−i, i]] unitary
    // (docs/exact-langevin.md Sec. 4): D_φ = U†DU has −iωU†ΩU = diag(−ω, +ω, …), so near a resonance the small
    // pivot ω_j − ω is an exact floating-point difference and D_φ(ω) differs from the exact matrix by an
    // ω-independent perturbation — the integrand stays smooth even for widths ~1e-10 ω, where the quadrature
    // basis would give rounding noise of relative size ε_mach·ω/γ.
    let h = 1 / 2.0.squareRoot()
    let uMat = Matrix<Complex<Double>>(rows: n2, columns: n2) { i, j in
      guard i / 2 == j / 2 else { return .zero }
      return i % 2 == 0 ? Complex(h, 0) : Complex(0, j % 2 == 0 ? -h : h)
    }
    let uAdj = uMat.adjoint
    func toLadder(_ v: [Complex<Double>]) -> [Complex<Double>] { (0..<n2).map { i in (0..<n2).reduce(Complex<Double>.zero) { $0 + uAdj[i, $1] * v[$1] } } }
    var base = uAdj * g.complex * uMat
    for (a, b) in baths.enumerated() {
      guard case let .ladder(_, k) = b.coupling, let l = ells[a] else { continue }
      let imLL = Matrix<Complex<Double>>(rows: n2, columns: n2) { i, j in Complex(k * (l[i] * l[j].conjugate).imaginary, 0) }
      base -= uAdj * imLL * uMat
    }
    // Channel vectors in both bases: u (quadratures, for V) and U†u (ladder basis, for D_φ⁻¹).
    let quadratureVectors: [[Complex<Double>]?] = baths.map { b in
      if case let .quadrature(s, _) = b.coupling { return toLadder(s.map { Complex($0, 0) }) } else { return nil }
    }
    let ladderVectors: [(plus: [Complex<Double>], minus: [Complex<Double>])?] = ells.map { l in
      l.map { (toLadder($0.map(\.conjugate)), toLadder($0)) }
    }
    let bathsCopy = baths
    var failure: String? = nil
    let integrand: (Double) -> [Double] = { w in
      var out = [Double](repeating: 0, count: count)
      // D_φ(ω) and the channels at this ω (Eqs. 6, 8).
      var d = base
      for j in 0..<n { d[2 * j, 2 * j] = d[2 * j, 2 * j] - Complex(w, 0); d[2 * j + 1, 2 * j + 1] = d[2 * j + 1, 2 * j + 1] + Complex(w, 0) }
      var chans: [Channel] = []
      for (a, b) in bathsCopy.enumerated() {
        let t = b.temperature
        let nbar = t == 0 ? 0 : 1 / expm1(w / t)
        switch b.coupling {
        case let .quadrature(_, dens):
          let lam = dens.subtractedResponse(w)
          let sp = quadratureVectors[a]!
          for j in 0..<n2 { for i in 0..<n2 { d[i, j] = d[i, j] - lam * sp[i] * sp[j].conjugate } }
          chans.append(Channel(bath: a, u: sp, w: 2 * dens.j(w), f: nbar + 0.5, grossOccupation: nbar + 0.5))
        case .ladder(_, let k):
          let lv = ladderVectors[a]!
          let thermal = w >= infraredEdge ? nbar : 0
          chans.append(Channel(bath: a, u: lv.plus, w: k, f: thermal + 0.5, grossOccupation: thermal))
          chans.append(Channel(bath: a, u: lv.minus, w: -k, f: -0.5, grossOccupation: 0))
        }
      }
      var u = Matrix<Complex<Double>>(rows: n2, columns: chans.count)
      for (c, ch) in chans.enumerated() { for i in 0..<n2 { u[i, c] = ch.u[i] } }
      let xl: Matrix<Complex<Double>>
      do { xl = try d.solve(u) } catch { failure = "D(ω) at ω = \(w): \(error)"; return out }
      let x = uMat * xl   // back to quadratures: X = D⁻¹u = U D_φ⁻¹ U†u
      // V_ω = X diag(w f) X† (Eq. 9).
      for (idx, (i, j)) in upper.enumerated() {
        var s = 0.0
        for (c, ch) in chans.enumerated() { s += ch.w * ch.f * (x[i, c] * x[j, c].conjugate).real }
        out[idx] = s / Double.pi
      }
      // T_cc' = |u_c† X_c'|² (Eq. 11) and the gross terms.
      var tm = [[Double]](repeating: [Double](repeating: 0, count: chans.count), count: chans.count)
      var diag = [Double](repeating: 0, count: chans.count)
      for (c, ch) in chans.enumerated() {
        for c2 in chans.indices {
          var z = Complex<Double>.zero
          for i in 0..<n2 { z = z + ch.u[i].conjugate * xl[i, c2] }
          tm[c][c2] = z.lengthSquared
          if c == c2 { diag[c] = z.imaginary }
        }
      }
      for (c, ch) in chans.enumerated() {
        var q = 0.0
        for (c2, ch2) in chans.enumerated() where c2 != c && ch2.f != ch.f { q += ch2.w * tm[c][c2] * (ch.f - ch2.f) }
        out[nU + ch.bath] += w * ch.w * q / (2 * Double.pi)
        out[nU + m + ch.bath] += w * abs(ch.w * ch.grossOccupation * diag[c]) / Double.pi
      }
      return out
    }
    let r = quadrature.integrate(count: count, groups: groups, points: clean, tail: true, integrand)
    if let f = failure { throw ExactLangevinError.numerical(detail: f) }
    var v = Matrix<Double>(rows: n2, columns: n2), ev = v
    for (idx, (i, j)) in upper.enumerated() {
      v[i, j] = r.values[idx]; v[j, i] = r.values[idx]
      ev[i, j] = r.errors[idx]; ev[j, i] = r.errors[idx]
    }
    covariance = v; covarianceError = ev
    heatCurrents = Array(r.values[nU..<(nU + m)])
    heatCurrentErrors = Array(r.errors[nU..<(nU + m)])
    grossHeatExchange = Array(r.values[(nU + m)...])
    intervals = r.intervals; evaluations = r.evaluations; converged = r.converged
    guard v.isFinite, heatCurrents.allSatisfy(\.isFinite) else { throw ExactLangevinError.numerical(detail: "non-finite moments from the frequency integrals") }
  }

  /// ⟨a_j†a_k⟩ − ⟨a_j†⟩⟨a_k⟩ of the fluctuations, from V (a = (x + ip)/√2):
  /// ⟨a_j†a_k⟩ = ½[V_xx + V_pp + i(V_xp − V_px)]_{jk} − ½δ_jk.
  public var normalOrderedCorrelations: Matrix<Complex<Double>> {
    let n = modes
    return Matrix(rows: n, columns: n) { j, k in
      let xx = covariance[2 * j, 2 * k], pp = covariance[2 * j + 1, 2 * k + 1]
      let xp = covariance[2 * j, 2 * k + 1], px = covariance[2 * j + 1, 2 * k]
      return Complex(0.5 * (xx + pp) - (j == k ? 0.5 : 0), 0.5 * (xp - px))
    }
  }
}
