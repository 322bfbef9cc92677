import Foundation

/// Errors of ClausiusIO. Each case names the offending parameter and value and reads as a sentence
/// the user can act on.
public enum IOError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// The output folder (or a file in it) could not be created or written.
  case unwritableOutput(path: String, reason: String)
  /// A figure or paper identifier is not usable as a file name.
  case invalidFileStem(parameter: String, value: String)
  /// Two figures of the same paper share an identifier, so their files would overwrite each other.
  case duplicateFigureID(paper: String, id: String)

  public var description: String {
    switch self {
    case let .unwritableOutput(path, reason):
      return "cannot write the output '\(path)': \(reason); choose a writable folder with --out"
    case let .invalidFileStem(parameter, value):
      return "\(parameter) '\(value)' cannot be used as a file name; use letters, digits, '.', '-' or '_' (not starting with '.')"
    case let .duplicateFigureID(paper, id):
      return "paper \(paper) has two figures with id '\(id)'; figure ids must be unique within a paper"
    }
  }

  public var errorDescription: String? { description }
}
