import ClausiusNumerics
import Foundation
import Numerics
import Testing

/// Gaussian (Lyapunov) ↔ Fock (sparse Liouvillian) for the same quadratic master equation.
@Suite("Cross-method: Lyapunov covariance vs Fock-space steady state")
struct CrossMethodTests {
  @Test("two coupled oscillators, local baths at different temperatures: ⟨a†a⟩, ⟨b†b⟩ and ⟨a†b⟩ agree")
  func coupledOscillators() throws {
    // H = ω_a a†a + ω_b b†b + ε(a†b + ab†); γ_a(n̄_a+1)D[a] + γ_a n̄_a D[a†] + (same for b).
    let wa = 1.0, wb = 1.1, eps = 0.05, ga = 0.02, gb = 0.03, na = 0.3, nb = 0.05
    // Fock route, truncation 14 per mode: level 13 of a mode at n̄ = 0.3 holds (0.3/1.3)^13 ≈ 5e-9.
    let n = 14
    let a1 = annihilation(n), id = SparseMatrix.identity(n)
    let a = a1.kronecker(id), b = id.kronecker(a1)
    let h = wa * (a.adjoint * a) + wb * (b.adjoint * b) + eps * (a.adjoint * b + b.adjoint * a)
    let jumps = [(ga * (na + 1)).squareRoot() * a, (ga * na).squareRoot() * a.adjoint,
                 (gb * (nb + 1)).squareRoot() * b, (gb * nb).squareRoot() * b.adjoint]
    let ss = try LiouvillianSteadyStateSolver(liouvillian: Superoperator.lindblad(hamiltonian: h, jumps: jumps)).solve()
    let rho = ss.densityMatrix
    func expect(_ op: SparseMatrix) -> Complex<Double> {
      // Tr(O ρ) = Σ_ij O_ij ρ_ji
      op.triplets.reduce(Complex<Double>.zero) { $0 + $1.value * rho[$1.column, $1.row] }
    }
    let nA = expect(a.adjoint * a).real, nB = expect(b.adjoint * b).real, coh = expect(a.adjoint * b)

    // Gaussian route, quadratures r = (x_a, p_a, x_b, p_b): ε(a†b + ab†) = ε(x_a x_b + p_a p_b).
    let drift = Matrix<Double>([[-ga / 2, wa, 0, eps], [-wa, -ga / 2, -eps, 0],
                                [0, eps, -gb / 2, wb], [-eps, 0, -wb, -gb / 2]])
    let diffusion = Matrix<Double>.diagonal([ga * (na + 0.5), ga * (na + 0.5), gb * (nb + 0.5), gb * (nb + 0.5)])
    let v = try drift.solveLyapunov(diffusion).solution
    // ⟨a†a⟩ = (V_xx + V_pp − 1)/2; ⟨a†b⟩ = ½(V_xaxb + V_papb) + (i/2)(V_xapb − V_paxb)
    let gA = (v[0, 0] + v[1, 1] - 1) / 2, gB = (v[2, 2] + v[3, 3] - 1) / 2
    let gCoh = Complex((v[0, 2] + v[1, 3]) / 2, (v[0, 3] - v[1, 2]) / 2)
    // Tolerance: the truncation error of the Fock route, set by the top-level population (~1e-8).
    #expect(abs(nA - gA) < 1e-7)
    #expect(abs(nB - gB) < 1e-7)
    #expect((coh - gCoh).length < 1e-7)
    // The coherence carries the heat current (Im⟨a†b⟩ ≠ 0 out of equilibrium): a sign error in the
    // quadrature mapping would show up far above the tolerance.
    #expect(abs(gCoh.imaginary) > 1e-3)
    #expect(ss.traceError < 1e-12)
  }
}
