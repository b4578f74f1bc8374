"""Question → cited answer: read the time filter, retrieve, decide whether the minutes answer at
all, then answer (extractive by default, an LLM when configured) — or compare councils."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..embedders import Embedder
from ..errors import ConfigError
from ..index import Scope, resolve_index_path
from ..models import Answer, Filters, Passage
from ..search import Searcher, open_searcher
from ..settings import Settings
from ..text import light_stem, query_terms, term_overlap
from ..timefilter import apply_time, read_time
from .base import Answerer, TokenCallback
from .extractive import ExtractiveAnswerer
from .llm import LLMAnswerer

__all__ = ["Asker", "Comparison", "CouncilAnswer", "ask", "relevance", "topic_of"]

_ABOUT = re.compile(r"\b(?:about|on|regarding|concerning)\s+(?P<topic>.+)$", re.IGNORECASE)


def topic_of(question: str) -> str:
    """The subject of a question for messages: 'what was decided about bin collections?' →
    'bin collections'."""
    text = question.strip().rstrip("?.! ")
    match = _ABOUT.search(text)
    if match and len(match.group("topic").split()) <= 12:
        return match.group("topic")
    terms = query_terms(text)
    return " ".join(terms) if terms else text


def relevance(question: str, passages: Sequence[Passage]) -> tuple[float, float]:
    """(best cosine similarity, best share of question terms in one passage)."""
    stems = {light_stem(t) for t in query_terms(question)}
    best_similarity = max((p.similarity or 0.0 for p in passages), default=0.0)
    best_overlap = max((term_overlap(stems, p.text) for p in passages), default=0.0)
    return best_similarity, best_overlap


@dataclass
class CouncilAnswer:
    council: str
    scope: Scope
    answer: Answer

    @property
    def mentioned(self) -> bool:
        return not self.answer.abstained

    def summary(self) -> str:
        if not self.mentioned:
            period = f", {self.scope.period}" if self.scope.period else ""
            return f"no mention in {self.scope.meetings} meeting(s){period}"
        claims = [c for c in self.answer.claims if c.supported]
        return claims[0].text if claims else self.answer.text.splitlines()[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "council": self.council,
            "mentioned": self.mentioned,
            "meetings_searched": self.scope.meetings,
            "period": self.scope.period,
            "summary": self.summary(),
            "answer": self.answer.to_json(),
        }


@dataclass
class Comparison:
    question: str
    rows: list[CouncilAnswer] = field(default_factory=list)
    time_filter: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "time_filter": self.time_filter,
            "councils": [r.to_json() for r in self.rows],
        }


class Asker:
    """Answers questions over one index; build once, ask many times (the app caches it)."""

    def __init__(
        self,
        searcher: Searcher,
        settings: Settings,
        answerer: Answerer | None = None,
    ) -> None:
        self.searcher = searcher
        self.settings = settings
        self.extractive = ExtractiveAnswerer(searcher.embedder, settings.answer)
        self.answerer = answerer or self._default_answerer()

    @classmethod
    def open(
        cls,
        index: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        answerer: Answerer | None = None,
    ) -> Asker:
        settings = settings or Settings()
        path = resolve_index_path(index, settings.index.root, settings.index.name)
        return cls(open_searcher(path, settings, embedder), settings, answerer)

    def _default_answerer(self) -> Answerer:
        mode = self.settings.answer.mode
        if mode == "llm" or (mode == "auto" and self.settings.llm.base_url):
            if not self.settings.llm.base_url:
                raise ConfigError(
                    "answer mode 'llm' needs MINUTES_LLM_BASE_URL (an OpenAI-compatible endpoint)"
                )
            return LLMAnswerer(
                self.settings.llm,
                fallback=self.extractive,
                unsupported=self.settings.answer.unsupported,
            )
        return self.extractive

    def close(self) -> None:
        self.searcher.close()

    def __enter__(self) -> Asker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ one answer
    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        *,
        on_token: TokenCallback | None = None,
        today: date | None = None,
        answerer: Answerer | None = None,
    ) -> Answer:
        started = time.perf_counter()
        when = read_time(question, today)
        applied = apply_time(filters or Filters(), when)
        notices: list[str] = []
        if applied != (filters or Filters()) and self.searcher.scope(applied).items == 0:
            # Dates read from the wording must not silently empty the search.
            notices.append(
                f"No indexed meetings match the time filter ({when.description}); "
                "searched all dates."
            )
            applied = filters or Filters()
        query = when.question or question
        k = self.settings.answer.passages
        passages = self.searcher.search(query, applied, k=k * 3 if when.recency else k)
        if when.recency:
            passages = _most_recent_first(passages, k)
        retrieved = time.perf_counter()
        similarity, overlap = relevance(query, passages)
        if not passages or self._irrelevant(similarity, overlap):
            answer = self._abstain(question, query, applied, passages)
        else:
            answer = (answerer or self.answerer).answer(question, passages, on_token)
            if answer.abstained and not answer.text:
                answer = self._abstain(question, query, applied, passages)
        answer.filters = applied
        answer.time_filter = None if notices else when.description
        answer.notices = notices + answer.notices
        answer.timings.update(
            retrieve=retrieved - started,
            answer=time.perf_counter() - retrieved,
            total=time.perf_counter() - started,
            best_similarity=similarity,
            best_term_overlap=overlap,
        )
        return answer

    def _irrelevant(self, similarity: float, overlap: float) -> bool:
        # Abstain only when neither the meaning nor the words of the question are found.
        answer = self.settings.answer
        return similarity < answer.min_relevance and overlap < answer.min_term_overlap

    def _abstain(
        self, question: str, query: str, filters: Filters, passages: Sequence[Passage]
    ) -> Answer:
        scope = self.searcher.scope(filters)
        councils = ", ".join(scope.councils) if scope.councils else "no named council"
        if scope.unnamed_council and scope.councils:
            councils += " and items with no council stated"
        period = f", {scope.period}" if scope.period else ""
        lines = [
            f"The indexed minutes do not discuss {topic_of(query)}.",
            f"Searched {scope.items} agenda item(s) in {scope.meetings} meeting(s) "
            f"({councils}{period})"
            + (f" with filters {filters.describe()}" if filters.active else "")
            + ".",
        ]
        nearest = _nearest_items(passages, 3)
        if nearest:
            lines.append("Nearest items: " + "; ".join(nearest) + ".")
        return Answer(
            question=question,
            text="\n".join(lines),
            passages=list(passages),
            abstained=True,
            mode="extractive",
        )

    # ------------------------------------------------------------------ compare councils
    def compare(
        self, question: str, filters: Filters | None = None, *, today: date | None = None
    ) -> Comparison:
        """The question answered separately for every council in the index."""
        base = filters or Filters()
        councils = self.searcher.scope(base.model_copy(update={"council": None})).councils
        comparison = Comparison(question=question)
        for council in councils:
            scoped = base.model_copy(update={"council": council, "council_exact": True})
            answer = self.ask(question, scoped, today=today, answerer=self.extractive)
            comparison.time_filter = answer.time_filter
            comparison.rows.append(
                CouncilAnswer(council, self.searcher.scope(answer.filters), answer)
            )
        return comparison


def _most_recent_first(passages: list[Passage], k: int) -> list[Passage]:
    def when(p: Passage) -> str:
        c = p.citation
        return c.meeting_date.isoformat() if c.meeting_date else f"{c.year or 0:04d}"

    ranked = sorted(passages, key=when, reverse=True)[:k]
    for rank, passage in enumerate(ranked, 1):
        passage.rank = rank
    return ranked


def _nearest_items(passages: Sequence[Passage], limit: int) -> list[str]:
    seen: list[str] = []
    for passage in passages:
        c = passage.citation
        label = f"{c.label} “{c.item_title}”" if c.item_title else c.label
        if label not in seen:
            seen.append(label)
        if len(seen) == limit:
            break
    return seen


def ask(
    question: str,
    index: str | Path | None = None,
    filters: Filters | None = None,
    settings: Settings | None = None,
    **kwargs: Any,
) -> Answer:
    """One-shot Python API: ``rag.ask("what was said about agency staffing?", index="sample")``."""
    with Asker.open(index, settings) as asker:
        return asker.ask(question, filters, **kwargs)
