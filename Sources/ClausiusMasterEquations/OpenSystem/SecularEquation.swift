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

  /// Eigenvector k (column k of U) in the product basis: its component's states and amplitudes.
  public func eigenvector(_ k: Int) -> (states: [Int], amplitudes: [Complex<Double>]) {
    let c = component[k], v = componentVectors[c], col = k - componentOffset[c]
    return (componentStates[c], (0..<v.rows).map { v[$0, col] })
  }

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
    var sets = DisjointSets(count: d)
    for c in 0..<d {
      for p in h.columnPointers[c]..<h.columnPointers[c + 1] where h.values[p] != .zero { sets.union(h.rowIndices[p], c) }
    }
    let groups = sets.groups()
    var energies: [Double] = [], component: [Int] = []
    var largest = 0
    var vectorsPerComponent: [Matrix<Complex<Double>>] = [], offsets: [Int] = []
    var stateComponent = [Int](repeating: 0, count: d), statePosition = [Int](repeating: 0, count: d)
    energies.reserveCapacity(d); component.reserveCapacity(d)
    for (g, states) in groups.enumerated() {
      for (k, s) in states.enumerated() { stateComponent[s] = g; statePosition[s] = k }
      offsets.append(energies.count)
      let n = states.count
      largest = max(largest, n)
      var block = Matrix<Complex<Double>>(rows: n, columns: n)
      for (k, s) in states.enumerated() {
        for p in h.columnPointers[s]..<h.columnPointers[s + 1] { block[statePosition[h.rowIndices[p]], k] = h.values[p] }
      }
      let eig = try block.hermitianEigen(vectors: true)
      vectorsPerComponent.append(eig.vectors)
      energies += eig.values; component += Array(repeating: g, count: n)
    }
    self.energies = energies; self.component = component; largestComponent = largest
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
/// 𝓛ρ = −i[H, ρ] + Σ_g γ_g D[A_g], A_g = Σ_{(i, j) ∈ g} √(γ_ij/γ_g) S_ij |i⟩⟨j| the Bohr component of a bath operator for the
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
  /// entries `groupStart[g] ..< groupStart[g + 1]` of `entryRow`, `entryColumn`, `entryValue` (j → i): √(γ_ij/γ_g) S_ij,
  /// with γ_ij the rate at the transition's own frequency E_j − E_i and γ_g the largest of them (`transitionRates`),
  /// so that the jump rate of j → i is γ_ij |S_ij|².
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
      for group in Self.bohrGroups(transitions.map(\.omega), width: width) {
        let weight = transitions[group.range].reduce(0.0) { Swift.max($0, $1.value.length) }
        // Each transition's rate at its own frequency (`transitionRates`), as γ_g = max γ_ij and entries √(γ_ij/γ_g) S_ij.
        let rates = try Self.transitionRates(bath, omega: group.omega, frequencies: transitions[group.range].map(\.omega), zeroTolerance: width, weight: weight)
        let g = rates.max() ?? 0
        guard g > 0 else { continue }
        for (t, r) in zip(transitions[group.range], rates) where r > 0 {
          rows.append(t.row); columns.append(t.column); values.append(Complex((r / g).squareRoot(), 0) * t.value)
        }
        groupBath.append(b); groupFrequency.append(group.omega); groupRate.append(g); groupStart.append(rows.count)
      }
    }
    // Energy clusters: levels within the tolerance (chained), then closed under the generator (see the type's doc).
    var sets = DisjointSets(count: d)
    let order = (0..<d).sorted { e[$0] < e[$1] }
    for k in order.indices.dropFirst() where e[order[k]] - e[order[k - 1]] <= width { sets.union(order[k], order[k - 1]) }
    var changed = true
    while changed {
      changed = false
      for g in groupRate.indices where groupStart[g + 1] - groupStart[g] > 1 {
        var targetOfSource: [Int: Int] = [:], sourceOfTarget: [Int: Int] = [:]
        for p in groupStart[g]..<groupStart[g + 1] {
          let i = rows[p], j = columns[p]
          let source = sets.find(j)
          if let i0 = targetOfSource[source] { if sets.union(i0, i) { changed = true } } else { targetOfSource[source] = i }
          if let j0 = sourceOfTarget[i] { if sets.union(j0, j) { changed = true } } else { sourceOfTarget[i] = j }
        }
      }
    }
    let cluster = sets.labels()
    let clusterCount = (cluster.max() ?? -1) + 1
    return SecularEquation(eigenbasis: basis, cluster: cluster, clusterCount: clusterCount, bathNames: baths.map(\.name),
                           groupBath: groupBath, groupFrequency: groupFrequency, groupRate: groupRate, groupStart: groupStart,
                           entryRow: rows, entryColumn: columns, entryValue: values)
  }
}
