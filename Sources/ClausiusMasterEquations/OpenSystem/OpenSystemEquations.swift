import ClausiusModels
import ClausiusNumerics
import Foundation
import Numerics

/// A master equation of an `OpenSystem` and the basis it is written in.
///
/// Global and Redfield equations are assembled and solved in the eigenbasis of H (H diagonal, every Bohr component
/// of S a few entries); `basis` holds the eigenvectors U (columns), so that an observable O of the model becomes
/// U†OU (`inEquationBasis`). Local equations stay in the product basis (`basis == nil`), where the symmetry-sector
/// solvers apply.
public struct OpenSystemEquation: Sendable {
  public let derivation: Derivation
  public let equation: FockMasterEquation
  /// Eigenvectors of H (columns), when the equation is in the eigenbasis; the eigenvalues are `energies`.
  public let basis: Matrix<Complex<Double>>?
  public let energies: [Double]?
  /// The Hamiltonians the local heats are counted with (local equations: H_s of each bath's subsystem), keyed by bath.
  public let localCounting: [String: SparseMatrix]
  public let model: OpenSystem

  /// O (an operator of the model, product basis) in the equation's basis: U†OU, or O itself.
  public func inEquationBasis(_ o: SparseMatrix) -> SparseMatrix {
    guard let u = basis else { return o }
    let dense = u.adjoint * o.dense * u
    return SparseMatrix(dense).pruned(relativeTolerance: 1e-15)
  }
}

extension OpenSystem {
  /// The master equation of `derivation` (local, global, redfield or partialSecular; see `Derivation`).
  public func masterEquation(_ derivation: Derivation) throws -> OpenSystemEquation {
    switch derivation {
    case let .local(tol): return try localEquation(tol)
    case let .global(tol): return try eigenbasisEquation(derivation, tolerance: tol)
    case let .redfield(tol), let .partialSecular(_, tol): return try eigenbasisEquation(derivation, tolerance: tol)
    default:
      throw MasterEquationError.unsupported("the \(derivation) equation is not defined for a general open system (its equations: \(DerivationMenu.openSystem.allowedNames))")
    }
  }

  /// Bohr components of `s` (in the eigenbasis with energies `e`): clusters of transitions j → i whose frequencies
  /// ω = E_j − E_i agree within `tolerance` × max(1, max|E|), each with its mean frequency and its entries.
  /// Entries below 1e-12 of the largest |S_ij| are round-off and dropped.
  static func bohrComponents(_ s: Matrix<Complex<Double>>, energies e: [Double], tolerance: Double)
    -> [(omega: Double, entries: [(row: Int, column: Int, value: Complex<Double>)])] {
    let d = e.count
    var largest = 0.0
    for i in 0..<d { for j in 0..<d { largest = Swift.max(largest, s[i, j].length) } }
    let cut = 1e-12 * largest
    var transitions: [(omega: Double, row: Int, column: Int, value: Complex<Double>)] = []
    for j in 0..<d { for i in 0..<d where s[i, j].length > cut { transitions.append((e[j] - e[i], i, j, s[i, j])) } }
    transitions.sort { $0.omega < $1.omega }
    let width = tolerance * Swift.max(1, e.map(abs).max() ?? 0)
    return bohrGroups(transitions.map(\.omega), width: width).map { g in
      (g.omega, transitions[g.range].map { ($0.row, $0.column, $0.value) })
    }
  }

  /// The rate of each transition of one Bohr component, at the transition's own frequency: γ(E_j − E_i) for the entry
  /// j → i (`frequencies`, in the component's order), and γ(0) for every entry of the zero component (`omega == 0`).
  /// The component (`bohrGroups`) only decides which transitions act together (the coherences the secular equation
  /// keeps); a rate taken at the component's mean frequency instead would break each transition's detailed balance
  /// γ(−ω)/γ(ω) = e^{−ω/T} by (ω_ij − ω̄)/T. That is round-off for exactly degenerate transitions, but a component
  /// within the tolerance (1e-9 × max|E|) can also hold transitions that differ by more — e.g. between levels near an
  /// oscillator's truncation edge, shifted by the truncation — and their pull on the mean put a floor of ~2e-8
  /// relative on paper 000's net current (docs/papers/000.md, "Global equation in the general language").
  /// Equal neighbouring frequencies (the common case) share one evaluation.
  static func transitionRates(_ bath: Bath, omega: Double, frequencies: [Double], zeroTolerance: Double, weight: Double) throws -> [Double] {
    if omega == 0 { return [Double](repeating: try bath.rate(0, zeroTolerance: zeroTolerance, weight: weight), count: frequencies.count) }
    var rates: [Double] = []
    rates.reserveCapacity(frequencies.count)
    var last = (omega: Double.nan, rate: 0.0)
    for w in frequencies {
      if w != last.omega { last = (w, try bath.rate(w, zeroTolerance: zeroTolerance, weight: weight)) }
      rates.append(last.rate)
    }
    return rates
  }

  /// One Bohr component with its transitions' own rates as a single dissipator γ D[Ã]: γ = max γ_ij and
  /// Ã = Σ √(γ_ij/γ) S_ij |i⟩⟨j|, so that its jump rates are γ_ij |S_ij|² (`transitionRates`). Nil when every rate is 0.
  static func weightedComponent(_ entries: [(row: Int, column: Int, value: Complex<Double>)], rates: [Double], dimension d: Int)
    -> (rate: Double, operator: SparseMatrix)? {
    let g = rates.max() ?? 0
    guard g > 0 else { return nil }
    let triplets: [(row: Int, column: Int, value: Complex<Double>)] = zip(entries, rates).compactMap { x, r in
      r > 0 ? (x.row, x.column, Complex((r / g).squareRoot(), 0) * x.value) : nil
    }
    return (g, SparseMatrix(rows: d, columns: d, triplets: triplets))
  }

  /// Groups sorted transition frequencies into Bohr components: a group ends before the first frequency more than
  /// `width` above the group's first; its frequency is the group's mean, 0 when |mean| ≤ `width`.
  public static func bohrGroups(_ omegas: [Double], width: Double) -> [(range: Range<Int>, omega: Double)] {
    var out: [(range: Range<Int>, omega: Double)] = []
    var k = 0
    while k < omegas.count {
      var end = k + 1
      while end < omegas.count, omegas[end] - omegas[k] <= width { end += 1 }
      let mean = omegas[k..<end].reduce(0, +) / Double(end - k)
      out.append((k..<end, abs(mean) <= width ? 0 : mean))
      k = end
    }
    return out
  }

  /// Global (Davies), Redfield or partial-secular equation in the eigenbasis of H.
  func eigenbasisEquation(_ derivation: Derivation, tolerance: Double) throws -> OpenSystemEquation {
    let d = space.dimension
    let eig = try hamiltonian.dense.hermitianEigen(vectors: true)
    let u = eig.vectors, e = eig.values
    let ud = u.adjoint
    let eigenSpace = FockSpace([try FockSubsystem.levels("eigenstates of H", count: d)])
    let hDiag = SparseMatrix.diagonal(e.map { Complex($0, 0) })
    let zero = tolerance * Swift.max(1, e.map(abs).max() ?? 0)
    var dissipators: [FockDissipator] = []
    var redfield: [FockRedfieldTerm] = []
    // Lamb shift (baths with `includesLambShift`): global H_LS = Σ_ω S(ω) A†(ω)A(ω); Redfield Γ(ω) = ½γ(ω) + iS(ω) in Λ.
    var lambShift: [(row: Int, column: Int, value: Complex<Double>)] = []
    for (b, bath) in baths.enumerated() {
      let sTilde = ud * (try coupling(b)).dense * u
      switch derivation {
      case .redfield, .partialSecular:
        // Redfield: one term with all Bohr components (S the Hermitian coupling); partial secular: one term per cluster
        // of nearby Bohr frequencies (components sorted by frequency; a gap wider than the width starts a new cluster).
        var width = Double.infinity
        if case let .partialSecular(w, _) = derivation { width = w }
        var clusters: [[(omega: Double, entries: [(row: Int, column: Int, value: Complex<Double>)])]] = []
        for c in Self.bohrComponents(sTilde, energies: e, tolerance: tolerance) {
          if let last = clusters.last?.last, c.omega - last.omega <= width { clusters[clusters.count - 1].append(c) } else { clusters.append([c]) }
        }
        for cluster in clusters {
          var s: [(row: Int, column: Int, value: Complex<Double>)] = [], lam = s
          for c in cluster {
            let rates = try Self.transitionRates(bath, omega: c.omega, frequencies: c.entries.map { e[$0.column] - e[$0.row] }, zeroTolerance: zero,
                                                 weight: c.entries.map(\.value.length).max() ?? 0)
            let shift = bath.includesLambShift ? try bath.lambShift(c.omega, zeroTolerance: zero) : 0
            for (x, g) in zip(c.entries, rates) {
              s.append(x)
              if g != 0 || shift != 0 { lam.append((x.row, x.column, Complex(0.5 * g, shift) * x.value)) }
            }
          }
          guard !lam.isEmpty else { continue }
          redfield.append(FockRedfieldTerm(bath: bath.name, coupling: SparseMatrix(rows: d, columns: d, triplets: s),
                                           filtered: SparseMatrix(rows: d, columns: d, triplets: lam), countingHamiltonian: hDiag))
        }
      default:
        for c in Self.bohrComponents(sTilde, energies: e, tolerance: tolerance) {
          let rates = try Self.transitionRates(bath, omega: c.omega, frequencies: c.entries.map { e[$0.column] - e[$0.row] }, zeroTolerance: zero,
                                               weight: c.entries.map(\.value.length).max() ?? 0)
          if bath.includesLambShift {
            let a = SparseMatrix(rows: d, columns: d, triplets: c.entries)
            let shift = try bath.lambShift(c.omega, zeroTolerance: zero)
            let ata = a.adjoint * a
            lambShift += ata.triplets.map { ($0.row, $0.column, Complex(shift, 0) * $0.value) }
          }
          guard let (g, a) = Self.weightedComponent(c.entries, rates: rates, dimension: d) else { continue }
          dissipators.append(FockDissipator(bath: bath.name, rate: g, operator: a, countingHamiltonian: hDiag, label: "γ(\(c.omega)) D[A(\(c.omega))]"))
        }
      }
    }
    // Heat is counted with H (hDiag); H + H_LS generates the coherent part ([H, H_LS] = 0 for the global equation).
    let hEquation = lambShift.isEmpty ? hDiag : hDiag + SparseMatrix(rows: d, columns: d, triplets: lambShift)
    let eq = try FockMasterEquation(space: eigenSpace, hamiltonian: hEquation, dissipators: dissipators, redfieldTerms: redfield,
                                    frame: "eigenbasis of H", name: derivation.name)
    return OpenSystemEquation(derivation: derivation, equation: eq, basis: u, energies: e, localCounting: [:], model: self)
  }

  /// Local (Davies) equation: each bath with respect to H_s of its subsystem.
  func localEquation(_ tolerance: Double) throws -> OpenSystemEquation {
    var dissipators: [FockDissipator] = []
    var counting: [String: SparseMatrix] = [:]
    for bath in baths {
      guard bath.support.count == 1, let s = bath.support.first else {
        throw ModelError.invalidParameter(
          name: "bath '\(bath.name)': its operator \(bath.operatorText) acts on \(bath.support.count) subsystems; the local equation needs one",
          value: Double(bath.support.count), allowed: "exactly 1 (use the global or redfield equation)")
      }
      let local = FockSpace([space.subsystems[s]])
      let hs = try localHamiltonian(s, local: true)
      let eig = try hs.dense.hermitianEigen(vectors: true)
      let u = eig.vectors, ud = u.adjoint
      let sLocal = try bath.coupling.evaluate(on: local, parameters: parameters)
      let sTilde = ud * sLocal.dense * u
      let zero = tolerance * Swift.max(1, eig.values.map(abs).max() ?? 0)
      for c in Self.bohrComponents(sTilde, energies: eig.values, tolerance: tolerance) {
        let rates = try Self.transitionRates(bath, omega: c.omega, frequencies: c.entries.map { eig.values[$0.column] - eig.values[$0.row] },
                                             zeroTolerance: zero, weight: c.entries.map(\.value.length).max() ?? 0)
        guard let (g, weighted) = Self.weightedComponent(c.entries, rates: rates, dimension: local.dimension) else { continue }
        // A_s(ω) back in the subsystem's own basis, then embedded: U Ã U†.
        let a = weighted.dense
        let aLocal = SparseMatrix(u * a * ud).pruned(relativeTolerance: 1e-14)
        var k = FockDissipator(bath: bath.name, rate: g, operator: space.embed(aLocal, on: s), countingHamiltonian: hamiltonian,
                               label: "γ(\(c.omega)) D[A_\(space.subsystems[s].name)(\(c.omega))]")
        k.frequency = abs(c.omega) <= zero ? 0 : c.omega
        dissipators.append(k)
      }
      counting[bath.name] = try localHamiltonian(s, local: false)
    }
    let eq = try FockMasterEquation(space: space, hamiltonian: hamiltonian, dissipators: dissipators, frame: "product basis", name: "local")
    return OpenSystemEquation(derivation: .local(degeneracyTolerance: tolerance), equation: eq, basis: nil, energies: nil,
                              localCounting: counting, model: self)
  }
}
