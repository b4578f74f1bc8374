"""The HTTP API, ``minutes serve``: FastAPI on uvicorn over the one service layer.

``command`` (the subcommand; imports nothing optional), ``app`` (the routes; imports fastapi),
``bodies`` (request bodies: the service's requests, with its refusals in the schema),
``schemas`` (response bodies equal to the CLI's JSON), ``errors`` (library errors as HTTP
codes), ``guard`` (bearer token and body limits). It imports the service and the core, never
the CLI, the app or MCP (the ``service`` import contract).
"""

from __future__ import annotations

from .command import add_parser, run

__all__ = ["add_parser", "run"]
