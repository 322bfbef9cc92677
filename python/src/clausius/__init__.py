"""clausius — heat transport through open quantum systems, on the Swift engine.

    import clausius
    m = clausius.load("examples/003-two-mode-refrigerator-lab.toml")
    r = m.solve(equations=["local", "global"])
    r.heat                 # pandas DataFrame (equation, bath, temperature, heat, local_heat), units in .attrs
    r.covariance("local")  # numpy array
    m.audit().checks       # law checks
    s = m.sweep({"baths.cold.temperature": np.linspace(0.5, 1.5, 11)}); s.plot("heat")
    clausius.reproduce("003").checks

The engine is the ``clausius`` binary (``$CLAUSIUS_BINARY``, the one bundled in the wheel, or ``clausius`` on
``PATH``); its version must equal ``clausius.__version__`` (checked at import). See docs/python.md.
"""

from ._version import __version__
from ._engine import Engine, engine, find_binary, restore_nonfinite
from .errors import ClausiusError, EngineError, EngineNotFoundError, ModelError, VersionMismatchError
from .model import Model, load, loads
from .results import AuditResult, CompareResult, EvolveResult, SolveResult, SweepResult
from .reproduce import Reproduction, plot_figure, reproduce
from .interop import from_qutip

__all__ = ["__version__", "Engine", "engine", "find_binary", "restore_nonfinite", "ClausiusError", "EngineError",
           "EngineNotFoundError", "ModelError", "VersionMismatchError", "Model", "load", "loads", "AuditResult",
           "CompareResult", "EvolveResult", "SolveResult", "SweepResult", "Reproduction", "plot_figure", "reproduce", "from_qutip",
           "engine_version"]


def engine_version() -> str:
    """The engine's version and commit, as ``clausius --version`` prints them."""
    e = engine()
    return f"clausius {e.version} (commit {e.commit})"


# The package and the engine must be the same release: checked once, at import.
engine()
