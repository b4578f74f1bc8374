"""A figure the minutes give for another period than the one the question names is no short
answer ("delivered 1,028 homes in 2023" for "how many … in 2022?"), and a question's year is
the meeting's date only when the words before it say a sitting or a decision ("the Board agreed
on 21 March 2024"), not any verb after "Council" ("did Fingal County Council deliver in 2022")."""

from __future__ import annotations

from rag.answers.periods import figure_periods
from rag.answers.short import ShortWeights
from tests.short_spans import best_of_one as _best


def test_a_figure_for_another_year_is_no_answer() -> None:
    text = "In 2023, 1,028 new social homes were delivered against a target of 871."
    assert _best("How many new social homes did the Council deliver in 2022?", text) is None
    after = "The Council delivered 1,028 new social homes in 2023 against a target of 871."
    assert _best("How many new social homes did the Council deliver in 2022?", after) is None
    assert _best("How many new social homes did the Council deliver in 2023?", after) is not None
    assert _best("How many new social homes did the Council deliver in 2023?", text) is not None
    # (the veto is a setting: without it the figure is still offered)
    assert (
        _best(
            "How many new social homes did the Council deliver in 2022?",
            text,
            ShortWeights(period_veto=False),
        )
        is not None
    )


def test_the_figure_for_the_year_asked_is_kept_beside_one_for_another() -> None:
    text = "The return was 6.1% in 2022/23 against 8.4% in 2023/24."
    assert _best("What percentage return was made in 2023/24?", text) == "8.4%"


def test_a_meeting_date_in_the_question_is_no_period_of_the_figure() -> None:
    text = "In 2025, £95 million will be moved into infrastructure."
    at = text.index("£95")
    span = [(at, at + len("£95 million"))]
    # "agreed on <date>": when the meeting decided, not the figure's period
    assert figure_periods("How much did the Board agree on 21 March 2024?", text, span) == [0]
    assert figure_periods("How much will the Fund move in 2024?", text, span) == [-1]
    assert figure_periods("How much did Essex County Council move in 2024?", text, span) == [-1]


def test_that_year_is_the_year_said_last_before_it() -> None:
    text = (
        "The Committee noted that the scale fee for the 2024/25 audit was £166,210, compared "
        "with a fee of £64,300 for 2023/24 plus fee variations of £18,750 for that year."
    )
    at = text.index("£18,750")
    assert figure_periods("What is the audit fee for 2024/25?", text, [(at, at + 7)]) == [-1]
    assert _best("What is the external audit fee for the 2024/25 accounts?", text) == "£166,210"
