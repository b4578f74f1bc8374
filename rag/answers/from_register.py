"""Short answers read from the decision register: "who moved …?", "what was the result of the
vote on …?", "what did the committee decide about …?".

The register (built at ingest) knows each decision's mover, seconder, vote and outcome and
where in the document each was read. Among the decisions inside the passages retrieved for the
question, the one whose words (and its item's title) share most of the question's terms is
taken, and the field asked for is quoted from the passage that holds it, so the short answer
stays a checkable span of the minutes like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..models import Citation, Decision, Passage
from ..text import TERM, quote_text
from .short import _key, _role, question_kinds

__all__ = ["DecisionLookup", "RegisterAnswer", "register_answer"]

DecisionLookup = Callable[[Sequence[Passage]], list[Decision]]
"""Decisions of the documents the passages come from (supplied by the asker's index)."""

_QUESTION_WORDS = frozenset(
    """what who whom which when how was were did does do is are the a an of on at in to for by
    about result outcome vote votes voting moved move proposed propose seconded second seconder
    decide decided decision resolve resolved agree agreed happen happened and or with its their
    council councils committee meeting held""".split()
)
_GAP = 40  # outcome and counts this close together are quoted as one ("CARRIED (For 7, …)")


@dataclass
class RegisterAnswer:
    """The span to quote: passage index (0-based), offsets in its text, kind, and decision."""

    passage: int
    start: int
    end: int
    kind: str
    decision: Decision
    shared: float = 0.0  # share of the question's terms found in the decision and its title

    def text(self, passages: Sequence[Passage]) -> str:
        return quote_text(passages[self.passage].text[self.start : self.end])


def _where(cite: Citation | None) -> str:
    """The item's title and its meeting (council, committee, date) as words the question may
    name ("at Granite Bay's council meeting in February 2024")."""
    if cite is None:
        return ""
    when = cite.meeting_date.strftime("%d %B %Y") if cite.meeting_date else str(cite.year or "")
    return " ".join(x for x in (cite.item_title, cite.council, cite.committee, when) if x)


def _terms(text: str) -> set[str]:
    return {_key(w) for w in TERM.findall(text) if w.lower() not in _QUESTION_WORDS}


def _field_span(
    dec: Decision, kinds: tuple[str, ...], question: str
) -> tuple[str, int, int] | None:
    """(kind, start, end) in the document of what the question asks for."""
    ev = dec.evidence
    if "vote" in kinds:
        spans = [ev[k] for k in ("outcome", "votes") if k in ev]
        if not spans:
            return None
        if len(spans) == 2 and abs(spans[0][0] - spans[1][0]) <= _GAP + 60:
            return "vote", min(s[0] for s in spans), max(s[1] for s in spans)
        return "vote", *(ev.get("votes") or spans[0])
    if "person" in kinds:
        role = _role(question)
        key = {"moved": "mover", "seconded": "seconder"}.get(role or "")
        if key is None or key not in ev:
            return None
        return "person", *ev[key]
    if "outcome" in kinds:
        if dec.outcome in ("lost", "withdrawn", "called_in") and "outcome" in ev:
            return "outcome", *ev["outcome"]
        start, end = ev.get("text", (dec.start, dec.end))
        text = dec.text
        marker = re.match(r"\s*(?:\(?[0-9a-z]{1,3}[.)]|[•\-–])\s+", text)  # "1. That …"
        if marker:
            start, text = start + marker.end(), text[marker.end() :]
        first = re.search(r"[.;](?:\s|$)", text)
        words = text.split()
        if first is not None and first.end() < len(text):
            end = start + first.start() + 1
        elif len(words) > 40:
            end = start + len(" ".join(words[:40]))
        return "outcome", start, end
    return None


def register_answer(
    question: str, passages: Sequence[Passage], decisions: Sequence[Decision]
) -> RegisterAnswer | None:
    """The register's answer to a vote, mover/seconder or decision question, or None."""
    kinds = question_kinds(question)
    if not kinds or not set(kinds) & {"vote", "person", "outcome"}:
        return None
    wanted = _terms(question)
    if not wanted:
        return None
    best: tuple[float, RegisterAnswer] | None = None
    for dec in decisions:
        cite = dec.citation
        source = cite.source if cite else None
        field = _field_span(dec, kinds, question)
        if field is None:
            continue
        kind, start, end = field
        holder = next(
            (
                i
                for i, p in enumerate(passages)
                if p.source == source and p.char_start <= start and end <= p.char_end
            ),
            None,
        )
        if holder is None:
            continue
        about = _terms(dec.text) | _terms(_where(cite))
        shared = len(wanted & about) / len(wanted)
        if shared < 0.25:
            continue
        # "the amendment" asks about an amendment; otherwise the motion or resolution.
        amendment = bool(re.search(r"\bamendment\b", question, re.IGNORECASE))
        score = shared - 0.02 * holder + (0.3 if amendment == (dec.kind == "amendment") else 0.0)
        if best is None or score > best[0]:
            offset = passages[holder].char_start
            found = RegisterAnswer(holder, start - offset, end - offset, kind, dec, shared)
            best = (score, found)
    return best[1] if best else None
