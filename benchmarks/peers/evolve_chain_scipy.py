#!/usr/bin/env python3
"""SciPy peer of `clausius-benchmarks evolve-gaussian-chain N P`: the same uniform chain (ω = 1, hopping ε = 0.05, flat
baths κ = 0.01 on the end modes at T = 2 and 0.5, local equation) from the vacuum over 10 relaxation times, P output
times, in the N × N complex (number-conserving) form, the cheapest exact route SciPy offers:
  K = −i h − Γ/2,  C_ij = ⟨a_i†a_j⟩,  dC/dt = conj(K) C + C Kᵀ + Γ N̄,
  gap = −max Re λ(K) (numpy eigvals), C∞ = solve_continuous_lyapunov(conj K, −Γ N̄),
  E = expm(conj(K) Δt) once (uniform grid), X ← E X E† per output time (two zgemm of size N), C = C∞ + X,
and per time the occupations diag C and the heat currents (local: ω γ(n̄ − C_mm); global: plus −γ ε Re C_{m,m±1}).
No integrated heat (the Clausius side also reports exact ∫Q̇). Prints JSON {seconds, gap, finalTime, occupationLast,
finalHeatLeft}. Single-threaded BLAS (set OPENBLAS_NUM_THREADS=1).
Usage: evolve_chain_scipy.py N P
"""
import json, sys, time
import numpy as np
from scipy.linalg import expm, solve_continuous_lyapunov

N, P = int(sys.argv[1]), int(sys.argv[2])
t0 = time.perf_counter()
w, eps, kappa = 1.0, 0.05, 0.01
h = np.diag(np.full(N, w)).astype(complex)
for i in range(N - 1):
    h[i, i + 1] = h[i + 1, i] = eps
gam = np.zeros(N); nb = np.zeros(N)
for m, T in ((0, 2.0), (N - 1, 0.5)):
    gam[m] = kappa; nb[m] = 1 / np.expm1(w / T)
K = -1j * h - np.diag(gam) / 2
Kc = K.conj()
gap = -np.max(np.linalg.eigvals(K).real)
final = 10 / gap
times = final * np.arange(P) / (P - 1)
Cinf = solve_continuous_lyapunov(Kc, -np.diag(gam * nb).astype(complex))
E = expm(Kc * (times[1] - times[0]))
X = -Cinf                      # vacuum: C(0) = 0
occ, heat = [], []
for k, t in enumerate(times):
    if k > 0:
        X = E @ X @ E.conj().T
    C = Cinf + X
    occ.append(np.real(np.diag(C)))
    heat.append(w * kappa * (nb[0] - C[0, 0].real) - kappa * eps * C[0, 1].real)
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "gap": gap, "finalTime": final, "occupationLast": float(occ[-1][-1]), "finalHeatLeft": float(heat[-1])}))
