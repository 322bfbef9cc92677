import Foundation
public struct Paper003Reproduction: Reproduction {
  public let id = "003"
  public let title = "local master equations from collision models (De Chiara et al. 2018)"
  public init() {}
  public func run(outputDirectory: URL, progress: @Sendable (String) -> Void) throws -> ReproductionReport {
    ReproductionReport(paper: id, title: title)
  }
}
