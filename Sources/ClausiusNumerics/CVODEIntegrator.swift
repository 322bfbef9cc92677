import CSundials
import Numerics

/// Adaptive integration of y′ = f(t, y) (real y ∈ ℝⁿ) by SUNDIALS CVODE: variable-order, variable-step BDF (1–5, stiff)
/// or Adams–Moulton (1–12, non-stiff) with Newton iterations (Hindmarsh et al., ACM TOMS 31, 363 (2005); CVODE User Guide, §2.1). The local error is kept
/// below rtol·|y_i| + atol per component (weighted RMS norm). The Newton systems (I − γJ)x = b are solved either
///  - `.dense(jacobian:)`: by SUNDIALS' dense LU with the exact Jacobian J(t) supplied (column-major n × n),
///  - `.sparse(columnStarts:rowIndices:jacobian:)`: by SuiteSparse's KLU (SUNLinSol_KLU) with the exact Jacobian
///    supplied in compressed-column form on a fixed pattern (KLU re-uses its symbolic analysis and refactors), or
///  - `.gmres(jacobianTimes:, krylovDimension:)`: matrix-free by SUNLinSol_SPGMR (restarted GMRES, no preconditioner),
///    with the exact product Jv supplied — for a linear ODE y′ = L(t)y + b(t), Jv = L(t)v (e.g. the sparse Liouvillian).
/// Not a hand-written integrator: CVODE chooses steps, orders and Jacobian updates; this type only marshals buffers.
public final class CVODEIntegrator {
  public typealias RightHandSide = (_ t: Double, _ y: UnsafePointer<Double>, _ ydot: UnsafeMutablePointer<Double>) -> Void
  /// Jv at (t, y): writes J(t, y)·v into `jv`.
  public typealias JacobianTimes = (_ t: Double, _ y: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ jv: UnsafeMutablePointer<Double>) -> Void
  /// Fills the column-major n × n Jacobian J(t, y) (the buffer is zeroed before the call).
  public typealias DenseJacobian = (_ t: Double, _ y: UnsafePointer<Double>, _ j: UnsafeMutablePointer<Double>) -> Void
  /// Fills the values (in the order of the pattern's entries) of the compressed-column Jacobian J(t, y) (the buffer
  /// is zeroed before the call).
  public typealias SparseJacobian = (_ t: Double, _ y: UnsafePointer<Double>, _ values: UnsafeMutablePointer<Double>) -> Void

  /// CVODE's linear multistep family: BDF (orders 1–5, for stiff problems) or Adams–Moulton (orders 1–12, for
  /// non-stiff, e.g. weakly damped oscillatory, problems — BDF's stability region excludes part of the imaginary axis
  /// at orders ≥ 3, which costs steps on oscillations).
  public enum Method: String, Sendable, CaseIterable { case bdf, adams }

  public enum LinearSolver {
    case dense(jacobian: DenseJacobian)
    /// KLU on the compressed-column pattern (`columnStarts`: n + 1 offsets, `rowIndices`: row of each entry, sorted
    /// within a column); the Jacobian's values are written in that order. Entries outside the pattern must be zero.
    case sparse(columnStarts: [Int], rowIndices: [Int], jacobian: SparseJacobian)
    case gmres(jacobianTimes: JacobianTimes, krylovDimension: Int)
    /// No linear solver: fixed-point (functional) iteration with Anderson acceleration of depth `acceleration` — for
    /// non-stiff problems with Adams (CVODE User Guide, §2.1: the "functional iteration" of the non-stiff case).
    case fixedPoint(acceleration: Int)
  }

  /// Counters after the last `advance` (CVodeGetNumSteps, …).
  public struct Statistics: Sendable, Equatable {
    public var steps = 0, rightHandSideEvaluations = 0, linearIterations = 0, errorTestFailures = 0
    public var nonlinearIterations = 0, lastOrder = 0
    public var lastStep = 0.0
    public init() {}
  }

  final class Callbacks {
    let rhs: RightHandSide
    var jtimes: JacobianTimes?
    var dense: DenseJacobian?
    var sparse: (columnStarts: [sunindextype], rowIndices: [sunindextype], jacobian: SparseJacobian)?
    let n: Int
    init(rhs: @escaping RightHandSide, n: Int) { self.rhs = rhs; self.n = n }
  }

  public let dimension: Int
  public let relativeTolerance: Double
  public let absoluteTolerance: Double
  public private(set) var time: Double
  private var context: SUNContext?
  private var memory: UnsafeMutableRawPointer?
  private var vector: N_Vector?
  private var matrix: SUNMatrix?
  private var linear: SUNLinearSolver?
  private let box: Unmanaged<Callbacks>

  /// Prepares CVODE (BDF, Newton) at (t0, y0). `maxSteps`: the internal steps allowed per `advance` call.
  public init(initialTime t0: Double, state y0: [Double], relativeTolerance: Double, absoluteTolerance: Double,
              linearSolver: LinearSolver, method: Method = .bdf, maxSteps: Int = 500_000, rightHandSide: @escaping RightHandSide) throws {
    let n = y0.count
    guard n > 0 else { throw NumericsError.dimensionMismatch(operation: "CVODE", detail: "empty state") }
    guard relativeTolerance > 0, absoluteTolerance > 0, relativeTolerance.isFinite, absoluteTolerance.isFinite else {
      throw NumericsError.dimensionMismatch(operation: "CVODE", detail: "tolerances must be finite and > 0 (rtol \(relativeTolerance), atol \(absoluteTolerance))")
    }
    guard y0.allSatisfy(\.isFinite) else { throw NumericsError.notFinite(name: "CVODE initial state") }
    dimension = n; time = t0
    self.relativeTolerance = relativeTolerance; self.absoluteTolerance = absoluteTolerance
    let cb = Callbacks(rhs: rightHandSide, n: n)
    box = Unmanaged.passRetained(cb)
    var ctx: SUNContext?
    guard SUNContext_Create(nil, &ctx) == 0, let ctx else { box.release(); throw NumericsError.lapack(routine: "SUNContext_Create", info: -1) }
    context = ctx
    guard let v = N_VNew_Serial(sunindextype(n), ctx) else { throw Self.failure("N_VNew_Serial", -1) }
    vector = v
    let p = N_VGetArrayPointer(v)!
    for i in 0..<n { p[i] = y0[i] }
    guard let mem = CVodeCreate(method == .bdf ? CV_BDF : CV_ADAMS, ctx) else { throw Self.failure("CVodeCreate", -1) }
    memory = mem
    try Self.check("CVodeInit", CVodeInit(mem, { t, y, ydot, user in
      let cb = Unmanaged<Callbacks>.fromOpaque(user!).takeUnretainedValue()
      cb.rhs(t, N_VGetArrayPointer(y)!, N_VGetArrayPointer(ydot)!)
      return 0
    }, t0, v))
    try Self.check("CVodeSetUserData", CVodeSetUserData(mem, box.toOpaque()))
    try Self.check("CVodeSStolerances", CVodeSStolerances(mem, relativeTolerance, absoluteTolerance))
    try Self.check("CVodeSetMaxNumSteps", CVodeSetMaxNumSteps(mem, Int(maxSteps)))
    switch linearSolver {
    case let .dense(jac):
      cb.dense = jac
      guard let a = SUNDenseMatrix(sunindextype(n), sunindextype(n), ctx), let ls = SUNLinSol_Dense(v, a, ctx) else { throw Self.failure("SUNLinSol_Dense", -1) }
      matrix = a; linear = ls
      try Self.check("CVodeSetLinearSolver", CVodeSetLinearSolver(mem, ls, a))
      try Self.check("CVodeSetJacFn", CVodeSetJacFn(mem, { t, y, _, j, user, _, _, _ in
        let cb = Unmanaged<Callbacks>.fromOpaque(user!).takeUnretainedValue()
        let data = SUNDenseMatrix_Data(j)!
        for i in 0..<(cb.n * cb.n) { data[i] = 0 }
        cb.dense!(t, N_VGetArrayPointer(y)!, data)
        return 0
      }))
    case let .sparse(starts, rows, jac):
      guard starts.count == n + 1, starts.first == 0, starts.last == rows.count, zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
            rows.allSatisfy({ (0..<n).contains($0) }) else {
        throw NumericsError.dimensionMismatch(operation: "CVODE sparse Jacobian", detail: "the pattern is not a compressed-column pattern of an \(n) × \(n) matrix")
      }
      cb.sparse = (starts.map { sunindextype($0) }, rows.map { sunindextype($0) }, jac)
      guard let a = SUNSparseMatrix(sunindextype(n), sunindextype(n), sunindextype(max(1, rows.count)), Int32(CSC_MAT), ctx),
            let ls = SUNLinSol_KLU(v, a, ctx) else { throw Self.failure("SUNLinSol_KLU", -1) }
      matrix = a; linear = ls
      try Self.check("CVodeSetLinearSolver", CVodeSetLinearSolver(mem, ls, a))
      try Self.check("CVodeSetJacFn", CVodeSetJacFn(mem, { t, y, _, j, user, _, _, _ in
        let cb = Unmanaged<Callbacks>.fromOpaque(user!).takeUnretainedValue()
        let (starts, rows, jac) = cb.sparse!
        // CVODE zeroes J (pattern included) before each call: the pattern is written again every time.
        let ptrs = SUNSparseMatrix_IndexPointers(j)!, vals = SUNSparseMatrix_IndexValues(j)!, data = SUNSparseMatrix_Data(j)!
        for c in 0..<starts.count { ptrs[c] = starts[c] }
        for k in 0..<rows.count { vals[k] = rows[k]; data[k] = 0 }
        jac(t, N_VGetArrayPointer(y)!, data)
        return 0
      }))
    case let .fixedPoint(m):
      guard let nls = SUNNonlinSol_FixedPoint(v, Int32(max(0, m)), ctx) else { throw Self.failure("SUNNonlinSol_FixedPoint", -1) }
      nonlinear = nls
      try Self.check("CVodeSetNonlinearSolver", CVodeSetNonlinearSolver(mem, nls))
    case let .gmres(jt, krylov):
      cb.jtimes = jt
      guard let ls = SUNLinSol_SPGMR(v, Int32(SUN_PREC_NONE), Int32(max(5, krylov)), ctx) else { throw Self.failure("SUNLinSol_SPGMR", -1) }
      linear = ls
      try Self.check("CVodeSetLinearSolver", CVodeSetLinearSolver(mem, ls, nil))
      try Self.check("CVodeSetJacTimes", CVodeSetJacTimes(mem, nil, { v, jv, t, y, _, user, _ in
        let cb = Unmanaged<Callbacks>.fromOpaque(user!).takeUnretainedValue()
        cb.jtimes!(t, N_VGetArrayPointer(y)!, N_VGetArrayPointer(v)!, N_VGetArrayPointer(jv)!)
        return 0
      }))
    }
  }

  private var nonlinear: SUNNonlinearSolver?

  deinit {
    if let nonlinear { SUNNonlinSolFree(nonlinear) }
    if memory != nil { CVodeFree(&memory) }
    if let linear { SUNLinSolFree(linear) }
    if let matrix { SUNMatDestroy(matrix) }
    if let vector { N_VDestroy(vector) }
    if context != nil { SUNContext_Free(&context) }
    box.release()
  }

  private static func failure(_ routine: String, _ flag: Int32) -> NumericsError {
    let name = CVodeGetReturnFlagName(Int(flag)).map { String(cString: $0) } ?? "\(flag)"
    return .iterativeNotConverged(method: "CVODE \(routine) (\(name))", iterations: 0, relativeResidual: .nan, tolerance: .nan)
  }
  private static func check(_ routine: String, _ flag: Int32) throws { if flag < 0 { throw failure(routine, flag) } }

  /// The current state y(time).
  public var state: [Double] {
    let p = N_VGetArrayPointer(vector)!
    return Array(UnsafeBufferPointer(start: p, count: dimension))
  }

  /// Integrates to `t` (> time) and returns y(t). With `stopAt` CVODE never steps past it (a breakpoint of a
  /// piecewise-defined generator: integrate to it, then `reinitialize`).
  @discardableResult
  public func advance(to t: Double, stopAt: Double? = nil) throws -> [Double] {
    guard t > time else { return state }
    if let s = stopAt { try Self.check("CVodeSetStopTime", CVodeSetStopTime(memory, s)) }
    var tReached = time
    let flag = CVode(memory, t, vector, &tReached, CV_NORMAL)
    if flag < 0 { throw Self.failure("CVode at t = \(tReached) towards \(t)", flag) }
    time = tReached
    let y = state
    guard y.allSatisfy(\.isFinite) else { throw NumericsError.notFinite(name: "CVODE state at t = \(tReached)") }
    return y
  }

  /// Restarts the integration at (t0, y0) (after a discontinuity of the right-hand side), keeping the solver setup.
  public func reinitialize(time t0: Double, state y0: [Double]) throws {
    precondition(y0.count == dimension)
    let p = N_VGetArrayPointer(vector)!
    for i in 0..<dimension { p[i] = y0[i] }
    try Self.check("CVodeReInit", CVodeReInit(memory, t0, vector))
    time = t0
  }

  /// The solver's counters (cumulative since the start).
  public var statistics: Statistics {
    var s = Statistics()
    var x = 0
    CVodeGetNumSteps(memory, &x); s.steps = x
    CVodeGetNumRhsEvals(memory, &x); s.rightHandSideEvaluations = x
    if linear != nil { CVodeGetNumLinIters(memory, &x); s.linearIterations = x }   // (fixed-point: no linear solver; SUNDIALS would print an error)
    CVodeGetNumErrTestFails(memory, &x); s.errorTestFailures = x
    CVodeGetNumNonlinSolvIters(memory, &x); s.nonlinearIterations = x
    var q: Int32 = 0
    CVodeGetLastOrder(memory, &q); s.lastOrder = Int(q)
    var h = 0.0
    CVodeGetLastStep(memory, &h); s.lastStep = h
    return s
  }
}

extension SparseMatrix {
  /// y += c · A x on raw interleaved (re, im) buffers (the layout of Complex<Double>), for ODE right-hand sides.
  public func multiplyAdd(_ c: Complex<Double>, _ x: UnsafePointer<Complex<Double>>, into y: UnsafeMutablePointer<Complex<Double>>) {
    if c == .zero { return }
    columnPointers.withUnsafeBufferPointer { cp in
      rowIndices.withUnsafeBufferPointer { ri in
        values.withUnsafeBufferPointer { va in
          for j in 0..<columns {
            let xj = c * x[j]
            if xj == .zero { continue }
            for k in cp[j]..<cp[j + 1] { y[ri[k]] += va[k] * xj }
          }
        }
      }
    }
  }
}
