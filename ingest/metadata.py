"""Meeting metadata from outside the text (``.meta.json`` sidecars, ``manifest.csv``) and from it.

Precedence when filling an :class:`~rag.models.AgendaItem`: sidecar > manifest.csv > what the
document's own words say (ModernGov meeting line, minutes header, council names). A hint that is
absent never erases a value read from the text, and every value's origin is recorded in
``AgendaItem.provenance``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from rag.dates import find_date
from rag.errors import InputError
from rag.models import AgendaItem
from rag.text import printable

from .inference import InferredMeeting

__all__ = [
    "ITEM_FIELDS",
    "MANIFEST_NAME",
    "META_FIELDS",
    "SIDECAR_SUFFIX",
    "MetadataHints",
    "apply_hints",
    "hints_for",
    "hints_from_mapping",
    "is_metadata_file",
    "load_folder_manifest",
    "load_sidecar",
    "manifest_key",
    "merge_hints",
    "read_folder_manifest",
    "sidecar_paths",
]

MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIX = ".meta.json"
META_FIELDS = ("council", "committee", "meeting_date", "year", "item_number", "title", "url")
"""Fields a hint can set on an agenda item."""
ITEM_FIELDS = frozenset({"item_number", "title"})
"""Fields that describe one agenda item (not the whole meeting/document)."""

_ALIASES = {
    "date": "meeting_date",
    "meeting": "meeting_date",
    "item": "item_number",
    "number": "item_number",
    "item_no": "item_number",
    "item_title": "title",
    "link": "url",
}


class MetadataHints(BaseModel):
    """Metadata given for a file by a sidecar or a manifest row (``None`` = not given)."""

    council: str | None = None
    committee: str | None = None
    meeting_date: date | None = None
    year: int | None = None
    item_number: str | None = None
    title: str | None = None
    url: str | None = None
    source: str = Field("sidecar", description="'sidecar' or 'manifest.csv'.")
    field_sources: dict[str, str] = Field(
        default_factory=dict, description="Per-field origin when hints were merged."
    )

    def model_post_init(self, __context: object) -> None:
        if self.meeting_date is not None and self.year is None:
            self.year = self.meeting_date.year

    def source_of(self, field: str) -> str:
        """Where the value of ``field`` came from."""
        return self.field_sources.get(field, self.source)

    def given(self) -> dict[str, Any]:
        """The metadata fields that have a value."""
        return {f: getattr(self, f) for f in META_FIELDS if getattr(self, f) is not None}


def _key(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return _ALIASES.get(key, key)


_SURROGATES = re.compile("[\ud800-\udfff]")  # a JSON "\\ud800" escape: not encodable text


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Control characters str.split() reads as whitespace (\x0b, \x0c, \x1c-\x1f, \x85) become
    # spaces first; then whole escape sequences and every other control character go.
    spaced = " ".join(_SURROGATES.sub("\ufffd", str(value)).split())
    text = " ".join(printable(spaced).split())
    return text or None


def _date_or_year(value: object) -> tuple[date | None, int | None]:
    """Read a meeting date given as ISO, DD/MM/YYYY, a written date, or a year only."""
    if value is None or value == "":
        return None, None
    if isinstance(value, int) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            return None, value
        raise ValueError(f"meeting_date {value!r} is not a year")
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return None, int(text)
    try:
        return datetime.fromisoformat(text).date(), None
    except ValueError:
        pass
    found = find_date(text)
    if found is None or found[1].strip() != text.strip(" ,."):
        raise ValueError(
            f"meeting_date {text!r} is not a date (use YYYY-MM-DD, DD/MM/YYYY or a year)"
        )
    return found[0], None


def hints_from_mapping(data: Mapping[str, object], source: str) -> MetadataHints:
    """Build hints from a JSON object or CSV row; unknown keys are ignored.

    Raises ``ValueError`` with a short reason for values that cannot be used.
    """
    values: dict[str, object] = {}
    for raw_key, value in data.items():
        key = _key(str(raw_key))
        if key in META_FIELDS and key not in values:
            values[key] = value
    meeting_date, year = _date_or_year(values.get("meeting_date"))
    raw_year = values.get("year")
    if raw_year not in (None, ""):
        text = str(raw_year).strip()
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(f"year {raw_year!r} is not a year")
        year = int(text)
    if meeting_date is not None and year is not None and meeting_date.year != year:
        raise ValueError(f"year {year} contradicts meeting_date {meeting_date.isoformat()}")
    return MetadataHints(
        council=_text(values.get("council")),
        committee=_text(values.get("committee")),
        meeting_date=meeting_date,
        year=year,
        item_number=_text(values.get("item_number")),
        title=_text(values.get("title")),
        url=_text(values.get("url")),
        source=source,
    )


def sidecar_paths(path: Path) -> list[Path]:
    """Candidate sidecars of ``path``: ``name.txt.meta.json`` first, then ``name.meta.json``."""
    return [
        path.with_name(path.name + SIDECAR_SUFFIX),
        path.with_name(path.stem + SIDECAR_SUFFIX),
    ]


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False when the name cannot even be looked up: a sidecar name is the
    file's name plus ``.meta.json``, over the 255-byte limit for a long file name."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


_MAX_SIDECAR_BYTES = 1_000_000
"""Largest sidecar read: one metadata object is a few hundred bytes."""


def load_sidecar(path: Path) -> MetadataHints | None:
    """Hints from the ``.meta.json`` sidecar beside ``path``, or None when there is none.

    Raises :class:`InputError` (naming the sidecar) when it is not a valid metadata object;
    nothing else escapes, whatever the sidecar holds (nesting, huge numbers, binary data).
    """
    for candidate in sidecar_paths(path):
        if candidate == path or not _is_file(candidate):
            continue
        try:
            with candidate.open("rb") as handle:
                raw = handle.read(_MAX_SIDECAR_BYTES + 1)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise InputError(
                candidate, f"invalid metadata sidecar: cannot read ({reason})"
            ) from exc
        if len(raw) > _MAX_SIDECAR_BYTES:
            raise InputError(candidate, "invalid metadata sidecar: larger than 1 MB")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except RecursionError as exc:
            raise InputError(candidate, "invalid metadata sidecar: nested too deeply") from exc
        except ValueError as exc:  # JSON and UTF-8 errors, integers over Python's digit limit
            reason = " ".join(str(exc).split())[:200]
            raise InputError(candidate, f"invalid metadata sidecar: {reason}") from exc
        if not isinstance(data, dict):
            raise InputError(candidate, "invalid metadata sidecar: expected a JSON object")
        try:
            return hints_from_mapping(data, "sidecar")
        except ValueError as exc:
            raise InputError(candidate, f"invalid metadata sidecar: {exc}") from exc
    return None


def manifest_key(relative: str | Path) -> str:
    """Normalised manifest key of a path relative to the folder ('./a\\b.txt' → 'a/b.txt')."""
    text = str(relative).replace("\\", "/").strip()
    while text.startswith("./"):
        text = text[2:]
    return text


def load_folder_manifest(folder: Path) -> dict[str, MetadataHints]:
    """Hints per file from ``folder/manifest.csv`` (keys: paths relative to ``folder``).

    Columns: file, council, committee, meeting_date, item_number, title, url (others ignored).
    Strict: raises :class:`InputError` naming the manifest and row for the first unusable
    content. Ingest uses :func:`read_folder_manifest`, which skips a bad row instead.
    """
    hints, problems = read_folder_manifest(folder)
    if problems:
        raise InputError(folder / MANIFEST_NAME, problems[0])
    return hints


_MAX_PROBLEMS = 20  # bad rows named one by one; the rest are counted


def read_folder_manifest(folder: Path) -> tuple[dict[str, MetadataHints], list[str]]:
    """Hints per file from ``folder/manifest.csv``, and what was wrong with it.

    A bad row (unusable date, NUL byte, broken quoting) is left out and named in the problems
    ("invalid manifest.csv row 3: ..."), so it costs only its own file's hints; a manifest that
    cannot be read at all (undecodable, no ``file`` column) gives no hints and one problem.
    """
    manifest = folder / MANIFEST_NAME
    if not _is_file(manifest):
        return {}, []
    hints: dict[str, MetadataHints] = {}
    problems: list[str] = []
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None:
                return {}, []
            if "file" not in {_key(str(k)) for k in reader.fieldnames}:
                return {}, ["invalid manifest.csv: no 'file' column"]
            failed_at = -1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    if reader.line_num == failed_at:
                        break  # the reader did not move past the bad line: stop, not loop
                    failed_at = reader.line_num
                    problems.append(f"invalid manifest.csv row {reader.line_num}: {exc}")
                    continue
                problem = _manifest_row(row, reader.line_num, hints)
                if problem:
                    problems.append(problem)
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        reason = " ".join(str(exc).split())[:200]
        return {}, [f"invalid manifest.csv: {reason}"]
    if len(problems) > _MAX_PROBLEMS:
        more = len(problems) - _MAX_PROBLEMS
        problems = [*problems[:_MAX_PROBLEMS], f"invalid manifest.csv: {more} more bad rows"]
    return hints, problems


def _manifest_row(
    row: Mapping[str | None, object], line: int, hints: dict[str, MetadataHints]
) -> str | None:
    """Add one manifest row to ``hints``; return what is wrong with it, if anything."""
    fields = {_key(k): v for k, v in row.items() if isinstance(k, str)}
    raw_name = fields.pop("file", None)
    name = manifest_key(raw_name if isinstance(raw_name, str) else "")
    if not name:
        return None
    if "\x00" in name or any("\x00" in str(v) for v in fields.values()):
        return f"invalid manifest.csv row {line}: holds a NUL byte"
    try:
        hints[name] = hints_from_mapping(fields, MANIFEST_NAME)
    except ValueError as exc:
        return f"invalid manifest.csv row {line}: {exc}"
    return None


def merge_hints(
    primary: MetadataHints | None, fallback: MetadataHints | None
) -> MetadataHints | None:
    """Field-by-field merge: ``primary``'s values win; per-field origins are kept."""
    if primary is None or fallback is None:
        return primary or fallback
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for field in META_FIELDS:
        for hints in (primary, fallback):
            value = getattr(hints, field)
            if value is not None:
                merged[field] = value
                sources[field] = hints.source_of(field)
                break
    if "meeting_date" in merged and sources.get("year") != sources["meeting_date"]:
        merged["year"] = merged["meeting_date"].year
        sources["year"] = sources["meeting_date"]
    return MetadataHints(**merged, source=primary.source, field_sources=sources)


def hints_for(
    path: Path, folder: Path | None = None, manifest: Mapping[str, MetadataHints] | None = None
) -> MetadataHints | None:
    """All hints for ``path``: its sidecar merged over its ``manifest.csv`` row (if any)."""
    row: MetadataHints | None = None
    if manifest and folder is not None:
        try:
            row = manifest.get(manifest_key(path.relative_to(folder).as_posix()))
        except ValueError:
            row = None
    return merge_hints(load_sidecar(path), row)


def is_metadata_file(path: Path) -> bool:
    """True for ``*.meta.json`` sidecars and ``manifest.csv`` (not documents to ingest)."""
    name = path.name.lower()
    return name.endswith(SIDECAR_SUFFIX) or name == MANIFEST_NAME


def apply_hints(
    item: AgendaItem,
    hints: MetadataHints | None,
    inferred: InferredMeeting | Mapping[str, Any] | None = None,
    *,
    item_level: bool = True,
) -> AgendaItem:
    """A copy of ``item`` completed from text inference, then overridden by hints.

    Values already on ``item`` (read by a parser, e.g. from a ModernGov meeting line) are kept
    unless a hint gives another value; inferred values only fill gaps; hints win over both but
    a missing hint never clears anything. With ``item_level=False`` (one item among several in
    a document) item-specific values (``item_number``, ``title``) are neither hinted nor
    inferred. A hinted year that contradicts the text's date drops that date.
    """
    data = item.model_dump()
    prov = dict(item.provenance)
    inferred = inferred or {}
    inferred_prov: Mapping[str, str] = inferred.get("provenance") or {}
    for field in ("council", "committee", "meeting_date", "item_number"):
        if field in ITEM_FIELDS and not item_level:
            continue
        value = inferred.get(field)
        if value is not None and data.get(field) in (None, ""):
            data[field] = value
            prov[field] = inferred_prov.get(field, "text")
    if hints is not None:
        for field, value in hints.given().items():
            if field in ITEM_FIELDS and not item_level:
                continue
            if data.get(field) == value and field in prov:
                continue  # the hint agrees with the text: keep the quoted words as evidence
            data[field] = value
            prov[field] = hints.source_of(field)
        if hints.year is not None and hints.meeting_date is None:
            current = data.get("meeting_date")
            if isinstance(current, date) and current.year != hints.year:
                data["meeting_date"] = None  # the hinted year contradicts the text's date
                prov.pop("meeting_date", None)
    if isinstance(data.get("meeting_date"), date):
        meeting_date: date = data["meeting_date"]  # the year always follows the full date
        data["year"] = meeting_date.year
        prov["year"] = prov.get("meeting_date", "text")
    data["provenance"] = {k: v for k, v in prov.items() if data.get(k) not in (None, "")}
    return AgendaItem.model_validate(data)
