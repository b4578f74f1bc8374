"""`minutes eval-ocr`: character error rate and exact-figure accuracy of the OCR fallback on a
folder of scanned pages with ground truth (made by ``eval/ocr/make_pages.py``).

Both measures compare whitespace-normalised text (every run of spaces and line breaks is one
space), since where the engine breaks a line is no error a reader sees:

* **CER**: Levenshtein distance from the truth to the OCR text, over the truth's length;
* **figures exact**: the share of the truth's figures (amounts with their £, numbers,
  percentages, dates, ranges like 2010/11) found character for character in the OCR text's
  figures (as a multiset: a figure printed twice must be read twice).

Rows: every engine (or variant) by page condition (clean, noisy) and by part (tune, held-out),
and the sanity rows: the truth scored against itself (CER 0, figures 1.0), an empty reading
and a shuffled one, which must score badly.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["PageScore", "cer", "edit_distance", "figure_accuracy", "figures", "score_folder"]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_FIGURE = re.compile(
    rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b"  # 14 March 2022
    r"|[£$€]?[+-]?\d(?:[\d,./]*\d)?(?: million\b|%)?"  # £2,450,000  12.5%  06/06/2010  £3.2 million
)


def normalise(text: str) -> str:
    return " ".join(text.split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (a page is ~2,000 characters)."""
    if not a or not b:
        return max(len(a), len(b))
    b_codes = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    steps = np.arange(len(b) + 1)
    row = steps.copy()
    for i, char in enumerate(a, start=1):
        substitute = row[:-1] + (b_codes != ord(char))
        new = np.empty_like(row)
        new[0] = i
        new[1:] = np.minimum(row[1:] + 1, substitute)
        # insertions along the row: new[j] = min over k <= j of new[k] + (j - k)
        new = np.minimum.accumulate(new - steps) + steps
        row = new
    return int(row[-1])


def cer(truth: str, read: str) -> float:
    truth, read = normalise(truth), normalise(read)
    return edit_distance(truth, read) / max(1, len(truth))


def figures(text: str) -> list[str]:
    return _FIGURE.findall(normalise(text))


def figure_accuracy(truth: str, read: str) -> tuple[int, int]:
    """(figures of the truth read exactly, figures in the truth)."""
    wanted = Counter(figures(truth))
    found = Counter(figures(read))
    return sum(min(n, found[f]) for f, n in wanted.items()), sum(wanted.values())


@dataclass
class PageScore:
    page: str
    condition: str
    part: str
    edits: int
    chars: int
    figures_exact: int
    figures: int
    seconds: float
    confidence: float | None = None


Reader = Callable[[Path], tuple[str, float | None]]


def engine_reader(name: str, *, fix_figures: bool = True) -> Reader:
    """Pages read as ingest reads them: rendered by pypdfium2, then the engine ``name``
    (``rapidocr`` with or without its "£" post-correction)."""
    from ingest.ocr.engine import RapidOcrEngine, load_engine
    from ingest.ocr.render import render_page

    engine = RapidOcrEngine(fix_figures=fix_figures) if name == "rapidocr" else load_engine(name)

    def read(pdf: Path) -> tuple[str, float | None]:
        image, _ = render_page(pdf, 1)
        result = engine.read(image)
        return result.text, result.confidence

    return read


def _pages(folder: Path) -> list[dict[str, object]]:
    listed = folder / "pages.json"
    if listed.is_file():
        return list(json.loads(listed.read_text("utf-8")))
    return [
        {"page": p.stem, "condition": "unknown", "part": "all"}
        for p in sorted(folder.glob("*.pdf"))
    ]


def score_folder(folder: Path, read: Reader, limit: int | None = None) -> list[PageScore]:
    scores = []
    for entry in _pages(folder)[:limit]:
        name = str(entry["page"])
        truth = (folder / f"{name}.txt").read_text("utf-8")
        clock = time.perf_counter()
        text, confidence = read(folder / f"{name}.pdf")
        seconds = time.perf_counter() - clock
        exact, total = figure_accuracy(truth, text)
        scores.append(
            PageScore(
                page=name,
                condition=str(entry["condition"]),
                part=str(entry["part"]),
                edits=edit_distance(normalise(truth), normalise(text)),
                chars=len(normalise(truth)),
                figures_exact=exact,
                figures=total,
                seconds=seconds,
                confidence=confidence,
            )
        )
    return scores


def sanity_scores(folder: Path, limit: int | None = None) -> dict[str, list[PageScore]]:
    """The truth, an empty reading and the truth's characters shuffled, scored like an engine."""
    rng = random.Random(18)

    def truth(pdf: Path) -> tuple[str, float | None]:
        return pdf.with_suffix(".txt").read_text("utf-8"), None

    def shuffled(pdf: Path) -> tuple[str, float | None]:
        chars = list(truth(pdf)[0])
        rng.shuffle(chars)
        return "".join(chars), None

    return {
        "sanity: ground truth": score_folder(folder, truth, limit),
        "sanity: empty output": score_folder(folder, lambda _: ("", None), limit),
        "sanity: shuffled characters": score_folder(folder, shuffled, limit),
    }


def summarise(scores: Sequence[PageScore]) -> dict[str, object]:
    chars = sum(s.chars for s in scores)
    total = sum(s.figures for s in scores)
    return {
        "pages": len(scores),
        "cer": round(sum(s.edits for s in scores) / max(1, chars), 4),
        "figures_exact": round(sum(s.figures_exact for s in scores) / max(1, total), 4),
        "figures": total,
        "seconds_per_page": round(statistics.median(s.seconds for s in scores), 2)
        if scores
        else None,
    }


def report_rows(runs: dict[str, list[PageScore]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, scores in runs.items():
        groups: dict[str, list[PageScore]] = {"all": list(scores)}
        for s in scores:
            groups.setdefault(s.condition, []).append(s)
            groups.setdefault(f"{s.condition}, {s.part}", []).append(s)
        if name.startswith("sanity"):
            groups = {"all": groups["all"]}
        for group, members in groups.items():
            rows.append({"reader": name, "group": group, **summarise(members)})
    return rows


def markdown(rows: Sequence[dict[str, object]]) -> str:
    lines = [
        "| reader | pages | n | CER | figures exact | figures | s/page (median) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cer_value = float(r["cer"])  # type: ignore[arg-type]
        figures_value = float(r["figures_exact"])  # type: ignore[arg-type]
        lines.append(
            f"| {r['reader']} | {r['group']} | {r['pages']} | {cer_value:.2%} | "
            f"{figures_value:.1%} | {r['figures']} | {r['seconds_per_page']} |"
        )
    return "\n".join(lines) + "\n"


READERS = ("tesseract", "rapidocr", "rapidocr-nofix")


def run(folder: Path, readers: Sequence[str], limit: int | None = None) -> dict[str, object]:
    """Every reader (and the sanity rows) over ``folder``: rows, per-page scores, markdown."""
    if not folder.is_dir():
        from ...errors import ConfigError

        raise ConfigError(f"{folder} is not a folder of page-NN.pdf / page-NN.txt pages")
    runs: dict[str, list[PageScore]] = {}
    for name in readers:
        if name not in READERS:
            from ...errors import ConfigError

            raise ConfigError(f"unknown OCR reader '{name}' (choose from {', '.join(READERS)})")
        engine = "rapidocr" if name.startswith("rapidocr") else name
        reader = engine_reader(engine, fix_figures=not name.endswith("nofix"))
        runs[name] = score_folder(folder, reader, limit)
    runs.update(sanity_scores(folder, limit))
    rows = report_rows(runs)
    return {
        "folder": str(folder),
        "rows": rows,
        "pages": {name: [s.__dict__ for s in scores] for name, scores in runs.items()},
        "markdown": markdown(rows),
    }
