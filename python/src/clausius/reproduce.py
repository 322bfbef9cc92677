"""``clausius.reproduce``: the papers' reproductions — checks as a DataFrame, figures as matplotlib."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Union

import numpy as np

from ._engine import engine, restore_nonfinite
from .results import _Result


class Reproduction(_Result):
    """The result of :func:`reproduce`.

    ``.checks``: DataFrame (paper, name, equation, expected, computed, relative_error, tolerance, passed) — every
    check is an independent value (closed form, another method, a law) next to the engine's number.
    ``.passed``; ``.figures``: figure id → the figure document (``figure`` of docs/output-format.md);
    ``.plot(id)``: a matplotlib Figure of it; ``.out``: the folder with report.html, SVG/CSV/JSON files."""

    def __init__(self, document: dict, out: Path, status: int):
        super().__init__(document)
        self.out = out
        self.status = status

    @property
    def checks(self):
        rows = []
        for r in self.document["reports"]:
            for c in r["checks"]:
                rows.append(dict(paper=r["paper"], name=c["name"], equation=c.get("equation"), expected=c["expected"],
                                 computed=c["computed"], relative_error=c["relativeError"], tolerance=c["tolerance"],
                                 passed=c["passed"]))
        return self._frame(rows)

    @property
    def passed(self) -> bool:
        return self.status == 0 and all(r["passed"] for r in self.checks.to_dict("records"))

    @property
    def figures(self) -> Dict[str, dict]:
        figs: Dict[str, dict] = {}
        for r in self.document["reports"]:
            for f in r.get("files") or []:
                p = self.out / f
                if p.suffix == ".json" and p.is_file():
                    d = restore_nonfinite(json.loads(p.read_text()))
                    if d.get("document") == "figure":
                        figs[f"{r['paper']}/{d['figure']['id']}"] = d["figure"]
        return figs

    def plot(self, figure_id: str, ax=None):
        """Draws a reproduction figure (``"000/fig2"``; see ``.figures``) with matplotlib; returns the Axes."""
        return plot_figure(self.figures[figure_id], ax=ax)

    def __repr__(self) -> str:
        c = self.checks
        return f"<clausius.Reproduction {len(c)} checks, {int(c['passed'].sum())} passed, out={self.out}>"


def plot_figure(fig: dict, ax=None):
    """A ``figure`` document (series with x/y, axes with labels, units and scales; heat maps) as matplotlib."""
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots()
    hm = fig.get("heatMap")
    if hm:
        z = np.asarray(hm["z"], dtype=float)
        m = ax.pcolormesh(np.asarray(hm["x"], float), np.asarray(hm["y"], float), z, shading="auto")
        plt.colorbar(m, ax=ax, label=(hm.get("zAxis") or {}).get("label", ""))
    for s in fig.get("series") or []:
        x = np.asarray(s["x"], dtype=float)
        y = np.asarray(s["y"], dtype=float)
        err = s.get("yError")
        if err:
            ax.errorbar(x, y, yerr=np.asarray(err, dtype=float), label=s.get("label"), fmt="o", ms=3)
        else:
            ax.plot(x, y, label=s.get("label"))
    for axis, setter, scale in (("xAxis", ax.set_xlabel, ax.set_xscale), ("yAxis", ax.set_ylabel, ax.set_yscale)):
        a = fig.get(axis) or {}
        setter(a.get("label", "") + (f" [{a['unit']}]" if a.get("unit") else ""))
        if a.get("scale") == "log":
            scale("log")
    ax.set_title(fig.get("title", ""))
    if fig.get("series"):
        ax.legend(fontsize="small")
    return ax


def reproduce(paper: str = "all", out: Optional[Union[str, Path]] = None) -> Reproduction:
    """Runs ``clausius reproduce <paper>`` (``all``, ``demo``, ``000`` … ``004``) into ``out`` (default a new
    temporary folder) and returns the checks and figures. Failed checks are a result (``.passed`` False, exit status
    1), not an exception."""
    out = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix=f"clausius-reproduce-{paper}-"))
    doc = engine().run(["reproduce", str(paper), "--format", "json", "--quiet", "--out", str(out)], ok=(0, 1))
    failed = any(not c["passed"] for r in doc["reports"] for c in r["checks"])
    return Reproduction(doc, out, 1 if failed else 0)
