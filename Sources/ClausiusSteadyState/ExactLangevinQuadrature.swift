import ClausiusNumerics
import Foundation

// AdaptiveGaussKronrod itself is in ClausiusNumerics (also used by the Lamb shift of SpectralDensity).
extension AdaptiveGaussKronrod {
  /// Breakpoints for a resonant integrand on [0, 8·top]: 0, each resonance centre with offsets
  /// halfWidth·4^k (k ≥ 0) on both sides while below ¼ of the centre, the `extra` points, a geometric ladder
  /// (×4) from `ladderStart` below 8·top, and 8·top; sorted, restricted to [0, 8·top], near-duplicates (relative
  /// 1e-13) removed. Shared by the exact Langevin solvers.
  static func resonanceBreakpoints(_ res: [(centre: Double, halfWidth: Double)], extra: [Double], ladderStart: Double, top: Double) -> [Double] {
    var pts: [Double] = [0] + extra
    for r in res {
      pts.append(r.centre)
      var off = r.halfWidth
      while off < 0.25 * r.centre { pts.append(r.centre - off); pts.append(r.centre + off); off *= 4 }
    }
    var g = ladderStart
    while g < 8 * top { pts.append(g); g *= 4 }
    pts.append(8 * top)
    pts = pts.filter { $0 >= 0 && $0 <= 8 * top }.sorted()
    var clean: [Double] = []
    for p in pts where clean.isEmpty || p - clean.last! > 1e-13 * max(p, 1e-300) { clean.append(p) }
    return clean
  }
}
