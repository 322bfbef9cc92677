import ClausiusMasterEquations
import ClausiusSteadyState

/// Sweeps of the Fock-space families (optomechanical, open-system) reuse UMFPACK's symbolic analysis (ordering,
/// strategy, memory estimate) of each equation's augmented Liouvillian, taken from the model as read, at every point
/// whose Liouvillian has the same sparsity pattern (temperatures, rates, non-zero couplings, frequencies at a fixed
/// truncation): a point is then the assembly, UMFPACK's numeric factorisation and the solve (SweepSolver.swift,
/// `FockSymbolicAnalysis`). The analysis of the model as read costs one extra solve per equation and sweep (or shard
/// task). Equations the Fock engine's sparse LU does not solve (an automatic truncation, the secular blocks of an
/// open-system global equation) reuse nothing.
struct FockSweepSolver<F: ModelFamily>: DocumentSweepSolver {
  let base: F
  let paths: [[String]]
  /// The number of requested equations of a model (the same at every point: `[solve] equations` is not swept).
  let equationCount: @Sendable (F) -> Int
  /// Whether equation k of a model is solved by the sparse LU on a fixed truncation (else it is solved without reuse).
  let reusable: @Sendable (F, Int) -> Bool
  /// Equation k's result, the sparse LU offered `slot`.
  let solveEquation: @Sendable (F, Int, FockSymbolicSlot?) -> MethodResult
  let counter = SweepReuseCounter()

  func solve(_ m: F) -> [MethodResult] {
    (0..<equationCount(m)).map { k in
      guard reusable(m, k), reusable(base, k) else { return solveEquation(m, k, nil) }
      let analysis = counter.shared("symbolic analysis of equation \(k)") { () -> FockSymbolicAnalysis? in
        let slot = FockSymbolicSlot()
        _ = solveEquation(base, k, slot)   // the slot keeps the analysis also when the truncation check then fails
        return slot.used
      }
      let neighbour = FockNeighbourLUCache.enabled ? counter.shared("neighbour LU of equation \(k)") { FockNeighbourLUCache() } : nil
      let slot = FockSymbolicSlot(reuse: analysis, neighbour: neighbour)
      let r = solveEquation(m, k, slot)
      if slot.reused { counter.reused(SweepReuse.symbolicAnalysis) }
      if slot.warmStart != nil { counter.reused(SweepReuse.neighbourLU) }
      return r
    }
  }
}

extension OptomechanicalModelFile {
  public func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver {
    FockSweepSolver(base: self, paths: paths, equationCount: { $0.equations.count },
                    reusable: { m, _ in if case .explicit = m.truncation { return true } else { return false } },
                    solveEquation: { m, k, slot in KindSolver.methodResult(m, m.equations[k], symbolic: slot).result })
  }
}

extension OpenSystemModelFile {
  public func sweepSolver(paths: [[String]]) throws -> any SweepPointSolver {
    FockSweepSolver(base: self, paths: paths, equationCount: { $0.equations.count },
                    reusable: { m, k in if case .global = m.equations[k] { return false } else { return true } },
                    // A quadratic model is also solved on the Gaussian engine at every point, as `solve` does (`methods()`).
                    solveEquation: { m, k, slot in
                      KindSolver.openSystemResult(m, m.equations[k], symbolic: slot, gaussian: try? m.system.quadraticNetwork().get()).checkedFinite()
                    })
  }
}
