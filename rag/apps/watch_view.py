"""Watch runs shown to people: terminal text, and a Markdown digest an officer can email.

Both show each watch's answer with its sources as ``minutes ask`` does; the JSON form is
:meth:`~rag.apps.service.WatchResult.to_json`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..answers.grades import filters_label, plural
from ..dates import day_label, time_label
from ..index import Watch
from ..models import Citation
from ..text import printable
from .render import render_answer
from .service import WatchResult

__all__ = ["render_digest", "render_watch_runs", "render_watches"]


def _looked_at(result: WatchResult) -> str:
    items = plural(result.items, "agenda item")
    if result.since is None:
        return f"{items} searched"
    return f"{items} added or changed since the last run"


def _heading(result: WatchResult) -> str:
    applied = filters_label(result.watch.filters)
    return f"Watch {result.watch.name}: “{result.watch.question}”" + (
        f" ({applied})" if applied else ""
    )


def render_watch_runs(results: Sequence[WatchResult]) -> str:
    """Each watch: its question, what was looked at, then its answer and sources (or why none)."""
    blocks = []
    for result in results:
        lines = [_heading(result), f"  {_looked_at(result)}"]
        if result.answer is None:
            lines.append("  nothing new" if result.items == 0 else "  nothing on this question")
            blocks.append("\n".join(lines))
        else:
            blocks.append("\n".join(lines) + "\n\n" + render_answer(result.answer))
    return printable("\n\n".join(blocks))


def render_watches(watches: Sequence[Watch]) -> str:
    """One line per watch: name, question, filters and when it last ran."""
    lines = []
    for watch in watches:
        applied = filters_label(watch.filters)
        last = f"last run {time_label(watch.last_run_at)}" if watch.last_run_at else "never run"
        extra = f" ({applied})" if applied else ""
        lines.append(f"{watch.name}: “{watch.question}”{extra} — {last}")
    return printable("\n".join(lines))


# ------------------------------------------------------------------------------ Markdown
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_SAFE_URL = re.compile(r"https?://[^\s()<>\[\]]+")


def _md(text: str) -> str:
    """Indexed text as literal Markdown: no emphasis, links, HTML or headings of its own."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text))


def _link(url: str | None, source: str) -> str:
    if url and _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return _md(url or source)


def _source(citation: Citation) -> list[str]:
    parts = [f"**{_md(citation.label)}**"]
    if citation.item_title:
        parts.append(f"“{_md(citation.item_title)}”")
    if citation.page:
        parts.append(f"p. {citation.page}")
    parts.append(_link(citation.url, citation.source))
    lines = [f"{citation.marker or '-'}. " + " — ".join(parts)]
    if citation.quote:
        lines.append(f"   > {_md(' '.join(citation.quote.split()))}")
    return lines


def render_digest(results: Sequence[WatchResult], index: str, today: date) -> str:
    """A Markdown digest: one section per watch, its answer quoted and its sources listed."""
    news = sum(1 for r in results if r.answer is not None)
    lines = [
        f"# Minutes watch digest: {_md(index)}, {day_label(today)}",
        "",
        f"{plural(len(results), 'watch', 'watches')}, {news} with something new.",
    ]
    for result in results:
        watch = result.watch
        applied = filters_label(watch.filters)
        lines += ["", f"## {_md(watch.name)}", "", f"**Question:** {_md(watch.question)}  "]
        lines.append(f"*{_md(applied) + ' · ' if applied else ''}{_md(_looked_at(result))}*")
        lines.append("")
        if result.answer is None:
            lines.append("Nothing new." if result.items == 0 else "Nothing on this question.")
            continue
        for paragraph in result.answer.text.split("\n"):
            lines.append(f"> {_md(paragraph)}" if paragraph.strip() else ">")
        if result.answer.citations:
            lines += ["", "Sources:", ""]
            for citation in result.answer.citations:
                lines += _source(citation)
    return "\n".join(lines) + "\n"
