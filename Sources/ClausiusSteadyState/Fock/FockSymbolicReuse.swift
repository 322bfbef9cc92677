import CSuiteSparse
import ClausiusNumerics

/// UMFPACK's symbolic analysis (fill-reducing ordering, strategy, memory estimate) of an augmented Fock Liouvillian,
/// kept to factorise further Liouvillians with the same sparsity pattern: the points of a sweep that changes only
/// values (temperatures, rates, couplings that stay non-zero). Only UMFPACK's numeric factorisation and the
/// solve then run (`FockSparseLU.solve`). Made only by `FockSparseLU.solve`; immutable; UMFPACK's numeric
/// factorisation reads the Symbolic object without changing it, so one analysis serves concurrent solves.
public final class FockSymbolicAnalysis: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer
  let columnPointers: [Int]
  let rowIndices: [Int]
  let options: FockLUOptions
  /// UMFPACK's controls the analysis was made with (strategy, ordering: AMD or METIS as chosen).
  let control: [Double]
  /// UMFPACK's peak-memory estimate of the factorisation (bytes), checked against the cap at every reuse.
  let peakMemoryEstimate: Double

  init(handle: UnsafeMutableRawPointer, pattern: SparseMatrix, options: FockLUOptions, control: [Double], peakMemoryEstimate: Double) {
    self.handle = handle; columnPointers = pattern.columnPointers; rowIndices = pattern.rowIndices
    self.options = options; self.control = control; self.peakMemoryEstimate = peakMemoryEstimate
  }

  deinit {
    var h: UnsafeMutableRawPointer? = handle
    umfpack_zl_free_symbolic(&h)
  }

  /// Whether this analysis was made for `a`'s sparsity pattern with `options`.
  func fits(_ a: SparseMatrix, _ options: FockLUOptions) -> Bool {
    options == self.options && a.columnPointers == columnPointers && a.rowIndices == rowIndices
  }
}

/// A symbolic analysis to reuse in one Fock steady-state solve, and the one that solve used (`steadyState(symbolic:)`).
/// One slot per solve; not shared between threads.
public final class FockSymbolicSlot: @unchecked Sendable {
  /// Offered to the solve: taken when it fits the Liouvillian's pattern and the LU options.
  public let reuse: FockSymbolicAnalysis?
  /// The analysis the sparse LU used (nil: no direct complex LU ran, e.g. the iterative solver or the real Hermitian form).
  public internal(set) var used: FockSymbolicAnalysis?
  /// Whether `used` is `reuse`.
  public internal(set) var reused = false
  /// The sweep's most recent numeric LU of this equation (`FockNeighbourLUCache`): when set and the analysis is reused,
  /// the point is first solved by GMRES preconditioned with it, and a point that is factorised leaves its LU there.
  public let neighbour: FockNeighbourLUCache?
  /// Set when the point was solved from the neighbour's LU: GMRES iterations (corrections included) and the state's ω.
  public internal(set) var warmStart: (iterations: Int, componentwiseBackwardError: Double)?
  /// Cleared by the solve when a warm-started state fails its a-posteriori test (the point is then factorised).
  var allowsWarmStart = true
  public init(reuse: FockSymbolicAnalysis? = nil, neighbour: FockNeighbourLUCache? = nil) { self.reuse = reuse; self.neighbour = neighbour }
}
