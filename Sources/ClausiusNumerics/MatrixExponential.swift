import Numerics
/// Matrix exponential e^A by scaling and squaring with the degree-13 Padé approximant
/// (Higham, SIAM J. Matrix Anal. Appl. 26, 1179 (2005), Algorithm 2.3). LAPACK has no expm;
/// every product goes through BLAS and the Padé quotient through LAPACK's LU.
extension Matrix {
  public func exponential() throws -> Matrix {
    guard isSquare else { throw NumericsError.dimensionMismatch(operation: "matrix exponential", detail: "matrix is \(rows)×\(columns)") }
    guard isFinite else { throw NumericsError.notFinite(name: "matrix to exponentiate") }
    let n = rows
    if n == 0 { return self }
    let norm1 = elements.withUnsafeBufferPointer { Element.oneNorm(m: n, n: n, a: $0.baseAddress!, lda: n) }
    let theta13 = 5.371920351148152
    var s = 0
    if norm1 > theta13 {
      s = Swift.max(0, Int((norm1 / theta13).logBase2Ceil))
    }
    let a = s > 0 ? self * Element(real: 1 / Double(1 << s)) : self
    let b: [Double] = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
                       129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920,
                       40840800, 960960, 16380, 182, 1]
    let id = Matrix.identity(n)
    let a2 = a * a, a4 = a2 * a2, a6 = a4 * a2
    func c(_ k: Int) -> Element { Element(real: b[k]) }
    let u1 = a6 * (c(13) * a6 + c(11) * a4 + c(9) * a2)
    let u = a * (u1 + c(7) * a6 + c(5) * a4 + c(3) * a2 + c(1) * id)
    let v1 = a6 * (c(12) * a6 + c(10) * a4 + c(8) * a2)
    let v = v1 + c(6) * a6 + c(4) * a4 + c(2) * a2 + c(0) * id
    var r = try (v - u).solve(v + u)
    for _ in 0..<s { r = r * r }
    return r
  }
}

extension Double {
  /// ⌈log₂ x⌉ for x > 0.
  var logBase2Ceil: Double {
    var k = 0.0, p = 1.0
    while p < self { p *= 2; k += 1 }
    return k
  }
}
