"""Measuring helpers: wall time, resident memory (current and peak during a block), percentiles,
and what else was running (the load average), so figures from a busy machine can be told apart."""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["PeakMemory", "Stopwatch", "latency_stats", "machine_info", "rss_bytes"]

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_bytes() -> int:
    """Resident memory of this process now (Linux /proc; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except OSError:
        scale = 1 if platform.system() == "Darwin" else 1024
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * scale


@dataclass
class PeakMemory:
    """Samples RSS every ``interval`` seconds inside a ``with`` block: start, peak and end."""

    interval: float = 0.25
    start: int = 0
    peak: int = 0
    end: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = rss_bytes()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.end = rss_bytes()
        self.peak = max(self.peak, self.end)

    def to_json(self) -> dict[str, float]:
        mib = 1024 * 1024
        return {
            "rss_start_mib": round(self.start / mib, 1),
            "rss_peak_mib": round(self.peak / mib, 1),
            "rss_end_mib": round(self.end / mib, 1),
            "peak_increase_mib": round((self.peak - self.start) / mib, 1),
        }


def latency_stats(seconds: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / mean in milliseconds (numpy's linear interpolation)."""
    if not seconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "mean_ms": 0.0, "n": 0}
    values = np.asarray(seconds, dtype=np.float64) * 1000
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 3),
        "p95_ms": round(float(np.percentile(values, 95)), 3),
        "mean_ms": round(float(values.mean()), 3),
        "n": len(values),
    }


class Stopwatch:
    """Named wall-clock sections: ``with watch("embed"): ...`` then ``watch.seconds``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


# Instruction sets the embedding runtimes' speed depends on (which of torch/MKL and
# onnxruntime/MLAS is faster differs from one CPU to the next).
_CPU_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")


def cpu_model() -> tuple[str, list[str]]:
    """The CPU's model name and which of ``_CPU_FLAGS`` it has (Linux; empty elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text("utf-8", errors="replace")
    except OSError:
        return platform.processor(), []
    fields = dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in text.splitlines())
    )
    flags = set(fields.get("flags", "").split())
    return fields.get("model name", platform.processor()), [f for f in _CPU_FLAGS if f in flags]


def machine_info() -> dict[str, Any]:
    """CPU model and count, load average at the time of measuring, library versions."""
    model, flags = cpu_model()
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "cpu_flags": flags,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    with contextlib.suppress(OSError):  # no load average off Linux/macOS
        info["loadavg_1m"] = round(os.getloadavg()[0], 2)
    for module in ("faiss", "torch", "sentence_transformers", "onnxruntime"):
        try:
            info[module] = __import__(module).__version__
        except (ImportError, AttributeError):
            continue
    return info
