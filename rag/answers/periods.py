"""Which period a figure in minutes is given for, against the period a question asks about.

Minutes set this year's figure beside last year's and the quarter's beside the year's ("the
value of the Fund had risen to £8.14bn at 31 December 2023, from £7.62bn at 30 September 2023
and £7.95bn at 31 December 2022"). A question that names its period ("worth at the end of
December 2023") is answered by the figure given for it. The period is read from the words of
time next to a figure only; the meeting's own date in the question is no figure's period.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..dates import periods_in

__all__ = ["figure_periods", "period_cues"]

_PERIOD_REACH = 45
_GIVEN_AT = re.compile(
    r"\s*,?\s*(?:as\s+at|at|in|for|during|by|over)\s+(?:the\s+)?(?:(?:end|start|close)\s+of\s+"
    r"(?:the\s+)?)?(?:(?:financial|calendar|municipal)\s+)?(?:year\s+|quarter\s+)?(?:to\s+|ending\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?",
    re.IGNORECASE,
)
# The thing a figure counts, up to three plain words, before "in"/"during" and a period
_COUNTED = re.compile(r"(?:[ \t]+[a-z][a-z-]*){1,3}(?=[ \t]+(?:in|during)[ \t])")
_GIVEN_IN = re.compile(
    r"\b(?:in|for|during|over)\s+(?:the\s+)?(?:(?:financial|calendar)\s+)?(?:year\s+)?$",
    re.IGNORECASE,
)
_THEN_FIGURE = re.compile(
    r"\s*,?\s*(?:(?:was|were|is|it|the|total|figure|had|been|be|would|will|of)\s+){0,3}",
    re.IGNORECASE,
)
_THAT_YEAR = re.compile(
    r"\s*,?\s*(?:for|in|during|over)\s+(?:that|the\s+same)\s+(?:year|period|quarter)\b",
    re.IGNORECASE,
)
_MEETING_DATE = re.compile(
    r"\b(?:meeting|meet|met|committee|council|cabinet|board|panel|authority|forum|sub-committee|"
    # (the words between say a sitting: "Council deliver in 2022" is what it did in 2022)
    r"commission|session|budget\s+meeting)\s+(?:(?:meeting|meetings|session|sitting|held|which|"
    r"that|met|sat|was|its|agreed?|approved?|decided?|resolved?|voted?|set|considered?|"
    r"discussed?|heard?|noted?|recommended?)\s+){0,2}(?:on|in|of|held\s+on)\s+"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:of\s+)?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=256)
def _asked_periods(question: str) -> tuple[frozenset[int], frozenset[int]]:
    """The months and years a question names, but the meeting's date ("… taken by the Pension
    Fund Committee on 21 March 2024", "at its meeting in March 2024")."""
    months: set[int] = set()
    years: set[int] = set()
    for m, y, start, _ in periods_in(question):
        if _MEETING_DATE.search(question[max(0, start - 60) : start]):
            continue
        months |= m
        years |= y
    return frozenset(months), frozenset(years)


def _period_cue(question: str, text: str, start: int, end: int) -> int:
    """Whether a figure is given for a period the question names (1), for another (-1:
    "worth at the end of December 2023" is not "£7.95bn at 31 December 2022" nor "£7.62bn at
    30 September 2023"), or for none said (0)."""
    months, years = _asked_periods(question)
    if not years:
        return 0
    # The period a figure is given for is said by a word of time right after it ("£8.14bn at
    # 31 December 2023", "6.1% in 2022/23") or before it ("In 2023/24, 1,460 …", "for 2024
    # was €2,184,600"); a year after other words is another thing's ("an increase of 4.6 per
    # cent on the 2023 allocation", "between 6 November and 8 December 2023, and 9,846 …").
    after = text[end : end + _PERIOD_REACH]
    given = [p for p in periods_in(after) if _GIVEN_AT.fullmatch(after[: p[2]])][:1]
    if not given and (counted := _COUNTED.match(text, end)) is not None:
        # ("1,028 new social homes in 2023": the period after the thing counted)
        after = text[counted.end() : counted.end() + _PERIOD_REACH]
        given = [p for p in periods_in(after) if _GIVEN_AT.fullmatch(after[: p[2]])][:1]
    if not given and _THAT_YEAR.match(text, end) is not None:
        # ("a fee of £71,430 for 2022/23 plus fee variations of £24,900 for that year": the
        # year said last before it)
        given = periods_in(text[:start])[-1:]
    if not given:
        before = text[max(0, start - _PERIOD_REACH) : start]
        given = [
            p
            for p in periods_in(before)
            if _GIVEN_IN.search(before[: p[2]]) and _THEN_FIGURE.fullmatch(before[p[3] :])
        ][-1:]
    if not given:
        return 0
    said_months, said_years, _, _ = given[0]
    # (one holds the other: "December 2023" is in 2023/24; 2022/23 is not 2023/24)
    same_years = said_years <= years or years <= said_years
    if not same_years or (said_months and months and not said_months & months):
        return -1
    return 1


def figure_periods(question: str, text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """For each figure, whether it is given for the period the question names (1), for
    another (-1), or for none said (0)."""
    return [_period_cue(question, text, start, end) for start, end in spans]


def period_cues(question: str, text: str, spans: Sequence[tuple[int, int]]) -> list[float]:
    """Cues from the periods a sentence's figures are given for: +0.5 for the period asked,
    -0.5 for another, and only in a sentence that gives some figure for another period
    (minutes set this year's figure beside last year's, the quarter's beside the year's);
    where none does, the question's year is every figure's ("the total allocation for 2024
    was €2,184,600, made up as follows: …") and tells none apart."""
    said = figure_periods(question, text, spans)
    if -1 not in said:
        return [0.0] * len(said)
    return [0.5 * s for s in said]
