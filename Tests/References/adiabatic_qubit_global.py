"""Closed-form population equation of the adiabatic global equation of a qubit H(t) = w(t) sp sm with
w(t) = w0 + A sin(Omega t + phase), coupled through S = sx to a flat bath J(w) = kappa at temperature T
(docs/conventions.md: gamma(w) = 2J(w)(n(w) + 1) for emission, 2J(w)n(w) for absorption, |<g|sx|e>|^2 = 1):

    dp_e/dt = -2 kappa (n(w(t)) + 1) p_e + 2 kappa n(w(t)) (1 - p_e),

heat rate Qdot = w(t) dp_e/dt (Alicki: Tr{H D rho}), drive work rate Wdot = w'(t) p_e (<dH/dt>), and their integrals,
integrated with scipy's DOP853 at rtol 1e-13. Input (stdin JSON): w0, A, Omega, phase, kappa, T, pe0, times.
Output: pe, heat, work, Q, W at the times."""
import json
import sys

import numpy as np
from scipy.integrate import solve_ivp

p = json.load(sys.stdin)
w0, A, Om, ph, k, T = (p[x] for x in ("w0", "A", "Omega", "phase", "kappa", "T"))


def w(t):
    return w0 + A * np.sin(Om * t + ph)


def dw(t):
    return A * Om * np.cos(Om * t + ph)


def rates(t, pe):
    n = 1.0 / np.expm1(w(t) / T)
    dpe = -2 * k * (n + 1) * pe + 2 * k * n * (1 - pe)
    return dpe, w(t) * dpe, dw(t) * pe


def f(t, y):
    dpe, q, wk = rates(t, y[0])
    return [dpe, q, wk]


times = p["times"]
sol = solve_ivp(f, (0, times[-1]), [p["pe0"], 0.0, 0.0], method="DOP853", t_eval=times, rtol=1e-13, atol=1e-15)
assert sol.success, sol.message
pe = sol.y[0]
out = {"pe": list(pe), "Q": list(sol.y[1]), "W": list(sol.y[2]),
       "heat": [rates(t, x)[1] for t, x in zip(times, pe)], "work": [rates(t, x)[2] for t, x in zip(times, pe)]}
json.dump(out, sys.stdout)
