"""Read meeting metadata from the words of a document: dates, committee, council, item number.

Nothing is guessed silently: every value comes back with a provenance string
``"text: '<the matched words>'"``. A council is one of the registers' councils (rag/councils.py),
named in a place that makes it the document's own, with the rule and register added to its
provenance; several councils on the same footing leave it unset, with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from itertools import pairwise
from typing import NamedTuple, TypedDict

from rag.councils import Mention, load_register, unlisted_council_name
from rag.dates import WEEKDAY, find_date
from rag.settings import CouncilSettings, Settings
from rag.text import capitalised_share

__all__ = [
    "COUNCIL_WARNING_PREFIX",
    "MODERNGOV_MEETING",
    "InferredMeeting",
    "council_from_file_name",
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
HEADER_LINE_CHARS = 160  # a longer line is prose, not a line of the document header
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
# A council is attributed only on evidence, strongest tier first (see infer_council).
_STOP_LINE = re.compile(
    r"^[ \t]*(?:(?:(?:members|councillors)[ \t]+)?present|(?:also[ \t]+)?in[ \t]+attendance"
    r"|also[ \t]+present|attendance|apologies|membership|elected[ \t]+members|sederunt)\b"
    r"|^[ \t]*minutes[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)
# An item heading ("1. MINUTES", "106 : APOLOGIES", "C89  Apologies") ends the header; a date
# line ("12 September 2023") does not.
_ITEM_LINE = re.compile(
    r"^[ \t]*(?:item[ \t]+)?(?:[A-Z]{1,4}/?)?\d{1,3}(?:/\d+)*[ \t]*[.:)]?[ \t]+"
    r"(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)[A-Z]"
)
_STATEMENT = re.compile(
    r"^[ \t]*(?:the[ \t]+)?(?:minutes?[ \t]+of[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?"
    r"(?:[\w-]+[ \t]+){0,3}?meeting[ \t]+of|(?:[\w-]+[ \t]+){0,2}?meeting[ \t]+of|minutes?[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?(?P<body>[^\n.;:]{2,160}?)"
    r"(?=[ \t,]+(?:held|on|at|in|commencing)\b|[ \t]*[,(]|[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
_LINE = re.compile(r"[^\n\r\f\v\x85\u2028\u2029]*\S[^\n\r\f\v\x85\u2028\u2029]*")
_SEPARATOR = re.compile(r"[ \t]*(?:$|[-–—|:/][ \t]|[-–—|:/]$|[ \t]{2,}|\bPage\b)")
_PAGE_FOOTER = re.compile(r"\bPage[ \t]+\d+\b|\b\d+[ \t]+of[ \t]+\d+[ \t]*$", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b")
_ADDRESS_END = re.compile(
    r"\b(?:Hall|Guildhall|House|Centre|Offices|Street|Road|Square|Chambers|Building|Lane|Avenue"
    r"|Way|Place|Quay|Wharf)[,.]?[ \t]*$"
)

# A first line naming a body in no register: the document is that body's.
_OTHER_BODY = re.compile(
    r"^[ \t]*(?:the[ \t]+)?(?:(?P<name>(?:[A-Z][\w'’&.-]*[ \t]+(?:(?:and|of|for|&)[ \t]+)?){1,6})"
    r"(?:Council|COUNCIL)\b|(?:Council|COUNCIL)[ \t]+(?:of|OF|for|FOR)[ \t]+[A-Z])"
)
_OTHER_ORGANISATION = re.compile(
    r"\b(?:Combined Authority|Fire (?:and Rescue )?(?:Authority|Service)|NHS|Trust|University"
    r"|College|Association|Constabulary|Police|Chamber of Commerce|Integrated Care Board)\b",
    re.IGNORECASE,
)
_GENERIC_BODY = set("full county city borough district special extraordinary annual ordinary "
                    "budget council meeting minutes agenda report to of".split())  # fmt: skip


class _Evidence(NamedTuple):
    tier: int  # 1 header statement or page title, 2 document header, 3 footer, 4 anywhere
    council: str
    words: str
    rule: str
    register: str


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line that is not blank."""
    return [(m.start(), m.group(0)) for m in _LINE.finditer(text)]


def _header_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Title lines: short ones before the attendance list or first item, in HEADER_CHARS."""
    header = []
    for start, line in lines[:12]:
        prose = start >= HEADER_CHARS or len(line.strip()) > HEADER_LINE_CHARS
        if prose or _STOP_LINE.match(line) or _ITEM_LINE.match(line):
            break
        header.append((start, line))
    return header


def _footer_lines(lines: list[tuple[int, str]], after: int) -> list[tuple[int, str]]:
    """Running footers: lines with a page number, or short lines repeated on several pages."""
    counts = Counter(re.sub(r"\d+", "#", line.strip()) for _, line in lines)
    return [
        (start, line)
        for start, line in lines
        if start >= after
        and len(line.strip()) <= HEADER_LINE_CHARS
        and (_PAGE_FOOTER.search(line) or counts[re.sub(r"\d+", "#", line.strip())] >= 3)
    ]


def _leads_line(line: str, mention: Mention) -> bool:
    """A bare name opening its line and standing alone or before a separator ("Croydon – …")."""
    opens = re.fullmatch(r"[ \t]*(?:the[ \t]+)?", line[: mention.start], re.IGNORECASE)
    return bool(opens and _SEPARATOR.match(line, mention.end))


def _is_address(lines: list[tuple[int, str]], index: int) -> bool:
    near = [line for _, line in lines[index : index + 2]]
    before = lines[index - 1][1] if index else ""
    return any(_POSTCODE.search(line) for line in near) or bool(_ADDRESS_END.search(before))


def _other_council(line: str, mentions: list[Mention]) -> str | None:
    """The council-like body in no register a line opens with ("CUCKFIELD PARISH COUNCIL",
    "Arts Council England", "COUNCIL OF EUROPE"); None for "Full Council", register ones."""
    match = _OTHER_BODY.match(line)
    if not match or any(m.kind != "bare" for m in mentions):
        return None
    first = (match.group("name") or "").split()
    return match.group(0).strip() if not first or first[0].lower() not in _GENERIC_BODY else None


def _council_evidence(text: str, settings: CouncilSettings) -> tuple[list[_Evidence], bool]:
    """Evidence by tier, and whether the header names a body outside the registers."""
    register = load_register(settings)
    other_body = False
    lines = _lines(text)
    header = _header_lines(lines)
    header_end = header[-1][0] + len(header[-1][1]) if header else 0
    found: list[_Evidence] = []

    def add(tier: int, rule: str, mentions: list[Mention], kinds: tuple[str, ...]) -> None:
        for m in (m for m in mentions if m.kind in kinds):
            register_name = f"register {m.council.register}"
            found.append(_Evidence(tier, m.council.name, m.words, rule, register_name))

    def add_unlisted(tier: int, rule: str, phrase: str) -> None:
        if name := unlisted_council_name(phrase):
            found.append(_Evidence(tier, smart_title(name), phrase.strip(), rule, "in no register"))

    block = "\n".join(line for _, line in header)
    for statement in _STATEMENT.finditer(block):
        mentions = [m for m in register.find(statement.group("body")) if m.kind == "full"]
        add(1, "minutes header", mentions, ("full",))
        if not mentions and settings.unlisted == "headers":
            add_unlisted(1, "minutes header", statement.group("body"))
    if lines and "|" in lines[0][1]:
        title = lines[0][1].rsplit("|", 1)[1]
        mentions = register.find(title)
        add(1, "page title", mentions, ("full",))
        if not mentions and settings.unlisted != "never":
            add_unlisted(1, "page title", title)
    for index, (_, line) in enumerate(header):
        line_mentions = register.find(line)
        if index == 0 and not any(m.kind != "bare" for m in line_mentions):  # its author?
            other_body = bool(_OTHER_ORGANISATION.search(line) or _other_council(line, []))
        for m in line_mentions:
            strong = m.kind != "bare" or (_leads_line(line, m) and not _is_address(header, index))
            if strong:
                add(2, "document header", [m], ("full", "service", "bare"))
    for _, line in _footer_lines(lines, header_end):
        for m in register.find(line):
            if m.kind != "bare" or _leads_line(line, m):
                add(3, "page footer", [m], ("full", "service", "bare"))
    mentions = register.find(text)
    add(4, "named in the text", [m for m in mentions if m.kind == "full"], ("full",))
    add(4, "service name", mentions, ("service",))
    return found, other_body


def find_councils(text: str, settings: CouncilSettings | None = None) -> dict[str, list[str]]:
    """Councils named in ``text``: the register councils it gives evidence for (name → the words
    naming them) and, as written, council-like bodies in no register opening a header line."""
    settings = settings or Settings().councils
    found: dict[str, list[str]] = {}
    for evidence in _council_evidence(text, settings)[0]:
        words = found.setdefault(evidence.council, [])
        if evidence.words not in words:
            words.append(evidence.words)
    for _, line in _header_lines(_lines(text)):
        if other := _other_council(line, load_register(settings).find(line)):
            found.setdefault(smart_title(other), [other])
    return found


def infer_council(
    text: str, settings: CouncilSettings | None = None
) -> tuple[str | None, str | None, str | None]:
    """(council, provenance, warning) from the strongest tier of evidence: a minutes header
    stating the council ("Minutes of the meeting of X Council held on …") or a page title; the
    document header (a bare "Croydon" only opening a line); a running footer; a full name or a
    service ("Croydon Children's Services") anywhere. Two councils in that tier: none, and a
    warning. A first line naming a body in no register ("Ashwell Parish Council") leaves
    footers and text no evidence: the councils they name are someone else's."""
    evidence, other_body = _council_evidence(text, settings or Settings().councils)
    for tier in (1, 2, 3, 4):
        if tier == 3 and other_body:
            break
        here = [e for e in evidence if e.tier == tier]
        names = list(dict.fromkeys(e.council for e in here))
        if len(names) == 1:
            first = here[0]
            evidence_words = f"{text_provenance(first.words)} ({first.rule}; {first.register})"
            return first.council, evidence_words, None
        if len(names) > 1:
            warning = (
                f"{COUNCIL_WARNING_PREFIX} ({', '.join(names)}); council not set - give it in a "
                ".meta.json sidecar or manifest.csv"
            )
            return None, None, warning
    return None, None, None


_FILE_NAME_WORDS = {"and", "of", "upon", "on", "under", "in", "with", "the", "y", "nan"}


def council_from_file_name(
    name: str, settings: CouncilSettings | None = None
) -> tuple[str, str] | None:
    """(council, provenance) when a file's name starts with a registered council's place,
    as folders of downloaded minutes are often named ("devon_health-scrutiny_2024-11-21.txt",
    "east-lothian_planning-committee_2024-12-03.txt"); None otherwise. The lowest evidence:
    used only when the text names no council."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    first = re.split(r"_|\s+-\s+", stem, maxsplit=1)[0]
    words = [w for w in re.split(r"[-\s]+", first) if w]
    if not words or not all(w.isalpha() for w in words):
        return None
    phrase = " ".join(w if w in _FILE_NAME_WORDS else w.capitalize() for w in words)
    mentions = load_register(settings or Settings().councils).find(phrase)
    if len(mentions) != 1 or (mentions[0].start, mentions[0].end) != (0, len(phrase)):
        return None  # (the whole first part must be the council's name: not "cabinet")
    return mentions[0].council.name, f"file name: {name!r}"


# --- committee, date, item number ---------------------------------------------------------
MODERNGOV_MEETING = re.compile(
    r"^[ \t]*Meeting:[ \t]*(?P<date>\d{1,2}/\d{1,2}/\d{4})[ \t]*[-–—][ \t]*(?P<committee>.+?)"
    r"(?:[ \t]*\(Item[ \t]+(?P<item>[^)\s]+)\))?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_MINUTES_OF = re.compile(
    r"\bminutes?\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?meeting\s+of\s+(?:the\s+)?"
    r"(?P<committee>[^.;:]{2,120}?),?\s+held\b(?P<rest>.{0,200})",
    re.IGNORECASE | re.DOTALL,
)
_MINUTES_COMMITTEE_MEETING = re.compile(
    r"\bminutes\s+of\s+(?:the\s+|a\s+)?(?P<committee>[^.;:]{2,100}?)\s+meeting\s+held\b"
    r"(?P<rest>.{0,200})",
    re.IGNORECASE | re.DOTALL,
)
_MINUTES_MEETING_HELD = re.compile(
    r"^[ \t]*minutes\s+of\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?meeting\s+held\b"
    r"(?P<rest>[^\n]{0,200})",
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
_MINUTES_WORD = re.compile(r"\bminutes\b", re.IGNORECASE)
_ITEM_NUMBER_BEFORE = re.compile(r"(?:^|\s)\d{1,4}[.)]\s*$")  # ("274.", not a year)
_EARLIER_MINUTES = re.compile(
    r"\bthe\s+minutes\b|\bminutes\s+of\s+(?:the\s+)?(?:last|previous|earlier|prior)\b"
    r"|\bminutes\b[^.\n]*\bmeeting\s*$",
    re.IGNORECASE,
)
# (the place may wrap: "… held in the Council\nChamber, Council Offices, Oxted on Thursday 8th
# February 2024")
_HELD_ON = re.compile(
    r"\bheld\s+(?:[^.\n]{0,160}?(?:\n[^.\n]{0,80}?)?\s)?on\s+(?P<rest>[^\n]{0,80})",
    re.IGNORECASE,
)
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
            # (a name, "Health and Adult Social Care Scrutiny Committee", not a sentence, "Subject
            # to approval as an accurate record at the next meeting of this committee")
            and capitalised_share(line) >= 0.5
        ):
            return line
    return None


def _after_the(text: str, pos: int) -> bool:
    return text[max(0, pos - 4) : pos].lower() == "the "


_DATE_LINE_LEAD = re.compile(
    r"^[^.]{0,60}\b(?:minutes|meeting|date|record\s+of\s+decisions?)\b[^.]{0,60}$"
    r"|^[^.]{0,80}\s[–-]\s*$",
    re.IGNORECASE,
)
# A header's dates that are not the meeting's: "Publication date: 05/11/2026", "Effective
# from: 13/11/2026 (unless called in)", "Call-in deadline: …", "Date of issue: …"
_NOT_MEETING_DATE = re.compile(
    r"\b(?:publi(?:cation|shed)|effective|call-?\s?in|deadline|expir\w*|issued?|printed"
    r"|despatch\w*|dispatch\w*|circulated)\b",
    re.IGNORECASE,
)


def _date_line(text: str, put_date: Callable[[str, str | None], None]) -> None:
    """A header line that is a date ("Tuesday, February 20, 2024, 7:00 p.m.", "March 4, 2024",
    "Minutes of meeting – 30 January 2024"): the first of the header's first lines whose date
    is most of the line, or follows "Minutes", "Meeting", "Date" or "held"."""
    lines = [ln.strip() for ln in text[:HEADER_CHARS].splitlines() if ln.strip()][:12]
    # A heading wrapped inside its date ("… HELD ON THURSDAY 6 JUNE" / "2024 AT 6.30 PM …")
    # is read joined to the line after it.
    joined = [f"{a} {b}" for a, b in pairwise(lines) if not find_date(a)]
    for line in lines + joined:
        found = find_date(line)
        if not found:
            continue
        lead = line[: line.find(found[1])] if found[1] in line else ""
        if _NOT_MEETING_DATE.search(lead):
            continue
        rest = re.sub(
            r"(?i)\b(?:on|at|from|a\.?m\.?|p\.?m\.?|noon)\b|\d", " ", line.replace(found[1], " ")
        )
        letters = re.sub(r"[\W_]+", "", rest)
        if (
            len(letters) <= 4
            or not lead.strip(" \t–-,:")
            or (_DATE_LINE_LEAD.search(lead) and not re.search(r"(?i)\bthe\s+minutes\b", lead))
        ):
            put_date(found[1], line)
            return


def infer_meeting(text: str, councils: CouncilSettings | None = None) -> InferredMeeting:
    """Committee, meeting date, item number and council read from ``text``; ``councils``
    (default: the environment's settings) names the council registers."""
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
        # A match whose "committee" holds the word "minutes" has run from a heading ("Minutes
        # of Previous Meeting") into the sentence under it: skip it too.
        m = next(
            (
                m
                for m in pattern.finditer(flat)
                if not _after_the(flat, m.start())
                and not _MINUTES_WORD.search(m["committee"])
                # (nor an agenda item about earlier minutes: "274. MINUTES OF THE MEETING HELD
                # ON 11TH JANUARY 2024")
                and not _ITEM_NUMBER_BEFORE.search(flat, max(0, m.start() - 12), m.start())
            ),
            None,
        )
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
        # "The minutes of the meeting held on …" is about an earlier meeting; a header's
        # "MINUTES OF THE AUDIT COMMITTEE / Held in … on Tuesday 11 July 2023" is not.
        if not _EARLIER_MINUTES.search(text[max(0, held_on.start() - 100) : held_on.start()]):
            put_date(held_on.group("rest"))
            break
    if "meeting_date" not in result:
        _date_line(text, put_date)
    if not _PAGE_MARKER.search(head[:300]):
        lines = [ln for ln in text[:HEADER_CHARS].splitlines() if ln.strip()]
        line = _header_committee(lines)
        if line:
            put_committee(line, line)

    council, council_prov, warning = infer_council(text, councils)
    if council and council_prov:
        result["council"] = council
        prov["council"] = council_prov
    if warning:
        result["warnings"].append(warning)
    return result
