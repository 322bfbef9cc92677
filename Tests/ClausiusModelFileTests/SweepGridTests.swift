import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Testing

/// `clausius sweep` with list, log and any number of `--vary` options, the long-format CSV, the kind's headline
/// quantities and the refusals (duplicate keys, oversized grids). Numbers are checked against direct library
/// evaluations of networks built by hand.
@Suite("clausius sweep: grids, long format, headline quantities")
struct SweepGridTests {
  static let kOverH = 1.380649e-23 / 6.62607015e-34 / 1e9

  @Test("--vary forms: linear, log (end points exact, constant ratio), list with units; malformed forms name the problem")
  func parameterForms() throws {
    let lin = try SweepParameter(parsing: "g=0:1:5")
    #expect(lin.values == [0, 0.25, 0.5, 0.75, 1] && lin.spacing == .linear && lin.unit == "")
    let log = try SweepParameter(parsing: "g=log:1e-3:1e-1:5")
    #expect(log.values.first == 1e-3 && log.values.last == 1e-1 && log.spacing == .log)
    // Evenly spaced in log10: every ratio is 10^(2/4) = √10 to round-off.
    for (a, b) in zip(log.values, log.values.dropFirst()) { #expect(abs(b / a - 10.0.squareRoot()) < 1e-13) }
    let neg = try SweepParameter(parsing: "g=log:-1:-100:3")
    #expect(neg.values.count == 3 && abs(neg.values[1] + 10) < 1e-12)
    let list = try SweepParameter(parsing: "baths.hot.temperature=[50mK, 100mK,200mK]")
    #expect(list.values == [50, 100, 200] && list.unit == "mK" && list.spacing == .list)
    for (arg, message) in [("g=log:0:1:3", "same sign"), ("g=log:-1:1:3", "same sign"), ("g=[1,2", "must end with ']'"),
                           ("g=[1,,2]", "empty entry"), ("g=[1mK,2MHz]", "different units"), ("g=[1,1]", "listed twice"),
                           ("g=0:1:0", "count '0'"), ("g=0:1", "three fields"), ("g=nan:1:3", "finite"), ("=0:1:3", "empty key")] {
      #expect(throws: (any Error).self, "\(arg)") { try SweepParameter(parsing: arg) }
      do { _ = try SweepParameter(parsing: arg) } catch { #expect("\(error)".contains(message), "\(arg): \(error)") }
    }
  }

  @Test("three --vary options: product grid (last fastest), every point equals a direct library solve")
  func threeParameters() throws {
    let r = try ClausiusBinary.run(["sweep", ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml"),
                                    "--vary", "baths.cold.temperature=[30mK,90mK]", "--vary", "baths.hot.temperature=log:60mK:150mK:3",
                                    "--vary", "couplings.0.strength=[40MHz,60MHz]", "--format", "json", "--quiet", "--equations", "local"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SweepDocument.self, from: Data(r.stdout.utf8))
    #expect(doc.points.count == 2 * 3 * 2)
    #expect(doc.parameters.map { $0.symbol?.symbol } == ["T_{cold}", "T_{hot}", "ε_{cold,hot}"])
    let th = doc.parameters[1].values
    for (k, p) in doc.points.enumerated() {
      // Row-major, last parameter fastest.
      #expect(p.values == [[30.0, 90][k / 6], th[(k / 2) % 3], [40.0, 60][k % 2]])
      let net = try BosonicNetwork(frequencies: [5, 7], couplings: [.hopping(0, 1, epsilon: p.values[2] * 1e-3)], baths: [
        .flat(name: "cold", mode: 0, rate: 0.001, temperature: p.values[0] * 1e-3 * Self.kOverH),
        .flat(name: "hot", mode: 1, rate: 0.001, temperature: p.values[1] * 1e-3 * Self.kOverH),
      ])
      let t = try net.masterEquation(.local).gaussianSteadyState().thermodynamics
      let m = try #require(p.methods.first)
      for b in 0..<2 { #expect(abs(m.baths![b].localHeat - t.baths[b].countedHeat) <= 1e-9 * abs(t.baths[b].countedHeat)) }
    }
  }

  @Test("long-format CSV: one row per point, equation and bath, the same numbers as the JSON; cooling power = Q̇ of the cold bath of a refrigerator")
  func longFormat() throws {
    let args = ["sweep", ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml"),
                "--vary", "baths.cold.temperature=60mK:100mK:3", "--quiet"]
    let j = try ClausiusBinary.run(args + ["--format", "json"]), c = try ClausiusBinary.run(args + ["--format", "csv"])
    #expect(j.status == 0 && c.status == 0)
    let doc = try ClausiusJSON.decoder.decode(SweepDocument.self, from: Data(j.stdout.utf8))
    let rows = c.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    let header = rows[0]
    #expect(rows.count == 1 + 3 * 2 * 2)
    func col(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name)") }
    let (iEquation, iBath, iLocal, iHeat, iWork, iCool) = (try col("equation"), try col("bath"), try col("local_heat"), try col("heat"),
                                                           try col("work_rate"), try col("cooling_power"))
    var k = 1
    var sawRefrigerator = false
    for p in doc.points {
      for m in p.methods {
        for b in m.baths! {
          let row = rows[k]; k += 1
          #expect(Double(row[0]) == p.values[0] && row[iEquation] == m.equation && row[iBath] == b.name)
          #expect(Double(row[iLocal]) == b.localHeat && Double(row[iHeat]) == b.heat)
          #expect(Double(row[iWork]) == m.workRate)
          if m.regime == "refrigerator" {
            sawRefrigerator = true
            // Paper 003, Table I: the cold bath (T = p.values[0] mK < 100 mK) gives heat to the system.
            #expect(Double(row[iCool]) == m.baths![0].localHeat && m.baths![0].localHeat > 0)
          }
        }
      }
    }
    #expect(sawRefrigerator)
  }

  @Test("refusals: the same key twice (also under two spellings) and grids beyond the limit, before any work")
  func refusals() throws {
    let ex = ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml")
    let twice = try ClausiusBinary.run(["sweep", ex, "--vary", "baths.cold.temperature=20mK:50mK:2", "--vary", "baths.0.temperature=20mK:50mK:2"])
    #expect(twice.status != 0 && twice.status != 1)
    #expect(twice.stderr.contains("name the same number (baths.0.temperature)"))
    let huge = try ClausiusBinary.run(["sweep", ex, "--vary", "baths.cold.temperature=20mK:50mK:100000", "--vary", "baths.hot.temperature=60mK:90mK:100000"])
    #expect(huge.status != 0 && huge.status != 1)
    #expect(huge.stderr.contains("100000 × 100000 = 10000000000 points; at most 100000"))
  }

  @Test("ring sweep shows Q_C; cascade sweep shows quanta flows and the forward/backward response")
  func headlines() throws {
    let ring = try ClausiusBinary.run(["sweep", ModelCommandsEndToEndTests.example("002-optomechanical-ring-flux.toml"), "--vary", "ring.winding=[0,1]", "--quiet"])
    #expect(ring.status == 0, "\(ring.stderr)")
    #expect(ring.stdout.contains("Q_C") && ring.stdout.contains("n (flux 2πn/L)"))
    let casc = try ClausiusBinary.run(["sweep", ModelCommandsEndToEndTests.example("001-cascaded-rectifier.toml"), "--vary", "modes.0.hopping_to_next=[0,0.5]", "--quiet"])
    #expect(casc.status == 0, "\(casc.stderr)")
    #expect(casc.stdout.contains("∂n̄_N/∂N̄_1") && casc.stdout.contains("Φ_"))
  }

  @Test("a point that fails its own diagnostics makes the sweep exit 1 after every result is printed; an unusable --out is refused before any work")
  func failingPointAndUnusableOutput() throws {
    // ω = 1e30 for mode c7 of paper 002's no-flux network: the Lyapunov solve loses every digit (BadInputTests).
    let ring = ModelCommandsEndToEndTests.example("002-optomechanical-ring-no-flux.toml")
    let r = try ClausiusBinary.run(["sweep", ring, "--vary", "modes.c7.frequency=[1.1,1e30]", "--equations", "local", "--format", "json", "--quiet"])
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("error: at modes.c7.frequency = 1.0000e+30: local: "), "\(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SweepDocument.self, from: Data(r.stdout.utf8))
    #expect(doc.points.count == 2 && doc.points[0].methods.first?.error == nil)
    let refrigerator = ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml")
    let out = try ClausiusBinary.run(["sweep", refrigerator, "--vary", "baths.cold.temperature=20mK:50mK:3", "--out", "/dev/null/x"])
    #expect(out.status == 2 && !out.stderr.contains("sweep: 1/3"), "\(out.status) \(out.stderr)")
  }
}
