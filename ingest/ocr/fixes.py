"""Post-corrections of OCR text where the engine is known to misread figures.

RapidOCR's recognition model has no "£" in its alphabet, so it reads the pound sign as "f" (or
"E", "F"): "f2,450,000". A lone f/F/E glued to a number is not a word in English minutes, so it
is put back as "£". Designed on the *tune* half of the generated pages and confirmed on the
*held-out* half (eval/ocr/README.md).
"""

from __future__ import annotations

import re

__all__ = ["correct_figures"]

# Start of a word, one of the look-alikes, then a figure: "f2,450", "£" read as "E" in "E315.50".
_POUND = re.compile(r"(?<![\w£$€.,])[fFE](?=\d[\d,]*(?:\.\d+)?\b)")


def correct_figures(text: str) -> str:
    return _POUND.sub("£", text)
