"""QuTiP interoperability: from_qutip models solved by the engine against QuTiP's own steady states."""

import numpy as np
import pytest

import clausius

qt = pytest.importorskip("qutip")

WC, WH, WW, G, KAPPA = 1.0, 3.0, 2.0, 0.05, 1e-3
TEMPS = {"c": 0.5, "h": 1.0, "w": 5.0}


def nbar(w, T):
    return 1 / np.expm1(w / T)


@pytest.fixture(scope="module")
def fridge():
    """The three-qubit absorption refrigerator (examples/qubits-absorption-refrigerator.toml) in QuTiP."""
    I, sm = qt.qeye(2), qt.destroy(2)      # destroy(2) = |0⟩⟨1|: ground first, as in Clausius
    ops = [qt.tensor([sm if k == j else I for k in range(3)]) for j in range(3)]
    c, h, w = ops
    H = WC * c.dag() * c + WH * h.dag() * h + WW * w.dag() * w + G * (c.dag() * h * w.dag() + c * h.dag() * w)
    baths = [dict(name=n, operator=o + o.dag(), spectral_density="flat", rate=KAPPA, temperature=TEMPS[n])
             for n, o in zip("chw", ops)]
    model = clausius.from_qutip(H, baths, names=["c", "h", "w"], equations=["local", "global", "redfield"])
    return H, ops, baths, model, model.solve()


def local_c_ops(ops):
    # Local Davies equation of each qubit (docs/conventions.md): γ(ω) = 2κ(n̄ + 1) on σ⁻, 2κn̄ on σ⁺.
    out = []
    for n, s, w in zip("chw", ops, (WC, WH, WW)):
        nb = nbar(w, TEMPS[n])
        out.append([np.sqrt(2 * KAPPA * (nb + 1)) * s, np.sqrt(2 * KAPPA * nb) * s.dag()])
    return out


def test_local_equation_equals_qutip_steadystate(fridge):
    H, ops, baths, model, r = fridge
    per_bath = local_c_ops(ops)
    rho = qt.steadystate(H, [c for cs in per_bath for c in cs])
    np.testing.assert_allclose(r.density_matrix("local"), rho.full(), atol=1e-12)
    # Heat per bath from QuTiP's state: Q̇_α = Tr{H D_α(ρ)} (paper 003, Eq. 16), > 0 into the system.
    heat = r.heat.set_index(["equation", "bath"])
    for n, cs in zip("chw", per_bath):
        q = 0.0
        for cop in cs:
            L, R, Hm = cop.full(), rho.full(), H.full()
            D = L @ R @ L.conj().T - 0.5 * (L.conj().T @ L @ R + R @ L.conj().T @ L)
            q += np.trace(Hm @ D).real
        assert heat.loc[("local", n), "heat"] == pytest.approx(q, rel=1e-9, abs=1e-15)
    # The cold bath is cooled: an absorption refrigerator.
    assert heat.loc[("local", "c"), "heat"] > 0


@pytest.mark.parametrize("equation,sec_cutoff", [("global", 1e-6), ("redfield", -1)])
def test_global_and_redfield_equal_qutip_bloch_redfield(fridge, equation, sec_cutoff):
    # QuTiP's Bloch–Redfield tensor with the spectrum S(ω) = γ(ω) (no Lamb shift, like Clausius); secular for
    # the global (Davies) equation, full for Redfield.
    H, ops, baths, model, r = fridge

    def spectrum(T):
        return lambda w: 2 * KAPPA * (nbar(w, T) + 1) if w > 0 else (2 * KAPPA * nbar(-w, T) if w < 0 else 0.0)

    a_ops = [[b["operator"], spectrum(b["temperature"])] for b in baths]
    R = qt.bloch_redfield_tensor(H, a_ops, sec_cutoff=sec_cutoff, fock_basis=True)
    R = R[0] if isinstance(R, tuple) else R
    rho = qt.steadystate(R)
    np.testing.assert_allclose(r.density_matrix(equation), rho.full(), atol=1e-12)


def test_to_qutip(fridge, examples):
    *_, r = fridge
    q = r.to_qutip("global")
    assert isinstance(q, qt.Qobj) and q.dims == [[2, 2, 2], [2, 2, 2]]
    np.testing.assert_array_equal(q.full(), r.density_matrix("global"))
    # The example file describes the same refrigerator with sx/sp/sm: the same state as the QuTiP-built model.
    f = clausius.load(examples / "qubits-absorption-refrigerator.toml").solve()
    np.testing.assert_allclose(f.to_qutip("global").full(), q.full(), atol=1e-13)


def test_from_qutip_writes_local_terms(fridge):
    *_, model, _ = fridge
    terms = model.document["hamiltonian"]["terms"]
    # Single-qubit parts stand alone (the local equation needs them), the three-body term is one product.
    assert any(t.count("proj(") == 1 and "proj(c, 1, 1)" in t for t in terms)
    assert any(t.count("proj(") == 3 for t in terms)


def test_optomechanical_sme_equals_qutip_steadystate():
    """Paper 000's SME (Eqs. 7–10: κ(n̄+1)D[a] + κn̄D[a†] per mode) built in QuTiP from H = ω_c a†a + ω_m b†b −
    g a†a(b + b†): its steady state equals the engine's ρ (to_qutip), and the GME∞'s ρ (polaron frame) has the same
    cavity populations as its reported ⟨n_c⟩ (n_c commutes with the polaron transform)."""
    wc, wm, g, kc, km, tc, tm, nc_, nm_ = 1.0, 0.3, 0.05, 0.05, 0.02, 0.6, 0.5, 4, 14
    model = clausius.loads(f"""
kind = "optomechanical"
[cavity]
frequency = {wc}
rate = {kc}
temperature = {tc}
[mechanics]
frequency = {wm}
rate = {km}
temperature = {tm}
[coupling]
g = {g}
[truncation]
cavity_levels = {nc_}
mechanical_levels = {nm_}
tolerance = 0.01
[solve]
equations = ["sme", "global"]
""")
    r = model.solve()
    a = qt.tensor(qt.destroy(nc_), qt.qeye(nm_))
    b = qt.tensor(qt.qeye(nc_), qt.destroy(nm_))
    H = wc * a.dag() * a + wm * b.dag() * b - g * a.dag() * a * (b + b.dag())
    c_ops = [np.sqrt(kc * (nbar(wc, tc) + 1)) * a, np.sqrt(kc * nbar(wc, tc)) * a.dag(),
             np.sqrt(km * (nbar(wm, tm) + 1)) * b, np.sqrt(km * nbar(wm, tm)) * b.dag()]
    ref = qt.steadystate(H, c_ops).full()
    rho = r.to_qutip("sme")
    assert rho.dims == [[nc_, nm_], [nc_, nm_]]
    assert np.max(np.abs(rho.full() - ref)) < 1e-10
    glob = r.density_matrix("global")
    assert r.method("global")["fock"]["frame"] == "polaron"
    n_c = np.real(np.trace((a.dag() * a).full() @ glob))
    assert abs(n_c - r.method("global")["occupations"][0]) < 1e-12
