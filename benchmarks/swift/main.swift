// Clausius side of the benchmarks. Driven by benchmarks/run.py, which generates identical inputs,
// times the peers (SciPy, QuTiP) in the same run and prints the ratios. Each call prints one JSON line.
//
//   clausius-benchmarks lyapunov <dir> <n> <repeats>      A_n.bin, Q_n_0.bin → X_n_swift.bin
//   clausius-benchmarks sweep <dir> <n> <count> <concurrency>         A_n.bin, Q_n_k.bin (k < count) → Xsweep_n_k_swift.bin
//   clausius-benchmarks liouvillian <levelsA> <levelsB> <repeats>
//   clausius-benchmarks gaussian-chain <modes> <sweepPoints>
//   clausius-benchmarks optomechanics <nc> <nm> <full|sector|full-iterative|sector-iterative|sector-iterative-refined> <dir>   (paper 000 SME; see peers/optomechanics_qutip.py)
//   clausius-benchmarks optomechanics-iterative <nc> <nm> <full|sector> <sme|dsme|gme4|gmeinf> <g,g,…> <gs|sgs|jacobi|none> [tolerance] [T_c in mK]
//   clausius-benchmarks evolve-optomechanics <nc> <nm> <relaxation times> <points> <tolerance> <vacuum|coherent> [τ_relax]
//                                        paper 000's SME from |0,0⟩ (U(1) block) or a coherent cavity (full space) over
//                                        10 relaxation times (gap by ARPACK); see peers/evolve_qutip.py
//   clausius-benchmarks gap-optomechanics <nc> <nm> [blocks|full-polynomial]   paper 000's SME Liouvillian gap (ARPACK;
//                                        U(1) blocks + shift-invert Krylov propagator, or the earlier full-space route)
//   clausius-benchmarks evolve-gaussian-chain <modes> <points> [automatic|propagation|spectral]   exact Gaussian evolution of a chain (local equation)
//   clausius-benchmarks paper000 <dir>    the whole reproduction of paper 000 (Figs. 2–5 sweeps, sideband
//                                        convergence, automatic truncation), timed per stage
import CLapack
import Clausius
import Foundation
import Numerics

func readMatrix(_ path: String, n: Int) throws -> Matrix<Double> {
  let data = try Data(contentsOf: URL(fileURLWithPath: path))
  guard data.count == n * n * 8 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(path): expected \(n * n * 8) bytes"]) }
  let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
  return Matrix(rows: n, columns: n, columnMajor: values)  // files are Fortran (column-major) order
}

func writeMatrix(_ m: Matrix<Double>, _ path: String) throws {
  try m.elements.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: path))
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let t0 = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func emit(_ dict: [String: Any]) {
  let data = try! JSONSerialization.data(withJSONObject: dict, options: [.sortedKeys])
  print(String(decoding: data, as: UTF8.self))
}

/// Paper 000's benchmark system (κ_c = 0.02 at 101 mK, κ_m = 0.005 at 106 mK, ω_m = 0.06, g = 0.03) at (N_c, N_m).
func paper000System(_ nc: Int, _ nm: Int) throws -> OptomechanicalSystem {
  try OptomechanicalSystem(omegaC: 1, omegaM: 0.06, g: 0.03, kappaC: 0.02, kappaM: 0.005,
                           temperatureC: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 101),
                           temperatureM: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: 106),
                           cavityLevels: nc, mechanicalLevels: nm)
}

BLASThreads.configureFromEnvironment()
let args = CommandLine.arguments
guard args.count >= 2 else { fatalError("usage: see the header of benchmarks/swift/main.swift") }
switch args[1] {
case "lyapunov":
  let dir = args[2], n = Int(args[3])!, repeats = Int(args[4])!
  let a = try readMatrix("\(dir)/A_\(n).bin", n: n), q = try readMatrix("\(dir)/Q_\(n)_0.bin", n: n)
  var best = Double.infinity
  var solution: LyapunovSolution?
  for _ in 0..<repeats {
    best = min(best, try seconds { solution = try LyapunovSolver(drift: a).solve(q) })
  }
  try writeMatrix(solution!.solution, "\(dir)/X_\(n)_swift.bin")
  emit(["case": "lyapunov", "n": n, "seconds": best, "relativeResidual": solution!.relativeResidual, "blasThreads": BLASThreads.current])
case "sweep":
  let dir = args[2], n = Int(args[3])!, count = Int(args[4])!, concurrency = Int(args[5])!
  let a = try readMatrix("\(dir)/A_\(n).bin", n: n)
  let qs = try (0..<count).map { try readMatrix("\(dir)/Q_\(n)_\($0).bin", n: n) }
  var worst = 0.0
  var solutions: [Matrix<Double>] = []
  let t = try seconds {
    let solver = try LyapunovSolver(drift: a)  // one Schur form for the whole sweep
    let results = try solver.solve(qs, concurrency: concurrency)
    worst = results.map(\.relativeResidual).max()!
    solutions = results.map(\.solution)
  }
  for (k, x) in solutions.enumerated() { try writeMatrix(x, "\(dir)/Xsweep_\(n)_\(k)_swift.bin") }
  emit(["case": "sweep", "n": n, "count": count, "concurrency": concurrency, "seconds": t, "worstRelativeResidual": worst, "blasThreads": BLASThreads.current])
case "liouvillian":
  // Two hopping-coupled oscillators with local thermal baths (the demo model of `clausius reproduce demo`).
  let na = Int(args[2])!, nb = Int(args[3])!, repeats = Int(args[4])!
  let wa = 1.0, wb = 1.1, eps = 0.05, ga = 0.02, gb = 0.03
  let nBarA = Conventions.boseEinstein(frequency: wa, temperature: 0.9), nBarB = Conventions.boseEinstein(frequency: wb, temperature: 0.3)
  func annihilation(_ n: Int) -> SparseMatrix {
    SparseMatrix(rows: n, columns: n, triplets: (1..<n).map { (row: $0 - 1, column: $0, value: Complex(Double($0).squareRoot(), 0)) })
  }
  var bestBuild = Double.infinity, bestSolve = Double.infinity
  var result: LiouvillianNullVector?
  var dimension = 0
  for _ in 0..<repeats {
    var l: SparseMatrix?
    bestBuild = min(bestBuild, seconds {
      let a = annihilation(na).kronecker(.identity(nb)), b = SparseMatrix.identity(na).kronecker(annihilation(nb))
      let h = wa * (a.adjoint * a) + wb * (b.adjoint * b) + eps * (a.adjoint * b + b.adjoint * a)
      l = Superoperator.lindblad(hamiltonian: h, jumps: [(ga * (nBarA + 1)).squareRoot() * a, (ga * nBarA).squareRoot() * a.adjoint,
                                                          (gb * (nBarB + 1)).squareRoot() * b, (gb * nBarB).squareRoot() * b.adjoint])
    })
    dimension = l!.rows
    bestSolve = min(bestSolve, try seconds { result = try LiouvillianSteadyStateSolver(liouvillian: l!).solve() })
  }
  let rho = result!.densityMatrix
  var nA = 0.0
  for i in 0..<na { for j in 0..<nb { nA += Double(i) * rho[i * nb + j, i * nb + j].real } }
  emit(["case": "liouvillian", "dimension": dimension, "buildSeconds": bestBuild, "solveSeconds": bestSolve,
        "residual": result!.residual, "traceError": result!.traceError, "nA": nA])
case "paper000":
  // Issue 6: the full Fig. 2–5 computation — 3 temperature cases × 16 couplings × 5 equations at (N_c, N_m)
  // = (5, 90), the sideband-convergence study and the automatic-truncation study — with the time at which
  // each stage's progress line arrived (stages run on both cores).
  let dir = URL(fileURLWithPath: args[2])
  let t0 = DispatchTime.now().uptimeNanoseconds
  let stages = UnsafeStageLog()
  let report = try Paper000().run(outputDirectory: dir) { line in stages.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, line) }
  let total = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
  emit(["case": "paper000", "totalSeconds": total, "checks": report.checks.count, "passed": report.checks.filter(\.passed).count,
        "stages": stages.entries.map { ["at": $0.0, "stage": $0.1] as [String: Any] }, "cores": ProcessInfo.processInfo.activeProcessorCount])
case "gaussian-chain":
  // Global-equation NESS of an N-mode chain (frequencies 0.8→1.2, ε = 0.1, Ohmic–Drude baths at both
  // ends), then a temperature sweep reusing the normal modes and the drift factorisation, sequential
  // and on all cores. No peer: QuTiP/SciPy have no global-master-equation builder for such networks.
  emit(try gaussianChainBenchmark(modes: Int(args[2])!, points: Int(args[3])!))
case "profile":
  // Breakdown of one Lyapunov right-hand side: where the time goes.
  let dir = args[2], n = Int(args[3])!
  let a = try readMatrix("\(dir)/A_\(n).bin", n: n), q = try readMatrix("\(dir)/Q_\(n)_0.bin", n: n)
  var schur: RealSchurDecomposition?
  let tSchur = try seconds { schur = try RealSchurDecomposition(a) }
  var c = Matrix<Double>(rows: n, columns: n)
  let tIn = seconds { c = q.congruenceTransposed(by: schur!.z, scale: -1) }
  let tGemm = seconds { _ = a * q }
  var solver: LyapunovSolver?
  _ = try seconds { solver = try LyapunovSolver(drift: a, algorithm: .level3) }
  let tSolve = try seconds { _ = try solver!.solve(q) }
  let recursive = try LyapunovSolver(drift: a, algorithm: .recursive)
  let tRecursive = try seconds { _ = try recursive.solve(q) }
  let classic = try LyapunovSolver(drift: a, algorithm: .classic)
  let tClassic = try seconds { _ = try classic.solve(q) }
  let z = schur!.z
  var w = z
  let tTrmm = seconds { w.elements.withUnsafeMutableBufferPointer { wp in q.elements.withUnsafeBufferPointer { qp in
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), Int32(n), 1, qp.baseAddress!, Int32(n), wp.baseAddress!, Int32(n)) } } }
  var cc = Matrix<Double>(rows: n, columns: n)
  let tSyr2k = seconds { z.elements.withUnsafeBufferPointer { mp in w.elements.withUnsafeBufferPointer { wp in cc.elements.withUnsafeMutableBufferPointer { cp in
    cblas_dsyr2k(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(n), 1, mp.baseAddress!, Int32(n), wp.baseAddress!, Int32(n), 0, cp.baseAddress!, Int32(n)) } } } }
  let tSymm = seconds { z.elements.withUnsafeBufferPointer { mp in q.elements.withUnsafeBufferPointer { qp in cc.elements.withUnsafeMutableBufferPointer { cp in
    cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, Int32(n), Int32(n), 1, qp.baseAddress!, Int32(n), mp.baseAddress!, Int32(n), 0, cp.baseAddress!, Int32(n)) } } } }
  var tt = schur!.t
  let tTrsyl3 = try seconds { _ = try triangularSylvesterForProfile(t: schur!.t, c: &tt) }
  emit(["trmm": tTrmm, "syr2k": tSyr2k, "symm": tSymm, "trsyl3": tTrsyl3, "schur": tSchur, "congruence": tIn, "gemm": tGemm, "solveLevel3": tSolve, "solveRecursive": tRecursive, "solveClassic": tClassic, "n": n])
case "evolve-optomechanics":
  let nc = Int(args[2])!, nm = Int(args[3])!, relaxationTimes = Double(args[4])!, points = Int(args[5])!, tol = Double(args[6])!
  let start = args[7]
  let t0 = DispatchTime.now().uptimeNanoseconds
  let sys = try paper000System(nc, nm)
  let eq = try sys.masterEquation(.standard)
  let ev = FockEvolution(equation: eq, temperatures: sys.bathTemperatures)
  let t1 = DispatchTime.now().uptimeNanoseconds
  // An optional 8th argument gives the relaxation time (e.g. 2/κ_m) instead of computing the gap with ARPACK.
  let gapValue = args.count > 8 ? 1 / Double(args[8])! : try ev.spectralGap().gap
  let t2 = DispatchTime.now().uptimeNanoseconds
  let final = relaxationTimes / gapValue
  let times = (0...points).map { final * Double($0) / Double(points) }
  let initial: FockInitialState = start == "coherent" ? .coherent(amplitudes: [Complex(1, 0), .zero]) : .product(levels: [0, 0])
  let a = sys.space.lowering(0), b = sys.space.lowering(1)
  let tr = try ev.evolve(from: initial, times: times, observables: [("nc", a.adjoint * a), ("nm", b.adjoint * b)], tolerance: tol)
  let t3 = DispatchTime.now().uptimeNanoseconds
  let jc = tr.bathNames.firstIndex(of: "optical")!, jm = tr.bathNames.firstIndex(of: "mechanical")!
  emit(["case": "evolve-optomechanics", "nc": nc, "nm": nm, "start": start, "gap": gapValue, "finalTime": final, "times": times,
        "setupSeconds": Double(t1 - t0) / 1e9, "gapSeconds": Double(t2 - t1) / 1e9, "evolveSeconds": Double(t3 - t2) / 1e9,
        "unknowns": tr.unknowns, "krylovProducts": tr.krylov.products, "nc_t": tr.observables[0], "nm_t": tr.observables[1],
        "Jc": tr.heat[jc], "Jm": tr.heat[jm], "firstLawResidual": tr.firstLawResidual, "traceError": tr.traceError.max()!])
case "gap-optomechanics":
  let nc = Int(args[2])!, nm = Int(args[3])!
  let route: FockEvolution.GapRoute = args.count > 4 && args[4] == "full-polynomial" ? .fullPolynomialKrylov : .blocks
  let t0 = DispatchTime.now().uptimeNanoseconds
  let sys = try paper000System(nc, nm)
  let ev = FockEvolution(equation: try sys.masterEquation(.standard), temperatures: sys.bathTemperatures)
  let t1 = DispatchTime.now().uptimeNanoseconds
  let g = try ev.spectralGap(route: route)
  let t2 = DispatchTime.now().uptimeNanoseconds
  emit(["case": "gap-optomechanics", "nc": nc, "nm": nm, "route": route == .blocks ? "blocks" : "full-polynomial", "gap": g.gap,
        "setupSeconds": Double(t1 - t0) / 1e9, "gapSeconds": Double(t2 - t1) / 1e9, "applications": g.operatorApplications,
        "largestBlock": g.largestBlock, "nearest": g.eigenvalues.prefix(4).map { [$0.real, $0.imaginary] }])
case "evolve-gaussian-chain":
  let modes = Int(args[2])!, points = Int(args[3])!
  let t0 = DispatchTime.now().uptimeNanoseconds
  let baths = [try Bath.flat(name: "left", mode: 0, rate: 0.01, temperature: 2), try Bath.flat(name: "right", mode: modes - 1, rate: 0.01, temperature: 0.5)]
  // A uniform chain (a frequency gradient would localise the interior modes and make their damping vanish to round-off).
  let chain = try BosonicNetwork.chain(frequencies: Array(repeating: 1, count: modes), epsilon: 0.05, baths: baths)
  let eq = try chain.masterEquation(.local)
  let ev = try GaussianEvolution(equation: eq)
  let t1 = DispatchTime.now().uptimeNanoseconds
  let final = 10 * ev.relaxationTime
  let times = (0..<points).map { final * Double($0) / Double(points - 1) }
  // An optional 4th argument: the route (automatic | propagation | spectral; GaussianEvolutionMethod).
  let method: GaussianEvolutionMethod = args.count > 4 ? (args[4] == "propagation" ? .propagation : args[4] == "spectral" ? .spectral : .automatic) : .automatic
  let tr = try ev.evolve(from: .vacuum, times: times, method: method)
  let t2 = DispatchTime.now().uptimeNanoseconds
  emit(["case": "evolve-gaussian-chain", "modes": modes, "points": points, "finalTime": final, "setupSeconds": Double(t1 - t0) / 1e9,
        "method": tr.method, "eigenvectorCondition": tr.eigenvectorCondition ?? -1, "occupationLast": tr.occupations[modes - 1].last!,
        "integratedHeatLeft": tr.integratedHeat[0].last!,
        "evolveSeconds": Double(t2 - t1) / 1e9, "firstLawResidual": tr.firstLawResidual, "integratedFirstLawResidual": tr.integratedFirstLawResidual,
        "finalHeatLeft": tr.heat[0].last!, "blasThreads": BLASThreads.current])
case "optomechanics":
  // Paper 000's SME at (N_c, N_m): model + Liouvillian assembly and sparse-LU steady state, end to end,
  // on the full Liouvillian or the photon-number-diagonal U(1) sector. Writes ρ (complex, column-major)
  // to <dir>/rho_om_<nc>_<nm>_<mode>.bin for benchmarks/peers/optomechanics_qutip.py to compare.
  //   clausius-benchmarks optomechanics <nc> <nm> <full|sector|full-iterative|sector-iterative> <dir>
  let nc = Int(args[2])!, nm = Int(args[3])!, mode = args[4], dir = args[5]
  let t0 = DispatchTime.now().uptimeNanoseconds
  let sys = try paper000System(nc, nm)
  let eq = try sys.masterEquation(.standard)
  let t1 = DispatchTime.now().uptimeNanoseconds
  // "full-iterative" / "sector-iterative": GMRES to ‖b − Ax‖/‖b‖ ≤ 1e-13 without iterative refinement (ρ to ~1e-11, the
  // benchmark's criterion is 1e-10); "sector-iterative-refined": the library default (up to 3 refinement steps, which
  // bring heat currents to the LU's accuracy).
  let method: FockSolveMethod
  var iterative = FockIterativeOptions()
  switch mode {
  case "full": method = .fullSparseLU
  // Unrefined GMRES fails the library's a-posteriori test (componentwise backward error) and would be replaced by the
  // LU: `.reportOnly` times GMRES itself (its verification result is emitted below).
  case "full-iterative": method = .fullIterative; iterative.refinementSteps = 0; iterative.onFailure = .reportOnly
  case "sector-iterative": method = .symmetrySectorIterative; iterative.refinementSteps = 0; iterative.onFailure = .reportOnly
  case "sector-iterative-refined": method = .symmetrySectorIterative
  default: method = .symmetrySectorLU
  }
  let st = try eq.steadyState(using: method, iterativeOptions: iterative)
  let t2 = DispatchTime.now().uptimeNanoseconds
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  try st.density.elements.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: "\(dir)/rho_om_\(nc)_\(nm)_\(mode).bin"))
  let dg = st.diagnostics
  emit(["case": "optomechanics", "nc": nc, "nm": nm, "mode": mode, "unknowns": dg.unknowns,
        "operatorSeconds": Double(t1 - t0) / 1e9, "assemblySeconds": dg.assemblySeconds, "solveSeconds": dg.solveSeconds,
        "totalSeconds": Double(t2 - t0) / 1e9, "peakRSSMiB": Double(usage.ru_maxrss) / 1024,
        "relativeResidual": dg.relativeResidual, "traceError": dg.traceError, "minEigenvalue": dg.minimumEigenvalue,
        "iterations": dg.iterative?.iterations ?? 0, "preconditionerSetupSeconds": dg.iterative?.setupSeconds ?? 0,
        "gmresSeconds": dg.iterative?.iterationSeconds ?? 0, "solver": dg.solver.rawValue, "verificationPassed": dg.verification?.passed ?? false])
case "optomechanics-iterative":
  // Paper 000 (κ_c = 0.02, κ_m = 0.005, ω_m = 0.06, T_c = 106 mK, T_m = 101 mK): preconditioned GMRES steady state
  // against the direct LU at each g — iterations, residual, time, memory, max|ρ_GMRES − ρ_LU|, J_c and the first law.
  //   … [gs|sgs|jacobi|none] [tolerance] [T_c in mK] [refinement steps] [T_m in mK]
  let nc = Int(args[2])!, nm = Int(args[3])!, full = args[4] == "full"
  let derivation: Derivation
  switch args[5] {
  case "dsme": derivation = .dressedState
  case "gme4": derivation = .globalSidebands(4)
  case "gmeinf": derivation = .globalSidebandsExactFC(2 * nm)
  default: derivation = .standard
  }
  let gs = args[6].split(separator: ",").map { Double($0)! }
  let pre: FockIterativeOptions.Preconditioner = args.count > 7 ? (args[7] == "jacobi" ? .blockJacobi : args[7] == "none" ? .none : args[7] == "sgs" ? .symmetricBlockGaussSeidel : .blockGaussSeidel) : .blockGaussSeidel
  for g in gs {
    let sys = try OptomechanicalSystem(omegaC: 1, omegaM: 0.06, g: g, kappaC: 0.02, kappaM: 0.005,
                                       temperatureC: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: args.count > 9 ? Double(args[9])! : 106),
                                       temperatureM: OptomechanicalSystem.kelvinToOmegaC(milliKelvin: args.count > 11 ? Double(args[11])! : 101),
                                       cavityLevels: nc, mechanicalLevels: nm)
    let eq = try sys.masterEquation(derivation)
    var lu: FockSteadyState?
    let tLU = try seconds { lu = try eq.steadyState(using: full ? .fullSparseLU : .symmetrySectorLU) }
    var it: FockSteadyState?
    var failure = ""
    let tIt = seconds {
      do { it = try eq.steadyState(using: full ? .fullIterative : .symmetrySectorIterative, iterativeOptions: FockIterativeOptions(tolerance: args.count > 8 ? Double(args[8])! : FockIterativeOptions().tolerance, preconditioner: pre,
                                                                                                                             refinementSteps: args.count > 10 ? Int(args[10])! : 0,
                                                                                                                             onFailure: .reportOnly)) } catch { failure = "\(error)" }
    }
    if let it, let lu, let r = it.diagnostics.iterative {
      var diff = 0.0, scale = 0.0
      for k in 0..<lu.density.elements.count { diff = max(diff, (it.density.elements[k] - lu.density.elements[k]).length); scale = max(scale, lu.density.elements[k].length) }
      let heatLU = try FockHeatReport(equation: eq, state: lu, temperatures: sys.bathTemperatures)
      let heatIt = try FockHeatReport(equation: eq, state: it, temperatures: sys.bathTemperatures)
      let jc = heatLU.currents["optical"] ?? .nan, jcIt = heatIt.currents["optical"] ?? .nan
      emit(["case": "optomechanics-iterative", "JcLU": jc, "JcDifference": abs(jcIt - jc), "componentwiseBackwardError": r.componentwiseBackwardError ?? -1,
            "firstLawLU": heatLU.firstLawResidual, "firstLawIterative": heatIt.firstLawResidual, "refinementSteps": r.refinementSteps,
            "unrefinedResidual": r.unrefinedRelativeResidual ?? -1, "nc": nc, "nm": nm, "mode": full ? "full" : "sector", "equation": eq.name, "g": g, "nBarC": sys.nBarC,
            "unknowns": it.diagnostics.unknowns, "iterations": r.iterations, "gmresRelativeResidual": r.relativeResidual,
            "relativeResidual": it.diagnostics.relativeResidual, "luRelativeResidual": lu.diagnostics.relativeResidual,
            "maxDiffOverMaxRho": diff / scale, "setupSeconds": r.setupSeconds, "iterationSeconds": r.iterationSeconds, "iterativeTotalSeconds": tIt,
            "luTotalSeconds": tLU, "preconditionerMiB": r.preconditionerMemoryEstimate / 1048576, "luPeakMiB": lu.diagnostics.peakMemoryEstimate / 1048576,
            "blocks": r.blocks, "largestBlock": r.largestBlock, "minEigenvalue": it.diagnostics.minimumEigenvalue,
            "verificationPassed": it.diagnostics.verification?.passed ?? false])
    } else {
      emit(["case": "optomechanics-iterative", "nc": nc, "nm": nm, "equation": eq.name, "g": g, "failure": failure])
    }
  }
default:
  fatalError("unknown benchmark \(args[1])")
}

func triangularSylvesterForProfile(t: Matrix<Double>, c: inout Matrix<Double>) throws -> Double {
  var scale = 1.0
  let n = t.rows
  _ = t.elements.withUnsafeBufferPointer { tp in c.elements.withUnsafeMutableBufferPointer { cp in
    LAPACKE_dtrsyl3(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "T")), 1, Int32(n), Int32(n), tp.baseAddress!, Int32(n), tp.baseAddress!, Int32(n), cp.baseAddress!, Int32(n), &scale) } }
  return scale
}

final class UnsafeBox<T>: @unchecked Sendable {
  var value: T
  init(_ value: T) { self.value = value }
}

func gaussianChainBenchmark(modes n: Int, points: Int) throws -> [String: Any] {
  let freqs = BosonicNetwork.linearProfile(first: 0.8, last: 1.2, count: n)
  let j = try SpectralDensity.ohmicDrude(lambda: 0.05, cutoff: 50)
  let net = try BosonicNetwork.chain(frequencies: freqs, epsilon: 0.1, baths: [
    Bath(name: "c", temperature: 0.5, spectralDensity: j, coupling: .position(mode: 0)),
    Bath(name: "h", temperature: 1.0, spectralDensity: j, coupling: .position(mode: n - 1)),
  ])
  var eq: MasterEquation?
  var report: ThermodynamicsReport?
  var residual = 0.0
  let tTotal = try seconds {
    eq = try net.masterEquation(.global)
    let ss = try eq!.gaussianSteadyState()
    residual = ss.diagnostics.relativeResidual
    report = ss.thermodynamics
  }
  let equation = eq!
  let factorisation = try equation.driftFactorisation()
  let temperatures = (0..<points).map { 0.5 + Double($0) * 0.05 }
  @Sendable func point(_ th: Double) throws -> Double {
    let other = try net.withTemperatures([0.5, th]).masterEquation(.global, reusing: equation)
    return try other.gaussianSteadyState(reusing: factorisation).thermodynamics.baths[1].heat
  }
  var sequential: [Double] = []
  let tSweep = try seconds { sequential = try temperatures.map(point) }
  let parallel = UnsafeBox([Double](repeating: .nan, count: points))
  let lock = NSLock()
  let tParallel = seconds {
    DispatchQueue.concurrentPerform(iterations: points) { k in
      let q = (try? point(temperatures[k])) ?? .nan
      lock.lock(); parallel.value[k] = q; lock.unlock()
    }
  }
  // O(N·M) secular fast path (GlobalTemperatureSweep): set-up once, then the same points sequentially.
  var fast: [Double] = []
  var fastFirstLaw = 0.0
  let tFastSetup = try seconds { _ = try GlobalTemperatureSweep(equation: equation) }
  let tFast = try seconds {
    let sweep = try GlobalTemperatureSweep(equation: equation)
    fast = try temperatures.map { th in
      let p = try sweep.point(temperatures: [0.5, th])
      fastFirstLaw = max(fastFirstLaw, p.firstLawRelativeResidual)
      return p.heats[1]
    }
  }
  // The full path already computed every point (sequential sweep above): compare at all of them except
  // T_h = T_c (the first point), where Q̇_h = 0 and both paths only return round-off (reported separately).
  let checked = (0..<points).filter { temperatures[$0] != 0.5 }
  let maxRelDiff = checked.map { abs(fast[$0] - sequential[$0]) / abs(sequential[$0]) }.max() ?? .nan
  let equalT = (0..<points).filter { temperatures[$0] == 0.5 }
  return ["case": "gaussian-chain", "modes": n, "globalTotalSeconds": tTotal, "relativeResidual": residual,
        "firstLawRelativeResidual": report!.firstLaw.relativeResidual, "sweepPoints": points,
        "sweepSequentialSeconds": tSweep, "sweepParallelSeconds": tParallel,
        "parallelEqualsSequential": parallel.value == sequential, "blasThreads": BLASThreads.current,
        "fastSweepSetupSeconds": tFastSetup, "fastSweepSequentialSeconds": tFast, "fastSweepPointsCompared": checked.count,
        "fastSweepMaxRelativeDifferenceQh": maxRelDiff, "fastSweepMaxFirstLawResidual": fastFirstLaw,
        "equalTemperatureQhFull": equalT.map { sequential[$0] }, "equalTemperatureQhFast": equalT.map { fast[$0] }]
}

/// Progress lines with their arrival times (appended from worker threads).
final class UnsafeStageLog: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var entries: [(Double, String)] = []
  func append(_ t: Double, _ line: String) { lock.lock(); entries.append((t, line)); lock.unlock() }
}
