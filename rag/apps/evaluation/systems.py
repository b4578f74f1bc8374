"""The systems compared by `minutes eval`, all over the same corpus and the same embedder.

* ``ours`` — structure-aware chunks, hybrid FAISS + BM25 with rank fusion, calibrated abstention.
* ``dense`` — the same chunks and vectors, FAISS only.
* ``bm25`` — the same chunks, BM25 only (the ``bm25s`` library).
* ``langchain-naive`` — the common recipe: RecursiveCharacterTextSplitter(1000, 200) over each
  document's text, the same embedder, a flat FAISS index.

Baselines answer with the same extractive answerer over their own passages and never abstain,
so differences in answers come from retrieval alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.parsers import parse_file
from ingest.pipeline import PIPELINE_VERSION, IngestReport, discover

from ...answers import Asker
from ...answers.extractive import ExtractiveAnswerer
from ...embedders import Embedder
from ...index.vectors import VectorIndex
from ...models import Answer, Citation, Filters, Passage
from ...search import Searcher
from ...settings import Settings
from ..extras import require

__all__ = ["SYSTEM_NAMES", "System", "build_systems", "check_requirements"]

SYSTEM_NAMES = ("ours", "bm25", "dense", "langchain-naive")
# Baselines built on optional libraries (the eval extra): module, and what needs it.
_REQUIRES = {
    "bm25": ("bm25s", "the bm25 baseline"),
    "langchain-naive": ("langchain_text_splitters", "the langchain-naive baseline"),
}


def check_requirements(names: Sequence[str]) -> None:
    """Raise a ConfigError saying what to install before any work starts, not after it."""
    for name in names:
        if name in _REQUIRES:
            require(*_REQUIRES[name])


class System(Protocol):
    name: str

    def retrieve(self, question: str, filters: Filters | None, k: int) -> list[Passage]: ...

    def answer(self, question: str, filters: Filters | None) -> Answer: ...


class _Ours:
    """Our search and answers; called ``ours+reranker`` when a reranker is configured."""

    def __init__(self, asker: Asker) -> None:
        self.asker = asker
        self.name = "ours+reranker" if asker.searcher.reranker else "ours"

    def retrieve(self, question: str, filters: Filters | None, k: int) -> list[Passage]:
        return self.asker.searcher.search(question, filters, k=k)

    def answer(self, question: str, filters: Filters | None) -> Answer:
        return self.asker.ask(question, filters)


class _Baseline:
    """Shared answering for baselines: the extractive answerer over their own top passages."""

    name = "baseline"
    answer_passages = 8

    def __init__(self, answerer: ExtractiveAnswerer) -> None:
        self.answerer = answerer

    def retrieve(self, question: str, filters: Filters | None, k: int) -> list[Passage]:
        raise NotImplementedError

    def answer(self, question: str, filters: Filters | None) -> Answer:
        return self.answerer.answer(
            question, self.retrieve(question, filters, self.answer_passages)
        )


class _Dense(_Baseline):
    name = "dense"

    def __init__(self, searcher: Searcher, answerer: ExtractiveAnswerer) -> None:
        super().__init__(answerer)
        self.searcher = Searcher(
            searcher.store,
            searcher.embedder,
            searcher.settings.model_copy(update={"bm25_weight": 0.0, "item_weight": 0.0}),
        )

    def retrieve(self, question: str, filters: Filters | None, k: int) -> list[Passage]:
        return self.searcher.search(question, filters, k=k)


class _BM25(_Baseline):
    name = "bm25"

    def __init__(self, searcher: Searcher, answerer: ExtractiveAnswerer) -> None:
        bm25s = require(*_REQUIRES["bm25"])
        super().__init__(answerer)
        self.searcher = searcher
        rows = searcher.store.chunk_texts()
        self.ids = [cid for cid, _, _ in rows]
        self.retriever = bm25s.BM25()
        self.retriever.index(
            bm25s.tokenize(
                [f"{title}\n{text}" for _, title, text in rows], stopwords="en", show_progress=False
            ),
            show_progress=False,
        )
        self._bm25s = bm25s

    def retrieve(self, question: str, filters: Filters | None, k: int) -> list[Passage]:
        allowed = self.searcher.store.allowed(filters)
        allowed_set = None if allowed is None else set(allowed.ids.tolist())
        query = self._bm25s.tokenize([question], stopwords="en", show_progress=False)
        n = min(len(self.ids), max(k * 5, 50))
        docs, scores = self.retriever.retrieve(query, k=n, show_progress=False)
        ranked = [
            (self.ids[int(d)], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0 and (allowed_set is None or self.ids[int(d)] in allowed_set)
        ][:k]
        return self.searcher.store.passages(ranked)


class _NaiveLangChain(_Baseline):
    name = "langchain-naive"

    def __init__(
        self, corpus: Path, work: Path, embedder: Embedder, answerer: ExtractiveAnswerer
    ) -> None:
        super().__init__(answerer)
        self.embedder = embedder
        self.chunks, vectors = _naive_index(corpus, work, embedder)
        self.index = VectorIndex(embedder.dimension)
        self.index.add(np.arange(len(self.chunks), dtype=np.int64), vectors)

    def retrieve(self, question: str, filters: Filters | None, k: int) -> list[Passage]:
        query = self.embedder.embed([question])[0]
        found = self.index.search(query, k)
        return [
            Passage(
                rank=rank,
                score=score,
                text=self.chunks[i]["text"],
                source=self.chunks[i]["source"],
                citation=Citation(
                    id=f"naive-{i}", source=self.chunks[i]["source"], quote=self.chunks[i]["text"]
                ),
                similarity=score,
            )
            for rank, (i, score) in enumerate(found, 1)
        ]


def _naive_index(
    corpus: Path, work: Path, embedder: Embedder
) -> tuple[list[dict[str, str]], np.ndarray]:
    """RecursiveCharacterTextSplitter(1000/200) chunks and their vectors, cached on disk."""
    splitters = require(*_REQUIRES["langchain-naive"])
    files = discover([corpus], IngestReport())
    fingerprint = hashlib.sha256(embedder.name.encode() + PIPELINE_VERSION.encode())
    for file in files:
        fingerprint.update(file.source.encode() + file.path.read_bytes())
    key = fingerprint.hexdigest()[:16]
    cache = work / "langchain-naive" / key
    if (cache / "vectors.npy").exists():
        chunks = json.loads((cache / "chunks.json").read_text("utf-8"))
        return chunks, np.load(cache / "vectors.npy")
    splitter = splitters.RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = []
    for file in files:
        try:
            parsed = parse_file(file.path, file.source)
        except Exception:  # noqa: BLE001 - the baseline skips what it cannot read, like ours
            continue
        for doc in parsed.documents:
            for piece in splitter.split_text(doc.document.text):
                chunks.append({"source": file.source, "text": piece})
    vectors = (
        embedder.embed([c["text"] for c in chunks])
        if chunks
        else np.zeros((0, embedder.dimension), dtype=np.float32)
    )
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "chunks.json").write_text(json.dumps(chunks), "utf-8")
    np.save(cache / "vectors.npy", vectors)
    return chunks, vectors


def build_systems(
    names: Sequence[str], asker: Asker, corpus: Path, work: Path, settings: Settings
) -> list[System]:
    answerer = ExtractiveAnswerer(asker.searcher.embedder, settings.answer)
    systems: list[System] = []
    for name in names:
        if name == "ours":
            systems.append(_Ours(asker))
        elif name == "dense":
            systems.append(_Dense(asker.searcher, answerer))
        elif name == "bm25":
            systems.append(_BM25(asker.searcher, answerer))
        elif name == "langchain-naive":
            systems.append(_NaiveLangChain(corpus, work, asker.searcher.embedder, answerer))
    return systems
