"""The engine: found as documented, version checked, JSON decoded with NaN/inf restored."""

import math
import os
import re
import stat
import subprocess

import pytest

import clausius
from clausius import _engine

from conftest import ROOT


def test_version_equals_the_swift_source():
    # Independent: the version string of the Swift sources (Sources/ClausiusIO/ClausiusVersion.swift).
    src = (ROOT / "Sources/ClausiusIO/ClausiusVersion.swift").read_text()
    swift = re.search(r'public static let version = "([^"]+)"', src).group(1)
    assert clausius.__version__ == swift
    out = subprocess.run([str(clausius.engine().path), "--version"], capture_output=True, text=True).stdout
    assert out.startswith(f"clausius {swift} (commit ")
    assert clausius.engine_version() == out.strip()


def _fake(tmp_path, version):
    p = tmp_path / "clausius"
    p.write_text(f"#!/bin/sh\necho 'clausius {version} (commit 0123456789012345678901234567890123456789)'\n")
    p.chmod(p.stat().st_mode | stat.S_IEXEC)
    return p


def test_version_mismatch_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSIUS_BINARY", str(_fake(tmp_path, "0.0.1")))
    monkeypatch.delenv("CLAUSIUS_SKIP_VERSION_CHECK", raising=False)
    with pytest.raises(clausius.VersionMismatchError, match="0.0.1"):
        _engine.Engine.locate()
    monkeypatch.setenv("CLAUSIUS_SKIP_VERSION_CHECK", "1")
    assert _engine.Engine.locate().version == "0.0.1"


def test_lookup_order(tmp_path, monkeypatch):
    # CLAUSIUS_BINARY first; a missing one is an error naming it; without it, the bundled binary, then PATH.
    monkeypatch.setenv("CLAUSIUS_BINARY", str(tmp_path / "nope"))
    with pytest.raises(clausius.EngineNotFoundError, match="nope"):
        _engine.find_binary()
    monkeypatch.delenv("CLAUSIUS_BINARY")
    fake = _fake(tmp_path, clausius.__version__)
    monkeypatch.setattr(_engine, "_bundled", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert _engine.find_binary() == fake
    monkeypatch.setattr(_engine, "_bundled", lambda: fake.with_name("bundled"))
    assert _engine.find_binary().name == "bundled"
    monkeypatch.setattr(_engine, "_bundled", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(clausius.EngineNotFoundError, match="PATH"):
        _engine.find_binary()


def test_restore_nonfinite_follows_the_documented_convention():
    # docs/output-format.md, "Encoding": scalars, arrays by JSON Pointer, nested.
    doc = {"x": None, "x_nonfinite": "inf", "z": [[0, None], [1, None]], "z_nonfinite": {"/0/1": "nan", "/1/1": "-inf"},
           "d": {"y": None, "y_nonfinite": "-inf", "missing": None}}
    out = clausius.restore_nonfinite(doc)
    assert out["x"] == math.inf and math.isnan(out["z"][0][1]) and out["z"][1][1] == -math.inf
    assert out["d"]["y"] == -math.inf and out["d"]["missing"] is None
    assert not any(k.endswith("_nonfinite") for k in out) and "y_nonfinite" not in out["d"]


def test_engine_infinity_comes_back_as_float(examples, cli):
    # Paper 001's one-way cascade: the backward response vanishes, so the rectification ratio is +inf, written by the
    # engine as null with "inf" beside it.
    raw, _ = cli("solve", str(examples / "001-cascaded-rectifier.toml"), "--format", "json", "--quiet")
    c = raw["methods"][0]["cascade"]
    assert c["rectification"] is None and c["rectification_nonfinite"] == "inf"
    r = clausius.load(examples / "001-cascaded-rectifier.toml").solve()
    assert r.method("cascaded")["cascade"]["rectification"] == math.inf
    assert r.method("cascaded")["cascade"]["backward"] == 0.0
