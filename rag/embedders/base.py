"""What every embedder is (the :class:`Embedder` protocol) and the names indexes record.

``canonical_name`` collapses the aliases of the default model. int8 vectors differ slightly
from the model's own, so the ``onnx-int8`` backend gets its own name (``<model>+onnx-int8``)
and indexes built with it are never mixed up with the others'; ``settings_for`` says which
settings select the embedder a name stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from ..settings import DEFAULT_EMBEDDER

__all__ = [
    "INT8_SUFFIX",
    "Embedder",
    "canonical_name",
    "counts_add_up",
    "settings_for",
]

INT8_SUFFIX = "+onnx-int8"
_MINILM_ALIASES = {
    "all-minilm-l6-v2",
    "sentence-transformers/all-minilm-l6-v2",
    "minilm",
}


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors and counts tokens the way it truncates."""

    name: str
    dimension: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of shape (len(texts), dimension), float32, unit length."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, without special tokens."""
        ...


def canonical_name(name: str) -> str:
    """Name recorded in an index manifest; aliases of the default model collapse to one."""
    name = name.strip()
    if name.endswith(INT8_SUFFIX):
        return canonical_name(name[: -len(INT8_SUFFIX)]) + INT8_SUFFIX
    if name.lower() in _MINILM_ALIASES:
        return DEFAULT_EMBEDDER
    return name


def settings_for(name: str) -> str:
    """The environment settings that select the embedder an index records, for messages:
    the model and the backend (int8, or one of the backends with the model's own vectors)."""
    model = name.removesuffix(INT8_SUFFIX)
    backend = "onnx-int8" if name.endswith(INT8_SUFFIX) else "auto"
    return f"MINUTES_EMBEDDER__MODEL='{model}' MINUTES_EMBEDDER__BACKEND={backend}"


def counts_add_up(embedder: object) -> bool:
    """Whether an embedder says its token counts add up over whitespace (``additive_counts``;
    embedders without the attribute are recounted)."""
    return bool(getattr(embedder, "additive_counts", False))
