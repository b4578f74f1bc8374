"""Typed domain model of council minutes.

Council → committee → meeting (date) → agenda item (number, title, URL) → document
(agenda-item page, minutes document, report PDF; pages) → chunk (text, char span, page).

Parsers produce :class:`ParsedDocument` (a document plus the agenda items it holds, with each
item's text span); the chunker turns those into :class:`Chunk`; search returns :class:`Passage`,
each carrying a :class:`Citation` whose ``id`` is stable across re-ingests of the same text.
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from .dates import format_meeting_date

__all__ = [
    "AgendaItem",
    "Answer",
    "Chunk",
    "Citation",
    "Claim",
    "Decision",
    "DecisionKind",
    "DecisionOutcome",
    "Document",
    "DocumentKind",
    "Filters",
    "ItemSpan",
    "PageSpan",
    "ParsedDocument",
    "Passage",
    "ShortAnswer",
    "Votes",
    "content_hash",
    "stable_id",
]


def stable_id(*parts: object, length: int = 16) -> str:
    """Deterministic short hex id from its parts (same inputs → same id, across runs)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def content_hash(text: str | bytes) -> str:
    """Full SHA-256 hex digest of text or bytes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


class DocumentKind(StrEnum):
    """What sort of published document a file is."""

    AGENDA_ITEM_PAGE = "agenda_item_page"
    MINUTES = "minutes"
    REPORT = "report"
    JSONL = "jsonl"


class AgendaItem(BaseModel):
    """One agenda item of one meeting: the unit every answer cites.

    Unknown fields stay ``None``; ``provenance`` says where each known field came from
    (``"sidecar"``, ``"manifest.csv"``, ``"jsonl"``, or ``"text: <the words it was read from>"``).
    """

    council: str | None = Field(None, description="Council name as published, e.g. 'Trafford'.")
    committee: str | None = Field(None, description="Committee or sub-committee name.")
    meeting_date: date | None = Field(None, description="Date of the meeting, when known.")
    year: int | None = Field(
        None, description="Meeting year when only the year is known (derived from meeting_date)."
    )
    item_number: str | None = Field(None, description="Agenda item number as printed ('56', '7a').")
    title: str = Field("", description="Agenda item title.")
    url: str | None = Field(
        None, description="Agenda-item page link (mgAi.aspx?ID=…) or document URL."
    )
    truncated: bool = Field(
        False, description="The page showed only the start of the minutes text."
    )
    provenance: dict[str, str] = Field(
        default_factory=dict, description="Field name → where its value came from."
    )

    def model_post_init(self, __context: object) -> None:
        if self.meeting_date is not None and self.year is None:
            self.year = self.meeting_date.year


class PageSpan(BaseModel):
    """Character range of one PDF page inside the document's extracted text (1-based page).

    ``ocr``: the page had no usable text layer and its text was read by OCR, with the engine's
    ``confidence`` (0-1); such text may hold misread characters and figures."""

    page: int
    start: int
    end: int
    ocr: bool = False
    confidence: float | None = None


class ItemSpan(BaseModel):
    """An agenda item and the character range of its text inside the document text."""

    item: AgendaItem
    start: int
    end: int


class Document(BaseModel):
    """One ingested file (or, for JSONL, one line of it)."""

    doc_id: str = Field(description="Stable id: hash of the source path (and JSONL line key).")
    source: str = Field(description="Path relative to the ingested folder (what --json reports).")
    path: str = Field(description="Absolute path of the file when ingested.")
    kind: DocumentKind
    content_hash: str = Field(description="SHA-256 of the document text and its metadata.")
    title: str = ""
    text: str = Field("", description="Full extracted text; chunk char spans index into it.")
    pages: list[PageSpan] = Field(default_factory=list, description="PDF page spans, if any.")

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page holding character ``offset``, or None for non-paginated text."""
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        return self.pages[-1].page if self.pages and offset >= self.pages[-1].end else None


class ParsedDocument(BaseModel):
    """A parser's result: the document and the agenda items found in its text."""

    document: Document
    items: list[ItemSpan]
    warnings: list[str] = Field(default_factory=list)


class Chunk(BaseModel):
    """A retrievable passage: text, where it sits, and everything needed to cite it."""

    chunk_id: str = Field(description="Stable id: hash of doc id and char span.")
    doc_id: str
    item_id: str
    text: str
    char_start: int
    char_end: int
    page: int | None = None
    hash: str = Field(description="Hash of the text that is embedded (embedding cache key).")
    embed_text: str = Field(description="Text handed to the embedder (title + passage).")


class Citation(BaseModel):
    """Everything a reader needs to find the quoted words in the published minutes.

    In a search result a citation is one passage; in an answer it is one *source*: one agenda
    item, numbered by first appearance, with every passage of that item the answer quotes."""

    id: str = Field(description="Stable citation id (the chunk id; a source's first passage).")
    marker: int | None = Field(
        None, description="The [n] that cites this source in an answer's text (1, 2, … in order)."
    )
    council: str | None = None
    committee: str | None = None
    meeting_date: date | None = None
    year: int | None = None
    item_number: str | None = None
    item_title: str = ""
    url: str | None = None
    page: int | None = None
    quote: str = ""
    source: str = ""
    passage_ids: list[str] = Field(
        default_factory=list,
        description="In an answer: every passage of this agenda item the answer quotes.",
    )
    ocr: bool = Field(
        False,
        description="The quoted text was read by OCR from a scanned page: check it against "
        "the PDF (figures especially).",
    )
    ocr_confidence: float | None = Field(
        None, description="The OCR engine's confidence (0-1) in the page(s) it was read from."
    )

    @property
    def date_label(self) -> str:
        return format_meeting_date(self.meeting_date, self.year)

    @property
    def ocr_note(self) -> str:
        """'read by OCR — check against the PDF' for OCR text (with the confidence), else ''."""
        if not self.ocr:
            return ""
        sure = f", confidence {self.ocr_confidence:.0%}" if self.ocr_confidence is not None else ""
        return f"read by OCR{sure} — check against the PDF"

    @property
    def council_unstated(self) -> bool:
        """No council recorded and none named by the committee either: the meeting's body is not
        itself a council ("Fingal County Council", a full council's minutes whose council is in
        no register, says which council it is)."""
        return not self.council and not (
            self.committee and self.committee.rstrip().lower().endswith(" council")
        )

    @property
    def council_shown(self) -> str:
        """The council as headings show it: its name, "Council not stated", or nothing when the
        committee names it (:attr:`council_unstated`)."""
        return self.council or ("Council not stated" if self.council_unstated else "")

    @property
    def label(self) -> str:
        parts = [
            self.council or ("council not stated" if self.council_unstated else ""),
            self.committee or "",
            format_meeting_date(self.meeting_date, self.year),
            f"item {self.item_number}" if self.item_number else "",
        ]
        return " · ".join(p for p in parts if p)


class Passage(BaseModel):
    """One search result."""

    rank: int
    score: float
    text: str
    source: str
    citation: Citation
    dense_rank: int | None = None
    bm25_rank: int | None = None
    similarity: float | None = Field(
        None, description="Cosine similarity to the query (when the dense retriever ranked it)."
    )
    rerank_score: float | None = Field(
        None, description="The reranker's score (when a reranker is configured and read it)."
    )
    char_start: int = 0
    char_end: int = 0
    truncated: bool = False

    def to_json(self) -> dict[str, object]:
        """Flat JSON object: source, text, score, and every citation field."""
        data: dict[str, object] = {
            "rank": self.rank,
            "score": round(self.score, 6),
            "source": self.source,
            "text": self.text,
            "citation_id": self.citation.id,
        }
        cite = self.citation.model_dump(mode="json", exclude={"id", "quote", "source"})
        data.update(cite)
        data.update(
            char_start=self.char_start,
            char_end=self.char_end,
            truncated=self.truncated,
            dense_rank=self.dense_rank,
            bm25_rank=self.bm25_rank,
            similarity=None if self.similarity is None else round(self.similarity, 4),
        )
        if self.rerank_score is not None:
            data["rerank_score"] = round(self.rerank_score, 4)
        return data


class Filters(BaseModel):
    """Retrieval filters, applied inside retrieval (never by trimming a top-k)."""

    council: str | None = Field(None, description="Case-insensitive substring of the council name.")
    council_exact: bool = Field(False, description="Match the council name exactly instead.")
    committee: str | None = Field(None, description="Case-insensitive substring of the committee.")
    since: date | None = Field(None, description="Meetings on or after this date.")
    until: date | None = Field(None, description="Meetings on or before this date.")
    council_stated: bool | None = Field(
        None, description="False: only agenda items with no council stated (a comparison's row)."
    )
    # A watch's --since-last: only items added or changed after this build (index generation).
    # Private: set by the service for a watch, never taken from a request nor shown in JSON.
    _changed_after: int | None = PrivateAttr(None)

    @property
    def changed_after(self) -> int | None:
        """Only agenda items added or changed after this index generation (None: all)."""
        return self._changed_after

    def with_changes_after(self, generation: int | None) -> Filters:
        """These filters, narrowed to items added or changed after ``generation``."""
        narrowed = self.model_copy()
        narrowed._changed_after = generation
        return narrowed

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.council, self.committee, self.since, self.until))

    def describe(self) -> str:
        """'council=BCP, since=2022-01-01' (empty when no filter)."""
        shown = self.model_dump(
            mode="json", exclude_none=True, exclude={"council_exact", "council_stated"}
        )
        return ", ".join(f"{k}={v}" for k, v in shown.items())


class Claim(BaseModel):
    """One sentence of an answer and the sources it cites."""

    text: str = Field(description="The sentence as shown (a quote: cleaned for reading).")
    markers: list[int] = Field(default_factory=list, description="[n] markers in the sentence.")
    citation_ids: list[str] = Field(default_factory=list, description="Passage ids it cites.")
    supported: bool = Field(True, description="Every check against its cited passages passed.")
    problems: list[str] = Field(default_factory=list, description="Why it is unsupported.")
    passage_id: str | None = Field(None, description="A quote: the passage it is taken from.")
    start: int | None = Field(
        None, description="A quote: where it starts in that passage's text (characters)."
    )
    end: int | None = Field(None, description="A quote: where it ends in that passage's text.")
    ocr_figures: list[str] = Field(
        default_factory=list,
        description="Figures and dates of the claim found only in text read by OCR (lower "
        "confidence: check them against the PDF).",
    )


class ShortAnswer(BaseModel):
    """The fact a question asks for (a number, sum, share, date, person or outcome), with the
    sentence it was read from and exactly where."""

    text: str = Field(description="The answer as written in the minutes, e.g. '£2.2 million'.")
    kind: str = Field(description="count, amount, percentage, date, person, vote or outcome.")
    marker: int = Field(description="The source [n] it comes from.")
    passage_id: str = Field(description="The passage it was read from.")
    start: int = Field(description="Where the answer starts in that passage's text.")
    end: int = Field(description="Where it ends in that passage's text.")
    sentence: str = Field(description="The sentence holding it, as quoted.")
    decision: Decision | None = Field(
        None, description="The register's decision it was read from (kind, outcome, votes…)."
    )


class Answer(BaseModel):
    """An answer a reader can check: claims, citations, the passages retrieved, and timings."""

    question: str
    text: str = Field(description="The answer as shown, with [n] citation markers.")
    claims: list[Claim] = Field(default_factory=list)
    short_answer: ShortAnswer | None = Field(
        None, description="The fact asked for, when the question asks for one and it is found."
    )
    citations: list[Citation] = Field(
        default_factory=list, description="The sources cited, one per agenda item, by marker."
    )
    passages: list[Passage] = Field(
        default_factory=list, description="Everything retrieved, in retrieval order."
    )
    evidence: list[Passage] = Field(
        default_factory=list, description="The passages the answer was built from, in its order."
    )
    decisions: list[Decision] = Field(
        default_factory=list,
        description="The decision register's entries inside the cited passages.",
    )
    abstained: bool = False
    mode: str = Field("extractive", description="'extractive' or 'llm'.")
    notices: list[str] = Field(default_factory=list, description="Fallbacks, dropped claims, etc.")
    filters: Filters = Field(default_factory=lambda: Filters())
    time_filter: str | None = Field(None, description="Time filter read from the question.")
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.text,
            "short_answer": (
                None if self.short_answer is None else self.short_answer.model_dump(mode="json")
            ),
            "abstained": self.abstained,
            "mode": self.mode,
            "claims": [c.model_dump(mode="json") for c in self.claims],
            "citations": [c.model_dump(mode="json") for c in self.citations],
            "passages": [p.to_json() for p in self.passages],
            "evidence": [p.citation.id for p in self.evidence],
            "decisions": [d.model_dump(mode="json") for d in self.decisions],
            "notices": self.notices,
            "filters": self.filters.model_dump(mode="json", exclude_none=True),
            "time_filter": self.time_filter,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


DecisionKind = Literal["resolved", "agreed", "recommended", "motion", "amendment", "noted"]
"""How the minutes record a decision: the formula, not the type of business."""
DecisionOutcome = Literal[
    "carried", "lost", "deferred", "withdrawn", "noted", "approved", "called_in", "unknown"
]
"""What the decision did (the first that applies, in this order of precedence: withdrawn,
lost, called in, deferred, noted, carried, approved, unknown)."""


class Votes(BaseModel):
    """Vote counts as the minutes state them; a count the text does not state is None."""

    in_favour: int | None = Field(None, description="Votes for.")
    against: int | None = Field(None, description="Votes against.")
    abstain: int | None = Field(None, description="Abstentions (None when not stated).")

    def label(self) -> str:
        """'For 7, Against 3, Abstentions 1' (stated counts only)."""
        parts = [f"For {self.in_favour}" if self.in_favour is not None else ""]
        parts.append(f"Against {self.against}" if self.against is not None else "")
        parts.append(f"Abstentions {self.abstain}" if self.abstain is not None else "")
        return ", ".join(p for p in parts if p)


class Decision(BaseModel):
    """One decision of an agenda item, read at ingest (the decision register)."""

    decision_id: str = Field(description="Stable id: hash of the item id and the span.")
    item_id: str = Field(description="The agenda item it belongs to.")
    kind: DecisionKind
    outcome: DecisionOutcome
    text: str = Field(description="The decision's text exactly as in the document.")
    start: int = Field(description="Where the text starts in the document's text.")
    end: int = Field(description="Where it ends in the document's text.")
    mover: str | None = Field(None, description="Mover as the minutes name them.")
    seconder: str | None = Field(None, description="Seconder as the minutes name them.")
    votes: Votes | None = Field(None, description="Counts, when the minutes state any.")
    unanimous: bool = Field(False, description="The minutes say it was unanimous.")
    for_names: list[str] | None = Field(None, description="Recorded vote: members for.")
    against_names: list[str] | None = Field(None, description="Recorded vote: members against.")
    abstain_names: list[str] | None = Field(None, description="Recorded vote: abstentions.")
    to_body: str | None = Field(None, description="Body a recommendation is addressed to.")
    evidence: dict[str, tuple[int, int]] = Field(
        default_factory=dict,
        description="Where each field was read: field → (start, end) in the document's text.",
    )
    citation: Citation | None = Field(
        None, description="The agenda item it belongs to (filled when read from an index)."
    )
    # The openings of its document (council, committee, date as printed) and of its agenda item
    # (title, applicant, site), read with it from an index: the words a question uses to name
    # the meeting and the item rather than what was decided.
    _openings: tuple[str, str] = PrivateAttr(("", ""))
    # What its own line says before it: the subject a parish minute names before its decision
    # ("(ii) Capel Tabernacl roof appeal: deferred to the November meeting …")
    _line_lead: str = PrivateAttr("")
    # Its item's text before it (at most 1,500 characters): what the minutes say of the
    # matter it decides ("(b) Part 8 – Proposed construction of 28 social housing units at
    # Loughmacask Road … It was proposed by …: \"That the Council proceeds …\"")
    _preceding: str = PrivateAttr("")

    @property
    def openings(self) -> tuple[str, str]:
        """(document opening, agenda item opening), empty unless read from an index."""
        return self._openings

    @property
    def line_lead(self) -> str:
        """The text of its line before it (at most 120 characters), empty unless read from an
        index."""
        return self._line_lead

    @property
    def preceding(self) -> str:
        """Its agenda item's text before it (at most 1,500 characters), empty unless read
        from an index."""
        return self._preceding

    def with_openings(
        self, document: str, item: str, line_lead: str = "", preceding: str = ""
    ) -> Decision:
        self._openings = (document, item)
        self._line_lead = line_lead
        self._preceding = preceding
        return self

    def result_label(self) -> str:
        """The outcome as a reader says it: 'Carried (For 7, Against 3)', 'Lost', 'Deferred'."""
        word = self.outcome.replace("_", " ").capitalize()
        if self.votes is not None and self.votes.label():
            return f"{word} ({self.votes.label()})"
        if self.unanimous and self.outcome == "carried":
            return "Carried unanimously"
        return word


# ShortAnswer names Decision, defined after it.
ShortAnswer.model_rebuild()
Answer.model_rebuild()
