#!/usr/bin/env python3
"""Clausius benchmarks, side by side with the peers measured in the same run on identical inputs.

Usage: benchmarks/run [--quick] [--chain | --sweeps | --evolve]   (see BENCHMARKS.md). Prints a table and writes benchmarks/out/results.json.
Both sides run single-threaded BLAS (OPENBLAS_NUM_THREADS=1, CLAUSIUS_BLAS_THREADS=1) unless overridden.
"""
import json
import os
import platform
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "peers"))
sys.path.insert(0, HERE)
import lyapunov_scipy  # noqa: E402

BIN = os.environ.get("CLAUSIUS_BENCH_BIN", os.path.join(HERE, "..", ".build", "release", "clausius-benchmarks"))
OUT = os.path.join(HERE, "out")


def swift(*args, threads=None):
    env = dict(os.environ, CLAUSIUS_BLAS_THREADS=str(threads)) if threads else None
    line = subprocess.run([BIN, *map(str, args)], check=True, capture_output=True, text=True, env=env).stdout.strip().splitlines()[-1]
    return json.loads(line)


def scipy_threaded(n, repeats, threads):
    """SciPy's single solve with `threads` OpenBLAS threads (set before NumPy loads, hence a subprocess)."""
    code = (f"import sys; sys.path.insert(0, {os.path.join(HERE, 'peers')!r}); import lyapunov_scipy as L; "
            f"print(L.time_single({OUT!r}, {n}, {repeats})[0])")
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout.strip())


CLI = os.environ.get("CLAUSIUS_CLI_BIN", os.path.join(HERE, "..", ".build", "release", "clausius"))


def measured(cmd, env=None):
    """Runs `cmd`; returns (wall seconds, peak RSS in MiB of that process, stdout) — os.wait4 gives the child's own rusage."""
    import time
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        raise RuntimeError(f"{cmd} exited with status {status}")
    global last_cpu   # the child's CPU seconds (user + system): under load the figure both sides can be compared by
    last_cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, out


last_cpu = 0.0


def chain_cases(quick):
    """Issue 15: `clausius solve` end to end on the N-mode chain (benchmarks/chain_model.py) against SciPy in the same run:
    global equation vs one N × N `eigh` (the floor), local equation vs SciPy's N × N complex and 2N real Lyapunov solves.
    Peers run as subprocesses (their own peak memory; timings are of the solve only, the Clausius ones end to end)."""
    import chain_model
    peer = os.path.join(HERE, "peers", "chain_scipy.py")
    rows = []
    global_sizes, local_sizes, real_sizes = ([200, 400], [200, 400], [200]) if quick else ([1000, 2000, 4000], [1000, 2000], [1000])
    for equation, sizes in (("global", global_sizes), ("local", local_sizes)):
        for n in sizes:
            path = os.path.join(OUT, f"chain_{equation}_{n}.toml")
            with open(path, "w") as f:
                f.write(chain_model.chain_toml(n, [equation]))
            print(f"chain N={n} {equation}: clausius solve, then SciPy …", file=sys.stderr, flush=True)
            load = os.getloadavg()[0]
            secs, mem, out = measured([CLI, "solve", path, "--format", "json", "--quiet"])
            cpu = last_cpu
            doc = json.loads(out)
            m = doc["methods"][0]
            occ = [m["occupations"][0], m["occupations"][-1]]
            peers = [("eigh", f"scipy.linalg.eigh N×N")] if equation == "global" else [("complex", "scipy solve_continuous_lyapunov N×N complex")]
            if equation == "local" and n in real_sizes:
                peers.append(("real2n", "scipy solve_continuous_lyapunov 2N×2N real"))
            for mode, name in peers:
                _, pmem, pout = measured([sys.executable, peer, mode, str(n)])
                p = json.loads(pout)
                diff = max(abs(a - b) / abs(b) for a, b in zip(occ, p["occupations"]))
                case = {"case": f"chain N = {n}, {equation} (clausius solve, end to end)", "clausius": secs, "peer": p["seconds"],
                        "peerName": name, "ratio": p["seconds"] / secs, "maxRelDiff": diff, "clausiusMiB": mem, "peerMiB": pmem,
                        "load": load, "clausiusCPU": cpu, "peerCPU": p.get("cpu_seconds"),
                        "cpuRatio": p["cpu_seconds"] / cpu if p.get("cpu_seconds") else None,
                        "loadAfter": os.getloadavg()[0], "lyapunovResidual": m.get("diagnostics", {}).get("lyapunovResidual"),
                        "firstLawRelativeResidual": m.get("firstLawRelativeResidual")}
                if mode == "eigh":   # the global heat from the normal modes (paper 004, Eq. 24) as a second check
                    case["heatRelDiff"] = abs(m["baths"][0]["heat"] - p["heat"]) / abs(p["heat"])
                print(f"  {json.dumps(case)}", file=sys.stderr, flush=True)
                rows.append(case)
    return rows


PAPER000_SWEEP_MODEL = """kind = "optomechanical"
title = "paper 000 SME, (N_c, N_m) = ({nc}, {nm})"
cavity = {{ frequency = 1.0, rate = 0.02, temperature = 0.2 }}
mechanics = {{ frequency = 0.06, rate = 0.005, temperature = 0.2 }}
coupling = {{ g = 0.03 }}
truncation = {{ cavity_levels = {nc}, mechanical_levels = {nm}, tolerance = 1e-5 }}
solve = {{ equations = ["sme"] }}
"""


def sweep_cases(quick):
    """Issue 15 "Sweeps reuse work" / issue 18: `clausius sweep` end to end (one worker, --jobs 1), with the reuse
    (default) and without (CLAUSIUS_SWEEP_REUSE=0: every point set and solved from scratch, as before), and the SciPy
    loop that recomputes `eigh` at each point of the global chain's temperature sweep. Heats compared point by point."""
    import chain_model
    rows = []
    peer = os.path.join(HERE, "peers", "chain_scipy.py")
    off = dict(os.environ, CLAUSIUS_SWEEP_REUSE="0")

    def sweep(path, vary, env=None):
        secs, mem, out = measured([CLI, "sweep", path, "--vary", vary, "--jobs", "1", "--format", "json", "--quiet"], env=env)
        doc = json.loads(out)
        return secs, mem, [[b["heat"] for b in p["methods"][0]["baths"]] for p in doc["points"]]

    def rel(a, b):
        return max(abs(x - y) / max(abs(y), 1e-300) for u, v in zip(a, b) for x, y in zip(u, v))

    # Global equation, temperature of the last bath: the normal modes once (O(N²) per point).
    n, points = (300, 20) if quick else (1000, 50)
    path = os.path.join(OUT, f"chain_global_{n}.toml")
    with open(path, "w") as f:
        f.write(chain_model.chain_toml(n, ["global"]))
    print(f"sweep: global chain N={n}, {points} temperatures: clausius (reuse, then from scratch), SciPy eigh loop …", file=sys.stderr, flush=True)
    load = os.getloadavg()[0]
    vary = f"baths.last.temperature=0.5:1.5:{points}"
    secs, mem, heats = sweep(path, vary)
    secs0, mem0, heats0 = sweep(path, vary, env=off)
    _, pmem, pout = measured([sys.executable, peer, "eigh-sweep", str(n), str(points), "0.5", "1.5"])
    p = json.loads(pout)
    peer_heats = [[h] for h in p["heats"]]
    common = {"clausiusMiB": mem, "load": load}
    rows.append(dict(common, case=f"{points}-pt temperature sweep, global chain N = {n} (clausius sweep)", clausius=secs, peer=p["seconds"],
                     peerName=f"SciPy loop, eigh at each point", ratio=p["seconds"] / secs, maxRelDiff=rel([[h[0]] for h in heats], peer_heats), peerMiB=pmem))
    rows.append(dict(common, case=f"  same, reuse vs point by point (CLAUSIUS_SWEEP_REUSE=0)", clausius=secs, peer=secs0,
                     peerName="clausius sweep, every point from scratch", ratio=secs0 / secs, maxRelDiff=rel(heats, heats0), peerMiB=mem0))

    def versus_scratch(case, path, text, vary, variants=()):
        """The sweep with the reuse against the same sweep with every point from scratch (and against `variants`:
        (label, environment) pairs, e.g. a reuse switched off alone)."""
        with open(path, "w") as f:
            f.write(text)
        print(f"sweep: {case}, reuse vs from scratch …", file=sys.stderr, flush=True)
        load = os.getloadavg()[0]
        secs, mem, heats = sweep(path, vary)
        secs0, mem0, heats0 = sweep(path, vary, env=off)
        rows.append({"case": case, "clausius": secs, "peer": secs0, "peerName": "clausius sweep, every point from scratch",
                     "ratio": secs0 / secs, "maxRelDiff": rel(heats, heats0), "clausiusMiB": mem, "peerMiB": mem0, "load": load})
        for label, env in variants:
            secs1, mem1, heats1 = sweep(path, vary, env=dict(os.environ, **env))
            rows.append({"case": f"  same, vs {label}", "clausius": secs, "peer": secs1, "peerName": label,
                         "ratio": secs1 / secs, "maxRelDiff": rel(heats, heats1), "clausiusMiB": mem, "peerMiB": mem1, "load": os.getloadavg()[0]})

    # Local equation, temperature: the Schur form of the drift once (complex N × N, number conserving).
    n, points = (100, 5) if quick else (400, 10)
    versus_scratch(f"{points}-pt temperature sweep, local chain N = {n}", os.path.join(OUT, f"chain_local_{n}.toml"),
                   chain_model.chain_toml(n, ["local"]), f"baths.last.temperature=0.5:1.5:{points}")
    # Fock: paper 000's SME, temperature of the mechanical bath: UMFPACK's symbolic analysis once, and each point solved
    # by GMRES preconditioned with the previous point's LU (FockNeighbourLUCache); also against the symbolic reuse alone.
    (nc, nm), points = ((4, 30), 20) if quick else ((6, 60), 100)
    versus_scratch(f"{points}-pt Fock sweep, paper 000 SME ({nc}, {nm})", os.path.join(OUT, f"paper000_sme_{nc}_{nm}.toml"),
                   PAPER000_SWEEP_MODEL.format(nc=nc, nm=nm), f"mechanics.temperature=0.15:0.25:{points}",
                   variants=[("symbolic analysis reused, every point factorised (CLAUSIUS_FOCK_NEIGHBOUR_LU=0)", {"CLAUSIUS_FOCK_NEIGHBOUR_LU": "0"})])
    for r in rows:
        print(f"  {json.dumps(r)}", file=sys.stderr, flush=True)
    return rows


def evolve_cases(quick):
    """Issue 17: the driven open system (examples/driven-qubit-oscillator.toml, CVODE) against QuTiP mesolve in the same
    run (peers/driven_qutip.py prints one JSON line per case, with the load average before each), and the Liouvillian gap
    of paper 000's SME (U(1) blocks + ARPACK's rightmost eigenvalues; `clausius-benchmarks gap-optomechanics`)."""
    levels = ["6", "12"] if quick else ["6", "30"]
    print(f"driven open system at {levels} levels vs QuTiP mesolve (Adams and BDF) …", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, os.path.join(HERE, "peers", "driven_qutip.py"), CLI, "--levels", *levels,
                    "--ode-methods", "adams", "bdf"], check=False)
    for nc, nm in ([(4, 20)] if quick else [(4, 20), (6, 60)]):
        print(f"Liouvillian gap, paper 000's SME ({nc}, {nm}) …", file=sys.stderr, flush=True)
        g = swift("gap-optomechanics", nc, nm)
        g["loadAverage"] = os.getloadavg()[0]
        print(json.dumps(g))


def generate(n, count, seed):
    """A random stable drift (spectrum shifted left of 0) and symmetric PSD diffusions, Fortran order."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(-1, 1, (n, n)) / np.sqrt(n)
    a -= (np.max(np.linalg.eigvals(a).real) + 0.1) * np.eye(n)
    a.flatten(order="F").tofile(f"{OUT}/A_{n}.bin")
    for k in range(count):
        b = rng.uniform(-1, 1, (n, n))
        (b @ b.T / n).flatten(order="F").tofile(f"{OUT}/Q_{n}_{k}.bin")


def main():
    quick = "--quick" in sys.argv
    os.makedirs(OUT, exist_ok=True)
    if "--sweeps" in sys.argv:   # only the sweep-reuse cases (issue 15 "Sweeps reuse work")
        rows = sweep_cases(quick)
        print_rows(rows)
        with open(os.path.join(OUT, "sweeps.json"), "w") as f:
            json.dump(rows, f, indent=2)
        return
    if "--evolve" in sys.argv:   # only the issue-17 time-evolution cases
        evolve_cases(quick)
        return
    if "--chain" in sys.argv:   # only the issue-15 chain cases
        rows = chain_cases(quick)
        print_rows(rows)
        with open(os.path.join(OUT, "chain.json"), "w") as f:
            json.dump(rows, f, indent=2)
        return
    sizes = [200, 500] if quick else [500, 1000, 2000]
    sweep_n, sweep_count = (300, 5) if quick else (1000, 20)
    results = {"machine": platform.processor() or platform.machine(), "cores": os.cpu_count(),
               "threads": os.environ.get("OPENBLAS_NUM_THREADS"), "numpy": np.__version__,
               "scipy": __import__("scipy").__version__, "cases": []}
    rows = []
    for n in sizes:
        repeats = 3 if n <= 1000 else 1
        print(f"lyapunov n={n}: generating, SciPy ({repeats}×), Clausius ({repeats}×) …", file=sys.stderr, flush=True)
        generate(n, 1, seed=n)
        t_peer, x_peer, res_peer = lyapunov_scipy.time_single(OUT, n, repeats)
        mine = swift("lyapunov", OUT, n, repeats)
        x_mine = lyapunov_scipy.read(f"{OUT}/X_{n}_swift.bin", n)
        diff = float(np.max(np.abs(x_mine - x_peer)) / np.max(np.abs(x_peer)))
        case = {"case": f"Lyapunov solve, n = {n}", "clausius": mine["seconds"], "peer": t_peer, "peerName": "scipy solve_continuous_lyapunov",
                "ratio": t_peer / mine["seconds"], "maxRelDiff": diff, "residualClausius": mine["relativeResidual"], "residualPeer": float(res_peer)}
        results["cases"].append(case)
        rows.append(case)
    # The same single solve with every core given to BLAS on both sides (each library's default outside
    # this harness). The n = 1000 files are regenerated only if the loop above skipped that size.
    n_threaded, cores = (500 if quick else 1000), os.cpu_count() or 1
    if n_threaded not in sizes:
        generate(n_threaded, 1, seed=n_threaded)
    print(f"lyapunov n={n_threaded}, {cores} BLAS threads on both sides …", file=sys.stderr, flush=True)
    t_peer = scipy_threaded(n_threaded, 3, cores)
    mine = swift("lyapunov", OUT, n_threaded, 3, threads=cores)
    x_peer = lyapunov_scipy.solve(lyapunov_scipy.read(f"{OUT}/A_{n_threaded}.bin", n_threaded), lyapunov_scipy.read(f"{OUT}/Q_{n_threaded}_0.bin", n_threaded))
    x_mine = lyapunov_scipy.read(f"{OUT}/X_{n_threaded}_swift.bin", n_threaded)
    case = {"case": f"Lyapunov solve, n = {n_threaded}, {cores} BLAS threads", "clausius": mine["seconds"], "peer": t_peer,
            "peerName": f"scipy solve_continuous_lyapunov ({cores} threads)", "ratio": t_peer / mine["seconds"],
            "maxRelDiff": float(np.max(np.abs(x_mine - x_peer)) / np.max(np.abs(x_peer))), "residualClausius": mine["relativeResidual"]}
    results["cases"].append(case)
    rows.append(case)

    print(f"sweep n={sweep_n}, {sweep_count} right-hand sides …", file=sys.stderr, flush=True)
    generate(sweep_n, sweep_count, seed=7)
    t_peer, xs_peer = lyapunov_scipy.time_sweep(OUT, sweep_n, sweep_count)
    for concurrency in (1, 2):
        mine = swift("sweep", OUT, sweep_n, sweep_count, concurrency)
        diff = max(float(np.max(np.abs(lyapunov_scipy.read(f"{OUT}/Xsweep_{sweep_n}_{k}_swift.bin", sweep_n) - x)) / np.max(np.abs(x)))
                   for k, x in enumerate(xs_peer))
        case = {"case": f"{sweep_count}-point diffusion sweep, n = {sweep_n}, {concurrency} core(s)", "clausius": mine["seconds"], "peer": t_peer,
                "peerName": f"{sweep_count} × scipy solve_continuous_lyapunov (1 core)", "ratio": t_peer / mine["seconds"], "maxRelDiff": diff,
                "residualClausius": mine["worstRelativeResidual"]}
        results["cases"].append(case)
        rows.append(case)

    levels = (6, 7) if quick else (12, 13)
    print(f"sparse steady state, truncations {levels} …", file=sys.stderr, flush=True)
    mine = swift("liouvillian", levels[0], levels[1], 3)
    try:
        import liouvillian_qutip
        peer = liouvillian_qutip.run(levels[0], levels[1], 3)
        case = {"case": f"sparse steady state, Liouvillian dim {mine['dimension']} (solve)", "clausius": mine["solveSeconds"],
                "peer": peer["solveSeconds"], "peerName": f"qutip {peer['version']} steadystate(direct)",
                "ratio": peer["solveSeconds"] / mine["solveSeconds"], "maxRelDiff": abs(mine["nA"] - peer["nA"]) / abs(peer["nA"]),
                "residualClausius": mine["residual"]}
        rows.append(case)
        case2 = {"case": f"Liouvillian assembly, dim {mine['dimension']}", "clausius": mine["buildSeconds"], "peer": peer["buildSeconds"],
                 "peerName": f"qutip {peer['version']} liouvillian", "ratio": peer["buildSeconds"] / mine["buildSeconds"], "maxRelDiff": float("nan")}
        rows.append(case2)
        results["cases"] += [case, case2]
    except ImportError:
        print("qutip not installed (pip install qutip): sparse case reported without a peer", file=sys.stderr)
        case = {"case": f"sparse steady state, Liouvillian dim {mine['dimension']}", "clausius": mine["solveSeconds"], "peer": float("nan"),
                "peerName": "none", "ratio": float("nan"), "maxRelDiff": float("nan"), "residualClausius": mine["residual"]}
        rows.append(case)
        results["cases"].append(case)

    if not quick:
        print("gaussian engine: global NESS of a 1000-mode chain + 50-point temperature sweep …", file=sys.stderr, flush=True)
        g = swift("gaussian-chain", 1000, 50)
        results["cases"].append(g)
        print(f"gaussian-chain: {json.dumps(g)}", file=sys.stderr)
        print("optomechanics (paper 000 SME) vs QuTiP steadystate, (4,40) (6,60) (8,80) …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "peers", "optomechanics_qutip.py"), BIN], check=False)
        print("paper 000 in full (Figs. 2–5 sweeps, sideband convergence, automatic truncation), both cores …", file=sys.stderr, flush=True)
        os.makedirs(os.path.join(OUT, "paper000"), exist_ok=True)
        p000 = swift("paper000", os.path.join(OUT, "paper000"))
        results["cases"].append(p000)
        print(f"paper000: {p000['totalSeconds']:.1f} s, {p000['passed']}/{p000['checks']} checks pass", file=sys.stderr)
        for st in p000["stages"]:
            print(f"  t = {st['at']:7.1f} s  {st['stage']}", file=sys.stderr)

    if not quick:
        # Issue 14 §3: open systems against qthermo and QuTiP in the same run (each script prints its own table):
        # the global equation of XXZ chains up to 12 qubits (d = 4096; peers while they finish in 300 s) and the
        # Bloch–Redfield steady state of examples/xxz-spin-chain.toml (d = 64) with its currents.
        root = os.path.join(HERE, "..")
        print("open systems: XXZ global N = 6, 8, 10, 12 vs qthermo and QuTiP; Redfield d = 64 vs QuTiP …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "peers", "open_system_global_xxz.py"), CLI, "6", "8", "10", "12"], check=False, cwd=root)
        subprocess.run([sys.executable, os.path.join(HERE, "peers", "open_system_redfield_qutip.py"), CLI], check=False, cwd=root)

    chain = chain_cases(quick) + sweep_cases(quick)
    results["cases"] += chain
    rows += chain
    print_rows(rows)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)


def print_rows(rows):
    print()
    print(f"{'case':52} {'Clausius [s]':>12} {'peer [s]':>10} {'peer/Clausius':>13} {'max rel diff':>12}  peer")
    for r in rows:
        mem = f"  ({r['clausiusMiB']:.0f} MiB vs {r['peerMiB']:.0f} MiB)" if "clausiusMiB" in r else ""
        print(f"{r['case']:52} {r['clausius']:12.4f} {r['peer']:10.4f} {r['ratio']:13.2f} {r['maxRelDiff']:12.1e}  {r['peerName']}{mem}")


if __name__ == "__main__":
    main()
