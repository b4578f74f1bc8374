"""The decision register's table: its schema, its writes and its reads (no other module holds
its SQL). Rows belong to an agenda item and go with it (``ON DELETE CASCADE``), so a re-ingested
file replaces its decisions in the same transaction as its passages."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..models import Decision, Filters, Passage, Votes
from .reads import filter_sql, item_citation

__all__ = ["DECISIONS_SCHEMA", "DecisionReads", "insert_decisions"]

DECISIONS_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    decision_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items(item_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, kind TEXT NOT NULL, outcome TEXT NOT NULL, text TEXT NOT NULL,
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, mover TEXT, seconder TEXT,
    votes TEXT, unanimous INTEGER NOT NULL, names TEXT, to_body TEXT, evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_item ON decisions(item_id);
"""

_FIELDS = """
    SELECT x.decision_id, x.item_id, x.kind, x.outcome, x.text, x.char_start, x.char_end,
           x.mover, x.seconder, x.votes, x.unanimous, x.names, x.to_body, x.evidence,
           d.source, d.pages, i.council, i.committee, i.meeting_date, i.year, i.item_number,
           i.title, i.url, substr(d.text, 1, 400), substr(d.text, i.char_start + 1, 300),
           substr(d.text, max(i.char_start, x.char_start - 1500) + 1,
                  x.char_start - max(i.char_start, x.char_start - 1500))
    FROM decisions x JOIN items i ON i.item_id = x.item_id JOIN documents d ON d.doc_id = i.doc_id
"""


def insert_decisions(conn: sqlite3.Connection, decisions: Sequence[Decision]) -> None:
    """Store one document's decisions (inside the caller's transaction)."""
    for ordinal, dec in enumerate(decisions):
        names = {
            key: value
            for key, value in (
                ("for", dec.for_names),
                ("against", dec.against_names),
                ("abstain", dec.abstain_names),
            )
            if value is not None
        }
        conn.execute(
            "INSERT OR REPLACE INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                dec.decision_id,
                dec.item_id,
                ordinal,
                dec.kind,
                dec.outcome,
                dec.text,
                dec.start,
                dec.end,
                dec.mover,
                dec.seconder,
                dec.votes.model_dump_json() if dec.votes else None,
                int(dec.unanimous),
                json.dumps(names) if names else None,
                dec.to_body,
                json.dumps({k: list(v) for k, v in dec.evidence.items()}),
            ),
        )


def _page(pages_json: str, offset: int) -> int | None:
    for page in json.loads(pages_json or "[]"):
        if page["start"] <= offset < page["end"]:
            return int(page["page"])
    return None


def _decision(row: tuple[Any, ...]) -> Decision:
    (
        decision_id, item_id, kind, outcome, text, start, end, mover, seconder, votes,
        unanimous, names, to_body, evidence, source, pages, council, committee, meeting_date,
        year, number, title, url, document_opening, item_opening, preceding,
    ) = row  # fmt: skip
    named = json.loads(names) if names else {}
    return Decision(
        decision_id=decision_id,
        item_id=item_id,
        kind=kind,
        outcome=outcome,
        text=text,
        start=start,
        end=end,
        mover=mover,
        seconder=seconder,
        votes=Votes.model_validate_json(votes) if votes else None,
        unanimous=bool(unanimous),
        for_names=named.get("for"),
        against_names=named.get("against"),
        abstain_names=named.get("abstain"),
        to_body=to_body,
        evidence={k: (int(v[0]), int(v[1])) for k, v in json.loads(evidence).items()},
        citation=item_citation(
            decision_id,
            (council, committee, meeting_date, year, number, title, url),
            _page(pages, start),
            text,
            source,
        ),
    ).with_openings(
        document_opening or "",
        item_opening or "",
        # (its own line's text before it, at most 120 characters)
        (preceding or "").rpartition("\n")[2][-120:],
        preceding or "",
    )


class DecisionReads:
    """Reads of the decision register, mixed into the index store."""

    conn: sqlite3.Connection

    def has_decisions_table(self) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'"
        ).fetchone()
        return row is not None

    def decisions(
        self,
        filters: Filters | None = None,
        *,
        outcomes: Sequence[str] = (),
        person: str | None = None,
        item_ids: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Decision]:
        """Decisions passing the filters, by meeting date then document order. ``person``
        matches the mover or seconder (case-insensitive substring); ``item_ids`` keeps only
        those agenda items."""
        if not self.has_decisions_table():
            return []
        where, params = filter_sql(filters)
        clauses = [where] if where else []
        if outcomes:
            clauses.append(f"x.outcome IN ({','.join('?' * len(outcomes))})")
            params += list(outcomes)
        if person:
            clauses.append(
                "(instr(lower(coalesce(x.mover, '')), lower(?)) > 0 "
                "OR instr(lower(coalesce(x.seconder, '')), lower(?)) > 0)"
            )
            params += [person.strip(), person.strip()]
        if item_ids is not None:
            if not item_ids:
                return []
            clauses.append(f"x.item_id IN ({','.join('?' * len(item_ids))})")
            params += list(item_ids)
        sql = _FIELDS + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
        sql += " ORDER BY coalesce(i.date_start, '9999'), d.source, i.ordinal, x.ordinal"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [_decision(r) for r in self.conn.execute(sql, params)]

    def decisions_in(self, passages: Sequence[Passage]) -> list[Decision]:
        """Decisions lying in the passages' agenda items (matched by source and offsets)."""
        if not passages or not self.has_decisions_table():
            return []
        sources = sorted({p.source for p in passages})
        marks = ",".join("?" * len(sources))
        rows = self.conn.execute(f"{_FIELDS} WHERE d.source IN ({marks})", sources).fetchall()
        spans = [(p.source, p.char_start, p.char_end) for p in passages]
        found = []
        for row in rows:
            dec = _decision(row)
            source = dec.citation.source if dec.citation else ""
            if any(s == source and a < dec.end and dec.start < b for s, a, b in spans):
                found.append(dec)
        return found

    def decision_count(self) -> int:
        if not self.has_decisions_table():
            return 0
        return int(self.conn.execute("SELECT count(*) FROM decisions").fetchone()[0])
