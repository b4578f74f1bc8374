"""Embedders: the protocol, the registry, and the backends that run a model.

* :mod:`.base` — the :class:`Embedder` protocol and the names indexes record;
* :mod:`.registry` — :func:`load_embedder` by name, :func:`register_embedder` for plugins/tests;
* :mod:`.torch_backend` — sentence-transformers on PyTorch;
* :mod:`.onnx_backend` — the same model exported locally to ONNX (fp32 fused, or int8);
* :mod:`.tokens` — fast word-piece counting for the chunker.
"""

from __future__ import annotations

from .base import INT8_SUFFIX, Embedder, canonical_name, counts_add_up, settings_for
from .registry import (
    EmbedderFactory,
    embedder_name,
    load_embedder,
    register_embedder,
    resolved_backend,
    unregister_embedder,
)

__all__ = [
    "INT8_SUFFIX",
    "Embedder",
    "EmbedderFactory",
    "canonical_name",
    "counts_add_up",
    "embedder_name",
    "load_embedder",
    "register_embedder",
    "resolved_backend",
    "settings_for",
    "unregister_embedder",
]
