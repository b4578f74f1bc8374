"""Ingest side of ``minutes bench``: our pipeline against the raw embedder and the naive recipe.

For each embedding backend, on the same corpus and in the same process:

* **ours** — ``ingest.pipeline.ingest`` into a fresh index: wall time split into parse, chunk,
  embed and write; peak resident memory; documents/s and chunks/s.
* **raw** — the embedder alone over exactly the texts the pipeline embedded, in one call: the
  most the pipeline could reach (``ours / raw`` is the share of time spent in the model).
* **naive** — the common LangChain recipe: the same parser, ``RecursiveCharacterTextSplitter``
  (1000 characters, 200 overlap), a flat FAISS index, and the model run two ways: on the same
  runtime as ours (``naive``, ``ours_vs_naive_same_runtime``: what the pipeline itself adds) and
  as shipped (``naive_as_shipped``, ``ours_vs_naive_as_shipped``: sentence-transformers on stock
  torch, batches of 32, as ``HuggingFaceEmbeddings`` runs it; measured once per run and compared
  with every backend). ``runtime`` records what a backend resolved to (``auto`` → ``onnx`` or
  ``torch``).

With ``repeat`` > 1 these runs are made in interleaved rounds (raw, ours, raw, naive, naive as
shipped; then again), and each figure is the median round, with every round's value beside it:
on a shared machine load drifts, and a ratio between runs of the same round is the fair one.

Then, on the first backend's index: an unchanged re-ingest and a re-ingest after editing 1% of
the files, each as a fraction of the full ingest.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest.parsers import parse_file
from ingest.pipeline import ingest

from ...embedders import Embedder, counts_add_up, load_embedder
from ...index.vectors import VectorIndex
from ...settings import EmbedderSettings, Settings
from ..extras import require
from .corpus import change_files, write_corpus
from .measure import PeakMemory, Stopwatch

__all__ = ["IngestOptions", "Recorder", "naive_ingest", "run_ingest_bench"]

Log = Callable[[str], None]


@dataclass
class IngestOptions:
    corpus: Path | None = None
    files: int = 150
    backends: list[str] = field(default_factory=lambda: ["torch", "onnx-int8"])
    naive: bool = True
    changed_share: float = 0.01
    seed: int = 7
    repeat: int = 1  # interleaved rounds; medians are reported


class Recorder:
    """Wraps an embedder: remembers every text embedded and the time spent in the model.

    With ``dry=True`` it returns zero vectors instead of calling the model (tokens are still
    counted by the real tokenizer, so the chunks are exactly those of a real ingest)."""

    def __init__(self, inner: Embedder, dry: bool = False) -> None:
        self.inner = inner
        self.dry = dry
        self.name = inner.name
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens
        self.batch_size = int(getattr(inner, "batch_size", 32))
        self.additive_counts = counts_add_up(inner)
        self.texts: list[str] = []
        self.embed_seconds = 0.0
        self.token_seconds = 0.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += list(texts)
        if self.dry:
            return np.zeros((len(texts), self.dimension), dtype=np.float32)
        started = time.perf_counter()
        try:
            return self.inner.embed(texts)
        finally:
            self.embed_seconds += time.perf_counter() - started

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        started = time.perf_counter()
        try:
            return self.inner.count_tokens(texts)
        finally:
            self.token_seconds += time.perf_counter() - started


def _tokens(embedder: Embedder, texts: Sequence[str]) -> int:
    """Word pieces the model actually runs on (truncated at its limit, plus [CLS]/[SEP])."""
    counts = embedder.count_tokens(list(texts))
    return int(sum(min(c + 2, embedder.max_tokens) for c in counts))


def naive_ingest(files: Sequence[Path], root: Path, embedder: Embedder) -> dict[str, Any]:
    """The LangChain recipe, timed stage by stage (parse, chunk, embed, index)."""
    splitters = require("langchain_text_splitters", "the naive LangChain baseline")
    watch = Stopwatch()
    started = time.perf_counter()
    splitter = splitters.RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    texts: list[str] = []
    documents = 0
    for file in files:
        with watch("parse"):
            try:
                parsed = parse_file(file, file.relative_to(root).as_posix())
            except Exception:  # noqa: BLE001 - like the eval baseline: skip what cannot be read
                continue
        with watch("chunk"):
            for doc in parsed.documents:
                documents += 1
                texts += splitter.split_text(doc.document.text)
    with watch("embed"):
        vectors = embedder.embed(texts)
    with watch("index"):
        index = VectorIndex(embedder.dimension)
        index.add(np.arange(len(texts), dtype=np.int64), vectors)
    wall = time.perf_counter() - started
    return {
        "files": len(files),
        "documents": documents,
        "chunks": len(texts),
        "tokens_embedded": _tokens(embedder, texts),
        "wall_s": round(wall, 2),
        "seconds": {k: round(v, 3) for k, v in watch.seconds.items()},
        "chunks_per_s": round(len(texts) / wall, 2),
        "files_per_s": round(len(files) / wall, 3),
    }


def _full(
    corpus: Path, index: Path, settings: Settings, embedder: Embedder, log: Log
) -> tuple[dict[str, Any], Recorder]:
    recorder = Recorder(embedder)
    with PeakMemory() as memory:
        started = time.perf_counter()
        report = ingest([corpus], index, settings, embedder=recorder)
        wall = time.perf_counter() - started
    seconds = {k: round(v, 3) for k, v in report.seconds.items()}
    seconds["other"] = round(wall - sum(report.seconds.values()), 3)
    seconds["of_which_tokenizer"] = round(recorder.token_seconds, 3)
    seconds["of_which_model"] = round(recorder.embed_seconds, 3)
    disk = sum(p.stat().st_size for p in index.iterdir() if p.is_file())
    out = {
        "files": report.files_seen,
        "documents": report.documents,
        "chunks": report.chunks,
        "chunks_embedded": report.chunks_embedded,
        "tokens_embedded": _tokens(embedder, recorder.texts),
        "wall_s": round(wall, 2),
        "seconds": seconds,
        "files_per_s": round(report.files_seen / wall, 3),
        "chunks_per_s": round(report.chunks / wall, 2),
        "memory": memory.to_json(),
        "index_bytes_per_chunk": round(disk / max(1, report.chunks), 1),
        "skipped": len(report.skipped),
    }
    log(
        f"  ours:  {report.files_seen} files, {report.chunks} chunks in {wall:.1f}s "
        f"({out['chunks_per_s']:.1f} chunks/s)"
    )
    return out, recorder


def _texts(corpus: Path, work: Path, settings: Settings, embedder: Embedder) -> list[str]:
    """The texts a real ingest will embed, found by a dry ingest (no model calls)."""
    dry = Recorder(embedder, dry=True)
    ingest([corpus], work / "dry-index", settings, embedder=dry)
    shutil.rmtree(work / "dry-index")
    return dry.texts


def _time_embed(embedder: Embedder, texts: list[str]) -> float:
    started = time.perf_counter()
    embedder.embed(texts)
    return time.perf_counter() - started


def _raw(before: float, after: float, texts: list[str], log: Log) -> dict[str, Any]:
    """The raw embedder timed just before and just after our ingest (drift and load cancel)."""
    wall = (before + after) / 2
    log(
        f"  raw:   {len(texts)} texts in {before:.1f}s before, {after:.1f}s after "
        f"({len(texts) / wall:.1f} chunks/s)"
    )
    return {
        "texts": len(texts),
        "wall_s": round(wall, 2),
        "before_s": round(before, 2),
        "after_s": round(after, 2),
        "chunks_per_s": round(len(texts) / wall, 2),
    }


def _reingest(corpus: Path, index: Path, settings: Settings, embedder: Embedder) -> dict[str, Any]:
    started = time.perf_counter()
    report = ingest([corpus], index, settings, embedder=embedder)
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "files_changed": report.files_changed,
        "files_unchanged": report.files_unchanged,
        "chunks_embedded": report.chunks_embedded,
        "chunks_cached": report.chunks_cached,
    }


def _runtime(embedder: Embedder, backend: str) -> str:
    """What the backend resolved to: the embedder's own ``backend`` when it has one."""
    return str(getattr(embedder, "backend", backend))


def _shipped(settings: Settings, embedders: dict[str, Embedder] | None) -> Embedder:
    """The model as a naive user runs it: sentence-transformers on stock torch, batches of 32,
    torch's own thread count."""
    if embedders and "torch" in embedders:
        return embedders["torch"]
    stock = EmbedderSettings(model=settings.embedder.model, backend="torch", batch_size=32)
    return load_embedder(stock)


def _corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))


def _median(values: Sequence[float]) -> float:
    """The median of odd counts; the lower middle of even ones (a value that was measured)."""
    return sorted(values)[(len(values) - 1) // 2]


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The round whose wall time is the median, with every round's wall time beside it."""
    chosen = dict(next(r for r in rounds if r["wall_s"] == _median([r["wall_s"] for r in rounds])))
    chosen["wall_s_rounds"] = [r["wall_s"] for r in rounds]
    return chosen


def _ratio(name: str, values: list[float], entry: dict[str, Any]) -> None:
    """The median of per-round ratios, and all of them (``<name>_rounds``)."""
    entry[name] = round(_median(values), 3)
    entry[name + "_rounds"] = [round(v, 3) for v in values]


@dataclass
class _Rounds:
    ours: list[dict[str, Any]] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)
    naive: list[dict[str, Any]] = field(default_factory=list)
    shipped: list[dict[str, Any]] = field(default_factory=list)


def _run_rounds(
    embedder: Embedder,
    stock: Embedder | None,
    corpus: Path,
    index: Path,
    settings: Settings,
    texts: list[str],
    options: IngestOptions,
    log: Log,
) -> _Rounds:
    """``options.repeat`` rounds of: raw, ours, raw again, naive on this runtime and (with
    ``stock``) naive as shipped. Interleaved, so each round compares runs made under the same
    load; the figures reported are medians over rounds."""
    files = _corpus_files(corpus)
    runs = _Rounds()
    for number in range(options.repeat):
        if options.repeat > 1:
            log(f"  round {number + 1} of {options.repeat}")
        shutil.rmtree(index, ignore_errors=True)
        before = _time_embed(embedder, texts)
        runs.ours.append(_full(corpus, index, settings, embedder, log)[0])
        runs.raw.append(_raw(before, _time_embed(embedder, texts), texts, log))
        if not options.naive:
            continue
        runs.naive.append(naive_ingest(files, corpus, embedder))
        log(
            f"  naive (same runtime): {runs.naive[-1]['chunks']} chunks in "
            f"{runs.naive[-1]['wall_s']:.1f}s"
        )
        if stock is not None:
            runs.shipped.append(naive_ingest(files, corpus, stock))
            log(
                f"  naive as shipped ({_runtime(stock, 'torch')}): "
                f"{runs.shipped[-1]['wall_s']:.1f}s"
            )
    return runs


def _entry(runs: _Rounds, shipped: list[dict[str, Any]] | None) -> dict[str, Any]:
    """One backend's medians and per-round ratios (``shipped``: naive-as-shipped rounds)."""
    ours_walls = [o["wall_s"] for o in runs.ours]
    entry: dict[str, Any] = {"rounds": len(runs.ours)}
    entry["ours"], entry["raw"] = _median_round(runs.ours), _median_round(runs.raw)
    # The model's share of the pipeline's own wall time is measured inside one run, so load
    # on a shared machine moves it less than the ratios between runs.
    entry["model_share"] = round(
        entry["ours"]["seconds"]["of_which_model"] / entry["ours"]["wall_s"], 3
    )
    _ratio(
        "ours_vs_raw",
        [
            o["chunks_embedded"] / o["wall_s"] / r["chunks_per_s"]
            for o, r in zip(runs.ours, runs.raw, strict=True)
        ],
        entry,
    )

    def speed_up(others: list[dict[str, Any]]) -> list[float]:
        # Paired by round number (the same round when measured alongside this backend).
        return [n["wall_s"] / w for n, w in zip(others, ours_walls, strict=True)]

    if runs.naive:
        entry["naive"] = _median_round(runs.naive)
        _ratio("ours_vs_naive_same_runtime", speed_up(runs.naive), entry)
        entry["ours_vs_naive"] = entry["ours_vs_naive_same_runtime"]
    if shipped:
        _ratio("ours_vs_naive_as_shipped", speed_up(shipped), entry)
    return entry


def run_ingest_bench(
    options: IngestOptions,
    settings: Settings,
    work: Path,
    log: Log,
    embedders: dict[str, Embedder] | None = None,
) -> dict[str, Any]:
    """All backends on one copy of the corpus; re-ingest figures on the first backend."""
    corpus = work / "corpus"
    if options.corpus is not None:
        shutil.copytree(options.corpus, corpus)
    else:
        write_corpus(corpus, options.files, options.seed)
    files = _corpus_files(corpus)
    results: dict[str, Any] = {
        "corpus": str(options.corpus or "synthetic"),
        "rounds": options.repeat,
        "backends": {},
    }
    first: tuple[Path, Settings, Embedder, float] | None = None
    shipped: list[dict[str, Any]] | None = None  # naive on stock torch, measured once per run
    for backend in options.backends:
        log(f"ingest, backend {backend}:")
        backend_settings = settings.model_copy(deep=True)
        backend_settings.embedder.backend = backend  # type: ignore[assignment]
        started = time.perf_counter()
        embedder = (embedders or {}).get(backend) or load_embedder(backend_settings.embedder)
        load = time.perf_counter() - started
        embedder.embed(["warm-up passage about the council budget"] * 4)
        runtime = _runtime(embedder, backend)
        if runtime != backend:
            log(f"  backend {backend} runs on {runtime}")
        stock = None
        if options.naive and shipped is None:
            stock = _shipped(backend_settings, embedders)
            if stock is embedder:
                stock = None  # this backend is stock torch: its naive run is the shipped one
            else:
                stock.embed(["warm-up passage about the council budget"] * 4)
        index = work / f"index-{backend}"
        texts = _texts(corpus, work, backend_settings, embedder)
        runs = _run_rounds(embedder, stock, corpus, index, backend_settings, texts, options, log)
        if options.naive and shipped is None:
            shipped = runs.shipped or runs.naive
            results["naive_as_shipped"] = _median_round(shipped)
            results["naive_as_shipped"]["runtime"] = _runtime(stock or embedder, "torch")
        entry: dict[str, Any] = {"embedder": embedder.name, "runtime": runtime}
        entry["load_s"] = round(load, 2)
        entry.update(_entry(runs, shipped))
        if "naive" in entry:
            entry["naive"]["runtime"] = runtime
            log(
                f"  ours vs naive: {entry['ours_vs_naive_same_runtime']:.2f}x on the same "
                f"runtime, {entry['ours_vs_naive_as_shipped']:.2f}x against naive as shipped"
            )
        results["backends"][backend] = entry
        if first is None:
            first = (index, backend_settings, embedder, entry["ours"]["wall_s"])
    if first is not None:
        index, first_settings, embedder, full = first
        unchanged = _reingest(corpus, index, first_settings, embedder)
        changed_files = change_files(files, options.changed_share)
        changed = _reingest(corpus, index, first_settings, embedder)
        unchanged["fraction_of_full"] = round(unchanged["wall_s"] / full, 4)
        changed["fraction_of_full"] = round(changed["wall_s"] / full, 4)
        changed["share_of_files"] = round(len(changed_files) / max(1, len(files)), 4)
        results["reingest"] = {"unchanged": unchanged, "changed": changed}
        log(
            f"re-ingest: unchanged {unchanged['wall_s']:.2f}s ({unchanged['fraction_of_full']:.1%}"
            f" of full), {len(changed_files)} changed file(s) {changed['wall_s']:.2f}s "
            f"({changed['fraction_of_full']:.1%})"
        )
    # Speed-ups are against torch when it ran (whatever the order), else the first backend.
    base = "torch" if "torch" in results["backends"] else next(iter(results["backends"]), None)
    for backend, entry in results["backends"].items():
        if base and backend != base:
            ref = results["backends"][base]
            entry["raw_speedup_vs_" + base] = round(
                entry["raw"]["chunks_per_s"] / ref["raw"]["chunks_per_s"], 3
            )
            entry["ours_speedup_vs_" + base] = round(
                ref["ours"]["wall_s"] / entry["ours"]["wall_s"], 3
            )
    return results
