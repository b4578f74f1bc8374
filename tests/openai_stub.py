"""A real loopback HTTP server speaking the slice of the OpenAI API that chat clients use.

    with OpenAIStub("The budget was agreed [1].") as stub:
        settings = LLMSettings(base_url=stub.url, timeout=2)
        ...
        assert stub.requests[0].messages[0]["role"] == "system"

Serves ``POST /v1/chat/completions`` (plain JSON, or server-sent events when the request asks
for ``"stream": true``) and ``GET /v1/models``. The reply is a fixed string, a list of pieces
to stream one per chunk, or a function of the request's messages. ``stub.hang = True`` makes
it sit silent (longer than any client timeout); ``stub.status = 500`` makes it fail;
``stub.delay = 0.05`` waits that many seconds before each streamed piece, like a slow model;
``stub.cut = True`` ends a stream before its first chunk, as a model server that crashes does.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["OpenAIStub", "Reply", "StubRequest", "pieces_of"]

Messages = list[dict[str, Any]]
Reply = str | list[str] | Callable[[Messages], "str | list[str]"]


@dataclass
class StubRequest:
    """One request the stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def messages(self) -> Messages:
        return list(self.body.get("messages", []))

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))


def pieces_of(text: str) -> list[str]:
    """Split text into word-sized stream chunks whose concatenation is exactly ``text``."""
    return re.findall(r"\S+\s*|\s+", text) or [text]


class OpenAIStub:
    """The server; a context manager that starts it on 127.0.0.1 (a free port) and stops it."""

    def __init__(self, reply: Reply = "NOT FOUND", model: str = "stub-model") -> None:
        self.reply = reply
        self.model = model
        self.hang = False
        self.hang_seconds = 30.0
        self.delay = 0.0
        self.cut = False
        self.status: int | None = None
        self.requests: list[StubRequest] = []
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL to give a client, ending in ``/v1``."""
        if self._server is None:
            raise RuntimeError("stub server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> OpenAIStub:
        stub = self

        class Handler(_Handler):
            owner = stub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.02), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # wake any hanging handler
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reply_for(self, messages: Messages) -> list[str]:
        reply = self.reply(messages) if callable(self.reply) else self.reply
        return pieces_of(reply) if isinstance(reply, str) else list(reply)

    def wait_while_hanging(self) -> None:
        self._release.wait(self.hang_seconds)


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIStub
    server_version = "OpenAIStub/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _record(self) -> StubRequest:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else {}
        request = StubRequest(self.command, self.path, dict(self.headers.items()), body)
        self.owner.requests.append(request)
        return request

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _misbehave(self) -> bool:
        if self.owner.hang:
            self.owner.wait_while_hanging()
            return True
        if self.owner.status is not None:
            error = {"message": "stub failure", "type": "server_error", "code": None}
            self._json(self.owner.status, {"error": error})
            return True
        return False

    def do_GET(self) -> None:
        self._record()
        if self._misbehave():
            return
        if self.path.rstrip("/") == "/v1/models":
            model = {"id": self.owner.model, "object": "model", "owned_by": "stub"}
            self._json(200, {"object": "list", "data": [model]})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        request = self._record()
        if self._misbehave():
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        pieces = self.owner.reply_for(request.messages)
        base = {"id": "chatcmpl-stub", "created": int(time.time()), "model": self.owner.model}
        if not request.stream:
            message = {"role": "assistant", "content": "".join(pieces)}
            choice = {"index": 0, "message": message, "finish_reason": "stop"}
            usage = {"prompt_tokens": 1, "completion_tokens": len(pieces), "total_tokens": 1}
            completion = {**base, "object": "chat.completion", "choices": [choice]}
            self._json(200, completion | {"usage": usage})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.owner.cut:
            return  # HTTP/1.0: the connection closes, the stream ends with no chunk
        deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
        deltas += [{"content": piece} for piece in pieces]
        for number, delta in enumerate([*deltas, {}]):
            finish = "stop" if number == len(deltas) else None
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            chunk = {**base, "object": "chat.completion.chunk", "choices": [choice]}
            if self.owner.delay and delta.get("content"):
                time.sleep(self.owner.delay)
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
