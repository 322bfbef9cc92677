import ClausiusNumerics
import Numerics

/// A quadratic two-mode term of a bosonic network. Mode indices are 0-based.
/// X_i = x_i/√ω_i is the position of a unit-mass oscillator of frequency ω_i (paper 004, Eq. 4);
/// x_i = (a_i + a_i†)/√2 is the dimensionless quadrature of docs/conventions.md.
public enum Coupling: Sendable, Equatable {
  /// Hopping with a Peierls phase φ (synthetic flux), ε(e^{iφ} a_i†a_j + e^{−iφ} a_j†a_i)
  /// = ε[cos φ (x_i x_j + p_i p_j) − sin φ (x_i p_j − p_i x_j)] (from a = (x + ip)/√2, i ≠ j;
  /// φ in radians, ε in frequency units). φ = 0 (the default) is the real hopping
  /// ε(a_i†a_j + a_i a_j†) = ε(x_i x_j + p_i p_j) of paper 003, Eqs. (3), (44). Only the sum of the
  /// phases around a closed loop (the flux Φ) is gauge invariant (a_j → e^{iθ_j} a_j shifts φ_ij by
  /// θ_j − θ_i). Reference: paper 002 (synthetic flux Φ on a ring); docs/model-format.md.
  case hopping(Int, Int, epsilon: Double, phase: Double = 0)
  /// Counter-rotating / two-mode squeezing η(a_i†a_j† + a_i a_j) = η(x_i x_j − p_i p_j).
  /// Reference: paper 003, Eq. (44).
  case squeezing(Int, Int, eta: Double)
  /// Spring k(X_i − X_j)²/2 with X = x/√ω. Reference: paper 004, Eq. (4).
  case spring(Int, Int, k: Double)
  /// Position–position g X_i X_j with X = x/√ω.
  case positionPosition(Int, Int, g: Double)

  var modes: (Int, Int) {
    switch self {
    case let .hopping(i, j, _, _), let .squeezing(i, j, _), let .spring(i, j, _), let .positionPosition(i, j, _): return (i, j)
    }
  }
  var strength: (String, Double) {
    switch self {
    case let .hopping(_, _, e, _): return ("hopping ε", e)
    case let .squeezing(_, _, e): return ("squeezing η", e)
    case let .spring(_, _, k): return ("spring constant k", k)
    case let .positionPosition(_, _, g): return ("position coupling g", g)
    }
  }
}

/// A coherent drive F a_j† + F* a_j (a linear term √2 Re F x_j + √2 Im F p_j in H).
public struct CoherentDrive: Sendable, Equatable {
  public var mode: Int
  public var amplitude: Complex<Double>
  public init(mode: Int, amplitude: Complex<Double>) { self.mode = mode; self.amplitude = amplitude }
}

/// The system operator S through which a bath couples (H_int = −S ⊗ B, paper 004 Eq. 4).
public enum BathCoupling: Sendable, Equatable {
  /// S = x_i = (a_i + a_i†)/√2 (dimensionless quadrature; with a flat J = κ the local rate is κ).
  case quadrature(mode: Int)
  /// S = X_i = x_i/√ω_i, the unit-mass position of paper 004, Eq. (4).
  case position(mode: Int)
  /// S = sᵀ r for a real vector s of length 2N (any linear combination of quadratures).
  case quadratures([Double])
}

/// A thermal bosonic bath: temperature T ≥ 0 (energy units, k_B = 1), spectral density J(ω) and
/// coupling operator S.
public struct Bath: Sendable {
  public var name: String
  public var temperature: Double
  public var spectralDensity: SpectralDensity
  public var coupling: BathCoupling

  public init(name: String, temperature: Double, spectralDensity: SpectralDensity, coupling: BathCoupling) {
    self.name = name; self.temperature = temperature; self.spectralDensity = spectralDensity; self.coupling = coupling
  }

  /// Bose–Einstein occupation n̄(ω, T) of this bath.
  public func occupation(_ omega: Double) -> Double { Conventions.boseEinstein(frequency: omega, temperature: temperature) }
}

/// A network of N bosonic modes with bare frequencies ω_i > 0, quadratic couplings, coherent drives
/// and thermal baths. H = Σ_i ω_i (a_i†a_i + ½) + couplings + drives, as ½ rᵀ G r + cᵀ r.
/// Construction validates every parameter (throws `ModelError`).
public struct BosonicNetwork: Sendable {
  public let frequencies: [Double]
  public let couplings: [Coupling]
  public let drives: [CoherentDrive]
  public let baths: [Bath]

  public init(frequencies: [Double], couplings: [Coupling] = [], drives: [CoherentDrive] = [], baths: [Bath] = []) throws {
    guard !frequencies.isEmpty else { throw ModelError.emptyNetwork }
    let n = frequencies.count
    for (i, w) in frequencies.enumerated() { try require(w, "frequency ω[\(i)]", positive: true) }
    for (c, coupling) in couplings.enumerated() {
      let (i, j) = coupling.modes
      let label = "coupling[\(c)]"
      for m in [i, j] where !(0..<n).contains(m) { throw ModelError.modeIndexOutOfRange(parameter: label, index: m, modeCount: n) }
      if i == j { throw ModelError.selfCoupling(parameter: label, mode: i) }
      let (name, value) = coupling.strength
      try require(value, "\(label) \(name)")
      if case let .hopping(_, _, _, phi) = coupling { try require(phi, "\(label) hopping phase φ") }
    }
    for (d, drive) in drives.enumerated() {
      guard (0..<n).contains(drive.mode) else { throw ModelError.modeIndexOutOfRange(parameter: "drive[\(d)]", index: drive.mode, modeCount: n) }
      try require(drive.amplitude.real, "drive[\(d)] Re F"); try require(drive.amplitude.imaginary, "drive[\(d)] Im F")
    }
    for (b, bath) in baths.enumerated() {
      try require(bath.temperature, "bath '\(bath.name)' temperature T", nonNegative: true)
      switch bath.spectralDensity.kind {
      case .flat, .ohmicDrude, .ohmicExponential, .lorentzian, .tabulated, .custom: break
      }
      switch bath.coupling {
      case let .quadrature(m), let .position(m):
        guard (0..<n).contains(m) else { throw ModelError.modeIndexOutOfRange(parameter: "bath[\(b)] '\(bath.name)' coupling", index: m, modeCount: n) }
      case let .quadratures(s):
        guard s.count == 2 * n else { throw ModelError.invalidVector(parameter: "bath[\(b)] '\(bath.name)' coupling vector", detail: "has length \(s.count), must be 2N = \(2 * n)") }
        guard s.allSatisfy(\.isFinite), s.contains(where: { $0 != 0 }) else {
          throw ModelError.invalidVector(parameter: "bath[\(b)] '\(bath.name)' coupling vector", detail: "must be finite and not identically zero")
        }
      }
    }
    self.frequencies = frequencies; self.couplings = couplings; self.drives = drives; self.baths = baths
  }

  public var modeCount: Int { frequencies.count }

  /// H_S = ½ rᵀ G r + cᵀ r of the whole network (global Hamiltonian).
  /// Reference: paper 003, Eqs. (1)–(3), (44); paper 004, Eq. (4) (system part).
  public var hamiltonian: QuadraticHamiltonian {
    let n = modeCount
    var g = Matrix<Double>(rows: 2 * n, columns: 2 * n)
    forEachHamiltonianEntry { a, b, v in g[a, b] += v; if a != b { g[b, a] += v } }
    var lin = [Double](repeating: 0, count: 2 * n)
    for d in drives {
      lin[2 * d.mode] += 2.0.squareRoot() * d.amplitude.real
      lin[2 * d.mode + 1] += 2.0.squareRoot() * d.amplitude.imaginary
    }
    return QuadraticHamiltonian(matrix: g, linear: lin)
  }

  /// Every contribution G_ab += v (and G_ba += v when a ≠ b) of the network's G, in O(N + couplings)
  /// without forming the 2N × 2N matrix (`hamiltonian` and `splitHamiltonian` are built from it).
  public func forEachHamiltonianEntry(_ add: (Int, Int, Double) -> Void) {
    for (i, w) in frequencies.enumerated() { add(2 * i, 2 * i, w); add(2 * i + 1, 2 * i + 1, w) }
    for c in couplings {
      switch c {
      case let .hopping(i, j, e, phi):
        // ε[cos φ (x_i x_j + p_i p_j) − sin φ (x_i p_j − p_i x_j)]; x_i p_j is G[2i, 2j+1] (i ≠ j commute).
        let c = phi == 0 ? e : e * .cos(phi), s = phi == 0 ? 0 : e * .sin(phi)
        add(2 * i, 2 * j, c); add(2 * i + 1, 2 * j + 1, c)
        if s != 0 { add(2 * i, 2 * j + 1, -s); add(2 * i + 1, 2 * j, s) }
      case let .squeezing(i, j, e): add(2 * i, 2 * j, e); add(2 * i + 1, 2 * j + 1, -e)
      case let .spring(i, j, k):
        let wi = frequencies[i], wj = frequencies[j]
        add(2 * i, 2 * i, k / wi); add(2 * j, 2 * j, k / wj)
        add(2 * i, 2 * j, -k / (wi * wj).squareRoot())
      case let .positionPosition(i, j, gg):
        add(2 * i, 2 * j, gg / (frequencies[i] * frequencies[j]).squareRoot())
      }
    }
  }

  /// H_S = ½ xᵀ G_x x + ½ pᵀ G_p p as the two N × N blocks, when G has no x–p cross terms (every coupling
  /// except hopping with a phase φ ∉ {0}); nil otherwise. O(N²) memory instead of the 4N² of `hamiltonian`.
  /// The drives (linear terms) are not included.
  public var splitHamiltonian: (position: Matrix<Double>, momentum: Matrix<Double>)? {
    let n = modeCount
    var gx = Matrix<Double>(rows: n, columns: n), gp = gx
    var crossTerms = false
    forEachHamiltonianEntry { a, b, v in
      guard a & 1 == b & 1 else { if v != 0 { crossTerms = true }; return }
      let i = a / 2, j = b / 2
      if a & 1 == 0 { gx[i, j] += v; if i != j { gx[j, i] += v } } else { gp[i, j] += v; if i != j { gp[j, i] += v } }
    }
    return crossTerms ? nil : (gx, gp)
  }

  /// H_i = ω_i(a_i†a_i + ½) = ω_i(x_i² + p_i²)/2, the bare local Hamiltonian of mode i.
  /// Reference: paper 003, Eq. (2).
  public func localHamiltonian(mode i: Int) -> QuadraticHamiltonian {
    var h = QuadraticHamiltonian.zero(modes: modeCount)
    h.matrix[2 * i, 2 * i] = frequencies[i]; h.matrix[2 * i + 1, 2 * i + 1] = frequencies[i]
    return h
  }

  /// s with S = sᵀ r for bath `b`.
  public func couplingVector(bath b: Int) -> [Double] {
    var s = [Double](repeating: 0, count: 2 * modeCount)
    switch baths[b].coupling {
    case let .quadrature(m): s[2 * m] = 1
    case let .position(m): s[2 * m] = 1 / frequencies[m].squareRoot()
    case let .quadratures(v): s = v
    }
    return s
  }

  /// The single mode a bath touches, or nil if its coupling operator spans several modes.
  public func bathMode(_ b: Int) -> Int? {
    let s = couplingVector(bath: b)
    let modes = Set((0..<s.count).filter { s[$0] != 0 }.map { $0 / 2 })
    return modes.count == 1 ? modes.first : nil
  }

  /// A chain ω_1 … ω_N with nearest-neighbour hopping ε and squeezing η (paper 003, Eq. 44).
  public static func chain(frequencies: [Double], epsilon: Double, eta: Double = 0, baths: [Bath]) throws -> BosonicNetwork {
    var c: [Coupling] = []
    for i in 0..<(max(frequencies.count - 1, 0)) {
      if epsilon != 0 { c.append(.hopping(i, i + 1, epsilon: epsilon)) }
      if eta != 0 { c.append(.squeezing(i, i + 1, eta: eta)) }
    }
    return try BosonicNetwork(frequencies: frequencies, couplings: c, baths: baths)
  }

  /// Linear frequency profile ω_i = [(N − i)ω_1 + (i − 1)ω_N]/(N − 1), i = 1…N.
  /// Reference: paper 003, Eq. (51).
  public static func linearProfile(first omega1: Double, last omegaN: Double, count n: Int) -> [Double] {
    if n == 1 { return [omega1] }
    return (1...n).map { i in (Double(n - i) * omega1 + Double(i - 1) * omegaN) / Double(n - 1) }
  }
}

extension Bath {
  /// A bath with flat J = κ coupled through x_i: local rates κ(n̄+1) D[a_i] + κ n̄ D[a_i†]
  /// (paper 003, Eq. 5 with γ = κ).
  public static func flat(name: String, mode: Int, rate kappa: Double, temperature: Double) throws -> Bath {
    Bath(name: name, temperature: temperature, spectralDensity: try .flat(rate: kappa), coupling: .quadrature(mode: mode))
  }
}

extension BosonicNetwork {
  /// The same network with new bath temperatures (validated), e.g. for a temperature sweep.
  public func withTemperatures(_ temperatures: [Double]) throws -> BosonicNetwork {
    guard temperatures.count == baths.count else {
      throw ModelError.invalidVector(parameter: "temperatures", detail: "has \(temperatures.count) entries for \(baths.count) baths")
    }
    var b = baths
    for i in b.indices { b[i].temperature = temperatures[i] }
    return try BosonicNetwork(frequencies: frequencies, couplings: couplings, drives: drives, baths: b)
  }
}
