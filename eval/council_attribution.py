"""Council attribution: how often ``ingest.inference`` names the right council, and how rarely
it names a wrong one.

Two sets, each scored with the settings ingestion uses by default:

* ``eval/councils/attribution.jsonl`` (65 entries, committed; see its README): the opening
  lines of minutes and agenda pages, labelled with the register's ``common_name`` or null;
* the 30 QMSum-committee meetings in ``<shared>/corpus/qmsum-committee-dev/{train,val}``,
  written as ``minutes eval-prep qmsum`` writes them. They are Welsh Parliament and Canadian
  House of Commons committees: no UK council's, so every attribution is a false positive.

Precision = correct attributions / attributions made (no attributions: no false ones, shown
as "–"); recall = correct attributions / labelled positives. A third row scores the
attribution set again with ``unlisted="headers"`` (councils in no register accepted from a
minutes header), which trades its Irish and Canadian negatives for non-UK recall.

    .venv/bin/python eval/council_attribution.py [--shared DIR] [--json] [--failures]

Exits 1 when a default-settings row falls below ``--min-precision`` (0.98).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.inference import infer_meeting
from rag.apps.evaluation.qmsum import write_qmsum
from rag.settings import CouncilSettings

REPO = Path(__file__).resolve().parent.parent
ATTRIBUTION_SET = REPO / "eval" / "councils" / "attribution.jsonl"
# The development data: MINUTES_SHARED_DIR, else ../shared beside the checkout (as the tests).
SHARED = Path(os.environ.get("MINUTES_SHARED_DIR") or REPO.parent / "shared")
QMSUM_SPLITS = ("train", "val")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    council: str | None  # the label: a register common_name, or None


@dataclass
class Score:
    name: str
    entries: int = 0
    positives: int = 0
    attributed: int = 0
    correct: int = 0
    warnings: int = 0
    errors: list[dict[str, str | None]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.correct / self.attributed if self.attributed else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.positives if self.positives else None


def score(name: str, cases: Iterable[Case], councils: CouncilSettings | None = None) -> Score:
    """Attribute every case's text and count against its label."""
    result = Score(name)
    for case in cases:
        found = infer_meeting(case.text, councils)
        got = found.get("council")
        result.entries += 1
        result.positives += case.council is not None
        result.attributed += got is not None
        result.correct += got is not None and got == case.council
        result.warnings += bool(found.get("warnings"))
        if got != case.council:
            evidence = found.get("provenance", {}).get("council")
            result.errors.append(
                {"id": case.id, "label": case.council, "got": got, "evidence": evidence}
            )
    return result


def attribution_cases(path: Path = ATTRIBUTION_SET) -> list[Case]:
    cases = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            cases.append(Case(entry["id"], entry["text"], entry["council"]))
    return cases


def qmsum_cases(shared: Path) -> list[Case] | None:
    """The QMSum meetings as `minutes eval-prep qmsum` writes them; None without the data."""
    folders = [shared / "corpus" / "qmsum-committee-dev" / split for split in QMSUM_SPLITS]
    if not all(folder.is_dir() for folder in folders):
        return None
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            out = Path(tmp) / folder.name
            write_qmsum(folder.glob("*.json"), out)
            for text_file in sorted(out.glob("*.txt")):
                meeting = f"{folder.name}/{text_file.stem}"
                cases.append(Case(meeting, text_file.read_text("utf-8"), None))
    return cases


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def markdown(scores: Sequence[Score]) -> str:
    lines = [
        "| set | entries | labelled positives | attributed | correct | wrong | precision "
        "| recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        wrong = s.attributed - s.correct
        lines.append(
            f"| {s.name} | {s.entries} | {s.positives} | {s.attributed} | {s.correct} | {wrong} "
            f"| {_number(s.precision)} | {_number(s.recall)} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--failures", action="store_true", help="list every wrong answer")
    parser.add_argument("--min-precision", type=float, default=0.98)
    args = parser.parse_args(argv)

    defaults = CouncilSettings(registers=[], builtin=True)
    scores = [score("attribution set", attribution_cases(), defaults)]
    gated = [scores[0]]
    qmsum = qmsum_cases(args.shared)
    if qmsum is None:
        print(
            f"QMSum part skipped: no qmsum-committee-dev data under {args.shared}", file=sys.stderr
        )
    else:
        scores.append(score("QMSum committee (train+val)", qmsum, defaults))
        gated.append(scores[-1])
    headers = defaults.model_copy(update={"unlisted": "headers"})
    scores.append(score("attribution set, unlisted=headers", attribution_cases(), headers))

    if args.json:
        rows = []
        for s in scores:
            row = {**asdict(s), "precision": s.precision, "recall": s.recall}
            if not args.failures:
                row.pop("errors")
            rows.append(row)
        print(json.dumps(rows, indent=1, ensure_ascii=False))
    else:
        print(markdown(scores))
        if args.failures:
            for s in scores:
                for error in s.errors:
                    print(f"- {s.name}: {json.dumps(error, ensure_ascii=False)}")
    low = [s.name for s in gated if s.precision is not None and s.precision < args.min_precision]
    if low:
        print(f"precision below {args.min_precision}: {', '.join(low)}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
