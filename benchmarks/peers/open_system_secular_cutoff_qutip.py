"""Why QuTiP's secular Bloch–Redfield steady state differed from the Davies (global) one of Clausius and qthermo on the
XXZ chain (BENCHMARKS.md: 8.7e-8 in p_e at N = 6).

QuTiP 5 keeps the tensor element (ab, cd) when |ω_ab − ω_cd| < sec_cutoff × dw_min, where dw_min is the smallest
non-zero |E_a − E_b| *in floating point* (qutip/core/_brtensor.pyx, `_compute_spectrum` and `data`). At N = 6 the chain
has a degenerate pair whose computed eigenvalues differ by round-off, dw_min = 2.0e-15, so every relative cutoff from
1e-9 to 0.1 is an absolute one of 2e-24 … 2e-16: the coherences between the degenerate levels (and pairs of Bohr
components equal up to round-off) are dropped, which is not the Davies equation. This script prints dw_min, QuTiP's
p_e with the cutoff passed unchanged (relative) and converted to an absolute one (sec_cutoff = δ/dw_min), against
`clausius solve --equations global` (and the Redfield limit, sec_cutoff = -1).

Usage: python3 benchmarks/peers/open_system_secular_cutoff_qutip.py path/to/clausius [N]   (default N = 6; ~5 min)
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import qutip as qt
from qutip.core._brtools import _EigenBasisTransform

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from open_system_global_xxz import qutip_secular_pe, toml  # noqa: E402

clausius = sys.argv[1] if len(sys.argv) > 1 else ".build/release/clausius"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 6


def clausius_pe(equation):
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(toml(n))
    out = subprocess.run([clausius, "solve", f.name, "--equations", equation, "--format", "json"], check=True, capture_output=True, text=True).stdout
    os.unlink(f.name)
    return json.loads(out)["methods"][0]["occupations"][0]


pe_r, H = qutip_secular_pe(n, -1)
E = np.asarray(_EigenBasisTransform(qt.QobjEvo(H)).eigenvalues(0))
gaps = np.abs(E[:, None] - E[None, :])
print(f"N = {n}, qutip {qt.__version__}: dw_min = {gaps[gaps != 0].min():.2e} (QuTiP's scale for sec_cutoff); "
      f"level pairs closer than 1e-12: {int((gaps[gaps != 0] < 1e-12).sum() // 2)}")
g, r = clausius_pe("global"), clausius_pe("redfield")
print(f"clausius global p_e = {g:.16f}, redfield p_e = {r:.16f}; qutip redfield (sec_cutoff = -1) {abs(pe_r - r):.1e} from it")
for cut in (0.1, 1e-9):
    p = qutip_secular_pe(n, cut, absolute=False)[0]
    print(f"qutip sec_cutoff = {cut} (as QuTiP reads it: × dw_min): p_e = {p:.16f}, |Δ| vs global {abs(p - g):.1e}")
for cut in (1e-12, 1e-9, 1e-7):
    p = qutip_secular_pe(n, cut)[0]
    print(f"qutip absolute cutoff {cut} (sec_cutoff = {cut}/dw_min): p_e = {p:.16f}, |Δ| vs global {abs(p - g):.1e}")
