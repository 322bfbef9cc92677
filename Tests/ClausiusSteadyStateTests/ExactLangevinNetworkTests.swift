import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import Foundation
import Numerics
import ClausiusTestSupport
import XCTest

/// `ExactNetworkSteadyState` (docs/exact-langevin.md) against independent sources:
/// • closed forms: the vacuum V = ½·1 of a damped mode at T = 0; the resonant-dimer Landauer current with the
///   Lorentzian transmission T(ν) = κ²ε²/|(ν − ω + iκ/2)² − ε²|², ∫T dν/2π = 2κε²/(κ² + 4ε²) (residues);
///   the O(κ) expansion of a single damped mode's ⟨a†a⟩ around n̄(ω) (exact-langevin.md Eq. 16);
/// • an independent numpy/scipy script (Tests/Scripts/exact_network_reference.py): ladder basis, unfolded
///   integral over ℝ with scipy.integrate.quad/quad_vec, heat in the power form ⟨½{Ṡ, B}⟩;
/// • paper 004's position-coupled solver `ExactLangevinSteadyState` on the same wire written both ways.
final class ExactLangevinNetworkTests: XCTestCase {
  static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts")

  /// Runs `python3 script` with `input` on stdin and returns its JSON output.
  func python(_ script: String, _ input: [String: Any]) throws -> [String: Any] {
    let r = try PythonScript.runFile(Self.scripts.appendingPathComponent(script).path, input: try JSONSerialization.data(withJSONObject: input))
    XCTAssertEqual(r.status, 0, r.stderr)
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  func nbar(_ w: Double, _ t: Double) -> Double { 1 / expm1(w / t) }

  /// A mode damped by a flat ladder bath at T = 0 is in its vacuum: V = ½·1 exactly (the Lorentzian
  /// κ/((ν−ω)² + κ²/4) integrates to 2π over ℝ, with vacuum noise ½ at every ν), and no heat flows.
  func testSingleModeVacuum() throws {
    let e = try ExactNetworkSteadyState(hamiltonian: Matrix([[1.3, 0], [0, 1.3]]),
                                        baths: [NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(1, 0)], rate: 0.02), temperature: 0)])
    XCTAssertTrue(e.converged)
    XCTAssertLessThan((e.covariance - Matrix.identity(2) * 0.5).maxAbs, 1e-9)
    XCTAssertEqual(e.heatCurrents[0], 0, accuracy: 1e-15)
  }

  /// ⟨a†a⟩ of a mode ω₀ with a flat ladder bath (rate κ, temperature T) is n̄(ω₀) + c₁κ + O(κ² ln κ), with
  /// c₁ = −n̄(ω₀)/(2πd) + (1/2π)[∫_{ν_IR}^{ω₀+d} (n̄(ν) − n̄(ω₀) − n̄'(ω₀)(ν − ω₀))/(ν − ω₀)² dν + ∫_{ω₀+d}^∞ (n̄(ν) − n̄(ω₀))/(ν − ω₀)² dν],
  /// d = ω₀ − ν_IR (exact-langevin.md Eq. 16; evaluated here with mpmath). The GKLS value n̄(ω₀) is the κ → 0 limit.
  func testSingleModeThermalOccupationExpansion() throws {
    let w0 = 1.0, t = 0.5
    let c1 = try python("mpmath_eval.py", ["expr": "c1", "w0": w0, "T": t, "nuIR": 0.5 * w0])["value"] as! Double
    for kappa in [1e-4, 1e-5] {
      let e = try ExactNetworkSteadyState(hamiltonian: Matrix([[w0, 0], [0, w0]]),
                                          baths: [NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(1, 0)], rate: kappa), temperature: t)])
      XCTAssertEqual(e.infraredEdge, 0.5 * w0, accuracy: 1e-12)
      let n = e.normalOrderedCorrelations[0, 0].real
      let slope = (n - nbar(w0, t)) / kappa
      // Measured: c₁ = −0.0094799 (mpmath); slope −0.0094918 at κ = 1e-4, −0.0094807 at κ = 1e-5 (remainder O(κ ln κ)).
      XCTAssertEqual(slope, c1, accuracy: 2e-3 * abs(c1) + 1e-9 / kappa, "κ = \(kappa)")
    }
  }

  /// Two resonant modes (ω, hopping ε) each with a flat ladder bath: the Landauer current is
  /// Q̇₁ = ∫dν/2π ν T(ν)[n̄₁(ν) − n̄₂(ν)], T = κ²ε²/|(ν − ω + iκ/2)² − ε²|²; for κ, ε ≪ T, ω this is
  /// ω[n̄₁(ω) − n̄₂(ω)]·2κε²/(κ² + 4ε²) up to O((ε/T)², κ/ω) (Lorentzian integral by residues).
  func testResonantDimerLandauerClosedForm() throws {
    let w = 1.0, eps = 1e-3, t1 = 1.2, t2 = 0.6
    for kappa in [2e-4, 2e-3] {
      let g = try BosonicNetwork(frequencies: [w, w], couplings: [.hopping(0, 1, epsilon: eps)]).hamiltonian.matrix
      let e = try ExactNetworkSteadyState(hamiltonian: g, baths: [
        NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(1, 0), .zero], rate: kappa), temperature: t1),
        NetworkLangevinBath(coupling: .ladder(coefficients: [.zero, Complex(1, 0)], rate: kappa), temperature: t2)])
      let closed = w * (nbar(w, t1) - nbar(w, t2)) * 2 * kappa * eps * eps / (kappa * kappa + 4 * eps * eps)
      XCTAssertEqual(e.heatCurrents[0], closed, accuracy: 1e-4 * abs(closed), "κ = \(kappa)")
      XCTAssertEqual(e.heatCurrents[0] + e.heatCurrents[1], 0, accuracy: 1e-9 * abs(closed), "first law")
      XCTAssertLessThan(e.heatCurrentErrors[0], 1e-6 * abs(closed))
    }
  }

  /// Three modes with every kind of term (hopping with a Peierls phase = x–p couplings, squeezing, XX, a drive),
  /// Ohmic–Drude baths through x₀, p₂ and X₁: covariance, means and heat currents against the independent
  /// numpy/scipy evaluation.
  func testThreeModeNetworkAgainstScipy() throws {
    let w = [1.0, 1.3, 0.8]
    let net = try BosonicNetwork(frequencies: w, couplings: [.hopping(0, 1, epsilon: 0.1, phase: 0.4), .squeezing(1, 2, eta: 0.05),
                                                             .positionPosition(0, 2, g: 0.03)],
                                 drives: [CoherentDrive(mode: 0, amplitude: Complex(0.01, 0.02))])
    let h = net.hamiltonian
    func unit(_ k: Int, _ v: Double = 1) -> [Double] { var s = [Double](repeating: 0, count: 6); s[k] = v; return s }
    let specs: [(s: [Double], l2: Double, cut: Double, t: Double, mode: Int, op: String)] = [
      (unit(0), 4e-3, 20, 0.7, 0, "x"), (unit(5), 2.5e-3, 30, 1.5, 2, "p"), (unit(2, 1 / w[1].squareRoot()), 6e-3, 15, 0.2, 1, "X")]
    let e = try ExactNetworkSteadyState(hamiltonian: h.matrix, linear: h.linear, baths: specs.map {
      NetworkLangevinBath(coupling: .quadrature(s: $0.s, spectralDensity: .drudeOhmic(lambdaSquared: $0.l2, cutoff: $0.cut)), temperature: $0.t) })
    XCTAssertTrue(e.converged)
    let ref = try python("exact_network_reference.py", [
      "frequencies": w, "hopping": [[0, 1, 0.1, 0.4]], "squeezing": [[1, 2, 0.05]], "xx": [[0, 2, 0.03]], "drives": [[0, 0.01, 0.02]],
      "baths": specs.map { ["mode": $0.mode, "operator": $0.op, "lambda2": $0.l2, "cutoff": $0.cut, "temperature": $0.t] as [String: Any] }])
    let v = try XCTUnwrap(ref["V"] as? [[Double]]), q = try XCTUnwrap(ref["heat"] as? [Double]), m = try XCTUnwrap(ref["means"] as? [Double])
    for i in 0..<6 { for j in 0..<6 { XCTAssertEqual(e.covariance[i, j], v[i][j], accuracy: 1e-8, "V[\(i),\(j)]") } }
    let qs = q.map(abs).max()!
    for a in 0..<3 { XCTAssertEqual(e.heatCurrents[a], q[a], accuracy: 1e-6 * qs, "Q̇[\(a)]") }
    XCTAssertEqual(e.heatCurrents.reduce(0, +), 0, accuracy: 1e-8 * qs, "first law (the drive is static: no work)")
    for i in 0..<6 { XCTAssertEqual(e.means[i], m[i], accuracy: 1e-12) }
    XCTAssertGreaterThanOrEqual(try e.covariance.uncertaintyMargin(), 0)
  }

  /// A number-conserving ring (hopping with a Peierls phase, a drive) with two rotating-wave (ladder) baths — one on
  /// L = a₀, one on L = (a₁ + i a₂)/√2 — and an Ohmic–Drude bath on x₁: covariance and heat currents against the
  /// same script, whose ladder baths follow input–output theory (heat from the balance ∫ν(P_in − P_out)/κ, not the
  /// Caroli form), with the same infrared edge ν_IR passed as a model parameter.
  func testRingWithLadderBathsAgainstScipy() throws {
    let w = [1.0, 1.1, 0.9]
    let net = try BosonicNetwork(frequencies: w, couplings: [.hopping(0, 1, epsilon: 0.05, phase: 0.7), .hopping(1, 2, epsilon: 0.04),
                                                             .hopping(2, 0, epsilon: 0.03)],
                                 drives: [CoherentDrive(mode: 1, amplitude: Complex(0.02, -0.01))])
    let h = net.hamiltonian
    let r2 = 1 / 2.0.squareRoot()
    let ladders: [(c: [Complex<Double>], k: Double, t: Double)] = [([Complex(1, 0), .zero, .zero], 4e-3, 1.2),
                                                                   ([.zero, Complex(r2, 0), Complex(0, r2)], 3e-3, 0.4)]
    var baths = ladders.map { NetworkLangevinBath(coupling: .ladder(coefficients: $0.c, rate: $0.k), temperature: $0.t) }
    baths.append(NetworkLangevinBath(coupling: .quadrature(s: [0, 0, 1, 0, 0, 0], spectralDensity: .drudeOhmic(lambdaSquared: 2e-3, cutoff: 20)), temperature: 0.8))
    let e = try ExactNetworkSteadyState(hamiltonian: h.matrix, linear: h.linear, baths: baths)
    XCTAssertTrue(e.converged)
    let ref = try python("exact_network_reference.py", [
      "frequencies": w, "hopping": [[0, 1, 0.05, 0.7], [1, 2, 0.04, 0.0], [2, 0, 0.03, 0.0]], "drives": [[1, 0.02, -0.01]], "nuIR": e.infraredEdge,
      "ladders": ladders.map { ["coefficients": $0.c.map { [$0.real, $0.imaginary] }, "rate": $0.k, "temperature": $0.t] as [String: Any] },
      "baths": [["mode": 1, "operator": "x", "lambda2": 2e-3, "cutoff": 20.0, "temperature": 0.8] as [String: Any]]])
    let v = try XCTUnwrap(ref["V"] as? [[Double]]), q = try XCTUnwrap(ref["heat"] as? [Double]), m = try XCTUnwrap(ref["means"] as? [Double])
    for i in 0..<6 { for j in 0..<6 { XCTAssertEqual(e.covariance[i, j], v[i][j], accuracy: 1e-8, "V[\(i),\(j)]") } }
    // The script lists the Drude bath first, then the ladders. Its input–output heat is a difference of gross
    // terms (P_in − P_out, vacuum parts included), so its own first-law residual |ΣQ̇| (measured 7.0e-9, 1e-5 of
    // the largest current) is its error bar; the Caroli form here closes the first law to 1e-9 of it.
    let qs = q.map(abs).max()!, scriptError = abs(q.reduce(0, +))
    XCTAssertEqual(e.heatCurrents.reduce(0, +), 0, accuracy: 1e-9 * qs, "first law (the drive is static: no work)")
    XCTAssertEqual(e.heatCurrents[2], q[0], accuracy: 1e-6 * qs + 2 * scriptError, "Q̇ Drude")
    for a in 0..<2 { XCTAssertEqual(e.heatCurrents[a], q[1 + a], accuracy: 1e-6 * qs + 2 * scriptError, "Q̇ ladder \(a)") }
    for i in 0..<6 { XCTAssertEqual(e.means[i], m[i], accuracy: 1e-12) }
  }

  /// Paper 004's wire (Eq. 4) written both ways: K with position-coupled baths (`ExactLangevinSteadyState`) and
  /// H = ½rᵀGr with baths through X = x/√ω (`ExactNetworkSteadyState`) — the same state and currents.
  func testPaper004WireBothWays() throws {
    let d = LangevinSpectralDensity.drudeOhmic(lambdaSquared: 1e-3, cutoff: 1e3)
    for k in [1e-3, 0.05] {
      let old = try ExactLangevinSteadyState(potential: Matrix([[1 + k, -k], [-k, 4 + k]]), baths: [
        LangevinBath(node: 0, nodes: 2, spectralDensity: d, temperature: 2), LangevinBath(node: 1, nodes: 2, spectralDensity: d, temperature: 3)])
      let net = try BosonicNetwork(frequencies: [1, 2], couplings: [.spring(0, 1, k: k)])
      let e = try ExactNetworkSteadyState(hamiltonian: net.hamiltonian.matrix, baths: [
        NetworkLangevinBath(coupling: .quadrature(s: [1, 0, 0, 0], spectralDensity: d), temperature: 2),
        NetworkLangevinBath(coupling: .quadrature(s: [0, 0, 1 / 2.0.squareRoot(), 0], spectralDensity: d), temperature: 3)])
      let vOld = try old.covariance(quadratureFrequencies: [1, 2])
      XCTAssertLessThan((e.covariance - vOld).maxAbs, 1e-8 * vOld.maxAbs, "k = \(k)")
      for a in 0..<2 {
        XCTAssertEqual(e.heatCurrents[a], old.landauerHeatCurrents[a], accuracy: 1e-7 * abs(old.landauerHeatCurrents[a]), "k = \(k), bath \(a)")
      }
    }
  }

  /// A mode damped only through two weak hoppings (width 3.6e-10 at ω = 1.31; `advisor-grade` hopping #27): the
  /// ladder-basis evaluation keeps the integrand smooth, so the quadrature converges (117 intervals measured; in
  /// the quadrature basis the rounding noise ε_mach·ω/γ ≈ 1e-6 stalled it at 50 000). Its population against the
  /// global GKLS state (Clausius's Lyapunov solver; secular ratio ≈ 10⁶, so the global equation is accurate to
  /// O(κ/Δ) ≈ 1e-3).
  func testNarrowResonanceConverges() throws {
    let net = try BosonicNetwork(frequencies: [1.630220231511456, 1.3109990930556714, 2.3663944387736002],
                                 couplings: [.hopping(0, 1, epsilon: 2.4201655852548837e-4), .hopping(1, 2, epsilon: 5.06916058864539e-4)],
                                 baths: [try .flat(name: "a", mode: 0, rate: 9.473104316415024e-4, temperature: 1.47758404303762),
                                         try .flat(name: "b", mode: 2, rate: 7.473249326537888e-4, temperature: 2.2511977181857574)])
    let h = 1 / 2.0.squareRoot()
    let e = try ExactNetworkSteadyState(hamiltonian: net.hamiltonian.matrix, baths: [
      NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(h, 0), .zero, .zero], rate: 2 * 9.473104316415024e-4), temperature: 1.47758404303762),
      NetworkLangevinBath(coupling: .ladder(coefficients: [.zero, .zero, Complex(h, 0)], rate: 2 * 7.473249326537888e-4), temperature: 2.2511977181857574)],
      quadrature: AdaptiveGaussKronrod(maxIntervals: 2000))
    XCTAssertTrue(e.converged)
    XCTAssertLessThan(e.intervals, 1000)
    XCTAssertLessThan(e.resonances.map(\.halfWidth).min()!, 1e-9)
    let global = try net.masterEquation(.global).gaussianSteadyState()
    for j in 0..<3 { XCTAssertEqual(e.normalOrderedCorrelations[j, j].real, global.occupation(j), accuracy: 2e-3 * global.occupation(j), "mode \(j)") }
  }

  /// Unstable and undamped networks are refused with a physicist-readable reason.
  func testUnstableAndUndampedNetworksAreRefused() throws {
    // Two-mode squeezing η > (ω₁ + ω₂)/2 amplifies: a drift eigenvalue has Re > 0.
    let sq = try BosonicNetwork(frequencies: [1, 1], couplings: [.squeezing(0, 1, eta: 1.5)]).hamiltonian.matrix
    XCTAssertThrowsError(try ExactNetworkSteadyState(hamiltonian: sq, baths: [
      NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(1, 0), .zero], rate: 0.1), temperature: 1)])) { err in
      XCTAssertTrue("\(err)".contains("the network is unstable"), "\(err)")
    }
    // Mode 1 is not coupled to mode 0 nor to a bath.
    XCTAssertThrowsError(try ExactNetworkSteadyState(hamiltonian: Matrix.identity(4), baths: [
      NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(1, 0), .zero], rate: 0.1), temperature: 1)])) { err in
      XCTAssertTrue("\(err)".contains("is not damped by any bath"), "\(err)")
    }
  }
}
