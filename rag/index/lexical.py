"""BM25 over postings stored in the index's own SQLite file, scored with numpy.

Why not FTS5: its ``bm25()`` ranks every row an OR-query matches, one auxiliary-function call
per row, and council questions are full of words that occur in a third of all chunks; at a
million chunks that was half a second a query. Here a term's postings are a few blobs (docno,
weighted tf, document length) read in one query and scored in bulk, so cost grows with the
postings touched at a few nanoseconds each.

Layout (all in ``index.sqlite``, written in the same transaction as the chunks they describe)::

    lexical_docs      docno (never reused) → chunk id, length in terms
    lexical_postings  (term, segment) → docnos int32[], weights uint16[] (2×tf: text 2, title 1),
                      lengths uint16[]
    lexical_segments  segment → documents added by it (merge policy)
    lexical_dead      docnos whose chunk was deleted (filtered at query time, purged by merges)
    meta              lexical_docs / lexical_length: live documents and their total length

Writes are segments, as in Lucene: a transaction's new chunks become one or more new segments;
when eight segments share a size tier they are merged into one, and when a fifth of the
documents are dead every segment is rewritten without them. Deleting a chunk (cascade from its
file) marks its docno dead by trigger, so nothing outside SQLite has to stay in step.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import groupby

import numpy as np

from ..text import INDEX_STOPWORDS, fold_accents, stem_words, words

__all__ = ["LEXICAL_SCHEMA", "LexicalWriter", "analyze", "bm25_search", "rebuild_lexical"]

LEXICAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS lexical_docs (
    docno INTEGER PRIMARY KEY AUTOINCREMENT, chunk INTEGER NOT NULL UNIQUE,
    length INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lexical_postings (
    term TEXT NOT NULL, segment INTEGER NOT NULL, docnos BLOB NOT NULL, weights BLOB NOT NULL,
    lengths BLOB NOT NULL, PRIMARY KEY (term, segment)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lexical_postings_segment ON lexical_postings(segment);
CREATE TABLE IF NOT EXISTS lexical_segments (segment INTEGER PRIMARY KEY, docs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS lexical_dead (docno INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO meta VALUES ('lexical_docs', '0');
INSERT OR IGNORE INTO meta VALUES ('lexical_length', '0');
CREATE TRIGGER IF NOT EXISTS chunks_lexical_delete AFTER DELETE ON chunks BEGIN
    INSERT OR IGNORE INTO lexical_dead SELECT docno FROM lexical_docs WHERE chunk = old.id;
    UPDATE meta SET value = CAST(value AS INTEGER) - 1 WHERE key = 'lexical_docs'
        AND EXISTS (SELECT 1 FROM lexical_docs WHERE chunk = old.id);
    UPDATE meta SET value = CAST(value AS INTEGER)
        - coalesce((SELECT length FROM lexical_docs WHERE chunk = old.id), 0)
        WHERE key = 'lexical_length';
    DELETE FROM lexical_docs WHERE chunk = old.id;
END;
"""

_MAX_U16 = 65_535
_FLUSH_POSTINGS = 2_000_000  # buffered postings before a segment is written (~60 MB)
_MERGE_FACTOR = 8
_TIER_BASE = 500  # documents in a tier-0 segment
_DEAD_SHARE = 0.2


def analyze(text: str) -> list[str]:
    """Index terms of a text: case- and accent-folded words, stop words out, Snowball-stemmed."""
    kept = [
        w
        for w in words(fold_accents(text.casefold()))
        if w not in INDEX_STOPWORDS and (len(w) > 1 or w.isdigit())
    ]
    return stem_words(kept)


class LexicalWriter:
    """Buffers a transaction's new chunks and writes them as segments."""

    def __init__(self) -> None:
        self.discard()

    def add(self, chunk_id: int, text: str, title: str = "") -> None:
        """Queue one chunk; its title's terms count half as much as its text's."""
        body, heading = analyze(text), analyze(title) if title else []
        weights = Counter({t: 2 * c for t, c in Counter(body).items()})
        weights.update(heading)
        slot = len(self._docs)
        self._docs.append((chunk_id, min(_MAX_U16, len(body) + len(heading))))
        for term, weight in weights.items():
            self._postings.setdefault(term, []).append((slot, min(_MAX_U16, weight)))
        self._count += len(weights)

    def discard(self) -> None:
        """Forget queued chunks (written, or their transaction rolled back)."""
        self._docs: list[tuple[int, int]] = []  # (chunk id, length)
        self._postings: dict[str, list[tuple[int, int]]] = {}  # term → [(doc slot, 2×tf)]
        self._count = 0

    def flush(self, conn: sqlite3.Connection, final: bool = True) -> None:
        """Write queued chunks as a new segment (inside the caller's transaction)."""
        if not self._docs or (not final and self._count < _FLUSH_POSTINGS):
            return
        first = _next_docno(conn)
        conn.executemany(
            "INSERT INTO lexical_docs(docno, chunk, length) VALUES (?, ?, ?)",
            [(first + slot, cid, length) for slot, (cid, length) in enumerate(self._docs)],
        )
        lengths = np.array([length for _, length in self._docs], dtype=np.uint16)
        segment = _next_segment(conn)
        rows = []
        for term, entries in self._postings.items():
            slots = np.fromiter((s for s, _ in entries), dtype=np.int64, count=len(entries))
            weights = np.fromiter((w for _, w in entries), dtype=np.uint16, count=len(entries))
            rows.append(
                (
                    term,
                    segment,
                    (slots + first).astype(np.int32).tobytes(),
                    weights.tobytes(),
                    lengths[slots].tobytes(),
                )
            )
        conn.executemany("INSERT INTO lexical_postings VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("INSERT INTO lexical_segments VALUES (?, ?)", (segment, len(self._docs)))
        _bump(conn, "lexical_docs", len(self._docs))
        _bump(conn, "lexical_length", int(lengths.sum()))
        self.discard()
        if final:
            merge_segments(conn)

    def maybe_flush(self, conn: sqlite3.Connection) -> None:
        """Write a segment early when the buffer is large (bounded memory on huge ingests)."""
        self.flush(conn, final=False)


def _bump(conn: sqlite3.Connection, key: str, delta: int) -> None:
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?", (delta, key))


def _next_docno(conn: sqlite3.Connection) -> int:
    # AUTOINCREMENT's high-water mark, so a deleted docno is never handed out again.
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'lexical_docs'").fetchone()
    return int(row[0]) + 1 if row else 1


def _next_segment(conn: sqlite3.Connection) -> int:
    (last,) = conn.execute("SELECT coalesce(max(segment), 0) FROM lexical_segments").fetchone()
    return int(last) + 1


def _tier(docs: int) -> int:
    return 0 if docs <= _TIER_BASE else int(math.log(docs / _TIER_BASE, _MERGE_FACTOR)) + 1


def merge_segments(conn: sqlite3.Connection) -> None:
    """Merge a full size tier of segments; rewrite everything when many documents are dead."""
    while True:
        segments = conn.execute("SELECT segment, docs FROM lexical_segments").fetchall()
        (dead,) = conn.execute("SELECT COUNT(*) FROM lexical_dead").fetchone()
        total = sum(docs for _, docs in segments)
        if segments and dead and dead >= _DEAD_SHARE * total:
            _merge(conn, [s for s, _ in segments])
            return
        tiers: dict[int, list[int]] = {}
        for segment, docs in segments:
            tiers.setdefault(_tier(docs), []).append(segment)
        full = [group for group in tiers.values() if len(group) >= _MERGE_FACTOR]
        if not full:
            return
        _merge(conn, full[0])


def _dead_docnos(conn: sqlite3.Connection) -> np.ndarray:
    return np.array([r[0] for r in conn.execute("SELECT docno FROM lexical_dead")], dtype=np.int32)


def _merge(conn: sqlite3.Connection, segments: Sequence[int]) -> None:
    dead = _dead_docnos(conn)
    target = _next_segment(conn)
    marks = ",".join("?" * len(segments))
    (docs,) = conn.execute(
        f"SELECT coalesce(sum(docs), 0) FROM lexical_segments WHERE segment IN ({marks})",
        list(segments),
    ).fetchone()
    terms = [
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT term FROM lexical_postings WHERE segment IN ({marks})",
            list(segments),
        )
    ]
    seen_dead: set[int] = set()
    # A batch of terms is read in full before it is rewritten (never write under an open scan).
    for start in range(0, len(terms), 500):
        batch = terms[start : start + 500]
        rows = conn.execute(
            f"SELECT term, docnos, weights, lengths FROM lexical_postings WHERE term IN "
            f"({','.join('?' * len(batch))}) AND segment IN ({marks}) ORDER BY term, segment",
            [*batch, *segments],
        ).fetchall()
        merged = []
        for term, group in groupby(rows, key=lambda r: r[0]):
            docnos, weights, lengths = _concat(list(group))
            if len(dead):
                gone = np.isin(docnos, dead)
                if gone.any():
                    seen_dead.update(docnos[gone].tolist())
                    docnos, weights, lengths = docnos[~gone], weights[~gone], lengths[~gone]
            if len(docnos):
                merged.append(
                    (term, target, docnos.tobytes(), weights.tobytes(), lengths.tobytes())
                )
        conn.execute(
            f"DELETE FROM lexical_postings WHERE term IN ({','.join('?' * len(batch))}) "
            f"AND segment IN ({marks})",
            [*batch, *segments],
        )
        conn.executemany("INSERT INTO lexical_postings VALUES (?, ?, ?, ?, ?)", merged)
    conn.execute(f"DELETE FROM lexical_segments WHERE segment IN ({marks})", list(segments))
    conn.execute(
        "INSERT INTO lexical_segments VALUES (?, ?)", (target, max(0, docs - len(seen_dead)))
    )
    if seen_dead:
        conn.executemany(
            "DELETE FROM lexical_dead WHERE docno = ?", [(d,) for d in sorted(seen_dead)]
        )


def _concat(parts: list[tuple[str, bytes, bytes, bytes]]) -> tuple[np.ndarray, ...]:
    """One term's postings over several segments (docnos int32, weights and lengths uint16)."""
    return (
        np.concatenate([np.frombuffer(p[1], dtype=np.int32) for p in parts]),
        np.concatenate([np.frombuffer(p[2], dtype=np.uint16) for p in parts]),
        np.concatenate([np.frombuffer(p[3], dtype=np.uint16) for p in parts]),
    )


def bm25_search(
    conn: sqlite3.Connection,
    terms: Iterable[str],
    n: int,
    allowed: np.ndarray | None = None,
    k1: float = 1.2,
    b: float = 0.75,
) -> list[tuple[int, float]]:
    """Top ``n`` (chunk id, BM25 score) for already-analysed ``terms``.

    ``allowed``: sorted docnos a filter lets through (None: all). Scores are Lucene's BM25
    (always-positive idf, no ``k1 + 1`` factor); a title's terms count half as much as text's."""
    unique = list(dict.fromkeys(terms))
    if not unique or n <= 0:
        return []
    stats = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('lexical_docs', 'lexical_length')"
        ).fetchall()
    )
    total_docs, total_length = (
        int(stats.get("lexical_docs", 0)),
        int(stats.get("lexical_length", 0)),
    )
    if total_docs <= 0:
        return []
    average = max(total_length / total_docs, 1.0)
    marks = ",".join("?" * len(unique))
    rows = conn.execute(
        f"SELECT term, docnos, weights, lengths FROM lexical_postings WHERE term IN ({marks}) "
        "ORDER BY term",
        unique,
    ).fetchall()
    # Dead postings wait in their segment for a merge; they count neither in df nor in scores.
    dead = _dead_docnos(conn)
    all_docnos, all_scores = [], []
    for _, group in groupby(rows, key=lambda r: r[0]):
        docnos, tf, length = _concat(list(group))
        if len(dead):
            alive = ~np.isin(docnos, dead)
            docnos, tf, length = docnos[alive], tf[alive], length[alive]
        df = len(docnos)
        if df == 0:
            continue
        idf = math.log1p((total_docs - df + 0.5) / (df + 0.5))
        # idf · tf / (tf + k1 · (1 − b + b · dl / avgdl)), Lucene's form (no k1 + 1), in place.
        weight = tf.astype(np.float32)
        weight *= 0.5
        denominator = length.astype(np.float32)
        denominator *= k1 * b / average
        denominator += k1 * (1.0 - b)
        denominator += weight
        np.divide(weight, denominator, out=weight)
        weight *= idf
        all_docnos.append(docnos)
        all_scores.append(weight)
    if not all_docnos:
        return []
    docnos = np.concatenate(all_docnos)
    size = int(docnos.max()) + 1
    scores = np.bincount(docnos, weights=np.concatenate(all_scores), minlength=size)
    if allowed is not None:
        inside = allowed[allowed < size]
        candidates = inside[scores[inside] > 0]
    else:
        candidates = np.flatnonzero(scores)
    if len(candidates) > n:
        top = np.argpartition(-scores[candidates], n - 1)[:n]
        candidates = candidates[top]
    ranked = sorted(((float(scores[d]), int(d)) for d in candidates), key=lambda x: (-x[0], x[1]))
    if not ranked:
        return []
    ids = [d for _, d in ranked]
    chunk_of = dict(
        conn.execute(
            f"SELECT docno, chunk FROM lexical_docs WHERE docno IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
    )
    return [(int(chunk_of[d]), s) for s, d in ranked if d in chunk_of]


def rebuild_lexical(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> int:
    """Index ``(chunk id, text, title)`` rows from scratch (used to upgrade older indexes)."""
    for table in ("lexical_postings", "lexical_segments", "lexical_dead", "lexical_docs"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE meta SET value = '0' WHERE key IN ('lexical_docs', 'lexical_length')")
    writer = LexicalWriter()
    count = 0
    for chunk_id, text, title in rows:
        writer.add(chunk_id, text, title)
        writer.maybe_flush(conn)
        count += 1
    writer.flush(conn)
    return count
