"""A polite HTTP client bound to one council site.

Why each rule exists:

- **one host only**: every URL, including each redirect hop, must be on the site's host; a
  redirect elsewhere is refused (recorded as failed) and a link elsewhere is skipped, so a
  compromised or mistyped page can never send the crawler across the internet;
- **http(s) only**: ``file:``, ``javascript:`` and the like are never requested;
- **robots.txt** (``urllib.robotparser``) is read once per origin and honoured, including a
  ``Crawl-delay`` longer than our own interval;
- **rate limit**: at most one request per ``min_interval`` seconds, whatever the outcome;
- **retries with backoff** on timeouts, dropped connections, 429 and 5xx, honouring
  ``Retry-After`` (capped by ``max_backoff``);
- **conditional requests**: pages and XML are revalidated with ``If-None-Match`` /
  ``If-Modified-Since`` from :class:`~ingest.fetch.cache.HttpCache`; a 304 reuses the body;
- **size cap**: bodies are streamed and abandoned past ``max_file_mb`` (``Content-Length`` is
  checked first, then bytes are counted, since servers may omit or understate it).
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from rag.errors import DownloadSkipped, FetchError, SiteUnreachableError
from rag.settings import FetchSettings

from .cache import HttpCache

__all__ = ["PoliteClient", "RateLimiter", "Response", "http_url", "same_site"]

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def _host_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    return (parts.hostname or "").lower(), port


def same_site(url: str, site: str) -> bool:
    """``url`` is on the site's host: same host name, and the same port unless both use their
    scheme's default (so an http → https upgrade of the same host stays on the site)."""
    if not http_url(url):
        return False
    host, port = _host_port(url)
    site_host, site_port = _host_port(site)
    if host != site_host:
        return False
    defaults = set(_DEFAULT_PORTS.values())
    return port == site_port or (port in defaults and site_port in defaults)


class _OffSiteRedirectError(FetchError):
    """A redirect to another host, which is never followed (a failure for pages and files)."""


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


class PoliteClient:
    """GETs on one council site, following the rules in the module docstring.

    Raises :class:`~rag.errors.FetchError` (failed), :class:`~rag.errors.DownloadSkipped`
    (refused by policy) or :class:`~rag.errors.SiteUnreachableError` (nothing answers).
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
        self._max_bytes = int(settings.max_file_mb * 1024 * 1024)
        self._robots: dict[str, RobotFileParser | None] = {}
        self._http = httpx.Client(
            headers={"User-Agent": settings.user_agent},
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
        """Refuse (as skipped) a URL that is not http(s), off the site, or disallowed."""
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
            self._robots[origin] = self._load_robots(origin + "/robots.txt")
        return self._robots[origin]

    def _load_robots(self, robots_url: str) -> RobotFileParser | None:
        """RFC 9309: 4xx → no rules; 5xx or no usable answer → disallow everything; nothing
        listening → site unreachable. A redirect to another host counts as "unavailable" (4xx):
        following it would mean contacting that host."""
        parser = RobotFileParser(robots_url)
        try:
            with self._send(robots_url, {}, robots=False) as response:
                status = response.status_code
                body = b"".join(self._capped(response, robots_url)) if status == 200 else b""
        except _OffSiteRedirectError:
            return None
        except SiteUnreachableError:
            raise
        except FetchError:  # timeouts, 5xx after retries, an oversized file
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
        time.sleep(min(wait, self.settings.max_backoff))

    @contextmanager
    def _send(
        self, url: str, headers: dict[str, str], *, robots: bool = True
    ) -> Iterator[httpx.Response]:
        """One GET of ``url`` with retries and same-site redirects; yields the open response
        (any final status that is not retried). Each redirect target is checked like ``url``
        (robots.txt too, unless this is the robots.txt request itself)."""
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            response = self._attempts(current, headers)
            if response.status_code not in _REDIRECT_STATUS:
                try:
                    yield response
                finally:
                    response.close()
                return
            response.close()
            location = response.headers.get("location", "")
            target = urljoin(current, location)
            if not same_site(target, self.site):
                host = urlsplit(target).hostname or target
                reason = f"redirected to another host ({host}); not followed"
                raise _OffSiteRedirectError(url, reason)
            if robots:
                self.check(target)
            current = target
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _attempts(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """The first non-retryable response for ``url`` (its body not yet read)."""
        tries = self.settings.retries + 1
        for attempt in range(tries):
            self.limiter.wait()
            self.requests += 1
            retry_after: str | None = None
            try:
                request = self._http.build_request("GET", url, headers=headers)
                response = self._http.send(request, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                error: FetchError = SiteUnreachableError(
                    url, f"cannot connect ({str(exc) or type(exc).__name__})"
                )
            except httpx.TimeoutException:
                seconds = f"{self.settings.timeout:g} s"
                error = FetchError(url, f"timed out ({tries} attempt(s) of {seconds})")
            except httpx.TransportError as exc:
                error = FetchError(url, f"connection failed ({str(exc) or type(exc).__name__})")
            else:
                if response.status_code not in _RETRY_STATUS:
                    return response
                retry_after = response.headers.get("retry-after")
                error = FetchError(url, f"HTTP {response.status_code} after {tries} attempt(s)")
                response.close()
            if attempt + 1 == tries:
                raise error
            self._backoff(attempt, retry_after)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _capped(self, response: httpx.Response, url: str) -> Iterator[bytes]:
        """The body in chunks, abandoned with :class:`DownloadSkipped` past the size cap."""
        limit = self._max_bytes
        too_big = DownloadSkipped(url, f"larger than {self.settings.max_file_mb:g} MB")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > limit:
                raise too_big
            yield chunk

    # -- public -----------------------------------------------------------------------------
    def get(self, url: str) -> Response:
        """GET a page or XML document into memory (revalidated from the cache when possible).

        Statuses other than 200 (and 304 to a conditional request) raise :class:`FetchError`.
        """
        self.check(url)
        cached = self.cache.get(url) if self.cache else None
        headers = cached.validators() if cached else {}
        with self._send(url, headers) as response:
            status = response.status_code
            final = str(response.url)
            if status == 304 and cached is not None:
                self.not_modified += 1
                return Response(final, 200, cached.body, cached.headers, from_cache=True)
            if status != 200:
                raise FetchError(url, f"HTTP {status}")
            body = b"".join(self._capped(response, url))
            found = {k.lower(): v for k, v in response.headers.items()}
        if self.cache is not None:
            self.cache.put(url, body, found)
        return Response(final, 200, body, found)

    def download(
        self, url: str, folder: Path, name_for: Callable[[Response], str]
    ) -> tuple[Response, Path]:
        """Stream ``url`` into ``folder`` under the basename ``name_for(head)`` returns, where
        ``head`` is the response without its body (so the name can follow the server's
        ``Content-Disposition``). The file is written whole or not at all.

        The bytes go to a hidden ``.part`` file that is renamed when complete, so an
        interruption never leaves a truncated file where ingestion would read it.
        """
        self.check(url)
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f".download-{hashlib.sha1(url.encode()).hexdigest()[:16]}.part"
        try:
            with self._send(url, {}) as response:
                if response.status_code != 200:
                    raise FetchError(url, f"HTTP {response.status_code}")
                found = {k.lower(): v for k, v in response.headers.items()}
                head = Response(str(response.url), 200, b"", found)
                target = folder / name_for(head)
                with open(part, "wb") as handle:
                    for chunk in self._capped(response, url):
                        handle.write(chunk)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        return head, target
