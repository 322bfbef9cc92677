import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

/// Moments of a Gaussian steady state (JSON `methods[].moments`, with `[output] covariance = true`).
///
/// Convention (docs/conventions.md): quadratures r = (x_1, p_1, …, x_N, p_N), x = (a + a†)/√2, p = (a − a†)/(i√2);
/// V = ½⟨{Δr, Δrᵀ}⟩ (vacuum: ½ I).
public struct GaussianMomentsResult: Codable, Sendable, Equatable {
  public var convention: String
  /// ⟨r⟩ in the lab frame.
  public var mean: [Double]
  /// V, row by row (2N × 2N).
  public var covariance: [[Double]]
  /// ⟨a_j†a_k⟩ (real and imaginary parts, N × N), including the coherent part.
  public var numberCorrelationsReal: [[Double]]
  public var numberCorrelationsImaginary: [[Double]]
  /// ⟨a_j a_k⟩ (real and imaginary parts, N × N): non-zero with squeezing or x–x couplings.
  public var anomalousCorrelationsReal: [[Double]]
  public var anomalousCorrelationsImaginary: [[Double]]
}

/// Gaussian information measures of a steady state (JSON `methods[].information`).
/// Reference: Serafini, *Quantum Continuous Variables* (2017), Secs. 3.6, 7.3; paper 004, Sec. III.
public struct InformationResult: Codable, Sendable, Equatable {
  /// von Neumann entropy S(ρ) = Σ_k g(ν_k), g(ν) = (ν + ½) ln(ν + ½) − (ν − ½) ln(ν − ½) (nats).
  public var entropy: Double
  /// Tr ρ² = 1/(2^N √det V)… = Π_k 1/(2ν_k).
  public var purity: Double
  /// The symplectic eigenvalues ν_k ≥ ½ of V, ascending.
  public var symplecticEigenvalues: [Double]
  public var bipartitions: [BipartitionResult]
}

/// One bipartition A|B of the modes (`[output] bipartitions`).
public struct BipartitionResult: Codable, Sendable, Equatable {
  public var modesA: [String]
  public var modesB: [String]
  public var entropyA: Double
  public var entropyB: Double
  /// I(A:B) = S_A + S_B − S_AB ≥ 0.
  public var mutualInformation: Double
  /// E_N = max(0, −Σ ln 2ν̃_k) over the partially transposed V's symplectic eigenvalues ν̃_k < ½ (> 0: entangled).
  public var logarithmicNegativity: Double
}

/// Counting statistics of one bath (JSON `methods[].counting[]`, with `[solve] counting = true`).
/// Cumulants per unit time of the charge flowing from the system INTO the bath (paper 001, Eqs. D1–D4): mean κ₁,
/// noise κ₂, third cumulant κ₃ and skewness κ₃/κ₂^{3/2}. Heat (energy) statistics need every jump of the bath to carry
/// one energy: the local and collisional equations (ω of the bath's mode); otherwise `heat` is absent with `heatNote`.
public struct CountingResult: Codable, Sendable, Equatable {
  public var bath: String
  public var quanta: CumulantsResult?
  public var heat: CumulantsResult?
  public var error: String?
  public var heatNote: String?
}

public struct CumulantsResult: Codable, Sendable, Equatable {
  public var mean: Double
  public var noise: Double
  public var thirdCumulant: Double
  public var skewness: Double?

  init(_ k: [Double]) {
    mean = k[0]; noise = k[1]; thirdCumulant = k[2]
    skewness = k[1] > 0 ? k[2] / pow(k[1], 1.5) : nil
  }
}

enum NetworkExtras {
  /// Networks up to this many modes always report their normal-mode frequencies; larger ones with `[output] covariance`.
  static let alwaysReportedModes = 100
  static let convention = "r = (x_1, p_1, …, x_N, p_N), x = (a + a†)/√2, p = (a − a†)/(i√2); V = ½⟨{Δr, Δrᵀ}⟩, vacuum ½ I (docs/conventions.md)"

  static func rows(_ m: Matrix<Double>) -> [[Double]] { (0..<m.rows).map { i in (0..<m.columns).map { m[i, $0] } } }

  /// Normal-mode frequencies ν_k of H_S (Williamson: H_S = Σ_k ν_k (x̃_k² + p̃_k²)/2), ascending; nil when H_S is not
  /// positive definite (no normal modes).
  static func normalModes(_ network: BosonicNetwork) -> [Double]? {
    (try? WilliamsonDecomposition(network.hamiltonian.matrix))?.frequencies.sorted()
  }

  static func moments(_ ss: GaussianSteadyState, modes n: Int) -> GaussianMomentsResult {
    var nr = [[Double]](repeating: [Double](repeating: 0, count: n), count: n), ni = nr, ar = nr, ai = nr
    for j in 0..<n {
      for k in 0..<n {
        let c = ss.secondMoment(creation: j, annihilation: k), a = ss.anomalousMoment(j, k)
        nr[j][k] = c.real; ni[j][k] = c.imaginary; ar[j][k] = a.real; ai[j][k] = a.imaginary
      }
    }
    return GaussianMomentsResult(convention: convention, mean: ss.mean, covariance: rows(ss.covariance), numberCorrelationsReal: nr,
                                 numberCorrelationsImaginary: ni, anomalousCorrelationsReal: ar, anomalousCorrelationsImaginary: ai)
  }

  static func information(_ v: Matrix<Double>, bipartitions: [[Int]], names: [String]) throws -> InformationResult {
    let nu = try GaussianInformation.symplecticEigenvalues(v).sorted()
    var parts: [BipartitionResult] = []
    for a in bipartitions {
      let b = (0..<names.count).filter { !a.contains($0) }
      parts.append(BipartitionResult(
        modesA: a.map { names[$0] }, modesB: b.map { names[$0] },
        entropyA: try GaussianInformation.vonNeumannEntropy(GaussianInformation.reducedCovariance(v, modes: a)),
        entropyB: try GaussianInformation.vonNeumannEntropy(GaussianInformation.reducedCovariance(v, modes: b)),
        mutualInformation: try GaussianInformation.mutualInformation(v, groupA: a, groupB: b),
        logarithmicNegativity: try GaussianInformation.logarithmicNegativity(v, partition: a)))
    }
    return InformationResult(entropy: try GaussianInformation.vonNeumannEntropy(v), purity: try GaussianInformation.purity(v),
                             symplecticEigenvalues: nu, bipartitions: parts)
  }

  /// Counting statistics of every bath of `equation` (a GKLS equation; Redfield has no jump operators).
  static func counting(_ equation: MasterEquation, _ choice: Derivation, _ network: BosonicNetwork) -> [CountingResult] {
    network.baths.enumerated().map { b, bath in
      var r = CountingResult(bath: bath.name)
      do {
        r.quanta = CumulantsResult(try GaussianCountingStatistics(equation: equation, bath: b).cumulants(order: 3))
      } catch { r.error = "\(error)" }
      if let omega = network.countedQuantum(bath: b, derivation: choice) {
        do {
          r.heat = CumulantsResult(try GaussianCountingStatistics(equation: equation, bath: b, quantity: .energy(quantum: omega)).cumulants(order: 3))
        } catch { r.heatNote = "\(error)" }
      } else {
        r.heatNote = "heat statistics need one energy per quantum: only for the local and collisional equations of a bath on one mode"
      }
      return r
    }
  }
}
