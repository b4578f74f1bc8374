"""The socket layer under the fetch client: a total deadline per request, and a count of the
bytes each response really sent.

httpx has timeouts per operation (connect, each read, each write) but none for a whole request,
so a server sending one byte just inside the read timeout keeps a request going for ever (during
the headers too: h11 accepts up to 100 KB of them). :class:`DeadlineBackend` is an httpcore
network backend whose every connect, TLS handshake, read and write gets at most the time left
before the current request's deadline (:meth:`DeadlineBackend.deadline`), so a request ends at
its deadline whatever the server's pace, with a timeout that :meth:`DeadlineBackend.expired`
tells apart from an ordinary one.

Its streams also count, per request/response exchange, the bytes received after the response
head. h11 stops reading a body at its ``Content-Length`` and leaves any surplus in its buffer,
where the *next* request on the connection would read it as its own response; with the count,
:meth:`WireStream.overran` tells the client the body was longer than announced, and the
connection is then reported unusable so the pool never hands it out again.

:func:`install` puts the backend under an ``httpx.HTTPTransport`` (through the private
``_pool._network_backend`` attribute: httpx offers no public hook; ``tests/test_fetch_hostile``
fails if a new httpx version moves it). When it cannot, or when a proxy from the environment
carries the request, the client still checks the deadline between reads of the body.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

__all__ = ["DeadlineBackend", "WireStream", "install"]

_HEAD_LIMIT = 256 * 1024  # response-head bytes searched for its end (h11 refuses far less)
_SocketOption = (  # as httpcore's NetworkBackend declares it
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend with a per-thread deadline on every network operation."""

    def __init__(
        self,
        backend: httpcore.NetworkBackend | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._backend = backend or httpcore.SyncBackend()
        self._clock = clock
        self._local = threading.local()

    @contextmanager
    def deadline(self, until: float | None) -> Iterator[None]:
        """Network operations in this thread must end by ``until`` (``clock()`` time)."""
        previous = getattr(self._local, "until", None)
        self._local.until, self._local.bound = until, False
        try:
            yield
        finally:
            self._local.until, self._local.bound = previous, False

    def until(self) -> float | None:
        """The current deadline in this thread (None outside :meth:`deadline`)."""
        return getattr(self._local, "until", None)

    def expired(self) -> bool:
        until = self.until()
        return until is not None and self._clock() >= until

    def deadline_bound(self) -> bool:
        """True when the last operation's time limit was the deadline, not its own timeout
        (so a timeout it raised means the deadline was reached)."""
        return bool(getattr(self._local, "bound", False))

    def budget(self, timeout: float | None, timed_out: type[Exception]) -> float | None:
        """``timeout`` shortened to the time left before the deadline (raising ``timed_out``
        when none is left)."""
        until = self.until()
        if until is None:
            return timeout
        left = until - self._clock()
        if left <= 0:
            self._local.bound = True
            raise timed_out("request deadline reached")
        self._local.bound = timeout is None or left <= timeout
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host,
            port,
            timeout=self.budget(timeout, httpcore.ConnectTimeout),
            local_address=local_address,
            socket_options=socket_options,
        )
        return WireStream(stream, self)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(
            path,
            timeout=self.budget(timeout, httpcore.ConnectTimeout),
            socket_options=socket_options,
        )
        return WireStream(stream, self)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class WireStream(httpcore.NetworkStream):
    """A network stream under the deadline that counts what each response sends.

    An exchange starts with the first write after a read (HTTP/1.1 without pipelining: the
    request goes out, then the response comes back).
    """

    def __init__(self, stream: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self._stream = stream
        self._backend = backend
        self._reading = False
        self._received = 0
        self._head = bytearray()
        self._head_end: int | None = None
        self._start = 0  # where the current response head starts (after any 1xx ones)
        self._scan = 0  # where to look for the head's end next
        self.unusable = False

    # -- httpcore.NetworkStream ---------------------------------------------------------------
    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._stream.read(max_bytes, self._backend.budget(timeout, httpcore.ReadTimeout))
        self._reading = True
        self._count(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if self._reading:  # a new exchange
            self._reading, self._received, self._head_end = False, 0, None
            self._head.clear()
            self._start = self._scan = 0
        self._stream.write(buffer, self._backend.budget(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wrapped = self._stream.start_tls(
            ssl_context, server_hostname, self._backend.budget(timeout, httpcore.ConnectTimeout)
        )
        return WireStream(wrapped, self._backend)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable" and self.unusable:
            return True  # the pool drops an idle connection that "has data": never reused
        return self._stream.get_extra_info(info)

    # -- the exchange -------------------------------------------------------------------------
    def _count(self, data: bytes) -> None:
        self._received += len(data)
        if self._head_end is not None or len(self._head) > _HEAD_LIMIT:
            return
        self._head += data
        while (end := self._head.find(b"\r\n\r\n", self._scan)) >= 0:
            # A 1xx interim response ("HTTP/1.1 100 Continue") comes before the real head.
            if self._head[self._start + 9 : self._start + 10] == b"1":
                self._start = self._scan = end + 4
                continue
            self._head_end = end + 4
            return
        self._scan = max(self._start, len(self._head) - 3)  # a dripped head is scanned once

    def body_received(self) -> int | None:
        """Bytes received after the response head in this exchange (None if not found)."""
        return None if self._head_end is None else self._received - self._head_end

    def _pending(self) -> bool:
        """True when more bytes are waiting on the connection right now."""
        sock = self._stream.get_extra_info("socket")
        if isinstance(sock, ssl.SSLSocket):
            return sock.pending() > 0
        if not isinstance(sock, socket.socket) or sock.fileno() < 0:
            return False
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            return bool(readable) and bool(sock.recv(1, socket.MSG_PEEK))
        except (OSError, ValueError):
            return False

    def overran(self, declared: int) -> bool:
        """True (and the connection marked unusable) when the body just read went on past
        ``declared`` bytes: more arrived with it, or more is already waiting."""
        received = self.body_received()
        if (received is not None and received > declared) or self._pending():
            self.unusable = True
        return self.unusable


def install(transport: httpx.BaseTransport, backend: DeadlineBackend) -> bool:
    """Put ``backend`` under ``transport``'s connection pool; False when that is not possible
    (not an ``httpx.HTTPTransport`` over a plain connection pool, or httpx changed)."""
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        return False
    inner = pool._network_backend
    if isinstance(inner, DeadlineBackend):
        return inner is backend
    backend._backend = inner
    pool._network_backend = backend
    return True
