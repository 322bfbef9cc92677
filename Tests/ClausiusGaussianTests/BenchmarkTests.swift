import XCTest
import Foundation
@testable import Clausius

/// Timings for the lead's BENCHMARKS.md; skipped unless CLAUSIUS_GAUSSIAN_BENCH=1 (no timing assertions).
/// Run: CLAUSIUS_GAUSSIAN_BENCH=1 swift test -c release --scratch-path .build-gauss-release --filter BenchmarkTests
final class BenchmarkTests: XCTestCase {
  func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let r = try body()
    print(String(format: "BENCH %@: %.3f s", label, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    return r
  }

  /// Global-equation NESS of an N-mode chain (CLAUSIUS_BENCH_MODES, default 1000), plus a 50-point
  /// temperature sweep reusing the normal modes and the drift factorisation, plus the local equation.
  func testChainBenchmarks() throws {
    guard ProcessInfo.processInfo.environment["CLAUSIUS_GAUSSIAN_BENCH"] == "1" else {
      throw XCTSkip("set CLAUSIUS_GAUSSIAN_BENCH=1 to run the Gaussian benchmarks")
    }
    let n = Int(ProcessInfo.processInfo.environment["CLAUSIUS_BENCH_MODES"] ?? "") ?? 1000
    let freqs = BosonicNetwork.linearProfile(first: 0.8, last: 1.2, count: n)
    let j = try SpectralDensity.ohmicDrude(lambda: 0.05, cutoff: 50)
    let net = try BosonicNetwork.chain(frequencies: freqs, epsilon: 0.1, baths: [
      Bath(name: "c", temperature: 0.5, spectralDensity: j, coupling: .position(mode: 0)),
      Bath(name: "h", temperature: 1.0, spectralDensity: j, coupling: .position(mode: n - 1)),
    ])
    print("BENCH modes = \(n), BLAS threads = \(BLASThreads.current)")
    let eq = try time("global: derive (Williamson + kernels)") { try net.masterEquation(.global) }
    let ss = try time("global: steady state (block Lyapunov + diagnostics)") { try eq.gaussianSteadyState() }
    let report = time("global: thermodynamics") { ss.thermodynamics }
    _ = time("global: covariance in quadratures (S⁻¹ Ṽ S⁻ᵀ)") { ss.covariance }
    print("BENCH global residual \(ss.diagnostics.relativeResidual), ν_min − ½ \(ss.diagnostics.physicality), Q̇_h \(report.baths[1].heat), first law \(report.firstLaw.relativeResidual)")
    let total = try time("global: total network → report") { try net.masterEquation(.global).gaussianSteadyState().thermodynamics }
    _ = total
    if ProcessInfo.processInfo.environment["CLAUSIUS_BENCH_PROFILE"] == "1" {
      let dyn = time("profile: gaussianDynamics") { eq.gaussianDynamics }
      let n2 = 2 * n
      let kk = time("profile: kernel of bath 0") { eq.dissipators[0].generator.kernel(dimension: n2) }
      _ = time("profile: kernel.imaginary") { kk.imaginary }
      _ = time("profile: driftAndDiffusion of bath 0") { eq.dissipators[0].generator.driftAndDiffusion(dimension: n2) }
      _ = time("profile: transposed") { dyn.drift.transposed }
      _ = time("profile: sum") { dyn.drift + dyn.diffusion }
      _ = try time("profile: block Schur forms (driftFactorisation)") { try eq.driftFactorisation() }
      _ = time("profile: dense A·V (one 2N gemm, for scale)") { dyn.drift * ss.frameCovariance }
      return
    }
    let factorisation = try time("sweep: drift factorisation") { try eq.driftFactorisation() }
    try time("sweep: 50 temperature points (global, reusing normal modes + factorisation)") {
      for k in 0..<50 {
        let th = 0.5 + Double(k) * 0.05
        let other = try net.withTemperatures([0.5, th]).masterEquation(.global, reusing: eq)
        _ = try other.gaussianSteadyState(reusing: factorisation).thermodynamics
      }
    }
    if ProcessInfo.processInfo.environment["CLAUSIUS_BENCH_LOCAL"] == "1" {
      let leq = try net.masterEquation(.local)
      let lss = try time("local: steady state (dense Schur + dtrsyl3, 2N = \(2 * n))") { try leq.gaussianSteadyState() }
      print("BENCH local residual \(lss.diagnostics.relativeResidual)")
    }
  }
}
