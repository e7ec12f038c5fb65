"""The notebooks in ``notebooks/`` run top to bottom, and the committed ones show such a run.

Every notebook is executed in a fresh kernel on this Python, through
``scripts/run_notebooks.py`` (the script that also refreshes the committed outputs); any
error in any cell fails. The committed files are never rewritten: the run works on a copy
in memory. The committed notebooks must carry the outputs of one clean run, in order.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]
REFRESH = "refresh them with: python scripts/run_notebooks.py"
PROMISED = ["01-quickstart.ipynb", "02-side-by-side.ipynb", "03-portable-code.ipynb"]
WITH_CHARTS = ["01-quickstart.ipynb", "02-side-by-side.ipynb"]


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "run_notebooks", REPO / "scripts" / "run_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


runner = _runner()
NOTEBOOKS = runner.notebook_paths()


def _code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _errors(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        f"cell {cell.execution_count}: {output.ename}: {output.evalue}"
        for cell in _code_cells(notebook)
        for output in cell.outputs
        if output.output_type == "error"
    ]


def _pngs(cell: nbformat.NotebookNode) -> list[str]:
    return [
        output.data["image/png"] for output in cell.outputs if "image/png" in output.get("data", {})
    ]


def test_the_promised_notebooks_are_there() -> None:
    assert set(PROMISED) <= {path.name for path in NOTEBOOKS}


def test_the_kernel_runs_on_this_python(tmp_path: Path) -> None:
    probe = tmp_path / "probe.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import sys; print(sys.executable)")]), probe)
    (cell,) = runner.execute(probe).cells
    assert [output.text for output in cell.outputs] == [sys.executable + "\n"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    committed = path.read_bytes()
    executed = runner.execute(path)  # raises on the first cell that fails
    cells = _code_cells(executed)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    assert _errors(executed) == []
    assert path.read_bytes() == committed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_committed_notebook_carries_the_outputs_of_a_clean_run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    cells = _code_cells(notebook)
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name} was not run in order; {REFRESH}"
    assert _errors(notebook) == [], REFRESH
    stderr = [
        output.text
        for cell in cells
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert stderr == [], f"{path.name} printed warnings or logs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_chart_is_saved_as_png(path: Path) -> None:
    plotting = [
        cell
        for cell in _code_cells(nbformat.read(path, as_version=4))
        if "plt.show()" in cell.source
    ]
    without_png = [cell.execution_count for cell in plotting if not _pngs(cell)]
    assert without_png == [], f"charts without a PNG output; {REFRESH}"


@pytest.mark.parametrize("name", WITH_CHARTS)
def test_notebook_shows_a_chart_from_an_aggregate(name: str) -> None:
    notebook = nbformat.read(REPO / "notebooks" / name, as_version=4)
    assert sum(len(_pngs(cell)) for cell in _code_cells(notebook)) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_committed_notebook_names_no_local_folder(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    folders = (str(REPO), str(Path.home()), tempfile.gettempdir())
    for folder in (f.rstrip("/") + "/" for f in folders if f.rstrip("/")):
        assert folder not in text, f"{path.name} shows the local folder {folder}"
