"""The sentences the decision reader reads: the item's text cut into sentences (result lines
that eScribe leaves without a full stop cut off as sentences of their own), and ``Line``, the
sentence being read with the key words that gate the patterns tried on it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .patterns import BARE_AGREED, RESTATED_HEADING

# The mover a notice-of-motion heading named, and where: (name, (start, end)). It waits for the
# motion the heading introduces.
Notice = tuple[str, tuple[int, int]]

# Words a sentence that names a mover or seconder holds (a cheap gate before the mover patterns).
_MOVER_WORDS = (
    "move",
    "propos",
    "second",
    "motion by",
    "amendment by",
    "motion from",
    "amendment from",
    "motion (",
    "amendment (",
)


@dataclass(slots=True)
class Line:
    """Sentence ``i`` of the item (``start``–``end`` in the reader's text), and the mover a
    notice-of-motion heading named before it. Each reading of a sentence takes this one
    value; the key words are looked for once, not by each reading. (Not frozen, though no
    reading changes it: one is made for every sentence that may decide something, and a
    frozen dataclass takes twice as long to make.)"""

    i: int
    start: int
    end: int
    text: str
    low: str  # (lower-cased, for the key-word gates)
    notice: Notice | None
    # Keyword gates: each pattern runs only on sentences holding its key word.
    has_resolved: bool
    has_agreed: bool
    has_movers: bool

    @classmethod
    def at(cls, text: str, sentences: list[tuple[int, int]], i: int, notice: Notice | None) -> Line:
        """Sentence ``i`` of ``sentences`` (offsets into ``text``)."""
        start, end = sentences[i]
        sentence = text[start:end]
        low = sentence.lower()
        return cls(
            i=i,
            start=start,
            end=end,
            text=sentence,
            low=low,
            notice=notice,
            has_resolved="resolv" in low,
            has_agreed="agree" in low or "decided" in low,
            has_movers=any(w in low for w in _MOVER_WORDS),
        )


# A line that is only a result ("Carried", "Amendment Carried (5 to 2)", "Motion Carried
# Unanimously") or only the heading of a restated motion ("Main Motion as Amended:"). eScribe
# minutes put them on lines of their own without a full stop, so the sentence splitter joins
# them to the next line; each is a sentence of its own for the reader.
_LINE_ALONE = re.compile(
    r"[ \t]*(?:(?:(?:Main\s+|Substantive\s+)?(?:Motion|MOTION)|Amendment|AMENDMENT)\s+)?"
    r"(?:Carried|Lost|Defeated|Failed|Passed|CARRIED|LOST|DEFEATED|FAILED|PASSED|AGREED)"
    r"(?:\s+(?i:unanimously|as\s+amended))?"
    r"(?:\s*\(\s*\d{1,3}\s*(?:to|-|–)\s*\d{1,3}\s*\))?\.?[ \t]*"
    r"|(?i:" + RESTATED_HEADING.pattern + ")"
)


# A form's line that names the mover and the seconder, and nothing else ("Proposed: Cllr. Furey
# Seconded: Cllr. Lyons"): the record of who moved the decision before or after it, never part
# of the heading above it or the sentence below it.
_FORM_MOVERS = re.compile(
    r"[ \t]*(?:Proposed|Moved|Proposer|Mover)(?:[ \t]+by)?[ \t]*:[^\n:]{2,80}?[ \t]"
    r"(?:Seconded|Seconder)(?:[ \t]+by)?[ \t]*:[^\n:]{2,80}"
)
# The two halves of a form written over two lines ("Proposed: Cllr. Breda Furlong")
_PROPOSED_LINE = re.compile(r"[ \t]*(?:Proposed|Proposer)(?:[ \t]+by)?[ \t]*:[^\n:]{2,80}")
_SECONDED_LINE = re.compile(r"[ \t]*(?:Seconded|Seconder)(?:[ \t]+by)?[ \t]*:[^\n:]{2,80}")
# A line that opens the next vote after the name lists of the last (Legistar: "Ayes: 3 - …" /
# "Noes: 5 - …" / "The main motion then passed by the following vote:"): a new sentence
_NEXT_VOTE = re.compile(
    r"[ \t]*The\s+(?:\w+\s+){0,2}(?:motion|amendment)\b[^\n]{0,80}?\bby\s+the\s+following\s+"
    r"(?:vote|roll\s+call)\s*:[ \t]*"
    # (… or the next motion: "Noes: 1 - Brandt" / "A motion was made by Keller, …")
    r"|[ \t]*A\s+motion\s+was\s+made\s+by\b[^\n]*"
    # (a US council's action fields, one a line: "MOTION: … moved to …" / "SECOND: X" /
    # "VOTE: Motion failed 2-3." / "AYES: …": each field a sentence of its own)
    r"|[ \t]*(?-i:MOTION|SECOND|VOTE|ACTION)[ \t]*:[^\n]*",
    re.IGNORECASE,
)


def cut_result_lines(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sentences`` with result-only and restated-motion heading lines cut off as sentences
    of their own, and a line that opens the next vote starting a sentence."""
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        if "\n" not in text[s:e]:
            out.append((s, e))
            continue
        start = s
        at = s
        while at < e:
            nl = text.find("\n", at, e)
            line_end = e if nl < 0 else nl
            form = _FORM_MOVERS.fullmatch(text, at, line_end) is not None
            if not form and _PROPOSED_LINE.fullmatch(text, at, line_end):
                # the form over two lines ("Proposed: Cllr. X" / "Seconded: Cllr. Y"), when
                # what follows is a sentence of its own, not the motion's "That …" (eScribe's
                # "Moved by: / Seconded by: / That …" is read whole)
                second = text.find("\n", line_end + 1, e)
                second = e if second < 0 else second
                after = text[second + 1 : e].lstrip()
                if (
                    line_end < e
                    and _SECONDED_LINE.fullmatch(text, line_end + 1, second)
                    # (nor the form's next field: "Result:   Agreed")
                    and not re.match(r"(?i:that|to)\b|[A-Z][\w ]{0,20}:", after)
                ):
                    form = True
                    line_end = second
            if form and line_end < e:
                # (with the result on the line under it: "Proposed: X   Seconded: Y" /
                # "Agreed.", which decides the motion the form line records)
                nxt = text.find("\n", line_end + 1, e)
                nxt = e if nxt < 0 else nxt
                if BARE_AGREED.fullmatch(text, line_end + 1, nxt) or _LINE_ALONE.fullmatch(
                    text, line_end + 1, nxt
                ):
                    line_end = nxt
            if form or _LINE_ALONE.fullmatch(text, at, line_end):
                # (capitalised: no wrapped "carried."; a form's "Proposed: X   Seconded: Y")
                if text[start:at].strip():
                    out.append((start, _rstrip_at(text, start, at)))
                out.append(
                    (at + len(text[at:line_end]) - len(text[at:line_end].lstrip()), line_end)
                )
                start = line_end + 1
            elif at > start and _NEXT_VOTE.fullmatch(text, at, line_end):
                out.append((start, _rstrip_at(text, start, at)))
                start = at
            at = line_end + 1
        if start < e and text[start:e].strip():
            lead = len(text[start:e]) - len(text[start:e].lstrip())
            out.append((start + lead, e))
    return out


def _rstrip_at(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


# A continuation line of a table's right-hand column: text that starts far to the right.
_INDENTED = re.compile(r"(?m)^( {16,})\S")
# A row's left-hand cells, its item's number first ("25    Risk Management Strategy"), and the
# gap that ends them (a table of votes has columns too: "Cllr. Brady        Cllr. Bohan")
_LEFT_CELLS = re.compile(r"[ \t]*[\w./()-]*\d[\w./()-]*[ \t].*? {3,}")


def blank_side_column(text: str) -> str:
    """``text`` with the left-hand column of a two-column table of minutes ("No.  Item" |
    "Discussion and decision") blanked (the same length, so offsets hold): each row's right-
    hand cell then reads as the paragraph it is, its wrapped lines indented to the same column.
    The column is where most indented lines start (at least 24 characters in); a row is a
    line whose cells start with a number and end in a gap that reaches it, and at least two
    rows make a table. A label and its value ("Present:          Cllr. …" / "Proposed by:
    Cllr. …") is no row. Text without such a table is returned as it is."""
    if "   " not in text:
        return text
    starts = Counter(len(m.group(1)) for m in _INDENTED.finditer(text))
    if not starts:
        return text
    column, _ = starts.most_common(1)[0]
    if column < 24:
        return text
    lines = text.split("\n")
    rows = 0
    for n, line in enumerate(lines):
        if (
            len(line) > column
            and line[column] != " "
            and line[column - 1] == " "
            and _LEFT_CELLS.fullmatch(line, 0, column) is not None
            and not line[:column].rstrip().endswith(":")
        ):
            lines[n] = " " * column + line[column:]
            rows += 1
    return "\n".join(lines) if rows >= 2 else text
