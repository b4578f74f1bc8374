"""BM25 postings in SQLite (rag.lexical): analysis, scores, deletes, segment merges, upgrades."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import bm25s
import numpy as np
import pytest

from rag.index import IndexStore, lexical
from rag.index.lexical import analyze, bm25_search
from rag.search import Searcher, lexical_terms
from rag.settings import SearchSettings
from tests.fakes import FakeEmbedder
from tests.test_store import make_record, write

WORDS = (
    "agency staffing budget overspend social workers recruitment pothole resurfacing gritting "
    "library volunteers housing allocation green belt recycling contract audit risk register "
    "carbon retrofit taxi licensing leisure swimming pool homelessness reserves precept"
).split()


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30))) for _ in range(count)]


def _store(tmp_path: Path, embedder: FakeEmbedder) -> IndexStore:
    return IndexStore.create(tmp_path / "idx", embedder.name, embedder.dimension, {})


def _ranking(store: IndexStore, query: str, n: int = 10) -> list[tuple[int, float]]:
    return bm25_search(store.conn, lexical_terms(query), n)


def test_analyze_folds_stems_and_drops_stop_words() -> None:
    assert analyze("The Agencies' STAFFING in Café reviews, 2023 and item 5") == [
        "agenc",
        "staf",
        "cafe",
        "review",
        "2023",
        "item",
        "5",
    ]
    assert analyze("") == [] and analyze("the of and") == []
    # Accents fold in any form (composed, decomposed, compatibility) and next to ASCII.
    assert analyze("Ŵyn naïve ﬁnance e\u0301tude £5") == ["wyn", "naiv", "financ", "etud", "5"]


def test_scores_equal_an_independent_bm25(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    """Same corpus, same tokens: bm25s (method 'lucene') gives the same ranking and scores."""
    texts = _texts(60, seed=1)
    store = _store(tmp_path, fake_embedder)
    record = make_record("/data/a.txt", texts)
    for doc in record.documents:  # no title terms: bm25s has no fields
        doc.items = [
            (item_id, span.model_copy(update={"item": span.item.model_copy(update={"title": ""})}))
            for item_id, span in doc.items
        ]
    write(store, record, fake_embedder)
    chunk_ids = [r[0] for r in store.conn.execute("SELECT id FROM chunks ORDER BY char_start")]
    reference = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
    reference.index([analyze(t) for t in texts], show_progress=False)
    for query in ("agency staffing overspend", "pothole gritting", "swimming pool reserves"):
        ours = dict(_ranking(store, query, n=60))
        tokens = lexical_terms(query)
        expected = reference.get_scores(tokens)
        for position, cid in enumerate(chunk_ids):
            assert ours.get(cid, 0.0) == pytest.approx(float(expected[position]), rel=1e-4)
    store.close()


def test_deleted_chunks_leave_results_and_statistics(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    store = _store(tmp_path, fake_embedder)
    write(store, make_record("/data/a.txt", ["pothole repairs on the ring road"]), fake_embedder)
    write(
        store,
        make_record("/data/b.txt", ["pothole budget overspend", "library hours"]),
        fake_embedder,
    )
    before = _ranking(store, "pothole")
    assert len(before) == 2
    write(store, make_record("/data/b.txt", ["library hours only"]), fake_embedder)
    after = _ranking(store, "pothole")
    survivor = store.conn.execute(
        "SELECT c.id FROM chunks c JOIN documents d ON d.doc_id = c.doc_id "
        "WHERE d.file_path = '/data/a.txt'"
    ).fetchone()[0]
    assert [cid for cid, _ in after] == [survivor]
    docs, length = (
        int(v)
        for (v,) in store.conn.execute(
            "SELECT value FROM meta WHERE key IN ('lexical_docs', 'lexical_length') ORDER BY key"
        )
    )
    live = store.conn.execute("SELECT COUNT(*), SUM(length) FROM lexical_docs").fetchone()
    assert (
        (docs, length)
        == (live[0], live[1])
        == (
            2,
            len(analyze("pothole repairs ring road"))
            + len(analyze("library hours only"))
            + 2 * len(analyze("Budget")),
        )
    )
    store.close()


def test_merged_segments_rank_exactly_like_one_fresh_build(
    tmp_path: Path, fake_embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexical, "_TIER_BASE", 4)
    store = _store(tmp_path, fake_embedder)
    rng = random.Random(7)
    for number in range(30):  # thirty small ingests, with replacements and deletions
        name = f"/data/{rng.randrange(12)}.txt"
        write(store, make_record(name, _texts(rng.randint(1, 5), seed=number)), fake_embedder)
    segments = store.conn.execute("SELECT COUNT(*) FROM lexical_segments").fetchone()[0]
    assert segments < 30 // 2  # merges happened
    fresh = tmp_path / "fresh.sqlite"
    conn = sqlite3.connect(fresh, isolation_level=None)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE chunks (id INTEGER PRIMARY KEY);"
    )
    conn.executescript(lexical.LEXICAL_SCHEMA)
    rows = store.conn.execute(
        "SELECT c.id, c.text, i.title FROM chunks c JOIN items i ON i.item_id = c.item_id"
    ).fetchall()
    conn.execute("BEGIN")
    lexical.rebuild_lexical(conn, rows)
    conn.execute("COMMIT")
    for query in ("agency staffing", "recycling contract audit", "taxi", "carbon retrofit pool"):
        merged = dict(_ranking(store, query, 1000))
        rebuilt = dict(bm25_search(conn, lexical_terms(query), 1000))
        assert merged.keys() == rebuilt.keys() and merged
        assert np.allclose([merged[c] for c in merged], [rebuilt[c] for c in merged], rtol=1e-5)
    store.close()


def test_many_deletions_are_purged_by_a_rewrite(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    store = _store(tmp_path, fake_embedder)
    for number in range(5):
        write(store, make_record(f"/data/{number}.txt", _texts(4, seed=number)), fake_embedder)
    for number in range(3):  # 60% of the chunks replaced
        write(store, make_record(f"/data/{number}.txt", ["taxi licensing"]), fake_embedder)
    dead = store.conn.execute("SELECT COUNT(*) FROM lexical_dead").fetchone()[0]
    assert dead == 0
    referenced = set()
    for (blob,) in store.conn.execute("SELECT docnos FROM lexical_postings"):
        referenced |= set(np.frombuffer(blob, dtype=np.int32).tolist())
    live = {r[0] for r in store.conn.execute("SELECT docno FROM lexical_docs")}
    assert referenced == live
    store.close()


def test_filtered_bm25_ranks_only_allowed_chunks(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    from rag.models import Filters

    store = _store(tmp_path, fake_embedder)
    write(store, make_record("/data/t.txt", ["pothole repairs"], council="Trafford"), fake_embedder)
    write(
        store,
        make_record("/data/c.txt", ["pothole pothole repairs"], council="Croydon"),
        fake_embedder,
    )
    searcher = Searcher(store, fake_embedder, SearchSettings())
    everything = searcher.bm25("potholes", 10)
    trafford = searcher.bm25("potholes", 10, Filters(council="Trafford"))
    assert len(everything) == 2 and len(trafford) == 1
    assert trafford[0][0] in {cid for cid, _ in everything}
    assert trafford[0][0] != everything[0][0]  # Croydon's chunk ranks first unfiltered
    store.close()


def test_schema_1_index_is_upgraded_on_open(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    store = _store(tmp_path, fake_embedder)
    write(store, make_record("/data/a.txt", ["agency staffing costs rose"]), fake_embedder)
    path = store.path
    expected = _ranking(store, "agency staffing")
    for table in ("lexical_postings", "lexical_segments", "lexical_dead", "lexical_docs"):
        store.conn.execute(f"DROP TABLE {table}")
    store.conn.execute("DROP TRIGGER chunks_lexical_delete")
    store.conn.execute("CREATE VIRTUAL TABLE chunks_fts USING fts5(text, title)")
    store.close()
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["schema_version"] = 1
    (path / "manifest.json").write_text(json.dumps(manifest))

    upgraded = IndexStore.open(path, embedder=fake_embedder.name)
    assert upgraded.manifest.schema_version == 2
    assert json.loads((path / "manifest.json").read_text())["schema_version"] == 2
    found = _ranking(upgraded, "agency staffing")
    assert [c for c, _ in found] == [c for c, _ in expected]
    assert [s for _, s in found] == pytest.approx([s for _, s in expected])
    tables = {r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master")}
    assert "chunks_fts" not in tables
    upgraded.close()
