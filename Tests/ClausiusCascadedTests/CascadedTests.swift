import Testing
import Foundation
import Numerics
@testable import Clausius

/// Parameter sets covering complex F, θ ≠ 0, detuning, unequal occupations (κ = 1 units).
let generalSets: [(d: Double, f: Complex<Double>, theta: Double, n: (Double, Double, Double))] = [
  (0.7, Complex(0.3, 0.2), 0.4, (2.0, 5.0, 1.0)),
  (-1.3, Complex(-0.5, 0.4), 1.1, (0.5, 3.0, 2.0)),
  (2.5, Complex(0.8, -0.6), -2.0, (4.0, 0.2, 0.7)),
  (0.0, Complex(0.0, 0.9), 0.0, (1.0, 2.0, 3.0)),
]

func maxAbs(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double { (a - b).maxAbs }

@Suite struct CascadedMasterEquationTests {
  /// Eq. (1) built as a MasterEquation gives exactly the Langevin drift of Eq. (2) (written independently
  /// from the input–output relations) and the noise K = B diag(N̄ + ½) B†. Round-off only: 1e-13.
  @Test func driftAndDiffusionMatchLangevinEq2() throws {
    for p in generalSets {
      let net = try CascadedNetwork.twoOscillators(kappa1: 0.8, kappa2: 1.3, gamma1: 0.6, gamma2: 1.7, omega1: 0.2, detuning: p.d,
                                                   theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let dyn = net.masterEquation().gaussianDynamics
      #expect(maxAbs(dyn.drift, quadratureDrift(complex: net.langevinDrift)) < 1e-13)
      let (b, occ) = net.langevinNoise
      let k = b * Matrix<Complex<Double>>.diagonal(occ.map { Complex($0 + 0.5, 0) }) * b.adjoint
      #expect(maxAbs(dyn.diffusion, quadratureDrift(complex: k)) < 1e-13)
    }
    // N = 3 cascade, arbitrary phases and F's.
    let net3 = try CascadedNetwork(frequencies: [0.1, -0.4, 0.9], ownRates: [1, 0.5, 2], ownOccupations: [1, 2, 3], cascadeRates: [0.7, 1.2, 0.4],
                                   phases: [0.3, -1.0, 2.2], reciprocityBreaking: [Complex(0.2, 0.1), Complex(-0.3, 0.5)], commonOccupation: 0.5)
    #expect(maxAbs(net3.masterEquation().gaussianDynamics.drift, quadratureDrift(complex: net3.langevinDrift)) < 1e-13)
    let (b3, occ3) = net3.langevinNoise
    let k3 = b3 * Matrix<Complex<Double>>.diagonal(occ3.map { Complex($0 + 0.5, 0) }) * b3.adjoint
    #expect(maxAbs(net3.masterEquation().gaussianDynamics.diffusion, quadratureDrift(complex: k3)) < 1e-13)
    let ss3 = try CascadedSteadyState(net3), lang3 = try net3.langevinOccupations()
    for i in 0..<3 { #expect(abs(ss3.occupations[i] - lang3.occupations[i]) < 1e-12) }
    #expect(abs(ss3.quantaFlows.reduce(0, +)) < 1e-12)
  }

  /// A long cascade (N = 120): every own bath's drift and diffusion is stored as its 2×2 block (sparse parts, so N
  /// baths cost O(N²) memory, not O(N³): a 300-mode cascade needed 3.5 GB with dense parts), and the quanta flows from
  /// the double-double heat kernel on those parts equal the independent route: own bath i exchanges
  /// κ_i(N̄_i − n̄_i) quanta (its rates κ_i(N̄_i + 1) D[c_i] + κ_i N̄_i D[c_i†], paper 001 Eq. 1) and the channel −Σ_i
  /// (H and the cascade conserve Σ c_i†c_i), with n̄_i from the Langevin form (Eq. 2), a separate Lyapunov solve.
  @Test func longCascadeSparsePartsAndFlows() throws {
    let n = 120
    let net = try CascadedNetwork(frequencies: (0..<n).map { 0.01 * Double($0 % 7) }, ownRates: Array(repeating: 1, count: n),
                                  ownOccupations: (0..<n).map { 0.5 + 0.01 * Double($0) }, cascadeRates: Array(repeating: 1, count: n),
                                  phases: Array(repeating: 0, count: n), reciprocityBreaking: Array(repeating: .zero, count: n - 1), commonOccupation: 0.5)
    let parts = net.masterEquation().gaussianDynamics.perDissipator
    #expect(parts.count == n + 1)
    for p in parts.prefix(n) { #expect(p.sparseDrift.nonZeroCount <= 4 && p.sparseDiffusion.nonZeroCount <= 4) }
    let ss = try CascadedSteadyState(net), lang = try net.langevinOccupations()
    let gross = (0..<n).reduce(0.0) { $0 + net.ownRates[$1] * (2 * net.ownOccupations[$1] + 1) }
    for i in 0..<n {
      #expect(abs(ss.occupations[i] - lang.occupations[i]) <= 1e-10 * (1 + lang.occupations[i]))
      let own = net.ownRates[i] * (net.ownOccupations[i] - lang.occupations[i])
      #expect(abs(ss.quantaFlows[i] - own) <= 1e-10 * gross, "bath \(i): \(ss.quantaFlows[i]) vs \(own)")
    }
    let ownSum = (0..<n).reduce(0.0) { $0 + net.ownRates[$1] * (net.ownOccupations[$1] - lang.occupations[$1]) }
    #expect(abs(ss.quantaFlows[n] + ownSum) <= 1e-10 * gross)
  }

  /// Appendix C, Eqs. (C1)–(C2), against the Lyapunov solution of the master equation (and the Langevin
  /// route). Closed forms are rational in well-scaled numbers; Lyapunov residuals ~1e-15 ⇒ 1e-11 relative.
  @Test func occupationsMatchC1C2() throws {
    for p in generalSets {
      let net = try CascadedNetwork.symmetric(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let ss = try CascadedSteadyState(net)
      let c1 = Paper001ClosedForms.n1(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let c2 = Paper001ClosedForms.n2(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      #expect(abs(ss.occupations[0] - c1) / c1 < 1e-11)
      #expect(abs(ss.occupations[1] - c2) / c2 < 1e-11)
      let lang = try net.langevinOccupations()
      #expect(abs(lang.occupations[0] - ss.occupations[0]) < 1e-11 && abs(lang.occupations[1] - ss.occupations[1]) < 1e-11)
      #expect(lang.residual < 1e-12)
      // Corrected (C10)/(C11) agree; printed ones do not whenever Im{F e^{iθ}} ≠ 0 (misprint, docs/papers/001.md).
      let dn1 = Paper001ClosedForms.deltaN1(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let dn2 = Paper001ClosedForms.deltaN2(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      #expect(abs(ss.excess[0] - dn1) < 1e-11 && abs(ss.excess[1] - dn2) < 1e-11)
      let printed = Paper001ClosedForms.deltaN1Printed(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let im = (p.f * Complex(cos(p.theta), sin(p.theta))).imaginary
      if abs(im) > 0.05, abs(p.n.0 - p.n.2) > 0.1 { #expect(abs(printed - ss.excess[0]) > 1e-3) }
    }
  }

  /// F = 0: (C3)/(C8) n̄_1 = m̄_1, (C4)/(C9), (C5) at Δ = 0, and Eq. (3) in terms of m̄.
  @Test func perfectNonReciprocity() throws {
    for d in [0.0, 0.5, -2.0, 7.0] {
      let (n1, n2, n3) = (3.0, 1.0, 0.5)
      let ss = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: d, theta: 0.7, n1: n1, n2: n2, n3: n3))
      #expect(abs(ss.occupations[0] - 0.5 * (n1 + n3)) < 1e-12)
      #expect(abs(ss.occupations[1] - Paper001ClosedForms.n2PerfectlyNonReciprocal(kappa: 1, detuning: d, n1: n1, n2: n2, n3: n3)) < 1e-12)
      #expect(abs(ss.excess[1] - Paper001ClosedForms.deltaN2Eq3(kappa: 1, detuning: d, m1: ss.disconnected[0], m3: n3)) < 1e-12)
      if d == 0 { #expect(abs(ss.occupations[1] - 0.25 * (n1 + 2 * n2 + n3)) < 1e-12) }
    }
    // |Δ| → ∞ recovers the disconnected occupations (C6)-(C7): by (C10)-(C11) the leading correction is
    // Re{F e^{iθ}}(N̄_1 − N̄_3)/(2Δ) = 0.3·2.5/2e6 ≈ 4e-7 at Δ = 1e6.
    let far = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: 1e6, f: Complex(0.3, 0.1), n1: 3, n2: 1, n3: 0.5))
    #expect(abs(far.excess[0]) < 1e-6 && abs(far.excess[1]) < 1e-6)
  }

  /// Unidirectionality of a 3-oscillator cascade at F = 0: an oscillator never depends on the own-bath
  /// occupations of oscillators downstream (law of the cascaded channel). Round-off: 1e-12.
  @Test func cascadeIsUnidirectional() throws {
    func occ(_ n: [Double]) throws -> [Double] {
      try CascadedSteadyState(try CascadedNetwork(frequencies: [0, 0.3, -0.2], ownRates: [1, 1, 1], ownOccupations: n, cascadeRates: [1, 0.8, 1.2],
                                                  phases: [0, 0.4, 1.0], commonOccupation: 0.5)).occupations
    }
    let a = try occ([1, 2, 3]), b = try occ([1, 7, 0]), c = try occ([1, 2, 9])
    #expect(abs(a[0] - b[0]) < 1e-12 && abs(a[1] - c[1]) < 1e-12)
    #expect(abs(a[1] - b[1]) > 0.1)   // but downstream of a change it does respond
  }

  /// Flows: Σ_α quanta flows = 0 (hopping conserves number); equal occupations ⇒ all flows vanish;
  /// (D7a–c) at F = 0 equal −2 × the quanta flow into the system (the paper's η normalisation).
  @Test func heatFlowsAndD7() throws {
    for p in generalSets {
      let ss = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2))
      let scale = ss.quantaFlows.map(abs).max()!
      #expect(abs(ss.quantaFlows.reduce(0, +)) < 1e-12 * Swift.max(1, scale))
    }
    let eq = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: 0.7, theta: 0.3, f: Complex(0.4, 0.2), n1: 2, n2: 2, n3: 2))
    #expect(eq.quantaFlows.allSatisfy { abs($0) < 1e-12 })
    for d in [0.0, 1.0, -3.0] {
      let (n1, n2, n3) = (0.3, 1.7, 0.5)
      let ss = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1.5, detuning: d, n1: n1, n2: n2, n3: n3))
      let eta = Paper001ClosedForms.etaPrinted(kappa: 1.5, detuning: d, n1: n1, n2: n2, n3: n3)
      for i in 0..<3 { #expect(abs(-2 * ss.quantaFlows[i] - eta[i]) < 1e-12) }
    }
  }

  @Test func invalidInputIsNamed() {
    #expect(throws: ModelError.invalidParameter(name: "own-bath rates κ_i[1]", value: -1, allowed: "finite and ≥ 0")) {
      try CascadedNetwork(frequencies: [0, 0], ownRates: [1, -1], ownOccupations: [0, 0], cascadeRates: [1, 1], commonOccupation: 0)
    }
    #expect(throws: ModelError.self) { try CascadedNetwork.symmetric(kappa: 1, detuning: .nan, n1: 0, n2: 0, n3: 0) }
    #expect(throws: MasterEquationError.self) {
      try BosonicNetwork.chain(frequencies: [1, 1.1], epsilon: 0.1, baths: [Bath.flat(name: "b", mode: 0, rate: 0.1, temperature: 1)]).masterEquation(.cascaded)
    }
  }
}

@Suite struct RiccatiAndCountingTests {
  /// Schur (dgees + dtrsen) and Newton–Kleinman agree on a random stable problem; both report residuals.
  @Test func riccatiSchurVsNewtonKleinman() throws {
    var rng = SystemRandomNumberGenerator()
    _ = rng
    let n = 6
    // Deterministic pseudo-random entries.
    var seed: UInt64 = 12345
    func r() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) - 0.5 }
    var a = Matrix<Double>(rows: n, columns: n) { _, _ in r() }
    for i in 0..<n { a[i, i] -= 2 }
    let b = Matrix<Double>(rows: n, columns: n) { _, _ in r() }
    let rr = 0.05 * (b * b.transposed)        // small positive R: stabilising solution exists
    let c = Matrix<Double>(rows: n, columns: n) { _, _ in r() }
    let q = c * c.transposed
    let s = try RiccatiSolver.solve(a: a, r: rr, q: q)
    let nk = try RiccatiSolver.solveNewtonKleinman(a: a, r: rr, q: q)
    #expect(s.relativeResidual < 1e-12 && nk.relativeResidual < 1e-12)
    #expect(s.closedLoopAbscissa < 0)
    #expect((s.solution - nk.solution).maxAbs < 1e-10 * s.solution.maxAbs)
    // R = 0 reduces to Lyapunov.
    let ly = try LyapunovSolver(drift: a).solve(q).solution
    let s0 = try RiccatiSolver.solve(a: a, r: Matrix(rows: n, columns: n), q: q)
    #expect((s0.solution - ly).maxAbs < 1e-11 * ly.maxAbs)
  }

  /// Single mode between two baths: θ(s) has the closed form
  /// θ(s) = (γ/2)[1 − √(1 − 4γ_1γ_2/γ² · (N̄_2(N̄_1+1)(e^{−s}−1) + N̄_1(N̄_2+1)(e^{s}−1)))] (γ = γ_1 + γ_2)
  /// — an independent check of the derived Riccati form, also verified against the Fock tilted Liouvillian below.
  @Test func singleModeClosedForm() throws {
    let (g1, g2, n1, n2) = (0.3, 0.5, 0.4, 0.1)
    let eq = try CascadedNetwork(frequencies: [1], ownRates: [g1], ownOccupations: [n1], cascadeRates: [g2], commonOccupation: n2).masterEquation()
    let fcs = try GaussianCountingStatistics(equation: eq, bath: 0)
    for s in [-0.8, -0.2, 0.0, 0.3, 1.0] {
      let g = g1 + g2
      let x = n2 * (n1 + 1) * expm1(-s) + n1 * (n2 + 1) * expm1(s)
      let exact = g / 2 * (1 - (1 - 4 * g1 * g2 / (g * g) * x).squareRoot())
      let (theta, v) = try fcs.scaledCumulantGeneratingFunction(s)
      #expect(abs(theta - exact) < 1e-13)
      #expect(v.relativeResidual < 1e-13)
    }
    #expect(try fcs.theta(0) == 0 || abs(try fcs.theta(0)) < 1e-15)
  }

  /// Tilted Fock Liouvillian (dense eigenvalues of the truncated generator with jump terms weighted by
  /// e^{∓s}) vs the Riccati θ(s) for the two-oscillator cascade at small occupations (n̄ ≲ 0.06). The
  /// truncation error falls from 4 to 5 levels per mode (asserted) and is below 2e-3 relative at 5 levels.
  @Test func fockTiltedLiouvillian() throws {
    let net = try CascadedNetwork.symmetric(kappa: 1, detuning: 0.5, theta: 0.4, f: Complex(0.2, 0.1), n1: 0.08, n2: 0.02, n3: 0.04)
    let eq = net.masterEquation()
    func fockTheta(levels d: Int, bath: Int, s: Double) throws -> Double {
      var t: [(row: Int, column: Int, value: Complex<Double>)] = []
      for k in 1..<d { t.append((k - 1, k, Complex(Double(k).squareRoot(), 0))) }
      let a1 = SparseMatrix(rows: d, columns: d, triplets: t), id = SparseMatrix.identity(d)
      let c = [a1.kronecker(id), id.kronecker(a1)]
      let h = net.hoppingMatrix
      var terms: [SparseMatrix] = []
      for j in 0..<2 { for k in 0..<2 where h[j, k] != .zero { terms.append(h[j, k] * (c[j].adjoint * c[k])) } }
      let hs = terms.dropFirst().reduce(terms[0], +)
      var jumps: [SparseMatrix] = []
      for i in 0..<2 { jumps.append((net.ownOccupations[i] + 1).squareRoot() * c[i]); jumps.append(net.ownOccupations[i].squareRoot() * c[i].adjoint) }
      let lc = c[0] + Complex(cos(0.4), -sin(0.4)) * c[1]   // √κ_c c_c with γ_1 = γ_2 = 1, θ = 0.4
      jumps.append((net.commonOccupation + 1).squareRoot() * lc); jumps.append(net.commonOccupation.squareRoot() * lc.adjoint)
      let base = Superoperator.lindblad(hamiltonian: hs, jumps: jumps)
      let (lo, nb): (SparseMatrix, Double) = bath == 0 ? (c[0], net.ownOccupations[0]) : (lc, net.commonOccupation)
      let tilted = base + ((nb + 1) * expm1(-s)) * Superoperator.sandwich(lo, lo.adjoint) + (nb * expm1(s)) * Superoperator.sandwich(lo.adjoint, lo)
      let n = d * d * d * d
      var dense = Matrix<Complex<Double>>(rows: n, columns: n)
      for (i, j, v) in tilted.triplets { dense[i, j] = dense[i, j] + v }
      return try dense.eigen().values.map(\.real).max()!
    }
    for bath in [0, 2] {
      let fcs = try GaussianCountingStatistics(equation: eq, bath: bath)
      for s in [0.4, -0.3] {
        let th = try fcs.theta(s)
        let f4 = try fockTheta(levels: 4, bath: bath, s: s), f5 = try fockTheta(levels: 5, bath: bath, s: s)
        #expect(abs(f5 - th) < abs(f4 - th), "truncation error must fall: \(f4) \(f5) vs \(th)")
        #expect(abs(f5 - th) < 2e-3 * abs(th), "bath \(bath) s \(s): Fock \(f5) vs Riccati \(th)")
      }
    }
  }

  /// Cumulants: analytic hierarchy vs Richardson-extrapolated finite differences of θ(s) (step 2e-3; the
  /// O(h⁴) remainder with cumulants growing like N̄ⁿ, N̄ ≤ 5, and round-off ~1e-14/h³ ≈ 1e-6 for the third ⇒ 1e-6); κ_1 equals the D5 mean (quanta flow); noise ≥ 0; Schur and
  /// Newton–Kleinman θ(s) agree; energy counting scales cumulants by ωⁿ.
  @Test func cumulantsAnalyticVsFiniteDifference() throws {
    for p in generalSets {
      let net = try CascadedNetwork.symmetric(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let ss = try CascadedSteadyState(net)
      for bath in 0..<3 {
        let fcs = try GaussianCountingStatistics(equation: net.masterEquation(), bath: bath)
        let k = try fcs.cumulants(order: 3)
        let fd = try fcs.finiteDifferenceCumulants(step: 2e-3)
        for i in 0..<3 { #expect(abs(k[i] - fd.cumulants[i]) < 1e-6 * Swift.max(1, abs(k[i])), "bath \(bath) κ\(i + 1): \(k[i]) vs \(fd.cumulants[i])") }
        #expect(abs(k[0] + ss.quantaFlows[bath]) < 1e-12 * Swift.max(1, abs(k[0])))
        #expect(k[1] >= 0)
        let s = 0.05   // inside θ's domain for N̄ ≤ 5 (at s = 0.2 own bath 2 of set 0 is beyond the branch point)
        let sch = try fcs.scaledCumulantGeneratingFunction(s), nk = try fcs.scaledCumulantGeneratingFunction(s, newtonKleinman: true)
        #expect(abs(sch.theta - nk.theta) < 1e-12 * Swift.max(1, abs(sch.theta)))
        let fe = try GaussianCountingStatistics(equation: net.masterEquation(), bath: bath, quantity: .energy(quantum: 2.5))
        let ke = try fe.cumulants(order: 3)
        for i in 0..<3 { #expect(abs(ke[i] - k[i] * pow(2.5, Double(i + 1))) < 1e-10 * Swift.max(1, abs(ke[i]))) }
      }
    }
    // Equal occupations: zero mean flow for every bath, positive noise (equilibrium fluctuations).
    let eqNet = try CascadedNetwork.symmetric(kappa: 1, detuning: 0.3, theta: 0.5, f: Complex(0.2, 0.3), n1: 1.5, n2: 1.5, n3: 1.5)
    for bath in 0..<3 {
      let k = try GaussianCountingStatistics(equation: eqNet.masterEquation(), bath: bath).cumulants(order: 2)
      #expect(abs(k[0]) < 1e-12 && k[1] > 0)
    }
  }

  @Test func countingErrors() throws {
    let hot = try CascadedNetwork.symmetric(kappa: 1, detuning: 0.7, theta: 0.4, f: Complex(0.3, 0.2), n1: 2, n2: 5, n3: 1).masterEquation()
    #expect(throws: CountingStatisticsError.outsideDomain(s: 0.2)) { try GaussianCountingStatistics(equation: hot, bath: 1).theta(0.2) }
    let eq = try CascadedNetwork.symmetric(kappa: 1, detuning: 0, n1: 0, n2: 0, n3: 0).masterEquation()
    #expect(throws: CountingStatisticsError.bathOutOfRange(bath: 5, bathCount: 3)) { try GaussianCountingStatistics(equation: eq, bath: 5) }
  }
}
