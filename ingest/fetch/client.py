"""A polite HTTP client bound to one council site.

Why each rule exists:

- **one host only**: every URL, including each redirect hop, must be on the site's host; a
  redirect elsewhere is refused (recorded as failed) and a link elsewhere is skipped, so a
  compromised or mistyped page can never send the crawler across the internet;
- **http(s) only**: ``file:``, ``javascript:`` and the like are never requested, and a URL with
  a control character in it (``&#12;`` in a link) or a malformed port fails as "invalid URL"
  before httpx sees it;
- **robots.txt** (``urllib.robotparser``) is read once per origin and honoured, including a
  ``Crawl-delay`` longer than our own interval; a robots.txt that redirects to another host
  cannot be read without contacting that host, so the origin counts as disallowing everything
  (said once, in :attr:`PoliteClient.notes`);
- **rate limit**: at most one request per ``min_interval`` seconds, whatever the outcome;
- **retries with backoff** on timeouts, dropped connections (before or during the body), 429
  and 5xx, honouring ``Retry-After`` (capped by ``max_backoff``);
- **conditional requests**: pages and XML are revalidated with ``If-None-Match`` /
  ``If-Modified-Since`` from :class:`~ingest.fetch.cache.HttpCache`; a 304 reuses the body;
- **size cap**: bodies are streamed and abandoned past ``max_file_mb``: ``Content-Length`` is
  checked first, then the bytes received are counted and, separately, the bytes each
  ``Content-Encoding`` layer expands to (:mod:`.decoding`), so neither an understated length
  nor a decompression bomb gets past it, and at most two stacked encodings are accepted;
- **complete bodies only**: a body shorter than its ``Content-Length`` (the connection closed
  early), longer than it, or compressed data cut short is an error, so nothing incomplete is
  cached or saved and a re-run asks again;
- **deadlines**: each request (connect, headers and body) must end within ``request_deadline``
  however slowly the server sends (:mod:`.transport`); an overrun fails the URL and is not
  retried. The optional ``run_deadline`` bounds the whole run: reaching it stops the run
  (:class:`RunDeadlineError`), keeping what is finished.

Whatever httpx raises, a URL's failure reaches the caller as a :class:`~rag.errors.FetchError`
naming the URL.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import SplitResult, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from rag.errors import DownloadSkipped, FetchError, SiteUnreachableError
from rag.settings import FetchSettings

from .cache import HttpCache
from .decoding import ACCEPTED, BodyDecoder, EncodingError, ExpansionError
from .transport import DeadlineBackend, WireStream, install

__all__ = [
    "PoliteClient",
    "RateLimiter",
    "Response",
    "RunDeadlineError",
    "http_url",
    "same_site",
]

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_T = TypeVar("_T")


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None when it cannot be split or its port is not a number."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for "host:99999" or "host:abc"
    except ValueError:
        return None
    return parts


def http_url(url: str) -> bool:
    """True for a well-formed absolute http(s) URL with a host."""
    parts = _split(url)
    return parts is not None and parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def _host_port(parts: SplitResult) -> tuple[str, int | None]:
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    return (parts.hostname or "").lower(), port


def same_site(url: str, site: str) -> bool:
    """``url`` is on the site's host: same host name, and the same port unless both use their
    scheme's default (so an http → https upgrade of the same host stays on the site)."""
    parts, site_parts = _split(url), _split(site)
    if parts is None or site_parts is None or not http_url(url):
        return False
    host, port = _host_port(parts)
    site_host, site_port = _host_port(site_parts)
    if host != site_host:
        return False
    defaults = set(_DEFAULT_PORTS.values())
    return port == site_port or (port in defaults and site_port in defaults)


def _invalid(url: str) -> str | None:
    """Why ``url`` cannot be requested at all, or None."""
    if _CONTROL.search(url):
        return "invalid URL (it contains a control character)"
    if _split(url) is None:
        return "invalid URL (malformed host or port)"
    return None


class RunDeadlineError(SiteUnreachableError):
    """The run's ``run_deadline`` passed. A :class:`SiteUnreachableError` because it has the
    same effect: the run stops there, what is finished is kept, and a re-run resumes."""


class _OffSiteRedirectError(FetchError):
    """A redirect to another host, which is never followed (a failure for pages and files)."""

    def __init__(self, url: str, host: str) -> None:
        self.host = host
        super().__init__(url, f"redirected to another host ({host}); not followed")


@dataclass
class _Redirect:
    location: str


class RateLimiter:
    """Spaces calls to :meth:`wait` at least ``interval`` seconds apart (thread-safe)."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = max(self._clock(), self._next)
            self._next = now + self.interval


@dataclass
class Response:
    """A finished GET: the final URL (after same-site redirects) and the whole body."""

    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    from_cache: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _detail(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


class PoliteClient:
    """GETs on one council site, following the rules in the module docstring.

    Raises :class:`~rag.errors.FetchError` (failed), :class:`~rag.errors.DownloadSkipped`
    (refused by policy) or :class:`~rag.errors.SiteUnreachableError` (nothing answers, or
    :class:`RunDeadlineError`: the run's time is up).
    """

    def __init__(
        self,
        site: str,
        settings: FetchSettings,
        cache: HttpCache | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.site = site
        self.settings = settings
        self.cache = cache
        self.limiter = RateLimiter(settings.min_interval)
        self.requests = 0
        self.not_modified = 0
        self.notes: list[str] = []  # things the user should hear once (see the report)
        self._max_bytes = int(settings.max_file_mb * 1024 * 1024)
        self._robots: dict[str, RobotFileParser | None] = {}
        self._clock = time.monotonic
        deadline = settings.run_deadline
        self._run_until = None if deadline is None else self._clock() + deadline
        self._wire = DeadlineBackend(clock=self._clock)
        transport = transport or httpx.HTTPTransport()
        self.deadline_enforced = install(transport, self._wire)  # else between reads only
        self._http = httpx.Client(
            # Only encodings decoding.py inflates in bounded pieces (httpx would add zstd).
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPTED},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- policy -----------------------------------------------------------------------------
    def check(self, url: str) -> None:
        """Fail an invalid URL; refuse (as skipped) one that is not http(s), off the site, or
        disallowed by robots.txt."""
        if problem := _invalid(url):
            raise FetchError(url, problem)
        if not http_url(url):
            raise DownloadSkipped(url, "not an http(s) URL")
        if not same_site(url, self.site):
            host = urlsplit(url).hostname or "?"
            raise DownloadSkipped(url, f"link to another host ({host}) not followed")
        robots = self._robots_for(url)
        if robots is not None and not robots.can_fetch(self.settings.user_agent, url):
            raise DownloadSkipped(url, "disallowed by robots.txt")

    def _robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin]

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """RFC 9309: 4xx → no rules; 5xx or no usable answer → disallow everything; nothing
        listening → site unreachable. A redirect to another host also disallows everything:
        its rules cannot be read without contacting that host, which this client never does,
        and "no rules" would be a guess in the crawler's favour."""
        robots_url = origin + "/robots.txt"
        parser = RobotFileParser(robots_url)

        def receive(response: httpx.Response) -> tuple[int, bytes]:
            status = response.status_code
            return status, (self._read(response, robots_url) if status == 200 else b"")

        try:
            status, body = self._fetch(robots_url, {}, receive, robots=False)
        except _OffSiteRedirectError as exc:
            self.notes.append(
                f"{robots_url} redirects to another host ({exc.host}), which is never "
                f"contacted, so its rules cannot be read: nothing on {origin} is fetched"
            )
            status, body = 500, b""
        except SiteUnreachableError:
            raise
        except FetchError:  # timeouts, 5xx after retries, an oversized or incomplete file
            status, body = 500, b""
        if 400 <= status < 500:
            return None
        if status != 200:
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay is not None:
            self.limiter.interval = max(self.limiter.interval, min(float(delay), 60.0))
        return parser

    # -- transport --------------------------------------------------------------------------
    def _backoff(self, attempt: int, retry_after: str | None = None) -> None:
        wait = _retry_after(retry_after)
        if wait is None:
            wait = self.settings.backoff * (2**attempt)
        wait = min(wait, self.settings.max_backoff)
        if self._run_until is not None:
            wait = min(wait, max(0.0, self._run_until - self._clock()))
        time.sleep(wait)

    def _deadline_error(self, url: str) -> FetchError:
        """The error for a request stopped by its deadline (or by the run's)."""
        until = self._wire.until()
        if self._run_until is not None and until is not None and until >= self._run_until:
            seconds = f"{self.settings.run_deadline:g} s"
            return RunDeadlineError(url, f"the run deadline ({seconds}) was reached")
        seconds = f"{self.settings.request_deadline:g} s"
        return FetchError(url, f"not finished within the request deadline ({seconds}); not retried")

    def _start_request(self, url: str) -> float:
        """Wait for our turn and count the request; its deadline (a ``clock()`` time)."""
        if self._run_until is not None and self._clock() >= self._run_until:
            seconds = f"{self.settings.run_deadline:g} s"
            raise RunDeadlineError(url, f"the run deadline ({seconds}) was reached")
        self.limiter.wait()
        self.requests += 1
        until = self._clock() + self.settings.request_deadline
        return until if self._run_until is None else min(until, self._run_until)

    def _fetch(
        self,
        url: str,
        headers: dict[str, str],
        receive: Callable[[httpx.Response], _T],
        *,
        robots: bool = True,
    ) -> _T:
        """GET ``url`` with retries and same-site redirects; ``receive`` turns the final
        response (any status not retried) into the result, reading its body. Each redirect
        target is checked like ``url`` (robots.txt too, unless this is the robots.txt request
        itself). Errors name ``url``, the URL asked for."""
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            outcome = self._attempts(url, current, headers, receive)
            if not isinstance(outcome, _Redirect):
                return outcome
            target = urljoin(current, outcome.location)
            if problem := _invalid(target):
                raise FetchError(url, f"redirected to an {problem}")
            if not same_site(target, self.site):
                raise _OffSiteRedirectError(url, urlsplit(target).hostname or target)
            if robots:
                self.check(target)
            current = target
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _attempts(
        self,
        url: str,
        current: str,
        headers: dict[str, str],
        receive: Callable[[httpx.Response], _T],
    ) -> _T | _Redirect:
        """One hop: GET ``current`` until an answer that is not retried, then the redirect it
        asks for or what ``receive`` makes of it. A transport error while ``receive`` reads
        the body (connection dropped, a read timing out) is retried like one before it."""
        tries = self.settings.retries + 1
        for attempt in range(tries):
            until = self._start_request(url)
            retry_after: str | None = None
            with self._wire.deadline(until):
                try:
                    request = self._http.build_request("GET", current, headers=headers)
                    response = self._http.send(request, stream=True)
                    try:
                        status = response.status_code
                        if status in _REDIRECT_STATUS:
                            return _Redirect(response.headers.get("location", ""))
                        if status not in _RETRY_STATUS:
                            return receive(response)
                        retry_after = response.headers.get("retry-after")
                    finally:
                        response.close()
                    error = FetchError(url, f"HTTP {status} after {tries} attempt(s)")
                except httpx.InvalidURL as exc:
                    raise FetchError(url, f"invalid URL ({_detail(exc)})") from None
                except httpx.HTTPError as exc:
                    error = self._failure(url, exc, tries)
            if attempt + 1 == tries:
                raise error
            self._backoff(attempt, retry_after)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _failure(self, url: str, exc: httpx.HTTPError, tries: int) -> FetchError:
        """What an httpx error means for ``url``; raises at once when it is not worth a
        retry (the request or run deadline passed)."""
        if self._wire.expired() or (
            isinstance(exc, httpx.TimeoutException) and self._wire.deadline_bound()
        ):
            raise self._deadline_error(url) from None
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            return SiteUnreachableError(url, f"cannot connect ({_detail(exc)})")
        if isinstance(exc, httpx.TimeoutException):
            seconds = f"{self.settings.timeout:g} s"
            return FetchError(url, f"timed out ({tries} attempt(s) of {seconds})")
        return FetchError(url, f"connection failed after {tries} attempt(s) ({_detail(exc)})")

    def _body(self, response: httpx.Response, url: str) -> Iterator[bytes]:
        """The decoded body in pieces; abandoned with :class:`DownloadSkipped` past the size
        cap (bytes received, and bytes each encoding layer expands to), with
        :class:`FetchError` when it is incomplete, longer than its ``Content-Length``, in an
        encoding we do not read, or past the deadline (also checked here, between reads, in
        case the transport could not enforce it)."""
        limit = self._max_bytes
        mb = f"{self.settings.max_file_mb:g} MB"
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise DownloadSkipped(url, f"larger than {mb}")
        try:
            decoder = BodyDecoder(response.headers.get_list("content-encoding", True), limit)
            received = 0
            for chunk in response.iter_raw():
                received += len(chunk)
                if received > limit:
                    raise DownloadSkipped(url, f"larger than {mb}")
                if self._wire.expired():
                    raise self._deadline_error(url)
                yield from decoder.feed(chunk)
            decoder.finish()
        except ExpansionError:
            raise DownloadSkipped(url, f"larger than {mb} once decompressed") from None
        except EncodingError as exc:
            raise FetchError(url, str(exc)) from None
        chunked = "chunked" in response.headers.get("transfer-encoding", "").lower()
        stream = response.extensions.get("network_stream")
        wire = stream if isinstance(stream, WireStream) else None
        if declared.isdigit() and not chunked and wire is not None and wire.overran(int(declared)):
            raise FetchError(url, f"body longer than its Content-Length ({declared} bytes)")

    def _read(self, response: httpx.Response, url: str) -> bytes:
        return b"".join(self._body(response, url))

    # -- public -----------------------------------------------------------------------------
    def get(self, url: str) -> Response:
        """GET a page or XML document into memory (revalidated from the cache when possible).

        Statuses other than 200 (and 304 to a conditional request) raise :class:`FetchError`.
        """
        self.check(url)
        cached = self.cache.get(url) if self.cache else None
        headers = cached.validators() if cached else {}

        def receive(response: httpx.Response) -> Response:
            status, final = response.status_code, str(response.url)
            if status == 304 and cached is not None:
                self.not_modified += 1
                return Response(final, 200, cached.body, cached.headers, from_cache=True)
            if status != 200:
                raise FetchError(url, f"HTTP {status}")
            body = self._read(response, url)
            return Response(final, 200, body, {k.lower(): v for k, v in response.headers.items()})

        result = self._fetch(url, headers, receive)
        if self.cache is not None and not result.from_cache:
            self.cache.put(url, result.body, result.headers)
        return result

    def download(
        self, url: str, folder: Path, name_for: Callable[[Response], str]
    ) -> tuple[Response, Path]:
        """Stream ``url`` into ``folder`` under the basename ``name_for(head)`` returns, where
        ``head`` is the response without its body (so the name can follow the server's
        ``Content-Disposition``). The file is written whole or not at all.

        The bytes go to a hidden ``.part`` file that is renamed when complete (and rewritten
        from the start on a retry), so an interruption or an incomplete body never leaves a
        truncated file where ingestion would read it.
        """
        self.check(url)
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f".download-{hashlib.sha1(url.encode()).hexdigest()[:16]}.part"

        def receive(response: httpx.Response) -> tuple[Response, Path]:
            if response.status_code != 200:
                raise FetchError(url, f"HTTP {response.status_code}")
            found = {k.lower(): v for k, v in response.headers.items()}
            head = Response(str(response.url), 200, b"", found)
            target = folder / name_for(head)
            with open(part, "wb") as handle:
                for piece in self._body(response, url):
                    handle.write(piece)
            return head, target

        try:
            head, target = self._fetch(url, {}, receive)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        return head, target
