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
from ..embedders import Embedder, load_embedder
from ..errors import ConfigError, IndexNotFoundError
from ..index import IndexStore
from ..index.layout import (
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
    "SearchRequest",
    "TimelineRequest",
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
