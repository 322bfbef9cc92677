import XCTest
import Numerics
@testable import Clausius
@_exported import ClausiusTestSupport

/// Bose–Einstein occupation written out independently of `Conventions.boseEinstein`.
func nBar(_ omega: Double, _ t: Double) -> Double { t == 0 ? 0 : 1 / (exp(omega / t) - 1) }

/// Two oscillators with hopping ε (and squeezing η), local flat baths of rate γ on each:
/// paper 003, Eqs. (1)–(5) (η: Eq. 44).
func twoOscillators(omega1: Double, omega2: Double, epsilon: Double, eta: Double = 0, gamma: Double, t1: Double, t2: Double) throws -> BosonicNetwork {
  try BosonicNetwork.chain(frequencies: [omega1, omega2], epsilon: epsilon, eta: eta, baths: [
    .flat(name: "1", mode: 0, rate: gamma, temperature: t1),
    .flat(name: "2", mode: 1, rate: gamma, temperature: t2),
  ])
}

/// Relative difference |a − b| / max(|b|, floor).
func rel(_ a: Double, _ b: Double, floor: Double = 1e-300) -> Double { abs(a - b) / max(abs(b), floor) }


/// Least-squares slope of log(error) against log(step): the observed order of convergence.
func convergenceOrder(steps: [Double], errors: [Double]) -> Double {
  let x = steps.map { log($0) }, y = errors.map { log($0) }
  let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
  var sxy = 0.0, sxx = 0.0
  for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
  return sxy / sxx
}
