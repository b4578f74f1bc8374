"""Calibrate when `minutes ask` abstains, on development data, not by guessing.

Answerable questions: the QMSum committee specific queries (train and val, 351), each asked of an
index of its split's meetings. Unanswerable questions: local-service topics those meetings (a Welsh
education committee and a Canadian COVID-19 committee) never discuss, asked of every split's index.
For every question the script records the two signals `rag.answers.asker` uses (best cosine
similarity of a retrieved passage; best share of question words in one passage) and picks the
thresholds that abstain most often on unanswerable questions while refusing at most 2% of
answerable ones.

    .venv/bin/python eval/calibrate_abstention.py            # train + val
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from ingest.pipeline import ingest
from rag.answers.asker import relevance
from rag.apps.evaluation.qmsum import write_qmsum
from rag.models import Filters
from rag.search import open_searcher
from rag.settings import IndexSettings, Settings

REPO = Path(__file__).resolve().parent.parent
# The development data: MINUTES_SHARED_DIR, else ../shared beside the checkout (as the tests).
SHARED = Path(os.environ.get("MINUTES_SHARED_DIR") or REPO.parent / "shared")

UNANSWERABLE = [
    "What was decided about bin collections?",
    "How often will household waste be collected?",
    "What did councillors say about potholes on the high street?",
    "Were residents' parking permit charges increased?",
    "What was agreed about allotment rents?",
    "Was the planning application for the retail park approved?",
    "What was said about street lighting being switched off at night?",
    "How is the council tackling dog fouling in parks?",
    "What are the new cemetery and burial fees?",
    "Were taxi licensing fees changed?",
    "What flood defence works were approved for the river?",
    "What was decided about the leisure centre swimming pool refurbishment?",
    "What did the committee say about fly-tipping enforcement?",
    "Was the council tax precept for the fire authority agreed?",
    "What was said about garden waste subscriptions?",
    "What happened to the proposal for a new bus lane?",
    "Did members approve the tree preservation order?",
    "What was said about public toilet closures?",
    "What are the market stall rents for next year?",
    "Was the premises licence for the nightclub revoked?",
    "What did the committee decide about the crematorium chapel?",
    "How many electric vehicle charging points will be installed?",
    "What was agreed about the town centre Christmas lights?",
    "Were any conservation area boundaries changed?",
    "What did councillors say about recycling contamination rates?",
    "What was decided about the highways gritting routes?",
    "Was the allotment waiting list discussed?",
    "What were the findings of the audit of the car park income?",
    "What was said about the local plan housing allocation sites?",
    "Did the licensing committee approve the street trading consent?",
]


def signals(searcher, questions: list[str], k: int) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    rows = []
    for question in questions:
        passages = searcher.search(question, Filters(), k=k)
        rows.append(relevance(question, passages))
    return rows


def choose(
    answerable: list[tuple[float, float]], unanswerable: list[tuple[float, float]], max_false: float
) -> dict[str, float]:
    best: dict[str, float] = {}
    for overlap_t in (0.34, 0.5, 0.67, 0.75, 1.01):
        for step in range(0, 81):
            sim_t = step / 100

            def refuses(sim: float, ov: float) -> bool:
                return sim < sim_t and ov < overlap_t  # noqa: B023

            false = sum(refuses(*r) for r in answerable) / len(answerable)
            caught = sum(refuses(*r) for r in unanswerable) / len(unanswerable)
            if false <= max_false and (
                not best
                or caught > best["abstain_unanswerable"]
                or (caught == best["abstain_unanswerable"] and false < best["false_abstention"])
            ):
                best = {
                    "min_relevance": sim_t,
                    "overlap": overlap_t,
                    "false_abstention": false,
                    "abstain_unanswerable": caught,
                }
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--split", nargs="+", default=["train", "val"], choices=["train", "val"])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "minutes-calib")
    parser.add_argument("--max-false", type=float, default=0.02)
    parser.add_argument("-k", type=int, default=8)
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "abstention.json")
    args = parser.parse_args()

    answerable: list[tuple[float, float]] = []
    unanswerable: list[tuple[float, float]] = []
    for split in args.split:
        data = args.shared / "corpus" / "qmsum-committee-dev" / split
        if not data.is_dir():
            sys.exit(f"calibrate_abstention: {data} not found (needs ../shared)")
        corpus = args.work / f"qmsum-{split}"
        questions = write_qmsum(data.glob("*.json"), corpus)
        settings = Settings(index=IndexSettings(root=args.work / "indexes"))
        index = settings.index.root / f"qmsum-{split}"
        report = ingest([corpus], index, settings, progress=True)
        print(f"{split}: {report.chunks} chunks ({report.chunks_embedded} embedded now)")
        searcher = open_searcher(index, settings)
        answerable += signals(searcher, [q["question"] for q in questions], args.k)
        unanswerable += signals(searcher, UNANSWERABLE, args.k)
        searcher.close()
    chosen = choose(answerable, unanswerable, args.max_false)
    result = {
        "splits": args.split,
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "chosen": chosen,
        "answerable_signals": answerable,
        "unanswerable_signals": unanswerable,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(chosen, indent=2))


if __name__ == "__main__":
    main()
