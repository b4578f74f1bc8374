"""Post-corrections of OCR text where the engine is known to misread figures.

RapidOCR's recogniser reads the pound sign as "f" (or "F", "E") when it sees it at all:
"f2,450,000". A lone f/F glued to a number is no English word, so it is put back as "£"
("E" only where it cannot be a London postcode). Designed on the *tune* half of the generated
pages and confirmed on the *held-out* half (eval/ocr/README.md).
"""

from __future__ import annotations

import re

__all__ = ["correct_figures"]

# At the start of a word, "f" or "F" glued to a digit; "E" only before a figure that is no
# London postcode district (E1-E20): thousands, pence, or three digits or more.
_POUND = re.compile(r"(?<![\w£$€.,])(?:[fF](?=\d)|E(?=\d{1,3}(?:,\d{3})+|\d+\.\d\d\b|\d{3,}))")


def correct_figures(text: str) -> str:
    return _POUND.sub("£", text)
