"""The default answerer: offline, deterministic, built from the minutes' own sentences.

Sentences of the retrieved passages are scored against the question (embedding similarity plus
question-term overlap), picked with maximal marginal relevance so the answer does not repeat
itself, grouped by agenda item, and quoted with their citation markers under a one-line summary
of coverage ("Found in 3 agenda items from 2 councils, Nov 2017 – Nov 2022."). A question that
asks for one fact gets it first, on a line of its own (:mod:`.short`).

Quotes are whole sentences of the minutes: sentences wrapped over lines or cut by a page break
are read whole (:func:`rag.text.split_sentences`), shown without line breaks, page furniture or
Markdown (:func:`rag.text.quote_text`), and each keeps the exact offsets it was read from.
Headings, page headers and fragments (no closing punctuation) are never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..dates import month_label
from ..embedders import Embedder
from ..models import Answer, Citation, Claim, Passage, ShortAnswer
from ..settings import AnswerSettings
from ..text import (
    LIST_MARKER,
    ends_clause,
    light_stem,
    query_terms,
    quote_text,
    split_sentences,
    term_overlap,
)
from .base import TokenCallback, item_key, number_sources
from .from_register import DecisionLookup, register_answer
from .short import Candidate, ShortWeights, asks_and_holds, best_span

__all__ = [
    "ExtractiveAnswerer",
    "coverage_line",
    "item_header",
    "other_councils",
    "short_candidates",
]

RELATIVE_FLOOR = 0.6
# Short answers are read from the best sentences only (a fact further down is not "the" answer).
SHORT_SENTENCES = 20
LEADING_SENTENCES = 3  # their passages are read whole for a fact of the kind asked for
_LIST_ENTRY = re.compile(rf"\s*{LIST_MARKER}\s")
_BOILERPLATE = re.compile(
    r"^(minutes|supporting documents|additional documents|report attached|report to follow)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


def _month(citation: Citation) -> tuple[str, str] | None:
    """(sortable, shown) date of a citation at month precision, or the year alone."""
    if citation.meeting_date:
        return citation.meeting_date.isoformat(), month_label(citation.meeting_date)
    if citation.year:
        return f"{citation.year:04d}", str(citation.year)
    return None


def coverage_line(citations: Sequence[Citation]) -> str:
    """'Found in 3 agenda items from 2 councils, Nov 2017 – Nov 2022.'"""
    items = {item_key(c) for c in citations}
    councils = {c.council for c in citations if c.council}
    n_items = len(items)
    parts = [f"Found in {n_items} agenda item{'s' if n_items != 1 else ''}"]
    if councils:
        parts.append(f" from {len(councils)} council{'s' if len(councils) != 1 else ''}")
    unnamed = sum(1 for key in items if key[0] is None)
    if unnamed and councils:
        parts.append(f" (and {unnamed} with no council stated)")
    dates = sorted(d for d in (_month(c) for c in citations) if d)
    if dates:
        first, last = dates[0][1], dates[-1][1]
        parts.append(f", {first}" if first == last else f", {first} – {last}")
    return "".join(parts) + "."


def _heading(citation: Citation) -> str:
    where = citation.council_shown
    detail = [x for x in (citation.committee, citation.date_label) if x]
    if citation.item_number:
        detail.append(f"item {citation.item_number}")
    title = f" “{citation.item_title}”" if citation.item_title else ""
    return (f"{where}{title}" + (f" ({', '.join(detail)})" if detail else "")).lstrip()


@dataclass
class _Sentence:
    text: str  # as quoted
    passage: int  # 1-based marker of the passage among those answered from
    position: int  # order within the passage, to quote in reading order
    start: int  # offsets in the passage text
    end: int
    score: float = 0.0
    overlap: float = 0.0
    vector: np.ndarray | None = None
    quotable: bool = True  # a whole sentence (else a line kept only to read facts from)


def _quotable(raw: str, shown: str) -> bool:
    """A whole sentence worth quoting: five words or more, not boilerplate, and finished (it
    ends a sentence or clause, or it is a list entry): headings, page headers and fragments
    cut off by a passage boundary are not."""
    if len(shown.split()) < 5 or _BOILERPLATE.match(shown):
        return False
    return ends_clause(raw.split()[-1]) or _LIST_ENTRY.match(raw) is not None


def named_councils(question: str, councils: Iterable[str]) -> list[str]:
    """The councils of ``councils`` the question names, matched with their capitals
    ("Reading", not "reading")."""
    return [c for c in councils if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", question)]


def other_councils(question: str, passages: Sequence[Passage]) -> frozenset[int]:
    """Markers (1-based) of the passages from a council other than those the question names
    ("Which councillor seconded the budget at Knowsley's council meeting?" is not answered
    from Stockport's minutes); empty when the question names none of their councils. Names
    are matched with their capitals ("Reading", not "reading")."""
    councils = {p.citation.council for p in passages if p.citation.council}
    named = set(named_councils(question, councils))
    if not named:
        return frozenset()
    return frozenset(
        n
        for n, p in enumerate(passages, 1)
        if p.citation.council is not None and p.citation.council not in named
    )


def short_candidates(
    question: str, ranked: Sequence[_Sentence], passages: Sequence[Passage]
) -> list[Candidate]:
    """The sentences read for a short answer: the best ones, and any other sentence of the
    leading passages that holds a fact of the kind asked for ("A vote was called, which
    resulted as follows: For: 31; …" shares one word with "what was the vote on the proposal
    to increase …"); none from another council than the question names, if it names one (a
    seconder or a figure from another council's passage is a confident wrong answer)."""
    elsewhere = other_councils(question, passages)
    ranked = [s for s in ranked if s.passage not in elsewhere]
    leading = {s.passage for s in ranked[:LEADING_SENTENCES]}
    read = list(ranked[:SHORT_SENTENCES]) + [
        s
        for s in ranked[SHORT_SENTENCES:]
        if s.passage in leading and asks_and_holds(question, s.text)
    ]
    return [Candidate(s.passage, s.start, s.end, s.score, s.quotable) for s in read]


class ExtractiveAnswerer:
    """Quote the best sentences of the retrieved passages, grouped by agenda item."""

    name = "extractive"

    def __init__(
        self,
        embedder: Embedder,
        settings: AnswerSettings | None = None,
        short_weights: ShortWeights | None = None,
    ) -> None:
        self.embedder = embedder
        self.settings = settings or AnswerSettings()
        self.short_weights = short_weights or ShortWeights()
        # The decision register of the index answered from (set by the asker): votes, movers
        # and outcomes are read from it first (:mod:`.from_register`).
        self.decisions_of: DecisionLookup | None = None

    def _from_register(
        self,
        question: str,
        ranked: list[_Sentence],
        passages: Sequence[Passage],
        elsewhere: frozenset[int] = frozenset(),
    ) -> tuple[ShortAnswer, _Sentence | None] | None:
        if self.decisions_of is None:
            return None
        found = register_answer(question, passages, self.decisions_of(passages))
        if found is not None and found.passage + 1 in elsewhere:
            return None
        if found is None:
            return None
        marker = found.passage + 1
        sentence = next(
            (
                s
                for s in ranked
                if s.passage == marker and s.start <= found.start < max(s.end, s.start + 1)
            ),
            None,
        )
        passage = passages[found.passage]
        return (
            ShortAnswer(
                text=found.text(passages),
                kind=found.kind,
                marker=marker,
                passage_id=passage.citation.id,
                start=found.start,
                end=found.end,
                sentence=sentence.text if sentence else quote_text(found.decision.text),
                decision=found.decision.model_copy(update={"citation": None}),
            ),
            sentence,
        )

    def _sentences(self, passages: Sequence[Passage]) -> list[_Sentence]:
        """Every sentence once. Lines that are not whole sentences ("For: 19 / Against: 6",
        "Motion Passed (10 to 3)") are never quoted alone, but a short answer may be read from
        them: they are kept joined to the sentence before, which says what they are about."""
        found: list[_Sentence] = []
        seen: set[str] = set()
        for marker, passage in enumerate(passages, 1):
            previous: tuple[int, int] | None = None
            for position, (start, end) in enumerate(split_sentences(passage.text)):
                raw = passage.text[start:end]
                shown = quote_text(raw)
                quotable = _quotable(raw, shown)
                if not quotable and previous is not None and len(shown.split()) >= 2:
                    start = previous[0]
                    shown = quote_text(passage.text[start:end])
                previous = (start, end)
                key = shown.lower()
                if key in seen:  # overlapping chunks repeat sentences
                    continue
                seen.add(key)
                found.append(_Sentence(shown, marker, position, start, end, quotable=quotable))
        return found

    def candidates(self, question: str, passages: Sequence[Passage]) -> list[_Sentence]:
        """Every sentence (quotable or not) with its relevance score, best first."""
        sentences = self._sentences(passages)
        if not sentences:
            return []
        stems = {light_stem(t) for t in query_terms(question)}
        vectors = self.embedder.embed([question] + [s.text for s in sentences])
        similarity = vectors[1:] @ vectors[0]
        for i, sentence in enumerate(sentences):
            sentence.overlap = term_overlap(stems, sentence.text)
            # Earlier passages were ranked higher by hybrid retrieval: a small prior.
            prior = 0.05 / sentence.passage
            sentence.score = float(0.6 * similarity[i] + 0.4 * sentence.overlap + prior)
            sentence.vector = vectors[i + 1]
        return sorted(sentences, key=lambda s: (-s.score, s.passage, s.position))

    def score(self, question: str, passages: Sequence[Passage]) -> list[_Sentence]:
        """The sentences to quote: those near the best, diversified by MMR."""
        ranked = self.candidates(question, passages)
        return self._picked(ranked)

    def _picked(self, ranked: list[_Sentence]) -> list[_Sentence]:
        if not ranked:
            return []
        # Weak sentences only pad the answer: keep those near the best one.
        ranked = [s for s in ranked if s.quotable]
        if not ranked:
            return []
        floor = ranked[0].score * RELATIVE_FLOOR
        keep = [s for s in ranked if s.score >= floor]
        return self._mmr(keep, np.vstack([s.vector for s in keep if s.vector is not None]))

    def _mmr(self, sentences: list[_Sentence], matrix: np.ndarray) -> list[_Sentence]:
        lam = self.settings.mmr_lambda
        chosen: list[int] = []
        remaining = list(range(len(sentences)))
        while remaining and len(chosen) < self.settings.max_sentences:

            def value(i: int) -> float:
                redundancy = max((float(matrix[i] @ matrix[j]) for j in chosen), default=0.0)
                return lam * sentences[i].score - (1 - lam) * redundancy

            best = max(remaining, key=lambda i: (value(i), -i))
            chosen.append(best)
            remaining.remove(best)
        return [sentences[i] for i in chosen]

    def short(
        self, question: str, ranked: list[_Sentence], passages: Sequence[Passage]
    ) -> tuple[ShortAnswer, _Sentence | None] | None:
        """The fact asked for, from the best-supported span of the kind the question asks for
        (:mod:`.short`); None when the question asks for no single fact or the best span's
        score is under the floor. Its marker is the passage's (renumbered with the rest)."""
        # A question that names a council is answered from that council's minutes only.
        elsewhere = other_councils(question, passages)
        registered = self._from_register(question, ranked, passages, elsewhere)
        if registered is not None:
            return registered
        found = best_span(
            question,
            short_candidates(question, ranked, passages),
            [p.text for p in passages],
            self.short_weights,
            [item_header(p.citation) for p in passages],
        )
        if found is None:
            return None
        span, candidate = found
        sentence = next(
            s for s in ranked if (s.passage, s.start) == (candidate.passage, candidate.start)
        )
        passage = passages[candidate.passage - 1]
        return (
            ShortAnswer(
                text=quote_text(passage.text[span.start : span.end]),
                kind=span.kind,
                marker=candidate.passage,
                passage_id=passage.citation.id,
                start=span.start,
                end=span.end,
                sentence=sentence.text,
            ),
            sentence,
        )

    def answer(
        self,
        question: str,
        passages: Sequence[Passage],
        on_token: TokenCallback | None = None,
    ) -> Answer:
        ranked = self.candidates(question, passages)
        picked = self._picked(ranked)
        if not picked:
            return Answer(question=question, text="", evidence=list(passages), abstained=True)
        short = self.short(question, ranked, passages)
        if short is not None and short[1] is not None and short[1] not in picked:
            picked = [short[1], *picked[: self.settings.max_sentences - 1]]
        # Group by agenda item, best group first; quote in reading order within a group.
        groups: dict[tuple[object, ...], list[_Sentence]] = {}
        for sentence in picked:
            groups.setdefault(item_key(passages[sentence.passage - 1].citation), []).append(
                sentence
            )
        claims: list[Claim] = []
        paragraphs: list[str] = []
        for members in groups.values():
            members.sort(key=lambda s: (s.passage, s.position))
            citation = passages[members[0].passage - 1].citation
            quotes = []
            for s in members:
                cited = passages[s.passage - 1].citation
                claims.append(
                    Claim(
                        text=s.text,
                        markers=[s.passage],
                        citation_ids=[cited.id],
                        passage_id=cited.id,
                        start=s.start,
                        end=s.end,
                    )
                )
                quotes.append(f"“{s.text}” [{s.passage}]")
            paragraphs.append(f"{_heading(citation)}:\n" + " ".join(quotes))
        quoted = [passages[c.markers[0] - 1].citation for c in claims]
        lead = ""
        if short is not None:
            answer = short[0]
            source = passages[answer.marker - 1].citation
            lead = f"{answer.text} — {_source_label(source)} [{answer.marker}]\n\n"
        text, claims, citations = number_sources(
            lead + coverage_line(quoted) + "\n\n" + "\n\n".join(paragraphs), claims, passages
        )
        short_answer = None
        if short is not None:
            marker = next(c.marker for c in citations if short[0].passage_id in c.passage_ids)
            short_answer = short[0].model_copy(update={"marker": marker or 0})
        if on_token is not None:
            for piece in re.split(r"(?<=\n)", text):
                on_token(piece)
        return Answer(
            question=question,
            text=text,
            short_answer=short_answer,
            claims=claims,
            citations=citations,
            evidence=list(passages),
            mode="extractive",
        )


def item_header(citation: Citation) -> str:
    """The words that name a passage's agenda item: council, committee, title and date."""
    when = citation.meeting_date.strftime("%d %B %Y") if citation.meeting_date else None
    parts = (citation.council, citation.committee, citation.item_title, when)
    return " ".join(x for x in parts if x)


def _source_label(citation: Citation) -> str:
    """'Croydon, Children's Services, 2017' — where a short answer comes from, briefly."""
    parts = [citation.council, citation.committee or citation.item_title, citation.date_label]
    return ", ".join(p for p in parts if p)
