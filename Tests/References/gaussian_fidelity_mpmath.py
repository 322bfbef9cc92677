#!/usr/bin/env python3
"""50-digit Uhlmann fidelity of two Gaussian states (Banchi, Braunstein & Pirandola, PRL 115, 260501 (2015)).

Convention: quadratures r = (x_1, p_1, ..., x_n, p_n), V = ½⟨{Δr, Δrᵀ}⟩ (vacuum I/2), Ω = ⊕ [[0, 1], [−1, 0]];
F = (Tr √(√ρ₁ρ₂√ρ₁))² (BBP's F squared). BBP, Eqs. (2)–(3):
  V_aux = Ωᵀ (V₁ + V₂)⁻¹ (Ω/4 + V₂ Ω V₁),
  F = √( det[2 (√(I + (V_aux Ω)⁻²/4) + I) V_aux] / det(V₁ + V₂) ) · exp[−½ δᵀ (V₁ + V₂)⁻¹ δ].
V_aux Ω has eigenvalues ±i w_k, so the determinant is ∏_k (2w_k + √(4w_k² − 1))² and
  F = ∏_k (2w_k + √(4w_k² − 1)) / √det(V₁ + V₂) · exp[−½ δᵀ (V₁ + V₂)⁻¹ δ].
The script evaluates that product from the 50-digit eigenvalues of V_aux Ω (taking √ of a negative 4w_k² − 1,
possible only when an input is pure or unphysical within double rounding, as 0), and checks it against the
matrix form with mpmath's sqrtm whenever every 4w_k² − 1 is positive and not tiny.
If either state is pure (all symplectic eigenvalues within 1e-12 of ½, Clausius's convention), the Gaussian overlap
F = Tr ρ₁ρ₂ = 1/√det(V₁ + V₂) · exp[…] is used instead.
The inputs are the exact double matrices (column-major lists of floats). Independent of Clausius's code.

Input (stdin, JSON): {"pairs": [{"v1": [...], "v2": [...], "d1": [...]?, "d2": [...]?}]}.
Output: {"results": [{"oneMinusF": "...", "F": "..."}]} (30 significant digits).
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 50


def mat(elems):
    n = int(round(len(elems) ** 0.5))
    return mp.matrix([[mp.mpf(elems[i + j * n]) for j in range(n)] for i in range(n)])


def omega(n):
    o = mp.zeros(2 * n)
    for k in range(n):
        o[2 * k, 2 * k + 1] = 1
        o[2 * k + 1, 2 * k] = -1
    return o


def is_pure(v):
    """Symplectic eigenvalues (moduli of the spectrum of iΩV) all within 1e-12 of ½."""
    n = v.rows // 2
    nus = [abs(mp.re(e)) for e in mp.eig(1j * omega(n) * v)[0]]
    return all(x - mp.mpf("0.5") < mp.mpf("1e-12") for x in nus)


def fidelity(p):
    v1, v2 = mat(p["v1"]), mat(p["v2"])
    n = v1.rows // 2
    om = omega(n)
    s = v1 + v2
    si = mp.inverse(s)
    vaux = om.T * si * (om / 4 + v2 * om * v1)
    ev = mp.eig(vaux * om)[0]
    ws = sorted(abs(mp.im(e)) for e in ev)
    ws = [ws[2 * k] for k in range(n)] if all(abs(ws[2 * k] - ws[2 * k + 1]) < mp.mpf(10) ** -30 for k in range(n)) else None
    assert ws is not None, "eigenvalues of V_aux Ω are not ± pairs"
    prod = mp.mpf(1)
    for w in ws:
        prod *= 2 * w + mp.sqrt(max(4 * w * w - 1, 0))
    f0 = prod / mp.sqrt(mp.det(s))
    if min(4 * w * w - 1 for w in ws) > mp.mpf(10) ** -10:
        # Cross-check with BBP's matrix form (skipped if mpmath's sqrtm does not converge).
        inner = mp.eye(2 * n) + mp.inverse(vaux * om) ** 2 / 4
        try:
            root = mp.sqrtm(inner)
        except mp.libmp.libhyper.NoConvergence:
            root = None
        if root is not None:
            ftot = mp.det(2 * (root + mp.eye(2 * n)) * vaux)
            f_matrix = mp.sqrt(mp.re(ftot) / mp.det(s))
            assert abs(f_matrix - f0) < mp.mpf(10) ** -30, (f_matrix, f0)
    if is_pure(v1) or is_pure(v2):
        # A pure state (every ν_j − ½ < 1e-12, Clausius's convention for "pure"): F = ⟨ψ|ρ|ψ⟩ = Tr ρ₁ρ₂, the
        # Gaussian overlap 1/√det(V₁ + V₂) (vacuum-½ units), not BBP on a matrix that is pure only to rounding.
        f0 = 1 / mp.sqrt(mp.det(s))
    d1 = [mp.mpf(x) for x in p.get("d1", [0] * (2 * n))]
    d2 = [mp.mpf(x) for x in p.get("d2", [0] * (2 * n))]
    delta = mp.matrix([b - a for a, b in zip(d1, d2)])
    q = (delta.T * si * delta)[0]
    f = f0 * mp.exp(-q / 2)
    return {"oneMinusF": mp.nstr(1 - f, 30), "F": mp.nstr(f, 30)}


def main():
    pairs = json.load(sys.stdin)["pairs"]
    json.dump({"results": [fidelity(p) for p in pairs]}, sys.stdout)


if __name__ == "__main__":
    main()
