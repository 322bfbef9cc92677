import ClausiusModels
import ClausiusNumerics
import Numerics

/// The bridge between the two forms of a master equation (DESIGN.md §2: "both solution paths consume
/// the pivot value"): a quadratic `MasterEquation` written out as a `FockMasterEquation` on truncated
/// oscillators, so that every Fock-engine feature — U(1)-sector solves, GMRES fallback, automatic
/// truncation, `FockHeatReport` — applies to quadratic models, and the Gaussian results can be checked
/// against it term by term.
extension MasterEquation {
  /// Bath temperatures keyed by bath name — the bath ids of `fockMasterEquation(levels:)`'s dissipators.
  public var bathTemperatures: [String: Double] {
    Dictionary(dissipators.map { ($0.bathName, $0.temperature) }, uniquingKeysWith: { a, _ in a })
  }

  /// This equation on the Fock space of its modes (mode j truncated to `levels[j]` levels |0⟩…|levels[j]−1⟩),
  /// in the network's quadratures r = (x₁, p₁, …), x = (a + a†)/√2, p = (a − a†)/(i√2) (docs/conventions.md).
  ///
  /// H = ½ rᵀ G r + cᵀ r (the same quadratic form the drift matrix is built from). Each GKLS term γ D[ℓᵀ r] of a
  /// bath becomes a `FockDissipator` of that bath with heat counted against the dissipator's counting
  /// Hamiltonian (global H or local H_i — the work of paper 003 is the difference). A generator given by its
  /// kernel K (𝓛ρ = Σ_kl K_kl (r_l ρ r_k − r_k r_l ρ) + h.c.) is GKLS exactly when K is Hermitian positive
  /// semidefinite; then K = Σ_i λ_i w_i w_i† gives jumps ℓ_i = w̄_i with rates 2λ_i (since γ D[ℓᵀr] has
  /// K = (γ/2) ℓ̄ ℓᵀ). A non-Hermitian or indefinite K (Redfield, partial Redfield) is not of this form and
  /// throws `unsupported`: use `fockLiouvillian(cutoff:)` (ClausiusSteadyState), which takes any kernel.
  public func fockMasterEquation(levels: [Int]) throws -> FockMasterEquation {
    guard levels.count == modeCount else {
      throw MasterEquationError.invalidParameter(name: "number of truncation levels", value: Double(levels.count), allowed: "one per mode (\(modeCount))")
    }
    let eq = inQuadratureFrame()
    let space = FockSpace(try levels.enumerated().map { j, n in
      do { return try FockSubsystem.oscillator("mode \(j)", levels: n) } catch {
        throw MasterEquationError.invalidParameter(name: "levels of mode \(j)", value: Double(n), allowed: "≥ 2")
      }
    })
    let s = 0.5.squareRoot()
    let r: [SparseMatrix] = (0..<modeCount).flatMap { j -> [SparseMatrix] in
      let a = space.lowering(j), ad = a.adjoint
      return [s * (a + ad), Complex(0, -s) * (a - ad)]
    }
    let products = QuadratureProducts(r)
    let h = products.hamiltonian(eq.hamiltonian)
    var ds: [FockDissipator] = []
    for d in eq.dissipators {
      let counting = products.hamiltonian(d.countingHamiltonian)
      for (rate, ell) in try Self.gklsTerms(of: d.generator, dimension: 2 * modeCount, bath: d.bathName) where rate > 0 {
        ds.append(FockDissipator(bath: d.bathName, rate: rate, operator: products.linear(ell), countingHamiltonian: counting,
                                 label: "\(d.bathName): \(rate) D[ℓᵀr]"))
      }
    }
    return try FockMasterEquation(space: space, hamiltonian: h, dissipators: ds, frame: "quadratures of the network",
                                  name: "\(derivation.description) (Fock)")
  }

  /// The GKLS terms (γ, ℓ) of a generator: Lindblad terms as given; a kernel K through its eigen-decomposition
  /// when K is Hermitian positive semidefinite (to 1e-12 of its largest entry), else `unsupported`.
  static func gklsTerms(of generator: DissipativeGenerator, dimension n2: Int, bath: String) throws -> [(Double, [Complex<Double>])] {
    switch generator {
    case let .lindblad(terms):
      return terms.map { ($0.rate, $0.operator.coefficients) }
    case let .quadratic(k):
      let scale = Swift.max(k.maxAbs, .leastNormalMagnitude)
      let antiHermitian = (k - k.adjoint).maxAbs / 2
      guard antiHermitian <= 1e-12 * scale else {
        throw MasterEquationError.unsupported("bath '\(bath)': its generator's kernel K is not Hermitian (|K − K†|/2 = \(antiHermitian)); such (Redfield-type) generators have no GKLS jump operators — use fockLiouvillian(cutoff:), which takes any kernel")
      }
      let e = try ((k + k.adjoint) * Complex(0.5, 0)).hermitianEigen()
      guard let smallest = e.values.first, smallest >= -1e-12 * scale else {
        throw MasterEquationError.unsupported("bath '\(bath)': its generator's kernel K has a negative eigenvalue \(e.values.first ?? .nan) (not GKLS); use fockLiouvillian(cutoff:), which takes any kernel")
      }
      return e.values.enumerated().compactMap { i, lambda in
        guard lambda > 1e-14 * scale else { return nil }
        return (2 * lambda, (0..<n2).map { e.vectors[$0, i].conjugate })
      }
    }
  }
}

/// Quadrature operators r_k on a Fock space and the operators built from them. Every result is pruned of
/// entries ≤ 1e-14 of its largest: writing a†a as ½(x² + p²) − ½ leaves a², a†² residues of ~1e-17 that
/// would break the excitation-number symmetry the Fock engine detects (and are below all other errors).
private struct QuadratureProducts {
  let r: [SparseMatrix]
  init(_ r: [SparseMatrix]) { self.r = r }

  /// ½ rᵀ G r + cᵀ r.
  func hamiltonian(_ h: QuadraticHamiltonian) -> SparseMatrix {
    let d = r[0].rows
    var op = SparseMatrix(rows: d, columns: d, triplets: [])
    let n2 = r.count
    for k in 0..<n2 {
      var row = SparseMatrix(rows: d, columns: d, triplets: [])
      for l in 0..<n2 where h.matrix[k, l] != 0 { row = row + (0.5 * h.matrix[k, l]) * r[l] }
      if row.nonZeroCount > 0 { op = op + r[k] * row }
      if h.linear[k] != 0 { op = op + h.linear[k] * r[k] }
    }
    return op.pruned(relativeTolerance: 1e-14)
  }

  /// ℓᵀ r.
  func linear(_ ell: [Complex<Double>]) -> SparseMatrix {
    let d = r[0].rows
    var op = SparseMatrix(rows: d, columns: d, triplets: [])
    for (k, c) in ell.enumerated() where c != .zero { op = op + c * r[k] }
    return op.pruned(relativeTolerance: 1e-14)
  }
}
