"""Text helpers every layer shares: words, stop words, question terms, stems, sentences.

One place decides what a word is, which words carry no meaning in a question, how words are
stemmed and where a sentence ends, so the chunker, BM25, the answerers and the displays agree.

Two stemmers, on purpose:

* :func:`stem_words` — Snowball English (Porter 2, via PyStemmer): the BM25 index's terms, where
  recall over inflections matters and the stem is never shown.
* :func:`light_stem` — strips a few common suffixes and keeps at least four letters. Question
  words are matched against sentences with it (abstention, extractive scoring, highlighting),
  because it must (a) match "staffing" with "staff" — Snowball gives "staf" and "staff" — and
  (b) stay a prefix of the word it came from, so a highlight can mark the whole word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "ABBREVIATIONS",
    "INDEX_STOPWORDS",
    "LIST_MARKER",
    "STOPWORDS",
    "TERM",
    "WORD_NUMBERS",
    "Span",
    "capitalised_share",
    "continues_after",
    "ends_clause",
    "fold_accents",
    "is_abbreviation",
    "light_stem",
    "page_breaks",
    "printable",
    "query_terms",
    "quote_text",
    "split_sentences",
    "stem_words",
    "term_overlap",
    "unhyphenated",
    "unhyphenated_span",
    "words",
]

Span = tuple[int, int]

# Questions drop function words and the words people use to ask about minutes ("what was said
# about ..."): they would match every passage.
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing done during each few for from further had has
    have having he her here hers him his how i if in into is it its itself me more most my no nor
    not of off on once only or other our out over own same she should so some such than that the
    their them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your said say says tell told
    discussed discuss anything something happened happen minutes meeting meetings committee
    find know explain describe decide decided mention mentioned talk talked""".split()
)
# The index keeps more words than a question does (Lucene's English stop set only): a passage's
# "committee" or "decided" is evidence, while in a question they are only the way of asking.
INDEX_STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
TERM = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)  # a word; keeps "council's" whole
# Numbers written as words, "one" to "twenty" ("six voted for", "which two councillors")
WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LIGHT_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "ment", "ments")


# Terminal control sequences, whole: CSI (ESC [ … final byte, or the 8-bit CSI), OSC/DCS/PM/APC
# strings up to their terminator (BEL or ST; unterminated, only the ESC pair goes, so a stray one
# cannot swallow the text after it), and two-byte ESC sequences. Removing only the ESC would
# leave "[2J" behind; removing the sequence leaves nothing.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]{0,2048}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 control characters (and DEL) other than newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: escape sequences (colours, cursor moves, screen
    clears, window titles, hyperlinks) and other control characters removed; newlines and tabs
    kept. Everything read from minutes, metadata or file names goes through it before it is
    shown, and the ingest normaliser applies it to the indexed text."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; punctuation and underscores split)."""
    return [w.lower() for w in _WORD.findall(text)]


def query_terms(query: str) -> list[str]:
    """Content words of a question, lower-cased, in order, without duplicates."""
    found = [w.lower().replace("’", "'") for w in TERM.findall(query)]
    kept = [w for w in found if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return list(dict.fromkeys(kept or found))


def _strip_accents(run: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", run.group())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_accents(text: str) -> str:
    """``text`` without combining accents ('Llŷn' → 'Llyn')."""
    if text.isascii():
        return text
    # Only the non-ASCII runs: ASCII is its own NFKD form, and decomposition never reaches
    # across characters, so this equals folding the whole text (at a third of the cost).
    return _NON_ASCII.sub(_strip_accents, text)


@functools.cache
def _snowball() -> Any:
    """Snowball English (Porter 2), loaded on first use; PyStemmer caches frequent words."""
    import Stemmer

    return Stemmer.Stemmer("english")


def stem_words(tokens: Sequence[str]) -> list[str]:
    """Snowball stems of already lower-cased tokens (the BM25 index's terms)."""
    return list(_snowball().stemWords(list(tokens))) if tokens else []


def light_stem(word: str) -> str:
    """A few suffixes stripped, at least four letters kept: 'staffing' → 'staff'."""
    word = word.lower()
    for suffix in _LIGHT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def term_overlap(question_stems: Iterable[str], text: str) -> float:
    """Share of the question's light stems that occur in ``text``."""
    wanted = set(question_stems)
    if not wanted:
        return 0.0
    present = {light_stem(w) for w in _WORD.findall(text.lower())}
    return len(wanted & present) / len(wanted)


# ------------------------------------------------------------------------------- sentences
# A list entry's marker: bullets, "1.", "1.2", "(3)", "(a)", "b)", "iv." …
LIST_MARKER = (
    r"(?:[•●○◦▪■□‣∙·§\uf0a7\uf0b7o*\-–—]|\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+"
    r"|\(\d{1,3}\)|\([a-zA-Z]\)|[a-z][.)]|\(?[ivxlc]{1,6}[.)]|\([IVXLC]{1,6}\))"
)
_LIST_START = re.compile(rf"\s*{LIST_MARKER}(?=\s)")
# Words whose full stop does not end a sentence (compared without the stop, lower-cased).
ABBREVIATIONS = frozenset(
    "cllr cllrs mr mrs ms dr prof rev rt hon st no nos co ltd plc inc vs v eg ie approx dept est "
    "fig para paras ref cf al govt jr sr rd ave jan feb mar apr jun jul aug sep sept oct nov dec "
    "ch cl sec art prop".split()
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")  # "J", "e.g", "U.K"
_OPENERS = "\"'“‘([•£"


# Words a name or a heading leaves in lower case ("Health and Adult Social Care Committee").
_NAME_SMALL_WORDS = frozenset("and of the for to in on a an at by with or".split())


def capitalised_share(text: str) -> float:
    """The share of ``text``'s words, its small words left out, that start with a capital: a
    name's or a heading's are most ("Scottish Welfare Fund and Discretionary Housing
    Payments"), a sentence's few ("Subject to approval as an accurate record …"). 0.0 when
    it has none."""
    words = [w for w in text.split() if w.lower() not in _NAME_SMALL_WORDS]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def is_abbreviation(word: str, next_char: str = "") -> bool:
    """Whether a full stop after ``word`` (given without it) belongs to the word: an
    abbreviation ("Cllr", "e.g"), an initial ("J"), or "No" before a number."""
    low = word.lower()
    if _INITIALS.fullmatch(word) is not None:
        return True
    if low in ("no", "nos"):
        return next_char.isdigit()
    return low in ABBREVIATIONS


# A bullet: a list entry even after a line that ends mid-sentence (numbers may be wrapped text).
BULLET_MARKER = r"[•●○◦▪■□‣∙·§\uf0a7\uf0b7*\-–—]"
_BULLET = re.compile(rf"\s*{BULLET_MARKER}(?=\s)")
_LINE = re.compile(r"[^\n]*")
# Short lines that may sit between the two halves of a sentence cut by a page break ("Page 2
# of 7", "Planning Committee – 14 March 2023"): at most this many, each at most this long.
_FURNITURE_LINES = 3
_FURNITURE_WORDS = 10
# A sentence may also resume with a figure that goes on in lower case ("… with effect from 28
# October" / page footer / "2024, subject to …"); a list entry ("2. that …") does not.
_RESUMES_WITH_NUMBER = re.compile(r"[£$€]?\d[\d,.]*(?<![.,])(?:%|p|m|bn|k)?[,;]?\s+[a-z]")


def ends_clause(word: str) -> bool:
    """Whether a word ends a sentence or clause (. ! ? : ;, before any closing quote/bracket)."""
    return word.rstrip("\"'”’)]*_")[-1:] in (".", "!", "?", ":", ";")


def continues_after(text: str, pos: int) -> int | None:
    """Where an unfinished sentence resumes after a paragraph break, or None.

    Text converted from PDF breaks sentences at page ends, often with the page's furniture in
    between: from ``pos`` (the first line after the break), at most three short lines that do
    not end a sentence may come before a line starting in lower case; that line's first
    character is where the sentence goes on."""
    at, skipped = pos, 0
    while at < len(text):
        line = _LINE.match(text, at)
        assert line is not None
        body = line.group().strip()
        if body:
            if body[0].islower() or _RESUMES_WITH_NUMBER.match(body):
                return at + line.group().index(body[0])
            if (
                skipped == _FURNITURE_LINES
                or len(body.split()) > _FURNITURE_WORDS
                or ends_clause(body.split()[-1])
            ):
                return None
            skipped += 1
        at = line.end() + 1
    return None


_PAGE_MARK = re.compile(
    r"(?im)^[ \t]*(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—])[ \t]*$"
    # a footer line that ends with its page number: "Minutes of Council - 20 February 2025
    # Page 3 of 9"
    r"|^[^\n]{3,100}?(?:[ \t]{3,}|\t)page\s+\d{1,4}(?:\s+of\s+\d{1,4})?[ \t]*$"
)
_RUNNING_DATE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\s+\d{4}\b"
)
_VOTE_SIDE = re.compile(r"(?i)(?:against|abstain\w*|abstentions?|nays|noes|níl|staon)\b")
_CONTINUES = re.compile(r"(?:[,(]|\b(?:and|or|of|the|to|by|in|for|with|a|an|that|was|were))$")


def page_breaks(text: str) -> list[Span]:
    """Spans of page furniture that sit inside a sentence: "there being 3 votes in favour /
    - 2 - / Place Overview and Scrutiny Committee   14.07.25 / and 6 against", a vote list
    cut by "Page 2 of 3" and its running header. Read with :func:`unhyphenated` ``(text,
    page_breaks(text))``, each becomes one space.

    Only a page mark ("Page 2", "Page 2 of 3", "- 2 -") opens a break; the running header
    lines after it go with it when they repeat in the document, carry a date or are set out
    in columns. A break counts only when the text before it does not end a clause and the text
    after it goes on (lower case, a figure, after "Jardine," or "… and", or after a long
    wrapped line rather than a heading left at a page's foot)."""
    breaks: list[Span] = []
    if _PAGE_MARK.search(text) is None:
        return breaks
    rows = [" ".join(row.split()) for row in text.split("\n")]
    rows = [row for row in rows if row]
    # A running header or footer sits next to page marks (or opens the first page); a line
    # of the minutes that happens to repeat (the same tail of two vote lists) does not.
    near = {0, 1, 2}
    for k, row in enumerate(rows):
        if _PAGE_MARK.match(row):
            near.update(range(k - 3, k + 4))
    counts: dict[str, int] = {}
    for k in near:
        if 0 <= k < len(rows):
            counts[rows[k]] = counts.get(rows[k], 0) + 1

    def repeats(body: str) -> bool:
        return counts.get(" ".join(body.split()), 0) > 1

    def running(body: str) -> bool:
        return len(body.split()) <= 12 and (
            repeats(body)
            or re.search(r"\S[ \t]{3,}\S", body) is not None
            or _RUNNING_DATE.search(body) is not None
        )

    for mark in _PAGE_MARK.finditer(text):
        before = text[: mark.start()].rstrip()
        # A footer may carry a running line above its page mark ("Council – 18 September
        # 2025 / Page 2 of 5"): the sentence it cuts ends above that line. Only a line that
        # repeats, or stands apart after a blank line, is furniture: a wrapped sentence's
        # last line may hold a date too.
        for _ in range(2):
            line_start = before.rfind("\n") + 1
            above = before[line_start:]
            if (
                line_start == 0
                or not running(above)
                or not (
                    repeats(above)
                    or re.search(r"\n[ \t]*\n[ \t]*$", before[:line_start]) is not None
                )
            ):
                break
            before = before[:line_start].rstrip()
        if (
            not before
            or ends_clause(before.split()[-1])
            or (breaks and breaks[-1][1] > mark.start())
        ):
            continue
        at = mark.end()
        headers = 0
        while at < len(text):
            line = _LINE.match(text, at + 1 if text[at] == "\n" else at)
            assert line is not None
            body = line.group().strip()
            if not body:
                at = line.end()
                continue
            if running(body) and headers < 2:
                headers += 1
                at = line.end()
                continue
            last_line = before[before.rfind("\n") + 1 :].split()
            if (
                body[0].islower()
                or body[0].isdigit()
                or _CONTINUES.search(before)
                or len(last_line) > 8
                # a tally's next side: "FOR: 25   AGAINST: 12" / page furniture / "ABSTAIN: 2"
                or (_VOTE_SIDE.match(body) is not None and before[-1:].isdigit())
            ):
                breaks.append((len(before), line.start() + line.group().index(body[0])))
            break
    return breaks


def split_sentences(text: str) -> list[Span]:
    """Trimmed sentence spans of ``text``.

    A blank line ends a sentence, unless the sentence is unfinished and resumes in lower case
    after a page break's furniture (the furniture then lies inside the span: see
    :func:`quote_text`). A list entry on its own line starts a sentence when the line before
    ends a clause, or is itself a list entry, or the marker is a bullet: "… Road to\n14.5
    metres." is one sentence wrapped at a line end. Abbreviations ("Cllr.", "e.g.", "No. 5",
    "St."), initials ("J. Smith") and decimals ("£1.5m") do not end a sentence.
    """
    spans: list[Span] = []
    head = _NONSPACE.search(text)
    if head is None:
        return spans
    first = head.start()  # where the sentence being read starts
    resume = -1  # inside page furniture until this position: no cuts
    # Only a word that ends in a stop or a closing mark, or that ends its line, may end a
    # sentence: the others are not visited (most words of a text; this runs for every text).
    for m in _MAY_END_WORD.finditer(text):
        s, e = m.span()
        following = _NONSPACE.search(text, e)
        if following is None:
            break
        ns = following.start()
        if ns <= resume:
            continue
        gap, word = text[e:ns], text[s:e]
        if gap.count("\n") >= 2:
            back = None if ends_clause(word) else continues_after(text, ns)
            if back is not None:
                resume = back
                continue
            cut = True
        elif (
            "\n" in gap
            and _LIST_START.match(text, ns)
            # (a count wrapped after its head is no list entry: "ABSTAIN:\n 1.")
            and not (word.endswith(":") and _BARE_NUMBER.match(text, ns))
            and (
                ends_clause(word)
                or _BULLET.match(text, ns) is not None
                or _LIST_START.match(text, first) is not None
                # a bracket that is a sentence of its own: "… was approved. (Prop. Cllr
                # Dunmore, sec. Cllr Ryle, unanimous)\n(b) …"
                or (word.endswith(")") and text[first] == "(")
            )
        ):
            cut = True
        else:
            core = word.rstrip("\"'”’)]")
            nxt = following.group().lstrip("*_#") or text[ns]  # "**RESOLVED**"
            nxt = nxt[0]
            abbreviation = (
                core.endswith(".")
                and not core.endswith("..")
                # (a quotation closed after the stop ends there: '… set out in Appendix A."')
                and not any(q in word[len(core) :] for q in '"”’')
                and is_abbreviation(core.rstrip(".!?").lstrip("\"'“‘(["), nxt)  # "(Cllr. X)"
            )
            starts = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS
            cut = core[-1:] in (".", "!", "?") and starts and not abbreviation
            if not cut and "\n" in gap and nxt.isupper() and word.isupper():
                # an eScribe result alone on its line ends its sentence, stop or none:
                # "WITHDRAWN\nThe Treasurer noted …"
                cut = _RESULT_LINE.fullmatch(text, text.rfind("\n", 0, s) + 1, e) is not None
            if not cut and "\n" in gap and word.endswith(")") and nxt.isupper():
                # "… was approved. (Prop. Cllr X, sec. Cllr Y)\nThe bank reconciliation …": a
                # bracket standing after a full stop ends with its line
                opened = text.rfind("(", 0, e)
                cut = opened >= 0 and text[:opened].rstrip().endswith((".", "!", "?"))
        if cut:
            spans.append((first, e))
            first = ns
    spans.append((first, len(text.rstrip())))
    return spans


_BARE_NUMBER = re.compile(r"\d{1,3}\.?[ \t]*(?:\n|$)")
_RESULT_LINE = re.compile(
    r"[ \t]*(?:MOTION[ \t]+|AMENDMENT[ \t]+)?(?:CARRIED|DEFEATED|LOST|WITHDRAWN|FAILED|DEFERRED)"
    r"(?:[ \t]+UNANIMOUSLY)?"
)
_NONSPACE = re.compile(r"\S+")
# A word that may end a sentence: it ends in a stop or a closing mark, or ends its line.
_MAY_END_WORD = re.compile(r"(?<!\S)(?>\S+)(?:(?<=[.!?\"'”’)\]])(?=\s)|(?=[^\S\n]*\n))")
_HYPHENATED = re.compile(r"([^\W\d_])-[ \t]*\n[ \t]*([a-z])")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_LEAD_MARK = re.compile(r"^\s*(?:[•●○◦▪■□‣∙·\uf0a7\uf0b7*\-–—]\s+)")


def unhyphenated(raw: str, breaks: Sequence[Span] = ()) -> tuple[str, list[int]]:
    """``raw`` with words hyphenated at a line end joined ("Feb-\\nruary" → "February") and
    each of ``breaks`` (see :func:`page_breaks`) read as one space, and where each of its
    characters is in ``raw`` (one more entry: ``len(raw)``), so a span found in the joined
    text maps back to exact offsets of the stored text."""
    cuts = sorted(
        [(a, b, " ") for a, b in breaks]
        + [(m.start() + 1, m.start(2), "") for m in _HYPHENATED.finditer(raw)]
    )
    joined: list[str] = []
    where: list[int] = []
    at = 0
    for a, b, put in cuts:
        if a < at:
            continue  # (a hyphen inside a page break)
        joined.append(raw[at:a])
        where.extend(range(at, a))
        if put:
            joined.append(put)
            where.append(a)
        at = b
    joined.append(raw[at:])
    where.extend(range(at, len(raw)))
    where.append(len(raw))
    return "".join(joined), where


def unhyphenated_span(where: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The offsets in the raw text of ``[start, end)`` of the text ``unhyphenated`` joined
    (``where`` is its second value)."""
    return where[start], (where[end - 1] + 1 if end > start else where[start])


def quote_text(raw: str) -> str:
    """A span of minutes as a reader should see it quoted: page furniture that interrupts a
    sentence removed, words hyphenated at a line end joined, Markdown emphasis, heading marks
    and a leading bullet dropped, whitespace collapsed. (The span itself stays the evidence:
    offsets always refer to the raw text.)"""
    text = _without_furniture(raw)
    text = _HYPHENATED.sub(r"\1\2", text)
    text = _HEADING.sub("", text)
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    text = text.replace("**", "").replace("__", "")
    return _LEAD_MARK.sub("", " ".join(text.split()))


def _without_furniture(text: str) -> str:
    """``text`` without the page furniture between the halves of a sentence a page cut."""
    out, at = [], 0
    for match in re.finditer(r"\n[ \t]*\n", text):
        if match.start() < at:
            continue
        before = text[at : match.start()].split()
        if not before or ends_clause(before[-1]):
            continue
        back = continues_after(text, match.end())
        if back is not None:
            out.append(text[at : match.start()])
            at = back
    out.append(text[at:])
    return " ".join(out)
