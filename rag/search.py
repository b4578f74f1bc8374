"""Hybrid retrieval: dense (FAISS) and BM25 over one index, fused by reciprocal rank fusion.

Filters are applied inside both retrievers (:meth:`rag.index.IndexStore.allowed`), so a filtered
search ranks every matching chunk instead of trimming an unfiltered top-k.
"""

from __future__ import annotations

from pathlib import Path

from .embedders import Embedder, canonical_name, embedder_name, load_embedder
from .index import Allowed, IndexStats, IndexStore, Scope
from .index.lexical import analyze
from .models import Filters, Passage
from .settings import SearchSettings, Settings
from .text import query_terms

__all__ = ["Searcher", "lexical_terms", "open_searcher"]


def lexical_terms(query: str) -> list[str]:
    """The question's content words as BM25 index terms (folded, stemmed, de-duplicated)."""
    return list(dict.fromkeys(analyze(" ".join(query_terms(query)))))


class Searcher:
    """Search one index with one embedder (the one that built it)."""

    def __init__(self, store: IndexStore, embedder: Embedder, settings: SearchSettings) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings

    # --------------------------------------------------------------- retrievers
    def dense(self, query: str, n: int, allowed: Allowed | None = None) -> list[tuple[int, float]]:
        """Top ``n`` (chunk id, cosine similarity) by the query's embedding."""
        vector = self.embedder.embed([query])[0]
        return self.store.vectors().search(vector, n, allowed.ids if allowed else None)

    def bm25(
        self, query: str, n: int, filters: Filters | None = None, allowed: Allowed | None = None
    ) -> list[tuple[int, float]]:
        """Top ``n`` (chunk id, BM25 score); ``allowed`` spares a second filter query."""
        terms = lexical_terms(query)
        if not terms:
            return []
        if allowed is None:
            allowed = self.store.allowed(filters)
        return self.store.bm25(terms, n, allowed, k1=self.settings.bm25_k1, b=self.settings.bm25_b)

    # --------------------------------------------------------------- hybrid
    def search(
        self, query: str, filters: Filters | None = None, k: int | None = None
    ) -> list[Passage]:
        k = k or self.settings.k
        n = max(self.settings.candidates, k)
        allowed = self.store.allowed(filters)
        if allowed is not None and len(allowed.ids) == 0:
            return []
        dense = self.dense(query, n, allowed) if self.settings.dense_weight > 0 else []
        sparse = self.bm25(query, n, filters, allowed) if self.settings.bm25_weight > 0 else []
        ranks = {
            "dense": {cid: r for r, (cid, _) in enumerate(dense, 1)},
            "bm25": {cid: r for r, (cid, _) in enumerate(sparse, 1)},
        }
        fused: dict[int, float] = {}
        for name, weight in (
            ("dense", self.settings.dense_weight),
            ("bm25", self.settings.bm25_weight),
        ):
            for cid, rank in ranks[name].items():
                fused[cid] = fused.get(cid, 0.0) + weight / (self.settings.rrf_k + rank)
        top = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return self.store.passages(top, ranks, similarity=dict(dense))

    def scope(self, filters: Filters | None = None) -> Scope:
        """What a (filtered) search covers: councils, meetings, items, date range."""
        return self.store.scope(filters)

    def stats(self) -> IndexStats:
        return self.store.stats()

    def close(self) -> None:
        self.store.close()


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
        store.manifest.check(wanted, embedder.dimension, where=index_path)
    except BaseException:
        store.close()
        raise
    return Searcher(store, embedder, settings.search)
