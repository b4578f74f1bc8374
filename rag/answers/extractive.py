"""The default answerer: offline, deterministic, built from the minutes' own sentences.

Sentences of the retrieved passages are scored against the question (embedding similarity plus
question-term overlap), picked with maximal marginal relevance so the answer does not repeat
itself, grouped by agenda item, and quoted with their citation markers under a one-line summary
of coverage ("Found in 3 agenda items from 2 councils, Nov 2017 – Nov 2022.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..dates import month_label
from ..embedders import Embedder
from ..models import Answer, Citation, Claim, Passage
from ..settings import AnswerSettings
from ..text import light_stem, query_terms, split_sentences, term_overlap
from .base import TokenCallback, cited_citations

__all__ = ["ExtractiveAnswerer", "coverage_line", "item_key"]

RELATIVE_FLOOR = 0.6
_BOILERPLATE = re.compile(
    r"^(minutes|supporting documents|additional documents|report attached|report to follow)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


def item_key(citation: Citation) -> tuple[object, ...]:
    """Identity of the agenda item a citation points to."""
    return (
        citation.council,
        citation.committee,
        citation.meeting_date,
        citation.year,
        citation.item_number,
        citation.item_title,
        citation.source,
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
    where = citation.council or "Council not stated"
    detail = [x for x in (citation.committee, citation.date_label) if x]
    if citation.item_number:
        detail.append(f"item {citation.item_number}")
    title = f" “{citation.item_title}”" if citation.item_title else ""
    return f"{where}{title}" + (f" ({', '.join(detail)})" if detail else "")


@dataclass
class _Sentence:
    text: str
    passage: int  # 1-based marker
    position: int  # order within the passage, to quote in reading order
    score: float = 0.0


class ExtractiveAnswerer:
    """Quote the best sentences of the retrieved passages, grouped by agenda item."""

    name = "extractive"

    def __init__(self, embedder: Embedder, settings: AnswerSettings | None = None) -> None:
        self.embedder = embedder
        self.settings = settings or AnswerSettings()

    def _sentences(self, passages: Sequence[Passage]) -> list[_Sentence]:
        found: list[_Sentence] = []
        seen: set[str] = set()
        for marker, passage in enumerate(passages, 1):
            for position, (start, end) in enumerate(split_sentences(passage.text)):
                text = " ".join(passage.text[start:end].split()).lstrip("•-* ")
                if len(text.split()) < 5 or _BOILERPLATE.match(text):
                    continue
                key = text.lower()
                if key in seen:  # overlapping chunks repeat sentences
                    continue
                seen.add(key)
                found.append(_Sentence(text, marker, position))
        return found

    def score(self, question: str, passages: Sequence[Passage]) -> list[_Sentence]:
        """Candidate sentences with relevance scores, best first, diversified by MMR."""
        sentences = self._sentences(passages)
        if not sentences:
            return []
        stems = {light_stem(t) for t in query_terms(question)}
        vectors = self.embedder.embed([question] + [s.text for s in sentences])
        query, matrix = vectors[0], vectors[1:]
        similarity = matrix @ query
        for i, sentence in enumerate(sentences):
            overlap = term_overlap(stems, sentence.text)
            # Earlier passages were ranked higher by hybrid retrieval: a small prior.
            prior = 0.05 / sentence.passage
            sentence.score = float(0.6 * similarity[i] + 0.4 * overlap + prior)
        # Weak sentences only pad the answer: keep those near the best one.
        floor = max(s.score for s in sentences) * RELATIVE_FLOOR
        keep = [i for i, s in enumerate(sentences) if s.score >= floor]
        return self._mmr([sentences[i] for i in keep], matrix[keep])

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

    def answer(
        self,
        question: str,
        passages: Sequence[Passage],
        on_token: TokenCallback | None = None,
    ) -> Answer:
        picked = self.score(question, passages)
        if not picked:
            return Answer(question=question, text="", passages=list(passages), abstained=True)
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
                claims.append(Claim(text=s.text, markers=[s.passage], citation_ids=[cited.id]))
                quotes.append(f"“{s.text}” [{s.passage}]")
            paragraphs.append(f"{_heading(citation)}:\n" + " ".join(quotes))
        citations = cited_citations(claims, passages)
        text = coverage_line(citations) + "\n\n" + "\n\n".join(paragraphs)
        if on_token is not None:
            for piece in re.split(r"(?<=\n)", text):
                on_token(piece)
        return Answer(
            question=question,
            text=text,
            claims=claims,
            citations=citations,
            passages=list(passages),
            mode="extractive",
        )
