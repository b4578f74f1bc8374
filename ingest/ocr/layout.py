"""Recognised text boxes → lines in reading order.

The engine returns one box per run of text (a line of prose, or one table cell) with its own
corners. Boxes are put on the same line when their centres lie within half a line height once
the page's skew is taken out: a scan turned by one degree moves a table's last column 20 pixels
below its first, enough to break a naive sort by y.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Box", "boxes_to_text"]


@dataclass(frozen=True)
class Box:
    x: float  # left
    cx: float  # centre
    cy: float
    height: float
    angle: float  # radians, of the top edge
    width: float
    text: str
    score: float

    @classmethod
    def from_quad(cls, quad: Sequence[Sequence[float]], text: str, score: float) -> Box:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ((float(p[0]), float(p[1])) for p in quad)
        width = math.hypot(x1 - x0, y1 - y0)
        return cls(
            x=min(x0, x3),
            cx=(x0 + x1 + x2 + x3) / 4,
            cy=(y0 + y1 + y2 + y3) / 4,
            height=max(1.0, math.hypot(x3 - x0, y3 - y0)),
            angle=math.atan2(y1 - y0, x1 - x0),
            width=width,
            text=text,
            score=score,
        )


def _skew(boxes: Sequence[Box]) -> float:
    """The page's skew: the median angle of the boxes much wider than tall (short ones'
    corners are too coarse to say)."""
    wide = [b.angle for b in boxes if b.width > 6 * b.height]
    return statistics.median(wide) if wide else 0.0


def boxes_to_text(boxes: Sequence[Box]) -> tuple[str, float]:
    """The page's text (one line per line, cells joined by a space) and its confidence."""
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return "", 0.0
    skew = _skew(boxes)
    cos, sin = math.cos(-skew), math.sin(-skew)
    placed = sorted(
        ((b.cx * sin + b.cy * cos, b.cx * cos - b.cy * sin, b) for b in boxes),
        key=lambda t: t[0],
    )
    lines: list[list[tuple[float, float, Box]]] = []
    for entry in placed:
        y, _, box = entry
        if lines:
            line = lines[-1]
            centre = statistics.fmean(e[0] for e in line)
            if abs(y - centre) < 0.5 * min(box.height, statistics.fmean(e[2].height for e in line)):
                line.append(entry)
                continue
        lines.append([entry])
    text = "\n".join(
        " ".join(e[2].text.strip() for e in sorted(line, key=lambda e: e[1])) for line in lines
    )
    weight = sum(len(b.text) for b in boxes)
    confidence = sum(b.score * len(b.text) for b in boxes) / weight
    return text, round(confidence, 4)
