"""Sweeps: one engine call over the whole grid (``clausius sweep --vary key=[v1,…]``), progress from its stderr."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Optional

import numpy as np

from ._engine import engine

_PROGRESS = re.compile(r"^sweep: (\d+)/(\d+) points")


def _values(key: str, spec: Any) -> str:
    """``key=[v1,v2,…]``: numbers as shortest round-trip decimals (exact), strings with units as written; a pair
    ``(values, "mK")`` gives every value that unit."""
    unit = ""
    if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], str):
        spec, unit = spec
    items = []
    for v in (spec.tolist() if hasattr(spec, "tolist") else list(spec)):
        if isinstance(v, str):
            items.append(v.replace(" ", ""))
        else:
            x = float(v)
            if not np.isfinite(x):
                raise ValueError(f"sweep {key}: every value must be finite (got {x})")
            items.append(repr(x) + unit)
    if not items:
        raise ValueError(f"sweep {key}: no values")
    return f"{key}=[{','.join(items)}]"


def run_sweep(model, parameters: Mapping[str, Iterable], equations=None, progress: bool = True, jobs: Optional[int] = None) -> dict:
    if not parameters:
        raise ValueError("sweep: give at least one key and its values, e.g. {'baths.cold.temperature': [0.5, 1.0]}")
    args = []
    total = 1
    for k, v in parameters.items():
        a = _values(k, v)
        total *= a.count(",") + 1
        args += ["--vary", a]
    if jobs:
        args += ["--jobs", str(int(jobs))]
    if equations:
        args += ["--equations", *equations]
    arg, stdin, origin = model._arguments()
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm
            bar = tqdm(total=total, desc=f"sweep {model.title}", unit="point")
        except ImportError:  # tqdm is a dependency; without it, no bar
            bar = None
    state = {"done": 0}

    def on_line(line: str) -> None:
        m = _PROGRESS.match(line)
        if m and bar is not None:
            done = int(m.group(1))
            bar.update(done - state["done"])
            state["done"] = done

    try:
        # Without --quiet the engine prints its progress lines (about ten per sweep) on stderr.
        doc = engine().run(["sweep", arg, "--format", "json", *args], stdin=stdin, ok=(0, 1),
                           on_stderr_line=on_line, model_text=stdin, model_name=model.name,
                           origin=origin)
    finally:
        if bar is not None:
            bar.close()
    return doc
