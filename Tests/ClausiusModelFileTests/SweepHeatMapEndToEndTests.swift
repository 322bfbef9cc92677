import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `clausius sweep` with two `--vary` options: the built binary writes one heat map per quantity and
/// master equation; every cell is compared with a direct library evaluation at its (x, y) on a network
/// built by hand (not with stored outputs), and the sign pattern with paper 003's refrigerator condition.
@Suite("clausius sweep heat maps, end to end")
struct SweepHeatMapEndToEndTests {
  /// k_B/h in GHz/K (CODATA exact constants): the model file's temperatures in mK become k_B T/h in GHz.
  static let kOverH = 1.380649e-23 / 6.62607015e-34 / 1e9

  /// examples/003-two-mode-refrigerator-lab.toml built without the parser (paper 003, Sec. II): ω_c/2π = 5 GHz,
  /// ω_h/2π = 7 GHz, hopping ε/2π = 50 MHz, flat baths γ/2π = 1 MHz; temperatures in mK.
  static func refrigerator(tC: Double, tH: Double) throws -> BosonicNetwork {
    try BosonicNetwork(frequencies: [5, 7], couplings: [.hopping(0, 1, epsilon: 0.05)], baths: [
      .flat(name: "cold", mode: 0, rate: 0.001, temperature: tC * 1e-3 * kOverH),
      .flat(name: "hot", mode: 1, rate: 0.001, temperature: tH * 1e-3 * kOverH),
    ])
  }

  static func map(_ dir: URL, _ id: String) throws -> Figure {
    try ClausiusJSON.decoder.decode(FigureWriter.FigureDocument.self, from: Data(contentsOf: dir.appendingPathComponent("sweep/\(id).json"))).figure
  }

  /// |a − b| ≤ tol·max(|b|, floor). T passes through "x mK" text and two unit conversions in the CLI and
  /// one multiplication here, so the inputs agree to a few ulps; the heat currents, smooth in T, to 1e-9.
  /// `floor`: the scale below which a value is rounding noise (at T_c = T_h the global current is exactly 0, which the
  /// CLI's normal-mode evaluation returns, while the Lyapunov path returns ~1e-22 of noise).
  static func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9, floor: Double = 1e-300) -> Bool { abs(a - b) <= tol * max(abs(b), floor) }

  @Test("T_c × T_h sweep: heat-map cells equal direct library evaluations; the cold current changes sign at T_c/T_h = ω_c/ω_h")
  func temperatureMap() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-sweep-map-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try ClausiusBinary.run(["sweep", ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml"),
                                    "--vary", "baths.cold.temperature=30mK:120mK:4", "--vary", "baths.hot.temperature=60mK:150mK:3",
                                    "--out", dir.path, "--quiet", "--format", "csv", "--jobs", "2"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let tc = [30.0, 60, 90, 120], th = [60.0, 105, 150]
    for id in ["map-heat-0-local", "map-heat-1-local", "map-work-local", "map-entropy-production-local",
               "map-heat-0-global", "map-heat-1-global", "map-entropy-production-global"] {
      for ext in ["svg", "csv", "json"] {
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("sweep/\(id).\(ext)").path), "missing \(id).\(ext)")
      }
    }
    // The global equation does no work (Ẇ ≡ 0, paper 003): its map is not drawn with a meaningless ±1 colour bar, and
    // the report says why.
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("sweep/map-work-global.svg").path))
    let equations: [(String, Derivation)] = [("local", .local), ("global", .global)]
    for (equation, choice) in equations {
      let heat = try Self.map(dir, "map-heat-0-\(equation)")
      let work = equation == "local" ? try Self.map(dir, "map-work-local") : nil
      let sigma = try Self.map(dir, "map-entropy-production-\(equation)")
      let hm = try #require(heat.heatMap)
      #expect(hm.x.count == 4 && hm.y.count == 3 && hm.z.count == 3 && hm.z.allSatisfy { $0.count == 4 })
      #expect(zip(hm.x, tc).allSatisfy { abs($0 - $1) < 1e-12 } && zip(hm.y, th).allSatisfy { abs($0 - $1) < 1e-12 })
      // Axes carry the physical symbols of the swept keys (docs/model-format.md), not the raw keys.
      #expect(heat.xAxis.label == "T_{cold}" && heat.xAxis.unit == "mK" && heat.yAxis.label == "T_{hot}" && heat.yAxis.unit == "mK")
      #expect(hm.zAxis.unit == "ħω_u²" && hm.zeroContour)
      for j in 0..<3 {
        for i in 0..<4 {
          let t = try Self.refrigerator(tC: tc[i], tH: th[j]).masterEquation(choice).gaussianSteadyState().thermodynamics
          // Noise floor: 1e-13 of the gross heat exchange (the first-law scale), ~1e3 above the Lyapunov path's rounding.
          let noise = 1e-4 * t.firstLaw.scale
          #expect(Self.close(hm.z[j][i], t.baths[0].countedHeat, floor: noise), "\(equation) T_c = \(tc[i]) T_h = \(th[j])")
          // Ẇ = Σ_α (Q̇_α − Q̇_α,local) cancels (exactly 0 for the global equation): compare on the scale of the heats.
          let scale = t.baths.map { abs($0.heat) }.max()!
          if let work { #expect(abs(try #require(work.heatMap).z[j][i] - t.workRate) <= 1e-9 * scale, "\(equation) work") }
          else { #expect(abs(t.workRate) <= 1e-12 * scale, "global work") }
          #expect(Self.close(try #require(sigma.heatMap).z[j][i], t.secondLaw.entropyProduction, floor: noise / t.baths.map(\.temperature).min()!), "\(equation) Σ")
        }
      }
      if equation == "local" {
        // Paper 003, Table I: the local equation cools the cold bath (Q̇_c > 0, into the system) iff
        // ω_c/T_c < ω_h/T_h, i.e. T_c > (5/7) T_h; none of the grid points lies on the boundary.
        for j in 0..<3 { for i in 0..<4 {
          #expect((hm.z[j][i] > 0) == (tc[i] > 5.0 / 7 * th[j]), "T_c = \(tc[i]), T_h = \(th[j])")
        } }
      }
    }
    // The SVG: well-formed, one cell per grid point, a colour bar, the axis titles with units, and (the
    // local cold current changes sign on this grid) the zero contour.
    let svg = try String(contentsOf: dir.appendingPathComponent("sweep/map-heat-0-local.svg"), encoding: .utf8)
    #expect(XMLParser(data: Data(svg.utf8)).parse())
    let cellsStart = try #require(svg.range(of: "<g class=\"cells\""))
    let cellsEnd = try #require(svg.range(of: "</g>", range: cellsStart.upperBound..<svg.endIndex))
    let cellsText = String(svg[cellsStart.lowerBound..<cellsEnd.lowerBound])
    #expect(cellsText.components(separatedBy: "<rect").count - 1 == 12)
    #expect(svg.contains("class=\"colorbar\"") && svg.contains("class=\"zero-contour\""))
    #expect(svg.contains(">cold</tspan>") && svg.contains(">hot</tspan>") && svg.contains("(mK)"))
    // CSV: header plus one row per cell, the same numbers as the JSON.
    let csv = try String(contentsOf: dir.appendingPathComponent("sweep/map-heat-0-local.csv"), encoding: .utf8)
    let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(rows.count == 1 + 12)
    let hm = try #require(try Self.map(dir, "map-heat-0-local").heatMap)
    for (k, row) in rows.dropFirst().enumerated() {
      let cols = row.split(separator: ",").map { Double(String($0)) }
      #expect(cols[2] == hm.z[k / 4][k % 4])
    }
    // The page inlines the heat maps next to the line figures.
    let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(XMLParser(data: Data(html.utf8)).parse())
    let maps = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sweep").path).filter { $0.hasPrefix("map-") && $0.hasSuffix(".svg") }
    #expect(html.components(separatedBy: "heat-map\"").count - 1 == maps.count)
    #expect(html.contains("Work rate (global) is identically zero over the grid; no map drawn."))
  }

  @Test("one-parameter sweeps write no heat maps")
  func oneParameterHasNoMaps() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-sweep-1d-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try ClausiusBinary.run(["sweep", ModelCommandsEndToEndTests.example("003-two-mode-refrigerator-lab.toml"),
                                    "--vary", "baths.cold.temperature=30mK:120mK:3", "--out", dir.path, "--quiet", "--format", "csv"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sweep").path)
    #expect(!files.isEmpty && !files.contains { $0.hasPrefix("map-") })
  }
}
