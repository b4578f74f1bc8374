"""The dense half of an index: a FAISS inner-product index over unit vectors, keyed by chunk id.

Two kinds, chosen by size (``choose_kind``): ``flat`` (exact, ``IndexFlatIP``) below
``IndexSettings.hnsw_threshold`` chunks and ``hnsw`` (``IndexHNSWFlat``, approximate) above.
Both sit in an ``IndexIDMap2`` so FAISS ids are chunk ids.

HNSW graphs cannot delete nodes, so removing a chunk from an HNSW index marks it: its id in the
id map becomes -1 (a tombstone), every search skips it through an ``IDSelector``, and the graph
is rebuilt without the tombstones once they pass ``IndexSettings.compact_ratio`` of it.

Filtered search: a small allowed set is scored exactly (its vectors gathered from FAISS's own
storage, no copy of the index); a large one goes to FAISS with an ``IDSelectorBatch`` (HNSW with
``efSearch`` raised by how selective the filter is).

FAISS holds a derived copy of the vectors kept in SQLite (the embedding cache), so the file can
always be rebuilt; it is written to a temporary file and renamed into place, never in place.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..errors import IndexCorruptError, IndexWriteError
from ..settings import IndexSettings

__all__ = ["VectorIndex", "VectorKind", "choose_kind"]

VectorKind = Literal["flat", "hnsw"]
_LIVE = (0, 1 << 62)  # chunk ids are positive 60-bit integers; tombstones are -1
_MAX_EF = 4096


def _faiss() -> Any:
    import faiss  # heavy import, only when vectors are touched

    return faiss


@contextmanager
def _one_thread() -> Iterator[None]:
    """FAISS on one OpenMP thread for a single query (it parallelises over queries, so a second
    thread has nothing to do). Starting an OpenMP team anyway costs a barrier with a thread that
    must be scheduled: while the query embedder's runtime still holds the other core, that
    waited 5–15 ms a search (flat search of 10k chunks p50 4.7 → 0.6 ms on 2 cores).
    ``omp_set_num_threads`` is per calling thread, so other threads' builds keep theirs."""
    faiss = _faiss()
    before = faiss.omp_get_max_threads()
    if before == 1:
        yield
        return
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def choose_kind(size: int, settings: IndexSettings, current: str | None = None) -> VectorKind:
    """The index kind for ``size`` vectors: the setting, or by size when it is ``auto``.

    ``auto`` switches to HNSW at ``hnsw_threshold`` and back to flat only below half of it, so an
    index hovering around the threshold is not rebuilt on every ingest."""
    if settings.vector_index != "auto":
        return settings.vector_index
    if current == "hnsw" and size >= settings.hnsw_threshold // 2:
        return "hnsw"
    return "hnsw" if size >= settings.hnsw_threshold else "flat"


class VectorIndex:
    """Inner-product search with id-based filtering (IDSelector or exact, not post-filtering)."""

    def __init__(
        self,
        dimension: int,
        index: Any = None,
        kind: VectorKind = "flat",
        settings: IndexSettings | None = None,
    ) -> None:
        faiss = _faiss()
        self.dimension = dimension
        self.settings = settings or IndexSettings()
        if index is None:
            if kind == "hnsw":
                inner = faiss.IndexHNSWFlat(
                    dimension, self.settings.hnsw_m, faiss.METRIC_INNER_PRODUCT
                )
                inner.hnsw.efConstruction = self.settings.hnsw_ef_construction
            else:
                inner = faiss.IndexFlatIP(dimension)
            index = faiss.IndexIDMap2(inner)
        self._index = index
        inner = faiss.downcast_index(index.index)
        self.kind: VectorKind = "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"
        self._inner = inner
        self._tombstones = int(np.count_nonzero(self._id_map() == -1)) if self.kind == "hnsw" else 0
        self._sorted: tuple[np.ndarray, np.ndarray] | None = None

    # ------------------------------------------------------------------ state
    @property
    def size(self) -> int:
        """Live vectors (tombstones excluded)."""
        return int(self._index.ntotal) - self._tombstones

    @property
    def tombstones(self) -> int:
        return self._tombstones

    def _id_map(self) -> np.ndarray:
        return np.asarray(_faiss().vector_to_array(self._index.id_map), dtype=np.int64)

    def _storage(self) -> np.ndarray:
        """All stored vectors, (ntotal, dimension), as a view of FAISS's memory (no copy)."""
        faiss = _faiss()
        flat = faiss.downcast_index(self._inner.storage) if self.kind == "hnsw" else self._inner
        n = int(flat.ntotal)
        if n == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        stored: np.ndarray = faiss.rev_swig_ptr(flat.get_xb(), n * self.dimension)
        return stored.reshape(n, self.dimension)

    def _positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(storage rows, ids) of the live ``ids``; unknown and removed ids are left out."""
        if self._sorted is None:
            id_map = self._id_map()
            order = np.argsort(id_map, kind="stable")
            self._sorted = (order, id_map[order])
        order, sorted_ids = self._sorted
        ids = np.unique(np.asarray(ids, dtype=np.int64))
        ids = ids[ids >= 0]
        at = np.searchsorted(sorted_ids, ids, side="right") - 1  # the latest row of a re-added id
        found = (at >= 0) & (sorted_ids[np.clip(at, 0, None)] == ids)
        return order[at[found]], ids[found]

    def live(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of every live vector (vectors copied)."""
        id_map = self._id_map()
        keep = np.flatnonzero(id_map >= 0)
        return id_map[keep], np.array(self._storage()[keep])

    # ------------------------------------------------------------------ changes
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape[1] != self.dimension:
            raise ValueError(f"vector dimension {vectors.shape[1]} != index {self.dimension}")
        self._index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))
        self._sorted = None

    def remove(self, ids: np.ndarray) -> int:
        if len(ids) == 0 or self._index.ntotal == 0:
            return 0
        faiss = _faiss()
        ids = np.asarray(ids, dtype=np.int64)
        self._sorted = None
        if self.kind == "flat":
            return int(self._index.remove_ids(faiss.IDSelectorBatch(ids)))
        # HNSW cannot unlink a node: tombstone it in the id map (searches skip id -1).
        id_map = self._id_map()
        hit = np.isin(id_map, ids) & (id_map >= 0)
        removed = int(np.count_nonzero(hit))
        if removed:
            id_map[hit] = -1
            faiss.copy_array_to_vector(id_map, self._index.id_map)
            self._index.construct_rev_map()
            self._tombstones += removed
        return removed

    def rebuilt(self, kind: VectorKind) -> VectorIndex:
        """A new index of ``kind`` holding the live vectors (drops HNSW tombstones)."""
        fresh = VectorIndex(self.dimension, kind=kind, settings=self.settings)
        ids, vectors = self.live()
        for start in range(0, len(ids), 50_000):
            fresh.add(ids[start : start + 50_000], vectors[start : start + 50_000])
        return fresh

    def needs_compaction(self) -> bool:
        total = int(self._index.ntotal)
        return self._tombstones > 0 and self._tombstones >= self.settings.compact_ratio * total

    # ------------------------------------------------------------------ search
    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Top-k (id, similarity) for one query vector, restricted to ``allowed`` ids if given."""
        if self.size == 0 or k <= 0:
            return []
        if allowed is not None and len(allowed) == 0:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if allowed is not None and len(allowed) <= self.settings.exact_filter_max:
            return self._exact(q[0], k, allowed)
        k = min(k, self.size if allowed is None else min(self.size, len(allowed)))
        params, _selector = self._params(allowed)  # the selector must outlive the search
        with _one_thread():
            if params is None:
                scores, ids = self._index.search(q, k)
            else:
                scores, ids = self._index.search(q, k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _params(self, allowed: np.ndarray | None) -> tuple[Any, Any]:
        faiss = _faiss()
        selector = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        elif self._tombstones:
            selector = faiss.IDSelectorRange(*_LIVE)
        if self.kind == "flat":
            return (None if selector is None else faiss.SearchParameters(sel=selector)), selector
        ef = self.settings.hnsw_ef_search
        if allowed is not None:  # fewer allowed nodes met per step: look further
            ef = int(min(_MAX_EF, max(ef, ef * self.size / max(1, len(allowed)))))
        params = faiss.SearchParametersHNSW(efSearch=ef)
        if selector is not None:
            params.sel = selector
        return params, selector

    def _exact(self, q: np.ndarray, k: int, allowed: np.ndarray) -> list[tuple[int, float]]:
        rows, ids = self._positions(allowed)
        if len(rows) == 0:
            return []
        scores = self._storage()[rows] @ q
        k = min(k, len(rows))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(rows) else np.arange(len(rows))
        top = top[np.lexsort((ids[top], -scores[top]))]
        return [(int(i), float(s)) for i, s in zip(ids[top], scores[top], strict=True)]

    # ------------------------------------------------------------------ files
    def save(self, path: Path, mode: int | None = None) -> None:
        """Write atomically: temp file (permissions ``mode``), fsync, rename. A failed write
        (disk full, read-only folder) leaves the previous file in place."""
        tmp = path.with_name(path.name + ".tmp")
        try:
            try:
                _faiss().write_index(self._index, str(tmp))
            except RuntimeError as exc:  # FAISS reports a failed fopen/fwrite this way
                raise OSError(f"FAISS could not write the file ({_first_line(exc)})") from exc
            if mode is not None:
                os.chmod(tmp, mode)
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            reason = exc.strerror or str(exc)
            raise IndexWriteError(f"could not write {path} ({reason})") from exc

    @classmethod
    def load(cls, path: Path, dimension: int, settings: IndexSettings | None = None) -> VectorIndex:
        faiss = _faiss()
        try:
            index = faiss.read_index(str(path))
        except Exception as exc:
            raise IndexCorruptError(f"{path}: unreadable FAISS file ({_first_line(exc)})") from exc
        if int(index.d) != dimension:
            raise IndexCorruptError(f"{path}: dimension {index.d}, manifest says {dimension}")
        if not isinstance(index, faiss.IndexIDMap2):
            raise IndexCorruptError(f"{path}: not an id-mapped FAISS index")
        return cls(dimension, index, settings=settings)


def _first_line(exc: BaseException) -> str:
    """FAISS messages span several lines (the C++ call site); the first says what happened."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return re.sub(r"^Error in .*? at \S+:\d+: ", "", lines[0])  # the C++ function and line
