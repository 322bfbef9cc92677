import ClausiusThermodynamics

/// Paper 000's optomechanical steady state in Fock space.
public struct OptomechanicalOutcome: Codable, Sendable, Equatable {
  /// The Fock solver's diagnostics, truncation and frame.
  public var fock: FockDiagnosticsResult
  /// Appendix-A moments in the lab frame.
  public var optomechanicalMoments: OptomechanicalMoments
  /// ρ in the product basis of the equation's frame (`[output] density_matrix = true`).
  public var densityMatrix: DensityMatrixResult?
  /// The Liouvillian gap and relaxation time (`[output] relaxation = true`).
  public var relaxation: RelaxationResult?

  public init(fock: FockDiagnosticsResult, optomechanicalMoments: OptomechanicalMoments) {
    self.fock = fock; self.optomechanicalMoments = optomechanicalMoments
  }
}
