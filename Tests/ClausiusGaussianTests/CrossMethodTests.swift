import XCTest
import Numerics
@testable import Clausius

/// Gaussian (Lyapunov) ↔ Fock (sparse Liouvillian + UMFPACK) for the same MasterEquation value.
/// Tolerance: truncation at cutoff 8 with occupations ≲ 0.15 leaves a top-level population ≲ 1e-6;
/// the moments agree to ~1e-5 absolute; we allow 1e-4 (V entries are O(1)). The residual difference is
/// truncation: for the Redfield case at T = 0.3/0.6 it fell 1e-4 → 3e-7 → 1e-8 for cutoffs 8 → 10 → 12.
final class CrossMethodTests: XCTestCase {
  func check(_ eq: MasterEquation, cutoff: Int = 8, file: StaticString = #filePath, line: UInt = #line) throws {
    let g = try eq.gaussianSteadyState()
    let f = try eq.fockSteadyState(cutoff: cutoff)
    XCTAssertLessThan(f.solution.traceError, 1e-10, file: file, line: line)
    XCTAssertLessThan(f.truncationPopulation, 1e-5, file: file, line: line)
    print("cross-method \(eq.derivation) cutoff \(cutoff): max abs ΔV = \((g.covariance - f.covariance).maxAbs), top population \(f.truncationPopulation)")
    XCTAssertLessThan((g.covariance - f.covariance).maxAbs, 1e-4, "\(eq.derivation)", file: file, line: line)
    for (a, b) in zip(g.mean, f.mean) { XCTAssertEqual(a, b, accuracy: 1e-4, file: file, line: line) }
  }

  /// Local equation with hopping, squeezing and a coherent drive (paper 003, Eqs. 4, 44).
  func testLocalEquationLyapunovEqualsFock() throws {
    let net = try BosonicNetwork(frequencies: [1.0, 1.3], couplings: [.hopping(0, 1, epsilon: 0.2), .squeezing(0, 1, eta: 0.05)],
                                 drives: [CoherentDrive(mode: 0, amplitude: Complex(0.1, 0.05))],
                                 baths: [.flat(name: "c", mode: 0, rate: 0.4, temperature: 0.3), .flat(name: "h", mode: 1, rate: 0.3, temperature: 0.6)])
    try check(net.masterEquation(.local))
  }

  /// Global equation (normal-mode frame mapped back to the quadratures) and the non-Lindblad
  /// Redfield generator (paper 004, Eqs. 9–10): the kernel form is consumed identically by both paths.
  func testGlobalAndRedfieldLyapunovEqualsFock() throws {
    let j = try SpectralDensity.ohmicDrude(lambda: 0.2, cutoff: 50)
    let net = try BosonicNetwork(frequencies: [1.0, 1.5], couplings: [.spring(0, 1, k: 0.3)], baths: [
      Bath(name: "c", temperature: 0.2, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "h", temperature: 0.4, spectralDensity: j, coupling: .position(mode: 1)),
    ])
    try check(net.masterEquation(.global))
    try check(net.masterEquation(.redfield))
  }
}
