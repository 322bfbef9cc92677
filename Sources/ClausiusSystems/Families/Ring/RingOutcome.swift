/// Paper 002's exact linearised ring.
public struct RingOutcome: Codable, Sendable, Equatable {
  public var diagnostics: SolverDiagnostics
  /// The circulating current and its contributions (nil when the linearisation failed after the Gaussian solve).
  public var ring: RingResult?
}
