"""Independent reference for Clausius's general open-system engine (kind = "open-system").

Written with numpy only, without Clausius's code: builds H and the bath operators S_α of a model given as JSON on
stdin, derives the local (Davies w.r.t. H_s), global (Davies w.r.t. H) and Bloch–Redfield generators as dense
superoperators (column stacking, vec(AXB) = (Bᵀ ⊗ A) vec X), finds the steady state as the null vector, and prints
the heat currents Q̇_α = Tr{H 𝒟_α ρ} (and Tr{H_s 𝒟_α ρ} for local) and the excitation numbers as JSON.

Rates (docs/conventions.md): γ(ω) = 2J(ω)(n̄(ω)+1) for ω > 0, 2J(|ω|)n̄(|ω|) for ω < 0, γ(0) = 2T lim J(ω)/ω.

Input: {"subsystems": [{"name", "type": "qubit"|"oscillator", "levels", "frequency"}], "terms": [[coef, [[op, sub], ...]], ...],
        "baths": [{"name", "op": [op, sub], "J": "flat"|"drude", "kappa"|"lambda2","cutoff", "T"}], "equations": [...]}
where a term is coef × the product of local operators (ops: a, ad, n, x, sp, sm, sx, sz) and the bare terms are added
from the subsystems' frequencies (ω a†a, ω σ⁺σ⁻).
"""
import json
import sys

import numpy as np


def local_op(kind, dim, op):
    a = np.diag(np.sqrt(np.arange(1, dim)), 1) if kind == "oscillator" else np.array([[0, 1], [0, 0]], dtype=float)
    ops = {"a": a, "ad": a.T, "n": a.T @ a, "x": (a + a.T) / np.sqrt(2), "sm": a, "sp": a.T, "sx": a + a.T,
           "sz": np.diag([-1.0, 1.0]) if kind == "qubit" else None}
    return ops[op].astype(complex)


def embed(subs, s, m):
    out = np.eye(1, dtype=complex)
    for t, sub in enumerate(subs):
        d = sub["dim"]
        out = np.kron(out, m if t == s else np.eye(d))
    return out


def rate(bath, w):
    T = bath["T"]
    if bath["J"] == "flat":
        if abs(w) < 1e-12:
            raise ValueError("flat bath needs a zero-frequency rate")
        J = bath["kappa"]
    else:
        lam2, cut = bath["lambda2"], bath["cutoff"]
        if abs(w) < 1e-12:
            return 2 * T * lam2
        J = lam2 * abs(w) * cut**2 / (w**2 + cut**2)
    nbar = 0.0 if T == 0 else 1 / np.expm1(abs(w) / T)
    return 2 * J * (nbar + 1) if w > 0 else 2 * J * nbar


def lindblad_super(L):
    d = L.shape[0]
    I = np.eye(d)
    LdL = L.conj().T @ L
    return np.kron(L.conj(), L) - 0.5 * np.kron(I, LdL) - 0.5 * np.kron(LdL.T, I)


def davies(H, S, bath, tol=1e-9):
    """Σ_ω γ(ω) D[A(ω)], A(ω) = Σ_{E_j − E_i = ω} |i⟩⟨i|S|j⟩⟨j|, in the basis of H."""
    E, U = np.linalg.eigh(H)
    St = U.conj().T @ S @ U
    cut = 1e-12 * np.abs(St).max()
    groups = {}
    d = len(E)
    width = tol * max(1, np.abs(E).max())
    trans = sorted(((E[j] - E[i], i, j) for i in range(d) for j in range(d) if abs(St[i, j]) > cut))
    clusters, cur = [], []
    for t in trans:
        if cur and t[0] - cur[0][0] > width:
            clusters.append(cur); cur = []
        cur.append(t)
    if cur:
        clusters.append(cur)
    D = np.zeros((d * d, d * d), dtype=complex)
    Ls = []
    for c in clusters:
        w = np.mean([t[0] for t in c])
        if abs(w) <= width:
            w = 0.0
        g = rate(bath, w)
        if g <= 0:
            continue
        A = np.zeros((d, d), dtype=complex)
        for _, i, j in c:
            A[i, j] = St[i, j]
        L = np.sqrt(g) * (U @ A @ U.conj().T)
        D += lindblad_super(L)
        Ls.append(L)
    return D, Ls


def redfield(H, S, bath, width=np.inf):
    """Bloch–Redfield restricted to pairs of Bohr frequencies ω, ω' in the same cluster (consecutive sorted frequencies
    closer than `width` join; width = ∞: full Redfield):
    D(ρ) = Σ_C Λ_C ρ S_C† + S_C ρ Λ_C† − S_C†Λ_C ρ − ρ Λ_C†S_C, S_C = Σ_{ω∈C} A(ω), Λ_C = Σ_{ω∈C} ½γ(ω)A(ω)."""
    E, U = np.linalg.eigh(H)
    d = len(E)
    St = U.conj().T @ S @ U
    scale = max(1, np.abs(E).max())
    entries = sorted(((E[j] - E[i], i, j) for i in range(d) for j in range(d) if abs(St[i, j]) > 1e-12 * np.abs(St).max()))
    # Bohr components first (frequencies within 1e-9 × max|E|), then clusters of components.
    comps = []
    for t in entries:
        if comps and t[0] - comps[-1][0][0] <= 1e-9 * scale:
            comps[-1].append(t)
        else:
            comps.append([t])
    clusters = []
    for c in comps:
        w = np.mean([t[0] for t in c])
        if clusters and w - clusters[-1][-1][0] <= width:
            clusters[-1].append((w, c))
        else:
            clusters.append([(w, c)])
    I = np.eye(d)
    D = np.zeros((d * d, d * d), dtype=complex)
    for cl in clusters:
        SC = np.zeros((d, d), dtype=complex); LC = np.zeros((d, d), dtype=complex)
        for w, c in cl:
            g = rate(bath, 0.0 if abs(w) <= 1e-9 * scale else w)
            for _, i, j in c:
                SC[i, j] = St[i, j]; LC[i, j] = 0.5 * g * St[i, j]
        SC = U @ SC @ U.conj().T; LC = U @ LC @ U.conj().T
        SCd = SC.conj().T
        D += np.kron(SCd.T, LC) + np.kron(LC.conj(), SC) - np.kron(I, SCd @ LC) - np.kron((LC.conj().T @ SC).T, I)
    return D, None


def steady(Lsup, d):
    M = Lsup.copy()
    M[0, :] = np.eye(d).reshape(-1, order="F")  # replace one equation by the trace
    b = np.zeros(d * d, dtype=complex); b[0] = 1
    rho = np.linalg.solve(M, b).reshape(d, d, order="F")
    return (rho + rho.conj().T) / 2


def main():
    spec = json.load(sys.stdin)
    subs = spec["subsystems"]
    for s in subs:
        s["dim"] = 2 if s["type"] == "qubit" else s["levels"]
    names = [s["name"] for s in subs]
    dim = int(np.prod([s["dim"] for s in subs]))
    op = lambda o, name: embed(subs, names.index(name), local_op(subs[names.index(name)]["type"], subs[names.index(name)]["dim"], o))
    H = np.zeros((dim, dim), dtype=complex)
    local_H = []
    for s in subs:
        k = names.index(s["name"])
        h = s["frequency"] * (op("n", s["name"]) if s["type"] == "oscillator" else op("sp", s["name"]) @ op("sm", s["name"]))
        local_H.append(h)
        H += h
    for coef, factors in spec["terms"]:
        m = np.eye(dim, dtype=complex)
        for o, name in factors:
            m = m @ op(o, name)
        H += coef * m
        subsys = {name for _, name in factors}
        if len(subsys) == 1:
            local_H[names.index(subsys.pop())] += coef * m
    H = (H + H.conj().T) / 2 if spec.get("hermitize") else H
    assert np.allclose(H, H.conj().T)
    Hs = -1j * (np.kron(np.eye(dim), H) - np.kron(H.T, np.eye(dim)))
    out = {}
    for eq in spec["equations"]:
        Ds, Hcount = [], []
        for b in spec["baths"]:
            o, name = b["op"]
            S = op(o, name)
            k = names.index(name)
            if eq == "local":
                # Davies with respect to H_s on the subsystem alone, embedded.
                sub = subs[k]
                hs_small = np.zeros((sub["dim"], sub["dim"]), dtype=complex)
                hs_small += sub["frequency"] * (local_op(sub["type"], sub["dim"], "n") if sub["type"] == "oscillator"
                                               else local_op("qubit", 2, "sp") @ local_op("qubit", 2, "sm"))
                for coef, factors in spec["terms"]:
                    if {nm for _, nm in factors} == {name}:
                        m = np.eye(sub["dim"], dtype=complex)
                        for oo, _ in factors:
                            m = m @ local_op(sub["type"], sub["dim"], oo)
                        hs_small += coef * m
                _, Ls = davies(hs_small, local_op(sub["type"], sub["dim"], o), b)
                D = sum(lindblad_super(embed(subs, k, L)) for L in Ls)
                Hcount.append(local_H[k])
            elif eq == "global":
                D, _ = davies(H, S, b)
                Hcount.append(H)
            elif eq.startswith("partial:"):
                D, _ = redfield(H, S, b, float(eq.split(":")[1]))
                Hcount.append(H)
            else:
                D, _ = redfield(H, S, b)
                Hcount.append(H)
            Ds.append(D)
        rho = steady(Hs + sum(Ds), dim)
        vec = rho.reshape(-1, order="F")
        heat, local = [], []
        for D, hc in zip(Ds, Hcount):
            drho = (D @ vec).reshape(dim, dim, order="F")
            heat.append(float(np.trace(H @ drho).real))
            local.append(float(np.trace(hc @ drho).real))
        exc = [float(np.trace(op("n" if s["type"] == "oscillator" else "sp", s["name"]) @ (np.eye(dim) if s["type"] == "oscillator" else op("sm", s["name"])) @ rho).real) for s in subs]
        out[eq] = {"heat": heat, "localHeat": local, "excitations": exc, "minEig": float(np.linalg.eigvalsh(rho).min())}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
