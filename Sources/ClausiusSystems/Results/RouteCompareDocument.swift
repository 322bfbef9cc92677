import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

// MARK: - compare for the cascaded and optomechanical-ring kinds

/// One route (method) of a `compare` run on a cascaded or optomechanical-ring model.
public struct RouteInfo: Codable, Sendable, Equatable {
  public var name: String
  /// What the route computes and from which equations.
  public var description: String
  /// Why the route gave no numbers (not applicable, unstable, too large for a cheap Fock solve, …).
  public var error: String?
  /// max over the quantities of the relative difference to the reference route.
  public var maxRelativeDifference: Double?
}

/// One quantity computed by several routes.
public struct RouteQuantity: Codable, Sendable, Equatable {
  public var name: String
  /// One value per route (aligned with `RouteCompareDocument.routes`; nil where the route has none).
  public var values: [Double?]
  /// |v − v_ref| / max(|v_ref|, scale) per route (nil for the reference and for missing values).
  public var relativeDifferences: [Double?]
  /// The floor of the relative difference (a current that vanishes by symmetry is compared against this scale).
  public var scale: Double
}

/// Whether an approximate route is valid, by a stated criterion.
public struct RouteValidity: Codable, Sendable, Equatable {
  public var route: String
  public var criterion: String
  /// The measured value the criterion is applied to (e.g. δ).
  public var measure: Double?
  public var threshold: Double
  public var valid: Bool
  public var reasons: [String]
}

/// The JSON document of `clausius compare` for `kind = "cascaded"` and `kind = "optomechanical-ring"`.
public struct RouteCompareDocument: Codable, Sendable {
  public var file: String
  public var title: String
  public var units: UnitsInfo
  public var kind: String
  /// The route the others are measured against.
  public var reference: String
  public var routes: [RouteInfo]
  public var quantities: [RouteQuantity]
  public var validity: RouteValidity?
  public var notes: [String]
}

extension KindSolver {
  /// Assembles quantities from per-route value lists (route r's values in `values[r]`, nil when the route failed).
  static func routeDocument(file: String, title: String, units: FrequencyUnit, kind: String, routes: [RouteInfo],
                            names: [String], scales: [Double], values: [[Double?]?], validity: RouteValidity?, notes: [String]) -> RouteCompareDocument {
    var routes = routes
    var quantities: [RouteQuantity] = []
    for (q, name) in names.enumerated() {
      let vals = values.map { $0?[q] }
      let ref = vals[0]
      let diffs: [Double?] = vals.enumerated().map { r, v in
        guard r > 0, let v, let ref else { return nil }
        return abs(v - ref) / max(abs(ref), scales[q], 1e-300)
      }
      quantities.append(RouteQuantity(name: name, values: vals, relativeDifferences: diffs, scale: scales[q]))
    }
    for r in routes.indices.dropFirst() where values[r] != nil {
      routes[r].maxRelativeDifference = quantities.compactMap { $0.relativeDifferences[r] }.max()
    }
    return RouteCompareDocument(file: file, title: title, units: UnitsInfo(units), kind: kind, reference: routes[0].name, routes: routes,
                                quantities: quantities, validity: validity, notes: notes)
  }
}

extension KindSolver {
  // MARK: Output

  static func routeCompareTable(_ d: RouteCompareDocument) -> String {
    var out = ["\(d.title)  [\(d.file)]  (kind = \(d.kind))", "units: \(d.units.note)", "reference: \(d.reference)", ""]
    var header = ["quantity"]
    for (r, route) in d.routes.enumerated() {
      header.append(route.name)
      if r > 0 { header.append("rel. diff") }
    }
    var rows: [[String]] = []
    for q in d.quantities {
      var row = [q.name]
      for r in d.routes.indices {
        row.append(Text.num(q.values[r]))
        if r > 0 { row.append(Text.num(q.relativeDifferences[r])) }
      }
      rows.append(row)
    }
    out.append(Text.grid(header, rows))
    out.append("")
    for r in d.routes {
      var line = "\(r.name): \(r.description)"
      if let e = r.error { line += " — no result: \(e)" } else if let m = r.maxRelativeDifference { line += " — max rel. diff \(Text.num(m))" }
      out.append(line)
    }
    if let v = d.validity {
      out.append("")
      out.append("\(v.route): \(v.valid ? "VALID" : "NOT VALID") — criterion: \(v.criterion)")
      for reason in v.reasons { out.append("  - \(reason)") }
    }
    for n in d.notes { out.append("note: \(n)") }
    return out.joined(separator: "\n")
  }

  static func routeCompareCSV(_ d: RouteCompareDocument) -> String {
    var lines = ["quantity,route,value,reference,relativeDifference,error"]
    for q in d.quantities {
      for (r, route) in d.routes.enumerated() {
        lines.append([Text.csvField(q.name), Text.csvField(route.name), Text.csvNumber(q.values[r]), Text.csvNumber(q.values[0]),
                      Text.csvNumber(q.relativeDifferences[r]), Text.csvField(route.error ?? "")].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }
}

extension RouteCompareDocument: ComparisonReport {
  /// The reference route must exist; the others may be inapplicable (reported in the document).
  public var failures: [String] {
    routes.first?.error.map { ["\(file): compare: the reference route '\(reference)' has no steady state: \($0)"] } ?? []
  }
  public func table(verbose: Bool) -> String { KindSolver.routeCompareTable(self) }
  public func csv() -> String { KindSolver.routeCompareCSV(self) }
}
