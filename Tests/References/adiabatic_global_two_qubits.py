"""Independent construction of the adiabatic global (Davies) equation of two qubits with a modulated exchange coupling,
H(t) = wa sp_a sm_a + wb sp_b sm_b + g(t)(sp_a sm_b + sm_a sp_b), g(t) = g0 + A sin(Omega t), flat baths J = kappa_alpha
coupled through sx of each qubit at temperatures T_alpha (docs/conventions.md: gamma(w) = 2J(n(w) + 1) for w > 0,
2J n(|w|) for w < 0). At each t: eigendecomposition H(t) = U diag(E) U^dag, the matrix elements S_ij = <i|S|j>, the
transitions j -> i grouped by their Bohr frequency E_j - E_i (sorted, chained within tol * max(1, max|E|), as
`OpenSystem.bohrGroups`), one jump per group L = sum sqrt(gamma(w_ij)) S_ij |i><j| (each transition with its own rate),
then in the lab basis drho/dt = -i[H, rho] + sum_alpha sum_groups D[U L U^dag] rho, integrated by scipy DOP853
(rtol 1e-12) from the Gibbs state of H(0) at T0. Output at the times: the excitation of each qubit, the heat rate
Tr{H D_alpha rho} per bath. Input (stdin JSON): wa, wb, g0, A, Omega, kappa [2], T [2], T0, tol, times."""
import json
import sys

import numpy as np
from scipy.integrate import solve_ivp

p = json.load(sys.stdin)
# Basis order (g, e): |g> = (1, 0), |e> = (0, 1); sm = |g><e|.
sm = np.array([[0, 1], [0, 0]], dtype=complex)
I2 = np.eye(2)
sma, smb = np.kron(sm, I2), np.kron(I2, sm)
spa, spb = sma.conj().T, smb.conj().T
na, nb = spa @ sma, spb @ smb
sx = [sma + spa, smb + spb]
wa, wb, g0, A, Om = (p[k] for k in ("wa", "wb", "g0", "A", "Omega"))
kap, T, tol = p["kappa"], p["T"], p["tol"]
X = spa @ smb + sma @ spb


def H(t):
    return wa * na + wb * nb + (g0 + A * np.sin(Om * t)) * X


def gamma(w, k, temp):
    n = 1.0 / np.expm1(abs(w) / temp)
    return 2 * k * (n + 1) if w > 0 else 2 * k * n


def jumps(t):
    E, U = np.linalg.eigh(H(t))
    d = len(E)
    width = tol * max(1.0, np.abs(E).max())
    out = []
    for a in range(2):
        S = U.conj().T @ sx[a] @ U
        big = np.abs(S).max()
        tr = [(E[j] - E[i], i, j) for j in range(d) for i in range(d) if abs(S[i, j]) > 1e-12 * big]
        tr.sort()
        k = 0
        while k < len(tr):
            end = k + 1
            while end < len(tr) and tr[end][0] - tr[k][0] <= width:
                end += 1
            L = np.zeros((d, d), dtype=complex)
            for w, i, j in tr[k:end]:
                assert abs(w) > width, "zero-frequency component (not expected for this model)"
                L[i, j] += np.sqrt(gamma(w, kap[a], T[a])) * S[i, j]
            out.append((a, U @ L @ U.conj().T))
            k = end
    return out


def dissipate(L, r):
    LdL = L.conj().T @ L
    return L @ r @ L.conj().T - 0.5 * (LdL @ r + r @ LdL)


def f(t, y):
    r = (y[:16] + 1j * y[16:]).reshape(4, 4)
    h = H(t)
    dr = -1j * (h @ r - r @ h)
    for _, L in jumps(t):
        dr += dissipate(L, r)
    dr = dr.reshape(-1)
    return np.concatenate([dr.real, dr.imag])


E0, U0 = np.linalg.eigh(H(0))
w0 = np.exp(-(E0 - E0.min()) / p["T0"])
rho0 = U0 @ np.diag(w0 / w0.sum()) @ U0.conj().T
y0 = np.concatenate([rho0.reshape(-1).real, rho0.reshape(-1).imag])
times = p["times"]
sol = solve_ivp(f, (0, times[-1]), y0, method="DOP853", t_eval=times, rtol=1e-12, atol=1e-14)
assert sol.success, sol.message
out = {"na": [], "nb": [], "heat": [[], []]}
for k, t in enumerate(times):
    r = (sol.y[:16, k] + 1j * sol.y[16:, k]).reshape(4, 4)
    out["na"].append(float(np.trace(na @ r).real))
    out["nb"].append(float(np.trace(nb @ r).real))
    h = H(t)
    q = [0.0, 0.0]
    for a, L in jumps(t):
        q[a] += float(np.trace(h @ dissipate(L, r)).real)
    out["heat"][0].append(q[0])
    out["heat"][1].append(q[1])
json.dump(out, sys.stdout)
