"""What every answerer shares: the ``Answerer`` protocol and citation bookkeeping.

An answerer writes its text against the passages it was given: ``[n]`` cites ``passages[n - 1]``
(the numbering a language model sees). :func:`number_sources` then renumbers the answer for its
reader: one source per agenda item, numbered 1, 2, 3 … in order of first appearance, each
listing every passage of that item the answer quotes. CLI, JSON, app, Markdown and CSV all show
these source numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from ..models import Answer, Citation, Claim, Passage

__all__ = [
    "MARKER",
    "Answerer",
    "TokenCallback",
    "item_key",
    "markers_in",
    "number_sources",
]

TokenCallback = Callable[[str], None]
MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


@runtime_checkable
class Answerer(Protocol):
    """Turns a question and its retrieved passages into a cited :class:`Answer`."""

    name: str

    def answer(
        self,
        question: str,
        passages: Sequence[Passage],
        on_token: TokenCallback | None = None,
    ) -> Answer:
        """Answer from ``passages`` only; stream text pieces to ``on_token`` if given."""
        ...


def markers_in(text: str) -> list[int]:
    """Citation numbers in ``text``: '[1]', '[2, 3]' → [1, 2, 3] (in order, no repeats)."""
    found: list[int] = []
    for group in MARKER.findall(text):
        for number in group.split(","):
            value = int(number)
            if value not in found:
                found.append(value)
    return found


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


def number_sources(
    text: str, claims: Sequence[Claim], passages: Sequence[Passage]
) -> tuple[str, list[Claim], list[Citation]]:
    """Renumber passage markers (``[n]`` = ``passages[n - 1]``) as source markers.

    Sources are agenda items numbered by first appearance in ``text``; markers naming no
    retrieved passage are dropped. Returns the text, the claims (their ``markers`` now source
    numbers, ``citation_ids`` still passage ids) and one citation per source, in marker order.
    """
    number_of: dict[int, int] = {}  # passage marker → source number
    sources: dict[tuple[object, ...], Citation] = {}
    for marker in markers_in(text):
        if not 1 <= marker <= len(passages):
            continue
        passage = passages[marker - 1]
        key = item_key(passage.citation)
        if key not in sources:
            sources[key] = passage.citation.model_copy(
                update={"marker": len(sources) + 1, "passage_ids": []}
            )
        source = sources[key]
        if passage.citation.id not in source.passage_ids:
            source.passage_ids.append(passage.citation.id)
            if passage.citation.ocr:  # a source is OCR text if any passage quoted from it is
                confidences = [source.ocr_confidence, passage.citation.ocr_confidence]
                known = [c for c in confidences if c is not None]
                source.ocr, source.ocr_confidence = True, min(known) if known else None
        number_of[marker] = source.marker or 0

    def renumber(group: re.Match[str]) -> str:
        numbers = [number_of.get(int(n)) for n in group.group(1).split(",")]
        kept = sorted({n for n in numbers if n})
        return f"[{', '.join(map(str, kept))}]" if kept else ""

    renumbered = [
        claim.model_copy(
            update={
                "markers": sorted({number_of[m] for m in claim.markers if m in number_of}),
                "text": MARKER.sub(renumber, claim.text),
            }
        )
        for claim in claims
    ]
    return MARKER.sub(renumber, text), renumbered, list(sources.values())
