import Numerics

/// The memory of a Fock steady-state solve, estimated from the master equation's operators before the
/// Liouvillian is assembled (`FockMasterEquation.steadyState` refuses with `NumericsError.memoryLimit` when it
/// exceeds the limit, instead of allocating).
public struct FockSolveMemoryEstimate: Sendable, Equatable {
  /// Unknowns: Σ_q (states of charge q)² in the σ = 0 sector of a weak U(1) symmetry, d² without one.
  public let unknowns: Double
  /// Entries of the (sector) Liouvillian before duplicates merge: an unbiased estimate from a deterministic
  /// sample of columns, each counted exactly as `FockLiouvillian.assemble` fills it.
  public let liouvillianEntries: Double
  /// Bytes held during the solve: the Liouvillian and its trace-augmented copy (24 bytes per entry each), the
  /// sector map (4 d² + 8 n).
  public let heldBytes: Double
  /// Peak before the factorisation: the assembly (growing arrays: up to 72 bytes per entry) or the held bytes
  /// plus the dense ρ (16 d²). The LU's own fill is checked by UMFPACK's symbolic analysis against the rest.
  public let peakBytes: Double
}

extension FockMasterEquation {
  /// Estimates the memory of `steadyState` on the σ = 0 sector of `charge` (or the full space when nil).
  public func solveMemoryEstimate(charge: [Int]?, samples: Int = 2048) -> FockSolveMemoryEstimate {
    let d = space.dimension
    var members: [Int: [Int]] = [:]
    if let q = charge { for (state, c) in q.enumerated() { members[c, default: []].append(state) } }
    let n = charge == nil ? Double(d) * Double(d) : members.values.reduce(0.0) { $0 + Double($1.count) * Double($1.count) }
    var k = hamiltonian
    if !jumps.isEmpty {
      var triplets: [(row: Int, column: Int, value: Complex<Double>)] = []
      for l in jumps { triplets += (l.adjoint * l).triplets }
      k = hamiltonian + Complex(0, -0.5) * SparseMatrix(rows: d, columns: d, triplets: triplets)
    }
    let ls = jumps
    func sameSector(_ i: Int, _ j: Int) -> Bool { charge.map { $0[i] == $0[j] } ?? true }
    var rng = SplitMix64(seed: 0x6D65_6D6F_7279)
    var sum = 0.0
    let count = Swift.max(1, Swift.min(samples, Int(Swift.min(n, 1e9))))
    for _ in 0..<count {
      let kk = Int.random(in: 0..<d, using: &rng)
      let group = charge.map { members[$0[kk]]! } ?? []
      let partners = charge == nil ? d : group.count
      let l = charge == nil ? Int.random(in: 0..<d, using: &rng) : group[Int.random(in: 0..<group.count, using: &rng)]
      var c = 0
      for p in k.columnPointers[kk]..<k.columnPointers[kk + 1] where sameSector(k.rowIndices[p], l) { c += 1 }
      for p in k.columnPointers[l]..<k.columnPointers[l + 1] where sameSector(kk, k.rowIndices[p]) { c += 1 }
      for m in ls {
        for p in m.columnPointers[kk]..<m.columnPointers[kk + 1] {
          for q in m.columnPointers[l]..<m.columnPointers[l + 1] where sameSector(m.rowIndices[p], m.rowIndices[q]) { c += 1 }
        }
      }
      sum += Double(partners) * Double(c)
    }
    let entries = Double(d) * sum / Double(count)
    let dd = Double(d) * Double(d)
    let held = 48 * entries + 4 * dd + 8 * n
    return FockSolveMemoryEstimate(unknowns: n, liouvillianEntries: entries, heldBytes: held,
                                   peakBytes: Swift.max(72 * entries + 4 * dd + 8 * n, held + 16 * dd))
  }
}
