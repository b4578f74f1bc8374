"""Councils from a register, not from any "X Council": the shipped register and its name
forms, user registers, attribution by evidence, and the attribution set's precision."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ingest.inference import find_councils, infer_meeting
from ingest.parsers import parse_file
from rag.councils import CouncilRegister, load_register, read_register, unlisted_council_name
from rag.errors import ConfigError
from rag.models import Citation
from rag.settings import CouncilSettings, Settings
from tests.conftest import REPO

MINUTES = "\n\nMinutes of the meeting held on 5 March 2024\n\nPresent: Councillor A Smith (Chair)\n"


def council(text: str, settings: CouncilSettings | None = None) -> str | None:
    return infer_meeting(text, settings).get("council")


@pytest.fixture(scope="module")
def register() -> CouncilRegister:
    return load_register(CouncilSettings())


# --- the register and its name forms ---------------------------------------------------------
def test_the_shipped_register_loads_every_council(register: CouncilRegister) -> None:
    assert len(register.councils) == 429  # 435 rows; a few councils share a common name
    assert {"Croydon", "Kingston upon Thames", "Na h-Eileanan an Iar"} <= set(register.councils)


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
        ("London Borough of Croydon", "Croydon"),
        ("Croydon Council", "Croydon"),
        ("Leeds City Council", "Leeds"),
        ("KENT COUNTY COUNCIL", "Kent"),
        ("Wirral Borough Council", "Wirral"),
        ("Wigan Metropolitan Borough Council", "Wigan"),
        ("Gateshead Council", "Gateshead"),
        ("City of York Council", "York"),
        ("Westminster City Council", "Westminster"),
        ("Telford & Wrekin Council", "Telford and Wrekin"),
        ("Brighton and Hove City Council", "Brighton and Hove"),
        ("St. Helens Council", "St. Helens"),
        ("ST HELENS BOROUGH COUNCIL", "St. Helens"),
        ("Hull City Council", "Kingston upon Hull"),
        ("Newcastle City Council", "Newcastle upon Tyne"),
        ("Newcastle-under-Lyme Borough Council", "Newcastle-under-Lyme"),
        ("Stoke on Trent City Council", "Stoke-on-Trent"),
        ("BCP Council", "Bournemouth, Christchurch and Poole"),
        ("Dorset Council", "Dorset Council"),
        ("Dorset County Council", "Dorset"),
        ("Isle of Anglesey County Council", "Isle of Anglesey"),
        ("Cyngor Sir Ynys Môn", "Isle of Anglesey"),
        ("CYNGOR SIR YNYS MON", "Isle of Anglesey"),
        ("Cyngor Gwynedd", "Gwynedd"),
        ("Dinas a Sir Abertawe", "Swansea"),
        ("Swansea City and County Council", "Swansea"),
        ("Comhairle nan Eilean Siar", "Na h-Eileanan an Iar"),
    ],
)
def test_name_forms_map_to_the_common_name(
    register: CouncilRegister, words: str, name: str
) -> None:
    (mention,) = register.find(words)
    assert (mention.council.name, mention.kind, mention.words) == (name, "full", words)


def test_bare_and_service_forms(register: CouncilRegister) -> None:
    (bare,) = register.find("Croydon")
    assert (bare.council.name, bare.kind) == ("Croydon", "bare")
    (service,) = register.find("an update on Croydon Children's Services was given")
    assert (service.kind, service.words) == ("service", "Croydon Children's Services")
    assert register.find("reading the papers") == []  # a bare form must be capitalised
    assert register.find("Greater Manchester Combined Authority") == []  # part of a longer name
    assert register.find("Leicester Council of Faiths")[0].kind == "bare"  # not the council


@pytest.mark.parametrize(
    "words",
    [
        "World Rugby Council",  # a generated form inside a longer name
        "Greater Manchester Council",
        "Leicester Council of Faiths",  # "X Council of/for Y" is another body
        "Bradford Council for Mosques",
        "REPORTS TO CABINET AND COUNCIL",  # AND: no acronym that is a word
    ],
)
def test_names_inside_other_names_are_not_the_council(
    register: CouncilRegister, words: str
) -> None:
    assert [m for m in register.find(words) if m.kind != "bare"] == []


@pytest.mark.parametrize(
    "phrase",
    ["Arts Council", "Dublin Town Council", "the City Council", "Canadian Wood Council", "Council"],
)
def test_unlisted_names_need_a_place_and_a_local_designator(phrase: str) -> None:
    assert unlisted_council_name(phrase) is None
    assert unlisted_council_name("CORK COUNTY COUNCIL") == "Cork County Council"


# --- attribution by evidence -----------------------------------------------------------------
@pytest.mark.parametrize(
    "header",
    [
        "Canadian Wood Council\nBoard of Directors",
        "BRITISH YOUTH COUNCIL",
        "Arts Council England\nNational Council",
        "Higher Education Funding Council for Wales\nCyngor Cyllido Addysg Uwch Cymru",
        "Interfaith Council\nExecutive Committee",
        "Welsh Books Council\nBoard of Trustees",
        "CUCKFIELD PARISH COUNCIL\nPlanning Committee",
        "St Mary's Primary School\nSchool Council",
        "COUNCIL OF EUROPE\nCommittee of Ministers",
        "United Nations\nSecurity Council",
        "Leicester Council of Faiths",
        "Sefton Council for Voluntary Service",
        "Croydon Health Services NHS Trust\nBoard of Directors",
        "Boston City Council\nRegular meeting",
        "Civic Centre\nLeeds\nLS1 1UR",
    ],
)
def test_bodies_that_are_not_register_councils_give_none(header: str) -> None:
    found = infer_meeting(header + MINUTES + "\n1. Apologies\nNone were received.\n")
    assert "council" not in found and found["warnings"] == []


def test_a_council_named_in_the_body_of_a_parish_councils_minutes_is_not_its_author() -> None:
    text = "Ashwell Parish Council" + MINUTES + "\n1. Planning\nNorth Hertfordshire District "
    assert council(text + "Council approved the application.") is None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Agenda item\n\nUpdate\n\nMinutes:\n\nAn update on Croydon Children's Services.",
            "service",
        ),
        ("Croydon Children's Services\n\nImprovement Board" + MINUTES, "document header"),
        ("Croydon – Cabinet – 12 March 2024" + MINUTES, "document header"),
    ],
)
def test_croydon_named_by_its_short_name_in_a_strong_place(text: str, rule: str) -> None:
    found = infer_meeting(text)
    assert found["council"] == "Croydon"
    assert rule in found["provenance"]["council"]


@pytest.mark.parametrize(
    "text",
    [
        "Cabinet\n\nMinutes of the meeting held at Fairfield Halls, Croydon, on 5 March 2024.",
        "Arts Council England\n\nMinutes of the National Council meeting\nHeld at The Hive, "
        "Birmingham, on Wednesday 24 January 2024",
        "Cabinet" + MINUTES + "\nMembers visited Croydon and Sutton to see the schemes.",
    ],
)
def test_a_place_name_in_the_body_is_no_council(text: str) -> None:
    assert council(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Meeting of the County Council of the City and County of Cardiff\nheld at County Hall, "
            "Cardiff, on Thursday, 25 January 2024",
            "Cardiff",
        ),
        ("Meeting of Swansea City and County Council\nheld on 14 March 2024", "Swansea"),
        (
            "Minutes of the meeting of Bath and North East Somerset Council held on 16 November "
            "2023",
            "Bath and North East Somerset",
        ),
        ("MINUTES OF THE MEETING OF MERTON COUNCIL HELD ON 28 FEBRUARY 2024", "Merton"),
        (
            "Minute of Meeting of the Policy and Resources Committee of Falkirk Council held in "
            "the Municipal Buildings",
            "Falkirk",
        ),
    ],
)
def test_minutes_headers_state_the_council(text: str, name: str) -> None:
    found = infer_meeting(text + "\n\nPresent: Councillor Jones")
    assert found["council"] == name
    assert "(minutes header; register uk-councils)" in found["provenance"]["council"]


def test_the_header_council_wins_over_councils_named_in_the_text() -> None:
    body = "\n1. Partnership\nJoint work with Liverpool City Council and Sefton Council was noted."
    found = infer_meeting("WIGAN COUNCIL\nCabinet" + MINUTES + body)
    assert found["council"] == "Wigan" and found["warnings"] == []
    assert found["provenance"]["council"] == (
        "text: 'WIGAN COUNCIL' (document header; register uk-councils)"
    )


def test_a_running_footer_wins_over_councils_named_in_the_text() -> None:
    page = (
        "Scrutiny Committee - 1 February 2024\n\n1. MINUTES\nApproved.\n\n2. METROLINK\n"
        "Joint working with Manchester City Council was reported.\n\n"
        "Stockport Metropolitan Borough Council                    Page 2\n"
    )
    found = infer_meeting(page)
    assert found["council"] == "Stockport"
    assert "(page footer; register uk-councils)" in found["provenance"]["council"]


def test_two_councils_on_the_same_footing_leave_it_unset_with_a_warning() -> None:
    found = infer_meeting("Cabinet" + MINUTES + "\nBury Council and Bolton Council agreed.\n")
    assert "council" not in found
    (warning,) = found["warnings"]
    assert warning.startswith("several councils named (Bury, Bolton)")


def test_find_councils_names_the_evidence() -> None:
    assert find_councils("KENT COUNTY COUNCIL") == {"Kent": ["KENT COUNTY COUNCIL"]}
    # Bodies in no register are named as written (the minutes parser keeps them out of its
    # headings) but never attributed.
    assert find_councils("CUCKFIELD PARISH COUNCIL") == {
        "Cuckfield Parish Council": ["CUCKFIELD PARISH COUNCIL"]
    }
    assert find_councils("Full Council\nCabinet") == {}


# --- councils in no register ------------------------------------------------------------------
def test_a_page_title_names_its_site_even_outside_the_register() -> None:
    title = "Agenda item - Housing Repairs | Anytown Borough Council\n\nMinutes:\n"
    found = infer_meeting(title)
    assert found["council"] == "Anytown Borough Council"
    assert found["provenance"]["council"].endswith("(page title; in no register)")
    assert council(title, CouncilSettings(unlisted="never")) is None
    assert council("Agenda item - Grants | Arts Council England\n") is None


def test_a_minutes_header_names_an_unlisted_council_only_when_asked() -> None:
    text = "MINUTES OF THE MONTHLY MEETING OF DUBLIN CITY COUNCIL HELD IN THE COUNCIL CHAMBER"
    assert council(text) is None  # the default: UK registers only
    found = infer_meeting(text, CouncilSettings(unlisted="headers"))
    assert found["council"] == "Dublin City Council"
    assert found["provenance"]["council"].endswith("(minutes header; in no register)")
    headers = CouncilSettings(unlisted="headers")
    assert council("Special meeting of the European Council", headers) is None


# --- user registers -------------------------------------------------------------------------
def irish_register(folder: Path) -> Path:
    path = folder / "irish.csv"
    path.write_text(
        "official_name,common_name,aliases\n"
        "Cork County Council,Cork County,Comhairle Contae Chorcaí\n"
        "Dublin City Council,Dublin City,Comhairle Cathrach Bhaile Átha Cliath\n",
        encoding="utf-8",
    )
    return path


def test_a_user_register_adds_irish_councils(tmp_path: Path) -> None:
    settings = CouncilSettings(registers=[irish_register(tmp_path)])
    found = infer_meeting("Cork County Council\nOrdinary Meeting" + MINUTES, settings)
    assert found["council"] == "Cork County"
    assert found["provenance"]["council"] == (
        "text: 'Cork County Council' (document header; register irish.csv)"
    )
    assert council("COMHAIRLE CATHRACH BHAILE ÁTHA CLIATH" + MINUTES, settings) == "Dublin City"
    assert council("Leeds City Council" + MINUTES, settings) == "Leeds"  # UK ones still count
    alone = CouncilSettings(registers=settings.registers, builtin=False)
    assert council("Leeds City Council" + MINUTES, alone) is None


def test_registers_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    irish = irish_register(tmp_path)
    other = tmp_path / "more.csv"
    other.write_text("official_name,common_name\nFingal County Council,Fingal\n")
    monkeypatch.setenv("MINUTES_COUNCILS__REGISTERS", f"{irish}:{other}")
    assert Settings().councils.registers == [irish, other]
    assert council("Fingal County Council" + MINUTES) == "Fingal"
    monkeypatch.setenv("MINUTES_COUNCILS__REGISTERS", f'["{irish}"]')
    assert Settings().councils.registers == [irish]


def test_an_edited_register_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("official_name,common_name\nKerry County Council,Kerry\n")
    settings = CouncilSettings(registers=[path], builtin=False)
    assert len(load_register(settings).councils) == 1
    path.write_text(
        "official_name,common_name\nKerry County Council,Kerry\nClare County Council,Clare\n"
    )
    assert council("Clare County Council" + MINUTES, settings) == "Clare"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot be read (No such file or directory)"),
        (b"name,county\nCork,Cork\n", "no official_name column (columns: name, county)"),
        (b"official_name,common_name\n", "lists no councils"),
        (b"official_name,common_name\n,\n", "line 2 names no council"),
        (b"official_name,common_name\n\xff\xfe Cork\n", "not UTF-8 text"),
    ],
)
def test_a_bad_user_register_is_a_one_line_error_naming_the_file(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        read_register(path)
    assert str(caught.value) == f"council register {path}: {reason}"
    with pytest.raises(ConfigError, match=r"bad\.csv"):
        infer_meeting("Cork County Council", CouncilSettings(registers=[path]))


# --- the attribution set and QMSum --------------------------------------------------------------
def attribution_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "council_attribution", REPO / "eval" / "council_attribution.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_attribution_set_precision_and_recall() -> None:
    script = attribution_script()
    result = script.score("attribution set", script.attribution_cases(), CouncilSettings())
    assert (result.entries, result.positives) == (65, 41)
    assert result.precision >= 0.98, result.errors
    assert result.recall >= 0.9, result.errors


@pytest.mark.slow
def test_qmsum_committee_meetings_are_no_councils(shared_dir: Path) -> None:
    script = attribution_script()
    cases = script.qmsum_cases(shared_dir)
    assert cases is not None and len(cases) == 30
    result = script.score("qmsum", cases, CouncilSettings())
    assert result.attributed == 0, result.errors


def test_registers_given_in_code_reach_ingest(settings: Settings, tmp_path: Path) -> None:
    """``Settings(councils=…)`` passed to ingest decides councils (not only the environment),
    and a changed register re-reads files whose bytes did not change."""
    from ingest.pipeline import ingest
    from rag.search import open_searcher

    register = tmp_path / "ie-councils.csv"
    register.write_text("official_name,common_name\nCork County Council,Cork County\n", "utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cork.txt").write_text(
        "Minutes of the Ordinary Meeting of Cork County Council held on 11 September 2023\n\n"
        "1. Local Property Tax\n\nThe Council considered the Local Property Tax rate for 2024 "
        "and agreed to vary the basic rate upwards by 7.5%.\n",
        "utf-8",
    )
    index = settings.index.root / "cork"

    def councils() -> list[str]:
        searcher = open_searcher(index, settings)
        try:
            return searcher.scope().councils
        finally:
            searcher.close()

    ingest([corpus], index, settings)
    assert councils() == []  # Cork is in no register given: no council
    with_register = settings.model_copy(update={"councils": CouncilSettings(registers=[register])})
    report = ingest([corpus], index, with_register)
    assert report.files_unchanged == 0  # the register changed what the file says
    assert councils() == ["Cork County"]


def test_no_council_not_stated_beside_a_committee_that_names_the_council() -> None:
    full = Citation(id="a", committee="Fingal County Council", item_title="Motion")
    assert full.council_shown == "" and "not stated" not in full.label
    cabinet = Citation(id="b", committee="Cabinet", item_title="Budget")
    assert cabinet.council_shown == "Council not stated"
    assert Citation(id="c", council="Trafford", committee="Trafford Council").council_shown == (
        "Trafford"
    )


@pytest.mark.parametrize(
    ("name", "council"),
    [
        ("walsall_planning-committee_2025-01-16.txt", "Walsall"),
        ("east-lothian_planning-committee_2024-12-03.txt", "East Lothian"),
        ("telford-and-wrekin_communities-scrutiny_2025-01-29.txt", "Telford and Wrekin"),
        ("cabinet_2025-01-16.txt", None),  # (a committee, not a place)
        ("bridport-town-council_finance.txt", None),  # (in no register)
        ("001_56f3153bc7c6f2fc.txt", None),
    ],
)
def test_a_file_named_by_its_council_names_it_when_the_text_does_not(
    tmp_path: Path, name: str, council: str | None
) -> None:
    path = tmp_path / name
    path.write_text(
        "Planning Committee\n\nThursday 16 January 2025 at 5.30 p.m.\n\n"
        "In the Council Chamber, Lichfield Street\n\n1. APOLOGIES\n\nNone were received.\n"
    )
    item = parse_file(path, path.name).documents[0].items[0].item
    assert item.council == council
    if council is not None:
        assert item.provenance["council"] == f"file name: {path.name!r}"


def test_the_text_names_the_council_before_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "walsall_planning-committee_2025-01-16.txt"
    path.write_text(
        "Minutes of the meeting of Croydon Council held on 16 January 2025\n\n"
        "1. APOLOGIES\n\nNone were received.\n"
    )
    assert parse_file(path, path.name).documents[0].items[0].item.council == "Croydon"
