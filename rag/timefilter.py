"""Read a time filter from a question ("since May 2023", "in the 2019/20 municipal year", "latest").

:func:`read_time` gives a :class:`TimeFilter` (date range, recency flag, description, and the
question without its time words, for retrieval); :func:`apply_time` narrows explicit Filters.

UK conventions: dd/mm/yyyy; "2019/20" is the municipal year 1 May 2019 – 30 Apr 2020 (a financial
year: 1 Apr – 31 Mar); "last year" is the previous calendar year, "the past year" the 12 months to
today. A bare year counts only after a time word ("in 2019"), so "item 56", "£2019", "2,019 pupils"
are left alone; years must be 1990–2100, and a phrase starting after today is ignored.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from .dates import MONTH_NAME, month_number
from .models import Filters

__all__ = ["TimeFilter", "apply_time", "read_time"]


class TimeFilter(BaseModel):
    """The time filter read from a question."""

    model_config = ConfigDict(frozen=True)
    since: date | None = None
    until: date | None = None
    recency: bool = False
    matched: str | None = None
    description: str | None = None
    question: str = ""

    @property
    def active(self) -> bool:
        return self.since is not None or self.until is not None or self.recency


_MON = rf"\b{MONTH_NAME}\b"
_NOUNS = r"children|people|pupils|homes|houses|dwellings|residents|staff|jobs|per\s*cent|percent"
_Y = rf"(?<![£$€\w.,/])(?:199\d|20\d\d|2100)(?!\d|[.,]\d|\s*%|\s+(?:{_NOUNS})\b)"
_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_NUMBERS = {**{w: i for i, w in enumerate(_WORDS, 1)}, "few": 3, "couple of": 2}
_KIND = r"municipal|financial|fiscal|council|civic"
_ALTS = [
    rf"(?P<iy>{_Y})-(?P<im>\d\d?)-(?P<id>\d\d?)\b",
    r"(?<![\d/.])(?P<nd>\d\d?)[/.-](?P<nm>\d\d?)[/.-](?P<ny>\d{4}|\d\d)(?![\d/])",
    rf"\b(?P<dd>\d\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{_MON})\.?,?\s+(?P<dy>{_Y})",
    rf"(?P<mdm>{_MON})\.?\s+(?P<mdd>\d\d?)(?:st|nd|rd|th)?,?\s+(?P<mdy>{_Y})",
    rf"(?:(?:the\s+)?(?P<k1>{_KIND})\s+year\s+|the\s+(?=\d+\s*[/-]\s*\d+\s+(?:{_KIND})\s))?"
    rf"(?P<y1>{_Y})\s*[/-]\s*(?P<y2>\d{{4}}|\d\d)(?![\d/])(?:\s+(?P<k2>{_KIND})\s+years?\b)?",
    rf"(?P<mm>{_MON})\.?,?\s+(?:of\s+)?(?P<my>{_Y})",
    rf"(?P<the>\bthe\s+)?\b(?P<rw>this|current|past|last|previous)\s+"
    rf"(?:(?P<n>\d{{1,3}}|{'|'.join(_NUMBERS)})\s+)?(?:(?P<kind>{_KIND})\s+)?"
    r"(?P<unit>years?|months?|weeks?|days?)\b",
    rf"(?:the\s+(?:calendar\s+)?year\s+)?(?P<y>{_Y})",
]


_I = re.IGNORECASE
_POINT = re.compile("|".join(_ALTS), _I)
_NAMES = re.compile(r"\(\?P<\w+>")  # outer patterns hold points unnamed; _POINT re-reads them
_P = f"(?:{_NAMES.sub('(?:', '|'.join(_ALTS))})"
_P_ALONE = f"(?:{_NAMES.sub('(?:', '|'.join(_ALTS[:-1]))})"  # a bare year needs a time word
_P_ABSOLUTE = f"(?:{_NAMES.sub('(?:', '|'.join(_ALTS[:-2]))})"
_P_RELATIVE = f"(?:{_NAMES.sub('(?:', _ALTS[-2])})"
_EXCLUSIVE = re.compile(r"after|following|before|prior|earlier", _I)
_RULE_TEXT = {
    "range": rf"\b(?:between|from|in|during)\s+(?P<a>{_P})"
    rf"\s*(?:and|to|until|till|through|-|–|&)\s*(?P<b>{_P})",
    "since": r"\b(?P<op>since|from|after|following|as\s+of|(?:starting|beginning)"
    rf"(?:\s+(?:in|from))?)\s+(?:the\s+(?:start|beginning)\s+of\s+)?(?P<a>{_P})",
    "until": r"\b(?P<op>before|prior\s+to|earlier\s+than|until|till|through|up\s+(?:to|until)"
    r"(?:\s+and\s+including)?|(?:by|to)(?=\s+(?:the\s+)?end\s+of))"
    rf"\s+(?:(?:the\s+)?end\s+of\s+)?(?P<a>{_P})",
    "in": rf"\b(?:in|during|throughout|within|over|across)\s+(?P<a>{_P})",
    # Relative periods stand alone ("parking this year"); a date with no time word counts only
    # as "on 6 July 2021" or "the May 2023 meeting": "the May 2021 focused visit" names an
    # event, not when the meeting was.
    "relative": rf"(?P<a>{_P_RELATIVE})",
    "alone": rf"(?:\b(?:on|dated)\s+|(?=(?:{_P_ABSOLUTE})\s+(?:[\w-]+\s+)?meetings?\b))"
    rf"(?P<a>{_P_ABSOLUTE})",
    # recency adverbs are taken out of the question; recency adjectives stay in it
    "recent": r"\b(?:in\s+recent\s+(?:years|months|weeks)|most\s+recently|recently|currently"
    r"|lately|at\s+present|at\s+the\s+moment)\b",
    "latest": r"\b(?:most\s+recent|latest|newest|recent|current|up[\s-]to[\s-]date"
    r"|last\s+meeting)\b",
}
_RULES = [(name, re.compile(text, _I)) for name, text in _RULE_TEXT.items()]
# A deed done by a time, right before "by the end of …": "spent", "been implemented", "had
# completed" (what was true then, reported later)
_DONE_BY = re.compile(
    r"\b(?:\w+ed|spent|built|paid|done|made|met|sold|won|lost|sent|taken|given|gone|begun)"
    r"(?:\s+(?:in\s+full|on\s+time|so\s+far|altogether|overall|\w+ly))?\s*$",
    _I,
)
# "When (is|was) … next … meeting / due to meet" right before "after <date>".
_NEXT_AFTER = re.compile(
    r"^\s*(?:when|(?:on\s+)?what\s+(?:date|day))\b.*\b(?:next\b.{0,60}?\b(?:meet|meeting|sitting)s?"
    r"|(?:due|scheduled|set)\s+to\s+(?:next\s+)?meet)\s*$",
    _I,
)


class _Span(NamedTuple):
    start: date
    end: date
    note: str | None = None


class _Hit(NamedTuple):
    pos: int
    end: int
    since: date | None
    until: date | None
    note: str | None
    recency: bool
    strip: bool


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period(year: int, month: int | None = None) -> _Span:
    """A whole calendar year, or one month of it."""
    if month is None:
        return _Span(date(year, 1, 1), date(year, 12, 31))
    return _Span(date(year, month, 1), _month_end(year, month))


def _months_back(day: date, n: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - n, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _season(first: int, kind: str | None) -> _Span:
    """Municipal year (May–April), or financial year (April–March) when so called."""
    start = 4 if kind and kind.lower() in ("financial", "fiscal") else 5
    label = "financial" if start == 4 else "municipal"
    note = f"{first}/{(first + 1) % 100:02d} {label} year"
    return _Span(date(first, start, 1), _month_end(first + 1, start - 1), note)


def _relative(g: dict[str, str | None], today: date, words: str) -> _Span | None:
    rw, unit = (g["rw"] or "").lower(), (g["unit"] or "").lower()
    kind, n_text = g["kind"], (g["n"] or "").lower()
    note = re.sub(r"\s+", " ", words.strip().lower())
    bare = not g["the"] and not n_text and rw in ("last", "previous") and unit in ("year", "month")
    if kind or rw in ("this", "current") or bare:
        if n_text or unit not in ("year", "month"):
            return None
        back = 0 if rw in ("this", "current") else 1
        if kind:
            opens = 4 if kind.lower() in ("financial", "fiscal") else 5
            first = today.year - (today.month < opens) - back
            return _season(first, kind)._replace(note=note)
        if unit == "year":
            return _period(today.year - back)._replace(note=note)
        prev = _months_back(today.replace(day=1), back)
        return _period(prev.year, prev.month)._replace(note=note)
    n = int(n_text) if n_text.isdigit() else _NUMBERS.get(n_text, 1)
    if unit.startswith("year"):
        start = _months_back(today, 12 * n)
    elif unit.startswith("month"):
        start = _months_back(today, n)
    else:
        start = today - timedelta(days=n * (7 if unit.startswith("week") else 1))
    return _Span(start, today, note)


def _point(text: str, today: date) -> _Span | None:
    """The period one time expression names, or None if it is not a valid date."""
    if (m := _POINT.fullmatch(text.strip())) is None:
        return None
    g = m.groupdict()
    try:
        if g["iy"]:
            day = date(int(g["iy"]), int(g["im"] or 0), int(g["id"] or 0))
        elif g["nd"]:
            year = int(g["ny"] or 0)
            year += 0 if year >= 100 else 2000 if year < 70 else 1900
            day = date(year, int(g["nm"] or 0), int(g["nd"]))
        elif g["dd"]:
            day = date(int(g["dy"] or 0), month_number(g["dm"] or ""), int(g["dd"]))
        elif g["mdm"]:
            day = date(int(g["mdy"] or 0), month_number(g["mdm"] or ""), int(g["mdd"] or 0))
        elif g["y1"]:
            first, second = int(g["y1"]), int(g["y2"] or 0)
            if second == first + 1 or second == (first + 1) % 100:
                return _season(first, g["k1"] or g["k2"])
            ok = first < second <= 2100
            return _Span(date(first, 1, 1), date(second, 12, 31)) if ok else None
        elif g["mm"]:
            return _period(int(g["my"] or 0), month_number(g["mm"] or ""))
        elif g["rw"]:
            return _relative(g, today, text)
        else:
            return _period(int(g["y"] or 0))
    except (ValueError, KeyError):
        return None
    return _Span(day, day) if 1990 <= day.year <= 2100 else None


def _hits(question: str, today: date) -> list[_Hit]:
    taken: list[_Hit] = []
    for rule, regex in _RULES:
        for m in regex.finditer(question):
            if any(m.start() < h.end and h.pos < m.end() for h in taken):
                continue
            if rule in ("recent", "latest"):
                taken.append(_Hit(m.start(), m.end(), None, None, None, True, rule == "recent"))
                continue
            if (
                rule == "until"
                and m["op"].lower() in ("by", "to")
                and _DONE_BY.search(question, 0, m.start())
            ):
                # "How much had been spent by the end of March 2026?": when a figure stood,
                # which later minutes report, not which meetings to search
                continue
            a = _point(m["a"], today)
            b = _point(m["b"], today) if rule == "range" else None
            if a is None or (rule == "range" and b is None):
                continue
            excl = rule in ("since", "until") and _EXCLUSIVE.match(m["op"]) is not None
            since: date | None = a.start
            until: date | None = (b or a).end
            if rule == "since" and excl and _NEXT_AFTER.search(question[: m.start()]):
                # "When was the next Council meeting after 29 November 2023?": the minutes
                # of 29 November say, in their "date of next meeting" item.
                since, until = a.start, a.end
            elif rule == "since":
                since, until = (a.end + timedelta(days=1) if excl else a.start), None
            elif rule == "until":
                since, until = None, (a.start - timedelta(days=1) if excl else a.end)
            note = ", ".join(n for n in (a.note, b.note if b else None) if n) or None
            taken.append(_Hit(m.start(), m.end(), since, until, note, False, True))
    return sorted(taken)


_FILLER = set(
    """what was were is are has have had did does do the a an any anything which who how
when happened said say discussed decided agreed meetings meeting minutes about there show tell me
list and or of on in to for at by council committee""".split()
)


def _tidy(question: str, spans: list[tuple[int, int]]) -> str:
    text = question
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    text = re.sub(r"\s+([?.!,;:])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"(?:\s*\b(?:and|or)\b)?[,;:]?\s*([?.!])", r"\1", text)
    text = re.sub(r"^(?:[\s,;:.-]|\b(?:and|or)\b)+|[\s,;:-]+$|\s+\b(?:and|or)$", "", text, flags=_I)
    if question[:1].isupper() and text:
        text = text[0].upper() + text[1:]
    words = re.findall(r"[a-z]+", text.lower())
    return text if any(w not in _FILLER and len(w) > 2 for w in words) else question


def _fmt(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _describe(since: date | None, until: date | None, notes: list[str], recency: bool) -> str:
    if since and until:
        core = f"from {_fmt(since)} to {_fmt(until)}"
        if not notes and since == until:
            core = f"on {_fmt(since)}"
        elif not notes and (since, until) == (date(since.year, 1, 1), date(since.year, 12, 31)):
            core = f"in {since.year}"
        elif not notes and since.day == 1 and until == _month_end(since.year, since.month):
            core = f"in {since:%B %Y}"
    elif since:
        core = f"since {_fmt(since)}"
    elif until:
        core = f"up to {_fmt(until)}"
    else:
        return "most recent meetings first"
    text = f"meetings {core}" + (f" ({', '.join(notes)})" if notes else "")
    return text + (", most recent first" if recency else "")


def read_time(question: str, today: date | None = None) -> TimeFilter:
    """Read the time filter in ``question`` (relative phrases are resolved against ``today``)."""
    today = today or date.today()
    since: date | None = None
    until: date | None = None
    recency = False
    used: list[_Hit] = []
    for hit in _hits(question, today):
        lo = max(filter(None, (since, hit.since)), default=None)
        hi = min(filter(None, (until, hit.until)), default=None)
        if (hit.since and hit.since > today) or (lo and hi and lo > hi):
            continue  # a future period holds no minutes; a contradiction keeps the first reading
        since, until, recency = lo, hi, recency or hit.recency
        used.append(hit)
    if not used:
        return TimeFilter(question=question)
    notes = [h.note for h in used if h.note]
    return TimeFilter(
        since=since,
        until=until,
        recency=recency,
        matched="; ".join(question[h.pos : h.end].strip() for h in used),
        description=_describe(since, until, notes, recency),
        question=_tidy(question, [(h.pos, h.end) for h in used if h.strip]),
    )


def apply_time(filters: Filters, tf: TimeFilter) -> Filters:
    """``filters`` narrowed by ``tf``: the later ``since`` and the earlier ``until`` win.

    If the two ranges do not overlap, the explicit filters are kept unchanged.
    """
    since = max(filter(None, (filters.since, tf.since)), default=None)
    until = min(filter(None, (filters.until, tf.until)), default=None)
    if since and until and since > until:
        return filters
    return filters.model_copy(update={"since": since, "until": until})
