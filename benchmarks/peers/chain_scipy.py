#!/usr/bin/env python3
"""SciPy peers for the issue-15 chain (benchmarks/chain_model.py): run as a subprocess so that its peak memory is its own.

Usage: chain_scipy.py eigh|complex|real2n N   → one JSON line {"seconds", "occupations": [n_0, n_{N-1}], ...}
       chain_scipy.py eigh-sweep N POINTS T_FIRST T_LAST   → {"seconds", "heats": [...], ...}

- eigh:    scipy.linalg.eigh of the N × N single-particle Hamiltonian h (h_ii = ω_i, h_{i,i+1} = ε): the floor of
           the global master equation (its normal modes). Also the global occupations from it, for the comparison:
           ⟨ã_k†ã_k⟩ = Σ_α Γ_αk n̄_α/Σ_α Γ_αk, Γ_αk = κ |U_{i_α k}|² (flat baths through x on one mode; paper 004, Eq. 20).
- complex: the local equation as the N × N complex Lyapunov equation for M_ij = ⟨a_i†a_j⟩:
           K M + M K† + Q = 0, K = i h − Γ/2, Q = diag(γ_i n̄_i(ω_i)) — scipy.linalg.solve_continuous_lyapunov(K, −Q).
- real2n:  the same local equation as the 2N real Lyapunov equation of V = ½⟨{Δr, Δrᵀ}⟩ in (x, p) block order:
           A = [[−Γ/2, h], [−h, −Γ/2]], D = diag(Γ(n̄ + ½), Γ(n̄ + ½)), ⟨a_j†a_j⟩ = (V_xjxj + V_pjpj − 1)/2.
- eigh-sweep: the issue-15 sweep peer: the global heat Q̇_first at POINTS temperatures of the last bath, evenly spaced
           from T_FIRST to T_LAST (inclusive), recomputing `eigh` at each point (a plain SciPy loop).
The timing covers the solve only (the model is built first); times are the solve of one right-hand side:
"seconds" wall, "cpu_seconds" this process's CPU time (the fair figure on a shared machine).
"""
import json
import sys
import time

import numpy as np
import scipy.linalg


def chain(n, epsilon=0.1, kappa=0.02, temps=(1.0, 0.5)):
    w = 0.8 + 0.4 * np.arange(n) / (n - 1)
    h = np.diag(w) + epsilon * (np.eye(n, k=1) + np.eye(n, k=-1))
    gamma = np.zeros(n)
    gamma[0] = gamma[-1] = kappa
    nbar = np.zeros(n)
    nbar[0] = 1 / np.expm1(w[0] / temps[0])
    nbar[-1] = 1 / np.expm1(w[-1] / temps[1])
    return w, h, gamma, nbar, kappa, temps


def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    w, h, gamma, nbar, kappa, temps = chain(n)
    out = {"mode": mode, "n": n}
    if mode == "eigh":
        t0, c0 = time.perf_counter(), time.process_time()
        nu, u = scipy.linalg.eigh(h)
        out["seconds"] = time.perf_counter() - t0
        out["cpu_seconds"] = time.process_time() - c0
        g1, g2 = kappa * u[0] ** 2, kappa * u[-1] ** 2
        n1, n2 = 1 / np.expm1(nu / temps[0]), 1 / np.expm1(nu / temps[1])
        occ_k = (g1 * n1 + g2 * n2) / (g1 + g2)
        occ = (u ** 2) @ occ_k
        out["occupations"] = [float(occ[0]), float(occ[-1])]
        out["heat"] = float(np.sum(nu * g1 * g2 * (n1 - n2) / (g1 + g2)))
    elif mode == "complex":
        k = 1j * h - np.diag(gamma / 2)
        q = np.diag(gamma * nbar).astype(complex)
        t0, c0 = time.perf_counter(), time.process_time()
        m = scipy.linalg.solve_continuous_lyapunov(k, -q)
        out["seconds"] = time.perf_counter() - t0
        out["cpu_seconds"] = time.process_time() - c0
        occ = m.diagonal().real
        out["occupations"] = [float(occ[0]), float(occ[-1])]
        out["residual"] = float(np.linalg.norm(k @ m + m @ k.conj().T + q) / np.linalg.norm(q))
    elif mode == "real2n":
        g2 = np.diag(gamma / 2)
        a = np.block([[-g2, h], [-h, -g2]])
        dd = gamma * (nbar + 0.5)
        d = np.diag(np.concatenate([dd, dd]))
        t0, c0 = time.perf_counter(), time.process_time()
        v = scipy.linalg.solve_continuous_lyapunov(a, -d)
        out["seconds"] = time.perf_counter() - t0
        out["cpu_seconds"] = time.process_time() - c0
        occ = (v.diagonal()[:n] + v.diagonal()[n:] - 1) / 2
        out["occupations"] = [float(occ[0]), float(occ[-1])]
    elif mode == "eigh-sweep":
        points, t_first, t_last = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
        heats = []
        t0 = time.perf_counter()
        for t in np.linspace(t_first, t_last, points):
            nu, u = scipy.linalg.eigh(h)
            g1, g2 = kappa * u[0] ** 2, kappa * u[-1] ** 2
            n1, n2 = 1 / np.expm1(nu / temps[0]), 1 / np.expm1(nu / t)
            heats.append(float(np.sum(nu * g1 * g2 * (n1 - n2) / (g1 + g2))))
        out["seconds"] = time.perf_counter() - t0
        out["heats"] = heats
    else:
        sys.exit(f"unknown mode {mode}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
