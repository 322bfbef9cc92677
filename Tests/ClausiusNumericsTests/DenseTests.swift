import ClausiusNumerics
import Foundation
import Numerics
import Testing

@Suite("Dense numerics (BLAS/LAPACK wrappers)")
struct DenseTests {
  @Test("Complex<Double> has LAPACK's {double re, im} layout, so arrays pass without copies")
  func complexLayout() {
    #expect(MemoryLayout<Complex<Double>>.size == 16)
    #expect(MemoryLayout<Complex<Double>>.stride == 16)
    #expect(MemoryLayout<Complex<Double>>.alignment == MemoryLayout<Double>.alignment)
    let z = [Complex(1.5, -2.5), Complex(3.0, 4.0)]
    let raw = z.withUnsafeBufferPointer { p in p.baseAddress!.withMemoryRebound(to: Double.self, capacity: 4) { Array(UnsafeBufferPointer(start: $0, count: 4)) } }
    #expect(raw == [1.5, -2.5, 3.0, 4.0])
  }

  @Test("zgemm product equals the definition Σ_k A_ik B_kj")
  func complexProduct() {
    var g = SeededGenerator(seed: 1)
    let a = Matrix<Complex<Double>>.random(5, 3, using: &g), b = Matrix<Complex<Double>>.random(3, 4, using: &g)
    let c = a * b
    var worst = 0.0
    for i in 0..<5 { for j in 0..<4 {
      var s = Complex<Double>.zero
      for k in 0..<3 { s += a[i, k] * b[k, j] }
      worst = max(worst, (s - c[i, j]).length)
    } }
    #expect(worst < 1e-14)
    // A† B via the transpose flags equals the explicit adjoint product.
    let d = a.multiplied(by: Matrix<Complex<Double>>.random(5, 2, using: &g), transposeSelf: .adjoint)
    #expect(d.rows == 3 && d.columns == 2)
  }

  @Test("LU solve and inverse against a matrix with a known inverse")
  func knownInverse() throws {
    // [[4, 7], [2, 6]]⁻¹ = (1/10) [[6, −7], [−2, 4]]
    let a = Matrix<Double>([[4, 7], [2, 6]])
    let inv = try a.inverse()
    let expected = Matrix<Double>([[0.6, -0.7], [-0.2, 0.4]])
    #expect((inv - expected).maxAbs < 1e-15)
    // Complex: [[1, i], [0, 2]]⁻¹ = [[1, −i/2], [0, 1/2]]
    let c = Matrix<Complex<Double>>([[Complex(1, 0), Complex(0, 1)], [.zero, Complex(2, 0)]])
    let cinv = try c.inverse()
    #expect((cinv - Matrix([[Complex(1, 0), Complex(0, -0.5)], [.zero, Complex(0.5, 0)]])).maxAbs < 1e-15)
    // Random well-conditioned systems: A (A⁻¹ b) = b.
    var g = SeededGenerator(seed: 2)
    let r = Matrix<Double>.random(50, 50, using: &g) + Matrix.diagonal(Array(repeating: 10, count: 50))
    let b = Matrix<Double>.random(50, 3, using: &g)
    #expect((r * (try r.solve(b)) - b).maxAbs < 1e-12)
  }

  @Test("singular matrices are reported with the LAPACK routine")
  func singular() {
    let a = Matrix<Double>([[1, 2], [2, 4]])
    #expect(throws: NumericsError.self) { _ = try a.inverse() }
    do { _ = try a.inverse() } catch { #expect("\(error)".contains("getrf")) }
  }

  @Test("symmetric eigenvalues of the tridiagonal (−1, 2, −1) matrix: 2 − 2cos(kπ/(n+1))")
  func symmetricSpectrum() throws {
    let n = 20
    let a = Matrix<Double>(rows: n, columns: n) { i, j in i == j ? 2 : (abs(i - j) == 1 ? -1 : 0) }
    let e = try a.symmetricEigen()
    let expected = (1...n).map { 2 - 2 * cos(Double($0) * .pi / Double(n + 1)) }.sorted()
    #expect(zip(e.values, expected).allSatisfy { abs($0 - $1) < 1e-13 })
    // A V = V Λ and Vᵀ V = I
    #expect((a * e.vectors - e.vectors * Matrix.diagonal(e.values)).maxAbs < 1e-13)
    #expect((e.vectors.multiplied(by: e.vectors, transposeSelf: .transpose) - .identity(n)).maxAbs < 1e-13)
  }

  @Test("Hermitian eigen-decomposition: σ_y has eigenvalues ±1")
  func hermitianSpectrum() throws {
    let sy = Matrix<Complex<Double>>([[.zero, Complex(0, -1)], [Complex(0, 1), .zero]])
    let e = try sy.hermitianEigen()
    #expect(abs(e.values[0] + 1) < 1e-15 && abs(e.values[1] - 1) < 1e-15)
    #expect((sy * e.vectors - e.vectors * Matrix.diagonal(e.values.map { Complex($0, 0) })).maxAbs < 1e-14)
  }

  @Test("general eigenvalues: companion matrix of (x−1)(x−2)(x−3) and a rotation generator")
  func generalSpectrum() throws {
    // x³ − 6x² + 11x − 6
    let companion = Matrix<Double>([[6, -11, 6], [1, 0, 0], [0, 1, 0]])
    let e = try companion.eigen(vectors: true)
    let roots = e.values.map(\.real).sorted()
    #expect(zip(roots, [1.0, 2, 3]).allSatisfy { abs($0 - $1) < 1e-12 })
    let v = e.vectors!
    #expect((companion.complex * v - v * Matrix.diagonal(e.values)).maxAbs < 1e-12)
    let rot = Matrix<Double>([[0, -2], [2, 0]])
    let r = try rot.eigen(vectors: true)
    #expect(r.values.map { abs($0.imaginary) }.allSatisfy { abs($0 - 2) < 1e-14 })
    #expect((rot.complex * r.vectors! - r.vectors! * Matrix.diagonal(r.values)).maxAbs < 1e-14)
    // Complex general: upper triangular matrix has its diagonal as spectrum.
    let t = Matrix<Complex<Double>>([[Complex(1, 1), Complex(2, 0)], [.zero, Complex(-3, 0.5)]])
    let te = try t.eigen().values
    #expect(te.contains { ($0 - Complex(1, 1)).length < 1e-14 } && te.contains { ($0 - Complex(-3, 0.5)).length < 1e-14 })
  }

  @Test("real Schur form: A = Z T Zᵀ, Z orthogonal, T quasi-upper-triangular")
  func schur() throws {
    var g = SeededGenerator(seed: 3)
    let a = Matrix<Double>.random(30, 30, using: &g)
    let s = try RealSchurDecomposition(a)
    #expect((s.z * s.t.multiplied(by: s.z, transposeOther: .transpose) - a).maxAbs < 1e-12)
    #expect((s.z.multiplied(by: s.z, transposeSelf: .transpose) - .identity(30)).maxAbs < 1e-13)
    for j in 0..<28 { for i in (j + 2)..<30 { #expect(s.t[i, j] == 0) } }
  }

  @Test("matrix exponential: rotations, diagonal matrices and e^A e^−A = I")
  func exponential() throws {
    let t = 7.3  // large enough to need scaling and squaring
    let e = try Matrix<Double>([[0, t], [-t, 0]]).exponential()
    #expect((e - Matrix([[cos(t), sin(t)], [-sin(t), cos(t)]])).maxAbs < 1e-13)
    let d = try Matrix<Double>.diagonal([0.5, -2, 10]).exponential()
    #expect(abs(d[0, 0] - exp(0.5)) < 1e-15 && abs(d[1, 1] - exp(-2)) < 1e-16 && abs(d[2, 2] / exp(10) - 1) < 1e-13)
    var g = SeededGenerator(seed: 4)
    let a = Matrix<Complex<Double>>.random(8, 8, using: &g)
    #expect((try a.exponential() * (try (-a).exponential()) - .identity(8)).maxAbs < 1e-12)
  }

  @Test("vec(A X B) = (Bᵀ ⊗ A) vec(X) in the column-stacking convention")
  func vecIdentity() {
    var g = SeededGenerator(seed: 5)
    let a = Matrix<Complex<Double>>.random(3, 4, using: &g), x = Matrix<Complex<Double>>.random(4, 2, using: &g), b = Matrix<Complex<Double>>.random(2, 5, using: &g)
    let lhs = (a * x * b).elements
    let rhs = b.transposed.kronecker(a) * x.elements
    #expect(maxDifference(lhs, rhs) < 1e-14)
  }
}

@Suite("Symmetric congruence products")
struct CongruenceTests {
  @Test("Mᵀ S M and M S Mᵀ through dtrmm + dsyr2k equal the plain dgemm products", arguments: [1, 3, 17, 64])
  func congruence(n: Int) {
    var g = SeededGenerator(seed: UInt64(100 + n))
    let b = Matrix<Double>.random(n, n, using: &g)
    let s = b + b.transposed
    let m = Matrix<Double>.random(n, n + 2, using: &g), mt = m.transposed
    let direct1 = m.multiplied(by: s, transposeSelf: .transpose) * m
    #expect((s.congruenceTransposed(by: m, scale: -2) - (-2.0) * direct1).maxAbs < 1e-12 * max(1, direct1.maxAbs))
    let direct2 = mt * s * m
    #expect((s.congruence(by: mt, scale: 0.5) - 0.5 * direct2).maxAbs < 1e-12 * max(1, direct2.maxAbs))
  }
}
