import ArgumentParser
import Clausius
import ClausiusIO
import Foundation


/// `clausius compare model.toml`: every master equation against the exact solution (linear models).
public struct Compare: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Grade the master equations against the exact quantum-Langevin steady state.",
    discussion: """
      For any quadratic network (hopping, squeezing, springs, XX and x–p
      couplings, drives) the exact non-equilibrium steady state is computed
      from the quantum Langevin equations (frequency integrals, Landauer
      currents; docs/exact-langevin.md): Ohmic–Drude baths couple through
      their operator in full (paper 004, Eq. 4), flat baths as rotating-wave
      white-noise baths (the same master equations; only on networks that
      conserve the number of quanta: hopping with any phase, drives). Each
      master equation of the file (or --equations) is graded against it:
        1 − F        infidelity (Uhlmann fidelity of Gaussian states,
                     paper 004 Eq. 35)
        current err  |Q̇_α − Q̇_α,exact| / max|Q̇_exact|; reversed currents
        cov err      max|V − V_exact| / max|V_exact| (corr err: inter-mode
                     blocks only)
        Σ ≥ 0        Clausius inequality with the method's heats
        V+iΩ/2 ≥ 0   positivity (uncertainty principle)
      Verdict per method: accurate (errors ≤ 1e-2), inaccurate, unphysical or
      failed; then the validity advisor's recommendation and its reasons.
      Examples:
        clausius compare examples/004-wire-detuned.toml
        clausius compare examples/004-wire-quasi-resonant.toml --format json
        clausius compare model.toml --equations global local --out results/
      Other kinds:
        optomechanical       every equation against the all-sideband global
                             equation (GME∞) in Fock space.
        optomechanical-ring  the exact linearised ring (paper 002, Eq. 4)
                             against the effective theory (Eqs. 8–14, S16):
                             Q_C, per-site ⟨d†d⟩ and mechanical-bath heat,
                             relative differences, and a verdict: the
                             effective theory is valid when both models are
                             stable and δ = ‖σ_eff − σ_exact‖₂/‖(σ_eff +
                             σ_exact)/2‖₂ ≤ 5 % (Supplement Fig. S1(c)).
        cascaded             independent routes to n̄_i and the flows of
                             quanta (paper 001): the cascaded master equation
                             (reference), the Langevin form (Eq. 2), the
                             closed forms (C1)–(C2) when N = 2 and κ_1 = κ_2 =
                             γ_1 = γ_2, θ_1 = 0, and a Fock-space solve when
                             a truncation with ≤ 64 states suffices. Routes
                             that do not apply are listed with the reason;
                             if only one applies its numbers are printed with
                             a note (exit status 0).
      Files (with --out DIR): DIR/compare.json, DIR/compare.csv.
      Exit status: 0 on success; 1 when the reference of a cascaded or ring
      model has no steady state; 2 on a bad file or option, or a network
      without an exact steady state (unstable, a mode no bath damps, flat
      baths next to squeezing, springs or xx couplings).
      """)

  @OptionGroup public var options: ModelOptions

  public init() {}

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let described = try options.loadForSteadyState()
    let outputDirectory = try options.outputDirectory(described)   // an unusable --out is an error before any work
    let report = try options.modelFault { try described.family.compare() }
    if let dir = outputDirectory {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(report), to: "compare.json", in: dir)
      try FigureWriter.write(Data(report.csv().utf8), to: "compare.csv", in: dir)
      options.note("wrote \(dir.path)/compare.json, \(dir.path)/compare.csv")
    }
    switch options.resolvedFormat(described) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(report), as: UTF8.self))
    case .csv: print(report.csv(), terminator: "")
    case .table: print(report.table(verbose: options.verbose))
    }
    let failures = report.failures
    for f in failures { FileHandle.standardError.write(Data("error: \(f)\n".utf8)) }
    if !failures.isEmpty { throw ExitCode(1) }
  }
}
