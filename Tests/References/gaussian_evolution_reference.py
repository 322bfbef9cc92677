"""Independent reference for ClausiusDynamics' Gaussian evolution: two hopping-coupled modes with local thermal baths.

Built in the ladder-operator picture, not from Clausius' quadrature drift/diffusion: with
H = w1 a1†a1 + w2 a2†a2 + g(a1†a2 + a2†a1) and baths γ_i(n̄_i+1)D[a_i] + γ_i n̄_i D[a_i†], the matrix
C_ij = <a_i† a_j> obeys dC/dt = conj(K) C + C K^T + diag(γ n̄), K = -iW - Γ/2 (Heisenberg equations),
solved by the matrix exponential of the vectorised (affine, augmented) generator. Heat from the adjoint
dissipators: L_1†(a1†a1) = -γ1(a1†a1 - n̄1), L_1†(a1†a2) = -(γ1/2) a1†a2, so
Q̇_1 = w1 γ1 (n̄1 - C11) - (γ1/2) g (C12 + C21); the local counting (H_1 = w1 a1†a1) keeps only the first term.
Integrated heat by adaptive quadrature (scipy.integrate.quad) of the rate.
stdin: JSON {w, g, gamma, T, n0, alpha, times}; stdout: JSON {n1, n2, q1, q2, q1loc, q2loc, Q1, Q2, Q1loc, Q2loc}.
"""
import json, sys
import numpy as np
from scipy.linalg import expm
from scipy.integrate import quad

p = json.load(sys.stdin)
w = np.array(p["w"]); g = p["g"]; gam = np.array(p["gamma"]); T = np.array(p["T"])
nbar = np.array([0.0 if t == 0 else 1.0 / np.expm1(wi / t) for wi, t in zip(w, T)])
alpha = np.array([complex(a[0], a[1]) for a in p["alpha"]])
W = np.array([[w[0], g], [g, w[1]]], dtype=complex)
K = -1j * W - np.diag(gam) / 2
C0 = np.diag(np.array(p["n0"], dtype=complex)) + np.outer(alpha.conj(), alpha)
I2 = np.eye(2)
# vec column-major: vec(A C) = (I ⊗ A) vec C, vec(C B) = (B^T ⊗ I) vec C; here B = K^T.
L = np.kron(I2, K.conj()) + np.kron(K, I2)
F = np.diag(gam * nbar).astype(complex).reshape(-1, order="F")
aug = np.zeros((5, 5), dtype=complex); aug[:4, :4] = L; aug[:4, 4] = F


def C(t):
    y = expm(aug * t) @ np.concatenate([C0.reshape(-1, order="F"), [1.0]])
    return y[:4].reshape(2, 2, order="F")


def rates(t):
    c = C(t)
    # Q̇_1 = <L_1†(H)> = w1 γ1 (n̄1 - C11) + g <L_1†(a1†a2 + a2†a1)> = w1γ1(n̄1 - C11) - (γ1/2) g (C12 + C21).
    q1loc = w[0] * gam[0] * (nbar[0] - c[0, 0].real)
    q2loc = w[1] * gam[1] * (nbar[1] - c[1, 1].real)
    cross = (c[0, 1] + c[1, 0]).real * g
    return q1loc - gam[0] / 2 * cross, q2loc - gam[1] / 2 * cross, q1loc, q2loc


out = {k: [] for k in ["n1", "n2", "q1", "q2", "q1loc", "q2loc", "Q1", "Q2", "Q1loc", "Q2loc"]}
for t in p["times"]:
    c = C(t)
    out["n1"].append(c[0, 0].real); out["n2"].append(c[1, 1].real)
    r = rates(t)
    for k, v in zip(["q1", "q2", "q1loc", "q2loc"], r):
        out[k].append(v)
    for i, k in enumerate(["Q1", "Q2", "Q1loc", "Q2loc"]):
        out[k].append(quad(lambda s: rates(s)[i], 0, t, epsabs=1e-14, epsrel=1e-12, limit=500)[0] if t > 0 else 0.0)
print(json.dumps(out))
