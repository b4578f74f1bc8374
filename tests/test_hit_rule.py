"""The hit rule random text cannot pass (rag/apps/evaluation/metrics.py), and its self-test.

Every metric gets a sanity check that it can fail: perfect output scores 1.0, random text
from the right file (but away from the gold) scores near zero, and a plain chunker's best
chunk still finds the gold. The last three run on the QMSum development meetings (../shared).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from rag.apps.evaluation import metrics as m
from rag.apps.evaluation.qmsum import write_qmsum
from rag.apps.evaluation.questions import Question


def test_quote_words_must_be_in_order_within_a_short_stretch() -> None:
    quote = "agency staff costs rose sharply this year"
    assert m.hits("a", "Members noted that agency staff costs rose sharply this year.", "a", quote)
    assert not m.hits("b", "Members noted that agency staff costs rose sharply.", "a", quote)
    # The same words as a bag, out of order: not a hit (the old rule counted it).
    shuffled = "this year sharply rose costs staff agency"
    assert not m.hits("a", shuffled, "a", quote)
    # 5 of 7 words in order (71%) is enough; 4 of 7 (57%) is not.
    assert m.hits("a", "the agency staff costs rose fast this week", "a", quote)
    assert not m.hits("a", "the agency staff costs rose in the budget", "a", quote)
    # In order but spread over far more than n + max(10, n/5) = 17 words: not a hit.
    spread = " ".join(["agency", "staff"] + ["filler"] * 20 + ["costs", "rose", "sharply"])
    assert not m.hits("a", spread, "a", quote)


def test_normalisation_ignores_case_markup_apostrophes_and_line_breaks() -> None:
    quote = "The Council’s budget was AGREED."
    assert m.hits("a", "**the councils**\nbudget was\n*agreed*", "a", quote)
    assert m.tokens("\uff23\uff4f\uff55\uff4e\uff43\uff49\uff4c’s it's") == [
        "councils",
        "its",
    ]  # NFKC


def test_a_passage_inside_a_long_quote_hits_and_a_short_fragment_does_not() -> None:
    quote = " ".join(f"word{i}" for i in range(300))
    inside = " ".join(f"word{i}" for i in range(100, 130))  # 30 tokens from the middle
    assert m.hits("a", inside, "a", quote)
    fragment = " ".join(f"word{i}" for i in range(100, 111))  # 11 tokens: too short to count
    assert not m.hits("a", fragment, "a", quote)
    # Mostly outside the quote: 10 of 30 tokens inside is not "lying inside" it.
    straddling = " ".join(f"word{i}" for i in range(290, 300)) + " " + " ".join(["other"] * 20)
    assert not m.hits("a", straddling, "a", quote)


def test_in_order_is_the_longest_common_subsequence_within_a_stretch() -> None:
    assert m.in_order("a b c d e", "x a y b z c", 0.6)
    assert not m.in_order("a b c d e", "c b a e d", 0.6)
    assert not m.in_order("", "anything", 0.6)


def test_perfect_and_random_rankings_of_synthetic_minutes() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(400)]
    meeting = [rng.choice(vocabulary) for _ in range(6000)]
    quotes = [" ".join(meeting[s : s + rng.randint(12, 60)]) for s in range(0, 6000, 600)]
    gold = [("m.txt", q) for q in quotes]
    perfect = m.hit_matrix([("m.txt", q) for q in quotes], gold)
    assert m.hit_at(perfect, 1) == 1.0 and m.recall_at(perfect, 10) == 1.0
    noise = [" ".join(rng.choice(vocabulary) for _ in range(180)) for _ in range(10)]
    assert m.hit_at(m.hit_matrix([("m.txt", t) for t in noise], gold), 10) == 0.0


@pytest.fixture(scope="module")
def development(
    shared_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Question], dict[str, str]]:
    source = shared_dir / "corpus" / "qmsum-committee-dev"
    out = tmp_path_factory.mktemp("qmsum") / "corpus"
    files = sorted(source.glob("*/*.json"))
    questions = [Question.model_validate(q) for q in write_qmsum(files, out)]
    texts = {p.name: p.read_text("utf-8") for p in out.glob("*.txt")}
    return questions, texts


@pytest.mark.slow
def test_self_test_perfect_answers_score_one(
    development: tuple[list[Question], dict[str, str]],
) -> None:
    questions, _ = development
    assert len(questions) >= 340  # all 30 meetings, train and val
    scores = [
        m.hit_at(m.hit_matrix([(g.source, g.quote) for g in q.gold], _gold(q)), 1)
        for q in questions
    ]
    assert sum(scores) / len(scores) == 1.0


@pytest.mark.slow
def test_self_test_random_windows_of_the_gold_file_score_near_zero(
    development: tuple[list[Question], dict[str, str]],
) -> None:
    """Ten random 180-word windows of the gold meeting per question, away from its gold turns
    (a window that overlaps a gold turn may rightly hit it): hit@10 at most 0.03."""
    questions, texts = development
    rng = random.Random(0)
    hit = 0.0
    for q in questions:
        source = q.gold[0].source
        text = texts[source]
        words = [w.span() for w in re.finditer(r"\S+", text)]
        gold = [(text.find(g.quote), text.find(g.quote) + len(g.quote)) for g in q.gold]
        windows: list[str] = []
        while len(windows) < 10:
            first = rng.randrange(0, max(1, len(words) - 180))
            start, end = words[first][0], words[min(len(words) - 1, first + 179)][1]
            if not any(start < e and s < end for s, e in gold):
                windows.append(text[start:end])
        hit += m.hit_at(m.hit_matrix([(source, w) for w in windows], _gold(q)), 10)
    assert hit / len(questions) <= 0.03


@pytest.mark.slow
def test_self_test_a_plain_chunker_finds_the_gold(
    development: tuple[list[Question], dict[str, str]],
) -> None:
    """The best chunk of a 200-word / 50-overlap chunker hits at least 95% of gold quotes."""
    questions, texts = development
    chunks = {
        name: [" ".join(words[s : s + 200]) for s in range(0, max(1, len(words) - 50), 150)]
        for name, words in ((name, text.split()) for name, text in texts.items())
    }
    found = total = 0
    for q in questions:
        for g in q.gold:
            total += 1
            found += any(m.hits(g.source, c, g.source, g.quote) for c in chunks[g.source])
    assert found / total >= 0.95


def _gold(q: Question) -> list[tuple[str, str]]:
    return [(g.source, g.quote) for g in q.gold]
