"""Every read of an index's SQLite file: filters, passages, scope and statistics.

:class:`IndexReads` is mixed into :class:`~rag.index.store.IndexStore`, so the search, the
answerers, evaluation and the benchmark read through one API and hold no SQL of their own.

Filters become a SQL pre-filter: the allowed chunk ids go to FAISS as an ``IDSelector`` and the
allowed BM25 document numbers restrict the lexical scores, so a filtered search ranks every
matching chunk instead of trimming an unfiltered top-k.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..dates import month_label
from ..models import Citation, Filters, Passage
from .changes import CHANGED_AFTER
from .layout import Manifest
from .lexical import bm25_search

__all__ = [
    "Allowed",
    "IndexReads",
    "IndexStats",
    "PageCounts",
    "Scope",
    "filter_sql",
    "item_citation",
    "ocr_confidence",
]


@dataclass
class IndexStats:
    """What an index holds: councils, committees, counts, date range, build."""

    councils: list[str]
    committees: list[str]
    meetings: int
    items: int
    documents: int
    chunks: int
    first_date: str | None
    last_date: str | None
    built_at: str
    embedder: str
    pages: PageCounts | None = None

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["pages"] = None if self.pages is None else self.pages.to_json()
        return data


@dataclass
class PageCounts:
    """PDF pages of an index by how their text was read."""

    text_layer: int = 0
    ocr: int = 0
    unreadable: int = 0  # no text layer, and OCR found nothing or was not installed
    ocr_documents: int = 0  # documents with at least one page read by OCR
    ocr_confidence: float | None = None  # the mean over OCR'd pages

    @property
    def total(self) -> int:
        return self.text_layer + self.ocr + self.unreadable

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Scope:
    """The part of an index a (filtered) search looked at."""

    councils: list[str]
    unnamed_council: bool
    items: int
    meetings: int
    first: str | None
    last: str | None

    @property
    def period(self) -> str:
        """'2019 – Nov 2022' style range, or '' when nothing is dated."""
        if not self.first:
            return ""
        first, last = month_label(self.first), month_label(self.last or self.first)
        return first if first == last else f"{first} – {last}"


@dataclass(frozen=True)
class Allowed:
    """Chunks passing a filter: their ids (for FAISS) and BM25 document numbers (sorted)."""

    ids: np.ndarray
    docnos: np.ndarray


_CHUNK_FIELDS = """
    SELECT c.id, c.chunk_id, c.text, c.char_start, c.char_end, c.page, d.source,
           i.council, i.committee, i.meeting_date, i.year, i.item_number, i.title, i.url,
           i.truncated, d.pages
    FROM chunks c JOIN items i ON i.item_id = c.item_id JOIN documents d ON d.doc_id = c.doc_id
"""
# A year-only meeting shows as its year, not as 1 January.
_DATE_LABEL = "coalesce(i.meeting_date, CAST(i.year AS TEXT))"


def filter_sql(filters: Filters | None) -> tuple[str, list[Any]]:
    """A WHERE clause over ``items i`` (without the keyword) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters is None:
        return "", params
    if filters.council and filters.council_exact:
        clauses.append("lower(i.council) = lower(?)")
        params.append(filters.council.strip())
    elif filters.council:
        clauses.append("instr(lower(coalesce(i.council, '')), lower(?)) > 0")
        params.append(filters.council.strip())
    if filters.council_stated is not None:
        clauses.append(f"i.council IS {'NOT ' if filters.council_stated else ''}NULL")
    if filters.committee:
        clauses.append("instr(lower(coalesce(i.committee, '')), lower(?)) > 0")
        params.append(filters.committee.strip())
    if filters.since:
        clauses.append("i.date_end >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append("i.date_start <= ?")
        params.append(filters.until.isoformat())
    if filters.changed_after is not None:  # a watch's --since-last (see .changes)
        clauses.append(f"i.item_id IN ({CHANGED_AFTER})")
        params.append(filters.changed_after)
    return " AND ".join(clauses), params


class IndexReads:
    """Read-only queries over an open index (``conn`` and ``manifest`` come from the store)."""

    conn: sqlite3.Connection
    manifest: Manifest

    def allowed(self, filters: Filters | None) -> Allowed | None:
        """Chunks passing ``filters``, read in one query; None when there are no filters."""
        where, params = filter_sql(filters)
        if not where:
            return None
        rows = self.conn.execute(
            "SELECT c.id, l.docno FROM chunks c JOIN items i ON i.item_id = c.item_id "
            f"LEFT JOIN lexical_docs l ON l.chunk = c.id WHERE {where}",
            params,
        ).fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        docnos = np.sort(np.array([r[1] for r in rows if r[1] is not None], dtype=np.int64))
        return Allowed(ids, docnos)

    def bm25(
        self,
        terms: Sequence[str],
        n: int,
        allowed: Allowed | None = None,
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> list[tuple[int, float]]:
        """Top ``n`` (chunk id, BM25 score) for analysed ``terms``, within ``allowed``."""
        return bm25_search(self.conn, terms, n, allowed.docnos if allowed else None, k1=k1, b=b)

    def passages(
        self,
        ranked: Sequence[tuple[int, float]],
        ranks: dict[str, dict[int, int]] | None = None,
        similarity: dict[int, float] | None = None,
    ) -> list[Passage]:
        """Passages for (chunk id, score) pairs in the given order (ranks from 1). Chunks
        deleted since the FAISS file was written are left out. ``ranks`` holds each
        retriever's rank by chunk id ("dense", "bm25"); ``similarity`` the cosine by chunk id."""
        rows = self._rows([cid for cid, _ in ranked])
        ranks = ranks or {}
        similarity = similarity or {}
        found = []
        for rank, (cid, score) in enumerate(ranked, 1):
            if cid in rows:
                passage = _passage(
                    rows[cid],
                    rank,
                    score,
                    ranks.get("dense", {}).get(cid),
                    ranks.get("bm25", {}).get(cid),
                )
                passage.similarity = similarity.get(cid)
                found.append(passage)
        return found

    def _rows(self, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"{_CHUNK_FIELDS} WHERE c.id IN ({marks})", ids)
        return {int(r[0]): r for r in rows}

    def passage_covering(self, source: str, start: int, end: int, rank: int) -> Passage | None:
        """The smallest passage of document ``source`` that holds offsets start..end."""
        row = self.conn.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.doc_id = c.doc_id "
            "WHERE d.source = ? AND c.char_start <= ? AND c.char_end >= ? "
            "ORDER BY c.char_end - c.char_start LIMIT 1",
            (source, start, end),
        ).fetchone()
        if row is None:
            return None
        found = self.passages([(int(row[0]), 0.0)])
        if not found:
            return None
        found[0].rank = rank
        return found[0]

    def items_of(self, ids: Sequence[int]) -> dict[int, str]:
        """The agenda item of each chunk id."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT id, item_id FROM chunks WHERE id IN ({marks})", list(ids))
        return {int(r[0]): str(r[1]) for r in rows}

    def chunk_texts(self) -> list[tuple[int, str, str]]:
        """(chunk id, item title, text) of every chunk, by id (for baselines over our chunks)."""
        return self.conn.execute(
            "SELECT c.id, i.title, c.text FROM chunks c JOIN items i ON i.item_id = c.item_id "
            "ORDER BY c.id"
        ).fetchall()

    def scope(self, filters: Filters | None = None) -> Scope:
        """What a (filtered) search covers: councils, meetings, items, date range."""
        where, params = filter_sql(filters)
        clause = f"WHERE {where}" if where else ""
        conn = self.conn
        councils = [
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT i.council FROM items i {clause} ORDER BY i.council", params
            )
        ]
        items, meetings = conn.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT coalesce(i.council, '') || '|' || "
            f"coalesce(i.committee, '') || '|' || coalesce(i.date_start, i.doc_id)) "
            f"FROM items i {clause}",
            params,
        ).fetchone()
        dated = f"{clause} {'AND' if where else 'WHERE'} i.date_start IS NOT NULL"
        first = conn.execute(
            f"SELECT {_DATE_LABEL} FROM items i {dated} ORDER BY i.date_start LIMIT 1", params
        ).fetchone()
        last = conn.execute(
            f"SELECT {_DATE_LABEL} FROM items i {dated} ORDER BY i.date_end DESC LIMIT 1", params
        ).fetchone()
        return Scope(
            councils=[c for c in councils if c],
            unnamed_council=None in councils,
            items=int(items),
            meetings=int(meetings),
            first=first[0] if first else None,
            last=last[0] if last else None,
        )

    def stats(self) -> IndexStats:
        """Councils, committees, meetings, counts and date range of the index."""
        conn = self.conn
        councils = _column(
            conn.execute(
                "SELECT DISTINCT council FROM items WHERE council IS NOT NULL ORDER BY council"
            )
        )
        committees = _column(
            conn.execute(
                "SELECT DISTINCT committee FROM items WHERE committee IS NOT NULL "
                "ORDER BY committee"
            )
        )
        meetings = conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT council, committee, date_start FROM items "
            "WHERE date_start IS NOT NULL)"
        ).fetchone()[0]
        items, docs, chunks = conn.execute(
            "SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM documents),"
            " (SELECT COUNT(*) FROM chunks)"
        ).fetchone()
        first = conn.execute(
            f"SELECT {_DATE_LABEL} FROM items i WHERE date_start IS NOT NULL "
            "ORDER BY date_start LIMIT 1"
        ).fetchone()
        last = conn.execute(
            f"SELECT {_DATE_LABEL} FROM items i WHERE date_end IS NOT NULL "
            "ORDER BY date_end DESC LIMIT 1"
        ).fetchone()
        return IndexStats(
            councils,
            committees,
            int(meetings),
            int(items),
            int(docs),
            int(chunks),
            first[0] if first else None,
            last[0] if last else None,
            self.manifest.updated_at,
            self.manifest.embedder,
            self.page_counts(),
        )

    def page_counts(self) -> PageCounts:
        """PDF pages read from their text layer, by OCR, and not at all (``documents.pages``)."""
        row = self.conn.execute(
            "SELECT "
            " sum(CASE WHEN json_extract(p.value, '$.end') <= json_extract(p.value, '$.start') "
            "     THEN 1 ELSE 0 END),"
            " sum(CASE WHEN json_extract(p.value, '$.end') > json_extract(p.value, '$.start') "
            "      AND coalesce(json_extract(p.value, '$.ocr'), 0) THEN 1 ELSE 0 END),"
            " count(*),"
            " count(DISTINCT CASE WHEN json_extract(p.value, '$.ocr') THEN d.doc_id END),"
            " avg(CASE WHEN json_extract(p.value, '$.ocr') AND json_extract(p.value, '$.end') > "
            "     json_extract(p.value, '$.start') THEN json_extract(p.value, '$.confidence') END)"
            " FROM documents d, json_each(d.pages) p WHERE d.pages != '[]'"
        ).fetchone()
        unreadable, ocr, total, documents, confidence = (v or 0 for v in row)
        return PageCounts(
            text_layer=int(total) - int(unreadable) - int(ocr),
            ocr=int(ocr),
            unreadable=int(unreadable),
            ocr_documents=int(documents),
            ocr_confidence=round(float(confidence), 4) if ocr else None,
        )

    def chunk_count(self) -> int:
        (count,) = self.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()
        return int(count)


def _column(rows: Iterable[tuple[Any, ...]]) -> list[Any]:
    return [r[0] for r in rows]


def item_citation(
    cid: str, item: tuple[Any, ...], page: int | None, quote: str, source: str
) -> Citation:
    """A citation from an item row's (council, committee, meeting_date, year, item_number,
    title, url) columns, as stored."""
    council, committee, meeting_date, year, number, title, url = item
    return Citation(
        id=cid,
        council=council,
        committee=committee,
        meeting_date=date.fromisoformat(meeting_date) if meeting_date else None,
        year=year,
        item_number=number,
        item_title=title or "",
        url=url,
        page=page,
        quote=quote,
        source=source,
    )


def ocr_confidence(pages_json: str | None, start: int, end: int) -> float | None:
    """The lowest OCR confidence of the pages a passage (``start``..``end`` in its document's
    text) lies on, or None when none of them was read by OCR (``documents.pages`` marks them;
    a page read from its text layer has no ``ocr`` key)."""
    if not pages_json or '"ocr"' not in pages_json:
        return None
    found: list[float] = []
    for span in json.loads(pages_json):
        if span.get("ocr") and span["start"] < max(end, start + 1) and span["end"] > start:
            found.append(float(span.get("confidence") or 0.0))
    return min(found) if found else None


def _passage(
    row: tuple[Any, ...], rank: int, score: float, dense: int | None, bm25: int | None
) -> Passage:
    (
        _,
        chunk_id,
        text,
        start,
        end,
        page,
        source,
        council,
        committee,
        meeting_date,
        year,
        number,
        title,
        url,
        truncated,
        pages,
    ) = row
    citation = item_citation(
        chunk_id, (council, committee, meeting_date, year, number, title, url), page, text, source
    )
    citation.ocr_confidence = ocr_confidence(pages, start, end)
    citation.ocr = citation.ocr_confidence is not None
    return Passage(
        rank=rank,
        score=score,
        text=text,
        source=source,
        citation=citation,
        dense_rank=dense,
        bm25_rank=bm25,
        char_start=start,
        char_end=end,
        truncated=bool(truncated),
    )
