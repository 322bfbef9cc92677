"""Sweeps: one engine call, the same numbers as single solves, closed forms, progress and plots."""

import math

import matplotlib
matplotlib.use("Agg")
import numpy as np
import pytest

import clausius
from clausius import _sweep

from test_model import single_mode


def test_sweep_equals_single_solves(examples):
    m = clausius.load(examples / "004-wire-detuned.toml")
    ks = [0.02, 0.05, 0.11]
    s = m.sweep({"couplings.0.strength": ks}, equations=["local", "global"], progress=False)
    d = s.data
    assert list(d.columns[:3]) == ["couplings.0.strength", "equation", "bath"]
    for k in ks:
        r = m.set("couplings.0.strength", k).solve(equations=["local", "global"], covariance=False)
        got = d[d["couplings.0.strength"] == k][["equation", "bath", "heat", "local_heat"]].reset_index(drop=True)
        want = r.heat[["equation", "bath", "heat", "local_heat"]]
        assert got.equals(want), k


def test_bose_einstein_over_temperature():
    # ⟨a†a⟩ per point (SweepResult.occupations) is Bose–Einstein: n̄(T) = 1/(e^{ω/T} − 1).
    Ts = np.linspace(0.2, 2.0, 7)
    s = single_mode(omega=1.3).sweep({"baths.b.temperature": Ts}, progress=False)
    for T, pt in zip(Ts, s.document["points"]):
        assert pt["values"] == [T]
    occ = s.occupations
    assert len(occ) == 2 * len(Ts) and set(occ["mode"]) == {"a"}
    for row in occ.itertuples(index=False):
        assert row.occupation == pytest.approx(1 / math.expm1(1.3 / row[0]), rel=1e-12)


def test_progress_bar_reaches_the_total(monkeypatch, examples):
    seen = []

    class Bar:
        def __init__(self, total, **kw):
            self.total, self.n = total, 0

        def update(self, k):
            self.n += k

        def close(self):
            seen.append((self.n, self.total))

    import tqdm.auto
    monkeypatch.setattr(tqdm.auto, "tqdm", Bar)
    clausius.load(examples / "004-wire-detuned.toml").sweep(
        {"couplings.0.strength": np.linspace(0.01, 0.1, 4), "baths.hot.temperature": [2.5, 3.0, 4.0]},
        equations=["global"])
    assert seen == [(12, 12)]


def test_two_keys_grid_and_plot(examples):
    s = clausius.load(examples / "003-two-mode-refrigerator-lab.toml").sweep(
        {"baths.cold.temperature": (np.linspace(20, 100, 5), "mK"), "baths.hot.temperature": ["90mK", "110mK"]},
        equations=["local"], progress=False)
    assert len(s.document["points"]) == 10 and s.keys == ["baths.cold.temperature", "baths.hot.temperature"]
    # The grid is reported in the unit given; the model sees 20 mK as k_B T/h = 20.836619123 GHz/K × 0.020 K.
    assert s.parameters[0]["values"][:2] == [20.0, 40.0] and s.parameters[0]["unit"] == "mK"
    cold = s.document["points"][0]["methods"][0]["baths"][0]
    assert cold["name"] == "cold" and cold["temperature"] == pytest.approx(0.020 * 20.836619123, rel=1e-9)
    ax = s.plot("heat")
    assert len(ax.lines) == 2 * 2           # two baths × two hot temperatures, one equation
    ax = s.plot("performance")
    assert len(ax.lines) == 2


def test_values_are_written_exactly():
    assert _sweep._values("k", [0.1 + 0.2, 1e-7]) == "k=[0.30000000000000004,1e-07]"
    assert _sweep._values("T", (np.array([20.0, 30.0]), "mK")) == "T=[20.0mK,30.0mK]"
    with pytest.raises(ValueError):
        _sweep._values("k", [math.nan])
