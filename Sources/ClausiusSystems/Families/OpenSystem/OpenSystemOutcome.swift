/// A general ("open-system") model's steady state in Fock space.
public struct OpenSystemOutcome: Codable, Sendable, Equatable {
  public var fock: FockDiagnosticsResult
  /// ρ in the product basis (`[output] density_matrix = true`, up to `OpenSystemModelFile.maximumDensityMatrixDimension`).
  public var densityMatrix: DensityMatrixResult?
  /// The Liouvillian gap and relaxation time (`[output] relaxation = true`).
  public var relaxation: RelaxationResult?
  /// A model recognised as quadratic: the same equation on the Gaussian engine and the currents' difference.
  public var gaussian: GaussianCrossCheckResult?

  public init(fock: FockDiagnosticsResult) { self.fock = fock }
}
