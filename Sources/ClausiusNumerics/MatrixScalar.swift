import CLapack
import Numerics

/// A scalar that dense matrices can hold and pass to BLAS/LAPACK without copies:
/// `Double` or swift-numerics' `Complex<Double>` (same layout as LAPACK's `{double re, im}`).
public protocol MatrixScalar: AlgebraicField, Sendable, CustomStringConvertible where Magnitude == Double {
  /// Complex conjugate (identity for real scalars).
  var conjugateValue: Self { get }
  /// |x|, the Euclidean modulus.
  var absoluteValue: Double { get }
  /// Embeds a real number.
  init(real: Double)
  /// Whether the value is finite (not NaN or infinite).
  var isFiniteValue: Bool { get }

  /// C ← α op(A) op(B) + β C through BLAS `?gemm`. `transA`/`transB` are CBLAS enum values.
  static func gemm(_ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, m: Int, n: Int, k: Int,
                   alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                   beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
  /// LU factorisation `?getrf` in place; returns LAPACK's info.
  static func getrf(m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>) -> Int
  /// Solve with an LU factorisation `?getrs`; returns LAPACK's info.
  static func getrs(n: Int, nrhs: Int, a: UnsafePointer<Self>, lda: Int, ipiv: UnsafePointer<Int32>, b: UnsafeMutablePointer<Self>, ldb: Int) -> Int
  /// Reciprocal condition estimate of an LU-factored matrix (`?gecon`, 1-norm).
  static func gecon(n: Int, a: UnsafePointer<Self>, lda: Int, anorm: Double) -> (rcond: Double, info: Int)
  /// 1-norm of a general matrix (`?lange`).
  static func oneNorm(m: Int, n: Int, a: UnsafePointer<Self>, lda: Int) -> Double
}

extension Double: MatrixScalar {
  @inlinable public var conjugateValue: Double { self }
  @inlinable public var absoluteValue: Double { Swift.abs(self) }
  @inlinable public init(real: Double) { self = real }
  @inlinable public var isFiniteValue: Bool { isFinite }

  public static func gemm(_ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, m: Int, n: Int, k: Int,
                          alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                          beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    cblas_dgemm(CblasColMajor, transA, transB, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
  public static func getrf(m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, ipiv: UnsafeMutablePointer<Int32>) -> Int {
    Int(LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), a, Int32(lda), ipiv))
  }
  public static func getrs(n: Int, nrhs: Int, a: UnsafePointer<Double>, lda: Int, ipiv: UnsafePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int) -> Int {
    Int(LAPACKE_dgetrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(n), Int32(nrhs), a, Int32(lda), ipiv, b, Int32(ldb)))
  }
  public static func gecon(n: Int, a: UnsafePointer<Double>, lda: Int, anorm: Double) -> (rcond: Double, info: Int) {
    var rcond = 0.0
    let info = LAPACKE_dgecon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int32(n), a, Int32(lda), anorm, &rcond)
    return (rcond, Int(info))
  }
  public static func oneNorm(m: Int, n: Int, a: UnsafePointer<Double>, lda: Int) -> Double {
    LAPACKE_dlange(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int32(m), Int32(n), a, Int32(lda))
  }
}

extension Complex: MatrixScalar where RealType == Double {
  @inlinable public var conjugateValue: Complex<Double> { conjugate }
  @inlinable public var absoluteValue: Double { length }
  @inlinable public init(real: Double) { self.init(real, 0) }
  @inlinable public var isFiniteValue: Bool { isFinite }

  public static func gemm(_ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE, m: Int, n: Int, k: Int,
                          alpha: Complex<Double>, a: UnsafePointer<Complex<Double>>, lda: Int, b: UnsafePointer<Complex<Double>>, ldb: Int,
                          beta: Complex<Double>, c: UnsafeMutablePointer<Complex<Double>>, ldc: Int) {
    var alpha = alpha, beta = beta
    cblas_zgemm(CblasColMajor, transA, transB, Int32(m), Int32(n), Int32(k), &alpha, a, Int32(lda), b, Int32(ldb), &beta, c, Int32(ldc))
  }
  public static func getrf(m: Int, n: Int, a: UnsafeMutablePointer<Complex<Double>>, lda: Int, ipiv: UnsafeMutablePointer<Int32>) -> Int {
    a.withMemoryRebound(to: clapack_complex_double.self, capacity: m * n) {
      Int(LAPACKE_zgetrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), $0, Int32(lda), ipiv))
    }
  }
  public static func getrs(n: Int, nrhs: Int, a: UnsafePointer<Complex<Double>>, lda: Int, ipiv: UnsafePointer<Int32>, b: UnsafeMutablePointer<Complex<Double>>, ldb: Int) -> Int {
    a.withMemoryRebound(to: clapack_complex_double.self, capacity: lda * n) { ap in
      b.withMemoryRebound(to: clapack_complex_double.self, capacity: ldb * nrhs) { bp in
        Int(LAPACKE_zgetrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(n), Int32(nrhs), ap, Int32(lda), ipiv, bp, Int32(ldb)))
      }
    }
  }
  public static func gecon(n: Int, a: UnsafePointer<Complex<Double>>, lda: Int, anorm: Double) -> (rcond: Double, info: Int) {
    var rcond = 0.0
    let info = a.withMemoryRebound(to: clapack_complex_double.self, capacity: lda * n) {
      LAPACKE_zgecon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int32(n), $0, Int32(lda), anorm, &rcond)
    }
    return (rcond, Int(info))
  }
  public static func oneNorm(m: Int, n: Int, a: UnsafePointer<Complex<Double>>, lda: Int) -> Double {
    a.withMemoryRebound(to: clapack_complex_double.self, capacity: lda * n) {
      LAPACKE_zlange(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int32(m), Int32(n), $0, Int32(lda))
    }
  }
}
