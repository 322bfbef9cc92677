"""A small TOML writer for model dictionaries (reading is Python's ``tomllib``).

Floats are written with ``repr`` — the shortest decimal that parses back to the same double — so a value set in
Python reaches the engine bit for bit (tested in tests/test_roundtrip.py)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        r = repr(v)
        return r if any(c in r for c in ".eEn") else r + ".0"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if hasattr(v, "tolist"):  # numpy scalars and arrays
        return _value(v.tolist())
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(str(k))} = {_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__} {v!r} to TOML")


def _is_table_array(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and len(v) > 0 and all(isinstance(x, dict) for x in v)


def dumps(doc: dict) -> str:
    """TOML text of ``doc`` (nested dicts become tables, lists of dicts arrays of tables)."""
    lines: list = []

    def emit(table: dict, path: list) -> None:
        scalars = [(k, v) for k, v in table.items() if not isinstance(v, dict) and not _is_table_array(v)]
        for k, v in scalars:
            lines.append(f"{_key(str(k))} = {_value(v)}")
        for k, v in table.items():
            if isinstance(v, dict):
                lines.append("")
                lines.append("[" + ".".join(_key(str(p)) for p in path + [k]) + "]")
                emit(v, path + [k])
            elif _is_table_array(v):
                for item in v:
                    lines.append("")
                    lines.append("[[" + ".".join(_key(str(p)) for p in path + [k]) + "]]")
                    emit(item, path + [k])

    emit(doc, [])
    return "\n".join(lines).lstrip("\n") + "\n"
