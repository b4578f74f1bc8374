"""Validate a held-out fact set: a folder with ``corpus/*.txt``, ``questions.jsonl`` and
``CORPUS.md`` (``eval/facts/heldout/<set>/``).

Checks that ids are unique, answer types known, every gold quote an exact substring of its
source file, every answer inside its quote (whitespace collapsed, "-\\n" hyphenation joined),
unanswerable questions without gold or answer, and prints the counts per answer type.
Standard library only.

    python eval/facts/check_heldout.py eval/facts/heldout/b [eval/facts/heldout/c ...]

Exit status 0 when every set passes, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

TYPES = ("count", "amount", "percentage", "date", "person", "vote", "outcome", "unanswerable")


def _flat(text: str) -> str:
    return " ".join(re.sub(r"(\w)-[ \t]*\n[ \t]*(\w)", r"\1\2", text).split())


def check(folder: Path) -> tuple[list[str], Counter[str]]:
    """Problems found in one set, and its counts per answer type."""
    problems: list[str] = []
    counts: Counter[str] = Counter()
    corpus = {p.name: p.read_text("utf-8") for p in sorted((folder / "corpus").glob("*.txt"))}
    if not corpus:
        problems.append(f"{folder}: no corpus/*.txt")
    if not (folder / "CORPUS.md").is_file():
        problems.append(f"{folder}: no CORPUS.md (licence and how the documents were written)")
    seen: set[str] = set()
    lines = (folder / "questions.jsonl").read_text("utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        q = json.loads(line)
        where = f"{folder.name}/questions.jsonl:{n} ({q.get('id')})"
        if q.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(q.get("id"))
        kind = q.get("answer_type")
        counts[kind] += 1
        if kind not in TYPES or q.get("kind") != "fact" or not q.get("question"):
            problems.append(f"{where}: answer_type, kind or question missing or unknown")
        gold = q.get("gold", [])
        if kind == "unanswerable":
            if gold or q.get("answer"):
                problems.append(f"{where}: unanswerable with gold or answer")
            continue
        if not gold or not q.get("answer"):
            problems.append(f"{where}: answerable without gold or answer")
        for g in gold:
            text = corpus.get(g.get("source", ""))
            if text is None:
                problems.append(f"{where}: unknown source {g.get('source')}")
            elif g.get("quote", "") not in text or not g.get("quote"):
                problems.append(f"{where}: quote is not a substring of {g['source']}")
        if gold and not any(_flat(q["answer"]) in _flat(g.get("quote", "")) for g in gold):
            problems.append(f"{where}: answer not in any gold quote")
    return problems, counts


def main(argv: list[str]) -> int:
    failed = False
    for name in argv or ["eval/facts/heldout/b"]:
        problems, counts = check(Path(name))
        print(
            f"{name}: {sum(counts.values())} questions "
            + ", ".join(f"{t} {counts[t]}" for t in TYPES if counts[t])
        )
        for problem in problems:
            print(f"  {problem}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
