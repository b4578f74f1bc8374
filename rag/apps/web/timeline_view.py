"""The app's Timeline view and the decisions shown under cited items.

The timeline is drawn as a chart a person can read at a glance (one point per agenda item by
meeting date, coloured by what happened, the item named beside it); selecting a point opens that
item's citation and decisions below. Everything shown is escaped: titles and decisions come
from documents anyone can upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ...models import Citation, Decision, Filters
from ...timeline import Timeline, TimelineEntry
from ..service import MinutesService, TimelineRequest
from . import support as sup

__all__ = ["decisions_of", "show_decisions", "timeline_chart", "timeline_rows", "timeline_view"]

esc = sup.md_escape
_OUTCOME_COLOURS = {
    "carried": "#2e7d32",
    "approved": "#2e7d32",
    "noted": "#607d8b",
    "deferred": "#f9a825",
    "lost": "#c62828",
    "withdrawn": "#8d6e63",
    "called_in": "#6a1b9a",
    "unknown": "#9e9e9e",
}


def _step(entry: TimelineEntry) -> str:
    main = [d for d in entry.decisions if d.kind != "amendment"] or entry.decisions
    if entry.outcome.startswith("Call-in"):
        return "called_in"
    return main[-1].outcome if main else "unknown"


def timeline_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One row per entry for the chart and the table (dates as ISO text; undated rows last)."""
    rows = []
    for n, entry in enumerate(timeline.entries, 1):
        cite = entry.citation
        rows.append(
            {
                "n": n,
                "date": cite.meeting_date.isoformat() if cite.meeting_date else None,
                "when": cite.date_label or "undated",
                "committee": cite.committee or "committee not stated",
                "item": " ".join(x for x in (cite.item_number or "", cite.item_title) if x),
                "what happened": entry.outcome or "no decision recorded",
                "step": _step(entry),
                "linked by": "; ".join(entry.linked_by),
            }
        )
    return rows


def timeline_chart(timeline: Timeline) -> alt.LayerChart:
    """Points by date, one lane per committee, coloured by outcome, labelled with what
    happened; a point selection named ``item`` (the app opens the selected item)."""
    rows = [r for r in timeline_rows(timeline) if r["date"]]
    data = pd.DataFrame(rows)
    pick = alt.selection_point(name="item", fields=["n"], on="click")
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Meeting date", scale=alt.Scale(padding=60)),
        y=alt.Y("committee:N", title=None),
        tooltip=["when:N", "committee:N", "item:N", "what happened:N", "linked by:N"],
    )
    colours = alt.Scale(domain=list(_OUTCOME_COLOURS), range=list(_OUTCOME_COLOURS.values()))
    points = (
        base.mark_circle(size=260)
        .encode(
            color=alt.Color(
                "step:N", scale=colours, title="What happened", legend=alt.Legend(orient="bottom")
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
        )
        .add_params(pick)
    )
    labels = base.mark_text(align="left", dx=12, dy=-10).encode(text="what happened:N")
    lanes = len({r["committee"] for r in rows})
    return alt.LayerChart(layer=[points, labels], height=max(160, 70 * lanes))


def decisions_of(citation: Citation, decisions: Sequence[Decision]) -> list[Decision]:
    """The decisions of the cited agenda item."""
    return [
        d
        for d in decisions
        if d.citation is not None
        and d.citation.source == citation.source
        and d.citation.item_number == citation.item_number
        and d.citation.item_title == citation.item_title
    ]


def show_decisions(decisions: Sequence[Decision]) -> None:
    """Each decision: what happened, by whom, and its words."""
    for dec in decisions:
        who = ""
        if dec.mover:
            who = f" — moved by {dec.mover}" + (
                f", seconded by {dec.seconder}" if dec.seconder else ""
            )
        st.markdown(f"**{esc(dec.result_label())}** ({esc(dec.kind)}){esc(who)}")
        st.caption(esc(" ".join(dec.text.split())))


def _show_entry(entry: TimelineEntry) -> None:
    cite = entry.citation
    facts = [
        ("Council", cite.council or "not stated"),
        ("Committee", cite.committee),
        ("Date", cite.date_label),
        ("Item", cite.item_number),
        ("Title", cite.item_title),
        ("Linked by", "; ".join(entry.linked_by)),
    ]
    st.markdown("  \n".join(f"**{name}:** {esc(str(value))}" for name, value in facts if value))
    url = sup.safe_url(cite.url)
    if url:
        st.link_button("Open the published page", url)
    else:
        st.caption(esc(f"Source file: {cite.source} (no published link recorded)"))
    if entry.decisions:
        show_decisions(entry.decisions)
    else:
        st.caption("No decision recorded for this item.")


def _selected(event: Any) -> int | None:
    """The entry number of the selected point, if any."""
    try:
        points = event.selection["item"]
    except (AttributeError, KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        value = points[0].get("n")
        return int(value) if isinstance(value, (int, float)) else None
    return None


def timeline_view(service: MinutesService, index: str, filters: Filters) -> None:
    """The Timeline view: a topic, the chart, and each item with its decisions."""
    topic = st.text_input(
        "Issue or topic",
        key="timeline-topic",
        placeholder="e.g. Millbrook Lane car park",
        max_chars=300,
    )
    if not topic.strip():
        st.info("Name an issue to see how it moved through meetings, in date order.")
        return
    with st.spinner("Finding the agenda items…"):
        timeline = service.timeline(TimelineRequest(topic=topic, filters=filters, index=index))
    if not timeline.entries:
        st.info(esc(f"No agenda items found on “{topic}”."))
        return
    st.markdown(esc(f"{len(timeline.entries)} agenda items on “{topic}”, in date order."))
    event = st.altair_chart(
        timeline_chart(timeline),
        on_select="rerun",
        selection_mode="item",
        key="timeline-chart",
        width="stretch",
    )
    chosen = _selected(event)
    for n, entry in enumerate(timeline.entries, 1):
        cite = entry.citation
        label = f"{n}. {cite.date_label or 'undated'} · {cite.committee or 'committee not stated'}"
        label += f" · {entry.outcome or 'no decision recorded'} · {cite.item_title}"
        with st.expander(esc(label), expanded=chosen == n):
            _show_entry(entry)
