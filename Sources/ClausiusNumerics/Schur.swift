import CLapack
import Numerics

/// Real Schur decomposition A = Z T Zᵀ (LAPACK `dgees`): T quasi-upper-triangular (1×1 and 2×2
/// blocks for real and complex-conjugate eigenvalues), Z orthogonal.
public struct RealSchurDecomposition: Sendable {
  public let t: Matrix<Double>
  public let z: Matrix<Double>
  public let eigenvalues: [Complex<Double>]

  public init(_ a: Matrix<Double>) throws {
    guard a.isSquare else { throw NumericsError.dimensionMismatch(operation: "real Schur decomposition", detail: "matrix is \(a.rows)×\(a.columns)") }
    guard a.isFinite else { throw NumericsError.notFinite(name: "matrix to decompose") }
    let n = a.rows
    var tt = a.elements
    var zz = [Double](repeating: 0, count: Swift.max(1, n * n))
    var wr = [Double](repeating: 0, count: Swift.max(1, n)), wi = wr
    var sdim: Int32 = 0
    if n > 0 {
      let info = LAPACKE_dgees(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "N")), nil, Int32(n), &tt, Int32(n), &sdim, &wr, &wi, &zz, Int32(n))
      if info != 0 { throw NumericsError.lapack(routine: "dgees", info: Int(info)) }
    }
    t = Matrix(rows: n, columns: n, columnMajor: tt)
    z = Matrix(rows: n, columns: n, columnMajor: Array(zz.prefix(n * n)))
    eigenvalues = (0..<n).map { Complex(wr[$0], wi[$0]) }
  }

  /// Largest real part of the spectrum (the spectral abscissa).
  public var spectralAbscissa: Double { eigenvalues.map(\.real).max() ?? -.infinity }
}
