import Clausius
import ClausiusCommands
import ClausiusIO
import ClausiusTestSupport
import Foundation
import Numerics
import Testing

/// Complex hopping (a Peierls phase, synthetic flux) in ordinary networks:
/// `Coupling.hopping(i, j, epsilon:, phase:)` = ε(e^{iφ} a_i†a_j + e^{−iφ} a_j†a_i)
/// = ε[cos φ (x_i x_j + p_i p_j) − sin φ (x_i p_j − p_i x_j)] (docs/model-format.md).
@Suite("complex hopping: Peierls phases and synthetic flux")
struct ComplexHoppingTests {
  /// A 3-mode ring 0 → 1 → 2 → 0 with per-link phases, flat baths (κ) through x on every mode.
  static func ring(phases: [Double], frequencies: [Double] = [1, 1, 1], epsilon: Double = 0.1, kappa: Double = 0.02,
                   temperatures: [Double] = [2, 0.5, 0.5]) throws -> BosonicNetwork {
    let links = [(0, 1), (1, 2), (2, 0)]
    return try BosonicNetwork(frequencies: frequencies,
                              couplings: zip(links, phases).map { .hopping($0.0, $0.1, epsilon: epsilon, phase: $1) },
                              baths: (0..<3).map { try .flat(name: "b\($0)", mode: $0, rate: kappa, temperature: temperatures[$0]) })
  }

  static func heats(_ net: BosonicNetwork, _ d: Derivation = .local) throws -> [Double] {
    try net.masterEquation(d).gaussianSteadyState().thermodynamics.baths.map(\.heat)
  }

  /// max_α |a_α − b_α| / max_α |b_α|.
  static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) }.max()! / b.map(abs).max()!
  }

  /// The quadrature form is checked against the Fock-space operator it stands for, built from a_i, a_j
  /// directly: for i ≠ j the products x_i p_j act on different tensor factors, so on a truncated space the
  /// identity ½ Σ_{k∈i, l∈j} G_kl (r_k r_l + r_l r_k) = ε(e^{iφ} a_i†a_j + h.c.) is exact (only the
  /// diagonal ω(x² + p²)/2 terms feel the truncation; they are left out). Tolerance: rounding, 1e-14.
  @Test("G of a phased hopping is ε(e^{iφ} a_i†a_j + e^{−iφ} a_j†a_i) as a Fock-space operator")
  func quadraticFormEqualsFockOperator() throws {
    for phi in [0.0, 0.7, -2.1, Double.pi / 2] {
      let eps = 0.3
      let net = try BosonicNetwork(frequencies: [1, 1.4], couplings: [.hopping(0, 1, epsilon: eps, phase: phi)])
      let g = net.hamiltonian.matrix
      let space = try QuadratureFockSpace(modes: 2, cutoff: 5)
      let r = (0..<4).map { space.quadrature($0) }
      var hq = SparseMatrix(rows: space.dimension, columns: space.dimension, triplets: [])
      for k in 0..<2 { for l in 2..<4 { hq = hq + g[k, l] * (r[k] * r[l]) } }   // G symmetric: ½(G_kl + G_lk) r_k r_l
      let a0 = space.annihilation(0), a1 = space.annihilation(1)
      let phase = Complex(Double.cos(phi), Double.sin(phi))
      let hf = eps * (phase * (a0.adjoint * a1) + phase.conjugate * (a1.adjoint * a0))
      #expect((hq - hf).maxAbs < 1e-14, "φ = \(phi)")
      #expect(hf.maxAbs > 0.1)   // the comparison is not between two zero operators
    }
  }

  /// Gauge invariance: a_j → e^{iθ_j} a_j maps φ_ij → φ_ij + θ_j − θ_i and leaves the local dissipators
  /// κ(n̄+1)D[a] + κn̄D[a†] and the secular global ones (non-degenerate normal modes) unchanged, so the
  /// currents depend on the flux Φ = φ_01 + φ_12 + φ_20 only. Tolerance 1e-12 relative: the Lyapunov
  /// solves have residuals ~1e-15 and the conditioning of these 6×6 problems is ≲ 1e2.
  @Test("gauge invariance: the heat currents depend on Φ only (local and global equations)")
  func gaugeInvariance() throws {
    let phi = 1.1
    let distributions: [[Double]] = [[phi, 0, 0], [0, 0, phi], [phi / 3, phi / 3, phi / 3], [2.0, -0.4, phi - 1.6], [phi + 2 * .pi, 0, 0]]
    // Distinct frequencies keep the normal modes non-degenerate for the global equation.
    let freqs = [1.0, 1.07, 0.94], temps = [1.5, 0.8, 0.3]
    for d in [Derivation.local, .global] {
      let reference = try Self.heats(Self.ring(phases: distributions[0], frequencies: freqs, temperatures: temps), d)
      for p in distributions.dropFirst() {
        let q = try Self.heats(Self.ring(phases: p, frequencies: freqs, temperatures: temps), d)
        #expect(Self.relativeDifference(q, reference) < 1e-12, "\(d) phases \(p): \(q) vs \(reference)")
      }
      // The flux is physical: a different Φ changes the currents by far more than the tolerance.
      let other = try Self.heats(Self.ring(phases: [phi + 0.5, 0, 0], frequencies: freqs, temperatures: temps), d)
      #expect(Self.relativeDifference(other, reference) > 1e-3, "\(d)")
    }
  }

  /// Φ = 0 distributed as non-zero link phases equals the real-hopping model (phase argument omitted),
  /// for every derivation the network files offer. Tolerance 1e-12 as above.
  @Test("Φ = 0 with non-zero link phases equals the real-hopping model")
  func zeroFluxEqualsRealHopping() throws {
    let freqs = [1.0, 1.07, 0.94], temps = [1.5, 0.8, 0.3]
    let real = try BosonicNetwork(frequencies: freqs, couplings: [.hopping(0, 1, epsilon: 0.1), .hopping(1, 2, epsilon: 0.1), .hopping(2, 0, epsilon: 0.1)],
                                  baths: (0..<3).map { try .flat(name: "b\($0)", mode: $0, rate: 0.02, temperature: temps[$0]) })
    let phased = try Self.ring(phases: [0.4, -1.3, 0.9], frequencies: freqs, temperatures: temps)
    for d in [Derivation.local, .global] {
      let a = try Self.heats(phased, d), b = try Self.heats(real, d)
      #expect(Self.relativeDifference(a, b) < 1e-12, "\(d): \(a) vs \(b)")
    }
  }

  /// The Gaussian (Lyapunov) steady state of the local equation with flux equals the steady state of a
  /// Lindblad generator built in Fock space without the quadrature form at all:
  /// H = Σ ω_i a_i†a_i + Σ ε(e^{iφ} a_i†a_j + h.c.), jumps √(κ(n̄+1)) a_i and √(κn̄) a_i†
  /// (docs/conventions.md local flat bath). Compared: every ⟨a_i†a_j⟩ (complex; the off-diagonal ones
  /// carry the flux). Cutoff 6 with n̄ ≤ 0.16 (T ≤ 0.55): the thermal top-level population n̄^5/(1+n̄)^6 ≈ 4e-5
  /// bounds the truncation error; measured max |Δ⟨a_i†a_j⟩| = 1.9e-6, asserted < 2e-5.
  @Test("Gaussian steady state = Fock-space Lindblad steady state for a ring with flux")
  func gaussianEqualsFock() throws {
    let temps = [0.55, 0.3, 0.2], freqs = [1.0, 1.1, 0.9], phases = [0.8, 0.3, 0.0]
    let kappa = 0.05, eps = 0.15
    let net = try Self.ring(phases: phases, frequencies: freqs, epsilon: eps, kappa: kappa, temperatures: temps)
    let gauss = try net.masterEquation(.local).gaussianSteadyState()
    let space = try QuadratureFockSpace(modes: 3, cutoff: 6)
    let a = (0..<3).map { space.annihilation($0) }
    var h = SparseMatrix(rows: space.dimension, columns: space.dimension, triplets: [])
    for i in 0..<3 { h = h + freqs[i] * (a[i].adjoint * a[i]) }
    for (l, (i, j)) in [(0, 1), (1, 2), (2, 0)].enumerated() {
      let e = Complex(Double.cos(phases[l]), Double.sin(phases[l]))
      h = h + eps * (e * (a[i].adjoint * a[j]) + e.conjugate * (a[j].adjoint * a[i]))
    }
    var jumps: [SparseMatrix] = []
    for i in 0..<3 {
      let n = Conventions.boseEinstein(frequency: freqs[i], temperature: temps[i])
      jumps.append((kappa * (n + 1)).squareRoot() * a[i]); jumps.append((kappa * n).squareRoot() * a[i].adjoint)
    }
    let sol = try LiouvillianSteadyStateSolver(liouvillian: Superoperator.lindblad(hamiltonian: h, jumps: jumps)).solve()
    #expect(sol.traceError < 1e-10)
    let rho = sol.densityMatrix
    var worst = 0.0, offDiagonal = 0.0
    for i in 0..<3 { for j in 0..<3 {
      let fock = space.expectation(a[i].adjoint * a[j], in: rho), g = gauss.secondMoment(creation: i, annihilation: j)
      worst = max(worst, (fock - g).length)
      if i != j { offDiagonal = max(offDiagonal, g.imaginary.magnitude) }
    } }
    #expect(worst < 2e-5, "max |Δ⟨a_i†a_j⟩| = \(worst)")
    #expect(offDiagonal > 1e-3)   // the coherences that carry the flux are present and compared
  }

  /// A thermal circulator. In a symmetric ring (equal ω, ε, κ) the mirror 1 ↔ 2 reverses the sense of
  /// circulation, i.e. maps Φ → −Φ: Q̇_0(Φ; T0, T1, T2) = Q̇_0(−Φ; T0, T2, T1) and
  /// Q̇_1(Φ; T0, T1, T2) = Q̇_2(−Φ; T0, T2, T1) — an exact symmetry (1e-12). With T1 = T2 the heat
  /// from the hot mode splits equally at Φ = 0 (Q̇_1 = Q̇_2) and unequally at Φ = π/2; the splitting is
  /// a circulating current, a physical effect far above rounding (asserted > 5 % of Q̇_0).
  @Test("Φ ≠ 0: circulation, and the mirror relation Φ ↔ −Φ with swapped baths")
  func circulator() throws {
    for phi in [0.6, Double.pi / 2, 2.5] {
      let q = try Self.heats(Self.ring(phases: [phi, 0, 0], temperatures: [2, 0.9, 0.3]))
      let m = try Self.heats(Self.ring(phases: [-phi, 0, 0], temperatures: [2, 0.3, 0.9]))
      #expect(abs(q[0] - m[0]) < 1e-12 * abs(q[0]))
      #expect(abs(q[1] - m[2]) < 1e-12 * abs(q[0]) && abs(q[2] - m[1]) < 1e-12 * abs(q[0]), "Φ = \(phi): \(q) vs \(m)")
    }
    let flat = try Self.heats(Self.ring(phases: [0, 0, 0]))
    #expect(abs(flat[1] - flat[2]) < 1e-12 * abs(flat[0]))
    let flux = try Self.heats(Self.ring(phases: [.pi / 2, 0, 0]))
    #expect(abs(flux[1] - flux[2]) > 0.05 * abs(flux[0]), "\(flux)")
    #expect(abs(flux.reduce(0, +)) < 1e-12 * abs(flux[0]))   // first law: no drive, no work
    // The secular global equation is blind to the circulation: on the symmetric ring every normal mode has weight
    // |⟨site|k⟩|² = 1/3 on every site, so its rates — and the heat into the two cold baths — are equal (to rounding).
    // The non-secular Redfield equation keeps the coherences between normal modes and circulates like the local one
    // (an O(κ/Δ) effect, Δ = √3 ε the normal-mode splitting; measured: 9.95 % of Q̇_0, local 9.93 %).
    let global = try Self.heats(Self.ring(phases: [.pi / 2, 0, 0]), .global)
    #expect(abs(global[1] - global[2]) < 1e-12 * abs(global[0]), "\(global)")
    let redfield = try Self.heats(Self.ring(phases: [.pi / 2, 0, 0]), .redfield)
    #expect(abs(redfield[1] - redfield[2]) > 0.05 * abs(redfield[0]), "\(redfield)")
  }

  /// The TOML route: `phase` on a hopping builds the same network, and `clausius solve` on the example
  /// equals direct library calls on the hand-built ring (1e-12, see ModelCommandsEndToEndTests.close).
  @Test("`phase` in a model file; `clausius solve` on examples/002-three-mode-ring-flux.toml")
  func modelFile() throws {
    let path = ModelFileParserTests.examples.appendingPathComponent("002-three-mode-ring-flux.toml").path
    let m = try ModelFile.load(path: path)
    let direct = try Self.ring(phases: [.pi / 2, 0, 0])
    #expect(m.network.hamiltonian.matrix == direct.hamiltonian.matrix)
    let r = try ClausiusBinary.run(["solve", path, "--format", "json", "--quiet"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let doc = try ClausiusJSON.decoder.decode(SolveDocument.self, from: Data(r.stdout.utf8))
    #expect(doc.methods.map(\.equation) == ["local", "global"])
    for (method, d) in zip(doc.methods, [Derivation.local, .global]) {
      let th = try direct.masterEquation(d).gaussianSteadyState().thermodynamics
      for b in 0..<3 { #expect(ModelCommandsEndToEndTests.close(method.baths?[b].heat, th.baths[b].heat), "\(method.equation) Q_\(b)") }
    }
  }

  @Test("`phase` errors: only on hopping, a finite number in radians")
  func phaseErrors() throws {
    func error(_ s: String) -> ModelFileError? {
      do { _ = try ModelFile(source: s, file: "m.toml"); return nil } catch let e as ModelFileError { return e } catch { return nil }
    }
    let valid = ModelFileParserTests.valid
    let onSqueezing = try #require(error(valid.replacingOccurrences(of: "kind = \"hopping\"", with: "kind = \"squeezing\"\nphase = 0.5")))
    #expect(onSqueezing.description == "m.toml:12: couplings.0.phase: a phase belongs to a hopping coupling, not to \"squeezing\" (got 0.5); allowed: only on kind = \"hopping\"")
    let text = try #require(error(valid.replacingOccurrences(of: "strength = 0.1", with: "strength = 0.1\nphase = \"pi\"")))
    #expect(text.kind == .wrongType && text.key == "couplings.0.phase" && text.line == 14)
    #expect(text.description.contains("allowed: a number in radians"))
    let ok = try ModelFile(source: valid.replacingOccurrences(of: "strength = 0.1", with: "strength = 0.1\nphase = 0.25"), file: "m.toml")
    #expect(ok.network.couplings == [.hopping(0, 1, epsilon: 0.1, phase: 0.25)])
    // A sweep can vary the phase like any other number of the file.
    #expect(try ok.setting("couplings.0.phase", to: .float(-0.5)).network.couplings == [.hopping(0, 1, epsilon: 0.1, phase: -0.5)])
  }
}
