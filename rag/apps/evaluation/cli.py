"""`minutes eval` and `minutes eval-prep`: their options and what they do (registered by the
``minutes`` command, :mod:`rag.apps.cli`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...errors import ConfigError
from ...settings import Settings
from .decisions import (
    load_labelled,
    markdown_report,
    perfect_predictions,
    predictions_from_index,
    score_decisions,
)
from .qmsum import write_qmsum
from .questions import items_to_questions, load_questions, write_questions
from .runner import evaluate, markdown_table
from .systems import SYSTEM_NAMES, check_requirements

__all__ = ["add_commands", "cmd_eval", "cmd_eval_decisions", "cmd_eval_ocr", "cmd_eval_prep"]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("eval", help="score retrieval, answers, citations and abstention")
    p.add_argument("questions", type=Path, metavar="QUESTIONS.jsonl")
    p.add_argument("--corpus", type=Path, required=True, help="folder the gold sources are in")
    p.add_argument(
        "--systems",
        default=",".join(SYSTEM_NAMES),
        help=f"comma-separated, from {', '.join(SYSTEM_NAMES)} (default: all)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("minutes-eval"),
        help="report folder, made in the current folder by default (minutes-eval)",
    )
    p.add_argument("-k", type=int, default=10, help="passages retrieved per question")
    p.add_argument(
        "--split",
        help="only the questions of this split (train, val, test): tune on one, report another",
    )
    p.add_argument(
        "--failures",
        type=int,
        default=0,
        metavar="N",
        help="list the N worst questions per system: the gold passage's rank and the top 3",
    )

    p = sub.add_parser(
        "eval-decisions", help="score the decision register against labelled minutes"
    )
    p.add_argument(
        "folders",
        nargs="+",
        type=Path,
        metavar="FOLDER",
        help="folders of <name>.txt minutes with <name>.expected.json labels",
    )
    p.add_argument("--out", type=Path, help="write report.json and report.md here")

    p = sub.add_parser(
        "eval-ocr", help="character error rate and exact figures of OCR on scanned test pages"
    )
    p.add_argument(
        "folder",
        type=Path,
        metavar="FOLDER",
        help="page-NN.pdf with page-NN.txt truth (python eval/ocr/make_pages.py FOLDER)",
    )
    p.add_argument(
        "--engines",
        default="tesseract",
        help="comma-separated, from tesseract, rapidocr, rapidocr-nofix (default tesseract)",
    )
    p.add_argument("--limit", type=int, help="only the first N pages")
    p.add_argument("--out", type=Path, help="write report.json and report.md here")

    p = sub.add_parser("eval-prep", help="turn a dataset into a corpus folder + question set")
    p.add_argument("format", choices=["qmsum", "items"])
    p.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        help="qmsum: JSON files or folders; items: ITEMS.jsonl QUESTIONS.jsonl",
    )
    p.add_argument(
        "--out", type=Path, required=True, help="writes OUT/corpus and OUT/questions.jsonl"
    )


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEM_NAMES]
    if unknown or not systems:
        raise ConfigError(
            f"unknown system(s) {', '.join(unknown) or '(none)'}; choose from "
            f"{', '.join(SYSTEM_NAMES)}"
        )
    check_requirements(systems)
    if args.k < 1:
        raise ConfigError(f"-k must be at least 1 (got {args.k})")
    if not args.corpus.is_dir():
        raise ConfigError(f"corpus folder {args.corpus} does not exist")
    if args.failures < 0:
        raise ConfigError(f"--failures must be 0 or more (got {args.failures})")
    questions = load_questions(args.questions)
    if args.split:
        questions = [q for q in questions if q.split == args.split]
        if not questions:
            raise ConfigError(f"{args.questions} has no questions of split '{args.split}'")
    report = evaluate(
        questions,
        args.corpus,
        args.out,
        systems,
        settings,
        k=args.k,
        progress=sys.stderr.isatty(),
        failures=args.failures,
    )
    print(markdown_table(report, args.k))
    if args.failures:
        for system in report:
            print("\n" + (args.out / f"failures-{system}.md").read_text("utf-8").rstrip())
    print(f"\nReports in {args.out}: report.json, report.md, report.png, <system>.jsonl")
    return 0


def cmd_eval_ocr(args: argparse.Namespace, settings: Settings) -> int:
    from .ocr import run

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    report = run(args.folder, engines, args.limit)
    markdown = str(report.pop("markdown"))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
        (args.out / "report.md").write_text(markdown, "utf-8")
    print(markdown, end="")
    return 0


def cmd_eval_prep(args: argparse.Namespace, settings: Settings) -> int:
    corpus = args.out / "corpus"
    if args.format == "qmsum":
        files: list[Path] = []
        for item in args.inputs:
            files += sorted(item.glob("*.json")) if item.is_dir() else [item]
        missing = [str(f) for f in files if not f.exists()]
        if missing or not files:
            raise ConfigError(f"no QMSum JSON files found ({', '.join(missing) or args.inputs})")
        questions = write_qmsum(files, corpus)
    else:
        if len(args.inputs) != 2:
            raise ConfigError("items needs two files: ITEMS.jsonl QUESTIONS.jsonl")
        items, asked = args.inputs
        corpus.mkdir(parents=True, exist_ok=True)
        (corpus / items.name).write_bytes(items.read_bytes())
        questions = items_to_questions(items, asked, source=items.name)
    write_questions(questions, args.out / "questions.jsonl")
    print(
        json.dumps(
            {
                "corpus": str(corpus),
                "questions": str(args.out / "questions.jsonl"),
                "count": len(questions),
            }
        )
    )
    return 0


def cmd_eval_decisions(args: argparse.Namespace, settings: Settings) -> int:
    labelled = load_labelled(args.folders)
    perfect = score_decisions(labelled, perfect_predictions(labelled))["all"]
    if any(row["f1"] < 1.0 for row in perfect.values() if row["labelled"]):
        raise ConfigError("the labels do not score 1.0 against themselves: check the spans")
    predictions = predictions_from_index(labelled, args.folders, settings)
    report = score_decisions(labelled, predictions)
    shuffled = score_decisions(labelled, predictions, shuffle_seed=13)
    sets = ", ".join(str(f) for f in args.folders)
    text = markdown_report(report, shuffled, sets)
    print(text.rstrip())
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        payload = {
            "sets": [str(f) for f in args.folders],
            "files": len(labelled),
            "labelled_decisions": sum(len(item.decisions) for item in labelled),
            "report": report,
            "shuffled": shuffled,
        }
        (args.out / "report.json").write_text(json.dumps(payload, indent=1) + "\n", "utf-8")
        (args.out / "report.md").write_text(text, "utf-8")
        print(f"\nReports in {args.out}: report.json, report.md")
    return 0
