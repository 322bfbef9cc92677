"""Models from files, strings and builders; solve/audit/compare against the bare CLI and closed forms."""

import math
import shutil
import tomllib

import numpy as np
import pytest

import clausius

LAB = "003-two-mode-refrigerator-lab.toml"


def single_mode(temperature=0.7, omega=1.3, rate=0.01):
    return clausius.Model(modes=[{"name": "a", "frequency": omega}],
                          baths=[{"name": "b", "mode": "a", "rate": rate, "temperature": temperature}],
                          solve={"equations": ["local", "global"]})


def test_solve_equals_the_cli(examples, cli):
    m = clausius.load(examples / LAB)
    r = m.solve(equations=["local", "global"])
    raw, _ = cli("solve", str(examples / LAB), "--format", "json", "--quiet", "--equations", "local", "global")
    rows = [(me["equation"], b["name"], b["heat"], b["localHeat"]) for me in raw["methods"] for b in me["baths"]]
    h = r.heat
    assert list(h.columns) == ["equation", "bath", "temperature", "heat", "local_heat"]
    assert [tuple(x) for x in h[["equation", "bath", "heat", "local_heat"]].itertuples(index=False)] == rows
    assert h.attrs["units"]["frequency"] == "GHz"
    assert h.attrs["units"]["heat_current_watts"] == raw["units"]["heatCurrentWatts"]
    # The local refrigerator's COP is the Otto value ω_c/(ω_h − ω_c) = 5/(7 − 5) = 2.5 (paper 003, Eq. 22).
    me = r.methods.set_index("equation")
    assert me.loc["local", "regime"] == "refrigerator"
    assert me.loc["local", "performance"] == pytest.approx(2.5, rel=1e-9)
    # First law: the local heats plus the work rate sum to zero (paper 003, Eq. 16).
    loc = h[h.equation == "local"]
    assert loc.local_heat.sum() + me.loc["local", "work_rate"] == pytest.approx(0, abs=1e-12 * loc.heat.abs().max())


def test_single_mode_closed_forms():
    # One mode, one flat bath: ⟨a†a⟩ = n̄ = 1/(e^{ω/T} − 1), V = (n̄ + ½) I, no heat (Bose–Einstein; paper 003, Eq. 5).
    T, w = 0.7, 1.3
    r = single_mode(T, w).solve()
    nbar = 1 / math.expm1(w / T)
    occ = r.occupations.set_index("equation")["occupation"]
    assert occ["local"] == pytest.approx(nbar, rel=1e-12) and occ["global"] == pytest.approx(nbar, rel=1e-12)
    np.testing.assert_allclose(r.covariance("local"), (nbar + 0.5) * np.eye(2), rtol=1e-12, atol=1e-15)
    assert r.heat.heat.abs().max() < 1e-15


def test_loads_builder_and_file_agree(examples):
    text = (examples / LAB).read_text()
    a = clausius.load(examples / LAB).solve()
    b = clausius.loads(text).solve()
    c = clausius.Model(tomllib.loads(text)).solve()
    for x in (b, c):
        assert x.heat.equals(a.heat)
        np.testing.assert_array_equal(x.covariance("global"), a.covariance("global"))


def test_set_equals_an_edited_file(examples, tmp_path):
    # Parameters changed from Python (no file written) give exactly what the CLI gives for a file with that value.
    src = (examples / "004-wire-detuned.toml").read_text()
    edited = tmp_path / "edited.toml"
    assert "strength = 0.05" in src
    edited.write_text(src.replace("strength = 0.05", "strength = 0.08"))
    a = clausius.load(examples / "004-wire-detuned.toml").set("couplings.0.strength", 0.08).solve()
    b = clausius.load(edited).solve()
    assert a.heat.equals(b.heat)
    assert not a.heat.equals(clausius.load(examples / "004-wire-detuned.toml").solve().heat)
    # By name, and with keyword syntax.
    m = clausius.load(examples / LAB).set(baths__cold__temperature="60 mK")
    assert m.get("baths.cold.temperature") == "60 mK"
    t = m.solve().heat.set_index(["equation", "bath"]).loc[("local", "cold"), "temperature"]
    assert t == pytest.approx(0.060 * 20.836619123, rel=1e-9)   # k_B T/h in GHz (docs/model-format.md, Units)


def test_audit_finds_the_local_equation_failures(examples, cli):
    # Paper 004's detuned wire: the local equation carries a current at equal temperatures; the global one does not.
    a = clausius.load(examples / "004-wire-detuned.toml").audit()
    raw, _ = cli("audit", str(examples / "004-wire-detuned.toml"), "--format", "json", "--quiet", ok=(0, 1))
    assert a.passed == raw["passed"]
    assert len(a.checks) == sum(len(m["checks"]) for m in raw["methods"])
    f = a.findings
    assert ((f.equation == "local") & (f.name == "zeroCurrentAtEqualTemperatures")).any()
    assert not (f.equation == "global").any()


def test_compare_against_the_exact_solution(examples):
    c = clausius.load(examples / LAB).compare()
    t = c.table
    assert c.kind == "compare" and c.recommended == "global"
    exact = t[t.equation == "exact"].set_index("bath").heat
    glob = t[t.equation == "global"].set_index("bath").heat
    # The global equation is accurate here (secular ratio 2e3): within 1e-4 of the exact heat current.
    assert np.allclose(glob, exact, rtol=1e-4)
    assert set(t[t.equation == "local"].verdict) == {"inaccurate"}


def test_open_system_density_matrix(examples):
    r = clausius.load(examples / "qubits-absorption-refrigerator.toml").solve()
    rho = r.density_matrix("global")
    assert rho.shape == (8, 8) and r.dimensions("global") == [2, 2, 2]
    assert np.trace(rho).real == pytest.approx(1, abs=1e-12)
    assert np.allclose(rho, rho.conj().T, atol=1e-14)
    assert np.linalg.eigvalsh(rho).min() > -1e-12
    with pytest.raises(clausius.ClausiusError, match="only open-system"):
        single_mode().solve().density_matrix("local")
