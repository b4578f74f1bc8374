"""The ``minutes`` command in-process with the fake embedder: output, JSON, errors, exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rag.apps.cli import main
from rag.dates import parse_date_bound
from rag.errors import ConfigError
from tests.fakes import FakeEmbedder


def test_parse_date_bound() -> None:
    assert parse_date_bound("2022-11-22") == date(2022, 11, 22)
    assert parse_date_bound("22/11/2022") == date(2022, 11, 22)
    assert parse_date_bound("2022") == date(2022, 1, 1)
    assert parse_date_bound("2022", end=True) == date(2022, 12, 31)
    assert parse_date_bound("Feb 2024", end=True) == date(2024, 2, 29)
    assert parse_date_bound("2023-05") == date(2023, 5, 1)
    with pytest.raises(ConfigError, match="yesterday"):
        parse_date_bound("yesterday")


def test_ingest_search_and_info(
    sample_corpus: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(sample_corpus), "--index", "s"]) == 0
    out = capsys.readouterr().out
    assert "5 new" in out and "agenda items" in out

    assert main(["search", "agency staff", "--index", "s", "--json", "-k", "4"]) == 0
    passages = json.loads(capsys.readouterr().out)
    assert len(passages) == 4
    fields = {
        "source",
        "text",
        "score",
        "council",
        "committee",
        "meeting_date",
        "item_number",
        "item_title",
        "url",
        "page",
        "citation_id",
    }
    assert fields <= set(passages[0])
    assert all(p["source"].endswith(".txt") and "/" not in p["source"] for p in passages)
    assert [p["rank"] for p in passages] == [1, 2, 3, 4]

    assert main(["search", "agency staff", "--index", "s", "--council", "bcp"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "Filters: council=bcp"  # no internal fields shown
    assert "BCP" in text and "Trafford" not in text
    assert "**agency**" in text.lower() or "**agency" in text.lower()

    assert main(["info", "--index", "s", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["councils"] == ["BCP", "Croydon", "Trafford"]
    assert info["documents"] == 5


def test_user_mistakes_are_one_line_errors(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "anything", "--index", "missing"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no index" in err and "Traceback" not in err

    (tmp_path / "a.txt").write_text("1. Budget\nThe budget was agreed.")
    assert main(["ingest", str(tmp_path / "a.txt"), "--index", "d"]) == 0
    capsys.readouterr()
    assert main(["search", "budget", "--index", "d", "--since", "last tuesday"]) == 2
    err = capsys.readouterr().err
    assert "cannot read the date" in err and err.count("\n") == 1

    assert main(["ingest", str(tmp_path / "nope.txt"), "--index", "d"]) == 1
    err = capsys.readouterr().err
    assert "nope.txt: no such file or directory" in err


def test_a_bad_setting_is_named_with_its_variable(
    fake_env: FakeEmbedder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MINUTES_EMBEDDER__BATCH_SIZE", "0")
    assert main(["info", "--index", "any"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "minutes: error: invalid setting MINUTES_EMBEDDER__BATCH_SIZE: "
        "Input should be greater than or equal to 1\n"
    )


def test_querying_with_another_embedder_is_refused(
    sample_corpus: Path,
    fake_env: FakeEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ingest", str(sample_corpus), "--index", "e"]) == 0
    capsys.readouterr()
    from tests.fakes import register

    register("test/other-embedder", 32)
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", "test/other-embedder")
    assert main(["search", "agency", "--index", "e"]) == 3
    err = capsys.readouterr().err
    assert "built with embedder 'test/fake-hash-64'" in err


def test_embedder_notes_reach_stderr_once(capsys: pytest.CaptureFixture[str]) -> None:
    """The ONNX export / torch fallback lines are shown to CLI users, not swallowed."""
    import logging

    from rag.apps.cli import _show_embedder_notes

    _show_embedder_notes()
    _show_embedder_notes()  # idempotent: main() runs once per call in tests
    logging.getLogger("rag.embedders").info("embedder: ONNX unavailable; using torch")
    assert capsys.readouterr().err == "note: embedder: ONNX unavailable; using torch\n"
