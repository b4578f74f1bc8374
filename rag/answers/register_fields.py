"""Which span of a registered decision answers a question: the field it asks for (the vote as
stated or its counts, one side's names or count, the mover or seconder, the outcome as stated
or the decision's opening words), as offsets in the decision's document."""

from __future__ import annotations

import re

from ..models import Decision
from ..text import WORD_NUMBERS, split_sentences
from .persons import person_spans, role_asked

__all__ = ["MAX_OUTCOME_WORDS", "field_span"]

MAX_OUTCOME_WORDS = 45
"""A decision quoted as the answer to "what did they decide" stops after this many words."""
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
_COUNTS_ASKED = re.compile(r"\b(?:vote|voting)\s+(?:count|tally|figures|numbers)\b", re.I)
_ANYONE = re.compile(r"\bdid\s+any(?:one|body|\s+(?:councillors?|members?))\b", re.I)
_GAP = 40  # outcome and counts this close together are quoted as one ("CARRIED (For 7, …)")
# "Was the tree planting motion passed?", "At the Board on 6 November, did the amendment …
# succeed?": a yes-or-no question, answered by the motion's result as stated
_YES_NO = re.compile(r"(?:^\W*|,\s+)(?:was|were|did|has|have|had)\s", re.IGNORECASE)
_NAMES_MOTION = re.compile(
    r"\b(?:motion|amendment|proposal|recommendation|resolution|nomination)s?\b", re.I
)
_ASKS_FATE = re.compile(r"\bwhat\s+(?:happened|became)\b|\bfate\s+of\b", re.IGNORECASE)


# "Which two councillors voted against …?": how many the question expects
_ASKED_COUNT = re.compile(
    r"\bwhich\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:councillors|members|cllrs|commissioners|people|trustees)\b",
    re.IGNORECASE,
)


def _vote_side(question: str) -> str | None:
    """Which side of a recorded vote a person question asks for, if any."""
    if re.search(r"\bvot\w*\s+against\b|\bopposed\b", question, re.IGNORECASE):
        return "against"
    if re.search(
        r"\bvot\w*\s+(?:for|in\s+favour)\b|\b(?:supported|backed)\b", question, re.IGNORECASE
    ):
        return "for"
    if re.search(r"\babstain", question, re.IGNORECASE):
        return "abstain"
    return None


# The action a question or a decision names, by its stem ("made" and "make" are one: "ma")
_ACTION = re.compile(
    r"\b(grant|approv|refus|adopt|ma(?=(?:de|ke)\b)|accept|reject|defer|agree|pass|"
    r"support|endorse|award|confirm|allow|permit|revok|renew|extend|close|sell|dispos|withdr)\w*",
    re.IGNORECASE,
)


def _does_what_asked(question: str, text: str) -> bool:
    """Does the decision's text do what the yes-or-no question asks about (or the question
    name no action)? What the decision does is its first action: "that the application be
    refused on the ground that the grant would …" refuses."""
    asked = {m.group(1).lower() for m in _ACTION.finditer(question)}
    done = _ACTION.search(text)
    return not asked or (done is not None and done.group(1).lower() in asked)


def field_span(dec: Decision, kinds: tuple[str, ...], question: str) -> tuple[str, int, int] | None:
    """(kind, start, end) in the document of what the question asks for."""
    ev = dec.evidence
    if "vote" in kinds:
        side = _vote_side(question)
        counted = ev.get(f"count_{side}") if side is not None else None
        if counted is not None and _HOW_MANY.search(question):
            return "vote", *counted  # "How many voted against …?": "AGAINST (15)"
        spans = [ev[k] for k in ("outcome", "votes") if k in ev]
        if not spans:
            return None
        if _HOW_MANY.search(question):
            # "How many members backed the motion?" asks for the counts, not "CARRIED"
            return ("vote", *ev["votes"]) if "votes" in ev else None
        if _COUNTS_ASKED.search(question) and "votes" not in ev and not dec.unanimous:
            return None  # ("What was the vote count on …?": "Carried" states none)
        said = ev.get("statement")
        votes = ev.get("votes")
        if (
            said
            and all(said[0] <= a and b <= said[1] for a, b in spans[:1])
            and (said[1] - said[0] <= 120)
            and (votes is None or said[0] <= votes[0] < said[1])
        ):
            return "vote", *said  # "Lost on a tie", "Motion Passed (12 to 3)"
        if (
            said
            and votes is not None
            and all(said[0] <= a and b <= said[1] for a, b in spans[:1])
            and said[1] - said[0] <= 120
            and 0 <= said[0] - votes[1] <= _GAP
        ):
            # "Motion - 6 votes / Amendment - 4 votes" then "The Motion was accordingly
            # carried by 6 votes to 4.": the counts and the sentence that states the result
            return "vote", votes[0], said[1]
        if len(spans) == 2 and abs(spans[0][0] - spans[1][0]) <= _GAP + 60:
            return "vote", min(s[0] for s in spans), max(s[1] for s in spans)
        return "vote", *(ev.get("votes") or spans[0])
    if "person" in kinds:
        side = _vote_side(question)
        if side is not None:  # "Who voted against …?": the names of a recorded vote
            listed = ev.get(f"names_{side}")
            counted = ev.get(f"count_{side}")
            if (
                listed is not None
                and counted is not None
                and _ANYONE.search(question)
                and 0 <= listed[0] - counted[1] <= _GAP
            ):
                return "person", counted[0], listed[1]  # "Did anyone abstain?": "Abstained (1) …"
            names = {"for": dec.for_names, "against": dec.against_names}.get(
                side, dec.abstain_names
            )
            asked = _ASKED_COUNT.search(question)
            told = asked.group(1).lower() if asked is not None else ""
            expected = int(told) if told.isdigit() else WORD_NUMBERS.get(told)
            if expected is not None and names and len(names) != expected:
                return None  # "Which two councillors voted against …?" of a list of four
            return ("person", *listed) if listed is not None else None
        if re.search(r"\bwithdr[ae]w", question, re.IGNORECASE):
            # "Who withdrew the motion?": its mover, when it was withdrawn
            if dec.outcome != "withdrawn" or "mover" not in ev:
                return None
            return "person", *ev["mover"]
        role = role_asked(question)
        if role == "appointed":
            # "Who became Vice-Chair …?": the one the decision elects or appoints, named in
            # its own words ("That Councillor X be appointed …", "X was elected …")
            base = dec.start
            chosen = [(a, b) for a, b, cue in person_spans(question, dec.text) if cue > 0]
            return ("person", base + chosen[0][0], base + chosen[0][1]) if chosen else None
        field = {"moved": "mover", "seconded": "seconder"}.get(role or "")
        if field is None or field not in ev:
            return None
        return "person", *ev[field]
    if "outcome" in kinds:
        # "the result of …", "how was the tied vote resolved": the result as stated
        asks_result = re.search(
            r"\b(?:outcome|result)\s+of\b|\bvot(?:e|es|ing)\b|\btie\b|\btied\b", question, re.I
        )
        # "What happened to the motion …?", "What became of …?": a moved motion's fate is
        # its result as stated, not its own words
        # "Did the Board grant the licence?", of a carried motion "that the application be
        # refused": its own words answer, not "the motion was accordingly carried"; "Was
        # Variation No. 3 made?" of one "that Variation No. 3 be made", or "Was the tree motion
        # passed?", its result as stated does
        yes_no = _YES_NO.search(question) is not None and (
            dec.outcome != "carried"
            or _NAMES_MOTION.search(question) is not None
            or _does_what_asked(question, dec.text)
        )
        fate = (
            dec.kind in ("motion", "amendment")
            and dec.outcome not in ("deferred", "noted")  # (its words say what was done)
            and (_ASKS_FATE.search(question) or yes_no)
        )
        if dec.outcome in ("lost", "withdrawn", "called_in") or asks_result or fate:
            said = (
                ev.get("outcome")  # ("Call-in: this decision was called in on …", not its vote)
                if dec.outcome == "called_in" and "outcome" in ev
                else ev.get("statement") or ev.get("outcome") or ev.get("votes")
            )
            if said is not None:  # "DEFEATED (4 to 7)", not the words of what was refused
                return "outcome", *said
        start, end = ev.get("text", (dec.start, dec.end))
        formula = ev.get("formula")
        opening = start  # the answer starts at the formula: "RECOMMENDED to Cabinet that: …"
        text = dec.text
        marker = re.match(r"\s*(?:\(?[0-9a-z]{1,3}[.)]|[•\-–])\s+", text)  # "1. That …"
        if marker:
            start, text = start + marker.end(), text[marker.end() :]
        sentences = split_sentences(text)
        first_end = sentences[0][1] if sentences else len(text)
        for _, later_end in sentences[1:]:  # "… agreed that:" and the list that follows
            opening_words = text[:first_end].split()
            if len(opening_words) > 3 and not opening_words[-1].endswith((":", ";", ":-")):
                break  # (a formula's "that" alone, a list below it, is no sentence yet)
            first_end = later_end
        words = list(re.finditer(r"\S+", text[:first_end]))
        if len(words) > MAX_OUTCOME_WORDS:  # a long list: its opening words
            first_end = words[MAX_OUTCOME_WORDS - 1].end()
        end = start + first_end
        if formula is not None and 0 <= opening - formula[1] <= 40:
            start = formula[0]
        return "outcome", start, end
    return None
