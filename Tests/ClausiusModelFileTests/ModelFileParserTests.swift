import Clausius
import ClausiusIO
import Foundation
import Testing

/// The TOML model format (docs/model-format.md): line lookup, units, and the documented error messages.
@Suite("model files: parser, units, errors")
struct ModelFileParserTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

  /// A valid two-mode file; tests break one line at a time.
  static let valid = """
    title = "test"           # line 1
    [units]
    frequency = "natural"
    [[modes]]
    name = "a"
    frequency = 1.0
    [[modes]]
    name = "b"
    frequency = 2.0
    [[couplings]]
    kind = "hopping"
    modes = ["a", "b"]
    strength = 0.1
    [[baths]]
    name = "cold"
    mode = "a"
    rate = 0.05
    temperature = 0.5
    [[baths]]
    name = "hot"
    mode = 1
    rate = 0.05
    temperature = 1.0
    """

  func error(_ source: String) -> ModelFileError? {
    do { _ = try ModelFile(source: source, file: "m.toml"); return nil } catch let e as ModelFileError { return e } catch { return nil }
  }

  func replacing(_ old: String, _ new: String) -> String {
    precondition(Self.valid.contains(old))
    return Self.valid.replacingOccurrences(of: old, with: new)
  }

  @Test("TOMLLocator finds keys under tables and arrays of tables, skipping comments and strings")
  func locator() {
    let src = """
      title = "a [[fake]] header # not a comment"
      # [[baths]] commented out
      [units]
      frequency = "GHz"
      [[baths]]
      name = "x"   # temperature = 3
      [[baths]]
      "temperature" = 2
      rate = 1
      """
    let l = TOMLLocator(source: src)
    #expect(l.line(of: "title") == 1)
    #expect(l.line(of: "units.frequency") == 4)
    #expect(l.line(of: "baths.0.name") == 6)
    #expect(l.line(of: "baths.1.temperature") == 8)   // quoted key
    #expect(l.line(of: "baths.1.rate") == 9)
    #expect(l.line(of: "baths.0.temperature") == 5)   // absent: the header where it belongs, not the comment on line 6
    #expect(l.line(of: "baths.2") == nil)
    #expect(l.line(of: "fake") == nil)                // inside a string
    #expect(l.line(of: "modes.0.frequency") == nil)
  }

  @Test("the valid file builds the network a direct BosonicNetwork call builds")
  func validFile() throws {
    let m = try ModelFile(source: Self.valid, file: "m.toml")
    let direct = try BosonicNetwork(frequencies: [1, 2], couplings: [.hopping(0, 1, epsilon: 0.1)], baths: [
      .flat(name: "cold", mode: 0, rate: 0.05, temperature: 0.5), .flat(name: "hot", mode: 1, rate: 0.05, temperature: 1),
    ])
    #expect(m.network.hamiltonian.matrix == direct.hamiltonian.matrix)
    #expect(m.network.baths.map(\.temperature) == [0.5, 1])
    #expect((0..<2).map { m.network.couplingVector(bath: $0) } == (0..<2).map { direct.couplingVector(bath: $0) })
    #expect(m.equations.map(\.name) == ["local", "global", "redfield"])
    #expect(m.modeNames == ["a", "b"])
  }

  @Test("every syntax and semantic error names file, line, key, value and allowed range")
  func errors() throws {
    // Syntax: TOMLKit's line/column.
    let syntax = try #require(error(replacing("[[couplings]]", "[[couplings]")))
    #expect(syntax.kind == .syntax)
    #expect(syntax.line == 10)
    #expect(syntax.description.hasPrefix("m.toml:10:"))

    let negT = try #require(error(replacing("temperature = 1.0", "temperature = -3")))
    #expect(negT.kind == .outOfRange)
    #expect(negT.line == 23)
    #expect(negT.key == "baths.1.temperature")
    #expect(negT.description == "m.toml:23: baths.1.temperature: value out of range (got -3); allowed: ≥ 0, natural units")

    let typo = try #require(error(replacing("temperature = 0.5", "temprature = 0.5")))
    #expect(typo.kind == .unknownKey)
    #expect(typo.line == 18)
    #expect(typo.description.contains("unknown key 'temprature' (did you mean 'temperature'?)"))
    #expect(typo.description.contains("allowed: name, mode, operator, quadratures, spectral_density, rate, lambda, cutoff, temperature"))

    let kelvin = try #require(error(replacing("temperature = 0.5", "temperature = \"50 mK\"")))
    #expect(kelvin.line == 18)
    #expect(kelvin.description.contains("kelvin needs [units] frequency = \"GHz\", \"MHz\" or \"kHz\""))

    let mode = try #require(error(replacing("mode = 1", "mode = 2")))
    #expect(mode.line == 21)
    #expect(mode.key == "baths.1.mode")
    #expect(mode.description.contains("no such mode (got 2); allowed: a mode index 0…1 or a mode name (\"a\", \"b\")"))

    let missing = try #require(error(replacing("frequency = 2.0\n", "")))
    #expect(missing.kind == .missingKey)
    #expect(missing.line == 7)        // the [[modes]] header of the second mode
    #expect(missing.key == "modes.1.frequency")

    let zeroFrequency = try #require(error(replacing("frequency = 2.0", "frequency = 0")))
    #expect(zeroFrequency.line == 9)
    #expect(zeroFrequency.description.contains("allowed: > 0"))

    let kind = try #require(error(replacing("kind = \"hopping\"", "kind = \"hoping\"")))
    #expect(kind.line == 11)
    #expect(kind.description.contains("allowed: \"hopping\", \"squeezing\", \"spring\", \"xx\""))

    let noStrength = try #require(error(replacing("kind = \"hopping\"\nmodes = [\"a\", \"b\"]\nstrength = 0.1", "kind = \"spring\"\nmodes = [\"a\", \"b\"]")))
    #expect(noStrength.kind == .missingKey)
    #expect(noStrength.line == 10)
    #expect(noStrength.key == "couplings.0.strength")

    let self_ = try #require(error(replacing("modes = [\"a\", \"b\"]", "modes = [\"a\", \"a\"]")))
    #expect(self_.line == 12)

    let type = try #require(error(replacing("rate = 0.05\ntemperature = 1.0", "rate = true\ntemperature = 1.0")))
    #expect(type.kind == .wrongType)
    #expect(type.line == 22)

    let eq = try #require(error(Self.valid + "\n[solve]\nequations = [\"global\", \"lindblad\"]\n"))
    #expect(eq.line == 25)
    #expect(eq.description.contains("unknown master equation"))
    #expect(eq.description.contains("\"partialRedfield\""))

    let unit = try #require(error(replacing("frequency = \"natural\"", "frequency = \"THz\"")))
    #expect(unit.line == 3)
    #expect(unit.key == "units.frequency")
  }

  @Test("lab units: k_B/h = 20.836619 GHz/K; n̄ from the converted T equals the SI Bose–Einstein factor")
  func labUnits() throws {
    let m = try ModelFile.load(path: Self.examples.appendingPathComponent("003-two-mode-refrigerator-lab.toml").path)
    #expect(m.units == .GHz)
    // Independent SI route: k_B/h in GHz/K from the exact SI constants.
    let kOverH = 1.380649e-23 / 6.62607015e-34 / 1e9
    #expect(abs(kOverH - 20.836619123) < 1e-9)
    #expect(abs(m.network.baths[0].temperature - 0.080 * kOverH) <= 1e-15 * 2)
    #expect(abs(m.network.baths[1].temperature - 0.100 * kOverH) <= 1e-15 * 3)
    #expect(m.network.frequencies == [5, 7])                          // "7 GHz" → 7
    #expect(abs(m.network.hamiltonian.matrix[0, 2] - 0.05) < 1e-15)    // "50 MHz" → 0.05
    // n̄ = 1/(e^{hf/k_B T} − 1) in SI for f = 5 GHz, T = 80 mK, against the solver's n̄(ω, T) in file units.
    let h = 6.62607015e-34, kB = 1.380649e-23
    let nSI = 1 / (exp(h * 5e9 / (kB * 0.080)) - 1)
    let nFile = m.network.baths[0].occupation(m.network.frequencies[0])
    #expect(abs(nFile - nSI) <= 1e-13 * nSI)  // both ≈ 0.0506, round-off only
    // A rate of "1 MHz" is κ = 0.001 in GHz units.
    if case let .flat(rate) = m.network.baths[0].spectralDensity.kind { #expect(abs(rate - 0.001) < 1e-18) } else { Issue.record("flat") }
  }

  @Test("the paper 004 wire example equals a hand-built BosonicNetwork (paper 004, Eqs. 4–5)")
  func wireExample() throws {
    let m = try ModelFile.load(path: Self.examples.appendingPathComponent("004-wire-detuned.toml").path)
    let j = try SpectralDensity.ohmicDrude(lambda: 0.0316227766016838, cutoff: 1000)
    let direct = try BosonicNetwork(frequencies: [1, 2], couplings: [.spring(0, 1, k: 0.05)], baths: [
      Bath(name: "cold", temperature: 2, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "hot", temperature: 3, spectralDensity: j, coupling: .position(mode: 1)),
    ])
    #expect(m.network.hamiltonian.matrix == direct.hamiltonian.matrix)
    #expect(m.network.couplingVector(bath: 1) == direct.couplingVector(bath: 1))
    #expect(try m.network.baths[0].spectralDensity(1.5) == (try j(1.5)))
    #expect(m.equations.map(\.name) == ["local", "global", "redfield", "partialRedfield"])
  }

  @Test("drives, squeezing, XX and quadrature-vector baths map onto H = ½rᵀGr + cᵀr as documented")
  func otherTerms() throws {
    let src = Self.valid.replacingOccurrences(of: "kind = \"hopping\"", with: "kind = \"squeezing\"") + """

      [[couplings]]
      kind = "xx"
      modes = [0, 1]
      strength = 0.08
      [[drives]]
      mode = "b"
      amplitude = [0.3, -0.4]
      [[baths]]
      name = "both"
      quadratures = [1, 0, 0, 0.5]
      rate = 0.01
      temperature = 0
      """
    let m = try ModelFile(source: src, file: "m.toml")
    // η(a†b† + ab) = η(x_a x_b − p_a p_b); g X_a X_b = g x_a x_b/√(ω_a ω_b); F b† + F* b = √2(Re F x_b + Im F p_b).
    let g = m.network.hamiltonian.matrix, c = m.network.hamiltonian.linear
    #expect(abs(g[0, 2] - (0.1 + 0.08 / 2.0.squareRoot())) < 1e-15)
    #expect(abs(g[1, 3] + 0.1) < 1e-15)
    #expect(abs(c[2] - 0.3 * 2.0.squareRoot()) < 1e-15 && abs(c[3] + 0.4 * 2.0.squareRoot()) < 1e-15)
    #expect(m.network.couplingVector(bath: 2) == [1, 0, 0, 0.5])
    // A bath that spans two modes cannot be treated by the local equation: `solve` reports the reason.
    let local = try #require(m.equations.first { $0.name == "local" })
    #expect(throws: (any Error).self) { try m.network.masterEquation(local) }
    let bad = try #require(error(src.replacingOccurrences(of: "quadratures = [1, 0, 0, 0.5]", with: "quadratures = [1, 0, 0]")))
    #expect(bad.line == 33)
    #expect(bad.description.contains("allowed: 4 finite numbers (s_x1, s_p1, …, s_x2, s_p2), not all zero"))
  }

  @Test("every example parses")
  func allExamples() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".toml") }
    #expect(files.count >= 4)
    // Every example parses as its kind (network files also through ModelFile).
    var kinds: Set<String> = []
    for f in files {
      let d = try ModelDescription.load(path: Self.examples.appendingPathComponent(f).path)
      kinds.insert(d.kind)
      if d.kind == "network" { _ = try ModelFile.load(path: Self.examples.appendingPathComponent(f).path) }
    }
    #expect(kinds == Set(ModelDescription.kinds))
  }

  @Test("setting a key by index or by name (for sweeps), with unit strings")
  func setting() throws {
    let m = try ModelFile(source: Self.valid, file: "m.toml")
    #expect(try m.resolve("baths.hot.temperature") == ["baths", "1", "temperature"])
    let m2 = try m.setting("couplings.0.strength", to: .float(0.2))
    #expect(m2.network.hamiltonian.matrix[0, 2] == 0.2)
    #expect(throws: ModelFileError.self) { try m.resolve("baths.warm.temperature") }
    #expect(throws: ModelFileError.self) { try m.resolve("couplings.0.modes") }  // an array, not a number
    let bad = #expect(throws: ModelFileError.self) { try m.setting("baths.hot.temperature", to: .float(-1)) }
    #expect(bad?.line == 23)
  }
}
