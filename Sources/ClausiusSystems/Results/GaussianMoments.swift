import ClausiusDynamics
import ClausiusNumerics
import Foundation

/// A Gaussian state by its first and second moments in the quadratures r = (x₁, p₁, x₂, p₂, …) of docs/conventions.md
/// ("Gaussian states"): the symmetrised covariance V_ij = ½⟨{Δr_i, Δr_j}⟩ (vacuum V = I/2) and the mean d = ⟨r⟩.
/// `evolve --final-state` writes each Gaussian method's final state as `methods[].finalState`; `--initial moments:FILE`
/// starts from such a state — FILE is either an `evolve` JSON document (the method of the same equation, else the first
/// with a final state) or a JSON object {"covariance": [[…], …], "mean": […]} (mean optional, default 0).
public struct GaussianMoments: Codable, Sendable, Equatable {
  /// The time the state belongs to (nil in a hand-written file).
  public var time: Double?
  /// V as rows (2N × 2N).
  public var covariance: [[Double]]
  /// d (2N; nil: 0).
  public var mean: [Double]?

  public init(time: Double?, covariance: Matrix<Double>, mean: [Double]) {
    self.time = time
    self.covariance = (0..<covariance.rows).map { i in (0..<covariance.columns).map { covariance[i, $0] } }
    self.mean = mean
  }

  /// The initial state for `modes` modes. Errors name the file and the key: the shape, non-finite entries, an asymmetric
  /// V (|V − Vᵀ| above 1e-10 of max|V|) and a V violating the uncertainty principle V + iΩ/2 ≥ 0.
  public func initialState(modes n: Int, file: String, key: String) throws -> GaussianInitialState {
    let n2 = 2 * n
    func bad(_ why: String) -> EvolveRequestError { EvolveRequestError("--initial moments:\(file): \(key): \(why)") }
    guard covariance.count == n2, covariance.allSatisfy({ $0.count == n2 }) else {
      throw bad("covariance is \(covariance.count)×\(covariance.first?.count ?? 0); this model has \(n) modes, so 2N × 2N = \(n2)×\(n2) (quadratures x₁, p₁, x₂, p₂, …)")
    }
    let d = mean ?? [Double](repeating: 0, count: n2)
    guard d.count == n2 else { throw bad("mean has \(d.count) entries; this model needs 2N = \(n2)") }
    guard covariance.allSatisfy({ $0.allSatisfy(\.isFinite) }), d.allSatisfy(\.isFinite) else { throw bad("the moments must be finite numbers") }
    let v = Matrix<Double>(rows: n2, columns: n2) { covariance[$0][$1] }
    let asymmetry = (v - v.transposed).maxAbs
    guard asymmetry <= 1e-10 * Swift.max(1, v.maxAbs) else { throw bad("covariance is not symmetric (max |V − Vᵀ| = \(asymmetry))") }
    let margin = (try? v.symmetrized.uncertaintyMargin()) ?? -.infinity
    guard margin >= -1e-9 * Swift.max(1, v.maxAbs) else {
      throw bad("V + iΩ/2 has the eigenvalue \(margin) < 0: not a quantum state (the uncertainty principle; vacuum V = I/2)")
    }
    return .moments(covariance: v.symmetrized, mean: d)
  }

  /// Reads FILE (an `evolve` document or a bare moments object) and returns the moments for `equation`.
  public static func load(path: String, equation: String?) throws -> (moments: GaussianMoments, key: String) {
    guard let data = FileManager.default.contents(atPath: path) else { throw EvolveRequestError("--initial moments:\(path): cannot read the file") }
    struct Method: Decodable { let equation: String; let finalState: GaussianMoments? }
    struct Document: Decodable { let methods: [Method] }
    if let doc = try? JSONDecoder().decode(Document.self, from: data) {
      let withState = doc.methods.enumerated().filter { $0.element.finalState != nil }
      guard let pick = withState.first(where: { $0.element.equation == equation }) ?? withState.first else {
        throw EvolveRequestError("--initial moments:\(path): the evolve document has no methods[].finalState (run evolve with --final-state)")
      }
      return (pick.element.finalState!, "methods.\(pick.offset).finalState")
    }
    do {
      return (try JSONDecoder().decode(GaussianMoments.self, from: data), "covariance")
    } catch {
      throw EvolveRequestError("--initial moments:\(path): not an evolve document with methods[].finalState nor a JSON object {\"covariance\": [[…]], \"mean\": […]} (\(error))")
    }
  }
}
