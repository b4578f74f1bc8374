"""The decision reader: the decisions recorded in the text of one agenda item.

The text is read sentence by sentence (``rag.text.split_sentences``: wrapped lines joined, list
entries on their own lines split off). A sentence can:

- open a decision with a formula ("RESOLVED: That …", "It was AGREED that", "RECOMMENDED to
  Cabinet that:", "Proposed by X, seconded by Y, that …", "Moved by: X / Seconded by: Y" then
  "That …", "X moved, as an amendment, that …"); the decision then runs over the following
  sentences while they continue it (list entries, "…; and" / "That …");
- be a decision by itself ("The Committee NOTED the report.", "The item was deferred …",
  "The work programme was agreed.", "The minutes … were confirmed and adopted.");
- name a mover and seconder without the text ("Councillor Tonkin moved, and Councillor Angove
  seconded, the officer recommendation."): they go to the next decision;
- state a result ("On being put to the vote the motion was CARRIED (For 7, Against 3)"): it
  goes to the open motion, or to the "substantive motion" after an amendment, or waits for the
  RESOLVED block that records the motion.

A carried motion followed by the RESOLVED block that records it is one decision: the block's
text with the motion's mover, seconder and vote (labelling rule 5 of the fixtures' README).

Each kind of sentence has its reading: formulas (``formulas``), decisions by themselves
(``statements``), mover and seconder lines (``mover_lines``), results and votes
(``result_lines``), rows of a table of motions (``table_rows``). ``Reader._decision_at``
tries them on a sentence in a fixed order, the first that reads it wins; they share the
layers beneath (``trailing``, ``moved_text``, ``motions``, ``spans``).
"""

from __future__ import annotations

from collections.abc import Callable

from rag.text import split_sentences

from .formulas import Formulas
from .found import FoundDecision
from .line import Line, Notice, cut_result_lines
from .mover_lines import MoverLines
from .movers import NOTICE_HEADING, Pending
from .names import read_name, same_person
from .patterns import may_decide, normalise
from .result_lines import ResultLines
from .results import Result, join_broken_tables
from .statements import Statements, body_list_head
from .table_rows import TableRows


class Reader(Formulas, Statements, MoverLines, ResultLines, TableRows):
    """Reads one item's text sentence by sentence (``read``); its layers: ``Spans``,
    ``Motions``, ``MovedText``, ``Trailing``, and the readings of each kind of sentence."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self.text = normalise(text)
        self.sentences = cut_result_lines(
            self.text, join_broken_tables(self.text, split_sentences(self.text))
        )
        self.found: list[FoundDecision] = []
        self.pending = Pending()
        # The motion and amendment a division is being read for (its lines come one by one).
        self.division: tuple[FoundDecision | None, FoundDecision | None] | None = None
        # What the vote being read is on, from a heading line ("Vote on the Main Motion:", "A
        # recorded vote was taken on the amendment:"): "original", "amendment" or "".
        self.vote_on = ""
        # The result whose names lists are being read ("For (13): …" then "Against (7): …").
        self.listing: Result | None = None

    # -- the walk ----------------------------------------------------------------------
    def read(self) -> list[FoundDecision]:
        i = 0
        n = len(self.sentences)
        notice_mover: Notice | None = None
        while i < n:
            s, e = self.sentences[i]
            sentence = self.text[s:e]
            # (a cheap gate: most sentences name no motion)
            motion_named = "otion" in sentence or "OTION" in sentence
            heading = NOTICE_HEADING.search(sentence) if motion_named else None
            if heading:
                name = read_name(sentence, heading.end())
                if name:
                    notice_mover = (name[0], (s + name[1], s + name[2]))
            elif not may_decide(sentence) and not body_list_head(sentence):
                # (most sentences of minutes decide nothing)
                i += 1
                continue
            nxt = self._decision_at(i, notice_mover)
            if nxt is not None:
                if nxt > i and notice_mover is not None:
                    notice_mover = None
                i = nxt
                continue
            i += 1
        self._movers_left_over()
        return self._kept()

    def _decision_at(self, i: int, notice: Notice | None) -> int | None:
        """Read sentence ``i``; returns the next sentence index to read when it was used:
        the first of the readings (``_READINGS``) that reads it decides what it is."""
        line = Line.at(self.text, self.sentences, i, notice)
        for reading in _READINGS:
            nxt = reading(self, line)
            if nxt is not None:
                return nxt
        return None

    def _kept(self) -> list[FoundDecision]:
        """The decisions read, without those merged into a block or restated later, and each
        text once (ModernGov repeats the block under "Decision:" and "Minutes:"; the copy's
        result, call-in, mover and seconder go to the first: the debate under "Minutes:"
        names who moved it)."""
        kept: dict[str, FoundDecision] = {}
        for f in self.found:
            if f.merged or self._superseded(f):
                continue
            key = " ".join(self.text[f.start : f.end].split())
            first = kept.get(key)
            if first is not None and two_motions(first, f):
                # (Legistar's "that this Resolution be adopted." under two file numbers of one
                # heading: moved by other members, so not a copy)
                kept[f"{key}@{f.start}"] = f
                continue
            if first is not None:
                first.called_in = first.called_in or f.called_in
                first.result.merge(f.result)
                if first.mover is None and f.mover is not None:
                    first.take_movers_of(f)
                continue
            kept[key] = f
        return list(kept.values())


def two_motions(first: FoundDecision, later: FoundDecision) -> bool:
    """Are two decisions with the same words two motions, each moved by its own members?"""
    return (
        first.mover is not None
        and later.mover is not None
        and not same_person(first.mover, later.mover)
    )


# The readings of a sentence, in the order ``Reader._decision_at`` tries them. The order decides
# what a sentence is when several could read it: "It was proposed by X, seconded by Y and
# RESOLVED that …" is a resolution, not the motion ``_read_mover_line`` would make of it. A
# seconder line that goes on to a result ("… seconded by Y and carried") is read by both
# ``_read_seconder`` (which then returns None) and ``_read_result``. (Functions of the class,
# not bound methods: ``_decision_at`` runs for every sentence that may decide something.)
_READINGS: tuple[Callable[[Reader, Line], int | None], ...] = (
    Reader._read_table_rows,
    Reader._read_headed_table,
    Reader._read_candidate_votes,
    Reader._read_in_terms,
    Reader._read_whereas_motion,
    Reader._read_resolved,
    Reader._read_recommended,
    Reader._read_bare_agreed,
    Reader._read_agreed,
    Reader._read_motion_field,
    Reader._read_decision_field,
    Reader._read_proposal_by,
    Reader._read_elected,
    Reader._read_mover_line,
    Reader._read_motion_to,
    Reader._read_role_line,
    Reader._read_restated_motion,
    Reader._read_vote_on_original,
    Reader._read_vote_heading,
    Reader._read_motion_agreed,
    Reader._read_terms_of_motion,
    Reader._read_amendment_accepted,
    Reader._read_body_list,
    Reader._read_body_agreed,
    Reader._read_noted,
    Reader._read_own_motion_withdrawn,
    Reader._read_motion_that,
    Reader._read_procedural,
    Reader._read_was_agreed,
    Reader._read_quoted_then_agreed,
    Reader._read_notice_quote,
    Reader._read_seconder,
    Reader._read_result,
    Reader._read_shorthand,
)
