"""Post-generation checks of an answer against the passages it cites (pure functions, no LLM).

:func:`verify_answer` splits generated text into sentences and checks each one: it must cite
with ``[n]``, only cite passages that were retrieved, every figure, date and quoted phrase in it
must appear in the passages it cites, and so must its names, links and most of its content
words (:mod:`.grounding`). :func:`render_checked` turns the checked claims back into text,
dropping or flagging the sentences that failed.

Figures are compared by value, so "£2.1m" matches "£2.1 million" and "£2,100,000", "2,000"
matches "2000", "22 November 2022" matches "22/11/2022", and a passage's "three" supports "3".

Figures read by OCR from a scanned page are lower confidence: the words may match the passage
and still differ from the PDF. :func:`flag_ocr_figures` lists, on each claim (``ocr_figures``)
and in one notice, the figures and dates found *only* in OCR'd passages; the claim stays
supported (it says what the text says), but the reader is told to check those figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from ..dates import MONTH_NAME, month_number
from ..models import Answer, Claim, Passage
from ..text import WORD_NUMBERS, is_abbreviation
from .base import MARKER, markers_in
from .grounding import Vocabulary, grounding_problems, vocabulary, without_instructions

__all__ = [
    "Mention",
    "flag_ocr_figures",
    "mentions_in",
    "ocr_figures",
    "render_checked",
    "split_answer",
    "verify_answer",
    "verify_sentences",
]

_MONTH = rf"({MONTH_NAME})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.I)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(\d{{4}})\b", re.I)),
    ("ymd", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("num", re.compile(r"(?<![\d.])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/])")),
    ("my", re.compile(rf"\b{_MONTH},?\s+(\d{{4}})\b", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![\w.])", re.I)),
)
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}
_NUMBER = re.compile(
    r"(?<![\w.])(?P<cur>[£$€]\s?)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?:\s*(?P<pct>%|per\s*cent\b|percent\b)"
    r"|\s*(?P<mult>thousand|million|billion)\b|\s?(?P<abbr>k|mn|m|bn)\b)?",
    re.I,
)
_WORD_NUMBER = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.I)

# Generated answers are split with their own boundary rule, not rag.text.split_sentences: a
# sentence's citation markers follow its full stop ("… £2m. [1] Next …") and belong to it, and
# a lower-case continuation never starts a claim. Abbreviations are rag.text's.
_BOUNDARY = re.compile(r"[.!?]+[\"”’')]*(?:\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])*(?=\s|$)")
_LIST_NUMBER = re.compile(r"\s*\d{1,2}\.")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")
_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u201a": "'",
                              "–": "-", "—": "-"})  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A figure or date found in text: its kind, the words as written, and the values it can mean.

    ``kind`` is "date" (values are ``(y, m, d)``), "month" (``(y, m)``), "daymonth" (``(m, d)``),
    "percent" or "number" (values are :class:`~decimal.Decimal`).
    """

    kind: str
    shown: str
    values: frozenset[object]


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _date_mention(style: str, m: re.Match[str]) -> Mention | None:
    g = m.groups()
    kind = {"my": "month", "dm": "daymonth"}.get(style, "date")
    parts: tuple[int, ...]
    if style == "dmy":
        parts = (_year(g[2]), month_number(g[1]), int(g[0]))
    elif style == "mdy":
        parts = (_year(g[2]), month_number(g[0]), int(g[1]))
    elif style == "ymd":
        parts = (int(g[0]), int(g[1]), int(g[2]))
    elif style == "num":
        parts = (_year(g[2]), int(g[1]), int(g[0]))
    elif style == "my":
        parts = (int(g[1]), month_number(g[0]))
    else:
        parts = (month_number(g[1]), int(g[0]))
    try:  # a real calendar day? (2000 is a leap year, so "29 February" alone stands)
        if kind == "date":
            date(*parts)
        elif kind == "daymonth":
            date(2000, *parts)
    except ValueError:
        return None
    return Mention(kind, m.group(0).strip(), frozenset([parts]))


def _number_mention(m: re.Match[str]) -> Mention:
    value = Decimal(m.group("int").replace(",", "") + (m.group("frac") or ""))
    if m.group("pct"):
        return Mention("percent", m.group(0).strip(), frozenset([value]))
    word, abbr = m.group("mult"), m.group("abbr")
    if word:
        values = {value * _MULTIPLIERS[word.lower()]}
    elif abbr:
        scaled = value * _MULTIPLIERS[abbr.lower()]
        # "£9m" is nine million; a bare "200m" may be metres, so either reading will do.
        values = {scaled} if m.group("cur") else {scaled, value}
    else:
        values = {value}
    return Mention("number", m.group(0).strip(), frozenset(values))


def mentions_in(text: str) -> list[Mention]:
    """Dates and figures in ``text`` (citation markers ignored), in order of appearance."""
    chars = list(MARKER.sub(lambda m: " " * len(m.group(0)), text))
    found: list[tuple[int, Mention]] = []
    for style, pattern in _DATE_PATTERNS:
        for m in pattern.finditer("".join(chars)):
            mention = _date_mention(style, m)
            if mention is None:
                continue
            found.append((m.start(), mention))
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _NUMBER.finditer("".join(chars)):
        found.append((m.start(), _number_mention(m)))
    return [mention for _, mention in sorted(found, key=lambda pair: pair[0])]


_KINDS = ("date", "month", "daymonth", "percent", "number")


@dataclass
class _Facts:
    """Everything a passage can support: values by kind, its normalised text for quotes, and
    its words and links."""

    text: str
    vocabulary: Vocabulary
    values: dict[str, set[object]] = field(default_factory=lambda: {k: set() for k in _KINDS})


def _passage_facts(passage: Passage) -> _Facts:
    cite = passage.citation
    item = f"item {cite.item_number}" if cite.item_number else None
    header = [cite.council, cite.committee, item, cite.item_title, cite.url]
    if cite.meeting_date is not None:
        header.append(cite.meeting_date.strftime("%-d %B %Y"))
    elif cite.year is not None:
        header.append(str(cite.year))
    # A sentence of the passage addressed to the model supports nothing, not even a figure.
    text = without_instructions(passage.text) + "\n" + " | ".join(h for h in header if h)
    facts = _Facts(text=_normalise(text), vocabulary=vocabulary(text))
    numbers = facts.values["number"]
    for mention in mentions_in(text):
        facts.values[mention.kind] |= mention.values
        for value in mention.values:
            if not isinstance(value, tuple):
                numbers.add(value)  # a percentage's value also stands as a plain number
            elif mention.kind == "date":
                y, mo, d = value
                facts.values["month"].add((y, mo))
                facts.values["daymonth"].add((mo, d))
                numbers.update((Decimal(y), Decimal(d)))
            else:  # (year, month) or (month, day): the year or day may be written alone
                numbers.add(Decimal(value[0] if mention.kind == "month" else value[1]))
    numbers.update(Decimal(WORD_NUMBERS[w.lower()]) for w in _WORD_NUMBER.findall(text))
    return facts


def _normalise(text: str) -> str:
    text = text.translate(_QUOTE_CHARS).replace("&lt;", "<").replace("&gt;", ">")
    return " ".join(text.lower().split())


def _quotes_in(text: str) -> Iterator[str]:
    for m in _QUOTED.finditer(text):
        phrase = m.group(1) or m.group(2)
        if len(re.findall(r"\w+", phrase)) >= 3:
            yield phrase.strip()


def _quote_found(phrase: str, facts: Sequence[_Facts]) -> bool:
    parts = [_normalise(p).strip(" .,;:!?'\"") for p in re.split(r"\.\.\.|…|\[\.*…?\]", phrase)]
    parts = [p for p in parts if p]
    return any(all(p in f.text for p in parts) for f in facts)


def _check(
    body: str, markers: list[int], passages: Sequence[Passage], cache: dict[int, _Facts]
) -> list[str]:
    if not markers:
        return ["no citation"]
    problems = [
        f"cites [{m}], which was not retrieved" for m in markers if not 1 <= m <= len(passages)
    ]
    cited = [m for m in markers if 1 <= m <= len(passages)]
    if not cited:
        return problems
    for m in cited:
        if m not in cache:
            cache[m] = _passage_facts(passages[m - 1])
    facts = [cache[m] for m in cited]
    where = ("passage " if len(cited) == 1 else "passages ") + ", ".join(map(str, cited))
    for mention in mentions_in(body):
        if not any(mention.values & f.values[mention.kind] for f in facts):
            problems.append(f"{mention.shown} is not in {where}")
    for phrase in _quotes_in(body):
        if not _quote_found(phrase, facts):
            problems.append(f'quote "{phrase}" is not in {where}')
    return problems + grounding_problems(body, [f.vocabulary for f in facts], where)


def _is_heading(line: str) -> bool:
    if markers_in(line):
        return False
    stripped = line.strip()
    plain = stripped.strip("*_ ")
    return (
        stripped.startswith("#")
        or (stripped.startswith("**") and stripped.rstrip(":").endswith("**"))
        or (plain.endswith(":") and len(plain.split()) <= 8)
        or not re.search(r"\w", plain)
    )


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        before = re.search(r"([\w.]+)$", line[start : m.start()])
        word = before.group(1) if before else ""
        rest = line[m.end() :].lstrip()
        if line[m.start()] == "." and is_abbreviation(word, rest[:1]):
            continue
        if (rest and rest[0].islower()) or _LIST_NUMBER.fullmatch(line[start : m.end()]):
            continue
        pieces.append(line[start : m.end()])
        start = m.end()
    pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_answer(text: str) -> list[str]:
    """The sentences of generated ``text`` that :func:`verify_answer` checks, in order: a
    sentence keeps the markers after its full stop, headings are left out."""
    sentences: list[str] = []
    for line in text.splitlines():
        if not line.strip() or _is_heading(line):
            continue
        for piece in _split_line(line):
            if not MARKER.sub("", piece).strip(" .,;:") and sentences:
                sentences[-1] = f"{sentences[-1]} {piece}"  # a lone "[2]" cites the sentence before
            elif re.search(r"\w", MARKER.sub("", piece)):
                sentences.append(piece)
    return sentences


def verify_answer(text: str, passages: Sequence[Passage]) -> list[Claim]:
    """One :class:`Claim` per sentence of ``text``, checked against the passages it cites.

    ``[n]`` cites ``passages[n - 1]``. A claim is supported when it has a marker, every marker
    names a retrieved passage, its figures, dates and quoted phrases (3+ words) all appear in a
    cited passage (its text or its citation's council, committee, date, item), and its names,
    links and content words pass :func:`.grounding.grounding_problems`.
    """
    return verify_sentences(split_answer(text), passages)


def verify_sentences(sentences: Sequence[str], passages: Sequence[Passage]) -> list[Claim]:
    """:func:`verify_answer` for sentences already split with :func:`split_answer`."""
    claims: list[Claim] = []
    cache: dict[int, _Facts] = {}
    for sentence in sentences:
        body = _BULLET.sub("", sentence)
        markers = markers_in(body)
        problems = _check(body, markers, passages, cache)
        ids: list[str] = []
        for m in markers:
            if 1 <= m <= len(passages) and passages[m - 1].citation.id not in ids:
                ids.append(passages[m - 1].citation.id)
        claims.append(
            Claim(
                text=sentence,
                markers=markers,
                citation_ids=ids,
                supported=not problems,
                problems=problems,
            )
        )
    return claims


def ocr_figures(text: str, passages: Sequence[Passage]) -> list[str]:
    """The figures and dates of ``text`` that its passages hold only in text read by OCR (a
    figure also in a text-layer passage, or in none, is not listed)."""
    read = [p for p in passages if p.citation.ocr]
    if not read:
        return []
    facts = [(p.citation.ocr, _passage_facts(p)) for p in passages]
    flagged: list[str] = []
    for mention in mentions_in(MARKER.sub("", text)):
        holders = [ocr for ocr, f in facts if mention.values & f.values[mention.kind]]
        if holders and all(holders) and mention.shown not in flagged:
            flagged.append(mention.shown)
    return flagged


def flag_ocr_figures(answer: Answer) -> None:
    """Mark ``answer``'s claims (and its short answer) whose figures come only from OCR text,
    and add one notice naming them."""
    by_id = {p.citation.id: p for p in [*answer.evidence, *answer.passages]}
    shown: list[str] = []
    for claim in answer.claims:
        cited = [by_id[i] for i in claim.citation_ids if i in by_id]
        claim.ocr_figures = ocr_figures(claim.text, cited)
        shown += [f for f in claim.ocr_figures if f not in shown]
    short = answer.short_answer
    if short is not None and short.passage_id in by_id:
        for figure in ocr_figures(short.text, [by_id[short.passage_id]]):
            if figure not in shown:
                shown.append(figure)
    if shown:
        # Amounts, percentages, dates and long numbers first: a misread "£3,473,000" matters
        # more than a vote count.
        shown.sort(key=lambda f: not (re.search(r"[£$€%/]|\d{3}|[A-Za-z]", f)))
        listed = ", ".join(shown[:6]) + (", …" if len(shown) > 6 else "")
        answer.notices.append(
            f"Read by OCR from a scanned page, so lower confidence: {listed} — check against "
            "the PDF."
        )


def render_checked(claims: Sequence[Claim], mode: Literal["drop", "flag"]) -> tuple[str, list[str]]:
    """The text to show and the notices to go with it.

    ``"drop"`` leaves unsupported sentences out; ``"flag"`` keeps them, prefixed with
    ``[unsupported: reason]``. List items start a new line; other sentences run on.
    """
    shown: list[str] = []
    failed = 0
    for claim in claims:
        sentence = claim.text
        if not claim.supported:
            failed += 1
            if mode == "drop":
                continue
            reason = "; ".join(claim.problems) or "not supported"
            bullet = _BULLET.match(sentence)
            cut = bullet.end() if bullet else 0
            sentence = f"{sentence[:cut]}[unsupported: {reason}] {sentence[cut:]}"
        shown.append(sentence)
    text, in_list = "", False
    for sentence in shown:
        is_item = bool(_BULLET.match(sentence))
        joiner = "\n" if is_item or in_list else " "
        text, in_list = (f"{text}{joiner}{sentence}" if text else sentence), is_item
    notices: list[str] = []
    if failed:
        verb = "Dropped" if mode == "drop" else "Flagged"
        noun = "sentence" if failed == 1 else "sentences"
        notices.append(f"{verb} {failed} {noun} the cited minutes do not support.")
    return text, notices
