"""QuTiP peer for the sparse steady-state benchmark: the same two-oscillator local master equation
(H = wa a†a + wb b†b + eps(a†b + ab†), thermal local baths) solved by qutip.steadystate (direct sparse LU)."""
import time

import numpy as np


def bose(w, t):
    return 1.0 / np.expm1(w / t)


def run(na, nb, repeats):
    import qutip

    wa, wb, eps, ga, gb = 1.0, 1.1, 0.05, 0.02, 0.03
    nba, nbb = bose(wa, 0.9), bose(wb, 0.3)
    best_build, best_solve, rho = float("inf"), float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        a = qutip.tensor(qutip.destroy(na), qutip.qeye(nb))
        b = qutip.tensor(qutip.qeye(na), qutip.destroy(nb))
        h = wa * a.dag() * a + wb * b.dag() * b + eps * (a.dag() * b + b.dag() * a)
        c_ops = [np.sqrt(ga * (nba + 1)) * a, np.sqrt(ga * nba) * a.dag(),
                 np.sqrt(gb * (nbb + 1)) * b, np.sqrt(gb * nbb) * b.dag()]
        liouvillian = qutip.liouvillian(h, c_ops)
        t1 = time.perf_counter()
        rho = qutip.steadystate(liouvillian, method="direct")
        t2 = time.perf_counter()
        best_build, best_solve = min(best_build, t1 - t0), min(best_solve, t2 - t1)
    n_a = qutip.expect(a.dag() * a, rho)
    return {"buildSeconds": best_build, "solveSeconds": best_solve, "nA": float(n_a), "version": qutip.__version__}
