"""Where a figure stands in a table of minutes that text extraction flattened.

Minutes set figures out in tables ("Activity / Cases reviewed / Cases found incorrect / Value
identified"); a PDF or Word conversion leaves each row a line whose cells are parted by tabs
or runs of spaces, under a head line parted the same way. A question names the row ("single
person discount") and the column ("found to be wrong") it wants; every figure of the table is
in the same sentence, so only the row label and the column head tell them apart.
:func:`cell_heads` gives them for the figure at an offset.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["CellHeads", "cell_heads"]

# Cells parted by a tab, or by three spaces or more (two may part words of a justified line)
_CELL_GAP = re.compile(r"\t+[ \t]*|[ ]{3,}")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_HEAD_LINES_UP = 12  # a table's rows under its head, page furniture aside
# A column head that is a year or a financial year ("2024/25", "2025-26", "Budget 2025/26")
_YEAR_HEAD = re.compile(
    r"(?:[^\W\d_][\w'’-]*\s+){0,2}(?:19|20)\d{2}(?:\s*[/–-]\s*\d{2,4})?(?:\s+[^\W\d_][\w'’-]*){0,2}"
)


class CellHeads(NamedTuple):
    """The label of a figure's row (its first cell) and the head of its column."""

    row: str
    column: str
    other_columns: tuple[str, ...]  # the heads of the row's other figure columns


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a line, offsets within it; one cell when it is no row."""
    cells: list[tuple[int, int]] = []
    at = len(line) - len(line.lstrip())
    for gap in _CELL_GAP.finditer(line, at):
        if gap.start() > at:
            cells.append((at, gap.start()))
        at = gap.end()
    if at < len(line.rstrip()):
        cells.append((at, len(line.rstrip())))
    return cells


def _figure_kind(cell: str) -> str:
    """What a cell's figure is: a rate, a sum of money or a plain number."""
    if "%" in cell or "per cent" in cell.lower():
        return "rate"
    return "money" if any(c in cell for c in "£$€") else "number"


def cell_heads(text: str, start: int) -> CellHeads | None:
    """The row label and column head of the figure starting at ``text[start]``, when it is a
    cell (not the first) of a table row with three cells or more under a head line of as many
    cells, whose cell over it holds words and no figure (or a year: "2025/26"); None
    otherwise."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    row = text[line_start:line_end]
    cells = _cells(row)
    if len(cells) < 3:
        return None
    at = start - line_start
    index = next((i for i, (s, e) in enumerate(cells) if s <= at < e), None)
    if not index:  # (None, or the row's label)
        return None
    above = text[:line_start].split("\n")[::-1][1 : _MAX_HEAD_LINES_UP + 1]
    for line in above:
        head = _cells(line)
        if len(head) != len(cells):
            continue
        words = [line[s:e] for s, e in head]
        if all(
            (_LETTER.search(w) and not _DIGIT.search(w)) or _YEAR_HEAD.fullmatch(w)
            for w in words[1:]
        ) and any(_LETTER.search(w) for w in words):
            mine = _figure_kind(row[cells[index][0] : cells[index][1]])
            others = tuple(
                words[i]
                for i, (s, e) in enumerate(cells)
                if i not in (0, index)
                and _DIGIT.search(row[s:e])
                # (a column of sums is no rival to a column of rates)
                and _figure_kind(row[s:e]) == mine
            )
            return CellHeads(row[cells[0][0] : cells[0][1]], words[index], others)
    return None
