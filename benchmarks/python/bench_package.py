"""Benchmarks of the Python package (issue 16): per-call overhead against the bare CLI, the cost of large arrays
through JSON text, and the three-qubit absorption refrigerator against QuTiP on the same Lindbladian.

    CLAUSIUS_BINARY=.build/release/clausius OPENBLAS_NUM_THREADS=1 python3 benchmarks/python/bench_package.py

Prints Markdown rows for BENCHMARKS.md. Timings: best of `REPEAT` (wall clock)."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
REPEAT = int(os.environ.get("REPEAT", "7"))


def best(f, n=REPEAT):
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        out = f()
        ts.append(time.perf_counter() - t0)
    return min(ts), out


def main():
    t0 = time.perf_counter()
    import clausius
    t_import = time.perf_counter() - t0
    binary = str(clausius.engine().path)
    print(f"engine: {clausius.engine_version()} at {binary}; import clausius (incl. version check): {t_import:.3f} s")
    lab = ROOT / "examples/003-two-mode-refrigerator-lab.toml"

    # 1. Per-call overhead on a tiny model (two modes): the bare CLI (process + JSON text) vs the package.
    def bare():
        return subprocess.run([binary, "solve", str(lab), "--format", "json", "--quiet", "--equations", "local", "global"],
                              capture_output=True, text=True).stdout
    def bare_parse():
        return json.loads(bare())
    m = clausius.load(lab)
    def pkg():
        return m.solve(equations=["local", "global"], covariance=False)
    def pkg_heat():
        return pkg().heat
    def pkg_edit():
        return m.set("baths.cold.temperature", 1.7).solve(equations=["local", "global"], covariance=False).heat
    rows = [("bare CLI: `clausius solve … --format json` (subprocess)", best(bare)[0]),
            ("bare CLI + `json.loads`", best(bare_parse)[0]),
            ("package: `m.solve()` (file path, JSON decoded, non-finite restored)", best(pkg)[0]),
            ("package: `m.solve().heat` (+ DataFrame)", best(pkg_heat)[0]),
            ("package: `m.set(…).solve().heat` (TOML written, sent on stdin)", best(pkg_edit)[0])]
    print("\n| call (two-mode refrigerator, local + global) | time [ms] |\n|---|---:|")
    for name, t in rows:
        print(f"| {name} | {1e3 * t:.1f} |")

    # 2. Large arrays through JSON text: a chain of N modes with [output] covariance (V is 2N × 2N).
    print("\n| model | numbers in arrays | JSON size [MB] | engine (bare CLI) [s] | `json.loads` + restore [s] | to numpy [s] |\n|---|---:|---:|---:|---:|---:|")
    for n in (50, 200, 400):
        modes = [{"name": f"m{i}", "frequency": 1.0 + 0.01 * i} for i in range(n)]
        couplings = [{"kind": "hopping", "modes": [i, i + 1], "strength": 0.05} for i in range(n - 1)]
        # A bath on every mode (on a graded chain the middle modes are Wannier–Stark localised: end baths alone
        # leave them undamped to machine precision).
        baths = [{"name": f"b{i}", "mode": i, "rate": 0.01, "temperature": 2.0 - i / n} for i in range(n)]
        chain = clausius.Model(modes=modes, couplings=couplings, baths=baths, solve={"equations": ["local"]},
                               output={"covariance": True})
        text = chain.to_toml()
        t_cli, out = best(lambda: subprocess.run([binary, "solve", "-", "--format", "json", "--quiet"], input=text,
                                                  capture_output=True, text=True).stdout, 3)
        t_json, doc = best(lambda: clausius.restore_nonfinite(json.loads(out)), 3)
        t_np, _ = best(lambda: np.asarray(doc["methods"][0]["moments"]["covariance"], dtype=float), 3)
        count = (2 * n) ** 2 + 4 * n * n   # V, Re/Im ⟨a†a⟩, Re/Im ⟨aa⟩
        print(f"| chain, N = {n} modes, covariance + correlations | {count:,} | {len(out) / 1e6:.1f} | {t_cli:.3f} | {t_json:.3f} | {t_np:.3f} |")
    # An open system with ρ in the JSON: a ring of 8 qubits (256 states).
    q = 8
    subs = [{"name": f"q{i}", "type": "qubit", "frequency": 1.0 + 0.1 * i} for i in range(q)]
    terms = [f"0.02 * sp(q{i}) * sm(q{i + 1}) + h.c." for i in range(q - 1)]
    ring = clausius.Model(kind="open-system", subsystems=subs, hamiltonian={"terms": terms},
                          baths=[{"name": "hot", "operator": "sx(q0)", "rate": 1e-3, "temperature": 2.0},
                                 {"name": "cold", "operator": f"sx(q{q - 1})", "rate": 1e-3, "temperature": 0.5}],
                          solve={"equations": ["local"]}, output={"density_matrix": True})
    text = ring.to_toml()
    t_cli, out = best(lambda: subprocess.run([binary, "solve", "-", "--format", "json", "--quiet"], input=text,
                                              capture_output=True, text=True).stdout, 3)
    t_json, doc = best(lambda: clausius.restore_nonfinite(json.loads(out)), 3)
    d = doc["methods"][0]["densityMatrix"]
    t_np, _ = best(lambda: np.asarray(d["real"]) + 1j * np.asarray(d["imaginary"]), 3)
    print(f"| open system, {q} qubits (256 states), ρ | {2 * 256 ** 2:,} | {len(out) / 1e6:.1f} | {t_cli:.3f} | {t_json:.3f} | {t_np:.3f} |")

    # 3. The three-qubit absorption refrigerator, local equation: Clausius (package, bare CLI) vs QuTiP.
    import qutip as qt
    wc, wh, ww, g, kap = 1.0, 3.0, 2.0, 0.05, 1e-3
    temps = {"c": 0.5, "h": 1.0, "w": 5.0}
    I, sm = qt.qeye(2), qt.destroy(2)
    ops = [qt.tensor([sm if k == j else I for k in range(3)]) for j in range(3)]
    c, h, w = ops
    H = wc * c.dag() * c + wh * h.dag() * h + ww * w.dag() * w + g * (c.dag() * h * w.dag() + c * h.dag() * w)
    c_ops = []
    for name, s, om in zip("chw", ops, (wc, wh, ww)):
        nb = 1 / np.expm1(om / temps[name])
        c_ops += [np.sqrt(2 * kap * (nb + 1)) * s, np.sqrt(2 * kap * nb) * s.dag()]
    fridge = clausius.load(ROOT / "examples/qubits-absorption-refrigerator.toml")
    t_q, rho_q = best(lambda: qt.steadystate(H, c_ops))
    t_p, r = best(lambda: fridge.solve(equations=["local"]))
    t_p0, _ = best(lambda: fridge.solve(equations=["local"], density_matrix=False))
    t_b, _ = best(lambda: subprocess.run([binary, "solve", str(ROOT / "examples/qubits-absorption-refrigerator.toml"),
                                          "--format", "json", "--quiet", "--equations", "local"], capture_output=True))
    diff = np.abs(r.density_matrix("local") - rho_q.full()).max()
    solve_s = r.method("local")["fock"]["solveSeconds"]
    print("\n| three-qubit absorption refrigerator, local steady state | time [ms] |\n|---|---:|")
    print(f"| `qutip.steadystate(H, c_ops)` (QuTiP {qt.__version__}, in process) | {1e3 * t_q:.1f} |")
    print(f"| `clausius` package: `m.solve(equations=['local'])` (ρ in the JSON) | {1e3 * t_p:.1f} |")
    print(f"| `clausius` package, heat and diagnostics only (`density_matrix=False`) | {1e3 * t_p0:.1f} |")
    print(f"| bare CLI `clausius solve … --equations local` | {1e3 * t_b:.1f} |")
    print(f"| inside the engine: assembly + sparse LU (`fock.solveSeconds`) | {1e3 * solve_s:.2f} |")
    print(f"\nmax |ρ_clausius − ρ_qutip| = {diff:.1e}")


if __name__ == "__main__":
    sys.exit(main())
