"""Answers: a question and its retrieved passages turned into a cited answer.

* :mod:`.asker` — :class:`Asker`: time filter, retrieval, abstention, then an answerer; councils
  compared side by side;
* :mod:`.extractive` — the default answerer (offline, quotes the minutes);
* :mod:`.llm` — an OpenAI-compatible endpoint, every sentence checked by :mod:`.verify`
  (figures, dates, quotes) and :mod:`.grounding` (words, names, links) before it is shown;
* :mod:`.grades` — a comparison's grades (discussed, related only, no mention) and the words
  that say what was searched;
* :mod:`.base` — the :class:`Answerer` protocol and citation markers.
"""

from __future__ import annotations

from .asker import Asker, Comparison, CouncilAnswer, ask
from .base import Answerer, TokenCallback
from .grades import DISCUSSED, GRADES, NO_MENTION, RELATED, UNSTATED, Grade

__all__ = [
    "DISCUSSED",
    "GRADES",
    "NO_MENTION",
    "RELATED",
    "UNSTATED",
    "Answerer",
    "Asker",
    "Comparison",
    "CouncilAnswer",
    "Grade",
    "TokenCallback",
    "ask",
]
