"""Tune how short answers are scored (``rag.answers.short.ShortWeights``) on one question set.

Each question is asked once (search, abstention, the answerer's scored sentences are cached);
every configuration of the grid then only re-reads spans from those sentences, so a sweep of
thousands of settings takes seconds. Choose on the dev set; confirm on the test set with
``minutes eval`` (a full run, every system) and keep the choice only if it holds there.

    python eval/tune_short.py eval/facts/questions-dev.jsonl --index DIR/indexes/ours \\
        --out eval/results/facts/tune-short-dev.json

A configuration is ranked by short answers that contain the gold answer minus three times the
wrong ones (a wrong fact in a report costs more than a missing one); the table ends with the
current defaults for comparison. Whether a short answer is given is decided by the confidence
model (``rag.answers.confidence``, fitted by ``eval/fit_confidence.py``); sweeping the floor or
the margin sweeps the rule it replaced (``confidence=None``).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from rag.answers import Asker
from rag.answers.extractive import ExtractiveAnswerer, item_header, short_candidates
from rag.answers.short import ShortWeights, best_span
from rag.apps.evaluation import metrics as m
from rag.apps.evaluation.questions import load_questions
from rag.settings import Settings
from rag.text import quote_text

GRID: dict[str, list[float]] = {
    "local": [0.25, 0.5, 1.0],
    "coverage": [0.0, 0.3, 0.6],
    "passage": [0.0, 0.3, 0.6],
    "cue": [0.1, 0.2, 0.3],
    "window": [12],
    "floor": [0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9],
    # (swept only when named: --only margin,margin_floor)
    "margin": [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 9.0],
    "margin_floor": [0.55, 0.6, 0.65, 0.7, 0.75],
}
_ON_REQUEST = ("margin", "margin_floor")
WRONG_COST = 3.0


def _cached(questions_path: Path, index: Path) -> list[dict[str, Any]]:
    """Per question: gold, whether the asker abstained, the candidates and passage texts."""
    rows = []
    settings = Settings()
    with Asker.open(index, settings) as asker:
        answerer = asker.answerer
        if not isinstance(answerer, ExtractiveAnswerer):
            raise SystemExit("tune_short needs the extractive answerer")
        for q in load_questions(questions_path):
            answer = asker.ask(q.question, q.filters)
            ranked = answerer.candidates(q.question, answer.evidence)
            rows.append(
                {
                    "id": q.id,
                    "question": q.question,
                    "gold": q.answer if q.answerable else None,
                    "abstained": answer.abstained,
                    "candidates": short_candidates(q.question, ranked, answer.evidence),
                    "texts": [p.text for p in answer.evidence],
                    "headers": [item_header(p.citation) for p in answer.evidence],
                }
            )
    return rows


def _score(rows: list[dict[str, Any]], weights: ShortWeights) -> dict[str, float]:
    contains = wrong = given = answerable = 0
    for row in rows:
        short = None
        if not row["abstained"]:
            found = best_span(
                row["question"], row["candidates"], row["texts"], weights, row["headers"]
            )
            if found is not None:
                span, c = found
                short = quote_text(row["texts"][c.passage - 1][span.start : span.end])
        answerable += row["gold"] is not None
        if short is None:
            continue
        given += 1
        hit = row["gold"] is not None and m.contains_answer(short, row["gold"]) == 1.0
        contains += hit
        wrong += not hit
    n = len(rows)
    return {
        "short_contains": contains / max(answerable, 1),
        "short_wrong": wrong / max(n, 1),
        "short_given": given / max(n, 1),
        "objective": (contains - WRONG_COST * wrong) / max(n, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path, nargs="+", help="one or more question sets")
    parser.add_argument(
        "--index", type=Path, nargs="+", required=True, help="the index of each set, in order"
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--only",
        help="comma-separated settings to sweep (the others stay at their defaults)",
    )
    args = parser.parse_args(argv)
    if len(args.questions) != len(args.index):
        parser.error("give one --index per question set")
    rows = [
        row
        for questions, index in zip(args.questions, args.index, strict=True)
        for row in _cached(questions, index)
    ]
    results = []
    names = args.only.split(",") if args.only else [n for n in GRID if n not in _ON_REQUEST]
    for values in itertools.product(*(GRID[n] for n in names)):
        changes: dict[str, Any] = dict(zip(names, values, strict=True))
        if "window" in changes:
            changes["window"] = int(changes["window"])
        if {"floor", "margin", "margin_floor"} & set(changes):
            changes["confidence"] = None  # (the floor and margin decide only without the model)
        weights = dataclasses.replace(ShortWeights(), **changes)
        results.append({**changes, **_score(rows, weights)})
    results.sort(key=lambda r: (-r["objective"], -r["short_contains"]))
    default = {**dataclasses.asdict(ShortWeights()), **_score(rows, ShortWeights())}
    columns = [*names, "short_contains", "short_wrong", "short_given", "objective"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in [*results[: args.top], {**default, "floor": f"{default['floor']} (default)"}]:
        print("| " + " | ".join(_cell(row[c]) for c in columns) + " |")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"default": default, "grid": results}, indent=1))
    return 0


def _cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    sys.exit(main())
