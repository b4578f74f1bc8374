"""The Ray Data adapter on a local Ray instance: the same index as the plain pipeline."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.settings import Settings
from tests.conftest import REPO
from tests.fakes import FakeEmbedder

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="needs .[ray]"),
]


def fake_factory() -> FakeEmbedder:
    """Importable on Ray workers (tests.test_ray_adapter), unlike a lambda in a fixture."""
    return FakeEmbedder()


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    import ray

    # A small local instance: CI's machine has 2 cores and is shared; 80 MB of object store
    # holds the sample corpus many times over (Ray's floor is 75 MB).
    ray.init(
        num_cpus=2,
        object_store_memory=80 * 1024 * 1024,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": str(REPO)}},
    )
    yield
    ray.shutdown()


def chunk_rows(index: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(index / "index.sqlite")
    try:
        return conn.execute("SELECT chunk_id, text FROM chunks ORDER BY chunk_id").fetchall()
    finally:
        conn.close()


def test_ray_ingest_builds_the_same_index_as_the_pipeline(
    local_ray: None, sample_corpus: Path, settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    from ingest.ray_adapter import ray_ingest
    from rag.search import open_searcher

    (sample_corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    # A poisoned sidecar (RecursionError when read) costs its file only, as in the pipeline.
    (sample_corpus / "poisoned.txt").write_text("Minutes of the meeting. 1. Apologies.\n")
    (sample_corpus / "poisoned.txt.meta.json").write_text("[" * 100_000 + "]" * 100_000)
    plain = settings.index.root / "plain"
    plain_report = ingest([sample_corpus], plain, settings)
    distributed = settings.index.root / "ray"
    report = ray_ingest(
        [sample_corpus], distributed, settings, embedder_factory=fake_factory, parse_workers=2
    )
    assert report.files_new == 5
    assert sorted(report.skipped) == sorted(plain_report.skipped)
    assert sorted(Path(s[0]).name for s in report.skipped) == [
        "broken.pdf",
        "poisoned.txt.meta.json",
    ]
    assert report.chunks_embedded == report.chunks > 0
    assert chunk_rows(distributed) == chunk_rows(plain)
    searcher = open_searcher(distributed, settings)
    try:
        assert searcher.search("agency staffing", k=3)
        assert searcher.store.vectors().size == len(chunk_rows(plain))
    finally:
        searcher.close()

    again = ray_ingest([sample_corpus], distributed, settings, embedder_factory=fake_factory)
    assert again.files_unchanged == 5 and again.chunks_embedded == 0
