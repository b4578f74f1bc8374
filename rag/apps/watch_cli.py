"""``minutes watch``: saved questions reported when new minutes mention them.

::

    minutes watch add "QUESTION" [--council X] [--committee Y] [--name N] [--index NAME]
    minutes watch list [--index NAME] [--json]
    minutes watch remove NAME [--index NAME]
    minutes watch run [NAME] [--since-last] [--json | --md] [--index NAME]

``run`` without ``--since-last`` asks every watch over the whole index (within its filters)
and records nothing: a preview. ``run --since-last`` looks only at agenda items added or
changed since the build the watch's last ``--since-last`` run searched (everything on its first)
and, once its report is written out, records the build it searched: a run that dies first
reports the same items next time. Made to follow ``minutes fetch`` and ``minutes ingest`` in a
nightly job. Errors are raised; ``minutes`` (rag.apps.cli) turns them into one-line messages.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..errors import ConfigError
from ..models import Filters
from ..settings import Settings
from ..text import printable
from .service import MinutesService, WatchRequest
from .watch_view import render_digest, render_watch_runs, render_watches

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """The ``watch`` command and its actions, on the ``minutes`` subparsers ``sub``."""
    parser = sub.add_parser("watch", help="saved questions: report what new minutes say")
    actions = parser.add_subparsers(dest="watch_action", required=True, metavar="ACTION")

    p = actions.add_parser("add", help="save a question on an index")
    p.add_argument("question")
    p.add_argument("--council", help="only this council (case-insensitive, part of a name)")
    p.add_argument("--committee", help="only this committee (case-insensitive, part of a name)")
    p.add_argument("--name", help="the watch's name (default: made from the question)")
    _add_index(p)

    p = actions.add_parser("list", help="the index's watches")
    _add_index(p)
    p.add_argument("--json", action="store_true", help="a JSON list of watches")

    p = actions.add_parser("remove", help="remove a watch")
    p.add_argument("name")
    _add_index(p)

    p = actions.add_parser("run", help="ask every watch (or one) and report the answers")
    p.add_argument("name", nargs="?", help="only this watch")
    p.add_argument(
        "--since-last",
        action="store_true",
        help="only agenda items added or changed since the last --since-last run, then "
        "remember this run (without it: every item, and nothing is remembered)",
    )
    _add_index(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON list of watch results")
    out.add_argument("--md", action="store_true", help="a Markdown digest (to email)")


def _add_index(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index",
        metavar="NAME",
        help="index name under the index root (MINUTES_INDEX__ROOT, default ./indexes) or a path",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    with MinutesService(settings, allow_paths=True) as service:
        if args.watch_action == "add":
            return _add(args, service)
        if args.watch_action == "list":
            return _list(args, service)
        if args.watch_action == "remove":
            removed = service.remove_watch(args.name, args.index)
            _out(f"Removed watch {removed.name}: “{removed.question}”")
            return 0
        return _run(args, service)


def _add(args: argparse.Namespace, service: MinutesService) -> int:
    filters = Filters(council=args.council or None, committee=args.committee or None)
    try:
        request = WatchRequest(
            index=args.index, question=args.question, filters=filters, name=args.name
        )
    except ValidationError as exc:  # a limit of the request (the API's too): one line
        first = exc.errors()[0]
        raise ConfigError(f"watch {first['loc'][0]}: {first['msg']}") from None
    watch = service.add_watch(request)
    _out(f"Added watch {watch.name} on index {service.index_path(args.index).name}")
    return 0


def _list(args: argparse.Namespace, service: MinutesService) -> int:
    watches = service.watches(args.index)
    if args.json:
        _json([w.model_dump(mode="json") for w in watches])
    elif watches:
        _out(render_watches(watches))
    else:
        _err('note: no watches on this index; add one with: minutes watch add "QUESTION"')
    return 0


def _run(args: argparse.Namespace, service: MinutesService) -> int:
    results = service.run_watches(args.index, args.name, since_last=args.since_last)
    if not results:
        _err('note: no watches on this index; add one with: minutes watch add "QUESTION"')
    if args.json:
        _json([r.to_json() for r in results])
    elif args.md:
        sys.stdout.write(render_digest(results, service.index_path(args.index).name, date.today()))
    elif results:
        _out(render_watch_runs(results))
    # The marker moves only once the report is out: a run that fails before re-reports.
    sys.stdout.flush()
    if args.since_last:
        service.mark_watches(results, args.index)
    return 0


def _err(message: str) -> None:
    print(f"minutes: {printable(message)}", file=sys.stderr)


def _out(text: str) -> None:
    print(printable(text))


_C1 = re.compile(r"[\x7f-\x9f]")


def _json(data: object) -> None:
    # As `minutes … --json` prints: C1 controls (which JSON leaves raw) written as \u escapes.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    print(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
