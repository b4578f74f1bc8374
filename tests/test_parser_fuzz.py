"""The parsers we ship on arbitrary input (issue 16's fuzz pass): plain text and Markdown
minutes, HTML, JSON Lines, ``.meta.json`` sidecars and ``manifest.csv``. Whatever the bytes, a
parser returns or raises one of the project's own errors (a :class:`MinutesError`), and what it
returns is consistent: every item span and every passage lies in the document's text.

Bounded in examples and time (150 examples a test, about 10 s for the module). Each file is
written to a fresh folder in one temporary folder: Hypothesis cannot use pytest's ``tmp_path``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.html import html_to_text
from ingest.metadata import load_folder_manifest, load_sidecar, read_folder_manifest
from ingest.parsers import ParsedFile, parse_file
from ingest.pipeline import stored_documents
from rag.errors import InputError, MinutesError
from rag.settings import ChunkerSettings
from tests.fakes import FakeEmbedder

T = TypeVar("T")

FUZZ = settings(
    max_examples=150,
    deadline=None,  # a shared 2-core machine: time is bounded by the example count
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # leave no example database in the work tree
)

_counter = itertools.count()
_CHUNKER = ChunkerSettings(max_tokens=48, min_tokens=8, decision_max_tokens=96)
_COUNT = FakeEmbedder().count_tokens


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def fresh(folder: Path, suffix: str) -> Path:
    """A new sub-folder and a file name in it (a sidecar or manifest never leaks over)."""
    sub = folder / f"case{next(_counter)}"
    sub.mkdir()
    return sub / f"input{suffix}"


def outcome(call: Callable[[], T]) -> tuple[T | None, MinutesError | None]:
    """(the call's result, None) or (None, the project error it raised); any other exception
    propagates and fails the test."""
    try:
        return call(), None
    except MinutesError as exc:
        return None, exc


def ours_or_result(call: Callable[[], T]) -> T | None:
    """The call's result, or None when it raised one of the project's own errors with a
    one-line reason."""
    result, error = outcome(call)
    if error is not None:
        assert str(error).strip() and "\n" not in str(error).strip()
    return result


def check_parsed(parsed: ParsedFile | None) -> None:
    """Spans inside the text; chunks are exact slices of it, and none crosses its item."""
    if parsed is None:
        return
    for doc in parsed.documents:
        text = doc.document.text
        for span in doc.items:
            assert 0 <= span.start <= span.end <= len(text)
        for page in doc.document.pages:
            assert 0 <= page.start <= page.end <= len(text)
    for stored in stored_documents(parsed, _COUNT, _CHUNKER, additive=True):
        text = stored.document.text
        for chunk in stored.chunks:
            assert chunk.text == text[chunk.char_start : chunk.char_end]


# --- plain text and Markdown minutes ------------------------------------------------------------
MINUTES_PIECES = [
    "MINUTES of a meeting of the Cabinet held on 14 March 2023",
    "1. Apologies for absence",
    "2. Budget",
    "7a) Planning application 23/01457/FUL – Land at Mill Lane",
    "## 3. Parks",
    "# Heading",
    "Item 5: Libraries",
    "MINUTE 45/22 Title",
    "RESOLVED:",
    "1. That the report be noted;",
    "PRESENT: Councillors Smith and Jones",
    "Agenda item",
    "Meeting: 22/11/2022 - Cabinet (Item 56)",
    "56 Children's Services pdf icon PDF 237 KB",
    "Minutes:",
    "Supporting documents:",
    "view the full minutes text for item 56",
    "HIGHWAYS MAINTENANCE",
    "- 3 -",
    "\n\n",
    "\n",
    "\t",
    "\x00",
    "\x1b[2J",
    "\u2028",
    "\ufeff",
    "£3m",
]


def minutes_text() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(MINUTES_PIECES), st.text(max_size=30))
    return st.lists(pieces, max_size=30).map("\n".join)


@FUZZ
@given(
    data=st.one_of(
        minutes_text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=300),
    ),
    suffix=st.sampled_from([".txt", ".md"]),
)
def test_text_minutes_never_raise_anything_but_our_errors(
    folder: Path, data: bytes, suffix: str
) -> None:
    path = fresh(folder, suffix)
    path.write_bytes(data)
    check_parsed(ours_or_result(lambda: parse_file(path, path.name)))


# --- HTML ---------------------------------------------------------------------------------------
TAGS = "div p span b li ul table tr td pre script style head title body html br hr nav svg".split()


def markup() -> st.SearchStrategy[str]:
    tag = st.sampled_from(TAGS)
    attribute = st.sampled_from(
        ["", ' id="modgov"', ' class="mgContent x"', " id=mgcontent", ' class="', " a='b", " x"]
    )
    opening = st.builds(lambda t, a: f"<{t}{a}>", tag, attribute)
    closing = tag.map(lambda t: f"</{t}>")
    other = st.sampled_from(
        [
            "<!--",
            "-->",
            "<!",
            "<![CDATA[",
            "]]>",
            "<?xml version='1.0' encoding='latin-1'?>",
            "&amp;",
            "&#12;",
            "&#0;",
            "&#xD800;",
            "&nbsp;",
            "&",
            "<",
            ">",
            "<meta charset=utf-16>",
            "<!DOCTYPE html>",
            "\x00",
            "\n",
        ]
    )
    return st.lists(st.one_of(opening, closing, other, st.text(max_size=20)), max_size=60).map(
        "".join
    )


@FUZZ
@given(page=markup())
def test_html_to_text_never_raises_anything_but_our_errors(page: str) -> None:
    text = ours_or_result(lambda: html_to_text(page))
    if text is not None:
        assert "\x00" not in text and text == text.strip()


@FUZZ
@given(
    data=st.one_of(
        markup().map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300)
    )
)
def test_html_files_never_raise_anything_but_our_errors(folder: Path, data: bytes) -> None:
    path = fresh(folder, ".html")
    path.write_bytes(data)
    check_parsed(ours_or_result(lambda: parse_file(path, path.name)))


# --- JSON Lines -------------------------------------------------------------------------------
FIELDS = [
    "council",
    "committee",
    "meeting_date",
    "date",
    "year",
    "item_number",
    "title",
    "text",
    "url",
    "id",
    "documents",
    "page",
    "Meeting Date",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2023-03-14", "14/03/2023", "next Tuesday", "2023", "0000-01-01", ""]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5),
    ),
    max_leaves=12,
)
JSON_OBJECTS = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), JSON_VALUES, max_size=8
)


def jsonl_line() -> st.SearchStrategy[str]:
    return st.one_of(
        JSON_OBJECTS.map(lambda o: json.dumps(o, ensure_ascii=False, allow_nan=True)),
        JSON_OBJECTS.map(json.dumps),  # ASCII escapes, lone surrogates among them
        JSON_VALUES.map(json.dumps),
        st.text(max_size=40),
        st.sampled_from(['{"text": "a\x00b"}', "[" * 3000, '{"title": "\\ud800"}', "\r", ""]),
    )


@FUZZ
@given(lines=st.lists(jsonl_line(), max_size=8))
def test_jsonl_files_never_raise_anything_but_our_errors(folder: Path, lines: list[str]) -> None:
    path = fresh(folder, ".jsonl")
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    check_parsed(ours_or_result(lambda: parse_file(path, path.name)))


# --- sidecars -----------------------------------------------------------------------------------
@FUZZ
@given(
    data=st.one_of(
        JSON_OBJECTS.map(lambda o: json.dumps(o).encode()),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.sampled_from([b"[" * 5000, b"{" * 5000, b'{"year": ' + b"9" * 5000 + b"}"]),
    )
)
def test_sidecars_never_raise_anything_but_input_errors(folder: Path, data: bytes) -> None:
    path = fresh(folder, ".txt")
    path.write_text("Minutes of the Cabinet.\n\n1. Budget\nThe budget was agreed.\n")
    path.with_name(path.name + ".meta.json").write_bytes(data)
    hints, error = outcome(lambda: load_sidecar(path))
    if error is not None:
        assert isinstance(error, InputError) and error.path.endswith(".meta.json")
        return
    assert hints is not None
    check_parsed(parse_file(path, path.name, hints))  # hints that load, apply


# --- manifest.csv --------------------------------------------------------------------------------
def manifest_text() -> st.SearchStrategy[str]:
    cell = st.one_of(
        st.sampled_from(["input.txt", "2023-03-14", "next Tuesday", "Leeds", "", '"', '""', ","]),
        st.text(max_size=12),
    )
    header = st.lists(
        st.sampled_from(["file", "council", "meeting_date", "year", "title", "url", "x", ""]),
        min_size=1,
        max_size=6,
    ).map(",".join)
    rows = st.lists(st.lists(cell, max_size=7).map(",".join), max_size=6)
    return st.builds(lambda h, r: "\n".join([h, *r]), header, rows)


@FUZZ
@given(
    data=st.one_of(
        manifest_text().map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)
    )
)
def test_manifests_never_raise_anything_but_input_errors(folder: Path, data: bytes) -> None:
    path = fresh(folder, ".txt")
    path.write_text("Minutes of the Cabinet.\n\n1. Budget\nThe budget was agreed.\n")
    (path.parent / "manifest.csv").write_bytes(data)
    hints, problems = read_folder_manifest(path.parent)  # never raises
    assert all(p.startswith("invalid manifest.csv") and "\n" not in p for p in problems)
    strict, error = outcome(lambda: load_folder_manifest(path.parent))
    if error is not None:
        assert isinstance(error, InputError) and problems and error.reason == problems[0]
    else:
        assert not problems and strict == hints
    if "input.txt" in hints:
        check_parsed(parse_file(path, path.name, hints["input.txt"]))
