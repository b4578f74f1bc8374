"""Decision questions that got no short answer on final22 (development since its second look,
in the seventeenth session): yes-or-no questions whose verb the outcome rule did not know
("Did the Executive settle its fees?", "… declare a drought emergency?", "… set up a task
group?"), one after a clause that dates it ("When the Committee heard the call-in, did it send
the decision back?", read as asking for a date), and "What sanction did the Sub-Committee
impose?". The questions and decisions are written for these tests; each fails without its
change."""

from __future__ import annotations

import pytest

from rag.answers.from_register import register_picks
from rag.answers.short import question_kinds
from tests.test_register_questions import _registered


@pytest.mark.parametrize(
    "question",
    [
        "Did Ashby's Executive settle its fees and charges for 2028/29 at its December meeting?",
        "Did the Pinewood County supervisors declare a water shortage emergency in June 2027?",
        "Did the joint health scrutiny committee set up a task group on GP access in 2027?",
        "When the Scrutiny Committee heard the call-in of the bus pass decision, did it send the "
        "decision back to Cabinet?",
        "What sanction did the Licensing Sub-Committee impose on the Station Road off-licence?",
        "What action did the Panel take on driver KR's hackney carriage licence?",
    ],
)
def test_yes_or_no_and_sanction_questions_ask_for_the_outcome(question: str) -> None:
    assert question_kinds(question) == ("outcome",)


def test_a_question_that_only_asks_when_still_asks_for_a_date() -> None:
    assert question_kinds("When did the Executive settle its fees and charges?") == ("date",)
    assert question_kinds("When was the Executive's decision on fees called in?") == ("date",)


def test_did_it_settle_its_fees_of_a_deferred_decision_is_answered_by_the_deferral() -> None:
    text = "That the fees and charges for 2028/29 be deferred to the January meeting."
    deferred = _registered(
        "fees",
        text,
        kind="resolved",
        outcome="deferred",
        meeting="ASHBY DISTRICT COUNCIL EXECUTIVE, 8 December 2027",
        item="61. Fees and Charges 2028/29",
        title="Fees and Charges 2028/29",
    )
    picks = register_picks(
        "Did Ashby's Executive settle its fees and charges for 2028/29 at its December meeting?",
        [deferred],
    )
    assert picks
    assert "deferred" in text[picks[0].start : picks[0].end]
