"""Execute the notebooks in ``notebooks/`` top to bottom and save their outputs in place.

    python scripts/run_notebooks.py                                  # every notebook
    python scripts/run_notebooks.py notebooks/02-side-by-side.ipynb  # some of them

Each notebook runs in a fresh kernel on the Python running this script (so, run it with
the project's environment), starts its own local Mill server and needs nothing else. A
notebook that fails is left unchanged and the script exits with status 1. The committed
notebooks carry the outputs of this run; ``tests/notebooks`` executes them again in CI.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellControlSignal, DeadKernelError

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
CELL_TIMEOUT = 120
"""Seconds one cell may run before the execution fails."""


def notebook_paths() -> list[Path]:
    """The notebooks of ``notebooks/``, sorted by name."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def execute(path: Path, *, timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run a notebook top to bottom and return the executed copy; the file is not changed.

    The kernel is ipykernel on this very interpreter (``sys.executable``), whatever
    kernel specs the machine has installed, and its working folder is the notebook's.

    Args:
        path: The ``.ipynb`` file.
        timeout: Seconds each cell may run.

    Returns:
        The notebook with fresh outputs.

    Raises:
        nbclient.exceptions.CellExecutionError: A cell raised; the message shows the cell
            and the traceback.
        nbclient.exceptions.CellTimeoutError: A cell ran longer than ``timeout``.
        nbclient.exceptions.DeadKernelError: The kernel died.
    """
    notebook = nbformat.read(path, as_version=4)
    # With no kernel folders to search, "python3" resolves to ipykernel's built-in spec,
    # which launches sys.executable.
    kernel = KernelManager(
        kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[])
    )
    client = NotebookClient(
        notebook,
        km=kernel,
        timeout=timeout,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def main(argv: list[str] | None = None) -> int:
    """Execute the given notebooks (default: all) and write their outputs in place."""
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(arg).resolve() for arg in args] or notebook_paths()
    failed = []
    for path in paths:
        started = time.perf_counter()
        try:
            notebook = execute(path)
        except (CellControlSignal, DeadKernelError) as error:
            print(f"FAILED {path.name}:\n{error}", file=sys.stderr)
            failed.append(path.name)
            continue
        nbformat.write(notebook, path)
        print(f"{path.name}: executed in {time.perf_counter() - started:.1f}s")
    if failed:
        print(f"{len(failed)} notebook(s) failed, left unchanged: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
