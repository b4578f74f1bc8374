"""How one issue moved through meetings: the agenda items on a topic, in date order, each with
its decisions (one service for the CLI, the app and the API).

The topic is searched like a question; its best agenda item is the anchor. Items join the
anchor's issue when the text ties them to it, not merely when they share words:

* a **reference number** they share with an item already in the issue (planning references
  "23/04412/FUL", report numbers "CAB/2024/017", "PL-2024-22", by-law and bill numbers);
* a **back-reference** ("Further to minute 7 of the meeting held on 16 January 2024") from one
  item to the other;
* a **near-identical title** ("Disposal of Millbrook Lane Car Park" / "Millbrook Lane Car Park
  – Proposed Disposal").

Without any such tie (an index of undated notes, say), the timeline falls back to the search's
items whose titles carry most of the topic's words. Every entry says why it was linked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

from .dates import find_date
from .index.items import ItemRecord
from .models import Citation, Decision, Filters
from .search import Searcher
from .text import TERM, light_stem, query_terms, stem_words, words

__all__ = ["Timeline", "TimelineEntry", "build_timeline", "references"]

_REFERENCE = re.compile(
    r"(?<![\w/-])(?:"
    r"\d{2}/\d{3,6}/[A-Z]{2,6}"  # 23/04412/FUL
    r"|[A-Z]{1,5}\d{0,2}/\d{2,4}/\d{2,6}[A-Z]{0,4}"  # CAB/2024/017, DC/23/0921
    r"|[A-Z]{1,4}\d{2}/\d{3,6}[A-Z]{0,4}"  # PA23/08811
    r"|[A-Z]{2,5}\d?-\d{2,4}-\d{1,4}"  # PL-2024-22, FIN-24-002
    r"|(?:By-law|Bylaw|Bill|Order)\s+(?:No\.?\s*)?\d{1,4}(?:[-/]\d{1,4})?"  # By-law 2024-27
    r")(?![\w/-])"
)
_BACK_REFERENCE = re.compile(
    r"\bminutes?\s+(?:no\.?\s*)?(?P<number>[A-Z]{0,5}/?\d{1,4}(?:/\d{2,4})?)\s+of\s+the\s+"
    r"(?:meeting|[\w\s]{0,40}?)\s+(?:held\s+)?on\s+(?P<date>[^.;()]{6,40})",
    re.IGNORECASE,
)
_SIMILAR_TITLE = 0.6
"""Share of shared title words (Jaccard over stems) that makes two items one issue."""
_FALLBACK_SHARE = 0.6
"""Without ties in the text, items whose titles hold this share of the topic's words."""
_SEEDS = 40
_ANCHOR_DEPTH = 5
_ANCHOR_SHARE = 0.6
"""Share of the topic's words the anchor item's title and text must hold."""
_STOP = frozenset("the a an of and to for in on at by with from report item proposed".split())


class TimelineEntry(BaseModel):
    """One agenda item of the issue, with its decisions and why it is on the timeline."""

    citation: Citation
    decisions: list[Decision] = Field(default_factory=list)
    outcome: str = Field("", description="The item's main decision as a reader says it.")
    linked_by: list[str] = Field(
        default_factory=list, description="Why the item is on the timeline."
    )


class Timeline(BaseModel):
    """The agenda items of one issue in date order (undated items last)."""

    topic: str
    entries: list[TimelineEntry] = Field(default_factory=list)


def references(text: str) -> set[str]:
    """Reference numbers written in ``text`` (whitespace inside them collapsed)."""
    return {" ".join(m.group().split()) for m in _REFERENCE.finditer(text)}


def _title_stems(title: str) -> set[str]:
    words = [w.lower() for w in TERM.findall(title) if w.lower() not in _STOP and len(w) > 1]
    return set(stem_words(words))


def _holds(record: ItemRecord, wanted: set[str]) -> bool:
    if not wanted:
        return False
    have = {light_stem(w) for w in words(f"{record.citation.item_title} {record.text}")}
    return len(wanted & have) / len(wanted) >= _ANCHOR_SHARE


def _similar(a: str, b: str) -> bool:
    x, y = _title_stems(a), _title_stems(b)
    if len(x) < 2 or len(y) < 2:
        return False
    return len(x & y) / len(x | y) >= _SIMILAR_TITLE


def _points_to(record: ItemRecord, target: ItemRecord) -> bool:
    """Does ``record`` say "minute N of the meeting held on DATE" about ``target``?"""
    cite = target.citation
    if not cite.item_number or cite.meeting_date is None:
        return False
    for m in _BACK_REFERENCE.finditer(record.text):
        found = find_date(m.group("date"))
        number = m.group("number").lstrip("0")
        if found and found[0] == cite.meeting_date and number == cite.item_number.lstrip("0"):
            return True
    return False


_CALL_IN = re.compile(r"\bcall[\s-]*in\b|\bcalled[\s-]+in\b", re.IGNORECASE)
_CONFIRMED = re.compile(r"\bbe\s+(?:re-?)?confirmed\b|\bconfirms?\s+its\s+decision\b", re.I)


def _main_outcome(record: ItemRecord, decisions: list[Decision]) -> str:
    """The item's step in the issue as a reader says it: its last decision that is not an
    amendment ("Deferred", "Carried (For 5, Against 1)", "Confirmed"), marked "Call-in" when the
    item considers a call-in."""
    main = [d for d in decisions if d.kind != "amendment"] or decisions
    label = main[-1].result_label() if main else ""
    if main and main[-1].outcome == "approved" and _CONFIRMED.search(main[-1].text):
        label = "Confirmed"
    call_in = _CALL_IN.match(record.citation.item_title.strip()) or re.search(
        r"\b(?:had\s+been|was|were)\s+called[\s-]+in\b", record.text, re.IGNORECASE
    )
    if call_in and not (main and main[-1].outcome == "called_in"):
        label = f"Call-in: {label}" if label else "Call-in"
    return label


def _sort_key(record: ItemRecord) -> tuple[str, str, int]:
    return (record.date_start or "9999", record.citation.source, record.ordinal)


def build_timeline(
    searcher: Searcher, topic: str, filters: Filters | None = None, *, limit: int = 40
) -> Timeline:
    """The timeline of the issue ``topic`` names, within ``filters``."""
    store = searcher.store
    seeds = searcher.items_about(topic, filters)[:_SEEDS]
    if not seeds:
        return Timeline(topic=topic)
    records = {r.item_id: r for r in store.item_records(seeds)}
    # The anchor is the best item that holds most of the topic's words: a search always
    # returns something, a timeline of "zebra crossings in Antarctica" must not.
    wanted = {light_stem(t) for t in query_terms(topic)}
    anchor = next(
        (records[i] for i in seeds[:_ANCHOR_DEPTH] if i in records and _holds(records[i], wanted)),
        None,
    )
    if anchor is None:
        return Timeline(topic=topic)
    why: dict[str, list[str]] = {anchor.item_id: ["best match for the topic"]}
    frontier = [anchor]
    seen_refs: set[str] = set()
    while frontier and len(why) < limit:
        current = frontier.pop(0)
        for ref in sorted(references(current.text) - seen_refs):
            seen_refs.add(ref)
            found = [i for i in store.items_mentioning(ref, filters) if i not in why]
            for record in store.item_records(found):
                records[record.item_id] = record
                why[record.item_id] = [f"reference {ref}"]
                frontier.append(record)
        # Back-references and near-identical titles, among the topic's items and those linked.
        for record in list(records.values()):
            if record.item_id in why:
                continue
            reason = None
            if _points_to(record, current) or _points_to(current, record):
                reason = "minute reference"
            elif _similar(record.citation.item_title, current.citation.item_title):
                reason = "same title"
            if reason:
                why[record.item_id] = [reason]
                frontier.append(record)
    if len(why) == 1:
        wanted = _title_stems(topic)
        for item_id in seeds[1:]:
            seed = records.get(item_id)
            if seed is None or not wanted:
                continue
            share = len(wanted & _title_stems(seed.citation.item_title)) / len(wanted)
            if share >= _FALLBACK_SHARE:
                why[item_id] = ["title matches the topic"]
    chosen = sorted((records[i] for i in why if i in records), key=_sort_key)[:limit]
    decisions = _decisions_by_item(store.decisions(item_ids=[r.item_id for r in chosen]))
    entries = [
        TimelineEntry(
            citation=r.citation,
            decisions=decisions.get(r.item_id, []),
            outcome=_main_outcome(r, decisions.get(r.item_id, [])),
            linked_by=why[r.item_id],
        )
        for r in chosen
    ]
    return Timeline(topic=topic, entries=entries)


def _decisions_by_item(decisions: Iterable[Decision]) -> dict[str, list[Decision]]:
    out: dict[str, list[Decision]] = {}
    for dec in decisions:
        out.setdefault(dec.item_id, []).append(dec)
    return out
