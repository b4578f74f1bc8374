"""JSON Lines: one agenda item per line, each becoming its own document.

A line is an object with ``council``, ``committee``, ``meeting_date``, ``item_number``,
``title``, ``text``, ``url`` and optionally ``id`` and ``documents`` (a list of
``{title?, url?, text?, page?}``). The document text is the item text followed by each attached
document's text (under its title); the item's span covers all of it. Bad lines are reported as
``"file.jsonl:LINE: reason"`` warnings and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from rag.errors import InputError
from rag.models import AgendaItem, DocumentKind, ItemSpan, PageSpan, ParsedDocument
from rag.settings import CouncilSettings

from ..metadata import MetadataHints, hints_from_mapping, merge_hints
from ..textio import normalise_text, read_text
from .common import complete_items, make_parsed_document

__all__ = ["JSONL_SOURCE", "parse_jsonl"]

JSONL_SOURCE = "jsonl"
_SEPARATOR = "\n\n"


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
        heading = f"{' '.join(str(doc_title).split())}\n\n" if doc_title else ""
        start, end = add(heading + normalise_text(doc_text).strip())
        page = doc.get("page")
        if isinstance(page, int) and not isinstance(page, bool) and page > 0:
            pages.append(PageSpan(page=page, start=start, end=end))
        else:
            all_paged = False
    return "".join(parts), pages if all_paged else []


def parse_jsonl(
    path: Path,
    source: str,
    hints: MetadataHints | None = None,
    councils: CouncilSettings | None = None,
) -> tuple[list[ParsedDocument], list[str]]:
    """One :class:`ParsedDocument` per valid line, and file-level warnings (skipped lines).

    Warnings about a line that was kept are in its ``ParsedDocument.warnings``.

    Values on a line win over file-level ``hints`` (sidecar/manifest), which win over what the
    text says. Raises :class:`InputError` when no line is usable.
    """
    text, warnings = read_text(path, normalise=False)
    documents: list[ParsedDocument] = []
    seen: set[str] = set()
    bad = 0
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{where}: invalid JSON ({exc.msg})")
            bad += 1
            continue
        if not isinstance(obj, dict):
            warnings.append(f"{where}: not a JSON object")
            bad += 1
            continue
        line_warnings: list[str] = []
        line_hints = _line_hints(obj, where, line_warnings)
        body, pages = _compose(obj, where, line_warnings)
        if not body and not line_hints.title:
            warnings.extend(line_warnings)
            warnings.append(f"{where}: no text or title")
            bad += 1
            continue
        body = body or (line_hints.title or "")
        key = str(obj["id"]) if obj.get("id") not in (None, "") else str(number)
        if key in seen:
            line_warnings.append(f"{where}: duplicate id '{key}'; using the line number")
            key = f"line {number}"
        seen.add(key)
        spans = [ItemSpan(item=AgendaItem(), start=0, end=len(body))]
        spans, inferred_warnings = complete_items(
            spans, body, merge_hints(line_hints, hints), councils
        )
        line_warnings.extend(f"{where}: {w}" for w in inferred_warnings)
        documents.append(
            make_parsed_document(
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
        )
    if not documents:
        raise InputError(path, f"no valid agenda items in JSONL ({bad} bad lines)")
    return documents, warnings
