"""The decisions read so far, and which of them each result belongs to: a result goes to
the open motion, or to the "substantive motion" after an amendment, or waits for the RESOLVED
block that records the motion; a carried motion followed by that block becomes part of it.
The second layer of the decision reader (``reader.Reader``)."""

from __future__ import annotations

import re

from rag.text import STOPWORDS, words

from .found import FoundDecision
from .movers import Pending, read_movers
from .names import same_person
from .nominations import received_votes, winner
from .patterns import AMENDS, DILATORY_MOTION, MOTION_AGREED, ORIGINAL, PROCEDURAL_MOTION
from .results import Result, called_in, opposite, read_result, withdrawn
from .spans import Spans

# Where a sentence that gave an amendment's result goes on to the motion's: "… and became the
# substantive motion, which was then CARRIED", "…, and the substantive motion was then LOST"
_THEN_ORIGINAL = re.compile(
    r"[,;]?\s+(?:and\s+)?(?:became\s+)?the\s+(?:substantive|original|main)\s+(?:motion|proposal)"
    r"\b(?=[^.]*\b(?:carried|lost|agreed|defeated|fell)\b)",
    re.IGNORECASE,
)
_AS_AMENDED = re.compile(r"\bas\s+amended\b", re.IGNORECASE)
_BECAME_ORIGINAL = re.compile(
    r"\b(?:it\s+|which\s+|so\s+|then\s+)*(?:became|becomes|becoming)\s+the\s+"
    r"(?:substantive|main)\s+(?:motion|proposal)\b",
    re.IGNORECASE,
)
# A decision restates a motion when it has this share of the motion's content words.
_RESTATED = 0.6
# A motion whose text only points to the recommendation the resolution then sets out
_POINTS_TO_RECOMMENDATION = re.compile(
    r"\W*that\s+the\s+(?:\w+\s+)?(?:officers?['’]?s?\s+)?recommendations?\b[^.;:]{0,60}$", re.I
)
# A line that is a result by itself ("CARRIED", "LOST", "Carried (7 to 2)") before more text.
_RESULT_LINE = re.compile(
    r"\s*(?:CARRIED|LOST|DEFEATED|Carried|Lost|Defeated|Motion\s+(?:Carried|Lost|Passed|Failed))"
    r"[^\n]{0,40}\n"
)


# "RESOLVED accordingly.", "RESOLVED – as above": the words of the motion just carried
_POINTS_BACK = re.compile(
    r"\W*(?:accordingly|as\s+(?:above|moved|set\s+out\s+above)|in\s+the\s+terms\s+of\s+the\s+motion)"
    r"\W*",
    re.IGNORECASE,
)
# "It was further agreed …", "It was also agreed …": one more decision, not the record of the
# motion carried before it
_FURTHER = re.compile(r"\b(?:further|also)\b", re.IGNORECASE)


class Motions(Spans):
    """Decisions added as they are read, and the motions results are attached to."""

    found: list[FoundDecision]
    pending: Pending  # a mover, seconder or result waiting for the next decision
    # The motion and amendment a division is being read for (its lines come one by one).
    division: tuple[FoundDecision | None, FoundDecision | None] | None
    # What the vote being read is on, from a heading line: "original", "amendment" or "".
    vote_on: str
    # The result whose names lists are being read ("For (13): …" then "Against (7): …").
    listing: Result | None

    def _add(self, found: FoundDecision) -> FoundDecision:
        division, self.division = self.division, None
        self.vote_on = ""
        self.listing = None
        found.start, found.end = self._trim(found.start, found.end)
        if found.end <= found.start:  # a formula with nothing after it ("RECOMMENDED to X:")
            return found
        if found.motion and found.kind == "motion" and AMENDS.match(self.text, found.start):
            found.kind = "amendment"  # "That the motion be amended …" under "Moved by: X"
        elif found.kind == "amendment" and PROCEDURAL_MOTION.match(self.text, found.start):
            # "During the debate on the amendment Cllr X moved that the question be now put"
            found.kind = "motion"
        tally = _TRAILING_TALLY.search(self.text, found.start, found.end)
        if tally is not None and not found.motion:
            # "Resolved: to object on the grounds of … (5 for, 1 against, 1 abstention)."
            said = read_result(tally.group("said"), tally.start("said"))
            named = read_movers(tally.group("said"), tally.start("said"))
            if said.votes is not None or said.unanimous or named.mover is not None:
                # "… from 1 April (proposed Cllr Hywel-Bryn, seconded Cllr Cadfan; 6 votes
                # for, 2 against, 2 abstentions)."
                found.result.merge(said)
                found.end = self._trim(found.start, tally.start())[1]
                if named.mover is not None and found.mover is None:
                    found.take_movers(named)
        pending, self.pending = self.pending, Pending()
        if (
            found.motion
            and (found.mover is not None or found.unnamed_movers)
            and pending.mover is None
            and pending.result.outcome is not None
        ):
            # "On a vote, there were 2 votes in favour and 7 against, and the recommendation
            # was not agreed." / "Cllr X then moved that permission be refused …": a vote
            # already decided is not on a motion moved after it
            pending = Pending()
        if pending.mover and found.mover is not None:
            # "X moved the recommendations, seconded by Y." then an amendment (or a motion
            # "that the question be now put") with movers of its own: the recommendations'
            # mover waits for the resolution that records them.
            self.pending = pending
            pending = Pending()
        if pending.mover and found.mover is None:
            self._elected(found, pending)
            found.take_movers(pending)
        if (
            found.kind in ("resolved", "recommended", "agreed")
            and not found.motion
            and not self._division_won_by_amendment(found, division)
        ):
            self._merge_motion(found, pending.result)
        if not pending.result.empty:
            found.result.merge(pending.result)
        self.found.append(found)
        return found

    def _elected(self, found: FoundDecision, pending: Pending) -> None:
        """A contested election: the winner's nomination moved the decision naming them
        (not the last one read), and "X received 8 votes and Y received 5 votes" is its vote
        (``nominations``)."""
        if len(pending.nominations) < 2:
            return
        chosen = winner(pending.nominations, self.text[found.start : found.end])
        if chosen is None:
            return
        pending.mover, pending.seconder = chosen.mover, chosen.seconder
        pending.evidence = dict(chosen.evidence)
        # (the counts follow the last nomination)
        counted = received_votes(self.text, pending.at, found.start, pending.nominations, chosen)
        if counted is not None and pending.result.votes is None:
            pending.result.votes, pending.result.evidence["votes"] = counted

    def _merge_motion(self, block: FoundDecision, waiting: Result) -> None:
        """A carried motion recorded by this RESOLVED/AGREED block becomes part of it: the
        latest motion of the item (amendments passed over) that was carried, or that the
        result read just before the block decides, or that the block follows at once."""
        said = self.text[block.start : block.end]
        if block.mover is not None or withdrawn(said):
            return  # ("This Resolution was Withdrawn." records no motion carried before it)
        formula = block.evidence.get("formula")
        if formula is not None and _FURTHER.search(self.text, *formula):
            return  # ("It was further agreed to invite …": a decision besides the motion's)
        if _PUTS_OFF_MOTION.search(said):
            # "X proposed that …. Following discussion it was agreed to refer the motion to
            # the SPC": the referral is the decision; the motion, undecided, is none of its own
            # and its mover did not move the referral
            last = self._last_live()
            if last is not None and last.motion and last.result.empty and last.kind == "motion":
                last.merged = True
            return
        passed_amendment = False
        for prior in reversed(self.found):
            if prior.merged or (prior.kind == "amendment" and prior.motion):
                passed_amendment = passed_amendment or not prior.merged
                continue
            if prior.motion and PROCEDURAL_MOTION.match(self.text, prior.start):
                continue  # "that the question be now put" is not what the block records
            if not prior.motion:
                return
            undecided = prior.result.outcome is None
            if undecided and not waiting.empty:
                prior.result.merge(waiting)
            # (the block's heading may hold its vote: "RESOLVED (For 5, Against 3, Abstentions
            # 1): That …" right after the motion)
            between = self.text[prior.end : block.start]
            close = (
                prior.end >= block.start - 40
                or passed_amendment
                or _BLOCK_HEAD.fullmatch(between) is not None
            )
            if prior.closed and not (
                _POINTS_TO_RECOMMENDATION.match(self.text[prior.start : prior.end])
                and prior.end >= block.start - 120
            ):
                # a complete decision in its own sentence is not what the block records; one
                # that only points to the recommendation ("… that the officer recommendation
                # be accepted, and this was carried by 6 votes to 4. RESOLVED – That …") is
                return
            if _AS_AMENDED.search(self.text, block.start, block.end) and not _AS_AMENDED.search(
                self.text, prior.start, prior.end
            ):
                # "X proposed that the item … be deferred; this was seconded by Y and AGREED.
                # The work programme, as amended, was AGREED.": the block records what the
                # motion amended, not the motion
                return
            if prior.result.outcome == "carried" or (
                undecided and not prior.result.vote_taken and close
            ):
                _record_in(block, prior, said)
            return

    def _division_won_by_amendment(
        self,
        block: FoundDecision,
        division: tuple[FoundDecision | None, FoundDecision | None] | None,
    ) -> bool:
        """ "… five voted for the amendment and three for the motion, and the amendment was
        declared carried. Decision: The Board agreed to grant …" (Scottish minutes): a
        decision that restates the amendment which beat the motion records it, so the
        amendment becomes part of the block, as a carried motion does (labelling rule 5)."""
        if division is None or block.mover is not None:
            return False
        motion, amendment = division
        if (
            motion is None
            or amendment is None
            or amendment.merged
            or motion.result.outcome != "lost"
            or amendment.result.outcome != "carried"
        ):
            return False
        moved = set(words(self.text[amendment.start : amendment.end])) - STOPWORDS
        said = set(words(self.text[block.start : block.end])) - STOPWORDS
        if not moved or len(moved & said) < _RESTATED * len(moved):
            return False
        _record_in(block, amendment, self.text[block.start : block.end])
        return True

    def _open_motion(self, original: bool, wants: str = "") -> FoundDecision | None:
        """The motion a result sentence reports on: the latest unresolved one, passing over
        decided amendments (and, for "the original / main motion", undecided amendments and
        decided motions too: a motion to defer may have been voted on in between)."""
        for prior in reversed(self.found):
            if prior.merged:
                continue
            if (
                prior.result.outcome is not None or prior.kind == "agreed"
            ) and PROCEDURAL_MOTION.match(self.text, prior.start):
                continue  # "that the question be now put" was carried during the debate
            if not prior.motion:
                return None
            amendment = prior.kind == "amendment"
            if original and prior.result.outcome is not None:
                continue
            if prior.result.outcome is None and prior.kind != "agreed":
                if (original or wants == "motion") and amendment:
                    continue
                if wants == "amendment" and not amendment:
                    return None
                return prior
            if not amendment or wants == "amendment":
                return None
        return None

    def _attach_result(self, sentence: str, base: int, read: Result | None = None) -> None:
        """Attach the result ``sentence`` states (``read``, when already read) to its motion,
        or, for a name list that goes on after a page break, to the vote being listed."""
        result = read if read is not None else read_result(sentence, base)
        if (
            self.listing is not None
            and self.division is None  # (a division's abstentions count for both sides)
            and _LIST_GOES_ON.match(sentence)
            and result.outcome is None
            and result.counts
            and not set(result.counts) & set(self.listing.counts)
        ):
            # "Against (7): …" after "For (13): …" (a page break between them): the same vote
            self.listing.merge(result.reversed() if result.amendment_side else result)
            return
        receivers = [self.pending.result] + [f.result for f in self.found]
        before = [dict(r.counts) for r in receivers]
        self._attach_read(sentence, base, result)
        self.listing = None
        if result.counts and result.outcome is None:
            for receiver, counts in zip(receivers, before, strict=True):
                if receiver.counts != counts:
                    self.listing = receiver  # the vote whose lists are being read
                    break

    def _attach_read(self, sentence: str, base: int, read: Result | None = None) -> None:
        """Attach the result ``sentence`` states (``read``, when already read) to its motion."""
        first = _RESULT_LINE.match(sentence)
        if first is not None and sentence[first.end() :].strip():
            # "LOST\nThe substantive motion was put and CARRIED.": two results, one each
            self._attach_read(sentence[: first.end()], base)
            rest = (
                first.end() + len(sentence[first.end() :]) - len(sentence[first.end() :].lstrip())
            )
            self._attach_read(sentence[rest:], base + rest)
            return
        # ("Upon a vote being taken, the amendment was carried …": after a lead-in clause too)
        on_amendment = re.match(
            r"\W*(?:(?:upon|on|following|after|when)\b[^,.;]{0,60},\s*)?The\s+amendment\b",
            sentence,
            re.I,
        )
        then = _THEN_ORIGINAL.search(sentence) if on_amendment is not None else None
        if then is not None:
            # "The amendment was CARRIED (For 14, Against 7) and became the substantive
            # motion, which was then CARRIED unanimously.": two results, one each
            head, tail = sentence[: then.start()], sentence[then.start() :]
            if not read_result(head, base).empty and not read_result(tail, base).empty:
                self._attach_read(head, base)
                self._attach_read(tail, base + then.start())
                return
        result = read if read is not None else read_result(sentence, base)
        if called_in(sentence):
            for prior in reversed(self.found):
                if not prior.motion:
                    prior.called_in = True
                    prior.evidence["outcome"] = (base, base + len(sentence))
                    break
            return
        abstentions_only = set(result.counts) == {"abstain"}  # "Abstention (0)." after a division
        if result.empty and not result.vote_taken and not (abstentions_only and self.division):
            return
        closure = self._last_live()
        if (
            closure is not None
            and closure.motion
            and closure.result.outcome is None
            and result.outcome is not None
            and not ORIGINAL.search(sentence)
            and self._just_after(closure, base)
            and PROCEDURAL_MOTION.match(self.text, closure.start)
        ):
            # "… moved that the question be now put, and Cllr Y seconded. This was CARRIED."
            closure.result.merge(result)
            return
        # ("… the amendment was carried …, and it became the substantive motion": what the
        # amendment became, not what this vote was on)
        original = (
            bool(ORIGINAL.search(_BECAME_ORIGINAL.sub("", sentence))) or self.vote_on == "original"
        )
        # What the result is about: the first of them the sentence names ("The motion was
        # carried by 9 votes to 6 and the amendment fell" is the motion's result).
        subject = _SUBJECT.search(sentence)
        wants = (
            ""
            if subject is None
            else "motion"
            if subject.group("word").lower() in ("motion", "proposal")
            else "amendment"
        )
        fell = _AMENDMENT_FELL.search(sentence) if wants == "motion" else None
        if fell is not None:
            amended = self._open_motion(False, "amendment")
            if amended is None and self.division is not None:
                # ("On a division, 8 voted for the motion and 5 for the amendment" … "The
                # motion was accordingly carried and the amendment fell."): the words that
                # say its fate, rather than the division's line it was read from
                divided = self.division[1]
                lost = divided is not None and divided.result.outcome == "lost"
                amended = divided if lost else None
            if amended is not None and amended.kind == "amendment":
                amended.result.outcome = "lost"
                amended.evidence["outcome"] = (base + fell.start(), base + fell.end())
        if not original and not wants and self.vote_on == "amendment":
            wants = "amendment"  # a list line under "A recorded vote was taken on the amendment:"
        if result.outcome is not None:
            self.vote_on = ""  # the vote introduced by a heading ends with its result
        decided = self._amendment_just_decided(result, base) if wants != "motion" else None
        if decided is not None:
            # "… the amendment was put to the vote and was LOST." / "For: Councillor Hebden,
            # Councillor Otway" / "Against: …": the lists of the vote just declared
            decided.result.merge(result)
            return
        if self.pending.mover is not None and not original and wants != "amendment":
            later = self._open_motion(False, wants)
            if later is None or later.start < self.pending.at:
                self.pending.result.merge(result)  # "X moved, and Y seconded, the recommendation."
                return
        if result.amendment_side and self.division is None:
            result = result.reversed()  # "FOR the amendment (7): …" in a vote on the amendment
            result.division = False
        if self.division is not None and abstentions_only:
            for side in self.division:  # "Abstention (1): …" after a division counts for both
                if side is not None:
                    side.result.merge(result)
            return
        listed = (
            self._listed_just_before(result, base) if not original and wants != "motion" else None
        )
        if listed is not None:
            # "Yeas (4): … Nays (3): …" then "Carried (4 to 3)": the result of the vote whose
            # lists were just read (an amendment's, here), not of the motion still open
            listed.result.merge(result)
            return
        target = self._named(sentence) or self._open_motion(original, wants)
        if target is None and wants == "amendment" and not sentence.rstrip().endswith(":"):
            # (a result whose lists follow, "… defeated, the voting being:", is read whole
            # with them)
            target = self._proposal_just_before(base)
        if result.division:
            target = self._open_motion(True, "motion")  # a division decides the motion …
            last = self.found[-1] if self.found else None
            if (
                target is None
                and self.pending.mover is None
                and last is not None
                and last.result.votes is None
                and not last.merged
            ):
                # "The MOTION … was declared LOST." / "DIVISION" / "For the Motion: Crs …", or
                # a RESOLVED block followed by its DIVISION (NSW): the decision just read
                target = last
            if target is None and self.pending.mover is not None:
                # "Cllr X moved the recommendations" … "For the motion: …": the vote of the
                # resolution still to come
                self.pending.result.merge(result)
                return
            amendment = None
            if target is not None:
                target.result.merge(result)
                for prior in reversed(self.found):  # … and, the other way round, its amendment
                    if prior.kind == "amendment" and prior.motion and prior.start > target.start:
                        amendment = prior
                        if prior.result.outcome is None:
                            prior.result.merge(result.reversed())
                        break
            self.division = (target, amendment)
            return
        if target is None and (wants == "amendment" or self.pending.mover is None):
            repeated = self._decided(wants, result)
            if repeated is not None:  # "Motion Carried (6 to 3)" after its names lists,
                repeated.result.merge(result)  # "The amendment was therefore LOST."
                return
        if target is None and wants != "amendment" and result.outcome is not None:
            target = self._under_lost_deferral()
        if target is None and self.pending.mover is not None:
            self.pending.result.merge(result)
            return
        if target is not None:
            target.result.merge(result)
            self._decide_division_amendment(target, result)
            if MOTION_AGREED.search(sentence) and result.votes is None:
                # "Following discussion, the motion was agreed." (no vote recorded)
                target.kind, target.motion = "agreed", False
            return
        last = self.found[-1] if self.found else None
        if last is not None and not last.motion and self._just_after(last, base):
            last.result.merge(result)  # "(Unanimous)", "(For 6, Against 2)" after a block
        elif last is None or not last.motion or last.result.outcome is None:
            self.pending.result.merge(result)  # for the RESOLVED block that follows
        elif _contradicts(last.result, result) and self._under_lost_deferral() is not None:
            # "… deferred for a costed report … declared lost (13 For, 22 Against)." / "On a
            # recorded vote being taken on the motion: For (22): …": the lists of the motion
            # still before the meeting, not a recount of the lost deferral
            under = self._under_lost_deferral()
            assert under is not None
            under.result.merge(result)
        elif _repeats(last.result, result):
            last.result.merge(result)  # may state the counts better ("Amendment Carried (9 to 6)")
        elif self._counts_of_last(last, result, base):
            # "On being put to the vote the proposal was LOST." / "Record of Voting - for 5,
            # against 7, abstentions 0": the counts of the result just stated
            last.result.merge(result)
        else:
            # "The Chair then put the officer recommendation to the vote, and Members voted 6
            # in favour …": a new vote, after the last motion was decided, for what follows.
            self.pending.result.merge(result)

    def _counts_of_last(self, last: FoundDecision, result: Result, base: int) -> bool:
        """Are ``result``'s counts, with no outcome stated in words (one read from the counts
        alone has no evidence), those of the result stated for ``last`` in the sentence just
        before (no counts yet, the same side won)? A result that announces its lists ("The
        motion carried by the following vote:" / "Aye: 7 - …") takes them, one side or both."""
        said = last.result.evidence.get("outcome") or last.evidence.get("outcome")
        if (
            "outcome" in result.evidence
            or result.votes is None
            or last.result.votes is not None
            or said is None
        ):
            return False
        between = self.text[said[1] : base].strip(" \t\n.;")
        announced = between.endswith(":") and len(between) <= 80 and "\n" not in between
        if between and not announced:
            return False
        v_for, v_against, _ = result.votes
        if v_for is None or v_against is None:
            return announced
        if v_for == v_against:
            # ("The motion failed on a tie vote:" / "Aye: 3 - …" / "Nay: 3 - …")
            return announced and last.result.outcome == "lost"
        return (v_for > v_against) == (last.result.outcome == "carried")

    def _decide_division_amendment(self, target: FoundDecision, result: Result) -> None:
        """A division on a tie ("6 members voted for the motion and 6 for the amendment")
        decided by the next sentence ("… the Convener used her casting vote in favour of the
        motion, which was accordingly carried"): the amendment it was against goes the other
        way."""
        if self.division is None or self.division[0] is not target:
            return
        amendment = self.division[1]
        if amendment is None or amendment.result.outcome is not None:
            return
        other = opposite(result.outcome)
        if other in ("carried", "lost"):
            amendment.result.outcome = other
            if "outcome" in result.evidence:
                amendment.evidence["outcome"] = result.evidence["outcome"]

    def _proposal_just_before(self, base: int) -> FoundDecision | None:
        """An undecided motion in the same paragraph as a result that calls it "the
        amendment": "Cllr X proposed that the Committee adopt £4.20 instead. This was seconded
        by Cllr Y. On being put to the vote the amendment was LOST by 3 votes to 7." """
        live = [p for p in self.found if not p.merged]
        prior = live[-1] if live else None
        if prior is None or not prior.motion or prior.kind != "motion" or prior.result.outcome:
            return None
        between = self.text[prior.end : base]
        if len(between) <= 300 and "\n\n" not in between:
            return prior
        # "Moved by: X / That the 2026 Operating Budget be amended …" while the budget motion
        # moved before it is still undecided, then "Amendment Failed (2 to 7)": a motion
        # moved on top of an undecided one is its amendment.
        under = next(  # (passing over amendments already decided)
            (p for p in reversed(live[:-1]) if p.kind != "amendment" or p.result.outcome is None),
            None,
        )
        if (
            under is not None
            and under.motion
            and under.kind == "motion"
            and under.result.outcome is None
            and not PROCEDURAL_MOTION.match(self.text, prior.start)
        ):
            prior.kind = "amendment"
            return prior
        return None

    def _under_lost_deferral(self) -> FoundDecision | None:
        """The motion still before the meeting when the last motion, moved on top of it to
        put it off, was lost: "That Regional Council adopt …" / "That consideration … be
        deferred …" / "Motion Failed (6 to 6)" / "Motion Carried (8 to 5)"."""
        live = [p for p in self.found if not p.merged]
        if len(live) < 2:
            return None
        last, under = live[-1], live[-2]
        if (
            last.motion
            and last.result.outcome == "lost"
            and DILATORY_MOTION.match(self.text, last.start)
            and under.motion
            and under.kind == "motion"
            and under.result.outcome is None
        ):
            return under
        return None

    def _last_live(self) -> FoundDecision | None:
        """The latest decision read that was not merged into another."""
        return next((p for p in reversed(self.found) if not p.merged), None)

    def _named(self, sentence: str) -> FoundDecision | None:
        """The motion a result sentence names by its mover ("A vote was taken on Cllr.
        Ryan's proposal: For 4, Against 2."), when one of the item's motions has that mover."""
        named = _MOVER_OF.search(sentence)
        if named is None:
            return None
        for prior in reversed(self.found):
            surname = named["surname"] or named["surname2"]
            if prior.motion and not prior.merged and same_person(prior.mover, surname):
                return prior
        return None

    def _listed_just_before(self, result: Result, base: int) -> FoundDecision | None:
        """The last decision, when its result was read from names lists only (an outcome
        guessed from their counts) and ``result`` states that outcome with the same counts,
        or with none on the line right after the lists ("For (3): … / Against (7): … /
        DEFEATED")."""
        last = self._last_live()
        if (
            last is None
            or not last.motion
            or not last.result.from_list
            or "outcome" in last.result.evidence
            or result.outcome != last.result.outcome
        ):
            return None
        if result.votes is None:
            ends = [e for k, (_, e) in last.result.evidence.items() if k.startswith("names_")]
            return last if ends and not self.text[max(ends) : base].strip() else None
        return last if result.votes[:2] == (last.result.votes or (None, None))[:2] else None

    def _amendment_just_decided(self, result: Result, base: int) -> FoundDecision | None:
        """An amendment whose result was just stated without counts, when ``result`` is only
        the names lists of a vote (read before any other decision)."""
        if "outcome" in result.evidence or not result.names:
            return None  # (an outcome guessed from the lists' counts states nothing)
        last = self._last_live()
        if (
            last is None
            or self.vote_on == "original"  # (lists under "Main Motion:")
            or last.kind != "amendment"
            or last.result.outcome not in ("carried", "lost")  # (not withdrawn: no vote)
            or last.result.votes is not None
            or last.result.counts
            or len(self.text[last.end : base]) > 300
            or PROCEDURAL_MOTION.match(self.text, last.start)
        ):
            return None
        return last

    def _decided(self, wants: str, result: Result) -> FoundDecision | None:
        """The latest decided motion (or amendment, as ``wants`` says) whose result ``result``
        restates (a names list alone restates nothing)."""
        if result.outcome is None and result.votes is None:
            return None
        for prior in reversed(self.found):
            if prior.merged or not prior.motion or prior.result.outcome is None:
                continue
            if (prior.kind == "amendment") != (wants == "amendment"):
                continue
            return prior if _repeats(prior.result, result) else None
        return None

    def _superseded(self, found: FoundDecision) -> bool:
        """A motion restated later ("Main Motion as Amended") is recorded at the restatement."""
        if not found.motion or found.kind == "amendment" or found.result.outcome is not None:
            return False
        return any(
            later.restatement and later.start > found.start and later.mover == found.mover
            for later in self.found
        )


# "… on Cllr. Ryan's proposal", "for Councillor Mac Aodha's amendment"
_MOVER_OF = re.compile(
    # ("five members voted in favour of Cllr. Breathnach's proposal and two against")
    r"\b(?:on|for|against|in\s+favour\s+of)\s+(?:the\s+)?(?:Cllr\.?|Councillor|Alderman|Mayor|Cr\.?)\s+"
    r"(?:[A-Z][\w'’\-]*\.?\s+)*?(?P<surname>[A-Z][\w\-]+)['’]s\s+(?:proposal|motion|amendment)\b"
    # "A named vote was then taken on the proposal of Cllr. Hanrahan, with the following result:"
    r"|\b(?:vote|division)\s+(?:was\s+)?(?:then\s+)?(?:taken|called|held)\s+on\s+the\s+"
    r"(?:proposal|motion|amendment)\s+of\s+(?:Cllr\.?|Councillor|Alderman|Mayor|Cr\.?)\s+"
    r"(?:[A-Z][\w'’\-]*\.?\s+)*(?P<surname2>[A-Z][\w\-]+)\b(?![\w'’\-.])"
)


# A vote in brackets at the end of a decision's text: "… highway safety (5 for, 1 against)."
_TRAILING_TALLY = re.compile(r"\s*\((?P<said>[^()\n]{3,160})\)\s*\.?\s*$")
# What a result sentence is about, named at its start or after a determiner ("The motion was
# carried …", "Amendment Lost (4 to 7)"); not "(Amendment) Regulations 2014" in passing.
_SUBJECT = re.compile(
    r"(?:^\W*|\b(?:the|an?|this|that|each|substantive|original|main|further|second)\s+)"
    # (Legistar's "The motion to amend failed …" is the amendment's result)
    r"(?:\w+\s+)?(?P<word>motion\s+to\s+amend|amendment|counter-?\s*(?:proposal|motion)|motion|"
    r"proposal)\b",
    re.I,
)
_AMENDMENT_FELL = re.compile(
    r"\band\s+the\s+(?:amendment|alternative\s+(?:proposal|motion)|counter-?\s*(?:proposal|motion))"
    r"\s+(?:accordingly\s+)?(?:fell|falls|was\s+(?:lost|defeated))\b",
    re.I,
)
# A sentence that goes on with the lists of a vote ("Against (7): …", "Nays: …").
_LIST_GOES_ON = re.compile(
    r"\s*(?:Against|Nays|Noes|Opposed|Abstain\w*|Abstentions?|Did\s+not\s+vote|Níl|Staon)\b",
    re.IGNORECASE,
)


# A block that puts the motion before it off, and so does not record it.
_PUTS_OFF_MOTION = re.compile(
    r"\b(?:refer|defer|postpone|adjourn)\w*\s+(?:the\s+|this\s+)?(?:motion|proposal)\b", re.I
)
# What stands between a motion and the block that records it when they follow at once.
_BLOCK_HEAD = re.compile(r"\s*(?:RESOLVED|Resolved|AGREED|Agreed)\b[^.\n]{0,80}?[:\-–—]?\s*")


def _record_in(block: FoundDecision, moved: FoundDecision, said: str) -> None:
    """The block records the moved text: it takes its mover, seconder and vote, and the
    moved text is no decision of its own (labelling rule 5). A block that only points back
    to it ("RESOLVED accordingly.") takes its words too."""
    moved.merged = True
    block.take_movers_of(moved)
    block.result.merge(moved.result)
    if _POINTS_BACK.fullmatch(said):
        block.start, block.end = moved.start, moved.end


def _contradicts(earlier: Result, later: Result) -> bool:
    """Does ``later`` count a side of the vote differently from the counts ``earlier`` stated
    (not read from its own lists)?"""
    if earlier.votes is None or earlier.from_list:
        return False
    stated = dict(zip(("for", "against", "abstain"), earlier.votes, strict=True))
    return any(
        stated.get(side) is not None and count != stated[side]
        for side, count in later.counts.items()
    )


def _repeats(earlier: Result, later: Result) -> bool:
    """Does ``later`` restate ``earlier`` (the same counts, or the same outcome and no counts)?
    Counts stated after name lists ("Defeated (2 to 3)") restate them whatever the lists
    counted (a page break may have cut one), when the outcome is the same."""
    if later.votes is not None:
        counted = earlier.from_list and "outcome" not in earlier.evidence
        return (
            later.votes == earlier.votes
            or (counted and later.outcome == earlier.outcome)
            # (lists after "Motion carried 5-0." that also name the abstentions: "ABSTAIN: None")
            or (
                later.from_list
                and earlier.votes is not None
                and earlier.votes[2] is None
                and later.votes[:2] == earlier.votes[:2]
                and later.outcome in (None, earlier.outcome)
            )
        )
    return later.outcome in (None, earlier.outcome)
