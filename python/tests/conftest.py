"""Shared fixtures: the repository's examples and the bare CLI (the same engine the package uses, run directly)."""

import json
import subprocess
from pathlib import Path

import pytest

import clausius

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def cli():
    """Runs ``clausius *args`` directly and returns (decoded JSON without non-finite restoration, raw stdout)."""
    binary = str(clausius.engine().path)

    def run(*args, stdin=None, ok=(0,)):
        p = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)
        assert p.returncode in ok, p.stderr
        return json.loads(p.stdout), p.stdout

    return run
