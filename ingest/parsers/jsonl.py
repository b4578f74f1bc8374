"""JSON Lines: one agenda item per line, each becoming its own document.

A line is an object with ``council``, ``committee``, ``meeting_date``, ``item_number``,
``title``, ``text``, ``url`` and optionally ``id`` and ``documents`` (a list of
``{title?, url?, text?, page?}``). The document text is the item text followed by each attached
document's text (under its title); the item's span covers all of it. Bad lines are reported as
``"file.jsonl:LINE: reason"`` warnings and skipped; a bad value (an unusable date, a page that is
not a page number) is dropped with a warning and the rest of its line kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from rag.errors import InputError
from rag.models import AgendaItem, DocumentKind, ItemSpan, PageSpan, ParsedDocument
from rag.settings import CouncilSettings

from ..metadata import MetadataHints, hints_from_mapping, merge_hints
from ..textio import normalise_text, read_text
from .common import complete_items, make_parsed_document

__all__ = ["JSONL_SOURCE", "MAX_LINE_WARNINGS", "MAX_PAGE", "parse_jsonl"]

JSONL_SOURCE = "jsonl"
MAX_LINE_WARNINGS = 20
"""Skipped lines named one by one in the warnings; further ones are only counted."""
MAX_PAGE = 100_000
"""Largest page number accepted on a line's document (a bigger one is not a page)."""
_SEPARATOR = "\n\n"
_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _line_hints(obj: Mapping[str, object], where: str, warnings: list[str]) -> MetadataHints:
    """Metadata of one line; an unusable date is dropped with a warning, not the whole line."""
    try:
        return hints_from_mapping(obj, JSONL_SOURCE)
    except ValueError as exc:
        warnings.append(f"{where}: {exc}; date ignored")
        rest = {k: v for k, v in obj.items() if k not in ("meeting_date", "date", "year")}
        return hints_from_mapping(rest, JSONL_SOURCE)


def _compose(
    obj: Mapping[str, object], where: str, warnings: list[str]
) -> tuple[str, list[PageSpan]]:
    """Item text followed by its documents' texts; page spans when every document has a page."""
    parts: list[str] = []
    offset = 0
    pages: list[PageSpan] = []
    all_paged = True

    def add(piece: str) -> tuple[int, int]:
        nonlocal offset
        if parts:
            parts.append(_SEPARATOR)
            offset += len(_SEPARATOR)
        parts.append(piece)
        start, offset = offset, offset + len(piece)
        return start, offset

    body = obj.get("text")
    if isinstance(body, str) and body.strip():
        add(normalise_text(body).strip())
    documents = obj.get("documents")
    if documents is not None and not isinstance(documents, list):
        warnings.append(f"{where}: 'documents' is not a list; ignored")
        documents = []
    for index, doc in enumerate(documents or [], start=1):
        if not isinstance(doc, dict):
            warnings.append(f"{where}: document {index} is not an object; ignored")
            continue
        doc_text = doc.get("text")
        if not isinstance(doc_text, str) or not doc_text.strip():
            continue
        doc_title = doc.get("title")
        heading = f"{' '.join(normalise_text(str(doc_title)).split())}\n\n" if doc_title else ""
        start, end = add(heading + normalise_text(doc_text).strip())
        page = doc.get("page")
        if isinstance(page, int) and not isinstance(page, bool) and 0 < page <= MAX_PAGE:
            pages.append(PageSpan(page=page, start=start, end=end))
        else:
            if page is not None:
                shown = str(page) if len(str(page)) <= 20 else str(page)[:19] + "…"
                warnings.append(f"{where}: document {index} page {shown} is not a page number")
            all_paged = False
    return "".join(parts), pages if all_paged else []


def _scrub(obj: dict[str, object]) -> dict[str, object]:
    """The line's object with lone surrogates (``"\\ud800"`` escapes, valid JSON but not
    encodable text) replaced by U+FFFD."""
    dumped = json.dumps(obj, ensure_ascii=False)
    fixed = dumped.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    loaded: dict[str, object] = json.loads(fixed)
    return loaded


def _load_line(line: str) -> tuple[dict[str, object] | None, str]:
    """(the line's object, "") or (None, why the line is skipped). Never raises."""
    if "\x00" in line:
        return None, "holds a NUL byte (damaged line)"
    try:
        obj = json.loads(line)
    except RecursionError:
        return None, "invalid JSON (nested too deeply)"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON ({exc.msg})"
    except ValueError as exc:  # e.g. an integer over Python's digit limit
        return None, f"invalid JSON ({' '.join(str(exc).split())[:120]})"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    if _LONE_SURROGATE.search(line):
        try:
            obj = _scrub(obj)
        except (ValueError, RecursionError):
            return None, "invalid text escapes"
    return obj, ""


def _document(
    obj: dict[str, object],
    number: int,
    path: Path,
    source: str,
    hints: MetadataHints | None,
    councils: CouncilSettings | None,
    seen: set[str],
) -> tuple[ParsedDocument | None, list[str]]:
    """The line's document (or None when it has neither text nor title) and its warnings."""
    where = f"{path.name}:{number}"
    line_warnings: list[str] = []
    line_hints = _line_hints(obj, where, line_warnings)
    body, pages = _compose(obj, where, line_warnings)
    if not body and not line_hints.title:
        return None, line_warnings
    body = body or (line_hints.title or "")
    key = str(obj["id"]) if obj.get("id") not in (None, "") else str(number)
    if key in seen:
        line_warnings.append(f"{where}: duplicate id '{key}'; using the line number")
        key = f"line {number}"
    seen.add(key)
    spans = [ItemSpan(item=AgendaItem(), start=0, end=len(body))]
    spans, inferred_warnings = complete_items(spans, body, merge_hints(line_hints, hints), councils)
    line_warnings.extend(f"{where}: {w}" for w in inferred_warnings)
    document = make_parsed_document(
        path=path,
        source=source,
        kind=DocumentKind.JSONL,
        text=body,
        items=spans,
        pages=pages,
        warnings=line_warnings,
        key=key,
        title=spans[0].item.title or f"{path.stem} line {number}",
    )
    return document, line_warnings


def parse_jsonl(
    path: Path,
    source: str,
    hints: MetadataHints | None = None,
    councils: CouncilSettings | None = None,
) -> tuple[list[ParsedDocument], list[str]]:
    """One :class:`ParsedDocument` per valid line, and file-level warnings (skipped lines).

    Warnings about a line that was kept are in its ``ParsedDocument.warnings``.

    Values on a line win over file-level ``hints`` (sidecar/manifest), which win over what the
    text says. A bad line (invalid or too deeply nested JSON, a NUL byte, anything that fails
    while reading it) is skipped with a ``"file.jsonl:LINE: reason"`` warning; the first
    :data:`MAX_LINE_WARNINGS` are named, the rest counted. Raises :class:`InputError` when no
    line is usable.
    """
    text, warnings = read_text(path, normalise=False, nul_ok=True)
    documents: list[ParsedDocument] = []
    seen: set[str] = set()
    bad = 0

    def skip_line(where: str, reason: str) -> None:
        nonlocal bad
        bad += 1
        if bad <= MAX_LINE_WARNINGS:
            warnings.append(f"{where}: {reason}; line skipped")

    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        obj, problem = _load_line(line)
        if obj is None:
            skip_line(where, problem)
            continue
        try:
            document, line_warnings = _document(obj, number, path, source, hints, councils, seen)
        except Exception as exc:  # noqa: BLE001 - one odd line must not cost the others
            skip_line(where, f"could not be read ({type(exc).__name__})")
            continue
        if document is None:
            warnings.extend(line_warnings)
            skip_line(where, "no text or title")
            continue
        documents.append(document)
    if bad > MAX_LINE_WARNINGS:
        warnings.append(f"{path.name}: {bad - MAX_LINE_WARNINGS} more bad lines skipped")
    if not documents:
        raise InputError(path, f"no valid agenda items in JSONL ({bad} bad lines)")
    return documents, warnings
