"""How likely the best short-answer span is right: a logistic model over what the reader
already knows about it, used instead of a fixed floor to decide whether to give a short answer.

The reader ranks spans by a hand-weighted sum (``short.ShortWeights``); that sum is a poor
probability. Among 1,400 fact questions over one index of 198 minutes, the best span held the
gold answer for three answerable questions in five, but a floor on its score either withheld
most of them or let one answer in seven be wrong. What tells a right best span from a wrong
one is mostly *how it stands*: how far it leads the best span of another value, whether the
question's words name its passage and agenda item (another council's minutes answer in the
same words), how many other values score near it, how far down the passages it was found.

The weights are fitted by ``eval/fit_confidence.py`` (logistic regression, L2, on standardised
features) on the fact sets b–n with the dev and test sets, and the threshold chosen there
(short answers holding the gold minus three times the wrong ones); held on the sets o–x, which
the fit never saw (README "Answers", CHANGELOG). Deterministic and offline: a dot product.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from ..text import words

__all__ = ["FEATURES", "Model", "answer_confidence", "lead", "probability", "top_features"]

KINDS = ("count", "amount", "percentage", "date", "person", "vote", "outcome")
FEATURES = (
    "score",  # the reader's score of the best span
    "lead",  # … minus the best score of a span of another value (0 when none)
    "sentence",  # the answerer's score of its sentence
    "local",  # the question's words near it
    "coverage",  # … in its sentence
    "passage",  # … in its passage and the agenda item's header
    "cue",  # its kind-specific context
    "rank",  # log of its passage's place among the passages answered from
    "repeats",  # sentences that state the same value (at most 3)
    "close",  # values scored within 0.2 of it (at most 5)
    "period",  # a figure of the period asked (1), of none said (0)
    "role",  # a date said to start or end what is asked (1)
    *(f"kind={k}" for k in KINDS),
)
CLOSE = 0.2

# Fitted by eval/fit_confidence.py (see the module docstring): feature means, their standard
# deviations, the coefficients of the standardised features and the intercept.
_MEAN = (
    0.800326,
    0.185028,
    0.505552,
    0.148197,
    0.346413,
    0.675419,
    0.278121,
    0.555039,
    1.264126,
    2.678055,
    0.059133,
    0.060447,
    0.149803,
    0.204993,
    0.131406,
    0.127464,
    0.143233,
    0.114323,
    0.128778,
)
_SCALE = (
    0.226414,
    0.227216,
    0.160323,
    0.122999,
    0.210704,
    0.226696,
    0.379931,
    0.679218,
    0.547255,
    1.501696,
    0.235873,
    0.238313,
    0.356878,
    0.403697,
    0.337844,
    0.333492,
    0.35031,
    0.318203,
    0.334954,
)
_COEF = (
    0.366157,
    0.550097,
    -0.020545,
    0.213181,
    -0.371007,
    0.691277,
    0.150085,
    -0.416909,
    -0.077232,
    -0.552163,
    -0.209536,
    -0.172734,
    -0.031708,
    0.1145,
    0.168998,
    0.199956,
    -0.124013,
    0.03405,
    -0.376405,
)
_INTERCEPT = 0.305351


class Span(Protocol):
    """What the model reads of a span (``short.Span``; a protocol keeps ``short`` the only
    module that imports the other)."""

    kind: str
    start: int
    end: int
    cue: float
    period: int
    role: int
    parts: tuple[float, float, float, float]


class Candidate(Protocol):
    """What the model reads of the sentence a span is in (``short.Candidate``)."""

    passage: int
    start: int


def _value(span: Span, candidate: Candidate, texts: Sequence[str]) -> str:
    return " ".join(words(texts[candidate.passage - 1][span.start : span.end]))


def _same(a: str, b: str) -> bool:
    """One value read twice, whole or in part ("£720" and "£720 a year")."""
    return a in b or b in a


def lead(found: Sequence[tuple[float, Span, Candidate]], texts: Sequence[str]) -> float:
    """How far the best of the ranked spans ``found`` scores above the best span of another
    value (its whole score when there is none): the same value read again is no rival."""
    top, span, candidate = found[0]
    best = _value(span, candidate, texts)
    rivals = (score for score, s, c in found[1:] if not _same(_value(s, c, texts), best))
    return top - next(rivals, 0.0)


def top_features(
    found: Sequence[tuple[float, Span, Candidate]], texts: Sequence[str]
) -> list[float]:
    """The features (``FEATURES``) of the best of the ranked spans ``found``."""
    top, span, candidate = found[0]
    best = _value(span, candidate, texts)
    values = [(score, _value(s, c, texts), c) for score, s, c in found]
    repeats = len({c.start for _, v, c in values if _same(v, best)})
    close = len({v for score, v, _ in values if score >= top - CLOSE})
    sentence, local, coverage, passage = span.parts
    return [
        top,
        lead(found, texts),
        sentence,
        local,
        coverage,
        passage,
        span.cue,
        math.log(candidate.passage),
        float(min(repeats, 3)),
        float(min(close, 5)),
        float(span.period),
        float(span.role),
        *(float(span.kind == k) for k in KINDS),
    ]


Model = tuple[Sequence[float], Sequence[float], Sequence[float], float]
"""Feature means, scales, coefficients of the standardised features, intercept."""


def probability(x: Sequence[float], model: Model | None = None) -> float:
    """The model's probability for the features ``x``; ``model`` replaces the fitted one
    (for fitting and tests)."""
    mean, scale, coef, intercept = model or (_MEAN, _SCALE, _COEF, _INTERCEPT)
    z = intercept + sum(c * (v - m) / s for v, m, s, c in zip(x, mean, scale, coef, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def answer_confidence(
    found: Sequence[tuple[float, Span, Candidate]], texts: Sequence[str]
) -> float:
    """The probability that the best of the ranked spans ``found`` is right."""
    return probability(top_features(found, texts))
