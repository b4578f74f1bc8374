"""File → parsed documents: pick the parser by extension and complete the items' metadata.

=================  ==============================================================
``.txt .md``       ModernGov agenda-item page if it looks like one, else minutes
``.html .htm``     visible text (ModernGov content area), then as above
``.pdf``           text with page spans; one REPORT item when hints name the agenda
                   item (a supporting report), minutes split when it reads as minutes
``.jsonl``         one document per line
=================  ==============================================================

Every error is an :class:`~rag.errors.InputError` naming the file; warnings are collected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import EmptyFileError, UnsupportedFileError
from rag.models import AgendaItem, DocumentKind, ItemSpan, PageSpan, ParsedDocument
from rag.settings import CouncilSettings

from ..html import html_to_text
from ..metadata import MetadataHints, load_sidecar
from ..textio import read_text
from .common import complete_items, make_parsed_document
from .jsonl import parse_jsonl
from .minutes import PREAMBLE_TITLE, split_minutes
from .moderngov import looks_like_agenda_item_page, parse_agenda_item_page
from .pdf import PageOcr, extract_pdf

__all__ = [
    "HTML_EXTENSIONS",
    "SUPPORTED_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "PageOcr",
    "ParsedFile",
    "parse_file",
]

TEXT_EXTENSIONS = frozenset({".txt", ".md", ".text", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | {".pdf", ".jsonl"}

_MINUTES_WORDS = re.compile(r"\bminutes\b|\bRESOLVED\b|\bpresent\s*:", re.IGNORECASE)


@dataclass
class ParsedFile:
    """Everything parsed from one file.

    ``warnings`` are about the file as a whole (encoding, skipped JSONL lines, blank PDF pages);
    warnings about one document (e.g. several councils named) are in that
    ``ParsedDocument.warnings`` only, so each warning is reported once.
    """

    documents: list[ParsedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _whole(text: str, title: str) -> list[ItemSpan]:
    """The whole text as one item (surrounding whitespace left out of the span)."""
    start = len(text) - len(text.lstrip())
    end = max(start, len(text.rstrip()))
    return [ItemSpan(item=AgendaItem(title=title), start=start, end=end)]


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 120 else ""
    return ""


def _split_text(text: str, stem: str) -> tuple[DocumentKind, list[ItemSpan]]:
    if looks_like_agenda_item_page(text):
        return DocumentKind.AGENDA_ITEM_PAGE, parse_agenda_item_page(text)
    return DocumentKind.MINUTES, split_minutes(text, fallback_title=stem)


def _split_pdf(
    text: str, stem: str, hints: MetadataHints | None
) -> tuple[DocumentKind, list[ItemSpan]]:
    if hints is not None and (hints.title or hints.item_number):
        # A supporting report of one agenda item: the whole PDF is that item.
        return DocumentKind.REPORT, _whole(text, hints.title or _first_line(text) or stem)
    if looks_like_agenda_item_page(text):
        return DocumentKind.AGENDA_ITEM_PAGE, parse_agenda_item_page(text)
    if _MINUTES_WORDS.search(text[:2000]):
        return DocumentKind.MINUTES, split_minutes(text, fallback_title=stem)
    # Neither minutes nor a ModernGov page: a report whose numbered sections are not items.
    return DocumentKind.REPORT, _whole(text, _first_line(text) or stem)


def parse_file(
    path: Path,
    source: str,
    hints: MetadataHints | None = None,
    councils: CouncilSettings | None = None,
    ocr: PageOcr | None = None,
) -> ParsedFile:
    """Parse one file into documents with agenda items and their metadata.

    ``source`` is the path relative to the ingested folder (stored as ``Document.source``).
    ``hints`` come from the sidecar/manifest (see :func:`ingest.metadata.hints_for`); when
    None, a ``.meta.json`` sidecar beside the file is loaded if present. Precedence: hints >
    the text's own words; ``councils`` names the council registers (default: the environment's
    settings). ``ocr`` reads PDF pages that have no usable text layer (:mod:`ingest.ocr`).
    Raises an :class:`~rag.errors.InputError` subclass naming the file.
    """
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or path.name
        raise UnsupportedFileError(path, f"unsupported file type '{shown}'")
    if hints is None:
        hints = load_sidecar(path)
    if ext == ".jsonl":
        documents, jsonl_warnings = parse_jsonl(path, source, hints, councils)
        return ParsedFile(documents=documents, warnings=jsonl_warnings)

    pages: list[PageSpan] = []
    warnings: list[str] = []
    if ext == ".pdf":
        text, pages = extract_pdf(path, warnings=warnings, ocr=ocr)
        kind, items = _split_pdf(text, path.stem, hints)
    else:
        text, read_warnings = read_text(path)
        warnings.extend(read_warnings)
        if ext in HTML_EXTENSIONS:
            text = html_to_text(text, path=path)
            if not text.strip():
                raise EmptyFileError(path, "no visible text in HTML page")
        kind, items = _split_text(text, path.stem)
    if not items:
        items = _whole(text, _first_line(text) or path.stem)
    items, doc_warnings = complete_items(items, text, hints, councils, path.name)
    real = [s for s in items if s.item.title != PREAMBLE_TITLE or s.item.item_number]
    title = hints.title if hints is not None and hints.title and len(real) > 1 else None
    document = make_parsed_document(
        path=path,
        source=source,
        kind=kind,
        text=text,
        items=items,
        pages=pages,
        warnings=doc_warnings,
        title=title,
    )
    return ParsedFile(documents=[document], warnings=warnings)
