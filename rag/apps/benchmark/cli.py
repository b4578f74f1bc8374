"""``minutes bench``: options, the run, and its outputs.

Writes ``OUT/bench.json`` (every figure) and ``OUT/bench.md`` (the tables and the targets) and
prints the tables. ``--quick`` is a seconds-long smoke run (tiny corpus, one small scale).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ...embedders import load_embedder
from ...errors import ConfigError
from ...settings import Settings
from .ingest import IngestOptions, run_ingest_bench
from .measure import machine_info
from .query import QueryOptions, run_query_bench
from .report import markdown, targets

__all__ = ["add_arguments", "parse_scale", "run"]


def parse_scale(value: str) -> int:
    """'10k' → 10000, '1M' → 1000000, '2500' → 2500."""
    text = value.strip().lower().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        number = float(text[:-1] if factor > 1 else text)
    except ValueError:
        raise ConfigError(f"cannot read the scale '{value}': use e.g. 10k, 100k, 1M") from None
    if number <= 0:
        raise ConfigError(f"scale '{value}' must be positive")
    return int(number * factor)


def _default_backends() -> str:
    return "torch,auto,onnx-int8" if importlib.util.find_spec("onnxruntime") else "torch"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quick", action="store_true", help="a seconds-long smoke run (for tests)")
    p.add_argument(
        "--corpus", type=Path, help="ingest this folder (copied) instead of a synthetic corpus"
    )
    p.add_argument("--files", type=int, help="synthetic corpus size in files (default 150)")
    p.add_argument(
        "--backends",
        help="embedding backends to compare, first is the baseline "
        "(default torch,auto,onnx-int8 when onnxruntime is installed; auto is the default "
        "backend: fused ONNX, or torch when ONNX cannot run)",
    )
    p.add_argument(
        "--scales",
        help="chunk counts for the query benchmark (default 10k,100k; 1M adds ~7 minutes)",
    )
    p.add_argument("--kinds", default="flat,hnsw", help="FAISS kinds to compare (flat,hnsw)")
    p.add_argument("--queries", type=int, help="queries per measurement (default 200)")
    p.add_argument("--answers", type=int, help="extractive answers timed per scale (default 20)")
    p.add_argument("--skip", choices=["ingest", "query"], action="append", default=[])
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="ingest rounds, interleaved; medians reported with every round's value (default 1)",
    )
    p.add_argument("--no-naive", action="store_true", help="leave out the LangChain baseline")
    p.add_argument("--no-hybrid", action="store_true", help="FAISS alone, no SQLite/BM25 store")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("minutes-bench"),
        help="writes bench.json, bench.md (default: minutes-bench in the current folder)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON instead of the tables")


def run(args: argparse.Namespace, settings: Settings) -> int:
    quick = args.quick
    scales = [parse_scale(s) for s in (args.scales or ("2k" if quick else "10k,100k")).split(",")]
    kinds: list[Any] = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if any(k not in ("flat", "hnsw") for k in kinds):
        raise ConfigError(f"unknown FAISS kind in '{args.kinds}': choose from flat, hnsw")
    chosen = args.backends or ("torch" if quick else _default_backends())
    backends = [b.strip() for b in chosen.split(",") if b.strip()]
    if any(b not in ("torch", "auto", "onnx", "onnx-int8") for b in backends):
        raise ConfigError(f"unknown backend in '{args.backends}': torch, auto, onnx, onnx-int8")
    if args.corpus is not None and not args.corpus.is_dir():
        raise ConfigError(f"corpus folder {args.corpus} does not exist")
    if args.repeat < 1:
        raise ConfigError(f"--repeat must be at least 1 (got {args.repeat})")

    def log(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr, flush=True)

    result: dict[str, Any] = {"mode": "quick" if quick else "default", "machine": machine_info()}
    result["settings"] = {
        "embedder": settings.embedder.model_dump(mode="json"),
        "index": settings.index.model_dump(mode="json", exclude={"root", "name"}),
    }
    started = time.perf_counter()
    embedder = None
    with tempfile.TemporaryDirectory(prefix="minutes-bench-") as tmp:
        if "ingest" not in args.skip:
            options = IngestOptions(
                corpus=args.corpus,
                files=args.files or (12 if quick else 150),
                backends=backends,
                naive=not args.no_naive,
                repeat=args.repeat,
            )
            result["ingest"] = run_ingest_bench(options, settings, Path(tmp), log)
        if "query" not in args.skip:
            if not args.no_hybrid:
                embedder = load_embedder(settings.embedder)
            query = QueryOptions(
                scales=scales,
                kinds=kinds,
                queries=args.queries or (20 if quick else 200),
                answers=args.answers or (3 if quick else 20),
                hybrid=not args.no_hybrid,
            )
            log(f"query: scales {', '.join(f'{s:,}' for s in scales)}; kinds {', '.join(kinds)}")
            result["query"] = run_query_bench(query, settings, embedder, log)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["targets"] = targets(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(result, indent=2), "utf-8")
    table = markdown(result)
    (args.out / "bench.md").write_text(table + "\n", "utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table)
        print(
            f"\nWritten: {args.out / 'bench.json'}, {args.out / 'bench.md'} "
            f"({result['seconds']:.0f}s)"
        )
    return 0
