"""Officers a question asks about in other words than "presented", chosen on facts v
(development since its second look, fifteenth session): "Who took Cabinet through the detail
…", "Who fielded members' questions …", "Which officer presented …" when a councillor
introduced the same report, and an officer named without a title after "presented by" or
after "and". Each fails without its change."""

from __future__ import annotations

from rag.answers.persons import person_spans, role_asked
from rag.answers.short import ShortWeights
from tests.short_spans import best_of_one


def test_which_officer_presented_is_not_the_councillor_who_introduced_it() -> None:
    text = (
        "Members considered the report on garden waste charges for 2025/26, introduced by "
        "Councillor Skerrett and presented by Craig Elmsworth."
    )
    question = "Which officer presented the garden waste report?"
    assert best_of_one(question, text) == "Craig Elmsworth"


def test_who_took_members_through_the_detail_presented_it() -> None:
    question = "Who took Cabinet through the detail of the half-year revenue forecast?"
    assert role_asked(question) == "presented"
    text = (
        "The Cabinet Member for Finance, Mr Langridge, introduced the report, and Andrea "
        "Kilbride, Executive Director of Finance and Corporate Services, presented the detail."
    )
    assert best_of_one(question, text) == "Andrea Kilbride"


def test_who_fielded_the_questions_is_the_one_who_answered_them() -> None:
    question = "Who fielded panel members' detailed budget questions?"
    assert role_asked(question) == "answered"
    text = (
        "The Commissioner, Lydia Harcourt-Bell, presented her proposal and Owen Pritchett, "
        "Chief Finance Officer, answered Members' questions on the detail of the budget."
    )
    cues = {text[a:b]: cue for a, b, cue in person_spans(question, text)}
    assert cues["Owen Pritchett"] == 1.0
    assert cues["Lydia Harcourt-Bell"] == 0.0
    assert best_of_one(question, text) == "Owen Pritchett"


def test_a_span_under_the_floor_answers_only_when_it_stands_out() -> None:
    """The margin rule, isolated: a floor no span reaches, so only the margin can answer."""

    def best(question: str, text: str, weights: ShortWeights) -> str | None:
        return best_of_one(question, text, weights, score=0.5)

    by_margin = ShortWeights(floor=10.0, margin=0.3, margin_floor=0.0, confidence=None)
    alone = "The Council paid the operator a management fee of £310,000 a year."
    question = "What does Fenland pay its leisure operator each year?"
    assert best(question, alone, by_margin) == "£310,000 a year"
    # two sums the question's words speak for alike: neither stands out
    tied = "The contract was worth £310,000 or £290,000 a year to the operator."
    assert best("What was the contract worth?", tied, by_margin) is None
    # the margin turned off (no rival can trail by 9): the floor alone decides
    assert (
        best(
            question, alone, ShortWeights(floor=10.0, margin=9.0, margin_floor=0.0, confidence=None)
        )
        is None
    )
