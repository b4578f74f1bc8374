"""Read meeting metadata from the words of a document: dates, committee, council, item number.

Nothing is guessed silently: every value comes back with a provenance string
``"text: '<the matched words>'"``, and a council is only reported when the text is unambiguous
(exactly one council in the header, or exactly one in the whole text).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TypedDict

from rag.dates import WEEKDAY, find_date

__all__ = [
    "COUNCIL_WARNING_PREFIX",
    "MODERNGOV_MEETING",
    "InferredMeeting",
    "find_councils",
    "infer_council",
    "infer_meeting",
    "smart_title",
    "text_provenance",
]

HEAD_CHARS = 3000
"""How much of the start of a text is searched for meeting details."""
HEADER_CHARS = 600
"""The document header: a council named here alone wins over others named later."""
DASH_HEADER_CHARS = 1000
"""Where a 'Committee - Tuesday, 22nd November, 2022' heading line is looked for."""
COUNCIL_WARNING_PREFIX = "several councils named"


class InferredMeeting(TypedDict, total=False):
    """What :func:`infer_meeting` found; every value has an entry in ``provenance``."""

    council: str
    committee: str
    meeting_date: date
    item_number: str
    provenance: dict[str, str]
    warnings: list[str]


def text_provenance(words: str, limit: int = 120) -> str:
    """``"text: '<words>'"`` with whitespace collapsed and long quotes shortened."""
    words = " ".join(words.split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return f"text: '{words}'"


def smart_title(name: str) -> str:
    """Title-case an ALL-CAPS name ('PLANNING COMMITTEE' → 'Planning Committee'); else as is."""
    if not name or name.upper() != name or not any(c.isalpha() for c in name):
        return name
    small = {"and", "of", "the", "for", "on", "upon", "in", "with", "to", "a", "an"}
    words = name.lower().split(" ")
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


# --- councils ------------------------------------------------------------------------------
_CAP = r"[A-Z][\w’'&.\-]*"
_CONNECT = r"(?:and|&|upon|on|with|of|under)"
_COUNCIL_WORD = re.compile(r"(?<![\w’'&.\-])(?:Council|COUNCIL)\b")
# The capitalised words (and connectors) right before "Council", searched in a short window.
_NAME_BEFORE = re.compile(rf"(?<![\w’'&.\-])((?:(?:{_CAP}|{_CONNECT}) +)+)$")
_NAME_WINDOW = 160
_BOROUGH_OF = re.compile(
    rf"(?<![\w’'&.\-])((?i:london|royal) (?i:borough) (?i:of)) "
    rf"({_CAP}(?: +(?:{_CAP}|and|&|upon|on))*)"
)
_CONNECTORS = {"and", "&", "upon", "on", "with", "of", "under"}
_STOP = set(
    """the a an from by for to at as but both each all every any where when while whilst if then
    also however following including between within whether that this these those our their his
    her its said members member officers officer leader deputy chair chairman vice mayor
    councillor councillors cllr director executive chief head cabinet committee committees
    sub-committee board panel police nhs trust department dfe ofsted government ministry secretary
    state minister service services team report reports minutes meeting agenda item partnership
    partners authority authorities inspection plan update improvement children adults education
    schools health housing council councils constitution appendix section part standing order
    dear yours""".split()
)
_NON_LOCAL = set(
    "youth arts research privy security design sports faith pupil pupils student students young "
    "people medical british european heritage care science".split()
)
_QUALIFIERS = {"city", "county", "borough", "district", "metropolitan", "london", "royal", "of"}
_GENERIC = set(
    "full local town parish community unitary principal host neighbouring relevant other same "
    "former shadow".split()
)


def _clean_token(token: str) -> str:
    token = re.sub(r"[’']s$", "", token)
    return token.strip(".,;:()'’").lower()


def _council_name(tokens: list[str]) -> list[str] | None:
    """Trim a run of capitalised words before 'Council' to the council's own name."""
    cut = 0
    for i, token in enumerate(tokens):
        if _clean_token(token) in _STOP:
            cut = i + 1
    tokens = tokens[cut:]
    while tokens and _clean_token(tokens[0]) in _CONNECTORS | {"the"}:
        tokens = tokens[1:]
    while tokens and _clean_token(tokens[-1]) in _CONNECTORS:
        tokens = tokens[:-1]
    cleaned = [_clean_token(t) for t in tokens]
    if not tokens or any(t in _NON_LOCAL for t in cleaned):
        return None
    core = [t for t in cleaned if t not in _QUALIFIERS]
    if not core or core[0] in _GENERIC:
        return None
    return tokens


def _council_key(name: str) -> str:
    words = [_clean_token(w).replace("&", "and") for w in name.split()]
    core = [w for w in words if w and w not in _QUALIFIERS | {"council", "the"}]
    return " ".join(core) or name.lower()


def find_councils(text: str) -> dict[str, list[str]]:
    """Councils named in ``text``: normalised key → the surface forms used, in order."""
    found: dict[str, list[str]] = {}

    def add(name: str) -> None:
        forms = found.setdefault(_council_key(name), [])
        if name not in forms:
            forms.append(name)

    for match in _COUNCIL_WORD.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        window_start = max(line_start, match.start() - _NAME_WINDOW)
        window = text[window_start : match.start()]
        if window_start > line_start:  # drop a word cut in half by the window
            window = window[window.find(" ") + 1 :] if " " in window else ""
        before = _NAME_BEFORE.search(window)
        tokens = _council_name(before.group(1).split()) if before else None
        if tokens:
            add(" ".join(tokens) + " " + match.group(0))
    for match in _BOROUGH_OF.finditer(text):
        tokens = []
        for token in match.group(2).split():
            if _clean_token(token) in _STOP:
                break
            tokens.append(token)
            if re.search(r"[’']s$", token):
                tokens[-1] = re.sub(r"[’']s$", "", token)
                break
        while tokens and _clean_token(tokens[-1]) in _CONNECTORS:
            tokens.pop()
        if tokens:
            add(f"{match.group(1)} {' '.join(tokens)}".rstrip(".,;:"))
    return found


def _best_form(forms: list[str]) -> str:
    mixed = [f for f in forms if f.upper() != f] or forms
    return max(mixed, key=len)


def infer_council(text: str) -> tuple[str | None, str | None, str | None]:
    """(council, provenance, warning): one council only when the text is unambiguous."""
    header = find_councils(text[:HEADER_CHARS])
    if len(header) == 1:
        form = _best_form(next(iter(header.values())))
        return smart_title(form), text_provenance(form), None
    everywhere = find_councils(text)
    if len(everywhere) == 1:
        form = _best_form(next(iter(everywhere.values())))
        return smart_title(form), text_provenance(form), None
    if len(everywhere) > 1:
        names = ", ".join(_best_form(forms) for forms in everywhere.values())
        warning = (
            f"{COUNCIL_WARNING_PREFIX} ({names}); council not set - give it in a .meta.json "
            "sidecar or manifest.csv"
        )
        return None, None, warning
    return None, None, None


# --- committee, date, item number ---------------------------------------------------------
MODERNGOV_MEETING = re.compile(
    r"^[ \t]*Meeting:[ \t]*(?P<date>\d{1,2}/\d{1,2}/\d{4})[ \t]*[-–—][ \t]*(?P<committee>.+?)"
    r"(?:[ \t]*\(Item[ \t]+(?P<item>[^)\s]+)\))?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_MINUTES_OF = re.compile(
    r"\bminutes\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?meeting\s+of\s+(?:the\s+)?"
    r"(?P<committee>[^.;:]{2,120}?),?\s+held\b(?P<rest>.{0,200})",
    re.IGNORECASE | re.DOTALL,
)
_MINUTES_COMMITTEE_MEETING = re.compile(
    r"\bminutes\s+of\s+(?:the\s+|a\s+)?(?P<committee>[^.;:]{2,100}?)\s+meeting\s+held\b"
    r"(?P<rest>.{0,200})",
    re.IGNORECASE | re.DOTALL,
)
_MINUTES_MEETING_HELD = re.compile(
    r"^[ \t]*minutes\s+of\s+(?:the|a|an)\s+(?:[\w-]+\s+)?meeting\s+held\b(?P<rest>[^\n]{0,200})",
    re.IGNORECASE | re.MULTILINE,
)
_DASH_DATE = re.compile(
    rf"^[ \t]*(?P<committee>[A-Z][^\n]{{2,150}}?)[ \t]+[-–—][ \t]+(?P<date>{WEEKDAY},?[ \t]+"
    r"[^\n]*?\d{4})",
    re.MULTILINE | re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^[ \t]*(?:date(?:\s+of\s+meeting)?|meeting\s+date|date\s+and\s+time)[ \t]*:[ \t]*"
    r"(?P<rest>[^\n]+)",
    re.IGNORECASE | re.MULTILINE,
)
_HELD_ON = re.compile(r"\bheld\s+(?:[^.\n]{0,80}?\s)?on\s+(?P<rest>[^\n]{0,80})", re.IGNORECASE)
_COMMITTEE_LINE = re.compile(
    r"^(?:the\s+)?[A-Z][\w&'’,()\- ]{0,80}\b(?:committee|sub-committee|cabinet|board|panel|forum"
    r"|commission|executive)$",
    re.IGNORECASE,
)
_PAGE_MARKER = re.compile(r"^[ \t]*(?:agenda item|issue\s*[-–]\s*\w+)[ \t]*$", re.I | re.M)


_NOT_COMMITTEE = {"the", "a", "an", "previous", "last", "next", "said", "above", "this", "that"}


def _clean_committee(raw: str) -> str | None:
    """Tidy a committee name read from text; None when it is not a plausible name."""
    name = " ".join(raw.split()).strip(" ,-–")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s+of\s+(?:the\s+)?[A-Z][\w\s&’'-]*Council$", "", name)
    first = name.split(" ", 1)[0].lower() if name else ""
    if len(name) < 3 or not name[0].isupper() or first in _NOT_COMMITTEE:
        return None
    return smart_title(name)


def _header_committee(lines: list[str]) -> str | None:
    for line in lines[:10]:
        line = line.strip()
        if (
            len(line) <= 90
            and _COMMITTEE_LINE.match(line)
            and not line.lower().startswith(("report", "minutes", "update", "agenda"))
        ):
            return line
    return None


def _after_the(text: str, pos: int) -> bool:
    return text[max(0, pos - 4) : pos].lower() == "the "


def infer_meeting(text: str) -> InferredMeeting:
    """Committee, meeting date, item number and council read from the start of ``text``."""
    head = text[:HEAD_CHARS]
    flat = " ".join(head.split())
    result: InferredMeeting = {"provenance": {}, "warnings": []}
    prov = result["provenance"]

    def put_date(raw: str, quote: str | None = None) -> None:
        found = find_date(raw)
        if found and "meeting_date" not in result:
            result["meeting_date"] = found[0]
            prov["meeting_date"] = text_provenance(quote or found[1])

    def put_committee(raw: str, quote: str) -> None:
        name = _clean_committee(raw)
        if name and "committee" not in result:
            result["committee"] = name
            prov["committee"] = text_provenance(quote)

    mg = MODERNGOV_MEETING.search(head)
    if mg:
        put_committee(mg.group("committee"), mg.group(0).strip())
        put_date(mg.group("date"), mg.group(0).strip())
        if mg.group("item"):
            result["item_number"] = mg.group("item").rstrip(".")
            prov["item_number"] = text_provenance(mg.group(0).strip())
    for pattern in (_MINUTES_OF, _MINUTES_COMMITTEE_MEETING):
        # "The minutes of the meeting … held on …" is prose about earlier minutes: skip it.
        m = next((m for m in pattern.finditer(flat) if not _after_the(flat, m.start())), None)
        if m:
            quote = m.group(0)
            found = find_date(m.group("rest"))
            if found:
                quote = flat[m.start() : m.start("rest") + m.group("rest").find(found[1])]
                quote += found[1]
            put_committee(m.group("committee"), quote)
            put_date(m.group("rest"), quote)
    held = _MINUTES_MEETING_HELD.search(head)
    if held:
        before = [ln for ln in head[: held.start()].splitlines() if ln.strip()]
        if before and _COMMITTEE_LINE.match(before[-1].strip()):
            put_committee(before[-1], before[-1].strip())
        put_date(held.group("rest"))
    dash = _DASH_DATE.search(text[:DASH_HEADER_CHARS])
    if dash and find_date(dash.group("date")):
        put_committee(dash.group("committee"), dash.group(0).strip())
        put_date(dash.group("date"), dash.group(0).strip())
    label = _DATE_LABEL.search(text[:HEADER_CHARS])
    if label:
        put_date(label.group("rest"), label.group(0).strip())
    for held_on in _HELD_ON.finditer(text[:HEADER_CHARS]):
        # "The minutes of the meeting held on …" is about an earlier meeting.
        if "minutes" not in text[max(0, held_on.start() - 60) : held_on.start()].lower():
            put_date(held_on.group("rest"))
            break
    if not _PAGE_MARKER.search(head[:300]):
        lines = [ln for ln in text[:HEADER_CHARS].splitlines() if ln.strip()]
        line = _header_committee(lines)
        if line:
            put_committee(line, line)

    council, council_prov, warning = infer_council(text)
    if council and council_prov:
        result["council"] = council
        prov["council"] = council_prov
    if warning:
        result["warnings"].append(warning)
    return result
