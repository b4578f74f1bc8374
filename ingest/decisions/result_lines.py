"""Sentences about the vote on a motion already read, not decisions of their own: a result
("On being put to the vote the motion was CARRIED (For 7, Against 3)"), "Agreed." or "the
motion was agreed" after a motion, a heading that says what the next vote is on ("Vote on the
Main Motion:"), and "The Committee agreed in terms of the motion." The result goes to its
motion through ``Motions._attach_result``. Each reading returns the next sentence to read, or
None when the sentence is not its kind (``reader.Reader._decision_at`` then tries the next)."""

from __future__ import annotations

import re

from .found import FoundDecision
from .line import Line
from .moved_text import MovedText
from .patterns import (
    AMENDMENT_ACCEPTED,
    BARE_AGREED,
    MOTION_AGREED,
    ORIGINAL,
    opens_result,
    stated_result,
)
from .results import Result, called_in, read_result

# "The main motion was then voted on.", "… was put to the vote." (a result line follows)
_PUT_TO_VOTE = re.compile(
    r"\b(?:voted\s+on|put\s+to\s+(?:the\s+)?(?:vote|meeting)|(?:then|was|were)\s+put)\b", re.I
)


# A contested election's count, a line per candidate: "For Cllr. Munnelly: Cllrs. Geraghty,
# Munnelly, Roddy (3)" or "Councillor Amis – 27 votes"
def _candidate(group: str) -> str:
    """A titled member's name, captured as ``group``."""
    return (
        rf"(?:Cllr\.?|Councillor|Cr\.?|Alderman)\s+"
        rf"(?P<{group}>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){{0,3}}?)"
    )


_CANDIDATE_VOTES = re.compile(
    rf"(?m:^)[ \t]*(?:For\s+{_candidate('name')}[ \t]*:[^\n]*?\(\s*(?P<n>\d{{1,3}})\s*\)"
    rf"|{_candidate('name2')}[ \t]*[–—:-][ \t]*(?P<n2>\d{{1,3}})[ \t]+votes?)"
    r"[ \t]*\.?[ \t]*(?=\n|\Z)"
)


def _names_a_motion(low: str) -> bool:
    """Whether the lower-cased sentence names a motion or a proposal."""
    return "motion" in low or "proposal" in low


_FOR_CANDIDATE = ("for cllr", "for councillor", "for cr", "for alderman", " votes")
# A vote another meeting held, reported: "An amendment proposed at the Board … had been lost by
# 3 votes to 8." (not "8 members had voted in favour and 2 against, and it was RESOLVED": this
# meeting's vote, told in the past perfect)
_REPORTED = re.compile(
    r"\bhad\s+(?:then\s+|also\s+|previously\s+|already\s+|earlier\s+)?been\s+"
    r"(?:lost|carried|defeated|rejected|passed)\b"
)
_THIS_MEETING = re.compile(
    r"\b(?:was|were|is)\s+(?:then\s+|duly\s+|declared\s+)*(?:lost|carried|defeated|passed|agreed)\b"
    r"|\b(?:Carried|CARRIED|Lost|LOST)\b"
)
_IN_TERMS = re.compile(r"\bagreed\s+in\s+terms\s+of\s+the\s+(?P<side>motion|amendment)\b", re.I)


# "The amendment was accepted by the mover (and seconder) and became the motion.", "Councillor X
# accepted the amendment into her motion.": an amendment taken in without a vote (approved)


class ResultLines(MovedText):
    """Readings of a sentence about the vote on a motion already read."""

    def _read_in_terms(self, line: Line) -> int | None:
        """ "Decision / The Committee agreed in terms of the motion." (``_agreed_in_terms``)."""
        terms = _IN_TERMS.search(line.text) if "in terms of" in line.low else None
        if terms is None or not self._agreed_in_terms(
            terms.group("side").lower(), line.start, line.end
        ):
            return None
        return line.i + 1

    def _agreed_in_terms(self, side: str, s: int, e: int) -> bool:
        """ "Decision / The Committee agreed in terms of the motion." (Scottish minutes): the
        motion and the amendment moved before it are decided as it says, with any division
        still waiting (read from the motion's side); no decision of its own. False when the
        side it names was never moved."""
        moved = [f for f in self.found if f.motion and not f.merged]
        motion = next((f for f in reversed(moved) if f.kind == "motion"), None)
        amendment = next((f for f in reversed(moved) if f.kind == "amendment"), None)
        if (motion if side == "motion" else amendment) is None:
            return False
        waiting = self.pending.result
        for found, won, read in ((motion, "motion", waiting), (amendment, "amendment", None)):
            if found is None:
                continue
            found.result.merge(read if read is not None else waiting.reversed())
            found.result.outcome = "carried" if side == won else "lost"  # (as the line says)
            found.evidence["outcome"] = (s, e)
        self.pending.result = Result()
        return True

    def _read_candidate_votes(self, line: Line) -> int | None:
        """A contested election's count, a line per candidate ("For Cllr. Munnelly: Cllrs. …
        (5)" / "For Cllr. Lally: … (3)"): each nomination moved before it ("… that Cllr.
        Deirdre Munnelly be elected Cathaoirleach") gets its candidate's votes against the
        others', and is carried when its candidate has the most (a tie decides nothing)."""
        if not any(w in line.low for w in _FOR_CANDIDATE):
            return None
        counts = list(_CANDIDATE_VOTES.finditer(line.text))
        if len(counts) < 2:
            return None
        open_motions = [
            f for f in self.found if f.motion and not f.merged and f.result.outcome is None
        ]
        nominations: list[FoundDecision] = []
        for m in counts:
            surname = re.escape((m.group("name") or m.group("name2")).split()[-1])
            names = re.compile(rf"\b{surname}\b[^.;]{{0,40}}?\b(?:be\s+)?(?:elected|appointed)\b")
            found = next(
                (f for f in reversed(open_motions) if names.search(self.text, f.start, f.end)),
                None,
            )
            if found is None or found in nominations:
                return None
            nominations.append(found)
        votes = [int(m.group("n") or m.group("n2")) for m in counts]
        most = max(votes)
        decided = votes.count(most) == 1
        for found, m, n in zip(nominations, counts, votes, strict=True):
            found.result.votes = (n, sum(votes) - n, None)
            found.result.vote_taken = True
            span = (line.start + m.start(), line.start + m.end())
            found.result.evidence["votes"] = span
            if decided:
                found.result.outcome = "carried" if n == most else "lost"
                found.result.evidence["outcome"] = span
        return line.i + 1

    def _read_bare_agreed(self, line: Line) -> int | None:
        """ "Seconded Cllr Brackenbury. Agreed nem con.": the open motion, agreed."""
        if not (line.has_agreed and BARE_AGREED.fullmatch(line.text)):
            return None
        unanimous = re.search(r"unanim|\bnem\b|dissent", line.text, re.I) is not None
        return line.i + 1 if self._agree_open_motion(unanimous) else None

    def _read_motion_agreed(self, line: Line) -> int | None:
        """ "Following discussion, the motion was agreed." (with no counts): the open motion,
        agreed. (A sentence that is only "Agreed." is read by ``_read_bare_agreed``.)"""
        if not _names_a_motion(line.low) or "agreed" not in line.low:
            return None  # (a cheap test: MOTION_AGREED needs both words)
        sentence = line.text
        if (
            not MOTION_AGREED.search(sentence)
            or read_result(sentence, line.start).votes is not None
        ):
            return None
        unanimous = "unanimously" in sentence
        return line.i + 1 if self._agree_open_motion(unanimous) else None

    def _agree_open_motion(self, unanimous: bool) -> bool:
        """The open motion becomes an agreement (unanimous, and so carried, as the sentence
        says); False when no motion is open."""
        target = self._open_motion(False, "motion")
        if target is None:
            return False
        target.kind, target.motion = "agreed", False
        if unanimous:
            target.result.unanimous = True
            target.result.outcome = "carried"
        return True

    def _read_vote_on_original(self, line: Line) -> int | None:
        """ "The main motion was then voted on." (its result on the next line): the vote that
        follows is on the original motion."""
        if not _names_a_motion(line.low):
            return None  # (ORIGINAL names a motion or a proposal)
        sentence = line.text
        if not (
            ORIGINAL.search(sentence)
            and _PUT_TO_VOTE.search(sentence)
            and read_result(sentence, line.start).empty
            and not re.search(r"\bagreed\b", sentence, re.IGNORECASE)
            and len(sentence) < 160
        ):
            return None
        self.vote_on = "original"
        return line.i + 1

    def _read_vote_heading(self, line: Line) -> int | None:
        """ "Vote on the Main Motion:", "A recorded vote was taken on the amendment:": what the
        vote whose lines follow is on."""
        sentence = line.text
        if not (
            re.search(r"\bvot(?:e|ing)\b", sentence, re.I)
            and read_result(sentence, line.start).empty
            and len(sentence) < 160
            and sentence.rstrip().endswith(":")
        ):
            return None
        self.vote_on = (
            "amendment"
            if re.search(r"\b(?:amendment|counter-?\s*(?:proposal|motion))\b", sentence, re.I)
            # "… a vote was then taken on the proposal:": the motion still undecided
            else "original"
            if ORIGINAL.search(sentence) or re.search(r"\b(?:motion|proposal)\b", sentence, re.I)
            else ""
        )
        return line.i + 1

    def _read_amendment_accepted(self, line: Line) -> int | None:
        """ "The amendment was accepted by the mover.": the open amendment is approved (the
        vote that follows is the motion's, as amended)."""
        if "accept" not in line.low or "amendment" not in line.low:
            return None
        said = AMENDMENT_ACCEPTED.search(line.text)
        if said is None:
            return None
        target = self._open_motion(False, "amendment")
        if target is None or target.kind != "amendment":
            return None
        target.result.outcome = "approved"
        target.evidence["outcome"] = (line.start + said.start(), line.start + said.end())
        return line.i + 1

    def _read_terms_of_motion(self, line: Line) -> int | None:
        """ "… agreed the terms of the motion": a result for the open motion."""
        if not re.search(r"\bagreed\s+the\s+terms\s+of\s+the\s+motion\b", line.text):
            return None
        self._attach_result(line.text, line.start)
        return line.i + 1

    def _read_result(self, line: Line) -> int | None:
        """A sentence that states a result, or that the decision was called in: for its
        motion (``Motions._attach_result``)."""
        sentence, s = line.text, line.start
        if _REPORTED.search(sentence) and not _THIS_MEETING.search(sentence):
            return line.i + 1  # (what another meeting did: no result of this one)
        stated = None
        if not (opens_result(sentence) or called_in(sentence)):
            stated = stated_result(sentence, s)
            if stated is None:
                return None
        self._attach_result(sentence, s, stated)
        return line.i + 1
