import ClausiusTestSupport
import Foundation
import Testing

/// `[output] relaxation = true` in `clausius evolve` (docs/time-evolution.md, "Relaxation time"): the Fock kinds report
/// `methods[].relaxation`, the block `solve` writes, and `relaxationTime` = 1/gap. Checked against `solve`, against the
/// closed form of a qubit, and against the evolved state's own late-time decay.
@Suite("evolve: Liouvillian gap and relaxation time")
struct EvolveRelaxationTests {
  static let kappa = 0.05, omega = 1.0, temperature = 0.7

  /// A qubit ω σ_z/2 with a flat bath through σ_x (rate κ, T) and, optionally, a dephasing bath through σ_z with
  /// γ(0) = `dephasing`.
  static func qubit(dephasing: Double?, equations: String) -> String {
    var text = """
      kind = "open-system"
      title = "qubit"
      [[subsystems]]
      name = "q"
      type = "qubit"
      frequency = \(omega)
      [[baths]]
      name = "b"
      operator = "sx(q)"
      spectral_density = "flat"
      rate = \(kappa)
      temperature = \(temperature)

      """
    if let g = dephasing {
      text += """
        [[baths]]
        name = "phi"
        operator = "sz(q)"
        spectral_density = "flat"
        rate = 0.01
        temperature = \(temperature)
        zero_frequency_rate = \(g)

        """
    }
    return text + """
      [solve]
      equations = \(equations)
      [output]
      relaxation = true
      """
  }

  static func methods(_ args: [String], _ text: String) throws -> [[String: Any]] {
    let r = try ModelInputTests.clausius(args + ["--format", "json", "--quiet"], input: text)
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try ModelInputTests.object(r.stdout)["methods"] as? [[String: Any]])
  }

  /// evolve's gap is solve's (the same `relaxation` block of the same Liouvillian) and the closed form κ coth(ω/2T)
  /// of the qubit (coherences decay at Γ₁/2, Γ₁ = 2κ coth(ω/2T): Breuer & Petruccione, Sec. 3.4.6); `relaxationTime` is
  /// 1/gap; the JSON validates against the schema.
  @Test("qubit: evolve's gap = solve's = κ coth(ω/2T); relaxationTime = 1/gap")
  func gapEqualsSolveAndClosedForm() throws {
    let text = Self.qubit(dephasing: nil, equations: "[\"global\", \"local\"]")
    let solve = try Self.methods(["solve", "-"], text)
    let r = try ModelInputTests.clausius(["evolve", "-", "--times", "0,1", "--format", "json", "--quiet"], input: text)
    #expect(r.status == 0, "\(r.stderr)")
    let evolve = try #require(try ModelInputTests.object(r.stdout)["methods"] as? [[String: Any]])
    let closed = Self.kappa / Foundation.tanh(Self.omega / (2 * Self.temperature))
    #expect(evolve.count == 2)
    for (s, e) in zip(solve, evolve) {
      let gs = try #require((s["relaxation"] as? [String: Any])?["gap"] as? Double)
      let ge = try #require((e["relaxation"] as? [String: Any])?["gap"] as? Double, "\(e.keys)")
      #expect(abs(ge - gs) <= 1e-12 * gs, "\(e["equation"] ?? ""): evolve \(ge), solve \(gs)")
      #expect(abs(ge - closed) <= 1e-12, "\(ge) vs κ coth(ω/2T) = \(closed)")
      let tau = try #require(e["relaxationTime"] as? Double)
      #expect(abs(tau * ge - 1) < 1e-14)
    }
    if let v = try OutputContractTests.validate(json: r.stdout) { #expect(v.status == 0, "\(v.report)") }
  }

  /// Paper 000 at (4, 8): evolve's gap is solve's for the SME (lab frame) and the GME2 (polaron frame; the spectrum is
  /// frame-independent) — the same Liouvillian, which `RelaxationOutputTests` checks against QuTiP's dense spectrum.
  @Test("optomechanical SME and GME2: evolve's gap = solve's")
  func optomechanicalGapEqualsSolve() throws {
    let text = RelaxationOutputTests.optomechanical.replacingOccurrences(of: "equations = [\"sme\"]", with: "equations = [\"sme\", \"gme2\"]")
    let solve = try Self.methods(["solve", "-"], text), evolve = try Self.methods(["evolve", "-", "--times", "0,5"], text)
    #expect(evolve.map { $0["equation"] as? String } == ["sme", "gme2"])
    for (s, e) in zip(solve, evolve) {
      let gs = try #require((s["relaxation"] as? [String: Any])?["gap"] as? Double)
      let ge = try #require((e["relaxation"] as? [String: Any])?["gap"] as? Double, "\(e.keys)")
      #expect(abs(ge - gs) <= 1e-12 * gs, "\(e["equation"] ?? ""): evolve \(ge), solve \(gs)")
      #expect(abs(try #require(e["relaxationTime"] as? Double) * ge - 1) < 1e-14)
    }
  }

  /// A time-dependent generator has no single gap: no `relaxation` block, and a warning says why.
  @Test("time-dependent bath temperature: no gap, a warning")
  func timeDependentHasNoGap() throws {
    let text = Self.qubit(dephasing: nil, equations: "[\"local\"]")
      .replacingOccurrences(of: "temperature = \(Self.temperature)", with: "temperature = { value = \(Self.temperature), modulation = { kind = \"sin\", amplitude = 0.1, frequency = 0.5 } }")
    let m = try #require(try Self.methods(["evolve", "-", "--times", "0,1"], text).first)
    #expect(m["relaxation"] == nil)
    let warnings = try #require((m["diagnostics"] as? [String: Any])?["warnings"] as? [String], "\(m)")
    #expect(warnings.contains { $0.contains("relaxation") && $0.contains("time-independent") }, "\(warnings)")
  }

  /// With strong dephasing the coherences decay faster than the populations, so the gap is the population rate
  /// Γ₁ = γ↓ + γ↑ = 2κ coth(ω/2T) (dephasing leaves the populations alone). The excited population of the evolved state
  /// relaxes to p∞ = n̄/(2n̄ + 1) (n̄ the Bose occupation at ω, T) as e^{−Γ₁t}: its late-time log-slope equals evolve's
  /// reported gap.
  @Test("dephased qubit: the late-time decay rate of the evolved state equals evolve's gap (= 2κ coth(ω/2T))")
  func lateTimeDecayEqualsGap() throws {
    let text = Self.qubit(dephasing: 0.5, equations: "[\"global\"]")
    let times = [0.0, 10, 20, 30]
    let m = try #require(try Self.methods(["evolve", "-", "--times", times.map { "\($0)" }.joined(separator: ","), "--initial", "fock:1"], text).first)
    let gap = try #require((m["relaxation"] as? [String: Any])?["gap"] as? Double, "\(m)")
    let closed = 2 * Self.kappa / Foundation.tanh(Self.omega / (2 * Self.temperature))
    #expect(abs(gap - closed) <= 1e-12 * closed, "gap \(gap) vs Γ₁ = \(closed)")
    let p = try #require(((m["occupations"] as? [[String: Any]])?.first?["values"]) as? [Double])
    let nBar = 1 / Foundation.expm1(Self.omega / Self.temperature)
    let pInf = nBar / (2 * nBar + 1)
    #expect(abs(p[0] - 1) < 1e-12, "fock:1 is the excited level")
    let slope = Foundation.log(abs(p[2] - pInf) / abs(p[3] - pInf)) / (times[3] - times[2])
    print("evolve's gap \(gap), closed form \(closed), late-time log-slope \(slope)")
    #expect(abs(slope - gap) <= 1e-6 * gap, "log-slope \(slope) vs gap \(gap)")
  }
}
