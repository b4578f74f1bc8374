"""Shared fixtures: a fake embedder, temp index folders, the bundled sample corpus, and the real
MiniLM model loaded once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.embedders import Embedder, load_embedder, unregister_embedder
from rag.settings import EmbedderSettings, IndexSettings, Settings
from tests.fakes import FAKE_NAME, FakeEmbedder, register

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO / "samples" / "corpus"
# The development data (QMSum, the council register): MINUTES_SHARED_DIR, else ../shared.
SHARED = Path(os.environ.get("MINUTES_SHARED_DIR") or REPO.parent / "shared")


@pytest.fixture
def fake_embedder() -> Iterator[FakeEmbedder]:
    """The fake embedder, registered under its name for one test and removed afterwards."""
    fake = register()
    yield fake
    unregister_embedder(FAKE_NAME)


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
def real_embedder() -> Embedder:
    """The real MiniLM model, loaded once per test session (tests using it are ``slow``)."""
    return load_embedder(EmbedderSettings())


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED
