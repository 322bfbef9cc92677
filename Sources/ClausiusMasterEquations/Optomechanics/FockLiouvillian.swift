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
    let d = sector.dimension
    var k = h
    if !jumps.isEmpty {
      var triplets: [(row: Int, column: Int, value: Complex<Double>)] = []
      for l in jumps { triplets += (l.adjoint * l).triplets }
      let sum = SparseMatrix(rows: d, columns: d, triplets: triplets)
      k = h + Complex(0, -0.5) * sum
    }
    let kp = k.columnPointers, kr = k.rowIndices, kv = k.values
    let lp = jumps.map(\.columnPointers), lr = jumps.map(\.rowIndices), lv = jumps.map(\.values)
    let pos = sector.position
    let n = sector.count
    var columnPointers = [Int](repeating: 0, count: n + 1)
    var rowIndices: [Int] = [], values: [Complex<Double>] = []
    rowIndices.reserveCapacity(n * 8); values.reserveCapacity(n * 8)
    var bufRow: [Int] = [], bufVal: [Complex<Double>] = []
    let minusI = Complex<Double>(0, -1), plusI = Complex<Double>(0, 1)
    for (s, c) in sector.elements.enumerated() {
      let kk = c % d, l = c / d
      bufRow.removeAll(keepingCapacity: true); bufVal.removeAll(keepingCapacity: true)
      for p in kp[kk]..<kp[kk + 1] {
        let r = pos[kr[p] + l * d]
        if r >= 0 { bufRow.append(Int(r)); bufVal.append(minusI * kv[p]) }
      }
      for p in kp[l]..<kp[l + 1] {
        let r = pos[kk + kr[p] * d]
        if r >= 0 { bufRow.append(Int(r)); bufVal.append(plusI * kv[p].conjugate) }
      }
      for m in 0..<jumps.count {
        let cp = lp[m], cr = lr[m], cv = lv[m]
        for p in cp[kk]..<cp[kk + 1] {
          let i = cr[p], a = cv[p]
          for q in cp[l]..<cp[l + 1] {
            let r = pos[i + cr[q] * d]
            if r >= 0 { bufRow.append(Int(r)); bufVal.append(a * cv[q].conjugate) }
          }
        }
      }
      // Insertion sort by row (columns are short), then merge duplicates.
      if bufRow.count > 1 {
        for x in 1..<bufRow.count {
          let rr = bufRow[x], vv = bufVal[x]
          var y = x - 1
          while y >= 0 && bufRow[y] > rr { bufRow[y + 1] = bufRow[y]; bufVal[y + 1] = bufVal[y]; y -= 1 }
          bufRow[y + 1] = rr; bufVal[y + 1] = vv
        }
      }
      var last = -1
      for x in 0..<bufRow.count {
        if bufRow[x] == last { values[values.count - 1] += bufVal[x] } else {
          rowIndices.append(bufRow[x]); values.append(bufVal[x]); last = bufRow[x]
        }
      }
      columnPointers[s + 1] = rowIndices.count
    }
    return SparseMatrix(rows: n, columns: n, columnPointers: columnPointers, rowIndices: rowIndices, values: values)
  }

  /// The generator of `equation` on `sector`.
  public static func assemble(_ equation: FockMasterEquation, sector: FockSector) -> SparseMatrix {
    assemble(hamiltonian: equation.hamiltonian, jumps: equation.jumps, sector: sector)
  }
}
