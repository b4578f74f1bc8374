"""Hostile and broken inputs at ingest (issue 16, items 4, 7, 13 and the input parts of 14):
each costs only itself, with a one-line reason, and never a traceback or a stalled run."""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from ingest import html as html_module
from ingest.chunker import CHARS_PER_TOKEN_CAP, chunk_document
from ingest.html import html_to_text
from ingest.parsers import parse_file
from ingest.pipeline import IngestReport, discover, ingest
from rag.apps.cli import main
from rag.errors import UnreadableFileError
from rag.models import Filters
from rag.search import open_searcher
from rag.settings import ChunkerSettings, Settings
from tests.fakes import FakeEmbedder

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"

MINUTES = """MINUTES of a meeting of the Cabinet held on Tuesday, 14 March 2023

1. Apologies for absence
Apologies were received from Councillor Smith.

2. Library opening hours
The Cabinet agreed to extend library opening hours on Saturdays.
"""


def texts(settings: Settings, index: Path, query: str, k: int = 10) -> list[str]:
    searcher = open_searcher(index, settings)
    try:
        return [p.text for p in searcher.search(query, Filters(), k=k)]
    finally:
        searcher.close()


def reasons(report: IngestReport) -> dict[str, str]:
    return {Path(path).name: reason for path, reason in report.skipped}


# --- item 4: any exception while reading one file is that file's one-line error ---------------
def test_a_deeply_nested_sidecar_costs_only_its_own_file(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(MINUTES)
    (corpus / "poisoned.txt").write_text(MINUTES.replace("library", "swimming pool"))
    (corpus / "poisoned.txt.meta.json").write_text("[" * 100_000 + "]" * 100_000)
    (corpus / "huge.txt").write_text(MINUTES.replace("library", "museum"))
    (corpus / "huge.txt.meta.json").write_text('{"year": ' + "9" * 5000 + "}")

    report = ingest([corpus], settings.index.root / "i", settings)

    why = reasons(report)
    assert why["poisoned.txt.meta.json"] == "invalid metadata sidecar: nested too deeply"
    assert "invalid metadata sidecar" in why["huge.txt.meta.json"]
    assert all("\n" not in reason for reason in why.values())
    assert report.files_new == 1  # good.txt
    assert any(
        "library opening hours" in t for t in texts(settings, settings.index.root / "i", "library")
    )


def test_one_file_ingested_on_its_own_never_raises_for_its_sidecar(
    tmp_path: Path, settings: Settings
) -> None:
    """The app ingests each upload as ``ingest([path])``: a poisoned sidecar must come back as
    that file's reason, not an exception out of the call."""
    page = tmp_path / "upload.txt"
    page.write_text(MINUTES)
    (tmp_path / "upload.txt.meta.json").write_text("[" * 50_000)
    report = ingest([page], settings.index.root / "u", settings)
    assert not report.ok
    assert "invalid metadata sidecar" in reasons(report)["upload.txt.meta.json"]


class _ExplodingEmbedder(FakeEmbedder):
    """Counts tokens like the fake, except that one text makes its tokenizer fail (as a real
    tokenizer can on input nobody foresaw)."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if any("TOKENIZER-BOMB" in t for t in texts):
            raise RuntimeError("tokenizer gave up")
        return super().count_tokens(texts)


def test_an_unexpected_failure_after_parsing_is_that_files_error(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(MINUTES)
    (corpus / "bomb.txt").write_text(MINUTES + "\nTOKENIZER-BOMB\n")
    report = ingest([corpus], settings.index.root / "x", settings, embedder=_ExplodingEmbedder())
    assert reasons(report)["bomb.txt"] == (
        "could not be split into passages (RuntimeError: tokenizer gave up)"
    )
    assert report.files_new == 1


# --- item 7: HTML in linear time, with a budget per file ---------------------------------------
def _seconds(html: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        clock = time.perf_counter()
        html_to_text(html)
        best = min(best, time.perf_counter() - clock)
    return best


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda n: "<div>" * n + "deep text" + "</div>" * n, id="nested-div"),
        pytest.param(lambda n: "<span><b>" * n + "deep text", id="unclosed-span-b"),
        pytest.param(
            lambda n: '<div id="modgov" class="mgContent">' * n + "deep text" + "</div>" * n,
            id="nested-content-areas",
        ),
    ],
)
def test_html_reading_time_grows_linearly_with_nesting(shape: object) -> None:
    """8x the nesting may take about 8x the time; the old parser took 45x-200x (5k / 40k nested
    <div>: 0.6 s / 28 s). The bound is a generous ratio, not a tight timing."""
    assert callable(shape)
    small = _seconds(shape(5_000), repeat=3)
    large = _seconds(shape(40_000))
    assert large < 24 * small + 0.5, f"5k: {small:.3f}s, 40k: {large:.3f}s"
    assert html_to_text(shape(40_000)) == "deep text"  # and nothing is lost at that depth


@pytest.mark.parametrize(
    "page",
    ["<!--" * 20_000, "<a" * 20_000, "<![" * 20_000, "</" * 20_000, "<a x='" * 20_000],
)
def test_malformed_markup_is_read_quickly_and_never_raises(page: str) -> None:
    """Shapes on which the standard library's tokenizer is quadratic (or raises
    ``AssertionError``, for ``<![``)."""
    clock = time.perf_counter()
    html_to_text(page)
    assert time.perf_counter() - clock < 1.0


def test_an_html_page_over_its_budget_is_that_files_error(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(MINUTES)
    (corpus / "huge.html").write_text("<p>Parks</p>" * 20_000)
    (corpus / "slow.htm").write_text("<p>" + "Allotments " * 2_000 + "</p>")
    monkeypatch.setattr(html_module, "HTML_SECONDS", 0.0)
    monkeypatch.setattr(html_module, "MAX_HTML_CHARS", 100_000)
    report = ingest([corpus], settings.index.root / "h", settings)
    why = reasons(report)
    assert why["huge.html"] == "HTML page too large (240,000 characters; limit 100,000)"
    assert why["slow.htm"] == "HTML page too complex to read within 0 s"
    assert report.files_new == 1


def test_an_html_page_read_too_slowly_names_the_budget(tmp_path: Path) -> None:
    page = tmp_path / "slow.html"
    page.write_text("<p>Parks</p>" * 20_000)
    with pytest.raises(UnreadableFileError) as err:
        html_to_text(page.read_text(), path=page, seconds=0.0)
    assert str(err.value) == f"{page}: HTML page too complex to read within 0 s"


# --- item 13: a bad line or row costs only itself ---------------------------------------------
def _line(**fields: object) -> str:
    return json.dumps(fields)


def test_bad_jsonl_lines_are_skipped_one_by_one(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = [
        _line(council="Leeds", title="Libraries", text="Library hours were extended."),  # 1
        _line(title="Parks", text="Parks budget agreed.", meeting_date="next Tuesday"),  # 2
        _line(titel="Typo", txt="A line whose keys are all wrong."),  # 3
        '{"title": "Damaged", "text": "half\x00written"}',  # 4
        "[" * 50_000 + "]" * 50_000,  # 5
        _line(title="Pages", documents=[{"text": "Appendix text.", "page": 10**30}]),  # 6
        '{"title": "Escapes", "text": "lone \\ud800 surrogate in the allotments report"}',  # 7
        '{"title": "Digits", "text": "x", "page": ' + "7" * 5000 + "}",  # 8
        _line(title="Cemeteries", text="Cemetery fees were frozen."),  # 9
    ]
    (corpus / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = ingest([corpus], settings.index.root / "j", settings)

    assert report.skipped == []
    assert report.documents == 5  # lines 1, 2 (its date dropped), 6 (its page dropped), 7, 9
    warned = "\n".join(report.warnings)
    assert "items.jsonl:2: meeting_date 'next Tuesday' is not a date" in warned  # date dropped
    assert "items.jsonl:3: no text or title; line skipped" in warned
    assert "items.jsonl:4: holds a NUL byte (damaged line); line skipped" in warned
    assert "items.jsonl:5: invalid JSON (nested too deeply); line skipped" in warned
    assert "items.jsonl:6: document 1 page 1000000000000000000… is not a page number" in warned
    assert "items.jsonl:8: invalid JSON" in warned
    index = settings.index.root / "j"
    found = " ".join(texts(settings, index, "library parks cemetery allotments appendix"))
    for kept in ("Library hours", "Parks budget", "Cemetery fees", "allotments", "Appendix"):
        assert kept in found


def test_a_bad_manifest_row_costs_only_its_row(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (corpus / name).write_text(MINUTES.replace("Saturdays", f"Saturdays ({name})"))
    (corpus / "manifest.csv").write_text(
        "file,council,meeting_date\n"
        "a.txt,Leeds City Council,2023-03-14\n"
        "b.txt,York,next Tuesday\n"
        "c.txt,Bradford,2023-03-15\n",
        encoding="utf-8",
    )
    report = ingest([corpus], settings.index.root / "m", settings)
    assert report.skipped == [] and report.files_new == 3
    bad_row = [w for w in report.warnings if "manifest.csv" in w]
    assert len(bad_row) == 1  # once for the folder, not once per file
    assert bad_row[0].endswith(
        "invalid manifest.csv row 3: meeting_date 'next Tuesday' is not "
        "a date (use YYYY-MM-DD, DD/MM/YYYY or a year)"
    )
    searcher = open_searcher(settings.index.root / "m", settings)
    try:
        found = searcher.search("library Saturdays", Filters(), k=10)
        councils = {p.source: p.citation.council for p in found}
    finally:
        searcher.close()
    assert councils["a.txt"] == "Leeds City Council" and councils["c.txt"] == "Bradford"


# --- item 14: devices, links out of the folder, unreadable folders, giant words, AES, long names
def test_devices_are_refused_with_a_reason_and_a_failing_exit(
    fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ingest", "/dev/zero", "/dev/null", "--index", "dev"])
    err = capsys.readouterr().err
    assert code == 1
    for device in ("/dev/zero", "/dev/null"):
        assert f"skipped {device}: not a regular file or folder (a device, pipe or socket)" in err


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path, settings: Settings) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "salaries.txt").write_text("Confidential salary list of named officers.")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(MINUTES)
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "salaries.txt").symlink_to(outside / "salaries.txt")
    (corpus / "private").symlink_to(outside, target_is_directory=True)
    (corpus / "same.txt").symlink_to(corpus / "good.txt")  # inside the folder: fine

    report = ingest([corpus], settings.index.root / "l", settings)

    why = reasons(report)
    for link in ("passwd.txt", "salaries.txt", "private"):
        assert why[link] == "link leads outside the folder (not followed)"
    assert report.files_new == 1  # good.txt, once (the link inside is the same document)
    found = " ".join(texts(settings, settings.index.root / "l", "root salary officers bash"))
    assert "root:" not in found and "salary" not in found


def _discover_as_nobody(folder: Path, out: Any) -> None:
    os.setgid(65534)
    os.setuid(65534)  # root reads any folder: drop to 'nobody' to see a permission error
    report = IngestReport()
    files = discover([folder], report)
    out.put(([f.source for f in files], report.skipped))


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """A folder under /tmp that an unprivileged user can enter (pytest's tmp_path cannot be)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o755)
        yield folder


def test_an_unreadable_subfolder_is_reported(world_readable_dir: Path) -> None:
    corpus = world_readable_dir
    (corpus / "good.txt").write_text(MINUTES)
    (corpus / "good.txt").chmod(0o644)
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(MINUTES)
    locked.chmod(0o000)
    try:
        if os.geteuid() == 0:
            context = multiprocessing.get_context("fork")
            queue = context.Queue()
            child = context.Process(target=_discover_as_nobody, args=(corpus, queue))
            child.start()
            sources, skipped = queue.get(timeout=30)
            child.join(timeout=30)
        else:
            report = IngestReport()
            sources = [f.source for f in discover([corpus], report)]
            skipped = report.skipped
    finally:
        locked.chmod(0o755)
    assert sources == ["good.txt"]
    assert skipped == [(str(locked), "folder cannot be read (Permission denied)")]


def test_a_megabyte_without_a_space_is_cut_to_the_passage_cap(tmp_path: Path) -> None:
    """A WordPiece tokenizer counts any word over 100 characters as one [UNK] (the fake counts
    a word as one token too), so only a character cap keeps it from one 1 MB passage."""
    page = tmp_path / "word.txt"
    word = "x" * 1_000_000
    page.write_text(f"Minutes of the Cabinet.\n\n{word}\n\nRESOLVED: That the report be noted.\n")
    parsed = parse_file(page, page.name).documents[0]
    settings = ChunkerSettings()
    for additive in (False, True):
        chunks = [
            c for _, c in chunk_document(parsed, FakeEmbedder().count_tokens, settings, additive)
        ]
        longest = max(len(c.text) for c in chunks)
        assert longest <= settings.decision_max_tokens * CHARS_PER_TOKEN_CAP
        assert sum(c.text.count("x") for c in chunks) >= len(word)  # nothing dropped
        assert any("RESOLVED" in c.text for c in chunks)


def test_an_aes_pdf_locked_only_against_copying_is_read() -> None:
    """Councils publish PDFs with an owner password only; AES ones need ``cryptography``
    (now a dependency), without which pypdf said 'cryptography>=3.1 is required'."""
    doc = parse_file(FIXTURES / "aes256-owner-password-only.pdf", "restricted.pdf").documents[0]
    assert "the restricted report be noted" in doc.document.text


def test_an_aes_pdf_with_a_password_says_so(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "locked.pdf").write_bytes((FIXTURES / "aes256-user-password.pdf").read_bytes())
    (corpus / "good.txt").write_text(MINUTES)
    report = ingest([corpus], settings.index.root / "p", settings)
    assert reasons(report)["locked.pdf"] == "encrypted PDF, cannot read without the password"
    assert report.files_new == 1


def test_a_254_character_file_name_is_ingested(tmp_path: Path, settings: Settings) -> None:
    """Its sidecar's name (the name plus '.meta.json') is over the 255-byte limit: looking for
    it must mean 'there is none', not 'File name too long' for the file itself."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    name = "Cabinet minutes " + "x" * (254 - len("Cabinet minutes .txt")) + ".txt"
    assert len(name) == 254
    (corpus / name).write_text(MINUTES)
    report = ingest([corpus], settings.index.root / "n", settings)
    assert report.skipped == [] and report.files_new == 1


def test_terminal_escapes_never_reach_the_index_text(tmp_path: Path, settings: Settings) -> None:
    """ESC and C1 controls in minutes, JSON Lines values and sidecars are dropped at reading,
    so no search result or citation can carry '\\x1b[2J' (clear screen) to a terminal."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "minutes.txt").write_text(MINUTES.replace("Saturdays", "Saturdays\x1b[2J\x9b31m"))
    (corpus / "minutes.txt.meta.json").write_text(
        json.dumps({"title": "Libraries\x1b]0;owned\x07", "committee": "Cabinet\x1b[8m"})
    )
    row = {"title": "Parks\x1b[2J", "text": "Parks budget\x1b[1A agreed.", "council": "Leeds\x1b"}
    (corpus / "items.jsonl").write_text(json.dumps(row) + "\n")
    report = ingest([corpus], settings.index.root / "e", settings)
    assert report.files_new == 2
    searcher = open_searcher(settings.index.root / "e", settings)
    try:
        found = searcher.search("library parks Saturdays budget", Filters(), k=10)
    finally:
        searcher.close()
    dumped = json.dumps([p.to_json() for p in found], ensure_ascii=False)
    # Whole escape sequences go (rag.text.printable), not only their ESC: no "[2J" residue.
    assert "Saturdays" in dumped and "Parks budget agreed." in dumped
    assert "[2J" not in dumped and "31m" not in dumped and "]0;owned" not in dumped
    for control in ("\x1b", "\x9b", "\x07"):
        assert control not in dumped
