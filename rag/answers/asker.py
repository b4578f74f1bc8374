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
from ..models import Answer, Citation, Filters, Passage
from ..search import Searcher, open_searcher
from ..settings import Settings
from ..text import light_stem, query_terms, term_overlap
from ..timefilter import apply_time, read_time
from .base import Answerer, TokenCallback
from .extractive import ExtractiveAnswerer, named_councils
from .from_register import covering, register_picks
from .grades import (
    DISCUSSED,
    GRADES,
    NO_MENTION,
    UNSTATED,
    Grade,
    filters_label,
    grade_answer,
    idf_weight,
    items_in_meetings,
    key_terms,
    plural,
)
from .llm import LLMAnswerer
from .verify import flag_ocr_figures

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
    """One row of a comparison: a council (None: the items with no council stated), what was
    searched for it, its answer and that answer's grade."""

    council: str | None
    scope: Scope
    answer: Answer
    graded: Grade = field(default_factory=lambda: Grade(NO_MENTION))
    key_terms: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.council or UNSTATED

    @property
    def grade(self) -> str:
        return self.graded.grade

    @property
    def terms_found(self) -> list[str]:
        return list(self.graded.found)

    @property
    def terms_missing(self) -> list[str]:
        return list(self.graded.missing)

    @property
    def mentioned(self) -> bool:
        """The old yes/no: yes only when the answer discusses the question's key terms."""
        return self.grade == DISCUSSED

    @property
    def citation(self) -> Citation | None:
        """The source of the quote shown for the row (None for 'no mention')."""
        claim = self.graded.claim
        if self.grade == NO_MENTION or claim is None:
            return None
        return next((c for c in self.answer.citations if c.marker in claim.markers), None)

    def searched(self) -> str:
        """'1 agenda item in 1 meeting (2019) for agency, staffing with filters since=…'."""
        period = f" ({self.scope.period})" if self.scope.period else ""
        what = f"the key terms {', '.join(self.key_terms)}" if self.key_terms else "the question"
        # The row's own council goes without saying; time and other filters do not.
        applied = filters_label(self.answer.filters.model_copy(update={"council": None}))
        counted = items_in_meetings(self.scope.items, self.scope.meetings)
        return f"{counted}{period} for {what}" + (f" with filters {applied}" if applied else "")

    def explanation(self) -> str:
        """Why the row has its grade: the key terms found, the ones missing, or what was
        searched."""
        found, missing = ", ".join(self.terms_found), ", ".join(self.terms_missing)
        if self.grade == NO_MENTION:
            return f"nothing near in meaning or words: searched {self.searched()}"
        if self.grade == DISCUSSED:
            if not found:
                return "found an answer (no key terms to check)"
            return f"found: {found}" + (f" (missing: {missing})" if missing else "")
        if not missing:  # every term is quoted, but no one sentence holds enough of them
            return f"near in meaning; {found} quoted, but not together in one sentence"
        return f"near in meaning, but missing: {missing}" + (f" (found: {found})" if found else "")

    def summary(self) -> str:
        """The best quote of the answer, or (no mention) what was searched."""
        claim = self.graded.claim
        if self.grade == NO_MENTION:
            return f"No mention: searched {self.searched()}."
        if claim is not None:
            return claim.text
        return self.answer.text.splitlines()[0] if self.answer.text else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "council": self.council,
            "label": self.name,
            "grade": self.grade,
            "terms_found": self.terms_found,
            "terms_missing": self.terms_missing,
            "mentioned": self.mentioned,
            "items_searched": self.scope.items,
            "meetings_searched": self.scope.meetings,
            "period": self.scope.period,
            "first_date": self.scope.first,
            "last_date": self.scope.last,
            "summary": self.summary(),
            "explanation": self.explanation(),
            "answer": self.answer.to_json(),
        }


@dataclass
class Comparison:
    """A question answered once per council, plus once for the items with no council stated
    (the last row), each answer graded."""

    question: str
    rows: list[CouncilAnswer] = field(default_factory=list)
    time_filter: str | None = None
    key_terms: list[str] = field(default_factory=list)
    filters: Filters = field(default_factory=lambda: Filters())

    def counts(self) -> dict[str, int]:
        """Rows per grade, every grade present (0 when none)."""
        return {g: sum(r.grade == g for r in self.rows) for g in GRADES}

    def summary_line(self) -> str:
        """'Compared 3 councils and the items with no council stated: 2 discussed, 1 related
        only, 1 no mention.'"""
        if not self.rows:
            return "Nothing to compare: no agenda items are indexed within the filters."
        named = sum(r.council is not None for r in self.rows)
        who = [plural(named, "council")] if named else []
        if named < len(self.rows):
            who.append("the items with no council stated")
        counts = ", ".join(f"{n} {grade}" for grade, n in self.counts().items())
        return f"Compared {' and '.join(who)}: {counts}."

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "time_filter": self.time_filter,
            "key_terms": self.key_terms,
            "filters": self.filters.model_dump(
                mode="json", exclude_none=True, exclude={"council_exact"}
            ),
            "grades": self.counts(),
            "summary": self.summary_line(),
            "councils": [r.to_json() for r in self.rows],
        }


_YEAR_OF_FIGURES = re.compile(r"\b(?:19|20)\d\d\s*[/-]\s*\d\d(?:\d\d)?\b")


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
        self.extractive.decisions_of = searcher.store.decisions_in
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
            return self.llm_answerer()
        return self.extractive

    def llm_answerer(self) -> Answerer:
        """An answerer on the configured OpenAI-compatible endpoint, falling back to quotes."""
        if not self.settings.llm.base_url:
            raise ConfigError(
                "answer mode 'llm' needs MINUTES_LLM_BASE_URL (an OpenAI-compatible endpoint)"
            )
        return LLMAnswerer(
            self.settings.llm,
            fallback=self.extractive,
            unsupported=self.settings.answer.unsupported,
        )

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
        base = filters or Filters()
        applied = apply_time(base, when)
        notices: list[str] = []
        dropped = self._time_filter_dropped(question, applied, base) if applied != base else None
        if dropped is not None:
            # Dates read from the wording must not silently empty the search.
            notices.append(
                f"No indexed meetings{dropped} match the time filter ({when.description}); "
                "searched all dates."
            )
            applied = base
        query = when.question or question
        ranking, evidence = self._retrieve(question, query, applied, when.recency)
        retrieved = time.perf_counter()
        similarity, overlap = relevance(query, evidence)
        if (
            applied != base
            and not notices
            and _YEAR_OF_FIGURES.search(when.matched or "")
            and self._weak(question, evidence, similarity, overlap)
        ):
            # A year named as "2024/25" is often the figures' and not the meeting's ("How many
            # employers paid late in 2024/25?" is answered by the June 2025 report): when the
            # meetings it keeps hold nothing on the question, search every date, and say so. (A
            # month or a day names the meeting: "at the December 2025 plenary" stays filtered.)
            wider, wide = self._retrieve(question, query, base, when.recency)
            wide_relevance = relevance(query, wide)
            if not self._weak(question, wide, *wide_relevance):
                notices.append(
                    f"Nothing in the meetings the question's dates keep ({when.description}) "
                    "answers it; searched all dates."
                )
                applied, ranking, evidence = base, wider, wide
                similarity, overlap = wide_relevance
        if (
            evidence
            and self._irrelevant(similarity, overlap)
            and self._registered(question, evidence)
        ):
            # A decision of the register inside the evidence matches the question's words: a
            # recorded decision is evidence enough, however low the passages' similarity.
            similarity = max(similarity, self.settings.answer.min_relevance)
        if not evidence or self._irrelevant(similarity, overlap):
            answer = self._abstain(question, query, applied, evidence)
        else:
            answer = (answerer or self.answerer).answer(question, evidence, on_token)
            if answer.abstained and not answer.text:
                answer = self._abstain(question, query, applied, evidence)
        answer.passages = ranking[: self.settings.search.k]
        if not answer.abstained:
            cited = {i for c in answer.citations for i in c.passage_ids}
            held = [p for p in answer.evidence if p.citation.id in cited]
            answer.decisions = self.searcher.store.decisions_in(held)
        answer.filters = applied
        answer.time_filter = None if notices else when.description
        if not answer.abstained:
            flag_ocr_figures(answer)
        answer.notices = notices + answer.notices
        answer.timings.update(
            retrieve=retrieved - started,
            answer=time.perf_counter() - retrieved,
            total=time.perf_counter() - started,
            best_similarity=similarity,
            best_term_overlap=overlap,
        )
        return answer

    def _retrieve(
        self, question: str, query: str, filters: Filters, recency: bool
    ) -> tuple[list[Passage], list[Passage]]:
        """The ranking ``search`` returns (k passages; three times as deep for "latest"
        questions) and the evidence answered from: its best ``answer.passages``, or the most
        recent of them, plus the passage holding the register's answer when none does."""
        n, k = self.settings.answer.passages, self.settings.search.k
        depth = max(k, n) * (3 if recency else 1)
        ranking = self.searcher.search(query, filters, k=depth)
        evidence = _most_recent_first(ranking, n) if recency else ranking[:n]
        if evidence:
            evidence = self._with_register_passage(question, evidence)
        return ranking, evidence

    def _weak(
        self, question: str, evidence: Sequence[Passage], similarity: float, overlap: float
    ) -> bool:
        """Whether ``evidence`` would be abstained on: none, or irrelevant with no decision of
        the register matching the question."""
        return not evidence or (
            self._irrelevant(similarity, overlap) and not self._registered(question, evidence)
        )

    def _registered(self, question: str, evidence: Sequence[Passage]) -> bool:
        picks = register_picks(question, self.searcher.store.decisions_in(evidence), evidence)
        return bool(picks) and picks[0].shared >= 0.5

    def _time_filter_dropped(self, question: str, applied: Filters, base: Filters) -> str | None:
        """Why a time filter read from the question's wording is not applied: it leaves nothing
        to search (""), or no meeting of the councils the question names falls in it (" of
        Sheffield": in "What rent increase from April 2024 did Sheffield agree?" the date is
        the increase's, not the meeting's); None to apply it."""
        if self.searcher.scope(applied).items == 0:
            return ""
        named = named_councils(question, self.searcher.scope(base).councils)
        if named and not any(
            self.searcher.scope(
                applied.model_copy(update={"council": c, "council_exact": True})
            ).items
            for c in named
        ):
            return f" of {', '.join(named)}"
        return None

    def _with_register_passage(self, question: str, evidence: list[Passage]) -> list[Passage]:
        """The evidence, plus the passage that holds the register's answer when the search's
        passages do not (a mover named in the paragraph before the resolution)."""
        picks = register_picks(question, self.searcher.store.decisions_in(evidence), evidence)
        if not picks or covering(evidence, picks[0]) is not None:
            return evidence
        best = picks[0]
        extra = self.searcher.store.passage_covering(
            best.source, best.start, best.end, rank=len(evidence) + 1
        )
        return [*evidence, extra] if extra is not None else evidence

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
        applied = filters_label(filters)
        lines = [
            f"The indexed minutes do not discuss {topic_of(query)}.",
            # Counted and worded as `minutes info` and the app's sidebar count an index.
            f"Searched {items_in_meetings(scope.items, scope.meetings)} ({councils}{period})"
            + (f" with filters {applied}" if applied else "")
            + ".",
        ]
        nearest = _nearest_items(passages, 3)
        if nearest:
            lines.append("Nearest items: " + "; ".join(nearest) + ".")
        return Answer(
            question=question,
            text="\n".join(lines),
            evidence=list(passages),
            abstained=True,
            mode="extractive",
        )

    # ------------------------------------------------------------------ compare councils
    def compare(
        self, question: str, filters: Filters | None = None, *, today: date | None = None
    ) -> Comparison:
        """The question answered separately for every council in the index, then once for
        the items with no council stated; each answer graded by its key terms
        (:mod:`.grades`)."""
        base = (filters or Filters()).model_copy(update={"council": None, "council_exact": False})
        scope = self.searcher.scope(base)
        when = read_time(question, today)
        terms = key_terms(when.question or question, scope.councils)
        weights = self._term_weights(terms)
        comparison = Comparison(question=question, key_terms=terms, filters=base)
        groups: list[tuple[str | None, Filters]] = [
            (c, base.model_copy(update={"council": c, "council_exact": True}))
            for c in scope.councils
        ]
        if scope.unnamed_council:
            groups.append((None, base.model_copy(update={"council_stated": False})))
        for council, scoped in groups:
            answer = self.ask(question, scoped, today=today, answerer=self.extractive)
            comparison.time_filter = answer.time_filter
            row_scope = self.searcher.scope(answer.filters)
            graded = grade_answer(answer, terms, weights)
            comparison.rows.append(CouncilAnswer(council, row_scope, answer, graded, terms))
        return comparison

    def _term_weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Each key term's specificity in the whole index (:func:`.grades.idf_weight`): the
        passages holding it, read from the BM25 postings (counted up to a cap: beyond it a
        term is common, and how common no longer matters)."""
        documents = self.searcher.store.chunk_count()
        if len(terms) <= 2 or not documents:
            return {}  # one or two terms must all be found: no weights needed
        cap = min(documents, _DF_CAP)
        return {t: idf_weight(documents, len(self.searcher.bm25(t, cap))) for t in terms}


# Passages counted per term when weighing key terms (the BM25 lookup returns at most this many).
_DF_CAP = 10_000


def _most_recent_first(passages: list[Passage], k: int) -> list[Passage]:
    def when(p: Passage) -> str:
        c = p.citation
        return c.meeting_date.isoformat() if c.meeting_date else f"{c.year or 0:04d}"

    # Copies: the retrieval ranking keeps its own ranks.
    ranked = sorted(passages, key=when, reverse=True)[:k]
    return [p.model_copy(update={"rank": rank}) for rank, p in enumerate(ranked, 1)]


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
