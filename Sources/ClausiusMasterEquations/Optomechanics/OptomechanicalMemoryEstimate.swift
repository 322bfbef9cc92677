import ClausiusNumerics

/// A-priori memory estimate of solving one master equation of paper 000's optomechanical system for its steady
/// state (`FockMasterEquation.steadyState(using: .symmetrySectorLU)`), from the truncation alone — nothing is
/// allocated. Used to refuse a model up front (the model-file reader names the key) and by `masterEquation`
/// before it builds the displacement matrix and the jump operators.
///
/// Sizes (d = N_c N_m; the lab-frame SME/DSME steady state lies in the photon-number sector of n = N_c N_m² unknowns,
/// a polaron-frame GME's in its populations, n = d: H̃ is diagonal and every jump ã P_k, D[b], D[n] shifts the basis
/// index by a fixed amount, so the Pauli rate equation closes — `FockMasterEquation.steadyState`):
/// - displacement matrix D(α) = exp[α(b† − b)] computed densely on N_big = N_m + 20 + ⌈8α√N_m + 4α²⌉ levels
///   (Taylor GME_n: N_big = N_m + n/2 + 1): 8 N_big² bytes per dense copy, 6 copies in the Padé scaling and
///   squaring of the matrix exponential (4 for the Taylor polynomial);
/// - jump operators and Hamiltonians: sparse, ≈ d entries each of 24 bytes (index + complex value), 3 copies
///   while they are built (Kronecker products, adjoints);
/// - the Liouvillian restricted to the sector: n columns of c entries, c = 2 k + J, where k is the number of
///   entries per column of the effective Hamiltonian K = H − (i/2)ΣL†L (3 for SME/DSME, 1 in the polaron
///   frame) and J = Σ_jumps (entries per column)² (SME 4; DSME 1 + 1 + 4 + 4 + 1 = 11; GME: on the populations one
///   entry per jump that maps the state's phonon index m into 0…N_m−1 — two (ã P_k, P_k† ã†) per sideband k with
///   0 ≤ m + k < N_m, averaged over m — + 3);
///   the assembly and the augmented (trace-row) copy hold 72 bytes per entry at the peak, the LU's factors at
///   least the matrix's own entries (UMFPACK's symbolic analysis checks the real fill before factorising);
/// - the sector map (4 d² bytes) and the dense ρ (16 d² bytes).
public struct OptomechanicalMemoryEstimate: Sendable, Equatable {
  /// Dense displacement-matrix work (bytes; 0 for SME/DSME).
  public let displacementBytes: Double
  /// Jump operators and Hamiltonians (bytes).
  public let operatorBytes: Double
  /// Entries of the sector Liouvillian (upper bound: duplicates before merging counted).
  public let liouvillianEntries: Double
  /// Peak of the steady-state solve (bytes), including everything above.
  public let totalBytes: Double
  /// Unknowns of the sector solve: N_c N_m² (SME, DSME), N_c N_m (the GMEs' populations).
  public let unknowns: Double

  public init(cavityLevels nc: Int, mechanicalLevels nm: Int, alpha: Double, derivation: Derivation) {
    let ncD = Double(nc), nmD = Double(nm), d = ncD * nmD
    var sector = ncD * nmD * nmD
    var displacement = 0.0, k = 3.0, j = 4.0, jumpCount = 4.0
    switch derivation {
    case .dressedState: j = 11; jumpCount = 5
    case .globalSidebands, .globalSidebandsExactFC, .globalExact:
      var order = nmD - 1, taylor = false
      switch derivation {
      case let .globalSidebands(n): order = Double(Swift.max(n, 0)) / 2; taylor = true
      case let .globalSidebandsExactFC(n): order = Double(Swift.max(n, 0)) / 2
      default: break
      }
      let big = taylor ? nmD + order + 1 : Self.exactDisplacementLevels(alpha: alpha, levels: nmD)
      displacement = (taylor ? 4 : 6) * 8 * big * big
      let kMax = Swift.min(order, nmD - 1)
      jumpCount = 2 * (2 * kMax + 1) + 3
      k = 1; j = 2 * Self.averageSidebandsPerState(levels: nm, kMax: kMax) + 3; sector = d
    default: break  // the SME (other derivations are refused by `masterEquation`)
    }
    unknowns = sector
    displacementBytes = displacement
    operatorBytes = 3 * 24 * d * (jumpCount + 4)
    liouvillianEntries = unknowns * (2 * k + j)
    let solve = 4 * d * d + 8 * unknowns + 72 * liouvillianEntries + 24 * liouvillianEntries + 16 * d * d
    totalBytes = Swift.max(displacement, 0) + operatorBytes + solve
  }

  /// N_big of the exact displacement matrix (`displacementMatrix(alpha:levels:)`), as a Double (may be huge or
  /// infinite for a huge α; the caller refuses it before converting).
  static func exactDisplacementLevels(alpha: Double, levels: Double) -> Double {
    levels + 20 + (8 * alpha * levels.squareRoot() + 4 * alpha * alpha).rounded(.up)
  }

  /// The mean over phonon levels m of the sideband count #{k : |k| ≤ kMax, 0 ≤ m + k < N_m} (exact, O(N_m)).
  static func averageSidebandsPerState(levels nm: Int, kMax: Double) -> Double {
    guard nm > 0 else { return 0 }
    let kk = Int(Swift.min(kMax, Double(nm)))
    let total = (0..<nm).reduce(0) { $0 + Swift.max(0, Swift.min(nm - 1 - $1, kk) - Swift.max(-$1, -kk) + 1) }
    return Double(total) / Double(nm)
  }

  /// Throws `NumericsError.memoryLimit` when the estimate exceeds `limit`.
  public func require(limit: Int = MemoryBudget.limitBytes) throws { try MemoryBudget.require(totalBytes, limit: limit) }
}
