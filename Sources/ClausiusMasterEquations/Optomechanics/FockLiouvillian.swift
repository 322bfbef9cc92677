import Numerics

/// A set of density-matrix elements closed under a Liouvillian: either all d² elements, or the block
/// {ρ_ij : q_i − q_j = σ} of a weak U(1) symmetry with charge q. Elements are listed by their
/// column-stacking index c = i + j·d (docs/conventions.md) in increasing order.
public struct FockSector: Sendable {
  /// Hilbert-space dimension d.
  public let dimension: Int
  /// Column-stacking indices c = i + j d of the elements kept, increasing.
  public let elements: [Int]
  /// c ↦ position in `elements`, or −1 when the element is outside the sector.
  public let position: [Int32]
  /// The charge per basis state (nil for the full space) and the sector label σ.
  public let charge: [Int]?
  public let sigma: Int

  /// All d² elements.
  public static func full(dimension d: Int) -> FockSector {
    FockSector(dimension: d, elements: Array(0..<(d * d)), position: (0..<(d * d)).map { Int32($0) }, charge: nil, sigma: 0)
  }

  /// The block q_i − q_j = σ (σ = 0: the blocks diagonal in the charge, which hold the steady state).
  public static func block(charge q: [Int], sigma: Int = 0) -> FockSector {
    let d = q.count
    var elements: [Int] = []
    var position = [Int32](repeating: -1, count: d * d)
    for j in 0..<d {
      for i in 0..<d where q[i] - q[j] == sigma {
        position[i + j * d] = Int32(elements.count)
        elements.append(i + j * d)
      }
    }
    return FockSector(dimension: d, elements: elements, position: position, charge: q, sigma: sigma)
  }

  /// Number of unknowns.
  public var count: Int { elements.count }
}

/// Direct sparse assembly of a Lindblad generator in column-stacking form, optionally restricted to a
/// symmetry sector. With K = H − (i/2) Σ_k L_k†L_k:
///
///   L vec(ρ) = vec(−iKρ + iρK† + Σ_k L_k ρ L_k†),   i.e.  L = I⊗(−iK) + (iK̄)⊗I + Σ_k L̄_k⊗L_k,
///
/// which equals −i[H,ρ] + Σ_k D[L_k]ρ with D[L]ρ = LρL† − ½{L†L, ρ} (docs/conventions.md).
/// Column c = (k, l) of the superoperator receives, without any global triplet sort:
///   −iK_ik at row (i, l);  i·conj(K_jl) at row (k, j);  L_ik conj(L_jl) at row (i, j).
/// Each column is sorted and merged locally, so the cost is linear in the number of entries.
public enum FockLiouvillian {
  /// The generator restricted to `sector` (rows and columns both indexed by sector position).
  /// Precondition for a proper sector: the equation has the corresponding weak U(1) symmetry
  /// (checked by the caller, e.g. `FockMasterEquation.hasWeakU1Symmetry`).
  public static func assemble(hamiltonian h: SparseMatrix, jumps: [SparseMatrix], sector: FockSector) -> SparseMatrix {
    var k = h
    if !jumps.isEmpty {
      var triplets: [(row: Int, column: Int, value: Complex<Double>)] = []
      for l in jumps { triplets += (l.adjoint * l).triplets }
      let sum = SparseMatrix(rows: h.rows, columns: h.columns, triplets: triplets)
      k = h + Complex(0, -0.5) * sum
    }
    return assemble(effectiveHamiltonian: k, pairs: jumps.map { ($0, $0) }, sector: sector)
  }

  /// The generator L vec(ρ) = vec(−iKρ + iρK† + Σ_m A_m ρ B_m†) restricted to `sector`, for a non-Hermitian K and
  /// operator pairs (A_m, B_m): Lindblad jumps are pairs (L, L) with K = H − (i/2)ΣL†L; Bloch–Redfield terms add
  /// (Λ, S), (S, Λ) and −iSΛ to K (`FockMasterEquation.effectiveHamiltonianAndPairs`).
  /// Column c = (k, l) receives −iK_ik at row (i, l), i·conj(K_jl) at row (k, j) and A_ik conj(B_jl) at row (i, j).
  public static func assemble(effectiveHamiltonian k: SparseMatrix, pairs: [(SparseMatrix, SparseMatrix)], sector: FockSector) -> SparseMatrix {
    let d = sector.dimension
    // The pairs' CSC arrays concatenated (one flat array each, with per-operator offsets), so the inner
    // loops below run on raw buffers without touching array-of-array references. Operator 2m is A_m, 2m + 1 is B_m.
    var jumpColumnOffset = [0], jumpEntryOffset = [0]
    var jp: [Int] = [], jr: [Int] = [], jv: [Complex<Double>] = []
    for (a, b) in pairs {
      for l in [a, b] {
        jp += l.columnPointers; jr += l.rowIndices; jv += l.values
        jumpColumnOffset.append(jp.count); jumpEntryOffset.append(jr.count)
      }
    }
    let n = sector.count
    var columnPointers = [Int](repeating: 0, count: n + 1)
    var rowIndices: [Int] = [], values: [Complex<Double>] = []
    rowIndices.reserveCapacity(n * 8); values.reserveCapacity(n * 8)
    // Per-column scratch: at most (entries of K's columns kk and l) + Σ_m (entries of A_m's column kk)(of B_m's column l).
    var scratch = 0
    do {
      var kMax = 0
      for c in 0..<d { kMax = Swift.max(kMax, k.columnPointers[c + 1] - k.columnPointers[c]) }
      scratch = 2 * kMax
      for (a, b) in pairs {
        var aMax = 0, bMax = 0
        for c in 0..<d {
          aMax = Swift.max(aMax, a.columnPointers[c + 1] - a.columnPointers[c])
          bMax = Swift.max(bMax, b.columnPointers[c + 1] - b.columnPointers[c])
        }
        scratch += aMax * bMax
      }
    }
    let bufRow = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, scratch))
    let bufVal = UnsafeMutablePointer<Complex<Double>>.allocate(capacity: Swift.max(1, scratch))
    defer { bufRow.deallocate(); bufVal.deallocate() }
    let minusI = Complex<Double>(0, -1), plusI = Complex<Double>(0, 1)
    let jumpCount = pairs.count
    k.columnPointers.withUnsafeBufferPointer { kp in k.rowIndices.withUnsafeBufferPointer { kr in k.values.withUnsafeBufferPointer { kv in
    jp.withUnsafeBufferPointer { jp in jr.withUnsafeBufferPointer { jr in jv.withUnsafeBufferPointer { jv in
    sector.position.withUnsafeBufferPointer { pos in sector.elements.withUnsafeBufferPointer { elements in
      for s in 0..<n {
        let c = elements[s], kk = c % d, l = c / d
        var count = 0
        for p in kp[kk]..<kp[kk + 1] {
          let r = pos[kr[p] + l * d]
          if r >= 0 { bufRow[count] = Int(r); bufVal[count] = minusI * kv[p]; count += 1 }
        }
        for p in kp[l]..<kp[l + 1] {
          let r = pos[kk + kr[p] * d]
          if r >= 0 { bufRow[count] = Int(r); bufVal[count] = plusI * kv[p].conjugate; count += 1 }
        }
        for m in 0..<jumpCount {
          let co = jumpColumnOffset[2 * m], eo = jumpEntryOffset[2 * m]
          let cb = jumpColumnOffset[2 * m + 1], eb = jumpEntryOffset[2 * m + 1]
          for p in (eo + jp[co + kk])..<(eo + jp[co + kk + 1]) {
            let i = jr[p], a = jv[p]
            for q in (eb + jp[cb + l])..<(eb + jp[cb + l + 1]) {
              let r = pos[i + jr[q] * d]
              if r >= 0 { bufRow[count] = Int(r); bufVal[count] = a * jv[q].conjugate; count += 1 }
            }
          }
        }
        // Insertion sort by row (columns are short), then merge duplicates.
        if count > 1 {
          for x in 1..<count {
            let rr = bufRow[x], vv = bufVal[x]
            var y = x - 1
            while y >= 0 && bufRow[y] > rr { bufRow[y + 1] = bufRow[y]; bufVal[y + 1] = bufVal[y]; y -= 1 }
            bufRow[y + 1] = rr; bufVal[y + 1] = vv
          }
        }
        var last = -1
        for x in 0..<count {
          if bufRow[x] == last { values[values.count - 1] += bufVal[x] } else {
            rowIndices.append(bufRow[x]); values.append(bufVal[x]); last = bufRow[x]
          }
        }
        columnPointers[s + 1] = rowIndices.count
      }
    } }
    } } }
    } } }
    return SparseMatrix(rows: n, columns: n, columnPointers: columnPointers, rowIndices: rowIndices, values: values)
  }

  /// The generator of `equation` on `sector`.
  public static func assemble(_ equation: FockMasterEquation, sector: FockSector) -> SparseMatrix {
    if equation.redfieldTerms.isEmpty { return assemble(hamiltonian: equation.hamiltonian, jumps: equation.jumps, sector: sector) }
    let (k, pairs) = equation.effectiveHamiltonianAndPairs
    return assemble(effectiveHamiltonian: k, pairs: pairs, sector: sector)
  }
}
