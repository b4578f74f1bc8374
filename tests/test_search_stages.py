"""The search's stages: candidates, fusion, item support."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.search import Candidates, open_searcher
from rag.settings import ChunkerSettings, Settings
from tests.fakes import FakeEmbedder

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


def test_each_chunk_knows_its_item(long_item: Path, settings: Settings) -> None:
    searcher = open_searcher(long_item, settings)
    try:
        rows = dict(searcher.store.conn.execute("SELECT id, item_id FROM chunks").fetchall())
        assert searcher.store.items_of(list(rows)) == {k: str(v) for k, v in rows.items()}
        assert searcher.store.items_of([]) == {}
    finally:
        searcher.close()


def test_item_support_lifts_the_discussion(long_item: Path, settings: Settings) -> None:
    searcher = open_searcher(long_item, settings)
    try:
        found = searcher.candidates("agency social workers")
        assert isinstance(found, Candidates)
        plain = searcher.rank(found, settings.search.model_copy(update={"item_weight": 0.0}))
        supported = searcher.rank(found, settings.search.model_copy(update={"item_weight": 1.0}))
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
        # Each passage keeps its fused score plus its item's share: the order within an item
        # does not change.
        order = [cid for cid, _ in plain.ranked if item_of[cid] == discussed]
        assert [cid for cid, _ in supported.ranked if item_of[cid] == discussed] == order
    finally:
        searcher.close()
