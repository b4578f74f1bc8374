"""schemathesis against the live API: property-based requests generated from its own
``/openapi.json`` (valid and invalid bodies, every route, with and without the token), and
every check (no 5xx, status codes, content types and bodies as documented, invalid data
refused, valid data accepted, auth enforced). One real server on 127.0.0.1, run by the ``st``
command like any client; it may write (uploads), so it serves a copy of the sample index."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from ingest.pipeline import ingest
from rag.apps.api.app import create_app
from rag.apps.api.bodies import WORDY_PYTHON, QuestionBody, SearchBody, TimelineBody
from rag.apps.service import MinutesService
from rag.embedders import unregister_embedder
from rag.errors import ConfigError
from rag.search import check_query
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


# ------------------------------------------------- the schema's patterns read as clients read them
def _code_points(step: int = 1) -> list[str]:
    """Unicode scalar values (surrogates are no characters on their own), every ``step``-th."""
    return [chr(i) for i in range(0, sys.maxunicode + 1, step) if not 0xD800 <= i <= 0xDFFF]


def _published(body: type[BaseModel], field: str) -> Any:
    """A validator for one field as the schema publishes it: JSON Schema's regex dialect
    (ECMA-262), the one schemathesis and other clients read."""
    schema = body.model_json_schema()["properties"][field]
    return jsonschema_rs.Draft202012Validator({"type": "string", "pattern": schema["pattern"]})


def _server_takes(body: type[BaseModel], field: str, text: str) -> bool:
    try:
        body.model_validate({field: text})
    except ValidationError:
        return False
    return True


def _newer_than_python(text: str) -> bool:
    return all(unicodedata.category(c) == "Cn" for c in text)


def test_the_published_question_rule_is_the_servers_on_every_character() -> None:
    """Every character, read by the schema's dialect and by the server's (Python's, as its
    request bodies are checked): the same verdict, but for characters newer than Python's
    Unicode tables, which the schema takes and the server refuses (a 422, never an answer)."""
    published = _published(QuestionBody, "question")
    server = re.compile(WORDY_PYTHON)
    differ = [c for c in _code_points() if published.is_valid(c) != bool(server.match(c))]
    assert all(_newer_than_python(c) and published.is_valid(c) for c in differ), differ[:10]
    assert len(differ) < 20_000  # a few new blocks, not a dialect reading the class otherwise


@pytest.mark.parametrize(("body", "field"), [(QuestionBody, "question"), (SearchBody, "query")])
def test_a_question_needs_a_word_in_the_schema_the_server_and_the_service_alike(
    body: type[BaseModel], field: str
) -> None:
    """The published rule, the server's 422 and the service's own refusal agree on characters
    across all of Unicode and on questions: "°î" is a word to all three (it broke the schema's
    rule while the server took it, which schemathesis flagged), "?!" to none."""
    published = _published(body, field)
    differ = []
    for text in [*_code_points(step=41), "°î", "?!", " ¿ ", "what about ŵ?", "٣ items", "_"]:
        schema_takes = published.is_valid(text)
        server_takes = _server_takes(body, field, text)
        service_takes = True
        try:
            check_query(text)
        except ConfigError:
            service_takes = False
        if not schema_takes == server_takes == service_takes and not _newer_than_python(text):
            differ.append((text, schema_takes, server_takes, service_takes))
    assert differ == []
    assert _server_takes(body, field, "°î") and published.is_valid("°î")
    assert not _server_takes(body, field, "?!") and not published.is_valid("?!")


def test_a_topic_is_blank_or_not_alike_in_the_schema_and_on_the_server() -> None:
    """White space differs between regex dialects (Python's \\s takes \\x1c-\\x1f and \\x85,
    ECMA's takes \\ufeff); the topic's rule spells it out, so both read it alike, and a topic
    of only white space in either dialect is refused."""
    published = _published(TimelineBody, "topic")
    blanks = [" \t", "\x1c", "\x85", "\ufeff", "\u3000 ", "\u2028"]
    differ = [
        text
        for text in [*_code_points(step=41), *blanks, " car park "]
        if published.is_valid(text) != _server_takes(TimelineBody, "topic", text)
    ]
    assert differ == []
    assert not any(published.is_valid(blank) for blank in blanks)
    assert published.is_valid(" car park ")
