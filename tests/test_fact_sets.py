"""The held-out fact sets (eval/facts/heldout/*) are valid, and the validator can fail."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

SETS = sorted(p for p in (REPO / "eval/facts/heldout").iterdir() if p.is_dir())


def _validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_heldout", REPO / "eval/facts/check_heldout.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_held_out_set_is_valid(folder: Path) -> None:
    problems, counts = _validator().check(folder)
    assert problems == []
    assert sum(counts.values()) >= 50 and counts["unanswerable"] >= 5
    assert all(counts[t] >= 5 for t in ("count", "amount", "date", "person"))
    assert counts["vote"] + counts["outcome"] >= 8  # (set i: 5 votes, 3 outcomes)


def test_the_validator_finds_planted_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(SETS[0], broken)
    rows = [json.loads(line) for line in (broken / "questions.jsonl").read_text().splitlines()]
    answerable = [r for r in rows if r["gold"]]
    answerable[0]["gold"][0]["quote"] += " (not in the minutes)"
    answerable[1]["answer"] = "£999,999,999"
    rows.append(dict(rows[0]))  # a duplicate id
    (broken / "questions.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    problems, _ = _validator().check(broken)
    text = "\n".join(problems)
    assert "not a substring" in text and "answer not in any gold quote" in text
    assert "duplicate id" in text
