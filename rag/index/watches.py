"""Saved questions ("watches") kept in the index's SQLite file, table ``watches``.

They live with the index they watch: an ingest, ``--prune`` included, never touches the table,
so watches survive every re-ingest; removing the index folder removes them. A watch is written
in its own short transaction beside the index's content: it is no new build (the generation,
FAISS and the manifest stay as they are) and it waits for an ingest's commit instead of racing
it (SQLite's write lock; the ingest's ``.lock`` is not taken, so watches can be edited while a
long ingest parses and embeds).

``last_generation`` is the build a watch's last ``--since-last`` run searched: the next such run
reports items changed after it (:mod:`.changes`).
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from ..models import Filters
from .changes import ensure_item_changes

__all__ = ["Watch", "WatchStore"]

_TABLE = "watches"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {_TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, question TEXT NOT NULL,
    filters TEXT NOT NULL, created_at TEXT NOT NULL, last_run_at TEXT, last_generation INTEGER
)
"""
_FIELDS = "id, name, question, filters, created_at, last_run_at, last_generation"


class Watch(BaseModel):
    """A saved question and where its last ``--since-last`` run left off."""

    id: int = Field(description="Never reused: a watch removed and added again is a new one.")
    name: str
    question: str
    filters: Filters = Field(default_factory=Filters)
    created_at: str
    last_run_at: str | None = Field(None, description="When a --since-last run last reported.")
    last_generation: int | None = Field(
        None, description="The index build that run searched (None: never run)."
    )


def _watch(row: tuple[object, ...]) -> Watch:
    id_, name, question, filters, created, last_run, generation = row
    return Watch(
        id=int(str(id_)),
        name=str(name),
        question=str(question),
        filters=Filters.model_validate_json(str(filters)),
        created_at=str(created),
        last_run_at=str(last_run) if last_run is not None else None,
        last_generation=int(str(generation)) if generation is not None else None,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchStore:
    """Watch reads and writes, mixed into the index store."""

    conn: sqlite3.Connection

    def side_transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write beside the index's content (provided by the store)."""
        raise NotImplementedError

    def _has_watches(self) -> bool:
        return bool(
            self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_TABLE,)
            ).fetchone()
        )

    def watches(self) -> list[Watch]:
        """Every watch, oldest first (none on an index that never had one)."""
        if not self._has_watches():
            return []
        rows = self.conn.execute(f"SELECT {_FIELDS} FROM {_TABLE} ORDER BY id").fetchall()
        return [_watch(r) for r in rows]

    def add_watch(self, name: str, question: str, filters: Filters) -> Watch | None:
        """Save a watch; None when one with that name exists. The index starts recording
        when its items change, if it did not yet."""
        with self.side_transaction() as conn:
            conn.execute(_SCHEMA)
            ensure_item_changes(conn)
            try:
                cur = conn.execute(
                    f"INSERT INTO {_TABLE} (name, question, filters, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    (name, question, filters.model_dump_json(exclude_defaults=True), _now()),
                )
            except sqlite3.IntegrityError:  # the name is taken
                return None
            row = conn.execute(
                f"SELECT {_FIELDS} FROM {_TABLE} WHERE id = ?", (cur.lastrowid,)
            ).fetchone()
        return _watch(row)

    def remove_watch(self, name: str) -> bool:
        """Remove the watch called ``name``; False when there is none."""
        if not self._has_watches():
            return False
        with self.side_transaction() as conn:
            cur = conn.execute(f"DELETE FROM {_TABLE} WHERE name = ?", (name,))
        return cur.rowcount > 0

    def mark_watches(self, generations: dict[int, int]) -> None:
        """Record that these watches (by id) reported everything up to these generations. A
        marker only moves forward; a watch removed meanwhile is left removed."""
        if not generations:
            return
        now = _now()
        with self.side_transaction() as conn:
            conn.executemany(
                f"UPDATE {_TABLE} SET last_run_at = ?, "
                "last_generation = max(coalesce(last_generation, -1), ?) WHERE id = ?",
                [(now, generation, id_) for id_, generation in generations.items()],
            )
