"""The short answer read from one sentence: the helper the short-answer tests share."""

from __future__ import annotations

from rag.answers.short import Candidate, ShortWeights, best_span


def best_of_one(
    question: str, text: str, weights: ShortWeights | None = None, score: float = 1.0
) -> str | None:
    """The short answer ``best_span`` reads from ``text`` as the only sentence found, scored
    ``score`` by the answerer; None when it gives none. Unless ``weights`` say otherwise it is
    given by the floor rule: whether a real answer is given depends on how its span stands
    among everything found (``rag.answers.confidence``), which one sentence cannot show."""
    weights = weights or ShortWeights(confidence=None)
    found = best_span(question, [Candidate(1, 0, len(text), score)], [text], weights)
    return None if found is None else text[found[0].start : found[0].end]
