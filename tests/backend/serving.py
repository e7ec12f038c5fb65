"""Run ``python -m ibis_mill serve`` as a subprocess, the way users start a local server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Served:
    """A running ``serve`` process and the two URLs it printed first."""

    proc: subprocess.Popen[str]
    grpc_url: str
    http_url: str


def serve(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start ``python -m ibis_mill serve ARGS`` in ``cwd`` with piped output."""
    return subprocess.Popen(
        [sys.executable, "-m", "ibis_mill", "serve", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def served(*args: str, cwd: Path) -> Iterator[Served]:
    """Start ``serve ARGS --grpc-port 0 --http-port 0`` and read its URL lines.

    The process is killed on exit if the test did not stop it; a test that checks the exit
    status stops it itself (``proc.terminate()`` or a signal) and waits.
    """
    proc = serve(*args, "--grpc-port", "0", "--http-port", "0", cwd=cwd)
    try:
        grpc_url = proc.stdout.readline().rstrip("\n")
        http_url = proc.stdout.readline().rstrip("\n")
        if not grpc_url.startswith("grpc://"):
            proc.kill()
            raise AssertionError(f"serve printed {grpc_url!r}; stderr: {proc.stderr.read()}")
        yield Served(proc, grpc_url, http_url)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
