"""The ``torch`` backend: any sentence-transformers model, run by PyTorch."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .tokens import TokenCounter

__all__ = ["SentenceTransformerEmbedder", "quiet_transformers"]


def quiet_transformers() -> None:
    """Keep library progress bars and tokenizer-length notices off the user's terminal: we
    count tokens ourselves to size chunks, so the "longer than maximum" notice is expected."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - installed with sentence-transformers
        return
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]  # untyped in transformers
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded once."""

    backend = "torch"

    def __init__(
        self,
        name: str,
        model_path: str | Path,
        batch_size: int = 32,
        device: str = "cpu",
        threads: int = 0,
    ):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise ModelError(
                "sentence-transformers is not installed: pip install sentence-transformers"
            ) from exc
        self.name = name
        self.batch_size = batch_size
        quiet_transformers()
        if threads:
            import torch

            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(str(model_path), device=device)
        except Exception as exc:
            raise ModelError(
                f"cannot load embedding model '{name}' ({type(exc).__name__}: {exc}); give a local "
                "path or a model already in the Hugging Face cache (this machine may be offline)"
            ) from exc
        getter = getattr(self._model, "get_embedding_dimension", None)
        dimension = getter() if getter else self._model.get_sentence_embedding_dimension()
        if dimension is None:
            raise ModelError(f"embedding model '{name}' does not report its dimension")
        self.dimension = int(dimension)
        self.max_tokens = int(self._model.max_seq_length or 512)
        self._tokenizer = self._model.tokenizer
        backend = getattr(self._tokenizer, "backend_tokenizer", None)  # fast tokenizers only
        self._counter = TokenCounter(backend) if backend is not None else None
        # count(a + " " + b) == count(a) + count(b): the chunker need not recount its passages.
        self.additive_counts = bool(self._counter and self._counter.additive)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        if self._counter is not None:
            return self._counter(texts)
        encoded = self._tokenizer(list(texts), add_special_tokens=False, truncation=False)
        return [len(ids) for ids in encoded["input_ids"]]
