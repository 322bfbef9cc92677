import ClausiusModels
import ClausiusNumerics
import Foundation
import Numerics

/// The eigenbasis of a Hermitian H found block by block: the basis states split into the connected components of
/// H's sparsity graph (states i, j joined when H_ij ≠ 0), and each component's block is diagonalised alone (LAPACK
/// `zheevd` through `hermitianEigen`). A conserved quantity of H (total magnetisation of an XXZ chain, excitation
/// number of a Jaynes–Cummings model) makes these blocks small, so a 12-qubit chain (d = 4096) costs the largest
/// sector's eigen-decomposition (924²), not d³.
public struct BlockEigenbasis: Sendable {
  /// Eigenvalues, component by component (ascending within each).
  public let energies: [Double]
  /// U: column k is the k-th eigenvector in the product basis (nonzero only on its component's states).
  public let vectors: SparseMatrix
  /// The component of each eigenvector.
  public let component: [Int]
  /// Size of the largest component (the cost of the decomposition is Σ size³).
  public let largestComponent: Int
  /// The product-basis states of each component, its eigenvectors (dense, columns) and the index of its first
  /// eigenvalue in `energies`.
  let componentStates: [[Int]]
  let componentVectors: [Matrix<Complex<Double>>]
  let componentOffset: [Int]
  /// Component and position within it of each product-basis state.
  let stateComponent: [Int]
  let statePosition: [Int]

  /// ⟨a|U†OU|b⟩ for the eigenvectors a, b: v_a† (O v_b) on their components only. `scratch` (length d, zero on entry
  /// and on return) holds O v_b.
  public func matrixElement(_ o: SparseMatrix, _ a: Int, _ b: Int, scratch: inout [Complex<Double>]) -> Complex<Double> {
    let cb = component[b], ca = component[a]
    let kb = b - componentOffset[cb], ka = a - componentOffset[ca]
    let vb = componentVectors[cb], va = componentVectors[ca]
    var touched: [Int] = []
    for (m, s) in componentStates[cb].enumerated() {
      let x = vb[m, kb]
      guard x != .zero else { continue }
      for p in o.columnPointers[s]..<o.columnPointers[s + 1] { scratch[o.rowIndices[p]] += o.values[p] * x; touched.append(o.rowIndices[p]) }
    }
    var sum = Complex<Double>.zero
    for (m, s) in componentStates[ca].enumerated() { sum += va[m, ka].conjugate * scratch[s] }
    for r in touched { scratch[r] = .zero }
    return sum
  }

  public init(_ h: SparseMatrix) throws {
    let d = h.rows
    var parent = Array(0..<d)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
      return x
    }
    for c in 0..<d {
      for p in h.columnPointers[c]..<h.columnPointers[c + 1] where h.values[p] != .zero {
        let a = find(h.rowIndices[p]), b = find(c)
        if a != b { parent[max(a, b)] = min(a, b) }
      }
    }
    var members: [Int: [Int]] = [:]
    for i in 0..<d { members[find(i), default: []].append(i) }
    let groups = members.keys.sorted().map { members[$0]! }
    var energies: [Double] = [], component: [Int] = [], triplets: [(row: Int, column: Int, value: Complex<Double>)] = []
    var largest = 0
    var vectorsPerComponent: [Matrix<Complex<Double>>] = [], offsets: [Int] = []
    var stateComponent = [Int](repeating: 0, count: d), statePosition = [Int](repeating: 0, count: d)
    energies.reserveCapacity(d); component.reserveCapacity(d)
    for (g, states) in groups.enumerated() {
      for (k, s) in states.enumerated() { stateComponent[s] = g; statePosition[s] = k }
      offsets.append(energies.count)
      let n = states.count
      largest = max(largest, n)
      var local = [Int](repeating: -1, count: 0)
      if n > 1 { local = [Int](repeating: -1, count: d); for (k, s) in states.enumerated() { local[s] = k } }
      var block = Matrix<Complex<Double>>(rows: n, columns: n)
      for (k, s) in states.enumerated() {
        for p in h.columnPointers[s]..<h.columnPointers[s + 1] {
          let r = h.rowIndices[p]
          block[n > 1 ? local[r] : 0, k] = h.values[p]
        }
      }
      let eig = try block.hermitianEigen(vectors: true)
      vectorsPerComponent.append(eig.vectors)
      for k in 0..<n {
        let column = energies.count
        energies.append(eig.values[k]); component.append(g)
        for (m, s) in states.enumerated() where eig.vectors[m, k] != .zero { triplets.append((s, column, eig.vectors[m, k])) }
      }
    }
    self.energies = energies; self.component = component; largestComponent = largest
    vectors = SparseMatrix(rows: d, columns: d, triplets: triplets)
    componentStates = groups; componentVectors = vectorsPerComponent; componentOffset = offsets
    self.stateComponent = stateComponent; self.statePosition = statePosition
  }

  /// U†OU for an operator O of the product basis, block by block: for each pair of components (c, c') that O
  /// connects, V_c† O_cc' V_c' by two dense products (BLAS `zgemm`); entries below 1e-14 of the largest dropped.
  public func transform(_ o: SparseMatrix) -> SparseMatrix {
    struct Pair: Hashable { let row: Int, column: Int }
    var blocks: [Pair: [(row: Int, column: Int, value: Complex<Double>)]] = [:]
    for c in 0..<o.columns {
      for p in o.columnPointers[c]..<o.columnPointers[c + 1] {
        let r = o.rowIndices[p]
        blocks[Pair(row: stateComponent[r], column: stateComponent[c]), default: []].append((statePosition[r], statePosition[c], o.values[p]))
      }
    }
    var triplets: [(row: Int, column: Int, value: Complex<Double>)] = []
    var largest = 0.0
    var results: [(Pair, Matrix<Complex<Double>>)] = []
    for (pair, entries) in blocks {
      let v1 = componentVectors[pair.row], v2 = componentVectors[pair.column]
      // O_cc' V_c' row by row from O's entries (O is sparse: a row of V_c' per entry), then one zgemm with V_c†.
      var ov = Matrix<Complex<Double>>(rows: v1.rows, columns: v2.columns)
      for e in entries { for k in 0..<v2.columns { ov[e.row, k] += e.value * v2[e.column, k] } }
      let t = v1.adjoint * ov
      for x in t.elements { largest = Swift.max(largest, x.length) }
      results.append((pair, t))
    }
    let cut = 1e-14 * largest
    for (pair, t) in results {
      let r0 = componentOffset[pair.row], c0 = componentOffset[pair.column]
      for j in 0..<t.columns { for i in 0..<t.rows where t[i, j].length > cut { triplets.append((r0 + i, c0 + j, t[i, j])) } }
    }
    return SparseMatrix(rows: o.rows, columns: o.columns, triplets: triplets)
  }
}

/// A secular (Davies) master equation written in the eigenbasis of H, for solvers that use its structure:
/// 𝓛ρ = −i[H, ρ] + Σ_g γ_g D[A_g], A_g = Σ_{(i, j) ∈ g} S_ij |i⟩⟨j| the Bohr component of a bath operator for the
/// frequencies E_j − E_i of group g (grouped within the degeneracy tolerance, as `OpenSystem.masterEquation(.global)`).
///
/// Each A_g lowers the energy by ω_g, so the generator maps operators that are block-diagonal in the energy clusters
/// (`cluster`) into themselves: the steady state is found on Σ_C |C|² unknowns instead of d² — the Pauli rate
/// equation W p = 0 when no two levels are degenerate, plus the degenerate blocks. `cluster` is the finest labelling
/// for which this holds by construction: levels within the tolerance share a cluster, and then targets of one A_g
/// from one cluster, and sources of one A_g reaching one level, are merged until nothing changes.
public struct SecularEquation: Sendable {
  public let eigenbasis: BlockEigenbasis
  public var energies: [Double] { eigenbasis.energies }
  /// The energy cluster of each eigenstate (0 ..< clusterCount).
  public let cluster: [Int]
  public let clusterCount: Int
  public let bathNames: [String]
  /// Group g: bath `groupBath[g]`, Bohr frequency `groupFrequency[g]` (> 0: emission), rate γ_g = `groupRate[g]`,
  /// entries `groupStart[g] ..< groupStart[g + 1]` of `entryRow`, `entryColumn`, `entryValue` (S_ij, j → i).
  public let groupBath: [Int]
  public let groupFrequency: [Double]
  public let groupRate: [Double]
  public let groupStart: [Int]
  public let entryRow: [Int]
  public let entryColumn: [Int]
  public let entryValue: [Complex<Double>]
  public var groupCount: Int { groupRate.count }
  public var dimension: Int { cluster.count }
}

extension OpenSystem {
  /// The global (Davies) equation in the block-diagonalised eigenbasis of H (`SecularEquation`): the same generator as
  /// `masterEquation(.global(degeneracyTolerance:))`, with the Bohr components kept as transition lists.
  public func secularEquation(degeneracyTolerance tolerance: Double) throws -> SecularEquation {
    let basis = try BlockEigenbasis(hamiltonian)
    let e = basis.energies, d = e.count
    let width = tolerance * Swift.max(1, e.map(abs).max() ?? 0)
    var groupBath: [Int] = [], groupFrequency: [Double] = [], groupRate: [Double] = [], groupStart = [0]
    var rows: [Int] = [], columns: [Int] = [], values: [Complex<Double>] = []
    for (b, bath) in baths.enumerated() {
      let s = basis.transform(try coupling(b))
      var transitions: [(omega: Double, row: Int, column: Int, value: Complex<Double>)] = []
      transitions.reserveCapacity(s.nonZeroCount)
      let cut = 1e-12 * s.maxAbs
      for j in 0..<d {
        for p in s.columnPointers[j]..<s.columnPointers[j + 1] where s.values[p].length > cut {
          let i = s.rowIndices[p]
          transitions.append((e[j] - e[i], i, j, s.values[p]))
        }
      }
      transitions.sort { $0.omega < $1.omega }
      var k = 0
      while k < transitions.count {
        var end = k + 1
        while end < transitions.count, transitions[end].omega - transitions[k].omega <= width { end += 1 }
        var mean = 0.0, weight = 0.0
        for t in transitions[k..<end] { mean += t.omega; weight = Swift.max(weight, t.value.length) }
        mean /= Double(end - k)
        let omega = abs(mean) <= width ? 0 : mean
        let g = try bath.rate(omega, zeroTolerance: width, weight: weight)
        if g > 0 {
          for t in transitions[k..<end] { rows.append(t.row); columns.append(t.column); values.append(t.value) }
          groupBath.append(b); groupFrequency.append(omega); groupRate.append(g); groupStart.append(rows.count)
        }
        k = end
      }
    }
    // Energy clusters: levels within the tolerance (chained), then closed under the generator (see the type's doc).
    var parent = Array(0..<d)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
      return x
    }
    @discardableResult func union(_ a: Int, _ b: Int) -> Bool {
      let x = find(a), y = find(b)
      guard x != y else { return false }
      parent[Swift.max(x, y)] = Swift.min(x, y)
      return true
    }
    let order = (0..<d).sorted { e[$0] < e[$1] }
    for k in order.indices.dropFirst() where e[order[k]] - e[order[k - 1]] <= width { union(order[k], order[k - 1]) }
    var changed = true
    while changed {
      changed = false
      for g in groupRate.indices where groupStart[g + 1] - groupStart[g] > 1 {
        var targetOfSource: [Int: Int] = [:], sourceOfTarget: [Int: Int] = [:]
        for p in groupStart[g]..<groupStart[g + 1] {
          let i = rows[p], j = columns[p]
          if let i0 = targetOfSource[find(j)] { if union(i0, i) { changed = true } } else { targetOfSource[find(j)] = i }
          if let j0 = sourceOfTarget[i] { if union(j0, j) { changed = true } } else { sourceOfTarget[i] = j }
        }
      }
    }
    var label: [Int: Int] = [:]
    let cluster = (0..<d).map { i -> Int in
      let r = find(i)
      if let l = label[r] { return l }
      label[r] = label.count
      return label.count - 1
    }
    return SecularEquation(eigenbasis: basis, cluster: cluster, clusterCount: label.count, bathNames: baths.map(\.name),
                           groupBath: groupBath, groupFrequency: groupFrequency, groupRate: groupRate, groupStart: groupStart,
                           entryRow: rows, entryColumn: columns, entryValue: values)
  }
}
