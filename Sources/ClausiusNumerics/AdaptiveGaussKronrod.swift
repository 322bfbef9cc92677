import Foundation

/// Vector-valued globally adaptive Gauss–Kronrod quadrature (G10/K21 pair of QUADPACK's `qk21`,
/// Piessens, de Doncker-Kapenga, Überhuber & Kahaner, *QUADPACK* (Springer 1983); nodes and weights
/// are the public-domain QUADPACK constants) with user breakpoints and a semi-infinite tail.
///
/// Why not GSL's QAG/QAGI: the exact steady state needs ~3N² + M integrals of the *same* resonant
/// integrand (one complex N×N solve per frequency). A vector rule shares one adaptive mesh and one
/// Green's-function solve per node for all components, where a scalar routine would repeat the
/// whole adaptive search per component; and it avoids a GPL-3 dependency. Correctness is tested
/// against exact polynomial integrals, closed forms and an independent Matsubara evaluation
/// (Tests/ClausiusSteadyStateTests).
///
/// Error estimate per interval and component: |K21 − G10| (the raw QUADPACK difference, without
/// QUADPACK's (200·|K−G|/resasc)^{3/2} sharpening), which for smooth integrands overestimates the true
/// error by orders of magnitude: the reported `errors` are conservative bounds, not guesses.
public struct AdaptiveGaussKronrod: Sendable {
  /// Kronrod abscissae on [−1, 1] (positive half, descending; 0 last). Odd indices are the G10 nodes.
  static let xgk: [Double] = [
    0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
    0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
    0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
    0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
    0.294392862701460198131126603103866, 0.148874338981631210884826001129720, 0,
  ]
  /// K21 weights matching `xgk`.
  static let wgk: [Double] = [
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
    0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
    0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
    0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
    0.149445554002916905664936468389821,
  ]
  /// G10 weights for xgk[1], xgk[3], …, xgk[9].
  static let wg: [Double] = [
    0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
    0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
    0.295524224714752870173892994651338,
  ]

  /// Relative tolerance per component group (see `groups`).
  public var relativeTolerance: Double
  /// Absolute tolerance floor per group.
  public var absoluteTolerance: Double
  /// Maximum number of subintervals before giving up (the result is then returned with
  /// `converged == false` and its error estimate).
  public var maxIntervals: Int

  public init(relativeTolerance: Double = 1e-9, absoluteTolerance: Double = 1e-15, maxIntervals: Int = 50_000) {
    self.relativeTolerance = relativeTolerance
    self.absoluteTolerance = absoluteTolerance
    self.maxIntervals = maxIntervals
  }

  public struct Result: Sendable {
    /// Integral of every component.
    public let values: [Double]
    /// Conservative absolute error estimate of every component (Σ over subintervals of |K21 − G10|).
    public let errors: [Double]
    /// ∫|f_i| (K21), the scale used for relative tolerances.
    public let absoluteIntegrals: [Double]
    public let intervals: Int
    public let evaluations: Int
    public let converged: Bool
  }

  struct Piece {
    var a: Double, b: Double
    var value: [Double], error: [Double], absValue: [Double]
  }

  /// Applies the 21-point rule to g on [a, b]; g returns `count` components.
  static func rule(_ g: (Double) -> [Double], _ a: Double, _ b: Double, count: Int) -> Piece {
    let c = 0.5 * (a + b), h = 0.5 * (b - a)
    var k = [Double](repeating: 0, count: count), gs = k, ab = k
    let fc = g(c)
    for i in 0..<count { k[i] = wgk[10] * fc[i]; ab[i] = wgk[10] * abs(fc[i]) }
    for j in 0..<10 {
      let x = h * xgk[j]
      let f1 = g(c - x), f2 = g(c + x)
      for i in 0..<count {
        let s = f1[i] + f2[i]
        k[i] += wgk[j] * s
        ab[i] += wgk[j] * (abs(f1[i]) + abs(f2[i]))
        if j % 2 == 1 { gs[i] += wg[j / 2] * s }
      }
    }
    let ah = abs(h)
    return Piece(a: a, b: b, value: k.map { $0 * h }, error: (0..<count).map { abs((k[$0] - gs[$0]) * h) }, absValue: ab.map { $0 * ah })
  }

  /// ∫ f over the union of [points[0], points[1]], …, and, if `tail` is true, [points.last, ∞)
  /// through ω = b/t, t ∈ (0, 1] (f must decay faster than 1/ω). `groups[i]` assigns component i to
  /// a tolerance group: each group g must satisfy Σ_intervals max_{i∈g} err_i ≤ max(relTol·S_g, absTol)
  /// with S_g = max_{i∈g} ∫|f_i|.
  public func integrate(count: Int, groups: [Int], points: [Double], tail: Bool, _ f: (Double) -> [Double]) -> Result {
    precondition(groups.count == count && points.count >= 1)
    var evaluations = 0
    let b = points.last!
    // Piece domains: finite pieces in ω, tail piece in t ∈ (0, 1].
    var isTail = [Bool]()
    var pieces = [Piece]()
    func eval(_ a: Double, _ bb: Double, tailPiece: Bool) -> Piece {
      evaluations += 21
      if tailPiece {
        return AdaptiveGaussKronrod.rule({ t in let w = b / t; let j = b / (t * t); return f(w).map { $0 * j } }, a, bb, count: count)
      }
      return AdaptiveGaussKronrod.rule(f, a, bb, count: count)
    }
    for i in 0..<(points.count - 1) where points[i + 1] > points[i] {
      pieces.append(eval(points[i], points[i + 1], tailPiece: false)); isTail.append(false)
    }
    if tail { pieces.append(eval(0, 1, tailPiece: true)); isTail.append(true) }
    let nGroups = (groups.max() ?? 0) + 1
    // Running totals (updated incrementally) and a max-heap of pieces keyed by their badness
    // max_g err_g / tol_g, evaluated with the tolerances at insertion (ordering heuristic only; the
    // stopping test always uses the current totals).
    var absInt = [Double](repeating: 0, count: count)
    var total = [Double](repeating: 0, count: nGroups)
    func groupErrors(_ p: Piece) -> [Double] {
      var e = [Double](repeating: 0, count: nGroups)
      for i in 0..<count { e[groups[i]] = max(e[groups[i]], p.error[i]) }
      return e
    }
    func add(_ p: Piece, sign: Double) {
      for i in 0..<count { absInt[i] += sign * p.absValue[i] }
      let e = groupErrors(p)
      for g in 0..<nGroups { total[g] += sign * e[g] }
    }
    func tolerances() -> [Double] {
      var scale = [Double](repeating: 0, count: nGroups)
      for i in 0..<count { scale[groups[i]] = max(scale[groups[i]], absInt[i]) }
      return scale.map { max(relativeTolerance * $0, absoluteTolerance) }
    }
    var heap = [(key: Double, index: Int)]()
    func push(_ k: Int, _ tol: [Double]) {
      let e = groupErrors(pieces[k])
      var key = 0.0
      for g in 0..<nGroups { key = max(key, e[g] / tol[g]) }
      heap.append((key, k))
      var c = heap.count - 1
      while c > 0 { let p = (c - 1) / 2; if heap[p].key >= heap[c].key { break }; heap.swapAt(p, c); c = p }
    }
    func pop() -> Int {
      let top = heap[0].index
      let last = heap.removeLast()
      if !heap.isEmpty {
        heap[0] = last
        var c = 0
        while true {
          let l = 2 * c + 1, r = l + 1
          var m = c
          if l < heap.count && heap[l].key > heap[m].key { m = l }
          if r < heap.count && heap[r].key > heap[m].key { m = r }
          if m == c { break }
          heap.swapAt(m, c); c = m
        }
      }
      return top
    }
    for p in pieces { add(p, sign: 1) }
    var tol = tolerances()
    for k in pieces.indices { push(k, tol) }
    func ok() -> Bool { (0..<nGroups).allSatisfy { total[$0] <= tol[$0] } }
    while !ok() && pieces.count < maxIntervals && !heap.isEmpty {
      let worst = pop()
      let p = pieces[worst], t = isTail[worst]
      let m = 0.5 * (p.a + p.b)
      if !(m > p.a && m < p.b) { continue }   // interval exhausted at machine precision: leave it
      let left = eval(p.a, m, tailPiece: t), right = eval(m, p.b, tailPiece: t)
      add(p, sign: -1); add(left, sign: 1); add(right, sign: 1)
      pieces[worst] = left
      pieces.append(right); isTail.append(t)
      tol = tolerances()
      push(worst, tol); push(pieces.count - 1, tol)
    }
    let converged = ok()
    var values = [Double](repeating: 0, count: count), errors = values, absSum = values
    for p in pieces { for i in 0..<count { values[i] += p.value[i]; errors[i] += p.error[i]; absSum[i] += p.absValue[i] } }
    return Result(values: values, errors: errors, absoluteIntegrals: absSum, intervals: pieces.count, evaluations: evaluations, converged: converged)
  }
}
