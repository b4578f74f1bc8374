"""OCR of PDF pages in a small thread pool, cached by page hash.

A worker renders its page (under PDFium's lock), hashes the pixels and, unless that hash is
already cached, runs the engine (onnxruntime releases the GIL, so workers and the parsing
thread run at once). Results are handed back to the calling thread, which alone talks to the
cache (the index's SQLite): a re-ingest never reads the same page twice.

The pipeline uses it in two passes: while it parses other files, a PDF that needs OCR has its
pages *submitted* (:meth:`PageReader.read` raises :class:`OcrPending` when ``defer`` is on);
after the last file, the deferred PDFs are parsed again with their pages ready.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .engine import OcrEngine, OcrText
from .render import render_page

__all__ = ["OcrCache", "OcrLane", "OcrPage", "OcrPending", "OcrStats", "PageReader"]


@dataclass(frozen=True)
class OcrPage:
    number: int
    text: str
    confidence: float


class OcrCache(Protocol):
    """Where read pages are kept (the index: :class:`rag.index.IndexStore`)."""

    def ocr_hashes(self, engine: str) -> set[str]: ...

    def cached_ocr(self, hashes: Sequence[str], engine: str) -> dict[str, tuple[str, float]]: ...

    def cache_ocr(self, engine: str, pages: Sequence[tuple[str, str, float]]) -> None: ...


class OcrPending(Exception):  # noqa: N818 - control flow inside the pipeline, never shown
    """The file's pages are being read in the pool; parse it again when they are done."""


@dataclass
class OcrStats:
    pages_read: int = 0  # by the engine, in this run
    pages_cached: int = 0  # found in the cache
    seconds: float = 0.0  # engine time summed over workers


@dataclass(frozen=True)
class _Done:
    hash: str
    result: OcrText | None  # None: the hash was cached when the worker looked
    seconds: float


class PageReader:
    """Reads PDF pages by OCR: ``read(path, numbers)`` → {page number: :class:`OcrPage`}."""

    def __init__(
        self,
        engine: OcrEngine,
        cache: OcrCache | None = None,
        *,
        workers: int = 2,
        progress: bool = False,
    ) -> None:
        self.engine = engine
        self.cache = cache
        self.defer = False
        self.stats = OcrStats()
        self._known = cache.ocr_hashes(engine.name) if cache is not None else set()
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="ocr")
        self._jobs: dict[tuple[str, int], Future[_Done]] = {}
        self._results: dict[tuple[str, int], OcrPage] = {}
        self._memo: dict[str, tuple[str, float]] = {}  # hash → (text, confidence), this run
        self._bar: Any = None
        self._bar_lock = threading.Lock()
        if progress:
            from tqdm import tqdm

            self._bar = tqdm(total=0, desc="OCR", unit="page", leave=False)

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for job in self._jobs.values():
            job.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._bar is not None:
            self._bar.close()

    # ------------------------------------------------------------------ the pool
    def _work(self, path: Path, number: int) -> _Done:
        import time

        image, digest = render_page(path, number)
        if digest in self._known or digest in self._memo:
            return _Done(digest, None, 0.0)
        clock = time.perf_counter()
        result = self.engine.read(image)
        return _Done(digest, result, time.perf_counter() - clock)

    def _tick(self, _: Future[_Done]) -> None:
        if self._bar is not None:
            with self._bar_lock:
                self._bar.update(1)

    def submit(self, path: Path, numbers: Sequence[int]) -> None:
        """Start reading the pages (those not started yet)."""
        new = [n for n in numbers if (str(path), n) not in self._jobs]
        if self._bar is not None and new:
            with self._bar_lock:
                self._bar.total += len(new)
                self._bar.refresh()
        for number in new:
            job = self._pool.submit(self._work, path, number)
            job.add_done_callback(self._tick)
            self._jobs[(str(path), number)] = job

    def read(self, path: Path, numbers: Sequence[int]) -> dict[int, OcrPage]:
        """The pages read, waiting for them; with ``defer`` on, raises :class:`OcrPending`
        instead of waiting when any is unfinished."""
        self.submit(path, numbers)
        keys = [(str(path), n) for n in numbers]
        if self.defer and not all(self._jobs[k].done() for k in keys):
            raise OcrPending(str(path))
        return {key[1]: self._collect(key) for key in keys}

    def _collect(self, key: tuple[str, int]) -> OcrPage:
        if key in self._results:
            return self._results[key]
        done = self._jobs[key].result()  # re-raises a worker's error in this thread
        if done.result is not None:
            text, confidence = done.result.text, done.result.confidence
            self.stats.pages_read += 1
            self.stats.seconds += done.seconds
            if done.hash not in self._memo and self.cache is not None:
                # At once, like the embedding cache: a killed ingest keeps what it read.
                self.cache.cache_ocr(self.engine.name, [(done.hash, text, confidence)])
            self._memo[done.hash] = (text, confidence)
        else:
            if done.hash not in self._memo and self.cache is not None:
                self._memo.update(self.cache.cached_ocr([done.hash], self.engine.name))
            text, confidence = self._memo.get(done.hash, ("", 0.0))
            self.stats.pages_cached += 1
        page = OcrPage(key[1], text, confidence)
        self._results[key] = page
        return page


class OcrLane:
    """What the pipeline hands the PDF parser (``parse_file(ocr=lane)``): the engine and the
    pool start at the first page that needs OCR, so an ingest without scans pays nothing.

    An engine that cannot start raises :class:`~rag.errors.OcrUnavailableError` once; the
    lane then stays off (``failure`` says why) and the parser keeps its no-OCR behaviour."""

    def __init__(
        self,
        engine: str = "auto",
        cache: OcrCache | None = None,
        *,
        workers: int = 2,
        progress: bool = False,
    ) -> None:
        self.engine = engine
        self.cache = cache
        self.workers = workers
        self.progress = progress
        self.defer = False
        self.failure: str | None = None
        self.reader: PageReader | None = None

    @property
    def stats(self) -> OcrStats:
        return self.reader.stats if self.reader is not None else OcrStats()

    def __call__(self, path: Path, numbers: Sequence[int]) -> dict[int, tuple[str, float]]:
        from rag.errors import OcrUnavailableError

        from .engine import load_engine, threads_per_worker

        if self.failure is not None:
            raise OcrUnavailableError(self.failure)
        if self.reader is None:
            try:
                engine = load_engine(self.engine, threads=threads_per_worker(self.workers))
            except OcrUnavailableError as exc:
                self.failure = str(exc)
                raise
            self.reader = PageReader(
                engine, self.cache, workers=self.workers, progress=self.progress
            )
        self.reader.defer = self.defer
        pages = self.reader.read(path, numbers)
        return {n: (p.text, p.confidence) for n, p in pages.items()}

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
