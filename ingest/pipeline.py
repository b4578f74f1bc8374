"""Ingest files into an index: discover → parse → chunk → embed (cached) → one atomic write.

Incremental: a file whose bytes, metadata and chunker settings are unchanged is not even parsed;
embeddings are cached by chunk hash, so a changed file only embeds the passages that changed.
A file that fails keeps its previously indexed version. Nothing is visible until the final
transaction commits, so a killed ingest leaves the previous index as it was (but its finished
embeddings stay cached, so the next run resumes cheaply).
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.embedders import Embedder, canonical_name, counts_add_up, load_embedder
from rag.errors import InputError, UnsupportedFileError
from rag.index import FileRecord, IndexStore, StoredDocument, index_exists
from rag.models import Chunk
from rag.settings import ChunkerSettings, Settings

from .chunker import TokenCounter, chunk_document, item_id_for
from .decisions import decisions_for
from .metadata import MetadataHints, hints_for, is_metadata_file, read_folder_manifest
from .ocr import OcrLane, OcrPending, engine_available
from .parsers import SUPPORTED_EXTENSIONS, ParsedFile, parse_file

__all__ = [
    "IngestReport",
    "SourceFile",
    "code_fingerprint",
    "discover",
    "file_hash",
    "identify",
    "ingest",
    "open_store",
    "pending_embeddings",
    "stored_documents",
]

# Bump when parsing or chunking changes what a file turns into, so old files are redone.
# 4: decision register, sub-items; 5: more decision formats, date lines; 6: no terminal escape
# sequences or C1 control characters in the indexed text, HTML read by libxml2, passages capped
# in characters, bad JSONL lines skipped one by one; 7: PDF pages without a usable text layer
# read by OCR (the [ocr] extra), their spans flagged; 8: the key also holds a digest of the code
# that reads a file (``code_fingerprint``), so a changed reader redoes old files without a bump
# (the decision reader changed in many releases under 7, and an index built before kept the old
# register for every file whose bytes had not changed).
PIPELINE_VERSION = "8"

# The code that decides what a file turns into: the ingest package (fetching aside) and the core
# helpers and data it reads files with.
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_READING_CODE = (
    "ingest",
    "rag/text.py",
    "rag/dates.py",
    "rag/councils.py",
    "rag/models.py",
    "rag/data",
)
_NOT_READING = ("ingest/fetch",)


@dataclass
class SourceFile:
    path: Path
    root: Path
    source: str
    explicit: bool = False


@dataclass
class IngestReport:
    """What an ingest did; the CLI prints it, tests assert on it."""

    index_path: str = ""
    files_seen: int = 0
    files_new: int = 0
    files_changed: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    documents: int = 0
    items: int = 0
    chunks: int = 0
    chunks_embedded: int = 0
    chunks_cached: int = 0
    # PDF pages of the files parsed in this run, by how their text was read.
    pages_text: int = 0
    pages_ocr: int = 0
    pages_unreadable: int = 0
    ocr_read: int = 0  # pages the OCR engine read in this run
    ocr_cached: int = 0  # pages found in the OCR cache
    ocr_engine: str | None = None  # None: OCR not installed or turned off
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored_types: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def files_ingested(self) -> int:
        return self.files_new + self.files_changed

    @property
    def ok(self) -> bool:
        """False only when nothing could be ingested (and something was attempted)."""
        usable = self.files_ingested + self.files_unchanged + self.files_removed
        return usable > 0 or (self.files_seen == 0 and not self.skipped)

    def to_json(self) -> dict[str, object]:
        return {
            "index": self.index_path,
            "files": {
                "seen": self.files_seen,
                "new": self.files_new,
                "changed": self.files_changed,
                "unchanged": self.files_unchanged,
                "removed": self.files_removed,
            },
            "documents": self.documents,
            "items": self.items,
            "chunks": self.chunks,
            "chunks_embedded": self.chunks_embedded,
            "chunks_cached": self.chunks_cached,
            "pages": {
                "text_layer": self.pages_text,
                "ocr": self.pages_ocr,
                "unreadable": self.pages_unreadable,
                "ocr_read": self.ocr_read,
                "ocr_cached": self.ocr_cached,
            },
            "ocr_engine": self.ocr_engine,
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "warnings": self.warnings,
            "ignored_types": dict(self.ignored_types),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def discover(paths: Sequence[Path], report: IngestReport) -> list[SourceFile]:
    """Files to ingest under ``paths``; hidden files are skipped, and every path that cannot be
    used is reported in ``report.skipped`` with its reason: missing, not a regular file (a
    device such as ``/dev/zero``, a pipe), a link leading outside the folder given, a folder
    that cannot be read. Links inside a folder are followed only to files inside it."""
    found: dict[Path, SourceFile] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            exists, is_dir, is_file = path.exists(), path.is_dir(), path.is_file()
        except (OSError, ValueError) as exc:  # a name too long, a NUL in it
            report.skipped.append((str(raw), f"cannot be read ({_reason(exc)})"))
            continue
        if not exists:
            report.skipped.append((str(raw), "no such file or directory"))
            continue
        if is_file:
            resolved = path.resolve()
            found.setdefault(resolved, SourceFile(resolved, resolved.parent, path.name, True))
            continue
        if not is_dir:
            report.skipped.append((str(raw), _NOT_REGULAR))
            continue
        root = path.resolve()
        for file in _walk(root, report):
            if is_metadata_file(file):
                continue
            if file.suffix.lower() not in SUPPORTED_EXTENSIONS:
                report.ignored_types[file.suffix.lower() or "(no extension)"] += 1
                continue
            # Keyed by the real file: a link inside the folder to a file in it is the same
            # document (same id), ingested once.
            source = SourceFile(file, root, file.relative_to(root).as_posix())
            if file.is_symlink():
                found.setdefault(file.resolve(), source)
            else:
                found[file.resolve()] = source  # the file itself rather than a link to it
    return list(found.values())


_NOT_REGULAR = "not a regular file or folder (a device, pipe or socket)"
_OUTSIDE = "link leads outside the folder (not followed)"


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


def _walk(root: Path, report: IngestReport) -> list[Path]:
    """Regular files under ``root``, sorted, hidden ones left out. A folder that cannot be read
    is reported, not silently passed over; links are never followed out of ``root`` (a link to
    ``/etc/passwd`` in a shared folder must not end up in a searchable index)."""

    def unreadable(exc: OSError) -> None:
        where = exc.filename or str(root)
        report.skipped.append((str(where), f"folder cannot be read ({_reason(exc)})"))

    files: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for link in (base / d for d in dirs if (base / d).is_symlink()):
            if not _inside(link, root):
                report.skipped.append((str(link), _OUTSIDE))
        for name in names:
            if name.startswith("."):
                continue
            file = base / name
            try:
                if file.is_symlink() and not _inside(file, root):
                    report.skipped.append((str(file), _OUTSIDE))
                elif file.is_file():
                    files.append(file)
                elif file.exists() and not is_metadata_file(file):
                    report.skipped.append((str(file), _NOT_REGULAR))
            except OSError as exc:
                report.skipped.append((str(file), f"cannot be read ({_reason(exc)})"))
    return sorted(files)


def _inside(link: Path, root: Path) -> bool:
    """Does the link's final target lie inside ``root``?"""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return False
    return target == root or root in target.parents


def ocr_engine_for(settings: Settings) -> str | None:
    """The OCR engine setting in force, or None when OCR is off or not installed."""
    engine = settings.ocr.engine
    return engine if engine != "off" and engine_available(engine) else None


def code_fingerprint(root: Path, parts: Sequence[str], skip: Sequence[str] = ()) -> str:
    """A digest of the files under ``root`` named by ``parts`` (files, or folders read whole:
    ``.py`` sources and data, not caches), leaving out those under ``skip``; "" when none is
    there (an installation without its sources)."""
    digest = hashlib.sha256()
    seen = 0
    for part in parts:
        where = root / part
        found = sorted(where.rglob("*")) if where.is_dir() else [where] if where.is_file() else []
        for file in found:
            rel = file.relative_to(root).as_posix()
            if (
                not file.is_file()
                or "__pycache__" in file.parts
                or file.suffix in (".pyc", ".pyo")
                or any(rel == s or rel.startswith(s + "/") for s in skip)
            ):
                continue
            digest.update(rel.encode() + b"\0" + file.read_bytes() + b"\0")
            seen += 1
    return digest.hexdigest()[:16] if seen else ""


@functools.cache
def _reading_code() -> str:
    return code_fingerprint(_PACKAGE_ROOT, _READING_CODE, _NOT_READING)


def _settings_key(settings: Settings) -> str:
    # The council registers decide items' councils: a changed register re-reads the files.
    # Whether OCR can run decides what a scanned page turns into: installing the extra re-reads
    # the files (cheaply: their passages' embeddings are cached). So does a new version of the
    # code that reads them (the decision register above all).
    payload = (
        PIPELINE_VERSION
        + _reading_code()
        + settings.chunker.model_dump_json()
        + settings.councils.model_dump_json()
    )
    engine = ocr_engine_for(settings)
    if engine is not None:
        payload += "ocr:" + engine
    return hashlib.sha1(payload.encode()).hexdigest()[:16]


def file_hash(file: SourceFile, hints: MetadataHints | None) -> str:
    digest = hashlib.sha256(file.path.read_bytes())
    if hints is not None:
        digest.update(hints.model_dump_json().encode())
    return digest.hexdigest()


def ingest(
    paths: Sequence[Path],
    index_path: Path,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    prune: bool = False,
    progress: bool = False,
    on_skip: Callable[[str, str], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` into the index at ``index_path`` (created if missing)."""
    settings = settings or Settings()
    report = IngestReport(index_path=str(index_path))
    clock = time.perf_counter()
    embedder = embedder or load_embedder(settings.embedder)
    chunker = settings.chunker.model_dump()
    store = open_store(index_path, embedder.name, embedder.dimension, settings)
    report.seconds["load"] = time.perf_counter() - clock

    def skip(path: str, reason: str) -> None:
        report.skipped.append((path, reason))
        if on_skip:
            on_skip(path, reason)

    with store:
        store.acquire_lock()
        files = discover(paths, report)
        for missing, reason in list(report.skipped):
            if on_skip:
                on_skip(missing, reason)
        report.files_seen = len(files)
        key = _settings_key(settings)
        states = store.file_states()
        records = _parse_all(files, states, key, settings, embedder, report, skip, progress, store)

        removed_paths = [r.path for r in records if r.path in states]
        if prune:
            removed_paths += _vanished(states, files, paths)
        vectors = _embed_missing(store, records, embedder, report, progress)

        clock = time.perf_counter()
        if not records and not removed_paths and not prune and store.published:
            # Nothing changed: leave SQLite, FAISS and the manifest as they are (no rewrite of
            # a large vectors file, and the app's cache key stays valid).
            report.seconds["write"] = time.perf_counter() - clock
            return report
        store.write(records, removed_paths, vectors, prune=prune, chunker=chunker)
        report.seconds["write"] = time.perf_counter() - clock
        report.files_removed = len(removed_paths) - sum(1 for r in records if r.path in states)
        report.warnings += store.notices  # a manifest rebuilt, vectors missing
    return report


def open_store(index_path: Path, name: str, dimension: int, settings: Settings) -> IndexStore:
    """The index at ``index_path`` (refused if built by another embedder), or a new one."""
    name = canonical_name(name)
    if index_exists(index_path):
        return IndexStore.open(index_path, name, dimension, settings.index)
    return IndexStore.create(
        index_path, name, dimension, settings.chunker.model_dump(), settings.index
    )


def _parse_all(
    files: list[SourceFile],
    states: dict[str, tuple[str, str]],
    key: str,
    settings: Settings,
    embedder: Embedder,
    report: IngestReport,
    skip: Callable[[str, str], None],
    progress: bool,
    store: IndexStore | None = None,
) -> list[FileRecord]:
    """Parse and chunk every new or changed file.

    PDF pages that need OCR are read in a pool of worker threads: a PDF whose pages are not
    read yet is put aside while the other files are parsed, then parsed again once its pages
    are in (the second pass waits only for what is still being read)."""
    from tqdm import tqdm

    records: list[FileRecord] = []
    manifests: dict[Path, dict[str, MetadataHints]] = {}
    timer = {"parse": 0.0, "chunk": 0.0}
    engine = ocr_engine_for(settings)
    lane = (
        OcrLane(engine, store, workers=settings.ocr.workers, progress=progress)
        if engine is not None
        else None
    )
    waiting: list[tuple[SourceFile, bool, MetadataHints | None, str]] = []
    try:
        if lane is not None:
            lane.defer = True
        for file in tqdm(files, desc="Parsing", unit="file", disable=not progress, leave=False):
            state = states.get(str(file.path))
            keep = " (previous version kept in the index)" if state else ""
            identified = identify(file, manifests, report.warnings, keep, skip)
            if identified is None:
                continue
            hints, digest = identified
            if state == (digest, key):
                report.files_unchanged += 1
                continue
            existed = bool(state)
            try:
                record = _parse_one(
                    file, existed, hints, digest, key, settings, embedder, report, skip, lane, timer
                )
            except OcrPending:
                waiting.append((file, existed, hints, digest))
                continue
            if record is not None:
                records.append(record)
        if lane is not None:
            lane.defer = False
        for file, existed, hints, digest in waiting:
            record = _parse_one(
                file, existed, hints, digest, key, settings, embedder, report, skip, lane, timer
            )
            if record is not None:
                records.append(record)
    finally:
        if lane is not None:
            lane.close()
            report.ocr_read, report.ocr_cached = lane.stats.pages_read, lane.stats.pages_cached
            report.ocr_engine = lane.reader.engine.name if lane.reader else engine
            if lane.failure:
                report.warnings.append(f"OCR is off: {lane.failure}")
    report.seconds["parse"] = timer["parse"]
    report.seconds["chunk"] = timer["chunk"]
    return records


def _parse_one(
    file: SourceFile,
    existed: bool,
    hints: MetadataHints | None,
    digest: str,
    key: str,
    settings: Settings,
    embedder: Embedder,
    report: IngestReport,
    skip: Callable[[str, str], None],
    lane: OcrLane | None,
    timer: dict[str, float],
) -> FileRecord | None:
    """One file parsed and chunked, counted in ``report``; None when it was skipped (and
    ``skip`` told why). Raises :class:`OcrPending` when its pages are still being read."""
    label = file.source if not file.explicit else str(file.path)
    keep = " (previous version kept in the index)" if existed else ""
    clock = time.perf_counter()
    try:
        parsed = parse_file(file.path, file.source, hints, settings.councils, ocr=lane)
    except OcrPending:
        timer["parse"] += time.perf_counter() - clock
        raise
    except UnsupportedFileError as exc:
        skip(label, exc.reason)
        return None
    except InputError as exc:
        skip(label, exc.reason + keep)
        return None
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
        skip(label, _unexpected("could not be parsed", exc) + keep)
        return None
    timer["parse"] += time.perf_counter() - clock
    clock = time.perf_counter()
    try:
        stored = stored_documents(
            parsed,
            embedder.count_tokens,
            settings.chunker,
            counts_add_up(embedder),
        )
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
        skip(label, _unexpected("could not be split into passages", exc) + keep)
        return None
    report.warnings += [f"{label}: {w}" for w in parsed.warnings]
    for doc, record in zip(parsed.documents, stored, strict=True):
        report.warnings += [f"{label}: {w}" for w in doc.warnings]
        report.documents += 1
        report.items += len(record.items)
        report.chunks += len(record.chunks)
        for page in doc.document.pages:
            if page.end <= page.start:
                report.pages_unreadable += 1
            elif page.ocr:
                report.pages_ocr += 1
            else:
                report.pages_text += 1
    timer["chunk"] += time.perf_counter() - clock
    if existed:
        report.files_changed += 1
    else:
        report.files_new += 1
    return FileRecord(
        path=str(file.path),
        source=file.source,
        root=str(file.root),
        file_hash=digest,
        settings_key=key,
        documents=stored,
    )


def stored_documents(
    parsed: ParsedFile,
    count_tokens: TokenCounter,
    chunker: ChunkerSettings,
    additive: bool = False,
) -> list[StoredDocument]:
    """A parsed file's documents with their agenda items and chunks (a pure function: no index,
    no model; the Ray adapter runs it on workers)."""
    stored = []
    for doc in parsed.documents:
        items = [
            (item_id_for(doc.document.doc_id, i, span.item), span)
            for i, span in enumerate(doc.items)
        ]
        chunks: list[Chunk] = [c for _, c in chunk_document(doc, count_tokens, chunker, additive)]
        decisions = decisions_for(doc.document.text, items, doc.warnings)
        stored.append(
            StoredDocument(document=doc.document, items=items, chunks=chunks, decisions=decisions)
        )
    return stored


def identify(
    file: SourceFile,
    manifests: dict[Path, dict[str, MetadataHints]],
    warnings: list[str],
    keep: str,
    skip: Callable[[str, str], None],
) -> tuple[MetadataHints | None, str] | None:
    """A file's metadata hints and content hash, or ``None`` after ``skip`` was told why (a
    poisoned sidecar or manifest, an unreadable file: one line, and the run goes on). Shared by
    the pipeline and the Ray adapter so both treat a bad file the same way."""
    label = file.source if not file.explicit else str(file.path)
    try:
        hints = _hints(file, manifests, warnings)
        return hints, file_hash(file, hints)
    except InputError as exc:
        skip(exc.path, exc.reason + keep)
    except OSError as exc:
        skip(label, f"cannot read ({_reason(exc)})" + keep)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
        skip(label, _unexpected("metadata could not be read", exc) + keep)
    return None


def _unexpected(what: str, exc: BaseException) -> str:
    """One line for an exception no parser meant to raise (a bug, or an input nobody foresaw)."""
    detail = " ".join(str(exc).split())
    detail = detail if len(detail) <= 160 else detail[:159] + "…"
    return f"{what} ({type(exc).__name__}{': ' + detail if detail else ''})"


def _hints(
    file: SourceFile,
    manifests: dict[Path, dict[str, MetadataHints]],
    warnings: list[str] | None = None,
) -> MetadataHints | None:
    """Sidecar merged over the manifest.csv row: the file's own folder first, then the root's.

    A manifest is read once per folder; its bad rows are left out and reported once, in
    ``warnings`` ("folder/manifest.csv: invalid manifest.csv row 3: ..."), not per file.
    """
    for folder in dict.fromkeys((file.path.parent, file.root)):
        if folder not in manifests:
            manifests[folder], problems = read_folder_manifest(folder)
            if warnings is not None:
                where = folder / "manifest.csv"
                warnings += [f"{where}: {problem}" for problem in problems]
        if manifests[folder]:
            found = hints_for(file.path, folder, manifests[folder])
            if found is not None:
                return found
    return hints_for(file.path)


def _vanished(
    states: dict[str, tuple[str, str]], files: list[SourceFile], paths: Iterable[Path]
) -> list[str]:
    """Indexed files under the given folders that no longer exist there."""
    present = {str(f.path) for f in files}
    roots = [str(Path(p).expanduser().resolve()) for p in paths if Path(p).expanduser().is_dir()]
    gone = []
    for path in states:
        under = any(path.startswith(root.rstrip("/") + "/") for root in roots)
        if under and path not in present and not Path(path).exists():
            gone.append(path)
    return gone


def pending_embeddings(
    store: IndexStore, records: list[FileRecord]
) -> tuple[dict[str, str], dict[str, np.ndarray], list[str]]:
    """(hash → text to embed, cached vectors, hashes still to embed, longest first).

    Longest first across the whole ingest: each batch holds passages of similar length, so
    little compute goes to padding (sentence-transformers sorts only within one call).
    """
    texts: dict[str, str] = {}
    for record in records:
        for doc in record.documents:
            for chunk in doc.chunks:
                texts.setdefault(chunk.hash, chunk.embed_text)
    vectors = store.cached_vectors(list(texts))
    missing = sorted((h for h in texts if h not in vectors), key=lambda h: -len(texts[h]))
    return texts, vectors, missing


def _embed_missing(
    store: IndexStore,
    records: list[FileRecord],
    embedder: Embedder,
    report: IngestReport,
    progress: bool,
) -> dict[str, np.ndarray]:
    """Vectors for every new chunk hash: cached ones looked up, the rest embedded in batches."""
    from tqdm import tqdm

    clock = time.perf_counter()
    texts, vectors, missing = pending_embeddings(store, records)
    report.chunks_cached = len(texts) - len(missing)
    batch = max(1, 8 * getattr(embedder, "batch_size", 32))
    with tqdm(total=len(missing), desc="Embedding", unit="chunk", disable=not progress) as bar:
        for start in range(0, len(missing), batch):
            hashes = missing[start : start + batch]
            computed = embedder.embed([texts[h] for h in hashes])
            store.cache_vectors(hashes, computed)
            vectors.update(zip(hashes, computed, strict=True))
            bar.update(len(hashes))
    report.chunks_embedded = len(missing)
    report.seconds["embed"] = time.perf_counter() - clock
    return vectors
