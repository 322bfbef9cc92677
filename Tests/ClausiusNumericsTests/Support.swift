import ClausiusNumerics
import Numerics
@_exported import ClausiusTestSupport


extension Matrix where Element == Double {
  static func random(_ r: Int, _ c: Int, using g: inout SeededGenerator) -> Matrix<Double> {
    Matrix(rows: r, columns: c) { _, _ in Double.random(in: -1...1, using: &g) }
  }
  /// A random matrix made stable by shifting its spectrum: A − (α(A) + margin) I.
  static func randomStable(_ n: Int, margin: Double = 0.1, using g: inout SeededGenerator) throws -> Matrix<Double> {
    let a = random(n, n, using: &g)
    let abscissa = try a.eigen().values.map(\.real).max()!
    return a - Matrix.diagonal(Array(repeating: abscissa + margin, count: n))
  }
}

extension Matrix where Element == Complex<Double> {
  static func random(_ r: Int, _ c: Int, using g: inout SeededGenerator) -> Matrix<Complex<Double>> {
    Matrix(rows: r, columns: c) { _, _ in Complex(Double.random(in: -1...1, using: &g), Double.random(in: -1...1, using: &g)) }
  }
}

func maxDifference(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> Double {
  zip(a, b).reduce(0) { max($0, ($1.0 - $1.1).length) }
}

/// Truncated bosonic annihilation operator on levels 0…n−1: a|k⟩ = √k |k−1⟩.
func annihilation(_ n: Int) -> SparseMatrix {
  SparseMatrix(rows: n, columns: n, triplets: (1..<n).map { (row: $0 - 1, column: $0, value: Complex(Double($0).squareRoot(), 0)) })
}
