import ArgumentParser
import Clausius
import ClausiusIO
import Foundation

/// `clausius evolve model.toml --time T`: heat, work and energy along time from an initial state (docs/time-evolution.md).
public struct Evolve: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Time evolution of a model file: heat per bath, work, ⟨H⟩ and occupations along time, per master equation.",
    discussion: """
      Evolves an initial state with each master equation of the file's [solve]
      equations (or --equations) and reports, at every output time:
        per bath the heat current Q̇ (whole H and local H, > 0 into the system)
          and the heat Q = ∫Q̇ exchanged since t = 0;
        the work rate Ẇ and work W (> 0 on the system), ⟨H⟩ and d⟨H⟩/dt;
        occupations ⟨a†a⟩ per mode (Fock kinds: per subsystem);
        the entropy production Σ(t) = ΔS − Σ Q_local/T (≥ 0 for GKLS equations);
        diagnostics: the first law d⟨H⟩/dt = ΣQ̇ at every time and integrated,
          the uncertainty margin (Gaussian) or Tr ρ, ρ ≥ 0 and the Krylov error
          estimate (Fock), and the relaxation time (Gaussian: 1/gap of A).
      Engines: the Gaussian kinds (network, cascaded, optomechanical-ring)
      evolve exactly (V(t) = e^{At}(V₀ − V∞)e^{Aᵀt} + V∞, no ODE error);
      kind = "optomechanical" and "open-system" propagate ρ with a Krylov
      exponential of the Liouvillian (--tolerance). Models with parameters
      given as functions of time (docs/model-format.md, "Time-dependent
      parameters": drives, couplings, frequencies, rates, temperatures) are
      integrated by SUNDIALS CVODE (BDF, relative tolerance --tolerance;
      --ode-method adams for weakly damped models); networks with modulated
      couplings or frequencies use the adiabatic global/Redfield equation of
      H(t), open systems (≤ 64 levels) the adiabatic global equation, its
      validity in diagnostics.adiabatic; the work then includes
      Ẇ_drive = ⟨∂H/∂t⟩ (driveWorkRate). Which equations follow which time
      functions: docs/time-evolution.md, "Time-dependent generators". --stroboscopic [--period P]
      reports one point per period and the periodic steady state's
      cycle-averaged heat and work. Times are in units of 1/ω_u (the file's
      frequency unit).
      Paper 003's collision model at finite τ (networks): --equations
      collisional --interaction-time τ steps the repeated interactions
      collision by collision (the collisional equation alone is the τ → 0
      limit, the local equation). Output times are stroke boundaries nτ (a time
      that is not a multiple of τ moves to the boundary before it, reported in
      collision.movedTimes and a warning); heat, work and d⟨H⟩/dt are
      per-collision averages δQ_i/τ, δW/τ, ΔE_S/τ of the collision starting at
      each time; the first-law diagnostic is each stroke's energy conservation
      (Eq. B8), and collision.localEquation the deviation from the local
      equation at the same times (O(τ)). Add local to --equations for both
      trajectories side by side. Fock kinds: [output] relaxation = true adds
      the Liouvillian gap (relaxation, as in solve).
      Initial states (--initial, default vacuum):
        vacuum; thermal:T or thermal:T1,T2,… (per mode / cavity,mechanics);
        gibbs:T (Gibbs state of the system H); coherent:α1,α2,… (α = 0.5,
        0.5+0.2i, -0.3i; Fock kinds: one per subsystem); fock:n1,n2,… (Fock
        kinds); steady:OTHER.toml (the steady state of another model of the
        same kind and size — a quench; the equation of the same name, else its
        first); moments:FILE.json (Gaussian kinds: a state by its covariance
        and mean in the quadratures x₁, p₁, …, or the final state of an earlier
        `evolve --final-state` run, to continue it).
      Examples:
        clausius evolve examples/003-two-mode-refrigerator.toml --time 200 --steps 50
        clausius evolve examples/003-chain.toml --time 100 --initial thermal:0.5 --format json
        clausius evolve examples/000-optomechanics-hot-cavity.toml --time 50 --equations sme --times 0,1,10,50
        clausius evolve model.toml --time 300 --initial steady:before.toml --out results/
        clausius evolve model.toml --time 50 --final-state --out part1/
        clausius evolve model.toml --time 50 --initial moments:part1/evolve.json
        clausius evolve examples/003-two-mode-refrigerator-lab.toml --time 10 --equations collisional local --interaction-time 0.01
      Files (with --out DIR): DIR/evolve.json, DIR/evolve.csv,
      DIR/evolve-currents.svg (heat currents and work rate against time) and
      DIR/evolve-energy.svg (heat exchanged and ⟨H⟩(t) − ⟨H⟩(0)).
      Exit status: 0 on success; 1 when an evolution fails its checks (first
      law, Tr ρ, ρ ≥ 0, uncertainty principle) or could not run; 2 on a bad
      file or option.
      """)

  @OptionGroup public var options: ModelOptions

  @Option(name: .long, help: ArgumentHelp("Final time T (> 0, in 1/ω_u).", valueName: "T"))
  public var time: Double?

  @Option(name: .long, help: ArgumentHelp("Number of equal steps to T (default 100): output at t = kT/N, k = 0…N.", valueName: "N"))
  public var steps: Int?

  @Option(name: .long, help: ArgumentHelp("Output times instead of --time/--steps: comma-separated, increasing, ≥ 0.", valueName: "t1,t2,…"))
  public var times: String?

  @Option(name: .long, help: ArgumentHelp("Initial state: \(InitialStateSpec.syntax). Default: vacuum.", valueName: "STATE"))
  public var initial: String = "vacuum"

  @Option(name: .long, help: ArgumentHelp("Fock kinds: Krylov local error per unit time relative to ‖ρ₀‖; time-dependent models: CVODE relative tolerance (absolute: 1e-2 × it). Default 1e-10.", valueName: "tol"))
  public var tolerance: Double = 1e-10

  @Flag(name: .long, help: "Stroboscopic mode (time-dependent models): one output per period of the modulation, up to --time; reports the cycle-averaged heat and work and the periodic steady state.")
  public var stroboscopic = false

  @Option(name: .long, help: ArgumentHelp("The period P of the stroboscopic mode (implies --stroboscopic; default: the model's modulation period).", valueName: "P"))
  public var period: Double?

  @Flag(name: .customLong("final-state"), help: "Gaussian models: write each method's final covariance and mean (methods[].finalState in the JSON), to continue with --initial moments:FILE.json.")
  public var finalState = false

  @Option(name: .customLong("ode-method"), help: ArgumentHelp("Time-dependent models: CVODE's method, bdf (stiff; Newton with a direct LU (Fock: KLU; Gaussian: dense) for small models, GMRES above) or adams (non-stiff; fixed-point iteration — faster for weakly damped models). Default bdf.", valueName: "bdf|adams"))
  public var odeMethod = "bdf"

  @Option(name: .customLong("interaction-time"), help: ArgumentHelp("Networks: step the collisional equation as paper 003's collision model with this interaction time τ (> 0, ≤ the final time) instead of its τ → 0 limit; outputs at the stroke boundaries nτ.", valueName: "τ"))
  public var interactionTime: Double?

  public init() {}

  /// The output times from --time/--steps/--times.
  func outputTimes() throws -> [Double] {
    if let list = times {
      guard time == nil, steps == nil else { throw ValidationError("--times: give either --times or --time [--steps], not both") }
      let xs = list.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard !xs.isEmpty, xs.allSatisfy({ $0 != nil }) else { throw ValidationError("--times \(list): not a comma-separated list of numbers") }
      do { return try validatedTimes(xs.map { $0! }) } catch { throw ValidationError("--times \(list): \(error)") }
    }
    guard let t = time else { throw ValidationError("--time: give the final time (--time T) or the output times (--times t1,t2,…)") }
    do { return try uniformTimes(final: t, steps: steps ?? 100) } catch { throw ValidationError("--time \(t) --steps \(steps ?? 100): \(error)") }
  }

  public func validate() throws {
    guard tolerance > 0, tolerance < 1e-2 else { throw ValidationError("--tolerance \(tolerance): must be in (0, 1e-2)") }
    guard ["bdf", "adams"].contains(odeMethod) else { throw ValidationError("--ode-method \(odeMethod): allowed: bdf, adams") }
    if let p = period, !(p.isFinite && p > 0) { throw ValidationError("--period \(p): must be finite and > 0") }
    if let t = interactionTime, !(t.isFinite && t > 0) { throw ValidationError("--interaction-time \(t): must be finite and > 0") }
    if stroboscopic || period != nil, times != nil { throw ValidationError("--stroboscopic/--period: give the final time with --time T (one output per period), not --times") }
    _ = try outputTimes()
    do { _ = try InitialStateSpec(parsing: initial) } catch let e as EvolveRequestError { throw ValidationError(e.message) }
  }

  public func run() throws {
    BLASThreads.configureFromEnvironment()
    let d = try options.loadDescription()
    let outputDirectory = try options.outputDirectory(fileDirectory: d.outputDirectory)
    let ts = try outputTimes()
    let spec: InitialStateSpec
    do { spec = try InitialStateSpec(parsing: initial) } catch let e as EvolveRequestError { throw ValidationError(e.message) }
    let started = Date()
    var lastNote = Date()
    var request = EvolveRequest(initial: spec, initialText: initial, times: ts, tolerance: tolerance) { method, k, n in
      // Progress on stderr for runs longer than a few seconds (at most one line per 2 s).
      guard !options.quiet, Date().timeIntervalSince(lastNote) > 2 else { return }
      lastNote = Date()
      options.note("evolve \(method): \(k)/\(n) (\(Int(Date().timeIntervalSince(started))) s)")
    }
    request.stroboscopic = stroboscopic || period != nil
    request.period = period
    request.odeMethod = odeMethod
    request.finalState = finalState
    request.interactionTime = interactionTime
    let doc: EvolveDocument
    do { doc = try d.evolve(request) } catch let e as EvolveRequestError { throw ValidationError(e.message) }
    if let dir = outputDirectory {
      try FigureWriter.write(try ClausiusJSON.encoder.encode(doc), to: "evolve.json", in: dir)
      try FigureWriter.write(Data(EvolveOutput.csv(doc).utf8), to: "evolve.csv", in: dir)
      for (name, figure) in EvolveOutput.figures(doc) { try FigureWriter.write(Data(SVGRenderer.document(figure).utf8), to: name, in: dir) }
      options.note("wrote \(dir.path)/evolve.json, evolve.csv, evolve-currents.svg, evolve-energy.svg")
    }
    switch options.resolvedFormat(fileFormat: d.outputFormat) {
    case .json: print(String(decoding: try ClausiusJSON.encoder.encode(doc), as: UTF8.self))
    case .csv: print(EvolveOutput.csv(doc), terminator: "")
    case .table: print(EvolveOutput.table(doc))
    }
    let failures = doc.failures
    for f in failures { StandardStreams.error("error: \(f)") }
    if !failures.isEmpty { throw ExitCode(1) }
  }
}
