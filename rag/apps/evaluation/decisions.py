"""`minutes eval-decisions`: score the decision register against labelled minutes.

A labelled folder holds ``<name>.txt`` minutes with ``<name>.expected.json`` (the schema of
``tests/fixtures/decisions/README.md``). The ``.txt`` files are ingested into a fresh index by
the real pipeline and the decisions are read back from it, so what is scored is what users get.

Matching: a predicted decision matches a labelled one when their spans (whitespace collapsed)
overlap by at least half of the shorter; each side is used once, best overlap first. Scores are
field-level: for a field, a prediction counts when it states a value (votes: any count), and it
is right when it is matched to a labelled decision with the same value; precision = right /
stated, recall = right / labelled values. So a missed or invented decision costs every field it
carries. ``shuffled`` rescores the same predictions with each field's values permuted across
decisions: a metric that does not fall there is not measuring anything.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.decisions.names import names_agree

from ...errors import ConfigError
from ...models import Decision
from ...settings import Settings

__all__ = [
    "FIELDS",
    "Labelled",
    "Predicted",
    "load_labelled",
    "predictions_from_index",
    "score_decisions",
]

FIELDS = ("decision", "kind", "outcome", "votes", "mover", "seconder", "names", "to_body", "item")


@dataclass
class Labelled:
    """One labelled minutes file: its text and its expected decisions."""

    name: str
    format: str
    text: str
    decisions: list[dict[str, Any]]


@dataclass
class Predicted:
    """A decision as the register holds it, reduced to the labelled fields."""

    start: int
    end: int
    values: dict[str, Any]


def _collapse_map(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space, and each original offset's collapsed one."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for ch in text:
        where.append(len(out))
        if ch.isspace():
            if not space and out:
                out.append(" ")
            space = True
        else:
            out.append(ch)
            space = False
    where.append(len(out))
    return "".join(out), where


def load_labelled(folders: Sequence[Path]) -> list[Labelled]:
    """Every ``.txt``/``.expected.json`` pair in ``folders`` (a missing pair is an error)."""
    found: list[Labelled] = []
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: not a folder of labelled decisions")
        for txt in sorted(folder.glob("*.txt")):
            expected = txt.with_name(txt.stem + ".expected.json")
            if not expected.exists():
                raise ConfigError(f"{txt}: no {expected.name} beside it")
            try:
                data = json.loads(expected.read_text("utf-8"))
            except ValueError as exc:
                raise ConfigError(f"{expected}: not valid JSON ({exc})") from exc
            found.append(
                Labelled(
                    txt.name,
                    str(data.get("format", "")),
                    _stored_text(txt),
                    list(data.get("decisions", [])),
                )
            )
    if not found:
        raise ConfigError(f"no labelled minutes in {', '.join(map(str, folders))}")
    return found


def _stored_text(path: Path) -> str:
    """The text as the index stores it (line endings and odd characters normalised), so the
    register's offsets point into the same text the labels are found in."""
    from ingest.textio import read_text  # the application layer may use ingest

    return read_text(path)[0]


def _gold_spans(collapsed: str, decisions: list[dict[str, Any]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for dec in decisions:
        start = collapsed.find(dec["text_start"], pos)
        if start < 0:
            start = collapsed.find(dec["text_start"])
        end = collapsed.find(dec["text_end"], max(start, 0))
        end = end + len(dec["text_end"]) if end >= 0 else start + len(dec["text_start"])
        spans.append((start, end))
        pos = end if start >= 0 else pos
    return spans


def _gold_values(dec: dict[str, Any]) -> dict[str, Any]:
    votes = dec.get("votes")
    names = {k: dec.get(f"{k}_names") for k in ("for", "against", "abstain")}
    return {
        "decision": True,
        "kind": dec.get("kind"),
        "outcome": dec.get("outcome"),
        "votes": (votes["for"], votes["against"], votes["abstain"]) if votes else None,
        "mover": dec.get("mover"),
        "seconder": dec.get("seconder"),
        "names": tuple(tuple(v) if v else () for v in names.values())
        if any(names.values())
        else None,
        "to_body": dec.get("to_body"),
        "item": dec.get("item"),
    }


def predicted_values(dec: Decision) -> dict[str, Any]:
    """The labelled fields of a stored decision."""
    votes = dec.votes
    names = (dec.for_names, dec.against_names, dec.abstain_names)
    return {
        "decision": True,
        "kind": dec.kind,
        "outcome": dec.outcome,
        "votes": (votes.in_favour, votes.against, votes.abstain) if votes else None,
        "mover": dec.mover,
        "seconder": dec.seconder,
        "names": tuple(tuple(v) if v else () for v in names) if any(names) else None,
        "to_body": dec.to_body,
        "item": dec.citation.item_number if dec.citation else None,
    }


def predictions_from_index(
    labelled: Sequence[Labelled], folders: Sequence[Path], settings: Settings
) -> dict[str, list[Predicted]]:
    """Ingest the labelled ``.txt`` files into a temporary index; its decisions per file."""
    from ingest.pipeline import ingest  # the application layer may use ingest

    from ...index.store import IndexStore

    files = [
        folder / item.name
        for folder in folders
        for item in labelled
        if (folder / item.name).exists()
    ]
    out: dict[str, list[Predicted]] = {item.name: [] for item in labelled}
    with tempfile.TemporaryDirectory(prefix="minutes-decisions-") as tmp:
        ingest(files, Path(tmp) / "index", settings)
        store = IndexStore.open(Path(tmp) / "index")
        try:
            for dec in store.decisions():
                source = dec.citation.source if dec.citation else ""
                name = Path(source).name
                if name in out:
                    out[name].append(Predicted(dec.start, dec.end, predicted_values(dec)))
        finally:
            store.close()
    return out


def _match(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pairs: list[tuple[float, int, int]] = []
    for gi, (ga, gb) in enumerate(gold):
        for pi, (pa, pb) in enumerate(pred):
            overlap = min(gb, pb) - max(ga, pa)
            shorter = max(1, min(gb - ga, pb - pa))
            if ga >= 0 and overlap > 0 and overlap / shorter >= 0.5:
                pairs.append((overlap / max(gb - ga, pb - pa, 1), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gi, pi))
    return matched


def _same(field: str, got: Any, want: Any) -> bool:
    if field in ("mover", "seconder") and isinstance(got, str):
        # the same person however the name is written ("Cllr. Dónal Riordan" in the notice's
        # heading, "Cllr. Riordan" in the line that moves it): labellers pick either
        return names_agree(got, want)
    if field in ("to_body", "item") and isinstance(got, str):
        return " ".join(got.split()) == " ".join(str(want).split())
    return bool(got == want)


def score_decisions(
    labelled: Sequence[Labelled],
    predictions: dict[str, list[Predicted]],
    *,
    shuffle_seed: int | None = None,
) -> dict[str, Any]:
    """Field-level precision/recall/F1 overall and per format; with ``shuffle_seed``, each
    field's predicted values are permuted across all predictions first (the sanity check)."""
    preds = {
        name: [Predicted(p.start, p.end, dict(p.values)) for p in ps]
        for name, ps in predictions.items()
    }
    if shuffle_seed is not None:
        everyone = [p for ps in preds.values() for p in ps]
        rng = random.Random(shuffle_seed)
        for field in FIELDS[1:]:
            values = [p.values[field] for p in everyone]
            rng.shuffle(values)
            for p, v in zip(everyone, values, strict=True):
                p.values[field] = v
    counts: dict[str, dict[str, list[int]]] = {}
    for item in labelled:
        collapsed, where = _collapse_map(item.text)
        gold = _gold_spans(collapsed, item.decisions)
        mine = preds.get(item.name, [])
        pred_spans = [(where[p.start], where[min(p.end, len(item.text))]) for p in mine]
        matched = dict((gi, pi) for gi, pi in _match(gold, pred_spans))
        for group in ("all", item.format or "unknown"):
            table = counts.setdefault(group, {f: [0, 0, 0] for f in FIELDS})
            for field in FIELDS:
                right, stated, wanted = table[field]
                stated += sum(1 for p in mine if p.values[field] is not None)
                gold_values = [_gold_values(d)[field] for d in item.decisions]
                wanted += sum(1 for v in gold_values if v is not None)
                for gi, pi in matched.items():
                    got = mine[pi].values[field]
                    if (
                        got is not None
                        and gold_values[gi] is not None
                        and _same(field, got, gold_values[gi])
                    ):
                        right += 1
                table[field] = [right, stated, wanted]
    report: dict[str, Any] = {}
    for group, table in counts.items():
        report[group] = {}
        for field, (right, stated, wanted) in table.items():
            precision = right / stated if stated else 0.0
            recall = right / wanted if wanted else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            report[group][field] = {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "right": right,
                "stated": stated,
                "labelled": wanted,
            }
    return report


def perfect_predictions(labelled: Sequence[Labelled]) -> dict[str, list[Predicted]]:
    """The labels themselves as predictions (a scorer self-test: must score 1.0)."""
    out: dict[str, list[Predicted]] = {}
    for item in labelled:
        collapsed, where = _collapse_map(item.text)
        back = {c: i for i, c in reversed(list(enumerate(where)))}
        spans = _gold_spans(collapsed, item.decisions)
        out[item.name] = [
            Predicted(back.get(a, 0), back.get(b, len(item.text)), _gold_values(d))
            for (a, b), d in zip(spans, item.decisions, strict=True)
        ]
    return out


def markdown_report(report: dict[str, Any], shuffled: dict[str, Any], sets: str) -> str:
    """The report as Markdown: one table per format group, and the shuffled sanity row."""
    lines = [f"# Decision register — {sets}", ""]
    for group, table in report.items():
        lines += [
            f"## {group}",
            "",
            "| field | precision | recall | F1 | right / stated / labelled |",
            "|---|---|---|---|---|",
        ]
        for field, row in table.items():
            lines.append(
                f"| {field} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | "
                f"{row['right']} / {row['stated']} / {row['labelled']} |"
            )
        lines.append("")
    lines += [
        "## sanity check: field values shuffled across predictions",
        "",
        "| field | precision | recall |",
        "|---|---|---|",
    ]
    for field, row in shuffled["all"].items():
        if field != "decision":
            lines.append(f"| {field} | {row['precision']:.3f} | {row['recall']:.3f} |")
    return "\n".join(lines) + "\n"


def name_of(path: Path) -> str:
    return re.sub(r"[^\w.-]+", "-", str(path)).strip("-")
