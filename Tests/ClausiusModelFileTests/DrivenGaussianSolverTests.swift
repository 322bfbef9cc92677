import Clausius
import ClausiusTestSupport
import Foundation
import Testing

/// The linear solvers of `DrivenGaussianEvolution` (ClausiusDynamics): above `denseLimit` unknowns BDF's Newton systems
/// go to matrix-free GMRES with J·v = [f(y + v) − f(y − v)]/2, and `--ode-method adams` uses no linear solver. Both must
/// reproduce the exact answer of a piecewise-constant generator: a 13-mode chain (N(2N)² = 676 moment unknowns, above
/// the dense limit) with a step in one coupling at t = 3 equals two exact time-independent propagations
/// (`GaussianEvolution`: matrix exponential + Lyapunov) restarted at the step.
@Suite("time-dependent Gaussian evolution: GMRES and Adams against exact restarted propagations")
struct DrivenGaussianSolverTests {
  static func chain(_ strength: String) -> String {
    var lines = ["title = \"13-mode chain\""]
    for i in 0..<13 { lines += ["[[modes]]", "frequency = \(1.0 + 0.05 * Double(i))"] }
    for i in 0..<12 { lines += ["[[couplings]]", "kind = \"hopping\"", "modes = [\(i), \(i + 1)]", "strength = \(i == 5 ? strength : "0.1")"] }
    lines += ["[[baths]]", "name = \"hot\"", "mode = 0", "spectral_density = \"flat\"", "rate = 0.2", "temperature = 2.0",
              "[[baths]]", "name = \"cold\"", "mode = 12", "spectral_density = \"flat\"", "rate = 0.3", "temperature = 0.3",
              "[solve]", "equations = [\"local\"]"]
    return lines.joined(separator: "\n")
  }

  @Test("BDF with GMRES and Adams with a step in a coupling equal two exact propagations restarted at the step", arguments: ["bdf", "adams"])
  func stepAgainstExact(method: String) throws {
    let model = try ModelDescription(source: Self.chain("{ table = [[0, 0.1], [3, 0.3]], interpolation = \"step\" }"), file: "chain.toml")
    let times = [0, 1.5, 3, 4, 8.0]
    var request = EvolveRequest(initial: .thermal([0.8]), initialText: "thermal:0.8", times: times, tolerance: 1e-10)
    request.odeMethod = method
    let m = try #require(try model.evolve(request).methods.first)
    #expect(m.error == nil, "\(m.error ?? "")")
    let ode = try #require(m.diagnostics?.ode)
    #expect(ode.linearSolver.hasPrefix(method == "bdf" ? "GMRES" : "none"), "\(ode.linearSolver)")
    let before = try ModelFile(source: Self.chain("0.1")), after = try ModelFile(source: Self.chain("0.3"))
    let first = try GaussianEvolution(equation: before.network.masterEquation(.local))
      .evolve(from: .thermal(temperatures: Array(repeating: 0.8, count: 13)), times: [0, 1.5, 3])
    let second = try GaussianEvolution(equation: after.network.masterEquation(.local))
      .evolve(from: .moments(covariance: first.finalCovariance, mean: first.finalMean), times: [0, 1, 5])
    let baths = try #require(m.baths), occ = try #require(m.occupations)
    let scale = first.heat.flatMap { $0 }.map(abs).max()!
    var worst = 0.0
    for (k, t) in times.enumerated() {
      let (tr, j) = t < 3 ? (first, k) : (second, k - 2)
      var pairs: [(Double, Double)] = (0..<13).map { (occ[$0].values[k], tr.occupations[$0][j]) }
      for a in 0..<2 {
        pairs.append((baths[a].heat[k], tr.heat[a][j]))
        pairs.append((baths[a].integratedHeat[k], tr.integratedHeat[a][j] + (t < 3 ? 0 : first.integratedHeat[a].last!)))
      }
      for (x, y) in pairs {
        worst = max(worst, abs(x - y))
        #expect(abs(x - y) <= 1e-7 * max(scale, abs(y)), "\(method) t = \(t): \(x) vs \(y)")
      }
    }
    // The step matters (else the comparison could not see a missed restart).
    #expect(abs(first.heat[0].last! - second.heat[0].first!) > 1e-4 * scale || abs(first.occupations[5].last! - second.occupations[5][1]) > 1e-4)
    print("13-mode chain, step in a coupling, \(method) (\(ode.linearSolver)): max deviation \(worst) (heat scale \(scale)); \(ode.steps) steps")
  }
}
