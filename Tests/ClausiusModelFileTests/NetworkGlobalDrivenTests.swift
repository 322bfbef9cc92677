import Clausius
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// Normal-mode equations (global, Redfield) of a network whose drive amplitude depends on time
/// (Families/Network/NetworkDrivenEvolution.swift): a drive changes only the linear term of H, so the equation at t is
/// the static one's normal modes with the force F(t). With a step table F = F₀ (t < 3), F₁ (t ≥ 3), CVODE on the
/// quadrature-frame equation must equal two exact time-independent propagations (`GaussianEvolution`, normal-mode frame,
/// matrix exponentials and Lyapunov solves): F₀ from the vacuum to t = 3, then F₁ from that state. Measured (ODE
/// tolerance 1e-10): max |ΔQ̇|/max|Q̇| = 3.7e-10 (global), 3.1e-9 (Redfield); bound 2e-8.
@Suite("network normal-mode equations with a time-dependent drive")
struct NetworkGlobalDrivenTests {
  static func source(amplitude: String) -> String {
    """
    title = "two coupled modes, one driven"
    [[modes]]
    frequency = 1.0
    [[modes]]
    frequency = 1.3
    [[couplings]]
    kind = "hopping"
    modes = [0, 1]
    strength = 0.08
    [[drives]]
    mode = 0
    amplitude = \(amplitude)
    [[baths]]
    name = "cold"
    mode = 0
    spectral_density = "flat"
    rate = 0.05
    temperature = 0.4
    [[baths]]
    name = "hot"
    mode = 1
    spectral_density = "flat"
    rate = 0.03
    temperature = 1.2
    [solve]
    equations = ["global", "redfield"]
    """
  }

  @Test("global and Redfield with a step-table drive equal the exact propagation restarted at the step")
  func stepDriveEqualsRestartedPropagation() throws {
    let (f0, f1, tStep) = (0.03, -0.05, 3.0)
    let stepped = try ModelDescription(source: Self.source(amplitude: "{ table = [[0, \(f0)], [\(tStep), \(f1)]], interpolation = \"step\" }"),
                                       file: "step.toml")
    let times = [0, 1.0, 2.5, 4.0, 6.0, 9.0]
    let doc = try stepped.evolve(EvolveRequest(initial: .vacuum, initialText: "vacuum", times: times, tolerance: 1e-10))
    let before = try ModelFile(source: Self.source(amplitude: "\(f0)")), after = try ModelFile(source: Self.source(amplitude: "\(f1)"))
    for (k, derivation) in [Derivation.global, .redfield].enumerated() {
      let m = doc.methods[k]
      #expect(m.error == nil, "\(derivation.name): \(m.error ?? "")")
      let first = try GaussianEvolution(equation: before.network.masterEquation(derivation))
      let early = try first.evolve(from: .vacuum, times: times.filter { $0 <= tStep } + [tStep])
      let second = try GaussianEvolution(equation: after.network.masterEquation(derivation))
      let late = try second.evolve(from: .moments(covariance: early.finalCovariance, mean: early.finalMean),
                                   times: times.filter { $0 > tStep }.map { $0 - tStep })
      let baths = try #require(m.baths)
      let scale = baths.map { $0.heat.map(abs).max() ?? 0 }.max() ?? 1
      var worst = 0.0
      for (i, t) in times.enumerated() {
        let (tr, j) = t <= tStep ? (early, i) : (late, i - times.filter { $0 <= tStep }.count)
        for b in 0..<2 {
          worst = max(worst, abs(baths[b].heat[i] - tr.heat[b][j]) / scale)
          #expect(abs(baths[b].heat[i] - tr.heat[b][j]) <= 2e-8 * scale, "\(derivation.name) t = \(t) bath \(b): \(baths[b].heat[i]) vs \(tr.heat[b][j])")
        }
        for n in 0..<2 {
          let x = try #require(m.occupations?[n].values[i])
          #expect(abs(x - tr.occupations[n][j]) <= 2e-8 * max(1, tr.occupations[n][j]), "\(derivation.name) t = \(t) mode \(n)")
        }
      }
      #expect(abs(baths[0].heat.last! - baths[0].heat[1]) > 1e-4 * scale)  // the step shows in the heat
      print("\(derivation.name) step drive: CVODE vs restarted exact propagation, max |ΔQ̇|/max|Q̇| = \(worst)")
    }
  }

}
