"""A fast, deterministic stand-in for a sentence-transformers model (unit tests only).

Vectors are signed feature hashes of lower-cased word stems, so texts sharing words are close;
token counts are word + punctuation counts (close to word pieces for English prose).
Importable from subprocesses: ``python -c "import tests.fakes as f; f.register(); ..."``.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Sequence

import numpy as np

from rag.embedders import register_embedder
from rag.settings import EmbedderSettings

FAKE_NAME = "test/fake-hash-64"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _bucket(word: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.md5(word.encode()).digest()
    return int.from_bytes(digest[:4], "little") % dimension, 1.0 if digest[4] & 1 else -1.0


class FakeEmbedder:
    def __init__(self, name: str = FAKE_NAME, dimension: int = 64) -> None:
        self.name = name
        self.dimension = dimension
        self.max_tokens = 256
        self.batch_size = 32
        self.calls = 0
        self.embedded = 0
        # Lets subprocess tests slow ingest down enough to kill it mid-way.
        self.delay = float(os.environ.get("FAKE_EMBED_DELAY", "0"))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.embedded += len(texts)
        if self.delay:
            time.sleep(self.delay * len(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                index, sign = _bucket(word[:5], self.dimension)
                out[row, index] += sign
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else 1.0 / np.sqrt(self.dimension)
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(_TOKEN.findall(t)) for t in texts]


def register(name: str = FAKE_NAME, dimension: int = 64) -> FakeEmbedder:
    """Register a shared fake under ``name`` and return it."""
    fake = FakeEmbedder(name, dimension)

    def factory(settings: EmbedderSettings) -> FakeEmbedder:
        return fake

    register_embedder(name, factory)
    return fake
