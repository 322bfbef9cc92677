"""Results as numpy arrays and pandas DataFrames, with units in ``DataFrame.attrs``.

Every result keeps the engine's whole document as ``.document`` (a dict; NaN/inf restored), so every quantity the
JSON carries is reachable; the accessors below give the common ones as tables and arrays."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .errors import ClausiusError


def _pd():
    import pandas as pd
    return pd


def _units(doc: dict) -> Dict[str, Any]:
    u = dict(doc.get("units") or {})
    out: Dict[str, Any] = {"frequency": u.get("frequency", "natural"), "note": u.get("note", "")}
    if "heatCurrentWatts" in u:
        out["heat_current_watts"] = u["heatCurrentWatts"]
    if "energyJoules" in u:
        out["energy_joules"] = u["energyJoules"]
    out["heat"] = "ħω_u² (file units; see note)" if out["frequency"] != "natural" else "natural units (frequency²)"
    return out


#: Scalar keys of ``methods[]`` that become columns of :attr:`SolveResult.methods`, with their column names.
METHOD_COLUMNS = [("workRate", "work_rate"), ("firstLawEnergyRate", "first_law_energy_rate"),
                  ("firstLawRelativeResidual", "first_law_relative_residual"),
                  ("entropyProduction", "entropy_production"),
                  ("globalHeatEntropyProduction", "global_heat_entropy_production"),
                  ("secondLawHolds", "second_law_holds"), ("regime", "regime"), ("performance", "performance"),
                  ("otto", "otto"), ("carnot", "carnot"), ("error", "error")]


def heat_rows(methods: Sequence[dict], extra: Optional[dict] = None) -> List[dict]:
    """Long-format rows (one per equation and bath) of ``methods[]``: equation, bath, temperature, heat, local_heat."""
    rows = []
    for m in methods:
        for b in m.get("baths") or []:
            row = dict(extra or {})
            row.update(equation=m["equation"], bath=b["name"], temperature=b["temperature"], heat=b["heat"],
                       local_heat=b["localHeat"])
            rows.append(row)
        if not m.get("baths"):
            row = dict(extra or {})
            row.update(equation=m["equation"], bath=None, temperature=np.nan, heat=np.nan, local_heat=np.nan)
            rows.append(row)
    return rows


def method_rows(methods: Sequence[dict], extra: Optional[dict] = None) -> List[dict]:
    rows = []
    for m in methods:
        row = dict(extra or {})
        row["equation"] = m["equation"]
        for k, c in METHOD_COLUMNS:
            row[c] = m.get(k, np.nan if k not in ("regime", "error", "secondLawHolds") else None)
        rows.append(row)
    return rows


class _Result:
    def __init__(self, document: dict, model=None):
        self.document = document
        self.model = model

    @property
    def units(self) -> Dict[str, Any]:
        """The units of every number (file units; ``heat_current_watts`` converts heat currents to W in lab units)."""
        return _units(self.document)

    def _frame(self, rows, columns=None):
        df = _pd().DataFrame(rows, columns=columns)
        df.attrs["units"] = self.units
        df.attrs["model"] = self.document.get("title")
        return df


class SolveResult(_Result):
    """The result of :meth:`Model.solve`: one steady state per master equation.

    - ``.heat``: DataFrame, long format — equation, bath, temperature, heat (Q̇ with the whole H), local_heat (Q̇ with
      the Hamiltonian the bath's dissipators are in detailed balance with, docs/conventions.md "Counted heat"); > 0 into
      the system; units in ``.heat.attrs["units"]``.
    - ``.methods``: one row per equation: work rate, first law, entropy production, regime, COP, error.
    - ``.occupations``: ⟨a†a⟩ (or the excitation number) per equation and mode/subsystem.
    - ``.covariance(eq)``, ``.moments(eq)``: networks; ``.density_matrix(eq)``, ``.to_qutip(eq)``: open-system and
      optomechanical models.
    - ``.method(eq)``: the raw ``methods[]`` entry (every key of docs/output-format.md).
    """

    @property
    def equations(self) -> List[str]:
        return [m["equation"] for m in self.document["methods"]]

    def method(self, equation: str) -> dict:
        for m in self.document["methods"]:
            if m["equation"] == equation:
                return m
        raise KeyError(f"no equation {equation!r} in this result (equations: {self.equations})")

    @property
    def heat(self):
        return self._frame(heat_rows(self.document["methods"]),
                           columns=["equation", "bath", "temperature", "heat", "local_heat"])

    @property
    def methods(self):
        return self._frame(method_rows(self.document["methods"]))

    @property
    def occupations(self):
        names = self.document.get("modes") or self.document.get("subsystems") or []
        rows = []
        for m in self.document["methods"]:
            for i, n in enumerate(m.get("occupations") or []):
                rows.append(dict(equation=m["equation"], mode=names[i] if i < len(names) else str(i), occupation=n))
        return self._frame(rows, columns=["equation", "mode", "occupation"])

    def moments(self, equation: str) -> Dict[str, np.ndarray]:
        """⟨r⟩, V, ⟨a_j†a_k⟩ and ⟨a_j a_k⟩ of a network (r = (x1, p1, x2, p2, …), x = (a + a†)/√2)."""
        m = self.method(equation)
        mo = m.get("moments")
        if mo is None:
            raise ClausiusError(f"{equation}: no moments in this result — {m.get('error') or 'solve a network with covariance=True'}")
        return {"mean": np.asarray(mo["mean"], dtype=float),
                "covariance": np.asarray(mo["covariance"], dtype=float),
                "number_correlations": np.asarray(mo["numberCorrelationsReal"], dtype=float)
                + 1j * np.asarray(mo["numberCorrelationsImaginary"], dtype=float),
                "anomalous_correlations": np.asarray(mo["anomalousCorrelationsReal"], dtype=float)
                + 1j * np.asarray(mo["anomalousCorrelationsImaginary"], dtype=float)}

    def covariance(self, equation: str) -> np.ndarray:
        """The covariance matrix V = ½⟨{Δr, Δrᵀ}⟩ (2N × 2N, r = (x1, p1, …), vacuum ½ I) of a network's steady state."""
        return self.moments(equation)["covariance"]

    def density_matrix(self, equation: str) -> np.ndarray:
        """ρ (dense complex array) of an open-system or optomechanical model's steady state in the product basis of
        the subsystems (first factor slowest; qubit |g⟩ = 0, |e⟩ = 1; optomechanical: cavity ⊗ mechanics in the
        equation's frame, ``method(eq)['fock']['frame']`` — polaron for the GMEs). Networks are Gaussian: use
        :meth:`covariance`."""
        m = self.method(equation)
        d = m.get("densityMatrix")
        if d is None:
            why = m.get("error") or ("only open-system and optomechanical models (up to 1024 states) carry ρ "
                                    "(networks: covariance())")
            raise ClausiusError(f"{equation}: no density matrix — {why}")
        return np.asarray(d["real"], dtype=float) + 1j * np.asarray(d["imaginary"], dtype=float)

    def dimensions(self, equation: str) -> List[int]:
        return list(self.method(equation)["densityMatrix"]["dimensions"])

    def to_qutip(self, equation: str):
        """The steady state as a ``qutip.Qobj`` (dims = the subsystems' dimensions; needs the optional qutip)."""
        from .interop import to_qutip
        return to_qutip(self, equation)

    def audit(self):
        """:meth:`Model.audit` of the same model and equations."""
        return self.model.audit(self.equations)

    def compare(self):
        """:meth:`Model.compare` of the same model and equations."""
        return self.model.compare(self.equations)

    def __repr__(self) -> str:
        return f"<clausius.SolveResult {self.document.get('title')!r}: {', '.join(self.equations)}>"


class AuditResult(_Result):
    """Law checks (:meth:`Model.audit`): ``.checks`` DataFrame (equation, name, law, value, tolerance, passed,
    severity — ``law`` or ``finding`` —, note), ``.passed`` (False when a law is violated), ``.findings``."""

    @property
    def passed(self) -> bool:
        return bool(self.document["passed"])

    @property
    def checks(self):
        rows = []
        for m in self.document["methods"]:
            for c in m.get("checks") or []:
                rows.append(dict(equation=m["equation"], name=c["name"], law=c["law"], value=c["value"],
                                 tolerance=c["tolerance"], passed=c["passed"], severity=c["severity"],
                                 note=c.get("note", "")))
            if m.get("error"):
                rows.append(dict(equation=m["equation"], name="error", law="", value=np.nan, tolerance=np.nan,
                                 passed=False, severity="law", note=m["error"]))
        return self._frame(rows, columns=["equation", "name", "law", "value", "tolerance", "passed", "severity", "note"])

    @property
    def findings(self):
        """The failed checks (violated laws and findings)."""
        c = self.checks
        return c[~c["passed"].astype(bool)].reset_index(drop=True)

    def __repr__(self) -> str:
        return f"<clausius.AuditResult {self.document.get('title')!r}: {'passed' if self.passed else 'a law is violated'}>"


class CompareResult(_Result):
    """Master equations against the exact (or reference) solution (:meth:`Model.compare`).

    ``.document["document"]`` says which comparison: ``compare`` (networks against the exact quantum-Langevin state),
    ``compare-optomechanical`` (against GME∞) or ``compare-routes`` (cascades, rings, open systems). ``.table`` is a
    DataFrame of it; ``.recommended`` the advisor's choice where there is one."""

    @property
    def kind(self) -> str:
        return self.document["document"]

    @property
    def recommended(self) -> Optional[str]:
        return self.document.get("recommended")

    @property
    def table(self):
        d = self.document
        if self.kind == "compare":
            baths = d.get("baths") or []
            rows = []
            exact = d.get("exactHeatCurrents") or []
            for i, b in enumerate(baths):
                rows.append(dict(equation="exact", bath=b, heat=exact[i] if i < len(exact) else np.nan,
                                 current_error=0.0, verdict="exact", fidelity=1.0))
            for m in d["methods"]:
                hc = m.get("heatCurrents") or [np.nan] * len(baths)
                ce = m.get("currentErrors") or [np.nan] * len(baths)
                for i, b in enumerate(baths):
                    rows.append(dict(equation=m["equation"], bath=b, heat=hc[i], current_error=ce[i],
                                     verdict=m.get("verdict"), fidelity=m.get("fidelity", np.nan)))
            return self._frame(rows)
        if self.kind == "compare-optomechanical":
            return self._frame([{k: v for k, v in m.items() if not isinstance(v, (list, dict))} for m in d["methods"]])
        rows = []
        routes = [r["name"] for r in d["routes"]]
        for q in d["quantities"]:
            for i, r in enumerate(routes):
                v = q["values"][i]
                rd = q["relativeDifferences"][i]
                rows.append(dict(quantity=q["name"], route=r, value=np.nan if v is None else v,
                                 relative_difference=np.nan if rd is None else rd))
        return self._frame(rows)

    def __repr__(self) -> str:
        return f"<clausius.CompareResult {self.kind} {self.document.get('title')!r}>"


class SweepResult(_Result):
    """A parameter sweep (:meth:`Model.sweep`).

    ``.data``: long DataFrame, one row per point, equation and bath — the swept keys as columns, then equation,
    bath, temperature, heat, local_heat, and the method's scalars (work_rate, entropy_production, regime, …).
    ``.parameters``: the swept keys with their units and symbols. ``.plot(quantity)`` draws it with matplotlib."""

    @property
    def parameters(self) -> List[dict]:
        return self.document["parameters"]

    @property
    def keys(self) -> List[str]:
        return [p["key"] for p in self.parameters]

    @property
    def data(self):
        rows = []
        keys = self.keys
        for pt in self.document["points"]:
            base = dict(zip(keys, pt["values"]))
            if pt.get("error"):
                r = dict(base)
                r.update(equation=None, bath=None, error=pt["error"])
                rows.append(r)
                continue
            scal = {r["equation"]: r for r in method_rows(pt["methods"])}
            for h in heat_rows(pt["methods"], base):
                h.update({k: v for k, v in scal[h["equation"]].items() if k != "equation"})
                rows.append(h)
        return self._frame(rows)

    @property
    def occupations(self):
        """One row per point, equation and mode: the swept keys, equation, mode, occupation (⟨a†a⟩ or the
        excitation number)."""
        names = self.document.get("modes") or []
        rows = []
        for pt in self.document["points"]:
            base = dict(zip(self.keys, pt["values"]))
            for m in pt.get("methods") or []:
                for i, n in enumerate(m.get("occupations") or []):
                    rows.append(dict(base, equation=m["equation"], mode=names[i] if i < len(names) else str(i), occupation=n))
        return self._frame(rows)

    def plot(self, quantity: str = "heat", ax=None, x: Optional[str] = None, **kw):
        """Plots ``quantity`` (a column of :attr:`data`: heat, local_heat, work_rate, entropy_production, performance,
        …) against the first swept key (or ``x``), one line per equation (and bath for heat columns). Returns the
        matplotlib Axes. For two swept keys, one line per value of the other key is drawn."""
        import matplotlib.pyplot as plt
        df = self.data
        x = x or self.keys[0]
        others = [k for k in self.keys if k != x]
        if ax is None:
            _, ax = plt.subplots()
        per_bath = quantity in ("heat", "local_heat", "temperature")
        group = ["equation"] + (["bath"] if per_bath else []) + others
        d = df if per_bath else df.drop_duplicates(subset=["equation", *self.keys])
        for label, g in d.groupby(group, sort=False):
            label = label if isinstance(label, tuple) else (label,)
            g = g.sort_values(x)
            ax.plot(g[x].to_numpy(), g[quantity].to_numpy(dtype=float), marker="o", ms=3,
                    label=", ".join(str(v) for v in label), **kw)
        sym = {p["key"]: p.get("symbol") or {} for p in self.parameters}
        xs = sym.get(x, {})
        ax.set_xlabel(f"{xs.get('symbol', x)}" + (f" [{xs['unit']}]" if xs.get("unit") else ""))
        ax.set_ylabel(quantity + f" [{self.units['frequency']} units]")
        if any(p["key"] == x and p.get("spacing") == "log" for p in self.parameters):
            ax.set_xscale("log")
        ax.legend(fontsize="small")
        ax.set_title(self.document.get("title", ""))
        return ax

    def __repr__(self) -> str:
        return f"<clausius.SweepResult {self.document.get('title')!r}: {len(self.document['points'])} points over {self.keys}>"


class EvolveResult(_Result):
    """A time evolution (:meth:`Model.evolve`), one trajectory per master equation.

    - ``.times``: the output times (numpy, in 1/ω_u).
    - ``.heat``: long DataFrame — equation, bath, temperature, time, heat (Q̇ with the whole H), local_heat,
      integrated_heat (Q = ∫Q̇), integrated_local_heat; > 0 into the system.
    - ``.series``: long DataFrame of the per-equation series — equation, time, and the columns energy (⟨H⟩),
      energy_rate, work_rate, integrated_work, drive_work_rate, integrated_drive_work, entropy_production (Σ(t)) and
      one column ``n:<mode>`` per occupation (absent columns are NaN).
    - ``.frame(eq)``: the same for one equation, indexed by time (wide: also ``heat:<bath>`` and ``local_heat:<bath>``).
    - ``.final_state(eq)``: {"covariance", "mean"} as numpy arrays (runs with ``final_state=True``; Gaussian kinds);
      pass the result itself as ``initial=`` to continue.
    - ``.diagnostics(eq)``, ``.method(eq)``: the raw blocks; ``.errors``: per equation the failed check or error.
    - ``.plot(quantity)``: heat (per bath), work_rate, energy, … against time.
    """

    SERIES = [("energy", "energy"), ("energyRate", "energy_rate"), ("workRate", "work_rate"),
              ("integratedWork", "integrated_work"), ("driveWorkRate", "drive_work_rate"),
              ("integratedDriveWork", "integrated_drive_work"), ("entropyProduction", "entropy_production")]

    @property
    def times(self) -> np.ndarray:
        return np.asarray(self.document["times"], dtype=float)

    @property
    def equations(self) -> List[str]:
        return [m["equation"] for m in self.document["methods"]]

    def method(self, equation: Optional[str] = None) -> dict:
        methods = self.document["methods"]
        if equation is None:
            return methods[0]
        for m in methods:
            if m["equation"] == equation:
                return m
        raise KeyError(f"no equation {equation!r} in this result (equations: {self.equations})")

    @property
    def errors(self) -> Dict[str, str]:
        """Equations whose evolution could not run (``methods[].error``)."""
        return {m["equation"]: m["error"] for m in self.document["methods"] if m.get("error")}

    @property
    def heat(self):
        rows = []
        t = self.document["times"]
        for m in self.document["methods"]:
            for b in m.get("baths") or []:
                for k in range(len(b["heat"])):
                    rows.append(dict(equation=m["equation"], bath=b["name"], temperature=b["temperature"], time=t[k],
                                     heat=b["heat"][k], local_heat=b["localHeat"][k], integrated_heat=b["integratedHeat"][k],
                                     integrated_local_heat=b["integratedLocalHeat"][k]))
        return self._frame(rows, columns=["equation", "bath", "temperature", "time", "heat", "local_heat", "integrated_heat",
                                          "integrated_local_heat"])

    def _series_rows(self, m: dict) -> List[dict]:
        t = self.document["times"]
        rows = []
        for k in range(len(t)):
            row: Dict[str, Any] = dict(equation=m["equation"], time=t[k])
            for key, col in self.SERIES:
                v = m.get(key)
                row[col] = v[k] if v is not None and k < len(v) else np.nan
            for o in m.get("occupations") or []:
                row["n:" + o["name"]] = o["values"][k]
            rows.append(row)
        return rows

    @property
    def series(self):
        return self._frame([r for m in self.document["methods"] for r in self._series_rows(m)])

    def frame(self, equation: Optional[str] = None):
        """One equation's trajectory as a wide DataFrame indexed by time."""
        m = self.method(equation)
        df = self._frame(self._series_rows(m)).drop(columns=["equation"]).set_index("time")
        for b in m.get("baths") or []:
            df["heat:" + b["name"]] = b["heat"]
            df["local_heat:" + b["name"]] = b["localHeat"]
        return df

    def final_state(self, equation: Optional[str] = None) -> Dict[str, np.ndarray]:
        m = self.method(equation)
        f = m.get("finalState")
        if f is None:
            raise ClausiusError(f"no final state for {m['equation']!r}: evolve a Gaussian model with final_state=True")
        n2 = len(f["covariance"])
        return {"covariance": np.asarray(f["covariance"], dtype=float),
                "mean": np.asarray(f.get("mean") or [0.0] * n2, dtype=float)}

    def diagnostics(self, equation: Optional[str] = None) -> dict:
        return self.method(equation).get("diagnostics") or {}

    def plot(self, quantity: str = "heat", ax=None, **kw):
        """Plots ``quantity`` against time, one line per equation (and bath for heat, local_heat and their integrals):
        a column of :attr:`heat` or of :attr:`series` (energy, work_rate, entropy_production, n:<mode>, …)."""
        import matplotlib.pyplot as plt
        if ax is None:
            _, ax = plt.subplots()
        per_bath = quantity in ("heat", "local_heat", "integrated_heat", "integrated_local_heat")
        df = self.heat if per_bath else self.series
        if quantity not in df.columns:
            raise KeyError(f"no quantity {quantity!r}; available: {[c for c in df.columns if c not in ('equation', 'bath', 'time')]}")
        for label, g in df.groupby(["equation", "bath"] if per_bath else ["equation"], sort=False):
            label = label if isinstance(label, tuple) else (label,)
            ax.plot(g["time"].to_numpy(), g[quantity].to_numpy(dtype=float), label=", ".join(str(v) for v in label), **kw)
        ax.set_xlabel("t [1/ω_u]")
        ax.set_ylabel(quantity)
        ax.legend(fontsize="small")
        ax.set_title(self.document.get("title", ""))
        return ax

    def __repr__(self) -> str:
        t = self.document["times"]
        return f"<clausius.EvolveResult {self.document.get('title')!r}: {self.equations} at {len(t)} times up to {t[-1] if t else 0}>"
