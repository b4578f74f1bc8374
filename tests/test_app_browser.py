"""The app in a real browser: ``streamlit run app.py`` in a subprocess on 127.0.0.1, over an
index of the sample corpus built with the real MiniLM model, driven with Debian's Chromium
through the ``playwright`` package (never ``playwright install``: CI installs chromium with
apt-get). ``UPDATE_SCREENSHOT=1`` also writes the README's docs/screenshot.png."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ingest.pipeline import ingest
from rag.settings import IndexSettings, Settings
from tests.conftest import REPO, SAMPLE_CORPUS
from tests.test_ocr import _engine_ready, scanned_pdf

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
TIMELINE = Path(__file__).parent / "fixtures" / "timeline"
AGENCY = "what was said about agency staffing?"
HOSTILE = (
    "Agenda item\n\nHighways resurfacing programme\n\nMinutes:\n\n"
    "The committee received the highways resurfacing report. "
    '<script>window.__minutes_pwned = 1</script><img src=x onerror="window.__minutes_pwned = 2"> '
    "Members noted the resurfacing programme for the coming year.\n"
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SCANNED = [
    "MINUTES of the meeting of the Cabinet held on 14 March 1999",
    "7. LIBRARY ROOF",
    "The Director of Finance presented a report on the library roof repairs.",
    "RESOLVED: that the expenditure of £48,750 on the library roof be approved.",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, real_embedder: object
) -> Iterator[tuple[str, Path]]:
    """The app as `make demo` serves it (from the checkout, with its .streamlit/config.toml):
    its URL and the file its output goes to."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium); .ci/run installs it")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    root = tmp_path_factory.mktemp("indexes")
    settings = Settings(index=IndexSettings(root=root))
    ingest([SAMPLE_CORPUS], root / "sample", settings, embedder=real_embedder)  # type: ignore[arg-type]
    hostile = tmp_path_factory.mktemp("hostile")
    (hostile / "highways.txt").write_text(HOSTILE, "utf-8")
    ingest([hostile], root / "hostile", settings, embedder=real_embedder)  # type: ignore[arg-type]
    ingest(sorted(TIMELINE.glob("*.txt")), root / "timeline", settings, embedder=real_embedder)  # type: ignore[arg-type]
    if _engine_ready() is None:  # a scanned page, read by OCR ([ocr] extra and Tesseract's model)
        scans = tmp_path_factory.mktemp("scans")
        scanned_pdf(scans / "cabinet-1999.pdf", SCANNED)
        ingest([scans], root / "scans", settings, embedder=real_embedder)  # type: ignore[arg-type]

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINUTES_")}
    env.update(MINUTES_INDEX__ROOT=str(root), MINUTES_INDEX__NAME="sample", HF_HUB_OFFLINE="1")
    log_path = root / "streamlit.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        yield url, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def app_url(app_server: tuple[str, Path]) -> str:
    return app_server[0]


@contextmanager
def _app_on_index(url: str, index: str, height: int = 1200) -> Iterator[Page]:
    """Chromium on the app, the chat box loaded (the first visit loads the model and the
    index), ``index`` chosen in the sidebar."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": height})
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
            page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
            page.get_by_role("option", name=index).click()
            yield page
        finally:
            browser.close()


def _ask(page: Page, question: str) -> Locator:
    """The reply to ``question``, once whole (its download buttons come last)."""
    from playwright.sync_api import expect

    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").nth(1)
    expect(reply.get_by_test_id("stDownloadButton")).to_have_count(2, timeout=120_000)
    return reply


def test_agency_staffing_question_in_chromium(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1500})
            page.goto(app_url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=120_000)  # the first visit loads the model and the index
            expect(page.get_by_test_id("stSidebar")).to_contain_text("BCP, Croydon, Trafford")
            box.fill(AGENCY)
            box.press("Enter")

            reply = page.get_by_test_id("stChatMessage").nth(1)
            expect(reply).to_contain_text("Found in", timeout=120_000)
            # The download buttons come last: once they show, the whole answer is on the page.
            expect(reply.get_by_test_id("stDownloadButton")).to_have_count(2)
            expect(reply).to_contain_text("Croydon")
            expect(reply).to_contain_text("BCP")
            expect(reply).to_contain_text("agency staff")
            citations = reply.get_by_test_id("stExpander")
            expect(citations.first).to_contain_text("[1]")
            expect(citations.filter(has_text="Croydon").first).to_be_visible()
            expect(citations.filter(has_text="BCP").first).to_be_visible()

            bcp = citations.filter(has_text="BCP").first
            bcp.locator("summary").click()
            expect(bcp).to_contain_text("Committee:")
            expect(bcp).to_contain_text("22 Nov 2022")
            expect(bcp).to_contain_text("56")
            # The cited sentence is highlighted inside the passage.
            expect(bcp.locator("strong", has_text="agency").first).to_be_visible()

            shot = tmp_path / "answer.png"
            page.wait_for_timeout(1000)  # let the expander finish opening
            page.screenshot(path=str(shot), animations="disabled")
            assert shot.stat().st_size > 10_000
            if os.environ.get("UPDATE_SCREENSHOT") == "1":
                shutil.copy(shot, REPO / "docs" / "screenshot.png")
        finally:
            browser.close()


def test_source_html_is_shown_as_text_never_run(app_url: str) -> None:
    from playwright.sync_api import expect

    with _app_on_index(app_url, "hostile") as page:
        expect(page.get_by_test_id("stSidebar")).to_contain_text("1 agenda item")
        reply = _ask(page, "what was said about the highways resurfacing report?")
        expect(reply).to_contain_text("resurfacing")
        reply.get_by_test_id("stExpander").first.locator("summary").click()
        expect(reply).to_contain_text("<script>window.__minutes_pwned = 1</script>")
        assert page.evaluate("window.__minutes_pwned") is None
        assert reply.locator("script, img[src='x']").count() == 0


def test_new_sessions_leave_nothing_in_the_log(app_server: tuple[str, Path]) -> None:
    """Every browser session once logged ~26 'Inotify queue overflowed' lines: Streamlit's file
    watcher walked the whole checkout, .venv included. The app runs without one."""
    from playwright.sync_api import sync_playwright

    url, log_path = app_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            for _ in range(2):
                page = browser.new_context().new_page()
                page.goto(url)
                page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
                page.close()
        finally:
            browser.close()
    log = log_path.read_text(errors="replace")
    assert "Inotify" not in log and "Traceback" not in log, log


def test_timeline_view_lists_the_issue_in_order_and_opens_a_point(app_url: str) -> None:
    """The Timeline view over the four meetings of one issue: the items in date order with
    what happened at each; clicking a point of the chart opens that item's citation."""
    from playwright.sync_api import expect

    with _app_on_index(app_url, "timeline", height=1000) as page:
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text("5 documents")
        sidebar.get_by_text("Timeline", exact=True).click()
        box = page.get_by_label("Issue or topic")
        box.fill("Millbrook Lane car park")
        box.press("Enter")
        entries = page.get_by_test_id("stExpander")
        expect(entries).to_have_count(4, timeout=120_000)
        labels = [entries.nth(i).locator("summary").inner_text() for i in range(4)]
        steps = ["16 Jan 2024", "20 Feb 2024", "5 Mar 2024", "9 Apr 2024"]
        assert all(day in label for day, label in zip(steps, labels, strict=True))
        assert "Deferred" in labels[0] and "Carried (For 5, Against 1)" in labels[1]
        assert "Call-in" in labels[2] and "Confirmed" in labels[3]
        chart = page.get_by_test_id("stVegaLiteChart")
        chart.locator("g.mark-symbol path").nth(1).click()
        second = entries.nth(1)
        expect(second.locator("details")).to_have_attribute("open", "", timeout=60_000)
        expect(second).to_contain_text("moved by Councillor Dalby, seconded by Councillor Brook")
        expect(second).to_contain_text("harbury_cabinet_2024-02-20.txt")


@pytest.mark.skipif(_engine_ready() is not None, reason=str(_engine_ready()))
def test_an_answer_from_a_scanned_page_says_it_was_read_by_ocr(app_url: str) -> None:
    from playwright.sync_api import expect

    with _app_on_index(app_url, "scans") as page:
        # the index's page coverage
        expect(page.get_by_test_id("stSidebar")).to_contain_text("read by OCR")
        reply = _ask(page, "how much was approved for the library roof?")
        expect(reply).to_contain_text("£48,750")
        citation = reply.get_by_test_id("stExpander").first
        expect(citation.locator("summary")).to_contain_text("read by OCR")
        citation.locator("summary").click()
        expect(citation).to_contain_text("check against the PDF")
