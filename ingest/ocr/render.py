"""PDF pages → greyscale images (pypdfium2), and the hash that keys the OCR cache.

PDFium is not thread-safe, so every call into it holds one process-wide lock; rendering is
quick next to recognition, which runs outside the lock.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np

__all__ = ["RENDER_DPI", "page_count", "render_page"]

# 200 dpi: 10 pt text is ~28 pixels tall, where the recogniser is at its best; the detector
# scales the page to at most 2000 pixels anyway.
RENDER_DPI = 200
_PDFIUM = threading.Lock()


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_page(path: Path, number: int, dpi: int = RENDER_DPI) -> tuple[np.ndarray, str]:
    """Page ``number`` (1-based) as a greyscale image, and the SHA-256 of its pixels: the same
    page in another file (or after the file's metadata changed) has the same hash."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(path)
        try:
            page = pdf[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                image = np.array(bitmap.to_numpy(), copy=True)
            finally:
                page.close()
        finally:
            pdf.close()
    if image.ndim == 3:  # some PDFium builds hand back a BGR(x) bitmap even for greyscale
        image = image[..., :3].mean(axis=2).astype(np.uint8)
    digest = hashlib.sha256(f"{image.shape}:{dpi}".encode())
    digest.update(image.tobytes())
    return image, digest.hexdigest()
