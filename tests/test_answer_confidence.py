"""The short-answer confidence model: a probability that rises as the best span stands out,
the rule that gives a short answer by it, and the fitting script's regression, which must
learn a signal that is there and none that is not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from rag.answers.confidence import FEATURES, answer_confidence, top_features
from rag.answers.short import Candidate, ShortWeights, best_span, vetted_spans

REPO = Path(__file__).resolve().parents[1]
QUESTION = "How many objections did Kestrel District Council receive to the Mill Lane depot?"
HEADER = "Kestrel District Council — Planning Committee — Mill Lane depot"


def _found(sentences: list[str]) -> tuple[list[tuple[float, object, Candidate]], list[str]]:
    """Each sentence a passage of its own, the first found best."""
    candidates = [Candidate(n + 1, 0, len(s), 0.6 - 0.1 * n) for n, s in enumerate(sentences)]
    found = vetted_spans(QUESTION, candidates, sentences, ShortWeights(), [HEADER] * len(sentences))
    return found, sentences  # type: ignore[return-value]


def test_a_span_that_stands_out_is_surer_than_one_among_close_rivals() -> None:
    clear, clear_texts = _found(
        ["Kestrel District Council had received 412 objections to the Mill Lane depot."]
    )
    crowded, crowded_texts = _found(
        [
            "The Council received 412 letters, 398 emails, 405 comments and 388 objections.",
            "A further 402 objections reached another council about a different depot.",
        ]
    )
    sure = answer_confidence(clear, clear_texts)  # type: ignore[arg-type]
    unsure = answer_confidence(crowded, crowded_texts)  # type: ignore[arg-type]
    assert 0.0 < unsure < sure < 1.0
    assert len(top_features(clear, clear_texts)) == len(FEATURES)  # type: ignore[arg-type]


def test_the_threshold_decides_whether_the_best_span_is_given() -> None:
    text = "Kestrel District Council had received 412 objections to the Mill Lane depot."
    candidates = [Candidate(1, 0, len(text), 0.6)]

    def given(threshold: float | None) -> bool:
        # (a floor nothing reaches, a margin no lone span leads by)
        weights = ShortWeights(confidence=threshold, floor=10.0, margin=9.0)
        return best_span(QUESTION, candidates, [text], weights, [HEADER]) is not None

    assert given(0.0) and not given(1.0)
    assert not given(None)  # (the floor rule, when asked for, still applies)


def _fit_module() -> ModuleType:
    sys.path.insert(0, str(REPO / "eval"))
    spec = importlib.util.spec_from_file_location("fit_confidence", REPO / "eval/fit_confidence.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("shuffled", [False, True])
def test_the_fit_learns_a_real_signal_and_no_false_one(shuffled: bool) -> None:
    """Labels that follow the first feature are learnt (predictions right nine times in ten);
    the same labels shuffled leave the model no better than always saying the majority."""
    fit = _fit_module().fit
    rng = np.random.default_rng(7)
    x = rng.normal(size=(600, 4))
    y = (x[:, 0] + 0.3 * rng.normal(size=600) > 0).astype(float)
    if shuffled:
        y = rng.permutation(y)
    mean, scale, coef, intercept = fit(x, y)
    p = 1 / (1 + np.exp(-(intercept + ((x - mean) / scale) @ coef)))
    accuracy = float(((p >= 0.5) == (y == 1)).mean())
    majority = max(y.mean(), 1 - y.mean())
    if shuffled:
        assert accuracy < majority + 0.06
    else:
        assert accuracy > 0.9 and coef[0] > 1.0
