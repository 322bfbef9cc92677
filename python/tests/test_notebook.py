"""docs/tutorial.ipynb runs from top to bottom (its own asserts check the physics)."""

import nbformat
from nbclient import NotebookClient

from conftest import ROOT


def test_tutorial_notebook_runs():
    path = ROOT / "docs" / "tutorial.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # The sweep cell drew a figure.
    assert any("image/png" in o.get("data", {}) for o in outputs)
