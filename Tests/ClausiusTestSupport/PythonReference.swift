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
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", folder.appendingPathComponent(script).path]
    let inPipe = Pipe(), out = Pipe(), err = Pipe()
    p.standardInput = inPipe; p.standardOutput = out; p.standardError = err
    try p.run()
    inPipe.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
    try inPipe.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
      throw Failure(description: "python3 \(script) exited with \(p.terminationStatus): \(String(decoding: e, as: UTF8.self).suffix(2000))")
    }
    return try JSONSerialization.jsonObject(with: o)
  }
}
