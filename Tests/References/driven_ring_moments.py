"""Independent reference for `evolve` of paper 002's ring with time-dependent entries (Families/Ring/RingDrivenEvolution.swift):
|G|(t), J(t), Dt(t), wm(t) (in H), gc(t), gm(t) and the mechanical occupation n(t) (in the dissipators). The linearised Hamiltonian (paper 002, Eq. 4) written in ladder operators,
  H = sum_l [-Dt c_l^dag c_l + wm d_l^dag d_l] - (J/2) sum_{l, l+-1} c_l^dag c_{l+-1} - sum_l (G_l^* c_l + G_l c_l^dag)(d_l + d_l^dag),
G_l = |G|(t) e^{i l phi}, phi = 2 pi n / L, every parameter evaluated at t, as H = sum M_ij a_i^dag a_j + 1/2 sum (N_ij a_i^dag a_j^dag + h.c.), converted to the
quadratures r = (x1, p1, ...) numerically (a = (x + ip)/sqrt2, G_r = Re T^dag [[M, N], [N*, M*]] T); baths gc D[c_l] and
gm (n+1) D[d_l] + gm n D[d_l^dag]: A = Omega G_r - sum_alpha (down - up)/2 P_alpha, D = sum_alpha (down + up)/2 P_alpha.
dV/dt = A V + V A^T + D by scipy DOP853 (rtol 1e-12, atol 1e-14) from V0 = diag(n0_j + 1/2) (a product of number-thermal states), with the heat Tr[G A_a V] + 1/2 Tr[G D_a]
(whole H(t) and local H(t): -Dt(t) c^dag c, wm(t) d^dag d), the drive work 1/2 Tr[dG/dt V] and their integrals as extra
components. H(t) is built directly from the parameters at t; dG/dt = G(p(t) + p'(t)) - G(p(t)) (H is affine in
(|G|, J, Dt, wm), so the difference is exactly the derivative).
stdin: JSON {L, n, J, Dt, gc, wm, gm, G, nbar: each a number or [value, amp, freq, phase] (value + amp sin(freq t + phase)),
n0: initial occupation per mode, times};
stdout: JSON {occ: [[per mode]], heat, local, iheat: per bath (optical 0..L-1, mechanical 0..L-1), Wdot, W, E}.
"""
import json, sys
import numpy as np
from scipy.integrate import solve_ivp

p = json.load(sys.stdin)
L, wind = p["L"], p["n"]


def function(v):
    """(f, f') of a number or [value, amp, freq, phase]."""
    if not isinstance(v, list):
        return (lambda t: v), (lambda t: 0.0)
    v0, va, vw, vp = v
    return (lambda t: v0 + va * np.sin(vw * t + vp)), (lambda t: va * vw * np.cos(vw * t + vp))


(Gabs, dGabs), (J, dJ), (Dt, dDt), (wm, dwm) = (function(p[k]) for k in ("G", "J", "Dt", "wm"))
(gc, _), (gm, _), (nbar, _) = (function(p[k]) for k in ("gc", "gm", "nbar"))
phi = 2 * np.pi * wind / L
n = 2 * L                                   # modes c_0..c_{L-1}, d_0..d_{L-1}
T = np.zeros((2 * n, 2 * n), complex)       # xi = (a, a^dag) = T r
for j in range(n):
    T[j, 2 * j], T[j, 2 * j + 1] = 1 / np.sqrt(2), 1j / np.sqrt(2)
    T[n + j, 2 * j], T[n + j, 2 * j + 1] = 1 / np.sqrt(2), -1j / np.sqrt(2)


def quad(M, N):
    H = np.block([[M, N], [np.conj(N), np.conj(M)]])
    G = T.conj().T @ H @ T
    assert np.abs(G.imag).max() < 1e-12
    return G.real


def ham(G, J, Dt, wm):
    M = np.zeros((n, n), complex); N = np.zeros((n, n), complex)
    for l in range(L):
        M[l, l] = -Dt; M[L + l, L + l] = wm
        for k in ((l + 1) % L, (l - 1) % L):
            M[l, k] += -J / 2
        gl = G * np.exp(1j * l * phi)
        M[L + l, l] += -np.conj(gl); M[l, L + l] += -gl
        N[l, L + l] += -gl; N[L + l, l] += -gl
    return quad(M, N)


Gt = lambda t: ham(Gabs(t), J(t), Dt(t), wm(t))
dGt = lambda t: ham(Gabs(t) + dGabs(t), J(t) + dJ(t), Dt(t) + dDt(t), wm(t) + dwm(t)) - Gt(t)
Om = np.kron(np.eye(n), np.array([[0.0, 1.0], [-1.0, 0.0]]))
P = [np.zeros((2 * n, 2 * n)) for _ in range(n)]
for j in range(n):
    P[j][2 * j, 2 * j] = P[j][2 * j + 1, 2 * j + 1] = 1.0


def local(j, t):
    Mj = np.zeros((n, n), complex); Mj[j, j] = -Dt(t) if j < L else wm(t)
    return quad(Mj, np.zeros((n, n)))


def parts(t):
    out = []
    for j in range(n):
        if j < L:
            down, up = gc(t), 0.0
        else:
            down, up = gm(t) * (nbar(t) + 1), gm(t) * nbar(t)
        out.append((-(down - up) / 2 * P[j], (down + up) / 2 * P[j]))
    return out


def rates(t, V):
    G = Gt(t)
    ps = parts(t)
    q = [np.trace(G @ A @ V) + 0.5 * np.trace(G @ D) for A, D in ps]
    ql = [np.trace(local(j, t) @ A @ V) + 0.5 * np.trace(local(j, t) @ D) for j, (A, D) in enumerate(ps)]
    wd = 0.5 * np.trace(dGt(t) @ V)
    return q, ql, wd


def f(t, y):
    V = y[:(2 * n) ** 2].reshape(2 * n, 2 * n)
    ps = parts(t)
    A = Om @ Gt(t) + sum(a for a, _ in ps)
    dV = A @ V + V @ A.T + sum(d for _, d in ps)
    q, _, wd = rates(t, V)
    return np.concatenate([dV.ravel(), q, [wd]])


n_init = p.get("n0", [0.0] * n)
y0 = np.concatenate([np.diag(np.repeat(np.array(n_init) + 0.5, 2)).ravel(), np.zeros(n + 1)])
s = solve_ivp(f, (0, p["times"][-1]), y0, t_eval=p["times"], method="DOP853", rtol=1e-12, atol=1e-14)
m = (2 * n) ** 2
out = {"occ": [[] for _ in range(n)], "heat": [[] for _ in range(n)], "local": [[] for _ in range(n)], "iheat": [[] for _ in range(n)],
       "Wdot": [], "W": [], "E": []}
for k, t in enumerate(s.t):
    V = s.y[:m, k].reshape(2 * n, 2 * n)
    q, ql, wd = rates(t, V)
    for j in range(n):
        out["occ"][j].append(0.5 * (V[2 * j, 2 * j] + V[2 * j + 1, 2 * j + 1]) - 0.5)
        out["heat"][j].append(q[j]); out["local"][j].append(ql[j]); out["iheat"][j].append(s.y[m + j, k])
    out["Wdot"].append(wd); out["W"].append(s.y[m + n, k]); out["E"].append(0.5 * np.trace(Gt(t) @ V))
json.dump(out, sys.stdout)
