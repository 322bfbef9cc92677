import Clausius
import ClausiusIO
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

  // MARK: Optomechanical ring

  /// δ above which the effective theory is declared invalid: paper 002, Supplement Fig. S1(c) marks δ ≥ 5 % as the
  /// region where the effective theory (Eq. S16) fails.
  public static let ringValidityThreshold = 0.05

  /// Exact linearised ring (Eq. 4, Gaussian Lyapunov solve) vs the effective theory after adiabatic elimination of the
  /// optical lattice (Eqs. 8–14, S16): Q_C, per-site phonon numbers and mechanical-bath heat currents; validity by
  /// δ = ‖σ_eff − σ_exact‖₂/‖(σ_eff + σ_exact)/2‖₂ (Supplement, after Eq. S16) against 5 % (Fig. S1(c)).
  public static func compareRing(_ m: OptomechanicalRingModelFile) -> RouteCompareDocument {
    let th = m.theory, l = th.siteCount, wm = th.mechanicalFrequency, gm = th.mechanicalDamping, nBar = th.thermalOccupation
    var names = ["Q_C circulating (ω_m⟨ĵ_C⟩, Eq. 14)"]
    names += (0..<l).map { "⟨d†d⟩ site \($0)" }
    names += (0..<l).map { "Q̇ mechanical bath \($0) (local H)" }
    // Scales: the currents are compared relative to themselves, with a floor of 1e-9 of the gross mechanical heat
    // scale ω_mγ_m(n̄ + 1) (Q_C vanishes at φ = 0 and φ = π); occupations are ≥ 0 and compared relative to themselves.
    let heatScale = 1e-9 * wm * gm * (nBar + 1)
    let scales = [heatScale] + Array(repeating: 1e-300, count: l) + Array(repeating: heatScale, count: l)
    var routes = [RouteInfo(name: "exact linearised", description: "2L-mode linearised model (paper 002, Eq. 4), Gaussian Lyapunov steady state; Q_C from its ⟨d_m†d_ℓ⟩ and the effective phonon Hamiltonian (Eqs. 8, 13–14)"),
                  RouteInfo(name: "effective theory", description: "adiabatic elimination of the optical lattice: closed forms Eqs. (8)–(14), σ_eff from Supplement Eq. (S16)")]
    var values: [[Double?]?] = [nil, nil]
    var reasons: [String] = []
    var sigmaExact: Matrix<Complex<Double>>?, sigmaEff: Matrix<Complex<Double>>?
    do {
      let lin = try OptomechanicalLinearisation.ring(th)
      let ss = try lin.exactEquation().gaussianSteadyState()
      let sigma = ss.singleParticleDensityMatrix(modes: (0..<l).map(lin.mechanicalMode))
      sigmaExact = sigma
      let qc: Double? = (try? lin.effectiveElimination()).map { el in
        OptomechanicalCurrents.ringContributions(hamiltonian: el.effectiveHamiltonian, sigma: sigma).reduce(0, +) * wm
      }
      let heat = ss.thermodynamics.baths
      let mech = (0..<l).map { i in heat.first { $0.name == "mechanical bath \(i)" }?.countedHeat }
      values[0] = [qc] + (0..<l).map { ss.occupation(lin.mechanicalMode($0)) } + mech
      reasons.append("exact linearised model stable (Lyapunov relative residual \(Text.num(ss.diagnostics.relativeResidual)))")
    } catch {
      routes[0].error = "\(error)"
      reasons.append("exact linearised model has no steady state: \(error)")
    }
    if th.stabilityMargin > 0 {
      do {
        let s = try th.singleParticleDensityMatrix()
        sigmaEff = s
        let n = (0..<l).map { s[$0, $0].real }
        values[1] = [try th.circulatingCurrent() * wm] + n + n.map { wm * gm * (nBar - $0) }
        reasons.append("effective model stable: min_k(Γ_k↓ − Γ_−k↑) = \(Text.num(th.stabilityMargin)) > 0 (Eq. 12)")
      } catch {
        routes[1].error = "\(error)"
      }
    } else {
      routes[1].error = "effective model unstable: min_k(Γ_k↓ − Γ_−k↑) = \(Text.num(th.stabilityMargin)) ≤ 0 (Eq. 12)"
      reasons.append(routes[1].error!)
    }
    var delta: Double?
    if let a = sigmaEff, let b = sigmaExact { delta = try? OptomechanicalCurrents.relativeError(a, b) }
    if let delta { reasons.append("δ = ‖σ_eff − σ_exact‖₂/‖(σ_eff + σ_exact)/2‖₂ = \(Text.num(delta)) \(delta <= ringValidityThreshold ? "≤" : ">") \(Text.num(ringValidityThreshold))") }
    let born = th.effectiveCoupling / th.opticalLoss
    reasons.append("Born–Markov parameter |G|/γ_c = \(Text.num(born)) (the elimination assumes |G| ≪ γ_c; reported, not part of the verdict)")
    let validity = RouteValidity(route: "effective theory",
                                 criterion: "both models stable and δ ≤ 5 % (paper 002, Supplement Eq. S16 and Fig. S1(c): δ ≥ 5 % marks where the effective theory fails)",
                                 measure: delta, threshold: ringValidityThreshold, valid: delta.map { $0 <= ringValidityThreshold } ?? false, reasons: reasons)
    let notes = ["heat currents in energy per unit time (file units), positive into the system; Q̇ mechanical = ω_mγ_m(n̄ − ⟨d†d⟩) with the local H ω_m d†d",
                 "relative difference |v − v_exact|/max(|v_exact|, scale); currents have scale 1e-9 ω_mγ_m(n̄ + 1)"]
    return routeDocument(file: m.file, title: m.title, units: m.units, kind: "optomechanical-ring", routes: routes, names: names, scales: scales,
                         values: values, validity: validity, notes: notes)
  }

  // MARK: Cascaded

  /// Largest Fock dimension (levels^N) for the cheap Fock route of `compare` (the Liouvillian has dimension², so
  /// 64 gives ≤ 4096 unknowns: the assembly and sparse LU take well under a second even in a debug build; a 3-mode
  /// cascade at 125 states took 18 s in a debug build).
  public static let cascadedFockMaximumDimension = 64
  /// Thermal estimate of the top-level population accepted for the Fock route.
  public static let cascadedFockTopPopulation = 1e-6

  /// Independent routes to the steady state of a cascaded model (paper 001): the cascaded master equation (Eq. 1,
  /// Lyapunov; the reference used by `solve`), the Langevin form (Eq. 2, drift and input noise, Lyapunov), the closed
  /// forms (C1)–(C2) (N = 2, κ_1 = κ_2 = γ_1 = γ_2, θ_1 = 0) and a Fock-space solve of the master equation when the
  /// occupations are small enough for a cheap truncation.
  public static func compareCascade(_ m: CascadedModelFile) -> RouteCompareDocument {
    let net = m.network, n = net.modeCount
    var names = m.modeNames.map { "n̄ \($0)" }
    names += m.modeNames.map { "Φ own \($0) (quanta in)" } + ["Φ channel (quanta in)"]
    // Occupation floor: 1e-12 (occupations are ≥ 0; a mode at N̄ = 0 everywhere has n̄ = 0 exactly). Flows: 1e-12 of
    // the gross exchange Σ_i (κ_i + γ_i)(n̄_i + ½).
    var routes = [RouteInfo(name: "master equation", description: "cascaded master equation (paper 001, Eq. 1), Gaussian Lyapunov steady state; flows Tr{N 𝓓_α ρ}"),
                  RouteInfo(name: "Langevin", description: "Langevin form (paper 001, Eq. 2): drift M and input noise B diag(N̄ + ½) B†, Lyapunov; flows κ_i(N̄_i − n̄_i), channel −Σ_i"),
                  RouteInfo(name: "closed form", description: "paper 001, Eqs. (C1)–(C2) (N = 2, κ_1 = κ_2 = γ_1 = γ_2, θ_1 = 0); flows κ_i(N̄_i − n̄_i), channel −Σ_i"),
                  RouteInfo(name: "Fock", description: "the same master equation on a truncated Fock space (sparse LU); flows κ_i(N̄_i − n̄_i), channel −Σ_i")]
    var values: [[Double?]?] = Array(repeating: nil, count: routes.count)
    var notes: [String] = []
    /// Own-bath flows κ_i(N̄_i − n̄_i) (D[c_i] at rates κ_i(N̄_i + 1), κ_i N̄_i) and the channel's −Σ_i (H and the
    /// cascade conserve N = Σ c_i†c_i).
    func withFlows(_ occ: [Double]) -> [Double?] {
      let own = (0..<n).map { net.ownRates[$0] * (net.ownOccupations[$0] - occ[$0]) }
      return occ + own + [-own.reduce(0, +)]
    }
    var scale = 1e-12
    var reference: [Double]?
    do {
      let cs = try CascadedSteadyState(net)
      reference = cs.occupations
      values[0] = cs.occupations + cs.quantaFlows
      scale = 1e-12 * cascadeScale(net, cs)
    } catch {
      routes[0].error = "\(error)"
    }
    do {
      let l = try net.langevinOccupations()
      values[1] = withFlows(l.occupations)
    } catch {
      routes[1].error = "\(error)"
    }
    let k = net.ownRates[0]
    if n == 2, (net.ownRates + net.cascadeRates).allSatisfy({ $0 == k }), net.phases[0] == 0 {
      let d = net.frequencies[1] - net.frequencies[0], theta = net.phases[1], f = net.reciprocityBreaking[0]
      let n1 = net.ownOccupations[0], n2 = net.ownOccupations[1], n3 = net.commonOccupation
      values[2] = withFlows([Paper001ClosedForms.n1(kappa: k, detuning: d, theta: theta, f: f, n1: n1, n2: n2, n3: n3),
                             Paper001ClosedForms.n2(kappa: k, detuning: d, theta: theta, f: f, n1: n1, n2: n2, n3: n3)])
    } else {
      routes[2].error = "not applicable: (C1)–(C2) need N = 2, κ_1 = κ_2 = γ_1 = γ_2 and θ_1 = 0 (this model: N = \(n), κ = \(net.ownRates.map(Text.num)), γ = \(net.cascadeRates.map(Text.num)), θ = \(net.phases.map(Text.num)))"
    }
    if let reference {
      // Thermal estimate of the top-level population of the most occupied mode: (n/(n+1))^(levels−1).
      let nMax = reference.max() ?? 0
      let ratio = nMax / (nMax + 1)
      // In Double until the size is known to be small: n̄ ≫ 1 makes ln(ratio) → 0 and the level count unbounded.
      let levelsD = !(ratio < 1) ? Double.infinity : ratio > 0 ? max(2, (log(cascadedFockTopPopulation) / log(ratio)).rounded(.up) + 1) : 2
      let dim = pow(levelsD, Double(n))
      let levels = dim <= Double(cascadedFockMaximumDimension) ? Int(levelsD) : 0
      if dim <= Double(cascadedFockMaximumDimension) {
        do {
          let f = try net.masterEquation().fockSteadyState(cutoff: levels)
          let v = f.covariance
          values[3] = withFlows((0..<n).map { (v[2 * $0, 2 * $0] + v[2 * $0 + 1, 2 * $0 + 1] - 1) / 2 })
          routes[3].description += " — \(levels) levels per mode, top-level population \(Text.num(f.truncationPopulation)), trace error \(Text.num(f.solution.traceError))"
        } catch {
          routes[3].error = "\(error)"
        }
      } else {
        routes[3].error = "skipped: n̄_max = \(Text.num(nMax)) needs \(Text.num(levelsD)) levels per mode for a top-level population ≤ \(Text.num(cascadedFockTopPopulation)), Fock dimension \(Text.num(levelsD))^\(n) > \(cascadedFockMaximumDimension)"
      }
    }
    let available = values.compactMap { $0 }.count
    if available <= 1 { notes.append("only one method applies to this model: its numbers are printed without an independent check") }
    notes.append("flows are quanta per unit time into the system; for the Langevin, closed-form and Fock routes they follow from n̄ (own baths κ_i(N̄_i − n̄_i), channel −Σ_i by number conservation)")
    let scales = Array(repeating: 1e-12, count: n) + Array(repeating: scale, count: n + 1)
    return routeDocument(file: m.file, title: m.title, units: m.units, kind: "cascaded", routes: routes, names: names, scales: scales,
                         values: values, validity: nil, notes: notes)
  }

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
