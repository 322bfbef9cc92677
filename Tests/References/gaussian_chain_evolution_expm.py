"""Independent reference for ClausiusDynamics' Gaussian evolution of an N-mode chain (local equation), by scipy's expm.

Built in the ladder-operator picture, not from Clausius' quadrature drift/diffusion or its eigen-decomposition: with
H = Σ_i w_i a_i†a_i + g Σ_i (a_i†a_{i+1} + h.c.) = a† h a and baths γ_α(n̄_α+1)D[a_α] + γ_α n̄_α D[a_α†] on the end
modes, the Heisenberg equations give da/dt = K a, K = -i h - Γ/2, so C_ij = <a_i† a_j> obeys
  dC/dt = conj(K) C + C K^T + Γ N̄,   C(t) = C∞ + e^{conj(K) t} (C0 − C∞) e^{K^T t}   (scipy.linalg.expm),
C∞ from solve_continuous_lyapunov. Heat of dissipator α (global counting, H = a† h a): Q̇_α = Σ_ij h_ij (dC_α)_ji with
dC_α = −(γ_α/2)(P_α C + C P_α) + γ_α n̄_α P_α; local counting (H_α = w_α a_α†a_α): w_α γ_α (n̄_α − C_αα).
Integrated heat exactly: ∫₀ᵗ (C − C∞) = Y with conj(K) Y + Y K^T = C(t) − C0 (a Lyapunov solve per time).
stdin: JSON {w, g, gamma (per end), T (per end), n0 (per mode), times};
stdout: JSON {n: [[n_j(t)]], q: [[Q̇_α(t)]], qloc, Q, Qloc, E: [⟨H⟩(t) − ⟨H⟩(0)]}.
"""
import json, sys
import numpy as np
from scipy.linalg import expm, solve_continuous_lyapunov

p = json.load(sys.stdin)
w = np.array(p["w"], dtype=float); g = p["g"]; N = len(w)
ends = [0, N - 1]
gam = np.zeros(N); nb = np.zeros(N)
for k, m in enumerate(ends):
    gam[m] = p["gamma"][k]
    nb[m] = 0.0 if p["T"][k] == 0 else 1.0 / np.expm1(w[m] / p["T"][k])
h = np.diag(w).astype(complex)
for i in range(N - 1):
    h[i, i + 1] = h[i + 1, i] = g
K = -1j * h - np.diag(gam) / 2
Kc = K.conj()
Q = np.diag(gam * nb).astype(complex)
Cinf = solve_continuous_lyapunov(Kc, -Q)
C0 = np.diag(np.array(p["n0"], dtype=complex))
X0 = C0 - Cinf

def dC(alpha, C):
    m = ends[alpha]
    P = np.zeros((N, N)); P[m, m] = 1
    return -(gam[m] / 2) * (P @ C + C @ P) + gam[m] * nb[m] * P

def rates(C):
    q = [float(np.real(np.sum(h * dC(a, C).T))) for a in range(2)]
    ql = [float(w[m] * gam[m] * (nb[m] - np.real(C[m, m]))) for m in ends]
    return q, ql

qinf, qlinf = rates(Cinf)
out = {"n": [[] for _ in range(N)], "q": [[], []], "qloc": [[], []], "Q": [[], []], "Qloc": [[], []], "E": []}
E0 = float(np.real(np.sum(h * C0.T)))
for t in p["times"]:
    E = expm(Kc * t)
    C = Cinf + E @ X0 @ expm(K.T * t)
    for j in range(N):
        out["n"][j].append(float(np.real(C[j, j])))
    q, ql = rates(C)
    Y = solve_continuous_lyapunov(Kc, C - C0)   # ∫₀ᵗ (C − C∞)
    # Q_α(t) = t Q̇_α^∞ + (the rate's linear part applied to ∫(C − C∞)) — the rate is affine in C.
    qY, qlY = rates(Y)
    q0, ql0 = rates(np.zeros((N, N), dtype=complex))
    for a in range(2):
        out["q"][a].append(q[a]); out["qloc"][a].append(ql[a])
        out["Q"][a].append(t * qinf[a] + (qY[a] - q0[a]))
        out["Qloc"][a].append(t * qlinf[a] + (qlY[a] - ql0[a]))
    out["E"].append(float(np.real(np.sum(h * C.T))) - E0)
json.dump(out, sys.stdout)
