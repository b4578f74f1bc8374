"""The decision reader on shorthand and on vote lists it used to cut short: parish minutes that
write a decision as its last word ("Report received and noted.", "… – approved."), a body's
decisions set out under "The Committee:-", movers named before the body's verb, members named
as abstaining, Irish surnames ("Ó hAodha"), and a recorded vote cut by a page footer that
carries a running line above its page number.

Every snippet is written for these tests (fictional councils and people)."""

from __future__ import annotations

import pytest

from ingest.decisions import extract_decisions
from ingest.decisions.results import read_result
from rag.text import page_breaks
from tests.test_decision_formats import Row, _read


def _spans(text: str) -> list[str]:
    return [text[d.start : d.end] for d in extract_decisions(text)]


PARISH = (
    "24/061  Apologies: Apologies received and noted from Cllr Vowles.\n\n"
    "24/062  Clerk's report: Report received and noted.\n\n"
    "24/063  Finance\n"
    "(a) Payments list for May (£2,118.40) approved. Prop. Cllr Dray, sec. Cllr Pim.\n"
    "(b) Internal audit report: Approved.\n\n"
    "24/064  Grant applications\n"
    "(i) Brockwell Scouts: £250 towards the new tent – approved.\n"
    "(ii) Village hall roof appeal: deferred to the July meeting pending two quotations.\n\n"
    "24/065  Correspondence: The Clerk had approved.\n"
)


def test_parish_shorthand_decisions_are_read_with_their_movers() -> None:
    assert _read(PARISH) == [
        ("noted", "noted", None, None, None),
        ("agreed", "approved", None, "Cllr Dray", "Cllr Pim"),
        ("agreed", "approved", None, None, None),
        ("agreed", "approved", None, None, None),
        ("agreed", "deferred", None, None, None),
    ]
    # each span is the decision after its title, never the title or an apology
    assert _spans(PARISH)[0] == "Report received and noted."
    assert _spans(PARISH)[3] == "£250 towards the new tent – approved."


def test_a_table_row_read_as_text_keeps_its_last_column_as_the_decision() -> None:
    text = "| 4 | Food Waste Rollout | Deferred to the October meeting pending funding. | RT |\n"
    assert [(k, o) for k, o, *_ in _read(text)] == [("agreed", "deferred")]
    assert _spans(text)[0].startswith("Deferred to the October meeting")


def test_a_resolution_then_proposed_and_seconded_on_the_next_line_takes_its_movers() -> None:
    text = (
        "24/060  Minutes: RESOLVED to approve the minutes of 9 April 2024 as a true record.\n"
        "Proposed Cllr Dray, seconded Cllr Pim; unanimous.\n"
    )
    assert _read(text) == [("resolved", "carried", None, "Cllr Dray", "Cllr Pim")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Decision: The Board:-\n(a) noted the update on the draft policy; and\n"
            "(b) agreed to consult on it for twelve weeks.\n",
            "agreed",
        ),
        (
            "The Committee:-\n(a) noted the projected overspend of £1.3 million; and\n"
            "(b) noted the recovery actions in Appendix B.\n",
            "noted",
        ),
    ],
)
def test_a_bodys_decisions_set_out_under_the_committee_colon(text: str, kind: str) -> None:
    assert [k for k, *_ in _read(text)] == [kind]


def test_movers_named_before_the_bodys_verb_belong_to_that_decision() -> None:
    text = (
        "3. SCHEDULE OF WORKS 2025\n\n"
        "Proposed by Cllr. Horan, seconded by Cllr. Ó hAodha, the Members adopted the "
        "Schedule of Municipal District Works 2025.\n\n"
        "4. BETTER CARE FUND\n\n"
        "The Board RATIFIED the Quarter 1 return.\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Cllr. Horan", "Cllr. Ó hAodha"),
        ("agreed", "approved", None, None, None),
    ]


@pytest.mark.parametrize(
    ("said", "votes"),
    [
        (
            "On a show of hands the proposal was carried, with six votes for and one against; "
            "Dr Mehta abstained.",
            (6, 1, 1),
        ),
        (
            "The motion was carried by 7 votes to 2, Councillors Lee and Pryce abstaining.",
            (7, 2, 2),
        ),
        ("The motion was carried by 7 votes to 2.", (7, 2, None)),
    ],
)
def test_members_named_as_abstaining_are_counted(said: str, votes: object) -> None:
    assert read_result(said).votes == votes


def test_an_abstentions_list_headed_abstentions_with_its_count() -> None:
    result = read_result("Abstentions (2): Councillors Lightbody and Penrose.")
    assert result.names == {"abstain": ["Lightbody", "Penrose"]}
    assert result.counts == {"abstain": 2}


RECORDED = (
    "Councillor Vane moved and Councillor Amadi seconded an amendment to add 'subject to the "
    "deletion of site QB14'.\n\n"
    "A recorded vote having been requested, the voting on the amendment was as follows:\n\n"
    "For (3): Councillors Amadi, Bexfield and Vane.\n\n"
    "Against (6): Councillors Ashdown, Brightwell, Cattermole,\n\n"
    "Council – 18 September 2025\nPage 2 of 5\n\n"
    "Council – 18 September 2025\n\n"
    "Lomas, Maddock and Okonjo.\n\n"
    "Abstentions (1): Councillor Penrose.\n\n"
    "The amendment was therefore LOST.\n"
)


def test_a_vote_list_cut_by_a_footer_with_a_running_line_above_its_page_number() -> None:
    (start, end), *rest = page_breaks(RECORDED)
    assert not rest
    assert RECORDED[start - 1] == "," and RECORDED[end:].startswith("Lomas")
    assert _read(RECORDED) == [
        ("amendment", "lost", (3, 6, 1), "Councillor Vane", "Councillor Amadi")
    ]


def test_a_line_repeated_in_the_minutes_is_no_running_header() -> None:
    # The same tail closes two vote lists; after a page mark it is still part of the list.
    tail = "Golightly, Heskin and Inskip (5)\n"
    header = "Severnvale Fire Authority                    14 February 2025\n"
    text = (
        header + "Minutes of the budget meeting\n\nThe amendment was moved.\n"
        "AGAINST: Councillors Amble, Beddowes,\n" + tail + "The amendment was LOST.\n"
        "FOR: Councillors Amble, Beddowes,\n"
        "________________________________________\n" + header + "                 Page 4\n"
        "________________________________________\n" + tail + "AGAINST: None (0)\n"
    )
    (_, end), *_ = page_breaks(text)
    assert text[end:].startswith(tail)


def test_a_parish_lines_own_title_before_resolved() -> None:
    text = (
        "48/25 Finance\n"
        "(a) Payments: Resolved to approve the schedule of payments for May totalling £3,846.20. "
        "Prop. Cllr Bass, sec. Cllr Gore. Unanimous.\n"
        "(c) AGAR 2024/25: Resolved to approve Sections 1 and 2 of the return.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", None, "Cllr Bass", "Cllr Gore"),
        ("resolved", "approved", None, None, None),
    ]


def test_a_body_alone_on_its_line_over_its_entries() -> None:
    text = (
        "The Board:\n(a) noted the Healthy Weight chapter of the JSNA; and\n"
        "(b) agreed that a healthy weight summit be held in autumn 2025.\n\n"
        "Item 4: Better Care Fund\n\nThe Committee:\n(a) noted the report; and\n"
        "(b) noted the action plan.\n"
    )
    assert [(k, o) for k, o, *_ in _read(text)] == [("agreed", "approved"), ("noted", "noted")]


def test_a_bare_count_after_a_list_label() -> None:
    said = "For: Cllrs. Crowe, Killen, Kissane, Tevlin\nAgainst: Cllrs. Fitzgibbon, Prendiville\n"
    assert read_result(said + "Abstain: 0\n").votes == (4, 2, 0)


def test_a_footer_line_that_ends_with_its_page_number_inside_a_list() -> None:
    text = (
        "For the motion: Councillors Abberley, Ansell, Appleyard,\n  Hardcastle,\n\n"
        "  North Hallamby County Council - Minutes of Council - 20 February 2025      Page 3 of 9"
        "\n\x0c\n  Minutes of Council - 20 February 2025 (continued)\n\n"
        "  Hebden, Holdsworth and Sixsmith (7).\n"
    )
    (start, end), *rest = page_breaks(text)
    assert not rest
    assert text[:start].endswith("Hardcastle,") and text[end:].startswith("Hebden")


def test_a_page_mark_between_en_dashes_and_a_tally_cut_before_its_abstentions() -> None:
    text = (
        "For: Councillors Coldridge and Grisedale (2).\n"
        "Against: Councillors Abbiss, Bradwell,\n\n– 3 –\n\n"
        "FIRE AUTHORITY – 20.06.25\n\n"
        "Heathcote and Kitchingman (4).\n\nThe amendment was therefore lost.\n\n"
        "The proposal was then put to a vote:\nFOR: 25   AGAINST: 12\n\n\n"
        "Page 2 of 2\nStatutory Annual Budget Meeting – 18th November 2025\n\n"
        "ABSTAIN: 2\n"
    )
    first, second = page_breaks(text)
    assert text[first[1] :].startswith("Heathcote")
    assert text[: second[0]].endswith("AGAINST: 12") and text[second[1] :].startswith("ABSTAIN")


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (
            "124. Welsh Language Policy\nThe revised Welsh Language Policy, as circulated, was "
            "adopted.\n",
            ("agreed", "approved", None, None, None),
        ),
        (
            "The minutes of the meeting of 8 September 2025 were accepted as a true record. "
            "Proposed Cllr Gwen Rees, seconded Cllr Morgan.\n",
            ("agreed", "approved", None, "Cllr Gwen Rees", "Cllr Morgan"),
        ),
        (
            "126. Grants\nPantyrhedyn Eisteddfod Committee – grant of £300 approved.\n",
            ("agreed", "approved", None, None, None),
        ),
        (
            "25/147 Christmas lights\nDeferred to the November meeting pending a second quote.\n",
            ("agreed", "deferred", None, None, None),
        ),
        (
            "3. Election of Leas-Chathaoirleach\nCllr. Fennessy proposed Cllr. Kinsella, seconded "
            "by Cllr. Wheelock. There being no other nominations, Cllr. Kinsella was elected "
            "Leas-Chathaoirleach for the remainder of the year.\n",
            ("agreed", "approved", None, "Cllr. Fennessy", "Cllr. Wheelock"),
        ),
        (
            "On the nomination of Councillor Dacre, seconded by Councillor Sowerby, Councillor "
            "Wragg was appointed Vice-Chair for 2025/26.\n",
            ("agreed", "approved", None, "Councillor Dacre", "Councillor Sowerby"),
        ),
    ],
)
def test_adoptions_acceptances_grants_deferrals_and_elections(text: str, row: Row) -> None:
    assert _read(text) == [row]


def test_an_appointment_reported_from_the_past_is_no_decision() -> None:
    assert _read("Councillor Smith had been appointed to the board in 2019.\n") == []
    assert _read("The Committee approved.\n") == []
