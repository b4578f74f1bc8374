"""Dates as minutes write them and as the tool shows them: one month table, one reader, one
set of labels.

* reading: :func:`find_date` / :func:`parse_date` (a meeting date in running text, UK day-month
  order), :func:`parse_date_bound` (a ``--since``/``--until`` value), :data:`MONTH_NAME` and
  :func:`month_number` for patterns elsewhere (time phrases in questions, figures in answers);
* showing: :func:`format_meeting_date` ('22 Nov 2022', or the year alone), :func:`day_label`
  and :func:`range_label` (the same for ISO strings and ranges), :func:`month_label`
  ('Nov 2022', coverage at month precision) and :func:`time_label` (a build time). Users see
  these everywhere text is shown (terminal, app, Markdown and CSV); JSON keeps ISO dates;
* storing: :func:`date_bounds`, the days a meeting may fall on when only its year is known.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from .errors import ConfigError

__all__ = [
    "DAY_MONTH",
    "MONTH_NAME",
    "MONTH_YEAR",
    "WEEKDAY",
    "date_bounds",
    "dates_in",
    "day_label",
    "find_date",
    "format_meeting_date",
    "month_label",
    "month_number",
    "parse_date",
    "parse_date_bound",
    "periods_in",
    "range_label",
    "time_label",
]

# Every English month name and its usual abbreviations ("sept" too), without word boundaries.
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?"
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# Dates short of a full date, as minutes write them: "March 2024", "Nov. 2022" and "1 October",
# "19th of March" (a full date is found by :func:`dates_in`).
MONTH_YEAR = re.compile(rf"\b{MONTH_NAME}\.?,?\s+\d{{4}}\b", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}\b", re.IGNORECASE)


# A period a figure is given for: a year, a month of a year, a financial year ("2023/24",
# "2023-2024"); a full date is read by its month and year ("at 31 December 2023").
_PERIOD = re.compile(
    rf"\b(?:(?P<month>{MONTH_NAME})\.?,?\s+)?(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[/–-]\s*(?P<next>\d\d(?:\d\d)?))?(?![\d/])",
    re.IGNORECASE,
)


def periods_in(text: str) -> list[tuple[frozenset[int], frozenset[int], int, int]]:
    """Each period ``text`` names: (months, years, start, end); a financial year "2023/24"
    is both its years."""
    found: list[tuple[frozenset[int], frozenset[int], int, int]] = []
    for m in _PERIOD.finditer(text):
        year = int(m.group("year"))
        years = {year}
        if m.group("next"):
            nxt = int(m.group("next"))
            nxt = nxt if nxt >= 1000 else year // 100 * 100 + nxt
            if nxt != year + 1:
                continue  # ("2024-11" names an ordinance, not a year)
            years.add(nxt)
        months = frozenset({month_number(m.group("month"))} if m.group("month") else set())
        found.append((months, frozenset(years), m.start(), m.end()))
    return found


def month_number(name: str) -> int:
    """1–12 for a month name or abbreviation ('Sept' → 9); ``KeyError`` if it is none."""
    key = name.strip().rstrip(".")[:3].lower()
    if key not in _MONTH_KEYS:
        raise KeyError(name)
    return _MONTH_KEYS.index(key) + 1


# ------------------------------------------------------------------------------- reading
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<nd>\d{1,2})(?P<sep>[/.])(?P<nm>\d{1,2})(?P=sep)(?P<ny>\d{4}|\d{2})"
    r"|(?P<hd>\d{1,2})-(?P<hm>\d{1,2})-(?P<hy>\d{4})"
    rf"|(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<wd>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+"
    rf"(?P<wm>{MONTH_NAME})\.?,?\s+(?P<wy>\d{{4}})"
    rf"|(?:{WEEKDAY},?\s+)?(?P<am>{MONTH_NAME})\.?\s+(?P<ad>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<ay>\d{4})"
    r")(?![\w/]|\.\d)",
    re.IGNORECASE,
)


def _to_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g["iy"]:
            y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["nd"]:
            y, mo, d = int(g["ny"]), int(g["nm"]), int(g["nd"])
            if len(g["ny"]) == 2:
                y += 2000 if y < 70 else 1900
        elif g["hd"]:
            y, mo, d = int(g["hy"]), int(g["hm"]), int(g["hd"])
        elif g["wd"]:
            y, mo, d = int(g["wy"]), month_number(g["wm"]), int(g["wd"])
        else:
            y, mo, d = int(g["ay"]), month_number(g["am"]), int(g["ad"])
        if not 1900 <= y <= 2100:
            return None
        return date(y, mo, d)
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> tuple[date, str] | None:
    """First valid date in ``text`` and the words it was read from (UK day-month order)."""
    for match in _DATE.finditer(text):
        found = _to_date(match)
        if found is not None:
            return found, match.group(0)
    return None


def dates_in(text: str) -> list[tuple[date, int, int]]:
    """Every valid full date in ``text`` with where it is written (UK day-month order)."""
    found = []
    for match in _DATE.finditer(text):
        value = _to_date(match)
        if value is not None:
            found.append((value, match.start(), match.end()))
    return found


def parse_date(text: str) -> date | None:
    """Parse '22/11/2022', '22 November 2022', 'Tuesday, 14th March 2023', '2022-11-22'…"""
    found = find_date(text)
    return found[0] if found else None


def parse_date_bound(value: str, end: bool = False) -> date:
    """'2022-11-22', '22/11/2022', '2022-11', 'Nov 2022' or '2022' → a date (the end of the
    month or year when ``end``); ``ConfigError`` naming the value otherwise."""
    text = value.strip().lower()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        month = None
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = int(m[1]), int(m[2])
        elif m := re.fullmatch(r"([a-z]{3})[a-z]*\.? (\d{4})", text):
            year, month = int(m[2]), month_number(m[1])
        elif m := re.fullmatch(r"\d{4}", text):
            year = int(text)
        else:
            raise ValueError(value)
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        last = calendar.monthrange(year, month)[1]
        return date(year, month, last if end else 1)
    except (ValueError, KeyError):
        raise ConfigError(
            f"cannot read the date '{value}': use YYYY-MM-DD, DD/MM/YYYY, 'Nov 2022' or a year"
        ) from None


# ------------------------------------------------------------------------------- showing
def format_meeting_date(meeting_date: date | None, year: int | None) -> str:
    """'22 Nov 2022', the year alone when only it is known, or ''."""
    if meeting_date is not None:
        return day_label(meeting_date)
    return str(year) if year else ""


def _as_date(value: date | str) -> date | None:
    """A date, or the date an ISO string names; None for anything else (a bare year)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def day_label(value: date | str | None) -> str:
    """'22 Nov 2022' for a date or an ISO date string; a bare year (or anything else) as given;
    '' for None."""
    if value is None:
        return ""
    day = _as_date(value)
    # Not strftime's '%-d': that flag is glibc's, and the day must not be zero-padded.
    return f"{day.day} {day:%b %Y}" if day else str(value)


def range_label(first: date | str | None, last: date | str | None) -> str:
    """'2017 – 22 Nov 2022', one label when both ends are the same, '' when neither is known."""
    start, end = day_label(first), day_label(last)
    if not start or not end or start == end:
        return start or end
    return f"{start} – {end}"


def time_label(value: str) -> str:
    """'30 Nov 2026 06:14 UTC' for an ISO timestamp ('2026-11-30T06:14:38+00:00'); anything
    else as given."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.utcoffset() == timedelta(0):
        zone = " UTC"
    elif moment.tzinfo is not None:
        zone = f" {moment:%z}"
    else:
        zone = ""
    return f"{day_label(moment.date())} {moment:%H:%M}{zone}"


def month_label(value: date | str) -> str:
    """'Nov 2022' for a date or an ISO date string; a bare year (or anything else) as given."""
    day = _as_date(value)
    return f"{day:%b %Y}" if day else str(value)


# ------------------------------------------------------------------------------- storing
def date_bounds(meeting_date: date | None, year: int | None) -> tuple[str | None, str | None]:
    """Days a meeting may fall on, as ISO strings: the day itself, or its whole year."""
    if meeting_date is not None:
        return meeting_date.isoformat(), meeting_date.isoformat()
    if year:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    return None, None
