import ClausiusNumerics
import Foundation
import Numerics

/// A density matrix in the JSON of `solve` (`methods[].densityMatrix`, docs/output-format.md): ρ in the product basis
/// of the subsystems (first factor slowest, each in its own basis: Fock |n⟩, qubit |g⟩ = 0 and |e⟩ = 1, spin |j, m⟩ from
/// m = −j up, levels |k⟩), as row-major real and imaginary parts.
public struct DensityMatrixResult: Codable, Sendable, Equatable {
  /// The dimension of each subsystem's factor, in order; their product is the size of ρ.
  public var dimensions: [Int]
  /// Re ρ_ij and Im ρ_ij, rows i.
  public var real: [[Double]]
  public var imaginary: [[Double]]

  public init(_ rho: Matrix<Complex<Double>>, subsystems: [Int]) {
    dimensions = subsystems
    real = (0..<rho.rows).map { i in (0..<rho.columns).map { rho[i, $0].real } }
    imaginary = (0..<rho.rows).map { i in (0..<rho.columns).map { rho[i, $0].imaginary } }
  }
}
