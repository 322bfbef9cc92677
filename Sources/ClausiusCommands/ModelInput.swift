import ClausiusIO
import ClausiusSystems
import Foundation

/// Where the model commands (`solve`, `audit`, `sweep`, `compare`) read their model, and how they report a bad
/// one: the file named on the command line, or standard input when it is `-` (so that a program — the Python
/// package — can pass a model it built or edited without writing a file); a bad model is `error: file:line: key:
/// message; allowed: range` on stderr and, with `--format json`, also an `error` document on stdout
/// (docs/output-format.md, "error").
enum ModelInput {
  /// The name of standard input in messages and in the documents' `file`.
  static let standardInputName = "<stdin>"

  /// Standard input as UTF-8, read once per process (`compare` loads its model twice).
  static let standardInput: Result<String, ModelFileError> = {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(ModelFileError(kind: .unreadable, file: standardInputName, line: nil, key: nil,
                                     message: "standard input is not UTF-8 text; give a TOML model as described in docs/model-format.md"))
    }
    return .success(text)
  }()

  /// The TOML text of `model` (a path, or `-` for standard input) and the name that messages use for it.
  static func source(_ model: String) throws -> (text: String, file: String) {
    if model == "-" { return (try standardInput.get(), standardInputName) }
    do { return (try String(contentsOfFile: model, encoding: .utf8), model) } catch {
      throw ModelFileError(kind: .unreadable, file: model, line: nil, key: nil,
                           message: "cannot read the model file (\((error as NSError).localizedDescription)); give the path of a TOML file as described in docs/model-format.md, or - for standard input")
    }
  }

  /// Reports a bad model: the message on stderr, and with `--format json` the `error` document on stdout.
  static func report(_ e: ModelFileError, format: ModelOutputFormat?) {
    FileHandle.standardError.write(Data("error: \(e)\n".utf8))
    guard format == .json, let data = try? ClausiusJSON.encoder.encode(ErrorDocument(e)) else { return }
    print(String(decoding: data, as: UTF8.self))
  }
}

/// The `error` document: a model file the commands refused, with every part of the message as its own key.
struct ErrorDocument: Codable, Sendable, ClausiusOutputDocument {
  static var documentType: String { "error" }

  struct Detail: Codable, Sendable {
    /// `unreadable`, `syntax`, `missingKey`, `unknownKey`, `wrongType`, `outOfRange` or `invalidModel`.
    var kind: String
    var file: String
    /// 1-based line (absent when unknown) and column (syntax errors).
    var line: Int?
    var column: Int?
    /// Dotted key path, 0-based indices (absent for syntax errors).
    var key: String?
    /// The value as written, and the allowed values or range in words.
    var value: String?
    var allowed: String?
    var message: String
    /// The whole line as printed on stderr (after `error: `).
    var text: String
  }

  var error: Detail
  /// The exit status the command ends with (2).
  var status: Int32

  init(_ e: ModelFileError) {
    error = Detail(kind: e.kind.rawValue, file: e.file, line: e.line, column: e.column, key: e.key, value: e.value,
                   allowed: e.allowed, message: e.message, text: e.description)
    status = ClausiusCommand.Status.badInput
  }
}
