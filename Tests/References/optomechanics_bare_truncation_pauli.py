"""Independent reference for paper 000's model written in the general language with the counter-term (g²/ω_m) n_c²,
H' = ω_c n + ω_m b†b − g n (b + b†) + (g²/ω_m) n², truncated in the *bare* Fock basis (N_c cavity levels, M mechanical
levels), under the global (Davies) equation — numpy only, without Clausius's code.

H' conserves n = a†a, so its eigenstates are |n⟩ ⊗ |ψ_{n,k}⟩ with ψ_{n,k} the eigenvectors of the M × M block
h_n = (ω_c n + g²n²/ω_m) 1 + ω_m b†b − g n (b + b†) (numpy `eigh`). With no degenerate levels (ω_m/ω_c irrational) the
Davies equation's populations obey the Pauli equation W p = 0 (Breuer & Petruccione 2002, Eq. 3.149) with the rate of
j → i equal to γ_α(ω_ij)|⟨i|S_α|j⟩|², ω_ij = E_j − E_i the transition's own Bohr frequency, S_c = x_c = (a + a†)/√2,
S_m = x_m = (b + b†)/√2, and for a flat J = κ: γ(ω) = 2κ(n̄(ω) + 1) for ω > 0, 2κ n̄(|ω|) for ω < 0
(docs/conventions.md). The mechanical zero-frequency term D[A_m(0)] (A_m(0) diagonal) does not move populations.
Heat into the system from bath α: Q̇_α = Σ_{j→i} (E_i − E_j) γ_α(ω_ij)|S_ij|² p_j. The linear system (the row of p_0
replaced by Σ p = 1) is solved by LU and refined twice with the residual summed exactly (math.fsum of exact products,
via fractions), so the populations are those of the double-precision rates to the last digit.

Input (JSON on stdin): {"wc", "wm", "g", "Nc", "M", "kc", "km", "Tc", "Tm"}. Output: {"heat": [Q̇_c, Q̇_m], "nc", "nm"}.
"""
import json
import sys
from fractions import Fraction

import numpy as np

p = json.load(sys.stdin)
wc, wm, g, Nc, M = p["wc"], p["wm"], p["g"], int(p["Nc"]), int(p["M"])
baths = [(p["kc"], p["Tc"]), (p["km"], p["Tm"])]

b = np.diag(np.sqrt(np.arange(1.0, M)), 1)
xm = (b + b.T) / np.sqrt(2)
E, V = [], []
for n in range(Nc):
    e, v = np.linalg.eigh((wc * n + g * g / wm * n * n) * np.eye(M) + wm * (b.T @ b) - g * n * (b + b.T))
    E.append(e)
    V.append(v)
energies = np.concatenate(E)
d = Nc * M


def rate(k, T, w):
    """γ(ω) elementwise; 0 where ω = 0 (the diagonal, which carries no transition)."""
    safe = np.where(w == 0, 1.0, np.abs(w))
    nbar = 1 / np.expm1(safe / T)
    return np.where(w == 0, 0.0, np.where(w > 0, 2 * k * (nbar + 1), 2 * k * nbar))


# rates[α][i, j]: j → i; blocks of the mechanical (within n) and optical (n ↔ n ± 1) couplings.
rates = [np.zeros((d, d)), np.zeros((d, d))]
omega = energies[None, :] - energies[:, None]          # ω_ij = E_j − E_i
for n in range(Nc):
    s = slice(n * M, (n + 1) * M)
    a2 = (V[n].T @ xm @ V[n]) ** 2
    np.fill_diagonal(a2, 0.0)
    rates[1][s, s] = rate(*baths[1], omega[s, s]) * a2
for n in range(Nc - 1):
    s, t = slice(n * M, (n + 1) * M), slice((n + 1) * M, (n + 2) * M)
    a2 = ((n + 1) / 2) * (V[n].T @ V[n + 1]) ** 2        # |⟨n, i| x_c |n+1, j⟩|²
    rates[0][s, t] = rate(*baths[0], omega[s, t]) * a2
    rates[0][t, s] = rate(*baths[0], omega[t, s]) * a2.T
W = rates[0] + rates[1]
W -= np.diag(W.sum(axis=0))
A = W.copy()
A[0, :] = 1.0
rhs = np.zeros(d)
rhs[0] = 1.0
pop = np.linalg.solve(A, rhs)
Af = [[Fraction(x) for x in row] for row in A]
for _ in range(2):
    pf = [Fraction(x) for x in pop]
    r = np.array([float(Fraction(rhs[i]) - sum(a * q for a, q in zip(Af[i], pf) if a)) for i in range(d)])
    pop = pop + np.linalg.solve(A, r)
heat = [float(np.sum(-omega * R * pop[None, :])) for R in rates]
print(json.dumps({"heat": heat, "nc": float(sum(n * pop[n * M:(n + 1) * M].sum() for n in range(Nc))),
                  "nm": float(sum(pop[n * M:(n + 1) * M] @ np.array([(V[n][:, k] ** 2) @ np.arange(M) for k in range(M)]) for n in range(Nc)))}))
