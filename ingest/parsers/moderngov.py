"""ModernGov agenda-item pages ("Agenda item" and "Issue - meetings" variants), as text.

Variant A::

    Agenda item
    <title>
    [report summary]
    Minutes:
    <minutes>
    Supporting documents:

Variant B (an issue and the meetings that considered it; one agenda item per ``Meeting:``)::

    Issue - meetings
    <issue title>
    Meeting: 22/11/2022 - <committee> (Item 56)
    56 <item title> pdf icon PDF 237 KB
    <report summary>
    Additional documents:
    Minutes:
    <minutes>  ...  view the full minutes text for item 56

Each item's span covers the body (summary and minutes) and excludes the heading lines, the
trailing "Supporting documents:" list and the "… view the full minutes text" link; a page that
ends with that link only shows the start of the minutes, so the item is marked ``truncated``.
"""

from __future__ import annotations

import re
from datetime import date

from rag.dates import find_date
from rag.models import AgendaItem, ItemSpan

from ..inference import MODERNGOV_MEETING, smart_title, text_provenance

__all__ = [
    "TRUNCATION_MARK",
    "looks_like_agenda_item_page",
    "parse_agenda_item_page",
    "strip_link_noise",
]

TRUNCATION_MARK = "view the full minutes text for item"

_MARKER = re.compile(
    r"^[ \t]*(?:agenda item|issue[ \t]*[-–][ \t]*(?:meetings|decisions))"
    r"(?:[ \t]*[-–:][ \t]*(?P<rest>\S[^\n]*?))?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MEETING = MODERNGOV_MEETING
_NUMBERED_TITLE = re.compile(
    r"^(?:item[ \t]+)?(?P<num>\d{1,3}[a-z]?)(?P<sep>[.):]?)[ \t]+(?P<title>\S.*)$", re.I
)
_NOISE = re.compile(
    r"\b(?:[\w-]{1,12}[ \t]+icon[ \t]*)?\b(?:PDF|DOCX?|XLSX?|PPTX?|RTF|HTML?|TXT|ODT)[ \t]+"
    r"\d+(?:\.\d+)?[ \t]*[KMG]B\b",
    re.IGNORECASE,
)
_TRAILER_MARK = re.compile(re.escape(TRUNCATION_MARK), re.IGNORECASE)
_TRAILER_START = re.compile(r"(?:\.\.\.|…)?[ \t]*$")
_LABEL = re.compile(
    r"^[ \t]*(?P<label>minutes|supporting documents|additional documents):[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def strip_link_noise(title: str) -> str:
    """Remove ModernGov link decorations such as 'pdf icon PDF 237 KB' from a title."""
    return " ".join(_NOISE.sub(" ", title).split()).strip(" -–:")


def looks_like_agenda_item_page(text: str) -> bool:
    """True when the text starts like a ModernGov agenda-item or issue page."""
    return bool(_MARKER.search(text[:2000]) or _MEETING.search(text[:3000]))


def _lines_from(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line in text[pos:end], without surrounding spaces."""
    spans = []
    for m in re.finditer(r"[^\n]+", text[pos:end]):
        line = m.group(0)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + m.start() + lead
            spans.append((start, start + len(stripped)))
    return spans


def _body(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Trim a block to its body: leading 'Minutes:' label, trailing documents list, trailer."""
    truncated = False
    marks = list(_TRAILER_MARK.finditer(text, start, end))
    if marks:
        at = marks[-1].start()
        # Back over the "  ...  " that precedes the link (within the same line).
        line_start = text.rfind("\n", start, at) + 1 or start
        lead = _TRAILER_START.search(text, max(line_start, at - 40), at)
        end, truncated = (lead.start() if lead else at), True
    labels = list(_LABEL.finditer(text, start, end))
    minutes_at = max(
        (m.end() for m in labels if m.group("label").lower() == "minutes"), default=start
    )
    for m in labels:
        if m.group("label").lower() == "supporting documents" and m.start() >= minutes_at:
            end = m.start()
            break
    lines = _lines_from(text, start, end)
    if lines and _LABEL.fullmatch(text[lines[0][0] : lines[0][1]]):
        lines = lines[1:]
    if not lines:
        return start, start, truncated
    return lines[0][0], lines[-1][1], truncated


def _split_number(title: str) -> tuple[str | None, str]:
    """'56. Title' → ('56', 'Title'); a bare '10 Year Plan' keeps its number in the title."""
    m = _NUMBERED_TITLE.match(title)
    if m and (m.group("sep") or _NOISE.search(title)):
        return m.group("num"), m.group("title")
    return None, title


def parse_agenda_item_page(text: str) -> list[ItemSpan]:
    """Agenda items of a ModernGov agenda-item or issue page, with spans into ``text``."""
    marker = _MARKER.search(text[:2000])
    pos = marker.end() if marker else 0
    title = ""
    title_prov = ""
    number: str | None = None
    if marker and marker.group("rest"):
        title_prov = marker.group("rest")
    else:
        lines = _lines_from(text, pos, len(text))
        if lines and not _MEETING.fullmatch(text[lines[0][0] : lines[0][1]]):
            title_prov = text[lines[0][0] : lines[0][1]].strip()
            pos = lines[0][1]
    if title_prov:
        number, title = _split_number(strip_link_noise(title_prov))
    meetings = list(_MEETING.finditer(text, pos))
    blocks: list[tuple[int, int, re.Match[str] | None]] = []
    if meetings:
        for i, line in enumerate(meetings):
            stop = meetings[i + 1].start() if i + 1 < len(meetings) else len(text)
            blocks.append((line.end(), stop, line))
    else:
        blocks.append((pos, len(text), None))

    items: list[ItemSpan] = []
    for start, stop, meeting in blocks:
        item = AgendaItem(title=title)
        prov: dict[str, str] = {}
        if title:
            prov["title"] = text_provenance(title_prov)
        if number:
            item.item_number, prov["item_number"] = number, text_provenance(title_prov)
        if meeting is not None:
            quote = text_provenance(meeting.group(0).strip())
            found = find_date(meeting.group("date"))
            meeting_date: date | None = found[0] if found else None
            if meeting_date:
                item.meeting_date, item.year = meeting_date, meeting_date.year
                prov["meeting_date"] = prov["year"] = quote
            item.committee, prov["committee"] = smart_title(meeting.group("committee")), quote
            if meeting.group("item"):
                item.item_number = meeting.group("item").rstrip(".")
                prov["item_number"] = quote
        # An item heading right after the meeting line: "56 Title pdf icon PDF 237 KB".
        lines = _lines_from(text, start, stop)
        if lines:
            first = text[lines[0][0] : lines[0][1]].strip()
            m = _NUMBERED_TITLE.match(first)
            expected = item.item_number
            if (
                m
                and (meeting is not None or _NOISE.search(first))
                and (expected is None or m.group("num").lower() == expected.lower())
            ):
                start = lines[0][1]
                heading = strip_link_noise(m.group("title"))
                if not item.item_number:
                    item.item_number = m.group("num")
                    prov["item_number"] = text_provenance(first)
                # The agenda heading under a meeting line is what that meeting called the item;
                # an issue page's own title names the issue across meetings.
                if heading and (meeting is not None or not item.title):
                    item.title, prov["title"] = heading, text_provenance(first)
        body_start, body_end, truncated = _body(text, start, stop)
        if body_end <= body_start and title_prov and title_prov in text:  # cite the title
            body_start = text.find(title_prov)
            body_end = body_start + len(title_prov)
        item.truncated = truncated
        item.provenance = prov
        items.append(ItemSpan(item=item, start=body_start, end=body_end))
    return items
