"""Evaluation: question sets and dataset adapters, metrics, the systems compared, the runner.

* :mod:`.questions` — question sets (JSONL) and the agenda-item adapter; :mod:`.qmsum` — QMSum;
* :mod:`.metrics` — the hit rule and ranking/answer metrics (pure functions);
* :mod:`.systems` — ours and the baselines over the same corpus and embedder;
* :mod:`.runner` — every system on every question, reports; :mod:`.cli` — the commands;
* :mod:`.decisions` — the decision register scored against labelled minutes;
* :mod:`.ocr` — OCR scored against generated scanned pages (CER, exact figures).
"""

from __future__ import annotations

from .cli import add_commands, cmd_eval, cmd_eval_decisions, cmd_eval_ocr, cmd_eval_prep

__all__ = ["add_commands", "cmd_eval", "cmd_eval_decisions", "cmd_eval_ocr", "cmd_eval_prep"]
