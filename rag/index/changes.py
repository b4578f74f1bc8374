"""When each agenda item arrived or last changed: the ``item_changes`` table.

An ingest deletes a changed file's items and inserts them again, so the ``items`` table cannot
say which items are new. ``item_changes`` can: one row per item id with a fingerprint of what a
reader sees of the item (its text, title, number, council, committee, date and link) and the
index generation that first stored that fingerprint. The table has no foreign key to ``items``
on purpose: it outlives the delete-and-insert of a changed file, so an item that comes back
unchanged keeps its generation and only items whose fingerprint moved get the new one. Rows of
items no longer in the index are dropped in the same transaction (a file removed and added
again later counts as added).

An index built before this table gets it on its next write (an ingest, or adding a watch), its
items stamped with the generation current at that moment: nothing earlier is known.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

__all__ = [
    "CHANGED_AFTER",
    "ChangeReads",
    "drop_vanished",
    "ensure_item_changes",
    "record_item_changes",
]

_TABLE = "item_changes"
_SCHEMA = f"""
CREATE TABLE {_TABLE} (
    item_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, generation INTEGER NOT NULL
)
"""
CHANGED_AFTER = f"SELECT item_id FROM {_TABLE} WHERE generation > ?"
"""Item ids added or changed after a generation (one parameter): a sub-query for filters."""

# What a reader sees of an item, read the same way when stamping new items and old indexes.
_SEEN = """
    SELECT i.item_id, i.title, i.item_number, i.council, i.committee, i.meeting_date, i.year,
           i.url, substr(d.text, i.char_start + 1, i.char_end - i.char_start)
    FROM items i JOIN documents d ON d.doc_id = i.doc_id
"""
_UPSERT = f"""
    INSERT INTO {_TABLE} (item_id, fingerprint, generation) VALUES (?, ?, ?)
    ON CONFLICT(item_id) DO UPDATE SET
        fingerprint = excluded.fingerprint, generation = excluded.generation
    WHERE {_TABLE}.fingerprint != excluded.fingerprint
"""


def _fingerprints(rows: list[tuple[object, ...]]) -> list[tuple[str, str]]:
    return [
        (
            str(row[0]),
            hashlib.sha256(json.dumps(row[1:], ensure_ascii=False).encode()).hexdigest()[:32],
        )
        for row in rows
    ]


def _generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    return int(row[0]) if row else 0


def _exists(conn: sqlite3.Connection) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_TABLE,)
        ).fetchone()
    )


def ensure_item_changes(conn: sqlite3.Connection) -> None:
    """Create the table if the index has none, stamping its items with the current generation.

    Call inside a write transaction (``BEGIN IMMEDIATE``): the check and the creation must be
    one step, as an ingest and a ``watch add`` may both be first."""
    if _exists(conn):
        return
    conn.execute(_SCHEMA)
    generation = _generation(conn)
    rows = _fingerprints(conn.execute(_SEEN).fetchall())
    conn.executemany(_UPSERT, [(item, mark, generation) for item, mark in rows])


def record_item_changes(conn: sqlite3.Connection, doc_id: str) -> None:
    """Stamp a just-inserted document's items whose fingerprint is new with the generation this
    transaction commits (the current one plus one: the commit bumps it)."""
    generation = _generation(conn) + 1
    rows = _fingerprints(conn.execute(f"{_SEEN} WHERE i.doc_id = ?", (doc_id,)).fetchall())
    conn.executemany(_UPSERT, [(item, mark, generation) for item, mark in rows])


def drop_vanished(conn: sqlite3.Connection) -> None:
    """Forget items no longer in the index (their file removed, or an item gone from it)."""
    conn.execute(f"DELETE FROM {_TABLE} WHERE item_id NOT IN (SELECT item_id FROM items)")


class ChangeReads:
    """Reads of the change stamps, mixed into the index store."""

    conn: sqlite3.Connection

    def tracks_changes(self) -> bool:
        """Whether this index records when its items changed (built or written since)."""
        return _exists(self.conn)
