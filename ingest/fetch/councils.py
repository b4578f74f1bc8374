"""Which site to fetch: ``--site URL`` checked and trimmed, or ``--council NAME`` looked up in a
user-supplied CSV of councils (columns ``code, official_name, common_name, territory, cms_type,
base_url``, the shape of Democracy Club's list of UK councils).

Only http(s) sites are accepted, so a mistyped ``file:`` or ``ftp:`` address is refused before
any request. A pasted page address (``…/mgListCommittees.aspx``, ``…/mgWebService.asmx/…``)
is trimmed to the folder that holds ModernGov's pages, which is what every URL is built from.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from rag.errors import ConfigError

from .client import http_url

__all__ = ["CouncilRow", "council_for_site", "find_council", "normalise_site", "read_councils"]

_COLUMNS = ("code", "official_name", "common_name", "cms_type", "base_url")
_PAGE = re.compile(r"/[^/]+\.(?:aspx|asmx|html?)(?:/.*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class CouncilRow:
    code: str
    official_name: str
    common_name: str
    cms_type: str
    base_url: str


def normalise_site(url: str) -> str:
    """``https://host[/path]`` without query, fragment, page name or trailing slash.

    Raises :class:`ConfigError` for anything that is not an absolute http(s) URL.
    """
    url = url.strip()
    if not http_url(url):
        raise ConfigError(
            f"not an http(s) URL: '{url}' (give the ModernGov site's address, e.g. "
            "https://democracy.example.gov.uk)"
        )
    parts = urlsplit(url)
    path = _PAGE.sub("", parts.path).rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def read_councils(path: Path) -> list[CouncilRow]:
    """Rows of a councils CSV; raises :class:`ConfigError` when it cannot be used."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"cannot read the councils CSV {path}: {exc}") from exc
    if not rows or "base_url" not in rows[0]:
        raise ConfigError(f"{path} has no base_url column (expected {', '.join(_COLUMNS)})")
    return [
        CouncilRow(*(" ".join((row.get(col) or "").split()) for col in _COLUMNS))
        for row in rows
        if (row.get("base_url") or "").strip()
    ]


def find_council(name: str, path: Path) -> CouncilRow:
    """The row whose code, official or common name is ``name`` (case-insensitive), else the
    only row containing it. Raises :class:`ConfigError` for none, several, or a non-ModernGov
    council."""
    rows = read_councils(path)
    wanted = " ".join(name.split()).lower()
    exact = [
        r
        for r in rows
        if wanted in {r.code.lower(), r.official_name.lower(), r.common_name.lower()}
    ]
    matches = exact or [
        r for r in rows if wanted in r.official_name.lower() or wanted in r.common_name.lower()
    ]
    if not matches:
        raise ConfigError(f"no council called '{name}' in {path}")
    if len(matches) > 1:
        names = ", ".join(r.common_name or r.official_name for r in matches[:6])
        more = " …" if len(matches) > 6 else ""
        raise ConfigError(f"several councils match '{name}' in {path}: {names}{more}")
    row = matches[0]
    if row.cms_type and "moderngov" not in row.cms_type.replace(" ", "").lower():
        raise ConfigError(f"{row.official_name} publishes with {row.cms_type}, not ModernGov")
    return row


def council_for_site(site: str, path: Path) -> str | None:
    """The common name of the council whose base URL is ``site`` (scheme ignored), if listed."""
    key = normalise_site(site).split("://", 1)[1]
    for row in read_councils(path):
        try:
            if normalise_site(row.base_url).split("://", 1)[1] == key:
                return row.common_name or row.official_name
        except ConfigError:
            continue
    return None
