"""The decision register as users ask for it: decisions filtered by council, committee, dates,
outcome, person and topic (one service for the CLI, the app and the answers)."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Decision, Filters
from .search import Searcher

__all__ = ["OUTCOMES", "find_decisions"]

OUTCOMES = ("carried", "lost", "deferred", "withdrawn", "noted", "approved", "called_in", "unknown")


def find_decisions(
    searcher: Searcher,
    filters: Filters | None = None,
    *,
    topic: str | None = None,
    outcomes: Sequence[str] = (),
    person: str | None = None,
    limit: int | None = None,
) -> list[Decision]:
    """Decisions passing every filter, by meeting date. A ``topic`` is searched like a
    question and keeps the decisions of the agenda items found on it."""
    items = searcher.items_about(topic, filters) if topic and topic.strip() else None
    return searcher.store.decisions(
        filters, outcomes=outcomes, person=person, item_ids=items, limit=limit
    )
