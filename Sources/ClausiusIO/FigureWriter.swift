import ClausiusPapers
import Foundation

/// Writes a reproduction's figures under the output folder as `<paper>/<figure-id>.svg`, `.csv` and
/// `.json`, and the report files at its root.
public enum FigureWriter {
  /// Relative paths (to the output folder) of one figure's files.
  public struct Files: Sendable, Equatable {
    public var svg: String
    public var csv: String
    public var json: String
    public var all: [String] { [svg, csv, json] }
  }

  /// The paths `<paper>/<id>.svg|csv|json` for `figure` of `paper`.
  public static func files(paper: String, figure: Figure) -> Files {
    Files(svg: "\(paper)/\(figure.id).svg", csv: "\(paper)/\(figure.id).csv", json: "\(paper)/\(figure.id).json")
  }

  /// The JSON document of one figure's data: paper, every field of the figure, and the file names.
  public struct FigureDocument: Codable, Sendable {
    public var paper: String
    public var figure: Figure
    public var files: [String]
  }

  /// JSON of `figure` (sorted keys; non-finite numbers as the strings "nan", "inf", "-inf").
  public static func json(_ figure: Figure, paper: String) throws -> Data {
    try ClausiusJSON.encoder.encode(FigureDocument(paper: paper, figure: figure, files: files(paper: paper, figure: figure).all))
  }

  /// Creates `directory` (and parents) or throws `IOError.unwritableOutput`.
  public static func prepare(directory: URL) throws {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw IOError.unwritableOutput(path: directory.path, reason: obstacle(to: directory) ?? (error as NSError).localizedDescription)
    }
    guard FileManager.default.isWritableFile(atPath: directory.path) else {
      throw IOError.unwritableOutput(path: directory.path, reason: "the folder is not writable")
    }
  }

  /// Why a folder cannot be created: the nearest existing ancestor is a file or is read-only.
  static func obstacle(to directory: URL) -> String? {
    var url = directory.standardizedFileURL
    var isDirectory: ObjCBool = false
    while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { return nil }
      url = parent
    }
    if !isDirectory.boolValue { return "'\(url.path)' is a file, not a folder" }
    if !FileManager.default.isWritableFile(atPath: url.path) { return "the folder '\(url.path)' is not writable" }
    return nil
  }

  /// Writes `data` to `path` relative to `directory`, wrapping failures in `IOError`.
  public static func write(_ data: Data, to path: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(path)
    try prepare(directory: url.deletingLastPathComponent())
    do { try data.write(to: url, options: .atomic) } catch {
      throw IOError.unwritableOutput(path: url.path, reason: reason(writing: url, failedWith: error))
    }
  }

  /// Why writing `url` failed, in words: a folder in the way, else the system's reason (e.g. "No space left on
  /// device", "Permission denied"), else Foundation's description.
  static func reason(writing url: URL, failedWith error: Error) -> String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      return "a folder of that name is in the way"
    }
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    if let other = obstacle(to: url.deletingLastPathComponent()) { return other }
    return ns.localizedDescription
  }

  /// Writes the SVG, CSV and JSON of every figure of `report`; returns the relative paths written.
  public static func writeFigures(of report: ReproductionReport, to directory: URL, style: FigureStyle = .standard) throws -> [String] {
    try validate(stem: report.paper, parameter: "paper id")
    var seen = Set<String>(), written: [String] = []
    for figure in report.figures {
      try validate(stem: figure.id, parameter: "figure id")
      guard seen.insert(figure.id).inserted else { throw IOError.duplicateFigureID(paper: report.paper, id: figure.id) }
      let f = files(paper: report.paper, figure: figure)
      try write(Data(SVGRenderer.document(figure, style: style).utf8), to: f.svg, in: directory)
      try write(Data(CSVWriter.csv(figure).utf8), to: f.csv, in: directory)
      try write(try json(figure, paper: report.paper), to: f.json, in: directory)
      written += f.all
    }
    return written
  }

  /// A file stem: letters, digits, '.', '-', '_', not empty and not starting with '.'.
  static func validate(stem: String, parameter: String) throws {
    let ok = !stem.isEmpty && !stem.hasPrefix(".")
      && stem.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
    if !ok { throw IOError.invalidFileStem(parameter: parameter, value: stem) }
  }
}
