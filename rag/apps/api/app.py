"""The FastAPI application behind ``minutes serve``: thin routes over one MinutesService.

Every route hands its typed request to the service and its result to a response model
(:mod:`.schemas`); nothing here searches, answers or grades. Errors leave as
``{"error": {"code", "message"}}`` (:mod:`.errors`), never a traceback. Imports fastapi: load
it through :func:`rag.apps.extras.require` (``pip install 'council-minutes-rag[serve]'``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Path, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ...errors import MinutesError
from ...models import Decision
from ...timeline import Timeline
from ..service import (
    AskRequest,
    IndexInfo,
    MinutesService,
)
from .bodies import (
    INDEX_NAME,
    AskBody,
    DecisionsBody,
    QuestionBody,
    SearchBody,
    TimelineBody,
)
from .errors import error_status, redact
from .guard import BodyTooLargeError, Guard
from .schemas import (
    AnswerOut,
    ComparisonOut,
    ErrorBody,
    ErrorDetail,
    Health,
    IndexList,
    PassageOut,
    UnavailableIndex,
    UploadError,
    UploadOut,
)

__all__ = ["create_app"]

log = logging.getLogger("rag.apps.api")

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": why}
    for status, why in (
        (400, "A value the service cannot use (bad_request)."),
        (401, "Missing or wrong bearer token (unauthorized), when the server has one."),
        (404, "No such index (index_not_found) or route (not_found)."),
        (409, "Another ingest is writing the index (index_locked)."),
        (413, "The request body is over the limit (too_large)."),
        (422, "The body does not match the schema (invalid_request)."),
        (500, "The index or model cannot be used, or an unexpected error (internal)."),
    )
}
_SSE_DOC = (
    "With `stream: true`: text/event-stream. `token` events carry the answer's text as it is "
    'written (`{"text": ...}`: an LLM answer\'s sentences once each is checked), then one '
    "`answer` event holds the whole answer (this schema), or one `error` event the error."
)


def _json(model: BaseModel | list[Any], *, as_cli: bool = False) -> JSONResponse:
    """``model`` as JSON; ``as_cli``: validated from a to_json(), whose left-out fields (a
    passage's rerank_score without a reranker) stay out, as the CLI prints it."""
    if isinstance(model, list):
        content: Any = [m.model_dump(mode="json", exclude_unset=as_cli) for m in model]
    else:
        content = model.model_dump(mode="json", exclude_unset=as_cli)
    return JSONResponse(content)


def _error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> Any:
    body = ErrorBody(error=ErrorDetail(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _without_llm_mode(schema: dict[str, Any]) -> None:
    """Drop "llm" from every ``mode`` enum of the request bodies in ``schema``."""

    def prune(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list) and "llm" in node["enum"]:
                node["enum"] = [value for value in node["enum"] if value != "llm"]
            for value in node.values():
                prune(value)
        elif isinstance(node, list):
            for value in node:
                prune(value)

    for body in schema.get("components", {}).get("schemas", {}).values():
        prune(body.get("properties", {}).get("mode"))


def _sse(event: str, data: object) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _validation_message(exc: RequestValidationError) -> str:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))


def create_app(service: MinutesService) -> FastAPI:
    """The API over ``service`` (one per process: it holds the model and the open indexes)."""
    settings = service.settings
    token = settings.api.token.get_secret_value() if settings.api.token else None
    root = settings.index.root
    app = FastAPI(
        title="minutes",
        summary="Cited answers from UK council committee minutes.",
        version="1",
        redoc_url=None,
        responses=_ERRORS,
    )

    # Without an LLM endpoint, "llm" is no answer mode of this server: the schema leaves it out
    # (so clients and schemathesis learn it up front) and a request naming it is a 422.
    llm_ready = bool(settings.llm.base_url)
    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        schema = plain_openapi()
        if fresh and not llm_ready:
            _without_llm_mode(schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    def mode_refused(request: AskRequest) -> JSONResponse | None:
        if request.mode != "llm" or llm_ready:
            return None
        message = (
            "mode: 'llm' needs an LLM endpoint and this server has none (MINUTES_LLM_BASE_URL); "
            "use 'auto' or 'extractive'"
        )
        refused: JSONResponse = _error(422, "invalid_request", message)
        return refused

    def failure(exc: BaseException, *, logged: bool = False) -> tuple[int, str, str]:
        status, code, message = error_status(exc)
        if code == "internal" and not logged:
            log.error("internal error", exc_info=exc)
        return status, code, redact(message, root)

    async def on_error(request: Request, exc: Exception) -> JSONResponse:
        result: JSONResponse = _error(*failure(exc, logged=True))
        return result

    # The library's errors are answers (an index not found is a 404); anything else also gets
    # the JSON body, and starlette passes it on for the server's log to show the traceback.
    for kind in (MinutesError, sqlite3.DatabaseError, Exception):
        app.add_exception_handler(kind, on_error)

    @app.exception_handler(BodyTooLargeError)
    async def on_too_large(request: Request, exc: BodyTooLargeError) -> JSONResponse:
        result: JSONResponse = _error(413, "too_large", str(exc))
        return result

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        result: JSONResponse = _error(422, "invalid_request", _validation_message(exc))
        return result

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, BodyTooLargeError):  # fastapi wraps what reading raised
            return await on_too_large(request, exc.__cause__)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        result: JSONResponse = _error(exc.status_code, code, str(exc.detail), exc.headers)
        return result

    async def call(function: Callable[..., Any], *args: Any) -> Any:
        """Run a service call on a worker thread (the service blocks: SQLite, FAISS, a model)."""
        return await run_in_threadpool(function, *args)

    @app.get("/health", response_model=Health, tags=["service"])
    async def health() -> JSONResponse:
        """The server is up; how many indexes it sees."""
        names = await call(service.indexes)
        return _json(
            Health(default_index=settings.index.name, indexes=len(names), uploads=bool(token))
        )

    @app.get("/indexes", response_model=IndexList, tags=["indexes"])
    async def indexes() -> JSONResponse:
        """Every index under the index root, with what it holds."""

        def read() -> IndexList:
            found, unavailable = [], []
            for name in service.indexes():
                try:
                    found.append(service.info(name))
                except Exception as exc:  # noqa: BLE001 - one damaged index costs only itself
                    _, code, message = failure(exc)
                    detail = ErrorDetail(code=code, message=message)
                    unavailable.append(UnavailableIndex(name=name, error=detail))
            return IndexList(default=settings.index.name, indexes=found, unavailable=unavailable)

        return _json(await call(read))

    @app.get("/indexes/{name}", response_model=IndexInfo, tags=["indexes"])
    async def index_info(name: Annotated[str, Path(max_length=255, pattern=INDEX_NAME)]) -> Any:
        """What one index holds (``minutes info --json``)."""
        return _json(await call(service.info, name))

    @app.post("/search", response_model=list[PassageOut], tags=["questions"])
    async def search(request: SearchBody) -> JSONResponse:
        """Hybrid search with citations (``minutes search --json``)."""
        passages = await call(service.search, request)
        return _json([PassageOut.model_validate(p.to_json()) for p in passages], as_cli=True)

    @app.post(
        "/ask",
        response_model=AnswerOut,
        tags=["questions"],
        responses={200: {"content": {"text/event-stream": {}}, "description": _SSE_DOC}},
    )
    async def ask(request: AskBody) -> Any:
        """A cited answer (``minutes ask --json``), optionally streamed as server-sent events."""
        if (refused := mode_refused(request)) is not None:
            return refused
        if not request.stream:
            answer = await call(service.ask, request)
            return _json(AnswerOut.model_validate(answer.to_json()), as_cli=True)
        # Opened first: a missing or damaged index is an error status, not an event.
        await call(service.streams_answers, request.index)
        return StreamingResponse(
            _stream(request), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    async def _stream(request: AskRequest) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[tuple[str, object]] = asyncio.Queue()

        def put(event: str, data: object) -> None:
            loop.call_soon_threadsafe(events.put_nowait, (event, data))

        def work() -> None:
            try:
                answer = service.ask(request, on_token=lambda piece: put("token", {"text": piece}))
                out = AnswerOut.model_validate(answer.to_json())
                put("answer", out.model_dump(mode="json", exclude_unset=True))
            except Exception as exc:  # noqa: BLE001 - the stream's last event says what failed
                _, code, message = failure(exc)
                put("error", {"error": {"code": code, "message": message}})

        worker = loop.run_in_executor(None, work)
        while True:
            event, data = await events.get()
            yield _sse(event, data)
            if event != "token":
                break
        await worker

    @app.post("/compare", response_model=ComparisonOut, tags=["questions"])
    async def compare(request: QuestionBody) -> JSONResponse:
        """The question answered once per council (``minutes ask --by council --json``)."""
        if (refused := mode_refused(request)) is not None:
            return refused
        comparison = await call(service.compare, request)
        return _json(ComparisonOut.model_validate(comparison.to_json()), as_cli=True)

    @app.post("/decisions", response_model=list[Decision], tags=["register"])
    async def decisions(request: DecisionsBody) -> JSONResponse:
        """The decision register (``minutes decisions --json``)."""
        found: list[Decision] = await call(service.decisions, request)
        return JSONResponse([d.model_dump(mode="json") for d in found])

    @app.post("/timeline", response_model=Timeline, tags=["register"])
    async def timeline(request: TimelineBody) -> JSONResponse:
        """How one issue moved through meetings, in date order (``minutes timeline --json``)."""
        result: Timeline = await call(service.timeline, request)
        return JSONResponse(result.model_dump(mode="json"))

    if token:  # a server anyone on the network may call never writes

        @app.post("/uploads", response_model=UploadOut, tags=["indexes"])
        async def uploads(
            files: Annotated[
                list[UploadFile], File(min_length=1, description="Minutes files and sidecars.")
            ],
            # A form sends an empty field for "unset" (fastapi reads it as None).
            index: Annotated[
                str | None,
                Form(
                    max_length=255,
                    pattern=f"^$|{INDEX_NAME}",
                    description="Index name; empty or unset: the server's default.",
                ),
            ] = None,
        ) -> JSONResponse:
            """Add minutes files (txt, md, html, pdf, jsonl; ``<file>.meta.json`` sidecars go
            with their file) to an index, one at a time, like the app's upload."""
            contents = [(f.filename or "upload", await f.read()) for f in files]
            result = await call(service.add_uploads, index, contents)
            out = UploadOut(
                summary=result.summary(),
                saved=result.saved,
                ingested=result.ingested,
                unchanged=result.unchanged,
                errors=[
                    UploadError(file=name, message=redact(why, root)) for name, why in result.errors
                ],
                warnings=[redact(warning, root) for warning in result.warnings],
            )
            return _json(out)

    app.add_middleware(
        Guard,
        token=token,
        max_body=settings.api.max_body_kb * 1024,
        max_upload=int(settings.api.max_upload_mb * 1024 * 1024),
    )
    if settings.api.cors_origins:  # outermost: a preflight carries no token
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app
