import ArgumentParser
import ClausiusNumerics

/// The `clausius` command tree.
public struct ClausiusCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "clausius",
    abstract: "Heat transport through open quantum systems: master equations, steady states, heat, work and entropy.",
    discussion: """
      Units: ħ = k_B = 1; frequencies are angular and double as energies, temperatures are energies.
      Heat is positive when it enters the system from a bath. See docs/conventions.md.
      BLAS runs on one thread unless CLAUSIUS_BLAS_THREADS is set.
      """,
    subcommands: [Reproduce.self, Solve.self, Audit.self, Sweep.self, Compare.self, AdvisorGrade.self])
  public init() {}
}
