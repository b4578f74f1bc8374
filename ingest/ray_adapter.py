"""Ingest on Ray Data: the pipeline's pure stages as ``map_batches`` over files and passages.

1. **parse + chunk** — ``parse_file`` and ``stored_documents`` over batches of files, on as many
   CPU workers as asked (each holds a tokenizer: chunks are sized in the embedder's word pieces).
2. **embed** — the passages not yet in the index's embedding cache, longest first, in batches,
   on embedding actors that load the model once.
3. **write** — on the driver, exactly as ``ingest.pipeline.ingest``: vectors cached as they
   arrive (a killed run resumes cheaply), then one SQLite transaction, FAISS and the manifest by
   rename, under the index's writer lock.

One call writes one index. For many councils, run one call per council into its own index
folder (a shard): see docs/scaling.md. Needs ``pip install -e '.[ray]'``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from rag.embedders import Embedder, counts_add_up, load_embedder
from rag.errors import InputError, MinutesError
from rag.index import FileRecord
from rag.settings import ChunkerSettings, Settings

from .metadata import MetadataHints
from .parsers import parse_file
from .pipeline import (
    IngestReport,
    SourceFile,
    _settings_key,
    discover,
    identify,
    open_store,
    pending_embeddings,
    stored_documents,
)

__all__ = ["ray_ingest"]

EmbedderFactory = Callable[[], Embedder]


class _ParseChunk:
    """Ray actor: files in, serialised ``FileRecord``s (or the reason a file failed) out."""

    def __init__(self, factory: EmbedderFactory, chunker_json: str) -> None:
        embedder = factory()
        self.count_tokens = embedder.count_tokens
        self.additive = counts_add_up(embedder)
        self.chunker = ChunkerSettings.model_validate_json(chunker_json)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"source": [], "record": [], "warnings": [], "error": []}
        for row in range(len(batch["path"])):
            path, source = Path(str(batch["path"][row])), str(batch["source"][row])
            hints_json = str(batch["hints"][row])
            hints = MetadataHints.model_validate_json(hints_json) if hints_json else None
            record, warnings, error = "", [], ""
            try:
                parsed = parse_file(path, source, hints)
                documents = stored_documents(parsed, self.count_tokens, self.chunker, self.additive)
                warnings = list(parsed.warnings) + [w for d in parsed.documents for w in d.warnings]
                record = FileRecord(
                    path=str(path),
                    source=source,
                    root=str(batch["root"][row]),
                    file_hash=str(batch["digest"][row]),
                    settings_key=str(batch["key"][row]),
                    documents=documents,
                ).model_dump_json()
            except InputError as exc:
                error = exc.reason
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
                error = f"could not be parsed ({type(exc).__name__}: {exc})"
            out["source"].append(source)
            out["record"].append(record)
            out["warnings"].append(json.dumps([f"{source}: {w}" for w in warnings]))
            out["error"].append(error)
        return out


class _Embed:
    """Ray actor: passages in, their vectors out (the model is loaded once per actor)."""

    def __init__(self, factory: EmbedderFactory) -> None:
        self.embedder = factory()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        vectors = self.embedder.embed([str(t) for t in batch["text"]])
        return {"hash": list(batch["hash"]), "vector": [v.tobytes() for v in vectors]}


def ray_ingest(
    paths: Sequence[Path],
    index_path: Path,
    settings: Settings | None = None,
    *,
    embedder_factory: EmbedderFactory | None = None,
    parse_workers: int = 1,
    embed_workers: int = 1,
    files_per_batch: int = 16,
    passages_per_batch: int = 256,
) -> IngestReport:
    """Ingest ``paths`` into ``index_path`` using the current Ray cluster (``ray.init()`` first;
    a local one is started if none is running). ``embedder_factory`` must be importable on the
    workers; by default it loads ``settings.embedder``."""
    try:
        import ray
    except ImportError as exc:
        raise MinutesError("the Ray adapter needs Ray: pip install -e '.[ray]'") from exc
    settings = settings or Settings()
    factory: EmbedderFactory = embedder_factory or partial(load_embedder, settings.embedder)
    embedder = factory()
    report = IngestReport(index_path=str(index_path))
    store = open_store(index_path, embedder.name, embedder.dimension, settings)
    with store:
        store.acquire_lock()
        files = discover(paths, report)
        report.files_seen = len(files)
        key, states = _settings_key(settings), store.file_states()
        rows, manifests = [], {}  # type: ignore[var-annotated]

        def skip(path: str, reason: str) -> None:
            report.skipped.append((path, reason))

        for file in files:
            keep = " (previous version kept in the index)" if str(file.path) in states else ""
            identified = identify(file, manifests, report.warnings, keep, skip)
            if identified is None:
                continue
            hints, digest = identified
            if states.get(str(file.path)) == (digest, key):
                report.files_unchanged += 1
                continue
            rows.append(_row(file, hints, digest, key))
        records: list[FileRecord] = []
        if rows:
            parsed = ray.data.from_items(rows).map_batches(
                _ParseChunk,
                fn_constructor_args=(factory, settings.chunker.model_dump_json()),
                batch_size=files_per_batch,
                concurrency=parse_workers,
            )
            for row in parsed.iter_rows():
                report.warnings += json.loads(row["warnings"])
                if row["error"]:
                    report.skipped.append((str(row["source"]), str(row["error"])))
                    continue
                records.append(FileRecord.model_validate_json(row["record"]))
        _count(records, states, report)
        vectors = _embed(ray, store, records, factory, embed_workers, passages_per_batch, report)
        removed = [r.path for r in records if r.path in states]
        if records or removed or not store.published:
            store.write(records, removed, vectors, chunker=settings.chunker.model_dump())
    return report


def _row(file: SourceFile, hints: MetadataHints | None, digest: str, key: str) -> dict[str, str]:
    return {
        "path": str(file.path),
        "root": str(file.root),
        "source": file.source if not file.explicit else str(file.path),
        "hints": hints.model_dump_json() if hints else "",
        "digest": digest,
        "key": key,
    }


def _count(records: list[FileRecord], states: dict[str, Any], report: IngestReport) -> None:
    for record in records:
        if record.path in states:
            report.files_changed += 1
        else:
            report.files_new += 1
        for doc in record.documents:
            report.documents += 1
            report.items += len(doc.items)
            report.chunks += len(doc.chunks)


def _embed(
    ray: Any,
    store: Any,
    records: list[FileRecord],
    factory: EmbedderFactory,
    workers: int,
    batch: int,
    report: IngestReport,
) -> dict[str, np.ndarray]:
    texts, vectors, missing = pending_embeddings(store, records)
    report.chunks_cached = len(texts) - len(missing)
    report.chunks_embedded = len(missing)
    if not missing:
        return dict(vectors)
    items = [{"hash": h, "text": texts[h]} for h in missing]
    embedded = ray.data.from_items(items).map_batches(
        _Embed, fn_constructor_args=(factory,), batch_size=batch, concurrency=workers
    )
    for out in embedded.iter_batches(batch_size=batch):
        hashes = [str(h) for h in out["hash"]]
        matrix = np.vstack([np.frombuffer(v, dtype=np.float32) for v in out["vector"]])
        store.cache_vectors(hashes, matrix)
        vectors.update(zip(hashes, matrix, strict=True))
    return dict(vectors)
