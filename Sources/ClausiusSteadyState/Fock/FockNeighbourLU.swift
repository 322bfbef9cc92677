import CSuiteSparse
import ClausiusNumerics
import Foundation
import Numerics

/// The numeric LU factorisation of one sweep point's augmented Liouvillian, kept to precondition the next points
/// (`FockNeighbourLUCache`). Immutable; UMFPACK's solve only reads the Numeric object, so concurrent points may share it.
final class FockNeighbourFactorisation: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer
  /// The symbolic analysis the factorisation was made with (the same pattern and options are required to use it).
  let analysis: FockSymbolicAnalysis
  /// The steady state it gave (the initial guess of the next point).
  let solution: [Complex<Double>]

  init(handle: UnsafeMutableRawPointer, analysis: FockSymbolicAnalysis, solution: [Complex<Double>]) {
    self.handle = handle; self.analysis = analysis; self.solution = solution
  }

  deinit {
    var h: UnsafeMutableRawPointer? = handle
    umfpack_zl_free_numeric(&h)
  }
}

/// M⁻¹ r by the neighbouring point's LU factors (no UMFPACK refinement: M is not the matrix being solved).
struct FockNeighbourPreconditioner: LinearPreconditioner, @unchecked Sendable {
  let factorisation: FockNeighbourFactorisation
  let columnPointers: [Int]
  let rowIndices: [Int]
  let control: [Double]

  init(_ f: FockNeighbourFactorisation) {
    factorisation = f
    columnPointers = f.analysis.columnPointers; rowIndices = f.analysis.rowIndices
    var c = f.analysis.control
    c[Int(UMFPACK_IRSTEP)] = 0
    control = c
  }

  func apply(_ r: UnsafeBufferPointer<Complex<Double>>, into z: UnsafeMutableBufferPointer<Complex<Double>>) throws {
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    let n = r.count
    // The matrix values are only read by UMFPACK's refinement, which is off (IRSTEP = 0): zeros of the right length.
    let dummy = [Double](repeating: 0, count: 2 * Swift.max(1, rowIndices.count))
    let status = r.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * n) { rr in
      z.baseAddress!.withMemoryRebound(to: Double.self, capacity: 2 * n) { zz in
        umfpack_zl_solve(Int(UMFPACK_A), columnPointers, rowIndices, dummy, nil, zz, nil, rr, nil, factorisation.handle, control, &info)
      }
    }
    guard status == UMFPACK_OK else { throw NumericsError.umfpack(phase: "solve (neighbouring sweep point's LU)", status: Int(status)) }
  }
}

/// The most recent numeric LU of an equation in a sweep, shared by its points (`FockSymbolicSlot.neighbour`).
///
/// A sweep's neighbouring points have Liouvillians A' = A + ΔA with the same pattern and a small ΔA (a temperature or a
/// rate moved by one grid step); GMRES preconditioned by A's LU then works on A' A⁻¹ = I + ΔA A⁻¹, a small perturbation
/// of the identity, and converges in a few iterations, each one LU solve (≈ 1/50 of a factorisation at paper 000's
/// (6, 60)). The state must then reach the LU's componentwise backward error (`acceptedBackwardError`); else the point is
/// factorised from scratch and its LU becomes the new neighbour. Measured in BENCHMARKS.md ("Sweeps reuse work").
public final class FockNeighbourLUCache: @unchecked Sendable {
  private let lock = NSLock()
  private var latest: FockNeighbourFactorisation?
  /// Points solved from a neighbour's LU, and points factorised (counted for the sweep's reuse line and tests).
  public private(set) var warmStarts = 0
  public private(set) var factorisations = 0
  /// The largest accepted ω = max_i |b − A x|_i/(|A||x| + |b|)_i of a warm-started state: the LU's own level (≈ 2e-16 on
  /// paper 000), so a warm-started point is as accurate as a factorised one.
  public static let acceptedBackwardError = 1e-15
  /// GMRES iterations allowed per warm start before the point is factorised instead (at paper 000's (6, 60) sector one
  /// iteration — an LU solve with the neighbour's factors plus a product with A — costs ≈ 1/25 of a factorisation).
  public static let maximumIterations = 16

  public init() {}
  /// False when the environment sets CLAUSIUS_FOCK_NEIGHBOUR_LU=0 (every point factorised: the benchmark's reference).
  public static var enabled: Bool { EnvironmentVariable.value("CLAUSIUS_FOCK_NEIGHBOUR_LU") != "0" }

  var current: FockNeighbourFactorisation? { lock.lock(); defer { lock.unlock() }; return latest }
  func store(_ f: FockNeighbourFactorisation) { lock.lock(); latest = f; factorisations += 1; lock.unlock() }
  func countWarmStart() { lock.lock(); warmStarts += 1; lock.unlock() }

  /// x with A x = b from the neighbour's LU (GMRES, then corrections while ω decreases), or nil when it does not reach
  /// `acceptedBackwardError` within `maximumIterations` (the caller then factorises).
  static func solve(_ a: SparseMatrix, _ b: [Complex<Double>], neighbour: FockNeighbourFactorisation) -> (x: [Complex<Double>], iterations: Int, omega: Double)? {
    let m = FockNeighbourPreconditioner(neighbour)
    // GMRES to a normwise 1e-13 (reachable; the componentwise test below decides), then corrections A d = r with the
    // same preconditioner while ω is above the LU's level and still halving (as FockIterativeSolve's refinement).
    var options = GMRESOptions(tolerance: 1e-13, restart: maximumIterations, maxIterations: maximumIterations)
    let first: GMRESResult
    do { first = try GMRES.solve(a, b, initialGuess: neighbour.solution, preconditioner: m, options: options) } catch {
      SolverProfile.log("neighbour LU: GMRES did not converge in \(maximumIterations) iterations (\(error)); factorising")
      return nil
    }
    var x = first.solution, iterations = first.iterations
    var current = ResidualAndBackwardError(a, x, b)
    options.tolerance = 1e-6
    while current.componentwiseBackwardError > acceptedBackwardError, iterations < maximumIterations {
      options.maxIterations = maximumIterations - iterations
      guard let d = try? GMRES.solve(a, current.residual, preconditioner: m, options: options) else { break }
      iterations += d.iterations
      var refined = x
      for i in refined.indices { refined[i] += d.solution[i] }
      let next = ResidualAndBackwardError(a, refined, b)
      guard next.componentwiseBackwardError < 0.5 * current.componentwiseBackwardError else { break }
      x = refined; current = next
    }
    SolverProfile.log(String(format: "neighbour LU: %d GMRES iterations, componentwise backward error %.2e (accepted ≤ %.0e)",
                             iterations, current.componentwiseBackwardError, acceptedBackwardError))
    guard current.componentwiseBackwardError <= acceptedBackwardError, x.allSatisfy(\.isFinite) else { return nil }
    return (x, iterations, current.componentwiseBackwardError)
  }
}
