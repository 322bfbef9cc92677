import ClausiusNumerics
import Foundation
import Numerics

/// The built-in demo: two detuned, hopping-coupled oscillators, each attached to its own thermal bath
/// through a local master equation (docs/conventions.md):
///
///   H = ω_a a†a + ω_b b†b + ε(a†b + ab†),
///   dρ/dt = −i[H, ρ] + Σ_{j=a,b} γ_j(n̄_j+1) D[j]ρ + γ_j n̄_j D[j†]ρ,   n̄_j = n̄(ω_j, T_j).
///
/// It is solved twice, independently: on the covariance matrix (drift/diffusion → Lyapunov) and on a
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
    let drift = Matrix<Double>([[-gammaA / 2, omegaA, 0, epsilon], [-omegaA, -gammaA / 2, -epsilon, 0],
                                [0, epsilon, -gammaB / 2, omegaB], [-epsilon, 0, -omegaB, -gammaB / 2]])
    let diffusion = Matrix<Double>.diagonal([gammaA * (nA + 0.5), gammaA * (nA + 0.5), gammaB * (nB + 0.5), gammaB * (nB + 0.5)])
    let lyapunov = try drift.solveLyapunov(diffusion)
    let v = lyapunov.solution
    let gaussianNA = (v[0, 0] + v[1, 1] - 1) / 2, gaussianNB = (v[2, 2] + v[3, 3] - 1) / 2
    let gaussianCoherence = Complex((v[0, 2] + v[1, 3]) / 2, (v[0, 3] - v[1, 2]) / 2)
    report.diagnostics["lyapunovRelativeResidual"] = lyapunov.relativeResidual

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
    return report
  }
}
