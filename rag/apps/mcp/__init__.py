"""``minutes mcp``: the minutes as Model Context Protocol tools, served over stdio.

An MCP-capable client (a desktop assistant, an agent framework) starts ``minutes mcp`` as a
subprocess and calls its tools: search, ask with citations, compare by council, decisions,
timelines and what the indexes hold. Every tool goes through one :class:`MinutesService`, so
the model and each index are loaded once for the life of the server and a new build of an
index is picked up by the next call.

This module is the command (argparse and the handler); :mod:`.server` builds the server and
imports the ``mcp`` SDK, an optional extra, only when the command runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from ...settings import Settings
from ..extras import require
from ..service import MinutesService

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "mcp", help="serve the minutes as Model Context Protocol tools over stdio (for agents)"
    )
    p.add_argument(
        "--index",
        metavar="NAME",
        help="the index tools use when a call names none (default: MINUTES_INDEX__NAME)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    require("mcp.server.mcpserver", "minutes mcp")  # a ConfigError naming the extra if absent
    from .server import build_server  # the SDK is imported only now

    if args.index:
        settings.index.name = args.index  # the operator's choice: a name or a path
    # stdout carries the protocol alone: every log line (ours, the SDK's) goes to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, force=True)
    # Remote callers name indexes; only the operator's --index above may be a path.
    with MinutesService(settings, allow_paths=False) as service:
        build_server(service).run("stdio")
    return 0
