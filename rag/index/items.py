"""Reads of whole agenda items: their text and metadata, and the items that mention a string
(the timeline links items by reference numbers found in their text)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Citation, Filters
from .reads import filter_sql, item_citation

__all__ = ["ItemReads", "ItemRecord"]

_ITEM_FIELDS = """
    SELECT i.item_id, i.council, i.committee, i.meeting_date, i.year, i.item_number, i.title,
           i.url, d.source, substr(d.text, i.char_start + 1, i.char_end - i.char_start),
           i.date_start, i.ordinal
    FROM items i JOIN documents d ON d.doc_id = i.doc_id
"""
MAX_MENTIONS = 50
"""At most this many items are returned for one string (a reference every item cites is noise)."""


@dataclass
class ItemRecord:
    """One agenda item: its citation (no quote), its text and where it sorts in time."""

    item_id: str
    citation: Citation
    text: str
    date_start: str | None
    ordinal: int


def _record(row: tuple[object, ...]) -> ItemRecord:
    item_id, council, committee, meeting_date, year, number, title, url, source, text = row[:10]
    date_start, ordinal = row[10], row[11]
    citation = item_citation(
        str(item_id),
        (council, committee, meeting_date, year, number, title, url),
        None,
        "",
        str(source),
    )
    return ItemRecord(
        str(item_id),
        citation,
        str(text or ""),
        str(date_start) if date_start else None,
        int(str(ordinal)),
    )


class ItemReads:
    """Item reads, mixed into the index store."""

    conn: sqlite3.Connection

    def item_records(self, item_ids: Sequence[str]) -> list[ItemRecord]:
        """The items with these ids (in no particular order); unknown ids are skipped."""
        if not item_ids:
            return []
        marks = ",".join("?" * len(item_ids))
        rows = self.conn.execute(f"{_ITEM_FIELDS} WHERE i.item_id IN ({marks})", list(item_ids))
        return [_record(r) for r in rows]

    def items_mentioning(self, needle: str, filters: Filters | None = None) -> list[str]:
        """Ids of items (passing ``filters``) whose text contains ``needle`` (case-sensitive:
        reference numbers are written one way)."""
        where, params = filter_sql(filters)
        clause = f" AND {where}" if where else ""
        rows = self.conn.execute(
            "SELECT i.item_id FROM items i JOIN documents d ON d.doc_id = i.doc_id "
            "WHERE instr(substr(d.text, i.char_start + 1, i.char_end - i.char_start), ?) > 0"
            f"{clause} LIMIT ?",
            [needle, *params, MAX_MENTIONS + 1],
        ).fetchall()
        return [str(r[0]) for r in rows][:MAX_MENTIONS] if len(rows) <= MAX_MENTIONS else []
