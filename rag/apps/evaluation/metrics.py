"""Metrics, each a pure function returning plain numbers; aggregates return ``{metric: value}``.

The hit rule (independent of how anyone chunks): a retrieved passage *hits* a gold entry
``{source, quote}`` when its ``source`` is the gold source and either

* most of the quote is inside the passage: at least ``QUOTE_SHARE`` (60%) of the quote's word
  tokens (counted with multiplicity, lower-cased) occur in the passage, or
* the passage is inside the quote: it has at least ``MIN_PASSAGE_TOKENS`` (8) word tokens and at
  least ``PASSAGE_SHARE`` (80%) of them occur in the quote (a passage cut from a long gold span;
  the minimum length stops a two-word fragment from matching any quote that contains it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

__all__ = [
    "MIN_PASSAGE_TOKENS",
    "PASSAGE_SHARE",
    "QUOTE_SHARE",
    "contains_answer",
    "first_hit_rank",
    "hit_at",
    "hits",
    "ndcg_at",
    "percentile",
    "recall_at",
    "reciprocal_rank",
    "rouge_l",
    "token_f1",
    "tokens",
]

QUOTE_SHARE = 0.6
PASSAGE_SHARE = 0.8
MIN_PASSAGE_TOKENS = 8
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _share(part: Counter[str], whole: Counter[str]) -> float:
    total = sum(part.values())
    if total == 0:
        return 0.0
    return sum((part & whole).values()) / total


def hits(passage_source: str, passage_text: str, gold_source: str, quote: str) -> bool:
    """The documented hit rule above."""
    if passage_source != gold_source:
        return False
    q, p = Counter(tokens(quote)), Counter(tokens(passage_text))
    if _share(q, p) >= QUOTE_SHARE:
        return True
    return sum(p.values()) >= MIN_PASSAGE_TOKENS and _share(p, q) >= PASSAGE_SHARE


def hit_matrix(
    passages: Sequence[tuple[str, str]], gold: Sequence[tuple[str, str]]
) -> list[list[bool]]:
    """[passage][gold entry] → hit."""
    return [[hits(ps, pt, gs, gq) for gs, gq in gold] for ps, pt in passages]


def first_hit_rank(matrix: Sequence[Sequence[bool]]) -> int | None:
    for rank, row in enumerate(matrix, 1):
        if any(row):
            return rank
    return None


def hit_at(matrix: Sequence[Sequence[bool]], k: int) -> float:
    rank = first_hit_rank(matrix)
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(matrix: Sequence[Sequence[bool]], k: int = 10) -> float:
    rank = first_hit_rank(matrix)
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at(matrix: Sequence[Sequence[bool]], k: int = 10) -> float:
    """Binary nDCG over gold entries: a passage gains 1 when it hits a gold entry that no
    higher-ranked passage hit; the ideal ranking hits one new gold entry per rank."""
    n_gold = len(matrix[0]) if matrix else 0
    if n_gold == 0:
        return 0.0
    credited: set[int] = set()
    dcg = 0.0
    for rank, row in enumerate(matrix[:k], 1):
        new = [g for g, hit in enumerate(row) if hit and g not in credited]
        if new:
            credited.add(new[0])
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(n_gold, k) + 1))
    return dcg / ideal


def recall_at(matrix: Sequence[Sequence[bool]], k: int = 10) -> float:
    """Share of gold entries hit by any of the top-k passages."""
    n_gold = len(matrix[0]) if matrix else 0
    if n_gold == 0:
        return 0.0
    found = {g for row in matrix[:k] for g, hit in enumerate(row) if hit}
    return len(found) / n_gold


def token_f1(prediction: str, reference: str) -> float:
    p, r = Counter(tokens(prediction)), Counter(tokens(reference))
    common = sum((p & r).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(r.values())
    return 2 * precision * recall / (precision + recall)


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F-measure (longest common subsequence of word tokens)."""
    a, b = tokens(prediction), tokens(reference)
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    lcs = previous[-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


def contains_answer(prediction: str, gold: str) -> float:
    """1.0 when the gold string appears in the prediction (case and spacing ignored)."""
    norm = " ".join(tokens(gold))
    return 1.0 if norm and norm in " ".join(tokens(prediction)) else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
