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
from pydantic import BaseModel, Field, ValidationError

from ..dates import date_bounds
from ..errors import (
    EmbedderMismatchError,
    IndexCorruptError,
    IndexFolderError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
)
from ..models import Chunk, Decision, Document, ItemSpan
from ..settings import IndexSettings
from .changes import ChangeReads, drop_vanished, ensure_item_changes, record_item_changes
from .decisions import DECISIONS_SCHEMA, DecisionReads, insert_decisions
from .items import ItemReads
from .layout import LOCK, MANIFEST, SCHEMA_VERSION, SQLITE, VECTORS, Manifest
from .lexical import LEXICAL_SCHEMA, LexicalWriter, rebuild_lexical
from .reads import IndexReads
from .vectors import VectorIndex, choose_kind
from .watches import WatchStore

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
# Pages read by OCR, by the hash of the rendered page and the engine (ingest.ocr): like the
# embedding cache, kept across ingests so a page is never read twice. Created by any writer,
# so an index made before OCR gains it on its next ingest.
OCR_SCHEMA = """
CREATE TABLE IF NOT EXISTS ocr_pages (
    hash TEXT NOT NULL, engine TEXT NOT NULL, text TEXT NOT NULL, confidence REAL NOT NULL,
    PRIMARY KEY (hash, engine)
);
"""


def chunk_int_id(chunk_id: str) -> int:
    """FAISS/SQLite integer id from the hex chunk id (60 bits: positive int64)."""
    return int(chunk_id[:15], 16)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class IndexStore(IndexReads, DecisionReads, ItemReads, ChangeReads, WatchStore):
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
        # What a reader or writer should be told about this index (dense search off, a
        # manifest rebuilt): the edges (CLI, app) show them.
        self.notices: list[str] = []

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: Path,
        embedder: str | None = None,
        dimension: int | None = None,
        index_settings: IndexSettings | None = None,
        *,
        read_only: bool = False,
    ) -> IndexStore:
        """Open an existing index; refuse it if ``embedder``/``dimension`` differ from its own.

        ``read_only``: for searching; nothing is ever written, so an index on a read-only drive
        (folder and files without write permission) can be searched."""
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            if (path / SQLITE).is_file():
                raise IndexCorruptError(
                    f"{manifest_path} is missing; run minutes ingest with --index {path} to "
                    f"rebuild it from {SQLITE}, or restore the file"
                )
            raise IndexNotFoundError(
                f"no index at {path}; build one with: minutes ingest PATH --index {path.name}"
            )
        try:
            manifest = Manifest.model_validate_json(manifest_path.read_text("utf-8"))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise IndexCorruptError(
                f"{manifest_path} is unreadable ({field + ': ' if field else ''}{first['msg']}); "
                f"restore it, or remove it and run minutes ingest with --index {path} to rebuild "
                f"it from {SQLITE}"
            ) from exc
        except ValueError as exc:  # not UTF-8
            raise IndexCorruptError(f"{manifest_path} is unreadable ({exc})") from exc
        except OSError as exc:
            raise IndexFolderError(f"cannot read {manifest_path} ({exc.strerror or exc})") from exc
        if manifest.schema_version == 1 and (path / SQLITE).exists():
            manifest = _upgrade_v1(path, manifest, index_settings or IndexSettings())
        if manifest.schema_version != SCHEMA_VERSION:
            raise IndexCorruptError(
                f"{path} has schema version {manifest.schema_version}; this version of minutes "
                f"reads {SCHEMA_VERSION}: rebuild it with minutes ingest"
            )
        if embedder is not None:
            manifest.check(embedder, dimension, where=path)
        if not (path / SQLITE).exists():
            raise IndexCorruptError(f"{path}: {SQLITE} is missing; rebuild the index")
        if not read_only and not _writable(path):
            raise IndexWriteError(
                f"index {path} is read-only: adding to it needs write access to the folder and "
                "its files (searching and asking work on it as it is)"
            )
        return cls(path, manifest, _connect(path / SQLITE, read_only=read_only), index_settings)

    @classmethod
    def create(
        cls,
        path: Path,
        embedder: str,
        dimension: int,
        chunker: dict[str, Any],
        index_settings: IndexSettings | None = None,
    ) -> IndexStore:
        """Create a new, empty index (the manifest is written last: no manifest, no index).

        A folder whose ``index.sqlite`` holds files but whose manifest is gone is not emptied:
        the manifest and the vectors are rebuilt from SQLite when it records the same embedder
        (:func:`_recovered`), and refused otherwise."""
        index_settings = index_settings or IndexSettings()
        _make_folder(path, index_settings.folder_permissions)
        mode = index_settings.file_permissions
        if (path / SQLITE).is_file():
            recovered = _recovered(path, embedder, dimension, chunker, index_settings)
            if recovered is not None:
                return recovered
        conn = _connect(path / SQLITE, mode=mode)
        try:
            with _writing(path):
                conn.executescript(_SCHEMA)
                conn.executescript(LEXICAL_SCHEMA)
                conn.executescript(DECISIONS_SCHEMA)
                conn.executescript(OCR_SCHEMA)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
                _record_embedder(conn, embedder, dimension)
        except BaseException:
            conn.close()
            raise
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
        try:
            store._vectors = VectorIndex(dimension, kind=kind, settings=index_settings)
            store._vectors.save(path / VECTORS, mode)
            store._write_manifest()
        except BaseException:
            store.close()
            raise
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
        try:
            fd = _open_file(self.path / LOCK, os.O_RDWR, self._mode)
        except OSError as exc:
            raise IndexWriteError(
                f"cannot write in index {self.path} ({exc.strerror or exc}); adding to it needs "
                "write access to the folder"
            ) from exc
        handle = os.fdopen(fd, "r+")  # held until release_lock
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
        with _writing(self.path):
            self.conn.executescript(DECISIONS_SCHEMA)  # an index built before the register
            self.conn.executescript(OCR_SCHEMA)  # or before OCR
            # An index built before SQLite kept its embedder learns it on any ingest, even one
            # that changes nothing (the manifest it was opened with has just been checked).
            _record_embedder(self.conn, self.manifest.embedder, self.manifest.dimension)

    def release_lock(self) -> None:
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle.fileno(), fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    @property
    def _mode(self) -> int:
        return self.index_settings.file_permissions

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
        with _writing(self.path), self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?)",
                [
                    (h, np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in zip(hashes, vectors, strict=True)
                ],
            )

    def ocr_hashes(self, engine: str) -> set[str]:
        """Hashes of the pages ``engine`` has read into this index's cache."""
        if not self._has_table("ocr_pages"):
            return set()
        rows = self.conn.execute("SELECT hash FROM ocr_pages WHERE engine = ?", (engine,))
        return {r[0] for r in rows}

    def cached_ocr(self, hashes: Sequence[str], engine: str) -> dict[str, tuple[str, float]]:
        """hash → (text, confidence) of pages already read by ``engine``."""
        found: dict[str, tuple[str, float]] = {}
        if not self._has_table("ocr_pages"):
            return found
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            marks = ",".join("?" * len(batch))
            for h, text, confidence in self.conn.execute(
                f"SELECT hash, text, confidence FROM ocr_pages WHERE engine = ? "
                f"AND hash IN ({marks})",
                [engine, *batch],
            ):
                found[h] = (text, float(confidence))
        return found

    def cache_ocr(self, engine: str, pages: Sequence[tuple[str, str, float]]) -> None:
        """Keep pages just read (hash, text, confidence) at once: a killed ingest keeps them."""
        with _writing(self.path), self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO ocr_pages VALUES (?, ?, ?, ?)",
                [(h, engine, text, confidence) for h, text, confidence in pages],
            )

    def _has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    # ------------------------------------------------------------------ vectors
    def vectors(self) -> VectorIndex:
        """The FAISS index, rebuilt from SQLite when the file lags behind a committed ingest."""
        if self._vectors is not None:
            return self._vectors
        faiss_path = self.path / VECTORS
        current = self.manifest.generation == self.generation and faiss_path.exists()
        rebuilt = not current
        if current:
            try:
                vectors = VectorIndex.load(faiss_path, self.manifest.dimension, self.index_settings)
            except IndexCorruptError:
                vectors, rebuilt = self._rebuild_vectors(), True
        else:
            vectors = self._rebuild_vectors()
        passages = self.chunk_count()
        if vectors.size != passages and not rebuilt:
            # A FAISS file that lost passages (an empty one published over a full one): the
            # embedding cache in SQLite still holds them.
            vectors = self._rebuild_vectors()
        if vectors.size < passages:
            self.notices.append(self._dense_notice(vectors.size, passages))
        self._vectors = vectors
        return vectors

    def _dense_notice(self, found: int, passages: int) -> str:
        rebuild = f"rebuild the index (remove {self.path} and run minutes ingest again)"
        if found == 0:
            return (
                f"dense search is off: {VECTORS} and the embedding cache in {SQLITE} hold no "
                f"vectors for this index's {passages} passages, so only keyword (BM25) search "
                f"ranks them; {rebuild}"
            )
        return (
            f"dense search misses {passages - found} of this index's {passages} passages (no "
            f"vectors for them in {VECTORS} or the embedding cache); {rebuild}"
        )

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
            _record_embedder(self.conn, self.manifest.embedder, self.manifest.dimension)
            self.conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'"
            )
            failpoint("before_commit")
            self.conn.execute("COMMIT")
            failpoint("after_commit")
        except BaseException:
            self.lexical.discard()
            if self.conn.in_transaction:  # a failed COMMIT (disk full) may have rolled back
                with contextlib.suppress(sqlite3.Error):  # keep the error that got us here
                    self.conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def side_transaction(self) -> Iterator[sqlite3.Connection]:
        """An atomic write beside the index's content (watches): no new build (generation,
        FAISS and manifest untouched), and it waits for an ingest's commit, never races it."""
        with _writing(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise

    def publish(self, chunker: dict[str, Any] | None = None) -> None:
        """After a committed transaction: write FAISS, then the manifest (each by rename).

        The FAISS index changes kind here when the chunk count crosses the HNSW threshold, and
        an HNSW index with too many deleted nodes is rebuilt without them."""
        vectors = self.vectors()
        if vectors.size != self.chunk_count():  # never publish vectors that lost passages
            vectors = self._vectors = self._rebuild_vectors()
        kind = choose_kind(vectors.size, self.index_settings, vectors.kind)
        if kind != vectors.kind or vectors.needs_compaction():
            vectors = self._vectors = vectors.rebuilt(kind)
        vectors.save(self.path / VECTORS, self._mode)
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
        with _writing(self.path):
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, self._mode)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                os.fchmod(fd, self._mode)  # a stale .tmp keeps its old mode through O_CREAT
                handle.write(self.manifest.model_dump_json(indent=2))
                handle.flush()
                os.fsync(fd)
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
        no chunk uses any more. A write that fails (disk full) leaves the index as it was
        before this ingest, or, after the commit, with FAISS behind SQLite (rebuilt on open)."""
        vector_index = self.vectors()
        with _writing(self.path), self.transaction() as conn:
            ensure_item_changes(conn)  # an index built before items' changes were recorded
            deleted = self.remove_files(conn, removed_paths)
            for record in records:
                self.insert_file(conn, record)
            if removed_paths:
                drop_vanished(conn)
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
        ensure_item_changes(conn)  # (done already by write(), before it removes files)
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
                    # Defaults left out: a text-layer page is stored as before OCR existed.
                    dumps([p.model_dump(exclude_defaults=True) for p in d.pages]),
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
            record_item_changes(conn, d.doc_id)
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


def _upgrade_v1(path: Path, manifest: Manifest, settings: IndexSettings) -> Manifest:
    """Schema 1 kept BM25 in FTS5: index the stored chunks into postings, under the lock."""
    conn = _connect(path / SQLITE)
    store = IndexStore(path, manifest, conn, settings)
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


def _writable(path: Path) -> bool:
    """Whether this process may write the index folder and its SQLite file."""
    sqlite_path = path / SQLITE
    return os.access(path, os.W_OK | os.X_OK) and (
        not sqlite_path.exists() or os.access(sqlite_path, os.W_OK)
    )


def _open_file(path: Path, flags: int, mode: int) -> int:
    """``os.open`` creating the file if needed; a file it creates gets exactly ``mode`` (not
    cut by the umask). An existing file keeps its mode: it may be another user's."""
    existed = path.exists()
    fd = os.open(path, flags | os.O_CREAT, mode)
    if not existed:
        os.fchmod(fd, mode)
    return fd


def _make_folder(path: Path, mode: int) -> None:
    """The index folder, created with ``mode`` if new; a file in its way is a clear error."""
    if path.is_dir():
        return
    if path.exists() or path.is_symlink():
        raise IndexWriteError(f"{path} is a file, not an index folder: give --index a folder")
    try:
        path.mkdir(parents=True, mode=mode)
        os.chmod(path, mode)  # mkdir's mode is cut by the umask
    except FileExistsError as exc:  # made by a concurrent ingest meanwhile, or a file
        if not path.is_dir():
            raise IndexWriteError(f"{path} is a file, not an index folder") from exc
    except NotADirectoryError as exc:
        raise IndexWriteError(
            f"cannot create index folder {path}: part of that path is a file, not a folder"
        ) from exc
    except OSError as exc:
        raise IndexWriteError(f"cannot create index folder {path} ({exc.strerror or exc})") from exc


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Failed writes (disk full, read-only files) as :class:`IndexWriteError` naming the index;
    damage found on the way as :class:`IndexCorruptError`."""
    try:
        yield
    except (IndexFolderError, sqlite3.IntegrityError, sqlite3.ProgrammingError):
        raise
    except sqlite3.DatabaseError as exc:
        raise _sqlite_problem(path / SQLITE, exc, writing=True) from exc
    except OSError as exc:
        raise IndexWriteError(
            f"could not write index {path} ({exc.strerror or exc}); it keeps its last "
            "complete state: free some space or make it writable, then run the ingest again"
        ) from exc


_WRITE_PROBLEMS = ("readonly", "read-only", "disk is full", "disk i/o", "unable to open")


def _sqlite_problem(path: Path, exc: sqlite3.Error, *, writing: bool) -> IndexFolderError:
    """The index error an SQLite error stands for (a one-line message with what to do)."""
    text = " ".join(str(exc).split())
    low = text.lower()
    if "locked" in low or "busy" in low:
        return IndexLockedError(f"{path} is busy ({text}); try again in a moment")
    if any(word in low for word in _WRITE_PROBLEMS) and (writing or "unable to open" in low):
        if writing:
            return IndexWriteError(
                f"could not write {path} ({text}); the index keeps its last complete state: "
                "free some space or make it writable, then run the ingest again"
            )
        return IndexFolderError(f"cannot open {path} ({text})")
    return IndexCorruptError(
        f"{path} is damaged ({text}); rebuild the index: remove {path.parent} and run "
        "minutes ingest again"
    )


def _connect(path: Path, *, read_only: bool = False, mode: int | None = None) -> sqlite3.Connection:
    """A connection to an index's SQLite file, checked to be readable.

    Writers switch the file to WAL (readers then never wait for an ingest). Readers never
    write: ``query_only`` where the folder is writable (SQLite tidies its WAL files on close),
    else a ``mode=ro`` URI, and ``immutable`` when even that needs a write (a WAL file's
    shared-memory file cannot be made in a read-only folder). ``mode``: permissions of a new
    file (SQLite gives its -wal and -shm files the same)."""
    try:
        if read_only and not _writable(path.parent):
            conn = _connect_read_only(path)
        else:
            if mode is not None and not path.exists():
                os.close(_open_file(path, os.O_WRONLY, mode))
            conn = _sqlite(str(path))
            if read_only:
                conn.execute("PRAGMA query_only=ON")
    except sqlite3.DatabaseError as exc:
        raise _sqlite_problem(path, exc, writing=not read_only) from exc
    try:
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        _check_whole(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _sqlite_problem(path, exc, writing=not read_only) from exc
    return conn


def _sqlite(target: str, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        target, uri=uri, isolation_level=None, check_same_thread=False, timeout=30
    )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = _sqlite(uri, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    # Nobody can write a folder we may not write either, or so we must assume: read it as is.
    return _sqlite(uri + "&immutable=1", uri=True)


def _check_whole(conn: sqlite3.Connection, path: Path) -> None:
    """Fail now, not in the middle of a search, on a file that is not SQLite ('file is not a
    database') or that was cut short (fewer bytes than its header's pages)."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0  # pages may live in the WAL
    if not pending and path.stat().st_size < int(pages) * int(page_size):
        raise sqlite3.DatabaseError(
            f"database disk image is malformed: {path.stat().st_size} bytes, its header "
            f"counts {int(pages) * int(page_size)}"
        )


def _record_embedder(conn: sqlite3.Connection, embedder: str, dimension: int) -> None:
    """The embedder is kept in SQLite too, so a lost manifest can be rebuilt (``_recovered``)."""
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES ('embedder', ?), ('dimension', ?)",
        (embedder, str(dimension)),
    )


def _recovered(
    path: Path,
    embedder: str,
    dimension: int,
    chunker: dict[str, Any],
    settings: IndexSettings,
) -> IndexStore | None:
    """An index whose manifest is gone but whose SQLite holds files, ready to be republished
    (manifest and FAISS rebuilt from the embedding cache by the ingest's write); None when the
    SQLite file holds nothing yet (a first ingest killed before its manifest)."""
    conn = _connect(path / SQLITE)
    try:
        (files,) = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'files'"
        ).fetchone()
        if not files or not conn.execute("SELECT 1 FROM files LIMIT 1").fetchone():
            conn.close()
            return None
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        where = path / MANIFEST
        if "embedder" not in meta:
            raise IndexCorruptError(
                f"{where} is missing and {path / SQLITE} does not record which embedder made "
                f"its vectors: restore {MANIFEST}, or remove {path} and run minutes ingest again"
            )
        recorded = Manifest(embedder=meta["embedder"], dimension=int(meta.get("dimension", 0)))
        try:
            recorded.check(embedder, dimension, where=path)
        except EmbedderMismatchError as exc:
            raise EmbedderMismatchError(f"{where} is missing; {exc}") from exc
    except BaseException:
        conn.close()
        raise
    manifest = Manifest(
        embedder=embedder,
        dimension=dimension,
        chunker=chunker,
        vector_index=choose_kind(0, settings),
        generation=-1,  # behind SQLite: the vectors are rebuilt from the cache and published
        created_at=_now(),
        updated_at=_now(),
    )
    store = IndexStore(path, manifest, conn, settings)
    store.notices.append(
        f"{where} was missing: rebuilt it, and the vectors from the embedding cache in {SQLITE}"
    )
    return store


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
