"""The OCR engines behind one small interface, imported only when a page needs one.

* ``tesseract`` (the default): Tesseract 5 through ``tesserocr`` (its wheel bundles the
  library; the English model comes from Debian's ``tesseract-ocr-eng``), after a 3×3 median
  filter that removes scanner speckle. Chosen on the generated test set: 0.3% CER and 99.7% of
  figures exact on clean pages, ~1.2 s a page (eval/ocr/README.md).
* ``rapidocr``: PP-OCRv4 models run by onnxruntime, shipped inside the
  ``rapidocr-onnxruntime`` wheel (nothing but pip needed). Measured far worse on English
  minutes: its recogniser drops most spaces and reads "£" as "f" or not at all.

Both are optional: without one, a scanned PDF is reported with the command that enables OCR
(:data:`INSTALL_HINT`), and the core install stays as it was.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.errors import ConfigError, OcrUnavailableError

from .fixes import correct_figures
from .layout import Box, boxes_to_text

__all__ = [
    "ENGINES",
    "INSTALL_HINT",
    "OcrEngine",
    "OcrText",
    "RapidOcrEngine",
    "TesseractEngine",
    "engine_available",
    "load_engine",
    "tessdata_path",
    "threads_per_worker",
]

ENGINES = ("auto", "tesseract", "rapidocr", "off")
INSTALL_HINT = (
    "to read it by OCR: pip install 'council-minutes-rag[ocr]' and apt-get install "
    "tesseract-ocr-eng"
)
_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


@dataclass(frozen=True)
class OcrText:
    """A page read by OCR: its text (lines in reading order) and the engine's confidence
    (0-1; 0 when nothing was read)."""

    text: str
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray) -> OcrText:
        """Text of one page image (greyscale, uint8). Safe to call from several threads."""
        ...


def _installed(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def tessdata_path() -> Path | None:
    """The folder holding Tesseract's ``eng.traineddata``: $TESSDATA_PREFIX, then the usual
    system places."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA]
    for folder in candidates:
        if not folder:
            continue
        for path in (Path(folder), Path(folder) / "tessdata"):
            if (path / "eng.traineddata").is_file():
                return path
    return None


def _tesseract_ready() -> bool:
    return _installed("tesserocr", "pypdfium2", "PIL") and tessdata_path() is not None


def _rapidocr_ready() -> bool:
    return _installed("rapidocr_onnxruntime", "pypdfium2")


def engine_available(engine: str = "auto") -> bool:
    """Whether OCR can run with ``engine`` (checked without importing it)."""
    if engine == "tesseract":
        return _tesseract_ready()
    if engine == "rapidocr":
        return _rapidocr_ready()
    return engine == "auto" and (_tesseract_ready() or _rapidocr_ready())


class TesseractEngine:
    """Tesseract via tesserocr: one API handle per thread (tesserocr releases the GIL while it
    recognises, so a pool of threads reads pages at once)."""

    name = "tesseract-eng"

    def __init__(self) -> None:
        path = tessdata_path()
        if path is None:
            raise OcrUnavailableError(
                "Tesseract's English model (eng.traineddata) was not found; install it with "
                "apt-get install tesseract-ocr-eng, or set TESSDATA_PREFIX to its folder"
            )
        self.tessdata = str(path)
        self._local = threading.local()
        self._api()  # fail here, in the caller's thread, if the library cannot start

    def _api(self) -> Any:
        api = getattr(self._local, "api", None)
        if api is None:
            try:
                import tesserocr
            except ImportError as exc:
                raise OcrUnavailableError(f"tesserocr is not installed; {INSTALL_HINT}") from exc
            # One block of text: minutes are one column, and a table's cells stay in their rows.
            api = tesserocr.PyTessBaseAPI(
                path=self.tessdata + "/", lang="eng", psm=tesserocr.PSM.SINGLE_BLOCK
            )
            self._local.api = api
        return api

    def read(self, image: np.ndarray) -> OcrText:
        from PIL import Image, ImageFilter

        picture = Image.fromarray(image).filter(ImageFilter.MedianFilter(3))
        api = self._api()
        api.SetImage(picture)
        text = api.GetUTF8Text()
        confidence = api.MeanTextConf() / 100 if text.strip() else 0.0
        lines = (" ".join(line.split()) for line in text.splitlines())
        return OcrText("\n".join(line for line in lines if line), round(max(0.0, confidence), 4))


class RapidOcrEngine:
    """RapidOCR with one model instance per thread, each told to use ``threads`` onnxruntime
    threads so a pool of workers does not oversubscribe the cores."""

    name = "rapidocr-ppocrv4"

    def __init__(self, threads: int = 1, fix_figures: bool = True) -> None:
        self.threads = threads
        self.fix_figures = fix_figures
        self._local = threading.local()
        self._model()

    def _model(self) -> Any:
        model = getattr(self._local, "model", None)
        if model is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise OcrUnavailableError(
                    "rapidocr-onnxruntime is not installed; to use it: pip install "
                    "'council-minutes-rag[ocr-rapid]'"
                ) from exc
            model = RapidOCR(
                intra_op_num_threads=self.threads,
                inter_op_num_threads=1,
                use_cls=False,  # pages are upright; the angle classifier only costs time
            )
            self._local.model = model
        return model

    def read(self, image: np.ndarray) -> OcrText:
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        result, _ = self._model()(image)
        boxes = [Box.from_quad(quad, text, float(score)) for quad, text, score in result or []]
        text, confidence = boxes_to_text(boxes)
        if self.fix_figures:
            text = correct_figures(text)
        return OcrText(text, confidence)


def threads_per_worker(workers: int) -> int:
    """CPU threads each of ``workers`` pool threads' engines may use: the cores shared out."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def load_engine(engine: str = "auto", threads: int = 1) -> OcrEngine:
    """The OCR engine asked for ("auto": Tesseract when ready, else RapidOCR), or
    :class:`OcrUnavailableError` naming what to install."""
    if engine not in ENGINES or engine == "off":
        raise ConfigError(f"OCR engine must be one of {', '.join(ENGINES[:3])} (not '{engine}')")
    if engine in ("auto", "tesseract") and (engine == "tesseract" or _tesseract_ready()):
        if not _installed("pypdfium2", "PIL"):
            raise OcrUnavailableError(f"pypdfium2 or Pillow is not installed; {INSTALL_HINT}")
        return TesseractEngine()
    if engine == "rapidocr" or _rapidocr_ready():
        if not _installed("pypdfium2"):
            raise OcrUnavailableError(f"pypdfium2 is not installed; {INSTALL_HINT}")
        return RapidOcrEngine(threads=threads)
    raise OcrUnavailableError(f"no OCR engine is installed; {INSTALL_HINT}")
