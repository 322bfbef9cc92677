/// A quadratic network's Gaussian steady state (docs/model-format.md; paper 004).
public struct NetworkOutcome: Codable, Sendable, Equatable {
  /// Lyapunov residual, uncertainty margin, ν_min, blocks, warnings.
  public var diagnostics: SolverDiagnostics
  /// Normal-mode frequencies ν_k of H_S, ascending (absent when H_S has no normal modes or the network is large and
  /// the moments were not asked for).
  public var normalModes: [Double]?
  /// Means, covariance matrix and ⟨a_j†a_k⟩, ⟨a_j a_k⟩ (`[output] covariance = true`).
  public var moments: GaussianMomentsResult?
  /// Entropy, purity, symplectic eigenvalues and the listed bipartitions' measures.
  public var information: InformationResult?
  /// Counting statistics per bath (`[solve] counting = true`).
  public var counting: [CountingResult]?

  public init(diagnostics: SolverDiagnostics) { self.diagnostics = diagnostics }
}
