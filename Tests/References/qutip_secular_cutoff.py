"""QuTiP's secular Bloch–Redfield steady state of the XXZ chain (examples/xxz-spin-chain.toml for any N) with its
`sec_cutoff` taken two ways, to show why QuTiP's default differs from the Davies (global) equation.

QuTiP 5 (qutip/core/_brtensor.pyx, `_BlochRedfieldElement.data`) keeps the tensor element (ab, cd) when
|ω_ab − ω_cd| < sec_cutoff × dw_min, where dw_min = min |E_a − E_b| over all pairs with E_a − E_b ≠ 0 *in floating
point* (`_compute_spectrum`). When H has a degenerate pair whose computed eigenvalues differ by round-off (N = 6:
2.0e-15), dw_min is that round-off, the effective cutoff is ~1e-16 for any sane sec_cutoff, and the coherences
between the degenerate levels (and the pairs of Bohr components that are equal up to round-off) are dropped: the
result is neither Davies nor basis independent. Passing sec_cutoff = δ/dw_min makes the cutoff an absolute δ.

Input (JSON on stdin): {"n": 6, "absolute_cutoff": 1e-9}. Output: qubit 1's p_e and the heat currents
Q̇_α = Tr{H R_α ρ} (eigenbasis; > 0 into the system) for "default" (sec_cutoff = 0.1, QuTiP's default) and
"absolute" (sec_cutoff = absolute_cutoff / dw_min), and dw_min itself.
Rates (docs/conventions.md): QuTiP's spectrum S(ω) at ω = E_c − E_a > 0 is the emission rate 2J(ω)(n̄+1),
at ω < 0 the absorption rate 2J(|ω|)n̄, and 2λ²T at ω = 0 (Ohmic–Drude J = λ²ωΛ²/(ω² + Λ²)).
The tensor is built in the eigenbasis (`brterm(..., fock_basis=False)`), where −i[H, ·] is diagonal, and solved there.
"""
import json
import sys

import numpy as np
import qutip as qt
from qutip.core._brtools import _EigenBasisTransform

J, DELTA, LAM2, CUT, TL, TR = 0.1, 0.5, 0.005, 10.0, 2.0, 0.5

args = json.load(sys.stdin)
n, absolute = int(args["n"]), float(args["absolute_cutoff"])
op = lambda o, i: qt.tensor([o if k == i else qt.qeye(2) for k in range(n)])
sz = [op(qt.sigmaz(), i) for i in range(n)]
sp = [op(qt.sigmap(), i) for i in range(n)]
sm = [s.dag() for s in sp]
H = sum(0.5 * sz[i] for i in range(n))
for i in range(n - 1):
    H += J * (sp[i] * sm[i + 1] + sm[i] * sp[i + 1]) + J * DELTA / 2 * sz[i] * sz[i + 1]
jd = lambda x: LAM2 * x * CUT**2 / (x**2 + CUT**2)


def spectrum(T):
    def s(w):
        if w > 1e-12:
            return 2 * jd(w) * (1 / np.expm1(w / T) + 1)
        if w < -1e-12:
            return 2 * jd(-w) / np.expm1(-w / T)
        return 2 * LAM2 * T
    return s


basis = _EigenBasisTransform(qt.QobjEvo(H))       # the eigen-decomposition QuTiP's tensor uses
E = np.asarray(basis.eigenvalues(0))
V = basis.evecs(0).to_array()
gaps = np.abs(E[:, None] - E[None, :])
dw_min = float(gaps[gaps != 0].min())
d = len(E)
baths = [(sp[0] + sm[0], spectrum(TL)), (sp[n - 1] + sm[n - 1], spectrum(TR))]


def solve(sec_cutoff):
    terms = [qt.brterm(basis, a, s, sec_cutoff=sec_cutoff, fock_basis=False)[0].full() for a, s in baths]
    L = sum(terms) + np.diag(-1j * (E[:, None] - E[None, :]).ravel(order="F"))   # column stacking, ρ_ab at a + b d
    A = L.copy()
    A[0, :] += np.eye(d).ravel(order="F")                                        # + Tr ρ in the row of ρ_00
    rhs = np.zeros(d * d, dtype=complex)
    rhs[0] = 1
    rho = np.linalg.solve(A, rhs).reshape(d, d, order="F")
    rho = 0.5 * (rho + rho.conj().T)
    n1 = V.conj().T @ (sp[0] * sm[0]).full() @ V
    heats = [float(np.real(np.sum(E * np.diag((R @ rho.ravel(order="F")).reshape(d, d, order="F"))))) for R in terms]
    return {"pe": float(np.real(np.trace(n1 @ rho))), "heat": heats}


print(json.dumps({"dw_min": dw_min, "default": solve(0.1), "absolute": solve(absolute / dw_min)}))
