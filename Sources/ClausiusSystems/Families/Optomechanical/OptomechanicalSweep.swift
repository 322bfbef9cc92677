import ClausiusSteadyState

/// Sweeps of an optomechanical model reuse UMFPACK's symbolic analysis (ordering and memory estimate) of each
/// equation's augmented Liouvillian, taken from the model as read, at every point whose Liouvillian has the same
/// sparsity pattern (temperatures, rates, a non-zero g, frequencies at a fixed explicit truncation): each point is then
/// the assembly, UMFPACK's numeric factorisation and the solve (SweepSolver.swift, `FockSymbolicAnalysis`). The
/// analysis of the model as read costs one extra solve per equation; with `[truncation] automatic = true` the
/// truncation differs between points and nothing is reused.
struct OptomechanicalSweepSolver: SweepPointSolver {
  let base: OptomechanicalModelFile
  let paths: [[String]]
  let counter = SweepReuseCounter()

  func validate(_ values: [ModelValue]) throws { _ = try modelAtPoint(base, paths: paths, values: values) }

  var reuse: SweepReuseReport { counter.value }

  func methods(at values: [ModelValue]) throws -> [MethodResult] {
    let m = try modelAtPoint(base, paths: paths, values: values)
    counter.point()
    return m.equations.map { choice in
      guard case .explicit = m.truncation else { return KindSolver.methodResult(m, choice).result }
      let analysis = counter.shared("symbolic analysis of \(choice.name)") { () -> FockSymbolicAnalysis? in
        guard case .explicit = base.truncation else { return nil }
        let slot = FockSymbolicSlot()
        _ = try? KindSolver.solveFock(base, choice, symbolic: slot)   // the slot keeps the analysis also if the check of the truncation fails
        return slot.used
      }
      let slot = FockSymbolicSlot(reuse: analysis)
      let r = KindSolver.methodResult(m, choice, symbolic: slot).result
      if slot.reused { counter.reused(SweepReuse.symbolicAnalysis) }
      return r
    }
  }
}

extension OptomechanicalModelFile {
  public func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver { OptomechanicalSweepSolver(base: self, paths: paths) }
}
