import Foundation
import Numerics

extension OptomechanicalSystem {
  /// The lab-frame Hamiltonian H = ω_c a†a + ω_m b†b − g a†a(b + b†). Reference: paper 000, Eq. (1).
  public var hamiltonian: SparseMatrix {
    let s = space, a = s.lowering(0), b = s.lowering(1)
    let n = a.adjoint * a
    return omegaC * n + omegaM * (b.adjoint * b) - g * (n * (b + b.adjoint))
  }

  /// The polaron-frame Hamiltonian H̃ = U†HU = ω_c ã†ã + ω_m b̃†b̃ − (g²/ω_m)(ã†ã)², with
  /// U = exp[α n_c (b† − b)] (= S† of Eq. 16). Reference: paper 000, Eq. (17).
  public var polaronHamiltonian: SparseMatrix {
    let s = space, a = s.lowering(0), b = s.lowering(1)
    let n = a.adjoint * a
    return omegaC * n + omegaM * (b.adjoint * b) - (g * g / omegaM) * (n * n)
  }

  /// The displacement operator D(α) = exp[α(b† − b)] on N_m levels, computed in an enlarged space and
  /// cropped, so the kept entries are the exact Franck–Condon factors ⟨m'|D(α)|m⟩ (to round-off).
  /// With `taylorOrder` K, the Taylor polynomial Σ_{j≤K} [α(b†−b)]^j / j! instead (the sideband
  /// expansion of Eq. 20a, with the 1/j! that the printed Eq. 20a omits), also exact within the block.
  ///
  /// The enlarged space grows like α² (N_big = N + 20 + ⌈8α√N + 4α²⌉): a non-finite α, a negative Taylor order
  /// or a size whose dense work (`OptomechanicalMemoryEstimate`) exceeds `MemoryBudget.limitBytes` throws before
  /// anything is allocated (`FockError.parameterOutOfRange`, `NumericsError.memoryLimit`).
  public static func displacementMatrix(alpha: Double, levels: Int, taylorOrder: Int? = nil) throws -> Matrix<Double> {
    guard alpha.isFinite else { throw FockError.parameterOutOfRange(name: "α = g/ω_m", value: alpha, allowed: "finite") }
    guard levels >= 1 else { throw FockError.levelsTooFew(subsystem: "mechanics", levels: levels, minimum: 1) }
    if let kMax = taylorOrder, kMax < 0 { throw FockError.parameterOutOfRange(name: "Taylor order", value: Double(kMax), allowed: "≥ 0") }
    let bigD = taylorOrder.map { Double(levels) + Double($0) + 1 }
      ?? OptomechanicalMemoryEstimate.exactDisplacementLevels(alpha: abs(alpha), levels: Double(levels))
    try MemoryBudget.require((taylorOrder == nil ? 6 : 4) * 8 * bigD * bigD)
    let big = Int(bigD)
    var x = Matrix<Double>(rows: big, columns: big)
    for m in 0..<(big - 1) {
      let s = Double(m + 1).squareRoot()
      x[m + 1, m] = alpha * s   // α b†
      x[m, m + 1] = -alpha * s  // −α b
    }
    var d: Matrix<Double>
    if let kMax = taylorOrder {
      d = .identity(big)
      var term = Matrix<Double>.identity(big)
      if kMax > 0 {
        for j in 1...kMax {
          term = (1 / Double(j)) * (x * term)
          d = d + term
        }
      }
    } else {
      d = try x.exponential()
    }
    return d.submatrix(rows: 0..<levels, columns: 0..<levels)
  }

  /// The Hamiltonians each bath's dissipators of `derivation` are in detailed balance with, where they differ from the
  /// equation's own H (its default heat counting): heat counted with them obeys Spohn's inequality
  /// −Σ_x J_x^counted/T_x ≥ 0 exactly, also in the truncated space (`ThermodynamicLaw.clausius`; docs/conventions.md,
  /// "Which laws bind which equation"). Rates G_x(ω)/G_x(−ω) = e^{ω/T_x} (Eqs. 7–8).
  /// - SME (Eqs. 3–10): each bath's jumps a, a† (b, b†) lower/raise its own mode's H_x = ω_c a†a (ω_m b†b) by ω_x:
  ///   both baths are counted with H_x (paper 003's local accounting).
  /// - DSME (Eqs. 11–14): the optical bath as in the SME (ω_c a†a); the mechanical jumps b − αn_c satisfy
  ///   [H, b − αn_c] = −ω_m(b − αn_c) with H of Eq. (1), and D[n_c] commutes with H: counted with H (the default).
  /// - GME_n, GME_n-FC, GME∞ (Eqs. 16–24): the optical jumps ã P_k carry the Bohr frequency ω_c − kω_m of
  ///   H̃₀ = ω_c ã†ã + ω_m b̃†b̃ — Eq. (20a) leaves out the Kerr term −(g²/ω_m)(ã†ã)² of H̃, which shifts the true Bohr
  ///   frequencies by −(g²/ω_m)(2n_c − 1) — so the optical bath is counted with H̃₀; the mechanical jumps b̃, b̃† and
  ///   D[ñ_c] are exact for H̃ (the default). In the steady state the two optical countings agree: they differ by
  ///   Tr{𝓓_c(ρ̃) K} with K a function of ñ_c, which only the optical bath changes (docs/papers/000.md).
  public func detailedBalanceHamiltonians(_ derivation: Derivation) -> [String: SparseMatrix] {
    let optical = omegaC * space.number(0), mechanical = omegaM * space.number(1)
    switch derivation {
    case .standard: return ["optical": optical, "mechanical": mechanical]
    case .dressedState: return ["optical": optical]
    case .globalSidebands, .globalSidebandsExactFC, .globalExact: return ["optical": optical + mechanical]
    default: return [:]
    }
  }

  /// The memory needed to build `derivation`'s master equation and solve it (`OptomechanicalMemoryEstimate`).
  public func memoryEstimate(_ derivation: Derivation) -> OptomechanicalMemoryEstimate {
    OptomechanicalMemoryEstimate(cavityLevels: cavityLevels, mechanicalLevels: mechanicalLevels, alpha: alpha, derivation: derivation)
  }

  /// The k-th phonon sideband of a displacement matrix: P_k = Σ_m D_{m+k, m} |m+k⟩⟨m| (k > 0 creates
  /// k phonons, k < 0 annihilates |k|). Bohr frequency of ã P_k under H̃ (Kerr term neglected, as in
  /// Eq. 20a): ω_c − k ω_m.
  static func sideband(_ d: Matrix<Double>, _ k: Int) -> SparseMatrix {
    let n = d.rows
    var t: [(row: Int, column: Int, value: Complex<Double>)] = []
    for m in 0..<n where m + k >= 0 && m + k < n {
      let v = d[m + k, m]
      if v != 0 { t.append((m + k, m, Complex(v, 0))) }
    }
    return SparseMatrix(rows: n, columns: n, triplets: t)
  }

  /// The master equation of paper 000 obtained by `derivation`.
  ///
  /// - SME (Eqs. 3–10), lab frame, heat counted with H (Eq. 1):
  ///   G_c(ω_c)D[a] + G_c(−ω_c)D[a†] (optical),  G_m(ω_m)D[b] + G_m(−ω_m)D[b†] (mechanical).
  /// - DSME (Eqs. 11–14), lab frame, heat counted with H: optical as SME; mechanical
  ///   G_m(ω_m)D[b − αn_c] + G_m(−ω_m)D[b† − αn_c] + 4(κ_m T_m/ω_m)α² D[n_c].
  /// - GME_n and GME∞ (Eqs. 16–24), polaron frame ρ̃ = U†ρU, H̃ of Eq. (17), heat counted with H̃
  ///   (unitarily equivalent to H, so J_x is frame independent):
  ///   optical Σ_k G_c(ω_c − kω_m) D[ã P_k] + G_c(−ω_c + kω_m) D[P_k† ã†], |k| ≤ n/2 (or all k);
  ///   mechanical G_m(ω_m)D[b̃] + G_m(−ω_m)D[b̃†] + G_m(0)α² D[ñ_c].
  ///   The mechanical jump is b̃ (= b − αn_c in the lab, as in the DSME Eq. 13): Eq. (23) prints
  ///   D[b̃ − αn_c], which mixes frames (see docs/papers/000.md).
  /// G_x(ω): `rateC`/`rateM` (Eqs. 7–8 with flat γ_x = κ_x); G_m(0): `zeroFrequencyRateM`. Each dissipator carries its
  /// Bohr frequency (`FockDissipator.frequency`; 0 for the D[n_c] terms), from which `evolve` rescales its rate when the
  /// bath temperature depends on time.
  /// Throws `NumericsError.memoryLimit` before building anything when the displacement matrix and the jump
  /// operators would exceed `MemoryBudget.limitBytes` (`OptomechanicalMemoryEstimate`).
  public func masterEquation(_ derivation: Derivation) throws -> FockMasterEquation {
    switch derivation {
    case .standard, .dressedState, .globalSidebands, .globalSidebandsExactFC, .globalExact: break
    default:
      throw MasterEquationError.unsupported("the \(derivation) equation is not one of paper 000's (\(DerivationMenu.optomechanical.allowedNames))")
    }
    let estimate = memoryEstimate(derivation)
    try MemoryBudget.require(estimate.displacementBytes + estimate.operatorBytes)
    let s = space
    let a = s.lowering(0), b = s.lowering(1)
    let n = a.adjoint * a
    let alpha = self.alpha
    switch derivation {
    case .standard, .dressedState:
      let h = hamiltonian
      var ds: [FockDissipator] = [
        FockDissipator(bath: "optical", rate: try rateC(omegaC), operator: a, countingHamiltonian: h, label: "G_c(ω_c) D[a]", frequency: omegaC),
        FockDissipator(bath: "optical", rate: try rateC(-omegaC), operator: a.adjoint, countingHamiltonian: h, label: "G_c(−ω_c) D[a†]", frequency: -omegaC),
      ]
      if derivation == .standard {
        ds += [FockDissipator(bath: "mechanical", rate: try rateM(omegaM), operator: b, countingHamiltonian: h, label: "G_m(ω_m) D[b]", frequency: omegaM),
               FockDissipator(bath: "mechanical", rate: try rateM(-omegaM), operator: b.adjoint, countingHamiltonian: h, label: "G_m(−ω_m) D[b†]", frequency: -omegaM)]
        return try FockMasterEquation(space: s, hamiltonian: h, dissipators: ds, frame: "lab", name: "SME")
      }
      ds += [FockDissipator(bath: "mechanical", rate: try rateM(omegaM), operator: b - alpha * n, countingHamiltonian: h, label: "G_m(ω_m) D[b − αn_c]", frequency: omegaM),
             FockDissipator(bath: "mechanical", rate: try rateM(-omegaM), operator: b.adjoint - alpha * n, countingHamiltonian: h, label: "G_m(−ω_m) D[b† − αn_c]", frequency: -omegaM),
             FockDissipator(bath: "mechanical", rate: zeroFrequencyRateM * alpha * alpha, operator: n, countingHamiltonian: h, label: "4(κ_m T_m/ω_m) α² D[n_c]", frequency: 0)]
      return try FockMasterEquation(space: s, hamiltonian: h, dissipators: ds, frame: "lab", name: "DSME")
    default:
      var order: Int?, taylor = false
      switch derivation {
      case let .globalSidebands(nSide), let .globalSidebandsExactFC(nSide):
        guard nSide >= 2, nSide % 2 == 0 else { throw FockError.sidebandOrderNotEven(order: nSide) }
        order = nSide / 2
        if case .globalSidebands = derivation { taylor = true }
      default: order = nil
      }
      let h = polaronHamiltonian
      let dMatrix = try Self.displacementMatrix(alpha: alpha, levels: mechanicalLevels, taylorOrder: taylor ? order : nil)
      let aCav = FockOperators.annihilation(cavityLevels)
      let kMax = min(order ?? (mechanicalLevels - 1), mechanicalLevels - 1)
      var ds: [FockDissipator] = []
      for k in -kMax...kMax {
        let p = Self.sideband(dMatrix, k)
        if p.nonZeroCount == 0 { continue }
        let jump = aCav.kronecker(p)
        let omega = omegaC - Double(k) * omegaM
        guard omega != 0 else {
          throw FockError.zeroBohrFrequency(bath: "optical", detail: "sideband k = \(k): ω_c − k ω_m = 0")
        }
        let sb = k == 0 ? "ω_c" : (k > 0 ? "ω_c−\(k)ω_m" : "ω_c+\(-k)ω_m")
        ds.append(FockDissipator(bath: "optical", rate: try rateC(omega), operator: jump, countingHamiltonian: h, label: "G_c(\(sb)) D[ã P_\(k)]", frequency: omega))
        ds.append(FockDissipator(bath: "optical", rate: try rateC(-omega), operator: jump.adjoint, countingHamiltonian: h, label: "G_c(−(\(sb))) D[P_\(k)† ã†]", frequency: -omega))
      }
      ds += [FockDissipator(bath: "mechanical", rate: try rateM(omegaM), operator: b, countingHamiltonian: h, label: "G_m(ω_m) D[b̃]", frequency: omegaM),
             FockDissipator(bath: "mechanical", rate: try rateM(-omegaM), operator: b.adjoint, countingHamiltonian: h, label: "G_m(−ω_m) D[b̃†]", frequency: -omegaM),
             FockDissipator(bath: "mechanical", rate: zeroFrequencyRateM * alpha * alpha, operator: n, countingHamiltonian: h, label: "G_m(0) α² D[ñ_c]", frequency: 0)]
      return try FockMasterEquation(space: s, hamiltonian: h, dissipators: ds, frame: "polaron (ρ̃ = U†ρU, U = exp[α n_c(b†−b)])", name: derivation.description)
    }
  }
}
