import Foundation

extension OutputContractTests {
  /// Validates one printed JSON document against docs/schema/clausius-output.schema.json (validate_output.py); nil when
  /// python3's jsonschema is not installed.
  static func validate(json: String) throws -> (status: Int32, report: String)? {
    guard hasJSONSchema else { return nil }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-\(UUID().uuidString).json").path
    try json.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    return try validate([file])
  }
}
