import ClausiusNumerics

extension OpenSystem {
  /// The same model with the Hamiltonian matrix replaced by `hamiltonian` (Hermitian, on `space`) and the baths by
  /// `baths` (same names, operators and supports; e.g. other temperatures): the model at one time of a time-dependent
  /// H(t) = H₀ + Σ_j p_j(t)H_j, whose equations (global: the instantaneous eigenbasis of H(t)) are then built as for a
  /// static model without re-parsing or re-evaluating the terms. `terms` and `parameters` stay those of the file (the
  /// static values): the local equation, which evaluates them per subsystem, must not be built from the result.
  public func replacing(hamiltonian h: SparseMatrix, baths: [Bath]) -> OpenSystem {
    precondition(h.rows == space.dimension && h.columns == space.dimension && baths.map(\.name) == self.baths.map(\.name))
    return OpenSystem(subsystems: subsystems, space: space, parameters: parameters, terms: terms, baths: baths, hamiltonian: h)
  }

  private init(subsystems: [Subsystem], space: FockSpace, parameters: [String: Double], terms: [Term], baths: [Bath], hamiltonian: SparseMatrix) {
    self.subsystems = subsystems; self.space = space; self.parameters = parameters; self.terms = terms; self.baths = baths
    self.hamiltonian = hamiltonian
  }
}
