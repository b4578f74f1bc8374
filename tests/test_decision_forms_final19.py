"""Forms the register and its answers missed on final19 (development since its second look, in
the fifteenth session): "RECOMMENDED to …" on the line under an item heading, an item or a
call-in withdrawn in words the reader did not know, a motion "from" its member, an Irish
"Motion 6 - Cllr. X" heading, item numbers that put the year first ("HWB 26/31"), and
questions that ask for an outcome or a vote in other words ("What became of the call-in …",
"the result of the licence review hearing", "the panel's vote", "Was … made?"). Each fails
without its change."""

from __future__ import annotations

import pytest

from ingest.decisions import extract_decisions
from ingest.parsers.minutes import split_minutes
from rag.answers.short import question_kinds


def test_recommended_under_an_item_heading_is_a_recommendation_to_its_body() -> None:
    text = (
        "HWB 26/36 Homelessness Prevention Strategy 2027-2032\n"
        "RECOMMENDED to the Ashmarsh Place Partnership Board that the health actions in\n"
        "section 6 of the draft strategy be included in the 2027/28 Place delivery plan.\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.to_body) for d in found] == [
        ("recommended", "Ashmarsh Place Partnership Board")
    ]
    assert text[found[0].start : found[0].end].startswith("the health actions")


@pytest.mark.parametrize(
    "sentence",
    [
        "Item 37 (Suicide Prevention Action Plan) was withdrawn from the agenda, as the "
        "coroner's report on which it depends has not yet been published.",
        "The call-in of Cabinet decision C/61 was withdrawn by its signatories before the meeting.",
    ],
)
def test_an_item_or_a_call_in_withdrawn_is_a_decision_withdrawn(sentence: str) -> None:
    found = extract_decisions(f"\n{sentence}\n")
    assert [d.outcome for d in found] == ["withdrawn"]


def test_a_motion_from_a_member_names_its_mover_and_seconder() -> None:
    text = (
        "(b) Motion from Councillor Osei, seconded by Councillor Leadbetter:\n"
        '"That this Council calls on the Government to restore the Youth Justice Grant."\n'
        "With the consent of the Council, Councillor Osei withdrew the motion.\n"
        "\n"
        "(c) Motion from Councillor Daley, seconded by Councillor Jessop:\n"
        '"That the Council freezes all car parking charges until April 2028."\n'
        "The motion was put and LOST, 8 members voting for and 11 against.\n"
    )
    found = extract_decisions(text)
    assert [(d.outcome, d.mover, d.seconder) for d in found] == [
        ("withdrawn", "Councillor Osei", "Councillor Leadbetter"),
        ("lost", "Councillor Daley", "Councillor Jessop"),
    ]


def test_a_numbered_motion_heading_names_its_member() -> None:
    text = (
        "BRMD/26/207  Notices of Motion\n"
        "Motion 6 - Cllr. Seán Hanafin\n"
        '"That the Municipal District provide a seasonal public toilet at Trá Bheag car park."\n'
        "The motion was proposed by Cllr. Hanafin and seconded by Cllr. Kiely. Cllr. Hanafin\n"
        "withdrew the motion.\n"
    )
    found = extract_decisions(text)
    assert [(d.outcome, d.seconder) for d in found] == [("withdrawn", "Cllr. Kiely")]
    assert found[0].mover is not None and "Hanafin" in found[0].mover


def test_item_numbers_with_the_year_first_split_the_minutes_into_items() -> None:
    text = (
        "ASHMARSH HEALTH AND WELLBEING BOARD\n\n"
        "HWB 26/31 Apologies\nApologies were received from Inspector Wells.\n\n"
        "HWB 26/32 Minutes\nThe minutes were agreed as a correct record.\n\n"
        "HWB 26/33 Better Care Fund\nRESOLVED: That the return be approved.\n\n"
        "HWB 26/34 Forward Plan\nThe forward plan was agreed.\n"
    )
    numbers = [span.item.item_number for span in split_minutes(text)]
    assert numbers[-4:] == ["HWB 26/31", "HWB 26/32", "HWB 26/33", "HWB 26/34"]


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        (
            "What became of the call-in of Cabinet's seafront parking charges decision?",
            ("outcome",),
        ),
        ("What came of the proposal for a year-round dog ban at Pōria Beach?", ("outcome",)),
        (
            "What was the result of the licence review hearing for the Gatehouse Bar?",
            ("outcome",),
        ),
        ("Was Variation No. 3 of the city development plan made?", ("outcome",)),
        (
            "Did the audit committee consider the information governance annual report?",
            ("outcome",),
        ),
        ("What was the panel's vote on recommending Rowena Clegg as chief executive?", ("vote",)),
        ("How did the division on the Glenmuick Primary School closure go?", ("vote",)),
        ("Councillors voted on keeping the zoning. What was that vote?", ("vote",)),
        (
            "What was the Loudoun County Board of Supervisors' vote on refusing the rezoning?",
            ("vote",),
        ),
        ("Did Ardnagree Municipal District make a decision on twinning the town?", ("outcome",)),
    ],
)
def test_outcome_and_vote_questions_in_other_words(question: str, kinds: tuple[str, ...]) -> None:
    assert question_kinds(question) == kinds


def test_a_resolution_number_before_the_movers_bracket() -> None:
    text = (
        "9.4 INVESTMENTS REPORT - OCTOBER 2026\n"
        "RESOLVED 26/404 (Cr Bui/Cr Kearney)\n"
        "That the report on investments held as at 31 October 2026 be received and noted.\n"
        "CARRIED\n"
    )
    found = extract_decisions(text)
    assert [(d.mover, d.seconder) for d in found] == [("Cr Bui", "Cr Kearney")]


def test_be_it_resolved_under_its_movers_is_a_motion_the_vote_decides() -> None:
    text = (
        "7.2 Request for Grant - Alder Point Fall Fair Board\n"
        "    Resolution No. R2026-416\n"
        "    Moved by Councillor Vandenberg\n"
        "    Seconded by Councillor Ostrowski\n"
        "    BE IT RESOLVED THAT Council grant $2,500.00 to the Alder Point Fall Fair\n"
        "    Board towards the 2027 fair.\n"
        "                                                                    DEFEATED\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome, d.mover) for d in found] == [
        ("motion", "lost", "Councillor Vandenberg")
    ]
    assert text[found[0].start :].startswith("THAT Council grant")


def test_a_motion_to_amend_a_resolution_by_its_number_is_an_amendment() -> None:
    text = (
        "    Resolution No. R2026-415\n"
        "    Moved by Councillor Ostrowski\n"
        "    Seconded by Councillor Vandenberg\n"
        '    BE IT RESOLVED THAT Resolution R2026-414 be amended by deleting "5 per\n'
        '    cent" and replacing it with "3 per cent".\n'
        "                                                                     CARRIED\n"
    )
    found = extract_decisions(text)
    assert [(d.kind, d.outcome) for d in found] == [("amendment", "carried")]
