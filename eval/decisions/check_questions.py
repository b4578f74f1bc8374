"""Validate a decision-register question set against its corpus folder (standard library only).

Each line of the JSONL file is one question in the format of ``eval/facts/questions-dev.jsonl``:
``id``, ``question``, ``answer``, ``answer_type``, ``kind`` and ``gold``. The checks are:

- every line is a JSON object with exactly those keys, and ids are unique;
- ``answer_type`` is ``vote``, ``person``, ``outcome`` or ``unanswerable``; ``kind`` is ``fact``;
- an answerable question has a non-empty answer and at least one gold entry; each gold entry
  names a ``source`` file in the corpus folder and a ``quote`` that is an exact substring of that
  file as stored (line endings kept, so CRLF files need ``\\r\\n`` in the quote) and 10-60 words
  long; the answer occurs in the quote once whitespace is collapsed on both sides (case-sensitive);
- an unanswerable question has ``"answer": ""`` and ``"gold": []``.

Prints one line per problem, then the counts by answer type and the sources covered.

    python3 eval/decisions/check_questions.py eval/decisions/questions-dev.jsonl \\
        tests/fixtures/decisions

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

KEYS = frozenset({"id", "question", "answer", "answer_type", "kind", "gold"})
GOLD_KEYS = frozenset({"source", "quote"})
ANSWER_TYPES = ("vote", "person", "outcome")
UNANSWERABLE = "unanswerable"
QUOTE_WORDS = (10, 60)


def collapse(text: str) -> str:
    """Whitespace runs (spaces, line breaks, CRLF, non-breaking spaces) become one space."""
    return " ".join(text.split())


def read_source(folder: Path, name: str, cache: dict[str, str | None]) -> str | None:
    """The file's text exactly as stored (no newline translation), or None when absent."""
    if name not in cache:
        path = folder / name
        if path.is_file() and path.parent.resolve() == folder.resolve():
            cache[name] = path.read_bytes().decode("utf-8")
        else:
            cache[name] = None
    return cache[name]


def check_gold(
    where: str, answer: str, gold: object, folder: Path, cache: dict[str, str | None]
) -> tuple[list[str], set[str]]:
    """Problems with one answerable question's gold list, and the sources it cites."""
    problems: list[str] = []
    sources: set[str] = set()
    if not isinstance(gold, list) or not gold:
        return [f"{where}: an answerable question needs a non-empty gold list"], sources
    for index, entry in enumerate(gold):
        at = f"{where} gold[{index}]"
        if not isinstance(entry, dict) or set(entry) != GOLD_KEYS:
            problems.append(f"{at}: must be an object with keys {sorted(GOLD_KEYS)}")
            continue
        source, quote = entry["source"], entry["quote"]
        if not isinstance(source, str) or not isinstance(quote, str):
            problems.append(f"{at}: source and quote must be strings")
            continue
        text = read_source(folder, source, cache)
        if text is None:
            problems.append(f"{at}: source {source!r} is not a file in {folder}")
            continue
        sources.add(source)
        if quote not in text:
            hint = (
                " (matches once whitespace is collapsed)"
                if collapse(quote) in collapse(text)
                else ""
            )
            problems.append(f"{at}: quote is not an exact substring of {source}{hint}")
        words = len(quote.split())
        if not QUOTE_WORDS[0] <= words <= QUOTE_WORDS[1]:
            problems.append(f"{at}: quote has {words} words ({QUOTE_WORDS[0]}-{QUOTE_WORDS[1]})")
        if collapse(answer) not in collapse(quote):
            problems.append(f"{at}: answer {answer!r} does not occur in the quote")
    return problems, sources


def check_row(
    where: str, row: dict[str, object], folder: Path, cache: dict[str, str | None]
) -> tuple[list[str], set[str]]:
    """Problems with one question, and the sources it cites."""
    if set(row) != KEYS:
        missing, extra = sorted(KEYS - set(row)), sorted(set(row) - KEYS)
        return [f"{where}: missing keys {missing}, unknown keys {extra}"], set()
    problems: list[str] = []
    question, answer, answer_type = row["question"], row["answer"], row["answer_type"]
    if not isinstance(question, str) or not question.strip():
        problems.append(f"{where}: question must be a non-empty string")
    if row["kind"] != "fact":
        problems.append(f"{where}: kind must be 'fact'")
    if not isinstance(answer, str):
        return [*problems, f"{where}: answer must be a string"], set()
    if answer_type == UNANSWERABLE:
        if answer != "" or row["gold"] != []:
            problems.append(f"{where}: an unanswerable question has answer '' and gold []")
        return problems, set()
    if answer_type not in ANSWER_TYPES:
        return [*problems, f"{where}: answer_type {answer_type!r} is not allowed"], set()
    if not answer.strip():
        problems.append(f"{where}: an answerable question needs a non-empty answer")
        return problems, set()
    gold_problems, sources = check_gold(where, answer, row["gold"], folder, cache)
    return problems + gold_problems, sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, help="the JSONL question file")
    parser.add_argument("corpus", type=Path, help="the folder holding the source .txt files")
    args = parser.parse_args(argv)
    questions: Path = args.questions
    folder: Path = args.corpus

    problems: list[str] = []
    types: Counter[str] = Counter()
    per_source: Counter[str] = Counter()
    ids: set[str] = set()
    cache: dict[str, str | None] = {}
    lines = questions.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{questions.name}:{number}"
        try:
            row: object = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        qid = row.get("id")
        if not isinstance(qid, str) or not qid:
            problems.append(f"{where}: id must be a non-empty string")
        else:
            if qid in ids:
                problems.append(f"{where}: duplicate id {qid!r}")
            ids.add(qid)
            where = f"{where} ({qid})"
        row_problems, sources = check_row(where, row, folder, cache)
        problems.extend(row_problems)
        types[str(row.get("answer_type"))] += 1
        per_source.update(sources)

    for problem in problems:
        print(f"FAIL: {problem}")
    corpus_files = sorted(path.name for path in folder.glob("*.txt"))
    uncited = [name for name in corpus_files if name not in per_source]
    order = [*ANSWER_TYPES, UNANSWERABLE]
    counts = [f"{name} {types[name]}" for name in order if types[name]]
    counts += [f"{name} {count}" for name, count in sorted(types.items()) if name not in order]
    print(f"{sum(types.values())} questions: " + ", ".join(counts))
    print(f"sources cited: {len(per_source)} of {len(corpus_files)} .txt files in {folder}")
    if uncited:
        print("not cited: " + ", ".join(uncited))
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("all questions valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
