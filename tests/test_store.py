"""The index folder: manifest, SQLite, FAISS, lock, rebuild after a crash, embedder checks."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import faiss
import numpy as np
import pytest

from rag.dates import date_bounds
from rag.errors import EmbedderMismatchError, IndexLockedError, IndexNotFoundError
from rag.index import (
    SCHEMA_VERSION,
    FileRecord,
    IndexStore,
    StoredDocument,
    chunk_int_id,
    resolve_index_path,
)
from rag.models import AgendaItem, Chunk, Document, DocumentKind, ItemSpan, content_hash, stable_id
from tests.fakes import FakeEmbedder


def make_record(path: str, texts: list[str], council: str = "Trafford") -> FileRecord:
    text = "\n\n".join(texts)
    doc_id = stable_id(path)
    document = Document(
        doc_id=doc_id,
        source=Path(path).name,
        path=path,
        kind=DocumentKind.MINUTES,
        content_hash=content_hash(text),
        title="Minutes",
        text=text,
    )
    item = AgendaItem(
        council=council, title="Budget", item_number="5", meeting_date=date(2023, 3, 14)
    )
    item_id = stable_id(doc_id, 0)
    chunks, offset = [], 0
    for part in texts:
        start = text.index(part, offset)
        offset = start + len(part)
        chunks.append(
            Chunk(
                chunk_id=stable_id(doc_id, start, offset),
                doc_id=doc_id,
                item_id=item_id,
                text=part,
                char_start=start,
                char_end=offset,
                hash=content_hash(part),
                embed_text=part,
            )
        )
    return FileRecord(
        path=path,
        source=Path(path).name,
        root="/",
        file_hash=content_hash(text),
        settings_key="k",
        documents=[
            StoredDocument(
                document=document,
                items=[(item_id, ItemSpan(item=item, start=0, end=len(text)))],
                chunks=chunks,
            )
        ],
    )


def write(store: IndexStore, record: FileRecord, embedder: FakeEmbedder) -> None:
    chunks = record.documents[0].chunks
    vectors = embedder.embed([c.embed_text for c in chunks])
    store.cache_vectors([c.hash for c in chunks], vectors)
    index = store.vectors()
    with store.transaction() as conn:
        removed = (
            store.remove_files(conn, [record.path]) if record.path in store.file_states() else []
        )
        ids = store.insert_file(conn, record)
    index.remove(np.asarray(removed, dtype=np.int64))
    index.add(np.asarray(ids, dtype=np.int64), vectors)
    store.publish()


def test_create_writes_fixed_files_and_manifest(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    path = tmp_path / "idx"
    with IndexStore.create(path, fake_embedder.name, 64, {"max_tokens": 240}):
        pass
    assert {p.name for p in path.iterdir()} >= {"manifest.json", "index.sqlite", "vectors.faiss"}
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["embedder"] == fake_embedder.name
    assert manifest["dimension"] == 64
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["chunker"] == {"max_tokens": 240}
    # No pickle: the vectors file is a FAISS index and the rest is SQLite/JSON.
    assert faiss.read_index(str(path / "vectors.faiss")).ntotal == 0
    sqlite3.connect(path / "index.sqlite").execute("SELECT COUNT(*) FROM chunks").fetchone()


def test_open_refuses_other_embedder_and_missing_index(tmp_path: Path) -> None:
    path = tmp_path / "idx"
    IndexStore.create(path, "model-a", 64, {}).close()
    with pytest.raises(EmbedderMismatchError, match="model-a"):
        IndexStore.open(path, embedder="model-b")
    with pytest.raises(EmbedderMismatchError):
        IndexStore.open(path, embedder="model-a", dimension=384)
    IndexStore.open(path, embedder="model-a", dimension=64).close()
    with pytest.raises(IndexNotFoundError, match="minutes ingest"):
        IndexStore.open(tmp_path / "nothing")


def test_second_writer_is_refused_with_the_holder_pid(tmp_path: Path) -> None:
    path = tmp_path / "idx"
    first = IndexStore.create(path, "m", 64, {})
    first.acquire_lock()
    second = IndexStore.open(path)
    with pytest.raises(IndexLockedError, match="another ingest"):
        second.acquire_lock()
    first.release_lock()
    second.acquire_lock()  # free again once released
    second.close()
    first.close()


def test_write_then_read_back_and_replace(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    path = tmp_path / "idx"
    store = IndexStore.create(path, fake_embedder.name, 64, {})
    record = make_record("/data/a.txt", ["agency staff costs rose", "the budget was agreed"])
    write(store, record, fake_embedder)
    assert store.generation == 1
    assert store.vectors().size == 2
    store.close()

    reopened = IndexStore.open(path, embedder=fake_embedder.name)
    assert reopened.manifest.generation == 1
    assert reopened.vectors().size == 2
    changed = make_record("/data/a.txt", ["agency staff costs fell"])
    write(reopened, changed, fake_embedder)
    rows = reopened.conn.execute("SELECT text FROM chunks").fetchall()
    assert rows == [("agency staff costs fell",)]
    live = reopened.conn.execute("SELECT COUNT(*) FROM lexical_docs").fetchone()[0]
    assert live == 1
    assert reopened.vectors().size == 1
    reopened.close()


def test_stale_faiss_file_is_rebuilt_from_sqlite(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    """A crash between the SQLite commit and the FAISS rename leaves FAISS one generation behind."""
    path = tmp_path / "idx"
    store = IndexStore.create(path, fake_embedder.name, 64, {})
    first = make_record("/data/a.txt", ["one passage about housing"])
    write(store, first, fake_embedder)
    old_faiss = (path / "vectors.faiss").read_bytes()
    old_manifest = (path / "manifest.json").read_text()
    write(store, make_record("/data/b.txt", ["another passage about roads"]), fake_embedder)
    store.close()
    # Put back the previous FAISS file and manifest: the state a kill -9 after commit leaves.
    (path / "vectors.faiss").write_bytes(old_faiss)
    (path / "manifest.json").write_text(old_manifest)

    reopened = IndexStore.open(path)
    assert reopened.generation == 2 and reopened.manifest.generation == 1
    vectors = reopened.vectors()
    assert vectors.size == 2
    ids = {r[0] for r in reopened.conn.execute("SELECT id FROM chunks")}
    query = fake_embedder.embed(["roads"])[0]
    assert {i for i, _ in vectors.search(query, 5)} == ids
    reopened.close()


def test_ids_dates_and_index_paths() -> None:
    assert 0 < chunk_int_id("f" * 16) < 2**63
    assert date_bounds(date(2022, 11, 22), None) == ("2022-11-22", "2022-11-22")
    assert date_bounds(None, 2017) == ("2017-01-01", "2017-12-31")
    assert date_bounds(None, None) == (None, None)
    root = Path("indexes")
    assert resolve_index_path("sample", root, "default") == root / "sample"
    assert resolve_index_path(None, root, "default") == root / "default"
    assert resolve_index_path("./elsewhere/x", root, "default") == Path("./elsewhere/x")


def test_an_index_of_the_other_backend_says_how_to_use_it(tmp_path: Path) -> None:
    """The default backend became int8: an index built with the model's own (fp32) vectors is
    refused with the settings that read it, and the other way round."""
    from rag.index import Manifest
    from rag.settings import DEFAULT_EMBEDDER

    fp32 = Manifest(embedder=DEFAULT_EMBEDDER, dimension=384)
    with pytest.raises(EmbedderMismatchError) as refused:
        fp32.check(DEFAULT_EMBEDDER + "+onnx-int8", 384, where=tmp_path)
    message = str(refused.value)
    assert "\n" not in message and "MINUTES_EMBEDDER__BACKEND=auto" in message
    assert f"remove {tmp_path} and run minutes ingest again" in message
    int8 = Manifest(embedder=DEFAULT_EMBEDDER + "+onnx-int8", dimension=384)
    with pytest.raises(EmbedderMismatchError, match="MINUTES_EMBEDDER__BACKEND=onnx-int8"):
        int8.check(DEFAULT_EMBEDDER, 384, where=tmp_path)
    int8.check(DEFAULT_EMBEDDER + "+onnx-int8", 384, where=tmp_path)  # the same: accepted
