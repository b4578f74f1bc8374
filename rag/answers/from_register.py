"""Short answers read from the decision register: "who moved …?", "what was the result of the
vote on …?", "what did the committee decide about …?".

The register (built at ingest) knows each decision's mover, seconder, vote and outcome and
where in the document each was read. Among the decisions inside the passages retrieved for the
question, the one whose words (and its item's title) share most of the question's terms is
taken, and the field asked for is quoted from the passage that holds it, so the short answer
stays a checkable span of the minutes like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..models import Citation, Decision, Passage
from ..synonyms import plain_phrases
from ..text import TERM, quote_text
from .persons import asks_who_tried
from .register_fields import field_span
from .short import CONFIRMS_MINUTES, MINUTES_ASKED, _key, question_kinds

__all__ = [
    "DecisionLookup",
    "RegisterAnswer",
    "RegisterPick",
    "covering",
    "register_answer",
    "register_picks",
]

DecisionLookup = Callable[[Sequence[Passage]], list[Decision]]
"""Decisions of the documents the passages come from (supplied by the asker's index)."""

_QUESTION_WORDS = frozenset(
    """what who whom which when how was were did does do is are the a an of on at in to for by
    about result outcome vote votes voting moved move proposed propose seconded second seconder
    decide decided decision resolve resolved agree agreed happen happened and or with its their
    council councils committee meeting held motion amendment proposal final new yet against only
    member members councillor councillors cllr favour abstain abstained support supported opposed
    that this these those be it from all any some tally count counts many much margin split
    division met meet receive receives received get got gain gained attract attracted win won
    secure secured into onto than rather instead successful unsuccessful winning losing
    nominated nominate candidate""".split()
)
# (how a question calls a motion's fate — "the losing candidate", "the successful motion" — and
# who put a name forward is no topic the decision's own words say: ``SAID_OUTCOME`` and the
# role asked read them)
MIN_TOPIC = 0.5
"""Share of the question's topic words (those not naming its meeting) that the decision's text
and its item's title must hold."""
RANK_PENALTY = 0.05
"""Score lost per place down the passages' ranking of the passage holding the answer."""
TITLE_WEIGHT = 0.25
"""Score added for the share of the question's topic words in the decision's item title."""
# The decision's own words naming the topic (not its item's or title's) tell an amendment from
# the motion it amends; an amendment not asked for as one starts a little behind its motion.
OWN_WEIGHT = 0.5
AMENDMENT_HINTED = 0.1
CONTRAST_WEIGHT = 0.5
"""Score for the question's words that only this decision of its item says (the "5%" of
"holding the rise to 5%" is the amendment's, not the fares motion's), when the question does
not say whether it asks about a motion or an amendment; the item's title words tell none
apart."""
NOT_DECIDED = 0.3
"""Score taken from a lost or withdrawn motion when the question asks what a body decided
about a matter (not what became of a motion): the decision it took answers that."""
UNKNOWN_OUTCOME = 0.1
"""Score taken from a decision whose outcome the reader could not tell, when the question asks
what was decided: another decision on the same words that records one answers it."""
SAID_OUTCOME = 0.3
"""Score for a decision whose outcome is the one the question calls it by ("the successful
resolution approving DA 2026/118", "the unsuccessful motion"), taken from one whose outcome
is the other: two motions on one matter share their words."""
NAMED_PERSON = 0.3
"""Score for a decision moved or seconded by a person the question names ("what happened to
Councillor Bellamy's bid to give the contract to …?"): the resolution the meeting then passed on
the same matter was not that person's."""
NO_COUNT = 0.2
"""Score taken from a decision that states no count (nor "unanimously") when the question asks
how the vote went: "The motion was not seconded." answers less than the recommendation on the
same charges carried "Nine votes for, two against"."""
_CALLED_WON = re.compile(r"\b(?:successful|winning|succeeded)\b", re.IGNORECASE)
_CALLED_LOST = re.compile(r"\b(?:unsuccessful|failed|defeated|losing)\b", re.IGNORECASE)
# "What did the Scrutiny Committee decide on the call-in?", "… finally decide on the chalet
# development?", "What was the outcome of the call-in?": what the body did, not a motion it
# turned down on the way.
_ASKS_DECIDED = re.compile(
    r"\bwhat\s+did\s+.{0,80}?\b(?:finally\s+|eventually\s+|ultimately\s+)?(?:decide|resolve"
    r"|conclude|do)\b|\b(?:outcome|result)\s+of\s+the\s+call-?\s*in\b",
    re.IGNORECASE,
)
_NAMES_A_MOTION = re.compile(
    r"\b(?:motions?|amendments?|proposals?|bid|attempt|counter-?\s*proposals?)\b", re.IGNORECASE
)
_AMENDMENT_HINT = re.compile(
    r"\b(?:alternative|counter-?\s*proposals?|counter-?\s*motions?|attempt|bid|instead|"
    r"rather\s+than|in\s+place\s+of)\b",
    re.IGNORECASE,
)
# (to the end of the phrase: "rather than 150% at Dyffryn Glesni County Borough Council …"
# replaces 150%, not the council)
_RATHER_THAN = re.compile(
    r"\b(?:rather\s+than|instead\s+of|in\s+place\s+of)\s+"
    r"(?:(?!\b(?:at|in|on|for|by|from|during|when|to|of)\b)[^,;?])*",
    re.IGNORECASE,
)
_ADDS_TO_MOTION = re.compile(
    r"\b(?:adding|add|added|inserting|insert)\b.{0,100}?\bto\s+(?:the|their|its|a)\s+"
    r"(?:[\w'’-]+\s+){0,4}(?:motion|proposal|recommendations?)\b"
    # "Who proposed the change to Brockhithe's May 2025 single-use vapes motion …?"
    r"|\b(?:change|alteration|addition|modification)\s+to\s+(?:the\s+|their\s+|its\s+)?"
    r"(?:[\w'’.-]+\s+){0,8}?(?:motion|proposal|recommendations?)\b",
    re.IGNORECASE,
)
# "… on the substantive motion after the re-tendering amendment was dealt with", "the final
# vote … after the bid to freeze the cash fare": the amendment only dates the question, which
# asks about the motion.
_AFTER_AMENDMENT = re.compile(
    r",?\s*\b(?:after|once|following|when)\s+(?:the\s+|an?\s+|that\s+)?(?:[\w'’.-]+\s+){0,4}?"
    r"(?:(?:amendments?|bid|attempt|counter-?\s*proposals?|counter-?\s*motions?)\b[^,;?]*"
    # "who moved approval … once the refusal motion had failed?": what was moved next
    r"|(?P<failed>(?:motion|proposal)\s+(?:had\s+)?(?:failed|fell|been\s+(?:lost|defeated|"
    r"withdrawn)|was\s+(?:lost|defeated|withdrawn)))\b[^,;?]*)",
    re.IGNORECASE,
)
# Procedural motions answer only a question about procedure: "that the meeting be adjourned
# for fifteen minutes" is not the vote on the tax increase debated around it.
_PROCEDURAL_DECISION = re.compile(
    r"\b(?:meeting|council|committee|debate)\s+(?:be\s+|do\s+now\s+)?adjourn|\badjourn\s+"
    r"(?:the\s+meeting|for)\b|\bstanding\s+orders?\b|\bquestion\s+be\s+(?:now\s+)?put\b"
    r"|\bnext\s+business\b",
    re.IGNORECASE,
)
_PROCEDURE_ASKED = re.compile(
    r"adjourn|standing\s+orders?|question\s+be\s+(?:now\s+)?put|closure|next\s+business"
    r"|end\s+the\s+debate|guillotine",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"(?<=\s)[A-Z][a-z][\w'’-]+")  # a capitalised word, not the first
# Words of a mover's name that name no one in particular
_TITLE_KEYS = {
    _key(w)
    for w in "Councillor Councillors Cllr Cllrs Mayor Deputy Alderman Commissioner Supervisor"
    " Trustee Member Chair Chairman Chairperson Professor Reeve Director Officer".split()
}


@dataclass
class RegisterAnswer:
    """The span to quote: passage index (0-based), offsets in its text, kind, and decision."""

    passage: int
    start: int
    end: int
    kind: str
    decision: Decision
    shared: float = 0.0  # share of the question's terms found in the decision and its title

    def text(self, passages: Sequence[Passage]) -> str:
        return quote_text(passages[self.passage].text[self.start : self.end])


def _what_became_of(dec: Decision, decisions: Sequence[Decision]) -> Decision:
    """A motion that was not put but dealt with by a later decision of its item ("it was agreed
    that the motion be referred to the Roads SPC"): that decision says what became of it."""
    if dec.kind != "motion" or dec.outcome != "unknown":
        return dec
    later = [
        d
        for d in decisions
        if d.item_id == dec.item_id and d.start > dec.end and re.search(r"\bthe\s+motion\b", d.text)
    ]
    return min(later, key=lambda d: d.start) if later else dec


def _meeting(cite: Citation | None) -> str:
    """The item's meeting (council, committee, date) as words the question may name ("at
    Granite Bay's council meeting in February 2024")."""
    if cite is None:
        return ""
    when = cite.meeting_date.strftime("%d %B %Y") if cite.meeting_date else str(cite.year or "")
    source = re.sub(r"[_\-.]+", " ", cite.source or "")
    return " ".join(x for x in (cite.council, cite.committee, when, source) if x)


# "(ii) Capel Tabernacl roof appeal: " before a decision: a list marker, a subject of a few
# words, a colon or dash
_LINE_SUBJECT = re.compile(
    r"\s*(?:\(?[0-9a-z]{1,4}[.)]\s+)?(?P<subject>[^:;.–—]{3,80}?)\s*(?::|\s[–—-])\s*"
)
# "What happened after Cabinet approved the new tariffs?", "What happened to Cabinet's
# decision to sell the land?", "… to the award of the contract after the meeting?", "… or was
# it challenged?" ask what came next; the register records one such later event on the
# decision itself: its call-in.
_CAME_AFTER = re.compile(
    r"\bwhat\s+happened\s+(?:after|since|next)\b"
    r"|\bwhat\s+happened\s+to\s+(?:[\w'’.-]+\s+){0,4}?decision\b"
    # "What became of Wessingham Cabinet's November 2026 decision to award …?"
    r"|\bwhat\s+became\s+of\s+(?:[\w'’.-]+\s+){0,5}?decision\b"
    r"|\bwhat\s+happened\s+to\b.{0,160}?\bafter\s+the\s+meeting\b"
    # "Did that decision go straight through, or was it challenged?"
    r"|\b(?:was|were)\s+(?:it|they|that\s+decision|the\s+decision)\s+(?:challenged|called[\s-]+in)\b",
    re.IGNORECASE,
)


_NUMBER_JOIN = re.compile(r"(?<=\d)[.,](?=\d)")


def _terms(text: str) -> set[str]:
    # (a possessive is its word: "Drumashel County Council's meeting" names the council; a
    # number is one word: the "5" of "9.5%" is not the question's "5%", nor "000" of "£6,000")
    return {
        _key(w)
        for w in TERM.findall(_NUMBER_JOIN.sub("", text))
        if re.sub(r"['’]s$", "", w.lower()) not in _QUESTION_WORDS
    }


@dataclass
class RegisterPick:
    """The decision that answers a question and the span of the field asked for, in its
    document's text (before any passage is found to quote it from)."""

    decision: Decision
    kind: str
    start: int
    end: int
    shared: float
    score: float

    @property
    def source(self) -> str:
        return self.decision.citation.source if self.decision.citation else ""


def _subject(dec: Decision) -> str:
    """The subject a line names before its decision after a colon or dash ("(ii) Capel
    Tabernacl roof appeal: deferred …"), else ""."""
    lead = _LINE_SUBJECT.fullmatch(dec.line_lead)
    return lead.group("subject") if lead else ""


def _lead_in(dec: Decision, decisions: Sequence[Decision], passages: Sequence[Passage]) -> str:
    """The words between the decision before ``dec`` (in its document) and ``dec``: what the
    minutes say of the matter it decides ("Application 24/0311: erection of a house near Tigh
    na Coille … RESOLVED: That consideration of the application be deferred"). From its item's
    text when read from an index, else from the passage that holds it."""
    source = dec.citation.source if dec.citation else ""
    before = max(
        (
            d.end
            for d in decisions
            if d.citation and d.citation.source == source and d.end <= dec.start
        ),
        default=0,
    )
    if dec.preceding:
        return dec.preceding[max(0, len(dec.preceding) - (dec.start - before)) :]
    for p in passages:
        if p.source == source and p.char_start <= dec.start <= p.char_end:
            start = max(before, p.char_start)
            return p.text[start - p.char_start : dec.start - p.char_start]
    return ""


def register_picks(
    question: str, decisions: Sequence[Decision], passages: Sequence[Passage] = ()
) -> list[RegisterPick]:
    """Decisions that answer a vote, mover/seconder or decision question, best first.
    ``passages`` (those found for the question) give the words that lead in to a decision
    whose own words name its matter only as "the application"."""
    came_after = _CAME_AFTER.search(question) is not None
    who_tried = asks_who_tried(question)
    asks_decided = bool(_ASKS_DECIDED.search(question)) and not _NAMES_A_MOTION.search(question)
    kinds = ("outcome",) if came_after else question_kinds(question)
    if not kinds or not set(kinds) & {"vote", "person", "outcome"}:
        return []
    after_amendment = _AFTER_AMENDMENT.search(question)
    after_failed = after_amendment is not None and after_amendment.group("failed") is not None
    if after_amendment is not None:
        question = question[: after_amendment.start()] + question[after_amendment.end() :]
    wanted = _terms(plain_phrases(question))
    if not wanted:
        return []
    # "… held in Kilbride rather than Ballyduff?": what would be replaced speaks for an
    # amendment that names it ("to replace '150%' with '125%'"), never for the motion it
    # would replace ("that the meeting be held in Ballyduff")
    replaced = wanted - _terms(plain_phrases(_RATHER_THAN.sub(" ", question)))
    # "Who proposed adding a call for a review to the bus motion?" asks about an amendment;
    # "the vote on Official Plan Amendment No. 18 as amended" about the motion once amended.
    as_amended = re.search(r"\bas\s+amended\b", question, re.IGNORECASE) is not None
    amendment = not as_amended and bool(
        re.search(r"\bamendment\b", question, re.IGNORECASE) or _ADDS_TO_MOTION.search(question)
    )
    # "the attempt to lower the precept", "the alternative proposal to defer": an amendment
    # asked about without the word
    # (so is "who tried to hold the rise down to 2.9%?": the bid someone tried)
    hinted = amendment or bool(_AMENDMENT_HINT.search(question)) or who_tried
    names_motion = not amendment and (
        after_amendment is not None
        or as_amended
        or bool(re.search(r"\bmotion\b", question, re.IGNORECASE))
    )
    # An amendment is about what its motion is about: "the amendment to the licence fee".
    # (with the subject its line names before it: "Capel Tabernacl roof appeal: deferred …")
    words = {dec.decision_id: _terms(dec.text) | _terms(_subject(dec)) for dec in decisions}
    items: dict[str, set[str]] = {}
    siblings: dict[str, list[Decision]] = {}
    for dec in decisions:
        items.setdefault(dec.item_id, set()).update(words[dec.decision_id])
        siblings.setdefault(dec.item_id, []).append(dec)
    # The names the question gives its meeting ("Knowsley", "Sallowfield"): a decision of a
    # meeting none of them names is another council's, however well its words match.
    named = {_key(w) for w in _NAME_WORD.findall(question)}
    meetings = {
        dec.decision_id: _terms(_meeting(dec.citation)) | _terms(dec.openings[0])
        for dec in decisions
    }
    places = named & set().union(*meetings.values()) if meetings else set()
    about_minutes = MINUTES_ASKED.search(question) is not None
    about_procedure = _PROCEDURE_ASKED.search(question) is not None
    # ("the unsuccessful motion" names no outcome its own "successful" could be read as)
    called = (
        "lost" if _CALLED_LOST.search(question) else "won" if _CALLED_WON.search(question) else None
    )
    picks: list[RegisterPick] = []
    for dec in decisions:
        cite = dec.citation
        if not about_minutes and CONFIRMS_MINUTES.search(dec.text):
            continue  # confirming the last meeting's minutes answers no question on a topic
        if not about_procedure and _PROCEDURAL_DECISION.search(dec.text):
            continue
        if came_after and dec.outcome != "called_in":
            continue  # (what the decision itself did is not what happened after it)
        if who_tried and dec.kind != "amendment" and dec.outcome not in ("lost", "withdrawn"):
            continue  # (the motion that won is not the bid someone tried)
        if after_failed and dec.outcome in ("lost", "withdrawn"):
            continue  # (the motion that failed is not what came of the matter once it had)
        # (what became of a motion answers for its fate, never for who moved it)
        became = dec if "person" in kinds else _what_became_of(dec, decisions)
        field = field_span(became, kinds, question)
        if field is None:
            continue
        if came_after and not {"statement", "outcome"} & set(became.evidence):
            continue  # (a call-in with no words stating it: the decision's own are no answer)
        kind, start, end = field
        meeting = meetings[dec.decision_id]
        own_words = words[dec.decision_id]
        # (what would be replaced is asked about only of an amendment that names it)
        asked = wanted if dec.kind == "amendment" and replaced & own_words else wanted - replaced
        asked = asked or wanted
        topic = asked - meeting
        title = _terms(cite.item_title if cite else "")
        about = own_words | title | _terms(dec.openings[1])
        # ("Councillor Quigley's proposal", "recommending the charges to Cabinet")
        about |= _terms(f"{dec.mover or ''} {dec.seconder or ''} {dec.to_body or ''}")
        if dec.kind == "amendment" and amendment:
            about |= items.get(dec.item_id, set())
        if places and not places & (meeting | about):
            continue
        # The question's topic must be this decision's, not only its meeting: "What did
        # Wexcombe's Planning Committee decide about the wind turbine?" is not answered by
        # another application decided at that meeting.
        on_topic = len(topic & about) / len(topic) if topic else 0.0
        if on_topic < MIN_TOPIC:
            lead_in = _terms(_lead_in(dec, decisions, passages))
            if not topic or len(topic & (about | lead_in)) / len(topic) < MIN_TOPIC:
                continue
        shared = len(asked & (about | meeting)) / len(asked)
        contrast = _contrast(dec, topic - title, siblings[dec.item_id], words)
        # "the amendment" asks about an amendment before the motion it amends; otherwise an
        # amendment answers only when its own words are the question's topic more than its
        # motion's ("how did they vote on raising the Heritage Society grant to $6,500?").
        if dec.kind == "amendment" and not amendment:
            # Not asked for as an amendment: it answers only about its own words ("the attempt
            # to lower the precept to £12.00"), never a question naming the motion.
            own_topic = len(topic & own_words) / len(topic) if topic else 0.0
            # ("… holding the rise to 5%?": only the amendment's words say 5%)
            told = contrast > 0
            if names_motion or (own_topic < MIN_TOPIC and not hinted and not told):
                continue
            preferred = AMENDMENT_HINTED if hinted or told else -AMENDMENT_HINTED
        elif dec.kind == "amendment":
            preferred = 0.5
        else:
            preferred = 0.0
        # (over all the question's words: the meeting's words taken out of the topic can leave
        # one word that anything matches)
        own = len(topic & own_words) / len(asked)  # (the meeting's words tell none apart)
        # The item's title naming the topic ("MOTION - PUBLIC WATER REFILL STATIONS") tells
        # the decision on it from others whose item merely mentions it.
        titled = len(topic & title) / len(topic) if topic else 0
        score = shared + on_topic + OWN_WEIGHT * own + preferred + TITLE_WEIGHT * titled
        if not amendment and not names_motion:
            score += CONTRAST_WEIGHT * contrast
        if kind == "vote" and "votes" not in became.evidence and not became.unanimous:
            score -= NO_COUNT
        if kind == "outcome" and became.outcome == "unknown":
            score -= UNKNOWN_OUTCOME  # (a motion whose fate is not read says nothing decided)
        if kind == "outcome" and asks_decided and became.outcome in ("lost", "withdrawn"):
            score -= NOT_DECIDED  # "what did the panel decide on the call-in?": what it did
        if named and named & _person_keys(dec):
            score += NAMED_PERSON
        if called is not None and dec.outcome in ("carried", "approved", "lost", "withdrawn"):
            won = dec.outcome in ("carried", "approved")
            score += SAID_OUTCOME if won == (called == "won") else -SAID_OUTCOME
        picks.append(RegisterPick(dec, kind, start, end, shared, score))
    return sorted(picks, key=lambda p: -p.score)


def _person_keys(dec: Decision) -> set[str]:
    """The capitalised words of a decision's mover and seconder that are not titles ("Bellamy"
    of "Councillor Bellamy", "Rivers" of "A. Rivers")."""
    people = f" {dec.mover or ''} {dec.seconder or ''}"
    return {_key(w) for w in _NAME_WORD.findall(people)} - _TITLE_KEYS


def _contrast(
    dec: Decision, topic: set[str], item: Sequence[Decision], words: dict[str, set[str]]
) -> float:
    """The share of the question's ``topic`` words that ``dec`` says in its own words and no
    other decision of its item does (0 for a decision alone in its item)."""
    others = [words[d.decision_id] for d in item if d.decision_id != dec.decision_id]
    if not others or not topic:
        return 0.0
    return len(topic & words[dec.decision_id] - set().union(*others)) / len(topic)


def covering(passages: Sequence[Passage], pick: RegisterPick) -> int | None:
    """Index of the first passage that holds the pick's span, or None."""
    return next(
        (
            i
            for i, p in enumerate(passages)
            if p.source == pick.source and p.char_start <= pick.start and pick.end <= p.char_end
        ),
        None,
    )


def register_answer(
    question: str, passages: Sequence[Passage], decisions: Sequence[Decision]
) -> RegisterAnswer | None:
    """The register's answer quoted from one of ``passages``, or None (the best pick first;
    a pick no passage holds is passed over)."""
    best: tuple[float, int, RegisterPick] | None = None
    for pick in register_picks(question, decisions, passages):
        holder = covering(passages, pick)
        if holder is None:
            continue
        score = pick.score - RANK_PENALTY * holder  # the search's order breaks near-ties
        if best is None or score > best[0]:
            best = (score, holder, pick)
    if best is None:
        return None
    _, holder, pick = best
    offset = passages[holder].char_start
    return RegisterAnswer(
        holder, pick.start - offset, pick.end - offset, pick.kind, pick.decision, pick.shared
    )
