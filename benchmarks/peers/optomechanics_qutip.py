#!/usr/bin/env python3
"""Paper 000 SME benchmark: QuTiP 5 steadystate vs Clausius (full Liouvillian and U(1) sector), side by side.

Usage: python3 benchmarks/peers/optomechanics_qutip.py <clausius-benchmarks binary> [--repeats K] [nc,nm ...]
Default sizes: 4,40 6,60 8,80. Clausius runs the full Liouvillian and the U(1) sector, each by sparse LU and by
preconditioned GMRES (modes full-iterative, sector-iterative). Each run is a fresh process (end to end, cold; peak RSS
per process), single-threaded BLAS. Every configuration runs K times (default 3, interleaved QuTiP / Clausius modes so
that drifts in machine load hit both sides); the figures are the medians, the ratio is median over median, and the
min–max spread is printed because both sides vary by tens of per cent between runs on a shared 2-core VM.
Model (identical on both sides): H = a†a + 0.06 b†b − 0.03 a†a(b + b†); local baths κ_c = 0.02 at 101 mK,
κ_m = 0.005 at 106 mK (T/ω_c = k_B T/(h·10 GHz)); c_ops √(κ(n̄+1)) a, √(κ n̄) a†, same for b.
"""
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

KB_OVER_H = 1.380649e-23 / 6.62607015e-34
# Clausius modes: sparse LU (default) and preconditioned GMRES (the memory fallback, tolerance 1e-13), full and sector;
# the GMRES modes without iterative refinement (ρ to ~1e-11) and, for the sector, with the default refinement.
MODES = ("full", "sector", "full-iterative", "sector-iterative", "sector-iterative-refined")


def sme_model(nc, nm):
    """(a, b, H, optical c_ops, mechanical c_ops) of the benchmark model (docstring above)."""
    import qutip
    tc, tm = 101e-3 * KB_OVER_H / 1e10, 106e-3 * KB_OVER_H / 1e10
    nbc, nbm = 1 / np.expm1(1 / tc), 1 / np.expm1(0.06 / tm)
    a = qutip.tensor(qutip.destroy(nc), qutip.qeye(nm))
    b = qutip.tensor(qutip.qeye(nc), qutip.destroy(nm))
    n = a.dag() * a
    h = n + 0.06 * b.dag() * b - 0.03 * n * (b + b.dag())
    return a, b, h, [np.sqrt(0.02 * (nbc + 1)) * a, np.sqrt(0.02 * nbc) * a.dag()], [np.sqrt(0.005 * (nbm + 1)) * b, np.sqrt(0.005 * nbm) * b.dag()]


def qutip_run(nc, nm, out):
    import qutip
    t0 = time.perf_counter()
    _, _, h, optical, mechanical = sme_model(nc, nm)
    L = qutip.liouvillian(h, optical + mechanical)
    t1 = time.perf_counter()
    rho = qutip.steadystate(L)
    t2 = time.perf_counter()
    np.save(f"{out}/rho_qutip_{nc}_{nm}.npy", rho.full())
    return {"assemblySeconds": t1 - t0, "solveSeconds": t2 - t1, "totalSeconds": t2 - t0,
            "peakRSSMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": qutip.__version__}


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--qutip":  # child process
        nc, nm, out = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        print(json.dumps(qutip_run(nc, nm, out)))
        return
    binary = sys.argv[1]
    rest = sys.argv[2:]
    repeats = 3
    if "--repeats" in rest:
        k = rest.index("--repeats")
        repeats = int(rest[k + 1])
        del rest[k:k + 2]
    sizes = [tuple(map(int, s.split(","))) for s in rest] or [(4, 40), (6, 60), (8, 80)]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out")
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", CLAUSIUS_BLAS_THREADS="1", OMP_NUM_THREADS="1")
    results = []
    def median_run(runs):
        # The run with the median total time (all its fields), plus the spread of the totals.
        ordered = sorted(runs, key=lambda r: r["totalSeconds"])
        med = dict(ordered[len(ordered) // 2])
        med["runs"] = len(runs)
        med["minTotalSeconds"], med["maxTotalSeconds"] = ordered[0]["totalSeconds"], ordered[-1]["totalSeconds"]
        return med

    for nc, nm in sizes:
        d = nc * nm
        peer_runs, mine_runs = [], {mode: [] for mode in MODES}
        for _ in range(repeats):
            peer_runs.append(json.loads(subprocess.run([sys.executable, __file__, "--qutip", str(nc), str(nm), out], check=True,
                                                       capture_output=True, text=True, env=env).stdout.strip().splitlines()[-1]))
            rho_q = np.load(f"{out}/rho_qutip_{nc}_{nm}.npy")
            for mode in MODES:
                mine = json.loads(subprocess.run([binary, "optomechanics", str(nc), str(nm), mode, out], check=True,
                                                 capture_output=True, text=True, env=env).stdout.strip().splitlines()[-1])
                rho_s = np.fromfile(f"{out}/rho_om_{nc}_{nm}_{mode}.bin", dtype=np.complex128).reshape((d, d), order="F")
                mine["maxAbsDiffRho"] = float(np.max(np.abs(rho_s - rho_q)))
                mine_runs[mode].append(mine)
        peer = median_run(peer_runs)
        row = {"nc": nc, "nm": nm, "qutip": peer}
        for mode in MODES:
            m = median_run(mine_runs[mode])
            m["maxAbsDiffRho"] = max(r["maxAbsDiffRho"] for r in mine_runs[mode])
            m["speedupTotal"] = peer["totalSeconds"] / m["totalSeconds"]
            row[mode] = m
        results.append(row)
        print(f"(N_c, N_m) = ({nc}, {nm}), median of {repeats} runs: QuTiP {peer['version']} assembly {peer['assemblySeconds']:.3f} s, "
              f"solve {peer['solveSeconds']:.3f} s, total {peer['totalSeconds']:.3f} s (runs {peer['minTotalSeconds']:.3f}–{peer['maxTotalSeconds']:.3f}), "
              f"peak {peer['peakRSSMiB']:.0f} MiB", flush=True)
        for mode in MODES:
            m = row[mode]
            print(f"    Clausius {mode:24s}: unknowns {m['unknowns']}, operators {m['operatorSeconds']:.3f} s, assembly {m['assemblySeconds']:.3f} s, "
                  f"solve {m['solveSeconds']:.3f} s, total {m['totalSeconds']:.3f} s (runs {m['minTotalSeconds']:.3f}–{m['maxTotalSeconds']:.3f}), "
                  f"peak {m['peakRSSMiB']:.0f} MiB, max|Δρ| vs QuTiP {m['maxAbsDiffRho']:.1e}, speed-up ×{m['speedupTotal']:.1f}", flush=True)
    with open(f"{out}/optomechanics.json", "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
