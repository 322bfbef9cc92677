"""Why QuTiP's secular Bloch–Redfield steady state differs from the Davies (global) one of Clausius and qthermo on the
XXZ chain (BENCHMARKS.md: 8.7e-8 in p_e at N = 6): QuTiP's `sec_cutoff` keeps the pair of Bohr frequencies
(ω_ab, ω_cd) when |ω_ab − ω_cd| < sec_cutoff, pairwise, while the Davies equation groups Bohr frequencies into classes
(equal within a tolerance) and keeps only pairs in the same class. This script solves the same model with QuTiP at
several sec_cutoff values and prints |Δp_e| against `clausius solve --equations global` (and the Redfield limit,
sec_cutoff = -1), so the dependence on the criterion is visible.

Usage: python3 benchmarks/peers/open_system_secular_cutoff_qutip.py path/to/clausius [N]   (default N = 4)
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import qutip as qt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from open_system_global_xxz import qutip_secular_pe, toml  # noqa: E402

clausius = sys.argv[1] if len(sys.argv) > 1 else ".build/release/clausius"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 4


def clausius_pe(equation):
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(toml(n))
    out = subprocess.run([clausius, "solve", f.name, "--equations", equation, "--format", "json"], check=True, capture_output=True, text=True).stdout
    os.unlink(f.name)
    return json.loads(out)["methods"][0]["occupations"][0]


def qutip_pe(cut):
    return qutip_secular_pe(n, cut)[0]


H = qutip_secular_pe(n, -1)[1]
E = np.linalg.eigvalsh(H.full())
bohr = np.sort(np.unique(np.round((E[:, None] - E[None, :]).ravel(), 12)))
gaps = np.diff(bohr)
print(f"N = {n}, qutip {qt.__version__}: {len(bohr)} distinct Bohr frequencies; smallest gaps between distinct ones: "
      + ", ".join(f"{g:.2e}" for g in np.sort(gaps[gaps > 1e-12])[:4]))
g, r = clausius_pe("global"), clausius_pe("redfield")
print(f"clausius global p_e = {g:.15f}, redfield p_e = {r:.15f}")
for cut in (1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 1e-2, 0.1, -1):
    p = qutip_pe(cut)
    print(f"qutip sec_cutoff = {cut:>6}: p_e = {p:.15f}, |Δ| vs global {abs(p - g):.1e}, vs redfield {abs(p - r):.1e}")
