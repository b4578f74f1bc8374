"""The search's stages: candidates, fusion, neighbour and item support, the question's focus."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.search import Candidates, open_searcher
from rag.settings import ChunkerSettings, Settings
from rag.text import focus
from tests.fakes import FakeEmbedder


@pytest.mark.parametrize(
    ("question", "focused"),
    [
        ("Summarise the discussion about agency staffing.", "agency staffing."),
        ("Summarize the ways of reopening schools", "ways of reopening schools"),
        ("What was the debate on bus lanes?", "bus lanes?"),
        ("What was said about agency staffing?", "agency staffing?"),
        ("What did the committee say about potholes?", "potholes?"),
        ("What did Cllr Jane Smith think of the budget?", "Cllr Jane Smith the budget?"),
        ("Why was the payment delayed?", "Why was the payment delayed?"),  # no frame: as asked
        ("Summarise the discussion about", "Summarise the discussion about"),  # nothing left
    ],
)
def test_focus_drops_the_asking_frame(question: str, focused: str) -> None:
    assert focus(question) == focused


TOPICS = ["parking permits", "library hours", "agency social workers", "bus lanes", "allotments"]


@pytest.fixture
def long_item(tmp_path: Path, settings: Settings, fake_embedder: FakeEmbedder) -> Path:
    """One agenda item of many small passages: a long discussion of agency social workers in
    the middle, other business before and after; and a second item naming them once."""
    paragraphs = []
    for n in range(12):
        topic = TOPICS[2] if 4 <= n <= 7 else TOPICS[n % 2]
        paragraphs.append(
            f"Paragraph {n}. Members discussed {topic} at some length and asked officers "
            f"for figures on {topic} before the next meeting of the committee."
        )
    text = "1. Children's services\n\n" + "\n\n".join(paragraphs)
    text += "\n\n2. Any other business\n\nOne member mentioned agency social workers briefly.\n"
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "minutes.txt").write_text(text)
    settings.chunker = ChunkerSettings(max_tokens=40, min_tokens=0, overlap_sentences=0)
    ingest([tmp_path / "corpus"], settings.index.root / "m", settings)
    return settings.index.root / "m"


def test_neighbours_stay_inside_their_item(long_item: Path, settings: Settings) -> None:
    searcher = open_searcher(long_item, settings)
    try:
        rows = searcher.store.conn.execute(
            "SELECT id, item_id FROM chunks ORDER BY char_start"
        ).fetchall()
        around = searcher.store.neighbours([rows[0][0]])
        first_item = [cid for cid, item in rows if item == rows[0][1]]
        assert set(around) == set(first_item)  # the whole item, and only it
        assert around[first_item[0]][0] is None and around[first_item[-1]][1] is None
        for before, after in itertools.pairwise(first_item):
            assert around[before][1] == after and around[after][0] == before
    finally:
        searcher.close()


def test_item_and_neighbour_support_lift_the_discussion(
    long_item: Path, settings: Settings
) -> None:
    searcher = open_searcher(long_item, settings)
    try:
        found = searcher.candidates("agency social workers")
        assert isinstance(found, Candidates)
        plain = searcher.rank(found)
        supported = searcher.rank(
            found, settings.search.model_copy(update={"item_weight": 1.0, "neighbour_weight": 1.0})
        )
        item_of = dict(searcher.store.conn.execute("SELECT id, item_id FROM chunks").fetchall())
        (discussed,) = searcher.store.conn.execute(
            "SELECT item_id FROM items WHERE title = ?", ("Children's services",)
        ).fetchone()

        def share_in_item(ranking: list[tuple[int, float]]) -> float:
            top = ranking[:4]
            return float(sum(item_of[cid] == discussed for cid, _ in top)) / len(top)

        # With support, the top four all come from the item that discusses it at length.
        assert share_in_item(supported.ranked) == 1.0
        assert share_in_item(supported.ranked) >= share_in_item(plain.ranked)
        # Settings at 0 leave the fused ranking as it was.
        zero = settings.search.model_copy(update={"item_weight": 0.0, "neighbour_weight": 0.0})
        assert searcher.rank(found, zero).ranked == plain.ranked
    finally:
        searcher.close()
