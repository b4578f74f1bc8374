"""Metadata: dates, meeting and council inference, sidecars, manifest.csv, and precedence."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest.inference import find_councils, infer_meeting
from ingest.metadata import (
    MetadataHints,
    apply_hints,
    hints_for,
    is_metadata_file,
    load_folder_manifest,
    load_sidecar,
    merge_hints,
)
from ingest.parsers import parse_file
from ingest.textio import read_text
from rag.dates import parse_date
from rag.errors import InputError
from rag.models import AgendaItem

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def seed_text(prefix: str) -> str:
    return read_text(next(SAMPLES.glob(f"{prefix}_*.txt")))[0]


# --- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22/11/2022", date(2022, 11, 22)),
        ("22 November 2022", date(2022, 11, 22)),
        ("Tuesday, 14th March 2023", date(2023, 3, 14)),
        ("2022-11-22", date(2022, 11, 22)),
        ("14 Mar 2023", date(2023, 3, 14)),
        ("Tuesday, 22nd November, 2022 6.00 pm", date(2022, 11, 22)),
        ("held on Wednesday 5th of July 2023 at 10am", date(2023, 7, 5)),
        ("06/07/2021", date(2021, 7, 6)),  # UK order: 6 July
        ("September 3, 2019", date(2019, 9, 3)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "2022", "31/02/2023", "item 56", "1.2.3", "14 Marsh 2023"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


# --- meeting inference ------------------------------------------------------------------------
def test_infer_moderngov_meeting_line() -> None:
    found = infer_meeting(seed_text("003"))
    assert found["committee"] == "Children's Services Overview and Scrutiny Committee"
    assert found["meeting_date"] == date(2022, 11, 22)
    assert found["item_number"] == "56"
    line = "Meeting: 22/11/2022 - Children's Services Overview and Scrutiny Committee (Item 56)"
    assert found["provenance"]["meeting_date"] == f"text: '{line}'"
    found = infer_meeting(seed_text("004"))
    assert found["committee"] == "Children & Learning Overview & Scrutiny Sub-Committee"
    assert (found["meeting_date"], found["item_number"]) == (date(2021, 7, 6), "57")


@pytest.mark.parametrize(
    ("header", "committee", "when"),
    [
        (
            "Minutes of the meeting of the Cabinet held on Tuesday, 14 March 2023 at 6pm",
            "Cabinet",
            date(2023, 3, 14),
        ),
        (
            "MINUTES of a meeting of the Planning Committee held at the Town Hall, Sale on\n"
            "5 March 2023",
            "Planning Committee",
            date(2023, 3, 5),
        ),
        (
            "Children's Services Overview and Scrutiny Committee - Tuesday, 22nd November, 2022 "
            "6.00 pm",
            "Children's Services Overview and Scrutiny Committee",
            date(2022, 11, 22),
        ),
        (
            "PLANNING COMMITTEE\n\nMinutes of the meeting held on 5 March 2023",
            "Planning Committee",
            date(2023, 3, 5),
        ),
        (
            "Minutes of the Licensing Sub-Committee meeting held on 1 June 2021",
            "Licensing Sub-Committee",
            date(2021, 6, 1),
        ),
        (  # Scottish minutes: "MINUTE" in the singular
            "MINUTE OF MEETING of the ARDVELLIE AREA COMMITTEE held in Ardvellie Community\n"
            "Centre on Wednesday 17 September 2025 at 6.30 pm.\n\n1. MINUTE OF PREVIOUS "
            "MEETING\n\nThe Committee approved the minute of its meeting of 3 June 2025.",
            "Ardvellie Area Committee",
            date(2025, 9, 17),
        ),
        (  # four words name the meeting; its date wraps onto the next line
            "MINUTES OF THE STATUTORY ANNUAL BUDGET MEETING OF CARRAGH CITY AND COUNTY\n"
            "COUNCIL HELD IN THE COUNCIL CHAMBER, CITY HALL, CARRAGH ON MONDAY 17TH NOVEMBER\n"
            "2025 AT 10.00 A.M.",
            "Carragh City and County Council",
            date(2025, 11, 17),
        ),
    ],
)
def test_infer_minutes_headers(header: str, committee: str, when: date) -> None:
    found = infer_meeting(header + "\n\nPresent: Councillor Smith (Chair)\n\n1. Apologies\n")
    assert found["committee"] == committee
    assert found["meeting_date"] == when
    assert found["provenance"]["committee"].startswith("text: '")


def test_previous_minutes_date_is_not_the_meeting_date() -> None:
    text = "1. Minutes\n\nThe minutes of the meeting held on 5 February 2023 were approved.\n"
    assert "meeting_date" not in infer_meeting(text)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # A heading "Minutes of Previous Meeting" joined to the sentence under it is not a
        # header "Minutes of <committee> meeting held on …"; the real header has no article.
        (
            "INCHANAGH COUNTY COUNCIL\n\nHousing Strategic Policy Committee\n\nMinutes of meeting"
            " held in Meeting Room 2, County Buildings and via Microsoft Teams on Wednesday,"
            " 4 March 2026 at 10.30 a.m.\n\n1. Minutes of Previous Meeting\nThe minutes of the"
            " meeting held on 26 November 2025 were agreed.\n",
            date(2026, 3, 4),
        ),
        # A header's "MINUTES OF THE … COMMITTEE / Held in … on …" is this meeting's date.
        (
            "LONDON BOROUGH OF BRENT\n\nMINUTES OF THE AUDIT AND STANDARDS COMMITTEE\n"
            "Held in the Conference Hall, Brent Civic Centre, on Tuesday 11 July 2023 at 6.00 pm"
            "\n\n1. Minutes of the previous meeting\nRESOLVED: that the minutes of the meeting"
            " held on 21 March 2023 be approved.\n",
            date(2023, 7, 11),
        ),
        # … and an earlier meeting's, named a long way before "held on", is not.
        (
            "Town of Verrault Falls\nPlanning and Development Committee\nMinutes\n\nTuesday,"
            " September 16, 2025, 6:00 p.m.\n\n3. Adoption of Minutes\nThat the minutes of the"
            " Planning and Development Committee meeting held on August 19, 2025 be adopted.\n",
            date(2025, 9, 16),
        ),
        # A header whose place wraps before its date, then an agenda item titled with the
        # previous minutes' date ("274. MINUTES OF THE MEETING HELD ON …").
        (
            "HARTWELL DISTRICT COUNCIL\n\nPLANNING COMMITTEE\n\nMinutes and report to Council of"
            " the meeting of the Committee held in the Council\nChamber, Council Offices, Hartwell"
            " on Thursday 8th February 2024 at\n7.30pm.\n\n274. MINUTES OF THE MEETING HELD ON"
            " 11TH JANUARY 2024\n\nThe minutes were confirmed as a correct record.\n",
            date(2024, 2, 8),
        ),
        # … and one whose place is long: "held in …, 32 The Square, Palmerston North on …"
        (
            "PALMERSTON NORTH CITY COUNCIL\n\nMinutes of the Finance & Audit Committee Meeting"
            " Part I Public, held in the Council Chamber, First Floor, Civic Administration"
            " Building, 32 The Square, Palmerston North on 27 March 2024, commencing at 9.00am.\n",
            date(2024, 3, 27),
        ),
    ],
)
def test_the_meeting_date_is_the_headers_not_the_previous_minutes(text: str, when: date) -> None:
    assert infer_meeting(text)["meeting_date"] == when


@pytest.mark.parametrize(
    ("text", "council"),
    [
        ("Report to Trafford Council's Executive.", "Trafford"),
        ("Minutes of the London Borough of Croydon Cabinet.", "Croydon"),
        ("The Royal Borough of Kingston upon Thames agreed.", "Kingston upon Thames"),
        ("Officers of Leeds City Council attended.", "Leeds"),
        ("Dorset County Council replied.", "Dorset"),
        ("Wirral Borough Council minutes.", "Wirral"),
        ("Barnsley Metropolitan Borough Council", "Barnsley"),
        ("Officers from Greater Manchester Police and Bury Council met.", "Bury"),
        ("CHESHIRE WEST AND CHESTER COUNCIL\nCabinet", "Cheshire West and Chester"),
        ("A link with BCP Council.", "Bournemouth, Christchurch and Poole"),
    ],
)
def test_council_names(text: str, council: str) -> None:
    """Councils are the register's, recorded by their common name."""
    found = infer_meeting(text)
    assert found["council"] == council
    assert found["provenance"]["council"].startswith("text: '")
    assert found["provenance"]["council"].endswith("register uk-councils)")


@pytest.mark.parametrize(
    "text",
    [
        "The Council agreed. The County Council and the City Council objected.",
        "Full Council will decide. The Deputy Leader of the Council spoke.",
        "The Children in Care Council and the Youth Council presented.",
        "Members visited Croydon and met the Anytown Borough Council.",  # a place; no register
    ],
)
def test_generic_councils_are_not_names(text: str) -> None:
    found = infer_meeting(text)
    assert "council" not in found and found["warnings"] == []


def test_same_council_in_two_forms_counts_once() -> None:
    text = "Trafford Council\n\n... Trafford Metropolitan Borough Council agreed."
    assert find_councils(text) == {
        "Trafford": ["Trafford Council", "Trafford Metropolitan Borough Council"]
    }
    assert infer_meeting(text)["council"] == "Trafford"


def test_header_council_wins_over_councils_named_later() -> None:
    body = "x " * 400 + "A visit to Cheshire West and Chester Council was arranged."
    found = infer_meeting("Wigan Council\n\nMinutes of the Cabinet\n\n" + body)
    assert found["council"] == "Wigan" and found["warnings"] == []
    assert found["provenance"]["council"] == (
        "text: 'Wigan Council' (document header; register uk-councils)"
    )


def test_ambiguous_councils_in_seed_002() -> None:
    found = infer_meeting(seed_text("002"))
    assert "council" not in found
    (warning,) = found["warnings"]
    assert "Trafford" in warning and "Cheshire West and Chester" in warning


def test_single_council_named_in_body_of_seed_003() -> None:
    found = infer_meeting(seed_text("003"))
    assert found["council"] == "Bournemouth, Christchurch and Poole"
    assert found["provenance"]["council"] == (
        "text: 'BCP Council' (named in the text; register uk-councils)"
    )


def test_croydon_named_by_its_childrens_services_in_seed_001() -> None:
    found = infer_meeting(seed_text("001"))
    assert found["council"] == "Croydon"
    assert "Croydon Children’s Services" in found["provenance"]["council"]


def test_ambiguity_warning_reaches_the_parsed_document(tmp_path: Path) -> None:
    path = tmp_path / "002.txt"
    shutil.copy(next(SAMPLES.glob("002_*.txt")), path)
    doc = parse_file(path, path.name).documents[0]
    assert doc.items[0].item.council is None
    assert any("several councils named" in w for w in doc.warnings)
    # With the bundled sidecar the council is given, so there is nothing to warn about.
    real = next(SAMPLES.glob("002_*.txt"))
    doc = parse_file(real, real.name).documents[0]
    item = doc.items[0].item
    assert (item.council, item.year) == ("Trafford", 2019)
    assert item.provenance["council"] == "sidecar" and doc.warnings == []


# --- sidecars and manifest --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "meeting_date", "year"),
    [
        ("2022-11-22", date(2022, 11, 22), 2022),
        ("22/11/2022", date(2022, 11, 22), 2022),
        ("2019", None, 2019),
        (2019, None, 2019),
        (None, None, None),
    ],
)
def test_sidecar_dates(
    tmp_path: Path, value: object, meeting_date: date | None, year: int | None
) -> None:
    doc = tmp_path / "page.txt"
    doc.write_text("text")
    (tmp_path / "page.txt.meta.json").write_text(json.dumps({"meeting_date": value, "extra": 1}))
    hints = load_sidecar(doc)
    assert hints is not None
    assert (hints.meeting_date, hints.year, hints.source) == (meeting_date, year, "sidecar")


def test_sidecar_name_forms(tmp_path: Path) -> None:
    doc = tmp_path / "report.pdf"
    doc.write_bytes(b"")
    assert load_sidecar(doc) is None
    (tmp_path / "report.meta.json").write_text(json.dumps({"council": "Leeds", "item_number": 7}))
    hints = load_sidecar(doc)
    assert hints is not None and (hints.council, hints.item_number) == ("Leeds", "7")
    (tmp_path / "report.pdf.meta.json").write_text(json.dumps({"council": "York"}))
    hints = load_sidecar(doc)
    assert hints is not None and hints.council == "York"  # the full-name sidecar comes first


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "invalid metadata sidecar"),
        ("[1, 2]", "expected a JSON object"),
        ('{"meeting_date": "next Tuesday"}', "is not a date"),
    ],
)
def test_bad_sidecar(tmp_path: Path, content: str, reason: str) -> None:
    doc = tmp_path / "page.txt"
    doc.write_text("Some minutes text")
    (tmp_path / "page.txt.meta.json").write_text(content)
    with pytest.raises(InputError) as err:
        load_sidecar(doc)
    assert "page.txt.meta.json" in str(err.value) and reason in str(err.value)
    with pytest.raises(InputError):
        parse_file(doc, doc.name)


def test_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "file,council,committee,meeting_date,item_number,title,url,notes\n"
        "a.txt,Leeds,Executive Board,18/01/2023,9,Libraries,https://x/1,ignored\n"
        "./sub/b.pdf,York,,2021,,,,\n"
        ",Nowhere,,,,,,\n",
        encoding="utf-8",
    )
    rows = load_folder_manifest(tmp_path)
    assert set(rows) == {"a.txt", "sub/b.pdf"}
    a = rows["a.txt"]
    assert (a.council, a.committee, a.meeting_date, a.item_number, a.title, a.url) == (
        "Leeds",
        "Executive Board",
        date(2023, 1, 18),
        "9",
        "Libraries",
        "https://x/1",
    )
    assert a.source == "manifest.csv"
    b = rows["sub/b.pdf"]
    assert (b.council, b.committee, b.meeting_date, b.year) == ("York", None, None, 2021)
    assert load_folder_manifest(tmp_path / "sub") == {}


def test_bad_manifest_row_names_the_row(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text("file,meeting_date\na.txt,2023-01-18\nb.txt,soon\n")
    with pytest.raises(InputError) as err:
        load_folder_manifest(tmp_path)
    assert "manifest.csv" in str(err.value) and "row 3" in str(err.value)


def test_is_metadata_file() -> None:
    assert is_metadata_file(Path("x/page.txt.meta.json"))
    assert is_metadata_file(Path("x/page.meta.json"))
    assert is_metadata_file(Path("x/MANIFEST.CSV"))
    assert not is_metadata_file(Path("x/page.txt"))
    assert not is_metadata_file(Path("x/data.json"))


# --- precedence -------------------------------------------------------------------------------
def test_sidecar_over_manifest_over_text(tmp_path: Path) -> None:
    page = tmp_path / "item.txt"
    shutil.copy(next(SAMPLES.glob("003_*.txt")), page)
    (tmp_path / "manifest.csv").write_text(
        "file,council,committee,meeting_date,url\n"
        "item.txt,Manifest Council,Manifest Committee,2022-11-23,https://example.org/mgAi.aspx\n"
    )
    (tmp_path / "item.txt.meta.json").write_text(json.dumps({"council": "Bournemouth"}))
    hints = hints_for(page, tmp_path, load_folder_manifest(tmp_path))
    assert hints is not None
    item = parse_file(page, page.name, hints).documents[0].items[0].item
    assert item.council == "Bournemouth" and item.provenance["council"] == "sidecar"
    assert item.committee == "Manifest Committee"
    assert item.provenance["committee"] == "manifest.csv"
    assert item.meeting_date == date(2022, 11, 23) and item.year == 2022
    assert item.provenance["year"] == "manifest.csv"
    assert item.url == "https://example.org/mgAi.aspx"
    # Not given by any hint: still read from the ModernGov meeting line.
    assert item.item_number == "56" and item.provenance["item_number"].startswith("text: ")
    assert item.truncated is True


def test_missing_hints_never_erase_text_values() -> None:
    item = AgendaItem(
        title="Budget",
        committee="Cabinet",
        meeting_date=date(2023, 3, 14),
        item_number="5",
        provenance={"committee": "text: 'x'", "meeting_date": "text: 'x'", "item_number": "text"},
    )
    result = apply_hints(item, MetadataHints(council="Leeds"), {})
    assert (result.committee, result.meeting_date, result.item_number) == (
        "Cabinet",
        date(2023, 3, 14),
        "5",
    )
    assert result.council == "Leeds" and result.provenance["council"] == "sidecar"
    assert result.provenance["committee"] == "text: 'x'"


def test_inferred_values_only_fill_gaps() -> None:
    inferred = {
        "committee": "Inferred Committee",
        "council": "Wigan Council",
        "provenance": {"committee": "text: 'a'", "council": "text: 'b'"},
    }
    item = AgendaItem(
        title="T", committee="Parsed Committee", provenance={"committee": "text: 'p'"}
    )
    result = apply_hints(item, None, inferred)
    assert result.committee == "Parsed Committee" and result.provenance["committee"] == "text: 'p'"
    assert result.council == "Wigan Council" and result.provenance["council"] == "text: 'b'"


def test_item_hints_only_for_single_items() -> None:
    hints = MetadataHints(title="Whole report", item_number="7", committee="Cabinet")
    item = AgendaItem(title="2. Options", item_number="2")
    several = apply_hints(item, hints, None, item_level=False)
    assert (several.title, several.item_number, several.committee) == ("2. Options", "2", "Cabinet")
    one = apply_hints(item, hints, None)
    assert (one.title, one.item_number) == ("Whole report", "7")


def test_year_hint_against_text_date() -> None:
    item = AgendaItem(
        title="T", meeting_date=date(2019, 5, 14), provenance={"meeting_date": "text"}
    )
    same = apply_hints(item, MetadataHints(year=2019), None)
    assert same.meeting_date == date(2019, 5, 14) and same.year == 2019
    other = apply_hints(item, MetadataHints(year=2018), None)
    assert other.meeting_date is None and other.year == 2018
    assert other.provenance == {"year": "sidecar"}


def test_merge_hints_keeps_field_origins() -> None:
    sidecar = MetadataHints(council="York")
    manifest = MetadataHints(council="Leeds", committee="Cabinet", source="manifest.csv")
    merged = merge_hints(sidecar, manifest)
    assert merged is not None
    assert (merged.council, merged.committee) == ("York", "Cabinet")
    assert merged.source_of("council") == "sidecar"
    assert merged.source_of("committee") == "manifest.csv"
    assert merge_hints(None, manifest) is manifest


def test_hints_for_finds_manifest_rows_in_subfolders(tmp_path: Path) -> None:
    sub = tmp_path / "2023"
    sub.mkdir()
    page = sub / "page.txt"
    page.write_text("Some minutes")
    (tmp_path / "manifest.csv").write_text("file,council\n2023/page.txt,Leeds\n")
    hints = hints_for(page, tmp_path, load_folder_manifest(tmp_path))
    assert hints is not None and hints.council == "Leeds" and hints.source == "manifest.csv"
    assert hints_for(page) is None


def test_hint_that_agrees_with_the_text_keeps_the_quote() -> None:
    quote = "text: 'Meeting: 06/07/2021 - Cabinet (Item 5)'"
    item = AgendaItem(title="T", item_number="5", provenance={"item_number": quote})
    result = apply_hints(item, MetadataHints(item_number="5"), None)
    assert result.provenance["item_number"] == quote


def test_a_sentence_that_ends_in_committee_is_no_committee_name() -> None:
    text = (
        "Council\n\nMeeting of Hartwell Council held on Thursday, 22 February 2024\n"
        "7.00pm to 10.05pm\n\nRecord of the meeting\n"
        "Subject to approval as an accurate record at the next meeting of this committee\n\n"
        "Present: The Mayor (Councillor Adeleke)\n"
    )
    assert "committee" not in infer_meeting(text)
    named = "AUDIT AND GOVERNANCE COMMITTEE\n\nMinutes of the meeting held on 3 March 2024\n"
    assert infer_meeting(named)["committee"] == "Audit and Governance Committee"
