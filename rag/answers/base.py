"""What every answerer shares: the ``Answerer`` protocol and citation bookkeeping.

Passages handed to an answerer are numbered from 1 in the order given; ``[n]`` in an answer's text
cites ``passages[n - 1]``.
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
    "citation_for",
    "cited_citations",
    "markers_in",
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


def citation_for(passage: Passage, marker: int) -> Citation:
    return passage.citation.model_copy(update={"marker": marker})


def cited_citations(claims: Sequence[Claim], passages: Sequence[Passage]) -> list[Citation]:
    """One citation per passage cited by a supported claim, ordered by marker."""
    used = sorted({m for c in claims if c.supported for m in c.markers if 1 <= m <= len(passages)})
    return [citation_for(passages[m - 1], m) for m in used]
