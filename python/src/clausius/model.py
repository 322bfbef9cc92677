"""Models: from TOML files, TOML strings or Python builders — the language of docs/model-format.md."""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _toml
from ._engine import engine
from .errors import ModelError

Number = Union[int, float, str]


def _syntax_error(e: Exception, name: str) -> ModelError:
    import re
    m = re.search(r"at line (\d+)", str(e))
    line = getattr(e, "lineno", None) or (int(m.group(1)) if m else None)
    return ModelError(f"TOML syntax error: {e}", kind="syntax", file=name, line=line, text=f"{name}: TOML syntax error: {e}")


class Model:
    """A Clausius model: the TOML document as a Python ``dict`` (``.document``) plus where it came from.

    Build one with :func:`load` (a file), :func:`loads` (a TOML string) or directly from keyword arguments in the
    model-file language (docs/model-format.md)::

        m = clausius.Model(
            title="Two coupled resonators",
            units={"frequency": "GHz"},
            modes=[{"name": "cold", "frequency": 5.0}, {"name": "hot", "frequency": "7 GHz"}],
            couplings=[{"kind": "hopping", "modes": ["cold", "hot"], "strength": "50 MHz"}],
            baths=[{"name": "cold", "mode": "cold", "rate": "1 MHz", "temperature": "80 mK"},
                   {"name": "hot", "mode": "hot", "rate": "1 MHz", "temperature": "100 mK"}],
            solve={"equations": ["local", "global"]})

    The engine validates the model when it is solved: a bad value raises :class:`clausius.ModelError` with the
    file, line, key, value and allowed range. :meth:`set` returns a copy with parameters changed (no file is
    written: the edited model goes to the engine as TOML on standard input).
    """

    def __init__(self, document: Optional[Mapping[str, Any]] = None, *, path: Optional[Union[str, Path]] = None,
                 source: Optional[str] = None, **entries: Any):
        doc = copy.deepcopy(dict(document or {}))
        doc.update(copy.deepcopy(entries))
        self.document: Dict[str, Any] = doc
        self.path: Optional[Path] = Path(path) if path is not None else None
        # The original TOML text, valid as long as the document was not changed from Python.
        self._source: Optional[str] = source
        self._pristine = source is not None
        self._label: Optional[str] = None

    # ----- construction ---------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """``network`` (default), ``optomechanical``, ``cascaded``, ``optomechanical-ring`` or ``open-system``."""
        return str(self.document.get("kind", "network"))

    @property
    def title(self) -> str:
        return str(self.document.get("title", self.path.stem if self.path else "model"))

    @property
    def name(self) -> str:
        """How messages name this model: its file, or its title for a model built in Python."""
        return str(self.path) if self.path else (self._label or self.title)

    def copy(self) -> "Model":
        m = Model(self.document, path=self.path)
        m._source, m._pristine, m._label = self._source, self._pristine, self._label
        return m

    def dimension(self) -> Optional[int]:
        """The Hilbert-space dimension of an open-system model (product of the subsystems' dimensions) or of an
        optomechanical model with a fixed truncation (cavity × mechanical levels), or None."""
        if self.kind == "optomechanical":
            t = self.document.get("truncation", {})
            try:
                return None if t.get("automatic") else int(t["cavity_levels"]) * int(t["mechanical_levels"])
            except (KeyError, TypeError, ValueError):
                return None
        if self.kind != "open-system":
            return None
        d = 1
        try:
            for s in self.document.get("subsystems", []):
                t = s.get("type")
                d *= {"qubit": lambda: 2, "oscillator": lambda: int(s["levels"]),
                      "spin": lambda: int(round(2 * float(s["spin"]) + 1)), "levels": lambda: len(s["energies"])}[t]()
        except (KeyError, TypeError, ValueError):
            return None
        return d

    def to_toml(self) -> str:
        """The model as TOML text: the file's own text while unchanged, else written from ``document``."""
        if self._pristine and self._source is not None:
            return self._source
        return _toml.dumps(self.document)

    def _locate(self, key: str, create: bool) -> tuple:
        parts = key.split(".")
        node: Any = self.document
        for i, p in enumerate(parts[:-1]):
            if isinstance(node, list):
                node = node[self._index(node, p, key)]
            elif isinstance(node, dict):
                if p not in node:
                    if not create:
                        raise KeyError(f"{key}: no '{p}' in the model")
                    node[p] = {}
                node = node[p]
            else:
                raise KeyError(f"{key}: '{'.'.join(parts[:i])}' is a value, not a table")
        last = parts[-1]
        if isinstance(node, list):
            return node, self._index(node, last, key)
        if not isinstance(node, dict):
            raise KeyError(f"{key}: not a table")
        return node, last

    @staticmethod
    def _index(items: list, p: str, key: str) -> int:
        if p.lstrip("-").isdigit():
            i = int(p)
            if not -len(items) <= i < len(items):
                raise KeyError(f"{key}: index {i} out of range (0…{len(items) - 1})")
            return i
        named = [i for i, x in enumerate(items) if isinstance(x, dict) and x.get("name") == p]
        if len(named) != 1:
            raise KeyError(f"{key}: no entry named '{p}' (names: {[x.get('name') for x in items if isinstance(x, dict)]})")
        return named[0]

    def get(self, key: str) -> Any:
        """The value at a dotted key, e.g. ``baths.cold.temperature`` (array entries by ``name`` or 0-based index)."""
        node, k = self._locate(key, create=False)
        return node[k]

    def set(self, key: Optional[str] = None, value: Any = None, **keys: Any) -> "Model":
        """A copy with values replaced: ``m.set("baths.cold.temperature", "60 mK")`` or, with ``__`` for dots,
        ``m.set(parameters__g=0.08)``. Numbers reach the engine exactly (shortest round-trip decimal); strings with
        units (``"60 mK"``, ``"7 GHz"``) are converted by the engine as in a file."""
        m = self.copy()
        items = ([(key, value)] if key is not None else []) + [(k.replace("__", "."), v) for k, v in keys.items()]
        for k, v in items:
            node, last = m._locate(k, create=True)
            node[last] = v.tolist() if hasattr(v, "tolist") else v
        m._pristine = False
        return m

    def __repr__(self) -> str:
        return f"<clausius.Model {self.kind} {self.title!r}{' from ' + str(self.path) if self.path else ''}>"

    # ----- running the engine ---------------------------------------------------------------------------------
    def _arguments(self, output: Optional[Dict[str, Any]] = None) -> tuple:
        """(model argument, standard input, origin): the file itself while unchanged; else ``-`` with the TOML text.
        ``output``: ``[output]`` keys to add. A file without an ``[output]`` table gets them appended to its own text,
        so the engine's line numbers still are the file's (``origin`` = the path, used in :class:`ModelError`)."""
        output = {k: v for k, v in (output or {}).items() if (self.document.get("output") or {}).get(k) != v}
        if self._pristine and self._source is not None:
            if not output:
                if self.path is not None and self.path.is_file():
                    return str(self.path), None, None
                return "-", self._source, None
            if "output" not in self.document:
                extra = "\n".join(f"{k} = {_toml._value(v)}" for k, v in output.items())
                return "-", self._source.rstrip("\n") + "\n\n[output]\n" + extra + "\n", self.path
        m = self
        for k, v in output.items():
            m = m.set(f"output.{k}", v)
        return "-", m.to_toml(), None

    def _run(self, command: str, equations: Optional[Sequence[str]] = None, output: Optional[Dict[str, Any]] = None,
             ok: Sequence[int] = (0,), **kw) -> dict:
        arg, stdin, origin = self._arguments(output)
        extra = ["--equations", *equations] if equations else []
        return engine().run([command, arg, "--format", "json", "--quiet", *extra], stdin=stdin, ok=ok,
                            model_text=stdin, model_name=self.name, origin=origin, **kw)

    def solve(self, equations: Optional[Sequence[str]] = None, covariance: Optional[bool] = None,
              density_matrix: Optional[bool] = None) -> "SolveResult":
        """Steady state and thermodynamics per master equation (``clausius solve``).

        ``equations`` overrides the file's ``[solve] equations`` (``--equations``). ``covariance`` (networks; default
        True) asks for the moments (``r.covariance(eq)``, ``r.moments(eq)``); ``density_matrix`` (open-system and
        optomechanical models; default True up to 1024 states) for ρ (``r.density_matrix(eq)``, ``r.to_qutip(eq)``;
        optomechanical: in the equation's frame, ``r.method(eq)['fock']['frame']``, polaron for the GMEs)."""
        from .results import SolveResult
        output: Dict[str, Any] = {}
        if self.kind == "network" and covariance is not False:
            output["covariance"] = True
        if self.kind in ("open-system", "optomechanical") and (density_matrix or (density_matrix is None and
                                                               (self.dimension() or 10 ** 9) <= 1024)):
            output["density_matrix"] = True
        return SolveResult(self._run("solve", equations, output, ok=(0, 1)), model=self)

    def audit(self, equations: Optional[Sequence[str]] = None) -> "AuditResult":
        """Law checks per master equation (``clausius audit``): first law, Clausius, positivity, zero current at
        equal temperatures. A violated law is a result (``.passed`` False, ``.findings``), not an exception."""
        from .results import AuditResult
        return AuditResult(self._run("audit", equations, ok=(0, 1)), model=self)

    def compare(self, equations: Optional[Sequence[str]] = None) -> "CompareResult":
        """Every master equation against the exact solution where one exists (``clausius compare``)."""
        from .results import CompareResult
        return CompareResult(self._run("compare", equations, ok=(0, 1)), model=self)

    def evolve(self, time: Optional[float] = None, steps: Optional[int] = None, times: Optional[Sequence[float]] = None,
               initial: Any = None, equations: Optional[Sequence[str]] = None, tolerance: Optional[float] = None,
               stroboscopic: bool = False, period: Optional[float] = None, ode_method: Optional[str] = None,
               final_state: bool = False) -> "EvolveResult":
        """Time evolution per master equation (``clausius evolve``): heat per bath, work, ⟨H⟩, occupations and the
        entropy production at each output time, with their integrals and diagnostics (docs/time-evolution.md).

        Times: ``time`` (with ``steps``, default 100) or an explicit list ``times`` (in 1/ω_u). ``initial``: the
        ``--initial`` text (``"vacuum"``, ``"thermal:0.5"``, ``"coherent:0.3+0.1i"``, ``"fock:1,0"``,
        ``"steady:other.toml"``), a Gaussian state ``{"covariance": V, "mean": d}`` (numpy arrays, quadratures
        x₁, p₁, …; vacuum V = I/2), or an :class:`EvolveResult` of a Gaussian model run with ``final_state=True`` to
        continue it. ``stroboscopic``/``period``: one point per period of the modulation and the periodic steady
        state; ``ode_method``: ``"bdf"`` or ``"adams"`` for time-dependent models; ``final_state``: keep the final
        moments (Gaussian kinds) for a continuation. A run failing a law or check is returned (see
        :attr:`EvolveResult.errors`), not raised."""
        from .results import EvolveResult
        import json as _json
        import tempfile
        args: List[str] = []
        if times is not None:
            if time is not None or steps is not None:
                raise ValueError("give either times or time (with steps), not both")
            args += ["--times", ",".join(repr(float(t)) for t in times)]
        elif time is not None:
            args += ["--time", repr(float(time))] + (["--steps", str(int(steps))] if steps is not None else [])
        else:
            raise ValueError("evolve needs time=T (with steps=N) or times=[…]")
        tmp = None
        if initial is not None:
            if isinstance(initial, EvolveResult):
                initial = initial.final_state()
            if isinstance(initial, Mapping):
                cov = np.asarray(initial["covariance"], dtype=float)
                state = {"covariance": cov.tolist()}
                if initial.get("mean") is not None:
                    state["mean"] = np.asarray(initial["mean"], dtype=float).ravel().tolist()
                tmp = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
                _json.dump(state, tmp)
                tmp.close()
                initial = "moments:" + tmp.name
            args += ["--initial", str(initial)]
        if tolerance is not None:
            args += ["--tolerance", repr(float(tolerance))]
        if stroboscopic:
            args.append("--stroboscopic")
        if period is not None:
            args += ["--period", repr(float(period))]
        if ode_method is not None:
            args += ["--ode-method", ode_method]
        if final_state:
            args.append("--final-state")
        try:
            arg, stdin, origin = self._arguments()
            extra = ["--equations", *equations] if equations else []
            doc = engine().run(["evolve", arg, "--format", "json", "--quiet", *extra, *args], stdin=stdin, ok=(0, 1),
                               model_text=stdin, model_name=self.name, origin=origin)
        finally:
            if tmp is not None:
                os.unlink(tmp.name)
        return EvolveResult(doc, model=self)

    def sweep(self, parameters: Mapping[str, Iterable[Number]], equations: Optional[Sequence[str]] = None,
              progress: bool = True, jobs: Optional[int] = None) -> "SweepResult":
        """Solves on the grid of ``parameters`` (key → values; several keys span their Cartesian product, the
        last varying fastest) in one engine call (``clausius sweep --vary key=[v1,…]``), with a tqdm progress bar
        fed from the engine's progress lines. Keys are those of ``clausius sweep --vary`` (``baths.cold.temperature``,
        ``couplings.0.strength``, ``g``, …); values numbers in the file's units, strings with units (``"20 mK"``) or a
        pair ``(numbers, "mK")``. Returns a :class:`SweepResult` (``.data``: a long DataFrame, ``.plot``)."""
        from .results import SweepResult
        from ._sweep import run_sweep
        return SweepResult(run_sweep(self, parameters, equations=equations, progress=progress, jobs=jobs), model=self)


def load(path: Union[str, os.PathLike], **changes: Any) -> Model:
    """Reads a TOML model file. ``changes`` (``baths__cold__temperature=0.05``) are applied with :meth:`Model.set`.
    A TOML syntax error raises :class:`ModelError` with the line."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _syntax_error(e, str(p)) from None
    m = Model(doc, path=p, source=text)
    return m.set(**changes) if changes else m


def loads(text: str, name: Optional[str] = None) -> Model:
    """A model from TOML text (it goes to the engine on standard input; errors name the line in ``text``)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _syntax_error(e, name or "<string>") from None
    m = Model(doc, source=text)
    m._label = name
    return m
