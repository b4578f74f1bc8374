"""Parsers: ModernGov pages, minutes splitting, HTML, PDF, JSONL, and bad input files."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.html import html_to_text
from ingest.parsers import ParsedFile, parse_file
from ingest.parsers.minutes import split_minutes
from ingest.parsers.moderngov import looks_like_agenda_item_page, parse_agenda_item_page
from ingest.parsers.pdf import extract_pdf
from ingest.textio import read_text
from rag.errors import (
    EmptyFileError,
    InputError,
    ScannedPdfError,
    UnreadableFileError,
    UnsupportedFileError,
)
from rag.models import DocumentKind, ParsedDocument, stable_id
from tests.pdfgen import write_text_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def seed(name_prefix: str) -> Path:
    return next(SAMPLES.glob(f"{name_prefix}_*.txt"))


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """The five seed pages without their sidecars: only the text speaks."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def only_doc(parsed: ParsedFile) -> ParsedDocument:
    assert len(parsed.documents) == 1
    return parsed.documents[0]


def span_text(doc: ParsedDocument, index: int = 0) -> str:
    span = doc.items[index]
    return doc.document.text[span.start : span.end]


# --- ModernGov agenda-item pages -----------------------------------------------------------
AGENDA_ITEM_TITLES = {
    "000": "Report on the OFSTED Inspection of Children's Services Improvement Plan",
    "001": "Update on the Response to the OFSTED Inspection of Children's Services",
    "002": "Update on Ofsted report May 2019 - Inspection of Children's Social Care Services",
}


@pytest.mark.parametrize("prefix", sorted(AGENDA_ITEM_TITLES))
def test_agenda_item_variant(seeds: Path, prefix: str) -> None:
    path = next(seeds.glob(f"{prefix}_*.txt"))
    doc = only_doc(parse_file(path, path.name))
    assert doc.document.kind is DocumentKind.AGENDA_ITEM_PAGE
    assert len(doc.items) == 1  # numbered lists inside the minutes are not items
    item = doc.items[0].item
    assert item.title == AGENDA_ITEM_TITLES[prefix]
    assert doc.document.title == item.title
    assert item.truncated is False
    assert item.item_number is None and item.meeting_date is None and item.committee is None
    assert item.provenance["title"].startswith("text: '")
    body = span_text(doc)
    assert "Supporting documents:" not in body
    assert not body.startswith(("Agenda item", "Minutes:"))
    assert body == body.strip()
    # The span is the tail of the page: only the trailing document list is left out.
    rest = doc.document.text[doc.items[0].end :].strip()
    assert rest == "Supporting documents:"


ISSUE_PAGES = {
    "003": {
        "title_start": "Children's Services Improvement Update",
        "item_number": "56",
        "date": "2022-11-22",
        "committee": "Children's Services Overview and Scrutiny Committee",
        "body_start": "BCP Children’s Services was inspected",
        "body_end": "The Chair enquired",
    },
    "004": {
        "title_start": "MAY 2021 OFSTED VISIT FEEDBACK",
        "item_number": "57",
        "date": "2021-07-06",
        "committee": "Children & Learning Overview & Scrutiny Sub-Committee",
        "body_start": "Report attached.",
        "body_end": "findings from the visit forms",
    },
}


@pytest.mark.parametrize("prefix", sorted(ISSUE_PAGES))
def test_issue_meetings_variant(seeds: Path, prefix: str) -> None:
    expected = ISSUE_PAGES[prefix]
    path = next(seeds.glob(f"{prefix}_*.txt"))
    doc = only_doc(parse_file(path, path.name))
    assert doc.document.kind is DocumentKind.AGENDA_ITEM_PAGE
    assert len(doc.items) == 1
    item = doc.items[0].item
    assert item.title.startswith(expected["title_start"])
    assert "pdf icon" not in item.title
    assert item.item_number == expected["item_number"]
    assert item.meeting_date is not None
    assert item.meeting_date.isoformat() == expected["date"]
    assert item.year == item.meeting_date.year
    assert item.committee == expected["committee"]
    assert item.truncated is True
    assert item.provenance["meeting_date"].startswith("text: 'Meeting: ")
    body = span_text(doc)
    assert body.startswith(expected["body_start"])
    assert body.endswith(expected["body_end"])
    assert "view the full minutes text" not in body
    assert "pdf icon" not in body  # the heading line with the link is not in the span
    assert "view the full minutes text" in doc.document.text  # the text itself is untouched


def test_truncation_marker_read_from_real_pages() -> None:
    flags = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        text, _ = read_text(path)
        assert looks_like_agenda_item_page(text)
        (span,) = parse_agenda_item_page(text)
        flags[path.name[:3]] = span.item.truncated
    assert flags == {"000": False, "001": False, "002": False, "003": True, "004": True}


def test_issue_page_with_two_meetings_gives_two_items() -> None:
    text = (
        "Issue - meetings\n\nLibrary Strategy\n\n"
        "Meeting: 05/03/2023 - Cabinet (Item 12)\n\n12 Library Strategy pdf icon PDF 120 KB\n\n"
        "Minutes:\n\nThe Cabinet approved consultation.\n\n"
        "Meeting: 14/01/2023 - Communities Scrutiny Committee (Item 7)\n\n"
        "7. Library Strategy\n\nMinutes:\n\nThe committee asked for more branches.  ...  "
        "view the full minutes text for item 7\n"
    )
    first, second = parse_agenda_item_page(text)
    assert (first.item.committee, first.item.item_number) == ("Cabinet", "12")
    assert str(first.item.meeting_date) == "2023-03-05" and not first.item.truncated
    assert text[first.start : first.end] == "The Cabinet approved consultation."
    assert (second.item.committee, second.item.item_number) == (
        "Communities Scrutiny Committee",
        "7",
    )
    assert second.item.truncated
    assert text[second.start : second.end] == "The committee asked for more branches."


# --- minutes documents ----------------------------------------------------------------------
MINUTES_MD = """# Trafford Council

Minutes of the meeting of the Health Scrutiny Committee held on Tuesday, 14th March 2023 at
6.30 pm in Committee Room 2, Trafford Town Hall.

Present: Councillor Adams (Chair), Councillors Brown, Clarke, Davies and Evans.
Also present: the Director of Public Health and the Democratic Services Officer.

## 1. Declarations of Interest

None were made.

## 2. Budget Monitoring

The Committee considered the quarter three budget report. Officers highlighted:

1. Timeliness of strategy meetings.

2. Quality of supervision

3. Oversight of placements

RESOLVED:

1. The report be noted.

2. That an update come to the June meeting;

## 3. Children's Services Improvement Update

The Director reported on the improvement plan.

## 4. Work Programme

The work programme was agreed.
"""

MINUTES_TXT = """MINUTES of a meeting of the Planning Committee held at the Town Hall on 5 March
2023

PRESENT: Councillors Khan (Chair), Lee and Morris.

45 Apologies for Absence

Apologies were received from Councillor Patel.

46 Minutes

RESOLVED: That the minutes of the meeting held on 5 February 2023 be approved.

47 Planning Application 22/0123 - Land at Mill Lane

The Committee considered the application. Members raised:

1. Traffic on Mill Lane

2. Loss of trees

3. Drainage

4. Parking

5. Design

RESOLVED:

1. That the application be approved subject to conditions;

2. That delegated authority be given to the Head of Planning.

48 Any Other Business

There was none.
"""


def test_minutes_markdown_splits_into_numbered_items(tmp_path: Path) -> None:
    path = tmp_path / "health-2023-03-14.md"
    path.write_text(MINUTES_MD, encoding="utf-8")
    doc = only_doc(parse_file(path, path.name))
    assert doc.document.kind is DocumentKind.MINUTES
    titles = [(s.item.item_number, s.item.title) for s in doc.items]
    assert titles == [
        (None, "Preamble"),
        ("1", "Declarations of Interest"),
        ("2", "Budget Monitoring"),
        ("3", "Children's Services Improvement Update"),
        ("4", "Work Programme"),
    ]
    budget = span_text(doc, 2)
    assert "Oversight of placements" in budget and "That an update come" in budget
    assert span_text(doc, 3).startswith("## 3. Children's Services")
    for span in doc.items:  # meeting details from the header reach every item
        assert span.item.committee == "Health Scrutiny Committee"
        assert str(span.item.meeting_date) == "2023-03-14"
        assert span.item.council == "Trafford"  # the register's name for it
        assert span.item.provenance["council"] == (
            "text: 'Trafford Council' (document header; register uk-councils)"
        )
    assert doc.document.title == "Health Scrutiny Committee – 14 Mar 2023"


def test_minutes_text_lists_inside_items_do_not_split(tmp_path: Path) -> None:
    path = tmp_path / "planning.txt"
    path.write_text(MINUTES_TXT, encoding="utf-8")
    doc = only_doc(parse_file(path, path.name))
    numbers = [s.item.item_number for s in doc.items]
    assert numbers == ["45", "46", "47", "48"]  # short header: no preamble item
    assert doc.items[2].item.title == "Planning Application 22/0123 - Land at Mill Lane"
    application = span_text(doc, 2)
    assert "5. Design" in application and "Head of Planning." in application
    # The 5 February date belongs to item 46, not to the meeting.
    assert str(doc.items[0].item.meeting_date) == "2023-03-05"
    assert doc.items[0].item.committee == "Planning Committee"


def test_minutes_spans_are_contiguous_and_in_order() -> None:
    items = split_minutes(MINUTES_TXT)
    # Four numbered items: with fewer, the pairwise checks below would pass on nothing.
    assert [s.item.item_number for s in items] == ["45", "46", "47", "48"]
    for before, after in itertools.pairwise(items):
        assert before.end <= after.start
        assert MINUTES_TXT[before.end : after.start].strip() == ""


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("7a) Planning application 23/0456", "7a", "Planning application 23/0456"),
        ("Item 5: Budget", "5", "Budget"),
        ("MINUTE 45/22 Housing Strategy", "45/22", "Housing Strategy"),
        ("## 3. Budget monitoring", "3", "Budget monitoring"),
        (
            "56 Children's Services Improvement Update",
            "56",
            "Children's Services Improvement Update",
        ),
    ],
)
def test_heading_forms(heading: str, number: str, title: str) -> None:
    following = {
        "7a": "7b) Next item",
        "5": "Item 6: Next item",
        "45/22": "MINUTE 46/22 Next item",
        "3": "## 4. Next item",
        "56": "57 Next item",
    }[number]
    text = f"{heading}\n\nSome discussion.\n\n{following}\n\nMore discussion.\n"
    items = split_minutes(text)
    assert next((s.item.item_number, s.item.title) for s in items) == (number, title)
    assert len(items) == 2


def test_northern_irish_minute_numbers_with_a_body_letter() -> None:
    text = (
        "C 201/25 MINUTES OF COUNCIL MEETING\n\nProposed by Alderman Reid and AGREED.\n\n"
        "C 202/25 SEALING OF DOCUMENTS\n\nAGREED – that the Seal be affixed.\n\n"
        "C 203/25 IN COMMITTEE\n\nAGREED – that the Council proceed In Committee.\n"
    )
    items = split_minutes(text)
    assert [(s.item.item_number, s.item.title) for s in items] == [
        ("C 201/25", "MINUTES OF COUNCIL MEETING"),
        ("C 202/25", "SEALING OF DOCUMENTS"),
        ("C 203/25", "IN COMMITTEE"),
    ]


def test_parish_minutes_with_a_title_in_capitals_and_the_minute_on_one_line() -> None:
    long_minute = "Cllr Eddowes proposed that up to £3,500 be spent on festoon lighting. " * 4
    text = (
        "25/143 MINUTES. RESOLVED that the minutes of the meeting held on 9th September 2025 "
        "be approved.\n\n"
        f"25/144 CHRISTMAS LIGHTS. {long_minute}\n\n"
        "25/145 CLERK'S REPORT. The Clerk's report was noted.\n"
    )
    items = split_minutes(text)
    assert [(s.item.item_number, s.item.title) for s in items] == [
        ("25/143", "MINUTES"),
        ("25/144", "CHRISTMAS LIGHTS"),
        ("25/145", "CLERK'S REPORT"),
    ]
    assert "RESOLVED that the minutes" in text[items[0].start : items[0].end]


def test_uppercase_headings_without_numbers() -> None:
    text = (
        "Licensing Sub-Committee\n\nAPOLOGIES FOR ABSENCE\n\nNone.\n\n"
        "DECLARATIONS OF INTEREST\n\nNone declared.\n\nRESOLVED:\n\nThat it be noted.\n\n"
        "PREMISES LICENCE - THE GREEN MAN\n\nThe licence was granted.\n"
    )
    titles = [s.item.title for s in split_minutes(text)]
    assert titles == [
        "APOLOGIES FOR ABSENCE",
        "DECLARATIONS OF INTEREST",
        "PREMISES LICENCE - THE GREEN MAN",
    ]


def test_no_headings_gives_one_item_named_by_first_line() -> None:
    text = "\n\nCabinet decision notice\n\nThe Cabinet agreed the budget.\n"
    (item,) = split_minutes(text, fallback_title="notice")
    assert item.item.title == "Cabinet decision notice"
    assert text[item.start : item.end] == text.strip()
    (long,) = split_minutes(
        "The Cabinet agreed the budget after a long debate about many things.",
        fallback_title="decision",
    )
    assert long.item.title == "decision"


# --- HTML -----------------------------------------------------------------------------------
SAVED_PAGE = """<!DOCTYPE html><html><head><title>Agenda item - Council</title>
<script>var SECRET_TRACKER = "do-not-index";</script><style>.x{color:red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/mgListCommittees.aspx">Committees</a></nav>
<div id="modgov"><div class="mgContent">
<h1 class="mgMainTitleTxt">Agenda item</h1>
<h2>7. Parks &amp; Open Spaces Strategy</h2>
<p>Minutes:</p>
<p>The Committee considered the draft&nbsp;strategy.<script>document.write("INJECTED")</script></p>
<ul><li>Tree planting</li><li>Play areas</li></ul>
<p>RESOLVED: That the strategy be approved.</p>
<noscript>Enable JavaScript</noscript>
</div></div><footer>Copyright Council 2024</footer></body></html>"""


def test_html_to_text_drops_scripts_and_keeps_structure() -> None:
    text = html_to_text(SAVED_PAGE)
    for hidden in ("SECRET_TRACKER", "INJECTED", "do-not-index", "color:red", "Enable JavaScript"):
        assert hidden not in text
    assert "Home" not in text and "Copyright" not in text  # ModernGov content area only
    assert "Parks & Open Spaces Strategy" in text
    assert "draft strategy" in text  # &nbsp; became a plain space
    assert "• Tree planting\n• Play areas" in text
    assert "\n\n\n" not in text


def test_html_without_content_area_keeps_body() -> None:
    text = html_to_text("<body><p>One   two</p><p>three<br>four</p><script>x()</script></body>")
    assert text == "One two\n\nthree\nfour"


def test_saved_html_page_is_parsed_as_agenda_item(tmp_path: Path) -> None:
    path = tmp_path / "mgAi.aspx.html"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    doc = only_doc(parse_file(path, path.name))
    assert "SECRET_TRACKER" not in doc.document.text and "INJECTED" not in doc.document.text
    assert doc.document.kind is DocumentKind.AGENDA_ITEM_PAGE
    item = doc.items[0].item
    assert (item.item_number, item.title) == ("7", "Parks & Open Spaces Strategy")
    assert span_text(doc).startswith("The Committee considered")


# --- PDF --------------------------------------------------------------------------------------
PDF_PAGES = [
    "MINUTES of a meeting of the Cabinet held on 14 March 2023\n1. Apologies\nNone were received.",
    "2. Agency Staffing\nSpending on agency social workers had risen.\n3. Close\nThe end.",
]


def test_pdfgen_round_trips_through_pypdf(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "x.pdf", ["Hello (world) \\ café", "Second page"])
    texts = [page.extract_text() for page in PdfReader(path).pages]
    assert texts == ["Hello (world) \\ café", "Second page"]


def test_extract_pdf_page_spans_are_exact(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "cabinet.pdf", PDF_PAGES)
    text, pages = extract_pdf(path)
    assert [p.page for p in pages] == [1, 2]
    for span, expected in zip(pages, PDF_PAGES, strict=True):
        assert text[span.start : span.end] == expected
    assert text == "\n\n".join(PDF_PAGES)


def test_pdf_items_map_to_their_pages(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "cabinet.pdf", PDF_PAGES)
    doc = only_doc(parse_file(path, "cabinet.pdf"))
    assert doc.document.kind is DocumentKind.MINUTES
    assert [s.item.item_number for s in doc.items] == ["1", "2", "3"]
    pages = {s.item.item_number: doc.document.page_at(s.start) for s in doc.items}
    assert pages == {"1": 1, "2": 2, "3": 2}
    offset = doc.document.text.index("agency social workers")
    assert doc.document.page_at(offset) == 2
    assert doc.items[0].item.committee == "Cabinet"


def test_pdf_with_item_hints_is_one_report_item(tmp_path: Path) -> None:
    path = write_text_pdf(
        tmp_path / "report.pdf", ["Report of the Director\n1. Purpose", "2. Options"]
    )
    (tmp_path / "report.pdf.meta.json").write_text(
        json.dumps({"title": "Agency staffing report", "item_number": "7", "council": "Leeds"})
    )
    doc = only_doc(parse_file(path, "report.pdf"))
    assert doc.document.kind is DocumentKind.REPORT
    (span,) = doc.items
    assert (span.item.title, span.item.item_number, span.item.council) == (
        "Agency staffing report",
        "7",
        "Leeds",
    )
    assert span.item.provenance["title"] == "sidecar"
    assert (span.start, span.end) == (0, len(doc.document.text))


def test_pdf_with_a_blank_page_warns(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "gap.pdf", ["Minutes page one", "", "Minutes page three"])
    parsed = parse_file(path, "gap.pdf")
    doc = only_doc(parsed)
    assert any("page(s) 2" in w for w in parsed.warnings)
    offset = doc.document.text.index("page three")
    assert doc.document.page_at(offset) == 3


def test_scanned_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "scan-2019.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ScannedPdfError) as err:
        parse_file(path, path.name)
    assert "scan-2019.pdf" in str(err.value)
    assert "scanned, no text (no text layer on 2 pages)" in str(err.value)


def test_encrypted_pdf(tmp_path: Path) -> None:
    plain = write_text_pdf(tmp_path / "plain.pdf", ["Confidential report"])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="s3cret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFileError) as err:
        parse_file(path, path.name)
    assert "locked.pdf" in str(err.value) and "encrypted PDF" in str(err.value)


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path) -> None:
    plain = write_text_pdf(tmp_path / "plain.pdf", ["Open report text"])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "owner-only.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    text, _ = extract_pdf(path)
    assert text == "Open report text"


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(UnreadableFileError) as err:
        parse_file(path, path.name)
    assert "broken.pdf" in str(err.value) and "corrupt PDF" in str(err.value)


# --- JSONL ------------------------------------------------------------------------------------
def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    rows = [
        json.dumps(
            {
                "council": "Leeds",
                "committee": "Executive Board",
                "meeting_date": "2023-01-18",
                "item_number": 9,
                "title": "Libraries",
                "text": "Library opening hours were extended.",
                "url": "https://democracy.leeds.gov.uk/mgAi.aspx?ID=1",
                "documents": [
                    {"title": "Appendix A", "text": "Opening hours table.", "page": 3},
                    {"title": "Appendix B", "text": "Equality impact.", "page": 5},
                ],
            }
        ),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"council": "Leeds", "committee": "Executive Board"}),
        "",
        json.dumps({"id": "leeds-10", "title": "Parks", "text": "Parks budget agreed."}),
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    parsed = parse_file(path, "items.jsonl")
    assert [d.document.title for d in parsed.documents] == ["Libraries", "Parks"]
    assert any(w.startswith("items.jsonl:2: invalid JSON") for w in parsed.warnings)
    assert "items.jsonl:3: not a JSON object; line skipped" in parsed.warnings
    assert "items.jsonl:4: no text or title; line skipped" in parsed.warnings
    first, second = parsed.documents
    assert first.document.kind is DocumentKind.JSONL
    assert first.document.doc_id == stable_id(str(path.resolve()), "1")
    assert second.document.doc_id == stable_id(str(path.resolve()), "leeds-10")
    text = first.document.text
    assert text.startswith("Library opening hours were extended.")
    assert "Appendix A\n\nOpening hours table." in text and text.endswith("Equality impact.")
    (span,) = first.items
    assert (span.start, span.end) == (0, len(text))
    item = span.item
    assert (item.council, item.committee, item.item_number) == ("Leeds", "Executive Board", "9")
    assert str(item.meeting_date) == "2023-01-18" and item.year == 2023
    assert item.provenance["council"] == "jsonl"
    assert first.document.page_at(text.index("Equality impact")) == 5
    assert first.document.page_at(0) is None
    again = parse_file(path, "items.jsonl")
    assert [d.document.doc_id for d in again.documents] == [
        d.document.doc_id for d in parsed.documents
    ]


def test_jsonl_without_valid_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_file(path, path.name)
    assert "bad.jsonl" in str(err.value)


# --- text files ---------------------------------------------------------------------------------
def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyFileError) as err:
        parse_file(path, path.name)
    assert "empty.txt" in str(err.value) and "empty file" in str(err.value)


def test_binary_txt(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(UnreadableFileError) as err:
        parse_file(path, path.name)
    assert "image.txt" in str(err.value) and "binary data, not text" in str(err.value)


def test_cp1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(
        "Caf\u00e9 budget \u00a33m \u2013 agreed \u201cin full\u201d.\r\n".encode("cp1252")
    )
    parsed = parse_file(path, path.name)
    assert parsed.warnings == ["not UTF-8; read as Windows-1252"]
    assert only_doc(parsed).document.text == "Café budget £3m – agreed “in full”.\n"


def test_read_text_normalises_but_keeps_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffLine\u00a0one\r\nLine\u2009two\rEnd".encode())
    text, warnings = read_text(path)
    assert (text, warnings) == ("Line one\nLine two\nEnd", [])


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFileError) as err:
        parse_file(path, path.name)
    assert str(err.value) == f"{path}: unsupported file type '.docx'"


def test_document_fields(seeds: Path) -> None:
    path = next(seeds.glob("004_*.txt"))
    doc = only_doc(parse_file(path, "sub/004.txt")).document
    assert doc.doc_id == stable_id(str(path.resolve()))
    assert doc.source == "sub/004.txt" and doc.path == str(path.resolve())
    assert len(doc.content_hash) == 64
    assert doc.text == read_text(path)[0]


def test_mostly_utf8_text_with_a_stray_windows_byte(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Children’s “good” rating – café ".encode() + b"\x96 end\n")
    text, warnings = read_text(path)
    assert text == "Children’s “good” rating – café – end\n"
    assert warnings == ["mostly UTF-8; 1 stray byte(s) read as Windows-1252"]


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"plain text with \x81\x8d bytes undefined in Windows-1252")
    with pytest.raises(UnreadableFileError) as err:
        read_text(path)
    assert "odd.txt" in str(err.value) and "cannot decode" in str(err.value)


def test_jsonl_strings_may_hold_line_separators(tmp_path: Path) -> None:
    path = tmp_path / "sep.jsonl"
    row = {"title": "Parks", "text": "First\u2028second\u00a0part."}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    parsed = parse_file(path, path.name)
    assert parsed.warnings == []
    assert only_doc(parsed).document.text == "First\nsecond part."


def test_html_with_unclosed_head() -> None:
    assert html_to_text("<html><head><title>T</title><p>Body text</p>") == "Body text"


def test_markdown_items_are_the_shallowest_repeated_level() -> None:
    text = (
        "# Cabinet minutes\n\n## Budget\n\n### Capital\n\nA.\n\n### Revenue\n\nB.\n\n"
        "## Housing\n\n### Repairs\n\nC.\n"
    )
    assert [s.item.title for s in split_minutes(text)] == ["Budget", "Housing"]


def test_all_caps_text_has_no_headings() -> None:
    text = "\n".join(["THE COMMITTEE MET", "MEMBERS DISCUSSED THE REPORT", "IT WAS AGREED"] * 5)
    assert len(split_minutes(text, fallback_title="caps")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "ALL CAPS WORDS " * 20000,
        "1. " + " " * 100000 + "x\n",
        "Agenda item\n\nTitle\n\n" + " " * 100000 + "view the full minutes text for item 5",
        "and " * 50000 + "Council",
        "x\n\n" * 100000,
    ],
)
def test_pathological_input_is_fast(tmp_path: Path, text: str) -> None:
    import time

    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    parse_file(path, path.name)
    assert time.perf_counter() - started < 5
