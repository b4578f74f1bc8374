"""Files uploaded in the app or through the HTTP API (``POST /uploads``), saved under
``<index>/uploads/`` and ingested one at a time. Below the applications that share it (the
``service`` import contract), so neither imports the other for it.

Names. A saved name keeps what the user called the file: Unicode letters stay (normalised to
NFC, so ``Llŷn.md`` and ``Llŵn.md`` remain two files); only directories, control and format
characters, and characters no common filesystem accepts (``<>:"/\\|?*``) go, with leading and
trailing dots and spaces and Windows' reserved device names. A name is at most 245 bytes of
UTF-8, so that its ``.meta.json`` sidecar still fits the 255-byte limit of ext4, APFS and NTFS.

Never replacing a different file. A name already taken in ``uploads/`` (or earlier in the same
batch) by other bytes gets a number, ``minutes (2).pdf``; the same bytes uploaded again reuse
their file (the index then reports them unchanged). A name with a sidecar already lying beside
it is treated as taken, so an old sidecar never attaches itself to a new document.

Sidecars. ``report.pdf.meta.json`` (or ``report.meta.json``) follows its document: it is saved
as ``<the document's saved name>.meta.json``, also when the document was renamed. A sidecar
uploaded alone updates the document of that name already in ``uploads/``; with no such document
it is refused rather than left to pair with whichever file comes next.

Failures. Each document is ingested on its own; whatever goes wrong with one (a poisoned
sidecar, a parser crash) becomes that file's one-line error, the others still go in, and what
this upload wrote for it is taken back out of ``uploads/`` (a sidecar it replaced is restored),
so a bad file cannot poison the next run.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.metadata import SIDECAR_SUFFIX
from ingest.pipeline import ingest

from ..answers.grades import plural
from ..embedders import Embedder
from ..errors import IndexFolderError, MinutesError
from ..settings import Settings

__all__ = [
    "NAME_MAX_BYTES",
    "UPLOAD_TYPES",
    "UploadResult",
    "add_uploads",
    "safe_filename",
]

UPLOAD_TYPES = ("txt", "md", "html", "htm", "pdf", "jsonl")
NAME_MAX_BYTES = 255  # one path component on ext4, XFS, btrfs, APFS (and 255 UTF-16 units on NTFS)
_DOCUMENT_MAX_BYTES = NAME_MAX_BYTES - len(SIDECAR_SUFFIX.encode())
_ILLEGAL = frozenset('<>:"/\\|?*')  # refused by Windows (and '/' everywhere)
# Control (Cc), format (Cf: bidi overrides that make 'fdp.txt' read 'txt.pdf', zero-width
# characters), line/paragraph separators and lone surrogates (not encodable as UTF-8).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)]
)


# ---------------------------------------------------------------------------- names
def _split(name: str) -> tuple[str, str]:
    """(stem, '.ext'): the extension only when it looks like one (short, no spaces)."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= 10 and " " not in ext:
        return stem, dot + ext
    return name, ""


def _fit(stem: str, tail: str, limit: int) -> str:
    """``stem + tail`` in at most ``limit`` bytes of UTF-8: the stem is cut (never mid-character,
    never the tail), and a cut never leaves a trailing dot or space."""
    room = limit - len(tail.encode())
    data = stem.encode()
    if len(data) > room:
        stem = data[: max(room, 0)].decode("utf-8", "ignore").rstrip(" .")
    return (stem or "upload") + tail


def _document_name(name: str) -> str:
    text = unicodedata.normalize("NFC", name)
    text = "".join(
        " " if ch.isspace() else "_" if ch in _ILLEGAL else ch  # a line break or tab: a space
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )
    text = re.sub(r"\.{2,}", ".", " ".join(text.split())).strip(" .")
    first, *rest = text.split(".", 1)
    if first.strip().upper() in _RESERVED:  # 'CON.txt' opens the console on Windows
        text = ".".join([first + "_", *rest])
    stem, ext = _split(text)
    return _fit(stem, ext, _DOCUMENT_MAX_BYTES)


def safe_filename(name: str) -> str:
    """The name an upload is saved under (see the module docstring): no directories, Unicode
    letters kept, at most 245 bytes; a sidecar's name is its document's safe name plus
    ``.meta.json``, so the two stay paired however long the name is."""
    base = re.split(r"[\\/]", name)[-1]
    if base.lower().endswith(SIDECAR_SUFFIX):
        return _document_name(base[: -len(SIDECAR_SUFFIX)]) + SIDECAR_SUFFIX
    return _document_name(base)


def _numbered(name: str) -> Iterator[str]:
    """``name``, then ``stem (2).ext``, ``stem (3).ext`` … each within the byte limit."""
    yield name
    stem, ext = _split(name)
    for number in itertools.count(2):
        yield _fit(stem, f" ({number}){ext}", _DOCUMENT_MAX_BYTES)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if not isinstance(exc, MinutesError):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


# ---------------------------------------------------------------------------- saving
@dataclass
class UploadResult:
    """What adding uploaded files did: files saved and ingested, per-file errors, warnings."""

    saved: list[str] = field(default_factory=list)
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed_index(self) -> bool:
        return bool(self.ingested)

    def summary(self) -> str:
        parts = [f"{plural(len(self.ingested), 'file')} added to the index"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already indexed and unchanged")
        if self.errors:
            parts.append(f"{len(self.errors)} could not be read")
        return "; ".join(parts) + "."


@dataclass
class _Saved:
    """One document placed in ``uploads/``, and how to take back what this upload wrote."""

    path: Path
    created: bool  # False: the same bytes were already there (or a sidecar-only update)
    sidecar: Path | None = None
    sidecar_before: bytes | None = None  # the sidecar this upload replaced, restored on failure
    mode: int = 0o600  # the index's file permissions (settings.index.file_mode)

    def undo(self) -> None:
        if self.sidecar is not None:
            if self.sidecar_before is None:
                self.sidecar.unlink(missing_ok=True)
            else:
                _write_atomic(self.sidecar, self.sidecar_before, self.mode)
        if self.created:
            self.path.unlink(missing_ok=True)


def _write_new(path: Path, content: bytes, mode: int, *, exclusive: bool) -> None:
    """Write ``content`` to ``path`` with exactly ``mode`` (not what the umask leaves: uploads
    sit in the index folder and may hold restricted minutes, like the index files)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    descriptor = os.open(path, flags, mode)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(content)


def _write_atomic(path: Path, content: bytes, mode: int) -> None:
    temporary = path.with_name(f".{hashlib.sha1(path.name.encode()).hexdigest()}.part")
    _write_new(temporary, content, mode, exclusive=False)
    os.replace(temporary, path)


def _has_bytes(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _place(folder: Path, name: str, content: bytes, mode: int) -> tuple[Path, bool]:
    """Where ``content`` goes: the first of ``name``, ``name (2)`` … that already holds these
    bytes (reused) or is free (created, exclusively, so a race never replaces a file)."""
    for candidate in _numbered(name):
        path = folder / candidate
        if path.exists() or path.is_symlink():
            if path.is_file() and not path.is_symlink() and _has_bytes(path, content):
                return path, False
            continue
        stem = _split(candidate)[0]
        if any((folder / f"{n}{SIDECAR_SUFFIX}").exists() for n in (candidate, stem)):
            continue  # an orphaned sidecar would attach itself to a new document here
        try:
            _write_new(path, content, mode, exclusive=True)
        except FileExistsError:
            continue
        except OSError:
            path.unlink(missing_ok=True)  # disk full: leave no partial file behind
            raise
        return path, True
    raise AssertionError("unreachable: the numbered names never run out")  # pragma: no cover


def _sidecar_base(name: str) -> str:
    return name[: -len(SIDECAR_SUFFIX)]


def _sidecar_for(document: str, sidecars: dict[str, bytes]) -> bytes | None:
    """The sidecar uploaded for ``document`` (its full name first, then its stem, as ingest
    looks them up)."""
    for base in (document, _split(document)[0]):
        if base in sidecars:
            return sidecars[base]
    return None


def _existing_documents(folder: Path, base: str, allowed: set[str]) -> list[Path]:
    """Documents already in ``uploads/`` that a sidecar named ``base.meta.json`` belongs to."""
    exact = folder / base
    if exact.is_file() and exact.suffix.lower() in allowed:
        return [exact]
    return sorted(
        p
        for p in folder.glob("*")
        if p.is_file() and p.suffix.lower() in allowed and _split(p.name)[0] == base
    )


def add_uploads(
    files: Sequence[tuple[str, bytes]],
    index_path: Path,
    settings: Settings,
    embedder: Embedder,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> UploadResult:
    """Save uploaded ``(name, content)`` files under ``<index>/uploads/`` and ingest them one at a
    time (``on_progress(done, total, name)`` after each), so one bad file costs only itself.
    ``<file>.meta.json`` sidecars go with their file. See the module docstring for the rules."""
    result = UploadResult()
    folder = index_path / "uploads"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, settings.index.folder_permissions)
    except OSError as exc:
        raise IndexFolderError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    allowed = {f".{t}" for t in UPLOAD_TYPES}
    mode = settings.index.file_permissions
    sidecars: dict[str, bytes] = {}
    sidecar_names: dict[str, str] = {}
    documents: list[tuple[str, str, bytes]] = []
    for original, content in files:
        name = safe_filename(original)
        if name.lower().endswith(SIDECAR_SUFFIX):
            base = _sidecar_base(name)
            sidecars.setdefault(base, content)
            sidecar_names.setdefault(base, original)
        elif Path(name).suffix.lower() not in allowed:
            types = ", ".join(UPLOAD_TYPES)
            result.errors.append((original, f"not a minutes file type (use {types})"))
        elif not content:
            result.errors.append((original, "the file is empty"))
        else:
            documents.append((original, name, content))

    placed: list[_Saved] = []
    used_sidecars: set[str] = set()
    for original, name, content in documents:
        sidecar = _sidecar_for(name, sidecars)
        used_sidecars.update(b for b in (name, _split(name)[0]) if b in sidecars)
        try:
            path, created = _place(folder, name, content, mode)
        except OSError as exc:
            result.errors.append((original, f"cannot be saved: {exc.strerror or exc}"))
            continue
        if any(p.path == path for p in placed):
            result.warnings.append(f"{original}: the same file is already in this upload")
            continue
        saved = _Saved(path, created, mode=mode)
        placed.append(saved)
        result.saved.append(path.name)
        given = unicodedata.normalize("NFC", re.split(r"[\\/]", original)[-1])
        if path.name != given:
            why = "a different file already has that name" if path.name != name else "renamed"
            result.warnings.append(f"{given}: saved as {path.name} ({why})")
        if sidecar is not None:
            _attach(saved, sidecar, result)

    for base, content in sidecars.items():  # a sidecar uploaded without its document
        if base in used_sidecars:
            continue
        targets = _existing_documents(folder, base, allowed)
        if not targets:
            result.errors.append(
                (
                    sidecar_names[base],
                    f"a metadata sidecar needs its document: upload it together with {base}",
                )
            )
        for target in targets:
            saved = _Saved(target, created=False, mode=mode)
            placed.append(saved)
            _attach(saved, content, result)

    for done, saved in enumerate(placed, 1):
        _ingest_one(saved, index_path, settings, embedder, result)
        if on_progress is not None:
            on_progress(done, len(placed), saved.path.name)
    return result


def _attach(saved: _Saved, content: bytes, result: UploadResult) -> None:
    """Write ``content`` as the sidecar of ``saved`` (its saved name + ``.meta.json``)."""
    path = saved.path.with_name(saved.path.name + SIDECAR_SUFFIX)
    try:
        before = path.read_bytes() if path.is_file() else None
        if before == content:
            return
        _write_atomic(path, content, saved.mode)
    except OSError as exc:
        result.warnings.append(f"{path.name}: cannot be saved ({exc.strerror or exc})")
        return
    saved.sidecar, saved.sidecar_before = path, before
    result.saved.append(path.name)


def _ingest_one(
    saved: _Saved, index_path: Path, settings: Settings, embedder: Embedder, result: UploadResult
) -> None:
    name = saved.path.name
    try:
        report = ingest([saved.path], index_path, settings, embedder=embedder)
    # One file's failure, whatever it is (a parser's RecursionError on a nested sidecar, say),
    # costs only that file: the app is the edge that turns it into a line.
    except Exception as exc:  # noqa: BLE001
        result.errors.append((name, _one_line(exc)))
        _undo(saved, result)
        return
    result.warnings += report.warnings
    if report.files_ingested:
        result.ingested.append(name)
    elif report.files_unchanged:
        result.unchanged.append(name)
    else:
        # Reported under the document's name; a sidecar's own problem names the sidecar.
        reasons = [
            " ".join(reason.split()) if Path(f).name == name else f"{Path(f).name}: {reason}"
            for f, reason in report.skipped
        ]
        result.errors.append((name, "; ".join(reasons) or "nothing could be read from it"))
        _undo(saved, result)


def _undo(saved: _Saved, result: UploadResult) -> None:
    try:
        saved.undo()
    except OSError as exc:
        result.warnings.append(
            f"{saved.path.name}: could not be taken back out of uploads/ ({exc.strerror or exc})"
        )
