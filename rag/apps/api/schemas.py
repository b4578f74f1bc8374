"""The HTTP API's response bodies: the CLI's JSON (``search --json``, ``ask --json``,
``ask --by council --json``) as pydantic models, so ``/openapi.json`` describes exactly what is
sent.

The core's ``to_json()`` methods stay the one source of these shapes: a response is built by
validating their output against a model here (``extra="forbid"``, every field typed), so a field
added, renamed or retyped in one place and not the other fails the API's tests instead of
drifting silently. Objects the core already models (Citation, Claim, ShortAnswer, Decision,
Filters, Timeline) are used as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...models import Citation, Claim, Decision, Filters, ShortAnswer
from ..service import IndexInfo

__all__ = [
    "AnswerOut",
    "ComparisonOut",
    "CouncilAnswerOut",
    "ErrorBody",
    "ErrorDetail",
    "Health",
    "IndexList",
    "PassageOut",
    "UnavailableIndex",
    "UploadError",
    "UploadOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PassageOut(_Out):
    """One search result, flat: the passage and every field of its citation
    (``minutes search --json``)."""

    rank: int
    score: float
    source: str
    text: str
    citation_id: str = Field(description="Stable id of the passage (its chunk id).")
    marker: int | None = None
    council: str | None = None
    committee: str | None = None
    meeting_date: dt.date | None = None
    year: int | None = None
    item_number: str | None = None
    item_title: str = ""
    url: str | None = None
    page: int | None = None
    passage_ids: list[str] = Field(default_factory=list)
    ocr: bool = Field(
        False, description="Read by OCR from a scanned page: check it against the PDF."
    )
    ocr_confidence: float | None = Field(
        None, description="The OCR engine's confidence (0-1) in the page it was read from."
    )
    char_start: int
    char_end: int
    truncated: bool
    dense_rank: int | None
    bm25_rank: int | None
    similarity: float | None = Field(description="Cosine similarity to the query, if dense.")
    rerank_score: float | None = Field(
        None, description="Present only when a reranker read the passage."
    )


class AnswerOut(_Out):
    """A cited answer (``minutes ask --json``)."""

    question: str
    answer: str = Field(description="The answer as shown, with [n] citation markers.")
    short_answer: ShortAnswer | None
    abstained: bool
    mode: str = Field(description="'extractive' or 'llm'.")
    claims: list[Claim]
    citations: list[Citation] = Field(description="The sources cited, by marker.")
    passages: list[PassageOut] = Field(description="Everything retrieved, in retrieval order.")
    evidence: list[str] = Field(description="Citation ids of the passages the answer used.")
    decisions: list[Decision]
    notices: list[str]
    filters: Filters
    time_filter: str | None
    timings: dict[str, float] = Field(description="Seconds per stage.")


class CouncilAnswerOut(_Out):
    """One council's row of a comparison."""

    council: str | None = Field(description="None: the items with no council stated.")
    label: str
    grade: str = Field(description="discussed, related only or no mention.")
    terms_found: list[str]
    terms_missing: list[str]
    mentioned: bool
    items_searched: int
    meetings_searched: int
    period: str
    first_date: str | None
    last_date: str | None
    summary: str
    explanation: str
    answer: AnswerOut


class ComparisonOut(_Out):
    """A question answered once per council (``minutes ask --by council --json``)."""

    question: str
    time_filter: str | None
    key_terms: list[str]
    filters: Filters
    grades: dict[str, int] = Field(description="Rows per grade.")
    summary: str
    councils: list[CouncilAnswerOut]


class Health(_Out):
    status: Literal["ok"] = "ok"
    default_index: str = Field(description="The index used when a request names none.")
    indexes: int = Field(description="Indexes under the index root.")
    uploads: bool = Field(description="Whether POST /uploads is open (a token is set).")


class UnavailableIndex(_Out):
    name: str
    error: ErrorDetail


class IndexList(_Out):
    default: str = Field(description="The index used when a request names none.")
    indexes: list[IndexInfo]
    unavailable: list[UnavailableIndex] = Field(
        default_factory=list, description="Indexes that could not be read, and why."
    )


class UploadError(_Out):
    file: str
    message: str


class UploadOut(_Out):
    """What ``POST /uploads`` did (the app's upload report)."""

    summary: str
    saved: list[str]
    ingested: list[str]
    unchanged: list[str]
    errors: list[UploadError]
    warnings: list[str]


class ErrorDetail(_Out):
    code: str = Field(description="Stable machine-readable code, e.g. index_not_found.")
    message: str = Field(description="One sentence a person can act on.")


class ErrorBody(_Out):
    """Every error response: ``{"error": {"code": ..., "message": ...}}``."""

    error: ErrorDetail


UnavailableIndex.model_rebuild()
