import ClausiusNumerics
import Numerics

/// The Jacobian of a linear ODE y′ = J(t) y whose matrix is an affine combination of fixed sparse pieces,
/// J(t) = Σ_p c_p(t) J_p, on one compressed-column pattern (the union of the pieces' patterns), for CVODE's KLU
/// solver (`CVODEIntegrator.LinearSolver.sparse`). Filling the values at t costs O(Σ_p nnz(J_p)) — no right-hand-side
/// evaluations, no dense matrix.
///
/// A time-dependent Liouvillian 𝓛(t) = 𝓛₀ + Σ_j f_j(t)𝓛_j + Σ_k s_k(t)𝓓_k acting on vec ρ ∈ ℂᵐ is real-linear on the
/// interleaved real vector (Re ρ₀, Im ρ₀, Re ρ₁, …): a complex entry a + ib of 𝓛 at (r, c) is the real 2 × 2 block
/// [[a, −b], [b, a]] at rows (2r, 2r + 1), columns (2c, 2c + 1). A real functional q = Re Σ_i v_i ρ_i (a heat or work
/// rate integrated alongside ρ) is the row (Re v_i, −Im v_i) at columns (2i, 2i + 1).
struct AffineSparseJacobian {
  /// The real dimension n of y.
  let dimension: Int
  /// Compressed-column pattern: n + 1 column offsets and the row of each entry (sorted within a column).
  let columnStarts: [Int]
  let rowIndices: [Int]
  /// Per piece, the (entry index in the pattern, value) pairs of J_p.
  private let pieces: [[(slot: Int, value: Double)]]

  /// A builder collecting real triplets per piece (pieces are numbered in the order `newPiece()` returns them).
  struct Builder {
    let dimension: Int
    fileprivate var triplets: [[(row: Int, column: Int, value: Double)]] = []
    init(dimension: Int) { self.dimension = dimension }

    /// Starts a new piece J_p and returns its index p (the index of its coefficient c_p(t)).
    mutating func newPiece() -> Int { triplets.append([]); return triplets.count - 1 }

    /// Adds the real form of the complex matrix `a` (acting on vec ρ, entries at complex indices < m) to piece `p`.
    mutating func addComplex(_ a: SparseMatrix, to p: Int) {
      for t in a.triplets where t.value != .zero {
        let r = 2 * t.row, c = 2 * t.column, re = t.value.real, im = t.value.imaginary
        triplets[p] += [(r, c, re), (r, c + 1, -im), (r + 1, c, im), (r + 1, c + 1, re)]
      }
    }

    /// Adds the functional Re Σ_i v_i ρ_i (entries (i, v_i)) as row `row` of piece `p`.
    mutating func addFunctional(_ f: [(Int, Complex<Double>)], row: Int, to p: Int) {
      for (i, v) in f { triplets[p] += [(row, 2 * i, v.real), (row, 2 * i + 1, -v.imaginary)] }
    }

    func build() -> AffineSparseJacobian {
      let n = dimension
      // Union pattern: every (row, column) of any piece, sorted by column, then row.
      var keys = Set<Int>()
      for piece in triplets { for t in piece { keys.insert(t.column * n + t.row) } }
      let sorted = keys.sorted()
      var slot = [Int: Int](minimumCapacity: sorted.count)
      var starts = [Int](repeating: 0, count: n + 1), rows = [Int]()
      rows.reserveCapacity(sorted.count)
      for (k, key) in sorted.enumerated() {
        slot[key] = k
        rows.append(key % n)
        starts[key / n + 1] += 1
      }
      for c in 0..<n { starts[c + 1] += starts[c] }
      let pieces = triplets.map { piece in piece.map { (slot: slot[$0.column * n + $0.row]!, value: $0.value) } }
      return AffineSparseJacobian(dimension: n, columnStarts: starts, rowIndices: rows, pieces: pieces)
    }
  }

  /// The number of pieces (coefficients expected by `fill`).
  var pieceCount: Int { pieces.count }

  /// values += Σ_p c_p J_p on the pattern (`values` zeroed by the caller).
  func fill(coefficients c: [Double], into values: UnsafeMutablePointer<Double>) {
    precondition(c.count == pieces.count, "one coefficient per piece")
    for (p, piece) in pieces.enumerated() where c[p] != 0 {
      let cp = c[p]
      for e in piece { values[e.slot] += cp * e.value }
    }
  }
}
