"""OCR throughput (pages per second) as ingest reads pages: rendered by pypdfium2 and read by
the engine in ingest's thread pool (:class:`ingest.ocr.PageReader`, no cache).

Configurations (pool size × engine) run in interleaved rounds, so a burst of load from another
process hits every configuration alike; the report gives each one's median over the rounds::

    python eval/ocr/make_pages.py build/ocr-pages
    PYTHONPATH=. python eval/ocr/throughput.py build/ocr-pages --pages 12 --rounds 3 \\
        --out eval/results/ocr

Writes bench.json and bench.md (with the machine's core count and load average).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from ingest.ocr import PageReader, load_engine, threads_per_worker


def measure(pdfs: list[Path], engine_name: str, workers: int) -> float:
    """Pages per second reading ``pdfs`` (first page each) with ``workers`` threads."""
    engine = load_engine(engine_name, threads=threads_per_worker(workers))
    with PageReader(engine, None, workers=workers) as reader:
        reader.read(pdfs[0], [1])  # warm up one model per thread before the clock starts
        clock = time.perf_counter()
        for pdf in pdfs[1:]:
            reader.submit(pdf, [1])
        for pdf in pdfs[1:]:
            reader.read(pdf, [1])
        seconds = time.perf_counter() - clock
    return (len(pdfs) - 1) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default="tesseract")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    pdfs = sorted(args.folder.glob("page-*.pdf"))[: args.pages + 1]
    configs = [
        (engine, int(workers))
        for engine in args.engines.split(",")
        for workers in args.workers.split(",")
    ]
    runs: dict[str, list[float]] = {f"{e} × {w} workers": [] for e, w in configs}
    for _ in range(args.rounds):
        for engine, workers in configs:
            runs[f"{engine} × {workers} workers"].append(measure(pdfs, engine, workers))
    result = {
        "pages_per_round": len(pdfs) - 1,
        "rounds": args.rounds,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "machine": platform.machine(),
        "pages_per_second": {
            name: {"median": round(statistics.median(v), 3), "rounds": [round(x, 3) for x in v]}
            for name, v in runs.items()
        },
    }
    lines = [
        f"OCR throughput: {result['pages_per_round']} pages a round, {args.rounds} interleaved "
        f"rounds, {result['cores']} cores (load average at the end {result['load_average']})",
        "",
        "| configuration | pages/s (median) | rounds |",
        "|---|---:|---|",
    ]
    for name, value in result["pages_per_second"].items():
        lines.append(f"| {name} | {value['median']} | {', '.join(map(str, value['rounds']))} |")
    markdown = "\n".join(lines) + "\n"
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "bench.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
        (args.out / "bench.md").write_text(markdown, "utf-8")
    print(markdown, end="")


if __name__ == "__main__":
    main()
