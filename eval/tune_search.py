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
    "rrf_k": [10, 30, 60],
    "bm25_weight": [1.0, 1.5, 2.0],
    "neighbour_weight": [0.0, 0.5, 1.0],
    "item_weight": [0.0, 0.5, 1.0],
    "focus_question": [False, True],
}
K = 10


def _values(text: str) -> list[Any]:
    out: list[Any] = []
    for part in text.split(","):
        value = part.strip()
        out.append(value == "true" if value in ("true", "false") else float(value))
    return out


def _score(
    searcher: Searcher,
    questions: list[Question],
    found: dict[tuple[str, bool], Candidates | None],
    settings: SearchSettings,
    hits: dict[tuple[str, int], bool],
) -> dict[str, float]:
    totals = {"hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0, "mrr@10": 0.0}
    for q in questions:
        candidates = found[q.id, settings.focus_question]
        ranked = searcher.rank(candidates, settings).ranked[:K] if candidates else []
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
    parser.add_argument("--split", default="train", help="questions of this split only")
    parser.add_argument("--out", type=Path, help="write every configuration's scores here (JSON)")
    for name, values in GRID.items():
        shown = ",".join(str(v).lower() for v in values)
        parser.add_argument(f"--{name.replace('_', '-')}", default=shown, help=f"default {shown}")
    args = parser.parse_args(argv)

    questions = [q for q in load_questions(args.questions) if q.split == args.split]
    questions = [q for q in questions if q.answerable]
    if not questions:
        sys.exit(f"tune_search: no answerable questions of split '{args.split}'")
    settings = Settings()
    searcher = open_searcher(args.index, settings)
    started = time.perf_counter()
    found: dict[tuple[str, bool], Candidates | None] = {}
    for focused in (False, True):
        searcher.settings = settings.search.model_copy(update={"focus_question": focused})
        for q in questions:
            found[q.id, focused] = searcher.candidates(q.question, q.filters)
    searcher.settings = settings.search
    print(f"candidates for {len(questions)} questions: {time.perf_counter() - started:.0f}s")

    grid = {name: _values(getattr(args, name)) for name in GRID}
    hits: dict[tuple[str, int], bool] = {}
    results = []
    for combo in itertools.product(*grid.values()):
        update = dict(zip(grid, combo, strict=True))
        config = settings.search.model_copy(update=update)
        results.append({**update, **_score(searcher, questions, found, config, hits)})
    default = {**{n: getattr(settings.search, n) for n in GRID}}
    default.update(_score(searcher, questions, found, settings.search, hits))
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
