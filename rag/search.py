"""Hybrid retrieval: dense (FAISS) and BM25 over one index, fused, then each passage given a
share of its agenda item's support, and (optionally) reordered by a cross-encoder.

The stages are separate so they can be measured and tuned apart: :meth:`Searcher.candidates`
asks both retrievers, :meth:`Searcher.rank` turns their lists into one ranking, and
:meth:`Searcher.search` does both and returns passages. Filters are applied inside both
retrievers (:meth:`rag.index.IndexStore.allowed`), so a filtered search ranks every matching
chunk instead of trimming an unfiltered top-k.

Fusion is a convex combination by default: each retriever's scores scaled to 0..1 over its
own candidates, BM25 weighted three times the dense similarity. On the development benchmark
(README, "Evaluate") that beat reciprocal rank fusion on both splits; so did the item support.
Tried and dropped there, because they did not win on validation after winning on train:
embedding the question without its asking frame, neighbour-passage support, phrase proximity,
query-term coverage and pseudo-relevance feedback for BM25.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .embedders import Embedder, canonical_name, embedder_name, load_embedder
from .errors import ConfigError
from .index import Allowed, IndexStats, IndexStore, Scope
from .index.lexical import analyze
from .models import Filters, Passage
from .rerankers import Reranker, load_reranker
from .settings import SearchSettings, Settings
from .text import query_terms

__all__ = [
    "MAX_K",
    "Candidates",
    "Ranking",
    "Searcher",
    "check_k",
    "check_query",
    "lexical_terms",
    "open_searcher",
]

# Passages of an item that count towards its support (one stray match is weak evidence).
_ITEM_BEST = 3
MAX_K = 1000  # passages one search may return: more is a mistake, not a reading list


def check_k(k: int | None) -> None:
    """Refuse a number of passages outside 1..MAX_K (None means the configured default)."""
    if k is not None and not 1 <= k <= MAX_K:
        raise ConfigError(f"the number of passages (-k) must be from 1 to {MAX_K}, not {k}")


def check_query(query: str) -> None:
    """Refuse a question with no word in it (empty, blank, only punctuation): it would match
    everything and nothing."""
    if not any(c.isalnum() for c in query):
        raise ConfigError("the question is empty: ask about something, e.g. 'agency staffing'")


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


def _scaled(scored: list[tuple[int, float]]) -> dict[int, float]:
    """Scores scaled to 0..1 within one retriever's list (min-max; all 1.0 when equal)."""
    if not scored:
        return {}
    values = [v for _, v in scored]
    low, high = min(values), max(values)
    if high <= low:
        return {cid: 1.0 for cid, _ in scored}
    return {cid: (v - low) / (high - low) for cid, v in scored}


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
        s = self.settings
        return self.store.bm25(terms, n, allowed, k1=s.bm25_k1, b=s.bm25_b)

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
        """Fuse the retrievers' lists, then add each passage's share of its item's support.
        ``settings`` overrides the searcher's own (for tuning over cached candidates)."""
        s = settings or self.settings
        ranks = {
            "dense": {cid: r for r, (cid, _) in enumerate(found.dense, 1)},
            "bm25": {cid: r for r, (cid, _) in enumerate(found.bm25, 1)},
        }
        fused: dict[int, float] = {}
        lists = (("dense", found.dense, s.dense_weight), ("bm25", found.bm25, s.bm25_weight))
        for name, scored, weight in lists:
            if s.fusion == "convex":
                for cid, value in _scaled(scored).items():
                    fused[cid] = fused.get(cid, 0.0) + weight * value
            else:
                for cid, rank in ranks[name].items():
                    fused[cid] = fused.get(cid, 0.0) + weight / (s.rrf_k + rank)
        if fused and s.item_weight > 0:
            fused = self._item_supported(fused, s.item_weight)
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
        return Ranking(ranked, ranks, dict(found.dense))

    def _item_supported(self, fused: dict[int, float], weight: float) -> dict[int, float]:
        """Fused scores plus ``weight`` times the support of each passage's agenda item: the
        sum of the item's best three fused scores."""
        item_of = self.store.items_of(list(fused))
        best: dict[str, list[float]] = {}
        for cid, score in fused.items():
            best.setdefault(item_of.get(cid, ""), []).append(score)
        support = {item: sum(sorted(v, reverse=True)[:_ITEM_BEST]) for item, v in best.items()}
        return {cid: s + weight * support[item_of.get(cid, "")] for cid, s in fused.items()}

    # --------------------------------------------------------------- search
    def search(
        self, query: str, filters: Filters | None = None, k: int | None = None
    ) -> list[Passage]:
        """The ``k`` best passages for ``query`` within ``filters``, best first."""
        check_query(query)
        check_k(k)
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

    def items_about(self, query: str, filters: Filters | None = None, depth: int = 60) -> list[str]:
        """Agenda items on ``query``, best first: items of the top ``depth`` fused passages
        that share at least one term with it (a topic, not a nearest neighbour: an index of
        five items would otherwise return all five)."""
        found = self.candidates(query, filters, max(self.settings.candidates, depth))
        if found is None:
            return []
        ranking = self.rank(found)
        top = [cid for cid, _ in ranking.ranked[:depth]]
        lexical = set(ranking.ranks["bm25"])
        item_of = self.store.items_of(top)
        items: list[str] = []
        for cid in top:
            item = item_of.get(cid)
            if item is not None and cid in lexical and item not in items:
                items.append(item)
        return items

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
    store = IndexStore.open(
        index_path, embedder=wanted, index_settings=settings.index, read_only=True
    )
    try:
        embedder = embedder or load_embedder(settings.embedder)
        store.manifest.check(wanted, embedder.dimension, where=index_path)
        reranker = load_reranker(settings.reranker)
    except BaseException:
        store.close()
        raise
    return Searcher(store, embedder, settings.search, reranker, settings.reranker.candidates)
