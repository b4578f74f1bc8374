"""Fetch a council's committee meetings from its ModernGov site into a folder for ingestion.

Discovery uses the XML web service (GetCommittees → GetMeetings per committee over the date
range → GetMeeting per meeting: agenda items and their documents) and falls back to the HTML
pages (mgListCommittees, ieListMeetings, ieListDocuments) when the service fails. Each agenda
item's page ``mgAi.aspx?ID=`` is saved (it holds the minutes text) with a sidecar naming the
item, and each supporting PDF beside it with a sidecar naming the same item, so ``minutes
ingest OUT`` cites council, committee, meeting date, item number, the ``mgAi.aspx`` link (or
the PDF link and page).

One URL going wrong never stops the run: it is recorded as *failed* (HTTP errors after retries,
timeouts, a body cut short or longer than announced, a request past its deadline, an invalid
link, redirects off the site) or *skipped* (robots.txt, size cap, off-site links, restricted
items, not a PDF) with a one-line reason. Only an unreachable site or the run's deadline stops
it. Every finished file is recorded in ``.fetch-state.json`` at once, so an interrupted run
resumes where it stopped.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rag.errors import ConfigError, DownloadSkipped, FetchError, SiteUnreachableError
from rag.settings import FetchSettings

from .cache import HttpCache
from .client import PoliteClient, Response
from .councils import normalise_site
from .moderngov import (
    Committee,
    Document,
    Item,
    Meeting,
    council_from_page,
    document_links,
    page_url,
    parse_committees,
    parse_committees_html,
    parse_items_html,
    parse_meeting_items,
    parse_meetings,
    parse_meetings_html,
    service_url,
)
from .writer import OutputFolder, safe_filename, server_filename, slug

__all__ = ["FetchOptions", "FetchReport", "fetch_site"]

_PDF_TYPES = frozenset(
    {"application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream"}
)
_SHOWN = 10  # skipped/failed lines in the text summary (all of them are in to_json)


@dataclass
class FetchOptions:
    """What to fetch: ``committee`` is an id or part of a title (default: every current one)."""

    site: str
    out: Path
    council: str | None = None
    committee: str | None = None
    since: date | None = None
    until: date | None = None
    max_items: int | None = None


@dataclass
class FetchReport:
    """What a fetch did; the CLI prints :meth:`summary`, tests assert on the fields."""

    site: str = ""
    out: str = ""
    council: str | None = None
    source: str = "web service"
    committees: int = 0
    meetings: int = 0
    items: int = 0
    fetched: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    not_modified: int = 0
    stopped: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """False when the run stopped early or every attempted file failed."""
        return self.stopped is None and (
            bool(self.fetched) or self.unchanged > 0 or not self.failed
        )

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["skipped"] = [{"url": u, "reason": r} for u, r in self.skipped]
        data["failed"] = [{"url": u, "reason": r} for u, r in self.failed]
        data["seconds"] = round(self.seconds, 2)
        return data

    def summary(self) -> str:
        lines = [
            f"Fetched {self.site} ({self.source}) into {self.out}: {self.committees} "
            f"committee(s), {self.meetings} meeting(s), {self.items} agenda item(s)",
            f"  {len(self.fetched)} file(s) written, {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed; {self.requests} request(s), "
            f"{self.not_modified} answered 304 Not Modified; {self.seconds:.1f}s",
        ]
        for label, rows in (("skipped", self.skipped), ("failed", self.failed)):
            lines += [f"  {label}: {_shown(url)} - {_shown(r)}" for url, r in rows[:_SHOWN]]
            if len(rows) > _SHOWN:
                lines.append(f"  … {len(rows) - _SHOWN} more {label} (see --json)")
        lines += [f"  note: {_shown(note)}" for note in self.notes]
        if self.stopped:
            lines.append(f"  stopped early: {_shown(self.stopped)} (run again to resume)")
        if self.council is None:
            lines.append("  council not found on the site: pass --council NAME")
        lines.append(f"Next: minutes ingest {self.out}")
        return "\n".join(lines)


def _shown(text: str) -> str:
    """``text`` with control characters (a link may hold one) percent-encoded for printing."""
    return "".join(f"%{ord(ch):02X}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


class _ItemLimitReachedError(Exception):
    """--max-items reached."""


class _Fetcher:
    def __init__(
        self,
        options: FetchOptions,
        settings: FetchSettings,
        client: PoliteClient,
        out: OutputFolder,
        on_file: Callable[[str, str], None] | None,
    ) -> None:
        self.site = client.site
        self.client = client
        self.out = out
        self.options = options
        self.on_file = on_file
        self.until = options.until or date.today()
        self.since = options.since or self.until - timedelta(days=settings.since_days)
        self.use_service = True
        self.documents_seen: set[str] = set()  # a document listed twice is fetched once
        self.report = FetchReport(site=self.site, out=str(out.root), council=options.council)

    # -- outcomes ----------------------------------------------------------------------------
    def _note(self, outcome: str, what: str, reason: str = "") -> None:
        if outcome == "skipped":
            self.report.skipped.append((what, reason))
        elif outcome == "failed":
            self.report.failed.append((what, reason))
        elif outcome == "fetched":
            self.report.fetched.append(what)
        else:
            self.report.unchanged += 1
        if self.on_file:
            self.on_file(outcome, what)

    def _error(self, exc: FetchError) -> None:
        if isinstance(exc, SiteUnreachableError):
            raise exc
        self._note("skipped" if isinstance(exc, DownloadSkipped) else "failed", exc.url, exc.reason)

    # -- discovery ---------------------------------------------------------------------------
    def committees(self) -> list[Committee]:
        """The site's committees: from GetCommittees, else from mgListCommittees.aspx (and
        then the HTML pages are used for the rest of the run too)."""
        problems: list[str] = []
        for url, parse in (
            (service_url(self.site, "GetCommittees"), parse_committees),
            (page_url(self.site, "mgListCommittees.aspx"), parse_committees_html),
        ):
            try:
                found, problem = parse(self.client.get(url).body), "no committees listed"
            except SiteUnreachableError:
                raise
            except (FetchError, ValueError) as exc:
                found, problem = [], str(getattr(exc, "reason", exc))
            if found:
                return found
            problems.append(f"{url}: {problem}")
            self.use_service, self.report.source = False, "HTML pages"
        problems += self.client.notes  # e.g. why robots.txt disallows everything, said once
        raise FetchError(self.site, "cannot list committees (" + "; ".join(problems) + ")")

    def chosen(self, committees: list[Committee]) -> list[Committee]:
        wanted = (self.options.committee or "").strip().lower()
        if not wanted:
            return [c for c in committees if not (c.deleted or c.expired)]
        chosen = [c for c in committees if c.id == wanted or wanted in c.title.lower()]
        if not chosen:
            known = ", ".join(c.title for c in committees[:8])
            raise ConfigError(f"no committee of {self.site} matches '{wanted}' (e.g. {known})")
        return chosen

    def meetings(self, committee: Committee) -> list[Meeting]:
        """The committee's meetings in the date range, cancelled ones left out."""
        found: dict[str, Meeting] = {}
        use_pages = not self.use_service
        if self.use_service:
            url = service_url(
                self.site,
                "GetMeetings",
                lCommitteeId=committee.id,
                sFromDate=self.since.strftime("%d/%m/%Y"),
                sToDate=self.until.strftime("%d/%m/%Y"),
            )
            try:
                found = {m.id: m for m in parse_meetings(self.client.get(url).body, committee.id)}
            except SiteUnreachableError:
                raise
            except (FetchError, ValueError):
                use_pages = True
        if use_pages:  # the service is off or failed: the committee's meeting list pages
            for year in range(self.since.year, self.until.year + 1):
                url = page_url(self.site, "ieListMeetings.aspx", CId=committee.id, Year=str(year))
                try:
                    for m in parse_meetings_html(self.client.get(url).body, committee.id):
                        found.setdefault(m.id, m)
                except FetchError as exc:
                    self._error(exc)
        return sorted(
            (
                m
                for m in found.values()
                if not m.cancelled and (m.date is None or self.since <= m.date <= self.until)
            ),
            key=lambda m: (m.date or date.min, m.id),
        )

    def items(self, meeting: Meeting) -> tuple[date | None, list[Item]]:
        """(meeting date, agenda items): from GetMeeting, else from ieListDocuments.aspx."""
        if self.use_service:
            url = service_url(self.site, "GetMeeting", lMeetingId=meeting.id)
            try:
                when, items = parse_meeting_items(self.client.get(url).body, self.site)
                return when or meeting.date, items
            except SiteUnreachableError:
                raise
            except (FetchError, ValueError):
                pass  # fall back to the meeting's documents page
        url = page_url(self.site, "ieListDocuments.aspx", CId=meeting.committee_id, MId=meeting.id)
        try:
            return meeting.date, parse_items_html(self.client.get(url).body, url)
        except FetchError as exc:
            self._error(exc)
            return meeting.date, []

    # -- files -------------------------------------------------------------------------------
    def item(self, committee: Committee, meeting: Meeting, when: date | None, item: Item) -> None:
        if self.options.max_items is not None and self.report.items >= self.options.max_items:
            raise _ItemLimitReachedError
        self.report.items += 1
        folder = self.out.meeting_folder(
            committee.title, when.isoformat() if when else None, meeting.id
        )
        meeting_url = page_url(
            self.site, "ieListDocuments.aspx", CId=meeting.committee_id, MId=meeting.id
        )
        url = page_url(self.site, "mgAi.aspx", ID=item.id) if item.id else meeting_url
        if item.restricted:
            self._note("skipped", url, "restricted item (not published)")
            return
        meta: dict[str, Any] = {
            "council": self.report.council,
            "committee": committee.title,
            "meeting_date": when.isoformat() if when else None,
            "year": when.year if when else None,
            "item_number": item.number,
            "title": item.title or None,
            "url": url,
        }
        page: Response | None = None
        if item.id:
            try:
                page = self.client.get(url)
            except FetchError as exc:
                self._error(exc)
        if page is not None:
            if self.report.council is None:
                self.report.council = meta["council"] = council_from_page(page.body)
            number = slug(item.number or "item", 12)
            path = self.out.claim(url, folder, f"{number}-{slug(item.title)}.html")
            if self.out.unchanged(url, page.body):
                self._note("unchanged", url)
            else:
                self.out.write(url, path, page.body)
                self._note("fetched", self.out.files[url]["path"])
            self.out.write_sidecar(path, meta)
        documents = item.documents or (document_links(page.body, page.url) if page else [])
        for document in documents:
            self.document(document, folder, meta, item)

    def document(self, doc: Document, folder: Path, item_meta: dict[str, Any], item: Item) -> None:
        if doc.url in self.documents_seen:
            return
        self.documents_seen.add(doc.url)
        meta = {**item_meta, "url": doc.url, "item_url": item_meta["url"]}
        meta["document_title"] = doc.title or None
        done = self.out.done(doc.url)
        if done is not None:  # documents do not change in place: never asked for twice
            self.out.write_sidecar(done, meta)
            self._note("unchanged", doc.url)
            return
        ext = Path(urlsplit(doc.url).path).suffix.lower()
        if ext not in {"", ".pdf", ".aspx", ".ashx"}:
            self._note("skipped", doc.url, f"not a PDF ({ext}); ingestion reads PDFs")
            return
        prefix = slug(item.number or "item", 12)

        def name_for(head: Response) -> str:
            if head.content_type and head.content_type not in _PDF_TYPES:
                raise DownloadSkipped(doc.url, f"not a PDF ({head.content_type})")
            given = server_filename(head.headers.get("content-disposition"), head.url)
            stem = safe_filename(given or doc.title, default="document")
            stem = stem[:-4] if stem.lower().endswith(".pdf") else stem
            return self.out.claim(doc.url, folder, f"{prefix}-{stem}.pdf").name

        try:
            _, path = self.client.download(doc.url, folder, name_for)
        except FetchError as exc:
            self._error(exc)
            return
        with path.open("rb") as handle:
            head = handle.read(1024)  # the PDF header may follow a little junk
        if b"%PDF-" not in head:
            path.unlink()
            self._note("skipped", doc.url, "not a PDF (no %PDF header)")
            return
        self.out.record(doc.url, path)
        self.out.write_sidecar(path, meta)
        self._note("fetched", self.out.files[doc.url]["path"])


def fetch_site(
    options: FetchOptions,
    settings: FetchSettings | None = None,
    *,
    progress: bool = False,
    on_file: Callable[[str, str], None] | None = None,
) -> FetchReport:
    """Fetch ``options.site`` into ``options.out`` and report what happened.

    ``on_file(outcome, what)`` is called for every file: outcome ``fetched`` (with the path
    relative to the output folder), ``unchanged``, ``skipped`` or ``failed`` (with the URL).
    Raises :class:`~rag.errors.ConfigError` for a bad site URL and
    :class:`~rag.errors.FetchError` when the site cannot be reached or lists no committees.
    """
    from tqdm import tqdm

    settings = settings or FetchSettings()
    clock = time.perf_counter()
    site = normalise_site(options.site)
    out = OutputFolder(options.out)
    cache = HttpCache(settings.cache_dir or options.out / ".cache")
    with PoliteClient(site, settings, cache) as client:
        fetcher = _Fetcher(options, settings, client, out, on_file)
        report = fetcher.report
        try:
            committees = fetcher.chosen(fetcher.committees())
            report.committees = len(committees)
            listing = tqdm(
                committees, desc="Listing meetings", unit="committee", disable=not progress
            )
            plan = [(c, m) for c in listing for m in fetcher.meetings(c)]
            report.meetings = len(plan)
            with tqdm(plan, desc="Fetching", unit="meeting", disable=not progress) as bar:
                for committee, meeting in bar:
                    when, items = fetcher.items(meeting)
                    for item in items:
                        try:
                            fetcher.item(committee, meeting, when, item)
                        except FetchError as exc:  # anything one item raises stays its own
                            fetcher._error(exc)
                    bar.set_postfix(files=len(report.fetched), failed=len(report.failed))
        except _ItemLimitReachedError:
            pass
        except SiteUnreachableError as exc:
            if not (report.fetched or report.unchanged):
                raise
            report.stopped = str(exc)
        finally:
            out.save()
            report.requests, report.not_modified = client.requests, client.not_modified
            report.notes = list(client.notes)
            report.seconds = time.perf_counter() - clock
    return report
