"""Split a minutes document (plain text, Markdown, PDF text) into its agenda items.

Item headings are numbered lines such as ``1. Adoption of Minutes``, ``56 Children's Services
Improvement Update``, ``7a) Planning application``, ``Item 5: Budget``, ``## 3. Budget
monitoring`` or ``MINUTE 45/22 Title``. Numbered lists inside an item (``RESOLVED: 1. That …;``)
must not become items, so a heading has to look like a title (short, not a sentence, no
trailing ``;``), numbers must increase, and a run of numbers that restarts at 1 inside an item
is a list. Without numbered headings, Markdown or UPPER-CASE headings are used instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rag.dates import find_date
from rag.models import AgendaItem, ItemSpan

from ..inference import HEADER_CHARS, find_councils, text_provenance
from .moderngov import strip_link_noise

__all__ = ["MAX_GAP", "PREAMBLE_MIN_CHARS", "PREAMBLE_TITLE", "split_minutes"]

PREAMBLE_TITLE = "Preamble"
PREAMBLE_MIN_CHARS = 150
"""Text before the first item is kept as a preamble item only when at least this long."""
MAX_GAP = 6
"""Largest jump between consecutive item numbers (items withdrawn, taken elsewhere)."""
_MAX_HEADING_LINE = 300

_NUMBERED = re.compile(
    r"^(?P<md>\#{1,6}[ \t]*)?(?P<bold>\*\*|__)?[ \t]*"
    # (Welsh: "Cofnod 87 / Minute 87", "Eitem 4 / Item 4")
    r"(?:(?P<kw>agenda[ \t]+item|item|minute|min\.?|cofnod|eitem)[ \t]*(?:no\.?[ \t]*)?)?"
    # ("O&S/14": a committee's initials may join with "&")
    r"(?P<num>\d{1,3}/\d{2,4}|[A-Z][A-Z&]{0,4}/\d{1,4}|(?:19|20)\d{2}[./]\d{2,4}(?=\s)"
    # reference-style minute numbers: "CIMD 42/24", "ES.44/24", "BM.24.05"
    r"|[A-Z]{1,5}[ .]\d{1,3}/\d{2}(?=\s)|[A-Z]{2,5}\.\d{2}\.\d{2,3}(?=\s)"
    # "LRC/24/13", "PR/24/035" (body/year/number), "C/11/25", "LSC/5/25" (body/number/year),
    # "CC/2026/118" (the year in full)
    r"|[A-Z]{1,5}/\d{1,4}/\d{2,4}(?=\s)"
    # "PL.12", "AG.21", "HWB 12", "C.16": a body's letters in capitals and the item's number
    r"|(?!(?-i:FOR|AGAINST|ABSTAIN\w*|YEAS|NAYS|AYES|NOES|PAGE|PART|NO|TOTAL|AND|THE|OF|ON|AT)\b)"
    r"(?-i:[A-Z]{2,5}(?:\.|[ ](?=\d{1,3}[ \t]+\S))|[A-Z]\.)\d{1,3}(?=[ \t])"
    r"|\d{1,2}\.\d{1,2}(?=[ \t])"
    r"|\d{1,3}\([a-z]\)(?=[ \t])|\d{1,3}[a-z]?(?=[.):\s])"
    # a parish council's running minute number past 999 ("1056. Finance"), never a year
    r"|(?!(?:19|20)\d\d\b)[1-9]\d{3}(?=[.)][ \t]))"
    # (the number again in the other language: "Cofnod 87 / Minute 87  Ymddiheuriadau")
    r"(?:(?<=\d)[ \t]*/[ \t]*(?:minute|item)[ \t]+\d{1,3}[a-z]?(?=[ \t.:]))?"
    r"(?P<sep>[.)](?!\d)|[ \t]*[:\-–—](?!\d)|(?=[ \t])|$)"
    r"[ \t]*(?:\*\*|__)?[ \t]*(?P<title>.*?)[ \t]*(?:\*\*|__)?[ \t]*$",
    re.IGNORECASE,
)
# A minute number, a title in capitals ended by a full stop, and the minute on the same line
_CAPITALS_TITLE = re.compile(
    r"(?P<num>\d{1,3}/\d{2,4}|[A-Z]{0,5}\s?\d{1,3}(?:/\d{2,4})?)\.?[ \t]+"
    r"(?P<title>(?-i:[A-Z][A-Z0-9&’'()\-–,/ ]{2,80}[A-Z0-9)]))\.[ \t]+(?=[A-Z])"
)
_MD_HEADING = re.compile(r"^(?P<md>\#{1,6})[ \t]+(?P<title>\S.*?)[ \t#]*$")
# Words that label a decision, never an item's title ("20.3 RESOLVED – That the Panel …")
_DECISION_LABELS = {
    *"resolved agreed noted recommended recommendation recommendations".split(),
    *"decision decisions action actions".split(),
}
_LABELS = {
    *_DECISION_LABELS,
    *"present apologies minutes agenda exempt none".split(),
    *("in attendance", "also present", "part i", "part ii", "part 1", "part 2"),
    # (a vote's heading inside its item: "VOTE" / "Motion - 9 votes" / "Amendment - 5 votes")
    *("vote", "votes", "division", "recorded vote", "named vote", "voting"),
}


@dataclass
class _Heading:
    start: int  # offset of the heading line's first non-blank character
    end: int  # offset of the end of the heading line
    number: str | None
    title: str
    line: str
    style: tuple[object, ...]
    blank_before: bool
    strong: bool  # Markdown heading or "Item"/"Minute" keyword

    @property
    def key(self) -> tuple[int, str]:
        """Sortable form of the number: '7a' → (7, 'a'), '45/22' → (45, ''), '6.2' → (6,
        '002') (a sub-item after item 6), 'CAB/101' → (101, ''), '2024.041' → (41, '')."""
        number = (self.number or "0").lower()
        year = re.fullmatch(r"(?:19|20)\d{2}[./](\d+)|[a-z]{2,5}\.\d{2}\.(\d+)", number)
        if year:
            return (int(year.group(1) or year.group(2)), "")
        # "lrc/24/13" or "c/11/25": which part is the year varies by council; ordered by both,
        # consecutive items follow ("lrc/24/13" → "lrc/24/14", "c/11/25" → "c/12/25")
        both = re.fullmatch(r"[a-z]{1,5}/(\d+)/(\d+)", number)
        if both:
            return (int(both.group(1)), f"{int(both.group(2)):05d}")
        body = re.fullmatch(r"[a-z]{2,5}[ .](\d{1,3})|[a-z]\.(\d{1,3})", number)  # "pl.12", "c.16"
        if body:
            return (int(body.group(1) or body.group(2)), "")
        # "cimd 42/24" (number, year) or "hwb 26/31" (year, number): ordered by both, as
        # "lrc/24/13" above, so that either way consecutive items follow
        spaced = re.fullmatch(r"[a-z]{1,5}[ .](\d{1,3})/(\d{2})", number)
        if spaced:
            return (int(spaced.group(1)), f"{int(spaced.group(2)):05d}")
        number = re.sub(r"^[a-z]{1,5}[ .](?=\d{1,3}/)", "", number)  # "min 26/014"
        seq = re.fullmatch(r"\d{1,2}/(0\d{2}|\d{3})", number)  # "24/063": year, then number
        if seq:
            return (int(seq.group(1)), "")
        sub = re.fullmatch(r"(\d+)\.(\d+)", number)
        if sub:
            return (int(sub.group(1)), f"{int(sub.group(2)):03d}")
        m = re.match(r"(?:[a-z&]+/)?(\d+)\(?([a-z]?)", number)  # "7a", "5(a)", "o&s/14"
        return (int(m.group(1)), m.group(2)) if m else (0, "")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every line, blank ones included."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


_REFERENCE = re.compile(
    r"(?:[0-9A-Z]{2,}/[0-9A-Z/]{3,}\S*|(?:Application\s+)?[A-Z]{1,4}/?\d{2}/\d{3,6}\S*|"
    r"(?:19|20)\d{2}(?:/\d{2,4})?)\s+\S+\s+\S+"
)
"""A title opening with a reference ('23/01457/FUL – Land …', 'Application DC/23/0921 – …')
or a year ('2023 Development Charges …'): planning and report titles run long."""


# A verb that reports what someone did or said: a numbered paragraph, not a title.
_REPORTING = re.compile(
    r"\b(?:proposed|seconded|moved|advised|reported|explained|asked|said|stated|informed|"
    r"declared|presented|confirmed\s+that|noted\s+that|was|were|had|"
    # "35.3 The Chair invited the representative …", "35.4 A Member expressed concern …"
    r"invited|expressed|reminded|welcomed|thanked|outlined|indicated|highlighted|queried|"
    r"responded|questioned|sought|suggested|summarised|summarized|emphasised|emphasized|"
    r"acknowledged|clarified|commented|set\s+out|went\s+on)\b"
)


def _title_like(title: str, bare: bool) -> bool:
    """Does the text after an item number read like an agenda item title?"""
    words = title.split()
    reference = bool(_REFERENCE.match(title))
    longest = (260, 40) if reference else (150, 20)
    if not title or len(title) > longest[0] or len(words) > longest[1]:
        return False
    first = title[0]
    if first.islower() or (
        bare
        and not first.isupper()
        and first not in "'\"‘“("
        and not reference
        # ("TC/26/146 20MPH LIMIT": a title in capitals may start with a figure)
        and not (first.isdigit() and title.isupper() and len(words) > 1)
    ):
        return False
    if re.match(r"that\b", title, re.IGNORECASE) or title.endswith((";", " and", " or")):
        return False
    if _REPORTING.search(title):  # "7.2 Cllr. Ryan proposed, and Cllr. Tobin seconded, that"
        return False
    if title.endswith(",") and not reference:  # a planning title may wrap after a comma
        return False
    if title.endswith(":") and len(words) > 6:
        return False
    return not (title.endswith(".") and not title.endswith("...") and len(words) > 8)


# Where a title ends and its minute begins on the same line: "Minutes: It was …", "Precept
# 2026/27 – The RFO presented …"
_TITLE_ENDS = re.compile(r":\s|\s[–—-]\s")


def _numbered_headings(text: str) -> list[_Heading]:
    lines = _lines(text)
    out: list[_Heading] = []
    for i, (start, end, raw) in enumerate(lines):
        stripped = raw.strip()
        capitals = _CAPITALS_TITLE.match(stripped)
        # (a long line is a heading only as "title: minute" or "title – minute", below)
        long_line = len(stripped) > _MAX_HEADING_LINE and capitals is None
        m = _NUMBERED.match(stripped)
        if not m or re.fullmatch(r"\d{1,4}", stripped):  # a bare number: page number, not item
            continue
        title = strip_link_noise(m.group("title") or "").rstrip(":").strip()
        if capitals is not None and m.end("num") == capitals.end("num"):
            # "25/144 ACCOUNTS FOR PAYMENT. RESOLVED to approve …": a parish council's title
            # in capitals and its minute on one line
            title = capitals.group("title")
        if not title:  # PDF layout: number on its own line, title on the next
            following = next((ln for _, _, ln in lines[i + 1 : i + 3] if ln.strip()), "")
            title = following.strip() if len(following.strip()) <= 120 else ""
        bare = not m.group("sep") or m.group("sep").isspace()
        if long_line or not _title_like(title, bare and not m.group("kw")):
            # "47/25 Minutes of the meeting held on 14 April: It was resolved that …",
            # "2025/143 Minutes – It was RESOLVED that …": a parish council's title and its
            # minute on one line
            split = _TITLE_ENDS.search(title)
            head = title[: split.start()] if split is not None else ""
            if not (
                head
                and len(head.split()) <= 12
                and head.lower() not in _DECISION_LABELS  # "20.3 RESOLVED – That the Panel …"
                and _title_like(head, bare)
            ):
                continue
            title = head
        blank_before = i == 0 or not lines[i - 1][2].strip()
        style = (
            len((m.group("md") or "").strip()),
            (m.group("kw") or "").lower(),
            (m.group("sep") or " ").strip(),
            raw[:1].isspace(),
        )
        lead = len(raw) - len(raw.lstrip())
        out.append(
            _Heading(
                start + lead,
                end,
                m.group("num").rstrip("."),
                title,
                stripped,
                style,
                blank_before,
                bool(m.group("md") or m.group("kw")),
            )
        )
    return out


def _follows(prev: tuple[int, str], key: tuple[int, str]) -> bool:
    return key[0] == prev[0] + 1 or (key[0] == prev[0] and key[1] > prev[1])


def _is_list_entry(
    text: str, cands: list[_Heading], i: int, last: _Heading, list_prev: _Heading
) -> bool:
    """Is candidate ``i`` (continuing a restarted run) a list entry rather than the next item?"""
    cand = cands[i]
    # A later heading numbered between the last item and this one must be the real next item.
    if any(last.key < later.key <= cand.key for later in cands[i + 1 :]):
        return True
    between = text[list_prev.end : cand.start].strip()
    return len(between) <= 200 and between.count("\n") <= 2 and cand.style == list_prev.style


def _walk(text: str, cands: list[_Heading], first: int) -> tuple[list[_Heading], int]:
    """Items chosen when ``cands[first]`` is the first item, and how many candidates the
    choice leaves unexplained (numbered lines before it, or too far out of sequence)."""
    chosen = [cands[first]]
    unexplained = first
    list_prev: _Heading | None = None
    for i in range(first + 1, len(cands)):
        cand, last = cands[i], chosen[-1]
        if cand.key <= last.key:  # numbering restarts or repeats: a list inside the item
            list_prev = cand
            continue
        if cand.key[0] - last.key[0] > MAX_GAP:
            unexplained += 1
            continue
        if (
            list_prev is not None
            and _follows(list_prev.key, cand.key)
            and _is_list_entry(text, cands, i, last, list_prev)
        ):
            list_prev = cand
            continue
        chosen.append(cand)
        list_prev = None
    return chosen, unexplained


def _uses_blank_lines(text: str) -> bool:
    """Are paragraphs separated by blank lines (typed text), unlike most PDF text?"""
    return text.count("\n\n") / (text.count("\n") or 1) >= 0.2


def _select_numbered(text: str) -> list[_Heading]:
    cands = _numbered_headings(text)
    if _uses_blank_lines(text):
        cands = [c for c in cands if c.blank_before or c.strong]
    best: list[_Heading] = []
    best_score = 0
    for first in range(min(8, len(cands))):
        chosen, unexplained = _walk(text, cands, first)
        score = len(chosen) - unexplained
        if score > best_score:
            best, best_score = chosen, score
    return best if len(best) >= 2 else []


# The column heads of a recorded vote ("FOR (11)   AGAINST (6)   ABSTAIN (1)"): not a heading.
_VOTE_HEADS = re.compile(
    r"(?:(?:FOR|AGAINST|ABSTAIN\w*|ABSTENTIONS?|YEAS|NAYS|AYES|NOES|IN FAVOUR)"
    r"\s*[:(]?\s*\d{0,3}\s*\)?\s*)+"
)


def _plain_headings(text: str) -> list[_Heading]:
    """Markdown headings of the commonest level, else UPPER-CASE heading lines."""
    lines = _lines(text)
    need_blank = _uses_blank_lines(text)
    md: list[tuple[int, _Heading]] = []
    upper: list[_Heading] = []
    for i, (start, end, raw) in enumerate(lines):
        stripped = raw.strip()
        if len(stripped) > _MAX_HEADING_LINE:
            continue
        lead = len(raw) - len(raw.lstrip())
        blank_before = i == 0 or not lines[i - 1][2].strip()
        m = _MD_HEADING.match(stripped)
        if m and m.group("title").strip("*_: ").lower() not in _LABELS:
            h = _Heading(
                start + lead,
                end,
                None,
                m.group("title").strip("*_ "),
                stripped,
                (),
                blank_before,
                True,
            )
            md.append((len(m.group("md")), h))
            continue
        if m:
            continue
        title = stripped.rstrip(":").strip()
        letters = [c for c in title if c.isalpha()]
        if (
            3 <= len(title) <= 90
            and len(letters) >= 3
            and all(c.isupper() for c in letters)
            and len(title.split()) <= 12
            and title.lower() not in _LABELS
            and not re.search(r"\bminutes\b|\bagenda\b", title, re.IGNORECASE)
            and find_date(title) is None
            and not (start < HEADER_CHARS and find_councils(title))
            and not _VOTE_HEADS.fullmatch(title)
            and (blank_before or not need_blank)
        ):
            upper.append(
                _Heading(start + lead, end, None, title, stripped, (), blank_before, False)
            )
    if md:  # items are the shallowest heading level that repeats
        levels = Counter(level for level, _ in md)
        level = min((lv for lv, n in levels.items() if n >= 2), default=None)
        if level is not None:
            return [h for lv, h in md if lv == level]
    nonblank = sum(1 for _, _, ln in lines if ln.strip())
    if len(upper) < 2 or len(upper) > 0.6 * nonblank:  # an ALL-CAPS text has no headings
        return []
    return upper


def _single_title(text: str, fallback: str) -> tuple[str, str]:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        m = _MD_HEADING.match(stripped)
        title = m.group("title").strip("*_ ") if m else stripped
        if len(title) <= 120 and not (title.endswith(".") and len(title.split()) > 8):
            return title, stripped
        break
    return fallback, ""


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    return start + (len(chunk) - len(chunk.lstrip())), start + len(chunk.rstrip())


def split_minutes(text: str, *, fallback_title: str = "") -> list[ItemSpan]:
    """Agenda items of a minutes document; the whole text is one item when none are found."""
    headings = _select_numbered(text) or _plain_headings(text)
    items: list[ItemSpan] = []
    if not headings:
        title, line = _single_title(text, fallback_title)
        prov = {"title": text_provenance(line)} if line else {}
        start, end = _span(text, 0, len(text))
        return [ItemSpan(item=AgendaItem(title=title, provenance=prov), start=start, end=end)]
    pre_start, pre_end = _span(text, 0, headings[0].start)
    if pre_end - pre_start >= PREAMBLE_MIN_CHARS:
        items.append(ItemSpan(item=AgendaItem(title=PREAMBLE_TITLE), start=pre_start, end=pre_end))
    for i, heading in enumerate(headings):
        stop = headings[i + 1].start if i + 1 < len(headings) else len(text)
        start, end = _span(text, heading.start, stop)
        prov = {"title": text_provenance(heading.line)}
        item = AgendaItem(title=heading.title, item_number=heading.number)
        if heading.number:
            prov["item_number"] = text_provenance(heading.line)
        item.provenance = prov
        items.append(ItemSpan(item=item, start=start, end=end))
    return items
