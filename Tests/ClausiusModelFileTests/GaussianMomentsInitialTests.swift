import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// `evolve --initial moments:FILE` and `--final-state` (Results/GaussianMoments.swift): a Gaussian state given by its
/// moments, and the continuation of a run from its final state.
///
/// One mode ω with a flat bath through x at T (local rate κ: κ(n̄+1)D[a] + κn̄D[a†], paper 003 Eq. 5) and H = ω a†a.
/// From the adjoint equation: ⟨a⟩(t) = ⟨a⟩₀ e^{−(iω+κ/2)t}; the fluctuations' n_f = ⟨Δa†Δa⟩ obey
/// n_f(t) = n̄ + (n_f(0) − n̄)e^{−κt} and m = ⟨ΔaΔa⟩ obeys m(t) = m(0)e^{−(2iω+κ)t}; in the quadratures
/// (a = (x + ip)/√2, docs/conventions.md) V_xx = n_f + ½ + Re m, V_pp = n_f + ½ − Re m, V_xp = Im m, d = √2(Re⟨a⟩, Im⟨a⟩),
/// and Q̇ = ωκ(n̄ − ⟨a†a⟩) with ⟨a†a⟩ = n_f + |⟨a⟩|².
@Suite("evolve: Gaussian initial states by their moments, and continuing from a final state")
struct GaussianMomentsInitialTests {
  static let source = """
    title = "damped oscillator"
    [[modes]]
    frequency = 1.3
    [[baths]]
    name = "bath"
    mode = 0
    spectral_density = "flat"
    rate = 0.2
    temperature = 0.8
    [solve]
    equations = ["local"]
    """
  static let (w, kappa, temperature) = (1.3, 0.2, 0.8)

  static func write(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("moments-\(UUID().uuidString).json").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// A squeezed, displaced state V₀ = [[0.9, 0.3], [0.3, 0.6]] (det 0.45 ≥ ¼), d₀ = (0.4, −0.2), against the closed form
  /// above: occupation, heat and local heat at every time, and `finalState` (V and d at the last time).
  @Test("a squeezed displaced state from a moments file against the damped oscillator's closed form, including finalState")
  func squeezedAgainstClosedForm() throws {
    let path = try Self.write(#"{"covariance": [[0.9, 0.3], [0.3, 0.6]], "mean": [0.4, -0.2]}"#)
    let model = try ModelDescription(source: Self.source, file: "osc.toml")
    let times = [0, 0.7, 2, 5, 11.0]
    var request = EvolveRequest(initial: try InitialStateSpec(parsing: "moments:\(path)"), initialText: "moments", times: times)
    request.finalState = true
    let m = try #require(try model.evolve(request).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let (w, kappa) = (Self.w, Self.kappa), nbar = 1 / expm1(Self.w / Self.temperature)
    let (v0, d0) = ([[0.9, 0.3], [0.3, 0.6]], [0.4, -0.2])
    let nf0 = 0.5 * (v0[0][0] + v0[1][1]) - 0.5, m0 = Complex(0.5 * (v0[0][0] - v0[1][1]), v0[0][1])
    let a0 = Complex(d0[0], d0[1]) / Complex(2.0.squareRoot(), 0)
    func alpha(_ t: Double) -> Complex<Double> { a0 * Complex.exp(Complex(-kappa / 2 * t, -w * t)) }
    func nf(_ t: Double) -> Double { nbar + (nf0 - nbar) * exp(-kappa * t) }
    func mm(_ t: Double) -> Complex<Double> { m0 * Complex.exp(Complex(-kappa * t, -2 * w * t)) }
    func occ(_ t: Double) -> Double { nf(t) + alpha(t).lengthSquared }
    let bath = try #require(m.baths?.first), occupation = try #require(m.occupations?.first?.values)
    var worst = 0.0
    for (k, t) in times.enumerated() {
      for (x, y) in [(occupation[k], occ(t)), (bath.heat[k], w * kappa * (nbar - occ(t))), (bath.localHeat[k], w * kappa * (nbar - occ(t)))] {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-10 * max(1, abs(y)), "t = \(t): \(x) vs \(y)")
      }
    }
    let f = try #require(m.finalState), t = times.last!
    #expect(f.time == t)
    let half = 0.5
    let expected = [[nf(t) + half + mm(t).real, mm(t).imaginary], [mm(t).imaginary, nf(t) + half - mm(t).real]]
    let root2 = Double(2).squareRoot()
    let mean = [root2 * alpha(t).real, root2 * alpha(t).imaginary]
    for i in 0..<2 {
      for j in 0..<2 { #expect(abs(f.covariance[i][j] - expected[i][j]) <= 1e-10, "V[\(i)][\(j)] \(f.covariance[i][j]) vs \(expected[i][j])") }
      #expect(abs((f.mean?[i] ?? .nan) - mean[i]) <= 1e-10, "d[\(i)]")
    }
    // The squeezing matters: the same occupation with V ∝ I gives another V(t) (so the final-state check resolves it).
    #expect(abs(expected[0][0] - expected[1][1]) > 1e-2)
    print("moments initial state vs closed form: max deviation \(worst)")
    // Without --final-state the document carries none.
    request.finalState = false
    #expect(try model.evolve(request).methods.first?.finalState == nil)
  }

  /// Continuing: evolving to t = 4 with `finalState`, writing that evolve document, and evolving from it
  /// (`moments:evolve.json`) by t equals one run to 4 + t (the time-independent generator's semigroup property).
  @Test("a run continued from the final state of an evolve document equals one uninterrupted run")
  func continuation() throws {
    let model = try ModelDescription(source: Self.source, file: "osc.toml")
    var first = EvolveRequest(initial: .coherent([Complex(0.3, 0.8)]), initialText: "coherent", times: [0, 2, 4])
    first.finalState = true
    let doc = try model.evolve(first)
    let path = try Self.write(String(decoding: try JSONEncoder().encode(doc), as: UTF8.self))
    let resumed = try #require(try model.evolve(EvolveRequest(initial: .moments(path), initialText: "moments", times: [0, 1.5, 6])).methods.first)
    let whole = try #require(try model.evolve(EvolveRequest(initial: .coherent([Complex(0.3, 0.8)]), initialText: "coherent", times: [4, 5.5, 10])).methods.first)
    #expect(resumed.error == nil && whole.error == nil)
    let a = try #require(resumed.occupations?.first?.values), b = try #require(whole.occupations?.first?.values)
    let qa = try #require(resumed.baths?.first?.heat), qb = try #require(whole.baths?.first?.heat)
    for k in 0..<3 {
      #expect(abs(a[k] - b[k]) <= 1e-12 * max(1, abs(b[k])) && abs(qa[k] - qb[k]) <= 1e-12 * max(1, abs(qb[k])), "k = \(k): \(a[k]) vs \(b[k]), \(qa[k]) vs \(qb[k])")
    }
    #expect(abs(a[2] - a[0]) > 1e-2)   // the state moves over the compared times
  }

  @Test("bad moments are errors naming the file, the key and the rule")
  func badMoments() throws {
    let model = try ModelDescription(source: Self.source, file: "osc.toml")
    func message(_ json: String) throws -> String {
      let path = try Self.write(json)
      // A bad initial state is the method's error (the command exits with status 1 and prints it) or a usage error.
      var text = "no error"
      do { text = try model.evolve(EvolveRequest(initial: .moments(path), initialText: "m", times: [0, 1])).methods.first?.error ?? "no error" } catch let e as EvolveRequestError {
        text = e.message
      }
      #expect(text.contains("--initial moments:\(path)"), "\(text)")
      return text
    }
    #expect(try message(#"{"covariance": [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]]}"#).contains("2N × 2N = 2×2"))
    #expect(try message(#"{"covariance": [[0.2, 0], [0, 0.2]]}"#).contains("uncertainty principle"))
    #expect(try message(#"{"covariance": [[0.6, 0.1], [0.2, 0.6]]}"#).contains("not symmetric"))
    #expect(try message(#"{"covariance": [[0.5, 0], [0, 0.5]], "mean": [1]}"#).contains("mean has 1 entries"))
    #expect(try message(#"{"methods": [{"equation": "local"}]}"#).contains("--final-state"))
    #expect(try message(#"{"cov": 1}"#).contains("not an evolve document"))
    // A density-matrix model refuses a Gaussian moments file.
    let qubit = try ModelDescription(source: """
      kind = "open-system"
      [[subsystems]]
      name = "q"
      type = "qubit"
      frequency = 1.0
      [[baths]]
      name = "b"
      operator = "sx(q)"
      spectral_density = "flat"
      rate = 0.1
      temperature = 0.5
      """, file: "q.toml")
    let m = try? qubit.evolve(EvolveRequest(initial: .moments("x.json"), initialText: "m", times: [0, 1]))
    #expect(m?.methods.first?.error?.contains("Gaussian kinds") ?? true)
  }
}
