"""Short answers for the phrasings and layouts that unseen fact sets showed unanswered: money
asked as "what precept / penalty / Band D charge", counts as "what tonnage / admission
number", decisions asked as yes/no questions, outcomes said in words ("not to increase",
"to lie on the table"), units that belong to a count, and the chair named in the attendance
lines. Fictional snippets, read through the real span reader."""

from __future__ import annotations

import pytest

from rag.answers.short import Candidate, best_span, question_kinds
from tests.test_short_answers import spans


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What precept did Ashwell Parish Council set for 2025/26?", ("amount",)),
        ("What level of fixed penalty for fly-tipping did the committee recommend?", ("amount",)),
        ("What is the Brackley Town Council Band D charge for 2025/26?", ("amount",)),
        ("What tonnage of food waste was collected in the year?", ("count",)),
        ("What will the published admission number at Elm Road School be?", ("count",)),
        ("Is the council going ahead with the closure of the Mill Lane depot?", ("outcome",)),
        ("Did the panel put up the price of allotment plots?", ("outcome",)),
        ("What did Cabinet decide about selling off the surplus land at Crow Hill?", ("outcome",)),
        (
            "At the Harbour Board, what happened to the proposal to postpone the mooring charges?",
            ("outcome",),
        ),
        # (phrasings of decision questions that went unanswered on final6)
        ("How was the tied vote on the beach toilets resolved at Dromkeel?", ("outcome",)),
        (
            "How many members of the Rookham Police and Crime Panel supported vetoing the "
            "precept, and how many opposed?",
            ("vote",),
        ),
        (
            "What happened at Sable Ridge Regional Council in May 2025 to the attempt to revisit "
            "the employment lands plan?",
            ("outcome",),
        ),
        ("Did the Health and Wellbeing Board sign off the needs assessment?", ("outcome",)),
        ("What was the result of the attempt to shorten the trial to six months?", ("outcome",)),
        (
            "In June 2025, which Farrow Creek township councillor moved the pay increase?",
            ("person",),
        ),
        (
            "What was the result when the Committee of the Whole voted on cutting winter "
            "sidewalk maintenance?",
            ("vote",),
        ),
        (
            "What did the Budget Committee decide in November 2025 about the capital budget?",
            ("outcome",),
        ),
        # What came after a decision is no single fact of it.
        ("What happened after Cabinet approved the new parking charges?", ()),
        (
            "What is the maximum discount for working-age claimants?",
            ("percentage", "amount", "count"),
        ),
    ],
)
def test_question_kinds_of_plain_phrasings(question: str, kinds: tuple[str, ...]) -> None:
    assert question_kinds(question) == kinds


def test_a_unit_of_measure_belongs_to_the_count() -> None:
    text = "The authority handled 212,340 tonnes of household waste, against 220,100 in 2022/23."
    assert spans("What tonnage of household waste did the authority handle?", text)[0] == (
        "212,340 tonnes"
    )


@pytest.mark.parametrize(
    ("question", "text", "answer"),
    [
        (
            "Did the committee put up the price of school meals for 2025/26?",
            "After debate it was agreed not to increase the price of a school meal in 2025/26.",
            "not to increase",
        ),
        (
            "Is the council going ahead with its plan to close the Kelby recycling centre?",
            "The Cabinet Member confirmed that the closure proposal will not be pursued.",
            "not be pursued",
        ),
        (
            "What did the committee do with the proposal to collect glass monthly?",
            "It was resolved that the proposal lie on the table until the March meeting.",
            "lie on the table",
        ),
    ],
)
def test_outcomes_said_in_words(question: str, text: str, answer: str) -> None:
    assert spans(question, text)[0] == answer


def _line_candidates(text: str) -> list[Candidate]:
    """One candidate per line; the attendance lines are not whole sentences."""
    found, at = [], 0
    for line in text.split("\n"):
        found.append(Candidate(1, at, at + len(line), 0.5, whole=line.endswith(".")))
        at += len(line) + 1
    return found


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "PRESENT:   Councillor B Ashdown (Chair), Councillors Cole, Dean and Evans\n"
            "The Committee considered the report on the library service.",
            "Councillor B Ashdown",
        ),
        (
            "Present:   Cllrs P. Dunmore, A. Farrell and L. Pike\n"
            "In the Chair:   Cllr A. Farrell (Vice-Chairman)\n"
            "The Council considered the report on the library service.",
            "Cllr A. Farrell",
        ),
        (
            "Present:   Cllr G Ledger (Deputy Chair, in the Chair), Cllr H Moss, Cllr J Nunn\n"
            "The Authority considered the report on the library service.",
            "Cllr G Ledger",
        ),
        (
            "PRESENT:   Councillors Farrow (Chair), Gale and Hurst\n"
            "The Sub-Committee considered the report on the library service.",
            "Farrow",
        ),
    ],
)
def test_the_chair_is_read_from_the_attendance_lines(text: str, answer: str) -> None:
    question = "Who chaired the meeting that considered the library service?"
    found = best_span(question, _line_candidates(text), [text])
    assert found is not None
    span, _ = found
    assert text[span.start : span.end] == answer


@pytest.mark.parametrize(
    ("question", "text", "answer"),
    [
        (
            "How many housing estates did the district agree to take in charge?",
            "Statutory procedures were complete for the following five residential estates, "
            "comprising 187 houses in total.",
            "five residential estates",
        ),
        (
            "How many second homes are on the register?",
            "There were 1,520 second homes and 640 long-term empty dwellings on the register.",
            "1,520 second homes",
        ),
        (
            "How many bags or containers of garbage may a household put out?",
            "Households may set out up to three bags of garbage every other week, against 12 "
            "containers of recycling.",
            "three bags",
        ),
    ],
)
def test_the_counted_thing_is_the_head_noun(question: str, text: str, answer: str) -> None:
    assert spans(question, text)[0] == answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("When does the consultation on the savings options close?", "Friday, 9 January 2026"),
        ("What is the closing date for the consultation on savings?", "Friday, 9 January 2026"),
        ("By what date must responses on the savings options be in?", "Friday, 9 January 2026"),
        ("When is the consultation on the savings options launched?", "Monday, 1 December 2025"),
    ],
)
def test_a_date_of_the_end_or_of_the_start_as_asked(question: str, answer: str) -> None:
    text = (
        "That public consultation on the savings options be launched on Monday, 1 December "
        "2025 and close on Friday, 9 January 2026."
    )
    assert spans(question, text)[0] == answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("When did the public consultation on the budget close?", "5 January 2024"),
        ("When did the public consultation on the budget start?", "20 November 2023"),
    ],
)
def test_the_dates_of_a_range_are_its_start_and_its_end(question: str, answer: str) -> None:
    text = (
        "The public consultation on the budget had run from 20 November 2023 to 5 January 2024 "
        "and had attracted 2,406 responses."
    )
    assert spans(question, text)[0] == answer


def test_a_closure_with_effect_from_a_date_closes_on_that_date() -> None:
    # ("with effect from" gives the date the closing takes effect: no start, so the date
    # another sentence says a period "ended on" does not win)
    text = (
        "The objection period on the proposal had ended on 14 October 2024.\n"
        "Cabinet approves the proposal to close Ysgol Bryn Derw with effect from 31 August "
        "2025 and to transfer its pupils to Ysgol Glan from 1 September 2025."
    )
    candidates = [Candidate(1, 0, 67, 0.3), Candidate(1, 68, len(text), 0.75)]
    found = best_span("On what date will Ysgol Bryn Derw close?", candidates, [text])
    assert found is not None
    assert text[found[0].start : found[0].end] == "31 August 2025"


def test_what_is_the_deadline_asks_for_a_date_whatever_money_follows() -> None:
    assert question_kinds("What is the deadline for spending the growth deal money?") == ("date",)


def test_the_part_after_of_which_answers_how_many_of_them() -> None:
    text = (
        "The scheme would provide 142 homes, of which 49 would be affordable: 31 homes at "
        "social rent and 18 homes for shared ownership."
    )
    assert spans("How many of the homes in the scheme will be affordable?", text)[0] == "49"


def test_a_bodys_share_of_a_bill_asks_for_the_sum() -> None:
    assert question_kinds("What will the police share of a Band D council tax bill be?") == (
        "amount",
        "percentage",
    )
    assert question_kinds("What share of the budget goes to schools?") == ("percentage",)
