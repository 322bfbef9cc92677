import Clausius
import ClausiusIO
import Foundation
import Testing

/// `evolve` for `kind = "optomechanical-ring"` (Families/Ring/RingEvolution.swift): exact Gaussian moment dynamics of
/// paper 002's linearised ring (Eq. 4), the model `solve` solves.
@Suite("evolve: optomechanical ring")
struct RingEvolutionTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

  /// From the vacuum, long times (60 relaxation times, the relaxation time 1/g = −1/max Re λ(A) that `evolve` reports)
  /// reach `solve`'s steady state: every bath's heat and local heat, and every occupation; the first law holds at
  /// every time (d⟨H⟩/dt from the whole generator = Σ_α Q̇_α) and integrated (⟨H⟩(t) − ⟨H⟩(0) = Σ_α Q_α(t)).
  @Test("long times reach solve's currents and occupations; the first law along the trajectory")
  func longTimesReachSolve() throws {
    let model = try ModelDescription.load(path: Self.examples.appendingPathComponent("002-optomechanical-ring-flux.toml").path)
    let (solved, m, _) = try model.solvedAndEvolvedFromVacuum()
    let baths = try #require(m.baths), ref = try #require(solved.baths)
    #expect(baths.map(\.name) == ref.map(\.name))
    let gross = ref.map { abs($0.heat) }.max()!
    for (b, r) in zip(baths, ref) {
      #expect(abs(b.heat.last! - r.heat) <= 1e-9 * gross, "\(r.name): \(b.heat.last!) vs \(r.heat)")
      #expect(abs(b.localHeat.last! - r.localHeat) <= 1e-9 * gross, "\(r.name) local")
      // At t = 0 (vacuum) the currents differ from the steady state's: the test compares a real transient.
      #expect(b.heat.first! != r.heat)
    }
    let occ = try #require(m.occupations), occRef = try #require(solved.occupations)
    for (o, r) in zip(occ, occRef) { #expect(abs(o.values.last! - r) <= 1e-9 * max(1, abs(r)), "\(o.name)") }
    let d = try #require(m.diagnostics)
    #expect(d.firstLawResidual < 1e-11 && d.integratedFirstLawResidual < 1e-10, "\(d.firstLawResidual), \(d.integratedFirstLawResidual)")
  }

  @Test("a Fock initial state and a wrong mode count are request errors")
  func badRequests() throws {
    let model = try ModelDescription.load(path: Self.examples.appendingPathComponent("002-optomechanical-ring-flux.toml").path)
    let fock = try model.evolve(EvolveRequest(initial: .fock([1]), initialText: "fock:1", times: [0, 1]))
    #expect(fock.methods.first?.error?.contains("not Gaussian") == true)
    let thermal = try model.evolve(EvolveRequest(initial: .thermal([1, 2]), initialText: "thermal:1,2", times: [0, 1]))
    #expect(thermal.methods.first?.error?.contains("one per mode") == true)
  }
}
