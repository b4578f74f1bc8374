"""What every request passes before any routing or parsing: the bearer token (when one is set)
and the body size limit. Plain ASGI, so a refused request costs no JSON parsing and no thread."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["BodyTooLargeError", "Guard", "error_response"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLargeError(Exception):
    """A body sent without Content-Length (chunked) grew past the limit while being read."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the request body is larger than {limit} bytes")


async def error_response(
    send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Refuses a request without the bearer token (401) and a body over the limit (413): by its
    Content-Length before reading it, or as it is read when it has none."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        max_body: int,
        max_upload: int,
        upload_paths: frozenset[str] = frozenset({"/uploads"}),
    ) -> None:
        self.app = app
        self._token = token.encode() if token else None
        self.max_body = max_body
        self.max_upload = max_upload
        self.upload_paths = upload_paths

    def _authorised(self, scope: Scope) -> bool:
        if self._token is None:
            return True
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, given = bytes(value).partition(b" ")
                # compare_digest: the time taken says nothing about how much of a guess matched.
                return scheme.lower() == b"bearer" and hmac.compare_digest(
                    given.strip(), self._token
                )
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._authorised(scope):
            await error_response(
                send,
                401,
                "unauthorized",
                "this server needs a bearer token: send Authorization: Bearer <token>",
                {"WWW-Authenticate": "Bearer"},
            )
            return
        limit = self.max_upload if scope.get("path") in self.upload_paths else self.max_body
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await error_response(send, 400, "bad_request", "Content-Length is not a number")
                return
            if size > limit:
                await error_response(
                    send, 413, "too_large", f"the request body is larger than {limit} bytes"
                )
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counted, send)
