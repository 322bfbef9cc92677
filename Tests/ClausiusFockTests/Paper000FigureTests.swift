import Clausius
import Foundation
import Testing

/// The figures of the paper-000 reproduction, on a reduced grid and truncation (N_c = 3, N_m = 24, three
/// couplings), so the test stays fast in a debug build. It checks that the figures carry the series of the
/// paper's Figs. 2–5 and that the plotted numbers obey the laws the reproduction's checks rely on.
@Suite struct Paper000FigureTests {
  static func reducedRun() throws -> (Paper000, ReproductionReport) {
    var paper = Paper000()
    paper.cavityLevels = 3; paper.mechanicalLevels = 24
    paper.couplings = [0, 0.02, 0.04]
    paper.sidebandOrders = [2, 4, 8]
    paper.convergenceCouplings = [0.02, 0.04]
    paper.smallCouplings = []
    paper.automaticTruncationStudy = false
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clausius-p000-figures-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    return (paper, try paper.run(outputDirectory: dir, progress: { _ in }))
  }

  @Test func figuresCarryThePaperSeriesAndObeyTheLaws() throws {
    let (paper, report) = try Self.reducedRun()
    let byID = Dictionary(report.figures.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    #expect(byID.count == report.figures.count, "figure ids must be unique")
    let sweeps = ["fig2a-heat-current-optical", "fig2a-heat-current-mechanical", "fig2b-entropy-production",
                  "fig3a-heat-current-optical", "fig3a-heat-current-mechanical",
                  "fig4a-heat-current-optical", "fig4a-heat-current-mechanical", "fig4b-entropy-production"]
    let sideband = ["fig5-entropy-production-sidebands", "fig5-sideband-convergence", "fig5-sideband-convergence-exact-fc"]
    #expect(Set(byID.keys) == Set(sweeps + sideband))
    // Every figure has its verification check (issue 13): each plotted point's returned state — GMRES, or the sector LU
    // that replaced a rejected GMRES state — passed the a-posteriori test; the count is that of the plotted points:
    // 5 equations × 3 couplings per Figs. 2–4 figure; Fig. 5: (DSME, SME, GME2, 4, 8, GME∞) × 2 couplings, and
    // (GME∞ + 3 orders) × 2 couplings for each convergence figure.
    let expectedPoints: [String: Double] = Dictionary(uniqueKeysWithValues: sweeps.map { ($0, 15.0) })
      .merging(["fig5-entropy-production-sidebands": 12, "fig5-sideband-convergence": 8, "fig5-sideband-convergence-exact-fc": 8]) { a, _ in a }
    for id in sweeps + sideband {
      let check = report.checks.first { $0.name.hasPrefix("\(id): every plotted point passed the a-posteriori test") }
      #expect(check?.passed == true && check?.expected == expectedPoints[id], "\(id): \(String(describing: check))")
    }

    // Figs. 2–4: the paper's SME, DSME, GME (2 and 4 sidebands) plus the converged GME∞, on the coupling grid.
    let labels = ["SME", "DSME", "GME_{2}", "GME_{4}", "GME_{∞}"]
    for id in sweeps {
      let f = try #require(byID[id])
      #expect(f.series.map(\.label) == labels, "\(id)")
      #expect(!f.xAxis.unit.isEmpty && !f.yAxis.unit.isEmpty, "\(id): axes carry units")
      for s in f.series {
        #expect(s.x == paper.couplings, "\(id) \(s.label)")
        #expect(s.y.count == s.x.count && s.y.allSatisfy(\.isFinite), "\(id) \(s.label)")
      }
    }
    for fig in ["fig2", "fig3", "fig4"] {
      let jc = try #require(byID["\(fig)a-heat-current-optical"]), jm = try #require(byID["\(fig)a-heat-current-mechanical"])
      for (c, m) in zip(jc.series, jm.series) {
        // g = 0: uncoupled modes, each in equilibrium with its own bath → no current (the values are ~1e-20;
        // 1e-14 is far below the ~1e-7 currents at g > 0).
        #expect(abs(c.y[0]) < 1e-14 && abs(m.y[0]) < 1e-14, "\(fig) \(c.label) at g = 0")
        // First law J_c + J_m = 0 in steady state (paper 000, Sec. II B); 1e-7 relative as the reproduction's check.
        for (a, b) in zip(c.y, m.y) { #expect(abs(a + b) <= 1e-7 * max(abs(a), abs(b), 1e-9), "\(fig) \(c.label)") }
      }
    }
    // Eq. (25): the plotted ξ equals −J_c/T_c − J_m/T_m of the plotted currents (rounding only: 1e-12 relative).
    for (fig, tc, tm) in [("fig2", 106.0, 101.0), ("fig4", 101.0, 106.0)] {
      let jc = try #require(byID["\(fig)a-heat-current-optical"]), jm = try #require(byID["\(fig)a-heat-current-mechanical"])
      let xi = try #require(byID["\(fig)b-entropy-production"])
      let tC = OptomechanicalSystem.kelvinToOmegaC(milliKelvin: tc), tM = OptomechanicalSystem.kelvinToOmegaC(milliKelvin: tm)
      for k in 0..<xi.series.count {
        for i in paper.couplings.indices {
          let expected = -jc.series[k].y[i] / tC - jm.series[k].y[i] / tM
          #expect(abs(xi.series[k].y[i] - expected) <= 1e-12 * abs(jc.series[k].y[i]) / tC + 1e-300, "\(fig) \(xi.series[k].label)")
        }
      }
    }

    // Fig. 5: DSME, SME, GME_n (n ≤ 8) and GME∞ against g at T_c < T_m; same numbers as Fig. 4b at equal g.
    let fig5 = try #require(byID["fig5-entropy-production-sidebands"])
    #expect(fig5.series.map(\.label) == ["DSME", "SME", "GME_{2}", "GME_{4}", "GME_{8}", "GME_{∞}"])
    let fig4b = try #require(byID["fig4b-entropy-production"])
    for s in fig5.series {
      #expect(s.x == paper.convergenceCouplings && s.y.allSatisfy(\.isFinite), "\(s.label)")
      if let t = fig4b.series.first(where: { $0.label == s.label }) {
        // Separate solves of the same equation: equal up to run-to-run rounding of the sparse LU (J_c varies by
        // ~1e-9 relative between runs; ξ ∝ J_c(1/T_m − 1/T_c) amplifies that ~20×), hence 1e-6 relative.
        for (g, y) in zip(s.x, s.y) {
          let other = t.y[paper.couplings.firstIndex(of: g)!]
          #expect(abs(other - y) <= 1e-6 * abs(y), "\(s.label) at g = \(g)")
        }
      }
    }
    // Convergence: one curve per coupling against n, |ξ_n − ξ_∞|/|ξ_∞| from the Fig. 5 values.
    let conv = try #require(byID["fig5-sideband-convergence"])
    #expect(conv.yAxis.scale == .log)
    let xiInf = fig5.series.last!.y
    for (gi, s) in conv.series.enumerated() {
      #expect(s.x == paper.sidebandOrders.map(Double.init))
      for (n, e) in zip(paper.sidebandOrders, s.y) {
        let xiN = fig5.series.first { $0.label == "GME_{\(n)}" }!.y[gi]
        #expect(abs(e - abs(xiN - xiInf[gi]) / abs(xiInf[gi])) <= 1e-12 * max(e, 1e-300) + 1e-300, "n = \(n), \(s.label)")
      }
    }
    let fc = try #require(byID["fig5-sideband-convergence-exact-fc"])
    #expect(fc.series.count == paper.convergenceCouplings.count && fc.series.allSatisfy { $0.y.allSatisfy(\.isFinite) })
  }
}
