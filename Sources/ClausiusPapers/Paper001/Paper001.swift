import ClausiusNumerics
import ClausiusMasterEquations
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// Paper 001 (Barzanjeh, Aquilina, Xuereb, "Manipulating heat flow in quantum devices"): cascaded
/// oscillators as a quantum heat rectifier, full counting statistics of the heat, optomechanical realisation.
///
/// Setups: Appendix C closed forms vs the Lyapunov solution of the cascaded master equation (Eq. 1);
/// Appendix D flows and cumulants (Riccati, Eq. D1) vs closed forms, laws and finite differences;
/// Fig. 2 (Δn_2 over Δ, F, m̄_3), Fig. 3 (η_i over N̄_1, N̄_2), Sec. III's experimental parameters mapped by
/// Eqs. (B18)–(B22), and the effective cascade graded against the linearised three-mode model (Eqs. A4).
/// Units: κ = 1 for Secs. II/App. C–D; MHz (×2π) for Sec. III.
public struct Paper001Reproduction: Reproduction {
  public let id = "001"
  public let title = "cascaded systems as a quantum heat rectifier (Barzanjeh, Aquilina, Xuereb)"
  public init() {}

  static let sets: [(d: Double, f: Complex<Double>, theta: Double, n: (Double, Double, Double))] = [
    (0.7, Complex(0.3, 0.2), 0.4, (2.0, 5.0, 1.0)),
    (-1.3, Complex(-0.5, 0.4), 1.1, (0.5, 3.0, 2.0)),
    (2.5, Complex(0.8, -0.6), -2.0, (4.0, 0.2, 0.7)),
  ]

  public func run(outputDirectory: URL, progress: @Sendable (String) -> Void) throws -> ReproductionReport {
    var report = ReproductionReport(paper: id, title: title)
    try appendixC(&report, progress)
    try appendixD(&report, progress)
    try figure2(&report, progress)
    try figure3(&report, progress)
    try sectionIII(&report, progress)
    return report
  }

  // MARK: Appendix C

  func appendixC(_ report: inout ReproductionReport, _ progress: @Sendable (String) -> Void) throws {
    progress("001: Appendix C closed forms vs Lyapunov (complex F, θ ≠ 0, detuning)")
    var worstPrinted = 0.0, worstResidual = 0.0
    for (k, p) in Self.sets.enumerated() {
      let net = try CascadedNetwork.symmetric(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let ss = try CascadedSteadyState(net)
      worstResidual = max(worstResidual, ss.state.diagnostics.relativeResidual)
      let args = (p.d, p.theta, p.f, p.n.0, p.n.1, p.n.2)
      let c1 = Paper001ClosedForms.n1(kappa: 1, detuning: args.0, theta: args.1, f: args.2, n1: args.3, n2: args.4, n3: args.5)
      let c2 = Paper001ClosedForms.n2(kappa: 1, detuning: args.0, theta: args.1, f: args.2, n1: args.3, n2: args.4, n3: args.5)
      // Tolerance: Lyapunov residual ~1e-15 and a well-conditioned 4×4 problem ⇒ 1e-11 relative.
      report.checks.append(Check(name: "set \(k + 1): n̄_1 Lyapunov (Eq. 1) vs closed form", equation: "001 Eq. (C1)", expected: c1, computed: ss.occupations[0], tolerance: 1e-11))
      report.checks.append(Check(name: "set \(k + 1): n̄_2 Lyapunov (Eq. 1) vs closed form", equation: "001 Eq. (C2)", expected: c2, computed: ss.occupations[1], tolerance: 1e-11))
      let lang = try net.langevinOccupations()
      report.checks.append(Check(name: "set \(k + 1): n̄_2 Langevin form (Eq. 2) vs master equation (Eq. 1)", equation: "001 Eqs. (1) ⇔ (2)", expected: lang.occupations[1], computed: ss.occupations[1], tolerance: 1e-11))
      let d1 = Paper001ClosedForms.deltaN1(kappa: 1, detuning: args.0, theta: args.1, f: args.2, n1: args.3, n2: args.4, n3: args.5)
      let d2 = Paper001ClosedForms.deltaN2(kappa: 1, detuning: args.0, theta: args.1, f: args.2, n1: args.3, n2: args.4, n3: args.5)
      report.checks.append(Check(name: "set \(k + 1): Δn_1 vs corrected closed form", equation: "001 Eq. (C10), corrected I(I+2κ)", expected: d1, computed: ss.excess[0], tolerance: 1e-10))
      report.checks.append(Check(name: "set \(k + 1): Δn_2 vs corrected closed form", equation: "001 Eq. (C11), corrected I(I+2κ)", expected: d2, computed: ss.excess[1], tolerance: 1e-10))
      let p1 = Paper001ClosedForms.deltaN1Printed(kappa: 1, detuning: args.0, theta: args.1, f: args.2, n1: args.3, n2: args.4, n3: args.5)
      worstPrinted = max(worstPrinted, abs(p1 - ss.excess[0]))
    }
    report.diagnostics["appendixC.lyapunovRelativeResidual"] = worstResidual
    report.diagnostics["appendixC.printedC10AbsoluteError"] = worstPrinted
    report.notes.append("Eqs. (C10)–(C11) as printed contain Im{Fe^{iθ}}(2Im{Fe^{iθ}} + κ); C1 − C6 and C2 − C7 (and the Lyapunov solution) give Im{Fe^{iθ}}(Im{Fe^{iθ}} + 2κ). Largest error of printed C10 over the sets: \(String(format: "%.3g", worstPrinted)).")
    // F = 0: Eqs. (C3)-(C5), (3).
    let net0 = try CascadedNetwork.symmetric(kappa: 1, detuning: 1.5, theta: 0.3, n1: 3, n2: 1, n3: 0.5)
    let s0 = try CascadedSteadyState(net0)
    report.checks.append(Check(name: "F = 0: n̄_1 = m̄_1 (oscillator 1 blind to oscillator 2)", equation: "001 Eqs. (C3), (C8)", expected: 1.75, computed: s0.occupations[0], tolerance: 1e-12))
    report.checks.append(Check(name: "F = 0: Δn_2 vs 2κ²(m̄_1 − m̄_3)/(4κ² + Δ²)", equation: "001 Eq. (3) / (C9)", expected: Paper001ClosedForms.deltaN2Eq3(kappa: 1, detuning: 1.5, m1: 1.75, m3: 0.5), computed: s0.excess[1], tolerance: 1e-11))
    let r0 = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: 0, n1: 3, n2: 1, n3: 0.5))
    report.checks.append(Check(name: "F = 0, Δ = 0: n̄_2 = (N̄_1 + 2N̄_2 + N̄_3)/4", equation: "001 Eq. (C5)", expected: 1.375, computed: r0.occupations[1], tolerance: 1e-12))
  }

  // MARK: Appendix D

  func appendixD(_ report: inout ReproductionReport, _ progress: @Sendable (String) -> Void) throws {
    progress("001: Appendix D flows and full counting statistics (Riccati Eq. D1)")
    // D7 at F = 0 vs −2 × quanta flow (the paper's η normalisation), several Δ.
    for d in [0.0, 2.0] {
      let (n1, n2, n3) = (0.3, 1.7, 0.5)
      let ss = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: d, n1: n1, n2: n2, n3: n3))
      let eta = Paper001ClosedForms.etaPrinted(kappa: 1, detuning: d, n1: n1, n2: n2, n3: n3)
      for i in 0..<3 {
        report.checks.append(Check(name: "Δ = \(d): η_\(i + 1) = −2 × (quanta flow bath \(i + 1) → system)", equation: "001 Eq. (D7\(["a", "b", "c"][i]))", expected: eta[i], computed: -2 * ss.quantaFlows[i], tolerance: 1e-11))
      }
    }
    var worstSum = 0.0, worstFD = 0.0, worstRiccati = 0.0, worstNK = 0.0, worstD5 = 0.0, minNoise = Double.infinity, worstTheta0 = 0.0
    for p in Self.sets {
      let net = try CascadedNetwork.symmetric(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
      let ss = try CascadedSteadyState(net)
      worstSum = max(worstSum, abs(ss.quantaFlows.reduce(0, +)))
      for b in 0..<3 {
        let fcs = try GaussianCountingStatistics(equation: net.masterEquation(), bath: b)
        let k = try fcs.cumulants(order: 3)
        let fd = try fcs.finiteDifferenceCumulants(step: 2e-3)
        for i in 0..<3 { worstFD = max(worstFD, abs(k[i] - fd.cumulants[i]) / max(1, abs(k[i]))) }
        worstD5 = max(worstD5, abs(k[0] + ss.quantaFlows[b]))
        minNoise = min(minNoise, k[1])
        worstTheta0 = max(worstTheta0, abs(try fcs.theta(0)))
        let a = try fcs.scaledCumulantGeneratingFunction(0.05), n = try fcs.scaledCumulantGeneratingFunction(0.05, newtonKleinman: true)
        worstRiccati = max(worstRiccati, a.biasedCovariance.relativeResidual, n.biasedCovariance.relativeResidual)
        worstNK = max(worstNK, abs(a.theta - n.theta))
      }
    }
    report.checks.append(Check(name: "Σ_i (quanta flow from bath i) = 0", equation: "001 App. D (Σ_j η_j = 0)", expected: 0, computed: worstSum, tolerance: 1e-12))
    report.checks.append(Check(name: "mean κ_1 = −θ′(0) (Lyapunov hierarchy) vs Tr{N 𝓓_i ρ}", equation: "001 Eq. (D5)", expected: 0, computed: worstD5, tolerance: 1e-12))
    // Richardson FD with h = 2e-3: O(h⁴) and round-off ~1e-14/h³ ⇒ 1e-6 relative.
    report.checks.append(Check(name: "cumulants κ_1..κ_3: analytic vs finite differences of θ(s)", equation: "001 Eq. (D4)", expected: 0, computed: worstFD, tolerance: 1e-6))
    report.checks.append(Check(name: "θ(0) = 0", equation: "001 Eq. (D3) at s = 0", expected: 0, computed: worstTheta0, tolerance: 1e-15))
    report.checks.append(Check(name: "θ(0.05): Schur (dgees+dtrsen) vs Newton–Kleinman", equation: "001 Eq. (D1), two solvers", expected: 0, computed: worstNK, tolerance: 1e-12))
    report.checks.append(Check(name: "noise κ_2 ≥ 0", equation: "law (variance)", atLeast: 0, computed: minNoise, tolerance: 0))
    report.diagnostics["appendixD.riccatiRelativeResidual"] = worstRiccati
    let eqm = try CascadedNetwork.symmetric(kappa: 1, detuning: 0.3, theta: 0.5, f: Complex(0.2, 0.3), n1: 1.5, n2: 1.5, n3: 1.5)
    var worstEq = 0.0
    for b in 0..<3 { worstEq = max(worstEq, abs(try GaussianCountingStatistics(equation: eqm.masterEquation(), bath: b).cumulants(order: 1)[0])) }
    report.checks.append(Check(name: "equal occupations: all mean flows vanish", equation: "law (equilibrium)", expected: 0, computed: worstEq, tolerance: 1e-12))
    // Single mode between two baths: closed-form θ(s).
    let (g1, g2, n1, n2) = (0.3, 0.5, 0.4, 0.1)
    let single = try GaussianCountingStatistics(equation: try CascadedNetwork(frequencies: [1], ownRates: [g1], ownOccupations: [n1], cascadeRates: [g2], commonOccupation: n2).masterEquation(), bath: 0)
    let s = 0.7, g = g1 + g2
    let x = n2 * (n1 + 1) * expm1(-s) + n1 * (n2 + 1) * expm1(s)
    report.checks.append(Check(name: "single mode, two baths: θ(0.7) Riccati vs closed form", equation: "(γ/2)[1 − √(1 − 4γ₁γ₂x(s)/γ²)]", expected: g / 2 * (1 - (1 - 4 * g1 * g2 / (g * g) * x).squareRoot()), computed: try single.theta(s), tolerance: 1e-12))
    // Fock-space tilted Liouvillian (small occupations) vs Riccati, common bath.
    progress("001: Fock-space tilted Liouvillian (cutoff 4 and 5) vs Riccati θ(s)")
    let cold = try CascadedNetwork.symmetric(kappa: 1, detuning: 0.5, theta: 0.4, f: Complex(0.2, 0.1), n1: 0.08, n2: 0.02, n3: 0.04)
    let thCold = try GaussianCountingStatistics(equation: cold.masterEquation(), bath: 2).theta(-0.3)
    let f4 = try cold.masterEquation().fockScaledCumulantGeneratingFunction(cutoff: 4, bath: 2, s: -0.3)
    let f5 = try cold.masterEquation().fockScaledCumulantGeneratingFunction(cutoff: 5, bath: 2, s: -0.3)
    report.diagnostics["appendixD.fockCutoff4RelativeError"] = abs(f4 - thCold) / abs(thCold)
    report.diagnostics["appendixD.fockCutoff5RelativeError"] = abs(f5 - thCold) / abs(thCold)
    // Truncation: relative error 8.3e-4 at 4 levels, 7.7e-5 at 5 levels per mode (n̄ ≤ 0.08) ⇒ 5e-4.
    report.checks.append(Check(name: "θ(−0.3), common bath: Fock tilted Liouvillian (cutoff 5) vs Riccati", equation: "001 App. D, two routes", expected: thCold, computed: f5, tolerance: 5e-4))
    // θ(s) figure for the common bath of set 1.
    let p = Self.sets[0]
    let net = try CascadedNetwork.symmetric(kappa: 1, detuning: p.d, theta: p.theta, f: p.f, n1: p.n.0, n2: p.n.1, n3: p.n.2)
    let fcs = try GaussianCountingStatistics(equation: net.masterEquation(), bath: 2)
    let xs = stride(from: -0.12, through: 0.12, by: 0.01).map { $0 }
    var ys: [Double] = [], xOK: [Double] = [], nkY: [Double] = [], nkX: [Double] = []
    for v in xs { if let t = try? fcs.theta(v) { xOK.append(v); ys.append(t) } }
    for v in stride(from: -0.12, through: 0.12, by: 0.04) { if let t = try? fcs.scaledCumulantGeneratingFunction(v, newtonKleinman: true).theta { nkX.append(v); nkY.append(t) } }
    let k = try fcs.cumulants(order: 3)
    let cubic = xOK.map { v in -k[0] * v + k[1] * v * v / 2 - k[2] * v * v * v / 6 }
    report.figures.append(Figure(id: "theta-common-bath", title: "Scaled cumulant generating function θ(s), common bath",
                                 xAxis: .init(label: "counting field s"), yAxis: .init(label: "θ(s)", unit: "κ"),
                                 series: [.init(label: "Riccati (ordered Schur)", x: xOK, y: ys), .init(label: "Newton–Kleinman", x: nkX, y: nkY, style: .markers),
                                          .init(label: "cubic from κ₁..κ₃", x: xOK, y: cubic, style: .dashed)],
                                 caption: "Set 1 (Δ = 0.7κ, F = (0.3 + 0.2i)κ, θ = 0.4, N̄ = 2, 5, 1); s counts quanta into the bath.",
                                 reference: "001 Eqs. (D1)–(D4)"))
  }

  // MARK: Fig. 2

  func figure2(_ report: inout ReproductionReport, _ progress: @Sendable (String) -> Void) throws {
    progress("001: Fig. 2 data (Δn_2 over Δ, F, m̄_3; ϕ = 0, m̄_1 = 50, m̄_2 = 100)")
    let (m1, m2) = (50.0, 100.0)
    let deltas = stride(from: -10.0, through: 10.0, by: 0.25).map { $0 }
    func dn2(_ d: Double, _ f: Double, _ m3: Double) throws -> (Double, Double, Double) {
      let (n1, n2, n3) = (2 * m1 - m3, 2 * m2 - m3, m3)
      let ss = try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: d, theta: 0, f: Complex(f, 0), n1: n1, n2: n2, n3: n3))
      let c = Paper001ClosedForms.deltaN2(kappa: 1, detuning: d, theta: 0, f: Complex(f, 0), n1: n1, n2: n2, n3: n3)
      return (ss.excess[1], c, ss.excess[0])
    }
    var worst = 0.0, worstDn1 = 0.0
    var seriesF: [Figure.Series] = [], seriesM: [Figure.Series] = []
    for f in [0.0, 0.5, 1.0, 2.0] {
      let v = try deltas.map { try dn2($0, f, 0) }
      worst = max(worst, v.map { abs($0.0 - $0.1) }.max()!)
      if f == 0 { worstDn1 = max(worstDn1, v.map { abs($0.2) }.max()!) }
      seriesF.append(.init(label: "F = \(f)κ", x: deltas, y: v.map(\.0)))
    }
    for m3 in [0.0, 25.0, 50.0, 75.0, 100.0] {
      let v = try deltas.map { try dn2($0, 0, m3) }
      worst = max(worst, v.map { abs($0.0 - $0.1) }.max()!)
      worstDn1 = max(worstDn1, v.map { abs($0.2) }.max()!)
      seriesM.append(.init(label: "m̄₃ = \(Int(m3))", x: deltas, y: v.map(\.0)))
    }
    report.checks.append(Check(name: "Fig. 2 grid: Δn_2 Lyapunov vs corrected closed form (max abs)", equation: "001 Eq. (C11) corrected", expected: 0, computed: worst, tolerance: 1e-9))
    report.checks.append(Check(name: "Fig. 2: Δn_1 = 0 when F = 0", equation: "001 Fig. 2 caption, Eq. (3)", expected: 0, computed: worstDn1, tolerance: 1e-10))
    let zero = try dn2(0.0, 0, 50).0
    report.checks.append(Check(name: "Fig. 2: green surface Δn_2 = 0 at m̄_3 = m̄_1 (F = 0)", equation: "001 Eq. (3)", expected: 0, computed: zero, tolerance: 1e-10))
    let peak = try dn2(0.0, 0, 0).0
    report.checks.append(Check(name: "Fig. 2: Δn_2(Δ = 0, F = 0, m̄_3 = 0) = m̄_1/2", equation: "001 Eq. (3)", expected: 25, computed: peak, tolerance: 1e-12))
    report.figures.append(Figure(id: "fig2-F", title: "Fig. 2 cut: Δn₂ vs detuning for several F (m̄₃ = 0)", xAxis: .init(label: "Δ", unit: "κ"), yAxis: .init(label: "Δn₂"),
                                 series: seriesF, annotations: [.horizontalLine(y: 10, label: "Δn₂ = 10"), .horizontalLine(y: 0), .horizontalLine(y: -10, label: "Δn₂ = −10")],
                                 caption: "ϕ = 0, m̄₁ = 50, m̄₂ = 100, κ₁ = κ₂ = γ₁ = γ₂ = κ; Lyapunov solution of Eq. (1).", reference: "001 Fig. 2"))
    report.figures.append(Figure(id: "fig2-m3", title: "Fig. 2 cut: Δn₂ vs detuning for several m̄₃ (F = 0)", xAxis: .init(label: "Δ", unit: "κ"), yAxis: .init(label: "Δn₂"),
                                 series: seriesM, annotations: [.horizontalLine(y: 10), .horizontalLine(y: 0), .horizontalLine(y: -10)],
                                 caption: "Sign of Δn₂ follows m̄₁ − m̄₃ (Eq. 3); isosurfaces ±10 and 0 of the paper's figure are the crossings with the lines.", reference: "001 Fig. 2"))
  }

  // MARK: Fig. 3

  func figure3(_ report: inout ReproductionReport, _ progress: @Sendable (String) -> Void) throws {
    progress("001: Fig. 3 data (η_i vs N̄_1 and N̄_2)")
    let xs = stride(from: 0.0, through: 2.0, by: 0.1).map { $0 }
    func etas(_ n1: Double, _ n2: Double) throws -> [Double] {
      try CascadedSteadyState(try CascadedNetwork.symmetric(kappa: 1, detuning: 0, n1: n1, n2: n2, n3: 0.5)).quantaFlows.map { -2 * $0 }
    }
    let left = try xs.map { try etas($0, 0) }, right = try xs.map { try etas(0, $0) }
    func series(_ v: [[Double]]) -> [Figure.Series] {
      [.init(label: "η₁/κ", x: xs, y: v.map { $0[0] }, style: .dashed), .init(label: "η₂/κ", x: xs, y: v.map { $0[1] }, style: .lineAndMarkers),
       .init(label: "η₃/κ", x: xs, y: v.map { $0[2] })]
    }
    // Laws of Fig. 3: η_2 independent of N̄_1, η_1 independent of N̄_2, Σ η = 0.
    // η_1 does not depend on N̄_2 (D7a). The paper's text also claims η_2 does not depend on N̄_1, but its own
    // Eq. (D7b) (and the Lyapunov solution) give ∂η_2/∂N̄_1 = 2κ³/(4κ² + Δ²) = κ/2 at Δ = 0 (docs/papers/001.md).
    let spread1 = right.map { $0[0] }.max()! - right.map { $0[0] }.min()!
    report.checks.append(Check(name: "Fig. 3 right: η_1 independent of N̄_2 (spread)", equation: "001 Eq. (D7a)", expected: 0, computed: spread1, tolerance: 1e-12))
    let slope2 = (left.last![1] - left.first![1]) / (xs.last! - xs.first!)
    report.checks.append(Check(name: "Fig. 3 left: ∂η_2/∂N̄_1 (contradicts the text's 'independent')", equation: "001 Eq. (D7b): 2κ³/(4κ² + Δ²)", expected: 0.5, computed: slope2, tolerance: 1e-12))
    report.notes.append("App. D text (and Sec. III) state that η_2 does not depend on N̄_1; Eq. (D7b) and the Lyapunov solution give ∂η_2/∂N̄_1 = 2κ³/(4κ² + Δ²) ≠ 0 (Fig. 3 left, orange curve has slope κ/2). Only η_1 is independent of N̄_2.")
    let sum = (left + right).map { abs($0.reduce(0, +)) }.max()!
    report.checks.append(Check(name: "Fig. 3: Σ_i η_i = 0", equation: "001 App. D", expected: 0, computed: sum, tolerance: 1e-12))
    report.figures.append(Figure(id: "fig3-N1", title: "Fig. 3 (left): heat flows vs N̄₁ (N̄₂ = 0, N̄₃ = 0.5)", xAxis: .init(label: "N̄₁"), yAxis: .init(label: "η_i / κ"),
                                 series: series(left), caption: "η_i in the paper's normalisation (Eq. D5: twice the rate of quanta from the system into bath i); Δ = 0, F = 0.", reference: "001 Fig. 3"))
    report.figures.append(Figure(id: "fig3-N2", title: "Fig. 3 (right): heat flows vs N̄₂ (N̄₁ = 0, N̄₃ = 0.5)", xAxis: .init(label: "N̄₂"), yAxis: .init(label: "η_i / κ"),
                                 series: series(right), caption: "η_i in the paper's normalisation; Δ = 0, F = 0.", reference: "001 Fig. 3"))
  }

  // MARK: Sec. III

  func sectionIII(_ report: inout ReproductionReport, _ progress: @Sendable (String) -> Void) throws {
    progress("001: Sec. III experimental parameters, effective cascade vs three-mode model (Eqs. A4)")
    // Units: 2π × MHz. G = 7 kHz, κ = 2 MHz, ω_m = 6 MHz, γ_m = 100 Hz, J = 1 MHz, Δ_i = ω_m, Ω = ω_m.
    let (g, kappa, wm, gm, j) = (0.007, 2.0, 6.0, 1e-4, 1.0)
    // Cavities at 5 GHz and 10 mK: ħω/k_BT = 6.62607015e-34·5e9/(1.380649e-23·0.01) ≈ 24.0.
    let nCav = 1 / expm1(6.62607015e-34 * 5e9 / (1.380649e-23 * 0.01))
    let nm = 0.5
    let opt = OptomechanicalRectifier.perfectNonReciprocity(g1: g, g2: g, mechanicalFrequency: wm, mechanicalDamping: gm, frequencyOfInterest: wm)
    report.checks.append(Check(name: "perfect non-reciprocity hopping J = G₁G₂|χ_m(ω_m)| = 2G²/γ_m (MHz)", equation: "001 Eq. (B22)", expected: 2 * g * g / gm, computed: opt.hopping, tolerance: 1e-14))
    let model = try OptomechanicalRectifier(g1: g, g2: g, phi: opt.phi, hopping: j, mechanicalFrequency: wm, mechanicalDamping: gm, kappa1: kappa, kappa2: kappa,
                                            delta1: wm, delta2: wm, n1: nCav, n2: nCav, nMechanical: nm)
    let eff = try model.effectiveCascade(frequencyOfInterest: wm), lb = try model.largeBandwidthCascade()
    report.checks.append(Check(name: "γ_i = 2G²Re χ_m(Ω) equals large-bandwidth 4G²/γ_m at Ω = ω_m", equation: "001 Eqs. (B19), (B27)", expected: lb.cascadeRates[0], computed: eff.cascadeRates[0], tolerance: 1e-13))
    report.checks.append(Check(name: "F (MHz) at J = 1 MHz: J − 2G²/γ_m", equation: "001 Eqs. (B21), (B29)", expected: j - 2 * g * g / gm, computed: eff.reciprocityBreaking[0].real, tolerance: 1e-12))
    report.diagnostics["secIII.gamma_i_MHz"] = eff.cascadeRates[0]
    report.diagnostics["secIII.F_MHz"] = eff.reciprocityBreaking[0].length
    report.diagnostics["secIII.phi_rad"] = opt.phi
    let ssEff = try CascadedSteadyState(eff)
    report.diagnostics["secIII.effective.n1"] = ssEff.occupations[0]
    report.diagnostics["secIII.effective.n2"] = ssEff.occupations[1]
    report.diagnostics["secIII.effective.m2"] = ssEff.disconnected[1]
    report.checks.append(Check(name: "effective model: resonator 2 colder than disconnected (Δn_2 < 0)", equation: "001 Sec. III claim", atLeast: 0, computed: -ssEff.excess[1], tolerance: 0))
    // Rectification: slope of n̄_2 and of n̄_1 in N̄_1 / N̄_2 (effective model).
    let hot1 = try CascadedSteadyState(try model.with(n1: nCav + 1).effectiveCascade(frequencyOfInterest: wm))
    let hot2 = try CascadedSteadyState(try model.with(n2: nCav + 1).effectiveCascade(frequencyOfInterest: wm))
    report.diagnostics["secIII.effective.dn2_dN1"] = hot1.occupations[1] - ssEff.occupations[1]
    report.diagnostics["secIII.effective.dn1_dN2"] = hot2.occupations[0] - ssEff.occupations[0]
    // Three-mode model at the paper's parameters.
    let exact = try model.threeModeEquation().gaussianSteadyState()
    let rwa = try model.threeModeEquation(rotatingWave: true).gaussianSteadyState()
    report.diagnostics["secIII.threeMode.n1"] = exact.occupation(0)
    report.diagnostics["secIII.threeMode.n2"] = exact.occupation(1)
    report.diagnostics["secIII.threeMode.nb"] = exact.occupation(2)
    report.diagnostics["secIII.threeModeRWA.n2"] = rwa.occupation(1)
    report.notes.append(String(format: "Sec. III parameters: γ_i/2π = %.3f MHz, |F|/2π = %.3f MHz, n̄_2(effective) = %.4f vs m̄_2 = %.4f (cooled); but the linearised three-mode model gives n̄_1 = %.2e, n̄_2 = %.2e, n̄_b = %.3f: with γ_m = 100 Hz ≪ κ, G²/γ_m the mechanics is a narrow-band reservoir and the large-bandwidth (Markov) mapping B18–B21 does not hold — the mechanical bath injects only ~γ_m N̄_m, not γ_i N̄_m.",
                                   eff.cascadeRates[0], eff.reciprocityBreaking[0].length, ssEff.occupations[1], ssEff.disconnected[1], exact.occupation(0), exact.occupation(1), exact.occupation(2)))
    // Grading: scale γ_m → λγ_m, G → √λ G (γ_i, F fixed), N̄_1 = 1; RWA three-mode and full three-mode
    // (with ω_m = Δ_i = max(6, 50 γ_m) to stay sideband-resolved) vs the effective cascade.
    var lams: [Double] = [], errRWA: [Double] = [], errFull: [Double] = [], errFullFixed: [Double] = []
    var lam = 1.0
    while lam <= 1e6 {
      let gs = g * lam.squareRoot(), gms = gm * lam
      let m = try OptomechanicalRectifier(g1: gs, g2: gs, phi: opt.phi, hopping: j, mechanicalFrequency: wm, mechanicalDamping: gms, kappa1: kappa, kappa2: kappa,
                                          delta1: wm, delta2: wm, n1: 1, n2: nCav, nMechanical: nm)
      let e = try CascadedSteadyState(try m.effectiveCascade(frequencyOfInterest: wm)).occupations[1]
      let r = try m.threeModeEquation(rotatingWave: true).gaussianSteadyState().occupation(1)
      let fFixed = try m.threeModeEquation().gaussianSteadyState().occupation(1)
      let wmr = max(wm, 50 * gms)
      let mr = try OptomechanicalRectifier(g1: gs, g2: gs, phi: opt.phi, hopping: j, mechanicalFrequency: wmr, mechanicalDamping: gms, kappa1: kappa, kappa2: kappa,
                                           delta1: wmr, delta2: wmr, n1: 1, n2: nCav, nMechanical: nm)
      let f = try mr.threeModeEquation().gaussianSteadyState().occupation(1)
      lams.append(gms / kappa); errRWA.append(abs(r - e) / e); errFull.append(abs(f - e) / e); errFullFixed.append(abs(fFixed - e) / e)
      lam *= 10
    }
    report.checks.append(Check(name: "large bandwidth γ_m = 50κ: RWA three-mode n̄_2 → effective cascade (relative deviation)", equation: "001 Eqs. (A4) → (B23)–(B29)", expected: 0, computed: errRWA.last!, tolerance: 1e-2))
    report.checks.append(Check(name: "large bandwidth γ_m = 50κ, ω_m = 50γ_m: full three-mode n̄_2 → effective cascade", equation: "001 Eqs. (A4) → (B23)–(B29)", expected: 0, computed: errFull.last!, tolerance: 2e-2))
    report.diagnostics["secIII.grading.paperParameters.relativeErrorN2"] = errFull.first!
    report.figures.append(Figure(id: "grading-effective-vs-three-mode", title: "Effective cascade vs linearised three-mode model: relative error of n̄₂",
                                 xAxis: .init(label: "γ_m / κ", scale: .log), yAxis: .init(label: "|n̄₂(3-mode) − n̄₂(eff)| / n̄₂(eff)", scale: .log),
                                 series: [.init(label: "three-mode, RWA", x: lams, y: errRWA, style: .lineAndMarkers),
                                          .init(label: "three-mode, full (ω_m = max(6 MHz, 50γ_m))", x: lams, y: errFull, style: .lineAndMarkers),
                                          .init(label: "three-mode, full (ω_m = 6 MHz)", x: lams, y: errFullFixed, style: .dashed)],
                                 annotations: [.verticalLine(x: gm / kappa, label: "Sec. III (γ_m = 100 Hz)")],
                                 caption: "γ_m → λγ_m, G → √λ G keep γ_i = 4G²/γ_m and F fixed (Sec. III values, N̄_1 = 1, N̄_m = 0.5).", reference: "001 Sec. III, App. A–B"))
  }
}

extension OptomechanicalRectifier {
  func with(n1: Double? = nil, n2: Double? = nil) throws -> OptomechanicalRectifier {
    try OptomechanicalRectifier(g1: g1, g2: g2, phi: phi, hopping: hopping, mechanicalFrequency: mechanicalFrequency, mechanicalDamping: mechanicalDamping,
                                kappa1: kappa1, kappa2: kappa2, delta1: delta1, delta2: delta2, n1: n1 ?? self.n1, n2: n2 ?? self.n2, nMechanical: nMechanical)
  }
}
