"""OCR fallback for PDF pages without a usable text layer (the optional ``[ocr]`` extra).

* :mod:`.engine` — the engines behind a small interface, imported lazily (Tesseract, RapidOCR);
* :mod:`.render` — pages rendered by pypdfium2, hashed for the cache;
* :mod:`.layout` — recognised boxes → lines in reading order;
* :mod:`.fixes` — post-corrections of known misreadings of figures ("f2,450" → "£2,450");
* :mod:`.reader` — the worker pool and the cache by page hash.
"""

from __future__ import annotations

from .engine import (
    ENGINES,
    INSTALL_HINT,
    OcrEngine,
    OcrText,
    engine_available,
    load_engine,
    tessdata_path,
    threads_per_worker,
)
from .reader import OcrCache, OcrLane, OcrPage, OcrPending, OcrStats, PageReader

__all__ = [
    "ENGINES",
    "INSTALL_HINT",
    "OcrCache",
    "OcrEngine",
    "OcrLane",
    "OcrPage",
    "OcrPending",
    "OcrStats",
    "OcrText",
    "PageReader",
    "engine_available",
    "load_engine",
    "tessdata_path",
    "threads_per_worker",
]
