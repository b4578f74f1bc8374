"""The text a mover's line introduces: the motion or amendment after "X moved that …",
"Moved by: X / Seconded by: Y" then "That …", a quoted motion before or after its movers, or,
with no text of their own, the next decision they wait for. The third layer of the decision
reader (``reader.Reader``)."""

from __future__ import annotations

import re

from .found import FoundDecision
from .motions import Motions
from .movers import (
    MOTION_HEADING,
    MOVED_AFTER,
    ON_PROPOSAL,
    QUOTED_BEFORE,
    TEXT_AFTER_MOVER,
    Pending,
    bare_mover_line,
    read_movers,
)
from .names import same_person
from .nominations import Nomination, nominee
from .patterns import RESULT_CLAUSE, open_quote
from .results import read_result

# A motion quoted after a colon on its mover's line, whatever the words before the colon.
# (a Scottish motion is quoted as the body's own words: "X, seconded by Y, moved:- \"Council
# agrees to establish …\"", "\"This Council notes …\"")
# The end of a clause that introduces a resolution set out below it ("…, whereupon it was",
# "…, it was –", "… the Committee")
_LEADS_IN = re.compile(
    r"\b(?:whereupon\s+|and\s+)?it\s+was\s*[-–:]*\s*$|\bwhereupon\s+(?:the\s+\w+\s*)?[-–:]*\s*$",
    re.IGNORECASE,
)
_TO_AMEND = re.compile(
    r"\bto\s+amend\s+the\s+(?:main\s+|original\s+|substantive\s+)?motion\b", re.IGNORECASE
)
_QUOTED_AFTER_COLON = re.compile(
    r":-?\s*(?=[\"“‘]\s*(?:That\b|(?:This\s+|The\s+)?(?:Council|Committee|Board|Cabinet|"
    r"Authority|Assembly|Panel|Executive)\s+[a-z]+s\b))",
    re.IGNORECASE,
)


_AGREED_WORD = re.compile(r"\bagreed\b", re.IGNORECASE)


class MovedText(Motions):
    """Decisions read from a sentence that names a mover."""

    def _agreed_proposal(self, i: int) -> Pending | None:
        """Sentence ``i`` if it is "Proposed by X, seconded by Y and agreed." (no text)."""
        if i >= len(self.sentences):
            return None
        s, e = self.sentences[i]
        sentence = self.text[s:e]
        if not re.match(r"\s*(?:It\s+was\s+)?(?:Proposed|Moved)\s+by\b", sentence):
            return None
        if not re.search(r"\band\s+(?:unanimously\s+)?agreed\s*\.?\s*$", sentence):
            return None
        movers = read_movers(sentence, s)
        return movers if movers.mover else None

    def _supersede_own_motion(self, found: FoundDecision) -> None:
        """ "4.2 Motion MA-11 (Cllr. X)" / "\"That …\"" / "Cllr. X proposed, seconded by Y,
        that the motion be accepted as modified …": the member's new text about their own
        undecided motion supersedes the motion as first set out."""
        if not re.match(r"that\s+the\s+(?:motion|proposal)\b", self.text[found.start :], re.I):
            return
        last = self._last_live()
        if (
            last is not None
            and last.motion
            and last.kind == "motion"
            and last.result.empty
            and last.seconder is None
            and same_person(last.mover, found.mover)
        ):
            last.merged = True

    def _bare_motion_before(self, i: int) -> int | None:
        """Where the motion starts when sentence ``i`` is a mover line ("Proposed by: X")
        standing right after an unquoted "That …" at the start of a line (under the item's
        heading, or alone) that no decision holds yet."""
        if i == 0 or not _MOVER_FIRST.match(self._sentence(i)):
            return None
        ps, pe = self.sentences[i - 1]
        if "\n\n" in self.text[pe : self.sentences[i][0]] and not _RESULT_AFTER.search(
            self._sentence(i)
        ):
            # ("Motion" / "That Council agrees …" / blank line / "Moved by X. Seconded by Y." /
            # "Decision" / "The Council agreed …": the movers of the decision that follows)
            return None
        said = _BARE_MOTION.search(self._sentence(i - 1))
        if said is None:
            return None
        start = ps + said.start("that")
        if any(f.start <= start < f.end for f in self.found):
            return None
        return start

    def _moved(self, i: int, movers: Pending, notice: tuple[str, tuple[int, int]] | None) -> int:
        s, e = self.sentences[i]
        sentence = self.text[s:e]
        restated = bool(
            re.search(
                r"(?:Main|Substantive)\s+Motion\s+as\s+Amended", self.text[max(0, s - 80) : s], re.I
            )
        )
        amendment = (
            movers.amendment
            or bool(re.search(r"\bAmendment\s*:?\s*$", self.text[max(0, s - 40) : s].strip(), re.I))
            # (Legistar: "A motion was made by X, seconded by Y, to Amend the main motion to …")
            or bool(_TO_AMEND.search(sentence))
        )
        tm = None
        for anchor in sorted(v[1] - s for v in movers.evidence.values()):
            tm = TEXT_AFTER_MOVER.match(sentence, anchor)
            if tm:
                break
        anchor = max(v[1] for v in movers.evidence.values()) - s
        # ("Seconded by Councillor Nesbitt and AGREED (7 For, 5 Against, 1 Abstain) – that …")
        agreed = movers.agreed and re.search(r"(?i)\band\s+agreed\b", sentence[: anchor + 40] + " ")
        # "… seconded by Cllr. Keaveney and agreed unanimously that …"
        unanimous = agreed and re.search(
            r"\band\s+(?:unanimously\s+agreed|agreed\s+unanimously)\b", sentence[: anchor + 60]
        )
        proposal = ON_PROPOSAL.search(sentence)
        if proposal and (tm is None or tm.group("w") == ":"):
            # "On the proposal of X, seconded by Y, the minutes … were confirmed and adopted."
            clause = re.match(r"\s*,\s*(?=\S+\s+\S+\s+\S+)", sentence[anchor:])
            # ("On the proposition of X, seconded by Y, and upon being put to the vote, four
            # members voted in favour and two against, whereupon it was" / "RESOLVED – …": the
            # clause leads into the resolution below, it decides nothing itself)
            if clause and _LEADS_IN.search(sentence[anchor:]):
                clause = None
            if clause:
                found = FoundDecision(s + anchor + clause.end(), e, "agreed")
                found.take_movers(movers)
                self._add(found)
                return i + 1
        if (
            tm
            and tm.group("w") == ":"
            and (plain := re.match(r"\s*(?=(?:that|to)\s)", sentence[tm.end() :], re.IGNORECASE))
        ):
            # "… moved, and Y seconded, the following amendment: to delete paragraph (a) …"
            tm = TEXT_AFTER_MOVER.match(sentence, tm.end() + plain.end())
        # The motion quoted after a colon: "X proposed an amendment, seconded by Y: \"That the
        # motion be amended …\"", "Cllr X moved the motion set out on the agenda: \"That …\""
        if tm and tm.group("w") == ":" and re.match(r"\s*[\"“‘]", sentence[tm.end() :]):
            quoted: int | None = tm.end()
        else:
            colon = _QUOTED_AFTER_COLON.search(sentence, anchor) if tm is None else None
            quoted = colon.end() if colon is not None else None
        if quoted is not None:
            start = s + quoted
            end, j = e, i
            while open_quote(self.text[start:end]) and j + 1 < len(self.sentences):
                j += 1
                end = self.sentences[j][1]
            # ("Proposed by X, seconded by Y and agreed:\n\"That the minutes … be confirmed.\"")
            kind = "agreed" if agreed else ("amendment" if amendment else "motion")
            found = FoundDecision(start, end, kind, motion=kind != "agreed")
            found.take_movers(movers)
            found.result.unanimous = bool(unanimous)
            self._add(found)
            return j + 1
        if tm and tm.group("w") != ":":
            start = s + tm.start("w")
            if tm.group("w") == ":-":  # "Motion by X, seconded by Y:- That …"
                start = (
                    s + tm.end() + (len(sentence[tm.end() :]) - len(sentence[tm.end() :].lstrip()))
                )
            end, j = self._extend(i, start, motion=True)
            # "…, to approve the agenda as presented; motion passed 5-0." — the result written
            # after the motion, in its sentence.
            clause = RESULT_CLAUSE.search(self.text, start, end)
            tail_result = None
            if clause is not None:
                tail_result = read_result(self.text[clause.start() : end], clause.start())
                end = clause.start() + (1 if self.text[clause.start()] == ";" else 0)
            # ("…; this was agreed.": agreed as moved, no vote)
            agreed = agreed or (clause is not None and _AGREED_WORD.search(clause.group()))
            kind = "agreed" if agreed else ("amendment" if amendment else "motion")
            found = FoundDecision(start, end, kind, motion=kind != "agreed")
            found.take_movers(movers)
            found.restatement = restated
            found.result.unanimous = bool(unanimous)
            self._supersede_own_motion(found)
            self._add(found)
            # (with what stands between the movers and the text: "and AGREED (7 For, 5 Against)")
            result = read_result(self.text[s:e][: tm.start("w")], s)
            if not result.empty:
                found.result.merge(result)
                found.closed = result.outcome is not None
            if tail_result is not None and not tail_result.empty:
                found.result.merge(tail_result)
                found.closed = found.closed or tail_result.outcome is not None
            return j + 1
        # The text follows in the next sentence(s): eScribe "Moved by / Seconded by" lines,
        # "… moved the following motion:" with the motion quoted below.
        if i + 1 < len(self.sentences):
            ns, _ = self.sentences[i + 1]
            nxt = self.text[ns : self.sentences[i + 1][1]]
            quoted = bool(re.match(r"\s*(?:[\"“‘]|'(?=[A-Z]))", nxt))
            if re.match(r"\s*[\"“‘]?(?:That|THAT)\b", nxt) or (
                quoted and re.search(r"following\s+(?:motion|amendment)|:\s*$", sentence)
            ):
                if quoted:
                    j = self._quote_end(i + 1)
                    end = self.sentences[j][1]
                else:
                    end, j = self._extend(i + 1, ns, motion=True)
                kind = "amendment" if amendment else "motion"
                found = FoundDecision(ns, end, kind, motion=True)
                found.take_movers(movers)
                found.restatement = restated
                self._add(found)
                return j + 1
        # "Motion" / text / "- moved by X, seconded by Y." (Scottish minutes)
        if MOVED_AFTER.match(sentence):
            heading = next(
                (
                    k
                    for k in range(i - 1, max(-1, i - 6), -1)
                    if MOTION_HEADING.fullmatch(self._sentence(k))
                ),
                None,
            )
            if (
                heading is not None
                and heading + 1 < i
                and not any(f.start >= self.sentences[heading][1] for f in self.found)
            ):
                kind = (
                    "amendment"
                    if self._sentence(heading).strip().lower().startswith("amendment")
                    else "motion"
                )
                found = FoundDecision(
                    self.sentences[heading + 1][0], self.sentences[i - 1][1], kind, motion=True
                )
                found.take_movers(movers)
                self._add(found)
                return i + 1
        # '"That …" Proposed: Cllr X  Seconded: Cllr Y' — the quoted motion before its movers.
        first_name = min(v[0] for v in movers.evidence.values())
        before_movers = re.sub(
            r"(?:Proposed|Moved)(?:\s+by)?\s*:?\s*$",
            "",
            self.text[max(0, first_name - 2000) : first_name],
        ).rstrip()
        quote_before = QUOTED_BEFORE.search(before_movers)
        if quote_before:
            base = max(0, first_name - 2000)
            start = base + quote_before.start("text")
            end = base + quote_before.end("text")
            if not any(f.start <= start < f.end for f in self.found):
                kind = "amendment" if amendment else "motion"
                found = FoundDecision(start, end, kind, motion=True)
                found.take_movers(movers)
                self._add(found)
                _take_tail(found, movers, self.text, e)
                return i + 1
        # "That …" / "Proposed by: Cllr X" / "Seconded by: Cllr Y" / "AGREED": the motion set
        # out on its own, unquoted, just before the lines that name its movers.
        bare = self._bare_motion_before(i)
        if bare is not None:
            found = FoundDecision(bare, self.sentences[i - 1][1], "motion", motion=True)
            found.take_movers(movers)
            self._add(found)
            _take_tail(found, movers, self.text, e)
            return i + 1
        # "Proposed: Cllr X  Seconded: Cllr Y" right after a quoted motion completes it.
        last = self.found[-1] if self.found else None
        if (
            last is not None
            and last.motion
            and last.result.outcome is None
            and (last.seconder is None or last.mover is None)
            and (last.mover is None or same_person(last.mover, movers.mover))
            # (a motion headed by its member's name is completed by their mover line even after
            # the officers' advice: "4.1 Motion MA-07 (Cllr. X)" / "…" / "Proposed by Cllr. X")
            and (self._just_after(last, s) or last.mover is not None)
        ):
            # (also "The motion was proposed by Cllr. X, seconded by Cllr. Y and agreed." under
            # a notice of motion that named Cllr. X already)
            # (the mover line names them as the minutes name a mover: "Cllr. X", where the
            # heading over the motion may have had "Cllrs. X and Y")
            if (
                last.mover is None
                or last.mover.isupper()  # "CLLR. SIOBHÁN NÍ CHONAILL" from a heading in capitals
                or re.match(r"(?:Cllrs|Councillors)\b", last.mover)
            ):
                last.mover = movers.mover
            last.seconder = last.seconder or movers.seconder
            last.evidence.update(movers.evidence)
            if movers.agreed and re.search(r"\band\s+(?:unanimously\s+)?agreed\W*$", sentence):
                last.kind, last.motion = "agreed", False
            elif self._just_after(last, s):
                # (a motion under "Motion in the name of Cllr. X", then "Proposed: Cllr. X" /
                # "Agreed.")
                _take_tail(last, movers, self.text, e)
            return i + 1
        # Mover and seconder with no text of their own: they belong to the next decision;
        # a result in the same sentence waits with them.
        candidate = nominee(sentence)
        earlier = self.pending.nominations if candidate is not None else []
        self.pending.mover, self.pending.seconder = movers.mover, movers.seconder
        self.pending.at = s
        self.pending.evidence = dict(movers.evidence)
        # (a contested election: each nomination is kept; any other mover line ends the list)
        self.pending.nominations = (
            [*earlier, Nomination(candidate, movers.mover, movers.seconder, dict(movers.evidence))]
            if candidate is not None
            else []
        )
        result = read_result(sentence, s)
        if not result.empty:
            self.pending.result.merge(result)
        bare = bare_mover_line(sentence, movers, s)
        if (movers.agreed or bare) and self.found and self._just_after(self.found[-1], s):
            last = self.found[-1]
            if last.mover is None:
                last.take_movers(movers)
                if not result.empty:  # "Proposed Cllr X, seconded Cllr Y, all in favour."
                    last.result.merge(result)
                self.pending = Pending()
        return i + 1


_BARE_MOTION = re.compile(r"(?:^|\n)[^\S\n]*(?P<that>That|THAT)\s+\S")
_MOVER_FIRST = re.compile(r"\s*(?:Proposed|Moved|Proposer|Mover)\b")
_RESULT_AFTER = re.compile(r"\n\s*(?:AGREED|Agreed|CARRIED|Carried|LOST|Lost)\W*$")


def _take_tail(found: FoundDecision, movers: Pending, text: str, end: int) -> None:
    """What follows the movers on their line decides their motion: "Agreed.", "No seconder was
    forthcoming and the motion fell."."""
    after = max(v[1] for v in movers.evidence.values())
    tail = text[after:end]
    if re.fullmatch(r"\W*(?:and\s+)?agreed\W*", tail, re.IGNORECASE):
        found.kind, found.motion = "agreed", False
    elif tail.strip():
        found.result.merge(read_result(tail, after))
