"""``minutes fetch`` against hostile servers on 127.0.0.1 (issue 16, items 1-3 and robots.txt).

Each attack is served for real, by the fixture site of tests/moderngov_server.py (which can cut,
stall, overrun and drip its replies) or by a raw socket server where the HTTP itself must lie:
a body cut short, a read timeout mid-body, a link with a control character, a body longer than
its ``Content-Length``, a decompression bomb, a server dripping one byte at a time, too many or
unknown encodings, a robots.txt that redirects to another host. One bad URL must never end the
run, nothing incomplete may be saved, memory and time must stay bounded.
"""

from __future__ import annotations

import gzip
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpcore
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.fetch import FetchOptions, FetchReport, fetch_site
from ingest.fetch.cache import HttpCache
from ingest.fetch.client import PoliteClient
from ingest.fetch.decoding import BodyDecoder, EncodingError, ExpansionError
from ingest.fetch.moderngov import document_links
from ingest.fetch.transport import DeadlineBackend, WireStream
from rag.apps.cli import main
from rag.errors import DownloadSkipped, FetchError
from tests.moderngov_server import FixtureSite, Reply
from tests.pdfgen import pdf_bytes
from tests.test_fetch import CSOSC, SINCE, UNTIL, fast, reasons, serve_documents

REPO = Path(__file__).resolve().parent.parent
PDF = {"Content-Type": "application/pdf"}
MEETING = f"{CSOSC}/2022-11-22"


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    with FixtureSite() as running:
        serve_documents(running)
        yield running


def no_partial_files(root: Path) -> bool:
    return not any(p.name.endswith((".part", ".tmp")) for p in root.rglob("*"))


# -- 1. one bad body never ends the run ---------------------------------------------------------
def make_hostile(site: FixtureSite) -> dict[str, bytes]:
    """The first documents of the run misbehave; a later item's page links with ``&#12;``.
    Returns the healthy bodies, to serve them again later."""
    bodies = {
        "/documents/s8001/Improvement%20Update.pdf": pdf_bytes(["Improvement update."] * 40),
        "/mgConvert2PDF.aspx?ID=7001": pdf_bytes(["Agency staffing report."] * 40),
        "/documents/s8003/..%2F..%2F..%2Fescape.pdf": pdf_bytes(["Workforce data."]),
    }
    cut, stalled, longer = bodies
    site.always(cut, Reply(body=bodies[cut], headers=PDF, cut=300))  # hangs up part-way
    site.always(stalled, Reply(body=bodies[stalled], headers=PDF, cut=300, stall=1.0))
    site.always(longer, Reply(body=bodies[longer], headers=PDF, trailing=b"\n%%EOF-and-more"))
    page = (
        "<html><head><title>Work Programme | Anytown Borough Council</title></head><body>"
        '<a href="documents/s8099/Draft&#12;plan.pdf">Draft plan</a>'
        '<a href="documents/s8020/Work%20Programme.pdf">Work programme</a></body></html>'
    )
    site.always(
        "/mgAi.aspx?ID=5011", Reply(body=page.encode(), headers={"Content-Type": "text/html"})
    )
    return bodies


def test_one_bad_body_never_ends_the_run_and_nothing_incomplete_is_saved(
    site: FixtureSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bodies = make_hostile(site)
    out = tmp_path / "out"
    options = FetchOptions(site.base, out, since=SINCE, until=UNTIL)
    report = fetch_site(options, fast(retries=1))

    base = site.base
    failed = reasons(report.failed)
    assert failed["documents/s8001/Improvement%20Update.pdf"].startswith(
        "connection failed after 2 attempt(s) (peer closed connection without sending complete "
        "message body (received 300 bytes, expected "
    )
    assert failed["mgConvert2PDF.aspx?ID=7001"] == "timed out (2 attempt(s) of 0.3 s)"
    escape = "documents/s8003/..%2F..%2F..%2Fescape.pdf"
    length = len(bodies["/" + escape])
    assert failed[escape] == f"body longer than its Content-Length ({length} bytes)"
    assert failed["documents/s8099/Draft\x0cplan.pdf"] == (
        "invalid URL (it contains a control character)"
    )
    # Cut bodies and read timeouts are retried like dropped connections; an overrun is not.
    assert len(site.requests("s8001")) == 2 and len(site.requests("ID=7001")) == 2
    assert len(site.requests("escape.pdf")) == 1 and not site.requests("s8099")

    # Every later item was still fetched.
    assert f"{CSOSC}/2023-01-17/4-Work-Programme.pdf" in report.fetched
    assert "cabinet/2022-12-05/71-Housing-repairs.pdf" in report.fetched
    assert report.ok

    # Nothing half-written, nothing of the failed URLs recorded as done.
    state = json.loads((out / ".fetch-state.json").read_text())["files"]
    for path in failed:
        assert f"{base}/{path}" not in state
    assert list((out / MEETING).glob("*.pdf")) == []  # each of its documents failed or was refused
    assert no_partial_files(out)

    # What the user reads: one line per failure, the control character not printed raw.
    text = report.summary()
    assert "\x0c" not in text and "Draft%0Cplan.pdf - invalid URL" in text

    # Through the CLI: no traceback, a summary, exit 0 because other files were fetched.
    for name, value in fast(retries=1).model_dump(exclude={"cache_dir", "run_deadline"}).items():
        monkeypatch.setenv(f"MINUTES_FETCH__{name.upper()}", str(value))
    argv = [
        "fetch",
        "--site",
        base,
        "--out",
        str(out),
        "--since",
        "Nov 2022",
        "--until",
        "Mar 2023",
    ]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "6 failed" in captured.out  # the four above and the fixture's 500 and off-site redirect
    assert "peer closed connection" in captured.out and "\x0c" not in captured.out

    # The server mends its ways: the next run fetches what failed, whole.
    for key, body in bodies.items():
        site.always(key, Reply(body=body, headers=PDF))
    again = fetch_site(options, fast(retries=1))
    assert f"{MEETING}/56-Improvement-Update.pdf" in again.fetched
    assert (out / MEETING / "56-Improvement-Update.pdf").read_bytes() == bodies[
        "/documents/s8001/Improvement%20Update.pdf"
    ]
    assert (out / MEETING / "57-escape.pdf").read_bytes() == bodies["/" + escape]
    assert no_partial_files(out)


class KeepAliveServer:
    """A raw HTTP/1.1 keep-alive server: ``replies[path]`` is written as is (status line,
    headers and body, right or wrong) for each request on a connection."""

    def __init__(self, replies: dict[str, bytes]) -> None:
        self.replies = replies
        self.paths: list[str] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self.base = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                buffer += data
                while b"\r\n\r\n" in buffer:
                    head, buffer = buffer.split(b"\r\n\r\n", 1)
                    path = head.split(b" ")[1].decode()
                    self.paths.append(path)
                    reply = self.replies.get(
                        path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                    )
                    conn.sendall(reply)

    def close(self) -> None:
        self._sock.close()


def test_a_body_longer_than_its_content_length_fails_and_never_reaches_the_next_request(
    tmp_path: Path,
) -> None:
    # h11 stops at Content-Length and keeps the rest for the connection's next response:
    # here a whole forged response, which the next request would have read as its own.
    forged = b'HTTP/1.1 200 OK\r\nContent-Length: 6\r\nETag: "f"\r\n\r\nFORGED'
    server = KeepAliveServer(
        {
            "/a.html": b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: "a"\r\n\r\nHELLO' + forged,
            "/b.html": b'HTTP/1.1 200 OK\r\nContent-Length: 4\r\nETag: "b"\r\n\r\nREAL',
        }
    )
    cache = HttpCache(tmp_path / "cache")
    try:
        with PoliteClient(server.base, fast(), cache) as client:
            with pytest.raises(FetchError, match=r"longer than its Content-Length \(5 bytes\)"):
                client.get(f"{server.base}/a.html")
            assert client.get(f"{server.base}/b.html").body == b"REAL"
            assert client.deadline_enforced
    finally:
        server.close()
    assert server.paths == ["/robots.txt", "/a.html", "/b.html"]
    assert cache.get(f"{server.base}/a.html") is None  # never cached as if complete

    # The count behind it: bytes after the head (past any 1xx interim head), however split.
    wire = WireStream(
        httpcore.MockStream(
            [
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Len",
                b"gth: 5\r",
                b"\n\r\nHEL",
            ]
        ),
        DeadlineBackend(),
    )
    for _ in range(3):
        wire.read(65536)
    assert wire.body_received() == 3 and not wire.overran(5)
    assert wire.read(65536) == b"" and wire.body_received() == 3
    wire = WireStream(httpcore.MockStream([b"HTTP/1.1 200 OK\r\n\r\nHELLO!"]), DeadlineBackend())
    wire.read(65536)
    assert wire.overran(5) and wire.get_extra_info("is_readable")  # the pool will drop it


# -- 2. decompression bombs -----------------------------------------------------------------
def gzip_bomb(gigabytes: int = 1) -> bytes:
    """``Content-Encoding: gzip, gzip`` of ``gigabytes`` GiB of zeros in a few KB: the inner
    stream repeats one deflate block (identical after each full flush), so building it costs
    milliseconds; its trailer is wrong, which no client may ever get far enough to notice."""
    mib = b"\0" * (1 << 20)
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = inner.compress(mib) + inner.flush(zlib.Z_FULL_FLUSH)
    block = inner.compress(mib) + inner.flush(zlib.Z_FULL_FLUSH)
    stream = first + block * (1024 * gigabytes - 1) + inner.flush()
    return gzip.compress(stream, 9)


_BOMB_CHILD = """
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a regression fails, not the host
from ingest.fetch.client import PoliteClient
from rag.errors import FetchError
from tests.test_fetch import fast
base, folder = sys.argv[1], Path(sys.argv[2])
results = {}
start = time.monotonic()
with PoliteClient(base, fast(max_file_mb=1)) as client:
    for name, call in (
        ("get", lambda: client.get(base + "/bomb.xml")),
        ("download", lambda: client.download(base + "/bomb.pdf", folder, lambda head: "b.pdf")),
    ):
        try:
            call()
            results[name] = "no error"
        except FetchError as exc:
            results[name] = type(exc).__name__ + ": " + str(exc)
        except MemoryError:
            results[name] = "MemoryError"
results["seconds"] = time.monotonic() - start
# VmHWM is this process image's own peak: ru_maxrss would also count the forked pytest
# parent's memory from before exec (Linux carries it over), failing when the suite is large.
status = Path("/proc/self/status").read_text()
results["max_rss_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps(results))
"""


def test_a_decompression_bomb_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    bomb = gzip_bomb(1)
    assert len(bomb) < 5000  # 1 GiB once decoded twice
    with FixtureSite() as site:
        encoded = {"Content-Encoding": "gzip, gzip"}
        site.always("/bomb.xml", Reply(body=bomb, headers={**encoded, "Content-Type": "text/xml"}))
        site.always("/bomb.pdf", Reply(body=bomb, headers={**encoded, **PDF}))
        child = subprocess.run(
            [sys.executable, "-c", _BOMB_CHILD, site.base, str(tmp_path)],
            cwd=REPO,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)
    for name, path in (("get", "bomb.xml"), ("download", "bomb.pdf")):
        assert result[name] == (
            f"DownloadSkipped: {site.base}/{path}: larger than 1 MB once decompressed"
        )
    assert result["max_rss_mb"] < 200, result
    assert result["seconds"] < 5, result
    assert list(tmp_path.iterdir()) == []  # no file, no .part


def test_encodings_are_decoded_only_when_safe_and_sound(tmp_path: Path) -> None:
    text = b"<html><title>Minutes</title><body>" + b"RESOLVED that the report be noted. " * 50
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    served = {
        "/two.html": (zlib.compress(gzip.compress(text)), "gzip, deflate"),
        "/raw.html": (raw_deflate.compress(text) + raw_deflate.flush(), "deflate"),
        "/three.html": (gzip.compress(gzip.compress(gzip.compress(text))), "gzip, gzip, gzip"),
        "/br.html": (b"\x1b\x03\x00", "br"),
        "/corrupt.html": (b"\x1f\x8b\x08\x00" + b"\xff" * 40, "gzip"),
        "/short.html": (gzip.compress(text)[:-30], "gzip"),
    }
    cache = HttpCache(tmp_path / "cache")
    with FixtureSite() as site:
        for path, (body, encoding) in served.items():
            headers = {"Content-Encoding": encoding, "Content-Type": "text/html", "ETag": '"x"'}
            site.always(path, Reply(body=body, headers=headers))
        outcomes: dict[str, str | bytes] = {}
        with PoliteClient(site.base, fast(), cache) as client:
            for path in served:
                try:
                    outcomes[path] = client.get(site.base + path).body
                except FetchError as exc:
                    outcomes[path] = exc.reason
        sent = {r.headers.get("accept-encoding") for r in site.log}
    assert sent == {"gzip, deflate"}  # only what decoding.py inflates in bounded pieces
    assert outcomes == {
        "/two.html": text,
        "/raw.html": text,  # "deflate" sent without its zlib header, as some servers do
        "/three.html": "3 stacked content encodings (gzip, gzip, gzip); at most 2 are accepted",
        "/br.html": "unsupported content encoding 'br' (not requested)",
        "/corrupt.html": (
            "corrupt gzip data (Error -3 while decompressing data: invalid block type)"
        ),
        "/short.html": "gzip data ends early (body incomplete)",
    }
    for path in ("/three.html", "/br.html", "/corrupt.html", "/short.html"):
        assert cache.get(site.base + path) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=3000),
    layers=st.lists(st.sampled_from(["gzip", "deflate", "x-gzip"]), max_size=2),
    cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=6),
    garbage=st.binary(max_size=200),
)
def test_decoding_is_exact_in_any_chunking_and_never_raises_anything_else(
    data: bytes, layers: list[str], cuts: list[int], garbage: bytes
) -> None:
    encoded = data
    for name in layers:
        encoded = gzip.compress(encoded) if "gzip" in name else zlib.compress(encoded)
    bounds = sorted({0, len(encoded), *(c for c in cuts if c < len(encoded))})
    decoder = BodyDecoder(layers, limit=10_000)
    pieces = [piece for a, b in itertools.pairwise(bounds) for piece in decoder.feed(encoded[a:b])]
    decoder.finish()
    assert b"".join(pieces) == data
    if data:  # one byte under the size: refused, in any layering
        body = encoded if layers else gzip.compress(data)
        with pytest.raises(ExpansionError):
            list(BodyDecoder(layers or ["gzip"], limit=len(data) - 1).feed(body))
    try:  # arbitrary bytes under any encoding: decoded or refused, nothing else
        hostile = BodyDecoder(layers, limit=10_000)
        list(hostile.feed(garbage))
        hostile.finish()
    except (EncodingError, ExpansionError):
        pass


# -- 3. deadlines ---------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["body", "head"])
def test_a_server_dripping_bytes_is_cut_off_at_the_request_deadline(
    where: str, tmp_path: Path
) -> None:
    body = pdf_bytes(["Slow report."])[:400]
    drip, drip_head = (0.05, 0.0) if where == "body" else (0.0, 0.05)
    with FixtureSite() as site:
        site.always("/slow.pdf", Reply(body=body, headers=PDF, drip=drip, drip_head=drip_head))
        # Each byte comes well inside the 0.3 s timeout; the whole would take 5-20 s.
        with PoliteClient(site.base, fast(request_deadline=0.8)) as client:
            start = time.monotonic()
            with pytest.raises(FetchError) as caught:
                client.download(f"{site.base}/slow.pdf", tmp_path, lambda head: "slow.pdf")
            elapsed = time.monotonic() - start
        attempts = len(site.requests("/slow.pdf"))
    assert caught.value.reason == "not finished within the request deadline (0.8 s); not retried"
    assert 0.7 < elapsed < 1.6, elapsed
    assert attempts == 1
    assert list(tmp_path.iterdir()) == []


def test_the_run_deadline_stops_the_run_and_keeps_what_is_finished(
    site: FixtureSite, tmp_path: Path
) -> None:
    slow = pdf_bytes(["Improvement update."] * 20)
    site.always(
        "/documents/s8001/Improvement%20Update.pdf", Reply(body=slow, headers=PDF, drip=0.02)
    )
    out = tmp_path / "out"
    start = time.monotonic()
    report = fetch_site(
        FetchOptions(site.base, out, since=SINCE, until=UNTIL),
        fast(run_deadline=1.0, request_deadline=30),
    )
    elapsed = time.monotonic() - start
    assert elapsed < 2.0, elapsed
    assert report.stopped is not None and not report.ok
    assert report.stopped.endswith("the run deadline (1 s) was reached")
    assert report.fetched == [f"{MEETING}/56-children-s-services-improvement-update.html"]
    state = json.loads((out / ".fetch-state.json").read_text())["files"]
    assert [entry["path"] for entry in state.values()] == report.fetched
    assert no_partial_files(out)
    assert "stopped early:" in report.summary() and "run again to resume" in report.summary()


# -- 4. robots.txt that redirects off the host ------------------------------------------------
def test_robots_txt_redirected_to_another_host_disallows_everything(
    site: FixtureSite, tmp_path: Path
) -> None:
    site.always("/robots.txt", Reply(301, headers={"Location": f"{site.other}/robots.txt"}))
    with pytest.raises(FetchError) as caught:
        fetch_site(FetchOptions(site.base, tmp_path / "out", since=SINCE, until=UNTIL), fast())
    message = str(caught.value)
    assert "cannot list committees" in message and "disallowed by robots.txt" in message
    assert message.count("redirects to another host (localhost)") == 1  # said once
    assert [r.key for r in site.log] == ["/robots.txt"]  # nothing else asked, not the other host
    assert all(r.host == f"127.0.0.1:{site.port}" for r in site.log)

    with PoliteClient(site.base, fast()) as client:
        for path in ("/mgAi.aspx?ID=5001", "/documents/s8001/x.pdf", "/"):
            with pytest.raises(DownloadSkipped, match=r"disallowed by robots\.txt"):
                client.check(site.base + path)
        assert len(client.notes) == 1
    # When the run itself goes on (another origin's robots.txt), the summary says it once too.
    shown = FetchReport(notes=["robots.txt redirects to another host"]).summary()
    assert shown.count("note: robots.txt redirects to another host") == 1


def test_malformed_links_and_redirects_fail_that_url_only(site: FixtureSite) -> None:
    site.always("/bad-port", Reply(302, headers={"Location": "http://127.0.0.1:99999/x"}))
    with PoliteClient(site.base, fast()) as client:
        outcomes = {}
        for url in (
            f"{site.base}/documents/a\x7fb.pdf",
            "http://127.0.0.1:99999/x.pdf",
            f"{site.base}/bad-port",
        ):
            with pytest.raises(FetchError) as caught:
                client.get(url)
            outcomes[url.rsplit("/", 1)[-1]] = caught.value.reason
    # Links are read as browsers read them: surrounding blanks and inner tabs/newlines dropped.
    page = '<a href="\n  documents/s1/Budget\n\tbook.pdf \x01">Budget</a>'
    [doc] = document_links(page, f"{site.base}/mgAi.aspx?ID=1")
    assert doc.url == f"{site.base}/documents/s1/Budgetbook.pdf"
    assert outcomes == {
        "a\x7fb.pdf": "invalid URL (it contains a control character)",
        "x.pdf": "invalid URL (malformed host or port)",
        "bad-port": "redirected to an invalid URL (malformed host or port)",
    }
