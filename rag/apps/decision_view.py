"""The decision register shown to people and to scripts: a terminal table, CSV and JSON rows
(the same columns in every export)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

from ..dates import format_meeting_date
from ..models import Decision
from ..text import printable
from ..timeline import Timeline
from .spreadsheet import csv_text

__all__ = ["CSV_COLUMNS", "decision_row", "decisions_csv", "render_decisions", "render_timeline"]

CSV_COLUMNS = (
    "council", "committee", "meeting_date", "item_number", "item_title", "kind", "outcome",
    "votes_for", "votes_against", "votes_abstain", "unanimous", "mover", "seconder", "to_body",
    "text", "source", "page", "url", "decision_id",
)  # fmt: skip


def decision_row(dec: Decision) -> dict[str, Any]:
    """One decision as a flat row (CSV and tables)."""
    cite = dec.citation
    votes = dec.votes
    return {
        "council": cite.council if cite else None,
        "committee": cite.committee if cite else None,
        "meeting_date": cite.meeting_date.isoformat() if cite and cite.meeting_date else None,
        "item_number": cite.item_number if cite else None,
        "item_title": cite.item_title if cite else None,
        "kind": dec.kind,
        "outcome": dec.outcome,
        "votes_for": votes.in_favour if votes else None,
        "votes_against": votes.against if votes else None,
        "votes_abstain": votes.abstain if votes else None,
        "unanimous": dec.unanimous,
        "mover": dec.mover,
        "seconder": dec.seconder,
        "to_body": dec.to_body,
        "text": " ".join(dec.text.split()),
        "source": cite.source if cite else None,
        "page": cite.page if cite else None,
        "url": cite.url if cite else None,
        "decision_id": dec.decision_id,
    }


def decisions_csv(decisions: Sequence[Decision]) -> str:
    """CSV with a header row; formula-looking cells are prefixed so spreadsheets show text."""
    return csv_text(CSV_COLUMNS, (decision_row(dec) for dec in decisions))


def _where(dec: Decision) -> str:
    cite = dec.citation
    if cite is None:
        return ""
    parts = [
        cite.council_shown,
        cite.committee or "",
        format_meeting_date(cite.meeting_date, cite.year),
        f"item {cite.item_number}" if cite.item_number else cite.item_title,
    ]
    return ", ".join(p for p in parts if p)


def render_decisions(decisions: Sequence[Decision], described: str) -> str:
    """A readable list: where, what happened, who moved it, and the decision's words."""
    if not decisions:
        return printable(f"No decisions found ({described}).")
    width = min(shutil.get_terminal_size((100, 20)).columns, 120)
    lines = [f"{len(decisions)} decision(s) ({described})", ""]
    for n, dec in enumerate(decisions, 1):
        who = ""
        if dec.mover:
            who = f"; moved by {dec.mover}" + (
                f", seconded by {dec.seconder}" if dec.seconder else ""
            )
        lines.append(f"[{n}] {_where(dec)}")
        lines.append(f"    {dec.result_label()} — {dec.kind}{who}")
        if dec.to_body:
            lines.append(f"    recommended to {dec.to_body}")
        text = " ".join(dec.text.split())
        room = max(40, width - 6)
        lines.append("    “" + (text if len(text) <= room else text[: room - 1] + "…") + "”")
        cite = dec.citation
        if cite and (cite.url or cite.source):
            page = f", p. {cite.page}" if cite.page else ""
            lines.append(f"    {cite.url or cite.source}{page}")
        lines.append("")
    return printable("\n".join(lines).rstrip())


def render_timeline(timeline: Timeline) -> str:
    """One line per agenda item in date order: when, where, what happened, why it is linked."""
    if not timeline.entries:
        return printable(f"No agenda items found on “{timeline.topic}”.")
    lines = [f"Timeline: {timeline.topic} ({len(timeline.entries)} agenda items)", ""]
    for n, entry in enumerate(timeline.entries, 1):
        cite = entry.citation
        when = format_meeting_date(cite.meeting_date, cite.year) or "undated"
        where = ", ".join(
            p
            for p in (
                cite.council_shown,
                cite.committee or "",
                f"item {cite.item_number}" if cite.item_number else "",
            )
            if p
        )
        lines.append(f"[{n}] {when} — {where}: {cite.item_title}")
        lines.append(
            f"    {entry.outcome or 'no decision recorded'}  ({'; '.join(entry.linked_by)})"
        )
        for dec in entry.decisions:
            text = " ".join(dec.text.split())
            lines.append(
                f"      · {dec.result_label()}: “{text[:110]}{'…' if len(text) > 110 else ''}”"
            )
        if cite.url or cite.source:
            lines.append(f"    {cite.url or cite.source}")
        lines.append("")
    return printable("\n".join(lines).rstrip())
