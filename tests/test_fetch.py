"""``minutes fetch`` against a real HTTP server on 127.0.0.1 serving hand-written ModernGov
fixtures (tests/moderngov_server.py): politeness, failures, safety, resume, then ingestion.

Nothing here touches the internet: the "other host" is the same loopback server reached as
``localhost``, and the client must refuse it before sending anything.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from ingest.fetch import FetchOptions, FetchReport, fetch_site, find_council, normalise_site
from ingest.fetch.client import PoliteClient, RateLimiter, same_site
from ingest.fetch.moderngov import parse_committees, parse_meeting_items, parse_meetings
from ingest.fetch.writer import OutputFolder, safe_filename, server_filename
from ingest.pipeline import ingest
from rag.apps.cli import main
from rag.errors import ConfigError, DownloadSkipped, FetchError
from rag.models import Filters
from rag.search import open_searcher
from rag.settings import FetchSettings, Settings
from tests.fakes import FakeEmbedder
from tests.moderngov_server import FixtureSite, Reply
from tests.pdfgen import pdf_bytes

PDF = {"Content-Type": "application/pdf"}
SINCE, UNTIL = date(2022, 11, 1), date(2023, 3, 31)
CSOSC = "children-s-services-overview-and-scrutiny-committee"
_FILLER = (
    "The report sets out the actions taken since the last meeting, the measures used to track "
    "them and the risks the service is managing, with commentary from each head of service."
)


def report_pdf(title: str, conclusion: str) -> bytes:
    """A two-page report that ends with ``conclusion``: page 2 is long enough that the passage
    holding its end starts on page 2 (passages are packed across page breaks)."""
    return pdf_bytes(["\n".join([title] + [_FILLER] * 3), "\n".join([_FILLER] * 10 + [conclusion])])


def fast(**overrides: object) -> FetchSettings:
    values: dict[str, object] = dict(
        user_agent="minutes-test/1.0 (fetch tests)",
        min_interval=0.002,
        timeout=0.3,
        retries=2,
        backoff=0.01,
        max_backoff=0.05,
        max_file_mb=0.05,
    )
    values.update(overrides)
    return FetchSettings.model_validate(values)


def serve_documents(site: FixtureSite) -> None:
    """The documents the fixture meetings link to, including every awkward case."""
    big = b"%PDF-1.4\n" + b"0" * 200_000  # 0.19 MB, over the 0.05 MB cap used in tests
    caseloads = "\n".join(
        [
            "Caseloads have fallen to an average of eighteen children per social worker.",
            "Supervision is now recorded on every case file within the agreed timescales,",
            "and the proportion of audited cases graded good or better has risen each month",
            "since the monitoring visit. The service expects to sustain these gains once the",
            "Improvement Adviser's support ends, through the quality assurance framework the",
            "Improvement Board agreed in October, which sets out monthly audits by managers.",
        ]
    )
    docs = {
        "/documents/s8001/Improvement%20Update.pdf": Reply(
            body=report_pdf("Children's Services Improvement Update", caseloads), headers=PDF
        ),
        "/documents/private/s8002/Case%20file%20audit.pdf": Reply(body=pdf_bytes(["x"])),
        # A hostile Content-Disposition and a URL-encoded traversal in the path.
        "/mgConvert2PDF.aspx?ID=7001": Reply(
            body=pdf_bytes(["Agency staffing report. Table 1 shows vacancy rates by team."]),
            headers={**PDF, "Content-Disposition": 'attachment; filename="../../etc/passwd.pdf"'},
        ),
        "/documents/s8003/..%2F..%2F..%2Fescape.pdf": Reply(
            body=pdf_bytes(["Workforce data by team."]), headers=PDF
        ),
        "/documents/s8010/Budget%20book.pdf": Reply(body=big, headers=PDF),
        "/documents/s8011/Appendices.pdf": Reply(body=big, headers=PDF, send_length=False),
        "/documents/s8012/Savings.pdf": Reply(
            302, headers={"Location": f"{site.other}/documents/s8012/Savings.pdf"}
        ),
        "/documents/s8013/Capital.pdf": Reply(
            302, headers={"Location": "/documents/s8013/Capital%20programme%20final.pdf"}
        ),
        "/documents/s8013/Capital%20programme%20final.pdf": Reply(
            body=pdf_bytes(["Capital programme 2023/24."]), headers=PDF
        ),
        "/documents/s8020/Work%20Programme.pdf": Reply(
            body=pdf_bytes(["Work programme 2022/23."]), headers=PDF
        ),
        "/documents/s8030/Housing%20repairs.pdf": Reply(
            body=report_pdf("Housing repairs contract award", "Tenants scored the bids."),
            headers=PDF,
        ),
        "/documents/s8031/Tender%20evaluation.pdf": Reply(500),
        "/mgConvert2PDF.aspx?ID=7002": Reply(
            body=b"<html>Document not available</html>", headers={"Content-Type": "text/html"}
        ),
    }
    for key, reply in docs.items():
        site.always(key, reply)


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with FixtureSite() as running:
        serve_documents(running)
        yield running


def run(site: FixtureSite, out: Path, **options: Any) -> FetchReport:
    """One fetch of the fixture site with fast test settings (Nov 2022 - Mar 2023 by default)."""
    options = {"since": SINCE, "until": UNTIL, **options}
    return fetch_site(FetchOptions(site.base, out, **options), fast())


def reasons(rows: list[tuple[str, str]]) -> dict[str, str]:
    """URL path (and query) → reason."""
    return {url.split("/", 3)[3]: reason for url, reason in rows}


def test_fetch_survives_429_500_timeouts_and_refuses_what_it_must(
    site: FixtureSite, tmp_path: Path
) -> None:
    site.script("/mgWebService.asmx/GetCommittees", Reply(429, headers={"Retry-After": "0"}))
    site.script("/mgWebService.asmx/GetMeeting?lMeetingId=950", Reply(500))
    site.script("/mgAi.aspx?ID=5011", Reply(200, b"too slow", delay=0.6))  # past the timeout
    out = tmp_path / "out"
    report = run(site, out)

    # Retried until answered: a 429 (Retry-After: 0), a 500, a timeout.
    assert len(site.requests("GetCommittees")) == 2
    assert len(site.requests("GetMeeting?lMeetingId=950")) == 2
    assert len(site.requests("mgAi.aspx?ID=5011")) == 2
    assert report.source == "web service"
    assert (report.committees, report.meetings, report.items) == (2, 3, 6)
    assert report.council == "Anytown Borough Council"  # from the pages' <title>

    meeting = f"{CSOSC}/2022-11-22"
    assert sorted(report.fetched) == sorted(
        [
            f"{meeting}/56-children-s-services-improvement-update.html",
            f"{meeting}/56-Improvement-Update.pdf",
            f"{meeting}/57-agency-staffing.html",
            f"{meeting}/57-passwd.pdf",  # Content-Disposition: ../../etc/passwd.pdf
            f"{meeting}/57-escape.pdf",  # URL path ..%2F..%2F..%2Fescape.pdf
            f"{CSOSC}/2023-01-17/3-budget-monitoring-2023-24.html",
            f"{CSOSC}/2023-01-17/3-Capital-programme-final.pdf",  # a same-host redirect
            f"{CSOSC}/2023-01-17/4-work-programme.html",
            f"{CSOSC}/2023-01-17/4-Work-Programme.pdf",  # linked from the item page only
            "cabinet/2022-12-05/71-housing-repairs-contract.html",
            "cabinet/2022-12-05/71-Housing-repairs.pdf",
        ]
    )
    assert reasons(report.skipped) == {
        "documents/private/s8002/Case%20file%20audit.pdf": "disallowed by robots.txt",
        "documents/s8004/Benchmarking.pdf": "link to another host (localhost) not followed",
        "mgAi.aspx?ID=5003": "restricted item (not published)",
        "documents/s8010/Budget%20book.pdf": "larger than 0.05 MB",
        "documents/s8011/Appendices.pdf": "larger than 0.05 MB",  # no Content-Length
        "documents/s8032/EqIA.docx": "not a PDF (.docx); ingestion reads PDFs",
        "mgConvert2PDF.aspx?ID=7002": "not a PDF (text/html)",
    }
    assert reasons(report.failed) == {
        "documents/s8012/Savings.pdf": "redirected to another host (localhost); not followed",
        "documents/s8031/Tender%20evaluation.pdf": "HTTP 500 after 3 attempt(s)",
    }
    assert report.ok

    # Politeness and safety, seen from the server.
    assert all(r.host == f"127.0.0.1:{site.port}" for r in site.log)  # never the other host
    assert all(r.headers["user-agent"] == "minutes-test/1.0 (fetch tests)" for r in site.log)
    assert site.log[0].key == "/robots.txt" and len(site.requests("/robots.txt")) == 1
    assert not site.requests("/documents/private/")
    assert not site.requests("lMeetingId=903")  # a cancelled meeting
    assert not site.requests("lMeetingId=899")  # outside the date range
    assert not site.requests("lCommitteeId=15") and not site.requests("lCommitteeId=16")
    assert len(site.requests("Tender%20evaluation")) == 3  # retries = 2
    [get_meetings] = site.requests("GetMeetings?lCommitteeId=12")
    assert "&sFromDate=01%2F11%2F2022&sToDate=31%2F03%2F2023" in get_meetings.target

    # Every file stayed inside the output folder, none half-written.
    everything = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert all(p == "out" or p.startswith("out/") for p in everything)
    assert not any(p.endswith(".part") for p in everything)
    assert not (tmp_path / "etc").exists()

    sidecar = json.loads((out / meeting / "56-Improvement-Update.pdf.meta.json").read_text())
    assert sidecar == {
        "council": "Anytown Borough Council",
        "committee": "Children's Services Overview and Scrutiny Committee",
        "meeting_date": "2022-11-22",
        "year": 2022,
        "item_number": "56",
        "title": "Children's Services Improvement Update",  # &amp;#39; unescaped twice
        "url": f"{site.base}/documents/s8001/Improvement%20Update.pdf",
        "item_url": f"{site.base}/mgAi.aspx?ID=5001",
        "document_title": "Improvement Update report",
    }


def test_ingesting_the_fetched_folder_cites_agenda_items_and_pdf_pages(
    site: FixtureSite, tmp_path: Path, settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    out = tmp_path / "out"
    run(site, out)
    index = tmp_path / "index"
    result = ingest([out], index, settings, embedder=fake_embedder)
    assert result.files_new == 11 and not result.skipped

    searcher = open_searcher(index, settings)
    try:
        minutes = searcher.search("locum social workers agency", Filters(), k=1)[0].citation
        hits = searcher.search("caseloads eighteen children per social worker", Filters(), k=5)
        cabinet = searcher.search("repairs contract", Filters(committee="cabinet"), k=5)
    finally:
        searcher.close()
    assert minutes.url == f"{site.base}/mgAi.aspx?ID=5002"
    assert (minutes.item_number, minutes.item_title) == ("57", "Agency Staffing")
    assert minutes.meeting_date == date(2022, 11, 22)
    assert minutes.committee == "Children's Services Overview and Scrutiny Committee"
    assert minutes.council == "Anytown Borough Council" and minutes.page is None

    [report] = [p.citation for p in hits if "eighteen children" in p.text]
    assert report.url == f"{site.base}/documents/s8001/Improvement%20Update.pdf"
    assert report.page == 2 and report.item_number == "56"
    assert report.item_title == "Children's Services Improvement Update"

    assert {c.citation.url for c in cabinet} == {
        f"{site.base}/mgAi.aspx?ID=6001",
        f"{site.base}/documents/s8030/Housing%20repairs.pdf",
    }
    assert all(c.citation.meeting_date == date(2022, 12, 5) for c in cabinet)


def test_rerun_asks_only_if_changed_and_writes_nothing(site: FixtureSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(site, out)
    before = {
        p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts
    }
    start = len(site.log)

    second = run(site, out)
    again = site.log[start:]
    assert second.fetched == [] and second.unchanged == len(first.fetched)
    # Pages and XML are revalidated (304 Not Modified); finished documents are not asked for.
    assert second.not_modified == len([r for r in again if "if-none-match" in r.headers])
    assert second.not_modified >= 9
    assert not [r for r in again if r.key.startswith("/documents/s8001")]
    assert all("if-none-match" in r.headers for r in again if "mgAi" in r.key or "asmx" in r.key)
    after = {p: p.stat().st_mtime_ns for p in before}
    assert after == before  # not even rewritten
    # What failed the first time is tried again.
    assert reasons(second.failed) == reasons(first.failed)


def test_an_interrupted_fetch_resumes_where_it_stopped(site: FixtureSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[str] = []

    def stop_after_three(outcome: str, what: str) -> None:
        if outcome == "fetched":
            seen.append(what)
            if len(seen) == 3:
                raise KeyboardInterrupt

    options = FetchOptions(site.base, out, since=SINCE, until=UNTIL)
    with pytest.raises(KeyboardInterrupt):
        fetch_site(options, fast(), on_file=stop_after_three)
    state = json.loads((out / ".fetch-state.json").read_text())
    assert {entry["path"] for entry in state["files"].values()} == set(seen)
    # A download cut off mid-way leaves only a hidden .part file, which ingestion ignores.
    (out / CSOSC / "2022-11-22" / ".download-0123456789abcdef.part").write_bytes(b"%PDF-1.4 trunc")

    start = len(site.log)
    resumed = run(site, out)
    again = [r.key for r in site.log[start:]]
    assert resumed.unchanged == 3 and len(resumed.fetched) == 11 - 3
    assert "/documents/s8001/Improvement%20Update.pdf" not in again  # finished before the stop

    clean = tmp_path / "clean"
    run(site, clean)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if not p.name.startswith(".")}
    files = {f for f in files if not f.startswith(".cache")}
    assert files == {
        p.relative_to(clean).as_posix()
        for p in clean.rglob("*")
        if not p.name.startswith(".") and ".cache" not in p.parts
    }


def test_html_pages_stand_in_when_the_web_service_is_down(
    site: FixtureSite, tmp_path: Path
) -> None:
    site.always_prefix("/mgWebService.asmx/", Reply(404, b"<html>Not found</html>"))
    out = tmp_path / "out"
    report = run(site, out, committee="12", since=date(2022, 11, 1), until=date(2022, 12, 31))
    assert report.source == "HTML pages"
    assert len(site.requests("GetCommittees")) == 1  # a 404 is not retried
    assert not site.requests("GetMeetings") and not site.requests("GetMeeting?")
    meeting = out / CSOSC / "2022-11-22"
    names = sorted(p.name for p in meeting.iterdir() if not p.name.endswith(".meta.json"))
    assert names == [
        "56-Improvement-Update.pdf",
        "56-children-s-services-improvement-update.html",
        "57-agency-staffing.html",
        "57-passwd.pdf",  # no documents listed for 57 there: taken from its agenda-item page
    ]
    meta = json.loads((meeting / "57-agency-staffing.html.meta.json").read_text())
    assert meta["item_number"] == "57" and meta["meeting_date"] == "2022-11-22"
    assert meta["url"] == f"{site.base}/mgAi.aspx?ID=5002"


def test_one_meeting_falls_back_to_its_documents_page(site: FixtureSite, tmp_path: Path) -> None:
    site.always("/mgWebService.asmx/GetMeeting?lMeetingId=901", Reply(503))
    report = run(site, tmp_path / "out", committee="children", until=date(2022, 12, 31))
    assert report.source == "web service" and not report.failed
    assert len(site.requests("GetMeeting?lMeetingId=901")) == 3
    assert len(site.requests("ieListDocuments.aspx?CId=12&MId=901")) == 1
    assert f"{CSOSC}/2022-11-22/57-agency-staffing.html" in report.fetched


def test_robots_txt_answering_5xx_means_nothing_is_fetched(
    site: FixtureSite, tmp_path: Path
) -> None:
    site.always("/robots.txt", Reply(503))
    with pytest.raises(FetchError, match=r"cannot list committees .*disallowed by robots\.txt"):
        run(site, tmp_path / "out")
    assert {r.key for r in site.log} == {"/robots.txt"}


class _VirtualClock:
    """A clock that only moves when something sleeps on it: spacing is then exact, not at the
    mercy of a loaded CI machine's scheduler (the wall-clock version of this test flaked)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_rate_limit_spaces_requests(site: FixtureSite) -> None:
    # Real clock: sleeping never returns early, so the total is a safe lower bound.
    limiter = RateLimiter(0.05)
    start = time.monotonic()
    for _ in range(5):
        limiter.wait()
    assert time.monotonic() - start >= 4 * 0.05

    # Through the client, on a virtual clock read where each request leaves: robots.txt, then
    # five pages = six requests, five intervals. Only the limiter's sleeps move the clock, so a
    # request that skipped the limiter would leave at the same instant as the one before.
    clock = _VirtualClock()
    sent: list[float] = []

    class Timed(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            sent.append(clock())
            return super().handle_request(request)

    with PoliteClient(site.base, fast(min_interval=0.05), transport=Timed()) as client:
        client.limiter = RateLimiter(0.05, clock=clock, sleep=clock.sleep)
        for item in (5001, 5002, 5010, 5011, 6001):
            client.get(f"{site.base}/mgAi.aspx?ID={item}")
    assert len(sent) == len(site.log) == 6
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert gaps == pytest.approx([0.05] * 5)


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    from email.utils import format_datetime

    from ingest.fetch.client import _retry_after

    assert _retry_after("7") == 7.0 and _retry_after(None) is None and _retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= (_retry_after(format_datetime(later, usegmt=True)) or 0) <= 30


def test_client_refuses_other_hosts_and_schemes(site: FixtureSite) -> None:
    with PoliteClient(site.base, fast()) as client:
        for url in ("file:///etc/passwd", f"{site.other}/mgAi.aspx?ID=5001", "ftp://x/y.pdf"):
            with pytest.raises(DownloadSkipped):
                client.get(url)
    assert site.log == []
    assert same_site("https://democracy.x.gov.uk/a", "http://democracy.x.gov.uk")
    assert not same_site("http://democracy.x.gov.uk:8080/a", "http://democracy.x.gov.uk")
    assert not same_site("http://evil.example/democracy.x.gov.uk", "http://democracy.x.gov.uk")


def test_server_supplied_names_cannot_escape(tmp_path: Path) -> None:
    assert safe_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert safe_filename("..\\..\\x.pdf") == "x.pdf"
    assert safe_filename("/etc/cron.d/evil.PDF") == "evil.pdf"
    assert safe_filename("a\x00b.pdf") == "ab.pdf"
    assert safe_filename("..") == "document" and safe_filename("") == "document"
    assert safe_filename("Café menu (final).pdf") == "Cafe-menu-final.pdf"
    header = "attachment; filename*=UTF-8''..%2F..%2Fevil.pdf"
    assert safe_filename(server_filename(header, "http://x/doc.aspx")) == "evil.pdf"
    assert server_filename(None, "http://x/documents/s1/..%2F..%2Fa%20b.pdf") == "../../a b.pdf"
    folder = OutputFolder(tmp_path / "out")
    path = folder.claim("http://x/1", tmp_path / "out" / "c", "../../../x.pdf")
    assert path == tmp_path / "out" / "c" / "x.pdf"
    with pytest.raises(DownloadSkipped):
        folder.claim("http://x/2", tmp_path / "elsewhere", "x.pdf")
    # Two URLs wanting the same name get different files.
    assert folder.claim("http://x/3", tmp_path / "out" / "c", "x.pdf") != path


def test_xml_parsing_is_defensive() -> None:
    wrapped = (
        b'<?xml version="1.0"?><string xmlns="http://moderngov.co.uk/namespaces">'
        b"&lt;Committees&gt;&lt;Committee&gt;&lt;CommitteeId&gt;7&lt;/CommitteeId&gt;"
        b"&lt;CommitteeTitle&gt;Planning &amp;amp;amp; Licensing&lt;/CommitteeTitle&gt;"
        b"&lt;/Committee&gt;&lt;/Committees&gt;</string>"
    )
    [committee] = parse_committees(wrapped)
    assert (committee.id, committee.title) == ("7", "Planning & Licensing")
    namespaced = (
        b'<x:GetMeetings xmlns:x="urn:mg"><x:Meeting><x:MeetingId>4</x:MeetingId>'
        b"<x:MeetingDate>2023-05-04T00:00:00</x:MeetingDate></x:Meeting></x:GetMeetings>"
    )
    [meeting] = parse_meetings(namespaced, "7")
    assert (meeting.id, meeting.date, meeting.committee_id) == ("4", date(2023, 5, 4), "7")
    items = b"<meeting><agendaitems><agendaitem><agendaitemid>1</agendaitemid></agendaitem>"
    when, [item] = parse_meeting_items(items + b"</agendaitems></meeting>", "http://x")
    assert when is None and item.id == "1" and item.number is None and item.documents == []
    with pytest.raises(ValueError, match="not XML"):
        parse_committees(b"<html><body>Runtime Error<br></body></html>")


def test_sites_and_council_lookup(tmp_path: Path) -> None:
    assert normalise_site("https://Democracy.X.gov.uk/mgListCommittees.aspx?x=1") == (
        "https://democracy.x.gov.uk"
    )
    assert normalise_site("https://x.gov.uk/moderngov/mgWebService.asmx/GetCommittees") == (
        "https://x.gov.uk/moderngov"
    )
    for bad in ("ftp://x.gov.uk", "democracy.x.gov.uk", "javascript:alert(1)", "file:///etc"):
        with pytest.raises(ConfigError, match="not an http"):
            normalise_site(bad)
    csv_file = tmp_path / "councils.csv"
    csv_file.write_text(
        "code,official_name,common_name,territory,cms_type,base_url\n"
        "ANY,Anytown Borough Council,Anytown,ENG,ModernGov,https://democracy.anytown.gov.uk/\n"
        'ARM,"Armagh City, Banbridge and Craigavon Borough Council",Armagh,NIR,CMIS,'
        "https://x.example\n"
    )
    assert find_council("anytown", csv_file).base_url == "https://democracy.anytown.gov.uk/"
    assert find_council("ANY", csv_file).common_name == "Anytown"
    with pytest.raises(ConfigError, match="no council called 'Nowhere'"):
        find_council("Nowhere", csv_file)
    with pytest.raises(ConfigError, match="CMIS, not ModernGov"):
        find_council("Armagh", csv_file)


def test_every_moderngov_site_in_the_shared_list_normalises(shared_dir: Path) -> None:
    import csv

    with (shared_dir / "data" / "uk-councils.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["cms_type"] == "ModernGov"]
    assert len(rows) > 300
    sites = {normalise_site(r["base_url"]) for r in rows}
    assert "https://democracy.huntingdonshire.gov.uk/moderngov" in sites
    assert all(not s.endswith("/") for s in sites)
    row = find_council("Huntingdonshire", shared_dir / "data" / "uk-councils.csv")
    assert row.base_url.endswith("/moderngov/")


def test_cli_fetch_then_ingest_and_search(
    site: FixtureSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fake_env: FakeEmbedder,
) -> None:
    for name, value in fast().model_dump(exclude={"cache_dir", "run_deadline"}).items():
        monkeypatch.setenv(f"MINUTES_FETCH__{name.upper()}", str(value))
    csv_file = tmp_path / "councils.csv"
    csv_file.write_text(
        "code,official_name,common_name,territory,cms_type,base_url\n"
        f"ANY,Anytown Borough Council,Anytown,ENG,ModernGov,{site.base}/\n"
    )
    out = tmp_path / "out"
    argv = ["fetch", "--council", "Anytown", "--councils-csv", str(csv_file), "--out", str(out)]
    argv += ["--committee", "Cabinet", "--since", "Nov 2022", "--until", "2023", "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["council"] == "Anytown" and report["committees"] == 1
    assert report["fetched"] == [
        "cabinet/2022-12-05/71-housing-repairs-contract.html",
        "cabinet/2022-12-05/71-Housing-repairs.pdf",
    ]
    assert main(["ingest", str(out), "--index", "anytown"]) == 0
    capsys.readouterr()
    assert main(["search", "responsive repairs", "--index", "anytown", "--json", "-k", "2"]) == 0
    passages = json.loads(capsys.readouterr().out)
    assert {p["url"] for p in passages} == {
        f"{site.base}/mgAi.aspx?ID=6001",
        f"{site.base}/documents/s8030/Housing%20repairs.pdf",
    }
    assert {(p["council"], p["committee"], p["item_number"]) for p in passages} == {
        ("Anytown", "Cabinet", "71")
    }
    assert {p["page"] for p in passages if p["url"].endswith(".pdf")} <= {1, 2}

    argv = ["fetch", "--site", site.base, "--out", str(out), "--since", "2022", "--max-items", "1"]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "1 agenda item(s)" in text and "2 file(s) written" in text
    assert "Next: minutes ingest" in text and "pass --council" not in text

    out_args = ["--out", str(out)]
    for argv, message in [
        (["--site", "ftp://example.org"], "not an http(s) URL"),
        (["--council", "Nowhere", "--councils-csv", str(csv_file)], "no council called"),
        ([], "give --site URL"),
        (["--site", site.base, "--committee", "Planning"], "no committee of"),
        (["--site", "http://127.0.0.1:9"], "cannot connect"),
    ]:
        code = main(["fetch", *argv, *out_args])
        err = capsys.readouterr().err
        assert code in (1, 2) and message in err, (argv, err)
        assert err.count("\n") == 1 and "Traceback" not in err
