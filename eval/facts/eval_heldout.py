"""Run ``minutes eval`` on a held-out fact set with the fact corpus as distractors.

The set's minutes and the 14 documents of ``eval/facts/corpus`` are indexed as one corpus (so
telling councils and meetings apart is part of the task), then every system answers the set's
questions::

    python eval/facts/eval_heldout.py eval/facts/heldout/b --out eval/results/facts/heldout-b
    python eval/facts/eval_heldout.py eval/facts/heldout/b --systems ours --out /tmp/b
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from rag.apps.cli import main as minutes

FACTS = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path, help="a folder with corpus/ and questions.jsonl")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--systems", default="ours,bm25,dense,langchain-naive")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for folder in (args.set / "corpus", FACTS / "corpus"):
            for path in sorted(folder.glob("*.txt")):
                shutil.copy(path, corpus / path.name)
        return minutes(
            [
                "eval", str(args.set / "questions.jsonl"), "--corpus", str(corpus),
                "--systems", args.systems, "--out", str(args.out),
            ]
        )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
