import Foundation

/// Runs an independent reference script (Tests/References/*.py, python3 with numpy/scipy/mpmath) with a JSON
/// document on standard input and returns its JSON output. Throws with the script's standard error when it
/// fails, so a missing python3 or mpmath fails the test with a clear message instead of skipping it.
public enum PythonReference {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// The folder Tests/References (next to this file's folder).
  public static var folder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("References")
  }

  /// `python3 Tests/References/<script>` with `input` (JSON-serialisable) on stdin; the parsed JSON output.
  public static func run(_ script: String, input: Any) throws -> Any {
    let r = try PythonScript.runFile(folder.appendingPathComponent(script).path, input: try JSONSerialization.data(withJSONObject: input))
    guard r.status == 0 else {
      throw Failure(description: "python3 \(script) exited with \(r.status): \(r.stderr.suffix(2000))")
    }
    return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
  }
}
