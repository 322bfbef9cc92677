"""Finding and running the Swift engine, the ``clausius`` binary.

The bridge is the binary with its versioned JSON protocol (docs/output-format.md, docs/python.md): every call is one
process ``clausius <command> … --format json --quiet``, the model passed as a file path or as TOML text on standard
input (``-``). Numbers are printed by the engine in the shortest form that parses back to the same double, so Python's
``json`` recovers every bit; non-finite values are ``null`` with a ``<key>_nonfinite`` partner, restored here.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from .errors import EngineError, EngineNotFoundError, ModelError, VersionMismatchError
from ._version import __version__

#: Major version of the JSON schema this package reads (docs/output-format.md, "Versioning").
SCHEMA_MAJOR = 1

_REASON = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def restore_nonfinite(node):
    """Restores NaN/±inf in a decoded Clausius document in place: ``"x": null, "x_nonfinite": "inf"`` becomes
    ``"x": inf``; an array's ``"x_nonfinite": {"/0/1": "nan"}`` (JSON Pointers) sets those elements
    (docs/output-format.md, "Encoding")."""
    if isinstance(node, dict):
        for k in [k for k in node if k.endswith("_nonfinite")]:
            base, why = k[: -len("_nonfinite")], node.pop(k)
            if isinstance(why, str):
                node[base] = _REASON[why]
            else:
                for pointer, reason in why.items():
                    *path, last = [int(p) for p in pointer.split("/")[1:]]
                    target = node[base]
                    for p in path:
                        target = target[p]
                    target[last] = _REASON[reason]
        for v in node.values():
            restore_nonfinite(v)
    elif isinstance(node, list):
        for v in node:
            restore_nonfinite(v)
    return node


def _bundled() -> Optional[Path]:
    p = Path(__file__).with_name("bin") / "clausius"
    return p if p.is_file() and os.access(p, os.X_OK) else None


def find_binary() -> Path:
    """The engine: ``$CLAUSIUS_BINARY``, else the binary bundled in the wheel (``clausius/bin/clausius``), else
    ``clausius`` on ``PATH``. Raises :class:`EngineNotFoundError` naming what was tried."""
    env = os.environ.get("CLAUSIUS_BINARY")
    if env:
        p = Path(env).expanduser()
        if not (p.is_file() and os.access(p, os.X_OK)):
            raise EngineNotFoundError(f"CLAUSIUS_BINARY={env} is not an executable file")
        return p
    b = _bundled()
    if b:
        return b
    w = shutil.which("clausius")
    if w:
        return Path(w)
    raise EngineNotFoundError(
        "the clausius engine was not found: set CLAUSIUS_BINARY, install a wheel with the bundled binary "
        "(scripts/build-wheel), or put `clausius` on PATH (scripts/reproduce or scripts/install do that)")


@dataclass(frozen=True)
class Engine:
    """The binary in use and its version (``clausius --version``: version and git commit)."""

    path: Path
    version: str
    commit: str

    @staticmethod
    def locate(check_version: bool = True) -> "Engine":
        path = find_binary()
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=60)
        m = re.match(r"clausius (\S+) \(commit (\S+)\)", out.stdout.strip())
        if out.returncode != 0 or not m:
            raise EngineNotFoundError(f"{path} --version did not answer like clausius: {out.stdout.strip()!r} {out.stderr.strip()!r}")
        eng = Engine(path, m.group(1), m.group(2))
        if check_version and eng.version != __version__ and not os.environ.get("CLAUSIUS_SKIP_VERSION_CHECK"):
            raise VersionMismatchError(
                f"the clausius package is {__version__} but the engine {path} is {eng.version}: rebuild the engine "
                "(scripts/install) or reinstall the package (pip install ./python); set CLAUSIUS_SKIP_VERSION_CHECK=1 to override")
        return eng

    def run(self, args: Sequence[str], stdin: Optional[str] = None, ok: Sequence[int] = (0,),
            on_stderr_line: Optional[Callable[[str], None]] = None, model_text: Optional[str] = None,
            model_name: Optional[str] = None, origin: Optional[Path] = None) -> dict:
        """Runs ``clausius *args`` (``--format json`` must be among them), returns the decoded document with non-finite
        values restored. Exit status 2 with an ``error`` document becomes :class:`ModelError`; any other status not in
        ``ok`` becomes :class:`EngineError` with stderr. ``on_stderr_line`` receives stderr line by line while it runs
        (sweep progress). ``origin``: the file a model on standard input was read from, with its lines unchanged
        (errors then name that file)."""
        cmd = [str(self.path), *args]
        if on_stderr_line is None:
            p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
            out, err, code = p.stdout, p.stderr, p.returncode
        else:
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
            import threading
            chunks: list = []
            reader = threading.Thread(target=lambda: chunks.append(p.stdout.read()), daemon=True)
            reader.start()
            if stdin is not None:
                p.stdin.write(stdin)
                p.stdin.close()
            lines = []
            for line in p.stderr:
                lines.append(line)
                on_stderr_line(line.rstrip("\n"))
            code = p.wait()
            reader.join()
            out, err = "".join(chunks), "".join(lines)
        doc = None
        if out.strip():
            try:
                doc = json.loads(out)
            except json.JSONDecodeError as e:
                raise EngineError(f"{' '.join(cmd)}: the engine's output is not JSON ({e}); stderr: {err.strip()}", code, err) from None
        if doc is not None and doc.get("document") == "error":
            raise ModelError.from_document(doc["error"], source=model_text, name=model_name, origin=origin)
        if code == 2 and stdin is not None and "-: cannot read the model file" in err:
            raise EngineError(f"the engine {self.path} cannot read a model from standard input (it predates that "
                              "feature): rebuild it from this repository (scripts/install) or set CLAUSIUS_BINARY", code, err)
        if code not in ok:
            raise EngineError(f"{' '.join(cmd[:3])} … exited with status {code}: {err.strip()}", code, err)
        if doc is None:
            raise EngineError(f"{' '.join(cmd)}: no output (exit status {code}); stderr: {err.strip()}", code, err)
        major = int(str(doc.get("schema_version", "0")).split(".")[0])
        if major != SCHEMA_MAJOR:
            raise EngineError(f"the engine writes schema {doc.get('schema_version')}, this package reads {SCHEMA_MAJOR}.x", code, err)
        return restore_nonfinite(doc)


_engine: Optional[Engine] = None


def engine() -> Engine:
    """The engine of this session (located and version-checked once)."""
    global _engine
    if _engine is None:
        _engine = Engine.locate()
    return _engine
