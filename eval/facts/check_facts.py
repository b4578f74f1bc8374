"""Validate the fact-question sets and the council-attribution set.

Checks every file under ``eval/facts`` and ``eval/councils/attribution.jsonl``: JSON lines are
valid objects, ids are unique, gold quotes are exact substrings of their source files, gold
answers occur in their quotes (QMSum: in the content of a listed turn), answer types are known,
questions about one document stay in one split, and the counts meet the set's design. Prints
the counts per answer type and split (``--markdown`` prints them as a table for the README).

Standard library only. The QMSum meetings and the council register are development data outside
the repository: they are looked up under ``MINUTES_SHARED_DIR`` (else ``../shared``), and the
checks that need them are reported as skipped when they are absent.

    python eval/facts/check_facts.py [--shared DIR] [--markdown]

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FACTS = Path(__file__).resolve().parent
REPO = FACTS.parents[1]
CORPUS = FACTS / "corpus"
SAMPLES = REPO / "samples" / "corpus"
ATTRIBUTION = REPO / "eval" / "councils" / "attribution.jsonl"

ANSWER_TYPES = ("count", "amount", "percentage", "date", "person", "vote", "outcome")
UNANSWERABLE = "unanswerable"
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CORPUS_NAME = re.compile(rf"^{_SLUG}_{_SLUG}_\d{{4}}-\d{{2}}-\d{{2}}\.txt$")
QUESTION_KEYS = {"id", "question", "answer", "answer_type", "kind", "gold"}
QMSUM_KEYS = {"id", "question", "answer", "answer_type", "kind", "split", "meeting", "turns"}
ATTRIBUTION_KEYS = {"id", "text", "council", "note"}
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n[ \t]*(?=[a-z])")


def normalise(text: str) -> str:
    """Drop end-of-line hyphenation ("recom-\\nmended" -> "recommended"); collapse whitespace."""
    return " ".join(_HYPHEN_BREAK.sub("", text).split())


class Report:
    """Collects failures per file; prints them and a verdict at the end."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.skipped: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def skip(self, message: str) -> None:
        self.skipped.append(message)


def read_jsonl(path: Path, report: Report) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not path.is_file():
        report.fail(str(path), "missing")
        return rows
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            report.fail(f"{path.name}:{number}", f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(value, dict):
            report.fail(f"{path.name}:{number}", "not a JSON object")
            continue
        value["_line"] = number
        rows.append(value)
    return rows


def where(path: Path, row: dict[str, Any]) -> str:
    return f"{path.name}:{row.get('_line')} ({row.get('id')})"


def check_unique_ids(files: Iterable[tuple[Path, list[dict[str, Any]]]], report: Report) -> None:
    seen: dict[str, str] = {}
    for path, rows in files:
        for row in rows:
            ident = row.get("id")
            if not isinstance(ident, str) or not ident:
                report.fail(where(path, row), "id missing or not a string")
                continue
            if ident in seen:
                report.fail(where(path, row), f"duplicate id (also in {seen[ident]})")
            seen[ident] = path.name


def check_corpus(report: Report) -> dict[str, str]:
    """The written minutes: names, sizes and their licence note. Returns {file name: text}."""
    texts: dict[str, str] = {}
    if not (CORPUS.parent / "CORPUS.md").is_file():
        report.fail(str(CORPUS.parent), "CORPUS.md (what the documents are, licence) missing")
    if stray := sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".txt"):
        report.fail(str(CORPUS), f"only minutes belong here (it is indexed whole): {stray}")
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text("utf-8")
        texts[path.name] = text
        if not CORPUS_NAME.match(path.name):
            report.fail(path.name, "name is not <council-slug>_<committee-slug>_<yyyy-mm-dd>.txt")
        words = len(text.split())
        if not 600 <= words <= 1500:
            report.fail(path.name, f"{words} words (want 600-1500)")
    if not 12 <= len(texts) <= 15:
        report.fail(str(CORPUS), f"{len(texts)} documents (want 12-15)")
    return texts


def check_fact_questions(
    path: Path, rows: list[dict[str, Any]], texts: dict[str, str], report: Report, prefix: str
) -> None:
    """Fact questions with gold quotes over ``texts`` (file name -> text)."""
    for row in rows:
        at = where(path, row)
        keys = set(row) - {"_line"}
        if not keys <= QUESTION_KEYS:
            report.fail(at, f"unknown keys {sorted(keys - QUESTION_KEYS)}")
        if not str(row.get("id", "")).startswith(prefix):
            report.fail(at, f"id should start with {prefix!r}")
        if not isinstance(row.get("question"), str) or not row["question"].strip():
            report.fail(at, "question missing")
        if row.get("kind") != "fact":
            report.fail(at, "kind should be 'fact'")
        gold = row.get("gold")
        answer_type = row.get("answer_type")
        if not isinstance(gold, list):
            report.fail(at, "gold should be a list")
            continue
        if not gold:
            if answer_type != UNANSWERABLE:
                report.fail(at, "empty gold needs answer_type 'unanswerable'")
            if "answer" in row:
                report.fail(at, "an unanswerable question has no answer")
            continue
        if answer_type not in ANSWER_TYPES:
            report.fail(at, f"answer_type {answer_type!r} not one of {ANSWER_TYPES}")
        answer = row.get("answer")
        if not isinstance(answer, str) or not answer.strip():
            report.fail(at, "answer missing")
            continue
        found = False
        for entry in gold:
            if not isinstance(entry, dict) or set(entry) != {"source", "quote"}:
                report.fail(at, "gold entries are {source, quote}")
                continue
            source, quote = entry["source"], entry["quote"]
            if source not in texts:
                report.fail(at, f"unknown source {source!r}")
                continue
            if quote not in texts[source]:
                report.fail(at, f"quote is not an exact substring of {source}")
                continue
            words = len(quote.split())
            if not 10 <= words <= 60:
                report.fail(at, f"quote has {words} words (want 10-60)")
            found = found or normalise(answer) in normalise(quote)
        if not found:
            report.fail(at, f"answer {answer!r} does not occur in any gold quote")


def split_documents(rows: list[dict[str, Any]]) -> set[str]:
    return {g["source"] for r in rows for g in r.get("gold") or [] if isinstance(g, dict)}


def check_qmsum(path: Path, rows: list[dict[str, Any]], shared: Path, report: Report) -> None:
    root = shared / "corpus" / "qmsum-committee-dev"
    have_data = root.is_dir()
    if not have_data:
        report.skip(f"{path.name}: turn contents not checked ({root} not found)")
    cache: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        at = where(path, row)
        keys = set(row) - {"_line"}
        if keys != QMSUM_KEYS:
            report.fail(at, f"keys should be {sorted(QMSUM_KEYS)}")
            continue
        if not str(row["id"]).startswith("f-qm-"):
            report.fail(at, "id should start with 'f-qm-'")
        if row["kind"] != "fact" or row["answer_type"] not in ANSWER_TYPES:
            report.fail(at, "kind must be 'fact' and answer_type a known type")
        if row["split"] not in ("train", "val"):
            report.fail(at, "split must be 'train' or 'val'")
            continue
        answer, turns = row["answer"], row["turns"]
        if not isinstance(answer, str) or not 1 <= len(answer.split()) <= 6:
            report.fail(at, "answer must be 1-6 words")
            continue
        if not isinstance(turns, list) or not turns or not all(isinstance(t, int) for t in turns):
            report.fail(at, "turns must be a non-empty list of turn indexes")
            continue
        if not have_data:
            continue
        key = (row["split"], str(row["meeting"]))
        if key not in cache:
            meeting = root / key[0] / f"{key[1]}.json"
            if not meeting.is_file():
                report.fail(at, f"no meeting {meeting}")
                continue
            data = json.loads(meeting.read_text("utf-8"))
            cache[key] = [normalise(str(t.get("content", ""))) for t in data["meeting_transcripts"]]
        contents = cache[key]
        if not all(0 <= t < len(contents) for t in turns):
            report.fail(at, f"turn index out of range (meeting has {len(contents)} turns)")
            continue
        if not any(normalise(answer) in contents[t] for t in turns):
            report.fail(at, f"answer {answer!r} not in the content of turns {turns}")
    splits = Counter(r.get("split") for r in rows)
    if len(rows) != 20 or splits["train"] != 12 or splits["val"] != 8:
        report.fail(path.name, f"want 20 questions (12 train, 8 val), got {dict(splits)}")


def check_attribution(rows: list[dict[str, Any]], shared: Path, report: Report) -> Counter[str]:
    register = shared / "data" / "uk-councils.csv"
    names: set[str] | None = None
    if register.is_file():
        with register.open(encoding="utf-8", newline="") as handle:
            names = {row["common_name"] for row in csv.DictReader(handle)}
    else:
        report.skip(f"attribution: council names not checked ({register} not found)")
    groups: Counter[str] = Counter()
    for row in rows:
        at = where(ATTRIBUTION, row)
        if set(row) - {"_line"} != ATTRIBUTION_KEYS:
            report.fail(at, f"keys should be {sorted(ATTRIBUTION_KEYS)}")
            continue
        text, council = row["text"], row["council"]
        lines = len(str(text).splitlines())
        if not 5 <= lines <= 25:
            report.fail(at, f"text has {lines} lines (want 5-25)")
        if not isinstance(row["note"], str) or not row["note"].strip():
            report.fail(at, "note missing")
        group = str(row["id"]).split("-")[1] if str(row["id"]).count("-") >= 2 else "?"
        groups[group] += 1
        if group == "neg":
            if council is not None:
                report.fail(at, "a negative has council null")
            if "council" not in str(text).lower():
                report.fail(at, "a hard negative should say 'Council'")
        elif group in ("pos", "trk"):
            if not isinstance(council, str):
                report.fail(at, "a positive names its council")
            elif names is not None and council not in names:
                report.fail(at, f"{council!r} is not a common_name in the register")
        else:
            report.fail(at, "id should be attr-pos-NNN, attr-neg-NNN or attr-trk-NNN")
    if len(rows) < 60 or groups["pos"] < 25 or groups["neg"] < 20 or groups["trk"] < 15:
        report.fail(ATTRIBUTION.name, f"want >= 60 (25 pos, 20 neg, 15 tricky), got {dict(groups)}")
    return groups


def type_table(counts: dict[str, Counter[str]], markdown: bool) -> str:
    columns = [*ANSWER_TYPES, UNANSWERABLE]
    names = list(counts)
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    rows = [(name, counts[name]) for name in names] + [("total", total)]
    if markdown:
        out = ["| set | " + " | ".join(columns) + " | all |", "|---" * (len(columns) + 2) + "|"]
        for name, c in rows:
            row = " | ".join(str(c.get(col, 0)) for col in columns)
            out.append(f"| {name} | {row} | {sum(c.values())} |")
        return "\n".join(out)
    out = [f"{'set':<10}" + "".join(f"{col:>13}" for col in columns) + f"{'all':>6}"]
    for name, c in rows:
        cells = "".join(f"{c.get(col, 0):>13}" for col in columns)
        out.append(f"{name:<10}{cells}{sum(c.values()):>6}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_shared = os.environ.get("MINUTES_SHARED_DIR") or str(REPO.parent / "shared")
    parser.add_argument("--shared", type=Path, default=Path(default_shared))
    parser.add_argument("--markdown", action="store_true", help="print the counts as a table")
    args = parser.parse_args(argv)
    report = Report()

    texts = check_corpus(report)
    dev_path, test_path = FACTS / "questions-dev.jsonl", FACTS / "questions-test.jsonl"
    sample_path, qmsum_path = FACTS / "sample-questions.jsonl", FACTS / "qmsum-questions.jsonl"
    dev, test = read_jsonl(dev_path, report), read_jsonl(test_path, report)
    sample, qmsum = read_jsonl(sample_path, report), read_jsonl(qmsum_path, report)
    attribution = read_jsonl(ATTRIBUTION, report)
    check_unique_ids(
        [(dev_path, dev), (test_path, test), (sample_path, sample), (qmsum_path, qmsum)], report
    )
    check_unique_ids([(ATTRIBUTION, attribution)], report)

    check_fact_questions(dev_path, dev, texts, report, "f-dev-")
    check_fact_questions(test_path, test, texts, report, "f-test-")
    sample_texts = {p.name: p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    check_fact_questions(sample_path, sample, sample_texts, report, "f-sample-")
    check_qmsum(qmsum_path, qmsum, args.shared, report)
    groups = check_attribution(attribution, args.shared, report)

    dev_docs, test_docs = split_documents(dev), split_documents(test)
    if dev_docs & test_docs:
        report.fail("splits", f"documents in both dev and test: {sorted(dev_docs & test_docs)}")
    unused = set(texts) - dev_docs - test_docs
    if unused:
        report.fail("splits", f"corpus documents with no question: {sorted(unused)}")
    answerable = [r for r in dev + test if r.get("gold")]
    if len(answerable) < 50:
        report.fail("splits", f"{len(answerable)} answerable questions (want >= 50)")
    for name, rows in (("dev", dev), ("test", test)):
        missing = sum(1 for r in rows if not r.get("gold"))
        if missing < 6:
            report.fail(name, f"{missing} unanswerable questions (want >= 6)")
    if len(sample) != 10:
        report.fail(sample_path.name, f"{len(sample)} questions (want 10)")

    counts: dict[str, Counter[str]] = {
        "dev": Counter(str(r.get("answer_type")) for r in dev),
        "test": Counter(str(r.get("answer_type")) for r in test),
        "sample": Counter(str(r.get("answer_type")) for r in sample),
        "qmsum": Counter(f"{r.get('answer_type')}" for r in qmsum),
    }
    print(type_table(counts, args.markdown))
    print()
    qm_splits = Counter(str(r.get("split")) for r in qmsum)
    print(
        f"corpus: {len(texts)} documents ({len(dev_docs)} dev, {len(test_docs)} test); "
        f"qmsum: {qm_splits['train']} train, {qm_splits['val']} val; "
        f"attribution: {len(attribution)} entries "
        f"({groups['pos']} positive, {groups['trk']} tricky positive, {groups['neg']} negative)"
    )
    for message in report.skipped:
        print(f"skipped: {message}")
    for message in report.errors:
        print(f"FAIL {message}", file=sys.stderr)
    print("FAILED" if report.errors else "OK: all checks passed")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
