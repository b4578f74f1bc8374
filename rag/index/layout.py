"""An index is a folder with fixed file names and a manifest::

    indexes/<name>/
        manifest.json   embedder name + dimension, chunker settings, schema version, generation,
                        FAISS index kind (flat below IndexSettings.hnsw_threshold, HNSW above)
        index.sqlite    files, documents, items, chunks, BM25 postings (.lexical), embedding
                        cache by chunk hash, when each item changed (.changes), saved
                        questions (.watches: they live and go with the index)
        vectors.faiss   FAISS copy of the chunk vectors (derived; rebuilt from SQLite if stale)
        .lock           held (flock) by the one ingest allowed to write

This module names those files, finds indexes by name, and reads and checks manifests; nothing
outside :mod:`rag.index` spells a file name of an index.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..embedders import settings_for
from ..errors import EmbedderMismatchError

__all__ = [
    "LOCK",
    "MANIFEST",
    "SCHEMA_VERSION",
    "SQLITE",
    "VECTORS",
    "Manifest",
    "holds_index_files",
    "index_exists",
    "index_version",
    "list_indexes",
    "resolve_index_path",
]

SCHEMA_VERSION = 2  # 2: BM25 postings (.lexical) replace FTS5
MANIFEST = "manifest.json"
SQLITE = "index.sqlite"
VECTORS = "vectors.faiss"
LOCK = ".lock"


class Manifest(BaseModel):
    """What an index was built with; written last by every ingest (no manifest, no index)."""

    schema_version: int = SCHEMA_VERSION
    embedder: str = Field(description="Canonical embedder name the vectors were made with.")
    dimension: int
    chunker: dict[str, Any] = Field(default_factory=dict)
    vector_index: str = Field(
        "flat", description="FAISS index kind of vectors.faiss: 'flat' (exact) or 'hnsw'."
    )
    generation: int = 0
    created_at: str = ""
    updated_at: str = ""

    def check(self, embedder: str, dimension: int | None = None, *, where: Path) -> None:
        """Refuse an embedder (canonical name, and dimension when known) other than the one
        the index was built with, saying which settings select the right one."""
        if embedder == self.embedder and (not dimension or dimension == self.dimension):
            return
        raise EmbedderMismatchError(
            f"index {where} was built with embedder '{self.embedder}' ({self.dimension} dims), "
            f"not '{embedder}': use it with {settings_for(self.embedder)}, or rebuild it "
            f"(remove {where} and run minutes ingest again)"
        )


def resolve_index_path(name_or_path: str | Path | None, root: Path, default: str) -> Path:
    """``--index NAME`` means ``root/NAME``; anything with a path separator is a path."""
    value = str(name_or_path or default)
    if os.sep in value or value.startswith("."):
        return Path(value).expanduser()
    return root / value


def index_exists(path: Path) -> bool:
    """Whether ``path`` holds an index (its manifest: written last, so a half-built first
    ingest does not count)."""
    return (path / MANIFEST).is_file()


def holds_index_files(path: Path) -> bool:
    """Whether ``path`` holds any of an index's files, complete or not (a folder whose manifest
    was lost is a damaged index, not a missing one)."""
    return any((path / name).is_file() for name in (MANIFEST, SQLITE, VECTORS))


def list_indexes(root: Path) -> list[str]:
    """Names of the folders under ``root`` that hold an index."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if index_exists(p))


def index_version(path: Path) -> str:
    """Changes whenever a build lands ('' when there is no index): the manifest's generation
    and modification time. A cached reader compares it to know when to reopen the index."""
    manifest = path / MANIFEST
    try:
        stat = manifest.stat()
        generation = json.loads(manifest.read_text("utf-8")).get("generation", 0)
    except (OSError, ValueError, AttributeError):
        return ""
    return f"{generation}:{stat.st_mtime_ns}"
