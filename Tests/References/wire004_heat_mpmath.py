#!/usr/bin/env python3
"""50-digit reference for the steady-state heat currents of paper 004's two-node wire.

Written from the paper (González et al., PRA 95, 052115 (2017)), not from Clausius's code:
  H_S = Σ_α (ω_α² X_α² + P_α²)/2 + k (X_c − X_h)²/2                       (Eq. 4)
  J(ω) = λ² ω Λ²/(ω² + Λ²),  γ_α(ω) = 2J(ω)(1 + n_α(ω)), γ_α(−ω) = 2J(ω)n_α(ω)   (Eqs. 5, 19)
  normal modes η_± and Ω_± from diagonalising the potential (Eqs. 12–14),
  X_α = Σ_s (L_α^{Ω_s} + h.c.), L_c^{Ω+} = cosϑ a_+/√(2Ω_+), L_c^{Ω−} = sinϑ a_−/√(2Ω_−),
  L_h^{Ω+} = −sinϑ a_+/√(2Ω_+), L_h^{Ω−} = cosϑ a_−/√(2Ω_−)                    (after Eq. 15)
and the four generators
  global:           Σ_ω γ_α(ω) D[L_α^ω]                                      (Eq. 10)
  redfield:         ½ Σ_{ω,ω′} γ_α(ω)(L^ω ρ L^{ω′†} − L^{ω′†}L^ω ρ) + h.c.    (Eq. 9, no Lamb shift)
  partialRedfield:  Eq. 9 restricted to pairs (ω, ω′) of equal sign            (Eq. A.1)
  local:            γ_α(ω_α)/(2ω_α) D[b_α] + γ_α(−ω_α)/(2ω_α) D[b_α†]          (Eq. 25)
Every dissipative term is written as c (A ρ B − B A ρ) + h.c. with A, B linear in R = (X_c, P_c, X_h, P_h);
its contribution to d⟨R_i R_j⟩/dt is c⟨[B, R_i R_j] A⟩ + conj(c⟨[B, R_j R_i] A⟩), with [B, R_i] a c-number
(from [R_k, R_l] = iJ_kl) and ⟨R_j R_l⟩ = Γ_jl + iJ_jl/2 (zero means). The 10 independent covariances
solve a linear system (mpmath LU at 50 digits); the heat of bath α is Q̇_α = Tr{H D_α ρ} = ½ Σ_ij G_ij
(dΓ_ij/dt)_α with H = ½ Rᵀ G R the global H_S, and for the local equation also with H_α = (ω_α²X_α² + P_α²)/2.

Input (stdin, JSON): {"cases": [{"equation", "omegaC", "omegaH", "k", "tC", "tH", "lambda2", "cutoff"}]}.
Output (stdout, JSON): per case {"heat": [Q_c, Q_h], "localHeat": [Q_c^loc, Q_h^loc] (local only),
"covariance": Γ (4×4, paper quadratures)} as decimal strings with 30 significant digits.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 50
J = mp.matrix([[0, 1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1], [0, 0, -1, 0]])   # [R_k, R_l] = i J_kl


def lin(*pairs):
    """A linear operator Σ coefficient·R_index as a 4-vector of complex coefficients."""
    v = [mp.mpc(0)] * 4
    for c, i in pairs:
        v[i] += mp.mpc(c)
    return v


def scale(v, c):
    return [c * x for x in v]


def add(u, v):
    return [a + b for a, b in zip(u, v)]


def dagger(v):
    return [mp.conj(x) for x in v]


def solve(case):
    wc, wh = mp.mpf(case["omegaC"]), mp.mpf(case["omegaH"])
    k = mp.mpf(case["k"])
    tc, th = mp.mpf(case["tC"]), mp.mpf(case["tH"])
    l2, cut = mp.mpf(case["lambda2"]), mp.mpf(case["cutoff"])
    eq = case["equation"]

    def jd(w):
        return l2 * w * cut**2 / (w**2 + cut**2)

    def nbar(w, t):
        return 1 / mp.expm1(w / t)

    def gamma(w, t):   # Eq. (19) and detailed balance
        return 2 * jd(w) * (1 + nbar(w, t)) if w > 0 else 2 * jd(-w) * nbar(-w, t)

    temps = [tc, th]
    omegas = [wc, wh]
    # H_S = ½ Rᵀ G R (Eq. 4)
    G = mp.matrix([[wc**2 + k, 0, -k, 0], [0, 1, 0, 0], [-k, 0, wh**2 + k, 0], [0, 0, 0, 1]])
    # Normal modes, Eqs. (12)–(14).
    d2 = wh**2 - wc**2
    root = mp.sqrt(4 * k**2 + d2**2)
    cos2 = (-d2 + root) / (2 * root)
    ct, st = mp.sqrt(cos2), mp.sqrt(1 - cos2)
    om = {+1: mp.sqrt((wc**2 + wh**2 + 2 * k + root) / 2), -1: mp.sqrt((wc**2 + wh**2 + 2 * k - root) / 2)}
    # η_+ = cosϑ X_c − sinϑ X_h, η_− = sinϑ X_c + cosϑ X_h; Π_s the same combinations of P.
    eta = {+1: (ct, -st), -1: (st, ct)}
    # Check that the paper's ϑ diagonalises the potential: K (cosϑ, −sinϑ)ᵀ = Ω_+² (cosϑ, −sinϑ)ᵀ etc.
    for s in (1, -1):
        u = eta[s]
        r0 = (wc**2 + k) * u[0] - k * u[1] - om[s]**2 * u[0]
        r1 = -k * u[0] + (wh**2 + k) * u[1] - om[s]**2 * u[1]
        assert abs(r0) + abs(r1) < mp.mpf(10)**-40, "Eq. (13) does not diagonalise the potential"

    def a_op(s):   # a_s = √(Ω_s/2) η_s + i Π_s/√(2Ω_s)
        e = eta[s]
        return lin((mp.sqrt(om[s] / 2) * e[0], 0), (1j * e[0] / mp.sqrt(2 * om[s]), 1),
                   (mp.sqrt(om[s] / 2) * e[1], 2), (1j * e[1] / mp.sqrt(2 * om[s]), 3))

    # L_α^{Ω_s} (after Eq. 15) and L_α^{−Ω_s} = (L_α^{Ω_s})†.
    coef = {(0, 1): ct, (0, -1): st, (1, 1): -st, (1, -1): ct}
    terms = {0: [], 1: []}   # per bath: list of (c, A, B) meaning c(AρB − BAρ) + h.c.
    for a in (0, 1):
        if eq == "local":
            w = omegas[a]
            b = lin((mp.sqrt(w / 2), 2 * a), (1j / mp.sqrt(2 * w), 2 * a + 1))
            for rate, L in ((gamma(w, temps[a]) / (2 * w), b), (gamma(-w, temps[a]) / (2 * w), dagger(b))):
                terms[a].append((rate / 2, L, dagger(L)))   # D[L]ρ = ½(LρL† − L†Lρ) + h.c.
            continue
        channels = []   # (ω, L^ω)
        for s in (1, -1):
            L = scale(a_op(s), coef[(a, s)] / mp.sqrt(2 * om[s]))
            channels.append((om[s], L))
            channels.append((-om[s], dagger(L)))
        if eq == "global":
            for w, L in channels:
                terms[a].append((gamma(w, temps[a]) / 2, L, dagger(L)))
        else:
            for w, L in channels:
                for w2, L2 in channels:
                    if eq == "partialRedfield" and (w > 0) != (w2 > 0):
                        continue
                    terms[a].append((gamma(w, temps[a]) / 2, L, dagger(L2)))   # ½γ(ω)(L^ω ρ L^{ω′†} − L^{ω′†}L^ω ρ)

    # Unknowns: Γ_ij, i ≤ j.
    idx = [(i, j) for i in range(4) for j in range(i, 4)]
    pos = {p: n for n, p in enumerate(idx)}

    def gvar(i, j):
        return pos[(min(i, j), max(i, j))]

    # Linear forms: d⟨R_i R_j⟩/dt = Σ_u coeff_u Γ_u + const. Represent as (vector of length 10, const).
    def second_moment(j, l):   # ⟨R_j R_l⟩ = Γ_jl + i J_jl / 2
        v = [mp.mpc(0)] * 10
        v[gvar(j, l)] += 1
        return v, mp.mpc(0, J[j, l] / 2)

    def term_rate(c, A, B, i, j):
        """c⟨[B, R_i R_j] A⟩: [B, R_i] = Σ_k B_k i J_ki."""
        bi = sum(B[kk] * 1j * J[kk, i] for kk in range(4))
        bj = sum(B[kk] * 1j * J[kk, j] for kk in range(4))
        v = [mp.mpc(0)] * 10
        const = mp.mpc(0)
        # β_i ⟨R_j A⟩ + β_j ⟨R_i A⟩
        for beta, row in ((bi, j), (bj, i)):
            for l in range(4):
                if A[l] == 0:
                    continue
                sv, sc = second_moment(row, l)
                v = [x + c * beta * A[l] * y for x, y in zip(v, sv)]
                const += c * beta * A[l] * sc
        return v, const

    def dissipator_rate(termlist, i, j):
        v = [mp.mpc(0)] * 10
        const = mp.mpc(0)
        for c, A, B in termlist:
            v1, c1 = term_rate(c, A, B, i, j)
            v2, c2 = term_rate(c, A, B, j, i)
            v = [x + y + mp.conj(z) for x, y, z in zip(v, v1, v2)]
            const += c1 + mp.conj(c2)
        # symmetrised: dΓ_ij = ½(d⟨R_iR_j⟩ + d⟨R_jR_i⟩); the h.c. part already pairs (i,j) with (j,i)*,
        # so the sum above is d⟨R_iR_j⟩; symmetrise by averaging with the (j,i) value.
        return v, const

    cache = {}

    def sym_rate(a, i, j):
        """(dΓ_ij/dt) from bath a as a linear form in the 10 covariances plus a constant."""
        key = (a, min(i, j), max(i, j))
        if key not in cache:
            v1, c1 = dissipator_rate(terms[a], i, j)
            v2, c2 = dissipator_rate(terms[a], j, i)
            cache[key] = ([(x + y) / 2 for x, y in zip(v1, v2)], (c1 + c2) / 2)
        return cache[key]

    # Hamiltonian part: dR/dt = J G R ⇒ dΓ = JG Γ + Γ (JG)ᵀ.
    JG = J * G
    M = mp.matrix(10, 10)
    rhs = mp.matrix(10, 1)
    for n, (i, j) in enumerate(idx):
        for kk in range(4):
            M[n, gvar(kk, j)] += JG[i, kk]
            M[n, gvar(i, kk)] += JG[j, kk]
        for a in (0, 1):
            v, c = sym_rate(a, i, j)
            for u in range(10):
                assert abs(mp.im(v[u])) < mp.mpf(10)**-40
                M[n, u] += mp.re(v[u])
            assert abs(mp.im(c)) < mp.mpf(10)**-40
            rhs[n] -= mp.re(c)
    sol = mp.lu_solve(M, rhs)
    gam = mp.matrix(4, 4)
    for (i, j), n in pos.items():
        gam[i, j] = sol[n]
        gam[j, i] = sol[n]

    def heat(a, Gh):
        q = mp.mpf(0)
        for i in range(4):
            for j in range(4):
                if Gh[i, j] == 0:
                    continue
                v, c = sym_rate(a, i, j)
                q += Gh[i, j] * (mp.re(c) + sum(mp.re(v[u]) * sol[u] for u in range(10))) / 2
        return q

    out = {"heat": [mp.nstr(heat(a, G), 30) for a in (0, 1)],
           "covariance": [[mp.nstr(gam[i, j], 30) for j in range(4)] for i in range(4)]}
    if eq == "local":
        loc = []
        for a in (0, 1):
            Ga = mp.matrix(4, 4)
            Ga[2 * a, 2 * a] = omegas[a]**2
            Ga[2 * a + 1, 2 * a + 1] = 1
            loc.append(mp.nstr(heat(a, Ga), 30))
        out["localHeat"] = loc
    return out


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({"results": [solve(c) for c in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
