"""The output folder of ``minutes fetch``: safe names, files with sidecars, resumable state.

Layout (what ``minutes ingest OUT`` reads; hidden entries are ignored by ingestion)::

    OUT/
      .fetch-state.json                   URL → file written, with its SHA-256 (resume, re-runs)
      .cache/                             HTTP validators and bodies (see cache.py)
      <committee-slug>/<YYYY-MM-DD>/
        <item-number>-<title-slug>.html             the agenda-item page (mgAi.aspx)
        <item-number>-<title-slug>.html.meta.json   council, committee, meeting_date, year,
                                                    item_number, title, url (the mgAi link)
        <item-number>-<server file name>.pdf        a supporting document of that item
        <item-number>-<server file name>.pdf.meta.json   the same item; url = the PDF's URL,
                                                    item_url = the mgAi link

Every name derived from the server (committee and item titles, ``Content-Disposition``, URL
paths) goes through :func:`slug` or :func:`safe_filename`, which keep only a plain basename, so
``../../etc/passwd.pdf``, ``..\\x.pdf``, absolute paths and NUL bytes cannot leave ``OUT``; and
:meth:`OutputFolder.claim` checks the resolved path once more before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rag.errors import DownloadSkipped

from .cache import atomic_write

__all__ = ["STATE_NAME", "OutputFolder", "safe_filename", "server_filename", "slug"]

STATE_NAME = ".fetch-state.json"
_STATE_VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str, max_len: int = 60, default: str = "untitled") -> str:
    """'Children's Services 2023/24' → 'children-s-services-2023-24' (ASCII, no dots)."""
    words = re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")
    return words[:max_len].rstrip("-") or default


def safe_filename(name: str, default: str = "document", max_len: int = 100) -> str:
    """A plain basename from a server-supplied name: the last path component (``/`` and ``\\``
    both count), control characters and leading dots dropped, other odd characters replaced,
    length capped with the extension kept."""
    name = "".join(ch for ch in name if ch.isprintable())
    base = re.split(r"[/\\]", name)[-1]
    base = _UNSAFE.sub("-", _ascii(base)).strip("-. ")
    base = re.sub(r"-{2,}", "-", base)
    if not base:
        return default
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or len(ext) > 8:
        stem, ext = base, ""
    ext = f".{ext.lower()}" if ext else ""
    return (stem[: max_len - len(ext)].rstrip("-.") or default) + ext


def server_filename(content_disposition: str | None, url: str) -> str:
    """The file name a server gives: ``Content-Disposition`` (``filename*``/``filename``),
    else the last segment of the URL path (percent-decoded). Unsanitised; may be ''."""
    if content_disposition:
        message = Message()
        message["content-disposition"] = content_disposition
        name = message.get_filename()
        if name:
            return name
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class OutputFolder:
    """Writes under ``root`` and remembers, in ``.fetch-state.json``, what each URL became."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._resolved = self.root.resolve()
        self.state_path = root / STATE_NAME
        self._saved = ""
        self.files: dict[str, dict[str, str]] = self._load()
        self._owners = {entry["path"]: url for url, entry in self.files.items()}

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no state (first run) or an unreadable one: start afresh, files stay
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            return {}
        self._saved = json.dumps(data, indent=1, sort_keys=True)
        return {
            str(url): {str(k): str(v) for k, v in entry.items()}
            for url, entry in files.items()
            if isinstance(entry, dict) and isinstance(entry.get("path"), str)
        }

    def save(self) -> None:
        """Write the state if it changed since it was last read or written."""
        payload = {"version": _STATE_VERSION, "files": self.files}
        text = json.dumps(payload, indent=1, sort_keys=True)
        if text != self._saved:
            atomic_write(self.state_path, text.encode("utf-8"))
            self._saved = text

    def meeting_folder(self, committee: str, meeting_date: str | None, meeting_id: str) -> Path:
        return self.root / slug(committee) / (meeting_date or f"meeting-{slug(meeting_id)}")

    # -- paths -------------------------------------------------------------------------------
    def _relative(self, path: Path) -> str:
        resolved = path.resolve()
        if not resolved.is_relative_to(self._resolved) or resolved == self._resolved:
            raise DownloadSkipped(str(path), "file name would leave the output folder")
        return resolved.relative_to(self._resolved).as_posix()

    def claim(self, url: str, folder: Path, name: str) -> Path:
        """The path for ``url``: the one it had before, else ``folder/name`` made unique
        (``-<hash>`` added when another URL already owns that name in this folder's state)."""
        previous = self.files.get(url)
        if previous is not None:
            path = self.root / previous["path"]
            self._relative(path)  # a state file edited by hand must not point outside either
            return path
        path = folder / safe_filename(name)
        rel = self._relative(path)
        if self._owners.get(rel, url) != url:
            tag = hashlib.sha1(url.encode()).hexdigest()[:8]
            path = path.with_name(f"{path.stem}-{tag}{path.suffix}")
            rel = self._relative(path)
        self._owners[rel] = url
        return path

    def done(self, url: str) -> Path | None:
        """The file ``url`` was written to, if it was and is still there."""
        entry = self.files.get(url)
        if entry is None:
            return None
        path = self.root / entry["path"]
        return path if path.is_file() else None

    def unchanged(self, url: str, body: bytes) -> bool:
        """True when ``url`` was written with exactly ``body`` and the file is still there."""
        entry = self.files.get(url)
        return entry is not None and entry.get("sha256") == _digest(body) and bool(self.done(url))

    # -- writing -----------------------------------------------------------------------------
    def record(self, url: str, path: Path, body: bytes | None = None) -> None:
        """Remember that ``url`` is complete at ``path`` (hashing the file if no body given)."""
        data = body if body is not None else path.read_bytes()
        self.files[url] = {"path": self._relative(path), "sha256": _digest(data)}
        self.save()

    def write(self, url: str, path: Path, body: bytes) -> None:
        self._relative(path)
        atomic_write(path, body)
        self.record(url, path, body)

    def write_sidecar(self, path: Path, meta: dict[str, Any]) -> None:
        """``<file>.meta.json`` in the format :mod:`ingest.metadata` reads."""
        sidecar = path.with_name(path.name + ".meta.json")
        self._relative(sidecar)
        text = json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
        if not sidecar.is_file() or sidecar.read_text(encoding="utf-8") != text:
            atomic_write(sidecar, text.encode("utf-8"))
