"""Hybrid retrieval: dense (FAISS) and BM25 (``rag.lexical``), fused by reciprocal rank fusion.

Filters become a SQL pre-filter: the allowed chunk ids go into FAISS as an ``IDSelector`` and
the allowed BM25 document numbers restrict the lexical scores, so a filtered search ranks every
matching chunk instead of trimming an unfiltered top-k.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .embedders import Embedder, canonical_name, embedder_name, load_embedder
from .lexical import analyze, bm25_search
from .models import Citation, Filters, Passage
from .settings import SearchSettings, Settings
from .store import IndexStore

__all__ = [
    "STOPWORDS",
    "Scope",
    "IndexStats",
    "Searcher",
    "lexical_terms",
    "index_stats",
    "query_terms",
    "open_searcher",
]

STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing done during each few for from further had has
    have having he her here hers him his how i if in into is it its itself me more most my no nor
    not of off on once only or other our out over own same she should so some such than that the
    their them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your said say says tell told
    discussed discuss anything something happened happen minutes meeting meetings committee
    find know explain describe decide decided mention mentioned talk talked""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """Content words of a question, lower-cased, in order, without duplicates."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(query)]
    kept = [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return list(dict.fromkeys(kept or words))


def lexical_terms(query: str) -> list[str]:
    """The question's content words as BM25 index terms (folded, stemmed, de-duplicated)."""
    return list(dict.fromkeys(analyze(" ".join(query_terms(query)))))


@dataclass
class IndexStats:
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

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Scope:
    """The part of an index a search looked at."""

    councils: list[str]
    unnamed_council: bool
    items: int
    meetings: int
    first: str | None
    last: str | None

    @property
    def period(self) -> str:
        """'2019 – 2022-11-22' style range, or '' when nothing is dated."""
        if not self.first:
            return ""
        first, last = _short_date(self.first), _short_date(self.last or self.first)
        return first if first == last else f"{first} – {last}"


def _short_date(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%b %Y")
    except ValueError:
        return value  # a bare year


_CHUNK_FIELDS = """
    SELECT c.id, c.chunk_id, c.text, c.char_start, c.char_end, c.page, d.source,
           i.council, i.committee, i.meeting_date, i.year, i.item_number, i.title, i.url,
           i.truncated
    FROM chunks c JOIN items i ON i.item_id = c.item_id JOIN documents d ON d.doc_id = c.doc_id
"""


class Searcher:
    """Search one index with one embedder (the one that built it)."""

    def __init__(self, store: IndexStore, embedder: Embedder, settings: SearchSettings) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings

    # --------------------------------------------------------------- filters
    def _filter_sql(self, filters: Filters | None) -> tuple[str, list[Any]]:
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
        if filters.committee:
            clauses.append("instr(lower(coalesce(i.committee, '')), lower(?)) > 0")
            params.append(filters.committee.strip())
        if filters.since:
            clauses.append("i.date_end >= ?")
            params.append(filters.since.isoformat())
        if filters.until:
            clauses.append("i.date_start <= ?")
            params.append(filters.until.isoformat())
        return " AND ".join(clauses), params

    def _allowed(self, filters: Filters | None) -> tuple[np.ndarray, np.ndarray] | None:
        """(chunk ids, sorted BM25 docnos) passing the filters, in one query; None: no filters."""
        where, params = self._filter_sql(filters)
        if not where:
            return None
        rows = self.store.conn.execute(
            "SELECT c.id, l.docno FROM chunks c JOIN items i ON i.item_id = c.item_id "
            f"LEFT JOIN lexical_docs l ON l.chunk = c.id WHERE {where}",
            params,
        ).fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        docnos = np.sort(np.array([r[1] for r in rows if r[1] is not None], dtype=np.int64))
        return ids, docnos

    def allowed_ids(self, filters: Filters | None) -> np.ndarray | None:
        """Chunk ids passing the filters, or None when there are no filters."""
        allowed = self._allowed(filters)
        return None if allowed is None else allowed[0]

    # --------------------------------------------------------------- retrievers
    def dense(
        self, query: str, n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        vector = self.embedder.embed([query])[0]
        return self.store.vectors().search(vector, n, allowed)

    def bm25(
        self,
        query: str,
        n: int,
        filters: Filters | None = None,
        allowed_docnos: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """Top ``n`` (chunk id, score); ``allowed_docnos`` spares a second filter query."""
        terms = lexical_terms(query)
        if not terms:
            return []
        if allowed_docnos is None and (allowed := self._allowed(filters)) is not None:
            allowed_docnos = allowed[1]
        return bm25_search(
            self.store.conn,
            terms,
            n,
            allowed_docnos,
            k1=self.settings.bm25_k1,
            b=self.settings.bm25_b,
        )

    # --------------------------------------------------------------- hybrid
    def search(
        self, query: str, filters: Filters | None = None, k: int | None = None
    ) -> list[Passage]:
        k = k or self.settings.k
        n = max(self.settings.candidates, k)
        allowed = self._allowed(filters)
        ids, docnos = allowed if allowed is not None else (None, None)
        if ids is not None and len(ids) == 0:
            return []
        dense = self.dense(query, n, ids) if self.settings.dense_weight > 0 else []
        sparse = self.bm25(query, n, filters, docnos) if self.settings.bm25_weight > 0 else []
        fused: dict[int, float] = {}
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense, 1)}
        similarity = dict(dense)
        bm25_rank = {cid: r for r, (cid, _) in enumerate(sparse, 1)}
        for ranks, weight in (
            (dense_rank, self.settings.dense_weight),
            (bm25_rank, self.settings.bm25_weight),
        ):
            for cid, rank in ranks.items():
                fused[cid] = fused.get(cid, 0.0) + weight / (self.settings.rrf_k + rank)
        top = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        rows = self._rows([cid for cid, _ in top])
        passages = []
        for rank, (cid, score) in enumerate(top, 1):
            if cid not in rows:
                continue  # vector of a chunk deleted since the FAISS file was written
            passage = _passage(rows[cid], rank, score, dense_rank.get(cid), bm25_rank.get(cid))
            passage.similarity = similarity.get(cid)
            passages.append(passage)
        return passages

    def passages_for(self, ranked: Sequence[tuple[int, float]]) -> list[Passage]:
        """Passages for (chunk id, score) pairs, in the given order (ranks from 1)."""
        rows = self._rows([cid for cid, _ in ranked])
        return [
            _passage(rows[cid], rank, score, None, None)
            for rank, (cid, score) in enumerate(ranked, 1)
            if cid in rows
        ]

    def _rows(self, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.store.conn.execute(f"{_CHUNK_FIELDS} WHERE c.id IN ({marks})", ids)
        return {int(r[0]): r for r in rows}

    def stats(self) -> IndexStats:
        return index_stats(self.store)

    def scope(self, filters: Filters | None = None) -> Scope:
        """What a (filtered) search covers: councils, meetings, items, date range."""
        where, params = self._filter_sql(filters)
        clause = f"WHERE {where}" if where else ""
        conn = self.store.conn
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
        label = "coalesce(i.meeting_date, CAST(i.year AS TEXT))"
        first = conn.execute(
            f"SELECT {label} FROM items i {dated} ORDER BY i.date_start LIMIT 1", params
        ).fetchone()
        last = conn.execute(
            f"SELECT {label} FROM items i {dated} ORDER BY i.date_end DESC LIMIT 1", params
        ).fetchone()
        return Scope(
            councils=[c for c in councils if c],
            unnamed_council=None in councils,
            items=int(items),
            meetings=int(meetings),
            first=first[0] if first else None,
            last=last[0] if last else None,
        )

    def close(self) -> None:
        self.store.close()


def index_stats(store: IndexStore) -> IndexStats:
    """Councils, committees, meetings, counts and date range of an index."""
    conn = store.conn
    councils = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT council FROM items WHERE council IS NOT NULL ORDER BY council"
        )
    ]
    committees = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT committee FROM items WHERE committee IS NOT NULL ORDER BY committee"
        )
    ]
    meetings = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT council, committee, date_start FROM items "
        "WHERE date_start IS NOT NULL)"
    ).fetchone()[0]
    items, docs, chunks = conn.execute(
        "SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM documents),"
        " (SELECT COUNT(*) FROM chunks)"
    ).fetchone()
    # A year-only meeting shows as its year, not as 1 January.
    first = conn.execute(
        "SELECT coalesce(meeting_date, CAST(year AS TEXT)) FROM items "
        "WHERE date_start IS NOT NULL ORDER BY date_start LIMIT 1"
    ).fetchone()
    last = conn.execute(
        "SELECT coalesce(meeting_date, CAST(year AS TEXT)) FROM items "
        "WHERE date_end IS NOT NULL ORDER BY date_end DESC LIMIT 1"
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
        store.manifest.updated_at,
        store.manifest.embedder,
    )


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
    ) = row
    citation = Citation(
        id=chunk_id,
        council=council,
        committee=committee,
        meeting_date=date.fromisoformat(meeting_date) if meeting_date else None,
        year=year,
        item_number=number,
        item_title=title or "",
        url=url,
        page=page,
        quote=text,
        source=source,
    )
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


def open_searcher(
    index_path: Path, settings: Settings | None = None, embedder: Embedder | None = None
) -> Searcher:
    """Open an index for search, refusing it if it was built with a different embedder."""
    settings = settings or Settings()
    # Check the manifest before loading a model: a mismatch should fail fast and cheaply.
    wanted = canonical_name(embedder.name) if embedder else embedder_name(settings.embedder)
    store = IndexStore.open(index_path, embedder=wanted, index_settings=settings.index)
    try:
        embedder = embedder or load_embedder(settings.embedder)
        if embedder.dimension != store.manifest.dimension:
            store.close()
            IndexStore.open(index_path, embedder=wanted, dimension=embedder.dimension)
    except BaseException:
        store.close()
        raise
    return Searcher(store, embedder, settings.search)
