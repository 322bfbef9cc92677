import ClausiusDynamics
import ClausiusMasterEquations
import ClausiusModels
import ClausiusNumerics

/// `evolve` of paper 000's model with time-dependent parameters (docs/time-evolution.md, "Optomechanics (paper 000)"),
/// integrated by CVODE (ClausiusDynamics `DrivenFockEvolution`):
///
/// - **Bath temperatures T_c(t), T_m(t)** (`[cavity]` / `[mechanics] temperature`), with every equation (SME, DSME,
///   GME_n, GME_n-FC, GME∞). Each equation is a sum of fixed dissipators γ_k D[A_k] whose rates depend on T only: the
///   flat-bath rates G_x(ω_k, T) = κ_x(n̄(ω_k, T) + 1) (ω_k > 0), κ_x n̄(|ω_k|, T) (ω_k < 0) at the dissipator's Bohr
///   frequency ω_k (Eqs. 7–8; `FockDissipator.frequency`: ±ω_c, ±ω_m, the GMEs' sidebands ±(ω_c − kω_m)), and the
///   zero-frequency terms G_m(0)α² D[n_c] with G_m(0) = 4κ_m T_m/ω_m, linear in T_m (Eq. 14/24). So
///     𝓛(t) = −i[H, ·] + Σ_k s_k(t) γ_k D[A_k],   s_k(t) = G_x(ω_k, T_x(t))/G_x(ω_k, T_x)  (ω_k ≠ 0),  T_x(t)/T_x  (ω_k = 0),
///   the pieces built once at the static temperatures and combined at each time. The frames (lab, dressed, polaron)
///   depend on g and ω_m only, not on T, so a modulated temperature leaves them fixed. H does not change: no drive work.
/// - **The coupling g(t)** (`[coupling] g`), with the SME only: H(t) = H₀ + (g(t) − g₀)H₁, H₁ = ∂H/∂g = −a†a(b + b†)
///   (Eq. 1), while the SME's jumps a, a†, b, b† and rates do not involve g. Drive work Ẇ = ⟨∂_tH⟩ = g′(t)⟨H₁⟩ (plus
///   Δg⟨H₁⟩ at a step). The heat is counted with H(t) (`heat`, Eq. 26 at each time) and, as local heat, with the
///   local H_x = ω_c a†a, ω_m b†b the SME's jumps lower/raise by ω_x (`localHeat`; the work rate then includes the
///   local equation's boundary term Σ_x(Q̇_x − Q̇_x^local), as for networks). The DSME's jumps b − αn_c (α = g/ω_m)
///   and the GMEs' polaron frame U = exp[α n_c(b† − b)] (sidebands P_k(α), rate G_m(0)α²) are fixed by g: with g(t)
///   the frame moves (−iU†∂_tU = −iα′n_c(b† − b) joins H̃) and the jumps change with α(t), which is outside those
///   equations' derivations (a secular approximation in the spectrum of H(g) for a fixed g) — refused, naming the key.
extension OptomechanicalModelFile {
  public var isTimeDependent: Bool { !modulatedTemperatures.isEmpty || modulatedCoupling != nil }

  public var steadyStateNotes: [String] {
    Self.staticValueNotes((modulatedCoupling == nil ? [] : ["coupling g"]) + modulatedTemperatures.keys.sorted().map { "temperature of bath \($0)" })
  }

  /// Every time function of the file (g, temperatures).
  var timeFunctions: [TimeFunction] { (modulatedCoupling.map { [$0] } ?? []) + modulatedTemperatures.keys.sorted().map { modulatedTemperatures[$0]! } }

  /// The period of the modulations (all sinusoids of one frequency), nil otherwise.
  public var modulationPeriod: Double? { commonPeriod(timeFunctions) }

  /// The time-dependent generator of `choice`'s equation `eq` (solved at the static values): the rate factors of the
  /// dissipators of modulated baths, the g(t) term (SME only) and the counting Hamiltonians of the local heat.
  public func drivenEvolution(_ choice: Derivation, equation eq: FockMasterEquation) throws -> DrivenFockEvolution {
    let sys = system, space = eq.space
    var terms: [(function: TimeFunction, operator: SparseMatrix, name: String)] = []
    // `localHeat`: counted with the Hamiltonian each bath's dissipators are in detailed balance with, as `solve` counts
    // it (docs/conventions.md, "Counted heat"; the SME's ω_c a†a and ω_m b†b, the DSME's ω_c a†a, the GMEs' H̃₀).
    let counting = Self.detailedBalanceHamiltonians(sys, choice, eq)
    if let gf = modulatedCoupling {
      try requireConstantCoupling(choice)
      // H₁ = ∂H/∂g of H = ω_c a†a + ω_m b†b − g a†a(b + b†) (paper 000, Eq. 1); the equation holds H(g₀).
      let b = space.lowering(1)
      terms.append((gf.shifted(by: sys.g), -1.0 * (space.number(0) * (b + b.adjoint)), "coupling g"))
    }
    var factors: [(dissipator: Int, factor: @Sendable (Double) -> Double)] = []
    for (k, d) in eq.dissipators.enumerated() {
      guard let f = modulatedTemperatures[d.bath] else { continue }
      let (kappa, t0) = d.bath == "optical" ? (sys.kappaC, sys.temperatureC) : (sys.kappaM, sys.temperatureM)
      guard let omega = d.frequency else { throw EvolveRequestError("bath '\(d.bath)': dissipator \(d.label) has no Bohr frequency; its rate cannot follow T(t)") }
      if omega == 0 {
        // G_m(0)α² with G_m(0) = 4κ_m T_m/ω_m: linear in T.
        factors.append((k, { t in f(t) / t0 }))
        continue
      }
      let reference = d.rate
      guard reference > 0, reference.isFinite else {
        throw EvolveRequestError("bath '\(d.bath)': dissipator \(d.label) has rate \(reference) at the static temperature \(t0) (n̄ underflows), so it cannot be rescaled to T(t); give a static temperature (the modulation's value or the table's first point) at which every rate is positive")
      }
      factors.append((k, { t in ((try? OptomechanicalSystem.flatBathRate(kappa: kappa, temperature: f(t), frequency: omega, bath: "")) ?? .nan) / reference }))
    }
    let temps = ["optical": modulatedTemperatures["optical"] ?? .constant(sys.temperatureC), "mechanical": modulatedTemperatures["mechanical"] ?? .constant(sys.temperatureM)]
    return try DrivenFockEvolution(equation: eq, drive: FockDrive(terms: terms, rateFactors: factors, breakpoints: timeFunctions.flatMap(\.breakpoints)),
                                   temperatures: temps, countingHamiltonians: counting)
  }

  /// The detailed-balance Hamiltonians of `choice` (`OptomechanicalSystem.detailedBalanceHamiltonians`) at the levels of
  /// `eq` (which the automatic truncation may have raised above the file's).
  static func detailedBalanceHamiltonians(_ sys: OptomechanicalSystem, _ choice: Derivation, _ eq: FockMasterEquation) -> [String: SparseMatrix] {
    let levels = eq.space.subsystems.map(\.dimension)
    return ((try? sys.withLevels(cavity: levels[0], mechanics: levels[1])) ?? sys).detailedBalanceHamiltonians(choice)
  }

  /// g(t) with an equation other than the SME: the error at `coupling.g`'s line, with the reason.
  func requireConstantCoupling(_ choice: Derivation) throws {
    guard modulatedCoupling != nil, choice != .standard else { return }
    let r = Reader(file: header.file, locator: TOMLLocator(source: header.source))
    var text = "a function of time"
    if case let .table(c)? = header.document["coupling"], let v = c["g"] { text = v.description }
    throw r.outOfRange(["coupling", "g"], value: text, allowed: "a constant g with the \(choice.name) equation (g(t) is evolved with the SME only: use --equations sme)",
                       message: "g depends on time, which the \(choice.name) cannot follow: its frame is fixed by g — the DSME's dressed jumps b − αn_c and the GMEs' polaron frame U = exp[α n_c(b† − b)] with sidebands P_k(α) use α = g/ω_m, so g(t) would move the frame itself (−iU†∂_tU joins H̃, the jumps follow α(t)), which these equations' derivations do not cover")
  }

  func evolveDriven(_ choice: Derivation, _ request: EvolveRequest, _ r: inout EvolveMethodResult) throws {
    try requireConstantCoupling(choice)   // before any solve
    let outcome = try KindSolver.solveFock(self, choice)
    let eq = outcome.equation, sys = system
    let ev = try drivenEvolution(choice, equation: eq)
    let (times, period) = try request.resolvedTimes(modelPeriod: modulationPeriod)
    let method = try request.cvodeMethod()
    var start = try fockInitialState(request, choice, outcome)
    if case let .gibbs(t) = request.initial { start = .gibbs(hamiltonian: ev.hamiltonian(at: 0), temperature: t) }   // the Gibbs state of H(0)
    let space = eq.space
    let tr = try ev.evolve(from: start, times: times, observables: [("cavity", space.number(0)), ("mechanics", space.number(1))],
                           tolerance: request.tolerance, method: method) { request.progress?(choice.name, $0, $1) }
    ModelEvolver.fillDriven(&r, tr, temperatures: sys.bathTemperatures, levels: outcome.levels, period: period,
                            timeDependence: (modulatedCoupling == nil ? [] : ["coupling g"]) + modulatedTemperatures.keys.sorted().map { "temperature of \($0)" })
  }
}

extension TimeFunction {
  /// f(t) − c (the change of a parameter from the static value c its equation was built with).
  func shifted(by c: Double) -> TimeFunction {
    switch self {
    case let .constant(v): return .constant(v - c)
    case let .sinusoid(v, a, w, p): return .sinusoid(value: v - c, amplitude: a, frequency: w, phase: p)
    case let .table(ts, vs, i): return .table(times: ts, values: vs.map { $0 - c }, interpolation: i)
    }
  }
}
