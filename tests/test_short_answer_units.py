"""A short answer carries what its figure counts or is paid for: a count the plural noun of
the phrase after it ("14 homes for affordable rent" → "14 homes", "1,028 new social homes"),
an amount its rate ("$2.00 per hour", "£95 million a year"); and for "how many of the …" the
part of a partitive count is the answer, not the whole ("287 of the 1,028 homes")."""

from __future__ import annotations

from rag.answers.short import Candidate, best_span
from tests.short_spans import best_of_one as _best


def test_a_count_carries_the_things_it_counts() -> None:
    text = (
        "The scheme would provide 20 affordable homes, made up of 14 homes for affordable "
        "rent and 6 for shared ownership."
    )
    assert _best("How many affordable homes would the scheme provide?", text) == (
        "20 affordable homes"
    )
    # (the question need not name them: "how many were to be let at an affordable rent?")
    rent = "The scheme is made up of 14 homes for affordable rent and 6 for shared ownership."
    assert _best("Of the homes, how many were to be let at an affordable rent?", rent) == (
        "14 homes"
    )
    wrapped = "Fingal delivered 1,028 new social\nhomes in the year."
    assert _best("How many social homes did Fingal deliver?", wrapped) == (
        "1,028 new social\nhomes"
    )


def test_a_count_without_a_plural_noun_after_it_stands_alone() -> None:
    text = "The number of complaints had fallen from 1,240 to 980 over the year."
    answer = _best("How many complaints were there at the end of the year?", text)
    assert answer in ("980", "1,240")  # (either figure; no words taken after it)
    single = "Only 1 application was refused."
    assert _best("How many applications were refused?", single) == "1 application"


def test_an_amount_carries_its_rate() -> None:
    text = "The proposal would raise the downtown meter rate to $2.00 per hour from July."
    assert _best("How much would an hour at a downtown meter cost?", text) == "$2.00 per hour"
    yearly = "The contract is worth £1.2 million a year to the operator."
    assert _best("How much is the contract worth?", yearly) == "£1.2 million a year"
    # (a percentage is no rate: "per cent" stays the percentage's own)
    plain = "Fees rose by £40 on 1 April."
    assert _best("How much did fees rise by?", plain) == "£40"


def test_how_many_of_asks_for_the_part() -> None:
    text = (
        "In 2023, 287 of the 1,028 new social homes delivered came through acquisitions "
        "and turnkey purchases."
    )
    assert _best("How many of the social homes came through acquisitions?", text) == "287"
    assert _best("How many social homes were delivered in 2023?", text) == (
        "1,028 new social homes"
    )


def test_a_figure_the_question_states_is_not_the_answer() -> None:
    text = (
        "Part 8 – construction of 28 social housing units at Mill Road. A total of 19 "
        "submissions were received."
    )
    question = "How many submissions were received on the proposal for 28 social homes?"
    assert _best(question, text) == "19 submissions"
    assert (
        _best("How much was offered above £350,000?", "The offer rose from £350,000 to £412,560.")
        == "£412,560"
    )


def test_a_majority_or_margin_asks_for_the_vote() -> None:
    from rag.answers.short import question_kinds

    assert question_kinds("What was the majority for the budget motion?") == ("vote",)
    assert question_kinds("How large was the margin on the amendment?") == ("vote",)
    assert question_kinds("What was the majority view of respondents?") != ("vote",)


def test_the_counted_phrase_ends_at_its_first_plural() -> None:
    text = (
        "A staff reference group was formed where eighteen members of social worker staff "
        "nominated themselves to represent all staff."
    )
    assert _best("How many agency social workers?", text) == (
        "eighteen members of social worker staff"
    )


def test_a_headings_item_number_is_no_count() -> None:
    text = (
        "4 Scottish Welfare Fund and Discretionary Housing Payments\n"
        "There was submitted a report by the Director of Finance relative to the Scottish "
        "Welfare Fund for the period 1 April to 31 December 2023."
    )
    question = "How many Scottish Welfare Fund crisis grants were given out in 2023?"
    assert _best(question, text) is None  # (the sentence gives no count; "4" is the item's)
    # (a count that starts a line of prose is still one)
    prose = "The report said that\n14 Homes were delivered in the year."
    assert _best("How many homes were delivered?", prose) == "14 Homes"


def test_a_date_said_to_end_what_is_asked_beats_a_date_said_of_nothing() -> None:
    heading = (
        "PROPOSAL TO ESTABLISH A WELSH-MEDIUM PRIMARY SCHOOL AT MAESTEG FIELDS\n"
        "The Cabinet Member reported that the proposed Welsh-medium primary school at Maesteg "
        "Fields would open in September 2027."
    )
    dates = (
        "The statutory consultation would run from 15 January 2025 to 28 February 2025, with "
        "sessions at the library."
    )
    question = "When does the consultation on the Maesteg Fields Welsh-medium school end?"
    texts = [heading + " " + dates]
    candidates = [
        Candidate(1, 0, len(heading), 1.0),
        Candidate(1, len(heading) + 1, len(texts[0]), 0.8),
    ]
    found = best_span(question, candidates, texts)
    assert found is not None
    assert texts[0][found[0].start : found[0].end] == "28 February 2025"
