"""The index: one folder per index, owned by this package alone.

* :mod:`.layout` — file names, finding indexes, the manifest and its embedder check;
* :mod:`.store` — opening, locking, transactions, writes, publishing (:class:`IndexStore`);
* :mod:`.reads` — every read: filters, passages, scope, statistics (mixed into the store);
* :mod:`.lexical` — BM25 postings in the SQLite file; :mod:`.vectors` — the FAISS index;
* :mod:`.changes` — when each item arrived or changed; :mod:`.watches` — saved questions.
"""

from __future__ import annotations

from .layout import (
    SCHEMA_VERSION,
    Manifest,
    holds_index_files,
    index_exists,
    index_version,
    list_indexes,
    resolve_index_path,
)
from .reads import Allowed, IndexStats, PageCounts, Scope
from .store import FileRecord, IndexStore, StoredDocument, chunk_int_id
from .watches import Watch

__all__ = [
    "SCHEMA_VERSION",
    "Allowed",
    "FileRecord",
    "IndexStats",
    "IndexStore",
    "Manifest",
    "PageCounts",
    "Scope",
    "StoredDocument",
    "Watch",
    "chunk_int_id",
    "holds_index_files",
    "index_exists",
    "index_version",
    "list_indexes",
    "resolve_index_path",
]
