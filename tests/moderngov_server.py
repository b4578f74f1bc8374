"""A ModernGov-like council site on 127.0.0.1 for the fetch tests: a real HTTP server.

It serves the hand-written fixtures in ``tests/fixtures/moderngov/`` at the paths the public
interface uses, answers conditional requests (``ETag`` → ``If-None-Match`` → 304), logs every
request (time, Host header, path, headers), and can be scripted per route:

- ``site.script(key, Reply(...), ...)``: replies used once each, in order, before the normal
  one (a 429 then 200; a 500 then 200; a reply slower than the client's timeout);
- ``site.always(key, Reply(...))``: the reply for every request to ``key`` (documents, a
  redirect to another host, an oversized file, a hostile ``Content-Disposition``);
- ``site.always_prefix(prefix, Reply(...))``: the same for every path under ``prefix`` (e.g.
  the whole web service down).

A reply can also misbehave on the wire (the hostile-server tests): stop part-way through its
body and hang up (``cut``), stall there first (``stall``, a read timeout mid-body), send more
than its ``Content-Length`` (``trailing``), or drip its head or body one byte at a time
(``drip_head``, ``drip``).

A route key is the path plus the query parameters that identify the resource, in request
order, without the date range and ``Year``: ``/mgAi.aspx?ID=5001``,
``/mgWebService.asmx/GetMeetings?lCommitteeId=12``, ``/documents/s8001/Improvement%20Update.pdf``.
``{{SITE}}`` in a fixture becomes the server's address and ``{{OTHER}}`` the same server under
the host name ``localhost``, which a client bound to ``127.0.0.1`` must treat as another site.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

__all__ = ["FIXTURES", "FixtureSite", "Reply", "Request"]

FIXTURES = Path(__file__).parent / "fixtures" / "moderngov"
_IGNORED_PARAMS = {"sfromdate", "stodate", "year", "ver"}
_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
_CONTENT_TYPES = {".xml": "text/xml; charset=utf-8", ".html": "text/html; charset=utf-8"}


@dataclass
class Reply:
    """One scripted answer. ``delay`` sleeps before answering; ``send_length=False`` streams the
    body without ``Content-Length`` (the connection close ends it). ``cut=N`` sends only the
    first N body bytes (``Content-Length`` still announces all of them), waits ``stall`` seconds
    and hangs up; ``trailing`` bytes follow the body in the same write, beyond its
    ``Content-Length``; ``drip_head``/``drip`` send the head/body a byte at a time, that many
    seconds apart (until the client hangs up)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True
    cut: int | None = None
    stall: float = 0.0
    trailing: bytes = b""
    drip_head: float = 0.0
    drip: float = 0.0


@dataclass
class Request:
    at: float  # time.monotonic() on arrival
    host: str  # the Host header
    key: str  # the route key (see the module docstring)
    target: str  # the request target as sent, query included
    headers: dict[str, str]


def _fixture_name(path: str, params: dict[str, str]) -> str | None:
    """The fixture file answering a request, by ModernGov's public URL shapes."""
    operation = path.rsplit("/", 1)[-1]
    if path.startswith("/mgWebService.asmx/"):
        ident = params.get("lcommitteeid") or params.get("lmeetingid")
        return f"{operation}-{ident}.xml" if ident else f"{operation}.xml"
    names = {
        "/robots.txt": "robots.txt",
        "/mgListCommittees.aspx": "mgListCommittees.html",
        "/mgAi.aspx": f"mgAi-{params.get('id')}.html",
        "/ieListMeetings.aspx": f"ieListMeetings-{params.get('cid')}.html",
        "/ieListDocuments.aspx": f"ieListDocuments-{params.get('cid')}-{params.get('mid')}.html",
    }
    return names.get(path)


class FixtureSite:
    """Start with ``with FixtureSite() as site:``; ``site.base`` is ``http://127.0.0.1:PORT``."""

    def __init__(self, fixtures: Path = FIXTURES) -> None:
        self.fixtures = fixtures
        self.log: list[Request] = []
        self._scripts: dict[str, list[Reply]] = {}
        self._always: dict[str, Reply] = {}
        self._prefixes: dict[str, Reply] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # quiet: clients hang up on purpose
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.other = f"http://localhost:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FixtureSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- scripting ---------------------------------------------------------------------------
    def script(self, key: str, *replies: Reply) -> None:
        with self._lock:
            self._scripts.setdefault(key, []).extend(replies)

    def always(self, key: str, reply: Reply) -> None:
        self._always[key] = reply

    def always_prefix(self, prefix: str, reply: Reply) -> None:
        self._prefixes[prefix] = reply

    def requests(self, key_part: str = "") -> list[Request]:
        """Logged requests whose key contains ``key_part``."""
        with self._lock:
            return [r for r in self.log if key_part in r.key]

    # -- serving -----------------------------------------------------------------------------
    def _fill(self, data: bytes) -> bytes:
        return data.replace(b"{{SITE}}", self.base.encode()).replace(
            b"{{OTHER}}", self.other.encode()
        )

    def _reply(self, key: str, path: str, params: dict[str, str]) -> Reply:
        with self._lock:
            queue = self._scripts.get(key)
            if queue:
                return queue.pop(0)
        if key in self._always:
            return self._always[key]
        for prefix, reply in self._prefixes.items():
            if path.startswith(prefix):
                return reply
        if path == "/mgWebService.asmx/GetMeetings" and not all(
            _DATE.fullmatch(params.get(p, "")) for p in ("sfromdate", "stodate")
        ):
            return Reply(400, b"sFromDate and sToDate must be DD/MM/YYYY")
        name = _fixture_name(path, params)
        file = self.fixtures / name if name else None
        if file is None or not file.is_file():
            return Reply(404, b"<html><body>Page not found</body></html>")
        content_type = _CONTENT_TYPES.get(file.suffix, "text/plain; charset=utf-8")
        return Reply(200, self._fill(file.read_bytes()), {"Content-Type": content_type})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                pairs = parse_qsl(parts.query, keep_blank_values=True)
                params = {k.lower(): v for k, v in pairs}
                kept = "&".join(f"{k}={v}" for k, v in pairs if k.lower() not in _IGNORED_PARAMS)
                key = parts.path + (f"?{kept}" if kept else "")
                headers = {k.lower(): v for k, v in self.headers.items()}
                with site._lock:
                    site.log.append(
                        Request(time.monotonic(), headers.get("host", ""), key, self.path, headers)
                    )
                reply = site._reply(key, parts.path, params)
                if reply.delay:
                    time.sleep(reply.delay)
                etag = '"' + hashlib.sha1(reply.body).hexdigest()[:16] + '"'
                conditional = reply.status == 200 and reply.body
                if conditional and headers.get("if-none-match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                headers = dict(reply.headers)
                if conditional:
                    headers["ETag"] = etag
                if reply.send_length:
                    headers["Content-Length"] = str(len(reply.body))
                try:
                    self._send_head(reply.status, headers, reply.drip_head)
                    body = reply.body if reply.cut is None else reply.body[: reply.cut]
                    self._send_bytes(body + reply.trailing, reply.drip)
                    if reply.cut is not None:
                        time.sleep(reply.stall)
                        self.close_connection = True
                except OSError:  # the client hung up (a deadline, a size cap)
                    self.close_connection = True

            def _send_head(self, status: int, headers: dict[str, str], drip: float) -> None:
                if not drip:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    return
                lines = [f"{self.protocol_version} {status} {self.responses[status][0]}"]
                lines += [f"{name}: {value}" for name, value in headers.items()]
                self._send_bytes(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), drip)

            def _send_bytes(self, data: bytes, drip: float) -> None:
                if not drip:
                    self.wfile.write(data)
                    return
                for i in range(len(data)):
                    self.wfile.write(data[i : i + 1])
                    time.sleep(drip)

        return Handler
