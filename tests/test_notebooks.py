"""Every notebook under notebooks/ runs from a clean kernel, and is stored without outputs.

The kernel is this interpreter (the project's virtualenv), through a kernelspec
written to a temporary JUPYTER_PATH: no `ipykernel install` step is needed, and a
`python3` kernel registered elsewhere on the machine cannot be picked by mistake.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
KERNEL = "indicators-test"
BAD_OUTPUT = ("missing from font", "CJKFontWarning", "Traceback")


@pytest.fixture
def kernel_name(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "indicators (tests)", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return KERNEL


def test_there_is_a_notebook():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, kernel_name):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name=kernel_name, timeout=600,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()                                    # raises CellExecutionError on any error
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + json.dumps(output.get("data", {}), ensure_ascii=False)
            for bad in BAD_OUTPUT:
                assert bad not in text, f"{path.name} cell {index}: {bad}: {text[:300]}"
    images = [o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 4, "every chart is shown"
