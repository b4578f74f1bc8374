"""Fit the short-answer confidence model (``rag.answers.confidence``) and choose its threshold.

Each question is asked once on its index (as ``eval/tune_short.py`` does); the best span's
features are read with the current reader, labelled by whether it holds the gold answer
(an unanswerable question's is never right), and a logistic regression (L2, standardised
features, a fixed number of gradient steps: deterministic) is fitted on the questions whose
id matches ``--train``. The threshold is the one that scores best there on short answers
holding the gold minus three times the wrong ones; the other questions only confirm it.
Prints the constants to paste into ``rag/answers/confidence.py`` and both groups' scores
beside the floor rule's.

    minutes eval ALL.jsonl --corpus ALL_MINUTES --systems ours --out DIR
    python eval/fit_confidence.py ALL.jsonl --index DIR/indexes/ours --out fit.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from rag.answers.confidence import FEATURES, probability, top_features
from rag.answers.short import ShortWeights, best_span, vetted_spans
from rag.apps.evaluation import metrics as m
from rag.text import quote_text

sys.path.insert(0, str(Path(__file__).parent))
from tune_short import WRONG_COST, _cached

L2 = 1.0
STEPS = 3000
RATE = 0.1
THRESHOLDS = [round(0.3 + 0.025 * i, 3) for i in range(27)]


def _rows(questions: Path, index: Path) -> list[dict[str, Any]]:
    """Per question: its id, whether it is answerable, the best span's features and whether
    it is right (None when no span is read or the asker abstained), and the floor rule's
    verdict."""
    floor_rule = dataclasses.replace(ShortWeights(), confidence=None)
    out = []
    for row in _cached(questions, index):
        texts, gold = row["texts"], row["gold"]
        found = (
            []
            if row["abstained"]
            else vetted_spans(
                row["question"], row["candidates"], texts, ShortWeights(), row["headers"]
            )
        )
        entry: dict[str, Any] = {"id": row["id"], "answerable": gold is not None}
        if found:
            _, span, c = found[0]
            said = quote_text(texts[c.passage - 1][span.start : span.end])
            entry["x"] = top_features(found, texts)
            entry["right"] = gold is not None and m.contains_answer(said, gold) == 1.0
            entry["floor_rule"] = (
                best_span(row["question"], row["candidates"], texts, floor_rule, row["headers"])
                is not None
            )
        out.append(entry)
    return out


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Logistic regression on standardised features: (means, scales, coefficients, intercept)."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) / len(y) + L2 * np.r_[w[:-1], 0.0] / len(y)
        w -= RATE * grad
    return mean, scale, w[:-1], float(w[-1])


def _score(rows: list[dict[str, Any]], given: list[bool]) -> dict[str, float]:
    right = sum(1 for r, g in zip(rows, given, strict=True) if g and r.get("right"))
    wrong = sum(1 for r, g in zip(rows, given, strict=True) if g and not r.get("right"))
    n, answerable = len(rows), sum(r["answerable"] for r in rows) or 1
    return {
        "short_contains": round(right / answerable, 3),
        "short_wrong": round(wrong / max(n, 1), 3),
        "objective": round((right - WRONG_COST * wrong) / max(n, 1), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--index", type=Path, nargs="+", required=True)
    parser.add_argument(
        "--train",
        default=r"^(?:[b-n]-|f-)",
        help="ids fitted on (regex); the others confirm (default: sets b–n, dev and test)",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    rows = [r for q, i in zip(args.questions, args.index, strict=True) for r in _rows(q, i)]
    train_ids = re.compile(args.train)
    groups = {
        "train": [r for r in rows if train_ids.search(r["id"])],
        "confirm": [r for r in rows if not train_ids.search(r["id"])],
    }
    fitted = [r for r in groups["train"] if "x" in r]
    mean, scale, coef, intercept = fit(
        np.array([r["x"] for r in fitted]), np.array([float(r["right"]) for r in fitted])
    )

    model = (list(mean), list(scale), list(coef), intercept)

    def given(rs: list[dict[str, Any]], threshold: float) -> list[bool]:
        return ["x" in r and probability(r["x"], model) >= threshold for r in rs]

    chosen = max(
        THRESHOLDS, key=lambda t: _score(groups["train"], given(groups["train"], t))["objective"]
    )
    report: dict[str, Any] = {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in coef],
        "intercept": round(intercept, 6),
        "threshold": chosen,
        "groups": {},
    }
    for name, rs in groups.items():
        report["groups"][name] = {
            "questions": len(rs),
            "confidence": _score(rs, given(rs, chosen)),
            "floor_rule": _score(rs, [bool(r.get("floor_rule")) for r in rs]),
        }
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
