#!/usr/bin/env python3
"""50-digit reference for A V + V Aᵀ + D = 0 with A and D given as exact sums of double parts (issue 15).

The Gaussian engine refines its steady state in double-double arithmetic against the exact sums
A = ΩG + Σ_α A_α and D = Σ_α D_α of the parts (Ω the symplectic form in (x₁, p₁, x₂, p₂, …) order,
Ω_{2i,2i+1} = 1, Ω_{2i+1,2i} = −1, G the Hamiltonian matrix). This script forms the same sums from the decimal
representations of the doubles (each parsed as the double it names, then held exactly at 50 digits) and solves the 2N real
Lyapunov equation by vectorisation, (I ⊗ A + A ⊗ I) vec V = −vec D, with mpmath's LU at 50 digits: no Schur form,
no complex form, no refinement — an independent route to V.

Input (stdin, JSON): {"n2": 2N, "g": [[i, j, "x"], …], "drifts": [[[i, j, "x"], …], …], "diffusions": [same]}.
Output (stdout, JSON): {"hi": V rounded to doubles (2N × 2N), "lo": (V − hi) rounded}, as repr strings — V to ~2⁻¹⁰⁶.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 50


def main():
    data = json.load(sys.stdin)
    n2 = data["n2"]
    g = mp.zeros(n2, n2)
    for i, j, x in data["g"]:
        g[i, j] += mp.mpf(float(x))   # the double itself, not the decimal string
    omega = mp.zeros(n2, n2)
    for k in range(0, n2, 2):
        omega[k, k + 1] = 1
        omega[k + 1, k] = -1
    a = omega * g
    d = mp.zeros(n2, n2)
    for part in data["drifts"]:
        for i, j, x in part:
            a[i, j] += mp.mpf(float(x))
    for part in data["diffusions"]:
        for i, j, x in part:
            d[i, j] += mp.mpf(float(x))
    # Unknowns V_ij for i ≤ j (V symmetric): row (i, j) of A V + V Aᵀ + D = 0 reads
    # Σ_k A_ik V_kj + Σ_k V_ik A_jk = −D_ij.
    pairs = [(i, j) for i in range(n2) for j in range(i, n2)]
    index = {p: k for k, p in enumerate(pairs)}

    def col(i, j):
        return index[(i, j) if i <= j else (j, i)]

    m = mp.zeros(len(pairs), len(pairs))
    rhs = mp.zeros(len(pairs), 1)
    for r, (i, j) in enumerate(pairs):
        for k in range(n2):
            if a[i, k] != 0:
                m[r, col(k, j)] += a[i, k]
            if a[j, k] != 0:
                m[r, col(i, k)] += a[j, k]
        rhs[r] = -d[i, j]
    sol = mp.lu_solve(m, rhs)
    v = [[sol[col(i, j)] for j in range(n2)] for i in range(n2)]
    hi = [[float(x) for x in row] for row in v]
    lo = [[float(x - mp.mpf(h)) for x, h in zip(row, hrow)] for row, hrow in zip(v, hi)]
    # repr strings: the shortest decimal that round-trips, parsed exactly by the reader (JSON numbers may not be).
    json.dump({"hi": [[repr(x) for x in row] for row in hi], "lo": [[repr(x) for x in row] for row in lo]}, sys.stdout)


if __name__ == "__main__":
    main()
