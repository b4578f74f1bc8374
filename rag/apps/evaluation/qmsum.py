"""QMSum committee meetings → a corpus folder (one text file per meeting) and a question set.

QMSum JSON has ``meeting_transcripts`` ([{speaker, content}]) and ``specific_query_list``
([{query, answer, relevant_text_span: [[start, end], ...]}]) with 0-based, inclusive turn spans.
Each turn becomes one paragraph "Speaker: content". A question's gold entries are the turns of
its spans that say at least ``MIN_GOLD_WORDS`` (12) words, each quoted verbatim without its
speaker label (which repeats at every turn of that speaker), with ``source`` = the meeting's
file name. Shorter turns are procedure and filler ("We'll now go to the honourable member for
X, Mr. Y.", "Thank you."): text from the same template anywhere in the meeting matches them, so
they are no evidence. Measured on the 30 development meetings (350 questions, ten random
180-word windows each, drawn from the gold file outside the question's gold turns): with
8-word turns such windows hit 5.4% of questions, with 12-word turns 2.0%; the best chunk of a
plain 200-word chunker hits every gold turn either way.

A meeting in a folder named ``train``, ``val`` or ``test`` gives its questions that ``split``,
so one corpus of every meeting can be scored on one split at a time
(``minutes eval --split val``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...errors import InputError
from .metrics import tokens

__all__ = ["MIN_GOLD_WORDS", "SPLITS", "turn_text", "write_qmsum"]

MIN_GOLD_WORDS = 12
SPLITS = ("train", "val", "test")


def turn_text(turn: dict[str, Any]) -> str:
    speaker = " ".join(str(turn.get("speaker", "")).split())
    content = " ".join(str(turn.get("content", "")).split())
    return f"{speaker}: {content}" if speaker else content


def write_qmsum(json_files: Iterable[Path], out_dir: Path) -> list[dict[str, Any]]:
    """Write ``out_dir/<meeting>.txt`` for each file and return the questions (JSON-ready)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    questions: list[dict[str, Any]] = []
    for path in sorted(json_files):
        try:
            turns, said, queries = _read_meeting(path)
        except (OSError, ValueError, LookupError, AttributeError, TypeError) as exc:
            reason = f"not a QMSum meeting file ({type(exc).__name__}: {exc})"
            raise InputError(path, reason) from None
        name = f"{path.stem}.txt"
        (out_dir / name).write_text("\n\n".join(turns) + "\n", "utf-8")
        split = path.parent.name if path.parent.name in SPLITS else None
        for n, (query, answer, spans) in enumerate(queries):
            gold = [
                {"source": name, "quote": said[index]}
                for start, end in spans
                for index in range(start, min(end, len(turns) - 1) + 1)
                if len(tokens(said[index])) >= MIN_GOLD_WORDS
            ]
            if not gold:
                continue  # only short turns: nothing a passage could be judged against
            question: dict[str, Any] = {
                "id": f"{path.stem}-{n}",
                "question": query,
                "answer": answer,
                "gold": gold,
                "kind": "said",
            }
            if split:
                question["split"] = split
            questions.append(question)
    return questions


def _read_meeting(
    path: Path,
) -> tuple[list[str], list[str], list[tuple[str, str, list[tuple[int, int]]]]]:
    """A meeting's turns as paragraphs ("Speaker: content"), what each turn says (its content),
    and its specific queries (query, answer, turn spans)."""
    data = json.loads(path.read_text("utf-8"))
    raw = data.get("meeting_transcripts", [])
    turns = [turn_text(t) for t in raw]
    said = [" ".join(str(t.get("content", "")).split()) for t in raw]
    queries = [
        (
            str(q["query"]),
            str(q.get("answer", "")),
            [(int(start), int(end)) for start, end in q.get("relevant_text_span", [])],
        )
        for q in data.get("specific_query_list", [])
    ]
    return turns, said, queries
