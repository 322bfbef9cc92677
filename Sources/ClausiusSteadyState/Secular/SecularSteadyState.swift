import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics
import Dispatch
import Foundation
import Numerics

/// The steady state of a `SecularEquation` on its invariant block-diagonal subspace: ρ = ⊕_C ρ_C over the energy
/// clusters C (Σ_C |C|² unknowns; the Pauli rate equation when every cluster is one level).
///
/// The generator restricted to the blocks (entries (a, b) with a, b in one cluster; docs/conventions.md dissipator):
///   (𝓛ρ)_ab = −i(E_a − E_b)ρ_ab + Σ_g γ_g [Σ_{j,j'} A_aj ρ_jj' A*_bj' − ½ (K ρ + ρ K)_ab],  K = Σ_g γ_g A_g†A_g,
/// assembled as a sparse matrix; the row of ρ₀₀ is replaced by the trace condition (scaled to max|𝓛_ij|, as the Fock
/// engine does) and UMFPACK solves it. Diagnostics as every Fock state: the relative residual ‖𝓛x‖/(‖𝓛‖_F‖x‖),
/// |Tr ρ − 1|, ‖ρ − ρ†‖_max and the smallest eigenvalue of ρ (block by block).
public struct SecularSteadyState: Sendable {
  public let equation: SecularEquation
  /// Offset of cluster C's block (row-major |C| × |C|) in `values`.
  public let blockOffset: [Int]
  /// The states of each cluster, and each state's position in its cluster.
  public let members: [[Int]]
  public let position: [Int]
  /// ρ_ab, block by block.
  public let values: [Complex<Double>]
  public let diagnostics: FockSteadyStateDiagnostics

  /// ρ_ab for a, b in the same cluster (0 otherwise).
  public func element(_ a: Int, _ b: Int) -> Complex<Double> {
    let c = equation.cluster[a]
    guard equation.cluster[b] == c else { return .zero }
    return values[blockOffset[c] + position[a] * members[c].count + position[b]]
  }

  /// Solves the steady state (unique; a singular system throws `NumericsError.singularMatrix`).
  public init(_ eq: SecularEquation, memoryLimitBytes: Int = SparseSymbolicAnalysis.defaultMemoryLimit) throws {
    let t0 = DispatchTime.now().uptimeNanoseconds
    equation = eq
    let d = eq.dimension
    var members = [[Int]](repeating: [], count: eq.clusterCount)
    var position = [Int](repeating: 0, count: d)
    for a in 0..<d { position[a] = members[eq.cluster[a]].count; members[eq.cluster[a]].append(a) }
    var offset = [Int](repeating: 0, count: eq.clusterCount + 1)
    for c in 0..<eq.clusterCount { offset[c + 1] = offset[c] + members[c].count * members[c].count }
    let n = offset[eq.clusterCount]
    func index(_ a: Int, _ b: Int) -> Int { offset[eq.cluster[a]] + position[a] * members[eq.cluster[a]].count + position[b] }
    let e = eq.energies
    var triplets: [(row: Int, column: Int, value: Complex<Double>)] = []
    triplets.reserveCapacity(n + 2 * eq.entryRow.count)
    // −i[H, ρ]
    for c in 0..<eq.clusterCount {
      for a in members[c] { for b in members[c] where a != b { triplets.append((index(a, b), index(a, b), Complex(0, -(e[a] - e[b])))) } }
    }
    // Gain A ρ A† (pairs of entries whose sources share a cluster) and K = Σ γ A†A (pairs whose targets coincide).
    var kTriplets: [(row: Int, column: Int, value: Complex<Double>)] = []
    var kDiagonal = [Double](repeating: 0, count: d)   // the diagonal of K (every transition's γ|S_ij|²), kept apart
    for g in 0..<eq.groupCount {
      let gamma = eq.groupRate[g], lo = eq.groupStart[g], hi = eq.groupStart[g + 1]
      for p in lo..<hi {
        let i = eq.entryRow[p], j = eq.entryColumn[p], v = eq.entryValue[p]
        for q in lo..<hi {
          let i2 = eq.entryRow[q], j2 = eq.entryColumn[q], w = eq.entryValue[q]
          if eq.cluster[j] == eq.cluster[j2] { triplets.append((index(i, i2), index(j, j2), Complex(gamma, 0) * v * w.conjugate)) }
          if i == i2 {
            if j == j2 { kDiagonal[j] += gamma * v.lengthSquared } else { kTriplets.append((j, j2, Complex(gamma, 0) * v.conjugate * w)) }
          }
        }
      }
    }
    for j in 0..<d where kDiagonal[j] != 0 { kTriplets.append((j, j, Complex(kDiagonal[j], 0))) }
    let k = SparseMatrix(rows: d, columns: d, triplets: kTriplets)   // K_jj' (Hermitian, block-diagonal)
    for c in 0..<eq.clusterCount {
      for a in members[c] {
        for p in k.columnPointers[a]..<k.columnPointers[a + 1] {
          let x = k.rowIndices[p], kxa = k.values[p]   // K_xa: (Kρ)_xb ∋ K_xa ρ_ab and (ρK)_bx... by columns below
          for b in members[c] {
            triplets.append((index(x, b), index(a, b), Complex(-0.5, 0) * kxa))   // −½ K_xa ρ_ab → (x, b)
            triplets.append((index(b, a), index(b, x), Complex(-0.5, 0) * kxa))   // −½ ρ_bx K_xa → (b, a)
          }
        }
      }
    }
    let l = SparseMatrix(rows: n, columns: n, triplets: triplets)
    // Trace row: the row of ρ_00 (unknown 0 is (m, m) for the first state m of cluster 0) becomes w Σ_a ρ_aa = w.
    let weight = Swift.max(l.maxAbs, 1e-300)
    var isDiagonal = [Bool](repeating: false, count: n)
    for a in 0..<d { isDiagonal[index(a, a)] = true }
    var ptr = [Int](repeating: 0, count: n + 1), rows: [Int] = [], vals: [Complex<Double>] = []
    rows.reserveCapacity(l.nonZeroCount + d); vals.reserveCapacity(l.nonZeroCount + d)
    for j in 0..<n {
      if isDiagonal[j] { rows.append(0); vals.append(Complex(weight, 0)) }
      for p in l.columnPointers[j]..<l.columnPointers[j + 1] where l.rowIndices[p] != 0 { rows.append(l.rowIndices[p]); vals.append(l.values[p]) }
      ptr[j + 1] = rows.count
    }
    let augmented = SparseMatrix(rows: n, columns: n, columnPointers: ptr, rowIndices: rows, values: vals)
    let t1 = DispatchTime.now().uptimeNanoseconds
    var rhs = [Complex<Double>](repeating: .zero, count: n)
    rhs[0] = Complex(weight, 0)
    let symbolic = try SparseSymbolicAnalysis(augmented, memoryLimitBytes: memoryLimitBytes)
    var x = try SparseLUFactorization(augmented, symbolic: symbolic).solve(rhs)
    let t2 = DispatchTime.now().uptimeNanoseconds
    // Normalise (the trace row already imposes it up to round-off) and take the diagnostics on the unaugmented 𝓛.
    var trace = Complex<Double>.zero
    for a in 0..<d { trace += x[index(a, a)] }
    let traceError = (trace - Complex(1, 0)).length
    if trace.length > 0 { for s in 0..<n { x[s] = x[s] / trace } }
    let lx = l * x
    let residual = lx.reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
    let xNorm = x.reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
    var hermiticity = 0.0, minimumEigenvalue = Double.infinity
    for c in 0..<eq.clusterCount {
      let m = members[c], size = m.count
      if size == 1 {
        let v = x[offset[c]]
        hermiticity = Swift.max(hermiticity, abs(v.imaginary)); minimumEigenvalue = Swift.min(minimumEigenvalue, v.real)
        continue
      }
      var block = Matrix<Complex<Double>>(rows: size, columns: size)
      for r in 0..<size {
        for s in 0..<size {
          let v = x[offset[c] + r * size + s], w = x[offset[c] + s * size + r]
          hermiticity = Swift.max(hermiticity, (v - w.conjugate).length)
          block[r, s] = Complex(0.5, 0) * (v + w.conjugate)
        }
      }
      minimumEigenvalue = Swift.min(minimumEigenvalue, try block.hermitianEigen(vectors: false).values.min() ?? 0)
    }
    self.blockOffset = offset; self.members = members; self.position = position; values = x
    diagnostics = FockSteadyStateDiagnostics(
      residual: residual, relativeResidual: residual / Swift.max(l.frobeniusNorm * xNorm, 1e-300), traceError: traceError,
      minimumEigenvalue: minimumEigenvalue, hermiticityError: hermiticity, topLevelPopulations: [], unknowns: n,
      symmetry: "secular blocks: \(eq.clusterCount) energy clusters of \(d) levels (largest \(members.map(\.count).max() ?? 0)); H in blocks of ≤ \(eq.eigenbasis.largestComponent)",
      assemblySeconds: Double(t1 - t0) / 1e9, solveSeconds: Double(t2 - t1) / 1e9, peakMemoryEstimate: symbolic.peakMemoryEstimate)
  }

  /// Tr{H 𝒟_g(ρ)} for each group g (heat into the system through that Bohr component; docs/conventions.md):
  /// γ_g Re Σ_i Σ_{j,j'} [E_i A_ij ρ_jj' A*_ij' − ½(E_j + E_j') A*_ij A_ij' ρ_j'j]
  ///   = γ_g Σ_i Σ_{j,j'} ½[(E_i − E_j) + (E_i − E_j')] Re(A_ij ρ_jj' A*_ij')   (ρ Hermitian; the sum is symmetric in j, j'),
  /// written with the Bohr frequencies rather than E_i and E_j apart, which would cancel to (E_i − E_j)/E_max of their size:
  /// the net current of paper 000's model is 2e-5 of the gross exchange, so every digit counts.
  public var heatPerGroup: [Double] {
    let eq = equation, e = eq.energies
    return (0..<eq.groupCount).map { g in
      var q = 0.0
      for p in eq.groupStart[g]..<eq.groupStart[g + 1] {
        let i = eq.entryRow[p], j = eq.entryColumn[p], v = eq.entryValue[p]
        for r in eq.groupStart[g]..<eq.groupStart[g + 1] where eq.entryRow[r] == i {
          let j2 = eq.entryColumn[r], w = eq.entryValue[r]
          q += 0.5 * ((e[i] - e[j]) + (e[i] - e[j2])) * (v * element(j, j2) * w.conjugate).real
        }
      }
      return eq.groupRate[g] * q
    }
  }

  /// ρ in the product basis, U ρ U† = Σ_ab ρ_ab u_a u_b† (dense d × d; for output of small systems).
  public var productBasisDensity: Matrix<Complex<Double>> {
    let d = equation.dimension, basis = equation.eigenbasis
    var rho = Matrix<Complex<Double>>(rows: d, columns: d)
    for m in members {
      for a in m {
        let ua = basis.eigenvector(a)
        for b in m {
          let r = element(a, b)
          guard r != .zero else { continue }
          let ub = basis.eigenvector(b)
          for (x, ax) in zip(ua.states, ua.amplitudes) where ax != .zero {
            let w = r * ax
            for (y, by) in zip(ub.states, ub.amplitudes) { rho[x, y] += w * by.conjugate }
          }
        }
      }
    }
    return rho
  }

  /// ⟨O⟩ = Tr{O U ρ U†} = Σ_ab ρ_ab ⟨b|U†OU|a⟩ over the blocks of ρ (`BlockEigenbasis.matrixElement`: each element
  /// costs the size of two components, never a d × d product).
  public func expectation(_ o: SparseMatrix) -> Complex<Double> {
    var scratch = [Complex<Double>](repeating: .zero, count: equation.dimension)
    var sum = Complex<Double>.zero
    for m in members { for a in m { for b in m { sum += element(a, b) * equation.eigenbasis.matrixElement(o, b, a, scratch: &scratch) } } }
    return sum
  }
}
