"""Exceptions of the clausius package."""

from __future__ import annotations

from typing import Optional


class ClausiusError(Exception):
    """Base class of every error this package raises."""


class EngineNotFoundError(ClausiusError, ImportError):
    """The ``clausius`` binary was not found (``CLAUSIUS_BINARY``, the wheel's bundled binary, ``PATH``)."""


class VersionMismatchError(ClausiusError, ImportError):
    """``clausius.__version__`` differs from the engine's ``clausius --version``."""


class EngineError(ClausiusError):
    """The engine failed for another reason than a bad model (usage error, exit status 3, unreadable output).

    ``status`` is the exit status, ``stderr`` what the engine printed there."""

    def __init__(self, message: str, status: int = -1, stderr: str = ""):
        super().__init__(message)
        self.status = status
        self.stderr = stderr


class ModelError(ClausiusError, ValueError):
    """A model the engine refused (exit status 2): the parts of the engine's message
    ``file:line: key: message; allowed: range`` as attributes.

    Attributes: ``kind`` (``syntax``, ``unknownKey``, ``outOfRange``, …), ``file`` (the path, or ``<stdin>`` for a
    model built or edited in Python), ``line`` and ``column`` (1-based, or None), ``key`` (dotted path, 0-based
    indices), ``value`` (as written), ``allowed`` (the allowed values or range in words), ``message``; for a model
    passed as text, ``source_line`` is the offending line of that text and ``model`` the model's name.
    """

    def __init__(self, message: str, *, kind: str = "", file: str = "", line: Optional[int] = None,
                 column: Optional[int] = None, key: Optional[str] = None, value: Optional[str] = None,
                 allowed: Optional[str] = None, text: str = "", source_line: Optional[str] = None,
                 model: Optional[str] = None):
        self.kind, self.file, self.line, self.column = kind, file, line, column
        self.key, self.value, self.allowed, self.message = key, value, allowed, message
        self.source_line, self.model = source_line, model
        full = text or message
        if model and file == "<stdin>":
            full = f"{full} [model {model}]"
        if source_line is not None:
            full += f"\n    line {line}: {source_line}"
        super().__init__(full)

    @classmethod
    def from_document(cls, e: dict, source: Optional[str] = None, name: Optional[str] = None,
                      origin=None) -> "ModelError":
        """From the engine's ``error`` document (docs/output-format.md). ``origin``: the file whose text (with lines
        unchanged) was sent on standard input — the error is then attributed to it."""
        line = e.get("line")
        src_line = None
        if origin is not None and e.get("file") == "<stdin>":
            e = dict(e, file=str(origin), text=str(origin) + e.get("text", "")[len("<stdin>"):])
            name = None
        if source is not None and line is not None:
            lines = source.splitlines()
            if 1 <= line <= len(lines):
                src_line = lines[line - 1]
        return cls(e.get("message", ""), kind=e.get("kind", ""), file=e.get("file", ""), line=line,
                   column=e.get("column"), key=e.get("key"), value=e.get("value"), allowed=e.get("allowed"),
                   text=e.get("text", ""), source_line=src_line, model=name)
