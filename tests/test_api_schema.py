"""schemathesis against the live API: property-based requests generated from its own
``/openapi.json`` (valid and invalid bodies, every route, with and without the token), and
every check (no 5xx, status codes, content types and bodies as documented, invalid data
refused, valid data accepted, auth enforced). One real server on 127.0.0.1, run by the ``st``
command like any client; it may write (uploads), so it serves a copy of the sample index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from ingest.pipeline import ingest
from rag.apps.api.app import create_app
from rag.apps.service import MinutesService
from rag.embedders import unregister_embedder
from rag.settings import ApiSettings, EmbedderSettings, IndexSettings, Settings
from tests.api_server import served
from tests.conftest import SAMPLE_CORPUS
from tests.fakes import FAKE_NAME, register

TOKEN = "schemathesis-token"
EXAMPLES = int(os.environ.get("MINUTES_SCHEMATHESIS_EXAMPLES", "12"))


@pytest.fixture
def api(tmp_path: Path) -> Iterator[str]:
    register()
    root = tmp_path / "indexes"
    settings = Settings(
        embedder=EmbedderSettings(model=FAKE_NAME),
        index=IndexSettings(root=root, name="sample"),
        api=ApiSettings(token=SecretStr(TOKEN)),  # a token: /uploads is tested too
    )
    ingest([SAMPLE_CORPUS], root / "sample", settings)
    try:
        with (
            MinutesService(settings, allow_paths=False) as service,
            served(create_app(service)) as url,
        ):
            yield url
    finally:
        unregister_embedder(FAKE_NAME)


@pytest.mark.slow
def test_schemathesis_finds_no_failure_against_the_live_api(api: str, tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if st is None:
        pytest.fail("schemathesis is not installed: pip install -e '.[dev]'")
    # A multipart file part is bytes whatever they hold: schemathesis "breaks" a file's type by
    # sending a JSON array as its content, which is still a valid (unreadable) file, refused
    # per file in a 200 report, as the app does. So that one check is off for /uploads only;
    # tests/test_api.py checks the upload form's real constraints. Every check is on by
    # default; a `--checks` option would override the per-operation setting (command-line
    # options take precedence over the config file), so there is none.
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        '[[operations]]\ninclude-path = "/uploads"\n'
        "checks.negative_data_rejection.enabled = false\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            st, "--config-file", str(config), "run", f"{api}/openapi.json",
            "--header", f"Authorization: Bearer {TOKEN}",
            "--max-examples", str(EXAMPLES),
            "--workers", "1",
            "--generation-database", "none",
            "--no-color",
            "--report", "junit", "--report-dir", str(tmp_path / "report"),
        ],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    # The summary (and, on failure, each failing request as a curl line and the seed).
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    # Every operation was reached (none skipped as untestable), /uploads among them.
    tested = [line for line in run.stdout.splitlines() if "Tested:" in line]
    assert tested and tested[0].split()[-1] == "9", run.stdout[-3000:]
