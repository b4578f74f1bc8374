"""``minutes ask --batch``: one JSON answer per question line, in order, with its id; a bad line
becomes an error object on its own line and a warning, never a crash."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pytest

from rag.apps.cli import main
from tests.conftest import REPO
from tests.fakes import FAKE_NAME, FakeEmbedder

RUN_FAKE = (
    "import sys, tests.fakes as f; f.register(); from rag.apps.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)


def write_lines(path: Path, rows: list[Any]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def read_jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def built(sample_corpus: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ingest", str(sample_corpus), "--index", "s", "--quiet"]) == 0
    capsys.readouterr()
    return "s"


def test_each_line_answered_as_ask_json_with_its_id(
    built: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = write_lines(
        tmp_path / "q.jsonl",
        [
            {"id": "a", "question": "what was said about agency staff?"},
            {"id": 2, "question": "agency staff", "filters": {"council": "Croydon"}},
            "",  # blank lines are skipped
            {"id": "c", "question": "Ofsted inspection", "filters": {"since": "2022"}},
        ],
    )
    out = tmp_path / "answers.jsonl"
    assert main(["ask", "--batch", str(questions), "--out", str(out), "--index", built]) == 0
    assert capsys.readouterr().out == ""  # the answers went to the file
    rows = read_jsonl(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == ["a", 2, "c"]

    # Each line is what `ask --json` prints for the same question, plus the id.
    assert main(["ask", "what was said about agency staff?", "--index", built, "--json"]) == 0
    single = json.loads(capsys.readouterr().out)
    first = {k: v for k, v in rows[0].items() if k not in ("id", "timings")}
    assert first == {k: v for k, v in single.items() if k != "timings"}

    assert rows[1]["filters"]["council"] == "Croydon"
    assert {c["council"] for c in rows[1]["citations"]} == {"Croydon"}
    assert rows[2]["filters"]["since"] == "2022-01-01"
    assert all(c["year"] >= 2022 for c in rows[2]["citations"])


def test_bad_lines_become_error_objects_and_warnings(
    built: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = write_lines(
        tmp_path / "q.jsonl",
        [
            "{not json",
            ["a", "list"],
            {"id": "no-question"},
            {"id": "bad-date", "question": "budget", "filters": {"since": "last tuesday"}},
            {"id": "bad-filter", "question": "budget", "filters": {"ward": "North"}},
            {"id": "no-words", "question": "???"},
            {"id": "long", "question": "x" * 2001},
            {"id": "ok", "question": "agency staff"},
        ],
    )
    assert main(["ask", "--batch", str(questions), "--index", built, "--council", "BCP"]) == 0
    captured = capsys.readouterr()
    rows = read_jsonl(captured.out)
    assert [r["id"] for r in rows] == [
        None,
        None,
        "no-question",
        "bad-date",
        "bad-filter",
        "no-words",
        "long",
        "ok",
    ]
    errors = [r for r in rows if "error" in r]
    assert [r["line"] for r in errors] == [1, 2, 3, 4, 5, 6, 7]
    assert "not JSON" in errors[0]["error"]
    assert "cannot read the date 'last tuesday'" in errors[3]["error"]
    assert "unknown filter 'ward'" in errors[4]["error"]
    assert "the question is empty" in errors[5]["error"]
    assert "at most 2000 characters" in errors[6]["error"]
    ok = rows[-1]
    assert ok["answer"] and {c["council"] for c in ok["citations"]} == {"BCP"}  # --council
    warnings = [line for line in captured.err.splitlines() if "warning: line" in line]
    assert len(warnings) == 7 and "line 4 (id bad-date)" in warnings[3]
    assert "answered 1 of 8 questions (7 could not be" in captured.err
    assert "Traceback" not in captured.err


def test_batch_usage_errors(built: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = write_lines(tmp_path / "q.jsonl", ["{broken"])
    assert main(["ask", "--batch", str(questions), "--index", built]) == 1  # none answered
    assert main(["ask", "both", "--batch", str(questions)]) == 2
    assert main(["ask"]) == 2
    assert main(["ask", "budget", "--out", str(tmp_path / "x.jsonl")]) == 2
    assert main(["ask", "--batch", str(questions), "--index", "missing"]) == 3
    err = capsys.readouterr().err
    assert "not both" in err and "give a question, or --batch" in err
    assert "--out goes with --batch" in err and "no index 'missing'" in err


def test_by_council_writes_one_comparison_per_line(
    built: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = write_lines(tmp_path / "q.jsonl", [{"id": 1, "question": "agency staff"}])
    assert main(["ask", "--batch", str(questions), "--by", "council", "--index", built]) == 0
    (row,) = read_jsonl(capsys.readouterr().out)
    assert row["id"] == 1 and {"BCP", "Croydon", "Trafford"} <= {
        c["council"] for c in row["councils"]
    }


@pytest.mark.slow
def test_batch_from_stdin_in_a_real_process(built: str, index_root: Path) -> None:
    lines = "\n".join(
        json.dumps({"id": n, "question": q})
        for n, q in enumerate(["agency staff", "Ofsted", "social workers", "caseloads"])
    )
    env = {
        **dict(os.environ),
        "MINUTES_EMBEDDER__MODEL": FAKE_NAME,
        "MINUTES_INDEX__ROOT": str(index_root),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN_FAKE, "ask", "--batch", "-", "--index", built],
        input=lines,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = read_jsonl(done.stdout)
    assert [r["id"] for r in rows] == [0, 1, 2, 3]
    assert all(r["citations"] for r in rows)
    assert "answered 4 of 4 questions" in done.stderr and "questions/s" in done.stderr


@pytest.mark.slow
def test_progress_bar_on_a_terminal_only(built: str, index_root: Path, tmp_path: Path) -> None:
    """stderr a terminal: a tqdm bar counts the questions; stdout still holds only JSON."""
    questions = write_lines(
        tmp_path / "q.jsonl", [{"id": n, "question": "agency staff"} for n in range(3)]
    )
    env = dict(
        os.environ,
        MINUTES_EMBEDDER__MODEL=FAKE_NAME,
        MINUTES_INDEX__ROOT=str(index_root),
        PYTHONPATH=str(REPO),
    )
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    done = subprocess.run(
        [sys.executable, "-c", RUN_FAKE, "ask", "--batch", str(questions), "--index", built],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    assert [r["id"] for r in read_jsonl(done.stdout.decode())] == [0, 1, 2]
    assert b"Answering" in shown and b"3/3" in shown
