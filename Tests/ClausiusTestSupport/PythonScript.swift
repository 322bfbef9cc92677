import Foundation

/// Runs an independent construction written in Python (numpy/scipy/mpmath) from a test. The one runner of the test
/// suite: `run` takes the script's text, `runFile` a script file (Tests/References/*.py, Tests/Scripts/*.py); both
/// pass `input` on stdin and return the exit status and the two output streams.
public enum PythonScript {
  public static func run(_ script: String, input: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
    try launch(["python3", "-c", script], input: Data(input.utf8))
  }

  public static func runFile(_ path: String, input: Data, arguments: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
    try launch(["python3", path] + arguments, input: input)
  }

  static func launch(_ arguments: [String], input: Data) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    let inPipe = Pipe(), out = Pipe(), err = Pipe()
    p.standardInput = inPipe; p.standardOutput = out; p.standardError = err
    try p.run()
    inPipe.fileHandleForWriting.write(input)
    try inPipe.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  /// Whether python3 with numpy and scipy can run here (scripts/test installs them).
  public static var available: Bool {
    (try? run("import numpy, scipy"))?.status == 0
  }
}
