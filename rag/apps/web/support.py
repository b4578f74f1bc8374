"""The chat app's logic, kept out of Streamlit so it can be tested on its own.

- which indexes exist and when one changed (the app reloads a cached index when its version moves);
- follow-up questions ("and what about Trafford?") read against the previous question;
- answers exported as Markdown and CSV;
- source text made safe for ``st.markdown`` (every character escaped, the cited sentence bold);
- uploads saved under safe names and ingested one file at a time, with per-file errors.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ...answers import NO_MENTION, Comparison
from ...answers.grades import filters_label, plural
from ...dates import time_label
from ...index import IndexStats, Scope
from ...models import Answer, Citation, Passage
from ...text import STOPWORDS
from ...timefilter import read_time
from ..render import index_dates, index_summary, page_coverage
from ..spreadsheet import csv_text
from ..uploads import UPLOAD_TYPES, UploadResult, add_uploads, safe_filename

__all__ = [
    "COMPARISON_FIELDS",
    "CSV_FIELDS",
    "SAMPLE_CORPUS",
    "SAMPLE_MISSING",
    "UPLOAD_TYPES",
    "Context",
    "FollowUp",
    "UploadResult",
    "add_uploads",
    "answer_csv",
    "answer_markdown",
    "citation_label",
    "cited_sentences",
    "comparison_csv",
    "comparison_heading",
    "comparison_markdown",
    "comparison_rows",
    "download_names",
    "highlight_passage",
    "highlighted_sentences",
    "md_escape",
    "md_text",
    "passage_text",
    "read_follow_up",
    "safe_filename",
    "safe_url",
    "stats_lines",
]

# The five bundled ModernGov pages live in the repository, not in the installed package.
SAMPLE_CORPUS = Path(__file__).resolve().parents[3] / "samples" / "corpus"
SAMPLE_MISSING = (
    "The sample corpus (samples/corpus) comes with a checkout of the repository; "
    "this installation has none."
)
CSV_FIELDS = (
    "marker",
    "council",
    "committee",
    "meeting_date",
    "item_number",
    "item_title",
    "page",
    "url",
    "source",
    "quote",
)


# ---------------------------------------------------------------------------- indexes
def stats_lines(stats: IndexStats, scope: Scope) -> list[str]:
    """Plain-text lines describing an index for the sidebar (``scope``: the whole index's),
    counted and worded as `minutes info` says them."""
    councils = ", ".join(stats.councils) if stats.councils else "none stated"
    return [
        f"{plural(len(stats.councils), 'council')}: {councils}",
        index_summary(stats, scope),
        f"Dates: {index_dates(stats, scope)}",
        f"Built {time_label(stats.built_at)}",
        *([coverage] if (coverage := page_coverage(stats.pages)) else []),
    ]


# ---------------------------------------------------------------------------- follow-ups
@dataclass(frozen=True)
class Context:
    """What a conversation is about: the last topic, its time phrase, council and committee."""

    topic: str
    time_phrase: str | None = None
    council: str | None = None
    committee: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """How a chat message is asked: the question, the council/committee it narrows to, and
    the context the next message is read against."""

    question: str
    council: str | None
    committee: str | None
    context: Context
    rewritten: bool = False
    councils_named: tuple[str, ...] = ()

    def note(self) -> str:
        """One line saying how a follow-up was read ('' for a plain question)."""
        if not self.rewritten:
            return ""
        parts = []
        if self.council:
            parts.append(f"council {self.council}")
        elif len(self.councils_named) > 1:
            parts.append(f"all councils ({', '.join(self.councils_named)} named)")
        if self.committee:
            parts.append(f"committee {self.committee}")
        note = f"Follow-up read as “{self.question}”"
        return note + (" — " + ", ".join(parts) if parts else "")


_LEAD = re.compile(
    r"^\s*(?:(?:and|but|so|ok(?:ay)?)\b[\s,]*)?(?P<about>(?:what|how)\s+about|what\s+of)\b"
    r"|^\s*(?P<and>and|also)\b",
    re.IGNORECASE,
)
_FILLER = frozenset(
    "council councils borough city district county else instead too also now please ok okay "
    "same one ones then just there their they them anyone say saying".split()
)


def _names_in(message: str, names: Sequence[str]) -> list[str]:
    """Names (councils, committees) the message mentions as whole words, longest first."""
    found = []
    text = message.replace("’", "'")
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        pattern = r"(?<!\w)" + re.escape(name.replace("’", "'")) + r"(?!\w)"
        if re.search(pattern, text, re.IGNORECASE):
            found.append(name)
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return found


def _without(text: str, phrase: str | None) -> str:
    if phrase:
        text = re.sub(re.escape(phrase), " ", text, count=1, flags=re.IGNORECASE)
    text = re.sub(r"\s+([?.!,])", r"\1", " ".join(text.split()))
    return text.strip()


def _with_time(topic: str, phrase: str | None) -> str:
    if not phrase:
        return topic
    body = topic.rstrip(" ?.!")
    return f"{body} {phrase}?" if topic.rstrip().endswith("?") else f"{body} {phrase}"


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)?", text.lower().replace("’", "'"))
    return [w for w in words if w not in STOPWORDS and w not in _FILLER and not w.isdigit()]


def read_follow_up(
    message: str,
    previous: Context | None,
    councils: Sequence[str] = (),
    committees: Sequence[str] = (),
    today: date | None = None,
) -> FollowUp:
    """Read a chat message against the previous question.

    The rules, in order:

    1. With no previous question, or when the message is a question of its own (it has content
       words and does not start with "and", "what about", "how about" or "what of"), it is asked
       as written and starts a new context.
    2. When the message has no content words beyond a council, committee or time phrase
       ("and what about Trafford?", "what about since 2020?", "BCP?"), the previous topic is
       asked again, with the council or committee it names as a filter (when it names neither,
       the previous ones) and its time phrase (or the previous one). Naming two councils
       searches them all.
    3. When it starts with "what about"/"how about" and names a new subject ("what about
       recruitment?"), it is asked as "what was said about recruitment?"; one starting with "and"
       is asked without the "and". The conversation's council and committee still apply.
    """
    text = " ".join(message.split())
    when = read_time(text, today)
    named_councils = _names_in(text, councils)
    named_committees = _names_in(text, committees)
    rest = _without(text, when.matched)
    for name in [*named_councils, *named_committees]:
        rest = re.sub(re.escape(name), " ", rest, flags=re.IGNORECASE)
    lead = _LEAD.match(rest)
    remainder = rest[lead.end() :] if lead else rest
    content = _content_words(remainder)

    if previous is None or (content and lead is None):
        topic = _without(text, when.matched) if when.matched else text
        return FollowUp(text, None, None, Context(topic, when.matched))

    council = named_councils[0] if len(named_councils) == 1 else None
    if not named_councils and not named_committees:
        council = previous.council
    committee = named_committees[0] if named_committees else None
    if not named_committees and not named_councils:
        committee = previous.committee
    phrase = when.matched or previous.time_phrase

    if content:  # a new subject in a follow-up's words
        opening = _LEAD.match(text)
        tail = text[opening.end() :].lstrip(" ,") if opening else text
        if opening and opening.group("about"):
            tail = f"what was said about {tail.rstrip(' ?.!')}?"
        topic = _without(tail, when.matched) if when.matched else tail
    else:
        topic = previous.topic
    question = _with_time(topic, phrase)
    return FollowUp(
        question=question,
        council=council,
        committee=committee,
        context=Context(topic, phrase, council, committee),
        rewritten=True,
        councils_named=tuple(named_councils),
    )


# ---------------------------------------------------------------------------- safe display
_MD_SPECIAL = frozenset(string.punctuation)


def md_escape(text: str) -> str:
    """Text that ``st.markdown`` shows exactly as written: every ASCII punctuation character
    is backslash-escaped, so no markdown, link, directive, LaTeX or HTML can come from it."""
    return "".join(f"\\{ch}" if ch in _MD_SPECIAL else ch for ch in text)


def md_text(text: str) -> str:
    """Escaped text with its paragraphs and line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(
        "  \n".join(md_escape(" ".join(line.split())) for line in p.splitlines() if line.strip())
        for p in paragraphs
        if p.strip()
    )


def highlight_passage(text: str, sentences: Sequence[str]) -> str:
    """A passage as escaped markdown with its paragraphs and line breaks, each cited sentence
    found in it bold on a highlight. Sentences are matched with whitespace collapsed (as the
    answer quotes them), so they may run across the passage's line breaks."""
    wanted = sorted({" ".join(s.split()) for s in sentences if s.strip()}, key=len, reverse=True)
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in (" ".join(raw.split()) for raw in paragraph.splitlines()) if line]
        if not lines:
            continue
        flat = " ".join(lines)
        breaks: set[int] = set()
        offset = 0
        for line in lines[:-1]:
            offset += len(line) + 1
            breaks.add(offset)
        spans: list[tuple[int, int]] = []
        for sentence in wanted:
            start = flat.find(sentence)
            while start >= 0:
                end = start + len(sentence)
                if not any(s < end and start < e for s, e in spans):
                    spans.append((start, end))
                start = flat.find(sentence, end)
        cuts = sorted({0, len(flat), *breaks, *(x for span in spans for x in span)})
        pieces: list[str] = []
        for a, b in itertools.pairwise(cuts):
            if a in breaks and pieces:
                pieces[-1] = pieces[-1].rstrip() + "  \n"
            segment = flat[a:b]
            core = segment.strip()
            lead = segment[: len(segment) - len(segment.lstrip())]
            trail = segment[len(segment.rstrip()) :]
            if core and any(s <= a and b <= e for s, e in spans):
                # Inside the directive's brackets the bold markers flank whatever the text is.
                core = f":orange-background[**{md_escape(core)}**]"
            else:
                core = md_escape(core)
            pieces.append(lead + core + trail)
        out.append("".join(pieces))
    return "\n\n".join(out)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (no javascript:, data:, file: …)."""
    if not url:
        return None
    url = url.strip()
    if re.match(r"^https?://[^\s<>\"'`]+$", url, re.IGNORECASE):
        return url
    return None


def citation_label(citation: Citation) -> str:
    """'[2] BCP · Children's Services … · 22 Nov 2022 · item 56 — Title' (plain text)."""
    label = f"[{citation.marker}] {citation.label}"
    label += f" — {citation.item_title}" if citation.item_title else ""
    return label + (" (read by OCR)" if citation.ocr else "")


def _passages_by_id(answer: Answer) -> dict[str, Passage]:
    return {p.citation.id: p for p in [*answer.passages, *answer.evidence]}


def passage_text(answer: Answer, citation: Citation) -> str:
    """The text of every passage a source's quotes come from, in the order quoted."""
    by_id = _passages_by_id(answer)
    ids = citation.passage_ids or [citation.id]
    texts = [by_id[i].text for i in ids if i in by_id]
    return "\n\n".join(texts) if texts else citation.quote


def cited_sentences(answer: Answer, marker: int | None) -> list[str]:
    """The answer's sentences that cite ``[marker]``, as quoted."""
    return [c.text for c in answer.claims if marker in c.markers and c.supported]


def highlighted_sentences(answer: Answer, citation: Citation) -> list[str]:
    """The words of the passages that the answer quotes from a source, exactly as they stand
    there (a quote is shown cleaned; its offsets say where it was read)."""
    by_id = _passages_by_id(answer)
    found = []
    for claim in answer.claims:
        if citation.marker not in claim.markers or not claim.supported:
            continue
        passage = by_id.get(claim.passage_id or "")
        if passage is not None and claim.start is not None and claim.end is not None:
            found.append(passage.text[claim.start : claim.end])
        else:
            found.append(claim.text)
    return found


# ---------------------------------------------------------------------------- exports
def _citation_row(answer: Answer, citation: Citation) -> dict[str, object]:
    quoted = cited_sentences(answer, citation.marker)
    return {
        "marker": citation.marker,
        "council": citation.council or "",
        "committee": citation.committee or "",
        "meeting_date": citation.date_label,  # as users read dates ('22 Nov 2022'); JSON: ISO
        "item_number": citation.item_number or "",
        "item_title": citation.item_title,
        "page": citation.page or "",
        "url": citation.url or "",
        "source": citation.source,
        "quote": " … ".join(quoted) if quoted else " ".join(citation.quote.split()),
    }


def answer_csv(answer: Answer) -> str:
    """One row per citation: marker, council, committee, meeting_date, item_number, item_title,
    page, url, source, quote (the sentences the answer quotes from it, else the passage)."""
    return csv_text(CSV_FIELDS, (_citation_row(answer, c) for c in answer.citations))


def answer_markdown(answer: Answer) -> str:
    """The question, the answer with its [n] markers, notices, and every citation's fields."""
    lines = [f"# {answer.question.strip()}", "", answer.text.strip(), ""]
    applied = filters_label(answer.filters)
    if answer.time_filter:
        lines.append(f"_Time filter read from the question: {answer.time_filter}_  ")
    if applied:
        lines.append(f"_Filters: {applied}_  ")
    lines += [f"_Note: {notice}_  " for notice in answer.notices]
    if answer.citations:
        lines += ["", "## Sources", ""]
    for citation in answer.citations:
        row = _citation_row(answer, citation)
        lines.append(
            f"- [{row['marker']}] **{citation.label}**"
            + (f" — {citation.item_title}" if citation.item_title else "")
        )
        for name in CSV_FIELDS[1:]:
            value = row[name]
            if value not in ("", None):
                lines.append(f"   - {name}: {value}")
        if citation.ocr:
            lines.append(f"   - {citation.ocr_note}")
    return "\n".join(lines).rstrip() + "\n"


COMPARISON_FIELDS = (
    "council",
    "grade",
    "terms found",
    "terms missing",
    "meetings searched",
    "period",
    "summary",
    "citation",
)


def comparison_rows(comparison: Comparison) -> list[dict[str, object]]:
    """The per-council table (:data:`COMPARISON_FIELDS`): the grade, the key terms the quotes
    hold and lack, what was searched, the quote (or, with no mention, what was searched for)
    and its source."""
    rows: list[dict[str, object]] = []
    for row in comparison.rows:
        rows.append(
            {
                "council": row.name,
                "grade": row.grade,
                "terms found": ", ".join(row.terms_found),
                "terms missing": ", ".join(row.terms_missing),
                "meetings searched": row.scope.meetings,
                "period": row.scope.period,
                "summary": row.summary(),
                "citation": citation_label(row.citation) if row.citation else "",
            }
        )
    return rows


def comparison_heading(comparison: Comparison) -> list[str]:
    """The lines above a comparison: how many rows have each grade, the key terms, filters."""
    lines = [comparison.summary_line()]
    if comparison.key_terms:
        lines.append(f"Key terms: {', '.join(comparison.key_terms)}")
    if comparison.time_filter:
        lines.append(f"Time filter: {comparison.time_filter}")
    if filters_label(comparison.filters):
        lines.append(f"Filters: {filters_label(comparison.filters)}")
    return lines


def comparison_csv(comparison: Comparison) -> str:
    return csv_text(COMPARISON_FIELDS, comparison_rows(comparison))


def comparison_markdown(comparison: Comparison) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = [f"# {comparison.question.strip()}", ""]
    lines += [f"{line}  " for line in comparison_heading(comparison)] + [""]
    lines += [
        "| " + " | ".join(COMPARISON_FIELDS) + " |",
        "|" + "---|" * len(COMPARISON_FIELDS),
    ]
    for values in comparison_rows(comparison):
        lines.append("| " + " | ".join(cell(v) for v in values.values()) + " |")
    for row in comparison.rows:
        if row.grade != NO_MENTION:
            body = answer_markdown(row.answer).split("\n", 2)[2]
            lines += ["", f"## {row.name}: {row.grade}", "", f"_{row.explanation()}_", "", body]
    return "\n".join(lines).rstrip() + "\n"


def download_names(result: Answer | Comparison) -> tuple[str, str]:
    """File names of the Markdown and CSV downloads: a comparison's CSV is its table, not a
    list of citations."""
    if isinstance(result, Comparison):
        return "comparison.md", "comparison.csv"
    return "answer.md", "citations.csv"
