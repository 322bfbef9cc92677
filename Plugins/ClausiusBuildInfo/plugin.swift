import Foundation
import PackagePlugin

/// Bakes the git commit of the checkout into ClausiusIO at build time (for `clausius --version` and the
/// metadata of every JSON document and report). Runs `scripts/build-info` before every build: it asks
/// `git rev-parse` (no network) and writes `BuildInfo.generated.swift` only when its content changes, so
/// unchanged commits do not recompile anything. Outside a git checkout, or without git, the commit is
/// "unknown".
@main
struct ClausiusBuildInfo: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated", isDirectory: true)
    let root = context.package.directoryURL
    return [.prebuildCommand(displayName: "Clausius build info (git commit)",
                             executable: URL(fileURLWithPath: "/bin/sh"),
                             arguments: [root.appendingPathComponent("scripts/build-info").path, root.path,
                                         output.appendingPathComponent("BuildInfo.generated.swift").path],
                             outputFilesDirectory: output)]
  }
}
