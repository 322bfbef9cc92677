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
symmetrised noise J(w) coth(w/2T) (fluctuation-dissipation). Heat: power form <(1/2){dS/dt, B}>.
Ladder ("rotating-wave", white-noise) baths: H_int = L B^dag + L^dag B, L = sum_j c_j a_j, input-output theory
(Gardiner & Collett 1985): da_j/dt += -(k/2) c_j* L - i c_j* B_in, [B_in(t), B_in^dag(t')] = k delta(t - t'),
<B_in^dag B_in>(nu) = k n(nu) with n(nu) = nbar(nu, T) for nu >= nu_IR and 0 below (all nu < 0 in vacuum).
Heat: input-output energy balance Q = int_R dnu/2pi nu (P_in - P_out)/k, B_out = B_in - i k L.
Input: JSON on stdin; output: JSON with V (Clausius r = (x1, p1, ...)), means, heat currents.
"""
import json
import sys
import warnings

import numpy as np
from scipy import integrate

warnings.simplefilter("ignore")   # quad's round-off notes; the first-law residual is the error bar
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
nuIR = p.get("nuIR", 0.0)
ladders = []
for b in p.get("ladders", []):
    c = np.array([complex(re, im) for re, im in b["coefficients"]])
    Z[:N, :N] += -(b["rate"] / 2) * np.outer(c.conj(), c)
    Z[N:, N:] += -(b["rate"] / 2) * np.outer(c, c.conj())
    ladders.append(dict(c=c, k=b["rate"], T=b["temperature"],
                        v1=np.concatenate([-1j * c.conj(), np.zeros(N)]),   # source B_in(w)
                        v2=np.concatenate([np.zeros(N), 1j * c]),           # source B_in^dag(w) = B_in(-w)^dag
                        w=np.concatenate([c, np.zeros(N)])))                # L = w . phi


def occ(T, nu):
    return 1 / np.expm1(nu / T) if (nu >= nuIR and nu > 0 and T > 0 and nu / T < 700) else 0.0


def ladder_sources(om):
    out = []
    for l in ladders:
        out.append((l["v1"], l["k"] * (occ(l["T"], om) + 0.5)))
        out.append((l["v2"], l["k"] * (occ(l["T"], -om) + 0.5)))
    return out


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


def sources(om):
    return [(b["v"], noise(b, om)) for b in baths] + ladder_sources(om)


def vint(om):
    G = greens(om)
    C = sum(S * np.outer(G @ v, (G @ v).conj()) for v, S in sources(om))
    return (U @ C @ U.conj().T).real.ravel() / (2 * np.pi)


def heat(a):
    b = baths[a]

    def f(om):
        gs, _ = gvecs(om)
        sb = b["s"] @ gs[a]                     # <S B_in^dag> / (i S_B)
        G = greens(om)
        ss = sum(S * abs(b["s"] @ (G @ v)) ** 2 for v, S in sources(om))
        z = 1j * sb * noise(b, om) + np.conj(kernel(b, om)) * ss
        return (-1j * om * z).real / (2 * np.pi)
    return f


def ladder_heat(l):
    def f(om):
        G = greens(om)
        s1 = l["k"] * (occ(l["T"], om) + 0.5)
        pout = 0.0
        for v, S in sources(om):
            t = -1j * l["k"] * (l["w"] @ (G @ v))
            if v is l["v1"]:
                t += 1.0
            pout += abs(t) ** 2 * S
        return om * (s1 - pout) / l["k"] / (2 * np.pi)
    return f


ev = np.linalg.eigvals(Z)
res = sorted(set(np.round(np.abs(ev.imag), 12)))
top = max(res + [b["L"] for b in baths] + [b["T"] for b in baths] + [l["T"] for l in ladders])
pts = sorted(set([0.0, nuIR, -nuIR] + [r for r in res] + [-r for r in res] + [r + d for r in res for d in (-0.05, 0.05)] + [-(r + d) for r in res for d in (-0.05, 0.05)]))
edges = [-20 * top] + [x for x in pts if abs(x) < 20 * top] + [20 * top]
V = np.zeros(4 * N * N)
for lo, hi in zip(edges[:-1], edges[1:]):
    V += integrate.quad_vec(vint, lo, hi, epsabs=1e-14, epsrel=1e-11, limit=2000)[0]
for lo, hi in ((-np.inf, -20 * top), (20 * top, np.inf)):
    V += integrate.quad_vec(vint, lo, hi, epsabs=1e-15, epsrel=1e-11, limit=2000)[0]
V = V.reshape(2 * N, 2 * N)
Q = []
# Ladder heats are differences of gross terms: ask quad for what that allows (relative 1e-9), not more.
for f, rel, lim in [(heat(a), 1e-11, 2000) for a in range(len(baths))] + [(ladder_heat(l), 1e-9, 200) for l in ladders]:
    tot = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        tot += integrate.quad(f, lo, hi, epsabs=1e-16, epsrel=rel, limit=lim)[0]
    for lo, hi in ((-np.inf, -20 * top), (20 * top, np.inf)):
        tot += integrate.quad(f, lo, hi, epsabs=1e-18, epsrel=rel, limit=lim)[0]
    Q.append(tot)
# Means: static equation 0 = Z phi + f, f = (-i F, i F*) (the counterterm cancels the static Drude response;
# the ladder damping is in Z).
phibar = np.linalg.solve(Z, -np.concatenate([-1j * F, 1j * F.conj()]))
abar = phibar[:N]
means = []
for j in range(N):
    means += [np.sqrt(2) * abar[j].real, np.sqrt(2) * abar[j].imag]
print(json.dumps(dict(V=V.tolist(), heat=Q, means=means)))
