"""How fast ``minutes ask --batch`` answers, against one ``minutes ask --json`` process per
question: the real MiniLM model, the sample index, the extractive answerer.

    .venv/bin/python eval/batch_bench.py                 # 3 interleaved rounds
    .venv/bin/python eval/batch_bench.py --rounds 5 --singles 8

Each round runs, in alternating order, (a) one ``ask --batch`` process over
eval/questions/sample.jsonl (its wall time includes start-up and the model load; its own summary
line gives the answering time alone) and (b) ``ask --json`` started once for each of the first
``--singles`` questions. Figures are medians over the rounds; the machine's load is recorded
with them because other work on a 2-CPU machine moves them. Writes eval/results/batch/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = REPO / "eval" / "questions" / "sample.jsonl"
OUT = REPO / "eval" / "results" / "batch"
SUMMARY = re.compile(r"answered (\d+) of (\d+) questions.* in ([\d.]+)s")


def children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def minutes(*args: str, env: dict[str, str], stdin: str | None = None) -> tuple[float, str, str]:
    """Run ``minutes ARGS`` in a fresh process: (wall seconds, stdout, stderr)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rag.apps.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"minutes {' '.join(args)} failed:\n{done.stderr}")
    return wall, done.stdout, done.stderr


def batch_round(env: dict[str, str], out: Path) -> dict[str, float]:
    cpu = children_cpu()
    wall, _, err = minutes(
        "ask", "--batch", str(QUESTIONS), "--out", str(out), "--mode", "extractive", env=env
    )
    cpu = children_cpu() - cpu
    found = SUMMARY.search(err)
    if not found:
        raise SystemExit(f"no summary line from ask --batch:\n{err}")
    answered, total, answering = int(found[1]), int(found[2]), float(found[3])
    if answered != total:
        raise SystemExit(f"ask --batch answered {answered} of {total}:\n{err}")
    return {
        "questions": answered,
        "wall_s": wall,
        "answering_s": answering,
        "qps_answering": answered / answering,
        "qps_wall": answered / wall,
        "cpu_s": cpu,
    }


def startup_cpu(env: dict[str, str], empty: Path) -> float:
    """CPU seconds of an ``ask --batch`` that loads the model and the index and answers
    nothing: taken from a batch's CPU time, what is left is the answering."""
    empty.write_text("")
    cpu = children_cpu()
    minutes("ask", "--batch", str(empty), "--mode", "extractive", env=env)
    return children_cpu() - cpu


def singles_round(env: dict[str, str], questions: list[str]) -> dict[str, float]:
    walls = [minutes("ask", q, "--json", "--mode", "extractive", env=env)[0] for q in questions]
    return {"questions": len(walls), "s_per_question": statistics.median(walls)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--singles", type=int, default=5, help="questions asked one per process")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    lines = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    singles = [row["question"] for row in lines[: args.singles]]
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MINUTES_INDEX__ROOT=tmp, MINUTES_INDEX__NAME="sample")
        env["PYTHONPATH"] = str(REPO)
        env.pop("MINUTES_LLM__BASE_URL", None)
        ingest_s = minutes("ingest", str(REPO / "samples" / "corpus"), "--quiet", env=env)[0]
        batches: list[dict[str, float]] = []
        single: list[dict[str, float]] = []
        startups: list[float] = []
        for n in range(args.rounds):
            order = [0, 1] if n % 2 == 0 else [1, 0]  # interleaved: neither always goes first
            for which in order:
                if which == 0:
                    batches.append(batch_round(env, Path(tmp) / "answers.jsonl"))
                    startups.append(startup_cpu(env, Path(tmp) / "empty.jsonl"))
                else:
                    single.append(singles_round(env, singles))
                print(f"round {n + 1}: {batches[-1] if which == 0 else single[-1]}", flush=True)
    load_end = os.getloadavg()[0]

    def median(rows: list[dict[str, float]], key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 3)

    per_single = median(single, "s_per_question")
    # CPU per question answered: less sensitive to the machine's load than wall time; on an
    # idle machine with CPUs to spare, wall time per question is at most about this much.
    startup = statistics.median(startups)
    cpu_per_q = round((median(batches, "cpu_s") - startup) / len(lines), 3)
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_start": load_start, "load_end": load_end},
        "questions": len(lines),
        "rounds": args.rounds,
        "ingest_s": round(ingest_s, 2),
        "batch": {
            "wall_s": median(batches, "wall_s"),
            "answering_s": median(batches, "answering_s"),
            "qps_answering": median(batches, "qps_answering"),
            "qps_wall": median(batches, "qps_wall"),
            "cpu_s": median(batches, "cpu_s"),
            "startup_cpu_s": round(startup, 2),
            "answering_cpu_s_per_question": cpu_per_q,
        },
        "one_process_per_question": {"s_per_question": per_single, "questions": len(singles)},
        "raw": {"batch": batches, "singles": single},
    }
    result["speedup_wall"] = round(per_single * len(lines) / result["batch"]["wall_s"], 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "batch.json").write_text(json.dumps(result, indent=2) + "\n")
    b = result["batch"]
    rates = f"{b['qps_answering']} answering, {b['qps_wall']} with start-up"
    rows = [
        f"| `ask --batch` (one process) | {len(lines)} | {b['wall_s']} | {b['answering_s']} "
        f"| {rates} | {b['cpu_s']} |",
        f"| `ask --json`, one process per question | {len(singles)} | {per_single} a question "
        f"| | {round(1 / per_single, 2)} | |",
    ]
    report = "\n".join(
        [
            "## minutes ask --batch (sample index, real MiniLM model, extractive answers)",
            "",
            f"Machine: {os.cpu_count()} CPUs, load average {load_start:.2f} at start, "
            f"{load_end:.2f} at end. Medians of {args.rounds} interleaved rounds "
            "(`python eval/batch_bench.py`). *answering* excludes loading the model and index.",
            "",
            "| run | questions | wall s | answering s | questions/s | CPU s (process) |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"Answering alone costs {cpu_per_q} CPU s a question (the batch's CPU time less "
            f"{startup:.1f} s for start-up, measured by a batch of no questions): on an idle "
            f"machine that is at most {cpu_per_q} s a question, {round(1 / cpu_per_q, 1)} "
            "questions/s or more.",
            "",
            f"The batch answers the {len(lines)} questions {result['speedup_wall']}× faster than "
            "starting `minutes ask --json` once per question (wall time, start-up included).",
            "",
        ]
    )
    (args.out / "batch.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
