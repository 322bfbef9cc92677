import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusThermodynamics
import ClausiusTestSupport
import Foundation
import Numerics
import XCTest

final class DrivenFockEvolutionTests: XCTestCase {
  /// A damped oscillator driven through x: H(t) = ω a†a + F cos(Ωt)(a + a†), jump √κ a (T = 0). ⟨a⟩ obeys
  ///   d⟨a⟩/dt = −(iω + κ/2)⟨a⟩ − iF cos Ωt                                  (Heisenberg–Langevin; Walls & Milburn, Eq. 7.47),
  /// whose periodic solution is a_p(t) = −(iF/2)[e^{−iΩt}/(i(ω − Ω) + κ/2) + e^{iΩt}/(i(ω + Ω) + κ/2)] — the resonant
  /// term is the F/(ω − Ω − iκ/2) response — and from the vacuum ⟨a⟩(t) = a_p(t) − a_p(0)e^{−(iω+κ/2)t}. The state stays
  /// coherent, so ⟨a†a⟩ = |⟨a⟩|² (truncation at 12 levels: |α|²⁴/12! ≈ 1e-37).
  func driven() throws -> (eq: FockMasterEquation, drive: FockDrive, a: SparseMatrix, p: (w: Double, k: Double, f: Double, o: Double)) {
    let p = (w: 1.0, k: 0.1, f: 0.01, o: 0.95)
    let space = FockSpace([try .oscillator("r", levels: 12)])
    let a = space.lowering(0)
    let eq = try FockMasterEquation(space: space, hamiltonian: p.w * space.number(0),
                                    dissipators: [FockDissipator(bath: "cold", rate: p.k, operator: a, countingHamiltonian: p.w * space.number(0), label: "κ D[a]")],
                                    frame: "lab", name: "driven")
    let drive = FockDrive(terms: [(.sinusoid(value: 0, amplitude: p.f, frequency: p.o, phase: Double.pi / 2), a + a.adjoint, "F")])
    return (eq, drive, a, p)
  }

  func closedForm(_ t: Double, _ p: (w: Double, k: Double, f: Double, o: Double)) -> Complex<Double> {
    let i = Complex<Double>(0, 1)
    func ap(_ t: Double) -> Complex<Double> {
      let e1 = Complex<Double>(cos(p.o * t), -sin(p.o * t)), e2 = e1.conjugate
      return -i * Complex(p.f / 2, 0) * (e1 / (i * Complex(p.w - p.o, 0) + Complex(p.k / 2, 0)) + e2 / (i * Complex(p.w + p.o, 0) + Complex(p.k / 2, 0)))
    }
    let decay = Complex<Double>.exp(-(i * Complex(p.w, 0) + Complex(p.k / 2, 0)) * Complex(t, 0))
    return ap(t) - ap(0) * decay
  }

  func testDrivenDampedOscillatorAgainstClosedForm() throws {
    let (eq, drive, a, p) = try driven()
    let times: [Double] = [0, 3.7, 12, 40, 90, 150]
    let tr = try DrivenFockEvolution(equation: eq, drive: drive)
      .evolve(from: .product(levels: [0]), times: times, observables: [("re a", 0.5 * (a + a.adjoint)), ("im a", Complex(0, -0.5) * (a - a.adjoint)),
                                                                         ("n", a.adjoint * a)], tolerance: 1e-10)
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let exact = closedForm(t, p)
      worst = max(worst, abs(tr.observables[0][k] - exact.real), abs(tr.observables[1][k] - exact.imaginary), abs(tr.observables[2][k] - exact.lengthSquared))
    }
    print("driven damped oscillator vs closed form: max deviation \(worst) (|⟨a⟩| ≈ \(closedForm(150, p).length)); CVODE \(tr.ode.steps) steps, \(tr.ode.linearSolver)")
    XCTAssertLessThan(worst, 1e-8)
    XCTAssertGreaterThan(closedForm(150, p).length, 0.05)   // a non-trivial response
    XCTAssertEqual(tr.ode.linearSolver, "sparse LU (KLU, exact Jacobian)")
    // CVODE's Adams method with fixed-point iteration (no linear solver) on the same problem.
    let adams = try DrivenFockEvolution(equation: eq, drive: drive)
      .evolve(from: .product(levels: [0]), times: times, observables: [("n", a.adjoint * a)], tolerance: 1e-10, method: .adams)
    for (k, t) in times.enumerated() { XCTAssertEqual(adams.observables[0][k], closedForm(t, p).lengthSquared, accuracy: 1e-8) }
    XCTAssertEqual(adams.ode.linearSolver, "none (fixed-point iteration)")
  }

  /// Stroboscopic mode on the same model: after many periods the cycle-averaged heat equals the closed form's
  ///   Q̄ = (1/P)∫_P Tr{H(t) κD[a]ρ} dt = (1/P)∫_P [−κω|α|² − κ F(t) Re α] dt   (coherent α = a_p(t); D[a]†(a†a) = −a†a,
  ///   D[a]†(a + a†) = −(a + a†)/2),
  /// and W̄ = −Q̄ (the cycle-averaged first law, energy periodic).
  func testStroboscopicPeriodicSteadyStateAgainstClosedForm() throws {
    let (eq, drive, _, p) = try driven()
    let period = 2 * Double.pi / p.o
    let cycles = 60   // 60 P ≈ 397 ≈ 20 damping times 2/κ: the transient is e^{−20} ≈ 2e-9 of |α|, below the check
    let tr = try DrivenFockEvolution(equation: eq, drive: drive)
      .evolve(from: .product(levels: [0]), times: (0...cycles).map { Double($0) * period }, tolerance: 1e-10)
    let s = StroboscopicSummary(period: period, times: tr.times, integratedHeat: tr.integratedHeat, integratedLocalHeat: tr.integratedCountedHeat,
                                integratedWork: tr.integratedWork, integratedDriveWork: tr.integratedDriveWork, energy: tr.energy,
                                stateChange: tr.stateChange, tolerance: 1e-10)
    // The closed form's cycle average by the trapezoidal rule on the periodic integrand (spectrally accurate).
    let n = 4000
    var q = 0.0
    for j in 0..<n {
      let t = 1000 * period + Double(j) * period / Double(n)
      let alpha = closedForm(t, p)
      q += -p.k * p.w * alpha.lengthSquared - p.k * p.f * cos(p.o * t) * alpha.real * 2 / 2
    }
    q /= Double(n)
    print("stroboscopic: Q̄ \(s.heat[0]) vs closed form \(q); W̄ \(s.driveWork); state change \(s.stateChange); first law \(s.firstLawResidual)")
    XCTAssertEqual(s.heat[0], q, accuracy: 1e-6 * abs(q))
    XCTAssertEqual(s.driveWork, -q, accuracy: 1e-6 * abs(q))
    XCTAssertLessThan(s.firstLawResidual, 1e-6)
    XCTAssertEqual(s.cycles, cycles)
  }

  /// With no drive, CVODE equals the Krylov propagator (`FockEvolution`, EXPOKIT) on a time-independent Liouvillian: two
  /// independent integrators of the same generator (paper 000's SME, product Fock state).
  func testTimeIndependentCVODEEqualsKrylov() throws {
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.3, g: 0.12, kappaC: 0.08, kappaM: 0.04,
                                       temperatureC: 0.6, temperatureM: 0.5, cavityLevels: 3, mechanicalLevels: 6)
    let eq = try sys.masterEquation(.standard)
    let times: [Double] = [0, 2, 9, 25]
    let krylov = try FockEvolution(equation: eq, temperatures: sys.bathTemperatures).evolve(from: .product(levels: [1, 2]), times: times, tolerance: 1e-12)
    let ode = try DrivenFockEvolution(equation: eq, drive: FockDrive(), temperatures: sys.bathTemperatures.mapValues { .constant($0) })
      .evolve(from: .product(levels: [1, 2]), times: times, tolerance: 1e-11)
    let rhoDiff = (ode.finalDensity - krylov.finalDensity).maxAbs
    var heatDiff = 0.0
    for b in krylov.bathNames.indices {
      for k in times.indices {
        heatDiff = max(heatDiff, abs(ode.heat[b][k] - krylov.heat[b][k]), abs(ode.integratedHeat[b][k] - krylov.integratedHeat[b][k]))
      }
    }
    print("CVODE vs Krylov (time-independent SME, d = 18): max |Δρ| \(rhoDiff), max |ΔQ̇|, |ΔQ| \(heatDiff); \(ode.ode.steps) steps")
    XCTAssertLessThan(rhoDiff, 1e-8)
    XCTAssertLessThan(heatDiff, 1e-8)
  }

  /// The first law along a driven trajectory with a modulated coupling and a modulated bath temperature (two qubits,
  /// local dissipators, g(t) and T_hot(t)): d⟨H⟩/dt = Σ_α Q̇_α + Ẇ_drive at every output time (the generator's own
  /// right-hand side against the per-bath and drive parts: round-off) and ⟨H(t)⟩ − ⟨H(0)⟩ = Σ_α Q_α + W_drive (the
  /// propagated state against the integrals carried by the ODE: solver tolerance). Also Tr ρ = 1 and ρ ≥ 0.
  func testFirstLawAlongDrivenTrajectory() throws {
    let space = FockSpace([.twoLevel("a"), .twoLevel("b")])
    let sa = space.lowering(0), sb = space.lowering(1)
    let ha = 1.0 * (sa.adjoint * sa), hb = 1.2 * (sb.adjoint * sb)
    @Sendable func n(_ w: Double, _ t: Double) -> Double { 1 / expm1(w / t) }
    let tc = 0.3, th = TimeFunction.table(times: [0, 10, 20], values: [0.6, 1.4, 0.9], interpolation: .linear)
    let g0 = 0.01
    let dissipators = [
      FockDissipator(bath: "cold", rate: 0.02 * (n(1, tc) + 1), operator: sa, countingHamiltonian: ha, label: "down a"),
      FockDissipator(bath: "cold", rate: 0.02 * n(1, tc), operator: sa.adjoint, countingHamiltonian: ha, label: "up a"),
      FockDissipator(bath: "hot", rate: 0.03 * (n(1.2, 1.4) + 1), operator: sb, countingHamiltonian: hb, label: "down b"),
      FockDissipator(bath: "hot", rate: 0.03 * n(1.2, 1.4), operator: sb.adjoint, countingHamiltonian: hb, label: "up b"),
    ]
    let eq = try FockMasterEquation(space: space, hamiltonian: ha + hb, dissipators: dissipators, frame: "lab", name: "local")
    let coupling = sa.adjoint * sb + sb.adjoint * sa
    let drive = FockDrive(terms: [(.sinusoid(value: g0, amplitude: 0.04, frequency: 0.7, phase: 0), coupling, "g")],
                          rateFactors: [(2, { t in (n(1.2, th(t)) + 1) / (n(1.2, 1.4) + 1) }), (3, { t in n(1.2, th(t)) / n(1.2, 1.4) })],
                          breakpoints: th.breakpoints)
    let ev = try DrivenFockEvolution(equation: eq, drive: drive, temperatures: ["cold": .constant(tc), "hot": th],
                                     countingHamiltonians: ["cold": ha, "hot": hb])
    let tr = try ev.evolve(from: .product(levels: [1, 0]), times: (0...30).map { Double($0) }, tolerance: 1e-9)
    print("first law (driven): rate residual \(tr.firstLawResidual), integrated \(tr.integratedFirstLawResidual); drive work \(tr.integratedDriveWork.last!); restarts \(tr.ode.restarts)")
    XCTAssertLessThan(tr.firstLawResidual, 1e-12)
    XCTAssertLessThan(tr.integratedFirstLawResidual, 1e-7)
    XCTAssertGreaterThan(abs(tr.integratedDriveWork.last!), 1e-4)   // the drive does work
    XCTAssertEqual(tr.ode.restarts, 2)                              // at the table's corners t = 10, 20
    XCTAssertLessThan(tr.traceError.max()!, 1e-9)
    XCTAssertGreaterThan(tr.minimumEigenvalue!.min()!, -1e-9)
    // Independent rate check at the last time: Ẇ_drive = f′(t) Tr{H_g ρ}.
    let t = 30.0, rho = tr.finalDensity
    XCTAssertEqual(tr.driveWorkRate.last!, 0.04 * 0.7 * cos(0.7 * t) * coupling.trace(times: rho).real, accuracy: 1e-14)
  }

  /// Redfield terms with a drive are refused (their dissipator follows H's eigenbasis).
  func testRedfieldWithDriveIsRefused() throws {
    let space = FockSpace([.twoLevel("a")])
    let s = space.lowering(0) + space.lowering(0).adjoint
    let eq = try FockMasterEquation(space: space, hamiltonian: space.number(0), dissipators: [],
                                    redfieldTerms: [FockRedfieldTerm(bath: "b", coupling: s, filtered: 0.01 * s, countingHamiltonian: space.number(0))],
                                    frame: "eigenbasis", name: "redfield")
    XCTAssertThrowsError(try DrivenFockEvolution(equation: eq, drive: FockDrive(terms: [(.constant(0.1), s, "F")])))
  }
}
