import ClausiusTestSupport
import Foundation
import Testing

/// Models on standard input (`clausius solve -`) and the `error` document of a refused model with `--format json`
/// (docs/output-format.md, "error" and "Models on standard input"): the same numbers as from the file, and every
/// part of the stderr message as its own key.
@Suite("model input: standard input and the JSON error document")
struct ModelInputTests {
  /// Runs the built `clausius` with `input` on standard input; status, stdout, stderr.
  static func clausius(_ arguments: [String], input: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = ClausiusBinary.url
    p.arguments = arguments
    p.currentDirectoryURL = OutputContractTests.root
    let inPipe = Pipe(), out = Pipe(), err = Pipe()
    p.standardInput = inPipe
    p.standardOutput = out
    p.standardError = err
    try p.run()
    inPipe.fileHandleForWriting.write(Data(input.utf8))
    try inPipe.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  static func object(_ json: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  @Test("solve, audit and compare of '-' give exactly the numbers of the same file read from disk")
  func standardInputEqualsFile() throws {
    let file = "examples/003-two-mode-refrigerator-lab.toml"
    let text = try String(contentsOfFile: OutputContractTests.path(file), encoding: .utf8)
    for command in ["solve", "compare", "audit"] {
      let fromFile = try OutputContractTests.clausius([command, file, "--format", "json", "--quiet"])
      let fromStdin = try Self.clausius([command, "-", "--format", "json", "--quiet"], input: text)
      #expect(fromStdin.status == fromFile.status, "\(command): \(fromStdin.stderr)")
      var a = try Self.object(fromFile.stdout), b = try Self.object(fromStdin.stdout)
      // The envelope (command line, time) and the file name differ by construction; everything else is identical.
      #expect(b["file"] as? String == "<stdin>")
      for k in ["command_line", "created", "file"] { a[k] = nil; b[k] = nil }
      let sa = try JSONSerialization.data(withJSONObject: a, options: [.sortedKeys])
      let sb = try JSONSerialization.data(withJSONObject: b, options: [.sortedKeys])
      #expect(sa == sb, "\(command): the documents differ")
    }
  }

  @Test("a bad model with --format json: exit 2, the stderr message, and an error document with file, line, key, value and allowed range")
  func errorDocument() throws {
    // Line 6 sets a negative temperature: the file reader's own message names line 5, the key and T ≥ 0.
    let bad = """
      [[modes]]
      frequency = 1.0
      [[baths]]
      mode = 0
      rate = 0.1
      temperature = -1.0
      """
    let r = try Self.clausius(["solve", "-", "--format", "json"], input: bad)
    #expect(r.status == 2)
    let line = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("error: ") })
    let d = try Self.object(r.stdout)
    #expect(d["document"] as? String == "error")
    #expect(d["status"] as? Int == 2)
    let e = try #require(d["error"] as? [String: Any])
    #expect(e["file"] as? String == "<stdin>")
    #expect(e["line"] as? Int == 6)
    #expect(e["key"] as? String == "baths.0.temperature")
    #expect(e["kind"] as? String == "outOfRange")
    #expect(e["value"] as? String == "-1.0" || e["value"] as? String == "-1")
    #expect((e["allowed"] as? String)?.isEmpty == false)
    #expect("error: " + (e["text"] as? String ?? "") == String(line))
    // The document validates against the schema (when jsonschema is installed).
    if OutputContractTests.hasJSONSchema {
      let f = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-error-\(UUID().uuidString).json")
      defer { try? FileManager.default.removeItem(at: f) }
      try Data(r.stdout.utf8).write(to: f)
      let v = try OutputContractTests.validate([f.path])
      #expect(v.status == 0, "\(v.report)")
    }
    // Without --format json only the message: stdout stays empty.
    let table = try Self.clausius(["solve", "-"], input: bad)
    #expect(table.status == 2 && table.stdout.isEmpty)
    // A missing file is `unreadable` with the path.
    let missing = try OutputContractTests.clausius(["audit", "no/such.toml", "--format", "json"])
    let m = try #require(try Self.object(missing.stdout)["error"] as? [String: Any])
    #expect(missing.status == 2 && m["kind"] as? String == "unreadable" && m["file"] as? String == "no/such.toml")
  }
}

/// `[output] density_matrix = true` of an open-system model (docs/output-format.md, `methods[].densityMatrix`).
@Suite("open-system density matrix in the solve JSON")
struct DensityMatrixOutputTests {
  @Test("ρ of the three-qubit refrigerator: unit trace, Hermitian, and Tr(ρ σ⁺σ⁻) of each qubit equals the engine's occupations")
  func threeQubitRefrigerator() throws {
    var text = try String(contentsOfFile: OutputContractTests.path("examples/qubits-absorption-refrigerator.toml"), encoding: .utf8)
    text += "\n[output]\ndensity_matrix = true\n"
    let r = try ModelInputTests.clausius(["solve", "-", "--format", "json", "--quiet"], input: text)
    #expect(r.status == 0, "\(r.stderr)")
    let methods = try #require(try ModelInputTests.object(r.stdout)["methods"] as? [[String: Any]])
    #expect(methods.count == 3)
    for m in methods {
      let d = try #require(m["densityMatrix"] as? [String: Any])
      #expect(d["dimensions"] as? [Int] == [2, 2, 2])
      let re = try #require(d["real"] as? [[Double]]), im = try #require(d["imaginary"] as? [[Double]])
      #expect(re.count == 8 && re.allSatisfy { $0.count == 8 })
      // Tr ρ = 1 and ρ = ρ† (the Fock engine's own checks, to round-off).
      var trace = 0.0, asymmetry = 0.0
      for i in 0..<8 {
        trace += re[i][i]
        for j in 0..<8 { asymmetry = max(asymmetry, abs(re[i][j] - re[j][i]), abs(im[i][j] + im[j][i])) }
      }
      #expect(abs(trace - 1) < 1e-12 && asymmetry < 1e-12)
      // Qubit s (first factor slowest, |e⟩ = 1) is excited when bit (2 − s) of the basis index is set: its
      // population from ρ's diagonal must be the engine's ⟨σ⁺σ⁻⟩ (computed from ρ by a sparse trace instead).
      let occ = try #require(m["occupations"] as? [Double])
      for s in 0..<3 {
        var p = 0.0
        for k in 0..<8 where (k >> (2 - s)) & 1 == 1 { p += re[k][k] }
        #expect(abs(p - occ[s]) < 1e-12, "\(m["equation"] ?? ""): qubit \(s): \(p) vs \(occ[s])")
      }
    }
  }

  @Test("a space of 1100 > 1024 states with density_matrix = true is refused with the key and the limit")
  func tooLarge() throws {
    let text = """
      kind = "open-system"
      [[subsystems]]
      name = "r"
      type = "oscillator"
      frequency = 1.0
      levels = 100
      [[subsystems]]
      name = "q"
      type = "levels"
      energies = [0, 0.5, 1.2, 2.0, 2.9, 3.3, 3.8, 4.1, 4.7, 5.0, 5.5]
      [[baths]]
      operator = "x(r)"
      rate = 0.01
      temperature = 0.1
      [output]
      density_matrix = true
      """
    let r = try ModelInputTests.clausius(["solve", "-", "--format", "json"], input: text)
    #expect(r.status == 2)
    #expect(r.stderr.contains("output.density_matrix") && r.stderr.contains("1024"), "\(r.stderr)")
  }

  /// Paper 000's model: ρ of cavity ⊗ mechanics (N_c = 4, N_m = 14). n_c commutes with the polaron transform, so the
  /// cavity populations read from ρ's diagonal equal the engine's ⟨n_c⟩ in both frames (lab for the SME, polaron for
  /// GME∞).
  @Test("optomechanical ρ (SME lab frame, GME∞ polaron frame): unit trace, Hermitian, Σ n ρ_(n,m)(n,m) = ⟨n_c⟩; too large is refused")
  func optomechanical() throws {
    let text = """
      kind = "optomechanical"
      [cavity]
      frequency = 1.0
      rate = 0.05
      temperature = 0.6
      [mechanics]
      frequency = 0.3
      rate = 0.02
      temperature = 0.5
      [coupling]
      g = 0.05
      [truncation]
      cavity_levels = 4
      mechanical_levels = 14
      tolerance = 0.01
      [solve]
      equations = ["sme", "global"]
      [output]
      density_matrix = true
      """
    let r = try ModelInputTests.clausius(["solve", "-", "--format", "json", "--quiet"], input: text)
    #expect(r.status == 0, "\(r.stderr)")
    let methods = try #require(try ModelInputTests.object(r.stdout)["methods"] as? [[String: Any]])
    #expect(methods.count == 2)
    for m in methods {
      let d = try #require(m["densityMatrix"] as? [String: Any])
      #expect(d["dimensions"] as? [Int] == [4, 14])
      let re = try #require(d["real"] as? [[Double]]), im = try #require(d["imaginary"] as? [[Double]])
      var trace = 0.0, asymmetry = 0.0, nc = 0.0
      for i in 0..<56 {
        trace += re[i][i]; nc += Double(i / 14) * re[i][i]   // cavity level = i / N_m (first factor slowest)
        for j in 0..<56 { asymmetry = max(asymmetry, abs(re[i][j] - re[j][i]), abs(im[i][j] + im[j][i])) }
      }
      let occ = try #require(m["occupations"] as? [Double])
      #expect(abs(trace - 1) < 1e-12 && asymmetry < 1e-12)
      #expect(abs(nc - occ[0]) < 1e-12, "\(m["equation"] ?? ""): \(nc) vs \(occ[0])")
    }
    let big = text.replacingOccurrences(of: "mechanical_levels = 14", with: "mechanical_levels = 300")
    let refused = try ModelInputTests.clausius(["solve", "-", "--format", "json"], input: big)
    #expect(refused.status == 2 && refused.stderr.contains("output.density_matrix"), "\(refused.stderr)")
  }
}
