"""CSV that spreadsheets open as data: every export (decisions, citations, comparisons) is
written here.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is a
formula to Excel and LibreOffice: metadata saying ``=HYPERLINK("http://evil.example", "Report")``
would become a live link, or worse (CSV injection). Such cells get a leading ``'``, which the
spreadsheet shows as text; control characters are dropped from every text cell, so a CSV
printed on a terminal cannot drive it either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from ..text import printable

__all__ = ["FORMULA_STARTS", "csv_text", "safe_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell a spreadsheet shows as written (numbers and None unchanged)."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):  # before cleaning: '\r=1' must not become '=1'
        return "'" + printable(value)
    cleaned = printable(value)
    return "'" + cleaned if cleaned.startswith(FORMULA_STARTS) else cleaned


def csv_text(fields: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """CSV with a header row and one line per row, every cell made safe."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return out.getvalue()
