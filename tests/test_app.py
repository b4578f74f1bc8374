"""The Streamlit chat app (app.py) through Streamlit's AppTest, with the fake embedder and
temporary indexes, plus the app's logic in rag.app_support tested on its own."""

from __future__ import annotations

import csv
import fcntl
import io
import ipaddress
import os
import re
import socket
import stat
import struct
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ingest.pipeline import ingest
from rag.apps import cli
from rag.apps.cli import APP_OPTIONS, app_command, build_parser
from rag.apps.service import MAX_QUESTION_CHARS
from rag.apps.web import support as sup
from rag.index import index_version, list_indexes
from rag.models import Answer, Citation, Claim, Filters, Passage
from rag.settings import Settings
from tests.conftest import REPO
from tests.fakes import FakeEmbedder
from tests.openai_stub import OpenAIStub
from tests.pdfgen import pdf_bytes

APP = str(REPO / "app.py")
AGENCY = "what was said about agency staffing?"
HOSTILE = (
    "Agenda item\n\nHighways resurfacing programme\n\nMinutes:\n\n"
    "The committee received the highways resurfacing report <script>alert(1)</script> on "
    "carriageway repairs. Members noted the resurfacing programme for the coming year.\n"
)
NEW_MINUTES = (
    "Agenda item\n\nLibrary opening hours\n\nMinutes:\n\n"
    "The committee considered the library opening hours consultation. Members agreed that "
    "Sunday library opening hours would be extended across the borough from April.\n"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(markdown: str) -> str:
    """What an escaped markdown string shows (backslash escapes removed)."""
    return _ESCAPE.sub(r"\1", markdown)


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_resource.clear()
    st.cache_data.clear()
    for name in ("MINUTES_LLM_BASE_URL", "MINUTES_LLM_MODEL", "MINUTES_LLM__BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("MINUTES_ANSWER__MODE", raising=False)


@pytest.fixture
def sample_index(
    fake_env: FakeEmbedder,
    settings: Settings,
    sample_corpus: Path,
    index_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """indexes/sample built from the sample corpus with the fake embedder; the app's default."""
    ingest([sample_corpus], index_root / "sample", settings, embedder=fake_env)
    monkeypatch.setenv("MINUTES_INDEX__NAME", "sample")
    return index_root / "sample"


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> Answer:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    message = at.session_state["messages"][-1]
    assert message["role"] == "assistant" and isinstance(message["result"], Answer)
    return message["result"]


def texts(elements: object) -> list[str]:
    return [plain(str(e.value)) for e in elements]  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- empty states
def test_no_index_says_how_to_build_one_and_builds_the_sample(
    fake_env: FakeEmbedder, index_root: Path
) -> None:
    at = run_app()
    info = " ".join(texts(at.info))
    assert "No index yet. Build one with:" in info
    assert "minutes ingest samples/corpus --index sample" in info
    assert not at.chat_input  # nothing to chat with yet

    next(b for b in at.button if b.label == "Build the sample index").click().run()
    assert not at.exception, at.exception
    assert (index_root / "sample" / "manifest.json").is_file()
    assert at.selectbox(key="index").value == "sample"
    assert "3 councils: BCP, Croydon, Trafford" in texts(at.sidebar.caption)
    assert at.chat_input


def test_an_installation_without_the_sample_says_so(
    fake_env: FakeEmbedder, index_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sup, "SAMPLE_CORPUS", tmp_path / "not-installed")
    at = run_app()
    assert not at.exception, at.exception
    assert "minutes ingest FOLDER" in " ".join(texts(at.info))
    assert sup.SAMPLE_MISSING in texts(at.caption)
    assert not [b for b in at.button if b.label == "Build the sample index"]


def test_with_no_index_uploaded_files_start_one(fake_env: FakeEmbedder, index_root: Path) -> None:
    at = run_app()
    at.sidebar.file_uploader[0].set_value(("library.txt", NEW_MINUTES.encode(), "text/plain"))
    at.run()
    next(b for b in at.sidebar.button if b.label == "Add 1 file to default").click().run()
    assert not at.exception, at.exception
    assert (index_root / "default" / "manifest.json").is_file()
    assert at.selectbox(key="index").value == "default" and at.chat_input
    answer = ask(at, "what was agreed about Sunday library opening hours?")
    assert answer.citations and answer.citations[0].source == "library.txt"


def test_an_unrelated_question_gets_a_clear_nothing_found_sentence(sample_index: Path) -> None:
    at = run_app()
    answer = ask(at, "what was decided about bin collections?")
    assert answer.abstained
    shown = texts(at.info)
    assert any(s.startswith("The indexed minutes do not discuss bin collections.") for s in shown)
    assert not at.expander  # no citations to open


def test_a_filter_matching_nothing_is_explained(sample_index: Path) -> None:
    at = run_app()
    at.date_input(key="since").set_value(date(2030, 1, 1)).run()
    answer = ask(at, AGENCY)
    assert answer.abstained and not answer.citations
    shown = " ".join(texts(at.info))
    assert "do not discuss agency staffing" in shown
    assert "Searched 0 agenda items in 0 meetings" in shown and "since=1 Jan 2030" in shown


def test_the_chat_box_holds_questions_to_the_service_limit(sample_index: Path) -> None:
    """The chat box caps a question where the service does (the CLI, API and MCP too), so a
    long paste is cut there and answered, not refused with a traceback."""
    at = run_app()
    assert at.chat_input[0].proto.max_chars == MAX_QUESTION_CHARS
    at.chat_input[0].set_value("agency " * 400).run()  # 2,800 characters pasted
    assert not at.exception, at.exception
    (question, reply) = at.session_state["messages"]
    assert len(question["content"]) == MAX_QUESTION_CHARS and isinstance(reply["result"], Answer)


# ---------------------------------------------------------------------------- chat
def test_chat_answers_with_markers_and_one_expander_per_citation(sample_index: Path) -> None:
    at = run_app()
    answer = ask(at, AGENCY)
    assert not answer.abstained and answer.citations
    body = next(m for m in texts(at.markdown) if m.startswith("Found in "))
    assert re.search(r"\[\d+\]", body)
    assert "Croydon" in body and "BCP" in body

    labels = [plain(e.label) for e in at.expander]
    assert len(labels) == len(answer.citations)
    for citation, label in zip(answer.citations, labels, strict=True):
        assert label.startswith(f"[{citation.marker}] ")
        assert citation.label in label and citation.item_title in label

    bcp = next(e for e in at.expander if "BCP" in e.label)
    shown = texts(bcp.markdown)
    facts = next(s for s in shown if s.startswith("**Council:** BCP"))
    assert "**Committee:** Children's Services Overview and Scrutiny Committee" in facts
    assert "**Date:** 22 Nov 2022" in facts and "**Item:** 56" in facts
    # The cited sentence is highlighted inside its passage.
    assert any(":orange-background[**" in m.value for m in bcp.markdown)
    assert [b.label for b in at.download_button] == ["Download Markdown", "Download CSV"]


def test_clearing_the_conversation_forgets_the_context(sample_index: Path) -> None:
    at = run_app()
    ask(at, AGENCY)
    next(b for b in at.sidebar.button if b.label == "Clear the conversation").click().run()
    assert at.session_state["messages"] == [] and at.session_state["context"] is None
    assert not at.chat_message
    answer = ask(at, "and what about Trafford?")  # no previous question: asked as written
    assert answer.question == "and what about Trafford?" and answer.filters.council is None


def test_council_filter_keeps_citations_to_that_council(sample_index: Path) -> None:
    at = run_app()
    assert at.selectbox(key="council").options == ["All", "BCP", "Croydon", "Trafford"]
    at.selectbox(key="council").set_value("BCP").run()
    answer = ask(at, AGENCY)
    assert answer.citations
    assert {c.council for c in answer.citations} == {"BCP"}
    assert any("filters: council=BCP" in c for c in texts(at.caption))


def test_date_filter_keeps_citations_in_range(sample_index: Path) -> None:
    at = run_app()
    at.date_input(key="since").set_value(date(2022, 1, 1)).run()
    answer = ask(at, AGENCY)
    assert answer.citations
    assert all(c.meeting_date and c.meeting_date >= date(2022, 1, 1) for c in answer.citations)


def test_follow_up_reuses_the_previous_question_for_another_council(sample_index: Path) -> None:
    at = run_app()
    ask(at, AGENCY)
    answer = ask(at, "and what about Trafford?")
    assert answer.question == AGENCY
    assert answer.filters.council == "Trafford"
    assert answer.citations and {c.council for c in answer.citations} == {"Trafford"}
    notes = texts(at.caption)
    assert f"Follow-up read as “{AGENCY}” — council Trafford" in notes
    # The whole conversation stays on the page: two questions, two answers.
    assert len(at.chat_message) == 4


def test_compare_toggle_shows_a_graded_row_per_council(sample_index: Path) -> None:
    at = run_app()
    at.toggle(key="compare").set_value(True).run()
    at.chat_input[0].set_value(AGENCY).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == list(sup.COMPARISON_FIELDS)
    assert list(table["council"]) == ["BCP", "Croydon", "Trafford", "Council not stated"]
    rows = table.set_index("council")
    assert rows.loc["BCP", "grade"] == "discussed" and rows.loc["Croydon", "grade"] == "discussed"
    assert rows.loc["BCP", "terms found"] == "agency, staffing"
    # Trafford's minutes speak of recruiting staff, never of agency staff.
    assert rows.loc["Trafford", "grade"] != "discussed"
    assert "agency" in rows.loc["Trafford", "terms missing"]
    assert rows.loc["BCP", "citation"].startswith("[")
    summary = next(m for m in texts(at.markdown) if m.startswith("Compared 3 councils"))
    assert "2 discussed" in summary
    assert [b.label for b in at.download_button] == ["Download Markdown", "Download CSV"]


def test_source_html_is_escaped_never_rendered(
    fake_env: FakeEmbedder, settings: Settings, index_root: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "highways.txt").write_text(HOSTILE)
    ingest([corpus], index_root / "default", settings, embedder=fake_env)
    at = run_app()
    answer = ask(at, "what was said about the highways resurfacing report?")
    assert answer.citations
    rendered = [m.value for m in at.markdown] + [e.label for e in at.expander]
    assert any(r"\<script\>alert\(1\)\<\/script\>" in value for value in rendered)
    assert not any("<script>" in value for value in rendered)
    assert not at.get("html")  # nothing is rendered as raw HTML


def test_index_reloads_when_a_new_build_lands(
    sample_index: Path, settings: Settings, fake_env: FakeEmbedder, tmp_path: Path
) -> None:
    at = run_app()
    assert any("5 agenda items" in c for c in texts(at.sidebar.caption))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "library.txt").write_text(NEW_MINUTES)
    ingest([extra], sample_index, settings, embedder=fake_env)  # e.g. `minutes ingest` elsewhere
    at.run()
    assert any("6 agenda items" in c for c in texts(at.sidebar.caption))
    answer = ask(at, "what was agreed about Sunday library opening hours?")
    assert any(c.item_title == "Library opening hours" for c in answer.citations)


# ---------------------------------------------------------------------------- upload
def test_upload_adds_files_and_reports_each_bad_one(sample_index: Path) -> None:
    at = run_app()
    at.sidebar.file_uploader[0].set_value(
        [
            ("library minutes.txt", NEW_MINUTES.encode(), "text/plain"),
            ("broken.pdf", b"%PDF-1.4 this is not really a PDF", "application/pdf"),
            ("notes.json", b"{}", "application/json"),
        ]
    ).run()
    button = next(b for b in at.sidebar.button if b.label.startswith("Add 3 files"))
    button.click().run()
    assert not at.exception, at.exception
    assert (sample_index / "uploads" / "library minutes.txt").is_file()
    assert any("1 file added to the index" in s for s in texts(at.sidebar.success))
    errors = texts(at.sidebar.error)
    assert any(e.startswith("broken.pdf: ") for e in errors), errors
    assert any(e.startswith("notes.json: not a minutes file type") for e in errors), errors
    assert any("6 agenda items" in c for c in texts(at.sidebar.caption))  # reloaded
    answer = ask(at, "what was agreed about Sunday library opening hours?")
    assert any(c.source == "library minutes.txt" for c in answer.citations)


def test_a_poisoned_upload_is_one_line_in_the_app_and_the_rest_go_in(sample_index: Path) -> None:
    """Through the app, a deeply nested sidecar's RecursionError escaped add_uploads; Llŷn.md
    and Llŵn.md were both saved as Ll_n.md, the first vanishing though both were 'added'."""
    nested = b'{"council": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    at = run_app()
    at.sidebar.file_uploader[0].set_value(
        [
            ("Llŷn.md", NEW_MINUTES.encode(), "text/markdown"),
            ("Llŵn.md", HOSTILE.encode(), "text/markdown"),
            ("deep.txt", NEW_MINUTES.replace("library", "harbour").encode(), "text/plain"),
            ("deep.txt.meta.json", nested, "application/json"),
        ]
    ).run()
    next(b for b in at.sidebar.button if b.label.startswith("Add 4 files")).click().run()
    assert not at.exception, at.exception
    assert any(
        "2 files added to the index; 1 could not be read" in s for s in texts(at.sidebar.success)
    )
    errors = texts(at.sidebar.error)
    assert len(errors) == 1 and errors[0].startswith("deep.txt: ") and "\n" not in errors[0]
    assert sorted(p.name for p in (sample_index / "uploads").iterdir()) == ["Llŵn.md", "Llŷn.md"]
    assert any("7 agenda items" in c for c in texts(at.sidebar.caption))


def test_add_uploads_saves_safely_ingests_each_file_and_reports_progress(
    settings: Settings, fake_embedder: FakeEmbedder, index_root: Path
) -> None:
    index = index_root / "mine"
    seen: list[tuple[int, int, str]] = []
    result = sup.add_uploads(
        [
            ("../../evil/library.txt", NEW_MINUTES.encode()),
            ("report.pdf", pdf_bytes(["Budget report\nThe budget was agreed at 2.5 million."])),
            ("report.pdf.meta.json", b'{"council": "Trafford", "year": 2024}'),
            ("scan.pdf", b"%PDF-1.4 broken"),
            ("empty.txt", b""),
            ("photo.png", b"\x89PNG"),
        ],
        index,
        settings,
        fake_embedder,
        on_progress=lambda done, total, name: seen.append((done, total, name)),
    )
    uploads = index / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == [
        "library.txt",
        "report.pdf",
        "report.pdf.meta.json",
    ]  # scan.pdf could not be read: it is not left in uploads/ to fail again
    assert not (index_root / "evil").exists()
    assert result.ingested == ["library.txt", "report.pdf"]
    assert [name for name, _ in result.errors] == ["empty.txt", "photo.png", "scan.pdf"]
    assert seen == [(1, 3, "library.txt"), (2, 3, "report.pdf"), (3, 3, "scan.pdf")]
    assert result.summary() == "2 files added to the index; 3 could not be read."
    # The sidecar applied to its PDF; uploading the same files again changes nothing.
    again = sup.add_uploads([("report.pdf", (uploads / "report.pdf").read_bytes())], index,
                            settings, fake_embedder)  # fmt: skip
    assert again.unchanged == ["report.pdf"] and not again.changed_index
    from rag.search import open_searcher

    searcher = open_searcher(index, settings, fake_embedder)
    try:
        assert "Trafford" in searcher.scope().councils
    finally:
        searcher.close()


# ---------------------------------------------------------------------------- upload names
def _minutes(topic: str) -> bytes:
    return (
        f"Agenda item\n\n{topic}\n\nMinutes:\n\nThe committee considered the {topic} report. "
        f"Members agreed the {topic} proposals for the coming year.\n"
    ).encode()


def _indexed(index: Path, settings: Settings, embedder: FakeEmbedder) -> tuple[int, list[str]]:
    """(documents, councils) of an index, as search sees it."""
    from rag.search import open_searcher

    searcher = open_searcher(index, settings, embedder)
    try:
        return searcher.stats().documents, searcher.scope().councils
    finally:
        searcher.close()


def _folder(index: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((index / "uploads").iterdir())}


def test_upload_names_keep_unicode_letters_and_never_replace_another_file(
    settings: Settings, fake_embedder: FakeEmbedder, index_root: Path
) -> None:
    """Names were reduced to ASCII: Llŷn.md and Llŵn.md both became Ll_n.md, the second
    replaced the first (which vanished from the index) and both were reported added."""
    index = index_root / "gwynedd"
    llyn, llwn, first, second = (_minutes(t) for t in ("harbour", "quarry", "ferry", "bridge"))
    result = sup.add_uploads(
        [("Llŷn.md", llyn), ("Llŵn.md", llwn), ("a?.txt", first),
         ("a*.txt", second)],
        index, settings, fake_embedder,
    )  # fmt: skip
    assert not result.errors, result.errors
    assert result.ingested == ["Llŷn.md", "Llŵn.md", "a_.txt", "a_ (2).txt"]
    assert _folder(index) == {
        "Llŷn.md": llyn, "Llŵn.md": llwn, "a_.txt": first, "a_ (2).txt": second
    }  # fmt: skip
    assert _indexed(index, settings, fake_embedder)[0] == 4
    assert "a*.txt: saved as a_ (2).txt (a different file already has that name)" in (
        result.warnings
    )
    # A later upload: the same bytes reuse their file; other bytes under a taken name get the
    # next free number, and nothing already there changes.
    third = _minutes("lighthouse")
    again = sup.add_uploads(
        [("a?.txt", second), ("a?.txt", third), ("Llŷn.md", llyn)], index, settings, fake_embedder
    )
    assert again.unchanged == ["a_ (2).txt", "Llŷn.md"] and again.ingested == ["a_ (3).txt"]
    folder = _folder(index)
    assert (folder["a_.txt"], folder["a_ (2).txt"], folder["a_ (3).txt"]) == (first, second, third)
    assert _indexed(index, settings, fake_embedder)[0] == 5
    # The same file twice in one upload is saved and ingested once.
    twice = sup.add_uploads([("b.txt", third), ("b.txt", third)], index, settings, fake_embedder)
    assert twice.ingested == ["b.txt"] and "b.txt: the same file is already in this upload" in (
        twice.warnings
    )


def test_a_renamed_or_long_named_upload_keeps_its_sidecar(
    settings: Settings, fake_embedder: FakeEmbedder, index_root: Path
) -> None:
    """A long name's sidecar was cut to 120 characters (losing '.pdf.meta.json') and rejected;
    a document saved under a new name must take its sidecar with it."""
    index = index_root / "mine"
    long_name = "Pwyllgor Cynllunio " + "ŵ" * 150 + ".txt"  # 323 bytes of UTF-8
    result = sup.add_uploads(
        [
            (long_name, _minutes("planning")),
            (long_name + ".meta.json", b'{"council": "Gwynedd", "year": 2024}'),
            ("report.txt", _minutes("budget")),
        ],
        index, settings, fake_embedder,
    )  # fmt: skip
    assert not result.errors, result.errors
    saved = [n for n in _folder(index) if n.startswith("Pwyllgor")]
    document = next(n for n in saved if n.endswith(".txt"))
    assert saved == sorted([document, document + ".meta.json"])
    assert len(document.encode()) <= 245 and len((document + ".meta.json").encode()) <= 255
    assert document.startswith("Pwyllgor Cynllunio ŵŵ") and document.endswith("ŵ.txt")
    # A different report.txt with its sidecar: saved as 'report (2).txt', the sidecar beside it.
    renamed = sup.add_uploads(
        [("report.txt.meta.json", b'{"council": "Ceredigion"}'), ("report.txt", _minutes("tax"))],
        index, settings, fake_embedder,
    )  # fmt: skip
    assert renamed.ingested == ["report (2).txt"]
    assert _folder(index)["report (2).txt.meta.json"] == b'{"council": "Ceredigion"}'
    assert "report.txt.meta.json" not in _folder(index)  # the first report has no sidecar
    assert _indexed(index, settings, fake_embedder) == (3, ["Ceredigion", "Gwynedd"])


def test_a_sidecar_alone_updates_its_document_or_is_refused(
    settings: Settings, fake_embedder: FakeEmbedder, index_root: Path
) -> None:
    index = index_root / "mine"
    sup.add_uploads([("budget.txt", _minutes("budget"))], index, settings, fake_embedder)
    update = sup.add_uploads(
        [("budget.txt.meta.json", b'{"council": "Powys"}')], index, settings, fake_embedder
    )
    assert update.ingested == ["budget.txt"]
    assert _indexed(index, settings, fake_embedder) == (1, ["Powys"])
    # Left in uploads/, an orphan would attach itself to whichever 'later.txt' came next.
    orphan = sup.add_uploads(
        [("later.txt.meta.json", b'{"council": "Powys"}')], index, settings, fake_embedder
    )
    assert orphan.errors == [
        (
            "later.txt.meta.json",
            "a metadata sidecar needs its document: upload it together with later.txt",
        )
    ]
    assert "later.txt.meta.json" not in _folder(index)


def test_a_poisoned_upload_costs_only_itself_and_leaves_uploads_clean(
    settings: Settings, fake_embedder: FakeEmbedder, index_root: Path
) -> None:
    """A deeply nested .meta.json escaped add_uploads (RecursionError) and stayed in uploads/,
    poisoning the next run; a broken one stayed there too."""
    index = index_root / "mine"
    sup.add_uploads(
        [("kept.txt", _minutes("parks")), ("kept.txt.meta.json", b'{"council": "Conwy"}')],
        index, settings, fake_embedder,
    )  # fmt: skip
    nested = b'{"council": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    result = sup.add_uploads(
        [
            ("good.txt", _minutes("libraries")),
            ("deep.txt", _minutes("harbours")),
            ("deep.txt.meta.json", nested),
            ("broken.txt", _minutes("roads")),
            ("broken.txt.meta.json", b'{"council": '),
            ("kept.txt.meta.json", nested),  # a poisoned update of a good document
        ],
        index, settings, fake_embedder,
    )  # fmt: skip
    assert result.ingested == ["good.txt"]
    assert [name for name, _ in result.errors] == ["deep.txt", "broken.txt", "kept.txt"]
    assert result.errors[1][1].startswith("broken.txt.meta.json: invalid metadata sidecar")
    assert all("\n" not in reason and len(reason) <= 300 for _, reason in result.errors)
    # What failed was taken back out; the good document's earlier sidecar is restored.
    assert _folder(index) == {
        "good.txt": _minutes("libraries"),
        "kept.txt": _minutes("parks"),
        "kept.txt.meta.json": b'{"council": "Conwy"}',
    }
    assert _indexed(index, settings, fake_embedder) == (2, ["Conwy"])


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\minutes\\May 2024.PDF", "May 2024.PDF"),
        (".hidden.txt", "hidden.txt"),
        ("<a>|b?.md", "_a__b_.md"),
        ("...", "upload"),
        ("Lly\u0302n.md", "Llŷn.md"),  # decomposed (as macOS names files) → composed
        ("Gwynedd — Cabinet (final) #2.pdf", "Gwynedd — Cabinet (final) #2.pdf"),
        ("evil\u202etxt.pdf", "eviltxt.pdf"),  # a right-to-left override hides the real type
        ("a\x00b\x1b[2J\nc.txt", "ab[2J c.txt"),
        ("CON.txt", "CON_.txt"),
        ("notes. ", "notes"),
        ("x.meta.json", "x.meta.json"),
        ("../a?.pdf.meta.json", "a_.pdf.meta.json"),
    ],
)
def test_safe_upload_names(given: str, saved: str) -> None:
    assert sup.safe_filename(given) == saved


def test_upload_names_fit_the_filesystem_in_bytes_with_their_sidecar() -> None:
    for name in ("x" * 300 + ".txt", "ŵ" * 200 + ".pdf", "日本" * 100 + ".md", "y" * 400):
        document = sup.safe_filename(name)
        sidecar = sup.safe_filename(name + ".meta.json")
        assert sidecar == document + ".meta.json"
        assert len(sidecar.encode()) <= 255
        assert document.endswith(name[-4:] if "." in name else "y")
        document.encode()  # never cut inside a character


# ---------------------------------------------------------------------------- LLM mode
def test_llm_answer_streams_and_is_checked(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with OpenAIStub("The minutes discuss agency staff [1].") as stub:
        monkeypatch.setenv("MINUTES_LLM_BASE_URL", stub.url)
        at = run_app()
        assert str(at.radio(key="mode").value).startswith("LLM")
        answer = ask(at, AGENCY)
        assert stub.requests and any(r.stream for r in stub.requests)
    assert answer.mode == "llm"
    assert answer.text == "The minutes discuss agency staff [1]."
    assert len(at.expander) == len(answer.citations) == 1
    assert any("Cited for: The minutes discuss agency staff [1]." in c for c in texts(at.caption))


def test_llm_endpoint_down_is_said_and_the_extractive_answer_shown(
    sample_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    monkeypatch.setenv("MINUTES_LLM_BASE_URL", f"http://127.0.0.1:{port}/v1")
    at = run_app()
    assert any("LLM endpoint down: connection refused" in w for w in texts(at.sidebar.warning))
    answer = ask(at, AGENCY)
    assert answer.mode == "extractive" and answer.citations
    notices = texts(at.main.warning)
    assert any("LLM endpoint down (connection refused" in n for n in notices), notices


def test_without_an_endpoint_the_llm_mode_is_off_and_explained(sample_index: Path) -> None:
    at = run_app()
    assert at.radio(key="mode").disabled
    assert any("MINUTES_LLM_BASE_URL" in c for c in texts(at.sidebar.caption))


# ---------------------------------------------------------------------------- app_support
COUNCILS = ["BCP", "Croydon", "Trafford"]


@pytest.mark.parametrize(
    ("message", "question", "council"),
    [
        ("and what about Trafford?", AGENCY, "Trafford"),
        ("What about BCP", AGENCY, "BCP"),
        ("Croydon?", AGENCY, "Croydon"),
        ("what about since 2020?", "what was said about agency staffing since 2020?", None),
        ("and in 2019?", "what was said about agency staffing in 2019?", None),
        ("what about recruitment?", "what was said about recruitment?", None),
        ("how about recruitment in Trafford?", "what was said about recruitment in Trafford?",
         "Trafford"),
        ("what about Trafford and Croydon?", AGENCY, None),
    ],
)  # fmt: skip
def test_follow_ups_are_read_against_the_previous_question(
    message: str, question: str, council: str | None
) -> None:
    first = sup.read_follow_up(AGENCY, None, COUNCILS)
    assert first.question == AGENCY and not first.rewritten and first.note() == ""
    follow = sup.read_follow_up(message, first.context, COUNCILS, today=date(2025, 6, 1))
    assert follow.rewritten
    assert follow.question == question
    assert follow.council == council


def test_a_new_question_starts_a_new_context_and_context_carries_over() -> None:
    trafford = sup.read_follow_up("and what about Trafford?", sup.Context(AGENCY), COUNCILS).context
    again = sup.read_follow_up("what about since 2020?", trafford, COUNCILS)
    assert again.council == "Trafford"  # still talking about Trafford
    assert again.question == "what was said about agency staffing since 2020?"
    fresh = sup.read_follow_up("what did Ofsted find about Trafford?", again.context, COUNCILS)
    assert not fresh.rewritten and fresh.council is None
    assert fresh.question == "what did Ofsted find about Trafford?"


def _answer() -> Answer:
    passage = Passage(
        rank=1,
        score=1.0,
        text="Intro line.\nAgency staff, costing £2m, were 30% of the workforce. More.",
        source="bcp/item56.txt",
        citation=Citation(
            id="abc",
            council="BCP",
            committee="Children's Services O&S",
            meeting_date=date(2022, 11, 22),
            item_number="56",
            item_title="Improvement Update",
            url="https://democracy.bcpcouncil.gov.uk/mgAi.aspx?ID=1",
            page=3,
            quote="Intro line. Agency staff, costing £2m, were 30% of the workforce. More.",
            source="bcp/item56.txt",
        ),
    )
    sentence = "Agency staff, costing £2m, were 30% of the workforce."
    return Answer(
        question=AGENCY,
        text=f"Found in 1 agenda item from 1 council, Nov 2022.\n\nBCP:\n“{sentence}” [1]",
        claims=[Claim(text=sentence, markers=[1], citation_ids=["abc"])],
        citations=[passage.citation.model_copy(update={"marker": 1})],
        passages=[passage],
        filters=Filters(council="BCP"),
    )


def test_exports_carry_every_citation_field() -> None:
    answer = _answer()
    rows = list(csv.DictReader(io.StringIO(sup.answer_csv(answer))))
    assert list(rows[0]) == list(sup.CSV_FIELDS)
    assert rows == [
        {
            "marker": "1",
            "council": "BCP",
            "committee": "Children's Services O&S",
            "meeting_date": "22 Nov 2022",
            "item_number": "56",
            "item_title": "Improvement Update",
            "page": "3",
            "url": "https://democracy.bcpcouncil.gov.uk/mgAi.aspx?ID=1",
            "source": "bcp/item56.txt",
            "quote": "Agency staff, costing £2m, were 30% of the workforce.",
        }
    ]
    markdown = sup.answer_markdown(answer)
    assert markdown.startswith(f"# {AGENCY}\n\nFound in 1 agenda item")
    assert "## Sources" in markdown and "[1]" in markdown
    assert (
        "- [1] **BCP · Children's Services O&S · 22 Nov 2022 · item 56** — Improvement Update"
        in (markdown)
    )
    for value in ("meeting_date: 22 Nov 2022", "page: 3", "source: bcp/item56.txt", "url: https"):
        assert value in markdown
    assert "_Filters: council=BCP_" in markdown


def test_passages_are_escaped_and_the_cited_sentence_highlighted() -> None:
    text = "Hello <script>alert(1)</script> [x](javascript:evil) $x$\n• Agency staff were\nused."
    shown = sup.highlight_passage(text, ["Agency staff were used."])
    assert "<script>" not in shown and "](" not in shown and "$x$" not in shown
    assert shown.startswith(r"Hello \<script\>alert\(1\)\<\/script\> \[x\]\(javascript\:evil\)")
    # Line breaks kept; the sentence bold on a highlight on both of its lines.
    assert shown.endswith(
        "  \n• :orange-background[**Agency staff were**]  \n:orange-background[**used\\.**]"
    )
    assert plain(sup.md_escape("a *b* <i>c</i> 1. #d")) == "a *b* <i>c</i> 1. #d"


def test_links_files_and_indexes_are_handled_safely(tmp_path: Path) -> None:
    assert sup.safe_url("https://example.gov.uk/mgAi.aspx?ID=5") is not None
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", None, ""):
        assert sup.safe_url(bad) is None

    assert list_indexes(tmp_path / "missing") == []
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "manifest.json").write_text('{"generation": 1}')
    (tmp_path / "a").mkdir()
    (tmp_path / "not-an-index").mkdir()
    (tmp_path / "a" / "manifest.json").write_text('{"generation": 3}')
    assert list_indexes(tmp_path) == ["a", "b"]
    before = index_version(tmp_path / "a")
    assert before.startswith("3:") and index_version(tmp_path / "not-an-index") == ""
    (tmp_path / "a" / "manifest.json").write_text('{"generation": 4}')
    assert index_version(tmp_path / "a") != before
    (tmp_path / "a" / "manifest.json").write_text("[1, 2]")  # JSON, but not a manifest
    assert index_version(tmp_path / "a") == ""


def test_minutes_app_runs_streamlit_on_the_installed_page_locally() -> None:
    args = build_parser().parse_args(["app", "--index", "sample", "--port", "8600"])
    assert (args.command, args.index, args.port) == ("app", "sample", 8600)
    command, env = app_command("sample", 8600)
    assert command[1:4] == ["-m", "streamlit", "run"]
    page = Path(command[4])
    assert page.is_file() and page.parent == REPO / "rag" / "apps" / "web"  # inside the package
    options = command[5:]
    assert "--server.port=8600" in options
    # Local only, and no file watcher walking the tree (.venv included) for every session.
    assert "--server.address=127.0.0.1" in options
    assert "--server.fileWatcherType=none" in options
    assert env["MINUTES_INDEX__NAME"] == "sample"


# ---------------------------------------------------------------------------- exposure
# What the app exposes by default (README, "What the app exposes"): this machine only, host
# names a DNS-rebinding page cannot borrow, XSRF tokens on uploads, 25 MB per file, and no
# error internals in the browser.
HARDENED: dict[str, object] = {
    "server.address": "127.0.0.1",
    "server.allowedHosts": ["localhost", "127.0.0.1"],
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.maxUploadSize": 25,
    "client.showErrorDetails": "none",
}


def _flat(config: dict[str, Any]) -> dict[str, object]:
    return {f"{part}.{key}": value for part, keys in config.items() for key, value in keys.items()}


def _as_flags(value: object) -> str | tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def test_the_app_config_is_local_capped_and_quiet_and_minutes_app_says_the_same() -> None:
    config = _flat(tomllib.loads((REPO / ".streamlit" / "config.toml").read_text("utf-8")))
    assert {key: config.get(key) for key in HARDENED} == HARDENED
    # `minutes app` runs the installed page, away from this file: the same settings as flags.
    assert {key: _as_flags(value) for key, value in config.items()} == APP_OPTIONS
    command, _ = app_command(None, 8600)
    assert "--server.allowedHosts=localhost" in command
    assert "--server.allowedHosts=127.0.0.1" in command
    assert "--server.maxUploadSize=25" in command and "--client.showErrorDetails=none" in command
    # `make demo` serves app.py from the checkout, so the file above applies and nothing on its
    # command line overrides it.
    demo = re.search(r"^demo:.*?(?=^\S)", (REPO / "Makefile").read_text(), re.M | re.S)
    assert demo and re.search(r"streamlit run app\.py\s*$", demo.group(), re.M)
    assert "--server" not in demo.group()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> set[str]:
    """The addresses a TCP socket listens on at ``port`` (Linux: /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("tcp", "tcp6"):
        path = Path("/proc/net") / table
        lines = path.read_text().splitlines()[1:] if path.exists() else []
        for fields in (line.split() for line in lines):
            address, _, port_hex = fields[1].partition(":")
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)  # 32-bit words in host (little-endian) order
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(words)))
    return found


def _other_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (SIOCGIFADDR per interface)."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(sock.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
            except OSError:
                continue  # no IPv4 address on this interface
            address = socket.inet_ntoa(packed[20:24])
            if not ipaddress.ip_address(address).is_loopback:
                found.append(address)
    return found


def _websocket_handshake(port: int, host: str) -> int:
    """The HTTP status of a WebSocket upgrade to the app sent with ``Host: host``."""
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        return int(sock.recv(4096).split(b"\r\n", 1)[0].split()[1])


def _uploader_limit(port: int) -> int:
    """The per-file limit the page's file uploader is given, read off the app's WebSocket as
    the browser gets it."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], open_timeout=10) as ws:  # type: ignore[list-item]
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        ws.send(rerun.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(ws.recv(timeout=60))
            element = message.delta.new_element
            if element.WhichOneof("type") == "file_uploader":
                return int(element.file_uploader.max_upload_size_mb)
            assert message.WhichOneof("type") != "script_finished", "no file uploader shown"


@contextmanager
def _serving(command: list[str], env: dict[str, str], log_path: Path) -> Iterator[int]:
    """The app started with ``command`` (from the checkout) on a free port, until the block ends."""
    port = _free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*command, f"--server.port={port}"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit did not start:\n{log_path.read_text('utf-8', 'replace')}"
                    )
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _app_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINUTES_", "STREAMLIT_"))}
    env["MINUTES_INDEX__ROOT"] = str(tmp_path / "indexes")  # no index: the page shows uploads
    return env


@pytest.mark.slow
def test_streamlit_run_app_serves_this_machine_only_with_the_hardened_settings(
    tmp_path: Path,
) -> None:
    """The app as `make demo` starts it (from the checkout, nothing but a port on its command
    line): nothing reachable from another machine, and the settings above in effect."""
    env = _app_env(tmp_path)
    log_path = tmp_path / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py"]
    with _serving(command, env, log_path) as port:
        if Path("/proc/net/tcp").exists():
            assert _listening(port) == {"127.0.0.1"}
        for address in _other_addresses():  # e.g. the machine's LAN address
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((address, port), timeout=3).close()
        # DNS rebinding: a page whose host name now points here cannot open the app's socket.
        assert _websocket_handshake(port, f"localhost:{port}") == 101
        assert _websocket_handshake(port, f"rebound.example:{port}") == 403
        # An upload without the page's XSRF token is refused before anything else is looked at.
        put = urllib.request.Request(
            f"http://127.0.0.1:{port}/_stcore/upload_file/session/file", b"x", method="PUT"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(put, timeout=10)
        assert refused.value.code == 403
        assert _uploader_limit(port) == 25
    # Error details are not observable without an error; Streamlit's own reading of the
    # checkout's settings (what `streamlit run` there uses) says they stay on the console.
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    resolved = _flat(tomllib.loads(shown[shown.index("\n[") :]))
    assert {key: resolved.get(key) for key in HARDENED} == HARDENED
    assert "Traceback" not in log_path.read_text("utf-8", "replace")


def test_a_streamlit_variable_set_on_purpose_wins_over_minutes_app_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from streamlit import config as streamlit_config

    for name in APP_OPTIONS:  # the variable names are streamlit's own
        assert (
            cli._streamlit_variable(name) == streamlit_config._config_options_template[name].env_var
        )
    monkeypatch.setenv("STREAMLIT_SERVER_ALLOWED_HOSTS", "minutes.example.org")
    command, env = app_command(None, 8600)
    assert not [flag for flag in command if flag.startswith("--server.allowedHosts")]
    assert env["STREAMLIT_SERVER_ALLOWED_HOSTS"] == "minutes.example.org"
    assert "--server.address=127.0.0.1" in command and "--server.port=8600" in command


@pytest.mark.slow
def test_minutes_app_behind_a_proxy_accepts_the_proxied_host_name_and_stays_local(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's way to serve the app to others: it stays on 127.0.0.1 behind a reverse
    proxy (authentication, TLS) that forwards its own host name, allowed by a variable."""
    hosts = "minutes.example.org localhost 127.0.0.1"  # as the README says to set it
    monkeypatch.setenv("STREAMLIT_SERVER_ALLOWED_HOSTS", hosts)  # what app_command looks at
    env = {**_app_env(tmp_path), "STREAMLIT_SERVER_ALLOWED_HOSTS": hosts}
    env["PYTHONPATH"] = str(REPO)  # this checkout's page, as installed
    command, _ = app_command(None, 0)
    command = [flag for flag in command if not flag.startswith("--server.port")]
    with _serving(command, env, tmp_path / "streamlit.log") as port:
        assert _websocket_handshake(port, "minutes.example.org") == 101
        assert _websocket_handshake(port, f"localhost:{port}") == 101
        assert _websocket_handshake(port, "rebound.example") == 403
        if Path("/proc/net/tcp").exists():
            assert _listening(port) == {"127.0.0.1"}
        assert _uploader_limit(port) == 25


@pytest.mark.parametrize(("file_mode", "expected_file", "expected_folder"), [
    ("0600", 0o600, 0o700), ("0640", 0o640, 0o750),
])  # fmt: skip
def test_uploads_get_the_index_permissions_not_the_umask(
    settings: Settings,
    fake_embedder: FakeEmbedder,
    index_root: Path,
    file_mode: str,
    expected_file: int,
    expected_folder: int,
) -> None:
    """Uploads sit in the index folder and may hold restricted minutes: they were written with
    the umask (0644) while the index files around them were 0600."""
    chosen = settings.model_copy(
        update={"index": settings.index.model_copy(update={"file_mode": file_mode})}
    )
    index = index_root / "modes"
    previous = os.umask(0o022)
    try:
        result = sup.add_uploads(
            [("minutes.md", _minutes("harbour")),
             ("minutes.md.meta.json", b'{"council": "Conwy"}')],
            index, chosen, fake_embedder,
        )  # fmt: skip
    finally:
        os.umask(previous)
    assert not result.errors, result.errors
    uploads = index / "uploads"
    assert stat.S_IMODE(uploads.stat().st_mode) == expected_folder
    for name in ("minutes.md", "minutes.md.meta.json"):
        assert stat.S_IMODE((uploads / name).stat().st_mode) == expected_file, name
