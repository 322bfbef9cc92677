#!/usr/bin/env python3
"""Independent reference for ExactNetworkSteadyState (Tests/ClausiusSteadyStateTests/ExactLangevinNetworkTests.swift).

Written from the physics, not from the Swift code: the Heisenberg–Langevin equations in the ladder basis
phi = (a_1..a_N, a_1^dag..a_N^dag), the full (unfolded) frequency integral over the real line with
scipy.integrate.quad / quad_vec, and the heat current in the *power* form Q_a = <(1/2){dS_a/dt, B_a}>
(energy leaving bath a; not the Caroli/transmission form the Swift code uses).

Model (hbar = k_B = 1): H = sum_j w_j a_j^dag a_j
      + eps (e^{i phi} a_i^dag a_j + h.c.)            hopping
      + eta (a_i^dag a_j^dag + a_i a_j)                squeezing
      + g X_i X_j,  X = (a + a^dag)/sqrt(2 w)          position-position
      + F a_j^dag + F* a_j                             drives
Baths: H_int = -S_a (x) B_a, S_a = sum_j (c_j a_j + c_j* a_j^dag), Ohmic-Drude J(w) = lam2 w L^2/(w^2 + L^2),
response chi(w) = lam2 L^2/(L - i w) (paper 004 Eq. 33; Im chi = J), counterterm: kernel chi(w) - chi(0),
symmetrised noise J(w) coth(w/2T) (fluctuation-dissipation).
Input: JSON on stdin; output: JSON with V (Clausius r = (x1, p1, ...)), means, heat currents.
"""
import json
import sys

import numpy as np
from scipy import integrate

p = json.load(sys.stdin)
w = np.array(p["frequencies"], float)
N = len(w)
M = np.diag(w).astype(complex)
K = np.zeros((N, N), complex)
for (i, j, eps, phi) in p.get("hopping", []):
    M[i, j] += eps * np.exp(1j * phi)
    M[j, i] += eps * np.exp(-1j * phi)
for (i, j, eta) in p.get("squeezing", []):
    K[i, j] += eta
    K[j, i] += eta
for (i, j, g) in p.get("xx", []):
    c = g / (2 * np.sqrt(w[i] * w[j]))
    M[i, j] += c; M[j, i] += c; K[i, j] += c; K[j, i] += c
F = np.zeros(N, complex)
for (j, re, im) in p.get("drives", []):
    F[j] += re + 1j * im

# d a/dt = -i (M a + K a^dag + F) + i c* B ;  d a^dag/dt = i (M* a^dag + K* a + F*) - i c B
Z = np.block([[-1j * M, -1j * K], [1j * K.conj(), 1j * M.conj()]])
baths = []
for b in p["baths"]:
    c = np.zeros(N, complex)
    j = b["mode"]
    if b["operator"] == "x":
        c[j] = 1 / np.sqrt(2)
    elif b["operator"] == "p":
        c[j] = -1j / np.sqrt(2)   # p = (a - a^dag)/(i sqrt 2)
    elif b["operator"] == "X":
        c[j] = 1 / np.sqrt(2 * w[j])
    v = np.concatenate([c.conj(), -c])   # noise direction
    s = np.concatenate([c, c.conj()])    # S = s . phi
    baths.append(dict(v=v, s=s, lam2=b["lambda2"], L=b["cutoff"], T=b["temperature"]))


def J(b, om):
    return b["lam2"] * om * b["L"] ** 2 / (om * om + b["L"] ** 2)


def noise(b, om):   # J(om) coth(om / 2T), even in om
    if abs(om) < 1e-300:
        return 2 * b["lam2"] * b["T"]
    if b["T"] == 0:
        return abs(J(b, om))
    return J(b, om) / np.tanh(om / (2 * b["T"]))


def kernel(b, om):  # chi(om) - chi(0) = i om lam2 L / (L - i om)
    return 1j * om * b["lam2"] * b["L"] / (b["L"] - 1j * om)


def greens(om):
    Lm = -1j * om * np.eye(2 * N) - Z
    for b in baths:
        Lm = Lm - 1j * kernel(b, om) * np.outer(b["v"], b["s"])
    return np.linalg.inv(Lm)


def gvecs(om):
    G = greens(om)
    return [G @ b["v"] for b in baths], G


# Ladder -> quadrature transformation r = U phi, r = (x1, p1, ...)
U = np.zeros((2 * N, 2 * N), complex)
for j in range(N):
    U[2 * j, j] = U[2 * j, N + j] = 1 / np.sqrt(2)
    U[2 * j + 1, j] = -1j / np.sqrt(2)
    U[2 * j + 1, N + j] = 1j / np.sqrt(2)


def vint(om):
    gs, _ = gvecs(om)
    C = sum(noise(b, om) * np.outer(g, g.conj()) for b, g in zip(baths, gs))
    return (U @ C @ U.conj().T).real.ravel() / (2 * np.pi)


def heat(a):
    b = baths[a]

    def f(om):
        gs, _ = gvecs(om)
        sb = b["s"] @ gs[a]                     # <S B_in^dag> / (i S_B)
        ss = sum(noise(bb, om) * abs(b["s"] @ g) ** 2 for bb, g in zip(baths, gs))
        z = 1j * sb * noise(b, om) + np.conj(kernel(b, om)) * ss
        return (-1j * om * z).real / (2 * np.pi)
    return f


ev = np.linalg.eigvals(Z)
res = sorted(set(np.round(np.abs(ev.imag), 12)))
top = max(res + [b["L"] for b in baths] + [b["T"] for b in baths])
pts = sorted(set([0.0] + [r for r in res] + [-r for r in res] + [r + d for r in res for d in (-0.05, 0.05)] + [-(r + d) for r in res for d in (-0.05, 0.05)]))
edges = [-20 * top] + [x for x in pts if abs(x) < 20 * top] + [20 * top]
V = np.zeros(4 * N * N)
for lo, hi in zip(edges[:-1], edges[1:]):
    V += integrate.quad_vec(vint, lo, hi, epsabs=1e-14, epsrel=1e-11, limit=2000)[0]
for lo, hi in ((-np.inf, -20 * top), (20 * top, np.inf)):
    V += integrate.quad_vec(vint, lo, hi, epsabs=1e-15, epsrel=1e-11, limit=2000)[0]
V = V.reshape(2 * N, 2 * N)
Q = []
for a in range(len(baths)):
    f = heat(a)
    tot = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        tot += integrate.quad(f, lo, hi, epsabs=1e-16, epsrel=1e-11, limit=2000)[0]
    for lo, hi in ((-np.inf, -20 * top), (20 * top, np.inf)):
        tot += integrate.quad(f, lo, hi, epsabs=1e-18, epsrel=1e-11, limit=2000)[0]
    Q.append(tot)
# Means: static equation 0 = M a + K a* + F (the counterterm cancels the static bath response).
R = np.block([[(M + K).real, -(M - K).imag], [(M + K).imag, (M - K).real]])   # acting on (Re a, Im a)
sol = np.linalg.solve(R, -np.concatenate([F.real, F.imag]))
abar = sol[:N] + 1j * sol[N:]
means = []
for j in range(N):
    means += [np.sqrt(2) * abar[j].real, np.sqrt(2) * abar[j].imag]
print(json.dumps(dict(V=V.tolist(), heat=Q, means=means)))
