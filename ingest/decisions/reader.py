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
"""

from __future__ import annotations

import re

from rag.text import split_sentences

from .found import FoundDecision
from .moved_text import MovedText
from .movers import (
    NOTICE_HEADING,
    ON_PROPOSAL,
    SECONDED_BY,
    SUBJECT_SECONDED,
    WAS_SECONDED,
    Pending,
    paired_movers,
    read_movers,
)
from .names import body_after, read_name
from .patterns import (
    AGREED,
    AGREED_LINE,
    AND_AGREED,
    BARE_AGREED,
    BODY_AGREED,
    BODY_LIST_HEAD,
    BODY_NOTED,
    DECISION_FIELD,
    ELECTED,
    ENTRY_VERB,
    LIST_HEAD,
    LIST_MARK,
    MOTION_AGREED,
    MOTION_FIELD,
    ORIGINAL,
    OWN_MOTION_WITHDRAWN,
    PAST,
    PROCEDURAL,
    RECOMMEND_LEAD,
    RECOMMENDED,
    RESOLVED,
    RESTATED_HEADING,
    TRIGGER,
    WAS_AGREED,
    WAS_NOTED,
    normalise,
    opens_result,
    paragraph_start,
    shorthand_decision,
    states_result,
)
from .results import Result, called_in, read_result, withdrawn

# "The main motion was then voted on.", "… was put to the vote." (a result line follows)
_PUT_TO_VOTE = re.compile(
    r"\b(?:voted\s+on|put\s+to\s+(?:the\s+)?(?:vote|meeting)|(?:then|was|were)\s+put)\b", re.I
)


class Reader(MovedText):
    """Reads one item's text sentence by sentence (``read``); its layers: ``Spans``,
    ``Motions``, ``MovedText``."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self.text = normalise(text)
        self.sentences = _cut_result_lines(self.text, split_sentences(self.text))
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
        notice_mover: tuple[str, tuple[int, int]] | None = None
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
            elif not TRIGGER.search(sentence) and not _body_list_head(sentence):
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
        kept: dict[str, FoundDecision] = {}
        for f in self.found:
            if f.merged or self._superseded(f):
                continue
            key = " ".join(self.text[f.start : f.end].split())
            first = kept.get(key)
            if first is not None:  # ModernGov repeats the block under "Decision:" and "Minutes:"
                first.called_in = first.called_in or f.called_in
                first.result.merge(f.result)
                continue
            kept[key] = f
        return list(kept.values())

    def _movers_left_over(self) -> None:
        """A mover line that no decision followed before the item ended names the movers of
        the decision before it: "… were confirmed. Proposer: Cllr. Lydon; Seconder: Cllr.
        Devane." / "RESOLVED to approve the payments listed below." (table) "Proposed: Cllr
        Pengelly  Seconded: Cllr Hurd.  Unanimous." """
        pending = self.pending
        last = self._last_live()
        if (
            pending.mover is None
            or last is None
            or last.motion
            or last.mover is not None
            or last.end > pending.at
            or any(  # (only a table may stand between them, not text that went unread)
                last.end <= a and b <= pending.at and not _table_rows(self.text[a:b])
                for a, b in self.sentences
            )
        ):
            return
        last.take_movers(pending)
        last.result.merge(pending.result)
        self.pending = Pending()

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

    def _bracketed_after(self, found: FoundDecision, j: int) -> int:
        """Movers and the vote in brackets after a resolution ("Resolved: that a grant of
        £250 be made. (Prop. Cllr Gorringe, sec. Cllr Carrow; 6 in favour, 1 against.)"):
        read into it. Returns how many sentences that used (0 when none)."""
        at = self.sentences[j][1]
        inner = (
            _BRACKETED.match(self.text, at)
            or _MOVERS_AFTER.match(self.text, at)
            or _MOVERS_NEXT_LINE.match(self.text, at)
        )
        if inner is None:
            return 0
        base = inner.start("inner")
        movers = read_movers(inner.group("inner"), base)
        if movers.mover is None and inner.re is _BRACKETED:
            movers = paired_movers(inner.group("inner"), base)
        result = read_result(inner.group("inner"), base)
        if movers.mover is None and result.empty:
            return 0
        rest = _RESULT_REST.match(self.text, inner.end())
        if rest is not None and movers.mover is not None:
            # "(Bodfan/Llifon) 8 votes for, 1 against." / "(Cllr Cynfal/Cllr Garmon) Unanimous."
            said = read_result(rest.group("said"), rest.start("said"))
            if said.votes is not None or said.unanimous:
                result.merge(said)
                inner = rest
        if movers.mover is not None and found.mover is None:
            found.take_movers(movers)
        found.result.merge(result)
        used = 0
        while j + 1 + used < len(self.sentences) and self.sentences[j + 1 + used][0] < inner.end():
            used += 1  # (the sentence splitter may break "(Prop. Cllr …" after "Prop.")
        return used

    def _decision_at(self, i: int, notice: tuple[str, tuple[int, int]] | None) -> int | None:
        """Read sentence ``i``; returns the next sentence index to read when it was used."""
        s, e = self.sentences[i]
        sentence = self.text[s:e]
        before = self.text[max(0, s - 80) : s]
        low = sentence.lower()
        terms = _IN_TERMS.search(sentence) if "in terms of" in low else None
        if terms is not None and self._agreed_in_terms(terms.group("side").lower(), s, e):
            return i + 1
        # Keyword gates: each pattern below runs only on sentences holding its key word.
        has_resolved = "resolv" in low
        has_agreed = "agree" in low
        has_movers = any(
            w in low
            for w in (
                "move",
                "propos",
                "second",
                "motion by",
                "amendment by",
                "motion (",
                "amendment (",
            )
        )

        preamble = _whereas_motion(sentence, s) if has_resolved and has_movers else None
        if preamble is not None:
            # "Moved by: X / Seconded by: Y / WHEREAS …; NOW THEREFORE BE IT RESOLVED THAT …":
            # a motion (put to the vote below), not a resolution already made.
            named, at = preamble
            start = s + at
            end, j = self._extend(i, start, motion=True)
            found = FoundDecision(start, end, "motion", motion=True)
            found.take_movers(named)
            self._add(found)
            return j + 1
        m = RESOLVED.search(sentence) if has_resolved else None
        if m and self._is_formula(sentence, m):
            lead = sentence[: m.start()]
            if lead.strip():
                self._lead(lead, s)
            kind, to_body, start = self._recommending("resolved", s + m.end())
            proposal = ON_PROPOSAL.match(self.text, start)
            if proposal and (then := re.compile(r",?\s*\bthat\b").search(self.text, start, e)):
                # "Resolved, on the motion of X, seconded by Y, that …"
                lead = self.text[start : then.start()]
                lead_base = start
                start = then.end() - len("that")
            else:
                lead_base = s
            end, j = self._extend(i, start)
            found = FoundDecision(start, end, kind, to_body=to_body)
            lead_movers = read_movers(lead, lead_base) if lead.strip() else None
            if lead_movers is not None and lead_movers.mover:
                # "It was proposed by X, seconded by Y and RESOLVED that …"
                found.take_movers(lead_movers)
            if (m.group("paren") and re.search(r"unanim|nem", m.group("paren"), re.I)) or m.group(
                "unan"
            ):
                found.result.unanimous = True
                found.result.outcome = "carried"
            elif m.group("majority"):  # "RESOLVED by a majority: That …"
                found.result.outcome = "carried"
            elif m.group("paren"):  # "RESOLVED (by nine votes to one, with one abstention) -"
                found.result.merge(read_result(m.group("paren"), s + m.start("paren")))
            found.evidence["formula"] = (s + m.start("word"), s + m.end("word"))
            if m.group("tally"):  # "and resolved by 4 votes to 1 that …"
                found.result.merge(read_result(m.group("tally"), s + m.start("tally")))
            self._add(found)
            return j + 1 + self._bracketed_after(found, j)

        m = RECOMMENDED.match(sentence) if "recommended" in low else None
        if m and (sentence.lstrip().startswith("RECOMMENDED") or ":" in m.group(0)):
            start = s + m.end()
            end, j = self._extend(i, start)
            body = body_after(m.group("body")) if m.group("body") else None
            found = FoundDecision(start, end, "recommended", to_body=body)
            indent = len(m.group(0)) - len(m.group(0).lstrip())
            found.evidence["formula"] = (s + m.start() + indent, start)
            self._add(found)
            return j + 1

        if has_agreed and BARE_AGREED.fullmatch(sentence):
            target = self._open_motion(False, "motion")
            if target is not None:  # "Seconded Cllr Brackenbury. Agreed nem con."
                target.kind, target.motion = "agreed", False
                if re.search(r"unanim|\bnem\b|dissent", sentence, re.I):
                    target.result.unanimous = True
                    target.result.outcome = "carried"
                return i + 1
        m = (
            (AGREED.search(sentence) or AGREED_LINE.match(sentence) or AND_AGREED.search(sentence))
            if has_agreed
            else None
        )
        if m and not PAST.search(sentence[: m.start()]):
            rest = sentence[m.end() :]
            movers = read_movers(rest, s + m.end()) if ON_PROPOSAL.search(rest) else None
            tm = re.search(r"(?:^|,\s*|\s)(?=(?:that|to)\b)", rest) if movers else None
            start = s + m.end() + (tm.end() if tm else 0)
            if sentence[m.end() :].strip() or j_has_next(self, i):
                kind, to_body, start = self._recommending("agreed", start)
                end, j = self._extend(i, start)
                found = FoundDecision(start, end, kind, to_body=to_body)
                found.evidence["formula"] = (
                    s + m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
                    s + m.end(),
                )
                if re.search(r"\bunanimously\b", m.group(0), re.IGNORECASE):
                    found.result.unanimous = True  # "It was unanimously agreed that …"
                    found.result.outcome = "carried"
                lead = sentence[: m.start()]
                if (movers is None or not movers.mover) and (
                    ON_PROPOSAL.search(lead)
                    or re.search(r"\b(?:proposed|moved)\s+by\b", lead, re.I)
                ):
                    movers = read_movers(
                        lead, s
                    )  # "On the proposal of X, seconded by Y, it was agreed"
                if movers and movers.mover:
                    found.take_movers(movers)
                self._add(found)
                return j + 1

        motion_field = MOTION_FIELD.match(sentence)
        if motion_field:
            # "Proposal: That … / Proposed by: X / Seconded by: Y / Result: Agreed" (a table)
            start = s + motion_field.end()
            stop = re.search(r"[.;][\"”]?(?=\s)|$", self.text[start:e])
            end = start + (stop.end() if stop else e - start)
            kind = "amendment" if motion_field.group("kind").lower() == "amendment" else "motion"
            found = FoundDecision(start, end, kind, motion=True)
            rest = self.text[end:e]
            movers = read_movers(rest, end)
            if movers.mover:
                found.take_movers(movers)
            self._add(found)
            agreed = re.search(r"\bResult\s*:\s*(Agreed(?:\s+unanimously)?)\b", rest, re.IGNORECASE)
            if agreed:
                found.kind, found.motion = "agreed", False
                found.evidence["outcome"] = (end + agreed.start(1), end + agreed.end(1))
                found.evidence["statement"] = found.evidence["outcome"]
                if re.search(r"unanimous", rest, re.IGNORECASE):
                    found.result.unanimous, found.result.outcome = True, "carried"
            elif rest.strip():
                found.result.merge(read_result(rest, end))
            return i + 1
        field = DECISION_FIELD.search(sentence) if "decision" in low or "outcome" in low else None
        if field and not RESOLVED.match(sentence, field.end()):
            # "Proposer: Cllr A  Seconder: Cllr B / Votes: 7-3-1 / Decision: Approved subject to …"
            lead = sentence[: field.start()]
            start = s + field.end()
            end, j = self._extend(i, start)
            found = FoundDecision(start, end, "agreed")
            movers = read_movers(lead, s)
            if movers.mover:
                found.take_movers(movers)
            if lead.strip():
                found.result.merge(read_result(lead, s))
            self._add(found)
            return j + 1
        movers = read_movers(sentence, s) if has_movers else Pending()
        if movers.mover is not None:
            agreed_on = WAS_AGREED.search(sentence) if "of" in low else None
            bracket = _TRAILING_BRACKET.search(sentence)
            in_bracket = (
                agreed_on is None
                and bracket is not None
                and min(a for a, _ in movers.evidence.values()) >= s + bracket.start()
                and WAS_AGREED.search(sentence[: bracket.start()] + ".") is not None
            )
            if in_bracket:
                # "a) Payments totalling £4,212.60 as listed below were approved for payment
                # (proposed Cllr Kneale, seconded Cllr Chuter, nem con)."
                agreed_on = WAS_AGREED.search(sentence)
            if agreed_on is not None and (
                in_bracket or ON_PROPOSAL.search(sentence, agreed_on.start())
            ):
                # "The minutes … were adopted on the proposal of Cllr. Dunphy, seconded by …"
                found = FoundDecision(s, e, "agreed")
                found.take_movers(movers)
                self._add(found)
                return i + 1
            named_end = max(b for _, b in movers.evidence.values()) - s if movers.evidence else 0
            adopted = BODY_AGREED.search(sentence, named_end) or ELECTED.search(sentence, named_end)
            if adopted is not None and re.fullmatch(
                r"\W*(?:and\s+)?", sentence[named_end : adopted.start()]
            ):
                # "Proposed by Cllr. X, seconded by Cllr. Y, the Members adopted the Schedule …"
                found = FoundDecision(s + adopted.start(), e, "agreed")
                found.take_movers(movers)
                self._add(found)
                return i + 1
            if self._named(sentence) is not None:
                # "A named vote was then taken on the proposal of Cllr. X, with the following
                # result: FOR (13): …": the vote on a motion already read, not a new one
                self._attach_result(sentence, s)
                return i + 1
            return self._moved(i, movers, notice)

        restated = RESTATED_HEADING.fullmatch(sentence)
        if restated and i + 1 < len(self.sentences):
            # "Main Motion as Amended:" then its text: the motion as it was put, recorded
            # here in place of its first wording (same mover and seconder).
            ns = self.sentences[i + 1][0]
            if re.match(r"\s*[\"“]?(?:That|THAT)\b", self.text[ns : self.sentences[i + 1][1]]):
                original = self._open_motion(True, "motion")
                end, j = self._extend(i + 1, ns, motion=True)
                found = FoundDecision(ns, end, "motion", motion=True, restatement=True)
                if original is not None:
                    found.mover, found.seconder = original.mover, original.seconder
                    found.evidence.update(
                        {k: v for k, v in original.evidence.items() if k in ("mover", "seconder")}
                    )
                self._add(found)
                return j + 1
        if (
            ORIGINAL.search(sentence)
            and _PUT_TO_VOTE.search(sentence)
            and read_result(sentence, s).empty
            and not re.search(r"\bagreed\b", sentence, re.IGNORECASE)
            and len(sentence) < 160
        ):
            # "The main motion was then voted on." (its result on the next line)
            self.vote_on = "original"
            return i + 1
        if (
            re.search(r"\bvot(?:e|ing)\b", sentence, re.I)
            and read_result(sentence, s).empty
            and len(sentence) < 160
            and sentence.rstrip().endswith(":")
        ):
            # "Vote on the Main Motion:", "A recorded vote was taken on the amendment:"
            self.vote_on = (
                "amendment"
                if re.search(r"\b(?:amendment|counter-?\s*(?:proposal|motion))\b", sentence, re.I)
                # "… a vote was then taken on the proposal:": the motion still undecided
                else "original"
                if ORIGINAL.search(sentence)
                or re.search(r"\b(?:motion|proposal)\b", sentence, re.I)
                else ""
            )
            return i + 1
        # (a sentence that is only "Agreed." was read above, BARE_AGREED)
        if MOTION_AGREED.search(sentence) and read_result(sentence, s).votes is None:
            target = self._open_motion(False, "motion")
            if target is not None:  # "Following discussion, the motion was agreed."
                target.kind, target.motion = "agreed", False
                if "unanimously" in sentence:
                    target.result.unanimous = True
                    target.result.outcome = "carried"
                return i + 1
        if re.search(r"\bagreed\s+the\s+terms\s+of\s+the\s+motion\b", sentence):
            self._attach_result(sentence, s)
            return i + 1
        elected = ELECTED.search(sentence) if "elected" in low or "appointed" in low else None
        if elected is not None and not PAST.search(sentence[: elected.start()]):
            # (its proposer, named in the sentence before, waits as the pending mover)
            self._add(FoundDecision(s + elected.start(), e, "agreed"))
            return i + 1
        listed = self._body_list(i) if _body_list_head(sentence) else None
        if listed is not None:
            found, j = listed
            self._add(found)
            return j + 1
        committed = (
            BODY_AGREED.search(sentence)
            if any(
                w in low
                for w in (
                    "agree",
                    "approv",
                    "endors",
                    "adopt",
                    "confirm",
                    "ratif",
                    "determin",
                    "decid",
                    "resolv",
                )
            )
            else None
        )
        if committed and not PAST.search(sentence[:20]):
            start = s + paragraph_start(sentence, committed.start())
            end, j = self._extend(i, start)
            found = FoundDecision(start, end, "agreed")
            # "The Board AGREED to recommend to the Integrated Care Board that …"
            rec = re.search(r"\bto\s+recommend\b", self.text[s + committed.start() : end], re.I)
            if rec:
                kind, body, _ = self._recommending("agreed", s + committed.start() + rec.start())
                found.kind, found.to_body = kind, body
            lead = sentence[: committed.start()]
            if "vot" in lead and "amendment" not in lead.lower():
                # "Following a vote, in which five Members voted in favour and two against,
                # the Members adopted the draft Budgetary Plan …"
                found.result.merge(read_result(lead, s))
            self._add(found)
            return j + 1
        if (
            ("noted" in low or "received" in low)
            and (BODY_NOTED.search(sentence) or WAS_NOTED.search(sentence))
        ) and not re.search(r"\b(?:had|has)\s+(?:been\s+)?noted", sentence):
            self._add(FoundDecision(s, e, "noted"))
            return i + 1
        own = OWN_MOTION_WITHDRAWN.search(sentence) if "withdrawn" in low else None
        if own is not None:
            # "Cllr. Whooley's motion, to remove the requirement …, was withdrawn": a motion
            # of its own, not a result for the next one
            found = FoundDecision(s, e, "motion", motion=True)
            found.mover = " ".join(own.group("who").split())
            found.evidence["mover"] = (s + own.start("who"), s + own.end("who"))
            found.result.outcome = "withdrawn"
            found.evidence["outcome"] = (s + own.start("verb"), s + own.end("verb"))
            self._add(found)
            return i + 1
        if (
            ("deferred" in low or "withdrawn" in low or "adjourned" in low)
            and PROCEDURAL.search(sentence)
            and not re.search(r"\bhad\s+been\b", sentence)
        ):
            if withdrawn(sentence) and self._open_motion(False) is not None:
                target = self._open_motion(False)
                assert target is not None
                target.result.outcome = "withdrawn"
                target.evidence["outcome"] = (s, e)
                return i + 1
            self._add(FoundDecision(s, e, "agreed"))
            return i + 1
        was_agreed = (
            WAS_AGREED.search(sentence)
            if any(w in low for w in ("agree", "approv", "adopt", "confirm", "signed", "accept"))
            else None
        )
        if was_agreed and not read_movers(_TRAILING_BRACKET.sub("", sentence), s).mover:
            nxt_movers = self._agreed_proposal(i + 1)
            found = FoundDecision(s, e, "agreed")
            if nxt_movers is not None:
                found.take_movers(nxt_movers)
                self._add(found)
                return i + 2
            if (
                re.search(
                    r"\b(?:minutes?|programme|plan|record|terms of reference|schedule|"
                    r"recommendations?|allocations?|grants?|payments?|polic(?:y|ies)|strateg(?:y|ies)|"
                    r"scheme|protocol|charter|standing orders|code of conduct|bye-?laws?|"
                    r"(?:governance\s+)?statement|accounts|annual\s+return|precept|budget)\b",
                    sentence,
                    re.I,
                )
                or re.search(r"\b(?:AGREED|APPROVED|ADOPTED)\b", sentence)
            ) and not _REPORTED.search(sentence):
                self._add(found)
                return i + 1 + self._bracketed_after(found, i)
        if re.match(r"\s*[\"“]", sentence) and self._agreed_proposal(self._quote_end(i) + 1):
            # A quoted motion followed by "Proposed by X, seconded by Y and agreed."
            j = self._quote_end(i)
            movers2 = self._agreed_proposal(j + 1)
            assert movers2 is not None
            found = FoundDecision(s, self.sentences[j][1], "agreed")
            found.take_movers(movers2)
            self._add(found)
            return j + 2
        quoted_at = _quote_after_heading(sentence) if notice is not None else None
        if quoted_at is not None and notice is not None and self._quote_end(i) >= i:
            # "NOTICE OF MOTION No. 7 – Cllr. X" / "\"That the Council …\"" (the heading
            # line and the quoted motion read as one sentence, or the quote on its own)
            j = self._quote_end(i)
            found = FoundDecision(s + quoted_at, self.sentences[j][1], "motion", motion=True)
            found.mover = notice[0]
            found.evidence["mover"] = notice[1]
            self._add(found)
            return j + 1
        if "second" in low and (
            WAS_SECONDED.search(sentence)
            or SUBJECT_SECONDED.search(sentence)
            or SECONDED_BY.search(sentence)  # "SECOND: Council Member Sandoval."
        ):
            sec = read_movers(sentence, s)
            sec_end = sec.evidence.get("seconder", (s, s))[1]
            target = self._open_motion(False)
            if sec.seconder and target is not None and target.seconder is None:
                target.seconder = sec.seconder
                if "seconder" in sec.evidence:
                    target.evidence["seconder"] = sec.evidence["seconder"]
                if sec.agreed:
                    target.kind = "agreed" if target.kind == "motion" else target.kind
                    target.result.outcome = target.result.outcome or None
                    target.motion = target.kind != "agreed"
                elif agreed := re.search(
                    r"\bwas\s+(?:then\s+)?(?:unanimously\s+)?agreed\b", sentence[sec_end - s :]
                ):
                    # "This was seconded by X and, on a show of hands, was agreed."
                    target.result.outcome = target.result.outcome or "carried"
                    target.evidence.setdefault(
                        "outcome", (sec_end + agreed.start(), sec_end + agreed.end())
                    )
            elif sec.seconder and self.pending.mover and self.pending.seconder is None:
                # "X moved the recommendations." … "The recommendations were seconded by Y."
                self.pending.seconder = sec.seconder
                if "seconder" in sec.evidence:
                    self.pending.evidence["seconder"] = sec.evidence["seconder"]
            if not re.search(r"\b(?:carried|lost|defeated|agreed)\b", sentence, re.I):
                return i + 1
        if opens_result(sentence) or called_in(sentence) or states_result(sentence, s):
            self._attach_result(sentence, s)
            return i + 1
        shorthand = shorthand_decision(sentence)
        if shorthand is not None:
            at, kind, outcome = shorthand
            found = FoundDecision(s + at, e, kind)
            found.result.outcome = outcome
            self._add(found)
            return i + 1 + self._bracketed_after(found, i)
        del before
        return None

    def _recommending(self, kind: str, start: int) -> tuple[str, str | None, int]:
        """(kind, to_body, text start) of a formula that may go on "to RECOMMEND to Council
        that …" ("RESOLVED to RECOMMEND …", "It was agreed to recommend to full Council …")."""
        rec = RECOMMEND_LEAD.match(self.text, start)
        if rec and re.match(r"to\s+recommend", rec.group(0), re.IGNORECASE):
            body = body_after(rec.group("body")) if rec.group("body") else None
            return "recommended", body, rec.end()
        return kind, None, start

    def _body_list(self, i: int) -> tuple[FoundDecision, int] | None:
        """ "The Board:" alone, then "(a) noted …; and" / "(b) agreed that …": one decision
        over the entries (agreed when one of them agrees, noted when all only note), and the
        last sentence it takes."""
        verbs: list[str] = []
        j = i
        while j + 1 < len(self.sentences):
            entry = ENTRY_VERB.match(self.text, self.sentences[j + 1][0], self.sentences[j + 1][1])
            if entry is None:
                break
            verbs.append(entry.group("verb"))
            j += 1
        if not verbs:
            return None
        if all(v == "noted" for v in verbs):
            kind = "noted"
        elif any(v not in ("noted", "welcomed", "requested") for v in verbs):
            kind = "agreed"
        else:
            return None
        return FoundDecision(self.sentences[i][0], self.sentences[j][1], kind), j

    def _is_formula(self, sentence: str, m: re.Match[str]) -> bool:
        word, lead, sep = m.group("word"), m.group("lead"), m.group("sep")
        before = sentence[: m.start()]
        line = before.rsplit("\n", 1)[-1]
        # ("(a) Payments: Resolved to approve the schedule …": a parish line's own title)
        titled = _LINE_TITLE.fullmatch(line) and word != "resolved"
        if "\n" in before or LIST_HEAD.fullmatch(before) or titled:
            # at a line's start, after a list marker or not: "a) Resolved to approve …" (a
            # heading line above it may be read with it)
            before = "" if not line.strip() or LIST_HEAD.fullmatch(line) or titled else line
        if PAST.search(before) or re.search(r"\b(?:had|has|have|been|not)\s+$", before):
            return False
        after = sentence[m.end() :]
        if word == "RESOLVED" or (word == "Resolved" and not before.strip()):
            return True
        if (
            word == "resolved"
            and not before.strip()
            and (sep.strip() or re.match(r"that\b", after))
        ):
            return True
        if re.search(r"\bseconded\s+by\b[^;]{1,60}?\band\s*$", before) and (
            re.match(r"(?:that|to)\b", after) or sep.strip()
        ):
            return True  # "It was proposed by X, seconded by Y and resolved that …"
        return bool(lead) and bool(re.match(r"(?:that|to)\b", after))

    def _lead(self, lead: str, base: int) -> None:
        """Text before a RESOLVED formula in its sentence ("Upon a vote being taken, 8 voted
        in favour and 2 against, and it was")."""
        result = read_result(lead, base)
        if not result.empty:
            self.pending.result.merge(result)


# A line that is only a result ("Carried", "Amendment Carried (5 to 2)", "Motion Carried
# Unanimously") or only the heading of a restated motion ("Main Motion as Amended:"). eScribe
# minutes put them on lines of their own without a full stop, so the sentence splitter joins
# them to the next line; each is a sentence of its own for the reader.
_LINE_ALONE = re.compile(
    r"[ \t]*(?:(?:(?:Main\s+|Substantive\s+)?(?:Motion|MOTION)|Amendment|AMENDMENT)\s+)?"
    r"(?:Carried|Lost|Defeated|Failed|Passed|CARRIED|LOST|DEFEATED|FAILED|PASSED)"
    r"(?:\s+(?i:unanimously|as\s+amended))?"
    r"(?:\s*\(\s*\d{1,3}\s*(?:to|-|–)\s*\d{1,3}\s*\))?\.?[ \t]*"
    r"|(?i:" + RESTATED_HEADING.pattern + ")"
)


def _cut_result_lines(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sentences`` with result-only and restated-motion heading lines cut off as sentences
    of their own."""
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        if "\n" not in text[s:e]:
            out.append((s, e))
            continue
        start = s
        at = s
        while at < e:
            nl = text.find("\n", at, e)
            line_end = e if nl < 0 else nl
            if _LINE_ALONE.fullmatch(text, at, line_end):  # (capitalised: no wrapped "carried.")
                if text[start:at].strip():
                    out.append((start, _rstrip_at(text, start, at)))
                out.append(
                    (at + len(text[at:line_end]) - len(text[at:line_end].lstrip()), line_end)
                )
                start = line_end + 1
            at = line_end + 1
        if start < e and text[start:e].strip():
            lead = len(text[start:e]) - len(text[start:e].lstrip())
            out.append((start + lead, e))
    return out


def _rstrip_at(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _whereas_motion(sentence: str, base: int) -> tuple[Pending, int] | None:
    """The movers, and where the motion starts, of a sentence that names its movers and then
    gives a "WHEREAS … BE IT RESOLVED THAT …" motion."""
    if not re.search(r"\bBE\s+IT\s+(?:FURTHER\s+)?RESOLVED\b", sentence, re.IGNORECASE):
        return None
    where = re.search(r"\b(?:WHEREAS|Whereas)\b", sentence)
    if where is None:
        return None
    movers = read_movers(sentence[: where.start()], base)
    return (movers, where.start()) if movers.mover else None


_IN_TERMS = re.compile(r"\bagreed\s+in\s+terms\s+of\s+the\s+(?P<side>motion|amendment)\b", re.I)
# "The officer said that the grant was agreed.": what someone reported, not a decision
_REPORTED = re.compile(
    r"\b(?:said|stated|explained|reported|advised|informed|confirmed|noted|reminded|"
    r"indicated|understood|believed)\b(?:\s+\w+){0,3}\s+that\b",
    re.IGNORECASE,
)
# "… be signed as a true record. Prop. Cllr Fairlie, sec. Cllr Dymock. All in favour." (the
# rest of the line, in a parish council's shorthand)
_MOVERS_AFTER = re.compile(
    r"[ \t]*(?P<inner>(?:Prop\.|Proposed(?:\s+by)?|Proposer:)\s*(?:Cllr|Councillor)[^\n]{3,160}?)"
    r"[ \t]*(?=\n|$)"
)
# "RESOLVED to approve the minutes … as a true record.\nProposed Cllr X, seconded Cllr Y;
# unanimous." (a line that names both and ends, so no motion of its own follows it)
_MOVERS_NEXT_LINE = re.compile(
    r"[ \t]*\n[ \t]*(?P<inner>(?:Prop\.|Proposed(?:\s+by)?)\s*(?:Cllr|Councillor)[^\n]{3,80}?"
    r"\bsec(?:\.|onded)[^\n]{3,80}?[.;])[ \t]*(?=\n|$)"
)


def _table_rows(text: str) -> bool:
    """Is ``text`` only lines laid out in columns (a table flattened to text)?"""
    lines = [line for line in text.split("\n") if line.strip()]
    gaps = [len(_COLUMN_GAPS.findall(line)) for line in lines]
    return bool(gaps) and min(gaps) >= 1 and max(gaps) >= 2  # (a total row has one gap)


def _body_list_head(sentence: str) -> bool:
    """ "The Board:" alone in its sentence (its entries follow)."""
    return (
        sentence.rstrip().endswith((":", ":-")) and BODY_LIST_HEAD.fullmatch(sentence) is not None
    )


# A list marker and a short title ending in a colon, at a line's start: "(c) AGAR 2024/25: "
_LINE_TITLE = re.compile(rf"(?:\s*{LIST_MARK})?\s*[A-Z][^.:;]{{0,60}}:\s*")
# Gaps of two spaces or more between the words of a line laid out in columns
_COLUMN_GAPS = re.compile(r"\S[ \t]{2,}(?=\S)")
_BRACKETED = re.compile(r"[ \t]*\n?[ \t]*\((?P<inner>[^()]{2,200})\)")
# Movers and a vote in brackets at a sentence's end: "… approved (proposed Cllr X, …)."
_TRAILING_BRACKET = re.compile(r"\s*\([^()\n]{2,160}\)\s*\.?\s*$")
# A result on the rest of a line after the bracketed movers
_RESULT_REST = re.compile(r"[ \t]*(?P<said>[^\n()]{3,80}?)[ \t]*(?=\n|$)")


def _quote_after_heading(sentence: str) -> int | None:
    """Where a quoted motion starts in a sentence: at its start, or on the line after a
    notice-of-motion heading joined to it."""
    if re.match(r"\s*[\"“]", sentence):
        return 0
    heading = NOTICE_HEADING.search(sentence)
    line_end = sentence.find("\n", heading.end()) if heading else -1
    if line_end < 0:
        return None
    # (the motion's text quoted, or set out as it was moved: "That this Council writes …")
    quote = re.match(r"\s*(?=[\"“]|That\s)", sentence[line_end:])
    return line_end + quote.end() if quote else None


def j_has_next(reader: Reader, i: int) -> bool:
    return i + 1 < len(reader.sentences)
