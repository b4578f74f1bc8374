"""Sentences that name a mover or seconder: the decision made on their proposal ("The minutes …
were adopted on the proposal of X, seconded by Y"), the moved text they introduce
(``MovedText._moved``), a quoted motion and the mover line that agrees it, the motion under a
notice-of-motion heading, a seconder line, and a mover line left over at the item's end. Each
reading returns the next sentence to read, or None when the sentence is not its kind
(``reader.Reader._decision_at`` then tries the next)."""

from __future__ import annotations

import re

from .found import FoundDecision
from .line import Line
from .movers import (
    NOTICE_HEADING,
    ON_PROPOSAL,
    SECONDED_BY,
    SUBJECT_SECONDED,
    UNNAMED,
    UNNAMED_MOVERS,
    WAS_SECONDED,
    Pending,
    names_amendment,
    read_movers,
)
from .names import same_person
from .patterns import (
    AMENDMENT_ACCEPTED,
    BODY_AGREED,
    BODY_AGREED_ON,
    ELECTED,
    MOTION_AGREED,
    WAS_AGREED,
)
from .results import read_result
from .trailing import TRAILING_BRACKET, Trailing

# A US agenda-management export (Granicus): the motion on a line of its own, often after the
# video's timestamp, then who moved and seconded it, one a line ("01:09:30 Motion to adopt
# Resolution 5614 …" / "Deputy Mayor - Luis Carrasco: Motion" / "Commissioner - Ben Okafor:
# 2nd"), then "Vote on the Motion to … The Motion carried 4 - 1".
_MOTION_TO = re.compile(r"(?:\d{1,2}:\d{2}(?::\d{2})?[ \t]+)?(?P<motion>Motion[ \t]+(?:to|that)\b)")
_ROLE_LINE = re.compile(
    r"[ \t]*(?P<who>(?:[A-Z][\w.'’]*[ \t]+){0,3}-[ \t]+"
    r"[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})"
    r"[ \t]*:[ \t]*(?P<role>Motion|2nd|Second)[ \t]*"
)


# "The original motion, proposed by Cllr. X and seconded by Cllr. Y, was then agreed."
_THE_MOTION_MOVED = re.compile(
    r"\W*The\s+(?:(?:original|substantive|main)\s+)?(?:motion|proposal)\s*,\s*"
    r"(?:proposed|moved)\s+by\b"
)


class MoverLines(Trailing):
    """Readings of a sentence that names a mover or seconder."""

    def _read_motion_to(self, line: Line) -> int | None:
        """ "01:09:30 Motion to adopt Resolution 5614, …." on a line of its own: a motion,
        its mover and seconder named on the lines after it (``_read_role_line``)."""
        at_line_start = line.start == 0 or self.text[line.start - 1] == "\n"
        said = _MOTION_TO.match(line.text) if at_line_start else None
        if said is None:
            return None
        found = FoundDecision(line.start + said.start("motion"), line.end, "motion", motion=True)
        # (its movers and vote follow it: a vote read before it was another body's, "The
        # Zoning Commission had recommended approval on a 5 - 2 vote")
        self.pending = Pending()
        self._add(found)
        return line.i + 1

    def _read_role_line(self, line: Line) -> int | None:
        """ "Commissioner - Ben Okafor: 2nd" (one such line or several, read as one sentence):
        the mover or seconder of the motion just read."""
        if ":" not in line.text:
            return None
        roles, offset = [], 0
        for text in line.text.split("\n"):
            role = _ROLE_LINE.fullmatch(text)
            if role is None and text.strip():
                return None
            if role is not None:
                roles.append((role, line.start + offset))
            offset += len(text) + 1
        target = self._open_motion(False) if roles else None
        if target is None:
            return None
        for role, base in roles:
            who = " ".join(role["who"].replace(" - ", " ").split())
            span = (base + role.start("who"), base + role.end("who"))
            if role["role"] == "Motion" and target.mover is None:
                target.mover = who
                target.evidence["mover"] = span
            elif role["role"] != "Motion" and target.seconder is None:
                target.seconder = who
                target.evidence["seconder"] = span
        return line.i + 1

    def _read_mover_line(self, line: Line) -> int | None:
        """A sentence that names a mover: the decision it says was made on their proposal,
        the vote on a motion already read that it names by its mover, or else the text they
        moved (``MovedText._moved``)."""
        if not line.has_movers:
            return None
        s, sentence = line.start, line.text
        movers = read_movers(sentence, s)
        if movers.mover is None:
            unnamed = UNNAMED_MOVERS.search(sentence) if movers.seconder is None else None
            if unnamed is None:
                return None
            movers.evidence[UNNAMED] = (s + unnamed.start(), s + unnamed.end())
            # (the movers' own line, not "THAT \"Zoning Amendment Bylaw No. 2291\" be read")
            movers.amendment = names_amendment(sentence, [(unnamed.start(), unnamed.end())])
            return self._moved(line.i, movers, line.notice)
        if _THE_MOTION_MOVED.match(sentence):
            nxt = self._restated_movers(line, movers)
            if nxt is not None:
                return nxt
        start = _agreed_on_proposal(line, movers)
        body_after_movers = False
        if start is None:
            start = _adopted_after(line, movers)
            body_after_movers = start is not None
        if start is None:
            start = _agreed_then_movers(line, movers)
        if start is None:
            start = _minutes_with_movers(line)
        if start is not None:
            found = FoundDecision(start, line.end, "agreed")
            found.take_movers(movers)
            said = self.text[start : line.end] if body_after_movers else ""
            if re.search(r"\bvoted\b|\bunanimously\b", said):
                # "…, Members voted unanimously to grant planning permission …"
                found.result.merge(read_result(said, start))
            self._add(found)
            return line.i + 1
        if self._named(sentence) is not None:
            # "A named vote was then taken on the proposal of Cllr. X, with the following
            # result: FOR (13): …": the vote on a motion already read, not a new one
            self._attach_result(sentence, s)
            return line.i + 1
        count = len(self.found)
        nxt = self._moved(line.i, movers, line.notice)
        accepted = AMENDMENT_ACCEPTED.search(sentence)
        if nxt is not None and accepted is not None and len(self.found) > count:
            # "Cllr. X proposed an amendment to add …, which the proposer and seconder
            # accepted.": the amendment is approved; the vote after it is the motion's
            moved = self.found[-1]
            if moved.kind == "amendment" and moved.start - s < accepted.start():
                moved.result.outcome = "approved"
                moved.evidence["outcome"] = (s + accepted.start(), s + accepted.end())
        return nxt

    def _restated_movers(self, line: Line, movers: Pending) -> int | None:
        """ "The original motion, proposed by Cllr. X and seconded by Cllr. Y, was then
        agreed.": the motion still open, its movers completed and its result stated."""
        target = self._open_motion(True, "motion")
        if target is None or (
            target.mover is not None and not same_person(target.mover, movers.mover)
        ):
            return None
        for role in ("mover", "seconder"):
            if getattr(target, role) is None and getattr(movers, role) is not None:
                setattr(target, role, getattr(movers, role))
                if role in movers.evidence:
                    target.evidence[role] = movers.evidence[role]
        if MOTION_AGREED.search(line.text) and read_result(line.text, line.start).votes is None:
            target.kind, target.motion = "agreed", False
        else:
            self._attach_result(line.text, line.start)
        return line.i + 1

    def _read_quoted_then_agreed(self, line: Line) -> int | None:
        """A quoted motion followed by "Proposed by X, seconded by Y and agreed.": agreed."""
        if not re.match(r"\s*[\"“]", line.text):
            return None
        j = self._quote_end(line.i)
        movers = self._agreed_proposal(j + 1)
        if movers is None:
            return None
        found = FoundDecision(line.start, self.sentences[j][1], "agreed")
        found.take_movers(movers)
        self._add(found)
        return j + 2

    def _read_notice_quote(self, line: Line) -> int | None:
        """ "NOTICE OF MOTION No. 7 – Cllr. X" / "\"That the Council …\"" (the heading line
        and the quoted motion read as one sentence, or the quote on its own): the motion, moved
        by the member the heading named."""
        notice = line.notice
        quoted_at = _quote_after_heading(line.text) if notice is not None else None
        if quoted_at is None or notice is None:
            return None
        j = self._quote_end(line.i)
        found = FoundDecision(line.start + quoted_at, self.sentences[j][1], "motion", motion=True)
        found.mover = notice[0]
        found.evidence["mover"] = notice[1]
        self._add(found)
        return j + 1

    def _read_seconder(self, line: Line) -> int | None:
        """ "This was seconded by X.", "SECOND: Council Member Sandoval.": the seconder of the
        open motion, or of the mover waiting for its decision. A sentence that goes on to a
        result ("… seconded by Y and carried") is read again for it."""
        if "second" not in line.low:
            return None
        s, sentence = line.start, line.text
        if not (
            WAS_SECONDED.search(sentence)
            or SUBJECT_SECONDED.search(sentence)
            or SECONDED_BY.search(sentence)  # "SECOND: Council Member Sandoval."
        ):
            return None
        sec = read_movers(sentence, s)
        target = self._open_motion(False)
        if sec.seconder and target is not None and target.seconder is None:
            _second(target, sec, line)
        elif sec.seconder and self.pending.mover and self.pending.seconder is None:
            # "X moved the recommendations." … "The recommendations were seconded by Y."
            self.pending.seconder = sec.seconder
            if "seconder" in sec.evidence:
                self.pending.evidence["seconder"] = sec.evidence["seconder"]
        if re.search(r"\b(?:carried|lost|defeated|agreed)\b", sentence, re.I):
            return None
        return line.i + 1

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


def _agreed_on_proposal(line: Line, movers: Pending) -> int | None:
    """Where the decision starts when the sentence says it was made on the proposal it
    names: "The minutes … were adopted on the proposal of Cllr. Dunphy, seconded by …", "a)
    Payments totalling £4,212.60 as listed below were approved for payment (proposed Cllr
    Kneale, seconded Cllr Chuter, nem con)." (at the sentence's start), "The Members approved
    the Plan on the proposal of …" (at the body's words, after any heading above them)."""
    sentence = line.text
    agreed_on = WAS_AGREED.search(sentence) if "of" in line.low else None
    bracket = TRAILING_BRACKET.search(sentence)
    in_bracket = (
        agreed_on is None
        and bracket is not None
        and min(a for a, _ in movers.evidence.values()) >= line.start + bracket.start()
        and WAS_AGREED.search(sentence[: bracket.start()] + ".") is not None
    )
    if in_bracket:
        agreed_on = WAS_AGREED.search(sentence)
    start = line.start
    if agreed_on is None and "of" in line.low:
        # "The Members approved the draft Operational Plan … on the proposal of Cllr. X,
        # seconded by Cllr. Y." (the body's verb, the movers after it)
        body = BODY_AGREED.search(sentence)
        first_name = min(a for a, _ in movers.evidence.values()) - line.start
        if body is not None and body.start() < first_name:
            agreed_on, start = body, line.start + body.start()
    if agreed_on is None or not (in_bracket or ON_PROPOSAL.search(sentence, agreed_on.start())):
        return None
    return start


def _agreed_then_movers(line: Line, movers: Pending) -> int | None:
    """Where the text starts of "The Committee agreed, on the motion of X, seconded by Y, to
    refuse …" (the movers between the body's verb and its text)."""
    s, sentence = line.start, line.text
    body = BODY_AGREED_ON.search(sentence)
    if body is None or not movers.evidence:
        return None
    named_end = max(b for _, b in movers.evidence.values()) - s
    text = re.match(r"\s*,?\s*(?=(?:that|to)\b)", sentence[named_end:])
    return s + named_end + text.end() if text is not None else None


# "The minutes of the meeting held on 10th September were proposed by Cllr. X, seconded by Ms.
# Y and agreed.", "The minutes … were adopted, proposed by Mr. X and seconded by Ms. Y.": a
# record the meeting agrees, its movers inside its own sentence
_MINUTES_MOVED = re.compile(
    r"\W*(?:The\s+)?(?:minutes|notes\s+of\s+the\s+meeting|(?:annual\s+)?accounts|annual\s+return|"
    r"budget|precept)\b[^.;]{0,160}?\b(?<![Ii]t\s)(?:was|were)\s+(?:(?:adopted|approved|agreed|confirmed|"
    r"accepted|signed)(?:\s+as\s+[^,.;]{1,30})?\s*,?\s*)?(?:proposed|moved)\s+by\b",
    re.IGNORECASE,
)


def _minutes_with_movers(line: Line) -> int | None:
    """Where the decision starts of a record agreed with its movers inside its sentence."""
    text = line.text
    # (the latest line it starts on: a heading "Minutes" may run into the sentence)
    for at in reversed([0] + [m.end() for m in re.finditer(r"\n", text)]):
        if _MINUTES_MOVED.match(text, at):
            return line.start + at + len(text[at:]) - len(text[at:].lstrip())
    return None


def _adopted_after(line: Line, movers: Pending) -> int | None:
    """Where a decision starts that a body made right after the movers its sentence names:
    "Proposed by Cllr. X, seconded by Cllr. Y, the Members adopted the Schedule …"."""
    s, sentence = line.start, line.text
    named_end = max(b for _, b in movers.evidence.values()) - s if movers.evidence else 0
    adopted = BODY_AGREED.search(sentence, named_end) or ELECTED.search(sentence, named_end)
    if adopted is not None and re.fullmatch(
        r"\W*(?:and\s+)?", sentence[named_end : adopted.start()]
    ):
        return s + adopted.start()
    # "Proposed by Cllr. X, seconded by Cllr. Y, the minutes of the meeting of 10th March
    # 2026 were adopted.": the subject after the movers, then its passive verb
    # ("Proposed by A, seconded by B and agreed, the minutes … were adopted.")
    lead = re.match(r"\s*(?:and\s+agreed\s*)?,\s*(?=(?:the|The|this|This)\s)", sentence[named_end:])
    was = WAS_AGREED.search(sentence, named_end) if lead is not None else None
    if (
        lead is not None
        and was is not None
        and not re.search(r"[.;:]", sentence[named_end + lead.end() : was.start()])
    ):
        return s + named_end + lead.end()
    return None


def _second(target: FoundDecision, sec: Pending, line: Line) -> None:
    """The open motion takes the seconder ``sec`` names, and the agreement the sentence goes
    on to ("This was seconded by X and, on a show of hands, was agreed.")."""
    s = line.start
    sec_end = sec.evidence.get("seconder", (s, s))[1]
    target.seconder = sec.seconder
    if "seconder" in sec.evidence:
        target.evidence["seconder"] = sec.evidence["seconder"]
    if sec.agreed:
        target.kind = "agreed" if target.kind == "motion" else target.kind
        target.result.outcome = target.result.outcome or None
        target.motion = target.kind != "agreed"
    elif agreed := re.search(
        r"\bwas\s+(?:then\s+)?(?:unanimously\s+)?agreed\b", line.text[sec_end - s :]
    ):
        target.result.outcome = target.result.outcome or "carried"
        target.evidence.setdefault("outcome", (sec_end + agreed.start(), sec_end + agreed.end()))


def _quote_after_heading(sentence: str) -> int | None:
    """Where a quoted motion starts in a sentence: at its start, or on the line after a
    notice-of-motion heading joined to it."""
    if re.match(r"\s*[\"“‘']", sentence):
        return 0
    heading = NOTICE_HEADING.search(sentence)
    line_end = sentence.find("\n", heading.end()) if heading else -1
    if line_end < 0:
        return None
    # (the motion's text quoted, or set out as it was moved: "That this Council writes …")
    quote = re.match(r"\s*(?=[\"“‘']|That\s)", sentence[line_end:])
    return line_end + quote.end() if quote else None


def _table_rows(text: str) -> bool:
    """Is ``text`` only lines laid out in columns (a table flattened to text)?"""
    lines = [line for line in text.split("\n") if line.strip()]
    gaps = [len(_COLUMN_GAPS.findall(line)) for line in lines]
    return bool(gaps) and min(gaps) >= 1 and max(gaps) >= 2  # (a total row has one gap)


# Gaps of two spaces or more between the words of a line laid out in columns
_COLUMN_GAPS = re.compile(r"\S[ \t]{2,}(?=\S)")
