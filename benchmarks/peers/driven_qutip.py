#!/usr/bin/env python3
"""Time-dependent generator benchmark: examples/driven-qubit-oscillator.toml (modulated coupling g(t), piecewise-linear
drive F(t), oscillating hot-bath temperature) with the resonator truncated at N levels, Clausius `evolve` (CVODE BDF,
local equation) against QuTiP 5 mesolve (Tests/References/qutip_driven_open_system.py: the same H(t), time-dependent
collapse operators and heat operators written out in QuTiP) in the same run, same initial state |1⟩|0⟩, same output
times and tolerances (rtol = tol, atol = tol/100 on both sides).

Usage: python3 benchmarks/peers/driven_qutip.py <clausius binary> [--levels 6 30] [--time 200] [--points 20] [--tolerance 1e-8]
       [--ode-methods bdf adams]   (Clausius' CVODE method; QuTiP: mesolve's default, adams)
Clausius is timed as a whole process (model reading, setup, integration, JSON); QuTiP as mesolve alone (its import and the
heat operators excluded). The largest differences of ⟨n_q⟩, ⟨n_r⟩, Q̇_hot, Q̇_cold, Ẇ_drive and ⟨H⟩ are printed.
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))

p = argparse.ArgumentParser()
p.add_argument("clausius")
p.add_argument("--levels", type=int, nargs="+", default=[6, 30])
p.add_argument("--time", type=float, default=200.0)
p.add_argument("--points", type=int, default=20)
p.add_argument("--tolerance", type=float, default=1e-8)
p.add_argument("--ode-methods", nargs="+", default=["bdf", "adams"])
a = p.parse_args()
example = open(os.path.join(root, "examples", "driven-qubit-oscillator.toml")).read()
times = [a.time * k / a.points for k in range(a.points + 1)]
for n, method in [(n, meth) for n in a.levels for meth in a.ode_methods]:
    with tempfile.TemporaryDirectory() as d:
        model = os.path.join(d, "model.toml")
        open(model, "w").write(example.replace("levels = 6", f"levels = {n}"))
        t0 = time.perf_counter()
        r = subprocess.run([a.clausius, "evolve", model, "--times", ",".join(repr(t) for t in times), "--tolerance", repr(a.tolerance),
                            "--initial", "fock:1,0", "--ode-method", method, "--format", "json", "--quiet"], capture_output=True, text=True,
                           env=dict(os.environ, OPENBLAS_NUM_THREADS="1", CLAUSIUS_BLAS_THREADS="1"))
        ours_s = time.perf_counter() - t0
        if r.returncode != 0:
            raise SystemExit(f"clausius failed ({r.returncode}): {r.stderr}")
        m = json.loads(r.stdout)["methods"][0]
    q = subprocess.run(["python3", os.path.join(root, "Tests", "References", "qutip_driven_open_system.py")], input=json.dumps({
        "wq": 1.0, "wr": 1.1, "N": n, "g": [0.05, 0.03, 0.4, 0.3], "F": [[0, 0.0], [5, 0.02], [12, 0.02], [20, -0.01]],
        "Jh": 0.01, "Jc": 0.02, "Th": [1.0, 0.4, 0.4, 0.0], "Tc": 0.3, "times": times,
        "rtol": a.tolerance, "atol": a.tolerance / 100}), capture_output=True, text=True,
        env=dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1"))
    if q.returncode != 0:
        raise SystemExit(f"qutip failed: {q.stderr}")
    ref = json.loads(q.stdout)
    baths = {b["name"]: b for b in m["baths"]}
    ours = {"nq": m["occupations"][0]["values"], "nr": m["occupations"][1]["values"], "Qh": baths["hot"]["heat"],
            "Qc": baths["cold"]["heat"], "Wdot": m["driveWorkRate"], "E": m["energy"]}
    dev = {k: max(abs(x - y) for x, y in zip(v, ref[k])) for k, v in ours.items()}
    ode = m["diagnostics"]["ode"]
    print(json.dumps({"levels": n, "method": method, "loadAverage": round(os.getloadavg()[0], 2), "unknowns": (2 * n) ** 2, "clausius_seconds": round(ours_s, 2),
                      "clausius_solver": ode["solver"], "clausius_linear_solver": ode["linearSolver"], "clausius_steps": ode["steps"],
                      "qutip_mesolve_seconds": round(ref["seconds"][0], 2), "ratio": round(ref["seconds"][0] / ours_s, 2),
                      "max_deviation": {k: float(f"{v:.2e}") for k, v in dev.items()},
                      "first_law": m["diagnostics"]["firstLawResidual"], "integrated_first_law": m["diagnostics"]["integratedFirstLawResidual"]}))
