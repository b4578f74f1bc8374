"""Question sets: JSONL, one question per line.

``{"id", "question", "gold": [{"source", "quote"}], "answer"?, "kind"?, "filters"?}`` where
``source`` is a path relative to the ingested folder and ``quote`` a verbatim span of that file.
An empty ``gold`` means the question is unanswerable from the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ...errors import InputError
from ...models import Filters

__all__ = [
    "Gold",
    "Question",
    "items_to_questions",
    "load_questions",
    "read_objects",
    "write_questions",
]


class Gold(BaseModel):
    source: str
    quote: str


class Question(BaseModel):
    id: str
    question: str
    gold: list[Gold] = Field(default_factory=list)
    answer: str | None = None
    kind: str | None = None
    split: str | None = Field(
        None, description="'train', 'val' or 'test': tune on one, report another."
    )
    filters: Filters | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def load_questions(path: Path) -> list[Question]:
    """Read a question set; a bad line is an error naming the file and line."""
    questions: list[Question] = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(path, f"cannot read question set ({exc.strerror or exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            questions.append(Question.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(f"{path}:{number}", f"{where}: {first['msg']}") from None
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise InputError(path, "question ids are not unique")
    if not questions:
        raise InputError(path, "no questions")
    return questions


def write_questions(questions: Iterable[dict[str, Any] | Question], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for q in questions:
            data = q.model_dump(exclude_none=True) if isinstance(q, Question) else q
            handle.write(json.dumps(data, ensure_ascii=False) + "\n")


def read_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSONL file; InputError naming the
    file and line for anything that is not a JSON object."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(path, f"cannot read ({reason})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{number}", f"not valid JSON ({exc})") from None
        if not isinstance(value, dict):
            raise InputError(f"{path}:{number}", "not a JSON object")
        yield number, value


def items_to_questions(
    items_jsonl: Path, questions_jsonl: Path, source: str | None = None
) -> list[dict[str, Any]]:
    """Adapter for a generic agenda-item corpus with gold *item ids*.

    ``items_jsonl`` holds agenda items (``id``, ``title``, ``text``, ... as `minutes ingest`
    reads them); ``questions_jsonl`` holds ``{"id", "question", "gold_items": [item ids], ...}``.
    Each gold item becomes ``{source, quote}``: the items file (as ingested) and the item's text.
    """
    source = source or items_jsonl.name
    texts: dict[str, str] = {}
    for number, item in read_objects(items_jsonl):
        if "id" not in item:
            raise InputError(f"{items_jsonl}:{number}", "agenda item has no 'id'")
        texts[str(item["id"])] = str(item.get("text") or item.get("title") or "")
    out: list[dict[str, Any]] = []
    for number, q in read_objects(questions_jsonl):
        missing = [i for i in q.get("gold_items", []) if str(i) not in texts]
        if missing:
            raise InputError(f"{questions_jsonl}:{number}", f"unknown item ids {missing}")
        gold = [{"source": source, "quote": texts[str(i)]} for i in q.get("gold_items", [])]
        entry = {k: v for k, v in q.items() if k != "gold_items"}
        entry["gold"] = gold
        out.append(entry)
    return out
