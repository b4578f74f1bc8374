"""The HTTP API (``minutes serve``) on a real uvicorn server on 127.0.0.1, over the sample
corpus indexed with the fake embedder: the same JSON as the CLI, errors as stable codes, the
bearer token, uploads, limits, reloads, CORS; and the command itself as a subprocess."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from ingest.pipeline import ingest
from rag.apps.api.app import create_app
from rag.apps.api.errors import INTERNAL_MESSAGE, error_status, redact
from rag.apps.api.schemas import AnswerOut, ComparisonOut, PassageOut
from rag.apps.cli import main
from rag.apps.service import AskRequest, MinutesService, SearchRequest
from rag.embedders import unregister_embedder
from rag.errors import (
    ConfigError,
    EmbedderMismatchError,
    IndexCorruptError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
    MinutesError,
    ModelError,
)
from rag.index.layout import LOCK
from rag.models import Passage
from rag.settings import ApiSettings, EmbedderSettings, IndexSettings, Settings
from tests.api_server import served
from tests.conftest import REPO, SAMPLE_CORPUS
from tests.fakes import FAKE_NAME, register
from tests.openai_stub import Messages, OpenAIStub

QUESTION = "what was said about agency staffing?"
TOKEN = "s3cret-token-for-tests"


def _settings(root: Path, **api: Any) -> Settings:
    return Settings(
        embedder=EmbedderSettings(model=FAKE_NAME),
        index=IndexSettings(root=root, name="sample"),
        api=ApiSettings(**api),
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An index root holding 'sample' (the sample corpus, fake embedder), built once."""
    register()
    folder = tmp_path_factory.mktemp("api") / "indexes"
    ingest([SAMPLE_CORPUS], folder / "sample", _settings(folder))
    yield folder
    unregister_embedder(FAKE_NAME)


@pytest.fixture(scope="module")
def url(root: Path) -> Iterator[str]:
    """The API without a token, as `minutes serve` runs it by default."""
    with (
        MinutesService(_settings(root), allow_paths=False) as service,
        served(create_app(service)) as base,
    ):
        yield base


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(root))
    monkeypatch.setenv("MINUTES_INDEX__NAME", "sample")
    for name in ("MINUTES_LLM_BASE_URL", "MINUTES_LLM__BASE_URL", "MINUTES_ANSWER__MODE"):
        monkeypatch.delenv(name, raising=False)


def _cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _untimed(data: Any) -> Any:
    """``data`` without its timings (seconds differ between two runs of the same question)."""
    if isinstance(data, dict):
        return {k: _untimed(v) for k, v in data.items() if k != "timings"}
    if isinstance(data, list):
        return [_untimed(v) for v in data]
    return data


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    assert message and "Traceback" not in message
    return message


# ---------------------------------------------------------------------------- same JSON as the CLI
def test_health_and_indexes_describe_the_index_root(url: str, root: Path) -> None:
    health = httpx.get(f"{url}/health")
    assert health.json() == {
        "status": "ok",
        "default_index": "sample",
        "indexes": 1,
        "uploads": False,
    }
    assert "server" not in health.headers  # no "uvicorn" on every response
    listing = httpx.get(f"{url}/indexes").json()
    assert listing["default"] == "sample" and listing["unavailable"] == []
    [info] = listing["indexes"]
    with MinutesService(_settings(root)) as service:
        assert info == service.info("sample").model_dump(mode="json")
    assert httpx.get(f"{url}/indexes/sample").json() == info
    assert info["chunks"] > 0 and info["councils"]


def test_search_ask_compare_decisions_timeline_answer_as_the_cli_does(
    url: str, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    search = httpx.post(f"{url}/search", json={"query": "agency staffing", "k": 3})
    assert search.json() == _cli_json(capsys, "search", "agency staffing", "-k", "3", "--json")
    assert len(search.json()) == 3

    ask = httpx.post(f"{url}/ask", json={"question": QUESTION}).json()
    cli = _cli_json(capsys, "ask", QUESTION, "--json")
    assert _untimed(ask) == _untimed(cli)
    assert ask["citations"] and not ask["abstained"] and set(ask["timings"]) == set(cli["timings"])

    filtered = {"question": QUESTION, "filters": {"council": "Croydon"}}
    compare = httpx.post(f"{url}/compare", json=filtered).json()
    cli = _cli_json(capsys, "ask", QUESTION, "--by", "council", "--council", "Croydon", "--json")
    assert _untimed(compare) == _untimed(cli)

    decisions = httpx.post(f"{url}/decisions", json={"outcomes": ["carried", "approved"]})
    cli = _cli_json(capsys, "decisions", "--outcome", "carried", "--outcome", "approved", "--json")
    assert decisions.json() == cli

    timeline = httpx.post(f"{url}/timeline", json={"topic": "agency staffing"})
    assert timeline.json() == _cli_json(capsys, "timeline", "agency staffing", "--json")
    assert timeline.json()["entries"]


def test_response_models_are_exactly_the_cli_json(root: Path) -> None:
    """The API's response models and the core's to_json() cannot drift apart: each answer
    validates (no field unknown to the model) and dumps back to the same JSON."""
    with MinutesService(_settings(root)) as service:
        answer = service.ask(AskRequest(question=QUESTION)).to_json()
        comparison = service.compare(AskRequest(question=QUESTION)).to_json()
        passages = [p.to_json() for p in service.search(SearchRequest(query="Ofsted"))]
    as_json = json.loads(json.dumps(answer, default=str))
    assert AnswerOut.model_validate(answer).model_dump(mode="json", exclude_unset=True) == as_json
    back = ComparisonOut.model_validate(comparison).model_dump(mode="json", exclude_unset=True)
    assert back == json.loads(json.dumps(comparison, default=str))
    for passage in passages:
        dumped = PassageOut.model_validate(passage).model_dump(mode="json", exclude_unset=True)
        assert dumped == json.loads(json.dumps(passage, default=str))
    with pytest.raises(ValidationError, match="extra_forbidden"):
        AnswerOut.model_validate({**answer, "a_new_field": 1})
    reranked = Passage.model_validate({**_first_passage(root), "rerank_score": 0.5}).to_json()
    assert PassageOut.model_validate(reranked).rerank_score == 0.5


def _first_passage(root: Path) -> dict[str, Any]:
    with MinutesService(_settings(root)) as service:
        return service.search(SearchRequest(query="Ofsted", k=1))[0].model_dump()


def test_openapi_describes_the_bodies(url: str) -> None:
    spec = httpx.get(f"{url}/openapi.json").json()
    assert set(spec["paths"]) == {
        "/health",
        "/indexes",
        "/indexes/{name}",
        "/search",
        "/ask",
        "/compare",
        "/decisions",
        "/timeline",
    }  # no /uploads without a token
    ask = spec["paths"]["/ask"]["post"]
    assert ask["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AnswerOut"
    )
    assert "text/event-stream" in ask["responses"]["200"]["content"]
    assert ask["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorBody"
    )
    question = spec["components"]["schemas"]["AskBody"]["properties"]["question"]
    assert question["maxLength"] == 2000


# ---------------------------------------------------------------------------- streaming
def _events(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def _quote_first_passage(messages: Messages) -> str:
    """An LLM that quotes the first sentence of passage 1, cited: it passes every check."""
    prompt = messages[-1]["content"]
    passage = re.search(r'<passage id="1"[^>]*>\s*(.*?)</passage>', prompt, re.S)
    assert passage is not None
    sentence = re.split(r"(?<=[.!?])\s", passage.group(1).strip())[0].rstrip(".")
    return f"The minutes record that {sentence[:1].lower()}{sentence[1:]} [1]."


@pytest.mark.slow  # the LLM path over a stub endpoint: ~2.5 s on 2 busy cores
def test_ask_streams_checked_llm_sentences_then_the_answer(root: Path) -> None:
    with OpenAIStub(_quote_first_passage) as stub:
        settings = _settings(root)
        settings.llm.base_url, settings.llm.model, settings.answer.mode = stub.url, "m", "llm"
        with (
            MinutesService(settings, allow_paths=False) as service,
            served(create_app(service)) as base,
        ):
            body = {"question": QUESTION, "stream": True}
            with httpx.stream("POST", f"{base}/ask", json=body, timeout=30) as response:
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("text/event-stream")
                events = _events(response.read().decode())
            plain = httpx.post(f"{base}/ask", json={"question": QUESTION}, timeout=30).json()
            modes = _mode_enum(httpx.get(f"{base}/openapi.json").json())
            assert modes == {"auto", "extractive", "llm"}  # this server has an LLM
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) == {"token"}
    answer = events[-1][1]
    assert (
        answer["mode"] == "llm"
        and answer["claims"]
        and all(c["supported"] for c in answer["claims"])
    )
    assert "".join(data["text"] for _, data in events[:-1]) == answer["answer"]
    assert _untimed(answer) == _untimed(plain)
    assert stub.requests and stub.requests[0].stream


def _mode_enum(schema: dict[str, Any]) -> set[str]:
    body = schema["components"]["schemas"]["AskBody"]["properties"]["mode"]
    return {v for option in body.get("anyOf", [body]) for v in option.get("enum", [])}


def test_without_an_llm_the_schema_offers_no_llm_mode(url: str) -> None:
    """A server with no LLM endpoint says so in its schema, and refuses mode 'llm' as
    invalid (422) rather than failing the request it documented as valid."""
    assert _mode_enum(httpx.get(f"{url}/openapi.json").json()) == {"auto", "extractive"}
    for route in ("/ask", "/compare"):
        message = _error(
            httpx.post(f"{url}{route}", json={"question": QUESTION, "mode": "llm"}),
            422,
            "invalid_request",
        )
        assert "MINUTES_LLM_BASE_URL" in message
    extractive = httpx.post(f"{url}/ask", json={"question": QUESTION, "mode": "extractive"})
    assert extractive.status_code == 200 and extractive.json()["mode"] == "extractive"


def test_a_streamed_ask_on_a_missing_index_is_an_error_status(url: str) -> None:
    response = httpx.post(
        f"{url}/ask", json={"question": QUESTION, "stream": True, "index": "nowhere"}
    )
    _error(response, 404, "index_not_found")


# ---------------------------------------------------------------------------- errors and limits
def test_errors_are_json_with_stable_codes(url: str, root: Path) -> None:
    message = _error(
        httpx.post(f"{url}/search", json={"query": "x", "index": "nowhere"}), 404, "index_not_found"
    )
    assert "sample" in message and str(root) not in message  # no server folders
    _error(httpx.get(f"{url}/indexes/nowhere"), 404, "index_not_found")
    # What the service would refuse, the schema already does (422, before any work).
    _error(
        httpx.post(f"{url}/search", json={"query": "x", "index": "../etc"}), 422, "invalid_request"
    )
    _error(httpx.post(f"{url}/ask", json={"question": "?!"}), 422, "invalid_request")
    _error(httpx.post(f"{url}/timeline", json={"topic": "  "}), 422, "invalid_request")
    too_long = _error(
        httpx.post(f"{url}/ask", json={"question": "why " * 600}), 422, "invalid_request"
    )
    assert "question" in too_long and "2000" in too_long
    _error(
        httpx.post(
            f"{url}/search", content=b"{not json", headers={"content-type": "application/json"}
        ),
        422,
        "invalid_request",
    )
    _error(httpx.post(f"{url}/search", json={"query": "x", "k": 0}), 422, "invalid_request")
    # JSON types as the schema states them, never coerced (schemathesis found these).
    for body in (
        {"query": "x", "k": True},
        {"query": "x", "k": "3"},
        {"query": "x", "filters": {"since": 20230101}},
        {"query": "x", "filters": {"council_exact": 1}},
    ):
        _error(httpx.post(f"{url}/search", json=body), 422, "invalid_request")
    _error(httpx.post(f"{url}/ask", json={"question": "x", "stream": 1}), 422, "invalid_request")
    _error(httpx.post(f"{url}/decisions", json={"limit": False}), 422, "invalid_request")
    # JSON Schema's integer includes 3.0.
    three = httpx.post(f"{url}/search", json={"query": "Ofsted", "k": 3.0})
    assert three.status_code == 200 and len(three.json()) == 3, three.text
    _error(httpx.post(f"{url}/search", json={"query": "x", "k": 2.5}), 422, "invalid_request")
    dated = httpx.post(
        f"{url}/search", json={"query": "Ofsted", "filters": {"since": "2015-01-01"}}
    )
    assert dated.status_code == 200, dated.text
    # A name the schema allows but no index has is a 404, whatever whitespace it starts with.
    _error(
        httpx.post(f"{url}/search", json={"query": "x", "index": "\x1cnowhere"}),
        404,
        "index_not_found",
    )
    _error(httpx.get(f"{url}/nowhere"), 404, "not_found")
    refused = httpx.delete(f"{url}/search")
    _error(refused, 405, "method_not_allowed")
    assert refused.headers["allow"] == "POST"
    _error(httpx.post(f"{url}/uploads", files={"files": ("a.txt", b"x")}), 404, "not_found")


def test_bodies_over_the_limit_are_refused_declared_or_chunked(url: str) -> None:
    big = json.dumps({"query": "x", "padding": "y" * (1024 * 1024)}).encode()
    _error(
        httpx.post(f"{url}/search", content=big, headers={"content-type": "application/json"}),
        413,
        "too_large",
    )

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"query": "x", "padding": "'
        for _ in range(300):
            yield b"y" * 4096
        yield b'"}'

    _error(
        httpx.post(f"{url}/search", content=chunks(), headers={"content-type": "application/json"}),
        413,
        "too_large",
    )


class _Broken(MinutesService):
    def search(self, request: SearchRequest) -> list[Passage]:
        raise RuntimeError(f"secret detail from {self.settings.index.root}")


def test_an_unexpected_error_is_internal_with_no_detail(root: Path) -> None:
    with (
        _Broken(_settings(root), allow_paths=False) as service,
        served(create_app(service)) as base,
    ):
        response = httpx.post(f"{base}/search", json={"query": "agency"})
        assert _error(response, 500, "internal") == INTERNAL_MESSAGE
        assert "secret" not in response.text and str(root) not in response.text
        assert httpx.get(f"{base}/health").status_code == 200  # the server carries on


def test_cors_is_off_unless_origins_are_configured(url: str, root: Path) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in httpx.get(f"{url}/health", headers=origin).headers
    intranet = "https://intranet.example.gov.uk"
    settings = _settings(root, cors_origins=intranet)
    with (
        MinutesService(settings, allow_paths=False) as service,
        served(create_app(service)) as base,
    ):
        preflight = httpx.options(
            f"{base}/search", headers={"Origin": intranet, "Access-Control-Request-Method": "POST"}
        )
        assert preflight.headers["access-control-allow-origin"] == intranet
        other = httpx.get(f"{base}/health", headers=origin)
        assert "access-control-allow-origin" not in other.headers


# ---------------------------------------------------------------------------- token and uploads
@pytest.fixture
def own_root(tmp_path: Path, root: Path) -> Path:
    """A copy of the sample index this test may write to."""
    copy = tmp_path / "indexes"
    shutil.copytree(root, copy)
    return copy


def test_a_token_guards_every_request_and_opens_uploads(own_root: Path) -> None:
    settings = _settings(own_root, token=SecretStr(TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with (
        MinutesService(settings, allow_paths=False) as service,
        served(create_app(service)) as base,
    ):
        for path in ("/health", "/openapi.json", "/docs", "/indexes"):
            refused = httpx.get(f"{base}{path}")
            _error(refused, 401, "unauthorized")
            assert refused.headers["www-authenticate"] == "Bearer"
        for wrong in (
            f"Bearer {TOKEN}x",
            f"Basic {TOKEN}",
            TOKEN,
            "Bearer",
            f"bearer {TOKEN[:-1]}",
        ):
            _error(
                httpx.get(f"{base}/health", headers={"Authorization": wrong}), 401, "unauthorized"
            )
        assert httpx.get(f"{base}/health", headers=auth).json()["uploads"] is True
        assert "/uploads" in httpx.get(f"{base}/openapi.json", headers=auth).json()["paths"]

        query = {"query": "Wombleton allotment rents", "k": 1}
        before = httpx.post(f"{base}/search", json=query, headers=auth).json()
        assert "Wombleton" not in before[0]["text"]
        minutes = (
            "Minutes of the Environment Committee, Trafford Council, 4 March 2024\n\n"
            "5. Allotments\n\nThe committee agreed that Wombleton allotment rents rise by "
            "3 per cent from April.\n"
        )
        uploaded = httpx.post(
            f"{base}/uploads",
            files=[("files", ("wombleton.txt", minutes.encode())), ("files", ("notes.exe", b"MZ"))],
            headers=auth,
            timeout=30,
        )
        assert uploaded.status_code == 200, uploaded.text
        report = uploaded.json()
        assert report["ingested"] == ["wombleton.txt"]
        assert [e["file"] for e in report["errors"]] == ["notes.exe"]
        # The next request reads the new build: no restart.
        after = httpx.post(f"{base}/search", json=query, headers=auth).json()
        assert "Wombleton" in after[0]["text"]
        assert (own_root / "sample" / "uploads" / "wombleton.txt").is_file()
        _error(httpx.post(f"{base}/uploads", files={"files": ("a.txt", b"x")}), 401, "unauthorized")
        # The form's own constraints (schemathesis's negative check is off for this route).
        for bad_index in ("../etc", ".hidden", "a/b"):
            _error(
                httpx.post(
                    f"{base}/uploads",
                    files={"files": ("a.txt", b"x")},
                    data={"index": bad_index},
                    headers=auth,
                ),
                422,
                "invalid_request",
            )
        _error(
            httpx.post(f"{base}/uploads", data={"index": "sample"}, headers=auth),
            422,
            "invalid_request",
        )
        # Another ingest holds the index's write lock (as `minutes ingest` does): as in the
        # app, the file's own error says so, and it is taken back out of uploads/.
        with (own_root / "sample" / LOCK).open("a") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            busy = httpx.post(
                f"{base}/uploads",
                files={"files": ("later.txt", minutes.replace("Wombleton", "Later").encode())},
                headers=auth,
            )
        assert busy.status_code == 200
        [(name, why)] = [(e["file"], e["message"]) for e in busy.json()["errors"]]
        assert name == "later.txt" and "another ingest" in why
        assert str(own_root) not in busy.text  # the server's folders stay its own
        assert not (own_root / "sample" / "uploads" / "later.txt").exists()


def test_a_new_build_is_read_without_a_restart(own_root: Path, tmp_path: Path) -> None:
    with (
        MinutesService(_settings(own_root), allow_paths=False) as service,
        served(create_app(service)) as base,
    ):
        query = {"query": "Quillfeather bridge repairs", "k": 1}
        assert "Quillfeather" not in httpx.post(f"{base}/search", json=query).json()[0]["text"]
        extra = tmp_path / "more"
        extra.mkdir()
        (extra / "bridge.txt").write_text(
            "Minutes of the Highways Committee, Croydon Council, 2 May 2024\n\n"
            "3. Bridges\n\nMembers approved Quillfeather bridge repairs costing £40,000.\n"
        )
        ingest([extra], own_root / "sample", _settings(own_root))  # as `minutes ingest` does
        assert "Quillfeather" in httpx.post(f"{base}/search", json=query).json()[0]["text"]


# ---------------------------------------------------------------------------- the command
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_minutes_serve_runs_on_loopback_and_stops_cleanly(root: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "MINUTES_EMBEDDER__MODEL": FAKE_NAME,
        "MINUTES_INDEX__ROOT": str(root),
        "PYTHONPATH": str(REPO),
    }
    env.pop("MINUTES_API__TOKEN", None)
    code = (
        "import sys, tests.fakes as f; f.register(); from rag.apps.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--index", "sample", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline() if process.stdout else ""
        assert f"http://127.0.0.1:{port}" in first and "sample" in first
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.1)
        assert health.json()["default_index"] == "sample"
        answer = httpx.post(f"http://127.0.0.1:{port}/ask", json={"question": QUESTION})
        assert answer.json()["citations"]
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal: killed by SIGTERM, as a
        # service manager expects.
        assert process.wait(timeout=20) in (0, -signal.SIGTERM)
        _, log = process.communicate(timeout=10)
        assert "Finished server process" in log and "Traceback" not in log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    missing = subprocess.run(
        [sys.executable, "-c", code, "serve", "--index", "nowhere", "--port", str(port)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 3 and "no index 'nowhere'" in missing.stderr


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (IndexNotFoundError("no index 'x'"), 404, "index_not_found"),
        (IndexLockedError("being written by another ingest"), 409, "index_locked"),
        (EmbedderMismatchError("built with another embedder"), 500, "embedder_mismatch"),
        (IndexCorruptError("files missing"), 500, "index_corrupt"),
        (sqlite3.DatabaseError("database disk image is malformed"), 500, "index_corrupt"),
        (IndexWriteError("disk full"), 500, "index_write_failed"),
        (ModelError("cannot load"), 500, "model_unavailable"),
        (ConfigError("bad value"), 400, "bad_request"),
        (KeyError("a secret"), 500, "internal"),
    ],
)
def test_library_errors_map_to_stable_codes(error: Exception, status: int, code: str) -> None:
    got_status, got_code, message = error_status(error)
    assert (got_status, got_code) == (status, code)
    if code in ("internal", "index_corrupt") and not isinstance(error, MinutesError):
        assert "secret" not in message and "malformed" not in message  # nothing of internals


def test_messages_name_no_server_folder(tmp_path: Path) -> None:
    root = tmp_path / "indexes"
    message = f"no index 'x' ({root / 'x'}); indexes here: sample"
    assert redact(message, root) == "no index 'x' (<index root>/x); indexes here: sample"
    assert redact("indexes here: sample", Path("indexes")) == "indexes here: sample"


def test_passage_schema_takes_every_field_a_passage_writes() -> None:
    """``PassageOut`` forbids unknown fields, so a field added to the core's citation (the OCR
    flag, say) must be added to the API's schema too, or every search would fail."""
    from rag.apps.api.schemas import PassageOut
    from rag.models import Citation, Passage

    citation = Citation(id="c1", council="Testshire", page=3, ocr=True, ocr_confidence=0.91)
    passage = Passage(
        rank=1, score=0.5, text="£48,750 approved.", source="a.pdf", citation=citation
    )
    passage.rerank_score = 0.2
    out = PassageOut.model_validate(passage.to_json())
    assert out.ocr and out.ocr_confidence == 0.91 and out.rerank_score == 0.2
    with pytest.raises(ValidationError):
        PassageOut.model_validate({**passage.to_json(), "unknown": 1})
