"""``minutes ask --batch questions.jsonl [--out answers.jsonl]``: many questions, one start-up.

Each input line is ``{"id": …, "question": "…", "filters": {"council": …, "committee": …,
"since": …, "until": …}}`` (``filters`` optional; the command's own --council/--since/… apply to
every line, a line's filters win). Each output line is the ``ask --json`` object with the line's
``id`` first, in input order, written as soon as it is answered, so a long run can be followed
and a killed one keeps what it finished. A line that cannot be answered (not JSON, no question,
a date that cannot be read) becomes ``{"id": …, "line": n, "error": "…"}`` on its own output
line and a one-line warning: one bad line never stops the others.

The model and the index are loaded once, through :class:`MinutesService`; that is the whole
point (``minutes ask`` started once per question spends most of its time starting).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from tqdm import tqdm

from ..dates import parse_date_bound
from ..errors import ConfigError, IndexFolderError, MinutesError
from ..models import Filters
from ..settings import Settings
from ..text import printable
from .service import AskRequest, MinutesService

__all__ = ["add_arguments", "answer_lines", "run"]

FILTER_KEYS = ("council", "committee", "since", "until")
_C1 = re.compile(r"[\x7f-\x9f]")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--batch",
        type=Path,
        metavar="FILE",
        help='questions, one JSON object a line: {"id", "question", "filters"?} ("-": stdin)',
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="with --batch: write the answers here, one JSON object a line (default stdout)",
    )


def _line_json(data: dict[str, Any]) -> str:
    """One JSON line; C1 controls written as \\u escapes like ``ask --json`` (C0 ones JSON
    always escapes), so the file is safe to page through in a terminal."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg} at column {exc.colno})"
    return " ".join(str(exc).split())


def _filters(given: object, defaults: Filters) -> Filters:
    """The command's filters with the line's own on top (dates as ``--since`` reads them)."""
    if given is None:
        return defaults
    if not isinstance(given, dict):
        raise ConfigError('"filters" must be an object, e.g. {"council": "BCP"}')
    unknown = sorted(set(given) - set(FILTER_KEYS))
    if unknown:
        raise ConfigError(f"unknown filter {unknown[0]!r}: use {', '.join(FILTER_KEYS)}")
    values: dict[str, Any] = {}
    for key, value in given.items():
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"filter {key!r} must be a string")
        if key in ("since", "until") and value:
            value = parse_date_bound(value, end=key == "until")
        values[key] = value or None
    return defaults.model_copy(update=values)


class _LineError(Exception):
    """One line's problem, with the id the line did give (None when it gave none)."""

    def __init__(self, ident: object, message: str) -> None:
        self.ident = ident
        super().__init__(message)


def _request(raw: str, index: str | None, defaults: Filters) -> tuple[object, AskRequest]:
    """(id, request) of one input line."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _LineError(None, _problem(exc)) from None
    if not isinstance(data, dict):
        raise _LineError(None, 'each line must be an object: {"id": …, "question": "…"}')
    ident = data.get("id")
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise _LineError(ident, 'no "question" (a non-empty string)')
    try:
        filters = _filters(data.get("filters"), defaults)
        return ident, AskRequest(question=question, index=index, filters=filters)
    except (MinutesError, ValidationError) as exc:
        raise _LineError(ident, _problem(exc)) from None


def answer_lines(
    service: MinutesService,
    lines: list[str],
    *,
    index: str | None = None,
    defaults: Filters | None = None,
    by_council: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line, in order: the answer (``ask --json``, or
    the comparison's JSON when ``by_council``) with the line's id, or an error object."""
    defaults = defaults or Filters()
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        ident: object = None
        try:
            ident, request = _request(raw, index, defaults)
            if by_council:
                answer = service.compare(request).to_json()
            else:
                answer = service.ask(request).to_json()
        except _LineError as exc:
            ident, message = exc.ident, str(exc)
        except IndexFolderError:
            raise  # the index itself: no line can be answered, so the run stops
        except MinutesError as exc:  # e.g. a question with no word in it
            message = _problem(exc)
        else:
            yield {"id": ident, **answer}
            continue
        if warn is not None:
            shown = f" (id {ident})" if ident is not None else ""
            warn(f"warning: line {number}{shown}: {message}")
        yield {"id": ident, "line": number, "error": message}


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8") as handle:
        yield handle


def _read(path: Path) -> list[str]:
    if str(path) == "-":
        return sys.stdin.read().splitlines()
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text (one JSON object a line)") from None


def run(args: argparse.Namespace, settings: Settings, defaults: Filters) -> int:
    """The batch: answers written to --out (or stdout) a line each; progress and warnings on
    stderr. Exit 0 when at least one question was answered, 1 when none could be."""
    if args.question:
        raise ConfigError("give a question or --batch FILE, not both")
    if args.mode:
        settings.answer.mode = args.mode
    lines = _read(args.batch)
    total = sum(1 for line in lines if line.strip())
    quiet = bool(args.quiet)
    progress = not quiet and sys.stderr.isatty()
    answered = failed = 0
    start = time.perf_counter()
    with (
        MinutesService(settings, allow_paths=True) as service,
        _output(args.out) as out,
        tqdm(total=total, desc="Answering", unit="q", disable=not progress) as bar,
    ):
        # Open the index and load the model first: a missing index fails once, before any
        # line, and the rate reported below is the answering alone.
        service.notices(args.index)
        service.embedder().embed(["warm-up"])
        loaded = time.perf_counter()

        def warn(message: str) -> None:
            tqdm.write(f"minutes: {printable(message)}", file=sys.stderr)

        for result in answer_lines(
            service,
            lines,
            index=args.index,
            defaults=defaults,
            by_council=args.by == "council",
            warn=warn,
        ):
            out.write(_line_json(result) + "\n")
            out.flush()
            failed += "error" in result
            answered += "error" not in result
            bar.update()
    seconds, loading = time.perf_counter() - loaded, loaded - start
    if not quiet:
        rate = f", {answered / seconds:.1f} questions/s" if seconds > 0 and answered else ""
        errors = f" ({failed} could not be: see the warnings above)" if failed else ""
        print(
            f"minutes: answered {answered} of {total} questions{errors} in {seconds:.2f}s"
            f"{rate} (after {loading:.1f}s loading the model and index)",
            file=sys.stderr,
        )
    return 0 if answered or not total else 1
