"""Bounded load test of the HTTP API (``minutes serve``) while an ingest rebuilds its index.

    python eval/load_api.py [--clients 16] [--seconds 60] [--out eval/results/api]

What it does, all on 127.0.0.1 in a scratch folder (the repository's indexes are not touched):

1. copies the sample corpus and builds the index ``sample`` from it (``minutes ingest``);
2. starts ``minutes serve --index sample`` as a subprocess, as a user would;
3. asks every question of ``eval/questions/sample.jsonl`` once on the idle server (the
   baseline: which questions have a cited answer);
4. for ``--seconds``: ``--clients`` concurrent clients send a mix of requests (search 50%, ask
   40%, index info 10%) as fast as they get answers, while a second process rebuilds the same
   index over and over: it rewrites the last line of every corpus file, then runs
   ``minutes ingest --prune`` (every document re-chunked, its rows replaced, the vectors
   rewritten, a new build landing each round);
5. writes ``load.json`` and ``load.md`` under ``--out``: requests/s, p50/p95/p99 latency per
   endpoint, errors, failed reads, builds landed, and the machine.

An *error* is a transport failure or any status other than 200. A *failed read* is a 200 whose
body is wrong for the question: a search with no passage, an ask with no citation where the
idle baseline had one, a body that is not the documented JSON. Target: 0 of each.

``python eval/load_api.py --markdown eval/results/api/load.json`` rewrites a report's markdown
from its JSON.

``--embedder fake`` uses the tests' hash embedder (seconds, no model): a check of the script
itself, not a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "samples" / "corpus"
QUESTIONS = REPO / "eval" / "questions" / "sample.jsonl"
# `minutes` as a subprocess; with the fake embedder, registered first (tests/fakes.py).
BOOT = (
    "import os, sys\n"
    "if os.environ.get('LOAD_FAKE_EMBEDDER'):\n"
    "    import tests.fakes as f; f.register()\n"
    "from rag.apps.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def minutes(*args: str) -> list[str]:
    return [sys.executable, "-c", BOOT, *args]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    failed_reads: list[str] = field(default_factory=list)
    during_build: int = 0  # requests answered while an ingest process was running
    versions: set[str] = field(default_factory=set)  # index builds the server answered from

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


@dataclass
class Rebuilds:
    landed: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    running: threading.Event = field(default_factory=threading.Event)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rebuild_loop(corpus: Path, env: dict[str, str], stop: threading.Event, out: Rebuilds) -> None:
    """Rewrite every corpus file's last line, ingest; again, until ``stop``."""
    round_ = 0
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    originals = {p: p.read_text("utf-8") for p in files}
    while not stop.is_set():
        round_ += 1
        for path in files:
            path.write_text(originals[path] + f"\n\n(Republished, revision {round_}.)\n", "utf-8")
        started = time.monotonic()
        out.running.set()
        run = subprocess.run(
            minutes("ingest", str(corpus), "--index", "sample", "--prune", "--quiet"),
            cwd=REPO, env=env, capture_output=True, text=True,
        )  # fmt: skip
        out.running.clear()
        out.seconds.append(time.monotonic() - started)
        if run.returncode == 0:
            out.landed += 1
        else:
            out.failed.append(" ".join(run.stderr.split())[-300:])


def answer_has_citations(body: Any) -> bool:
    return isinstance(body, dict) and bool(body.get("citations")) and "answer" in body


async def client(
    url: str,
    questions: list[str],
    cited: dict[str, bool],
    deadline: float,
    tally: Tally,
    rebuilds: Rebuilds,
    seed: int,
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        while time.monotonic() < deadline:
            question = rng.choice(questions)
            roll = rng.random()
            if roll < 0.5:
                kind, call = "search", http.post("/search", json={"query": question})
            elif roll < 0.9:
                kind, call = "ask", http.post("/ask", json={"question": question})
            else:
                kind, call = "info", http.get("/indexes/sample")
            building = rebuilds.running.is_set()
            started = time.perf_counter()
            try:
                response = await call
            except httpx.HTTPError as exc:
                tally.error(f"{kind}: {type(exc).__name__}")
                continue
            tally.latencies.setdefault(kind, []).append(time.perf_counter() - started)
            tally.during_build += building or rebuilds.running.is_set()
            if response.status_code != 200:
                code = response.json().get("error", {}).get("code", "?") if response.content else ""
                tally.error(f"{kind}: {response.status_code} {code}")
                continue
            try:
                body = response.json()
            except ValueError:
                tally.failed_reads.append(f"{kind}: not JSON")
                continue
            if kind == "search" and not (isinstance(body, list) and body):
                tally.failed_reads.append(f"search {question!r}: no passage")
            elif kind == "ask" and cited[question] and not answer_has_citations(body):
                tally.failed_reads.append(f"ask {question!r}: no citation")
            elif kind == "info":
                if not (isinstance(body, dict) and body.get("chunks")):
                    tally.failed_reads.append("info: no chunks")
                else:
                    tally.versions.add(str(body.get("version")))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def summarise(
    tally: Tally, rebuilds: Rebuilds, seconds: float, args: argparse.Namespace
) -> dict[str, Any]:
    every = [v for values in tally.latencies.values() for v in values]
    errors = sum(tally.errors.values())

    def stats(values: list[float]) -> dict[str, float]:
        return {
            "requests": len(values),
            "p50_ms": round(1000 * percentile(values, 0.50), 1),
            "p95_ms": round(1000 * percentile(values, 0.95), 1),
            "p99_ms": round(1000 * percentile(values, 0.99), 1),
            "mean_ms": round(1000 * statistics.fmean(values), 1) if values else 0.0,
        }

    return {
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "clients": args.clients,
        "seconds": args.seconds,
        "elapsed_seconds": round(seconds, 1),  # the last requests finish after the deadline
        "rebuilding": not args.no_rebuild,
        "embedder": args.embedder,
        "requests": len(every) + errors,
        "requests_per_second": round((len(every) + errors) / seconds, 2),
        "overall": stats(every),
        "endpoints": {kind: stats(values) for kind, values in sorted(tally.latencies.items())},
        "answered_during_a_rebuild": tally.during_build,
        "index_builds_seen_by_clients": len(tally.versions),
        "errors": errors,
        "errors_by_kind": tally.errors,
        "failed_reads": len(tally.failed_reads),
        "failed_read_examples": tally.failed_reads[:10],
        "rebuilds_landed": rebuilds.landed,
        "rebuild_seconds_mean": round(statistics.fmean(rebuilds.seconds), 1)
        if rebuilds.seconds
        else None,
        "rebuilds_failed": rebuilds.failed,
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in args.load_at_start],
        },
    }


def markdown(report: dict[str, Any]) -> str:
    title = "while the index is rebuilt" if report["rebuilding"] else "(idle baseline: no rebuild)"
    sharing = (
        "server, clients and the rebuilding ingest"
        if report["rebuilding"]
        else ("server and clients")
    )
    lines = [
        f"# HTTP API under load {title}",
        "",
        f"`python eval/load_api.py --clients {report['clients']} --seconds "
        f"{report['seconds']:.0f}{'' if report['rebuilding'] else ' --no-rebuild'}` — one "
        f"run of {report['seconds']:.0f} s ({report['elapsed_seconds']} s until the last "
        f"answer) on "
        f"{report['run_at']}, {report['machine']['cpus']} CPUs "
        f"(load average at start {report['machine']['load_average_at_start']}), embedder "
        f"{report['embedder']}; {sharing} share the machine (and other jobs: see the load "
        "average).",
        "",
        f"- **{report['requests_per_second']} requests/s** ({report['requests']} requests from "
        f"{report['clients']} concurrent clients; {report['answered_during_a_rebuild']} "
        "answered while an ingest process was running)",
        f"- **errors: {report['errors']}**, **failed reads: {report['failed_reads']}**",
        f"- rebuilds landed during the run: {report['rebuilds_landed']} (mean "
        f"{report['rebuild_seconds_mean']} s each, process start included), failed: "
        f"{len(report['rebuilds_failed'])}; distinct builds seen by the clients' index-info "
        f"requests: {report['index_builds_seen_by_clients']}",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = {**report["endpoints"], "all": report["overall"]}
    for kind, row in rows.items():
        lines.append(
            f"| {kind} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |"
        )
    if report["errors_by_kind"]:
        lines += [
            "",
            "Errors: " + ", ".join(f"{k} ×{v}" for k, v in report["errors_by_kind"].items()),
        ]
    if report["failed_read_examples"]:
        lines += ["", "Failed reads: " + "; ".join(report["failed_read_examples"])]
    return "\n".join(lines) + "\n"


def wait_healthy(url: str, server: subprocess.Popen[str], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"minutes serve exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("minutes serve did not answer within the time allowed")


def main() -> int:
    if sys.argv[1:2] == ["--markdown"]:  # redo a report's markdown from its JSON
        for path in map(Path, sys.argv[2:]):
            path.with_suffix(".md").write_text(markdown(json.loads(path.read_text())))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "api")
    parser.add_argument("--embedder", choices=["default", "fake"], default="default")
    parser.add_argument(
        "--no-rebuild", action="store_true", help="no ingest during the run (the idle baseline)"
    )
    args = parser.parse_args()
    args.load_at_start = os.getloadavg()
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines()]

    with tempfile.TemporaryDirectory(prefix="minutes-load-") as scratch:
        work = Path(scratch)
        corpus = work / "corpus"
        shutil.copytree(CORPUS, corpus)
        env = {**os.environ, "MINUTES_INDEX__ROOT": str(work / "indexes"), "PYTHONPATH": str(REPO)}
        env.pop("MINUTES_API__TOKEN", None)
        if args.embedder == "fake":
            env.update(LOAD_FAKE_EMBEDDER="1", MINUTES_EMBEDDER__MODEL="test/fake-hash-64")
        subprocess.run(minutes("ingest", str(corpus), "--index", "sample", "--quiet"),
                       cwd=REPO, env=env, check=True)  # fmt: skip
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            minutes("serve", "--index", "sample", "--port", str(port)),
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            wait_healthy(url, server)
            cited = {
                q: answer_has_citations(
                    httpx.post(f"{url}/ask", json={"question": q}, timeout=120).json()
                )
                for q in questions
            }
            print(f"load: baseline: {sum(cited.values())}/{len(cited)} questions cited; "
                  f"{args.clients} clients for {args.seconds:.0f} s", file=sys.stderr)  # fmt: skip
            stop, rebuilds, tally = threading.Event(), Rebuilds(), Tally()
            builder = threading.Thread(target=rebuild_loop, args=(corpus, env, stop, rebuilds))
            if not args.no_rebuild:
                builder.start()
            started = time.monotonic()
            deadline = started + args.seconds

            async def run_clients() -> None:
                await asyncio.gather(*(
                    client(url, questions, cited, deadline, tally, rebuilds, seed)
                    for seed in range(args.clients)
                ))  # fmt: skip

            asyncio.run(run_clients())
            elapsed = time.monotonic() - started
            stop.set()
            if builder.is_alive():
                builder.join()
        finally:
            server.terminate()
            try:
                _, log = server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                _, log = server.communicate()
        report = summarise(tally, rebuilds, elapsed, args)
        report["server_tracebacks"] = log.count("Traceback")

    args.out.mkdir(parents=True, exist_ok=True)
    name = "load" if not args.no_rebuild else "load-idle"
    (args.out / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / f"{name}.md").write_text(markdown(report))
    print(markdown(report))
    return 0 if report["errors"] == 0 and report["failed_reads"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
