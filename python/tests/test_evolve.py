"""Model.evolve: the CLI's numbers as DataFrames, against the damped oscillator's closed form, continuation from a
final state, Gaussian initial states from numpy moments."""

import math

import numpy as np
import pytest

import clausius

OMEGA, KAPPA, T = 1.3, 0.2, 0.8


def oscillator():
    return clausius.Model(modes=[{"name": "a", "frequency": OMEGA}],
                          baths=[{"name": "b", "mode": "a", "rate": KAPPA, "temperature": T}],
                          solve={"equations": ["local"]})


def test_damped_oscillator_closed_form():
    """n(t) = n̄ + (n₀ − n̄)e^{−κt} + |α₀|²e^{−κt}, Q̇ = ωκ(n̄ − n) (local rate κ: κ(n̄+1)D[a] + κn̄D[a†])."""
    r = oscillator().evolve(times=[0, 1, 4, 10], initial="coherent:0.6-0.2i")
    assert r.equations == ["local"] and not r.errors
    nbar = 1 / math.expm1(OMEGA / T)
    t = r.times
    n = nbar + (0 - nbar) * np.exp(-KAPPA * t) + abs(0.6 - 0.2j) ** 2 * np.exp(-KAPPA * t)
    f = r.frame("local")
    assert np.allclose(f["n:a"].to_numpy(), n, rtol=0, atol=1e-12)
    assert np.allclose(f["heat:b"].to_numpy(), OMEGA * KAPPA * (nbar - n), rtol=0, atol=1e-12)
    h = r.heat
    assert list(h.columns) == ["equation", "bath", "temperature", "time", "heat", "local_heat", "integrated_heat",
                               "integrated_local_heat"]
    # First law along time: ⟨H⟩(t) − ⟨H⟩(0) = Q(t) (no work on a single damped mode).
    s = r.series
    assert np.allclose(s.energy - s.energy.iloc[0], h.integrated_heat, atol=1e-12)
    # The entropy production grows (Spohn).
    assert np.all(np.diff(s.entropy_production.to_numpy()) > 0)


def test_numpy_moments_and_continuation():
    """A squeezed state given as numpy moments; continuing from the final state equals one uninterrupted run."""
    m = oscillator()
    v0 = np.array([[0.9, 0.3], [0.3, 0.6]])
    first = m.evolve(times=[0, 2, 5], initial={"covariance": v0, "mean": [0.4, -0.2]}, final_state=True)
    fs = first.final_state()
    assert fs["covariance"].shape == (2, 2) and fs["mean"].shape == (2,)
    resumed = m.evolve(times=[0, 1, 3], initial=first)
    whole = m.evolve(times=[5, 6, 8], initial={"covariance": v0, "mean": [0.4, -0.2]})
    a, b = resumed.frame(), whole.frame()
    assert np.allclose(a["n:a"].to_numpy(), b["n:a"].to_numpy(), rtol=1e-12, atol=0)
    assert np.allclose(a["heat:b"].to_numpy(), b["heat:b"].to_numpy(), rtol=1e-12, atol=0)
    # The fluctuations' squeezing rotates at 2ω and decays at κ: V_xx − V_pp = 2 Re m(t), m(t) = m(0)e^{−(2iω+κ)t}.
    m0 = complex(0.5 * (v0[0, 0] - v0[1, 1]), v0[0, 1])
    mt = m0 * np.exp(complex(-KAPPA * 5, -2 * OMEGA * 5))
    assert fs["covariance"][0, 0] - fs["covariance"][1, 1] == pytest.approx(2 * mt.real, abs=1e-12)


def test_bad_requests():
    m = oscillator()
    with pytest.raises(ValueError):
        m.evolve()
    with pytest.raises(clausius.ClausiusError):
        m.evolve(times=[0, 1]).final_state()
    r = m.evolve(times=[0, 1], initial={"covariance": [[0.2, 0], [0, 0.2]]})
    assert "uncertainty principle" in r.errors["local"]
