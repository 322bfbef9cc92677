import Foundation

/// The release of this build: the semantic version (semver.org) and the git commit baked in at build time by
/// the ClausiusBuildInfo plugin (scripts/build-info; "unknown" outside a git checkout, "<sha>-dirty" when
/// tracked files differed from the commit). Printed by `clausius --version` and recorded in every JSON
/// document (`clausius_version`, `git_commit`) and report.
public enum ClausiusVersion {
  /// The semantic version of the `clausius` command and library (CHANGELOG.md, CITATION.cff).
  public static let version = "0.9.0"
  /// `git rev-parse HEAD` of the source tree this binary was built from (40 hex digits, optionally
  /// "-dirty"), or "unknown".
  public static let gitCommit: String = generatedGitCommit
  /// "clausius 0.9.0 (commit 1a2b…)": the line `clausius --version` prints.
  public static var line: String { "clausius \(version) (commit \(gitCommit))" }
}
