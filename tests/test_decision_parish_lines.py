"""Parish and town council minutes written one paragraph per item ("2025/143 Minutes – It was
RESOLVED …"), their shorthand decisions and amendments, a Scottish resolution with the body
as its subject, and an eScribe motion voted on after the motion to defer it was lost."""

from __future__ import annotations

from ingest.parsers.minutes import split_minutes
from tests.test_decision_formats import _read


def test_parish_items_whose_title_and_minute_share_a_dashed_line_are_items() -> None:
    text = (
        "NETHER DALTON PARISH COUNCIL\n\n"
        "Minutes of the meeting held on Tuesday 21 October 2025\n\n"
        "2025/141 Apologies – none.\n\n"
        "2025/142 Declarations of interest – Cllr Lane declared an interest in item 2025/144.\n\n"
        "2025/143 Minutes – It was RESOLVED that the minutes of the meeting held on 16 "
        "September 2025 be signed as a true record.\n\n"
        "2025/144 Village Hall grant – Cllr Kemp proposed, seconded by Cllr Coates, that a "
        "grant of £1,500 be made to the Village Hall Management Committee.\n\n"
        "2025/145 Clerk's report – The Clerk's report was noted.\n"
    )
    items = [(s.item.item_number, s.item.title) for s in split_minutes(text)]
    assert items[-4:] == [
        ("2025/142", "Declarations of interest"),
        ("2025/143", "Minutes"),
        ("2025/144", "Village Hall grant"),
        ("2025/145", "Clerk's report"),
    ]


def test_a_long_one_paragraph_minute_still_starts_its_item() -> None:
    # (a minute of several hundred characters on its title's line)
    long_minute = (
        "The Clerk reported quotations for additional lighting on Stryd Fawr and Heol y Bont "
        "from three suppliers, the lowest of which was from Goleuadau Dyfed Ltd. " * 3
    )
    text = (
        "25/142 Accounts for payment: Schedule of payments totalling £14,286.40 approved.\n\n"
        f"25/143 Christmas lights: {long_minute}RESOLVED that up to £6,000 be spent.\n\n"
        "25/144 Correspondence: Correspondence received and noted.\n"
    )
    assert len(text.splitlines()[2]) > 300
    numbers = [s.item.item_number for s in split_minutes(text)]
    assert numbers == ["25/142", "25/143", "25/144"]


def test_a_resolution_label_after_a_paragraph_number_is_not_an_item_title() -> None:
    text = (
        "19. POLICE AND CRIME PLAN\n\n"
        "19.1 The Panel considered the annual report.\n\n"
        "20. CONFIRMATION HEARING\n\n"
        "20.1 The Panel held a confirmation hearing for the proposed Deputy Commissioner.\n\n"
        "20.2 RESOLVED – That the Panel endorses the proposed appointment.\n\n"
        "21. WORK PROGRAMME\n\n"
        "21.1 The work programme was noted.\n"
    )
    items = [(s.item.item_number, s.item.title) for s in split_minutes(text)]
    assert ("20", "CONFIRMATION HEARING") in items
    assert all(number != "20.2" and title != "RESOLVED" for number, title in items)


def test_an_amendment_proposed_in_parish_shorthand_and_its_vote() -> None:
    text = (
        "25/143 Christmas lights: Cllr Morgan proposed, seconded Cllr Lewis, that up to £6,000 "
        "be spent on new motif lights. Members agreed the lights looked excellent last year. "
        "Amendment proposed Cllr Evans, seconded Cllr Rees: that expenditure be limited to "
        "£4,500. Amendment: 4 in favour, 6 against – LOST. Original proposal: 7 in favour, "
        "2 against, 1 abstention – CARRIED.\n"
        "RESOLVED that up to £6,000 be spent on new motif lights.\n"
    )
    assert _read(text) == [
        ("amendment", "lost", (4, 6, None), "Cllr Evans", "Cllr Rees"),
        ("resolved", "carried", (7, 2, 1), "Cllr Morgan", "Cllr Lewis"),
    ]


def test_a_grant_awarded_in_a_parish_list_is_a_decision() -> None:
    text = (
        "25/145 Grant applications:\n"
        "(a) Cwmdu Rugby Football Club – £500 awarded.\n"
        "(b) Friends of Parc Isaf – deferred until audited accounts are received.\n"
    )
    assert [row[:2] for row in _read(text)] == [("agreed", "approved"), ("agreed", "deferred")]


def test_a_scottish_resolution_with_the_council_as_its_bare_subject() -> None:
    text = (
        "8. EXCLUSION OF THE PUBLIC\n\n"
        "Council resolved in terms of Section 50A(4) of the Local Government (Scotland) Act "
        "1973 to exclude the public from the meeting for the following item of business.\n"
    )
    assert [row[:2] for row in _read(text)] == [("resolved", "approved")]


def test_a_motion_voted_on_after_the_motion_to_defer_it_was_lost() -> None:
    text = (
        "6.2 Regional Official Plan Amendment 47\n\n"
        "Moved by: Regional Councillor Fournier\nSeconded by: Regional Councillor Jessome\n\n"
        "That Regional Council adopt Regional Official Plan Amendment 47.\n\n"
        "Moved by: Regional Councillor Dhillon\nSeconded by: Regional Councillor Kovacs\n\n"
        "That consideration of Regional Official Plan Amendment 47 be deferred to the "
        "December 11, 2025 meeting of Regional Council.\n\n"
        "Motion Failed (6 to 6)\n\n"
        "Motion Carried (8 to 5)\n\n"
        "7. Motions\n"
    )
    assert _read(text) == [
        (
            "motion",
            "carried",
            (8, 5, None),
            "Regional Councillor Fournier",
            "Regional Councillor Jessome",
        ),
        (
            "motion",
            "lost",
            (6, 6, None),
            "Regional Councillor Dhillon",
            "Regional Councillor Kovacs",
        ),
    ]


def test_a_recorded_vote_on_the_deferral_then_restated_stays_with_the_deferral() -> None:
    text = (
        "9.3 Tender T-24-11\n\n"
        "Moved By: Councillor Eklund\nSeconded By: Councillor Demers\n\n"
        "That Council award Tender T-24-11 to Hillcrest Paving Ltd.\n\n"
        "Moved By: Councillor Hollander\nSeconded By: Councillor Fitzsimmons\n\n"
        "That Report PW-2024-30 be deferred to the September 9, 2024 Council meeting.\n\n"
        "Recorded Vote:\n"
        "For (3): Councillor Fitzsimmons, Councillor Gauvreau, and Councillor Hollander\n"
        "Against (6): Mayor Caldwell, Councillor Aucoin, Councillor Brightwater, Councillor "
        "Demers, Councillor Eklund, and Councillor Tremblay\n\n"
        "Defeated (3 to 6)\n\n"
        "Vote on the Main Motion:\n\n"
        "Carried (6 to 3)\n"
    )
    rows = _read(text)
    assert [row[:3] for row in rows] == [
        ("motion", "carried", (6, 3, None)),
        ("motion", "lost", (3, 6, None)),
    ]
