import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// The built-in demo: two detuned, hopping-coupled oscillators, each attached to its own thermal bath
/// through a local master equation (docs/conventions.md):
///
///   H = ω_a a†a + ω_b b†b + ε(a†b + ab†),
///   dρ/dt = −i[H, ρ] + Σ_{j=a,b} γ_j(n̄_j+1) D[j]ρ + γ_j n̄_j D[j†]ρ,   n̄_j = n̄(ω_j, T_j).
///
/// It is solved twice, independently: on the covariance matrix (`BosonicNetwork` → `.masterEquation(.local)`
/// → `gaussianSteadyState()`, drift/diffusion → Lyapunov; heats from `ThermodynamicsReport`) and on a
/// truncated Fock space (sparse Liouvillian → UMFPACK). The checks compare occupations, the coherence
/// ⟨a†b⟩ that carries the current, the thermal single-mode closed form, the first law for the global
/// heat currents Q̇_j = Tr{H D_j ρ}, and the Clausius inequality Σ = −Σ_j Q̇_j/T_j ≥ 0.
public struct TwoOscillatorDemo: Reproduction {
  public let id = "demo"
  public let title = "two oscillators between two baths: Lyapunov vs Fock space (built-in demo)"

  public var omegaA = 1.0, omegaB = 1.1, epsilon = 0.05
  public var gammaA = 0.02, gammaB = 0.03
  public var temperatureA = 0.9, temperatureB = 0.3
  public var fockLevels = 16

  public init() {}

  public func run(outputDirectory: URL, progress: @Sendable (String) -> Void) throws -> ReproductionReport {
    var report = ReproductionReport(paper: id, title: title)
    let nA = Conventions.boseEinstein(frequency: omegaA, temperature: temperatureA)
    let nB = Conventions.boseEinstein(frequency: omegaB, temperature: temperatureB)

    // Gaussian route. r = (x_a, p_a, x_b, p_b); ε(a†b + ab†) = ε(x_a x_b + p_a p_b).
    progress("demo: Lyapunov solve of the 4×4 covariance matrix")
    let gaussian = try gaussianState(epsilon: epsilon, nA: nA, nB: nB)
    let gaussianNA = gaussian.nA, gaussianNB = gaussian.nB
    let gaussianCoherence = gaussian.coherence
    report.diagnostics["lyapunovRelativeResidual"] = gaussian.residual

    // Uncoupled closed form: a single damped mode relaxes to n̄(ω, T).
    let single = try Matrix<Double>([[-gammaA / 2, omegaA], [-omegaA, -gammaA / 2]]).solveLyapunov(.diagonal([gammaA * (nA + 0.5), gammaA * (nA + 0.5)]))
    report.checks.append(Check(name: "uncoupled mode a: ⟨a†a⟩ (Lyapunov) vs Bose–Einstein", equation: "n̄ = 1/(e^{ω/T} − 1)",
                               expected: nA, computed: (single.solution[0, 0] + single.solution[1, 1] - 1) / 2, tolerance: 1e-12))

    // Fock route.
    let d = fockLevels
    progress("demo: sparse Liouvillian of dimension \(d * d * d * d), UMFPACK steady state")
    var t: [(row: Int, column: Int, value: Complex<Double>)] = []
    for k in 1..<d { t.append((k - 1, k, Complex(Double(k).squareRoot(), 0))) }
    let a1 = SparseMatrix(rows: d, columns: d, triplets: t), id = SparseMatrix.identity(d)
    let a = a1.kronecker(id), b = id.kronecker(a1)
    let ha = omegaA * (a.adjoint * a), hb = omegaB * (b.adjoint * b)
    let h = ha + hb + epsilon * (a.adjoint * b + b.adjoint * a)
    let jumpsA = [(gammaA * (nA + 1)).squareRoot() * a, (gammaA * nA).squareRoot() * a.adjoint]
    let jumpsB = [(gammaB * (nB + 1)).squareRoot() * b, (gammaB * nB).squareRoot() * b.adjoint]
    let liouvillian = Superoperator.lindblad(hamiltonian: h, jumps: jumpsA + jumpsB)
    let steady = try LiouvillianSteadyStateSolver(liouvillian: liouvillian).solve()
    let rho = steady.densityMatrix
    func expectation(_ op: SparseMatrix) -> Complex<Double> {
      op.triplets.reduce(Complex<Double>.zero) { $0 + $1.value * rho[$1.column, $1.row] }
    }
    func dissipated(_ jumps: [SparseMatrix]) -> [Complex<Double>] {
      jumps.reduce([Complex<Double>](repeating: .zero, count: d * d * d * d)) { acc, l in
        zip(acc, Superoperator.dissipator(l) * steady.vector).map { $0 + $1 }
      }
    }
    // Q̇_j = Tr{H D_j ρ} = Σ_mn H_mn (D_j ρ)_nm, with the global H (docs/conventions.md).
    func heat(_ jumps: [SparseMatrix]) -> Double {
      let dr = dissipated(jumps)
      return h.triplets.reduce(0.0) { $0 + ($1.value * dr[$1.column + $1.row * d * d]).real }
    }
    let qA = heat(jumpsA), qB = heat(jumpsB)
    // Truncation diagnostics: population of the top Fock level of each mode.
    var topA = 0.0, topB = 0.0
    for k in 0..<d { topA += rho[(d - 1) * d + k, (d - 1) * d + k].real; topB += rho[k * d + d - 1, k * d + d - 1].real }
    report.diagnostics["fockResidual"] = steady.residual
    report.diagnostics["fockTraceError"] = steady.traceError
    report.diagnostics["fockTopLevelPopulationA"] = topA
    report.diagnostics["fockTopLevelPopulationB"] = topB

    // Truncation error of an occupation: the missing geometric tail Σ_{k≥d} k p_k ≈ d p_top/(1−q)²
    // with q = n̄/(n̄+1) ≤ 1/2 here, so 4 d p_top bounds it (absolute).
    let truncationTolerance = max(1e-12, 4 * Double(d) * max(topA, topB))
    report.checks.append(Check(name: "⟨a†a⟩: Fock space vs Lyapunov", equation: "cross-method", expected: gaussianNA,
                               computed: expectation(a.adjoint * a).real, tolerance: truncationTolerance / gaussianNA))
    report.checks.append(Check(name: "⟨b†b⟩: Fock space vs Lyapunov", equation: "cross-method", expected: gaussianNB,
                               computed: expectation(b.adjoint * b).real, tolerance: truncationTolerance / gaussianNB))
    report.checks.append(Check(name: "Im⟨a†b⟩ (current-carrying coherence): Fock vs Lyapunov", equation: "cross-method",
                               expected: gaussianCoherence.imaginary, computed: expectation(a.adjoint * b).imaginary,
                               tolerance: truncationTolerance / abs(gaussianCoherence.imaginary)))
    report.checks.append(Check(name: "first law: Q̇_a + Q̇_b = 0 at steady state (global H)", equation: "d⟨H⟩/dt = Σ_j Tr{H D_j ρ}",
                               expected: 0, computed: qA + qB, tolerance: 1e-12))
    let sigma = -(qA / temperatureA + qB / temperatureB)
    report.checks.append(Check(name: "Clausius inequality Σ = −Q̇_a/T_a − Q̇_b/T_b ≥ 0", equation: "second law",
                               atLeast: 0, computed: sigma, tolerance: 0))
    report.notes.append(String(format: "heat from the hot bath a: Q̇_a = %.6e, into the cold bath b: −Q̇_b = %.6e (ħ = k_B = 1, ω_a = 1)", qA, -qB))
    report.notes.append(String(format: "entropy production Σ = %.6e", sigma))

    // Coupling sweep on the Gaussian route (Lyapunov per point), with the demo's ε as grid point 10.
    progress("demo: coupling sweep, 41 + 41 Lyapunov solves")
    let grid = (0...40).map { k in k == 10 ? epsilon : epsilon * Double(k) / 10 }
    let sweep = try grid.map { try gaussianState(epsilon: $0, nA: nA, nB: nB) }
    report.diagnostics["sweepMaxLyapunovRelativeResidual"] = sweep.map(\.residual).max() ?? 0
    // Local-form heat of bath a: Q̇_a^loc = Tr{ω_a a†a D_a ρ} = γ_a ω_a (n̄_a − ⟨a†a⟩).
    // Global-H heat of bath a: Q̇_a = Tr{H D_a ρ} = Q̇_a^loc + ε Tr{(a†b + ab†) D_a ρ}, and the adjoint
    // dissipator gives D_a†(a†b) = −(γ_a/2) a†b, so Q̇_a = γ_a ω_a (n̄_a − ⟨a†a⟩) − γ_a ε Re⟨a†b⟩.
    let localHeat = sweep.map(\.localHeatA)
    let globalHeat = sweep.map(\.heatA)
    // ThermodynamicsReport against the closed forms in the moments (independent of the heat routine).
    let closedGlobal = zip(sweep, grid).map { gammaA * omegaA * (nA - $0.0.nA) - gammaA * $0.1 * $0.0.coherence.real }
    let closedLocal = sweep.map { gammaA * omegaA * (nA - $0.nA) }
    let scaleQ = globalHeat.map(abs).max() ?? 1
    report.checks.append(Check(name: "sweep: ThermodynamicsReport Q̇_a vs closed form γ_a ω_a(n̄_a − ⟨a†a⟩) − γ_a ε Re⟨a†b⟩ (max |Δ| / max |Q̇_a|)",
                               equation: "D_a†(a†b) = −(γ_a/2) a†b", expected: 0,
                               computed: zip(globalHeat, closedGlobal).map { abs($0 - $1) }.max()! / scaleQ, tolerance: 1e-12))
    report.checks.append(Check(name: "sweep: ThermodynamicsReport Q̇_a^loc vs closed form γ_a ω_a(n̄_a − ⟨a†a⟩) (max |Δ| / max |Q̇_a|)",
                               equation: "Q̇_a^loc = Tr{ω_a a†a D_a ρ}", expected: 0,
                               computed: zip(localHeat, closedLocal).map { abs($0 - $1) }.max()! / scaleQ, tolerance: 1e-12))
    // Error propagation of the Fock truncation: |δQ̇| ≤ γ_a ω_a |δn_a| + γ_a ε |δ⟨a†b⟩|.
    let heatTolerance = gammaA * (omegaA + epsilon) * truncationTolerance
    report.checks.append(Check(name: "Q̇_a = Tr{H D_a ρ}: ThermodynamicsReport (Lyapunov route) vs Fock space",
                               equation: "Q̇_a = γ_a ω_a(n̄_a − ⟨a†a⟩) − γ_a ε Re⟨a†b⟩", expected: qA, computed: globalHeat[10],
                               tolerance: heatTolerance / abs(qA)))
    let fockLocalHeat = gammaA * omegaA * (nA - expectation(a.adjoint * a).real)
    report.checks.append(Check(name: "local heat Q̇_a^loc = Tr{ω_a a†a D_a ρ}: ThermodynamicsReport vs Fock space", equation: "Q̇_a^loc = γ_a ω_a(n̄_a − ⟨a†a⟩)",
                               expected: fockLocalHeat, computed: localHeat[10], tolerance: gammaA * omegaA * truncationTolerance / abs(fockLocalHeat)))

    // Log–log sweep: the weak-coupling ε² law and where it ends.
    let logGrid = (0...40).map { k in pow(10, -3 + 3 * Double(k) / 40) }
    let logSweep = try logGrid.map { try gaussianState(epsilon: $0, nA: nA, nB: nB) }
    let logLocalHeat = logSweep.map(\.localHeatA)
    report.diagnostics["sweepMaxLyapunovRelativeResidual"] = max(report.diagnostics["sweepMaxLyapunovRelativeResidual"] ?? 0,
                                                               logSweep.map(\.residual).max() ?? 0)

    let epsilonAxis = Figure.Axis(label: "coupling ε", unit: "ω_a")
    let parameters = String(format: "ω_a = %g, ω_b = %g, γ_a = %g, γ_b = %g, T_a = %g, T_b = %g", omegaA, omegaB, gammaA, gammaB, temperatureA, temperatureB)
    report.figures.append(Figure(
      id: "heat-current-vs-coupling", title: "Heat current from the hot bath",
      xAxis: epsilonAxis, yAxis: Figure.Axis(label: "heat current Q̇_a", unit: "ħω_a^2"),
      series: [
        Figure.Series(label: "Q̇_a = Tr{H D_a ρ} (global H)", x: grid, y: globalHeat, style: .line),
        Figure.Series(label: "Q̇_a^{loc} = γ_a ω_a(n̄_a − ⟨a†a⟩)", x: grid, y: localHeat, style: .dashed),
        Figure.Series(label: "Fock space (sparse LU)", x: [epsilon], y: [qA], style: .markers),
      ],
      annotations: [.verticalLine(x: epsilon, label: "demo ε")],
      caption: "Local master equation of two hopping-coupled oscillators (\(parameters)); covariance matrix from the Lyapunov equation at each ε. Solid: heat counted with the global Hamiltonian; dashed: local-form heat; marker: Fock-space (sparse LU, \(d) levels per mode) value at the demo's ε.",
      reference: "built-in demo"))
    report.figures.append(Figure(
      id: "occupations-vs-coupling", title: "Mode occupations",
      xAxis: epsilonAxis, yAxis: Figure.Axis(label: "occupation ⟨n⟩"),
      series: [
        Figure.Series(label: "⟨a†a⟩ (hot mode)", x: grid, y: sweep.map(\.nA)),
        Figure.Series(label: "⟨b†b⟩ (cold mode)", x: grid, y: sweep.map(\.nB)),
        Figure.Series(label: "Fock space (sparse LU)", x: [epsilon, epsilon], y: [expectation(a.adjoint * a).real, expectation(b.adjoint * b).real], style: .markers),
      ],
      annotations: [.horizontalLine(y: nA, label: "n̄_a = n̄(ω_a, T_a)"), .horizontalLine(y: nB, label: "n̄_b = n̄(ω_b, T_b)")],
      caption: "Steady-state occupations from the Lyapunov equation; dashed lines: the baths' Bose–Einstein occupations, reached as ε → 0.",
      reference: "built-in demo"))
    let guideGrid = logGrid.filter { $0 <= 0.1 }
    let guide = guideGrid.map { logLocalHeat[0] * ($0 / logGrid[0]) * ($0 / logGrid[0]) }
    report.figures.append(Figure(
      id: "heat-current-loglog", title: "Weak-coupling law of the heat current",
      xAxis: Figure.Axis(label: "coupling ε", unit: "ω_a", scale: .log),
      yAxis: Figure.Axis(label: "local heat current Q̇_a^{loc}", unit: "ħω_a^2", scale: .log),
      series: [
        Figure.Series(label: "Q̇_a^{loc} (Lyapunov)", x: logGrid, y: logLocalHeat),
        Figure.Series(label: "∝ ε^2 (guide through the first point)", x: guideGrid, y: guide, style: .dashed),
      ],
      caption: "The current grows as ε² at weak coupling and saturates once the hopping exceeds the detuning and the damping rates.",
      reference: "built-in demo"))
    return report
  }

  /// Steady state of the local master equation on the Gaussian route at coupling `epsilon`: the
  /// `BosonicNetwork` (hopping chain, flat baths of rate γ_j through x_j) → `.masterEquation(.local)` →
  /// `gaussianSteadyState()` (drift/diffusion → Lyapunov), with ⟨a†a⟩, ⟨a†b⟩ from the covariance and the
  /// heat currents from `ThermodynamicsReport` (Q̇_j = Tr{H D_j ρ}, local Q̇_j^loc = Tr{ω_j a_j†a_j D_j ρ}).
  /// The Fock route above stays an independent hand-built sparse Liouvillian.
  func gaussianState(epsilon: Double, nA: Double, nB: Double) throws
    -> (nA: Double, nB: Double, coherence: Complex<Double>, residual: Double, heatA: Double, localHeatA: Double) {
    let network = try BosonicNetwork.chain(frequencies: [omegaA, omegaB], epsilon: epsilon, baths: [
      .flat(name: "a", mode: 0, rate: gammaA, temperature: temperatureA),
      .flat(name: "b", mode: 1, rate: gammaB, temperature: temperatureB),
    ])
    let ss = try network.masterEquation(.local).gaussianSteadyState()
    let th = ss.thermodynamics
    return (ss.occupation(0), ss.occupation(1), ss.secondMoment(creation: 0, annihilation: 1), ss.diagnostics.relativeResidual,
            th.baths[0].heat, th.baths[0].countedHeat)
  }
}
