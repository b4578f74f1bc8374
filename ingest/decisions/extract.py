"""Find the decisions recorded in the text of one agenda item, and their outcomes.

``extract_decisions`` runs the sentence-by-sentence reader (``reader.Reader``) over an item's
text and settles each decision's outcome (carried, lost, approved, noted, deferred, withdrawn,
called in) and the body a recommendation goes to; ``extract_item_decisions`` does so for each
agenda item of a document, with offsets in the document's text.
"""

from __future__ import annotations

import re

from rag.text import Span, page_breaks, unhyphenated, unhyphenated_span

from .found import FoundDecision
from .line import blank_side_column
from .names import body_after
from .patterns import (
    BE_RECOMMENDED,
    DEFER,
    NOTE_ONLY,
    OTHER_EFFECT,
    PROCEDURAL,
    RECOMMEND_TO,
    may_decide,
)
from .reader import Reader, two_motions
from .results import withdrawn

__all__ = ["FoundDecision", "extract_decisions", "extract_item_decisions"]


def _finish(found: FoundDecision, text: str) -> FoundDecision:
    body = text[found.start : found.end]
    result = found.result
    result.tidy_names()
    result.complete_one_side()
    if (found.kind == "recommended" and found.to_body is None) or found.to_body is None:
        found.to_body = _to_body(body)
    if result.outcome == "withdrawn" or (
        not found.motion
        and ((withdrawn(body) and PROCEDURAL.search(body)) or re.match(r"\W*Withdrawn\b", body))
    ):
        found.outcome = "withdrawn"
    elif found.kind in ("motion", "amendment") and (
        result.outcome == "lost"
        or (result.outcome is None and result.votes is not None and _lost_on(result.votes))
    ):
        found.outcome = "lost"
    elif found.called_in:
        found.outcome = "called_in"
    elif result.outcome == "deferred" or _defers(body[:400]):
        found.outcome = "deferred"
    elif found.kind == "noted" or (NOTE_ONLY.match(body) and not OTHER_EFFECT.search(body)):
        found.outcome = "noted"
    elif result.outcome == "approved":  # (an amendment the mover accepted)
        found.outcome = "approved"
    elif result.outcome == "carried" or result.votes is not None or result.unanimous:
        found.outcome = "carried"
    elif found.kind in ("resolved", "agreed", "recommended"):
        found.outcome = "approved"
    else:
        found.outcome = "unknown"
    return found


# A clause that asks another body for something: its words are not what this decision did
# ("… be referred back to the Cabinet, with the recommendation that the closure be deferred")
_ASKS_ANOTHER = re.compile(
    r"\b(?:with\s+(?:the|a)\s+(?:recommendation|request)|recommending|requesting|asking)\s+that\b",
    re.IGNORECASE,
)


# Words without which DEFER cannot match (looked for in the lower-cased text first)
_DEFER_WORDS = (
    "defer", "adjourn", "tabl", "continu", "referred back", "held over", "hold over", "postpon",
    "reported", " meeting",
)  # fmt: skip


def _defers(body: str) -> bool:
    """Does the decision put its business off (not only ask another body to put something off)?"""
    low = body.lower()
    if not any(word in low for word in _DEFER_WORDS):
        return False
    deferral = DEFER.search(body)
    if deferral is None:
        return False
    asks = _ASKS_ANOTHER.search(body, 0, deferral.start())
    return asks is None


# "It was agreed that the next meeting would take place on …", "that the next meeting be held
# in Ballindrum Library on …": the date of the next meeting is no decision (labelling rules)
_NEXT_MEETING = re.compile(
    r"\W*(?:that\s+)?(?:the\s+)?(?:date\s+(?:and\s+\w+\s+)?of\s+the\s+)?next\s+(?:\w+\s+)?"
    r"meeting\s+(?:of\s+[^.;\n]{1,60}?\s+)?(?:would|will|should|be|is|was|shall)\b",
    re.IGNORECASE,
)


def _next_meeting_only(found: FoundDecision, text: str) -> bool:
    """A decision that only sets the date or place of the next meeting, with no vote or
    movers of its own."""
    return (
        not found.motion
        and found.mover is None
        and found.result.votes is None
        and _NEXT_MEETING.match(text, found.start, found.end) is not None
    )


def _lost_on(votes: tuple[int | None, int | None, int | None]) -> bool:
    """Counts alone decide a motion whose result is not stated: fewer for than against."""
    return votes[0] is not None and votes[1] is not None and votes[0] < votes[1]


def _to_body(body: str) -> str | None:
    m = BE_RECOMMENDED.search(body)
    if m:
        return re.sub(r"\s+", " ", m.group("body"))
    m = RECOMMEND_TO.search(body)
    if m:
        return body_after(body[m.end() :])
    return None


def extract_decisions(text: str, breaks: list[Span] | None = None) -> list[FoundDecision]:
    """Decisions recorded in ``text`` (one agenda item's text), in document order.

    PDF text hyphenates words at line ends ("moved as an amen-\ndment"): the reader reads
    them joined, and every offset it finds is mapped back to ``text``; page furniture inside
    a sentence ("3 votes in favour / - 2 - / running header / and 6 against") is read as one
    space (``breaks``: those found over the whole document, else over ``text``)."""
    if breaks is None:  # (read alone; an agenda item's text comes blanked with its document)
        text = blank_side_column(text)
    joined, where = unhyphenated(text, page_breaks(text) if breaks is None else breaks)
    if not may_decide(joined):
        return []
    reader = Reader(joined)
    found = [
        _finish(f, reader.text)
        for f in sorted(reader.read(), key=lambda f: f.start)
        if not _next_meeting_only(f, reader.text)
    ]
    if joined != text:
        for f in found:
            f.start, f.end = unhyphenated_span(where, f.start, f.end)
            f.evidence = {k: unhyphenated_span(where, *v) for k, v in f.evidence.items()}
            f.result.evidence = {
                k: unhyphenated_span(where, *v) for k, v in f.result.evidence.items()
            }
    return found


def extract_item_decisions(
    text: str, spans: list[tuple[int, int]], failed: list[int] | None = None
) -> list[tuple[int, FoundDecision]]:
    """Decisions of each agenda item of a document: (item index, decision) with offsets in
    ``text``. Each item is read on its own, so a motion never merges with a block of
    another item."""
    out: list[tuple[int, FoundDecision]] = []
    seen: dict[str, FoundDecision] = {}
    # (page breaks are found over the whole document: its running header repeats there)
    breaks = page_breaks(text)
    # (a table's column is found over the whole document: an item may have one row of it)
    text = blank_side_column(text)
    for index, (start, end) in enumerate(spans):
        inside = [(a - start, b - start) for a, b in breaks if start <= a and b <= end]
        try:
            decisions = extract_decisions(text[start:end], inside)
        except Exception:  # noqa: BLE001 - one odd item must not stop an ingest
            if failed is not None:
                failed.append(index)
            continue
        for found in decisions:
            key = " ".join(text[start + found.start : start + found.end].split())
            first = seen.get(key)
            if first is not None and not two_motions(first, found):
                continue  # a block repeated under "Decision:" and "Minutes:"
            seen.setdefault(key, found)
            found.start += start
            found.end += start
            found.evidence = {k: (a + start, b + start) for k, (a, b) in found.evidence.items()}
            found.result.evidence = {
                k: (a + start, b + start) for k, (a, b) in found.result.evidence.items()
            }
            out.append((index, found))
    return out
