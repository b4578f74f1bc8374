"""Query side of ``minutes bench``: vector search, hybrid search and extractive answers at scale.

For each scale (e.g. 10k / 100k / 1M chunks) synthetic clustered vectors are indexed with every
FAISS kind asked for; each kind reports build time, bytes per chunk, single-query p50/p95 and
recall@10 against exact search (unfiltered, filtered to 1% / 10% / 50% of the chunks, and for
HNSW over a sweep of ``efSearch``). Then a full index (SQLite + FTS5 + FAISS, synthetic passages)
is built at that scale and the real search path is timed: query embedding, FAISS, BM25, fusion,
rows; and ``Asker.ask`` end to end (search + extractive answer).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ...answers import Asker
from ...embedders import Embedder, canonical_name
from ...index import IndexStore
from ...index.vectors import VectorIndex, VectorKind, choose_kind
from ...search import Searcher
from ...settings import Settings
from .corpus import COMMITTEES, COUNCILS, TOPICS, clustered_vectors, passage_texts
from .measure import PeakMemory, latency_stats

__all__ = ["QueryOptions", "build_store", "questions", "run_query_bench"]

Log = Callable[[str], None]


@dataclass
class QueryOptions:
    scales: list[int] = field(default_factory=lambda: [10_000, 100_000])
    kinds: list[VectorKind] = field(default_factory=lambda: ["flat", "hnsw"])
    queries: int = 200
    answers: int = 20
    filtered_shares: tuple[float, ...] = (0.01, 0.1, 0.5)
    ef_values: tuple[int, ...] = (16, 32, 64, 128, 256, 512)
    hybrid: bool = True
    seed: int = 0


def questions(count: int, seed: int = 5) -> list[str]:
    """Questions about the corpus' topics, phrased the ways people ask."""
    rng = random.Random(seed)
    forms = [
        "what was said about {a}?",
        "{a}",
        "did the committee discuss {a}?",
        "what was decided on {t}?",
        "how much was spent on {a}?",
    ]
    out = []
    for _ in range(count):
        topic = rng.choice(list(TOPICS))
        aspect = rng.choice([a.strip() for a in TOPICS[topic].split(",")])
        out.append(rng.choice(forms).format(a=aspect, t=topic.lower()))
    return out


def _recall(found: Sequence[int], truth: Sequence[int]) -> float:
    return len(set(found) & set(truth)) / max(1, len(truth))


def _timed_search(
    index: VectorIndex, queries: np.ndarray, truth: list[list[int]], allowed: np.ndarray | None
) -> dict[str, Any]:
    latencies, recalls = [], []
    for q, expected in zip(queries, truth, strict=True):
        started = time.perf_counter()
        found = index.search(q, 10, allowed)
        latencies.append(time.perf_counter() - started)
        recalls.append(_recall([i for i, _ in found], expected))
    return {**latency_stats(latencies), "recall@10": round(float(np.mean(recalls)), 4)}


def _exact_truth(base: np.ndarray, ids: np.ndarray, queries: np.ndarray) -> list[list[int]]:
    import faiss

    flat = faiss.IndexFlatIP(base.shape[1])
    flat.add(base)
    _, rows = flat.search(queries, 10)
    return [[int(ids[r]) for r in row if r >= 0] for row in rows]


def _kind_bench(
    kind: VectorKind,
    base: np.ndarray,
    ids: np.ndarray,
    queries: np.ndarray,
    truth: list[list[int]],
    settings: Settings,
    options: QueryOptions,
    work: Path,
    log: Log,
) -> tuple[dict[str, Any], VectorIndex]:
    n = len(base)
    index_settings = settings.index.model_copy()
    with PeakMemory() as memory:
        started = time.perf_counter()
        index = VectorIndex(base.shape[1], kind=kind, settings=index_settings)
        for start in range(0, n, 100_000):
            index.add(ids[start : start + 100_000], base[start : start + 100_000])
        build = time.perf_counter() - started
    path = work / f"{kind}-{n}.faiss"
    index.save(path)
    file_bytes = path.stat().st_size
    path.unlink()
    log(f"  {kind:5} n={n:,}: built in {build:.1f}s, {file_bytes / n:.0f} B/chunk")
    # Exact search at a million chunks costs ~0.1 s a query: fewer queries keep the run short.
    m = len(queries) if kind == "hnsw" or n < 500_000 else min(len(queries), 50)
    out: dict[str, Any] = {
        "build_s": round(build, 2),
        "bytes_per_chunk": round(file_bytes / n, 1),
        "rss_increase_mib": memory.to_json()["peak_increase_mib"],
        "search": _timed_search(index, queries[:m], truth[:m], None),
    }
    if kind == "hnsw":
        sweep = {}
        for ef in options.ef_values:
            index.settings.hnsw_ef_search = ef
            sweep[str(ef)] = _timed_search(index, queries, truth, None)
        index.settings.hnsw_ef_search = settings.index.hnsw_ef_search
        out["ef_sweep"] = sweep
        out["ef_search"] = settings.index.hnsw_ef_search
    gen = np.random.default_rng(options.seed + 1)
    filtered = {}
    for share in options.filtered_shares:
        allowed = np.sort(gen.choice(ids, max(10, int(n * share)), replace=False))
        rows = np.searchsorted(ids, allowed)
        f = min(m, 50)
        sub_truth = _exact_truth(base[rows], allowed, queries[:f])
        filtered[f"{share:g}"] = {
            "allowed": len(allowed),
            "exact_path": len(allowed) <= index.settings.exact_filter_max,
            **_timed_search(index, queries[:f], sub_truth, allowed),
        }
    out["filtered"] = filtered
    s = out["search"]
    log(
        f"        search p50 {s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, "
        f"recall@10 {s['recall@10']:.3f}"
    )
    return out, index


def build_store(
    path: Path,
    ids: np.ndarray,
    vectors: np.ndarray,
    index: VectorIndex,
    embedder_name: str,
    settings: Settings,
) -> IndexStore:
    """An index folder with ``n`` synthetic chunks (5 per agenda item, 40 per document)."""
    n = len(ids)
    store = IndexStore.create(path, embedder_name, index.dimension, {}, settings.index)
    texts = passage_texts(n, seed=n)
    rng = random.Random(n)
    with store.transaction() as conn:
        for d_start in range(0, n, 40):
            doc = f"doc{d_start // 40:07d}"
            file = f"/synthetic/{doc}.txt"
            conn.execute(
                "INSERT INTO files VALUES (?,?,?,?,?,?)", (file, f"{doc}.txt", "/", doc, "k", "")
            )
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)",
                (doc, file, f"{doc}.txt", "minutes", "Minutes", doc, "", "[]"),
            )
            council, committee = rng.choice(COUNCILS), rng.choice(COMMITTEES)
            year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
            when = f"{year:04d}-{month:02d}-{day:02d}"
            for i_start in range(d_start, min(n, d_start + 40), 5):
                item = f"{doc}-{i_start}"
                title = rng.choice(list(TOPICS))
                conn.execute(
                    "INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        item,
                        doc,
                        i_start,
                        council,
                        committee,
                        when,
                        year,
                        when,
                        when,
                        str(i_start % 40 // 5 + 1),
                        title,
                        None,
                        0,
                        "{}",
                        0,
                        0,
                    ),
                )
                rows = range(i_start, min(n, i_start + 5, d_start + 40))
                conn.executemany(
                    "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            int(ids[r]),
                            f"{int(ids[r]):015x}",
                            doc,
                            item,
                            texts[r],
                            0,
                            len(texts[r]),
                            None,
                            f"h{r}",
                        )
                        for r in rows
                    ],
                )
                for r in rows:
                    store.lexical.add(int(ids[r]), texts[r], title)
            store.lexical.maybe_flush(conn)
        conn.executemany(
            "INSERT INTO embeddings VALUES (?, ?)",
            ((f"h{r}", vectors[r].tobytes()) for r in range(n)),
        )
    store._vectors = index
    store.publish()
    return store


def _hybrid_bench(
    ids: np.ndarray,
    vectors: np.ndarray,
    index: VectorIndex,
    embedder: Embedder,
    settings: Settings,
    options: QueryOptions,
    work: Path,
    log: Log,
) -> dict[str, Any]:
    n = len(ids)
    settings = settings.model_copy(deep=True)
    settings.answer.mode = "extractive"
    started = time.perf_counter()
    store = build_store(
        work / f"store-{n}", ids, vectors, index, canonical_name(embedder.name), settings
    )
    built = time.perf_counter() - started
    disk = sum(p.stat().st_size for p in (work / f"store-{n}").iterdir() if p.is_file())
    searcher = Searcher(store, embedder, settings.search)
    asked = questions(options.queries, seed=n)
    searcher.search(asked[0])  # warm-up: first-touch page faults, SQLite page cache
    parts: dict[str, list[float]] = {"embed": [], "dense": [], "bm25": [], "search": []}
    for question in asked:
        t0 = time.perf_counter()
        vector = embedder.embed([question])[0]
        t1 = time.perf_counter()
        store.vectors().search(vector, settings.search.candidates)
        t2 = time.perf_counter()
        searcher.bm25(question, settings.search.candidates)
        t3 = time.perf_counter()
        searcher.search(question)
        t4 = time.perf_counter()
        parts["embed"].append(t1 - t0)
        parts["dense"].append(t2 - t1)
        parts["bm25"].append(t3 - t2)
        parts["search"].append(t4 - t3)
    asker = Asker(searcher, settings)
    answer_times = []
    for question in asked[: options.answers]:
        t0 = time.perf_counter()
        asker.ask(question)
        answer_times.append(time.perf_counter() - t0)
    store.close()
    out: dict[str, Any] = {
        "vector_index": index.kind,
        "store_build_s": round(built, 1),
        "disk_bytes_per_chunk": round(disk / n, 1),
        **{f"{name}": latency_stats(values) for name, values in parts.items()},
        "answer": latency_stats(answer_times),
    }
    log(
        f"  hybrid n={n:,} ({index.kind}): search p95 {out['search']['p95_ms']:.1f} ms "
        f"(embed {out['embed']['p95_ms']:.1f}, dense {out['dense']['p95_ms']:.1f}, "
        f"bm25 {out['bm25']['p95_ms']:.1f}); answer p95 {out['answer']['p95_ms']:.0f} ms"
    )
    return out


def run_query_bench(
    options: QueryOptions, settings: Settings, embedder: Embedder | None, log: Log
) -> dict[str, Any]:
    """Every scale × kind; the hybrid search path too when an embedder is given."""
    results = []
    for n in options.scales:
        with tempfile.TemporaryDirectory(prefix="minutes-bench-") as tmp:
            work = Path(tmp)
            dimension = embedder.dimension if embedder is not None else 384
            data = clustered_vectors(n + options.queries, dimension, seed=options.seed + n)
            base, queries = data[:n], data[n:]
            ids = np.arange(1, n + 1, dtype=np.int64)
            truth = _exact_truth(base, ids, queries)
            scale: dict[str, Any] = {"chunks": n, "kinds": {}}
            auto = choose_kind(n, settings.index)
            kept: VectorIndex | None = None
            for kind in options.kinds:
                result, index = _kind_bench(
                    kind, base, ids, queries, truth, settings, options, work, log
                )
                scale["kinds"][kind] = result
                if kind == auto:
                    kept = index
                else:
                    del index
            scale["auto_kind"] = auto
            if options.hybrid and embedder is not None:
                if kept is None:  # the kind auto picks was not benchmarked: build it plainly
                    kept = VectorIndex(base.shape[1], kind=auto, settings=settings.index)
                    kept.add(ids, base)
                scale["hybrid"] = _hybrid_bench(
                    ids, base, kept, embedder, settings, options, work, log
                )
            del data, base, queries, kept
            results.append(scale)
    return {"scales": results}
