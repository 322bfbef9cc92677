import ArgumentParser
import ClausiusNumerics

/// The `clausius` command tree.
public struct ClausiusCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "clausius",
    abstract: "Heat transport through open quantum systems.",
    subcommands: [])
  public init() {}
}
