import ClausiusNumerics
import ClausiusModels
import Numerics

/// A dissipative generator, quadratic in the quadratures:
/// 𝓛ρ = Σ_kl K_kl (r_l ρ r_k − r_k r_l ρ) + h.c.
/// A Lindblad term γ D[L] with L = ℓᵀ r has K = (γ/2) ℓ* ℓᵀ (docs/conventions.md dissipator);
/// a Redfield term −[S, Λρ − ρΛ†] (S = sᵀr, Λ = λᵀr) has K = s λᵀ and is not of Lindblad form.
public enum DissipativeGenerator: Sendable {
  /// Σ_j rate_j D[L_j], D[L]ρ = LρL† − ½{L†L, ρ}.
  case lindblad([(rate: Double, operator: LinearOperator)])
  /// A general quadratic generator given by its kernel K (complex 2N × 2N).
  case quadratic(kernel: Matrix<Complex<Double>>)

  /// The kernel K.
  public func kernel(dimension n2: Int) -> Matrix<Complex<Double>> {
    switch self {
    case let .quadratic(k): return k
    case let .lindblad(terms):
      var k = Matrix<Complex<Double>>(rows: n2, columns: n2)
      for t in terms {
        let l = t.operator.coefficients
        let nz = (0..<n2).filter { l[$0] != .zero }
        for a in nz { for b in nz { k[a, b] = k[a, b] + Complex(t.rate / 2, 0) * l[a].conjugate * l[b] } }
      }
      return k
    }
  }

  /// Whether the generator is of GKLS (Lindblad) form by construction.
  public var isLindblad: Bool { if case .lindblad = self { return true } else { return false } }
}

/// One bath's dissipator, with the Hamiltonian against which its heat is counted.
public struct Dissipator: Sendable {
  /// Index of the bath in the network.
  public let bath: Int
  public let bathName: String
  public let temperature: Double
  public let generator: DissipativeGenerator
  /// Global H for global/Redfield equations; the local H_i for local/collisional ones.
  public let countingHamiltonian: QuadraticHamiltonian
  /// The bare frequency of the mode the bath touches (local equations), for Otto bounds.
  public let localFrequency: Double?
}

/// The coordinates a master equation is written in.
public enum Frame: Sendable {
  /// r = (x₁, p₁, …) of the network.
  case quadratures
  /// Normal modes r̃ = S r of H_S (Williamson); covariances map back as V = S⁻¹ Ṽ S⁻ᵀ.
  case normalModes(WilliamsonDecomposition)
}

/// The pivot value: a quadratic Hamiltonian plus one dissipator per bath, in a given frame.
/// Both the Gaussian path (drift/diffusion → Lyapunov) and a Fock-space path (truncated ladder
/// operators; call `inQuadratureFrame()` first) consume it.
public struct MasterEquation: Sendable {
  public let derivation: Derivation
  public let modeCount: Int
  public let hamiltonian: QuadraticHamiltonian
  public let dissipators: [Dissipator]
  public let frame: Frame
  /// Normal-mode frequencies (global / Redfield derivations).
  public let normalModeFrequencies: [Double]?
  /// G of the network Hamiltonian the normal modes were computed from (for reuse checks).
  public internal(set) var sourceHamiltonian: Matrix<Double>?

  public init(derivation: Derivation, hamiltonian: QuadraticHamiltonian, dissipators: [Dissipator], frame: Frame = .quadratures, normalModeFrequencies: [Double]? = nil) {
    self.derivation = derivation; self.modeCount = hamiltonian.modeCount; self.hamiltonian = hamiltonian
    self.dissipators = dissipators; self.frame = frame; self.normalModeFrequencies = normalModeFrequencies
  }

  /// The same equation written in the network's quadratures r (r̃ = S r ⇒ G = Sᵀ G̃ S,
  /// ℓ = Sᵀ ℓ̃, K = Sᵀ K̃ S). Needed by a Fock-space consumer.
  public func inQuadratureFrame() -> MasterEquation {
    guard case let .normalModes(w) = frame else { return self }
    let s = w.symplectic
    func back(_ h: QuadraticHamiltonian) -> QuadraticHamiltonian { h.transformed(inverse: s) }
    let sc = s.complex
    let ds = dissipators.map { d -> Dissipator in
      let gen: DissipativeGenerator
      switch d.generator {
      case let .lindblad(terms):
        gen = .lindblad(terms.map { t in
          let l = Matrix<Complex<Double>>(rows: 1, columns: t.operator.coefficients.count, columnMajor: t.operator.coefficients)
          return (t.rate, LinearOperator(coefficients: (l * sc).elements))
        })
      case let .quadratic(k):
        gen = .quadratic(kernel: sc.multiplied(by: k * sc, transposeSelf: .transpose))
      }
      return Dissipator(bath: d.bath, bathName: d.bathName, temperature: d.temperature, generator: gen,
                        countingHamiltonian: back(d.countingHamiltonian), localFrequency: d.localFrequency)
    }
    return MasterEquation(derivation: derivation, hamiltonian: back(hamiltonian), dissipators: ds, frame: .quadratures, normalModeFrequencies: normalModeFrequencies)
  }
}

extension BosonicNetwork {
  /// Derives the master equation of this network: `network.masterEquation(.global)`.
  public func masterEquation(_ derivation: Derivation) throws -> MasterEquation {
    switch derivation {
    case .local, .collisional: return try localEquation(derivation)
    case let .global(tol):
      guard tol.isFinite, tol >= 0 else {
        throw MasterEquationError.invalidParameter(name: "global degeneracy tolerance", value: tol, allowed: "finite and ≥ 0")
      }
      return try normalModeEquation(derivation)
    case let .partialRedfield(detuning):
      guard !detuning.isNaN, detuning >= 0 else {
        throw MasterEquationError.invalidParameter(name: "partialRedfield tolerance", value: detuning, allowed: "≥ 0 (∞ allowed for partial Redfield)")
      }
      return try normalModeEquation(derivation)
    case .redfield: return try normalModeEquation(derivation)
    case .adiabaticElimination:
      throw MasterEquationError.unsupported("adiabatic elimination acts on a system + extended reservoir; use ExtendedReservoir.eliminate(…)")
    case .cascaded: throw MasterEquationError.unsupported("a BosonicNetwork has no cascaded channel; build the equation with CascadedNetwork.masterEquation()")
    case .partialSecular, .standard, .dressedState, .globalSidebands, .globalSidebandsExactFC, .globalExact:
      throw MasterEquationError.unsupported("the \(derivation) equation is not defined for a bosonic network (its equations: \(DerivationMenu.network.allowedNames))")
    }
  }

  /// As `masterEquation(_:)`, reusing the normal modes of `previous` when it was derived from the same
  /// system Hamiltonian (a sweep over temperatures or spectral densities): the Williamson
  /// decomposition is done once.
  public func masterEquation(_ derivation: Derivation, reusing previous: MasterEquation) throws -> MasterEquation {
    if case let .normalModes(w) = previous.frame, derivation.usesNormalModes,
       let source = previous.sourceHamiltonian, source.rows == 2 * modeCount, source == hamiltonian.matrix {
      return try normalModeEquation(derivation, normalModes: w)
    }
    return try masterEquation(derivation)
  }
}
