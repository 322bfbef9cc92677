import Foundation

/// Runs an independent Python (numpy/scipy) construction from a test: the script gets `input` on stdin and
/// prints JSON on stdout. Returns nil (and the test should record a skip) when python3 or numpy is missing.
public enum PythonScript {
  public static func run(_ script: String, input: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let inPipe = Pipe(), out = Pipe(), err = Pipe()
    p.standardInput = inPipe; p.standardOutput = out; p.standardError = err
    try p.run()
    inPipe.fileHandleForWriting.write(Data(input.utf8))
    try inPipe.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  /// Whether python3 with numpy and scipy can run here.
  public static var available: Bool {
    (try? run("import numpy, scipy"))?.status == 0
  }
}
