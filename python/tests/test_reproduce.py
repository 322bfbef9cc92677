"""clausius.reproduce: checks as a DataFrame (equal to the CLI's), figures as matplotlib."""

import matplotlib
matplotlib.use("Agg")

import clausius


def test_reproduce_demo(tmp_path, cli):
    rep = clausius.reproduce("demo", out=tmp_path / "py")
    raw, _ = cli("reproduce", "demo", "--format", "json", "--quiet", "--out", str(tmp_path / "cli"))
    checks = rep.checks
    want = [(c["name"], c["expected"], c["computed"]) for r in raw["reports"] for c in r["checks"]]
    assert [tuple(x) for x in checks[["name", "expected", "computed"]].itertuples(index=False)] == want
    assert rep.passed and checks.passed.all() and len(checks) >= 5
    # Each check is an independent value next to the engine's: within its tolerance.
    assert (checks.relative_error <= checks.tolerance).all()
    figs = rep.figures
    assert figs, "the demo writes figures"
    fid, fig = next(iter(figs.items()))
    ax = rep.plot(fid)
    assert len(ax.lines) + len(ax.collections) >= len(fig["series"]) >= 1
