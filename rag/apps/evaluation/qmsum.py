"""QMSum committee meetings → a corpus folder (one text file per meeting) and a question set.

QMSum JSON has ``meeting_transcripts`` ([{speaker, content}]) and ``specific_query_list``
([{query, answer, relevant_text_span: [[start, end], ...]}]) with 0-based, inclusive turn spans.
Each turn becomes one paragraph "Speaker: content"; a question's gold entries are the turns of its
spans, quoted verbatim, with ``source`` = the meeting's file name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...errors import InputError

__all__ = ["turn_text", "write_qmsum"]


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
            turns, queries = _read_meeting(path)
        except (OSError, ValueError, LookupError, AttributeError, TypeError) as exc:
            reason = f"not a QMSum meeting file ({type(exc).__name__}: {exc})"
            raise InputError(path, reason) from None
        name = f"{path.stem}.txt"
        (out_dir / name).write_text("\n\n".join(turns) + "\n", "utf-8")
        for n, (query, answer, spans) in enumerate(queries):
            gold = [
                {"source": name, "quote": turns[index]}
                for start, end in spans
                for index in range(start, min(end, len(turns) - 1) + 1)
            ]
            questions.append(
                {
                    "id": f"{path.stem}-{n}",
                    "question": query,
                    "answer": answer,
                    "gold": gold,
                    "kind": "said",
                }
            )
    return questions


def _read_meeting(path: Path) -> tuple[list[str], list[tuple[str, str, list[tuple[int, int]]]]]:
    """A meeting's turns as paragraphs, and its specific queries (query, answer, turn spans)."""
    data = json.loads(path.read_text("utf-8"))
    turns = [turn_text(t) for t in data.get("meeting_transcripts", [])]
    queries = [
        (
            str(q["query"]),
            str(q.get("answer", "")),
            [(int(start), int(end)) for start, end in q.get("relevant_text_span", [])],
        )
        for q in data.get("specific_query_list", [])
    ]
    return turns, queries
