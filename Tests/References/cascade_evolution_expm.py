"""Independent reference for `evolve` of a cascaded model (paper 001): the moments C_jk = <c_j^dag c_k> from the Langevin
form (paper 001, Eq. 2, generalised to N oscillators; not the master equation the library assembles):
  dc/dt = M c + B c_in,  M_jj = -i w_j - (kappa_j + gamma_j)/2,  M_{j,j+1} = -i F_j,  M_{j+1,j} = -i conj(F_j),
  M_kj -= sqrt(gamma_j gamma_k) e^{i(theta_k - theta_j)} (j < k),  B_jj = sqrt(kappa_j),  B_{j,N} = sqrt(gamma_j) e^{i theta_j},
so dC/dt = conj(M) C + C M^T + conj(B) diag(Nbar) B^T (normal order, thermal inputs). Vectorised (column stacking) and
integrated EXACTLY with the augmented exponential expm([[L, 0, q], [I, 0, 0], [0, 0, 0]] t) (scipy.linalg.expm), which
also gives the time integral of C.
Flows of quanta into the system (Tr{N D_alpha rho}): own bath i: kappa_i (Nbar_i - C_ii); channel (jump operator
L = sum_j sqrt(gamma_j) e^{-i theta_j} c_j of Eq. 1): kappa_c Nbar_c - <L^dag L>. Heat = w_q x flow. Local heat
Tr{H_sys D_alpha rho}, H_sys = sum w_j c_j^dag c_j: own w_i kappa_i (Nbar_i - C_ii); channel -Re<L^dag L_w> + Nbar_c
sum_j gamma_j w_j with L_w = sum_j l_j w_j c_j. Energy E = w_q (sum_j C_jj + N/2).
stdin: JSON {w, kappa, nbar, gamma, theta, F: [[re, im], ...], nc, wq, n0: initial occupations (number-thermal),
alpha: [[re, im], ...] coherent amplitudes (or absent), times};
stdout: JSON {n: [[n_j(t)]...], heat, local, iheat, ilocal: per bath (own..., channel) lists over times, E: list}.
"""
import json, sys
import numpy as np
from scipy.linalg import expm

p = json.load(sys.stdin)
w = np.array(p["w"], float); kap = np.array(p["kappa"], float); nb = np.array(p["nbar"], float)
gam = np.array(p["gamma"], float); th = np.array(p["theta"], float)
F = [complex(a, b) for a, b in p["F"]]
nc, wq = float(p["nc"]), float(p["wq"])
N = len(w)
M = np.zeros((N, N), complex)
for j in range(N):
    M[j, j] = -1j * w[j] - (kap[j] + gam[j]) / 2
for j, f in enumerate(F):
    M[j, j + 1] += -1j * f
    M[j + 1, j] += -1j * np.conj(f)
for k in range(N):
    for j in range(k):
        M[k, j] -= np.sqrt(gam[j] * gam[k]) * np.exp(1j * (th[k] - th[j]))
B = np.zeros((N, N + 1), complex)
for j in range(N):
    B[j, j] = np.sqrt(kap[j]); B[j, N] = np.sqrt(gam[j]) * np.exp(1j * th[j])
Q = np.conj(B) @ np.diag(np.concatenate([nb, [nc]])) @ B.T
I = np.eye(N)
L = np.kron(I, np.conj(M)) + np.kron(M, I)          # vec(conj(M) C + C M^T), column stacking
n2 = N * N
Z = np.zeros((2 * n2 + 1, 2 * n2 + 1), complex)
Z[:n2, :n2] = L; Z[:n2, 2 * n2] = Q.flatten(order="F"); Z[n2:2 * n2, :n2] = np.eye(n2)
alpha = np.array([complex(a, b) for a, b in p.get("alpha", [[0, 0]] * N)])
C0 = np.diag(np.array(p["n0"], float)).astype(complex) + np.outer(np.conj(alpha), alpha)
z0 = np.concatenate([C0.flatten(order="F"), np.zeros(n2), [1.0]])
l = np.sqrt(gam) * np.exp(-1j * th)
kc = gam.sum()


def flows(C, t):
    """(quanta flows, local heats) for C; with t: the same functionals of the integral (constants times t)."""
    own = [kap[i] * (nb[i] * t - C[i, i].real) for i in range(N)]
    ch = kc * nc * t - (np.conj(l) @ C @ l).real
    own_l = [w[i] * kap[i] * (nb[i] * t - C[i, i].real) for i in range(N)]
    ch_l = -(np.conj(l) @ C @ (l * w)).real + nc * np.sum(gam * w) * t
    return own + [ch], own_l + [ch_l]


out = {"n": [[] for _ in range(N)], "heat": [[] for _ in range(N + 1)], "local": [[] for _ in range(N + 1)],
       "iheat": [[] for _ in range(N + 1)], "ilocal": [[] for _ in range(N + 1)], "E": []}
for t in p["times"]:
    z = expm(Z * t) @ z0
    C = z[:n2].reshape((N, N), order="F"); IC = z[n2:2 * n2].reshape((N, N), order="F")
    phi, loc = flows(C, 1.0)
    iphi, iloc = flows(IC, t)
    for j in range(N):
        out["n"][j].append(C[j, j].real)
    for a in range(N + 1):
        out["heat"][a].append(wq * phi[a]); out["local"][a].append(loc[a])
        out["iheat"][a].append(wq * iphi[a]); out["ilocal"][a].append(iloc[a])
    out["E"].append(wq * (np.trace(C).real + N / 2))
json.dump(out, sys.stdout)
