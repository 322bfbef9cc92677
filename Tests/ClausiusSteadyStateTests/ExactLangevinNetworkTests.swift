import ClausiusNumerics
import ClausiusSteadyState
import Foundation
import Numerics
import XCTest

final class ExactLangevinNetworkTests: XCTestCase {
  func testDebugSingleMode() throws {
    let w0 = 1.0
    let g = Matrix<Double>([[w0, 0], [0, w0]])
    let e = try ExactNetworkSteadyState(hamiltonian: g, baths: [NetworkLangevinBath(coupling: .ladder(coefficients: [Complex(1, 0)], rate: 0.01), temperature: 0.5)])
    print(e.covariance, e.heatCurrents, e.grossHeatExchange, e.driftEigenvalues, e.resonances, e.infraredEdge, e.converged)
  }
}
