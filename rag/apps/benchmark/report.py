"""Tables and target checks for ``minutes bench`` results (the JSON written by the run)."""

from __future__ import annotations

from typing import Any

__all__ = ["markdown", "targets"]


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:.0f}"
        return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _label(backend: str, entry: dict[str, Any]) -> str:
    """``auto → onnx`` when a backend ran on something else than its name says."""
    runtime = entry.get("runtime", backend)
    return backend if runtime == backend else f"{backend} → {runtime}"


def _naive_row(label: str, system: str, n: dict[str, Any]) -> list[Any]:
    ns = n["seconds"]
    return [
        label,
        system,
        n["files"],
        n["chunks"],
        n["tokens_embedded"],
        n["wall_s"],
        ns.get("parse"),
        ns.get("chunk"),
        ns.get("embed"),
        ns.get("index"),
        n["chunks_per_s"],
        n["files_per_s"],
        "",
    ]


def _ingest_tables(ingest: dict[str, Any]) -> list[str]:
    rows = []
    for name, entry in ingest["backends"].items():
        backend = _label(name, entry)
        ours, raw = entry["ours"], entry["raw"]
        s = ours["seconds"]
        rows.append(
            [
                backend,
                "ours",
                ours["files"],
                ours["chunks"],
                ours["tokens_embedded"],
                ours["wall_s"],
                s.get("parse"),
                s.get("chunk"),
                s.get("embed"),
                s.get("write"),
                ours["chunks_per_s"],
                ours["files_per_s"],
                ours["memory"]["rss_peak_mib"],
            ]
        )
        rows.append(
            [
                backend,
                "raw embedder",
                "",
                raw["texts"],
                ours["tokens_embedded"],
                raw["wall_s"],
                "",
                "",
                raw["wall_s"],
                "",
                raw["chunks_per_s"],
                "",
                "",
            ]
        )
        if "naive" in entry:
            rows.append(_naive_row(backend, "naive LangChain, same runtime", entry["naive"]))
    shipped = ingest.get("naive_as_shipped")
    if shipped is not None and not any(
        e.get("naive") == shipped for e in ingest["backends"].values()
    ):
        label = shipped.get("runtime", "torch")
        rows.append(_naive_row(label, "naive LangChain as shipped", shipped))
    header = [
        "backend",
        "system",
        "files",
        "chunks",
        "tokens",
        "wall s",
        "parse s",
        "chunk s",
        "embed s",
        "write s",
        "chunks/s",
        "files/s",
        "peak RSS MiB",
    ]
    rounds = int(ingest.get("rounds", 1))
    lines = ["### Ingest", ""]
    if rounds > 1:
        lines += [
            f"Each figure is the median of {rounds} interleaved rounds (raw, ours, raw, naive, "
            "naive as shipped); the targets below list every round's ratio.",
            "",
        ]
    lines += _table(header, rows)
    ratio_rows = []
    for name, entry in ingest["backends"].items():
        ratio_rows.append(
            [
                _label(name, entry),
                entry["ours_vs_raw"],
                entry["model_share"],
                entry.get("ours_vs_naive_same_runtime", entry.get("ours_vs_naive")),
                entry.get("ours_vs_naive_as_shipped"),
                entry.get("raw_speedup_vs_torch"),
                entry.get("ours_speedup_vs_torch"),
            ]
        )
    shipped_runtime = (shipped or {}).get("runtime", "torch")
    lines += _table(
        [
            "backend",
            "ours / raw throughput",
            "model share of ours",
            "ours vs naive, same runtime (×)",
            f"ours vs naive as shipped, {shipped_runtime} (×)",
            "raw speed-up vs torch",
            "ingest speed-up vs torch",
        ],
        ratio_rows,
    )
    if "reingest" in ingest:
        r = ingest["reingest"]
        lines += _table(
            ["re-ingest", "wall s", "fraction of full", "chunks embedded"],
            [
                [
                    "unchanged",
                    r["unchanged"]["wall_s"],
                    r["unchanged"]["fraction_of_full"],
                    r["unchanged"]["chunks_embedded"],
                ],
                [
                    f"{r['changed']['share_of_files']:.0%} of files changed",
                    r["changed"]["wall_s"],
                    r["changed"]["fraction_of_full"],
                    r["changed"]["chunks_embedded"],
                ],
            ],
        )
    return lines


def _query_tables(query: dict[str, Any]) -> list[str]:
    rows, sweep, hybrid = [], [], []
    for scale in query["scales"]:
        n = scale["chunks"]
        for kind, r in scale["kinds"].items():
            f = r["filtered"]
            rows.append(
                [
                    f"{n:,}",
                    kind,
                    r["build_s"],
                    r["bytes_per_chunk"],
                    r["search"]["p50_ms"],
                    r["search"]["p95_ms"],
                    r["search"]["recall@10"],
                    *[f"{v['p95_ms']:.1f} / {v['recall@10']:.3f}" for v in f.values()],
                ]
            )
            for ef, v in r.get("ef_sweep", {}).items():
                sweep.append([f"{n:,}", ef, v["recall@10"], v["p50_ms"], v["p95_ms"]])
        if "hybrid" in scale:
            h = scale["hybrid"]
            hybrid.append(
                [
                    f"{n:,}",
                    h["vector_index"],
                    h["embed"]["p95_ms"],
                    h["dense"]["p95_ms"],
                    h["bm25"]["p95_ms"],
                    h["search"]["p50_ms"],
                    h["search"]["p95_ms"],
                    h["answer"]["p50_ms"],
                    h["answer"]["p95_ms"],
                    h["disk_bytes_per_chunk"],
                ]
            )
    shares = next(iter(query["scales"][0]["kinds"].values()))["filtered"] if query["scales"] else {}
    header = ["chunks", "index", "build s", "bytes/chunk", "p50 ms", "p95 ms", "recall@10"]
    header += [f"filter {float(s):.0%}: p95 ms / recall" for s in shares]
    lines = ["### Vector search (FAISS alone, one query at a time)", "", *_table(header, rows)]
    if sweep:
        lines += ["HNSW efSearch sweep:", ""]
        lines += _table(["chunks", "efSearch", "recall@10", "p50 ms", "p95 ms"], sweep)
    if hybrid:
        lines += ["### Full search and answer (query embedding + FAISS + BM25 + fusion)", ""]
        lines += _table(
            [
                "chunks",
                "index",
                "embed p95",
                "dense p95",
                "bm25 p95",
                "search p50",
                "search p95",
                "answer p50",
                "answer p95",
                "disk bytes/chunk",
            ],
            hybrid,
        )
    return lines


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue: what was measured, the value, and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(
        name: str, value: float | None, ok: bool | None, note: str = "", rounds: Any = None
    ) -> None:
        check = {"target": name, "value": value, "met": ok, "note": note}
        if rounds and len(rounds) > 1:
            check["rounds"] = rounds
        out.append(check)

    ingest = result.get("ingest", {}).get("backends", {})
    shipped = result.get("ingest", {}).get("naive_as_shipped") or {}
    for backend, entry in ingest.items():
        runtime = entry.get("runtime", backend)
        label = backend if runtime == backend else f"{backend} → {runtime}"
        add(
            f"ingest ≥ 90% of raw embedder throughput ({label})",
            entry["ours_vs_raw"],
            entry["ours_vs_raw"] >= 0.9,
            f"model share of pipeline wall time {entry['model_share']}",
            entry.get("ours_vs_raw_rounds"),
        )
        if "naive" in entry:
            tokens = (
                f"tokens embedded: ours {entry['ours']['tokens_embedded']}, "
                f"naive {entry['naive']['tokens_embedded']}"
            )
            same = entry.get("ours_vs_naive_same_runtime", entry.get("ours_vs_naive"))
            add(
                f"ingest ≥ 2× naive LangChain, same runtime ({label})",
                same,
                None if same is None else same >= 2.0,
                tokens,
                entry.get("ours_vs_naive_same_runtime_rounds"),
            )
            # Older results (before naive_as_shipped): the torch backend's naive run is it.
            as_shipped = entry.get("ours_vs_naive_as_shipped")
            if as_shipped is None and "naive" in ingest.get("torch", {}):
                naive_wall = ingest["torch"]["naive"]["wall_s"]
                as_shipped = round(naive_wall / entry["ours"]["wall_s"], 3)
            if as_shipped is not None:
                add(
                    f"ingest ({label}) ≥ 2× naive LangChain as shipped "
                    f"({shipped.get('runtime', 'torch')})",
                    as_shipped,
                    as_shipped >= 2.0,
                    tokens,
                    entry.get("ours_vs_naive_as_shipped_rounds"),
                )
        if backend == "torch" or "raw_speedup_vs_torch" not in entry:
            continue
        speed = entry["raw_speedup_vs_torch"]
        add(f"{label} backend ≥ 1.8× torch throughput (raw)", speed, speed >= 1.8)
    for scale in result.get("query", {}).get("scales", []):
        n = scale["chunks"]
        limit = 30.0 if n <= 100_000 else 60.0
        auto = scale["kinds"].get(scale["auto_kind"])
        if auto is not None:
            p95 = auto["search"]["p95_ms"]
            add(
                f"vector search p95 ≤ {limit:.0f} ms at {n:,} ({scale['auto_kind']})",
                p95,
                p95 <= limit,
            )
        if "hybrid" in scale:
            p95 = scale["hybrid"]["search"]["p95_ms"]
            add(
                f"full hybrid search p95 ≤ {limit:.0f} ms at {n:,}",
                p95,
                p95 <= limit,
                "includes query embedding and BM25",
            )
        if "hnsw" in scale["kinds"]:
            recall = scale["kinds"]["hnsw"]["search"]["recall@10"]
            add(f"HNSW recall@10 ≥ 0.98 at {n:,}", recall, recall >= 0.98)
    reingest = result.get("ingest", {}).get("reingest")
    if reingest:
        fraction = reingest["unchanged"]["fraction_of_full"]
        add("unchanged re-ingest ≤ 3% of full", fraction, fraction <= 0.03)
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = [f"## minutes bench ({result.get('mode', 'default')})", ""]
    m = result.get("machine", {})
    lines += [
        f"Machine: {m.get('cpus')} CPUs ({m.get('cpu_model', 'model not recorded')}; "
        f"{', '.join(m.get('cpu_flags', [])) or 'flags not recorded'}), "
        f"load average {m.get('loadavg_1m')} at start, "
        f"faiss {m.get('faiss')}, torch {m.get('torch')}, onnxruntime {m.get('onnxruntime')}.",
        "",
    ]
    if "ingest" in result:
        lines += _ingest_tables(result["ingest"])
    if "query" in result:
        lines += _query_tables(result["query"])
    checks = targets(result)
    if checks:
        lines += ["### Targets", ""]
        header = ["target", "measured", "met"]
        rows = [
            [c["target"], c["value"], {True: "yes", False: "no", None: "–"}[c["met"]]]
            for c in checks
        ]
        if any("rounds" in c for c in checks):
            header.append("every round")
            for row, c in zip(rows, checks, strict=True):
                row.append(" / ".join(_cell(v) for v in c.get("rounds", [])))
        lines += _table(header, rows)
    return "\n".join(lines)
