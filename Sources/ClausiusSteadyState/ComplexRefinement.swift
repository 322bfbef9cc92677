import ClausiusMasterEquations
import ClausiusNumerics
import Numerics

/// The double-double refinement (`refineDoubleDouble`) of a number-conserving state, carried out in the N × N complex
/// form K W + W K† + Q = 0 (K = φ(A), Q = φ(D), W = φ(V); `PhaseCovariantForm`) instead of the 2N × 2N real one.
///
/// Same scheme, same stopping rule, same result: φ is exact on covariant matrices (φ(M)_jk = M_{x_j x_k} − i M_{x_j p_k}
/// reads two entries, no arithmetic), the exact sums K = φ(ΩG) + Σ_α φ(A_α) and Q = Σ_α φ(D_α) are formed in
/// double-double from the parts' even rows (A Ω = Ω A makes the odd rows copies), and ‖φ⁻¹(R)‖_F = √2 ‖R‖_F, so the
/// relative residual ‖R‖_F/‖Q‖_F equals the real form's ‖A V + V Aᵀ + D‖_F/‖D‖_F. The complex form reads a quarter of
/// the memory and needs half the multiplications per residual (the off-diagonal entries i ε of a hopping chain are
/// purely imaginary), and every correction stays in the solver's own form (no 2N × 2N conversions per step; issue 15).
/// The relative residual ‖R‖_F/‖Q‖_F at which the refinement stops (the real route's 1e-28 ‖D‖; same norm, see above).
let complexRefinementBound = 1e-28

/// Whether `refineComplexDoubleDouble` will refine a state with drift K: its residual's cost nnz(A)·2N (nnz(A) counted
/// from K as there, two real non-zeros per non-zero real or imaginary part of an entry) within `refinementBudget`.
/// The eigenbasis route (`ComplexSymmetricTridiagonalLyapunovSolver`) is tried only then, since only a refined result
/// can be accepted from it.
func complexRefinementAffordable(_ k: Matrix<Complex<Double>>) -> Bool {
  let nonZeros = k.elements.reduce(0) { $0 + ($1.real != 0 ? 2 : 0) + ($1.imaginary != 0 ? 2 : 0) }
  return Double(nonZeros) * Double(2 * k.rows) <= refinementBudget
}

struct ComplexDoubleDoubleState {
  var hi: Matrix<Complex<Double>>
  var lo: Matrix<Complex<Double>>
  /// ‖K W + W K† + Q‖_F / ‖Q‖_F of hi + lo in double-double with the exact K and Q (nil: not refined, over budget).
  var relativeResidual: Double?
  var steps: Int
}

/// One complex entry of an exact sum, kept as double-double real and imaginary parts.
private struct ComplexSum {
  var re = DoubleDouble.zero, im = DoubleDouble.zero
}

/// Σ of the parts' φ-images in double-double, entry by entry (ΩG first when `omegaG`), keyed by i + j N.
private func exactComplexSum(_ g: Matrix<Double>?, _ parts: [RealSparseMatrix], n: Int) -> [Int: ComplexSum] {
  var sums: [Int: ComplexSum] = [:]
  func add(_ i: Int, _ j: Int, re: Double, im: Double) {
    var s = sums[i + j * n] ?? ComplexSum()
    s.re += re; s.im += im
    sums[i + j * n] = s
  }
  if let g {
    // (ΩG)_{x_i, x_j} = G_{p_i, x_j}, (ΩG)_{x_i, p_j} = G_{p_i, p_j}: φ(ΩG)_ij = G_{p_i x_j} − i G_{p_i p_j}.
    g.elements.withUnsafeBufferPointer { p in
      let ld = 2 * n
      for j in 0..<n { for i in 0..<n {
        let xx = p[2 * i + 1 + 2 * j * ld], xp = p[2 * i + 1 + (2 * j + 1) * ld]
        if xx != 0 || xp != 0 { add(i, j, re: xx, im: -xp) }
      } }
    }
  }
  for part in parts {
    part.forEachNonZero { r, c, x in
      guard r & 1 == 0 else { return }            // odd rows repeat the even ones (covariance)
      if c & 1 == 0 { add(r / 2, c / 2, re: x, im: 0) } else { add(r / 2, c / 2, re: 0, im: -x) }
    }
  }
  return sums
}

func refineComplexDoubleDouble(_ eq: MasterEquation, _ dyn: GaussianDynamics, solution w0: Matrix<Complex<Double>>,
                               diffusion qHi: Matrix<Complex<Double>>, solver: any ComplexLyapunovSolving) throws -> ComplexDoubleDoubleState {
  var clock = StageClock("complex refinement")
  let n = w0.rows
  let kHi = solver.drift
  // Exact K and Q: hi = the assembled doubles the solver uses, lo = (exact − hi) rounded.
  struct Entry { let i: Int; let k: Int; let re: Double; let im: Double; let reLo: Double; let imLo: Double }
  var columns = [[Entry]](repeating: [], count: n)
  let exactK = exactComplexSum(eq.hamiltonian.matrix, dyn.perDissipator.map(\.sparseDrift), n: n)
  for (key, s) in exactK {
    let i = key % n, k = key / n, h = kHi[i, k]
    columns[k].append(Entry(i: i, k: k, re: h.real, im: h.imaginary,
                            reLo: (s.re.hi - h.real) + s.re.lo, imLo: (s.im.hi - h.imaginary) + s.im.lo))
  }
  // Assembled entries outside the parts' positions (none for a sum of the parts; kept so that K = hi + lo exactly).
  for k in 0..<n { for i in 0..<n where kHi[i, k] != .zero && exactK[i + k * n] == nil {
    columns[k].append(Entry(i: i, k: k, re: kHi[i, k].real, im: kHi[i, k].imaginary, reLo: -kHi[i, k].real, imLo: -kHi[i, k].imaginary))
  } }
  var qLo = [Int: Complex<Double>]()
  for (key, s) in exactComplexSum(nil, dyn.perDissipator.map(\.sparseDiffusion), n: n) {
    let h = qHi[key % n, key / n]
    qLo[key] = Complex((s.re.hi - h.real) + s.re.lo, (s.im.hi - h.imaginary) + s.im.lo)
  }
  let qNorm = Swift.max(qHi.frobeniusNorm, .leastNormalMagnitude)
  clock.mark("exact parts")

  /// R = K W + W K† + Q for W = wh + wl with K W accumulated exactly (TwoProd/TwoSum) and the small products
  /// K_lo W_hi + K_hi W_lo in double; R (rounded, Hermitian) and ‖R‖_F.
  func residual(_ wh: Matrix<Complex<Double>>, _ wl: Matrix<Complex<Double>>) -> (r: Matrix<Complex<Double>>, norm: Double) {
    var mhr = [Double](repeating: 0, count: n * n), mhi = mhr, mlr = mhr, mli = mhr
    wh.elements.withUnsafeBufferPointer { whp in wl.elements.withUnsafeBufferPointer { wlp in
      for j in 0..<n { for k in 0..<n {
        let c = whp[k + j * n].real, d = whp[k + j * n].imaginary
        let cl = wlp[k + j * n].real, dl = wlp[k + j * n].imaginary
        for e in columns[k] {
          let idx = e.i + j * n
          // (a + ib)(c + id) = (ac − bd) + i(ad + bc): each product exact as hi + lo (TwoProd), the sums by TwoSum.
          var hr = mhr[idx], hm = mhi[idx], lr = 0.0, lm = 0.0
          if e.re != 0 {
            let p = DoubleDouble.product(e.re, c), s = DoubleDouble.twoSum(hr, p.hi); hr = s.hi; lr += s.lo + p.lo
            let q = DoubleDouble.product(e.re, d), t = DoubleDouble.twoSum(hm, q.hi); hm = t.hi; lm += t.lo + q.lo
          }
          if e.im != 0 {
            let p = DoubleDouble.product(e.im, d), s = DoubleDouble.twoSum(hr, -p.hi); hr = s.hi; lr += s.lo - p.lo
            let q = DoubleDouble.product(e.im, c), t = DoubleDouble.twoSum(hm, q.hi); hm = t.hi; lm += t.lo + q.lo
          }
          mhr[idx] = hr; mhi[idx] = hm
          // The rounding parts, and the small products K_hi W_lo + K_lo W_hi in double.
          mlr[idx] += lr + (e.re * cl - e.im * dl) + (e.reLo * c - e.imLo * d)
          mli[idx] += lm + (e.re * dl + e.im * cl) + (e.reLo * d + e.imLo * c)
        }
      } }
    } }
    var r = Matrix<Complex<Double>>(rows: n, columns: n)
    var norm2 = 0.0
    for j in 0..<n { for i in j..<n {
      // R_ij = M_ij + conj(M_ji) + Q_ij.
      let q = qHi[i, j], ql = qLo[i + j * n] ?? .zero
      var re = DoubleDouble.twoSum(mhr[i + j * n], mhr[j + i * n]); re += q.real
      var im = DoubleDouble.twoSum(mhi[i + j * n], -mhi[j + i * n]); im += q.imaginary
      let x = re.hi + (re.lo + mlr[i + j * n] + mlr[j + i * n] + ql.real)
      let y = i == j ? 0 : im.hi + (im.lo + mli[i + j * n] - mli[j + i * n] + ql.imaginary)
      r[i, j] = Complex(x, y); r[j, i] = Complex(x, -y)
      norm2 += (i == j ? 1 : 2) * (x * x + y * y)
    } }
    return (r, norm2.squareRoot())
  }

  var wh = w0, wl = Matrix<Complex<Double>>(rows: n, columns: n)
  // The real form's budget (`refinementBudget`: nnz(A)·2N), with nnz(A) counted from K: an entry a + ib of K is the
  // block [[a, −b], [b, a]] of A (`PhaseCovariantForm`), two non-zeros per non-zero part.
  let realNonZeros = columns.reduce(0) { acc, col in acc + col.reduce(0) { $0 + ($1.re != 0 ? 2 : 0) + ($1.im != 0 ? 2 : 0) } }
  let cost = Double(realNonZeros) * Double(2 * n)
  var r = cost <= refinementBudget ? residual(wh, wl) : (r: Matrix<Complex<Double>>(rows: 0, columns: 0), norm: Double.nan)
  clock.mark("residual 0: \(r.norm / qNorm)")
  var steps = 0
  ((wh, wl), r, steps) = try iterateRefinement(state: (wh, wl), residual: r, norm: { $0.norm }, bound: complexRefinementBound * qNorm) { state, r in
    let c = try solver.solve(r.r)
    clock.mark("correction solve")
    var (ch, cl) = state
    for idx in 0..<(n * n) {
      let sr = DoubleDouble.twoSum(ch.elements[idx].real, cl.elements[idx].real + c.elements[idx].real)
      let si = DoubleDouble.twoSum(ch.elements[idx].imaginary, cl.elements[idx].imaginary + c.elements[idx].imaginary)
      ch.elements[idx] = Complex(sr.hi, si.hi); cl.elements[idx] = Complex(sr.lo, si.lo)
    }
    let rc = residual(ch, cl)
    clock.mark("residual: \(rc.norm / qNorm)")
    return ((ch, cl), rc)
  }
  return ComplexDoubleDoubleState(hi: wh, lo: wl, relativeResidual: r.norm.isNaN ? nil : r.norm / qNorm, steps: steps)
}
