"""Decisions opened by a formula: "RESOLVED: That …", "RECOMMENDED to Cabinet that:", "It was
AGREED that …", the fields of a table row ("Proposal: That … / Result: Agreed", "Decision:
Approved …"), a "WHEREAS … BE IT RESOLVED" motion under its movers and a restated motion under
its heading ("Main Motion as Amended:"). The decision runs on over the sentences that continue
it (``Spans._extend``). Each reading returns the next sentence to read, or None when the
sentence is not its kind (``reader.Reader._decision_at`` then tries the next)."""

from __future__ import annotations

import re

from .found import FoundDecision
from .line import Line
from .movers import ON_PROPOSAL, Pending, paired_movers, read_movers
from .names import body_after
from .patterns import (
    AGREED,
    AGREED_LINE,
    AND_AGREED,
    DECISION_FIELD,
    LIST_HEAD,
    LIST_MARK,
    MOTION_FIELD,
    PAST,
    RECOMMENDED,
    RESOLVED,
    RESTATED_HEADING,
)
from .results import read_result
from .trailing import Trailing

# A vote told between "It was agreed" and its text: ", by 7 votes to 3, that …"
_VOTE_CLAUSE = re.compile(
    r"\s*,\s*(?P<clause>(?:by\s+|on\s+a\s+show\s+of\s+hands\b|following\s+a\s+vote\b)"
    r"[^,;.]{0,60}?)\s*,\s*(?=(?:that|to)\b)",
    re.IGNORECASE,
)

# Heading lines above a line that opens with a capitalised "RECOMMENDED" (kept in its sentence)
_HEADING_ABOVE = re.compile(r"(?:[^\n]*\n)+?(?=[ \t]*(?:RECOMMENDED|Recommended)\b)")


class Formulas(Trailing):
    """Readings of a sentence that opens a decision with a formula."""

    def _read_whereas_motion(self, line: Line) -> int | None:
        """ "Moved by: X / Seconded by: Y / WHEREAS …; NOW THEREFORE BE IT RESOLVED THAT …": a
        motion (put to the vote below), not a resolution already made."""
        if not (line.has_resolved and line.has_movers):
            return None
        preamble = _whereas_motion(line.text, line.start)
        if preamble is None:
            return None
        named, at = preamble
        start = line.start + at
        end, j = self._extend(line.i, start, motion=True)
        found = FoundDecision(start, end, "motion", motion=True)
        found.take_movers(named)
        self._add(found)
        return j + 1

    def _read_resolved(self, line: Line) -> int | None:
        """ "RESOLVED: That …", with the vote before the formula or in it, the movers before it
        ("It was proposed by X, seconded by Y and RESOLVED that …") or after it ("Resolved, on
        the motion of X, seconded by Y, that …") and the bracket after the text."""
        if not line.has_resolved:
            return None
        s, e, sentence = line.start, line.end, line.text
        m = RESOLVED.search(sentence)
        if not m or not _is_formula(sentence, m):
            return None
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
        end, j = self._extend(line.i, start)
        found = FoundDecision(start, end, kind, to_body=to_body)
        lead_movers = read_movers(lead, lead_base) if lead.strip() else None
        if lead_movers is not None and lead_movers.mover:
            # "It was proposed by X, seconded by Y and RESOLVED that …"
            found.take_movers(lead_movers)
        _formula_result(found, m, s)
        self._add(found)
        return j + 1 + self._bracketed_after(found, j)

    def _lead(self, lead: str, base: int) -> None:
        """Text before a RESOLVED formula in its sentence ("Upon a vote being taken, 8 voted
        in favour and 2 against, and it was")."""
        result = read_result(lead, base)
        if not result.empty:
            self.pending.result.merge(result)

    def _read_recommended(self, line: Line) -> int | None:
        """ "RECOMMENDED to Cabinet that:" (in capitals, or with its colon): a recommendation
        and the body it goes to."""
        if "recommended" not in line.low:
            return None
        s, sentence = line.start, line.text
        # (the item's heading line, with no full stop, is part of the sentence: "HWB 26/36
        # Homelessness Strategy / RECOMMENDED to the Partnership Board that …")
        below = _HEADING_ABOVE.match(sentence)
        if below is not None:
            s, sentence = s + below.end(), sentence[below.end() :]
        m = RECOMMENDED.match(sentence)
        if not m or not (
            sentence.lstrip().startswith("RECOMMENDED")
            or ":" in m.group(0)
            or (m.group("subject") and m.group("body"))
        ):
            return None
        start = s + m.end()
        end, j = self._extend(line.i, start)
        body = body_after(m.group("body")) if m.group("body") else None
        found = FoundDecision(start, end, "recommended", to_body=body)
        indent = len(m.group(0)) - len(m.group(0).lstrip())
        found.evidence["formula"] = (s + m.start() + indent, start)
        self._add(found)
        return j + 1

    def _read_agreed(self, line: Line) -> int | None:
        """ "It was AGREED that …", "AGREED:" then its text, "… and agreed to …" (not "had
        agreed"), with the movers its sentence names before or after the formula."""
        if not line.has_agreed:
            return None
        s, sentence = line.start, line.text
        m = AGREED.search(sentence) or AGREED_LINE.match(sentence) or AND_AGREED.search(sentence)
        if not m or PAST.search(sentence[: m.start()]):
            return None
        rest = sentence[m.end() :]
        movers = read_movers(rest, s + m.end()) if ON_PROPOSAL.search(rest) else None
        tm = re.search(r"(?:^|,\s*|\s)(?=(?:that|to)\b)", rest) if movers else None
        # "It was agreed, by 7 votes to 3, that …", "It was agreed, on a show of hands, to …":
        # the vote in a clause between the formula and the text
        vote = None if movers else _VOTE_CLAUSE.match(rest)
        start = s + m.end() + (tm.end() if tm else vote.end() if vote else 0)
        if not rest.strip() and line.i + 1 >= len(self.sentences):
            return None  # (nothing after the formula, and no sentence after it)
        kind, to_body, start = self._recommending("agreed", start)
        end, j = self._extend(line.i, start)
        found = FoundDecision(start, end, kind, to_body=to_body)
        found.evidence["formula"] = (
            s + m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
            s + m.end(),
        )
        if re.search(r"\bunanimously\b", m.group(0), re.IGNORECASE):
            found.result.unanimous = True  # "It was unanimously agreed that …"
            found.result.outcome = "carried"
        if vote is not None:
            found.result.merge(read_result(vote.group("clause"), s + m.end() + vote.start(1)))
            found.result.outcome = found.result.outcome or "carried"
        # (a line formula's match holds the lines above it: a form's movers among them)
        lead_end = m.end() if m.re is AGREED_LINE else m.start()
        movers = _agreement_movers(sentence[:lead_end], s, movers)
        if movers and movers.mover:
            found.take_movers(movers)
        self._add(found)
        return j + 1

    def _read_motion_field(self, line: Line) -> int | None:
        """ "Proposal: That … / Proposed by: X / Seconded by: Y / Result: Agreed" (a table):
        the motion, its movers and its result."""
        s, e = line.start, line.end
        motion_field = MOTION_FIELD.match(line.text)
        if not motion_field:
            return None
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
        # (after ``_add``, which takes the row as a motion: as an agreement it could take in an
        # earlier motion)
        _result_field(found, rest, end)
        return line.i + 1

    def _read_decision_field(self, line: Line) -> int | None:
        """ "Proposer: Cllr A  Seconder: Cllr B / Votes: 7-3-1 / Decision: Approved subject to
        …": the decision, with the movers and the vote named before its field."""
        if "decision" not in line.low and "outcome" not in line.low:
            return None
        s, sentence = line.start, line.text
        field = DECISION_FIELD.search(sentence)
        if not field or RESOLVED.match(sentence, field.end()):
            return None
        lead = sentence[: field.start()]
        start = s + field.end()
        end, j = self._extend(line.i, start)
        found = FoundDecision(start, end, "agreed")
        movers = read_movers(lead, s)
        if movers.mover:
            found.take_movers(movers)
        if lead.strip():
            found.result.merge(read_result(lead, s))
        self._add(found)
        return j + 1

    def _read_restated_motion(self, line: Line) -> int | None:
        """ "Main Motion as Amended:" then its text: the motion as it was put, recorded here in
        place of its first wording (same mover and seconder)."""
        i = line.i
        if not RESTATED_HEADING.fullmatch(line.text) or i + 1 >= len(self.sentences):
            return None
        ns = self.sentences[i + 1][0]
        if not re.match(r"\s*[\"“]?(?:That|THAT)\b", self.text[ns : self.sentences[i + 1][1]]):
            return None
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


def _is_formula(sentence: str, m: re.Match[str]) -> bool:
    """Does the match ``m`` of the RESOLVED pattern open a resolution, rather than mention
    one ("the Council had resolved …")?"""
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
    if word == "resolved" and not before.strip() and (sep.strip() or re.match(r"that\b", after)):
        return True
    if re.search(r"\bseconded\s+by\b[^;]{1,60}?\band\s*$", before) and (
        re.match(r"(?:that|to)\b", after) or sep.strip()
    ):
        return True  # "It was proposed by X, seconded by Y and resolved that …"
    return bool(lead) and bool(re.match(r"(?:that|to)\b", after))


def _formula_result(found: FoundDecision, m: re.Match[str], base: int) -> None:
    """The result a RESOLVED formula states in its own words, and where the formula is
    (``m`` matched in the sentence at ``base``)."""
    if (m.group("paren") and re.search(r"unanim|nem", m.group("paren"), re.I)) or m.group("unan"):
        found.result.unanimous = True
        found.result.outcome = "carried"
    elif m.group("majority"):  # "RESOLVED by a majority: That …"
        found.result.merge(read_result(m.group("majority"), base + m.start("majority")))
        found.result.outcome = "carried"
    elif m.group("paren"):  # "RESOLVED (by nine votes to one, with one abstention) -"
        found.result.merge(read_result(m.group("paren"), base + m.start("paren")))
        inner = m.group("paren").strip()[1:-1]  # "RESOLVED (Cr Nguyen/Cr Singh) 26/301"
        pair = paired_movers(inner, base + m.start("paren") + m.group("paren").index("(") + 1)
        if pair.mover and found.mover is None:
            found.take_movers(pair)
    found.evidence["formula"] = (base + m.start("word"), base + m.end("word"))
    if m.group("tally"):  # "and resolved by 4 votes to 1 that …"
        found.result.merge(read_result(m.group("tally"), base + m.start("tally")))


def _agreement_movers(lead: str, base: int, after: Pending | None) -> Pending | None:
    """The movers of an agreement: those named after its formula ("agreed, on the proposal of
    X, …, that …"), else those named before it ("On the proposal of X, seconded by Y, it was
    agreed")."""
    if (after is None or not after.mover) and (
        ON_PROPOSAL.search(lead)
        or re.search(r"\b(?:proposed|moved)\s+by\b", lead, re.I)
        # ("Proposed: Councillor X" / "Seconded: Councillor Y" on the lines above "AGREED:")
        or re.search(r"(?m:^)[ \t]*(?:Proposed|Moved|Proposer)(?:[ \t]+by)?[ \t]*:", lead)
    ):
        return read_movers(lead, base)
    return after


def _result_field(found: FoundDecision, rest: str, base: int) -> None:
    """The result a table row gives after a motion's movers: "Result: Agreed" makes the
    motion an agreement; any other result is the motion's."""
    agreed = re.search(r"\bResult\s*:\s*(Agreed(?:\s+unanimously)?)\b", rest, re.IGNORECASE)
    if agreed:
        found.kind, found.motion = "agreed", False
        found.evidence["outcome"] = (base + agreed.start(1), base + agreed.end(1))
        found.evidence["statement"] = found.evidence["outcome"]
        if re.search(r"unanimous", rest, re.IGNORECASE):
            found.result.unanimous, found.result.outcome = True, "carried"
    elif rest.strip():
        found.result.merge(read_result(rest, base))


def _whereas_motion(sentence: str, base: int) -> tuple[Pending, int] | None:
    """The movers, and where the motion starts, of a sentence that names its movers and then
    gives a "WHEREAS … BE IT RESOLVED THAT …" motion."""
    if not re.search(r"\bBE\s+IT\s+(?:FURTHER\s+)?RESOLVED\b", sentence, re.IGNORECASE):
        return None
    where = re.search(r"\b(?:WHEREAS|Whereas)\b", sentence)
    if where is not None:
        named_before, start = where.start(), where.start()
    else:
        # "Moved by X / Seconded by Y / BE IT RESOLVED THAT Council award …" (no preamble):
        # the motion's own words, whatever the vote below makes of it
        be_it = _BE_IT_RESOLVED.search(sentence)
        if be_it is None:
            return None
        named_before, start = be_it.start(), be_it.end()
    movers = read_movers(sentence[:named_before], base)
    return (movers, start) if movers.mover else None


_BE_IT_RESOLVED = re.compile(
    r"\b(?:NOW\s+THEREFORE\s+)?BE\s+IT\s+RESOLVED\s+(?=THAT\b|That\b|that\b)", re.IGNORECASE
)


# A list marker and a short title ending in a colon, at a line's start: "(c) AGAR 2024/25: "
_LINE_TITLE = re.compile(rf"(?:\s*{LIST_MARK})?\s*[A-Z][^.:;]{{0,60}}:\s*")
