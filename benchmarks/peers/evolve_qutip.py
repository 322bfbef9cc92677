#!/usr/bin/env python3
"""Time-evolution benchmark: paper 000's SME at (N_c, N_m) over 10 relaxation times, Clausius (Krylov, `evolve`) against
QuTiP 5 mesolve in the same run, same model, same initial state, same tolerance; and a Gaussian chain (Clausius only).

Usage: python3 benchmarks/peers/evolve_qutip.py <clausius-benchmarks binary> [--nc 6 --nm 60] [--points 20]
       [--tolerance 1e-8] [--start vacuum|coherent] [--chain 1000] [--chain-points 100]
The Clausius run (a fresh process) computes the Liouvillian gap g with ARPACK, evolves to T = 10/g and prints ⟨n_c⟩,
⟨n_m⟩, J_c, J_m at the output times; QuTiP runs mesolve (adams, atol = rtol = tolerance) to the same times with the same
e_ops; the ratio is QuTiP's mesolve time over Clausius' evolve time (the gap is timed and reported apart), and the
largest difference of the reported numbers is printed. Single-threaded BLAS on both sides.
Model (identical on both sides): H = a†a + 0.06 b†b − 0.03 a†a(b + b†); κ_c = 0.02 at 101 mK, κ_m = 0.005 at 106 mK
(T/ω_c = k_B T/(h·10 GHz)); c_ops √(κ(n̄+1)) a, √(κ n̄) a†, same for b.
"""
import argparse
import json
import os
import subprocess
import time

import numpy as np

from optomechanics_qutip import sme_model


def qutip_run(nc, nm, times, tol, start):
    import qutip
    a, b, h, opt, mech = sme_model(nc, nm)
    n = a.dag() * a
    heat = lambda ls: sum(l.dag() * h * l - 0.5 * (l.dag() * l * h + h * l.dag() * l) for l in ls)
    if start == "coherent":
        psi = qutip.tensor(qutip.coherent(nc, 1.0, method="analytic").unit(), qutip.basis(nm, 0))
    else:
        psi = qutip.tensor(qutip.basis(nc, 0), qutip.basis(nm, 0))
    t0 = time.perf_counter()
    r = qutip.mesolve(h, qutip.ket2dm(psi), times, c_ops=opt + mech, e_ops=[n, b.dag() * b, heat(opt), heat(mech)],
                      options={"atol": tol, "rtol": tol, "nsteps": 10 ** 7, "method": "adams"})
    t1 = time.perf_counter()
    return t1 - t0, [np.real(np.array(e)) for e in r.expect], qutip.__version__


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--nc", type=int, default=6)
    p.add_argument("--nm", type=int, default=60)
    p.add_argument("--points", type=int, default=20)
    p.add_argument("--tolerance", type=float, default=1e-8)
    p.add_argument("--start", default="vacuum")
    p.add_argument("--chain", type=int, default=1000)
    p.add_argument("--chain-points", type=int, default=100)
    p.add_argument("--relaxation-time", type=float, default=None, help="skip the ARPACK gap and use this relaxation time")
    args = p.parse_args()
    env = dict(os.environ, CLAUSIUS_BLAS_THREADS="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run([args.binary, "evolve-optomechanics", str(args.nc), str(args.nm), "10", str(args.points),
                          str(args.tolerance), args.start] + ([str(args.relaxation_time)] if args.relaxation_time else []), capture_output=True, text=True, env=env, check=True)
    c = json.loads(out.stdout.strip().splitlines()[-1])
    seconds, expect, version = qutip_run(args.nc, args.nm, c["times"], args.tolerance, args.start)
    ours = [np.array(c[k]) for k in ("nc_t", "nm_t", "Jc", "Jm")]
    diffs = {k: float(np.max(np.abs(o - e))) for k, o, e in zip(("n_c", "n_m", "J_c", "J_m"), ours, expect)}
    print(json.dumps({"model": f"paper 000 SME ({args.nc}, {args.nm})", "start": args.start, "tolerance": args.tolerance,
                      "finalTime": c["finalTime"], "gap": c["gap"], "unknowns": c["unknowns"],
                      "clausiusEvolveSeconds": c["evolveSeconds"], "clausiusGapSeconds": c["gapSeconds"],
                      "qutipMesolveSeconds": seconds, "speedup": seconds / c["evolveSeconds"], "qutip": version,
                      "maxDifference": diffs, "clausiusFirstLawResidual": c["firstLawResidual"]}, indent=1))
    if args.chain > 0:
        out = subprocess.run([args.binary, "evolve-gaussian-chain", str(args.chain), str(args.chain_points)],
                             capture_output=True, text=True, env=env, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
