"""Time filters read from questions: ranges, recency, descriptions, stripping, and apply_time."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from rag.models import Filters
from rag.timefilter import TimeFilter, apply_time, read_time

TODAY = date(2026, 11, 23)  # a Monday; the 2026/27 municipal year began on 1 May 2026
D = date


# --- every form, table-driven -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "since", "until", "matched"),
    [
        # since / after (after a month or year starts the day after it ends)
        ("parking since May 2023", D(2023, 5, 1), None, "since May 2023"),
        ("parking since 2021", D(2021, 1, 1), None, "since 2021"),
        ("parking SINCE 2021", D(2021, 1, 1), None, "SINCE 2021"),
        ("parking after March 2022", D(2022, 4, 1), None, "after March 2022"),
        ("parking after 2021", D(2022, 1, 1), None, "after 2021"),
        ("parking after 6 July 2021", D(2021, 7, 7), None, "after 6 July 2021"),
        ("parking from 2020", D(2020, 1, 1), None, "from 2020"),
        ("parking since the start of 2024", D(2024, 1, 1), None, "since the start of 2024"),
        # before / prior to (up to the day before); until / up to / by end of (inclusive)
        ("parking before 2020", None, D(2019, 12, 31), "before 2020"),
        ("parking prior to June 2019", None, D(2019, 5, 31), "prior to June 2019"),
        ("parking before 22/11/2022", None, D(2022, 11, 21), "before 22/11/2022"),
        ("parking until 2021", None, D(2021, 12, 31), "until 2021"),
        ("parking up to 2021", None, D(2021, 12, 31), "up to 2021"),
        ("parking up to and including May 2021", None, D(2021, 5, 31), None),
        ("parking by end of 2021", None, D(2021, 12, 31), "by end of 2021"),
        ("parking by the end of 2021", None, D(2021, 12, 31), "by the end of 2021"),
        # in / during a year or month
        ("parking in 2019", D(2019, 1, 1), D(2019, 12, 31), "in 2019"),
        ("parking during 2019", D(2019, 1, 1), D(2019, 12, 31), "during 2019"),
        ("parking in May 2023", D(2023, 5, 1), D(2023, 5, 31), "in May 2023"),
        ("parking in Feb 2024", D(2024, 2, 1), D(2024, 2, 29), "in Feb 2024"),
        ("the May 2023 meeting on parking", D(2023, 5, 1), D(2023, 5, 31), "May 2023"),
        # municipal year (May–April) and financial year (April–March)
        ("parking in the 2019/20 municipal year", D(2019, 5, 1), D(2020, 4, 30), None),
        ("parking in 2019/20", D(2019, 5, 1), D(2020, 4, 30), "in 2019/20"),
        ("parking in 2019-20", D(2019, 5, 1), D(2020, 4, 30), "in 2019-20"),
        ("parking during 2019/2020", D(2019, 5, 1), D(2020, 4, 30), "during 2019/2020"),
        ("parking in 1999/00", D(1999, 5, 1), D(2000, 4, 30), "in 1999/00"),
        ("meetings in the 2019/20 financial year", D(2019, 4, 1), D(2020, 3, 31), None),
        # A year or municipal year with no time word describes the subject, not the meeting.
        ("budget for the 2019/20 financial year", None, None, None),
        ("parking 2019/20", None, None, None),
        ("budget in financial year 2019/20", D(2019, 4, 1), D(2020, 3, 31), None),
        ("parking in the current municipal year", D(2026, 5, 1), D(2027, 4, 30), None),
        ("parking in the last municipal year", D(2025, 5, 1), D(2026, 4, 30), None),
        # ranges
        ("parking between 2019 and 2021", D(2019, 1, 1), D(2021, 12, 31), None),
        ("parking from 2019 to 2021", D(2019, 1, 1), D(2021, 12, 31), "from 2019 to 2021"),
        ("parking between May 2019 and June 2020", D(2019, 5, 1), D(2020, 6, 30), None),
        ("parking from 2019-2021", D(2019, 1, 1), D(2021, 12, 31), "from 2019-2021"),
        # relative to today (2026-11-23)
        ("parking last year", D(2025, 1, 1), D(2025, 12, 31), "last year"),
        ("parking this year", D(2026, 1, 1), D(2026, 12, 31), "this year"),
        ("parking last month", D(2026, 10, 1), D(2026, 10, 31), "last month"),
        ("parking since last year", D(2025, 1, 1), None, "since last year"),
        ("parking in the past 2 years", D(2024, 11, 23), TODAY, "in the past 2 years"),
        ("parking over the last three years", D(2023, 11, 23), TODAY, None),
        ("parking in the last 6 months", D(2026, 5, 23), TODAY, "in the last 6 months"),
        ("parking within the past year", D(2025, 11, 23), TODAY, None),
        ("parking in the last year", D(2025, 11, 23), TODAY, None),
        ("parking past 3 months", D(2026, 8, 23), TODAY, "past 3 months"),
        ("parking in the last 2 weeks", D(2026, 11, 9), TODAY, None),
        # explicit dates (UK order)
        ("parking since 22/11/2022", D(2022, 11, 22), None, "since 22/11/2022"),
        ("parking since 22 November 2022", D(2022, 11, 22), None, "since 22 November 2022"),
        ("parking since 22nd Nov 2022", D(2022, 11, 22), None, None),
        ("parking since 2022-11-22", D(2022, 11, 22), None, None),
        ("parking on 6 July 2021", D(2021, 7, 6), D(2021, 7, 6), "on 6 July 2021"),
        ("parking on 06/07/2021", D(2021, 7, 6), D(2021, 7, 6), "on 06/07/2021"),
        ("parking on September 3, 2019", D(2019, 9, 3), D(2019, 9, 3), None),
        # several phrases combine: the later since, the earlier until
        (
            "parking since 2019, before 2021",
            D(2019, 1, 1),
            D(2020, 12, 31),
            "since 2019; before 2021",
        ),
        ("parking in 2020 since May 2020", D(2020, 5, 1), D(2020, 12, 31), None),
    ],
)
def test_read_time_forms(
    question: str, since: date | None, until: date | None, matched: str | None
) -> None:
    tf = read_time(question, today=TODAY)
    assert (tf.since, tf.until) == (since, until)
    assert tf.recency is False
    if matched is not None:
        assert tf.matched == matched
    if question.startswith("parking"):
        assert tf.question == ("parking" if since or until else question)


@pytest.mark.parametrize(
    ("question", "matched", "stripped"),
    [
        ("recent decisions on parking", "recent", "recent decisions on parking"),
        ("what is the latest on parking?", "latest", "what is the latest on parking?"),
        ("the most recent report on parking", "most recent", "the most recent report on parking"),
        ("what is currently planned for parking?", "currently", "what is planned for parking?"),
        ("what was recently said about parking?", "recently", "what was said about parking?"),
        ("parking in recent years", "in recent years", "parking"),
        ("LATEST parking update", "LATEST", "LATEST parking update"),
    ],
)
def test_recency(question: str, matched: str, stripped: str) -> None:
    tf = read_time(question, today=TODAY)
    assert tf.recency is True
    assert (tf.since, tf.until) == (None, None)
    assert tf.matched == matched
    assert tf.question == stripped
    assert tf.description == "most recent meetings first"
    assert tf.active


def test_recency_with_a_range() -> None:
    tf = read_time("latest on parking since 2024", today=TODAY)
    assert tf.recency and tf.since == D(2024, 1, 1)
    assert tf.matched == "latest; since 2024"
    assert tf.description == "meetings since 1 Jan 2024, most recent first"


# --- things that are not time expressions -----------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "what was decided at item 56?",
        "was £2019 spent on the library?",
        "are there 2,019 children waiting?",
        "Covid-19 recovery plan",
        "targets for 2030",
        "homes built: 2019 homes",
        "what happened in 1985?",
        "the 2019 local plan",
        "since the council adopted the plan",
        "what did the council decide last Tuesday about item 12/3?",
        "parking since 31/02/2023",
        "in 2030 we will be carbon neutral",
        "",
    ],
)
def test_non_time_numbers_are_untouched(question: str) -> None:
    tf = read_time(question, today=TODAY)
    assert tf == TimeFilter(question=question)
    assert not tf.active


def test_non_time_numbers_survive_next_to_a_time_phrase() -> None:
    tf = read_time("Covid-19 costs of item 56 (£2019) since 2021?", today=TODAY)
    assert tf.since == D(2021, 1, 1) and tf.until is None
    assert tf.question == "Covid-19 costs of item 56 (£2019)?"


def test_future_and_contradictory_phrases_are_ignored() -> None:
    assert read_time("parking since 2027", today=TODAY).since is None
    tf = read_time("parking since 2021 before 2019", today=TODAY)
    assert (tf.since, tf.until, tf.matched) == (D(2021, 1, 1), None, "since 2021")
    assert tf.question == "parking before 2019"


def test_today_defaults_to_the_real_date() -> None:
    assert read_time("parking this year").since == date(date.today().year, 1, 1)


# --- question stripping -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "stripped"),
    [
        ("what was said about agency staff since May 2023?", "what was said about agency staff?"),
        (
            "In 2019, what did the council decide about parking?",
            "What did the council decide about parking?",
        ),
        ("parking charges since 2019 and before 2021?", "parking charges?"),
        ("what happened on 6 July 2021 regarding parking?", "what happened regarding parking?"),
        (
            "what did the May 2023 meeting say about parking?",
            "what did the meeting say about parking?",
        ),
        ("Budget savings proposals in 2019/20", "Budget savings proposals"),
        ("what were the savings in 2021/22?", "what were the savings?"),
        ("  library   closures during 2019 ,  please ", "library closures, please"),
        # nothing meaningful would be left: keep the question as asked
        ("what happened in 2019?", "what happened in 2019?"),
        ("meetings since May 2023", "meetings since May 2023"),
        ("last year", "last year"),
    ],
)
def test_question_stripping(question: str, stripped: str) -> None:
    assert read_time(question, today=TODAY).question == stripped


# --- descriptions -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "description"),
    [
        ("parking since May 2023", "meetings since 1 May 2023"),
        ("parking in 2019", "meetings in 2019"),
        ("parking in May 2023", "meetings in May 2023"),
        ("parking on 6 July 2021", "meetings on 6 Jul 2021"),
        ("parking before 2020", "meetings up to 31 Dec 2019"),
        ("parking last year", "meetings from 1 Jan 2025 to 31 Dec 2025 (last year)"),
        ("parking between 2019 and 2021", "meetings from 1 Jan 2019 to 31 Dec 2021"),
        (
            "parking in the 2019/20 municipal year",
            "meetings from 1 May 2019 to 30 Apr 2020 (2019/20 municipal year)",
        ),
        (
            "parking in the 2019/20 financial year",
            "meetings from 1 Apr 2019 to 31 Mar 2020 (2019/20 financial year)",
        ),
        (
            "parking in the last 6 months",
            "meetings from 23 May 2026 to 23 Nov 2026 (the last 6 months)",
        ),
        ("most recent parking", "most recent meetings first"),
        ("parking", None),
    ],
)
def test_descriptions(question: str, description: str | None) -> None:
    assert read_time(question, today=TODAY).description == description


# --- apply_time -------------------------------------------------------------------------------
def test_apply_time_fills_unset_bounds_and_keeps_other_filters() -> None:
    filters = Filters(council="Trafford", committee="Executive")
    out = apply_time(filters, read_time("parking in 2019", today=TODAY))
    assert out == Filters(
        council="Trafford", committee="Executive", since=D(2019, 1, 1), until=D(2019, 12, 31)
    )
    assert filters.since is None  # the input is not changed


@pytest.mark.parametrize(
    ("explicit", "question", "expected"),
    [
        # explicit since is narrower (later): it wins; the question's until still applies
        ((D(2020, 6, 1), None), "between 2019 and 2021", (D(2020, 6, 1), D(2021, 12, 31))),
        # the question is narrower on both sides
        ((D(2018, 1, 1), D(2022, 1, 1)), "in 2019", (D(2019, 1, 1), D(2019, 12, 31))),
        # explicit until is narrower (earlier)
        ((None, D(2023, 9, 30)), "since May 2023", (D(2023, 5, 1), D(2023, 9, 30))),
        # no time phrase: explicit filters unchanged
        ((D(2020, 1, 1), None), "parking", (D(2020, 1, 1), None)),
        # no overlap: the explicit filters win outright
        ((D(2022, 1, 1), D(2022, 12, 31)), "in 2019", (D(2022, 1, 1), D(2022, 12, 31))),
    ],
)
def test_apply_time_intersects(
    explicit: tuple[date | None, date | None],
    question: str,
    expected: tuple[date | None, date | None],
) -> None:
    filters = Filters(since=explicit[0], until=explicit[1])
    out = apply_time(filters, read_time(question, today=TODAY))
    assert (out.since, out.until) == expected


def test_time_filter_is_frozen() -> None:
    tf = read_time("parking in 2019", today=TODAY)
    with pytest.raises(ValidationError):
        tf.since = None  # type: ignore[misc]
