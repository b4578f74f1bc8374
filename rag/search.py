"""Hybrid retrieval: dense (FAISS) and BM25 over one index, fused by reciprocal rank fusion,
then (each optional) supported by neighbouring passages and by their agenda item, and
reordered by a cross-encoder.

The stages are separate so they can be measured and tuned apart: :meth:`Searcher.candidates`
asks both retrievers, :meth:`Searcher.rank` turns their lists into one ranking, and
:meth:`Searcher.search` does both and returns passages. Filters are applied inside both
retrievers (:meth:`rag.index.IndexStore.allowed`), so a filtered search ranks every matching
chunk instead of trimming an unfiltered top-k.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .embedders import Embedder, canonical_name, embedder_name, load_embedder
from .index import Allowed, IndexStats, IndexStore, Scope
from .index.lexical import analyze
from .models import Filters, Passage
from .rerankers import Reranker, load_reranker
from .settings import SearchSettings, Settings
from .text import focus, query_terms

__all__ = ["Candidates", "Ranking", "Searcher", "lexical_terms", "open_searcher"]

# How many of the best fused candidates bring their neighbours in, and how many passages
# of an item count towards its support.
_EXPANDED = 30
_ITEM_BEST = 3


def lexical_terms(query: str) -> list[str]:
    """The question's content words as BM25 index terms (folded, stemmed, de-duplicated)."""
    return list(dict.fromkeys(analyze(" ".join(query_terms(query)))))


@dataclass
class Candidates:
    """What each retriever returned for one question: (chunk id, score), best first."""

    dense: list[tuple[int, float]]
    bm25: list[tuple[int, float]]


@dataclass
class Ranking:
    """One ranking of chunk ids with the scores and the retrievers' own ranks behind it."""

    ranked: list[tuple[int, float]]
    ranks: dict[str, dict[int, int]] = field(default_factory=dict)
    similarity: dict[int, float] = field(default_factory=dict)


class Searcher:
    """Search one index with one embedder (the one that built it)."""

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        settings: SearchSettings,
        reranker: Reranker | None = None,
        rerank_candidates: int = 30,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.reranker = reranker
        self.rerank_candidates = rerank_candidates

    # --------------------------------------------------------------- retrievers
    def dense(self, query: str, n: int, allowed: Allowed | None = None) -> list[tuple[int, float]]:
        """Top ``n`` (chunk id, cosine similarity) by the query's embedding."""
        text = focus(query) if self.settings.focus_question else query
        vector = self.embedder.embed([text])[0]
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

    def candidates(
        self, query: str, filters: Filters | None = None, n: int | None = None
    ) -> Candidates | None:
        """Both retrievers' top ``n`` (default: ``candidates``); None when no chunk passes the
        filters."""
        n = n or self.settings.candidates
        allowed = self.store.allowed(filters)
        if allowed is not None and len(allowed.ids) == 0:
            return None
        dense = self.dense(query, n, allowed) if self.settings.dense_weight > 0 else []
        sparse = self.bm25(query, n, filters, allowed) if self.settings.bm25_weight > 0 else []
        return Candidates(dense, sparse)

    # --------------------------------------------------------------- ranking
    def rank(self, found: Candidates, settings: SearchSettings | None = None) -> Ranking:
        """Fuse the retrievers' lists (reciprocal rank fusion), then add neighbour and item
        support when the settings ask for it. ``settings`` overrides the searcher's own (for
        tuning over cached candidates)."""
        s = settings or self.settings
        ranks = {
            "dense": {cid: r for r, (cid, _) in enumerate(found.dense, 1)},
            "bm25": {cid: r for r, (cid, _) in enumerate(found.bm25, 1)},
        }
        fused: dict[int, float] = {}
        for name, weight in (("dense", s.dense_weight), ("bm25", s.bm25_weight)):
            for cid, rank in ranks[name].items():
                fused[cid] = fused.get(cid, 0.0) + weight / (s.rrf_k + rank)
        if fused and (s.neighbour_weight > 0 or s.item_weight > 0):
            fused = self._supported(fused, s)
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
        return Ranking(ranked, ranks, dict(found.dense))

    def _supported(self, fused: dict[int, float], s: SearchSettings) -> dict[int, float]:
        """Fused scores plus the support of each passage's neighbours and of its item."""
        best = [cid for cid, _ in sorted(fused.items(), key=lambda kv: -kv[1])[:_EXPANDED]]
        around = self.store.neighbours(best)
        scores = dict(fused)
        if s.neighbour_weight > 0:
            for cid in best:  # the best candidates' neighbours become candidates too
                prev, nxt, _ = around[cid]
                scores.update({n: fused.get(n, 0.0) for n in (prev, nxt) if n is not None})
        out: dict[int, float] = {}
        item_best: dict[str, list[float]] = {}
        for cid, score in fused.items():
            if cid in around:
                item_best.setdefault(around[cid][2], []).append(score)
        support = {item: sum(sorted(v, reverse=True)[:_ITEM_BEST]) for item, v in item_best.items()}
        for cid, score in scores.items():
            prev, nxt, item = around.get(cid, (None, None, ""))
            total = score
            if s.neighbour_weight > 0:
                total += (
                    s.neighbour_weight
                    * (fused.get(prev or -1, 0.0) + fused.get(nxt or -1, 0.0))
                    / 2
                )
            if s.item_weight > 0:
                total += s.item_weight * support.get(item, 0.0)
            out[cid] = total
        return out

    # --------------------------------------------------------------- search
    def search(
        self, query: str, filters: Filters | None = None, k: int | None = None
    ) -> list[Passage]:
        """The ``k`` best passages for ``query`` within ``filters``, best first."""
        k = k or self.settings.k
        found = self.candidates(query, filters, max(self.settings.candidates, k))
        if found is None:
            return []
        ranking = self.rank(found)
        depth = max(k, self.rerank_candidates) if self.reranker else k
        passages = self.store.passages(ranking.ranked[:depth], ranking.ranks, ranking.similarity)
        if self.reranker is not None:
            passages = self._reranked(query, passages)
        return passages[:k]

    def _reranked(self, query: str, passages: list[Passage]) -> list[Passage]:
        """The first ``rerank_candidates`` passages reordered by the reranker's scores."""
        assert self.reranker is not None
        head, tail = passages[: self.rerank_candidates], passages[self.rerank_candidates :]
        scores = self.reranker.score(query, [p.text for p in head])
        order = sorted(range(len(head)), key=lambda i: (-float(scores[i]), i))
        reordered = [head[i] for i in order] + tail
        for rank, passage in enumerate(reordered, 1):
            passage.rank = rank
        for i in order:
            head[i].rerank_score = float(scores[i])
        return reordered

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
        reranker = load_reranker(settings.reranker)
    except BaseException:
        store.close()
        raise
    return Searcher(store, embedder, settings.search, reranker, settings.reranker.candidates)
