"""``minutes serve``: the HTTP API on uvicorn, one service (model and indexes) for the process."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from ...errors import ConfigError
from ...settings import Settings
from ..extras import require
from ..service import MinutesService

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="the HTTP API (search, ask, compare, ...; /docs and /openapi.json)"
    )
    p.add_argument(
        "--index",
        metavar="NAME",
        help="index used when a request names none (default: MINUTES_INDEX__NAME or 'default')",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every "
        "network the machine is on, so set MINUTES_API__TOKEN)",
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace, settings: Settings) -> int:
    uvicorn = require("uvicorn", "minutes serve")
    require("fastapi", "minutes serve")
    require("python_multipart", "minutes serve")
    from .app import create_app  # imports fastapi: only once it is known to be there

    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port must be 0-65535 (got {args.port})")
    if args.index:
        settings.index.name = args.index
    service = MinutesService(settings, allow_paths=False)
    name = settings.index.name
    if args.index or name in service.indexes():
        # Load the model and open the default index now, so the first request is as fast as
        # the rest and a wrong --index fails here rather than at every request.
        with service.session(name):
            pass
    if not _loopback(args.host) and settings.api.token is None:
        print(
            f"minutes: warning: listening on {args.host} with no MINUTES_API__TOKEN: anyone "
            "who can reach this machine can read the indexed minutes",
            file=sys.stderr,
        )
    print(
        f"minutes: serving index '{name}' at http://{args.host}:{args.port} "
        f"(API docs at /docs; Ctrl+C stops it)",
        flush=True,
    )
    config = uvicorn.Config(
        create_app(service),
        host=args.host,
        port=args.port,
        server_header=False,  # no "server: uvicorn" on every response
        log_level="info",
    )
    try:
        uvicorn.Server(config).run()
    finally:
        service.close()
    return 0
