"""Text rendering of search results for people: citation line, then the passage with the
question's words made visible (bold on a terminal, **marked** elsewhere).

Everything shown comes from minutes, metadata and file names, which may hold terminal escape
sequences: every renderer returns :func:`~rag.text.printable` text (the only escapes left in it
are the highlight's own colours)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from ..answers import GRADES, NO_MENTION, Comparison, CouncilAnswer
from ..answers.grades import filters_label, items_in_meetings, plural
from ..dates import range_label
from ..index import IndexStats, PageCounts, Scope
from ..models import Answer, Citation, Passage
from ..text import light_stem, printable, query_terms

__all__ = [
    "highlight",
    "index_dates",
    "index_summary",
    "page_coverage",
    "render_answer",
    "render_comparison",
    "render_passages",
    "snippet",
    "source_line",
]


def index_summary(stats: IndexStats, scope: Scope) -> str:
    """'5 documents, 5 agenda items in 5 meetings, 30 chunks': meetings counted as an
    abstention counts what it searched (``scope`` is the whole index's)."""
    counted = items_in_meetings(scope.items, scope.meetings)
    return f"{plural(stats.documents, 'document')}, {counted}, {plural(stats.chunks, 'chunk')}"


def index_dates(stats: IndexStats, scope: Scope) -> str:
    """'2017 – 22 Nov 2022 (1 meeting undated)', or 'none stated'."""
    span = range_label(stats.first_date, stats.last_date) or "none stated"
    undated = scope.meetings - stats.meetings  # stats count dated meetings only
    return span + (f" ({plural(undated, 'meeting')} undated)" if undated > 0 else "")


def _matcher(query: str) -> re.Pattern[str] | None:
    stems = sorted({light_stem(t) for t in query_terms(query) if len(t) > 2}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def snippet(text: str, query: str, width: int = 480) -> str:
    """The window of ``text`` with the most query words, cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    pattern = _matcher(query)
    best = 0
    if pattern:
        hits = [m.start() for m in pattern.finditer(text)]
        best_count = -1
        for start in hits:
            count = sum(1 for h in hits if start <= h < start + width)
            if count > best_count:
                best, best_count = max(0, start - width // 5), count
    start = text.rfind(" ", 0, best) + 1 if best else 0
    end = min(len(text), start + width)
    end = text.rfind(" ", start, end) if end < len(text) else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def highlight(text: str, query: str, color: bool) -> str:
    pattern = _matcher(query)
    if pattern is None:
        return text
    if color:
        return pattern.sub(lambda m: f"\033[1;33m{m.group(0)}\033[0m", text)
    return pattern.sub(lambda m: f"**{m.group(0)}**", text)


def render_passages(passages: Sequence[Passage], query: str, color: bool = False) -> str:
    if not passages:
        return "No passages found."
    blocks = []
    for p in passages:
        c = p.citation
        head = f"[{p.rank}] {c.label}"
        if c.page:
            head += f" · p. {c.page}"
        title = c.item_title or "(untitled item)"
        if p.truncated:
            title += " (minutes truncated on the page)"
        lines = [head, f"    {title}"]
        if c.url:
            lines.append(f"    {c.url}")
        lines.append(f"    source: {p.source}   score {p.score:.4f}")
        if c.ocr:
            lines.append(f"    ({c.ocr_note})")
        body = textwrap.fill(
            snippet(printable(p.text), query),
            width=96,
            initial_indent="    ",
            subsequent_indent="    ",
        )
        lines.append(highlight(body, printable(query), color))  # colours added after cleaning
        blocks.append(printable("\n".join(lines[:-1])) + "\n" + lines[-1])
    return "\n\n".join(blocks)


def source_line(citation: Citation) -> str:
    """'[2] BCP · Committee · 22 Nov 2022 · item 56 — “Title” — p. 3 — url-or-source'."""
    parts = [f"[{citation.marker}] {citation.label}"]
    if citation.item_title:
        parts.append(f"“{citation.item_title}”")
    if citation.page:
        parts.append(f"p. {citation.page}")
    parts.append(citation.url or citation.source)
    if citation.ocr:
        parts.append(citation.ocr_note)
    return " — ".join(parts)


def page_coverage(pages: PageCounts | None) -> str:
    """'12 PDF pages: 9 from their text layer, 2 read by OCR (mean confidence 93%), 1 unreadable',
    or '' for an index without PDFs."""
    if pages is None or not pages.total:
        return ""
    ocr = f"{pages.ocr} read by OCR"
    if pages.ocr_confidence is not None:
        ocr += f" (mean confidence {pages.ocr_confidence:.0%})"
    return (
        f"{plural(pages.total, 'PDF page')}: {pages.text_layer} from their text layer, {ocr}, "
        f"{pages.unreadable} unreadable"
    )


def render_answer(answer: Answer) -> str:
    lines = [answer.text]
    if answer.citations:
        lines += ["", "Sources:"] + ["  " + source_line(c) for c in answer.citations]
    applied = filters_label(answer.filters)
    if answer.time_filter:
        lines += ["", f"Time filter read from the question: {answer.time_filter}"]
    if applied:
        lines += [f"Filters applied: {applied}"]
    for notice in answer.notices:
        lines += [f"Note: {notice}"]
    return printable("\n".join(lines))


def _quote_line(row: CouncilAnswer) -> str:
    """'“quote” (BCP · … · item 56)' for a row with an answer."""
    quote = f"“{textwrap.shorten(row.summary(), 160, placeholder=' […]')}”"
    return quote + (f" ({row.citation.label})" if row.citation else "")


def render_comparison(comparison: Comparison, quiet: bool = False) -> str:
    """The per-council table: grade, meetings and period on the council's line; under it the
    quote (when there is an answer) and why the grade (terms found or missing, or what was
    searched). ``quiet``: without the question and filters above it."""
    lines = [] if quiet else [f"Question: {comparison.question}"]
    if not quiet and comparison.key_terms:
        lines.append(f"Key terms: {', '.join(comparison.key_terms)}")
    if not quiet and comparison.time_filter:
        lines.append(f"Time filter: {comparison.time_filter}")
    if not quiet and filters_label(comparison.filters):
        lines.append(f"Filters: {filters_label(comparison.filters)}")
    lines.append(comparison.summary_line())
    if not comparison.rows:
        return printable("\n".join(lines))
    width = max(len("Council"), *(len(r.name) for r in comparison.rows))
    grade = max(len(g) for g in GRADES)
    header = f"{'Council':<{width}}  {'Grade':<{grade}}  Meetings  Period"
    lines += ["", header, "-" * max(len(header), 60)]
    for row in comparison.rows:
        lines.append(
            f"{row.name:<{width}}  {row.grade:<{grade}}  {row.scope.meetings:<8}  "
            f"{row.scope.period or '–'}"
        )
        details = [row.explanation()] if row.grade == NO_MENTION else [_quote_line(row)]
        if row.grade != NO_MENTION:
            details.append(row.explanation())
        for detail in details:
            lines += textwrap.wrap(detail, 96, initial_indent="    ", subsequent_indent="      ")
    return printable("\n".join(lines))
