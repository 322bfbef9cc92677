import XCTest
@testable import Clausius

final class ComparisonSmokeTests: XCTestCase {
  func testBuilds() throws {
    let net = try AdvisorGradingSet.wire(omegaC: 1, omegaH: 2, k: 0.05, tC: 2, tH: 3)
    let t = try MasterEquationComparison(network: net)
    print(t.formattedTable())
    let a = try ValidityAdvisor().advise(net)
    print(a.reasons)
  }
}
