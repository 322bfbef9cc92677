import Numerics

/// Tolerances of the a-posteriori test of a Fock steady state (`FockSolutionVerification`).
///
/// Defaults and why (measured on paper 000, docs/papers/000.md "Verification"): the sparse LU and the refined GMRES
/// reach ω ≈ 1e-16–1e-15, |Tr ρ − 1| ≤ 1e-14, λ_min(ρ) ≥ −1e-17 and a first-law residual ≤ 1e-13 of the gross heat;
/// the wrong state of the Taylor GME₂₄ at g = 0.056 had ω = 1.0 and a first-law residual of 0.13 of the gross heat.
public struct FockVerificationTolerances: Sendable, Codable, Equatable {
  /// Largest accepted componentwise backward error ω = max_i |b − A x|_i / (|A||x| + |b|)_i of the trace-augmented
  /// system: x is then the exact steady state of a Liouvillian whose every entry is perturbed by at most ω relative.
  public var componentwiseBackwardError: Double
  /// Largest accepted |Tr ρ − 1|.
  public var traceError: Double
  /// Largest accepted max|ρ − ρ†| / max|ρ|.
  public var hermiticityError: Double
  /// Smallest accepted eigenvalue of ρ is −`negativeEigenvalue` (ρ ≥ 0 up to round-off).
  public var negativeEigenvalue: Double
  /// Largest accepted |Σ_k Tr(H D_k[ρ])| / Σ_k (|⟨L_k†HL_k⟩| + ½|⟨{L_k†L_k, H}⟩|): the first law d⟨H⟩/dt = 0 relative to
  /// the gross heat (every bath's gross in- and out-flow), which is the scale of its round-off.
  public var firstLaw: Double

  public init(componentwiseBackwardError: Double = 1e-12, traceError: Double = 1e-12, hermiticityError: Double = 1e-12,
              negativeEigenvalue: Double = 1e-12, firstLaw: Double = 1e-10) {
    self.componentwiseBackwardError = componentwiseBackwardError; self.traceError = traceError
    self.hermiticityError = hermiticityError; self.negativeEigenvalue = negativeEigenvalue; self.firstLaw = firstLaw
  }
}

/// One failed a-posteriori test (value reached and the tolerance it exceeded).
public enum FockVerificationFailure: Sendable, Codable, Equatable, CustomStringConvertible {
  case componentwiseBackwardError(value: Double, tolerance: Double)
  case traceError(value: Double, tolerance: Double)
  case hermiticityError(value: Double, tolerance: Double)
  /// The smallest eigenvalue of ρ is below −tolerance.
  case negativeEigenvalue(value: Double, tolerance: Double)
  /// |d⟨H⟩/dt| relative to the gross heat.
  case firstLaw(relativeResidual: Double, grossHeat: Double, tolerance: Double)
  /// A NaN or infinity in ρ's checks.
  case notFinite

  public var description: String {
    switch self {
    case let .componentwiseBackwardError(v, t): return "componentwise backward error \(v) > \(t)"
    case let .traceError(v, t): return "|Tr ρ − 1| = \(v) > \(t)"
    case let .hermiticityError(v, t): return "max|ρ − ρ†|/max|ρ| = \(v) > \(t)"
    case let .negativeEigenvalue(v, t): return "smallest eigenvalue of ρ \(v) < −\(t)"
    case let .firstLaw(r, g, t): return "first law |Σ_k Tr(H D_k ρ)| = \(r) × the gross heat \(g), above \(t)"
    case .notFinite: return "non-finite diagnostics"
    }
  }
}

/// The a-posteriori test of a steady state x of the trace-augmented system A x = b (sector or full):
/// componentwise backward error, trace, Hermiticity, positivity and the first law relative to the gross heat.
/// Computed for every Fock steady state (LU or iterative); an iterative result that fails it is replaced by the LU
/// (`FockIterativeOptions.onFailedVerification`). The normwise residual is not part of the test: it is what GMRES
/// stops on, and it does not see rows whose scale is far below ‖b‖ (docs/papers/000.md, "Verification").
public struct FockSolutionVerification: Sendable, Codable, Equatable {
  public var componentwiseBackwardError: Double
  public var traceError: Double
  /// max|ρ − ρ†| / max|ρ|.
  public var relativeHermiticityError: Double
  public var minimumEigenvalue: Double
  /// Σ_k Tr(H D_k[ρ]) = d⟨H⟩/dt with the equation's H (zero at the exact steady state), and the gross heat
  /// Σ_k (|⟨L_k†HL_k⟩| + ½|⟨{L_k†L_k, H}⟩|) it is compared with.
  public var firstLawResidual: Double
  public var grossHeat: Double
  public var tolerances: FockVerificationTolerances
  public var failures: [FockVerificationFailure]
  public var passed: Bool { failures.isEmpty }

  /// Tests `state` (from `x`, the solution of `augmented · x = rhs`) of `equation`.
  init(equation: FockMasterEquation, state: FockSteadyState, augmented: SparseMatrix, rhs: [Complex<Double>], x: [Complex<Double>],
       tolerances: FockVerificationTolerances) {
    componentwiseBackwardError = ResidualAndBackwardError(augmented, x, rhs).componentwiseBackwardError
    let d = state.diagnostics
    traceError = d.traceError
    let rhoMax = state.density.maxAbs
    relativeHermiticityError = rhoMax > 0 ? d.hermiticityError / rhoMax : d.hermiticityError
    minimumEigenvalue = d.minimumEigenvalue
    let (net, gross) = Self.firstLaw(equation, state)
    firstLawResidual = net; grossHeat = gross
    self.tolerances = tolerances
    var f: [FockVerificationFailure] = []
    let values = [componentwiseBackwardError, traceError, relativeHermiticityError, minimumEigenvalue, net, gross]
    if !values.allSatisfy(\.isFinite) { f.append(.notFinite) }
    if !(componentwiseBackwardError <= tolerances.componentwiseBackwardError) {
      f.append(.componentwiseBackwardError(value: componentwiseBackwardError, tolerance: tolerances.componentwiseBackwardError))
    }
    if !(traceError <= tolerances.traceError) { f.append(.traceError(value: traceError, tolerance: tolerances.traceError)) }
    if !(relativeHermiticityError <= tolerances.hermiticityError) {
      f.append(.hermiticityError(value: relativeHermiticityError, tolerance: tolerances.hermiticityError))
    }
    if !(minimumEigenvalue >= -tolerances.negativeEigenvalue) {
      f.append(.negativeEigenvalue(value: minimumEigenvalue, tolerance: tolerances.negativeEigenvalue))
    }
    // A state without any heat flow at all (gross = 0, e.g. the vacuum at zero temperature) has nothing to test.
    let relative = gross > 0 ? abs(net) / gross : 0
    if !(relative <= tolerances.firstLaw) { f.append(.firstLaw(relativeResidual: relative, grossHeat: gross, tolerance: tolerances.firstLaw)) }
    failures = f
  }

  /// (Σ_k Tr(H D_k[ρ]), Σ_k |in_k| + |out_k|) with in_k = ⟨L_k†HL_k⟩, out_k = ½⟨{L_k†L_k, H}⟩ = Re⟨L_k†L_k H⟩
  /// (paper 000, Eq. 26 with the equation's H for every dissipator). Σ_k Tr(H D_k[ρ]) = Tr(H 𝓛ρ) since
  /// Tr(H[H, ρ]) = 0, so it vanishes at the exact steady state for every equation (local or global).
  static func firstLaw(_ eq: FockMasterEquation, _ state: FockSteadyState) -> (net: Double, gross: Double) {
    var net = 0.0, gross = 0.0
    let h = eq.hamiltonian
    for k in eq.dissipators {
      let l = k.jump
      let inflow = state.expectation(l.adjoint * h * l).real
      let outflow = state.expectation(l.adjoint * l * h).real
      net += inflow - outflow
      gross += abs(inflow) + abs(outflow)
    }
    return (net, gross)
  }
}

/// Why a requested iterative solve was replaced by the sparse LU (`FockSteadyStateDiagnostics.luFallback`).
public enum FockLUFallbackReason: Sendable, Codable, Equatable, CustomStringConvertible {
  /// GMRES did not reach its tolerance within the iteration limit.
  case iterativeNotConverged(iterations: Int, relativeResidual: Double, tolerance: Double)
  /// GMRES converged but its state failed the a-posteriori test (`FockSolutionVerification`).
  case iterativeFailedVerification([FockVerificationFailure])

  public var description: String {
    switch self {
    case let .iterativeNotConverged(iterations, residual, tolerance):
      return "GMRES did not converge (\(iterations) iterations, relative residual \(residual) > \(tolerance)); solved by sparse LU"
    case let .iterativeFailedVerification(failures):
      return "the GMRES state failed its a-posteriori test (\(failures.map(\.description).joined(separator: "; "))); solved by sparse LU"
    }
  }
}

/// An iterative steady state failed its a-posteriori test and could not be replaced by the LU (the LU exceeds the
/// memory cap, or `onFailedVerification` is `.throwError`). Never a silent wrong state.
public struct FockVerificationError: Error, Equatable, CustomStringConvertible, Sendable {
  public let equation: String
  public let failures: [FockVerificationFailure]
  /// Why the LU was not used instead.
  public let detail: String
  public var description: String {
    "the iterative steady state of \(equation) failed its a-posteriori test (\(failures.map(\.description).joined(separator: "; "))); \(detail)"
  }
}
