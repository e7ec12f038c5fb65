"""The command line: ``python -m ibis_mill serve DESCRIPTOR.yaml... [options]`` and
``python -m ibis_mill demo [--rows N]`` (see :mod:`ibis_mill.demo`).

``serve`` starts a local Mill-compatible server (gRPC and HTTP "jet") over the tables of
one or more source descriptors, on the DuckDB engine (default) or the Calcite engine. Its
first two lines on standard output are the bound URLs, exactly::

    grpc://HOST:PORT
    http://HOST:PORT/services/jet

so scripts and tests can start it with port 0 and read where it listens. It serves until
SIGINT or SIGTERM, then stops cleanly and exits with status 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from ibis_mill.engines import ENGINES

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``python -m ibis_mill``, one sub-command per action."""
    parser = argparse.ArgumentParser(
        prog="python -m ibis_mill",
        description="ibis on Mill: local Mill-compatible servers and tools.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="serve source descriptors as a local Mill server",
        description=(
            "Serve the tables of Mill source descriptors over Mill's gRPC and HTTP protocols. "
            "Prints the gRPC URL and the HTTP URL as the first two lines, then serves until "
            "interrupted."
        ),
    )
    serve.add_argument(
        "descriptors",
        nargs="+",
        type=Path,
        metavar="DESCRIPTOR.yaml",
        help="source descriptor files; each becomes one schema",
    )
    serve.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="what runs the SQL: duckdb (fast, pure Python install) or calcite (Apache "
        "Calcite through JPype, needs Java); default: duckdb",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind; default: 127.0.0.1")
    serve.add_argument(
        "--grpc-port", type=_port, default=9090, help="gRPC port, 0 for a free one; default: 9090"
    )
    serve.add_argument(
        "--http-port", type=_port, default=8080, help="HTTP port, 0 for a free one; default: 8080"
    )
    serve.add_argument(
        "--auth",
        action="append",
        default=[],
        type=_credential,
        metavar="basic:USER:PASS|bearer:TOKEN",
        help="require these credentials (repeat for several users or tokens)",
    )
    serve.add_argument(
        "--time-unit",
        choices=("ns", "ms"),
        default="ns",
        help="unit of TIME values on the wire: ns (the protocol) or ms (as the real Mill "
        "server writes them); default: ns",
    )
    serve.set_defaults(run=_serve)

    demo = commands.add_parser(
        "demo",
        help="generate a sample dataset, serve it locally and analyse it with ibis",
        description=(
            "Generate a sample shop dataset, serve it on a local Mill-compatible server "
            "(DuckDB engine), and run a short ibis analysis against it, side by side with a "
            "local CSV source."
        ),
    )
    demo.add_argument(
        "--rows", type=_positive, default=200_000, help="orders to generate; default: 200000"
    )
    demo.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="keep the generated files in this folder (default: a temporary folder)",
    )
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))


def _serve(args: argparse.Namespace) -> int:
    from ibis_mill.engines import engine_from_descriptors
    from ibis_mill.engines._calcite_jvm import CalciteUnavailableError
    from ibis_mill.sources.errors import SourceError
    from mill_client.server import MillServer, ServerAuth

    try:
        engine = engine_from_descriptors(args.engine, args.descriptors)
    except (SourceError, OSError, ValueError, ImportError, CalciteUnavailableError) as e:
        print(f"error: cannot serve {', '.join(map(str, args.descriptors))}: {e}", file=sys.stderr)
        return 2
    basic = {user: password for kind, user, password in args.auth if kind == "basic"}
    bearer = [token for kind, token, _ in args.auth if kind == "bearer"]
    auth = ServerAuth(basic=basic or None, bearer=bearer or None) if args.auth else None
    server = MillServer(
        engine,
        host=args.host,
        grpc_port=args.grpc_port,
        http_port=args.http_port,
        auth=auth,
        time_unit=args.time_unit,
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        server.start()
    except OSError as e:
        print(f"error: cannot bind {args.host}: {e}", file=sys.stderr)
        return 2
    try:
        print(server.grpc_url, flush=True)
        print(server.http_url, flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop(grace=1.0)
        close = getattr(engine, "close", None)
        if close is not None:
            close()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ibis_mill.demo import run

    run(args.rows, data_dir=args.data_dir)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {value}")
    return value


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0..65535, got {port}")
    return port


def _credential(text: str) -> tuple[str, str, str]:
    kind, _, rest = text.partition(":")
    if kind == "basic":
        user, sep, password = rest.partition(":")
        if user and sep:
            return ("basic", user, password)
    elif kind == "bearer" and rest:
        return ("bearer", rest, "")
    raise argparse.ArgumentTypeError("expected basic:USER:PASS or bearer:TOKEN")
