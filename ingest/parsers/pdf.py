"""PDF text extraction with exact page spans (pypdf), and OCR for pages without a text layer.

Pages are joined with a blank line; ``PageSpan(page=n, start, end)`` gives the character range
of page *n* (1-based) in the joined text, so any offset maps back to its page. Encrypted,
corrupt and scanned (no text layer) PDFs raise :class:`~rag.errors.InputError` subclasses whose
message names the file and says why.

Given an ``ocr`` reader (the ``[ocr]`` extra, :mod:`ingest.ocr`), a page whose text layer is
unusable (empty, or garbage such as runs of ``(cid:12)``) is read by OCR instead, and its span
says so (``ocr=True`` and the engine's confidence). Without one, such pages stay as before and
a scanned PDF's message says how to enable OCR.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.errors import (
    EmptyFileError,
    OcrUnavailableError,
    ScannedPdfError,
    UnreadableFileError,
)
from rag.models import PageSpan

from ..ocr.engine import INSTALL_HINT as OCR_HINT
from ..textio import normalise_text

__all__ = ["OCR_HINT", "PAGE_SEPARATOR", "PageOcr", "extract_pdf", "unusable_text"]

# The pages to read → {page: (text, confidence)} (ingest.ocr.PageReader.read, adapted).
PageOcr = Callable[[Path, Sequence[int]], dict[int, tuple[str, float]]]

_CID = re.compile(r"\(cid:\d+\)")
_MIN_CHARS = 10

PAGE_SEPARATOR = "\n\n"

_PYPDF_LOGGERS = ("pypdf", "PyPDF2")
_LOCKED = "encrypted PDF, cannot read without the password"
_MAX_REASON = 80


class _Collector(logging.Handler):
    """Keeps pypdf's warning messages (deduplicated) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and message not in self.messages and len(self.messages) < 20:
            self.messages.append(message)


@contextmanager
def _quiet_pypdf() -> Iterator[_Collector]:
    """Route pypdf's log warnings to a collector for the duration of one extraction."""
    collector = _Collector()
    saved: list[tuple[logging.Logger, int, bool]] = []
    for name in _PYPDF_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.setLevel(logging.WARNING)
        logger.propagate = False
        logger.addHandler(collector)
    try:
        yield collector
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(collector)
            logger.setLevel(level)
            logger.propagate = propagate


def _short(exc: BaseException) -> str:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return reason if len(reason) <= _MAX_REASON else reason[: _MAX_REASON - 1] + "…"


def _page_texts(reader: Any) -> tuple[list[str], list[tuple[int, str]]]:
    """Normalised text of every page; a page that fails is empty and listed with its reason."""
    texts: list[str] = []
    failed: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(normalise_text(page.extract_text() or ""))
        except Exception as exc:  # noqa: BLE001 - one damaged page must not lose the others
            texts.append("")
            failed.append((number, _short(exc)))
    return texts, failed


def unusable_text(text: str) -> bool:
    """A text layer not worth keeping over OCR: (almost) empty, mostly ``(cid:N)`` glyph codes
    (a font without a Unicode map), or mostly replacement characters and symbols."""
    visible = "".join(text.split())
    if len(visible) < _MIN_CHARS:
        return True
    cid = sum(len(m) for m in _CID.findall(visible))
    if cid > 0.3 * len(visible):
        return True
    words = sum(1 for c in visible if c.isalnum())
    return words < 0.4 * len(visible) or visible.count("\ufffd") > 0.1 * len(visible)


def extract_pdf(
    path: Path, warnings: list[str] | None = None, ocr: PageOcr | None = None
) -> tuple[str, list[PageSpan]]:
    """Text of a PDF (pages joined by a blank line) and each page's character span.

    Pages without text are kept as empty spans (and reported in ``warnings`` when given).
    With ``ocr``, pages whose text layer is unusable are read by OCR (their spans flagged).
    Raises :class:`UnreadableFileError` for encrypted or corrupt files,
    :class:`ScannedPdfError` when no page has text, :class:`EmptyFileError` for an empty file.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if size == 0:
        raise EmptyFileError(path, "empty file")
    with _quiet_pypdf() as collector:
        try:
            reader = PdfReader(path)
            # Many councils publish PDFs locked only against printing or copying: an empty
            # user password opens them (AES ones need ``cryptography``, a dependency for this).
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableFileError(path, _LOCKED)
            page_texts, failed = _page_texts(reader)
        except UnreadableFileError:
            raise
        except FileNotDecryptedError as exc:
            raise UnreadableFileError(path, _LOCKED) from exc
        except DependencyError as exc:  # an install without ``cryptography``
            raise UnreadableFileError(
                path, "encrypted PDF (AES); reading it needs the 'cryptography' package"
            ) from exc
        except NotImplementedError as exc:  # an encryption scheme pypdf does not know
            raise UnreadableFileError(path, f"encrypted PDF ({_short(exc)})") from exc
        except Exception as exc:  # pypdf raises many types for damaged files
            raise UnreadableFileError(path, f"corrupt PDF: {_short(exc)}") from exc
    if not page_texts:
        raise UnreadableFileError(path, "corrupt PDF: no pages")
    if len(failed) == len(page_texts):
        raise UnreadableFileError(path, f"corrupt PDF: {failed[0][1]}")
    read: dict[int, tuple[str, float]] = {}
    if ocr is not None:
        failed_pages = {f for f, _ in failed}
        wanted = [
            i + 1
            for i, t in enumerate(page_texts)
            if unusable_text(t) and i + 1 not in failed_pages
        ]
        if wanted:
            try:
                read = ocr(path, wanted)
            except OcrUnavailableError:  # the engine could not start: read as without OCR
                ocr = None
            # A page where OCR finds nothing keeps what its text layer had (a page number).
            read = {n: (normalise_text(t), c) for n, (t, c) in read.items() if t.strip()}
            for number, (text, _) in read.items():
                page_texts[number - 1] = text
    blank = [i + 1 for i, t in enumerate(page_texts) if not t.strip()]
    if len(blank) == len(page_texts):
        pages = "page" if len(blank) == 1 else "pages"
        if ocr is not None:
            raise ScannedPdfError(
                path, f"scanned, no text (OCR found no text on {len(blank)} {pages})"
            )
        raise ScannedPdfError(
            path, f"scanned, no text (no text layer on {len(blank)} {pages}); {OCR_HINT}"
        )

    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, page_text in enumerate(page_texts, start=1):
        page_text = page_text.strip("\n")
        if parts:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        parts.append(page_text)
        span = PageSpan(page=number, start=offset, end=offset + len(page_text))
        if number in read:
            span.ocr, span.confidence = True, read[number][1]
        spans.append(span)
        offset += len(page_text)
    if warnings is not None:
        for number, reason in failed:
            warnings.append(f"page {number}: text extraction failed ({reason})")
        blank = [n for n in blank if n not in {f for f, _ in failed}]
        if blank and ocr is not None:
            warnings.append(f"OCR found no text on page(s) {_listed(blank)}")
        elif blank:
            warnings.append(f"no text layer on page(s) {_listed(blank)} (scanned?); {OCR_HINT}")
        warnings.extend(f"pypdf: {message}" for message in collector.messages[:5])
    return "".join(parts), spans


def _listed(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
