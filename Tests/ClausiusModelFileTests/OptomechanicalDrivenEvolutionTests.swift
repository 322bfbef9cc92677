import Clausius
import ClausiusTestSupport
import Foundation
import Testing

/// Paper 000's model with bath temperatures T_c(t), T_m(t) given as functions of time
/// (Families/Optomechanical/OptomechanicalDrivenEvolution.swift): the SME with rates κ(n̄(T(t)) + 1), κn̄(T(t)) by CVODE.
@Suite("evolve: optomechanics (paper 000) with time-dependent bath temperatures")
struct OptomechanicalDrivenEvolutionTests {
  static func source(equations: String = "[\"sme\"]", tc: String = "{ value = 0.6, modulation = { kind = \"sin\", amplitude = 0.2, frequency = 0.2 } }") -> String {
    """
    kind = "optomechanical"
    [cavity]
    frequency = 2.0
    rate = 0.1
    temperature = \(tc)
    [mechanics]
    frequency = 1.0
    rate = 0.05
    temperature = { value = 0.4, modulation = { kind = "sin", amplitude = 0.15, frequency = 0.2, phase = 1.0 } }
    [coupling]
    g = 0.15
    [truncation]
    cavity_levels = 4
    mechanical_levels = 6
    tolerance = 0.5
    [solve]
    equations = \(equations)
    """
  }

  /// Against Tests/References/qutip_optomechanics_modulated_temperatures.py: QuTiP 5 mesolve with time-dependent collapse
  /// operators √(κ(n̄(T(t)) + 1)) a, √(κn̄(T(t))) a†, … on the same truncation, heat from the jump operators (Eq. 26).
  @Test("SME with sinusoidal T_c(t), T_m(t) against QuTiP mesolve with time-dependent collapse operators")
  func againstQutip() throws {
    let model = try ModelDescription(source: Self.source(), file: "om.toml")
    let file = try #require(model.as(OptomechanicalModelFile.self))
    #expect(file.system.temperatureC == 0.6 && file.system.temperatureM == 0.4)   // static values for solve
    #expect(model.family.steadyStateNotes.joined().contains("temperature of bath mechanical, temperature of bath optical"))
    let times = [0, 5, 15, 30, 60.0]
    let m = try #require(try model.evolve(EvolveRequest(initial: .fock([1, 1]), initialText: "fock:1,1", times: times, tolerance: 1e-10)).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    #expect(m.engine == "fock-ode" && m.timeDependent == ["temperature of mechanical", "temperature of optical"])
    let ref = try #require(try PythonReference.run("qutip_optomechanics_modulated_temperatures.py", input: [
      "wc": 2.0, "wm": 1.0, "g": 0.15, "kc": 0.1, "km": 0.05, "Tc": [0.6, 0.2, 0.2, 0.0], "Tm": [0.4, 0.15, 0.2, 1.0], "Nc": 4, "Nm": 6,
      "fock": [1, 1], "times": times,
    ] as [String: Any]) as? [String: [Double]])
    let baths = try #require(m.baths), occ = try #require(m.occupations), energy = try #require(m.energy)
    let optical = try #require(baths.first { $0.name == "optical" }), mechanical = try #require(baths.first { $0.name == "mechanical" })
    var worst = 0.0
    for k in times.indices {
      for (x, y) in [(occ[0].values[k], ref["nc"]![k]), (occ[1].values[k], ref["nm"]![k]), (optical.heat[k], ref["Jc"]![k]),
                     (mechanical.heat[k], ref["Jm"]![k]), (energy[k], ref["E"]![k]), (optical.localHeat[k], ref["Jc"]![k])] {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-8, "t = \(times[k]): \(x) vs \(y)")
      }
    }
    let d = try #require(m.diagnostics)
    print("optomechanical SME with T(t) vs QuTiP mesolve: max deviation \(worst); first law \(d.firstLawResidual), integrated \(d.integratedFirstLawResidual)")
    #expect(d.firstLawResidual < 1e-10 && d.integratedFirstLawResidual < 1e-7)
    #expect(m.integratedDriveWork?.allSatisfy { $0 == 0 } == true)   // H does not change: no drive work
  }

  @Test("the GMEs and DSME are refused with T(t); a temperature reaching 0 is an error at its line")
  func refusals() throws {
    let model = try ModelDescription(source: Self.source(equations: "[\"dsme\", \"gme2\"]"), file: "om.toml")
    let doc = try model.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: [0, 1]))
    for m in doc.methods { #expect(m.error?.contains("supported with the SME only") == true, "\(m.error ?? "")") }
    let source = Self.source(tc: "{ value = 0.3, modulation = { kind = \"sin\", amplitude = 0.3, frequency = 0.2 } }")
    var caught: ModelFileError?
    do { _ = try ModelDescription(source: source, file: "om.toml") } catch let e as ModelFileError { caught = e }
    let e = try #require(caught)
    let line = source.components(separatedBy: "\n").firstIndex { $0.hasPrefix("temperature = { value = 0.3") }! + 1
    #expect(e.key == "cavity.temperature" && e.line == line && (e.allowed ?? "").contains("T > 0"), "\(e)")
  }
}
