import Clausius
import ClausiusIO
import Foundation

extension Sweep {
  /// Heat maps of a two-parameter sweep: for every master equation, the heat from each bath (local H),
  /// the work rate and the entropy production over the grid (first parameter along x, second along y).
  /// Cells without a steady state (invalid model, unstable drift) are missing. Signed quantities get the
  /// diverging colour map centred on 0 and the zero contour (where a current reverses); entropy
  /// production, ≥ 0 by the Clausius inequality, gets viridis unless a local equation makes it negative.
  /// Empty for one-parameter sweeps.
  public static func heatMaps(_ d: SweepDocument) -> [Figure] {
    guard d.parameters.count == 2 else { return [] }
    let p0 = d.parameters[0], p1 = d.parameters[1]
    let fileUnits = d.units.frequency == "natural" ? "" : "file units"
    let xAxis = Figure.Axis(label: p0.key, unit: p0.unit.isEmpty ? fileUnits : p0.unit)
    let yAxis = Figure.Axis(label: p1.key, unit: p1.unit.isEmpty ? fileUnits : p1.unit)
    let n1 = p1.values.count
    let equations = d.points.first { !$0.methods.isEmpty }?.methods.map(\.equation) ?? []
    let energyUnit = d.units.frequency == "natural" ? "" : "ħω_u^2"
    let missing = "no steady state (invalid point or unstable drift)"
    func grid(_ e: String, _ value: (MethodResult) -> Double?) -> [[Double]] {
      p1.values.indices.map { j in
        p0.values.indices.map { i in
          let p = d.points[i * n1 + j]
          guard p.error == nil, let m = p.methods.first(where: { $0.equation == e }), m.error == nil, let v = value(m) else { return .nan }
          return v
        }
      }
    }
    var figs: [Figure] = []
    for e in equations {
      for (b, name) in d.baths.enumerated() {
        figs.append(Figure(id: "map-heat-\(b)-\(e)", title: "Heat current from bath '\(name)' (\(e))", xAxis: xAxis, yAxis: yAxis, series: [],
                           caption: "Heat into the system from bath '\(name)' counted with its local Hamiltonian, \(e) master equation (> 0: into the system); black line: Q̇ = 0.",
                           reference: d.file,
                           heatMap: .init(x: p0.values, y: p1.values, z: grid(e) { $0.baths?[b].localHeat },
                                          zAxis: .init(label: "Q̇_{\(name)}", unit: energyUnit), zeroContour: true, missingLabel: missing)))
      }
      figs.append(Figure(id: "map-work-\(e)", title: "Work rate (\(e))", xAxis: xAxis, yAxis: yAxis, series: [],
                         caption: "Ẇ = Σ_α (Q̇_α − Q̇_α,local), work done on the system (paper 003, Eq. 43), \(e) master equation; black line: Ẇ = 0.",
                         reference: d.file,
                         heatMap: .init(x: p0.values, y: p1.values, z: grid(e) { $0.workRate }, zAxis: .init(label: "Ẇ", unit: energyUnit),
                                        zeroContour: true, missingLabel: missing)))
      figs.append(Figure(id: "map-entropy-production-\(e)", title: "Entropy production (\(e))", xAxis: xAxis, yAxis: yAxis, series: [],
                         caption: "Σ = −Σ_α Q̇_α,local/T_α (≥ 0: Clausius inequality), \(e) master equation.",
                         reference: d.file,
                         heatMap: .init(x: p0.values, y: p1.values, z: grid(e) { $0.entropyProduction },
                                        zAxis: .init(label: "Σ", unit: d.units.frequency == "natural" ? "" : "k_B ω_u"),
                                        zeroContour: true, missingLabel: missing)))
    }
    return figs
  }
}
