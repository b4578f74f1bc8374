"""Words that minutes and the people asking about them use for the same thing.

Minutes record decisions in formal verbs ("refused", "deferred", "approved") while people ask
in plain ones ("turned down", "put off", "backed"); minutes say "HGV" where a question says
"lorry". Question words are matched to the minutes' words through these classes: each word's
Snowball stem maps to its class's first stem, so "refuse", "reject" and "turn down" meet.

Only words whose meaning does not depend on the topic are grouped, and a phrase is rewritten
to one word on the question's side only (minutes' offsets must stay exact).
"""

from __future__ import annotations

import functools
import re

from .text import stem_words

__all__ = ["canonical_stem", "plain_phrases"]

# Each group: the words (any form the stemmer reduces alike) that mean the same in minutes.
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("refuse", "reject", "refusal", "rejection", "decline", "dismiss"),
    ("approve", "approval", "grant", "endorse", "ratify", "adopt", "accept"),
    ("defer", "deferral", "postpone", "postponement", "delay", "adjourn"),
    ("withdraw", "withdrawal", "retract"),
    ("remove", "removal", "delete", "scrap", "abolish", "abolition"),
    ("increase", "raise", "rise", "uplift", "hike"),
    ("reduce", "reduction", "cut", "lower", "decrease"),
    ("extend", "extension", "lengthen", "prolong"),
    ("keep", "retain", "retention", "maintain"),
    ("propose", "proposal", "suggest", "suggestion"),
    ("lorry", "lorries", "hgv", "hgvs", "truck"),
    ("fee", "fees", "charge", "charges", "tariff"),
    ("home", "homes", "house", "houses", "dwelling", "dwellings"),
    ("bike", "bicycle", "cycle", "cycling"),
    ("rubbish", "garbage", "trash", "litter"),
    # what a consultation receives: "how many replies …" = "1,184 responses had been received"
    ("response", "responses", "reply", "replies", "submission", "submissions"),
    ("total", "totalling", "totaling", "altogether", "overall"),
    # a table's "Cases found incorrect" for "how many … did it find to be wrong"
    ("incorrect", "wrong", "erroneous", "inaccurate"),
    ("find", "found"),
)

# Plain phrases a question uses for a formal verb of the minutes.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), word)
    for pattern, word in (
        (r"\bturn(?:s|ed|ing)?\s+(?:it\s+|this\s+|them\s+)?down\b", "refuse"),
        (
            r"\b(?:push|put|hold|held|putting|pushing|holding)(?:es|ed|s)?\s+(?:it\s+|this\s+)?"
            r"(?:back|off)\b",
            "defer",
        ),
        (r"\bheavy\s+goods\s+vehicles?\b", "lorry"),
        (r"\bdo\s+away\s+with\b|\bget\s+rid\s+of\b", "remove"),
        (r"\bgo(?:es|ing)?\s+ahead\s+with\b", "approve"),
        (r"\bput\s+forward\b", "propose"),
        # "… that the Panel block the Commissioner's precept" (a verb: not "a block of flats")
        (r"\bblock(?:s|ed|ing)?\b(?=\s+(?:the|a|an|its|their|his|her|this)\b)", "veto"),
    )
)


@functools.cache
def _classes() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in _GROUPS:
        stems = stem_words([w.lower() for w in group])
        for stem in stems:
            mapping.setdefault(stem, stems[0])
    return mapping


def canonical_stem(stem: str) -> str:
    """The class a Snowball stem belongs to (itself when it is in none): 'reject' → 'refus'."""
    return _classes().get(stem, stem)


def plain_phrases(question: str) -> str:
    """A question with its plain phrasal verbs replaced by the minutes' word ("turned down" →
    "refuse"), for matching only (never for offsets)."""
    for pattern, word in _PHRASES:
        question = pattern.sub(word, question)
    return question
