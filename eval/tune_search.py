"""Tune the search's ranking stage on one split of a question set, over one built index.

Both retrievers run once per question (with and without the question's frame for the dense
side); every configuration of the grid then only re-ranks those cached candidate lists, so a
sweep of hundreds of settings takes minutes. Choose on ``train``; confirm the choice on ``val``
with ``minutes eval`` (a full run, every system), and keep it only if it wins there too.

    python eval/tune_search.py QUESTIONS.jsonl --index DIR/indexes/ours --split train \\
        --out eval/results/tune-train.json

The grid is the product of the values given per setting (defaults below); the table printed
is sorted by MRR@10 and ends with the default settings' row for comparison.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

from rag.apps.evaluation import metrics as m
from rag.apps.evaluation.questions import Question, load_questions
from rag.index import chunk_int_id
from rag.search import Candidates, Searcher, open_searcher
from rag.settings import SearchSettings, Settings

GRID: dict[str, list[Any]] = {
    "fusion": ["rrf", "convex"],
    "rrf_k": [10, 60],
    "dense_weight": [1.0],
    "bm25_weight": [1.0, 2.0, 3.0],
    "bm25_k1": [0.9, 1.2],
    "bm25_b": [0.5, 0.75],
    "item_weight": [0.0, 0.1, 0.2],
}
K = 10


def _values(text: str) -> list[Any]:
    out: list[Any] = []
    for part in text.split(","):
        value = part.strip()
        if value in ("true", "false"):
            out.append(value == "true")
        else:
            try:
                number = float(value)
                out.append(int(number) if number.is_integer() else number)
            except ValueError:
                out.append(value)  # a name, e.g. fusion=convex
    return out


def _candidates(
    searcher: Searcher, q: Question, settings: SearchSettings, cache: dict[Any, Any]
) -> Candidates:
    """Both retrievers' lists for ``q`` under ``settings``, each computed once."""
    dense_key = ("dense", q.id)
    bm25_key = ("bm25", q.id, settings.bm25_k1, settings.bm25_b)
    searcher.settings = settings
    if dense_key not in cache:
        cache[dense_key] = searcher.dense(q.question, settings.candidates)
    if bm25_key not in cache:
        cache[bm25_key] = searcher.bm25(q.question, settings.candidates, q.filters)
    return Candidates(cache[dense_key], cache[bm25_key])


def _score(
    searcher: Searcher,
    questions: list[Question],
    cache: dict[Any, Any],
    settings: SearchSettings,
    hits: dict[tuple[str, int], bool],
) -> dict[str, float]:
    totals = {"hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0, "mrr@10": 0.0}
    for q in questions:
        candidates = _candidates(searcher, q, settings, cache)
        ranked = searcher.rank(candidates, settings).ranked[:K]
        missing = [cid for cid, _ in ranked if (q.id, cid) not in hits]
        if missing:
            gold = [(g.source, g.quote) for g in q.gold]
            passages = searcher.store.passages([(cid, 0.0) for cid in missing])
            rows = m.hit_matrix([(p.source, p.text) for p in passages], gold)
            for passage, row in zip(passages, rows, strict=True):
                hits[q.id, chunk_int_id(passage.citation.id)] = any(row)
            for cid in missing:
                hits.setdefault((q.id, cid), False)  # deleted since: never a hit
        matrix = [[hits[q.id, cid]] for cid, _ in ranked]
        for cut in (1, 5, 10):
            totals[f"hit@{cut}"] += m.hit_at(matrix, cut)
        totals["mrr@10"] += m.reciprocal_rank(matrix, 10)
    return {key: value / len(questions) for key, value in totals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index", type=Path, required=True, help="an index built from the corpus")
    parser.add_argument(
        "--split", default="train", help="questions of this split only ('all': every question)"
    )
    parser.add_argument("--out", type=Path, help="write every configuration's scores here (JSON)")
    for name, values in GRID.items():
        shown = ",".join(str(v).lower() for v in values)
        parser.add_argument(f"--{name.replace('_', '-')}", default=shown, help=f"default {shown}")
    args = parser.parse_args(argv)

    questions = [
        q for q in load_questions(args.questions) if args.split == "all" or q.split == args.split
    ]
    questions = [q for q in questions if q.answerable]
    if not questions:
        sys.exit(f"tune_search: no answerable questions of split '{args.split}'")
    settings = Settings()
    if any(q.filters for q in questions):
        sys.exit("tune_search: questions with filters are not supported")
    searcher = open_searcher(args.index, settings)
    started = time.perf_counter()
    grid = {name: _values(getattr(args, name)) for name in GRID}
    cache: dict[Any, Any] = {}
    hits: dict[tuple[str, int], bool] = {}
    results = []
    for combo in itertools.product(*grid.values()):
        update = dict(zip(grid, combo, strict=True))
        config = settings.search.model_copy(update=update)
        results.append({**update, **_score(searcher, questions, cache, config, hits)})
    default = {**{n: getattr(settings.search, n) for n in GRID}}
    default.update(_score(searcher, questions, cache, settings.search, hits))
    print(
        f"{len(results)} configurations, {len(questions)} questions: "
        f"{time.perf_counter() - started:.0f}s"
    )
    results.sort(key=lambda r: (-r["mrr@10"], -r["hit@5"]))
    header = [*GRID, "hit@1", "hit@5", "hit@10", "mrr@10"]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in [*results[:15], {**default, "rrf_k": f"default {default['rrf_k']}"}]:
        cells = [f"{row[h]:.3f}" if isinstance(row[h], float) else str(row[h]) for h in header]
        print("| " + " | ".join(cells) + " |")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        summary = {"split": args.split, "questions": len(questions), "default": default}
        args.out.write_text(json.dumps({**summary, "results": results}, indent=1), "utf-8")
    searcher.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
