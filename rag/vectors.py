"""The dense half of an index: a FAISS inner-product index over unit vectors, keyed by chunk id.

FAISS holds a derived copy of the vectors kept in SQLite (the embedding cache), so the file can
always be rebuilt; it is written to a temporary file and renamed into place, never in place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from .errors import IndexCorruptError

__all__ = ["VectorIndex"]


def _faiss() -> Any:
    import faiss  # heavy import, only when vectors are touched

    return faiss


class VectorIndex:
    """Exact inner-product search with id-based filtering (IDSelector, not post-filtering)."""

    def __init__(self, dimension: int, index: Any = None) -> None:
        faiss = _faiss()
        self.dimension = dimension
        self._index = (
            index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        )

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape[1] != self.dimension:
            raise ValueError(f"vector dimension {vectors.shape[1]} != index {self.dimension}")
        self._index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> int:
        if len(ids) == 0:
            return 0
        selector = _faiss().IDSelectorBatch(np.asarray(ids, dtype=np.int64))
        return int(self._index.remove_ids(selector))

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Top-k (id, similarity) for one query vector, restricted to ``allowed`` ids if given."""
        if self.size == 0 or k <= 0:
            return []
        if allowed is not None and len(allowed) == 0:
            return []
        faiss = _faiss()
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        k = min(k, self.size if allowed is None else min(self.size, len(allowed)))
        if allowed is None:
            scores, ids = self._index.search(q, k)
        else:
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = faiss.SearchParameters(sel=selector)
            scores, ids = self._index.search(q, k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]

    def save(self, path: Path) -> None:
        """Write atomically: temp file, fsync, rename."""
        tmp = path.with_name(path.name + ".tmp")
        _faiss().write_index(self._index, str(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, dimension: int) -> VectorIndex:
        try:
            index = _faiss().read_index(str(path))
        except Exception as exc:  # noqa: BLE001 - faiss raises RuntimeError with C++ text
            raise IndexCorruptError(f"{path}: unreadable FAISS file ({exc})") from exc
        if int(index.d) != dimension:
            raise IndexCorruptError(f"{path}: dimension {index.d}, manifest says {dimension}")
        return cls(dimension, index)
