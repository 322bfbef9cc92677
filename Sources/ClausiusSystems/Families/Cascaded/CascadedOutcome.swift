/// Paper 001's cascaded Gaussian steady state.
public struct CascadedOutcome: Codable, Sendable, Equatable {
  public var diagnostics: SolverDiagnostics
  /// Disconnected occupations, excess, quanta and energy flows, response and rectification.
  public var cascade: CascadeResult
}
