import ClausiusNumerics
import ClausiusModels
import ClausiusMasterEquations
import Numerics
import Foundation

extension MasterEquation {
  /// The tilted (counting-field) Liouvillian on a truncated Fock space: 𝓛_s = 𝓛 + Σ_j r_j (e^{ν_j s q} − 1) L_j · L_j†
  /// over the Lindblad jump terms r_j D[L_j] of bath `bath`, ν_j = −1 for lowering and +1 for raising jumps
  /// (s counts the charge q flowing INTO the bath). Its eigenvalue of largest real part is θ(s).
  /// Reference: paper 001, Appendix D (the Fock-space definition behind Eqs. D1–D4).
  public func tiltedFockLiouvillian(cutoff: Int, bath: Int, s: Double, charge q: Double = 1) throws -> (space: QuadratureFockSpace, liouvillian: SparseMatrix) {
    guard s.isFinite else { throw MasterEquationError.invalidParameter(name: "counting field s", value: s, allowed: "finite") }
    let eq = inQuadratureFrame()
    guard let d = eq.dissipators.first(where: { $0.bath == bath }) else {
      throw MasterEquationError.invalidParameter(name: "counted bath", value: Double(bath), allowed: "an index of the equation's dissipators")
    }
    guard case let .lindblad(terms) = d.generator else { throw MasterEquationError.unsupported("counting needs a Lindblad dissipator (bath \(bath))") }
    var (space, lv) = try eq.fockLiouvillian(cutoff: cutoff)
    let r = (0..<(2 * modeCount)).map { space.quadrature($0) }
    for t in terms where t.rate != 0 {
      let lad = t.operator.ladderCoefficients
      let lowers = lad.allSatisfy { $0.creation == .zero }, raises = lad.allSatisfy { $0.annihilation == .zero }
      guard lowers != raises else { throw MasterEquationError.unsupported("bath \(bath): a jump operator mixes a and a†; counting needs number-definite jumps") }
      let nz = t.operator.coefficients.indices.filter { t.operator.coefficients[$0] != .zero }
      let l = nz.dropFirst().reduce(t.operator.coefficients[nz[0]] * r[nz[0]]) { $0 + t.operator.coefficients[$1] * r[$1] }
      let w = t.rate * expm1((lowers ? -1 : 1) * s * q)
      lv = lv + w * Superoperator.sandwich(l, l.adjoint)
    }
    return (space, lv)
  }

  /// θ(s) from the tilted Fock Liouvillian: the eigenvalue of largest real part (dense `zgeev`; the
  /// Liouvillian dimension cutoff^(2N) must be ≤ 4096). A cross-check of the Gaussian Riccati route
  /// for small occupations; the truncation error is the user's to converge (compare two cutoffs).
  public func fockScaledCumulantGeneratingFunction(cutoff: Int, bath: Int, s: Double, charge q: Double = 1) throws -> Double {
    let (_, lv) = try tiltedFockLiouvillian(cutoff: cutoff, bath: bath, s: s, charge: q)
    guard lv.rows <= 4096 else {
      throw MasterEquationError.invalidParameter(name: "Fock cutoff (Liouvillian dimension \(lv.rows))", value: Double(cutoff), allowed: "cutoff^(2N) ≤ 4096 for the dense eigenvalue route")
    }
    var dense = Matrix<Complex<Double>>(rows: lv.rows, columns: lv.columns)
    for (i, j, v) in lv.triplets { dense[i, j] = dense[i, j] + v }
    let values = try dense.eigen().values
    guard let top = values.max(by: { $0.real < $1.real }) else { throw NumericsError.notFinite(name: "tilted Liouvillian spectrum") }
    return top.real
  }
}
