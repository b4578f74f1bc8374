"""FAISS index kinds: choice by size, HNSW recall against exact search, filtered search, deletes
(tombstones and compaction), and the store's round trip and rebuild with an HNSW index."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rag.apps.benchmark.corpus import clustered_vectors
from rag.index import IndexStore
from rag.index.vectors import VectorIndex, choose_kind
from rag.settings import IndexSettings
from tests.fakes import FakeEmbedder
from tests.test_store import make_record, write


def top_ids(
    index: VectorIndex, query: np.ndarray, k: int = 10, allowed: np.ndarray | None = None
) -> list[int]:
    return [i for i, _ in index.search(query, k, allowed)]


def test_kind_is_chosen_by_size_with_hysteresis() -> None:
    auto = IndexSettings(hnsw_threshold=1000)
    assert choose_kind(0, auto) == "flat"
    assert choose_kind(999, auto) == "flat"
    assert choose_kind(1000, auto) == "hnsw"
    assert choose_kind(600, auto, current="hnsw") == "hnsw"  # not back at once
    assert choose_kind(499, auto, current="hnsw") == "flat"
    assert choose_kind(10, IndexSettings(vector_index="hnsw")) == "hnsw"
    assert choose_kind(10**7, IndexSettings(vector_index="flat")) == "flat"


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    vectors = clustered_vectors(20_050, 64, seed=1)
    ids = np.arange(1, 20_001, dtype=np.int64) * 7919  # sparse, like chunk ids
    return vectors[:20_000], ids, vectors[20_000:]


@pytest.fixture(scope="module")
def hnsw(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> VectorIndex:
    base, ids, _ = data
    index = VectorIndex(64, kind="hnsw", settings=IndexSettings(exact_filter_max=100))
    index.add(ids, base)
    return index


def test_hnsw_recall_at_10_against_exact_search(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], hnsw: VectorIndex
) -> None:
    base, ids, queries = data
    flat = VectorIndex(64)
    flat.add(ids, base)
    assert hnsw.kind == "hnsw" and flat.kind == "flat" and hnsw.size == flat.size == 20_000
    import faiss

    threads = faiss.omp_get_max_threads()
    recall = np.mean([len(set(top_ids(hnsw, q)) & set(top_ids(flat, q))) / 10 for q in queries])
    assert recall >= 0.98  # the target of `minutes bench`, with the default graph and efSearch
    # Single queries run FAISS on one OpenMP thread; the caller's setting is given back.
    assert faiss.omp_get_max_threads() == threads


def test_hnsw_graph_follows_the_settings_through_save_load_and_rebuild(
    tmp_path: Path, data: tuple[np.ndarray, np.ndarray, np.ndarray], hnsw: VectorIndex
) -> None:
    import faiss

    _, ids, queries = data

    def graph(index: VectorIndex) -> tuple[int, int, int]:
        h = faiss.downcast_index(index._index.index).hnsw  # type: ignore[attr-defined]
        return h.nb_neighbors(0), h.nb_neighbors(1), h.efConstruction

    defaults = IndexSettings()
    assert defaults.hnsw_m == 48 and defaults.hnsw_ef_construction == 100
    assert graph(hnsw) == (96, 48, 100)  # 2·M links on the base layer, M above
    sparse = VectorIndex(64, kind="hnsw", settings=IndexSettings(hnsw_m=8, hnsw_ef_construction=16))
    assert graph(sparse) == (16, 8, 16)

    path = tmp_path / "vectors.faiss"
    hnsw.save(path)
    loaded = VectorIndex.load(path, 64, hnsw.settings)
    assert loaded.kind == "hnsw" and loaded.size == hnsw.size and graph(loaded) == (96, 48, 100)
    for q in queries[:5]:
        assert loaded.search(q, 10) == hnsw.search(q, 10)
        assert loaded.search(q, 10, ids[:60]) == hnsw.search(q, 10, ids[:60])  # exact path
        assert loaded.search(q, 10, ids[::3]) == hnsw.search(q, 10, ids[::3])  # IDSelector
    assert graph(hnsw.rebuilt("hnsw")) == (96, 48, 100)


def test_filtered_hnsw_search_returns_only_allowed_ids(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], hnsw: VectorIndex
) -> None:
    base, ids, queries = data
    rng = np.random.default_rng(3)
    for share in (0.002, 0.05, 0.5):  # exact path (≤ 100 allowed), then FAISS with IDSelector
        allowed = rng.choice(ids, int(len(ids) * share), replace=False)
        allowed_set = set(allowed.tolist())
        rows = np.searchsorted(ids, np.sort(allowed))
        for q in queries[:10]:
            found = top_ids(hnsw, q, 10, allowed)
            assert found and set(found) <= allowed_set
            exact = np.sort(allowed)[np.argsort(-(base[rows] @ q))[:10]]
            assert len(set(found) & set(exact.tolist())) >= 8
    assert hnsw.search(queries[0], 5, np.array([], dtype=np.int64)) == []
    assert top_ids(hnsw, queries[0], 5, np.array([123456789], dtype=np.int64)) == []


def test_hnsw_deletes_are_tombstones_until_compaction(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    base, ids, _queries = data
    index = VectorIndex(64, kind="hnsw", settings=IndexSettings(compact_ratio=0.3))
    index.add(ids[:2000], base[:2000])
    nearest = top_ids(index, base[5], 3)[0]
    assert nearest == ids[5]
    assert index.remove(np.array([ids[5], 999], dtype=np.int64)) == 1
    assert index.size == 1999 and index.tombstones == 1
    assert ids[5] not in top_ids(index, base[5], 10)
    assert ids[5] not in top_ids(index, base[5], 10, ids[:50])  # exact path skips it too
    index.add(ids[5:6], base[5:6])  # re-added under the same id (a changed file's chunk)
    assert top_ids(index, base[5], 1) == [ids[5]]
    assert top_ids(index, base[5], 1, ids[:50]) == [ids[5]]
    index.remove(ids[100:800])
    assert index.needs_compaction()
    compacted = index.rebuilt("hnsw")
    assert compacted.tombstones == 0 and compacted.size == index.size == 1300
    assert set(compacted.live()[0].tolist()) == set(index.live()[0].tolist())
    flat = index.rebuilt("flat")
    assert flat.kind == "flat" and top_ids(flat, base[5], 1) == [ids[5]]


def test_store_round_trip_with_hnsw_and_rebuild_from_sqlite(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    path = tmp_path / "idx"
    settings = IndexSettings(vector_index="hnsw")
    store = IndexStore.create(path, fake_embedder.name, 64, {}, index_settings=settings)
    store.acquire_lock()
    write(
        store,
        make_record("/c/a.txt", ["Agency staffing costs rose.", "Bins go fortnightly."]),
        fake_embedder,
    )
    write(store, make_record("/c/b.txt", ["Potholes on the A56 were repaired."]), fake_embedder)
    store.close()
    assert json.loads((path / "manifest.json").read_text())["vector_index"] == "hnsw"

    reopened = IndexStore.open(path, fake_embedder.name, 64, index_settings=settings)
    vectors = reopened.vectors()
    assert vectors.kind == "hnsw" and vectors.size == 3
    query = fake_embedder.embed(["potholes A56 repaired"])[0]
    (best, _), *_ = vectors.search(query, 1)
    text = reopened.conn.execute("SELECT text FROM chunks WHERE id = ?", (best,)).fetchone()[0]
    assert "Potholes" in text
    reopened.close()

    # A replaced file leaves a tombstone in the graph; a lost FAISS file is rebuilt from SQLite.
    store = IndexStore.open(path, fake_embedder.name, 64, index_settings=settings)
    write(store, make_record("/c/b.txt", ["Potholes on the B5 were left."]), fake_embedder)
    assert store.vectors().size == 3
    store.close()
    (path / "vectors.faiss").unlink()
    rebuilt = IndexStore.open(path, fake_embedder.name, 64, index_settings=settings)
    assert rebuilt.vectors().kind == "hnsw" and rebuilt.vectors().size == 3
    rebuilt.close()


def test_auto_index_switches_kind_when_it_crosses_the_threshold(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    path = tmp_path / "idx"
    settings = IndexSettings(hnsw_threshold=3)
    store = IndexStore.create(path, fake_embedder.name, 64, {}, index_settings=settings)
    write(store, make_record("/c/a.txt", ["One passage.", "Two passages."]), fake_embedder)
    assert store.manifest.vector_index == "flat"
    write(store, make_record("/c/b.txt", ["Three passages.", "Four."]), fake_embedder)
    assert store.manifest.vector_index == "hnsw" and store.vectors().kind == "hnsw"
    store.close()
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["vector_index"] == "hnsw"
    with IndexStore.open(path, index_settings=settings) as reopened:
        assert reopened.vectors().kind == "hnsw" and reopened.vectors().size == 4
