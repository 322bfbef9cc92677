import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation

/// An error in a model file (docs/model-format.md). It names the file, the line (and column for a
/// syntax error), the key as a dotted path (`baths.1.temperature`), the bad value and the allowed range,
/// and prints as `file:line: key: message`, the form editors and compilers use.
public struct ModelFileError: Error, Equatable, CustomStringConvertible, LocalizedError, Sendable {
  /// What went wrong.
  public enum Kind: String, Sendable, Equatable, Codable {
    /// The file could not be read.
    case unreadable
    /// Not valid TOML (reported by the TOML parser with line and column).
    case syntax
    /// A required key is absent.
    case missingKey
    /// A key this format does not know (usually a typo).
    case unknownKey
    /// A value of the wrong TOML type (a string where a number belongs, …).
    case wrongType
    /// A value outside its allowed range.
    case outOfRange
    /// The assembled model is rejected by ClausiusModels (e.g. a coupling vector of the wrong length).
    case invalidModel
  }

  public let kind: Kind
  /// The file as given on the command line (or "<string>").
  public let file: String
  /// 1-based line of the key (or of its table's header when the key is missing); nil if unknown.
  public let line: Int?
  /// 1-based column (syntax errors only).
  public let column: Int?
  /// Dotted path of the key, e.g. `baths.1.temperature` (0-based array indices); nil for syntax errors.
  public let key: String?
  /// The offending value as written (nil when missing).
  public let value: String?
  /// The allowed values or range, in words.
  public let allowed: String?
  /// A sentence explaining the problem.
  public let message: String

  public init(kind: Kind, file: String, line: Int?, column: Int? = nil, key: String?, value: String? = nil, allowed: String? = nil, message: String) {
    self.kind = kind; self.file = file; self.line = line; self.column = column; self.key = key
    self.value = value; self.allowed = allowed; self.message = message
  }

  public var description: String {
    var location = file
    if let line { location += ":\(line)" }
    if let column { location += ":\(column)" }
    var text = "\(location): "
    if let key { text += "\(key): " }
    text += message
    if let allowed { text += "; allowed: \(allowed)" }
    return text
  }

  public var errorDescription: String? { description }
}
