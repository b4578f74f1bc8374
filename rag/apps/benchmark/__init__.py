"""``minutes bench``: ingest and query speed, memory and recall, against the issue's targets.

* :mod:`.ingest` — our pipeline vs the raw embedder vs the naive LangChain recipe; re-ingest.
* :mod:`.query` — FAISS kinds at 10k / 100k / 1M chunks; full hybrid search and answers.
* :mod:`.corpus` — deterministic synthetic minutes, passages and clustered vectors.
* :mod:`.report` — tables and target checks; :mod:`.cli` — options and outputs.
"""

from __future__ import annotations

from .cli import add_arguments, run

__all__ = ["add_arguments", "run"]
