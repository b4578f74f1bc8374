"""Helpers shared by the parsers: completing item metadata and building the parsed document."""

from __future__ import annotations

import json
from pathlib import Path

from rag.dates import format_meeting_date
from rag.models import (
    Document,
    DocumentKind,
    ItemSpan,
    PageSpan,
    ParsedDocument,
    content_hash,
    stable_id,
)
from rag.settings import CouncilSettings

from ..inference import (
    COUNCIL_WARNING_PREFIX,
    InferredMeeting,
    council_from_file_name,
    infer_meeting,
)
from ..metadata import MetadataHints, apply_hints
from .minutes import PREAMBLE_TITLE

__all__ = ["complete_items", "document_hash", "document_title", "make_parsed_document"]


def complete_items(
    items: list[ItemSpan],
    text: str,
    hints: MetadataHints | None,
    councils: CouncilSettings | None = None,
    file_name: str | None = None,
) -> tuple[list[ItemSpan], list[str]]:
    """Fill each item's metadata from the text's header and the hints; return warnings.

    Item-specific hints (title, item number) apply only when the document holds one agenda
    item; meeting-level hints (council, committee, date, URL) apply to every item. A council
    the text does not name may come from the file's name (:func:`council_from_file_name`).
    """
    inferred: InferredMeeting = infer_meeting(text, councils)
    named = council_from_file_name(file_name, councils) if file_name else None
    if "council" not in inferred and named:
        inferred["council"], inferred.setdefault("provenance", {})["council"] = named
    real = [span for span in items if not _is_preamble(span)]
    single = len(real) == 1
    completed = []
    for span in items:
        item_level = single and not _is_preamble(span)
        item = apply_hints(span.item, hints, inferred, item_level=item_level)
        completed.append(ItemSpan(item=item, start=span.start, end=span.end))
    warnings = list(inferred.get("warnings", []))
    if all(span.item.council for span in completed):
        warnings = [w for w in warnings if not w.startswith(COUNCIL_WARNING_PREFIX)]
    return completed, warnings


def _is_preamble(span: ItemSpan) -> bool:
    return span.item.title == PREAMBLE_TITLE and span.item.item_number is None


def document_hash(text: str, items: list[ItemSpan]) -> str:
    """SHA-256 of the text and the items' metadata, so edited metadata also counts as a change."""
    meta = [
        {"span": [s.start, s.end], **s.item.model_dump(mode="json", exclude={"provenance"})}
        for s in items
    ]
    return content_hash(text + "\x1e" + json.dumps(meta, sort_keys=True, ensure_ascii=False))


def document_title(items: list[ItemSpan], text: str, fallback: str) -> str:
    """One item: its title; several: 'Committee – 5 Mar 2023', the first line, or fallback."""
    real = [span.item for span in items if not _is_preamble(span)]
    if len(real) == 1 and real[0].title:
        return real[0].title
    first = real[0] if real else items[0].item
    label = format_meeting_date(first.meeting_date, first.year)
    if first.committee and label and all(i.committee == first.committee for i in real):
        return f"{first.committee} – {label}"
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 120 else fallback
    return fallback


def make_parsed_document(
    *,
    path: Path,
    source: str,
    kind: DocumentKind,
    text: str,
    items: list[ItemSpan],
    pages: list[PageSpan] | None = None,
    warnings: list[str] | None = None,
    key: object | None = None,
    title: str | None = None,
) -> ParsedDocument:
    """A :class:`ParsedDocument` with stable id (path, plus ``key`` for JSONL lines) and hash."""
    absolute = str(path.resolve())
    doc_id = stable_id(absolute) if key is None else stable_id(absolute, key)
    document = Document(
        doc_id=doc_id,
        source=source,
        path=absolute,
        kind=kind,
        content_hash=document_hash(text, items),
        title=title or document_title(items, text, path.stem),
        text=text,
        pages=pages or [],
    )
    return ParsedDocument(document=document, items=items, warnings=list(warnings or []))
