"""An on-disk HTTP cache of validators and bodies, so a re-run asks "changed since?" only.

Each URL is stored as two files named by the SHA-256 of the URL (never by a server-supplied
name): ``<key>.json`` with the validators (``ETag``, ``Last-Modified``) and a few headers, and
``<key>.body`` with the response bytes. Only responses that carry a validator are kept: without
one the server cannot answer 304, so a cached body would never be reused. Writes go through a
temporary file and ``os.replace``, so an interrupted run leaves either the old entry or the new
one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CachedResponse", "HttpCache", "atomic_write"]

_KEPT_HEADERS = ("etag", "last-modified", "content-type", "content-disposition")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a hidden temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass
class CachedResponse:
    """A stored response: its body and the headers needed to revalidate and interpret it."""

    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def validators(self) -> dict[str, str]:
        """Conditional-request headers built from the stored ``ETag``/``Last-Modified``."""
        out: dict[str, str] = {}
        if etag := self.headers.get("etag"):
            out["If-None-Match"] = etag
        if modified := self.headers.get("last-modified"):
            out["If-Modified-Since"] = modified
        return out


class HttpCache:
    """Validators and bodies of earlier responses under ``folder`` (created on first write)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> CachedResponse | None:
        """The stored response for ``url``, or None (missing or unreadable entries alike)."""
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("url") != url:
            return None
        headers = {str(k): str(v) for k, v in (meta.get("headers") or {}).items()}
        return CachedResponse(url=url, body=body, headers=headers)

    def put(self, url: str, body: bytes, headers: Mapping[str, str]) -> bool:
        """Store a 200 response if it has a validator; True when stored."""
        kept = {name: headers[name] for name in _KEPT_HEADERS if headers.get(name)}
        if "etag" not in kept and "last-modified" not in kept:
            return False
        meta_path, body_path = self._paths(url)
        atomic_write(body_path, body)  # body first: a meta file always has its body
        atomic_write(meta_path, json.dumps({"url": url, "headers": kept}).encode("utf-8"))
        return True
