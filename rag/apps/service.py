"""The one service layer every application calls: the CLI, the app, the HTTP API (``minutes
serve``), the MCP server (``minutes mcp``), batch questions and watches.

It owns what those applications would otherwise each redo:

- the embedding model, loaded once per process and shared by every index;
- each index opened once and **reopened when a new build lands** (its manifest's
  ``index_version`` moves), so a long-running server never answers from a stale build;
- one lock per open index: the SQLite connection and the FAISS index are shared, and a question
  is answered under the lock (searches are fast; the LLM path is the slow one);
- the typed requests (pydantic, with limits) those applications accept, and which index a name
  means (with the "indexes here: …" hint when it is missing).

What an answer says is decided in the core (``rag.search``, ``rag.answers``, ``rag.register``,
``rag.timeline``); nothing here ranks, quotes or grades. Errors are the library's own
(:mod:`rag.errors`); each application turns them into its messages, exit codes or HTTP codes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ..answers import Asker
from ..answers.asker import Comparison
from ..answers.base import Answerer
from ..answers.grades import key_terms
from ..embedders import Embedder, load_embedder
from ..errors import ConfigError, IndexNotFoundError
from ..index import (
    IndexStore,
    Watch,
    holds_index_files,
    index_exists,
    index_version,
    list_indexes,
    resolve_index_path,
)
from ..models import Answer, Decision, DecisionOutcome, Filters, Passage
from ..register import find_decisions
from ..search import check_query
from ..settings import Settings
from ..timeline import Timeline, build_timeline
from .uploads import UploadResult, add_uploads

__all__ = [
    "MAX_K",
    "MAX_QUESTION_CHARS",
    "AskRequest",
    "DecisionsRequest",
    "IndexInfo",
    "MinutesService",
    "PageCoverage",
    "SearchRequest",
    "TimelineRequest",
    "WatchRequest",
    "WatchResult",
]

MAX_QUESTION_CHARS = 2000
"""Longest question or topic accepted: a question is a sentence or two, and the length bounds
the work one request can ask for."""
MAX_K = 1000
"""Most passages one search returns (the CLI's -k has the same bound)."""

AnswerMode = Literal["auto", "extractive", "llm"]


class _Request(BaseModel):
    index: str | None = Field(
        None,
        max_length=255,
        description="Index name (a folder under the index root); the configured default if unset.",
    )
    filters: Filters = Field(default_factory=Filters, description="Council, committee, dates.")


class SearchRequest(_Request):
    query: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="What to find.")
    k: int | None = Field(
        None, ge=1, le=MAX_K, description="Passages returned (unset: the configured number)."
    )


class AskRequest(_Request):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The question.")
    mode: AnswerMode | None = Field(
        None,
        description="extractive (quotes), llm (the configured endpoint, checked), or auto "
        "(llm when an endpoint is set); unset: the configured mode.",
    )


class DecisionsRequest(_Request):
    topic: str | None = Field(
        None, max_length=MAX_QUESTION_CHARS, description="Keep decisions of items about this."
    )
    outcomes: list[DecisionOutcome] = Field(default_factory=list, description="Any of these.")
    person: str | None = Field(
        None, max_length=200, description="Mover, seconder or a named voter."
    )
    limit: int | None = Field(None, ge=1, le=10_000, description="Most decisions returned.")


class TimelineRequest(_Request):
    topic: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The issue.")


class WatchRequest(_Request):
    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, description="The question to watch."
    )
    name: str | None = Field(
        None,
        max_length=64,
        description="Letters, digits, '-', '_' and '.'; unset: made from the question's words.",
    )


class WatchResult(BaseModel):
    """One watch's run: the answer over the items it looked at, or None when none matched."""

    watch: Watch
    since: int | None = Field(
        description="Only items added or changed after this index build (None: all items)."
    )
    build: int = Field(description="The index build searched (the next --since-last start).")
    items: int = Field(description="Agenda items looked at (within the watch's filters).")
    answer: Answer | None = Field(description="The cited answer; None when nothing matched.")

    def to_json(self) -> dict[str, object]:
        """The watch, what was looked at, and the answer as ``ask --json`` gives it."""
        return {
            "watch": self.watch.name,
            "question": self.watch.question,
            "filters": self.watch.filters.model_dump(mode="json", exclude_defaults=True),
            "since_build": self.since,
            "build": self.build,
            "items_considered": self.items,
            "matched": self.answer is not None,
            "answer": self.answer.to_json() if self.answer is not None else None,
        }


_WATCH_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _check_watch_name(name: str) -> None:
    if not _WATCH_NAME.fullmatch(name):
        raise ConfigError(
            "a watch name is letters, digits, '-', '_' and '.' (at most 64, starting with a "
            f"letter or digit), e.g. car-parks; got {name[:80]!r}"
        )


def _watch_name(question: str, taken: set[str]) -> str:
    """'agency-staffing-costs' from the question's key terms; '-2', '-3'… when taken."""
    words = [re.sub(r"[^a-z0-9]+", "-", t).strip("-") for t in key_terms(question)]
    base = "-".join(w for w in words if w)[:40].strip("-") or "watch"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


class PageCoverage(BaseModel):
    """PDF pages of an index by how their text was read (``minutes info``)."""

    text_layer: int
    ocr: int = Field(description="Pages without a usable text layer, read by OCR.")
    unreadable: int = Field(description="No text layer, and OCR read nothing or is not installed.")
    ocr_documents: int = Field(description="Documents with at least one page read by OCR.")
    ocr_confidence: float | None = Field(description="Mean OCR confidence over OCR'd pages.")


class IndexInfo(BaseModel):
    """What one index holds (``minutes info --json``)."""

    name: str
    embedder: str
    built_at: str
    councils: list[str]
    committees: list[str]
    meetings: int = Field(description="Meetings, an undated document counting as one.")
    dated_meetings: int
    items: int
    documents: int
    chunks: int
    first_date: str | None
    last_date: str | None
    version: str = Field(description="Changes whenever a new build lands.")
    pages: PageCoverage | None = Field(
        None, description="PDF pages by how their text was read; None for an older index."
    )


def _plain_name(name: str) -> bool:
    return bool(name.strip()) and not any(c in name for c in "/\\\0") and not name.startswith(".")


@dataclass
class _Open:
    """One index, open: its Asker, the build it was opened on, and its lock."""

    asker: Asker
    version: str
    lock: threading.Lock = field(default_factory=threading.Lock)


class MinutesService:
    """Search, answers, comparisons, decisions and timelines over the indexes under one root.

    Thread-safe: applications serving several clients (the API, the app) share one instance.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        embedder_factory: Callable[[], Embedder] | None = None,
        allow_paths: bool = True,
    ) -> None:
        """``allow_paths=False`` (the API, MCP): an index is named, never given as a path, so a
        remote caller cannot point the service at a folder outside the index root."""
        self.settings = settings or Settings()
        self.allow_paths = allow_paths
        self._embedder = embedder
        self._factory = embedder_factory or (lambda: load_embedder(self.settings.embedder))
        self._open: dict[Path, _Open] = {}
        self._guard = threading.Lock()  # the dict above and the model load

    # ------------------------------------------------------------------ indexes
    def index_path(self, index: str | Path | None) -> Path:
        """The folder ``index`` names; when it holds no index, an error naming the ones that
        do exist (so a caller who asks for 'default' after ``make demo`` learns of 'sample')."""
        root, default = self.settings.index.root, self.settings.index.name
        if not self.allow_paths and index is not None and not _plain_name(str(index)):
            raise ConfigError(f"an index name, not a path: {str(index)[:80]!r}")
        path = resolve_index_path(index, root, default)
        if index_exists(path) or holds_index_files(path):  # damaged: the store says how
            return path
        others = [name for name in list_indexes(root) if root / name != path]
        if not others:
            return path  # the store's own message says how to build one
        hint = f"pass --index {others[0]}" if len(others) == 1 else "pass --index NAME"
        raise IndexNotFoundError(
            f"no index '{index or default}' ({path}); indexes here: {', '.join(others)} — {hint}"
        )

    def indexes(self) -> list[str]:
        """Names of the indexes under the index root."""
        return list_indexes(self.settings.index.root)

    def info(self, index: str | Path | None = None) -> IndexInfo:
        path = self.index_path(index)
        with IndexStore.open(path, index_settings=self.settings.index, read_only=True) as store:
            stats, scope = store.stats(), store.scope()
        return IndexInfo(
            name=path.name,
            embedder=stats.embedder,
            built_at=stats.built_at,
            councils=stats.councils,
            committees=stats.committees,
            meetings=scope.meetings,
            dated_meetings=stats.meetings,
            items=stats.items,
            documents=stats.documents,
            chunks=stats.chunks,
            first_date=stats.first_date,
            last_date=stats.last_date,
            version=index_version(path),
            pages=None if stats.pages is None else PageCoverage(**stats.pages.to_json()),
        )

    def embedder(self) -> Embedder:
        """The embedding model, loaded on first use and kept."""
        with self._guard:
            if self._embedder is None:
                self._embedder = self._factory()
            return self._embedder

    @contextmanager
    def session(self, index: str | Path | None = None) -> Iterator[Asker]:
        """The index's Asker, held under its lock; reopened first if a new build landed."""
        path = self.index_path(index)
        entry = self._entry(path)
        with entry.lock:
            yield entry.asker

    def _entry(self, path: Path) -> _Open:
        version = index_version(path)
        with self._guard:
            entry = self._open.get(path)
            if entry is not None and entry.version == version:
                return entry
        embedder = self.embedder()
        # Opened outside the guard (it reads the vectors); a racing opener's copy is closed.
        fresh = _Open(Asker.open(path, self.settings, embedder=embedder), version)
        with self._guard:
            current = self._open.get(path)
            if current is not None and current.version == version:
                fresh.asker.close()
                return current
            self._open[path] = fresh
        if current is not None:
            with current.lock:  # a question still running on the old build finishes first
                current.asker.close()
        return fresh

    def streams_answers(self, index: str | Path | None = None) -> bool:
        """Whether answers from this index come from an LLM (streamed as they are checked)."""
        with self.session(index) as asker:
            return asker.answerer is not asker.extractive

    def notices(self, index: str | Path | None = None) -> list[str]:
        """Warnings about the index as opened (dense search off or partial, manifest rebuilt)."""
        with self.session(index) as asker:
            return list(asker.searcher.store.notices)

    # ------------------------------------------------------------------ questions
    def search(self, request: SearchRequest) -> list[Passage]:
        check_query(request.query)
        with self.session(request.index) as asker:
            return asker.searcher.search(request.query, request.filters, k=request.k)

    def ask(self, request: AskRequest, on_token: Callable[[str], None] | None = None) -> Answer:
        """The answer, cited; ``on_token`` receives checked sentences as an LLM answer streams."""
        check_query(request.question)
        with self.session(request.index) as asker:
            answerer = self._answerer(asker, request.mode)
            return asker.ask(
                request.question, request.filters, on_token=on_token, answerer=answerer
            )

    def compare(self, request: AskRequest) -> Comparison:
        """The question answered once per council (and once for items with none stated)."""
        check_query(request.question)
        with self.session(request.index) as asker:
            return asker.compare(request.question, request.filters)

    def decisions(self, request: DecisionsRequest) -> list[Decision]:
        with self.session(request.index) as asker:
            return find_decisions(
                asker.searcher,
                request.filters,
                topic=request.topic,
                outcomes=request.outcomes,
                person=request.person,
                limit=request.limit,
            )

    def holds_decisions(self, index: str | Path | None = None) -> bool:
        """Whether the index was built with the decision register (older builds were not)."""
        with self.session(index) as asker:
            store = asker.searcher.store
            return bool(store.has_decisions_table() and store.decision_count())

    def timeline(self, request: TimelineRequest) -> Timeline:
        if not request.topic.strip():
            raise ConfigError('give a topic, e.g. "Millbrook Lane car park"')
        with self.session(request.index) as asker:
            return build_timeline(asker.searcher, request.topic, request.filters)

    # ------------------------------------------------------------------ watches
    def watches(self, index: str | Path | None = None) -> list[Watch]:
        """The index's saved questions, oldest first (read without loading the model)."""
        path = self.index_path(index)
        with IndexStore.open(path, index_settings=self.settings.index, read_only=True) as store:
            return store.watches()

    def add_watch(self, request: WatchRequest) -> Watch:
        """Save a question on the index (it lives in the index and survives re-ingest)."""
        check_query(request.question)
        if request.name is not None:
            _check_watch_name(request.name)
        path = self.index_path(request.index)
        with IndexStore.open(path, index_settings=self.settings.index) as store:
            taken = {w.name for w in store.watches()}
            name = request.name or _watch_name(request.question, taken)
            watch = store.add_watch(name, request.question, request.filters)
        if watch is None:
            raise ConfigError(
                f"index '{path.name}' already has a watch named '{name}': pick another --name "
                "or remove that one first"
            )
        return watch

    def remove_watch(self, name: str, index: str | Path | None = None) -> Watch:
        """Remove a watch by name; the one removed is returned."""
        path = self.index_path(index)
        with IndexStore.open(path, index_settings=self.settings.index) as store:
            watch = _named(store.watches(), name, path.name)
            store.remove_watch(watch.name)
        return watch

    def run_watches(
        self, index: str | Path | None = None, name: str | None = None, *, since_last: bool = False
    ) -> list[WatchResult]:
        """Ask each watch's question (or the one called ``name``), cited like any answer.

        ``since_last``: only over agenda items added or changed since the build the watch's
        last ``since_last`` run searched (all items on its first). Nothing is recorded here:
        call :meth:`mark_watches` once the results are delivered, so a run that dies before
        re-reports next time."""
        results: list[WatchResult] = []
        with self.session(index) as asker:
            store = asker.searcher.store
            watches = store.watches()
            if name is not None:
                watches = [_named(watches, name, store.path.name)]
            build = store.manifest.generation  # the build searched: its FAISS and its items
            for watch in watches:
                since = watch.last_generation if since_last else None
                filters = watch.filters.with_changes_after(since)
                items = store.scope(filters).items
                answer = asker.ask(watch.question, filters) if items else None
                if answer is not None and answer.abstained:
                    answer = None  # nothing on the question among those items
                results.append(
                    WatchResult(watch=watch, since=since, build=build, items=items, answer=answer)
                )
        return results

    def mark_watches(self, results: list[WatchResult], index: str | Path | None = None) -> None:
        """Record that these results were delivered: each watch's next ``since_last`` run
        starts after the build it searched."""
        if not results:
            return
        path = self.index_path(index)
        with IndexStore.open(path, index_settings=self.settings.index) as store:
            store.mark_watches({r.watch.id: r.build for r in results})

    # ------------------------------------------------------------------ writes
    def add_uploads(
        self, index: str | Path | None, files: Sequence[tuple[str, bytes]]
    ) -> UploadResult:
        """Save uploaded ``(name, content)`` files under the index's ``uploads/`` and ingest
        them one at a time (:mod:`rag.apps.uploads`); the next question reopens the index on
        the new build. Another ingest writing the index: IndexLockedError."""
        return add_uploads(files, self.index_path(index), self.settings, self.embedder())

    @staticmethod
    def _answerer(asker: Asker, mode: AnswerMode | None) -> Answerer | None:
        """The answerer for one request: the index's own unless the request names a mode."""
        if mode is None or mode == "auto":
            return None  # the Asker's default (settings.answer.mode)
        if mode == "extractive":
            return asker.extractive
        return asker.answerer if asker.answerer is not asker.extractive else asker.llm_answerer()

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        with self._guard:
            entries, self._open = list(self._open.values()), {}
        for entry in entries:
            with entry.lock:
                entry.asker.close()

    def __enter__(self) -> MinutesService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _named(watches: list[Watch], name: str, index: str) -> Watch:
    """The watch called ``name``, or an error listing the ones there are."""
    for watch in watches:
        if watch.name == name:
            return watch
    if not watches:
        raise ConfigError(
            f"index '{index}' has no watches; add one with: minutes watch add \"QUESTION\""
        )
    names = ", ".join(w.name for w in watches)
    raise ConfigError(f"index '{index}' has no watch named {name[:80]!r}; its watches: {names}")
