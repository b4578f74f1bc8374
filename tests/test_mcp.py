"""``minutes mcp``: the tools through the official SDK's client, in-process and end to end over
stdio against a real ``minutes mcp`` subprocess (the fake embedder, registered in that process)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult, TextContent

from ingest.pipeline import ingest
from rag.apps.mcp.server import AskResult, SearchResult, build_server
from rag.apps.service import MinutesService
from rag.settings import Settings
from tests.conftest import REPO, SAMPLE_CORPUS
from tests.fakes import FAKE_NAME

RUN_FAKE = (
    "import sys, tests.fakes as f; f.register(); from rag.apps.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)
TOOLS = {"indexes", "search", "ask", "compare", "decisions", "timeline"}


@pytest.fixture
def service(settings: Settings) -> Iterator[MinutesService]:
    ingest([SAMPLE_CORPUS], settings.index.root / "s", settings)
    settings.index.name = "s"
    with MinutesService(settings, allow_paths=False) as service:
        yield service


def text_of(result: CallToolResult) -> str:
    assert len(result.content) == 1 and isinstance(result.content[0], TextContent)
    return result.content[0].text


def with_client(server: Any, session: Callable[[Client], Awaitable[None]]) -> None:
    async def main() -> None:
        async with Client(server) as client:
            await session(client)

    anyio.run(main)


def test_every_tool_is_listed_with_its_schemas(service: MinutesService) -> None:
    async def session(client: Client) -> None:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert set(tools) == TOOLS
        ask = tools["ask"]
        assert ask.input_schema["required"] == ["question"]
        assert ask.input_schema["properties"]["question"]["maxLength"] == 2000
        assert ask.output_schema is not None
        assert "citations" in ask.output_schema["properties"]
        # compare answers with the comparison's own JSON (a dataclass): structured, no schema
        assert all(tools[name].output_schema for name in TOOLS - {"compare"})
        assert all(t.annotations and t.annotations.read_only_hint for t in tools.values())

    with_client(build_server(service), session)


def test_ask_carries_its_citations_as_structured_content(service: MinutesService) -> None:
    async def session(client: Client) -> None:
        result = await client.call_tool(
            "ask", {"question": "what was said about agency staff?", "council": "BCP"}
        )
        assert isinstance(result, CallToolResult) and not result.is_error
        answer = AskResult.model_validate(result.structured_content)
        assert not answer.abstained and answer.citations
        assert {c.council for c in answer.citations} == {"BCP"}
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
        assert markers == {c.marker for c in answer.citations}
        first = answer.citations[0]
        text = text_of(result)  # the readable answer lists the same sources
        assert answer.answer in text and "Sources:" in text
        assert first.item_title in text and (first.url or first.source) in text

    with_client(build_server(service), session)


def test_search_indexes_decisions_timeline_and_compare(service: MinutesService) -> None:
    async def session(client: Client) -> None:
        found = await client.call_tool("search", {"query": "agency staff", "k": 3})
        assert isinstance(found, CallToolResult) and not found.is_error
        passages = SearchResult.model_validate(found.structured_content).passages
        assert [p.rank for p in passages] == [1, 2, 3]
        assert passages[0].citation.item_title in text_of(found)

        listed = await client.call_tool("indexes", {})
        assert isinstance(listed, CallToolResult) and listed.structured_content
        (info,) = listed.structured_content["indexes"]
        assert info["name"] == "s" and info["councils"] == ["BCP", "Croydon", "Trafford"]

        decisions = await client.call_tool("decisions", {"outcomes": ["approved"]})
        assert isinstance(decisions, CallToolResult) and decisions.structured_content
        rows = decisions.structured_content["decisions"]
        assert rows and {d["outcome"] for d in rows} == {"approved"}
        assert all(d["citation"]["council"] for d in rows)

        timeline = await client.call_tool("timeline", {"topic": "Ofsted inspection"})
        assert isinstance(timeline, CallToolResult) and timeline.structured_content
        entries = timeline.structured_content["entries"]
        assert entries and all(e["citation"]["item_title"] for e in entries)

        compared = await client.call_tool("compare", {"question": "agency staff"})
        assert isinstance(compared, CallToolResult) and compared.structured_content
        councils = [row["council"] for row in compared.structured_content["councils"]]
        assert {"BCP", "Croydon", "Trafford"} <= set(councils)
        assert "Compared 3 councils" in text_of(compared)

    with_client(build_server(service), session)


def test_library_errors_are_one_line_tool_errors(service: MinutesService) -> None:
    async def session(client: Client) -> None:
        calls: list[tuple[str, dict[str, Any], str]] = [
            ("ask", {"question": "budget", "index": "missing"}, "indexes here: s"),
            ("search", {"query": "budget", "since": "last tuesday"}, "cannot read the date"),
            ("search", {"query": "budget", "index": "../s"}, "an index name, not a path"),
            ("timeline", {"topic": "   "}, "give a topic"),
        ]
        for name, args, message in calls:
            result = await client.call_tool(name, args)
            assert isinstance(result, CallToolResult) and result.is_error
            text = text_of(result)
            assert message in text and "\n" not in text and "Traceback" not in text
        # The SDK checks the published limits before the tool runs.
        long = await client.call_tool("ask", {"question": "x" * 2001})
        assert isinstance(long, CallToolResult) and long.is_error
        assert "at most 2000 characters" in text_of(long)
        # ... and the server goes on answering.
        after = await client.call_tool("search", {"query": "budget"})
        assert isinstance(after, CallToolResult) and not after.is_error

    with_client(build_server(service), session)


@pytest.mark.slow
def test_stdio_end_to_end_picks_up_a_new_build(
    settings: Settings, tmp_path: Path, sample_corpus: Path
) -> None:
    """A real ``minutes mcp`` process over stdio: answers, errors, a rebuild landing while it
    runs, and nothing but the protocol on stdout (anything else would break the client)."""
    root = settings.index.root
    ingest([sample_corpus], root / "s", settings)
    env = dict(os.environ, MINUTES_EMBEDDER__MODEL=FAKE_NAME, MINUTES_INDEX__ROOT=str(root))
    env["PYTHONPATH"] = str(REPO)
    params = StdioServerParameters(
        command=sys.executable, args=["-c", RUN_FAKE, "mcp", "--index", "s"], env=env, cwd=REPO
    )
    errlog_path = tmp_path / "server.err"

    async def main() -> None:
        with errlog_path.open("w") as errlog:
            async with Client(stdio_client(params, errlog=errlog)) as client:
                assert {t.name for t in (await client.list_tools()).tools} == TOOLS
                answer = await client.call_tool("ask", {"question": "agency staff"})
                assert isinstance(answer, CallToolResult) and not answer.is_error
                assert answer.structured_content and answer.structured_content["citations"]

                missing = await client.call_tool("search", {"query": "x", "index": "nope"})
                assert isinstance(missing, CallToolResult) and missing.is_error
                assert "no index 'nope'" in text_of(missing)

                before = await client.call_tool("search", {"query": "allotment waiting list"})
                assert isinstance(before, CallToolResult) and before.structured_content
                assert "allotments.txt" not in str(before.structured_content)
                new = tmp_path / "new"
                new.mkdir()
                (new / "allotments.txt").write_text(
                    "1. Allotments\nThe allotment waiting list has grown to 412 households."
                )
                ingest(
                    [sample_corpus, new], root / "s", settings
                )  # a new build lands under the server
                after = await client.call_tool("search", {"query": "allotment waiting list"})
                assert isinstance(after, CallToolResult) and after.structured_content
                assert after.structured_content["passages"][0]["source"] == "allotments.txt"

    anyio.run(main)
    assert "Traceback" not in errlog_path.read_text()
