import ClausiusTestSupport
import Foundation
import Testing

/// `clausius solve` says which method produced each Fock steady state (issue 15, "Paper 000 and the Fock path"): the
/// table's `solver` row and `methods[].fock.method`, `luMemory` in the JSON.
@Suite("solve: the Fock solver is named in the table and the JSON")
struct FockSolverOutputTests {
  /// Paper 000's hot-cavity example at a small truncation (4, 30): the sector LU fits easily.
  static let model = """
    kind = "optomechanical"
    title = "paper 000, hot cavity, (4, 30)"
    [units]
    frequency = "GHz"
    [cavity]
    frequency = 10.0
    rate = 0.2
    temperature = "106 mK"
    [mechanics]
    frequency = 0.6
    rate = 0.05
    temperature = "10 mK"
    [coupling]
    g = 0.2
    [truncation]
    cavity_levels = 4
    mechanical_levels = 30
    tolerance = 1e-4
    [solve]
    equations = ["sme", "dsme"]
    """

  @Test("sparse LU: the table's solver row reads \"sparse LU\"; the JSON names the method and the LU's real memory below UMFPACK's estimate")
  func luIsNamed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-fock-solver-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("model.toml").path
    try Self.model.write(toFile: file, atomically: true, encoding: .utf8)
    let table = try ClausiusBinary.run(["solve", file, "--quiet"])
    #expect(table.status == 0, "\(table.stderr)")
    let row = table.stdout.split(separator: "\n").first { $0.hasPrefix("solver ") }
    #expect(row.map { $0.components(separatedBy: "sparse LU").count - 1 } == 2, "\(row ?? "no solver row")")
    let json = try ClausiusBinary.run(["solve", file, "--format", "json", "--quiet"])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let methods = try #require(doc["methods"] as? [[String: Any]])
    #expect(methods.count == 2)
    for m in methods {
      let fock = try #require(m["fock"] as? [String: Any])
      #expect(fock["solver"] as? String == "sparseLU" && fock["method"] as? String == "sparse LU (UMFPACK)")
      #expect(fock["iterativeResidual"] == nil && fock["iterativeReason"] == nil)
      let memory = try #require(fock["luMemory"] as? [String: Any])
      let peak = try #require(memory["peakBytes"] as? Double), estimate = try #require(memory["estimatedPeakBytes"] as? Double)
      let entries = try #require(memory["factorEntries"] as? Double), predicted = try #require(memory["predictedFactorEntries"] as? Double)
      // The real factorisation (UMFPACK's Info after factorising) against its a-priori bound and the analysis's count.
      #expect(peak > 0 && peak < estimate && memory["exceededCap"] as? Bool == false, "\(memory)")
      #expect(abs(entries - predicted) <= 0.05 * entries, "L+U entries \(entries), predicted \(predicted)")
    }
  }
}
