"""kill -9 during an ingest never breaks the previous index (real subprocesses, real SIGKILL)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.models import Filters
from rag.search import open_searcher
from rag.settings import Settings
from tests.conftest import REPO
from tests.fakes import FAKE_NAME

RUN_FAKE = (
    "import sys, tests.fakes as f; f.register(); from rag.apps.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)


def more_minutes(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"meeting{n:03d}.txt").write_text(
            f"1. Highways report {n}\nThe committee discussed pothole repairs on route {n} and "
            f"agreed a budget of £{n}k for resurfacing.\n\n2. Libraries {n}\nOpening hours were "
            f"reviewed for branch {n}.\n"
        )
    return folder


def run_cli(args: list[str], env: dict[str, str], fake: bool = True) -> subprocess.Popen[bytes]:
    command = (
        [sys.executable, "-c", RUN_FAKE, *args]
        if fake
        else [sys.executable, "-m", "rag.apps.cli", *args]
    )
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def fake_env(index_root: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(MINUTES_EMBEDDER__MODEL=FAKE_NAME, MINUTES_INDEX__ROOT=str(index_root), **extra)
    env["PYTHONPATH"] = str(REPO)
    return env


def index_answers(settings: Settings, index: Path, query: str) -> list[str]:
    searcher = open_searcher(index, settings)
    try:
        assert (
            searcher.store.vectors().size
            == searcher.store.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        )
        return [p.source for p in searcher.search(query, Filters(), k=3)]
    finally:
        searcher.close()


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_faiss"])
def test_sigkill_at_each_write_step_leaves_a_loadable_index(
    point: str, sample_corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    root = settings.index.root
    first = run_cli(["ingest", str(sample_corpus), "--index", "k", "--quiet"], fake_env(root))
    assert first.wait(60) == 0, first.stderr.read() if first.stderr else ""
    before = index_answers(settings, root / "k", "agency staff")
    assert before

    extra = more_minutes(tmp_path / "extra", 20)
    killed = run_cli(
        ["ingest", str(sample_corpus), str(extra), "--index", "k"],
        fake_env(root, MINUTES_FAILPOINT=point),
    )
    assert killed.wait(60) == -signal.SIGKILL

    after = index_answers(settings, root / "k", "agency staff")
    if point == "before_commit":
        assert after == before  # nothing of the killed run is visible
    else:
        assert any(s.startswith("meeting") for s in index_answers(settings, root / "k", "pothole"))
    again = run_cli(["ingest", str(sample_corpus), str(extra), "--index", "k"], fake_env(root))
    assert again.wait(60) == 0
    assert any(s.startswith("meeting") for s in index_answers(settings, root / "k", "pothole"))


@pytest.mark.slow
def test_sigkill_mid_embedding_then_resume(
    sample_corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    root = settings.index.root
    first = run_cli(["ingest", str(sample_corpus), "--index", "m", "--quiet"], fake_env(root))
    assert first.wait(60) == 0
    before = index_answers(settings, root / "m", "agency staff")
    extra = more_minutes(tmp_path / "extra", 300)
    slow = run_cli(["ingest", str(extra), "--index", "m"], fake_env(root, FAKE_EMBED_DELAY="0.004"))
    db = sqlite3.connect(root / "m" / "index.sqlite")
    start_count = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some embeddings of the new run are cached
        if db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] > start_count:
            break
        time.sleep(0.05)
    slow.send_signal(signal.SIGKILL)
    assert slow.wait(30) == -signal.SIGKILL
    cached = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] - start_count
    db.close()
    assert cached > 0
    assert index_answers(settings, root / "m", "agency staff") == before

    resumed = run_cli(["ingest", str(extra), "--index", "m", "--json"], fake_env(root))
    out, _ = resumed.communicate(timeout=120)
    assert resumed.returncode == 0
    import json

    summary = json.loads(out)
    assert summary["chunks_cached"] >= cached  # work done before the kill is not redone
    assert summary["files"]["new"] == 300


@pytest.mark.slow
def test_a_second_ingest_is_refused_while_one_is_writing(
    sample_corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    root = settings.index.root
    extra = more_minutes(tmp_path / "extra", 200)
    slow = run_cli(
        ["ingest", str(extra), "--index", "l", "--quiet"], fake_env(root, FAKE_EMBED_DELAY="0.01")
    )
    lock = root / "l" / ".lock"
    deadline = time.time() + 60
    while time.time() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.05)
    second = run_cli(["ingest", str(sample_corpus), "--index", "l"], fake_env(root))
    _, err = second.communicate(timeout=60)
    slow.kill()
    slow.wait(30)
    assert second.returncode == 3
    message = err.decode()
    assert "being written by another ingest" in message and "Traceback" not in message
    assert message.count("\n") == 1
