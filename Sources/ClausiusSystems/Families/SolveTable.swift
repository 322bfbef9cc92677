import ClausiusComparison
import ClausiusInformation
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import ClausiusSteadyState
import ClausiusThermodynamics
import Foundation
import Numerics

  // MARK: Tables

extension KindSolver {
  /// The `solve` table of a family other than networks: title, units, occupations (at most 8 modes, else 4 of the
  /// second half), then the family's rows.
  static func solveTable(_ d: SolveDocument, kind: String, rows familyRows: (_ bathNames: [String]) -> [MethodRow]) -> String {
    let out = ["\(d.title)  [\(d.file)]  (kind = \(kind))", "units: \(d.units.note)"]
    let ms = d.methods
    var rows: [[String]] = []
    func row(_ label: String, _ f: (MethodResult) -> String?) { rows.append([label] + ms.map { $0.error == nil ? (f($0) ?? "—") : "—" }) }
    let shownModes = d.modes.count <= 8 ? Array(d.modes.indices) : Array(d.modes.indices.suffix(d.modes.count / 2).prefix(4))
    for i in shownModes { row("⟨n⟩ \(d.modes[i])") { Text.num($0.occupations?[i]) } }
    let bathNames = ms.compactMap(\.baths).first?.map(\.name) ?? []
    for r in familyRows(bathNames) { row(r.label, r.value) }
    return (out + MethodResult.table(ms, rows)).joined(separator: "\n")
  }
}
