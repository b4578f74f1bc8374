"""Opening, locking and writing an index folder (the files are named in :mod:`.layout`).

Crash safety: SQLite is the source of truth and commits each ingest's changes in one
transaction that bumps ``generation``. ``vectors.faiss`` and ``manifest.json`` are then replaced
by rename. A reader that finds the FAISS file older than SQLite rebuilds it from the cached
vectors, so a kill at any point leaves a loadable index. No pickle anywhere. The FAISS kind is
chosen at publish time from the live chunk count (:func:`.vectors.choose_kind`) and recorded in
the manifest; a rebuild from SQLite picks it the same way.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from ..dates import date_bounds
from ..errors import IndexCorruptError, IndexLockedError, IndexNotFoundError
from ..models import Chunk, Decision, Document, ItemSpan
from ..settings import IndexSettings
from .decisions import DECISIONS_SCHEMA, DecisionReads, insert_decisions
from .items import ItemReads
from .layout import LOCK, MANIFEST, SCHEMA_VERSION, SQLITE, VECTORS, Manifest
from .lexical import LEXICAL_SCHEMA, LexicalWriter, rebuild_lexical
from .reads import IndexReads
from .vectors import VectorIndex, choose_kind

__all__ = ["FileRecord", "IndexStore", "StoredDocument", "chunk_int_id", "failpoint"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, source TEXT NOT NULL, root TEXT NOT NULL,
    file_hash TEXT NOT NULL, settings_key TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, file_path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    source TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, content_hash TEXT NOT NULL,
    text TEXT NOT NULL, pages TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    item_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, council TEXT, committee TEXT, meeting_date TEXT, year INTEGER,
    date_start TEXT, date_end TEXT, item_number TEXT, title TEXT NOT NULL, url TEXT,
    truncated INTEGER NOT NULL, provenance TEXT NOT NULL, char_start INTEGER, char_end INTEGER
);
CREATE INDEX IF NOT EXISTS items_doc ON items(doc_id);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    item_id TEXT NOT NULL REFERENCES items(item_id) ON DELETE CASCADE,
    text TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    page INTEGER, hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_item ON chunks(item_id);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS embeddings (hash TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""


def chunk_int_id(chunk_id: str) -> int:
    """FAISS/SQLite integer id from the hex chunk id (60 bits: positive int64)."""
    return int(chunk_id[:15], 16)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class IndexStore(IndexReads, DecisionReads, ItemReads):
    """One index folder: manifest, SQLite and FAISS, opened for reading or writing."""

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        conn: sqlite3.Connection,
        index_settings: IndexSettings | None = None,
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.conn = conn
        self.index_settings = index_settings or IndexSettings()
        self._vectors: VectorIndex | None = None
        self._lock_handle: Any = None
        self.lexical = LexicalWriter()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: Path,
        embedder: str | None = None,
        dimension: int | None = None,
        index_settings: IndexSettings | None = None,
    ) -> IndexStore:
        """Open an existing index; refuse it if ``embedder``/``dimension`` differ from its own."""
        manifest_path = path / MANIFEST
        if not manifest_path.exists():
            raise IndexNotFoundError(
                f"no index at {path}; build one with: minutes ingest PATH --index {path.name}"
            )
        try:
            manifest = Manifest.model_validate_json(manifest_path.read_text("utf-8"))
        except ValueError as exc:
            raise IndexCorruptError(f"{manifest_path}: unreadable manifest ({exc})") from exc
        if manifest.schema_version == 1 and (path / SQLITE).exists():
            manifest = _upgrade_v1(path, manifest)
        if manifest.schema_version != SCHEMA_VERSION:
            raise IndexCorruptError(
                f"{path} has schema version {manifest.schema_version}; this version of minutes "
                f"reads {SCHEMA_VERSION}: rebuild it with minutes ingest"
            )
        if embedder is not None:
            manifest.check(embedder, dimension, where=path)
        if not (path / SQLITE).exists():
            raise IndexCorruptError(f"{path}: {SQLITE} is missing; rebuild the index")
        return cls(path, manifest, _connect(path / SQLITE), index_settings)

    @classmethod
    def create(
        cls,
        path: Path,
        embedder: str,
        dimension: int,
        chunker: dict[str, Any],
        index_settings: IndexSettings | None = None,
    ) -> IndexStore:
        """Create a new, empty index (the manifest is written last: no manifest, no index)."""
        path.mkdir(parents=True, exist_ok=True)
        conn = _connect(path / SQLITE)
        conn.executescript(_SCHEMA)
        conn.executescript(LEXICAL_SCHEMA)
        conn.executescript(DECISIONS_SCHEMA)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        conn.commit()
        index_settings = index_settings or IndexSettings()
        kind = choose_kind(0, index_settings)
        manifest = Manifest(
            embedder=embedder,
            dimension=dimension,
            chunker=chunker,
            vector_index=kind,
            created_at=_now(),
            updated_at=_now(),
        )
        store = cls(path, manifest, conn, index_settings)
        store._vectors = VectorIndex(dimension, kind=kind, settings=index_settings)
        store._vectors.save(path / VECTORS)
        store._write_manifest()
        return store

    def close(self) -> None:
        self.release_lock()
        self.conn.close()

    def __enter__(self) -> IndexStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ locking
    def acquire_lock(self) -> None:
        """Exclusive writer lock (flock: released by the OS even on kill -9)."""
        handle = open(self.path / LOCK, "a+")  # noqa: SIM115 - held until release_lock
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise IndexLockedError(
                f"index {self.path} is being written by another ingest (pid {holder}); "
                "wait for it to finish and run again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_handle = handle
        self.conn.executescript(DECISIONS_SCHEMA)  # an index built before the register

    def release_lock(self) -> None:
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    # ------------------------------------------------------------------ state
    @property
    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    @property
    def published(self) -> bool:
        """True when the FAISS file and manifest are those of the last committed ingest."""
        return self.manifest.generation == self.generation and (self.path / VECTORS).exists()

    def file_states(self) -> dict[str, tuple[str, str]]:
        """path → (file_hash, settings_key) of every ingested file."""
        rows = self.conn.execute("SELECT path, file_hash, settings_key FROM files")
        return {path: (h, key) for path, h, key in rows}

    def cached_vectors(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            marks = ",".join("?" * len(batch))
            for h, blob in self.conn.execute(
                f"SELECT hash, vector FROM embeddings WHERE hash IN ({marks})", batch
            ):
                found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def cache_vectors(self, hashes: Sequence[str], vectors: np.ndarray) -> None:
        """Store freshly computed embeddings at once, so a killed ingest does not redo them."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?)",
                [
                    (h, np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in zip(hashes, vectors, strict=True)
                ],
            )

    # ------------------------------------------------------------------ vectors
    def vectors(self) -> VectorIndex:
        """The FAISS index, rebuilt from SQLite when the file lags behind a committed ingest."""
        if self._vectors is not None:
            return self._vectors
        faiss_path = self.path / VECTORS
        current = self.manifest.generation == self.generation and faiss_path.exists()
        if current:
            try:
                vectors = VectorIndex.load(faiss_path, self.manifest.dimension, self.index_settings)
            except IndexCorruptError:
                vectors = self._rebuild_vectors()
        else:
            vectors = self._rebuild_vectors()
        self._vectors = vectors
        return vectors

    def _rebuild_vectors(self) -> VectorIndex:
        kind = choose_kind(self.chunk_count(), self.index_settings, self.manifest.vector_index)
        vectors = VectorIndex(self.manifest.dimension, kind=kind, settings=self.index_settings)
        cursor = self.conn.execute(
            "SELECT c.id, e.vector FROM chunks c JOIN embeddings e ON e.hash = c.hash ORDER BY c.id"
        )
        while rows := cursor.fetchmany(10_000):
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            mat = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
            vectors.add(ids, mat)
        return vectors

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change of the visible index; bumps the generation on commit."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.lexical.flush(self.conn)
            self.conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'"
            )
            failpoint("before_commit")
            self.conn.execute("COMMIT")
            failpoint("after_commit")
        except BaseException:
            self.lexical.discard()
            self.conn.execute("ROLLBACK")
            raise

    def publish(self, chunker: dict[str, Any] | None = None) -> None:
        """After a committed transaction: write FAISS, then the manifest (each by rename).

        The FAISS index changes kind here when the chunk count crosses the HNSW threshold, and
        an HNSW index with too many deleted nodes is rebuilt without them."""
        vectors = self.vectors()
        kind = choose_kind(vectors.size, self.index_settings, vectors.kind)
        if kind != vectors.kind or vectors.needs_compaction():
            vectors = self._vectors = vectors.rebuilt(kind)
        vectors.save(self.path / VECTORS)
        failpoint("after_faiss")
        self.manifest.generation = self.generation
        self.manifest.vector_index = vectors.kind
        if chunker is not None:
            self.manifest.chunker = chunker
        self.manifest.updated_at = _now()
        self._write_manifest()

    def _write_manifest(self) -> None:
        target = self.path / MANIFEST
        tmp = target.with_name(MANIFEST + ".tmp")
        tmp.write_text(self.manifest.model_dump_json(indent=2), "utf-8")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)

    def write(
        self,
        records: Sequence[FileRecord],
        removed_paths: Sequence[str],
        vectors: dict[str, np.ndarray],
        *,
        prune: bool = False,
        chunker: dict[str, Any] | None = None,
    ) -> None:
        """One ingest's change: files out and files in (``vectors`` by chunk hash) in one
        transaction, then FAISS and the manifest by rename. ``prune`` also drops cached vectors
        no chunk uses any more."""
        vector_index = self.vectors()
        with self.transaction() as conn:
            deleted = self.remove_files(conn, removed_paths)
            for record in records:
                self.insert_file(conn, record)
            if prune:
                self.prune_embeddings(conn)
        vector_index.remove(np.asarray(deleted, dtype=np.int64))
        chunks = [c for r in records for d in r.documents for c in d.chunks]
        if chunks:
            vector_index.add(
                np.asarray([chunk_int_id(c.chunk_id) for c in chunks], dtype=np.int64),
                np.vstack([vectors[c.hash] for c in chunks]),
            )
        self.publish(chunker)

    def remove_files(self, conn: sqlite3.Connection, paths: Sequence[str]) -> list[int]:
        """Delete files (cascading to documents, items, chunks, BM25); returns removed chunk ids."""
        removed: list[int] = []
        for path in paths:
            removed += [
                r[0]
                for r in conn.execute(
                    "SELECT c.id FROM chunks c JOIN documents d ON d.doc_id = c.doc_id "
                    "WHERE d.file_path = ?",
                    (path,),
                )
            ]
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
        return removed

    def insert_file(self, conn: sqlite3.Connection, record: FileRecord) -> list[int]:
        """Insert one file with its documents, items and chunks; returns the new chunk ids."""
        conn.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
            (
                record.path,
                record.source,
                record.root,
                record.file_hash,
                record.settings_key,
                _now(),
            ),
        )
        ids: list[int] = []
        for doc in record.documents:
            d = doc.document
            conn.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    d.doc_id,
                    record.path,
                    d.source,
                    d.kind.value,
                    d.title,
                    d.content_hash,
                    d.text,
                    dumps([p.model_dump() for p in d.pages]),
                ),
            )
            for ordinal, (item_id, span) in enumerate(doc.items):
                item = span.item
                start, end = date_bounds(item.meeting_date, item.year)
                conn.execute(
                    "INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        item_id,
                        d.doc_id,
                        ordinal,
                        item.council,
                        item.committee,
                        item.meeting_date.isoformat() if item.meeting_date else None,
                        item.year,
                        start,
                        end,
                        item.item_number,
                        item.title,
                        item.url,
                        int(item.truncated),
                        dumps(item.provenance),
                        span.start,
                        span.end,
                    ),
                )
            insert_decisions(conn, doc.decisions)
            titles = {item_id: span.item.title for item_id, span in doc.items}
            for chunk in doc.chunks:
                cid = chunk_int_id(chunk.chunk_id)
                conn.execute(
                    "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        cid,
                        chunk.chunk_id,
                        chunk.doc_id,
                        chunk.item_id,
                        chunk.text,
                        chunk.char_start,
                        chunk.char_end,
                        chunk.page,
                        chunk.hash,
                    ),
                )
                self.lexical.add(cid, chunk.text, titles.get(chunk.item_id, ""))
                ids.append(cid)
        self.lexical.maybe_flush(conn)
        return ids

    def prune_embeddings(self, conn: sqlite3.Connection) -> int:
        """Drop cached vectors no chunk uses any more."""
        cur = conn.execute(
            "DELETE FROM embeddings WHERE hash NOT IN (SELECT DISTINCT hash FROM chunks)"
        )
        return int(cur.rowcount)


class StoredDocument(BaseModel):
    """A parsed document ready to store: the document, its (item id, span) pairs, its chunks
    and the decisions of its items."""

    document: Document
    items: list[tuple[str, ItemSpan]]
    chunks: list[Chunk]
    decisions: list[Decision] = Field(default_factory=list)


class FileRecord(BaseModel):
    """One ingested file and everything parsed from it."""

    path: str
    source: str
    root: str
    file_hash: str
    settings_key: str
    documents: list[StoredDocument] = Field(default_factory=list)


def _upgrade_v1(path: Path, manifest: Manifest) -> Manifest:
    """Schema 1 kept BM25 in FTS5: index the stored chunks into postings, under the lock."""
    conn = _connect(path / SQLITE)
    store = IndexStore(path, manifest, conn)
    try:
        store.acquire_lock()
        conn.executescript(LEXICAL_SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        try:
            rebuild_lexical(
                conn,
                conn.execute(
                    "SELECT c.id, c.text, i.title FROM chunks c "
                    "JOIN items i ON i.item_id = c.item_id"
                ).fetchall(),
            )
            conn.execute("DROP TRIGGER IF EXISTS chunks_fts_delete")
            conn.execute("DROP TABLE IF EXISTS chunks_fts")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        manifest.schema_version = SCHEMA_VERSION
        store._write_manifest()
        return manifest
    except sqlite3.Error as exc:
        raise IndexCorruptError(f"{path}: could not upgrade index from schema 1 ({exc})") from exc
    finally:
        store.close()


def failpoint(name: str) -> None:
    """Crash-safety tests set MINUTES_FAILPOINT to die by SIGKILL at a named step of a write."""
    if os.environ.get("MINUTES_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
