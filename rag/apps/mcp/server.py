"""The MCP server: one tool per question the service answers, each result twice over — a
readable text for the model to read, and the same facts as structured content (the project's
pydantic models, so every tool publishes an output schema) for a client to use: citations with
council, committee, date, item, URL and page.

A library error (no such index, a bad date, an empty question) comes back as a tool error
whose text is the one-line message, never a traceback; the server goes on serving.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, ValidationError

from ...dates import parse_date_bound
from ...errors import MinutesError
from ...models import Citation, Claim, Decision, DecisionOutcome, Filters, Passage, ShortAnswer
from ...text import printable
from ...timeline import Timeline
from ..decision_view import render_decisions, render_timeline
from ..render import render_answer, render_comparison, render_passages
from ..service import (
    MAX_K,
    MAX_QUESTION_CHARS,
    AskRequest,
    DecisionsRequest,
    IndexInfo,
    MinutesService,
    SearchRequest,
    TimelineRequest,
)

__all__ = [
    "AskResult",
    "DecisionsResult",
    "IndexesResult",
    "SearchResult",
    "build_server",
]

INSTRUCTIONS = (
    "Search and question UK council committee minutes. Every answer cites its sources: "
    "council, committee, meeting date, agenda item, URL and page. Use `indexes` to learn which "
    "councils and committees are indexed, `search` for passages, `ask` for a cited answer, "
    "`compare` to answer once per council, `decisions` for the decision register (what was "
    "resolved, moved by whom, votes) and `timeline` for how one issue moved through meetings."
)


# ---------------------------------------------------------------------------- results
class SearchResult(BaseModel):
    """Passages found, best first, each with its citation."""

    query: str
    filters: Filters
    passages: list[Passage]


class AskResult(BaseModel):
    """A cited answer: ``ask --json`` without the retrieval detail (every passage retrieved,
    timings), which ``search`` gives on its own."""

    question: str
    answer: str = Field(description="The answer, with [n] markers citing `citations`.")
    abstained: bool = Field(description="True when the minutes do not answer the question.")
    mode: str = Field(description="'extractive' (quotes) or 'llm' (checked against sources).")
    short_answer: ShortAnswer | None
    claims: list[Claim] = Field(description="Each sentence of the answer and what it cites.")
    citations: list[Citation] = Field(description="The sources cited, one per agenda item.")
    decisions: list[Decision] = Field(description="Decisions recorded in the cited passages.")
    notices: list[str]
    filters: Filters
    time_filter: str | None


class IndexesResult(BaseModel):
    """The indexes this server reads, with the councils, committees and dates each holds."""

    default: str = Field(description="The index a call that names none uses.")
    indexes: list[IndexInfo]


class DecisionsResult(BaseModel):
    """Entries of the decision register, each with its agenda item's citation."""

    decisions: list[Decision]
    notices: list[str]


# ---------------------------------------------------------------------------- arguments
Index = Annotated[
    str | None,
    Field(description="Index name (see the `indexes` tool); the server's default if unset."),
]
Council = Annotated[str | None, Field(description="Only this council (part of its name).")]
Committee = Annotated[str | None, Field(description="Only this committee (part of its name).")]
Since = Annotated[
    str | None,
    Field(description="Meetings on or after this date: 2022-11-01, 'Nov 2022' or 2022."),
]
Until = Annotated[str | None, Field(description="Meetings on or before this date.")]
Question = Annotated[
    str, Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The question.")
]
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)


def _filters(
    council: str | None, committee: str | None, since: str | None, until: str | None
) -> Filters:
    return Filters(
        council=council or None,
        committee=committee or None,
        since=parse_date_bound(since) if since else None,
        until=parse_date_bound(until, end=True) if until else None,
    )


def _result(text: str, data: BaseModel | dict[str, Any]) -> CallToolResult:
    structured = data if isinstance(data, dict) else data.model_dump(mode="json")
    return CallToolResult(
        content=[TextContent(type="text", text=printable(text))], structured_content=structured
    )


T = TypeVar("T")


def _guarded(call: Callable[[], T]) -> T:
    """Run one tool's work; what the library raises on purpose becomes a tool error carrying
    its one-line message (the CLI prints the same sentence)."""
    try:
        return call()
    except MinutesError as exc:
        raise ToolError(" ".join(str(exc).split())) from None
    except ValidationError as exc:  # a request outside the service's limits
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ToolError(f"{where}: {first['msg']}" if where else first["msg"]) from None
    except sqlite3.DatabaseError as exc:  # damage met mid-read
        raise ToolError(
            f"the index could not be read ({' '.join(str(exc).split())}); it may be damaged: "
            "rebuild it with minutes ingest"
        ) from None


# ---------------------------------------------------------------------------- the server
def build_server(service: MinutesService) -> MCPServer:
    """The tools, bound to ``service`` (shared by every call; thread-safe)."""
    server: MCPServer = MCPServer("council-minutes", instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    def indexes() -> Annotated[CallToolResult, IndexesResult]:
        """List the indexes: the councils and committees each holds, its meetings, agenda
        items and date range."""

        def work() -> CallToolResult:
            infos = [service.info(name) for name in service.indexes()]
            default = service.settings.index.name
            lines = [f"Default index: {default}"] if infos else ["No index has been built yet."]
            for info in infos:
                dates = f"{info.first_date or '?'} to {info.last_date or '?'}"
                lines += [
                    "",
                    f"{info.name}: {info.meetings} meetings, {info.items} agenda items ({dates})",
                    f"  councils: {', '.join(info.councils) or '(none stated)'}",
                    f"  committees: {', '.join(info.committees) or '(none stated)'}",
                ]
            return _result("\n".join(lines), IndexesResult(default=default, indexes=infos))

        return _guarded(work)

    @server.tool(annotations=READ_ONLY)
    def search(
        query: Annotated[
            str, Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="What to find.")
        ],
        council: Council = None,
        committee: Committee = None,
        since: Since = None,
        until: Until = None,
        k: Annotated[int, Field(ge=1, le=MAX_K, description="Passages returned.")] = 10,
        index: Index = None,
    ) -> Annotated[CallToolResult, SearchResult]:
        """Hybrid (meaning + keyword) search of the minutes: passages, best first, each cited
        with council, committee, meeting date, agenda item, URL and page."""

        def work() -> CallToolResult:
            filters = _filters(council, committee, since, until)
            request = SearchRequest(query=query, filters=filters, k=k, index=index)
            passages = service.search(request)
            data = SearchResult(query=query, filters=filters, passages=passages)
            return _result(render_passages(passages, query), data)

        return _guarded(work)

    @server.tool(annotations=READ_ONLY)
    def ask(
        question: Question,
        council: Council = None,
        committee: Committee = None,
        since: Since = None,
        until: Until = None,
        index: Index = None,
    ) -> Annotated[CallToolResult, AskResult]:
        """Answer a question from the minutes, every sentence cited [n] to its agenda item
        (council, committee, date, item, URL, page); abstains when the minutes do not say."""

        def work() -> CallToolResult:
            filters = _filters(council, committee, since, until)
            answer = service.ask(AskRequest(question=question, filters=filters, index=index))
            data = AskResult(
                question=answer.question,
                answer=answer.text,
                abstained=answer.abstained,
                mode=answer.mode,
                short_answer=answer.short_answer,
                claims=answer.claims,
                citations=answer.citations,
                decisions=answer.decisions,
                notices=answer.notices,
                filters=answer.filters,
                time_filter=answer.time_filter,
            )
            return _result(render_answer(answer), data)

        return _guarded(work)

    @server.tool(annotations=READ_ONLY)
    def compare(
        question: Question,
        committee: Committee = None,
        since: Since = None,
        until: Until = None,
        index: Index = None,
    ) -> CallToolResult:
        """Answer a question once per council (and once for items naming none), each row
        graded discussed / related only / no mention, with its cited answer."""

        def work() -> CallToolResult:
            filters = _filters(None, committee, since, until)
            comparison = service.compare(
                AskRequest(question=question, filters=filters, index=index)
            )
            return _result(render_comparison(comparison), comparison.to_json())

        return _guarded(work)

    @server.tool(annotations=READ_ONLY)
    def decisions(
        topic: Annotated[
            str | None,
            Field(max_length=MAX_QUESTION_CHARS, description="Only items about this topic."),
        ] = None,
        outcomes: Annotated[
            list[DecisionOutcome] | None, Field(description="Only these outcomes.")
        ] = None,
        person: Annotated[
            str | None, Field(max_length=200, description="Mover, seconder or a named voter.")
        ] = None,
        council: Council = None,
        committee: Committee = None,
        since: Since = None,
        until: Until = None,
        limit: Annotated[int, Field(ge=1, le=10_000, description="Most returned.")] = 50,
        index: Index = None,
    ) -> Annotated[CallToolResult, DecisionsResult]:
        """The decision register: what was resolved, agreed or recommended, the outcome,
        mover and seconder, votes, each with its agenda item's citation."""

        def work() -> CallToolResult:
            request = DecisionsRequest(
                index=index,
                filters=_filters(council, committee, since, until),
                topic=topic,
                outcomes=outcomes or [],
                person=person,
                limit=limit,
            )
            notices = []
            if not service.holds_decisions(index):
                notices.append("this index holds no decisions; re-run minutes ingest to read them")
            found = service.decisions(request)
            described = ", ".join(
                part
                for part in (
                    request.filters.describe(),
                    f"topic: {topic}" if topic else "",
                    f"person: {person}" if person else "",
                )
                if part
            )
            text = "\n".join([*notices, render_decisions(found, described or "all")])
            return _result(text, DecisionsResult(decisions=found, notices=notices))

        return _guarded(work)

    @server.tool(annotations=READ_ONLY)
    def timeline(
        topic: Annotated[
            str, Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The issue.")
        ],
        council: Council = None,
        committee: Committee = None,
        since: Since = None,
        until: Until = None,
        index: Index = None,
    ) -> Annotated[CallToolResult, Timeline]:
        """How one issue (a site, a scheme, a policy) moved through meetings, in date order:
        each agenda item cited, with its decisions and why it belongs."""

        def work() -> CallToolResult:
            request = TimelineRequest(
                topic=topic, filters=_filters(council, committee, since, until), index=index
            )
            found = service.timeline(request)
            return _result(render_timeline(found), found)

        return _guarded(work)

    return server
