"""Validate a decision question set against its documents (standard library only).

Checks: one JSON object per line with exactly the keys id, question, answer, answer_type, kind,
gold; unique ids; allowed answer types; each gold quote is an exact substring of its source file
as stored (line breaks included, CRLF kept), 10-60 words long, and contains the answer once
whitespace is collapsed (end-of-line hyphenation removed); unanswerable questions have answer ""
and gold [].

Usage: ``python3 eval/decisions/check_questions.py [QUESTIONS.jsonl DOCUMENTS_FOLDER]`` (default:
questions-test.jsonl over heldout/). Prints counts; exits 1 on a problem.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "heldout"
QUESTIONS = HERE / "questions-test.jsonl"
KEYS = {"id", "question", "answer", "answer_type", "kind", "gold"}
TYPES = {"vote", "person", "outcome", "unanswerable"}


def norm(text: str) -> str:
    """Drop end-of-line hyphenation, then collapse whitespace."""
    return " ".join(re.sub(r"-\r?\n\s*", "-", text).split())


def main(argv: list[str]) -> int:
    global QUESTIONS, DOCS
    if len(argv) == 2:
        QUESTIONS, DOCS = Path(argv[0]), Path(argv[1])
    elif argv:
        print("usage: check_questions.py [QUESTIONS.jsonl DOCUMENTS_FOLDER]", file=sys.stderr)
        return 2
    problems: list[str] = []
    seen: set[str] = set()
    types: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for number, line in enumerate(QUESTIONS.read_text("utf-8").splitlines(), 1):
        where = f"line {number}"
        item = json.loads(line)
        if set(item) != KEYS:
            problems.append(f"{where}: keys {sorted(item)}")
            continue
        if item["id"] in seen:
            problems.append(f"{where}: duplicate id {item['id']}")
        seen.add(item["id"])
        kind = item["answer_type"]
        types[kind] += 1
        if kind not in TYPES or item["kind"] != "fact":
            problems.append(f"{where}: answer_type {kind!r} / kind {item['kind']!r}")
        if kind == "unanswerable":
            if item["answer"] != "" or item["gold"] != []:
                problems.append(f"{where}: unanswerable needs answer '' and gold []")
            continue
        if not item["answer"] or not item["gold"]:
            problems.append(f"{where}: missing answer or gold")
        for gold in item["gold"]:
            path = DOCS / gold["source"]
            if not path.exists():
                problems.append(f"{where}: no such source {gold['source']}")
                continue
            sources[gold["source"]] += 1
            raw = path.open(encoding="utf-8", newline="").read()
            quote = gold["quote"]
            if quote not in raw:
                problems.append(f"{where}: quote is not an exact substring of {gold['source']}")
            words = len(quote.split())
            if not 10 <= words <= 60:
                problems.append(f"{where}: quote has {words} words")
            if norm(item["answer"]) not in norm(quote):
                problems.append(f"{where}: answer {item['answer']!r} not in quote")
    for problem in problems:
        print(f"FAIL: {problem}")
    print(
        f"{sum(types.values())} questions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(types.items()))
    )
    print(f"{len(sources)} source documents cited")
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("all questions valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
