import Clausius
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// Issue 14 §4: one typed outcome per family (`FamilyOutcome`). Every family's results carry its own case; the JSON of
/// docs/output-format.md keeps its keys, names the case in `methods[].family`, holds only the keys that family's table
/// row lists, and reads back (with and without `family`) to the same result.
@Suite("typed family outcomes: one case per family, JSON unchanged and read back")
struct FamilyOutcomeTests {
  /// One example per family, with its kind (docs/model-format.md, "Model kinds") and small enough to solve quickly.
  static let examples: [(file: String, kind: String)] = [
    ("003-chain.toml", "network"), ("004-wire-detuned.toml", "network"), ("000-optomechanics-hot-cavity.toml", "optomechanical"),
    ("001-cascaded-rectifier.toml", "cascaded"), ("002-optomechanical-ring-flux.toml", "optomechanical-ring"),
    ("qubits-absorption-refrigerator.toml", "open-system"),
  ]

  /// The keys every family may write (MethodResult's common part) and each family's own keys: the table of
  /// docs/output-format.md, read from the document itself so the test follows the documentation, not the code.
  static func documentedFamilyKeys() throws -> [String: Set<String>] {
    let url = ModelFileParserTests.examples.deletingLastPathComponent().appendingPathComponent("docs/output-format.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    var out: [String: Set<String>] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 2, ["`network`", "`optomechanical`", "`cascaded`", "`optomechanical-ring`", "`open-system`"].contains(cells[0]) else { continue }
      let keys = cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "[]", with: "") }
      out[cells[0].replacingOccurrences(of: "`", with: "")] = Set(keys)
    }
    return out
  }

  static let commonKeys: Set<String> = ["equation", "family", "error", "occupations", "baths", "workRate", "firstLawEnergyRate",
                                        "firstLawRelativeResidual", "entropyProduction", "globalHeatEntropyProduction", "secondLawHolds",
                                        "regime", "performance", "otto", "carnot"]

  @Test("every family's methods carry its own outcome case; JSON keys are the documented ones; JSON reads back equal")
  func outcomesPerFamily() throws {
    let documented = try Self.documentedFamilyKeys()
    #expect(Set(documented.keys) == Set(ModelFamilies.kinds), "the documentation's table lists every registered family")
    var seenKinds = Set<String>()
    for (file, kind) in Self.examples {
      let model = try ModelDescription.load(path: ModelFileParserTests.examples.appendingPathComponent(file).path)
      #expect(model.kind == kind, "\(file)")
      let doc = try model.family.solve()
      #expect(!doc.methods.isEmpty)
      for m in doc.methods {
        #expect(m.error == nil, "\(file) \(m.equation): \(m.error ?? "")")
        #expect(m.outcome?.family == kind, "\(file) \(m.equation): outcome of \(m.outcome?.family ?? "nil")")
      }
      seenKinds.insert(kind)
      // JSON: only the common keys and the family's documented keys, and `family` itself.
      let data = try ClausiusJSON.encoder.encode(doc)
      let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let methods = try #require(object["methods"] as? [[String: Any]])
      let allowed = Self.commonKeys.union(documented[kind] ?? [])
      for m in methods {
        let extra = Set(m.keys).subtracting(allowed).filter { !$0.hasSuffix(ClausiusJSON.nonFiniteSuffix) }
        #expect(extra.isEmpty, "\(file): keys outside the \(kind) row of docs/output-format.md: \(extra.sorted())")
        #expect(m["family"] as? String == kind)
      }
      // Read back: the same results, with `family` and (documents before schema 1.4.0) without it.
      let back = try ClausiusJSON.decoder.decode(SolveDocument.self, from: data)
      #expect(back.methods == doc.methods, "\(file): JSON round trip")
      var legacy = object
      legacy["methods"] = methods.map { m -> [String: Any] in var m = m; m["family"] = nil; return m }
      let legacyData = try JSONSerialization.data(withJSONObject: legacy)
      let old = try ClausiusJSON.decoder.decode(SolveDocument.self, from: legacyData)
      #expect(old.methods.map { $0.outcome?.family } == doc.methods.map { $0.outcome?.family }, "\(file): family recognised from the keys")
      #expect(old.methods == doc.methods, "\(file): legacy JSON round trip")
    }
    #expect(seenKinds == Set(ModelFamilies.kinds), "one example per registered family")
  }

  @Test("a failed method has no outcome and no family key")
  func failedMethodHasNoOutcome() throws {
    let failed = MethodResult(equation: "local", error: "unstable drift")
    let data = try ClausiusJSON.DocumentEncoder().encode([failed])
    let text = String(decoding: data, as: UTF8.self)
    #expect(!text.contains("family") && !text.contains("diagnostics"))
    let back = try ClausiusJSON.decoder.decode([MethodResult].self, from: data)
    #expect(back == [failed] && back[0].outcome == nil)
  }

  @Test("an unknown family is a decoding error naming it")
  func unknownFamily() throws {
    let json = #"[{"equation": "local", "family": "photonic-crystal"}]"#
    #expect(throws: DecodingError.self) { try ClausiusJSON.decoder.decode([MethodResult].self, from: Data(json.utf8)) }
  }
}
