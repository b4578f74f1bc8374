"""`minutes eval`: every system answers every question; metrics side by side; files to re-score.

Writes to ``--out``: ``report.json`` ({system: {metric: value}}), ``report.md`` (a table),
``report.png`` (a bar chart) and ``<system>.jsonl`` per-question results (``id``, ranked
``passages`` with ``source`` and ``text``, ``answer``, ``abstained``) for any external scorer.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ingest.pipeline import ingest

from ...answers import Asker
from ...models import Answer, Passage
from ...settings import Settings
from . import metrics as m
from .questions import Question
from .systems import System, build_systems

__all__ = ["aggregate", "evaluate", "markdown_table", "retrieval_metrics", "score_question"]


def retrieval_metrics(k: int) -> tuple[str, ...]:
    """The ranking metrics scored over ``k`` passages, named by the cut-off actually used:
    hit@1, hit@5 and hit@k (those up to k), mrr@k, ndcg@k, recall@k."""
    hits = sorted({c for c in (1, 5, k) if c <= k})
    return (*(f"hit@{c}" for c in hits), f"mrr@{k}", f"ndcg@{k}", f"recall@{k}")


_MARKERS = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


def _answer_body(answer: Answer) -> str:
    """The answer's words without markers and the coverage line (for F1 / ROUGE-L)."""
    lines = [line for line in answer.text.splitlines() if not line.startswith("Found in ")]
    return _MARKERS.sub(" ", "\n".join(lines))


def score_question(
    question: Question, passages: Sequence[Passage], answer: Answer, k: int = 10
) -> dict[str, float | None]:
    """All per-question metrics; None where a metric does not apply to this question."""
    gold = [(g.source, g.quote) for g in question.gold]
    row: dict[str, float | None] = {}
    if question.answerable:
        matrix = m.hit_matrix([(p.source, p.text) for p in passages[:k]], gold)
        for key in sorted({c for c in (1, 5, k) if c <= k}):
            row[f"hit@{key}"] = m.hit_at(matrix, key)
        row[f"mrr@{k}"] = m.reciprocal_rank(matrix, k)
        row[f"ndcg@{k}"] = m.ndcg_at(matrix, k)
        row[f"recall@{k}"] = m.recall_at(matrix, k)
        row["false_abstention"] = 1.0 if answer.abstained else 0.0
        by_id = {p.citation.id: p for p in [*answer.passages, *answer.evidence]}
        cited = {i for c in answer.claims if c.supported for i in c.citation_ids if i in by_id}
        if cited and not answer.abstained:
            support = [
                any(m.hits(by_id[i].source, by_id[i].text, gs, gq) for gs, gq in gold)
                for i in sorted(cited)
            ]
            row["citation_precision"] = sum(support) / len(support)
    else:
        row["abstention"] = 1.0 if answer.abstained else 0.0
    if question.answer and question.answerable:
        body = _answer_body(answer)
        row["token_f1"] = m.token_f1(body, question.answer)
        row["rouge_l"] = m.rouge_l(body, question.answer)
        if question.kind == "fact":
            row["answer_contains"] = m.contains_answer(body, question.answer)
    if question.kind == "fact":
        row.update(_short_answer_metrics(question, answer))
    return row


def _short_answer_metrics(question: Question, answer: Answer) -> dict[str, float | None]:
    """For fact questions: whether a short answer was given, holds the gold answer, is
    exactly it, or is wrong (given, but without the gold; any short answer to a question the
    corpus cannot answer is wrong)."""
    short = answer.short_answer.text if answer.short_answer and not answer.abstained else None
    if not (question.answerable and question.answer):
        return {"short_wrong": 0.0 if short is None else 1.0}
    contains = m.contains_answer(short, question.answer) if short else 0.0
    return {
        "short_given": 0.0 if short is None else 1.0,
        "short_contains": contains,
        "short_exact": 1.0 if short and m.tokens(short) == m.tokens(question.answer) else 0.0,
        "short_wrong": 1.0 if short and not contains else 0.0,
    }


def aggregate(
    rows: Sequence[dict[str, float | None]], latencies: Sequence[float]
) -> dict[str, float]:
    """Mean of every metric over the questions it applies to, plus latency percentiles (ms)."""
    out: dict[str, float] = {}
    keys = sorted({k for r in rows for k in r})
    for key in keys:
        values = [v for r in rows if (v := r.get(key)) is not None]
        if values:
            out[key] = sum(values) / len(values)
    out["latency_p50_ms"] = m.percentile(latencies, 50) * 1000
    out["latency_p95_ms"] = m.percentile(latencies, 95) * 1000
    return out


OTHER_COLUMNS = (
    "abstention",
    "false_abstention",
    "citation_precision",
    "token_f1",
    "rouge_l",
    "answer_contains",
    "short_given",
    "short_contains",
    "short_exact",
    "short_wrong",
    "latency_p50_ms",
    "latency_p95_ms",
)


def markdown_table(report: dict[str, dict[str, float]], k: int = 10) -> str:
    """One row per system; the ranking columns are those scored over ``k`` passages."""
    wanted = (*retrieval_metrics(k), *OTHER_COLUMNS)
    columns = [c for c in wanted if any(c in r for r in report.values())]
    lines = ["| system | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for system, values in report.items():
        cells = []
        for column in columns:
            value = values.get(column)
            if value is None:
                cells.append("–")
            elif column.startswith("latency"):
                cells.append(f"{value:.0f}")
            else:
                cells.append(f"{value:.3f}")
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _plot(report: dict[str, dict[str, float]], path: Path, k: int) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # the plot is optional (the eval extra); the tables are not
        return
    shown = list(retrieval_metrics(k))
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / max(1, len(report))
    for i, (system, values) in enumerate(report.items()):
        xs = [j + i * width for j in range(len(shown))]
        ax.bar(xs, [values.get(s, 0.0) for s in shown], width, label=system)
    ax.set_xticks([j + width * (len(report) - 1) / 2 for j in range(len(shown))], shown)
    ax.set_ylim(0, 1)
    ax.set_ylabel("score")
    ax.set_title("Retrieval quality by system")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def evaluate(
    questions: Sequence[Question],
    corpus: Path,
    out: Path,
    systems: Sequence[str],
    settings: Settings,
    k: int = 10,
    progress: bool = False,
    failures: int = 0,
) -> dict[str, dict[str, float]]:
    """Index the corpus (reusing what is there), run every system, write the reports; with
    ``failures``, also ``failures-<system>.md``: that many worst questions of each system."""
    out.mkdir(parents=True, exist_ok=True)
    index = out / "indexes" / "ours"
    ingest([corpus], index, settings, progress=progress)
    report: dict[str, dict[str, float]] = {}
    with Asker.open(index, settings) as asker:
        built: list[System] = build_systems(systems, asker, corpus, out, settings)
        for system in built:
            system.retrieve(questions[0].question, None, k)  # warm-up: latency is per question
            rows, latencies, returned = [], [], []
            with (out / f"{system.name}.jsonl").open("w", encoding="utf-8") as results:
                for q in tqdm(questions, desc=system.name, unit="q", disable=not progress):
                    started = time.perf_counter()
                    passages = system.retrieve(q.question, q.filters, k)
                    answer = system.answer(q.question, q.filters)
                    latencies.append(time.perf_counter() - started)
                    row = score_question(q, passages, answer, k)
                    rows.append(row)
                    returned.append(passages)
                    results.write(
                        json.dumps(_result(q, passages, answer, row), ensure_ascii=False) + "\n"
                    )
            report[system.name] = aggregate(rows, latencies)
            if failures:
                worst = worst_questions(questions, rows, returned, system, k, failures)
                (out / f"failures-{system.name}.md").write_text(worst, "utf-8")
    summary: dict[str, Any] = {
        "questions": len(questions),
        "answerable": sum(q.answerable for q in questions),
        "corpus": corpus.name,
        "k": k,
        "split": questions[0].split if len({q.split for q in questions}) == 1 else None,
        "embedder": settings.embedder.model_dump(mode="json", include={"model", "backend"}),
        "search": settings.search.model_dump(mode="json"),
        "reranker": settings.reranker.model,
        "systems": report,
    }
    (out / "report.json").write_text(json.dumps(summary, indent=2), "utf-8")
    (out / "report.md").write_text(markdown_table(report, k) + "\n", "utf-8")
    _plot(report, out / "report.png", k)
    return report


def worst_questions(
    questions: Sequence[Question],
    rows: Sequence[dict[str, float | None]],
    returned: Sequence[Sequence[Passage]],
    system: System,
    k: int,
    n: int,
    deeper: int = 100,
) -> str:
    """The ``n`` answerable questions a system ranked worst (lowest reciprocal rank, then the
    fewest gold entries found), each with where its first gold passage is in a deeper ranking
    (``deeper`` passages) and the top three it returned, as Markdown."""
    scored = [
        (row.get(f"mrr@{k}") or 0.0, row.get(f"recall@{k}") or 0.0, number)
        for number, (q, row) in enumerate(zip(questions, rows, strict=True))
        if q.answerable
    ]
    lines = [f"## Worst {min(n, len(scored))} of {len(scored)} questions: {system.name}", ""]
    for place, (_, _, number) in enumerate(sorted(scored)[:n], 1):
        q = questions[number]
        gold = [(g.source, g.quote) for g in q.gold]
        ranked = system.retrieve(q.question, q.filters, max(deeper, k))
        rank = m.first_hit_rank(m.hit_matrix([(p.source, p.text) for p in ranked], gold))
        where = (
            f"first gold passage at rank {rank}"
            if rank is not None
            else f"no gold passage in the top {len(ranked)}"
        )
        sources = ", ".join(sorted({g.source for g in q.gold}))
        lines += [
            f"{place}. `{q.id}` {q.question}",
            f"   - gold: {len(gold)} quote(s) in {sources}; {where}",
            f"   - e.g. “{_clip(q.gold[0].quote, 160)}”",
        ]
        for r, passage in enumerate(returned[number][:3], 1):
            lines.append(f"   - [{r}] {passage.source}: “{_clip(passage.text, 160)}”")
        lines.append("")
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _result(
    q: Question, passages: Sequence[Passage], answer: Answer, row: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": q.id,
        "passages": [{"source": p.source, "text": p.text, "score": p.score} for p in passages],
        "answer": answer.text,
        "short_answer": answer.short_answer.text if answer.short_answer else None,
        "abstained": answer.abstained,
        "metrics": row,
    }
