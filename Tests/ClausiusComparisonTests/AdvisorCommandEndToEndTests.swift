import Clausius
import ClausiusCommands
import ClausiusTestSupport
import Foundation
import Testing

/// Runs the built `clausius advisor-grade` and compares its JSON with direct library calls.
@Suite("clausius advisor-grade, end to end")
struct AdvisorCommandEndToEndTests {
  static var binary: URL { ClausiusBinary.url }

  static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try ClausiusBinary.run(arguments)
  }

  @Test("`advisor-grade --format json` reports the library's grading")
  func json() throws {
    let result = try Self.run(["advisor-grade", "--random", "3", "--points", "2", "--hopping", "2", "--seed", "5", "--format", "json", "--quiet"])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let cli = try JSONDecoder().decode(AdvisorGrading.Summary.self, from: Data(result.stdout.utf8))
    let direct = try AdvisorGrading(networks: AdvisorGrade.networks(random: 3, seed: 5, points: 2, hopping: 2)).summary
    #expect(cli.networks == direct.networks)
    #expect(cli.hits == direct.hits)
    #expect(cli.rows.map(\.label) == direct.rows.map(\.label))
    #expect(cli.rows.map(\.recommended) == direct.rows.map(\.recommended))
    #expect(cli.rows.map(\.best) == direct.rows.map(\.best))
    for (c, d) in zip(cli.rows, direct.rows) {
      // Same deterministic computation; JSON round trip of doubles is exact.
      #expect(c.recommendedScore == d.recommendedScore || abs(c.recommendedScore - d.recommendedScore) <= 1e-12 * d.recommendedScore)
    }
  }

  @Test("`advisor-grade` table prints the hit rate; bad input exits with status 2 and names the option")
  func tableAndErrors() throws {
    let ok = try Self.run(["advisor-grade", "--random", "2", "--points", "0", "--hopping", "0", "--quiet"])
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("advisor hit rate:"))
    let bad = try Self.run(["advisor-grade", "--hit-factor", "0.5"])
    #expect(bad.status == 64 || bad.status == 2)
    #expect(bad.stderr.contains("--hit-factor"))
    let help = try Self.run(["advisor-grade", "--help"])
    #expect(help.stdout.contains("secular ratio"))
  }
}
