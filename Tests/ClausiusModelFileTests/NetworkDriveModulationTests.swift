import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// Network drive amplitudes as functions of time (`[[drives]] amplitude`, docs/model-format.md "Time-dependent
/// parameters"; Families/Network/NetworkDriveModulation.swift): a driven damped oscillator on the local equation by CVODE
/// (`DrivenGaussianEvolution`) against its closed form.
///
/// One mode ω, bath through x with flat J = κ at T (local rate κ: κ(n̄+1)D[a] + κn̄D[a†], paper 003 Eq. 5), H(t) =
/// ω a†a + F(t)a† + F(t)*a. With z = κ/2 + iω: d⟨a⟩/dt = −z⟨a⟩ − iF(t), n_th(t) = n̄ + (n_0 − n̄)e^{−κt},
/// ⟨a†a⟩ = n_th + |⟨a⟩|², and (𝓓†(a) = −κa/2, 𝓓†(a†a) = κ(n̄ − a†a))
///   Q̇ = Tr{H(t)𝓓ρ} = ωκ(n̄ − ⟨a†a⟩) − κ Re(F*⟨a⟩),  Q̇_local = ωκ(n̄ − ⟨a†a⟩),
///   Ẇ_drive = ⟨∂_tH⟩ = 2 Re(F′*⟨a⟩),  ⟨H⟩ = ω(⟨a†a⟩ + ½) + 2 Re(F*⟨a⟩).
@Suite("network drive amplitudes as functions of time")
struct NetworkDriveModulationTests {
  static func source(amplitude: String, temperature: Double = 0.5) -> String {
    """
    title = "driven damped oscillator"
    [[modes]]
    frequency = 1.0
    [[drives]]
    mode = 0
    amplitude = \(amplitude)
    [[baths]]
    name = "bath"
    mode = 0
    spectral_density = "flat"
    rate = 0.1
    temperature = \(temperature)
    [solve]
    equations = ["local"]
    """
  }
  static let (w, kappa) = (1.0, 0.1)

  /// Composite Simpson's rule of f on [0, t] with 2m intervals (error O(h⁴), h = t/2m).
  static func simpson(_ t: Double, _ m: Int = 4000, _ f: (Double) -> Double) -> Double {
    guard t > 0 else { return 0 }
    let h = t / Double(2 * m)
    var s = f(0) + f(t)
    for i in 1..<(2 * m) { s += (i % 2 == 1 ? 4 : 2) * f(Double(i) * h) }
    return s * h / 3
  }

  /// F(t) = A sin(Ωt): ⟨a⟩(t) = −(A/2)[(e^{iΩt} − e^{−zt})/(z + iΩ) − (e^{−iΩt} − e^{−zt})/(z − iΩ)] from ⟨a⟩(0) = 0
  /// (the variation-of-constants integral −i∫₀ᵗ e^{−z(t−s)}F(s)ds); the integrated heat and drive work by Simpson's
  /// rule on these closed forms.
  @Test("sinusoidal drive: occupation, heat, local heat, drive work, energy and their integrals against the closed form")
  func sinusoid() throws {
    let (a, omega, t0, tBath) = (0.05, 0.9, 0.2, 0.5)
    let model = try ModelDescription(source: Self.source(amplitude: "{ value = 0.0, modulation = { kind = \"sin\", amplitude = \(a), frequency = \(omega) } }"), file: "m.toml")
    let file = try #require(model.as(ModelFile.self))
    #expect(file.network.drives[0].amplitude == .zero)   // the static value feeds solve
    #expect(model.family.steadyStateNotes.joined().contains("amplitude of drive 0"))
    let times = [0, 1, 3, 7, 15, 30.0]
    var request = EvolveRequest(initial: .thermal([t0]), initialText: "thermal:\(t0)", times: times, tolerance: 1e-11)
    request.tolerance = 1e-11
    let m = try #require(try model.evolve(request).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.engine == "gaussian-ode" && m.timeDependent == ["drives.0.amplitude"])
    let (w, kappa) = (Self.w, Self.kappa)
    let z = Complex(kappa / 2, w), nbar = 1 / expm1(w / tBath), n0 = 1 / expm1(w / t0)
    func alpha(_ t: Double) -> Complex<Double> {
      let ez = Complex.exp(-z * Complex(t, 0)), ep = Complex.exp(Complex(0, omega * t)), em = Complex.exp(Complex(0, -omega * t))
      return Complex(-a / 2, 0) * ((ep - ez) / (z + Complex(0, omega)) - (em - ez) / (z - Complex(0, omega)))
    }
    func occ(_ t: Double) -> Double { nbar + (n0 - nbar) * exp(-kappa * t) + alpha(t).lengthSquared }
    func f(_ t: Double) -> Double { a * sin(omega * t) }
    func heat(_ t: Double) -> Double { w * kappa * (nbar - occ(t)) - kappa * f(t) * alpha(t).real }
    func driveWork(_ t: Double) -> Double { a * omega * cos(omega * t) * 2 * alpha(t).real }
    let bath = try #require(m.baths?.first), occupation = try #require(m.occupations?.first?.values)
    let wd = try #require(m.driveWorkRate), wdi = try #require(m.integratedDriveWork), energy = try #require(m.energy)
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let pairs: [(Double, Double, String)] = [
        (occupation[k], occ(t), "n"), (bath.heat[k], heat(t), "Q̇"), (bath.localHeat[k], w * kappa * (nbar - occ(t)), "Q̇ local"),
        (wd[k], driveWork(t), "Ẇ drive"), (energy[k], w * (occ(t) + 0.5) + 2 * f(t) * alpha(t).real, "⟨H⟩"),
        (bath.integratedHeat[k], Self.simpson(t) { heat($0) }, "Q"), (wdi[k], Self.simpson(t) { driveWork($0) }, "W drive"),
      ]
      for (x, y, name) in pairs {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 2e-9, "\(name) at t = \(t): \(x) vs \(y)")
      }
    }
    let d = try #require(m.diagnostics)
    print("network sinusoidal drive vs closed form: max deviation \(worst); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(abs(alpha(times.last!).real) > 1e-2)   // the drive matters: the mean is not small
    #expect(d.firstLawResidual < 1e-12 && d.integratedFirstLawResidual < 1e-8)
  }

  /// F(t) = F_re(t) + 0.03i with F_re a step table (0 → 0.04 at t = 2 → −0.02 at t = 5): piecewise ⟨a⟩(t) = a_p +
  /// (⟨a⟩(t_i) − a_p)e^{−z(t−t_i)}, a_p = −iF/z; F′ = 0 between the steps and each jump ΔF does the impulsive work
  /// ⟨ΔH⟩ = 2 Re(ΔF*⟨a⟩(t_i)), so W_drive(t) is the sum of the jumps passed — and ⟨H(t)⟩ − ⟨H(0)⟩ = Q + W_drive.
  @Test("complex amplitude with a step table: the impulsive work of each jump and the first law across the jumps")
  func stepTable() throws {
    let model = try ModelDescription(source: Self.source(amplitude: "[{ table = [[0, 0.0], [2, 0.04], [5, -0.02]], interpolation = \"step\" }, 0.03]", temperature: 0.3), file: "m.toml")
    let file = try #require(model.as(ModelFile.self))
    #expect(file.network.drives[0].amplitude == Complex(0, 0.03))
    let times = [0, 1, 2, 3.5, 5, 8, 12.0]
    var request = EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-11)
    request.tolerance = 1e-11
    let m = try #require(try model.evolve(request).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let (w, kappa) = (Self.w, Self.kappa)
    let z = Complex(kappa / 2, w), nbar = 1 / expm1(w / 0.3)
    let pieces: [(start: Double, f: Complex<Double>)] = [(0, Complex(0, 0.03)), (2, Complex(0.04, 0.03)), (5, Complex(-0.02, 0.03))]
    func amplitude(_ t: Double) -> Complex<Double> { pieces.last { $0.start <= t }!.f }
    func alpha(_ t: Double) -> Complex<Double> {
      var a = Complex<Double>.zero, start = 0.0
      for (k, p) in pieces.enumerated() where p.start <= t {
        let end = min(t, k + 1 < pieces.count ? pieces[k + 1].start : t)
        let ap = Complex(0, -1) * p.f / z
        a = ap + (a - ap) * Complex.exp(-z * Complex(end - start, 0))
        start = end
      }
      return a
    }
    func occ(_ t: Double) -> Double { nbar * (1 - exp(-kappa * t)) + alpha(t).lengthSquared }
    func work(_ t: Double) -> Double {
      var w = 0.0
      for k in 1..<pieces.count where pieces[k].start <= t { w += 2 * ((pieces[k].f - pieces[k - 1].f).conjugate * alpha(pieces[k].start)).real }
      return w
    }
    let bath = try #require(m.baths?.first), occupation = try #require(m.occupations?.first?.values)
    let wd = try #require(m.driveWorkRate), wdi = try #require(m.integratedDriveWork), energy = try #require(m.energy)
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let f = amplitude(t), a = alpha(t)
      let pairs: [(Double, Double, String)] = [
        (occupation[k], occ(t), "n"), (bath.heat[k], w * kappa * (nbar - occ(t)) - kappa * (f.conjugate * a).real, "Q̇"),
        (wd[k], 0, "Ẇ drive"), (wdi[k], work(t), "W drive"), (energy[k], w * (occ(t) + 0.5) + 2 * (f.conjugate * a).real, "⟨H⟩"),
      ]
      for (x, y, name) in pairs {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 2e-9, "\(name) at t = \(t): \(x) vs \(y)")
      }
    }
    let d = try #require(m.diagnostics)
    print("network step-table drive vs closed form: max deviation \(worst); impulses \(work(12)); integrated first law \(d.integratedFirstLawResidual), restarts \(d.ode?.restarts ?? -1)")
    #expect(abs(work(12)) > 1e-3)
    #expect(d.integratedFirstLawResidual < 1e-8)
  }

  /// Bad time functions of a drive amplitude are errors at the `amplitude` line, naming the key and what is allowed.
  @Test("bad drive time functions are errors at file:line")
  func badFunctions() throws {
    let cases: [(String, String, String)] = [
      ("{ value = 0.01, modulation = { kind = \"square\", amplitude = 0.03, frequency = 0.4 } }", "drives.0.amplitude.modulation.kind", "\"sin\", \"cos\""),
      ("[{ table = [[0, 0.0], [5, 0.02], [5, 0.03]] }, 0.0]", "drives.0.amplitude.0.table.2", "increasing"),
      ("[0.01, { value = 0.0, modulation = { kind = \"sin\", amplitude = 0.03 } }]", "drives.0.amplitude.1.modulation.frequency", "angular frequency"),
      ("[0.01, { table = [[0, 0.0], [5]] }]", "drives.0.amplitude.1.table.1", "[time, value]"),
      ("{ value = 0.01, amplitude = 0.03 }", "drives.0.amplitude.amplitude", "value, modulation, table, interpolation"),
      ("[0.01, 0.0, 0.2]", "drives.0.amplitude", "[Re F, Im F]"),
    ]
    for (amplitude, key, allowed) in cases {
      let source = Self.source(amplitude: amplitude)
      let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("amplitude = ") }! + 1
      var caught: ModelFileError?
      do { _ = try ModelDescription(source: source, file: "m.toml") } catch let e as ModelFileError { caught = e }
      let e = try #require(caught, "\(amplitude) was accepted")
      #expect(e.key == key, "\(amplitude): \(e)")
      #expect(e.line == line, "\(amplitude): \(e)")
      #expect((e.allowed ?? "").contains(allowed) || e.message.contains(allowed), "\(amplitude): \(e)")
      #expect("\(e)".contains("m.toml:\(line)"), "\(e)")
    }
  }
}

extension NetworkDriveModulationTests {
  /// A coupling strength given by a step table (the same `GaussianDrive.jumps`): before the impulsive work was counted,
  /// ⟨H(t)⟩ − ⟨H(0)⟩ missed ε-jump × ⟨x₁x₂ + p₁p₂⟩ at each step; the integrated first law now holds to the ODE tolerance.
  @Test("a step-table coupling: the integrated first law holds across the jump (impulsive work)")
  func couplingStep() throws {
    let source = """
      [[modes]]
      frequency = 1.0
      [[modes]]
      frequency = 1.2
      [[couplings]]
      kind = "hopping"
      modes = [0, 1]
      strength = { table = [[0, 0.05], [3, 0.12]], interpolation = "step" }
      [[baths]]
      mode = 0
      rate = 0.05
      temperature = 0.8
      [[baths]]
      mode = 1
      rate = 0.03
      temperature = 0.1
      [solve]
      equations = ["local"]
      """
    var request = EvolveRequest(initial: .thermal([0.9, 0.05]), initialText: "thermal", times: [0, 2, 3, 6, 10], tolerance: 1e-11)
    request.tolerance = 1e-11
    let m = try #require(try ModelDescription(source: source, file: "c.toml").evolve(request).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let wdi = try #require(m.integratedDriveWork), energy = try #require(m.energy), baths = try #require(m.baths)
    // The impulse at t = 3 is the only drive work (f′ = 0 elsewhere): W jumps from 0 to 0.07⟨x₁x₂ + p₁p₂⟩(3) ≠ 0.
    #expect(wdi[1] == 0 && abs(wdi[2]) > 1e-4, "\(wdi)")
    for k in 1..<5 {
      let q = baths.reduce(0.0) { $0 + $1.integratedHeat[k] }
      #expect(abs(energy[k] - energy[0] - q - wdi[k]) <= 1e-9, "t index \(k)")
    }
    print("coupling step: impulse \(wdi[2]), integrated first law \(m.diagnostics?.integratedFirstLawResidual ?? .nan)")
  }
}
