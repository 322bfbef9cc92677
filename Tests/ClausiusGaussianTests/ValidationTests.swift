import XCTest
import Numerics
@testable import Clausius

/// Every invalid parameter is rejected with a named error (never a crash or a silent NaN).
final class ValidationTests: XCTestCase {
  func assertThrows<E: Error & Equatable>(_ expected: E, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      XCTAssertEqual(error as? E, expected, "\(error)", file: file, line: line)
      XCTAssertFalse("\(error)".isEmpty)
    }
  }

  func testModelParameters() throws {
    assertThrows(ModelError.invalidParameter(name: "frequency ω[1]", value: 0, allowed: "> 0")) {
      _ = try BosonicNetwork(frequencies: [1, 0])
    }
    assertThrows(ModelError.emptyNetwork) { _ = try BosonicNetwork(frequencies: []) }
    assertThrows(ModelError.modeIndexOutOfRange(parameter: "coupling[0]", index: 2, modeCount: 2)) {
      _ = try BosonicNetwork(frequencies: [1, 1], couplings: [.hopping(0, 2, epsilon: 0.1)])
    }
    assertThrows(ModelError.selfCoupling(parameter: "coupling[0]", mode: 1)) {
      _ = try BosonicNetwork(frequencies: [1, 1], couplings: [.spring(1, 1, k: 0.1)])
    }
    XCTAssertThrowsError(try BosonicNetwork(frequencies: [1, 1], couplings: [.hopping(0, 1, epsilon: .nan)])) { error in
      // (NaN ≠ NaN, so match the case rather than compare.)
      guard case let ModelError.invalidParameter(name, value, allowed) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(name, "coupling[0] hopping ε"); XCTAssertTrue(value.isNaN); XCTAssertEqual(allowed, "finite")
    }
    assertThrows(ModelError.invalidParameter(name: "bath 'c' temperature T", value: -1, allowed: "≥ 0")) {
      _ = try BosonicNetwork(frequencies: [1], baths: [.flat(name: "c", mode: 0, rate: 0.1, temperature: -1)])
    }
    assertThrows(ModelError.invalidParameter(name: "flat spectral density rate κ", value: -0.1, allowed: "≥ 0")) {
      _ = try SpectralDensity.flat(rate: -0.1)
    }
    assertThrows(ModelError.invalidParameter(name: "Ohmic cutoff Λ", value: 0, allowed: "> 0")) {
      _ = try SpectralDensity.ohmicDrude(lambda: 0.1, cutoff: 0)
    }
    assertThrows(ModelError.invalidVector(parameter: "bath[0] 'c' coupling vector", detail: "has length 3, must be 2N = 2")) {
      _ = try BosonicNetwork(frequencies: [1], baths: [Bath(name: "c", temperature: 1, spectralDensity: try .flat(rate: 0.1), coupling: .quadratures([1, 0, 0]))])
    }
    // A user closure returning a negative J is caught when evaluated.
    let bad = SpectralDensity.custom(name: "negative") { _ in -1 }
    let net = try BosonicNetwork(frequencies: [1], baths: [Bath(name: "c", temperature: 1, spectralDensity: bad, coupling: .quadrature(mode: 0))])
    XCTAssertThrowsError(try net.masterEquation(.local)) { XCTAssertTrue($0 is ModelError) }
  }

  func testDerivationAndSolverErrors() throws {
    // Squeezing beyond the frequencies: H_S not bounded below → no normal modes (global).
    let unbounded = try twoOscillators(omega1: 1, omega2: 1, epsilon: 0, eta: 1.5, gamma: 0.1, t1: 1, t2: 1)
    XCTAssertThrowsError(try unbounded.masterEquation(.global)) { error in
      guard case MasterEquationError.hamiltonianNotPositiveDefinite = error else { return XCTFail("\(error)") }
    }
    // The local equation of the same network is parametrically unstable: unstableDrift, never NaN.
    XCTAssertThrowsError(try unbounded.masterEquation(.local).gaussianSteadyState()) { error in
      guard case NumericsError.unstableDrift(let re) = error else { return XCTFail("\(error)") }
      XCTAssertGreaterThanOrEqual(re, 0)
    }
    // A bath on a combination of two modes has no local equation.
    let spread = try BosonicNetwork(frequencies: [1, 1.2], couplings: [.hopping(0, 1, epsilon: 0.1)], baths: [
      Bath(name: "s", temperature: 1, spectralDensity: try .flat(rate: 0.1), coupling: .quadratures([1, 0, 1, 0])),
    ])
    assertThrows(MasterEquationError.bathSpansSeveralModes(bath: "s")) { _ = try spread.masterEquation(.local) }
    let net = try twoOscillators(omega1: 1, omega2: 1.2, epsilon: 0.1, gamma: 0.1, t1: 1, t2: 2)
    assertThrows(MasterEquationError.invalidParameter(name: "global degeneracy tolerance", value: -1, allowed: "finite and ≥ 0")) {
      _ = try net.masterEquation(.global(degeneracyTolerance: -1))
    }
    assertThrows(MasterEquationError.invalidParameter(name: "interaction time τ", value: 0, allowed: "finite and > 0")) {
      _ = try CollisionModel(network: net, interactionTime: 0)
    }
  }
}
