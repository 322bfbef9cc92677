import CLapack
import Numerics

/// Eigen-decomposition of a real symmetric matrix A = V diag(λ) Vᵀ (LAPACK `dsyevd`),
/// eigenvalues ascending, eigenvectors orthonormal columns of V.
public struct SymmetricEigenDecomposition: Sendable {
  public let values: [Double]
  public let vectors: Matrix<Double>
}

/// Eigen-decomposition of a complex Hermitian matrix A = V diag(λ) V† (LAPACK `zheevd`).
public struct HermitianEigenDecomposition: Sendable {
  public let values: [Double]
  public let vectors: Matrix<Complex<Double>>
}

/// Eigenvalues (and optionally right eigenvectors) of a general square matrix (LAPACK `?geev`).
public struct GeneralEigenDecomposition: Sendable {
  public let values: [Complex<Double>]
  /// Right eigenvectors as columns (nil if not requested).
  public let vectors: Matrix<Complex<Double>>?
}

extension Matrix where Element == Double {
  /// Symmetric eigen-decomposition (`dsyevd`). Only the lower triangle is read.
  public func symmetricEigen(vectors wantVectors: Bool = true) throws -> SymmetricEigenDecomposition {
    guard isSquare else { throw NumericsError.dimensionMismatch(operation: "symmetric eigen-decomposition", detail: "matrix is \(rows)×\(columns)") }
    guard isFinite else { throw NumericsError.notFinite(name: "symmetric matrix") }
    let n = rows
    if n == 0 { return SymmetricEigenDecomposition(values: [], vectors: self) }
    var a = elements
    var w = [Double](repeating: 0, count: n)
    let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: wantVectors ? "V" : "N")), Int8(UInt8(ascii: "L")), Int32(n), &a, Int32(n), &w)
    if info != 0 { throw NumericsError.lapack(routine: "dsyevd", info: Int(info)) }
    return SymmetricEigenDecomposition(values: w, vectors: wantVectors ? Matrix(rows: n, columns: n, columnMajor: a) : Matrix(rows: 0, columns: 0))
  }

  /// Eigenvalues and optionally right eigenvectors (`dgeev`).
  public func eigen(vectors wantVectors: Bool = false) throws -> GeneralEigenDecomposition {
    guard isSquare else { throw NumericsError.dimensionMismatch(operation: "eigen-decomposition", detail: "matrix is \(rows)×\(columns)") }
    guard isFinite else { throw NumericsError.notFinite(name: "matrix") }
    let n = rows
    if n == 0 { return GeneralEigenDecomposition(values: [], vectors: nil) }
    var a = elements
    var wr = [Double](repeating: 0, count: n), wi = wr
    var vl = [Double](repeating: 0, count: 1)
    var vr = [Double](repeating: 0, count: wantVectors ? n * n : 1)
    let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: wantVectors ? "V" : "N")), Int32(n), &a, Int32(n),
                             &wr, &wi, &vl, 1, &vr, Int32(wantVectors ? n : 1))
    if info != 0 { throw NumericsError.lapack(routine: "dgeev", info: Int(info)) }
    let values = (0..<n).map { Complex(wr[$0], wi[$0]) }
    guard wantVectors else { return GeneralEigenDecomposition(values: values, vectors: nil) }
    // dgeev packs a complex-conjugate pair into two real columns (re, im).
    var v = Matrix<Complex<Double>>(rows: n, columns: n)
    var j = 0
    while j < n {
      if wi[j] == 0 {
        for i in 0..<n { v[i, j] = Complex(vr[i + j * n], 0) }
        j += 1
      } else {
        for i in 0..<n {
          let re = vr[i + j * n], im = vr[i + (j + 1) * n]
          v[i, j] = Complex(re, im); v[i, j + 1] = Complex(re, -im)
        }
        j += 2
      }
    }
    return GeneralEigenDecomposition(values: values, vectors: v)
  }
}

extension Matrix where Element == Complex<Double> {
  /// Hermitian eigen-decomposition (`zheevd`). Only the lower triangle is read. Eigenvalues only use the two-stage
  /// tridiagonal reduction (`zheevd_2stage`: dense → band by level-3 BLAS, band → tridiagonal by bulge chasing), which
  /// avoids the one-stage `zhetrd`'s memory-bound `zhemv` half (issue 15: the uncertainty check of a 1000-mode state).
  public func hermitianEigen(vectors wantVectors: Bool = true) throws -> HermitianEigenDecomposition {
    guard isSquare else { throw NumericsError.dimensionMismatch(operation: "Hermitian eigen-decomposition", detail: "matrix is \(rows)×\(columns)") }
    guard isFinite else { throw NumericsError.notFinite(name: "Hermitian matrix") }
    let n = rows
    if n == 0 { return HermitianEigenDecomposition(values: [], vectors: self) }
    var a = elements
    var w = [Double](repeating: 0, count: n)
    let info = a.withUnsafeMutableBufferPointer { ap in
      ap.baseAddress!.withMemoryRebound(to: clapack_complex_double.self, capacity: n * n) {
        wantVectors
          ? LAPACKE_zheevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), Int32(n), $0, Int32(n), &w)
          : LAPACKE_zheevd_2stage(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "L")), Int32(n), $0, Int32(n), &w)
      }
    }
    if info != 0 { throw NumericsError.lapack(routine: wantVectors ? "zheevd" : "zheevd_2stage", info: Int(info)) }
    return HermitianEigenDecomposition(values: w, vectors: wantVectors ? Matrix(rows: n, columns: n, columnMajor: a) : Matrix(rows: 0, columns: 0))
  }

  /// Eigenvalues and optionally right eigenvectors (`zgeev`).
  public func eigen(vectors wantVectors: Bool = false) throws -> GeneralEigenDecomposition {
    guard isSquare else { throw NumericsError.dimensionMismatch(operation: "eigen-decomposition", detail: "matrix is \(rows)×\(columns)") }
    guard isFinite else { throw NumericsError.notFinite(name: "matrix") }
    let n = rows
    if n == 0 { return GeneralEigenDecomposition(values: [], vectors: nil) }
    var a = elements
    var w = [Complex<Double>](repeating: .zero, count: n)
    var vl = [Complex<Double>](repeating: .zero, count: 1)
    var vr = [Complex<Double>](repeating: .zero, count: wantVectors ? n * n : 1)
    let info = a.withUnsafeMutableBufferPointer { ap in w.withUnsafeMutableBufferPointer { wp in
      vl.withUnsafeMutableBufferPointer { vlp in vr.withUnsafeMutableBufferPointer { vrp in
        LAPACKE_zgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: wantVectors ? "V" : "N")), Int32(n),
                      rebind(ap), Int32(n), rebind(wp), rebind(vlp), 1, rebind(vrp), Int32(wantVectors ? n : 1))
      } } } }
    if info != 0 { throw NumericsError.lapack(routine: "zgeev", info: Int(info)) }
    return GeneralEigenDecomposition(values: w, vectors: wantVectors ? Matrix(rows: n, columns: n, columnMajor: vr) : nil)
  }
}

/// Views a buffer of `Complex<Double>` as LAPACK's complex struct (identical layout, see ComplexLayoutTests).
@inline(__always)
func rebind(_ p: UnsafeMutableBufferPointer<Complex<Double>>) -> UnsafeMutablePointer<clapack_complex_double> {
  UnsafeMutableRawPointer(p.baseAddress!).assumingMemoryBound(to: clapack_complex_double.self)
}
