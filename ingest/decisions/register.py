"""A document's decision register: :class:`~rag.models.Decision` records for its agenda items."""

from __future__ import annotations

from rag.models import Decision, ItemSpan, Votes, stable_id

from .extract import FoundDecision, extract_item_decisions

__all__ = ["decisions_for"]


def _record(item_id: str, text: str, found: FoundDecision) -> Decision:
    result = found.result
    votes = None
    if result.votes is not None:
        votes = Votes(in_favour=result.votes[0], against=result.votes[1], abstain=result.votes[2])
    evidence = dict(result.evidence)
    evidence.update(found.evidence)
    evidence["text"] = (found.start, found.end)
    return Decision(
        decision_id=stable_id(item_id, found.start, found.end),
        item_id=item_id,
        kind=found.kind,
        outcome=found.outcome,
        text=text[found.start : found.end],
        start=found.start,
        end=found.end,
        mover=found.mover,
        seconder=found.seconder,
        votes=votes,
        unanimous=result.unanimous,
        for_names=result.names.get("for"),
        against_names=result.names.get("against"),
        abstain_names=result.names.get("abstain"),
        to_body=found.to_body,
        evidence=evidence,
    )


def decisions_for(
    text: str, items: list[tuple[str, ItemSpan]], warnings: list[str] | None = None
) -> list[Decision]:
    """Every decision of a document's agenda items, in document order. An item the reader
    fails on keeps its passages and gets no decisions; the failure is a warning."""
    spans = [(span.start, span.end) for _, span in items]
    failed: list[int] = []
    found = extract_item_decisions(text, spans, failed)
    if warnings is not None:
        for index in failed:
            title = items[index][1].item.title or f"item {index + 1}"
            warnings.append(f"decisions of “{title[:60]}” could not be read; the item is indexed")
    return [_record(items[index][0], text, dec) for index, dec in found]
