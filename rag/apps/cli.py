"""The ``minutes`` command. Library errors become one-line messages and exit codes here only.

Exit codes: 0 success, 1 nothing could be ingested / nothing found where that is an error,
2 usage or configuration error, 3 index problem, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from pydantic import ValidationError

from ingest.fetch import FetchOptions, council_for_site, fetch_site, find_council, normalise_site
from ingest.pipeline import IngestReport, ingest

from ..answers.grades import filters_label, plural
from ..dates import parse_date_bound, time_label
from ..errors import (
    ConfigError,
    FetchError,
    IndexFolderError,
    MinutesError,
)
from ..index import IndexStore, resolve_index_path
from ..models import Filters
from ..register import OUTCOMES
from ..search import check_k, check_query
from ..settings import Settings
from ..text import printable
from . import api, batch, benchmark, evaluation, mcp, watch_cli
from .decision_view import decisions_csv, render_decisions, render_timeline
from .render import (
    index_dates,
    index_summary,
    page_coverage,
    render_answer,
    render_comparison,
    render_passages,
)
from .service import (
    AskRequest,
    DecisionsRequest,
    MinutesService,
    SearchRequest,
    TimelineRequest,
)

__all__ = ["build_parser", "main"]


def _add_index(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index",
        metavar="NAME",
        help="index name under the index root (MINUTES_INDEX__ROOT, default ./indexes) or a path",
    )


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--council", help="only this council (case-insensitive, part of a name)")
    parser.add_argument(
        "--committee", help="only this committee (case-insensitive, part of a name)"
    )
    parser.add_argument(
        "--since", help="meetings on or after this date (2022-11-01, 'Nov 2022', 2022)"
    )
    parser.add_argument("--until", help="meetings on or before this date")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutes", description="Cited answers from UK council committee minutes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add minutes files or folders to an index")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _add_index(p)
    p.add_argument(
        "--prune",
        action="store_true",
        help="remove indexed documents whose files are gone from the given folders",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--quiet", action="store_true", help="print nothing on success (errors still go to stderr)"
    )

    p = sub.add_parser("search", help="hybrid search with citations")
    p.add_argument("query")
    _add_index(p)
    _add_filters(p)
    p.add_argument("-k", type=int, default=None, help="number of passages (default 10)")
    p.add_argument("--json", action="store_true", help="one JSON object per passage, in a list")

    p = sub.add_parser("ask", help="a cited answer (extractive by default; an LLM when set up)")
    p.add_argument("question", nargs="?", help="the question (or --batch FILE)")
    _add_index(p)
    _add_filters(p)
    p.add_argument("--by", choices=["council"], help="answer separately for every council")
    p.add_argument(
        "--mode",
        choices=["auto", "extractive", "llm"],
        help="answerer (default auto: LLM when MINUTES_LLM_BASE_URL is set)",
    )
    p.add_argument("--json", action="store_true", help="answer, claims, citations, passages")
    p.add_argument(
        "--quiet", action="store_true", help="only the answer: no sources, filters or notes"
    )
    batch.add_arguments(p)

    p = sub.add_parser("decisions", help="the decision register: what was decided, by whom")
    _add_index(p)
    _add_filters(p)
    p.add_argument("--topic", help="only decisions of agenda items on this topic (searched)")
    p.add_argument(
        "--outcome",
        action="append",
        choices=OUTCOMES,
        help="only this outcome (repeat for several)",
    )
    p.add_argument(
        "--mover", help="only decisions moved or seconded by this person (part of a name)"
    )
    p.add_argument("--limit", type=int, help="at most this many decisions")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON list of decisions")
    out.add_argument("--csv", action="store_true", help="CSV with a header row, one decision a row")

    p = sub.add_parser("timeline", help="how one issue moved through meetings, in date order")
    p.add_argument("topic")
    _add_index(p)
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="the timeline as JSON")

    p = sub.add_parser("info", help="what an index holds")
    _add_index(p)
    p.add_argument("--json", action="store_true")
    _add_fetch_parser(sub)

    p = sub.add_parser("app", help="the chat app in the browser (streamlit run app.py)")
    _add_index(p)
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")

    evaluation.add_commands(sub)
    watch_cli.add_parser(sub)
    p = sub.add_parser("bench", help="measure ingest and query speed, memory and recall")
    benchmark.add_arguments(p)
    api.add_parser(sub)
    mcp.add_parser(sub)
    return parser


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        council=args.council or None,
        committee=args.committee or None,
        since=parse_date_bound(args.since) if args.since else None,
        until=parse_date_bound(args.until, end=True) if args.until else None,
    )


def _index_path(args: argparse.Namespace, settings: Settings) -> Path:
    return resolve_index_path(args.index, settings.index.root, settings.index.name)


def _service(settings: Settings) -> MinutesService:
    """The service layer the API, MCP and app share; the CLI may name an index by its path."""
    return MinutesService(settings, allow_paths=True)


def _err(message: str) -> None:
    print(f"minutes: {printable(message)}", file=sys.stderr)


def _out(text: str) -> None:
    """Print text made of indexed content (minutes, metadata, file names) on stdout, without
    the control characters that could drive the terminal."""
    print(printable(text))


_C1 = re.compile(r"[\x7f-\x9f]")


def _json(data: object) -> None:
    """Print JSON; the C1 controls JSON leaves raw (ESC and the other C0 ones it always
    escapes) written as \\u escapes too, so the same value reaches a script and a terminal
    sees no control character."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    print(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def _notices(notes: list[str]) -> None:
    for note in notes:
        _err(f"note: {note}")


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    index_path = _index_path(args, settings)
    progress = not args.quiet and not args.json and sys.stderr.isatty()
    report = ingest(
        args.paths,
        index_path,
        settings,
        prune=args.prune,
        progress=progress,
        on_skip=lambda path, reason: _err(f"skipped {path}: {reason}"),
    )
    if args.json:
        _json(report.to_json())
    elif not args.quiet:
        for warning in report.warnings:
            _err(f"warning: {warning}")
        _out(_summary(report))
    elif not report.ok:  # quiet, but a failure still says what happened, on stderr
        _err("error: nothing could be ingested\n" + _summary(report))
    return 0 if report.ok else 1


def _summary(r: IngestReport) -> str:
    lines = [
        f"Index {r.index_path}: {plural(r.files_new, 'new file')}, {r.files_changed} changed, "
        f"{r.files_unchanged} unchanged, {r.files_removed} removed",
        f"  {plural(r.documents, 'document')}, {plural(r.items, 'agenda item')}, "
        f"{plural(r.chunks, 'chunk')} parsed; "
        f"{r.chunks_embedded} embedded, {r.chunks_cached} from cache",
    ]
    if r.pages_text + r.pages_ocr + r.pages_unreadable:
        ocr = f"{r.pages_ocr} read by OCR"
        if r.ocr_read or r.ocr_cached:
            ocr += f" ({r.ocr_read} read now, {r.ocr_cached} from the OCR cache)"
        lines.append(
            f"  PDF pages: {r.pages_text} from their text layer, {ocr}, "
            f"{r.pages_unreadable} unreadable"
        )
    if r.skipped:
        lines.append(f"  {len(r.skipped)} skipped (reasons above)")
    if r.ignored_types:
        kinds = ", ".join(f"{ext} ×{n}" for ext, n in r.ignored_types.most_common())
        lines.append(f"  ignored files of other types: {kinds}")
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in r.seconds.items())
    lines.append(f"  time: {timing}")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    check_query(args.query)  # before loading a model: a usage error
    check_k(args.k)
    filters = _filters(args)
    request = SearchRequest(query=args.query, index=args.index, filters=filters, k=args.k)
    with _service(settings) as service:
        passages = service.search(request)
        notices = service.notices(args.index)
    _notices(notices)
    if args.json:
        _json([p.to_json() for p in passages])
    else:
        if filters.active:
            _out(f"Filters: {filters_label(filters)}\n")
        print(render_passages(passages, args.query, color=sys.stdout.isatty()))  # printable
    return 0


def cmd_decisions(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)
    if args.limit is not None and args.limit < 1:
        raise ConfigError(f"--limit must be at least 1 (got {args.limit})")
    request = DecisionsRequest(
        index=args.index,
        filters=filters,
        topic=args.topic,
        outcomes=args.outcome or [],
        person=args.mover,
        limit=args.limit,
    )
    with _service(settings) as service:
        if not service.holds_decisions(args.index):
            _err("note: this index holds no decisions; re-run minutes ingest to read them")
        found = service.decisions(request)
    if args.json:
        _json([d.model_dump(mode="json") for d in found])
    elif args.csv:
        sys.stdout.write(decisions_csv(found))
    else:
        described = ", ".join(
            part
            for part in (
                filters_label(filters) if filters.active else "",
                f"topic: {args.topic}" if args.topic else "",
                f"outcome: {', '.join(args.outcome)}" if args.outcome else "",
                f"person: {args.mover}" if args.mover else "",
            )
            if part
        )
        _out(render_decisions(found, described or "all"))
    return 0


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)
    if not args.topic.strip():
        raise ConfigError('give a topic, e.g. minutes timeline "Millbrook Lane car park"')
    with _service(settings) as service:
        timeline = service.timeline(
            TimelineRequest(index=args.index, topic=args.topic, filters=filters)
        )
    if args.json:
        _json(timeline.model_dump(mode="json"))
    else:
        _out(render_timeline(timeline))
    return 0


def cmd_info(args: argparse.Namespace, settings: Settings) -> int:
    service = _service(settings)
    if args.json:
        # Meetings counted as everywhere else (an undated document is one meeting); ISO dates.
        _json(service.info(args.index).model_dump(mode="json"))
        return 0
    path = service.index_path(args.index)
    with IndexStore.open(path, index_settings=settings.index, read_only=True) as store:
        stats, scope = store.stats(), store.scope()
    _out(f"Index {path} (embedder {stats.embedder}, built {time_label(stats.built_at)})")
    _out(f"  {index_summary(stats, scope)}")
    _out(f"  dates: {index_dates(stats, scope)}")
    _out(f"  councils: {', '.join(stats.councils) or '(none stated)'}")
    _out(f"  committees: {', '.join(stats.committees) or '(none stated)'}")
    if coverage := page_coverage(stats.pages):
        _out(f"  {coverage}")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch:
        return batch.run(args, settings, _filters(args))
    if args.question is None:
        raise ConfigError("give a question, or --batch FILE of questions")
    if args.out:
        raise ConfigError("--out goes with --batch FILE")
    check_query(args.question)  # before loading a model: a usage error
    if args.mode:
        settings.answer.mode = args.mode
    filters = _filters(args)
    request = AskRequest(question=args.question, index=args.index, filters=filters)
    with _service(settings) as service:
        if args.by == "council":
            comparison = service.compare(request)
            _notices(service.notices(args.index))
            if args.json:
                _json(comparison.to_json())
            else:
                print(render_comparison(comparison, quiet=args.quiet))  # printable
            return 0
        # A quiet answer is printed once, checked: no streamed draft before it.
        streaming = not args.json and not args.quiet and service.streams_answers(args.index)
        streamed: list[str] = []  # checked sentences only (rag.answers.llm), as the answer reads

        def show(piece: str) -> None:
            piece = printable(piece)
            streamed.append(piece)
            print(piece, end="", flush=True)

        answer = service.ask(request, on_token=show if streaming else None)
        notices = service.notices(args.index)
    _notices(notices)
    if args.json:
        _json(answer.to_json())
        return 0
    if args.quiet:
        _out(answer.text)
        return 0
    rendered, shown = printable(render_answer(answer)), "".join(streamed)
    if shown and rendered.startswith(shown):
        print(rendered[len(shown) :])  # the streamed text was the answer's: add its sources
    else:
        print("\n" if shown else "", end="")  # the fallback after a failed stream stands apart
        print(rendered)
    return 0


# The app's page, run by `streamlit run` (not imported here: it imports streamlit, an extra).
APP_PAGE = Path(__file__).resolve().parent / "web" / "page.py"
# Streamlit settings for `minutes app` (a checkout's .streamlit/config.toml says the same for
# `streamlit run app.py`): local only, nothing sent out, no file watcher walking the folder tree,
# uploads capped, error details kept to the console.
APP_OPTIONS: dict[str, str | tuple[str, ...]] = {  # a tuple: one flag per value
    "server.address": "127.0.0.1",
    "server.allowedHosts": ("localhost", "127.0.0.1"),
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.maxUploadSize": "25",
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "browser.serverAddress": "localhost",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
}


def _streamlit_variable(option: str) -> str:
    """'server.allowedHosts' → 'STREAMLIT_SERVER_ALLOWED_HOSTS' (as streamlit names them)."""
    return "STREAMLIT_" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", option.replace(".", "_")).upper()


def app_command(index: str | None, port: int) -> tuple[list[str], dict[str, str]]:
    """The ``streamlit run`` command line and environment ``minutes app`` runs."""
    if importlib.util.find_spec("streamlit") is None:
        raise ConfigError("the app needs streamlit: pip install 'council-minutes-rag[app]'")
    env = dict(os.environ)
    if index:
        env["MINUTES_INDEX__NAME"] = index
    options = [
        f"--{name}={one}"
        for name, value in APP_OPTIONS.items()
        # A STREAMLIT_* variable set on purpose (e.g. STREAMLIT_SERVER_ALLOWED_HOSTS behind a
        # reverse proxy) wins: streamlit reads it when no flag is given.
        if _streamlit_variable(name) not in env
        for one in ((value,) if isinstance(value, str) else value)
    ]
    options.append(f"--server.port={port}")
    command = [sys.executable, "-m", "streamlit", "run", str(APP_PAGE), *options]
    return command, env


def cmd_app(args: argparse.Namespace, settings: Settings) -> int:
    command, env = app_command(args.index, args.port)
    print(f"minutes: the app will be at http://localhost:{args.port} (Ctrl+C stops it)", flush=True)
    process = subprocess.Popen(command, env=env)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())  # stop the app with us
    try:
        return process.wait()
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _add_fetch_parser(sub: Any) -> None:
    p = sub.add_parser("fetch", help="download a council's minutes from its ModernGov site")
    p.add_argument("--site", metavar="URL", help="ModernGov site, e.g. https://democracy.x.gov.uk")
    p.add_argument(
        "--council",
        metavar="NAME",
        help="council named in the citations; with --councils-csv, also finds its site",
    )
    p.add_argument(
        "--councils-csv",
        type=Path,
        metavar="FILE",
        help="CSV with columns code,official_name,common_name,territory,cms_type,base_url",
    )
    p.add_argument("--committee", metavar="NAME|ID", help="one committee (id or part of its name)")
    p.add_argument("--since", help="meetings on or after this date (default: a year ago)")
    p.add_argument("--until", help="meetings on or before this date (default: today)")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder (default downloads/<host>)")
    p.add_argument("--max-items", type=int, metavar="N", help="stop after N agenda items")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--quiet", action="store_true", help="print nothing on success (errors still go to stderr)"
    )


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> int:
    site, council = args.site, args.council
    if args.councils_csv and council:
        row = find_council(council, args.councils_csv)
        site, council = site or row.base_url, row.common_name or row.official_name
    if not site:
        raise ConfigError("give --site URL, or --council NAME with --councils-csv FILE")
    site = normalise_site(site)
    if args.councils_csv and not council:
        council = council_for_site(site, args.councils_csv)
    if args.max_items is not None and args.max_items < 1:
        raise ConfigError("--max-items must be at least 1")
    options = FetchOptions(
        site=site,
        out=args.out or Path("downloads") / (urlsplit(site).hostname or "site"),
        council=council,
        committee=args.committee,
        since=parse_date_bound(args.since) if args.since else None,
        until=parse_date_bound(args.until, end=True) if args.until else None,
        max_items=args.max_items,
    )
    progress = not args.quiet and not args.json and sys.stderr.isatty()
    try:
        report = fetch_site(options, settings.fetch, progress=progress)
    except FetchError as exc:
        _err(f"error: {exc}")
        return 1
    if args.json:
        _json(report.to_json())
    elif not args.quiet:
        _out(report.summary())
    elif not report.ok:  # quiet, but a failure still says what happened, on stderr
        _err("error: " + report.summary())
    return 0 if report.ok else 1


_COMMANDS = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "ask": cmd_ask,
    "info": cmd_info,
    "decisions": cmd_decisions,
    "timeline": cmd_timeline,
    "fetch": cmd_fetch,
    "app": cmd_app,
    "eval": evaluation.cmd_eval,
    "eval-prep": evaluation.cmd_eval_prep,
    "eval-decisions": evaluation.cmd_eval_decisions,
    "eval-ocr": evaluation.cmd_eval_ocr,
    "bench": benchmark.run,
    "watch": watch_cli.run,
    "serve": api.run,
    "mcp": mcp.run,
}


class _NoteHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time (tests and the app replace it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _show_embedder_notes(quiet: bool = False) -> None:
    """One-off notes from the embedder (ONNX export, fallback to torch) go to stderr, unless
    the command is ``--quiet`` (its warnings still do)."""
    logger = logging.getLogger("rag.embedders")  # the registry's and the backends' loggers
    handler = next((h for h in logger.handlers if isinstance(h, _NoteHandler)), None)
    if handler is None:
        handler = _NoteHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("note: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    handler.setLevel(logging.WARNING if quiet else logging.INFO)


def _setting_problem(exc: ValidationError) -> str:
    """'MINUTES_EMBEDDER__BATCH_SIZE: Input should be greater than or equal to 1'."""
    first = exc.errors()[0]
    where = "__".join(str(part) for part in first["loc"]).upper()
    return f"MINUTES_{where}: {first['msg']}" if where else str(first["msg"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _show_embedder_notes(quiet=bool(getattr(args, "quiet", False)))
    try:
        settings = Settings()
    except ValidationError as exc:  # a bad MINUTES_* environment variable
        _err(f"error: invalid setting {_setting_problem(exc)}")
        return 2
    try:
        return _COMMANDS[args.command](args, settings)
    except IndexFolderError as exc:
        _err(f"error: {exc}")
        return 3
    except MinutesError as exc:
        _err(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except sqlite3.DatabaseError as exc:  # damage met mid-read (opening checks what it can)
        _err(
            f"error: the index could not be read ({' '.join(str(exc).split())}); it may be "
            "damaged: remove its folder and run minutes ingest again to rebuild it"
        )
        return 3
    except OSError as exc:  # a file or folder we cannot read or write, a full disk
        where = f": {exc.filename}" if exc.filename else ""
        _err(f"error: {exc.strerror or exc}{where}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
