"""How far each council's answer in a comparison goes, and the words that say what was searched.

A comparison (:meth:`rag.answers.Asker.compare`) answers one question once per council. An
answer is always "found" when something is near in meaning, so each is graded by its quotes:

* ``discussed`` — the quotes hold the question's key terms (or close variants);
* ``related only`` — an answer near in meaning was found, but key terms are missing from it;
* ``no mention`` — nothing near in meaning or in words: the row says what was searched.

Key terms are the question's content words (:func:`rag.text.query_terms`' stop words) without
the ways of asking about minutes ("council", "committee", "meeting" …) and without council
names. A term is found when a quoted word has the same light stem (:func:`variant_key`:
'staffing' = 'staff', 'agencies' = 'agency'), or when it is written as a compound or with a
hyphen ('agency-staff', 'childcare' for 'child care').
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..dates import day_label
from ..models import Answer, Claim, Filters
from ..text import STOPWORDS, light_stem, words

__all__ = [
    "DISCUSSED",
    "GRADES",
    "NO_MENTION",
    "RELATED",
    "UNSTATED",
    "Grade",
    "filters_label",
    "grade_answer",
    "idf_weight",
    "is_discussed",
    "items_in_meetings",
    "key_terms",
    "plural",
    "terms_in",
    "variant_key",
]

DISCUSSED = "discussed"
RELATED = "related only"
NO_MENTION = "no mention"
GRADES = (DISCUSSED, RELATED, NO_MENTION)
# The row of a comparison for agenda items whose council the minutes do not state.
UNSTATED = "Council not stated"

# Words people use to ask about minutes, beyond the stop words every question drops: they are
# in every council's minutes, so finding them says nothing about the topic.
_ASKING = frozenset(
    """council councils councillor councillors cllr cllrs borough city county district
    committee committees subcommittee sub meeting meetings minute minutes agenda item items
    discussion discussions raised report reported reports""".split()
)
# A question word: letters and digits, an apostrophe inside ("council's"), hyphens joining
# parts ("agency-staff" stays one term: its parts alone are another topic).
_TERM = re.compile(r"[^\W_]+(?:['’][^\W_]+)?(?:-[^\W_]+)*")
# With up to this many key terms an answer must hold them all: two words usually name one
# topic ("agency staffing"), and one of them alone ("staff") is a different topic.
_ALL_UP_TO = 2
# With more key terms, the found ones must carry two thirds of the terms' weight (below).
_SHARE = 2 / 3


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 meeting', '5 meetings', '2 agenda items' (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def items_in_meetings(items: int, meetings: int) -> str:
    """'5 agenda items in 4 meetings': how every message counts what an index or search holds
    (a meeting is a council, committee and date; an undated document counts as one)."""
    return f"{plural(items, 'agenda item')} in {plural(meetings, 'meeting')}"


def filters_label(filters: Filters) -> str:
    """'council=BCP, since=1 Jan 2022' (dates as users read them; '' when no filter)."""
    parts = [
        f"council={filters.council}" if filters.council else "",
        f"committee={filters.committee}" if filters.committee else "",
        f"since={day_label(filters.since)}" if filters.since else "",
        f"until={day_label(filters.until)}" if filters.until else "",
    ]
    return ", ".join(p for p in parts if p)


# ------------------------------------------------------------------------------ key terms
def variant_key(word: str) -> str:
    """What two variants of a word share: hyphens and a possessive dropped, the light stem,
    and a final 'y' or 'e' of a longer stem dropped ('agency'/'agencies' → 'agenc',
    'service'/'services' → 'servic')."""
    word = word.lower().replace("’", "'").replace("-", "")
    word = word.removesuffix("'s")
    stem = light_stem(word)
    return stem[:-1] if len(stem) > 4 and stem[-1] in "ye" else stem


def key_terms(question: str, names: Iterable[str] = ()) -> list[str]:
    """The question's key terms, lower-cased, in order: content words without the ways of
    asking about minutes and without the words of ``names`` (the councils compared)."""
    named = {variant_key(w) for name in names for w in words(name)}
    found: list[str] = []
    for raw in _TERM.findall(question):
        term = raw.lower().replace("’", "'").removesuffix("'s")
        parts = term.split("-")
        if all(p in STOPWORDS or p in _ASKING or len(p) < 2 for p in parts):
            continue
        if variant_key(term) in named or term in found:
            continue
        found.append(term)
    return found


def _text_keys(text: str) -> set[str]:
    """Variant keys of every word of ``text`` and of every two neighbouring words written
    together ('child care' → 'childcare'), so compounds match either way."""
    tokens = words(text)
    keys = {variant_key(t) for t in tokens}
    keys.update(variant_key(a + b) for a, b in itertools.pairwise(tokens))
    return keys


def terms_in(terms: Sequence[str], text: str) -> tuple[list[str], list[str]]:
    """(found, missing) key terms of ``text``, each in the order of ``terms``."""
    keys = _text_keys(text)
    found = {t for t in terms if variant_key(t) in keys}
    # Two neighbouring question words written as one in the text ('childcare').
    for a, b in itertools.pairwise(terms):
        if variant_key(a + b) in keys:
            found.update((a, b))
    return [t for t in terms if t in found], [t for t in terms if t not in found]


def idf_weight(documents: int, containing: int) -> float:
    """How specific a term is in an index of ``documents`` passages: log(1 + N / df), so a
    term in few passages weighs more than one in many (a term found nowhere weighs most)."""
    return math.log(1 + max(documents, 1) / max(containing, 0.5))


def is_discussed(
    terms: Sequence[str], found: Iterable[str], weights: Mapping[str, float] | None = None
) -> bool:
    """Whether the found terms are enough to say the answer discusses the question.

    The rule: with one or two key terms, all of them. With three or more, the found terms
    must carry two thirds of the terms' total weight, each term weighted by how specific it is
    in the index (:func:`idf_weight`): the rare topical word ('agency' in 'the cost of agency
    social workers') outweighs the common ones ('cost', 'workers'), so an answer missing it
    is only related, while one missing a common word still discusses the question. With no
    weights every term counts the same. A question with no key terms has nothing to check."""
    have = set(found)
    if len(terms) <= _ALL_UP_TO:
        return all(t in have for t in terms)
    weight = weights or {}
    total = sum(weight.get(t, 1.0) for t in terms)
    held = sum(weight.get(t, 1.0) for t in terms if t in have)
    return held >= _SHARE * total - 1e-9


# ------------------------------------------------------------------------------ grading
@dataclass(frozen=True)
class Grade:
    """One answer's grade, the key terms its quotes hold and lack, and its best quote."""

    grade: str
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    claim: Claim | None = None


def _quoted(answer: Answer) -> list[Claim]:
    """The answer's sentences that stand: checked against their sources, not empty."""
    return [c for c in answer.claims if c.supported and c.text.strip()]


def grade_answer(
    answer: Answer, terms: Sequence[str], weights: Mapping[str, float] | None = None
) -> Grade:
    """Grade an answer by the key terms its quotes hold.

    ``found`` and ``missing`` are over all its quoted sentences, but "discussed" needs one
    sentence holding enough of them (:func:`is_discussed`): terms scattered over sentences
    are usually other topics ("partner agency attendance" in one, "additional staffing" in
    another discuss neither agency staffing). The quote shown is the sentence that comes
    closest (the most weighted terms; the first of equals)."""
    if answer.abstained:
        return Grade(NO_MENTION, (), tuple(terms))
    claims = _quoted(answer)
    found, missing = terms_in(terms, " ".join(c.text for c in claims))
    weight = weights or {}

    def closeness(claim: Claim) -> tuple[bool, float]:
        held = terms_in(terms, claim.text)[0]
        return is_discussed(terms, held, weights), sum(weight.get(t, 1.0) for t in held)

    best = max(claims, key=closeness, default=None)  # max keeps the first of equals
    grade = DISCUSSED if best is not None and closeness(best)[0] else RELATED
    return Grade(grade, tuple(found), tuple(missing), best)
