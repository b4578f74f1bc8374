"""Shared fixtures: a fake embedder, temp index folders, the bundled sample corpus, and the real
MiniLM model loaded once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.settings import EmbedderSettings, IndexSettings, Settings
from tests.fakes import FAKE_NAME, FakeEmbedder, register

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO / "samples" / "corpus"
SHARED = REPO.parent / "shared"


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return register()


@pytest.fixture
def index_root(tmp_path: Path) -> Path:
    root = tmp_path / "indexes"
    root.mkdir()
    return root


@pytest.fixture
def settings(index_root: Path, fake_embedder: FakeEmbedder) -> Settings:
    return Settings(
        embedder=EmbedderSettings(model=FAKE_NAME), index=IndexSettings(root=index_root)
    )


@pytest.fixture
def fake_env(
    monkeypatch: pytest.MonkeyPatch, index_root: Path, fake_embedder: FakeEmbedder
) -> FakeEmbedder:
    """Environment for in-process CLI calls with the fake embedder."""
    monkeypatch.setenv("MINUTES_EMBEDDER__MODEL", FAKE_NAME)
    monkeypatch.setenv("MINUTES_INDEX__ROOT", str(index_root))
    return fake_embedder


@pytest.fixture
def sample_corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def real_embedder() -> Iterator[object]:
    from rag.embedders import load_embedder

    yield load_embedder(EmbedderSettings())


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED
