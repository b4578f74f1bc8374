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
    "Span",
    "fold_accents",
    "is_abbreviation",
    "light_stem",
    "query_terms",
    "split_sentences",
    "stem_words",
    "term_overlap",
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
_TERM = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)  # keeps "council's" whole
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LIGHT_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "ment", "ments")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; punctuation and underscores split)."""
    return [w.lower() for w in _WORD.findall(text)]


def query_terms(query: str) -> list[str]:
    """Content words of a question, lower-cased, in order, without duplicates."""
    found = [w.lower().replace("’", "'") for w in _TERM.findall(query)]
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
    "ch cl sec art".split()
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")  # "J", "e.g", "U.K"
_OPENERS = "\"'“‘([•£"


def is_abbreviation(word: str, next_char: str = "") -> bool:
    """Whether a full stop after ``word`` (given without it) belongs to the word: an
    abbreviation ("Cllr", "e.g"), an initial ("J"), or "No" before a number."""
    low = word.lower()
    if _INITIALS.fullmatch(word) is not None:
        return True
    if low in ("no", "nos"):
        return next_char.isdigit()
    return low in ABBREVIATIONS


def split_sentences(text: str) -> list[Span]:
    """Trimmed sentence spans of ``text``; list entries on their own line start a sentence.

    Abbreviations ("Cllr.", "e.g.", "No. 5", "St."), initials ("J. Smith") and decimals ("£1.5m")
    do not end a sentence; a blank line always does.
    """
    found = [m.span() for m in re.finditer(r"\S+", text)]
    spans: list[Span] = []
    first = 0
    for k in range(len(found) - 1):
        (s, e), (ns, _) = found[k], found[k + 1]
        gap = text[e:ns]
        if gap.count("\n") >= 2 or ("\n" in gap and _LIST_START.match(text, ns)):
            cut = True
        else:
            core = text[s:e].rstrip("\"'”’)]")
            nxt = text[ns]
            abbreviation = (
                core.endswith(".")
                and not core.endswith("..")
                and is_abbreviation(core.rstrip(".!?"), nxt)
            )
            starts = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS
            cut = core[-1:] in (".", "!", "?") and starts and not abbreviation
        if cut:
            spans.append((found[first][0], e))
            first = k + 1
    if found:
        spans.append((found[first][0], found[-1][1]))
    return spans
