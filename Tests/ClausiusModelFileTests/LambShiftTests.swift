import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// The Lamb shift (issue 14 §2): S(ω) of every spectral density against an mpmath principal-value integral
/// (Tests/References/lamb_shift_mpmath.py, a different construction: folding instead of subtraction), closed forms,
/// refusals where it diverges, and the laws of the global equation with it.
@Suite("Lamb shift: S(ω) against mpmath for every density; H_LS commutes with H; secular thermodynamics unchanged")
struct LambShiftTests {
  struct Case { let density: SpectralDensity; let json: [String: Any]; let t: Double; let omegas: [Double] }

  @Test("S(ω) of Ohmic–Drude, Ohmic (s = ½, 1, 2), Lorentzian (T = 0) and a table equals mpmath's principal value to 1e-8")
  func againstMpmath() throws {
    let table = try SpectralDensity.tabulated(name: "t", frequencies: [0, 0.5, 1.5, 3.0], values: [0, 0.02, 0.01, 0])
    let cases: [Case] = [
      Case(density: try .ohmicDrude(lambda: 0.1, cutoff: 10), json: ["kind": "drude", "lambda": 0.1, "cutoff": 10], t: 1.0, omegas: [1, -1, 0, 0.3, 5, -20]),
      Case(density: try .ohmicDrude(lambda: 0.1, cutoff: 10), json: ["kind": "drude", "lambda": 0.1, "cutoff": 10], t: 0, omegas: [1, -1, 0.3]),
      Case(density: try .ohmicExponential(lambda: 0.2, cutoff: 3, exponent: 1), json: ["kind": "ohmic", "lambda": 0.2, "cutoff": 3, "exponent": 1], t: 0.5, omegas: [1, -1, 0, 2.5]),
      Case(density: try .ohmicExponential(lambda: 0.2, cutoff: 3, exponent: 2), json: ["kind": "ohmic", "lambda": 0.2, "cutoff": 3, "exponent": 2], t: 0.5, omegas: [1, -1, 0]),
      Case(density: try .ohmicExponential(lambda: 0.2, cutoff: 3, exponent: 0.5), json: ["kind": "ohmic", "lambda": 0.2, "cutoff": 3, "exponent": 0.5], t: 0.5, omegas: [1, -1, 0]),
      Case(density: try .lorentzian(peak: 0.05, center: 1.0, width: 0.2), json: ["kind": "lorentzian", "peak": 0.05, "center": 1.0, "width": 0.2], t: 0, omegas: [1, 0.9, 1.3, -1, 0.01]),
      // ω = 2: the table ends at 3 < 2ω; ω = 3.5: beyond the table (regular).
      Case(density: table, json: ["kind": "table", "frequencies": [0, 0.5, 1.5, 3.0], "values": [0, 0.02, 0.01, 0]], t: 0.8, omegas: [1, -1, 0, 2, 3.5, 0.25]),
    ]
    let input: [String: Any] = ["cases": cases.map { ["density": $0.json, "T": $0.t, "omegas": $0.omegas] as [String: Any] }]
    let ref = try #require(try PythonReference.run("lamb_shift_mpmath.py", input: input) as? [[Double]])
    for (k, c) in cases.enumerated() {
      let mine = try c.omegas.map { try c.density.lambShift($0, temperature: c.t, zeroTolerance: 1e-12) }
      let scale = ref[k].map(abs).max()!
      for (i, w) in c.omegas.enumerated() {
        #expect(abs(mine[i] - ref[k][i]) <= 1e-8 * scale, "\(c.density) T = \(c.t) ω = \(w): \(mine[i]) vs mpmath \(ref[k][i])")
      }
    }
    // Closed form: S(0) = −(1/π)∫ λ²Λ²/(x² + Λ²) dx = −λ²Λ/2 for Ohmic–Drude, at any T.
    #expect(abs(try SpectralDensity.ohmicDrude(lambda: 0.1, cutoff: 10).lambShift(0, temperature: 3, zeroTolerance: 1e-12) + 0.05) < 1e-12)
    // S(0) = −(1/π)λ²Λ Γ(s) for J = λ²ω(ω/Λ)^{s−1}e^{−ω/Λ}: s = 2 gives −λ²Λ/π.
    #expect(abs(try SpectralDensity.ohmicExponential(lambda: 0.2, cutoff: 3, exponent: 2).lambShift(0, temperature: 0.5, zeroTolerance: 1e-12) + 0.04 * 3 / Double.pi) < 1e-12)
  }

  @Test("refused where the principal value diverges: flat (any T), Lorentzian and a table with J(0) > 0 at T > 0 or ω = 0")
  func refusals() throws {
    #expect(throws: ModelError.self) { try SpectralDensity.flat(rate: 0.01).lambShift(1, temperature: 0.5) }
    #expect(throws: ModelError.self) { try SpectralDensity.lorentzian(peak: 0.05, center: 1, width: 0.2).lambShift(1, temperature: 0.5) }
    #expect(throws: ModelError.self) { try SpectralDensity.tabulated(name: "t", frequencies: [0, 1], values: [0.1, 0.2]).lambShift(1, temperature: 0.5) }
    // S(0) = −(1/π)∫J/x dx diverges when J(0) > 0, at any T.
    #expect(throws: ModelError.self) { try SpectralDensity.lorentzian(peak: 0.05, center: 1, width: 0.2).lambShift(0, temperature: 0, zeroTolerance: 1e-12) }
    // Through a model file: the error names the bath.
    let bath = try OpenSystem.Bath(name: "hot", operator: "sx(q)", spectralDensity: .flat(rate: 0.01), temperature: 1)
    do { _ = try bath.lambShift(1, zeroTolerance: 1e-12); Issue.record("no error") } catch { #expect("\(error)".contains("bath 'hot'"), "\(error)") }
    // A model file with `[solve] lamb_shift = true` and a flat bath is refused at the bath's line and key.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let toml = try String(contentsOf: root.appendingPathComponent("examples/qubits-absorption-refrigerator.toml"), encoding: .utf8) + "lamb_shift = true\n"
    do { _ = try ModelDescription(source: toml, file: "q.toml"); Issue.record("no error") } catch {
      #expect("\(error)".contains("baths.0.spectral_density") && "\(error)".contains("q.toml:"), "\(error)")
    }
  }

  /// Jaynes–Cummings pair (qubit ω = 1, oscillator ω = 1.1, 4 levels, g = 0.05) with Ohmic–Drude baths: no degenerate levels.
  static func model(lambShift: Bool) throws -> OpenSystem {
    var baths = [try OpenSystem.Bath(name: "hot", operator: "sx(q)", spectralDensity: .ohmicDrude(lambda: 0.05, cutoff: 5), temperature: 1.0),
                 try OpenSystem.Bath(name: "cold", operator: "x(r)", spectralDensity: .ohmicDrude(lambda: 0.05, cutoff: 5), temperature: 0.2)]
    for k in baths.indices { baths[k].includesLambShift = lambShift }
    return try OpenSystem(subsystems: [.init(name: "q", kind: .qubit, frequency: 1.0), .init(name: "r", kind: .oscillator(levels: 4), frequency: 1.1)],
                          terms: ["0.05 * (sp(q) * a(r) + h.c.)"], baths: baths)
  }

  @Test("global: H_LS = Σ S(ω)A†A commutes with H and leaves the steady currents unchanged (secular); Redfield moves them")
  func laws() throws {
    let with = try Self.model(lambShift: true), without = try Self.model(lambShift: false)
    let eq = try with.masterEquation(.global)
    let energies = try #require(eq.energies)
    let hLS = eq.equation.hamiltonian - SparseMatrix.diagonal(energies.map { Complex($0, 0) })
    let hDiag = SparseMatrix.diagonal(energies.map { Complex($0, 0) })
    let commutator = hDiag * hLS - hLS * hDiag
    #expect(hLS.maxAbs > 1e-3, "H_LS = \(hLS.maxAbs) (the shift is applied)")
    // [H, A†(ω)A(ω)] = 0 (A(ω) lowers the energy by exactly ω; B&P Eq. 3.142): zero up to the Bohr grouping tolerance.
    #expect(commutator.maxAbs <= 1e-12 * hLS.maxAbs * (energies.map(abs).max() ?? 1), "‖[H, H_LS]‖ = \(commutator.maxAbs)")
    // No degenerate levels: H_LS is diagonal in the eigenbasis, the populations' rate equation is untouched, and so
    // are the currents (the secular thermodynamics does not see the Lamb shift).
    let a = try with.solve(.global, truncationTolerance: 0.1), b = try without.solve(.global, truncationTolerance: 0.1)
    let scale = b.heat.map(abs).max()!
    for k in 0..<2 { #expect(abs(a.heat[k] - b.heat[k]) <= 1e-10 * scale, "global \(k): \(a.heat[k]) vs \(b.heat[k])") }
    // Redfield: Γ = ½γ + iS enters Λ; the currents move (second order in the coupling) and the first law still holds.
    let ra = try with.solve(.redfield, truncationTolerance: 0.1), rb = try without.solve(.redfield, truncationTolerance: 0.1)
    #expect((0..<2).contains { abs(ra.heat[$0] - rb.heat[$0]) > 1e-6 * scale }, "\(ra.heat) vs \(rb.heat)")
    #expect(ra.firstLawRelativeResidual <= 1e-10)
  }
}
