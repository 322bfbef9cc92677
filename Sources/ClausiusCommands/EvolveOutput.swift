import Clausius
import ClausiusIO
import Foundation
import Numerics
import ArgumentParser

/// Table, CSV, figures and failure checks of `clausius evolve` (presentation of `EvolveDocument`).
public enum EvolveOutput {
  /// One row per (method, time): time, ⟨H⟩, d⟨H⟩/dt, Ẇ, W, then per bath Q̇, Q̇_local, Q, Q_local, then occupations.
  public static func csv(_ doc: EvolveDocument) -> String {
    var lines: [String] = []
    let ok = doc.methods.filter { $0.error == nil }
    let bathNames = ok.first?.baths?.map(\.name) ?? []
    let occNames = ok.first?.occupations?.map(\.name) ?? []
    var header = ["equation", "time", "energy", "energy_rate", "work_rate", "work"]
    for b in bathNames { header += ["heat_\(b)", "local_heat_\(b)", "integrated_heat_\(b)", "integrated_local_heat_\(b)"] }
    header += occNames.map { "occupation_\($0)" } + ["entropy_production"]
    lines.append(header.map(CSVWriter.field).joined(separator: ","))
    func num(_ x: Double?) -> String { x.map(CSVWriter.number) ?? "" }
    for m in ok {
      for (k, t) in doc.times.enumerated() {
        var row = [CSVWriter.field(m.equation), num(t), num(m.energy?[k]), num(m.energyRate?[k]), num(m.workRate?[k]), num(m.integratedWork?[k])]
        for b in m.baths ?? [] { row += [num(b.heat[k]), num(b.localHeat[k]), num(b.integratedHeat[k]), num(b.integratedLocalHeat[k])] }
        row += (m.occupations ?? []).map { num($0.values[k]) }
        row.append(num(m.entropyProduction?[k]))
        lines.append(row.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// A terminal table per method at up to 11 evenly spread times, with the diagnostics.
  public static func table(_ doc: EvolveDocument) -> String {
    var out = ["\(doc.title)  [\(doc.file)]", "units: \(doc.units.note); times in 1/ω_u", "initial state: \(doc.initial)"]
    let n = doc.times.count
    let picks = n <= 11 ? Array(0..<n) : (0...10).map { Int((Double($0) * Double(n - 1) / 10).rounded()) }
    for m in doc.methods {
      out.append("")
      if let e = m.error { out.append("\(m.equation): no evolution: \(e)"); continue }
      var header = ["t", "⟨H⟩", "Ẇ"]
      for b in m.baths ?? [] { header += ["Q̇ \(b.name)", "Q \(b.name)"] }
      header += (m.occupations ?? []).map { "n \($0.name)" }
      let rows = picks.map { k -> [String] in
        var r = [Text.num(doc.times[k]), Text.num(m.energy?[k]), Text.num(m.workRate?[k])]
        for b in m.baths ?? [] { r += [Text.num(b.heat[k]), Text.num(b.integratedHeat[k])] }
        r += (m.occupations ?? []).map { Text.num($0.values[k]) }
        return r
      }
      out.append("\(m.equation) (\(m.engine ?? "?"))" + (m.relaxationTime.map { ", relaxation time \(Text.num($0))" } ?? ""))
      out.append(Text.grid(header, rows))
      if let c = m.collision {
        var line = "collision model, τ = \(Text.num(c.interactionTime)), \(c.collisions.last ?? 0) collisions: Ẇ, Q̇ are per-collision averages δW/τ, δQ/τ of the collision starting at t; stroke energy residual \(Text.num(c.strokeEnergyResidual))"
        if let l = c.localEquation { line += "; max |Δ| from the local equation: Q̇ \(Text.num(l.heat)), Q \(Text.num(l.integratedHeat)), Ẇ \(Text.num(l.workRate)), n \(Text.num(l.occupations))" }
        if let e = c.localEquationError { line += "; \(e)" }
        out.append(line)
      }
      if let g = m.relaxation {
        out.append(g.gap.map { "Liouvillian gap \(Text.num($0)) (relaxation time \(Text.num(1 / $0))), \(Text.num(g.seconds)) s" } ?? "Liouvillian gap: \(g.error ?? "not computed")")
      }
      if let d = m.diagnostics {
        var diag = "first law: rate \(Text.num(d.firstLawResidual)), integrated \(Text.num(d.integratedFirstLawResidual))"
        if let u = d.uncertaintyMargin { diag += "; min uncertainty margin \(Text.num(u))" }
        if let e = d.minimumEigenvalue { diag += "; min eig ρ \(Text.num(e))" }
        if let t = d.traceError { diag += "; |Tr ρ − 1| \(Text.num(t))" }
        if let p = d.krylovProducts { diag += "; Krylov products \(p), error estimate \(Text.num(d.krylovErrorEstimate))" }
        diag += "; \(Text.num(d.seconds)) s"
        out.append(diag)
        for w in d.warnings { out.append("\(m.equation): warning: \(w)") }
      }
    }
    return out.joined(separator: "\n")
  }

  /// Figures: heat currents and work rate against time; ⟨H⟩(t) − ⟨H⟩(0) and the integrated heat per bath.
  public static func figures(_ doc: EvolveDocument) -> [(name: String, figure: Figure)] {
    var currents: [Figure.Series] = [], energies: [Figure.Series] = []
    let multi = doc.methods.count > 1
    for m in doc.methods where m.error == nil {
      let tag = multi ? "\(m.equation): " : ""
      for b in m.baths ?? [] {
        currents.append(.init(label: "\(tag)Q̇ \(b.name)", x: doc.times, y: b.heat))
        energies.append(.init(label: "\(tag)Q \(b.name)", x: doc.times, y: b.integratedHeat))
      }
      if let w = m.workRate, w.contains(where: { $0 != 0 }) { currents.append(.init(label: "\(tag)Ẇ", x: doc.times, y: w, style: .dashed)) }
      if let e = m.energy, let e0 = e.first { energies.append(.init(label: "\(tag)⟨H⟩ − ⟨H⟩(0)", x: doc.times, y: e.map { $0 - e0 }, style: .dashed)) }
    }
    let unit = doc.units.frequency == "natural" ? "" : "1/ω_u"
    return [
      ("evolve-currents.svg", Figure(id: "evolve-currents", title: "Heat currents and work rate", xAxis: .init(label: "t", unit: unit),
                                    yAxis: .init(label: "rate"), series: currents, caption: "\(doc.title): Q̇_α(t) (> 0 into the system), Ẇ(t); initial state \(doc.initial)")),
      ("evolve-energy.svg", Figure(id: "evolve-energy", title: "Energy and heat exchanged", xAxis: .init(label: "t", unit: unit),
                                  yAxis: .init(label: "energy"), series: energies, caption: "\(doc.title): Q_α(t) = ∫Q̇_α and ⟨H⟩(t) − ⟨H⟩(0) = ΣQ_α (first law)")),
    ]
  }
}
