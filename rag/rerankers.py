"""An optional second stage: a cross-encoder that reads the question with each passage.

No reranker ships offline (none is on PyPI with its weights), so this is off unless a user
names one they have: ``MINUTES_RERANKER__MODEL`` is any sentence-transformers ``CrossEncoder``
(a local folder, or a model already in the Hugging Face cache, e.g.
``cross-encoder/ms-marco-MiniLM-L6-v2``). Loading never downloads unless the name is not found
locally and the machine is online. The reranker reorders the best ``RerankerSettings.candidates``
passages of the hybrid search; what is below them keeps its order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import ModelError
from .settings import RerankerSettings

__all__ = ["CrossEncoderReranker", "Reranker", "load_reranker"]


@runtime_checkable
class Reranker(Protocol):
    """Scores (question, passage) pairs: higher is more relevant."""

    name: str

    def score(self, question: str, passages: Sequence[str]) -> np.ndarray:
        """One score per passage, float32."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers ``CrossEncoder``, loaded once."""

    def __init__(self, settings: RerankerSettings) -> None:
        if not settings.model:
            raise ModelError("no reranker model named (MINUTES_RERANKER__MODEL)")
        from sentence_transformers import CrossEncoder

        self.name = settings.model
        self.batch_size = settings.batch_size
        local = Path(settings.model).expanduser()
        target = str(local) if local.exists() else settings.model
        self._model: Any = None
        errors: list[str] = []
        # Offline first (a local folder or the Hugging Face cache), so an offline machine fails
        # fast instead of retrying a download.
        for local_only in (True, False):
            try:
                self._model = CrossEncoder(
                    target,
                    device=settings.device,
                    local_files_only=local_only,
                    max_length=settings.max_tokens,
                )
                break
            except Exception as exc:  # noqa: BLE001 - hub/IO/config errors come in many types
                errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])
        if self._model is None:
            raise ModelError(
                f"cannot load reranker '{settings.model}' ({errors[-1]}); give a local "
                "CrossEncoder folder or a model already in the Hugging Face cache"
            )

    def score(self, question: str, passages: Sequence[str]) -> np.ndarray:
        if not passages:
            return np.zeros(0, dtype=np.float32)
        scores = self._model.predict(
            [(question, text) for text in passages],
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(scores, dtype=np.float32).reshape(len(passages), -1)[:, -1]


_CACHE: dict[str, Reranker] = {}


def load_reranker(settings: RerankerSettings) -> Reranker | None:
    """The configured reranker (loaded once per process), or None when none is configured."""
    if not settings.model:
        return None
    key = settings.model_dump_json()
    if key not in _CACHE:
        _CACHE[key] = CrossEncoderReranker(settings)
    return _CACHE[key]
