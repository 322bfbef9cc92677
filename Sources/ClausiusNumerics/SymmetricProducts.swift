import CLapack

/// Congruence transforms S ↦ Mᵀ S M and S ↦ M S Mᵀ of a symmetric S, at half the cost of two general
/// products: writing S = L + Lᵀ with L the lower triangle of S (diagonal halved),
/// M S Mᵀ = W Mᵀ + M Wᵀ with W = M L — one `dtrmm` (n³ flops) and one `dsyr2k` (n³ flops) instead of
/// two `dgemm` (4n³ flops). Used by the Lyapunov solver on every right-hand side.
extension Matrix where Element == Double {
  /// The lower triangle of a square matrix with its diagonal halved, so that S = L + Lᵀ for symmetric S.
  fileprivate var halvedLowerTriangle: Matrix<Double> {
    var l = Matrix<Double>(rows: rows, columns: columns)
    let n = rows
    elements.withUnsafeBufferPointer { s in
      l.elements.withUnsafeMutableBufferPointer { d in
        for j in 0..<n {
          d[j + j * n] = 0.5 * s[j + j * n]
          for i in (j + 1)..<Swift.max(j + 1, n) { d[i + j * n] = s[i + j * n] }
        }
      }
    }
    return l
  }

  /// Copies the upper triangle into the lower one (after a `dsyr2k` with `CblasUpper`).
  fileprivate mutating func mirrorUpperToLower() {
    let n = rows
    elements.withUnsafeMutableBufferPointer { d in
      for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) { d[i + j * n] = d[j + i * n] } }
    }
  }

  /// α · Mᵀ S M for symmetric S = `self` (only its lower triangle is read). Result symmetric.
  public func congruenceTransposed(by m: Matrix<Double>, scale alpha: Double = 1) -> Matrix<Double> {
    precondition(isSquare && m.rows == rows, "congruence: S is \(rows)×\(columns), M is \(m.rows)×\(m.columns)")
    return symmetricCongruence(m, transposed: true, alpha: alpha)
  }

  /// α · M S Mᵀ for symmetric S = `self` (only its lower triangle is read). Result symmetric.
  public func congruence(by m: Matrix<Double>, scale alpha: Double = 1) -> Matrix<Double> {
    precondition(isSquare && m.columns == rows, "congruence: S is \(rows)×\(columns), M is \(m.rows)×\(m.columns)")
    return symmetricCongruence(m, transposed: false, alpha: alpha)
  }

  /// The shared kernel of both congruences. With S = L + Lᵀ:
  /// transposed: W = L M (dtrmm, left), C = α (Mᵀ W + Wᵀ M) (dsyr2k, trans);
  /// otherwise:  W = M L (dtrmm, right), C = α (W Mᵀ + M Wᵀ) (dsyr2k, no trans).
  private func symmetricCongruence(_ m: Matrix<Double>, transposed: Bool, alpha: Double) -> Matrix<Double> {
    let n = rows
    let k = transposed ? m.columns : m.rows   // size of the result
    var w = m
    var c = Matrix<Double>(rows: k, columns: k)
    guard n > 0, k > 0 else { return c }
    let l = halvedLowerTriangle
    l.elements.withUnsafeBufferPointer { lp in
      w.elements.withUnsafeMutableBufferPointer { wp in
        cblas_dtrmm(CblasColMajor, transposed ? CblasLeft : CblasRight, CblasLower, CblasNoTrans, CblasNonUnit,
                    Int32(m.rows), Int32(m.columns), 1, lp.baseAddress!, Int32(n), wp.baseAddress!, Int32(m.rows))
      }
    }
    m.elements.withUnsafeBufferPointer { mp in
      w.elements.withUnsafeBufferPointer { wp in
        c.elements.withUnsafeMutableBufferPointer { cp in
          cblas_dsyr2k(CblasColMajor, CblasUpper, transposed ? CblasTrans : CblasNoTrans, Int32(k), Int32(n), alpha,
                       mp.baseAddress!, Int32(m.rows), wp.baseAddress!, Int32(m.rows), 0, cp.baseAddress!, Int32(k))
        }
      }
    }
    c.mirrorUpperToLower()
    return c
  }
}
