"""Find the decisions recorded in the text of one agenda item.

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
from dataclasses import dataclass, field

from rag.text import split_sentences

from .names import NAME_START, body_after, read_name
from .results import Result, called_in, read_result, withdrawn

__all__ = ["FoundDecision", "extract_decisions", "extract_item_decisions"]

_BODY_WORDS = (
    r"(?:Committee|Sub-Committee|Council|Cabinet|Board|Panel|Executive|Forum|Members|Meeting|"
    r"Group|Assembly|Authority|Partnership|SPC|District|Commission)"
)
_RESOLVED = re.compile(
    rf"(?P<lead>\b(?:[Aa]nd\s+)?[Ii]t\s+was\s+(?:further\s+|also\s+|therefore\s+|accordingly\s+)?|"
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}\s+(?:unanimously\s+|further\s+)?)?"
    r"(?P<word>\bRESOLVED\b|\bResolved\b|\bresolved\b)"
    r"(?P<paren>\s*\((?:[^()\n]{0,40})\))?(?P<unan>\s+unanimously)?"
    r"(?P<tally>\s+by\s+(?:\d{1,3}|[a-z]+)\s+votes?\s+to\s+(?:\d{1,3}|[a-z]+)"
    r"(?:,?\s+with\s+(?:\d{1,3}|[a-z]+)\s+abstentions?)?)?"
    r"(?P<sep>\s*(?::-|:|–|—|-)\s*|\s+)"
)
_RECOMMEND_LEAD = re.compile(
    r"(?i:to\s+recommend)(?:\s+to\s+(?P<body>(?:the\s+)?(?:full\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}))?"
    r"\s*(?:that\b|:)?\s*[:\-–]?\s*",
)
_RECOMMENDED = re.compile(
    r"^\s*(?:It\s+was\s+)?(?:RECOMMENDED|Recommended)\b"
    r"(?:\s+to\s+(?P<body>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}?))?"
    r"\s*(?::|–|-)?\s*(?:that\b)?\s*[:\-–]?\s*"
)
_AGREED = re.compile(
    r"\b(?:[Aa]nd\s+)?[Ii]t\s+was\s+(?:further\s+|also\s+|unanimously\s+|therefore\s+|then\s+|"
    r"accordingly\s+)*(?:AGREED|agreed|Agreed)\b(?P<sep>\s*[:\-–]?\s*)",
)
_AGREED_LINE = re.compile(
    rf"^\s*(?:(?:The\s+)?{_BODY_WORDS}\s+(?:unanimously\s+)?(?:agreed|AGREED)\s*(?::-|:)|"
    r"(?:AGREED|Agreed)\b\s*(?::-|:|–|—|-)?)\s*"
)
_BODY_AGREED = re.compile(
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}\s+(?:unanimously\s+|also\s+|further\s+|then\s+)?"
    r"(?:AGREED\b|agreed\s+to\s+(?!the\s+view)[A-Za-z]+|agreed\s+(?!that\b|with\b)[a-z]+|"
    r"(?:approved|endorsed|adopted|confirmed|ratified)\s+(?!that\b)\w+)"
)
_BODY_NOTED = re.compile(
    rf"\b(?:The\s+|the\s+)?{_BODY_WORDS}\s+(?:formally\s+|duly\s+)?(?:NOTED|noted)\s+(?!that\b)"
)
_WAS_NOTED = re.compile(
    r"\b(?:was|were)\s+(?:duly\s+|formally\s+)?(?:received\s+and\s+)?(?:noted|NOTED)\s*[.;]?$"
)
_WAS_AGREED = re.compile(
    r"(?<!been\s)\b(?:was|were)\s+(?:unanimously\s+|duly\s+)?(?:submitted\s+and\s+)?"
    r"(?:agreed|approved|adopted|confirmed(?:\s+and\s+(?:adopted|signed|approved))?|signed)"
    r"(?:\s+(?:as\s+(?:a\s+|an\s+)?(?:correct|true|accurate)\s+record|as\s+presented|"
    r"as\s+circulated|as\s+amended|and\s+signed|by\s+the\s+\w+))*\s*[.;]?$",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(
    r"\b(?:the\s+)?(?:item|application|report|matter|petition|motion)\s+(?:was|were)\s+"
    r"(?:deferred|withdrawn)\b",
    re.IGNORECASE,
)
_NAME = NAME_START
_PROPOSED_BY = re.compile(
    r"(?P<it>\bIt\s+was\s+)?\b(?:(?:Proposed|proposed|PROPOSED|Moved|moved|MOVED)"
    r"(?:\s+(?i:by)\s*:?|\s*:)|(?:Motion|Amendment)\s+by)\s*(?=" + _NAME + ")"
)
_SECONDED_BY = re.compile(
    r"\b(?:Seconded|seconded|SECONDED)(?:\s+(?i:by)\s*:?|\s*:)\s*(?=" + _NAME + ")"
)
_ON_PROPOSAL = re.compile(r"\bon\s+the\s+(?:proposal|motion)\s+of\s+(?=" + _NAME + ")", re.I)
_SUBJECT_MOVED = re.compile(
    r"(?:^|(?<=[\s(]))(?P<who>" + _NAME + r"(?:\s+[A-Z][\w'’\-]*){0,2})\s*(?:,[^,]{1,60},\s*)?"
    r"(?:then\s+|also\s+|subsequently\s+)?(?P<verb>moved|proposed)\b"
)
_SUBJECT_SECONDED = re.compile(
    r"(?P<who>" + _NAME + r"(?:\s+[A-Z][\w'’\-]*){0,2})\s*,?\s*seconded\b"
)
_WAS_SECONDED = re.compile(
    r"\b(?:The\s+|the\s+)?(?:proposal|motion|amendment|recommendation)s?\s+(?:was|were)\s+"
    r"seconded\s+by\s+|\bThis\s+was\s+seconded\s+by\s+",
)
_NOTICE_HEADING = re.compile(
    r"\bNOTICE\s+OF\s+MOTION\b[^\n]*?[–\-:]\s*(?=" + _NAME + r")", re.IGNORECASE
)
_THAT = re.compile(r"[\s,]*(?P<w>that|to|That)\b")
_QUOTES = "\"“”'‘’"
_LIST_HEAD = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|[•\-–])(?:\s|$)")
_DEFER = re.compile(
    r"\b(?:be|was|were|is|being)\s+deferred\b|\bto\s+defer\b|\bdeferral\s+of\b|"
    r"\b(?:hearing|application|item|matter|consideration)\s+be\s+adjourned\b|"
    r"\bcontinue\s+consideration\b|\bbe\s+continued\s+to\b",
    re.IGNORECASE,
)
_NOTE_ONLY = re.compile(
    r"^\W*(?:to\s+)?(?:note|receive)\s+the\b[^;]*$|"
    r"^\W*(?:that\s+)?(?:the\s+)?[^;]*?\b(?:be|is|was|were)\s+(?:duly\s+)?(?:noted|received"
    r"(?:\s+and\s+noted|\s+for\s+information)?)(?:\s+for\s+information)?\W*$",
    re.IGNORECASE,
)
_OTHER_EFFECT = re.compile(
    r"\bbe\s+(?!noted\b|received\b)[a-z]+(?:ed|en|wn)\b|\b(?:approve|agree|adopt|endorse|"
    r"authorise|authorize|recommend|refer|ask|request|write)\b",
    re.IGNORECASE,
)
_RECOMMEND_TO = re.compile(
    r"\brecommend(?:s|ed|ing)?\s+to\s+(?=(?:the\s+)?(?:full\s+)?[A-Z])|"
    r"\breferred\s+(?:back\s+)?to\s+(?=(?:the\s+)?[A-Z][^.;]{0,80}?,?\s+with\s+(?:the\s+|a\s+)?"
    r"recommendation)|\brecommendation\s+to\s+(?=(?:the\s+)?[A-Z])"
)
_BE_RECOMMENDED = re.compile(
    r"(?:the\s+)?(?P<body>Full\s+Council|Council|Cabinet|Executive)\s+be\s+recommended\s+to\b"
)
_PAST = re.compile(
    r"\b(?:had|has|have|having|previously|already|earlier)\s+(?:been\s+|also\s+)?$|"
    r"\b(?:in|of)\s+$|\b(?:had|has|have)\b[^.;:]{0,40}$"
)
_AMENDMENT = re.compile(r"\bamendment\b|\bamended\s+by\b|motion\s+be\s+amended", re.IGNORECASE)
_TEXT_AFTER_MOVER = re.compile(
    r"(?:[\s,]|\b(?:then|moved|proposed|seconded|and|unanimously|agreed|resolved|as|an|"
    r"amendment|amend-\s*ment|motion|it|was|the|following|a|further)\b)*?"
    r"(?P<w>[\"“‘]?\b(?:that|to)\b|(?<!seconded)(?<!proposed)(?<!moved):-?)",
    re.IGNORECASE,
)
# Words without which a sentence can neither record a decision nor its result (a cheap test
# that spares most sentences the full set of patterns; ingest reads every sentence).
_TRIGGER = re.compile(
    r"resolv|agree|recommend|\bmov(?:e|ed|ing)\b|propos|second|\bnot(?:e|ed)\b|defer|withdr|"
    r"carri|\blost\b|\bvot|motion|amend|division|approv|adopt|confirm|\bsigned\b|call|unanim|"
    r"\bfell\b|\bfalls\b|defeat|pass|yeas|nays|ayes|noes|against|abstain|abstention|favour|"
    r"opposed|endors|ratif|"
    r"declared|received|\btie\b|fail|decision|refer|continu|\bfor\s*[:(\d]|\bfor\s+the\s+m|\bfor\s+the\s+a|\d+\s+to\s+\d+|"
    r"^\s*[\"“‘']",
    re.IGNORECASE,
)
_RESTATED_HEADING = re.compile(
    r"\s*(?:Main|Substantive)\s+Motion(?:\s+as\s+Amended)?\s*:?\s*", re.IGNORECASE
)
# A heading line that introduces the text of a motion or amendment ("Motion" / "Amendment"),
# whose mover follows it ("- moved by Councillor MacRae, seconded by Councillor Dunbar.").
_MOTION_HEADING = re.compile(r"\s*(?:Motion|Amendment|MOTION|AMENDMENT)\s*:?\s*")
_MOVED_AFTER = re.compile(r"\s*[-–—]?\s*(?:moved|proposed)\s+by\b")
_QUOTED_BEFORE = re.compile(r"[\"“](?P<text>That\b[^\"”]{10,2000}?)[\"”]\s*$")
_ORIGINAL = re.compile(r"\b(?:substantive|original|main|amended)\s+motion\b", re.IGNORECASE)


@dataclass
class FoundDecision:
    """One decision as read from the text; offsets index the text given."""

    start: int
    end: int
    kind: str
    motion: bool = False  # moved text whose own result is recorded (a motion or amendment)
    mover: str | None = None
    seconder: str | None = None
    to_body: str | None = None
    result: Result = field(default_factory=Result)
    called_in: bool = False
    outcome: str = "unknown"
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    restatement: bool = False
    merged: bool = False


@dataclass
class _Pending:
    mover: str | None = None
    seconder: str | None = None
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    result: Result = field(default_factory=Result)
    amendment: bool = False
    restatement: bool = False
    agreed: bool = False
    at: int = 0  # where the mover line was read

    @property
    def empty(self) -> bool:
        return self.mover is None and self.result.empty


def _normalise(text: str) -> str:
    """Same length as ``text``: CR, NBSP and thin spaces become plain spaces."""
    return text.translate({0x0D: " ", 0xA0: " ", 0x2009: " ", 0x202F: " "})


_MOVED_LATER = re.compile(
    r"\band\s+(?:then\s+)?(?:proposed|moved)\s+(?:an?\s+|the\s+)?(?:amendment|motion)\b", re.I
)
_TITLED_START = re.compile(
    r"\s*(?P<who>(?:Councillor|Cllr\.?|Alderman|Mayor|Deputy\s+Mayor)\s+[A-Z])"
)
_PRONOUN = re.compile(r"(?:It|This|He|She|They|The)\b")


def _role_name(
    sentence: str, formulas: tuple[re.Pattern[str], ...], subject: re.Pattern[str]
) -> tuple[str, int, int] | None:
    """The person a role formula names ("Proposed by X", "on the proposal of X"), else the
    subject of the role's verb ("X moved", "X seconded")."""
    for pattern in formulas:
        m = pattern.search(sentence)
        if m:
            name = read_name(sentence, m.end())
            if name:
                return name
            # "seconded by the Deputy Leader of the Council (Cllr Fiona Gallimore)"
            role = re.match(r"\s*the\s+[^()]{3,60}?\(\s*", sentence[m.end() :])
            if role:
                name = read_name(sentence, m.end() + role.end())
                if name:
                    return name
    m = subject.search(sentence)
    if m and not _PRONOUN.match(m.group("who")):
        return read_name(sentence, m.start("who"))
    return None


def _movers(sentence: str, base: int) -> _Pending:
    """Mover and seconder named in one sentence."""
    found = _Pending()
    mover = _role_name(sentence, (_PROPOSED_BY, _ON_PROPOSAL), _SUBJECT_MOVED)
    subject = _TITLED_START.match(sentence)
    if mover is None and subject is not None and _MOVED_LATER.search(sentence):
        # "Councillor Morris said that … and proposed an amendment, seconded by …": the
        # sentence's subject moved it.
        mover = read_name(sentence, subject.start("who"))
    if mover:
        found.mover = mover[0]
        found.evidence["mover"] = (base + mover[1], base + mover[2])
    seconder = _role_name(sentence, (_SECONDED_BY, _WAS_SECONDED), _SUBJECT_SECONDED)
    if seconder and seconder[0] != found.mover:
        found.seconder = seconder[0]
        found.evidence["seconder"] = (base + seconder[1], base + seconder[2])
    found.amendment = bool(re.search(r"\bamend-?\s*ment\b", sentence, re.IGNORECASE))
    found.agreed = bool(re.search(r"\band\s+(?:unanimously\s+)?agreed\b", sentence))
    return found


class _Reader:
    def __init__(self, text: str) -> None:
        self.raw = text
        self.text = _normalise(text)
        self.sentences = split_sentences(self.text)
        self.found: list[FoundDecision] = []
        self.pending = _Pending()
        # The motion and amendment a division is being read for (its lines come one by one).
        self.division: tuple[FoundDecision | None, FoundDecision | None] | None = None
        # What the vote being read is on, from a heading line ("Vote on the Main Motion:", "A
        # recorded vote was taken on the amendment:"): "original", "amendment" or "".
        self.vote_on = ""

    # -- spans -------------------------------------------------------------------------
    def _sentence(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]

    def _continues(self, block_text: str, i: int, motion: bool) -> bool:
        """Does sentence ``i`` continue a decision whose text so far is ``block_text``?"""
        nxt = self._sentence(i)
        if _RESOLVED.match(nxt) or _PROPOSED_BY.match(nxt) or _opens_result(nxt):
            return False
        tail = block_text.rstrip(_QUOTES + " ")
        last_line = block_text.rsplit("\n", 1)[-1].strip()
        if open_quote(block_text) or _LIST_HEAD.fullmatch(last_line + " "):
            return True  # inside a quotation, or a list marker alone on its line
        nxt_marker = _marker(nxt)
        if nxt_marker is not None:
            if tail.endswith((":", ";", "; and", "; or", ",", "That", "that")):
                return True
            last = _last_marker(block_text)
            return last is not None and last[0] == nxt_marker[0] and nxt_marker[1] == last[1] + 1
        if tail.endswith(("; and", ";", ", and", " and", "That", "that", ":")):
            return bool(re.match(r"[\"“‘']?(?:That|that|[a-z])", nxt)) or (
                not motion and tail.endswith((":", "That", "that"))
            )
        return False

    def _extend(self, i: int, start: int, motion: bool = False) -> tuple[int, int]:
        """End of a decision that starts at ``start`` inside sentence ``i``: (end, last i).

        A formula that ends its sentence ("AGREED:", "RESOLVED: That") takes the next one."""
        end = self.sentences[i][1]
        j = i
        if not self.text[start:end].strip(" \t\n:-–") and i + 1 < len(self.sentences):
            j = i + 1
            end = self.sentences[j][1]
        while j + 1 < len(self.sentences) and self._continues(self.text[start:end], j + 1, motion):
            j += 1
            end = self.sentences[j][1]
        return end, j

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Without enclosing quote marks and a trailing vote bracket such as '(Unanimous)'."""
        body = self.text[start:end]
        m = re.search(r"\s*\((?:unanimous(?:ly)?|for\s+\d[^)]*|carried[^)]*)\)\s*$", body, re.I)
        if m:
            end = start + m.start()
            body = self.text[start:end]
        if body[:1] in "\"“‘'" and not open_quote(body):
            closing = body.rstrip()
            last = closing[-1:] if closing[-1:] in "\"”’'" else closing[-2:-1]
            if last in "\"”’'":
                cut = closing.rfind(last)
                start += 1
                end = start - 1 + cut
                while end > start and self.text[end - 1] == " ":
                    end -= 1
        while start < end and self.text[start] in " \t\n":
            start += 1
        return start, end

    # -- decisions ---------------------------------------------------------------------
    def _add(self, found: FoundDecision) -> FoundDecision:
        self.division = None
        self.vote_on = ""
        found.start, found.end = self._trim(found.start, found.end)
        pending, self.pending = self.pending, _Pending()
        if pending.mover and found.mover is not None and found.kind == "amendment":
            # "X moved the recommendations, seconded by Y." then an amendment: the
            # recommendations' mover waits for the resolution that records them.
            self.pending = pending
            pending = _Pending()
        if pending.mover and found.mover is None:
            found.mover, found.seconder = pending.mover, pending.seconder
            found.evidence.update(pending.evidence)
        if found.kind in ("resolved", "recommended", "agreed") and not found.motion:
            self._merge_motion(found, pending.result)
        if not pending.result.empty:
            found.result.merge(pending.result)
        self.found.append(found)
        return found

    def _merge_motion(self, block: FoundDecision, waiting: Result) -> None:
        """A carried motion recorded by this RESOLVED/AGREED block becomes part of it: the
        latest motion of the item (amendments passed over) that was carried, or that the
        result read just before the block decides, or that the block follows at once."""
        if block.mover is not None:
            return
        passed_amendment = False
        for prior in reversed(self.found):
            if prior.merged or (prior.kind == "amendment" and prior.motion):
                passed_amendment = passed_amendment or not prior.merged
                continue
            if not prior.motion:
                return
            undecided = prior.result.outcome is None
            if undecided and not waiting.empty:
                prior.result.merge(waiting)
            close = prior.end >= block.start - 40 or passed_amendment
            if prior.result.outcome == "carried" or (
                undecided and not prior.result.vote_taken and close
            ):
                prior.merged = True
                block.mover, block.seconder = prior.mover, prior.seconder
                for key in ("mover", "seconder"):
                    if key in prior.evidence:
                        block.evidence[key] = prior.evidence[key]
                block.result.merge(prior.result)
            return

    def _open_motion(self, original: bool, wants: str = "") -> FoundDecision | None:
        """The motion a result sentence reports on: the latest unresolved one, passing over
        decided amendments (and, for "the original / main motion", undecided amendments and
        decided motions too: a motion to defer may have been voted on in between)."""
        for prior in reversed(self.found):
            if prior.merged:
                continue
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

    def _attach_result(self, sentence: str, base: int) -> None:
        result = read_result(sentence, base)
        if called_in(sentence):
            for prior in reversed(self.found):
                if not prior.motion:
                    prior.called_in = True
                    prior.evidence["outcome"] = (base, base + len(sentence))
                    break
            return
        if result.empty and not result.vote_taken:
            return
        original = bool(_ORIGINAL.search(sentence)) or self.vote_on == "original"
        wants = (
            "amendment"
            if re.search(r"\bamendment\b", sentence, re.I)
            else "motion"
            if re.search(r"\b(?:motion|proposal)\b", sentence, re.I)
            else ""
        )
        if not original and not wants and self.vote_on == "amendment":
            wants = "amendment"  # a list line under "A recorded vote was taken on the amendment:"
        if result.outcome is not None:
            self.vote_on = ""  # the vote introduced by a heading ends with its result
        if self.pending.mover is not None and not original and wants != "amendment":
            later = self._open_motion(False, wants)
            if later is None or later.start < self.pending.at:
                self.pending.result.merge(result)  # "X moved, and Y seconded, the recommendation."
                return
        if result.amendment_side and self.division is None:
            result = result.reversed()  # "FOR the amendment (7): …" in a vote on the amendment
            result.division = False
        if self.division is not None and set(result.counts) == {"abstain"}:
            for side in self.division:  # "Abstention (1): …" after a division counts for both
                if side is not None:
                    side.result.merge(result)
            return
        target = self._open_motion(original, wants)
        if result.division:
            target = self._open_motion(True, "motion")  # a division decides the motion …
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
        if target is None and self.pending.mover is not None:
            self.pending.result.merge(result)
            return
        if target is None:
            repeated = self._decided(wants, result)
            if repeated is not None:  # "Motion Carried (6 to 3)" after its names lists
                repeated.result.merge(result)
                return
        if target is not None:
            target.result.merge(result)
            if re.search(
                r"\b(?:motion|proposal)\s+was\s+(?:unanimously\s+)?agreed\b|"
                r"\bagreed\s+the\s+terms\s+of\s+the\s+motion\b",
                sentence,
            ):
                # "Following discussion, the motion was agreed." (no vote recorded)
                target.kind, target.motion = "agreed", False
            return
        last = self.found[-1] if self.found else None
        if last is not None and not last.motion and self._just_after(last, base):
            last.result.merge(result)  # "(Unanimous)", "(For 6, Against 2)" after a block
        elif last is None or not last.motion or last.result.outcome is None:
            self.pending.result.merge(result)  # for the RESOLVED block that follows
        elif _repeats(last.result, result):
            last.result.merge(result)  # may state the counts better ("Amendment Carried (9 to 6)")
        else:
            # "The Chair then put the officer recommendation to the vote, and Members voted 6
            # in favour …": a new vote, after the last motion was decided, for what follows.
            self.pending.result.merge(result)

    def _decided(self, wants: str, result: Result) -> FoundDecision | None:
        """The latest decided motion (or amendment, as ``wants`` says) whose result ``result``
        restates."""
        for prior in reversed(self.found):
            if prior.merged or not prior.motion or prior.result.outcome is None:
                continue
            if (prior.kind == "amendment") != (wants == "amendment"):
                continue
            return prior if _repeats(prior.result, result) else None
        return None

    def _just_after(self, found: FoundDecision, base: int) -> bool:
        between = self.text[found.end : base]
        return len(between.strip()) <= 3

    # -- the walk ----------------------------------------------------------------------
    def read(self) -> list[FoundDecision]:
        i = 0
        n = len(self.sentences)
        notice_mover: tuple[str, tuple[int, int]] | None = None
        while i < n:
            s, e = self.sentences[i]
            sentence = self.text[s:e]
            if not _TRIGGER.search(sentence):  # most sentences of minutes decide nothing
                i += 1
                continue
            heading = _NOTICE_HEADING.search(sentence)
            if heading:
                name = read_name(sentence, heading.end())
                if name:
                    notice_mover = (name[0], (s + name[1], s + name[2]))
            nxt = self._decision_at(i, notice_mover)
            if nxt is not None:
                if nxt > i and notice_mover is not None:
                    notice_mover = None
                i = nxt
                continue
            i += 1
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

    def _superseded(self, found: FoundDecision) -> bool:
        """A motion restated later ("Main Motion as Amended") is recorded at the restatement."""
        if not found.motion or found.kind == "amendment" or found.result.outcome is not None:
            return False
        return any(
            later.restatement and later.start > found.start and later.mover == found.mover
            for later in self.found
        )

    def _decision_at(self, i: int, notice: tuple[str, tuple[int, int]] | None) -> int | None:
        """Read sentence ``i``; returns the next sentence index to read when it was used."""
        s, e = self.sentences[i]
        sentence = self.text[s:e]
        before = self.text[max(0, s - 80) : s]
        low = sentence.lower()
        # Keyword gates: each pattern below runs only on sentences holding its key word.
        has_resolved = "resolv" in low
        has_agreed = "agree" in low
        has_movers = any(
            w in low for w in ("move", "propos", "second", "motion by", "amendment by")
        )

        m = _RESOLVED.search(sentence) if has_resolved else None
        if m and self._is_formula(sentence, m):
            lead = sentence[: m.start()]
            if lead.strip():
                self._lead(lead, s)
            kind, to_body, start = self._recommending("resolved", s + m.end())
            end, j = self._extend(i, start)
            found = FoundDecision(start, end, kind, to_body=to_body)
            lead_movers = _movers(lead, s) if lead.strip() else None
            if lead_movers is not None and lead_movers.mover:
                # "It was proposed by X, seconded by Y and RESOLVED that …"
                found.mover, found.seconder = lead_movers.mover, lead_movers.seconder
                found.evidence.update(lead_movers.evidence)
            if (m.group("paren") and re.search(r"unanim", m.group("paren"), re.I)) or m.group(
                "unan"
            ):
                found.result.unanimous = True
                found.result.outcome = "carried"
            found.evidence["formula"] = (s + m.start("word"), s + m.end("word"))
            if m.group("tally"):  # "and resolved by 4 votes to 1 that …"
                found.result.merge(read_result(m.group("tally"), s + m.start("tally")))
            self._add(found)
            return j + 1

        m = _RECOMMENDED.match(sentence) if "recommended" in low else None
        if m and (sentence.lstrip().startswith("RECOMMENDED") or ":" in m.group(0)):
            start = s + m.end()
            end, j = self._extend(i, start)
            body = body_after(m.group("body")) if m.group("body") else None
            found = FoundDecision(start, end, "recommended", to_body=body)
            indent = len(m.group(0)) - len(m.group(0).lstrip())
            found.evidence["formula"] = (s + m.start() + indent, start)
            self._add(found)
            return j + 1

        m = (_AGREED.search(sentence) or _AGREED_LINE.match(sentence)) if has_agreed else None
        if m and not _PAST.search(sentence[: m.start()]):
            rest = sentence[m.end() :]
            movers = _movers(rest, s + m.end()) if _ON_PROPOSAL.search(rest) else None
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
                if (movers is None or not movers.mover) and _ON_PROPOSAL.search(lead):
                    movers = _movers(
                        lead, s
                    )  # "On the proposal of X, seconded by Y, it was agreed"
                if movers and movers.mover:
                    found.mover, found.seconder = movers.mover, movers.seconder
                    found.evidence.update(movers.evidence)
                self._add(found)
                return j + 1

        movers = _movers(sentence, s) if has_movers else _Pending()
        if movers.mover is not None:
            return self._moved(i, movers, notice)

        restated = _RESTATED_HEADING.fullmatch(sentence)
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
            re.search(r"\bvot(?:e|ing)\b", sentence, re.I)
            and read_result(sentence, s).empty
            and len(sentence) < 160
            and sentence.rstrip().endswith(":")
        ):
            # "Vote on the Main Motion:", "A recorded vote was taken on the amendment:"
            self.vote_on = (
                "amendment"
                if re.search(r"\bamendment\b", sentence, re.I)
                # "… a vote was then taken on the proposal:": the motion still undecided
                else "original"
                if _ORIGINAL.search(sentence)
                or re.search(r"\b(?:motion|proposal)\b", sentence, re.I)
                else ""
            )
            return i + 1
        if re.search(r"\b(?:motion|proposal)\s+was\s+(?:unanimously\s+)?agreed\b", sentence) or (
            re.fullmatch(
                r"\s*(?:This\s+was\s+|It\s+was\s+)?(?:unanimously\s+)?agreed\.?\s*", sentence, re.I
            )
        ):
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
        committed = (
            _BODY_AGREED.search(sentence)
            if any(w in low for w in ("agree", "approv", "endors", "adopt", "confirm", "ratif"))
            else None
        )
        if committed and not _PAST.search(sentence[:20]):
            start = s + _paragraph_start(sentence, committed.start())
            end, j = self._extend(i, start)
            self._add(FoundDecision(start, end, "agreed"))
            return j + 1
        if (
            "noted" in low and (_BODY_NOTED.search(sentence) or _WAS_NOTED.search(sentence))
        ) and not re.search(r"\b(?:had|has)\s+(?:been\s+)?noted", sentence):
            self._add(FoundDecision(s, e, "noted"))
            return i + 1
        if (
            ("deferred" in low or "withdrawn" in low)
            and _PROCEDURAL.search(sentence)
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
        if (
            any(w in low for w in ("agree", "approv", "adopt", "confirm", "signed"))
            and _WAS_AGREED.search(sentence)
            and not _movers(sentence, s).mover
        ):
            nxt_movers = self._agreed_proposal(i + 1)
            found = FoundDecision(s, e, "agreed")
            if nxt_movers is not None:
                found.mover, found.seconder = nxt_movers.mover, nxt_movers.seconder
                found.evidence.update(nxt_movers.evidence)
                self._add(found)
                return i + 2
            if re.search(
                r"\b(?:minutes?|programme|plan|record|terms of reference|schedule|"
                r"recommendations?)\b",
                sentence,
                re.I,
            ) or re.search(r"\b(?:AGREED|APPROVED|ADOPTED)\b", sentence):
                self._add(found)
                return i + 1
        if re.match(r"\s*[\"“]", sentence) and self._agreed_proposal(self._quote_end(i) + 1):
            # A quoted motion followed by "Proposed by X, seconded by Y and agreed."
            j = self._quote_end(i)
            movers2 = self._agreed_proposal(j + 1)
            assert movers2 is not None
            found = FoundDecision(s, self.sentences[j][1], "agreed")
            found.mover, found.seconder = movers2.mover, movers2.seconder
            found.evidence.update(movers2.evidence)
            self._add(found)
            return j + 2
        if re.match(r"\s*[\"“]", sentence) and notice is not None and self._quote_end(i) >= i:
            j = self._quote_end(i)
            found = FoundDecision(s, self.sentences[j][1], "motion", motion=True)
            found.mover = notice[0]
            found.evidence["mover"] = notice[1]
            self._add(found)
            return j + 1
        if "second" in low and (
            _WAS_SECONDED.search(sentence) or _SUBJECT_SECONDED.search(sentence)
        ):
            sec = _movers(sentence, s)
            target = self._open_motion(False)
            if sec.seconder and target is not None and target.seconder is None:
                target.seconder = sec.seconder
                if "seconder" in sec.evidence:
                    target.evidence["seconder"] = sec.evidence["seconder"]
                if sec.agreed:
                    target.kind = "agreed" if target.kind == "motion" else target.kind
                    target.result.outcome = target.result.outcome or None
                    target.motion = target.kind != "agreed"
            elif sec.seconder and self.pending.mover and self.pending.seconder is None:
                # "X moved the recommendations." … "The recommendations were seconded by Y."
                self.pending.seconder = sec.seconder
                if "seconder" in sec.evidence:
                    self.pending.evidence["seconder"] = sec.evidence["seconder"]
            if not re.search(r"\b(?:carried|lost|defeated|agreed)\b", sentence, re.I):
                return i + 1
        if _opens_result(sentence) or called_in(sentence) or _states_result(sentence, s):
            self._attach_result(sentence, s)
            return i + 1
        del before
        return None

    def _quote_end(self, i: int) -> int:
        """Last sentence of a quoted passage that opens in sentence ``i``."""
        s, _ = self.sentences[i]
        j = i
        while j < len(self.sentences):
            if not open_quote(self.text[s : self.sentences[j][1]]):
                return j
            j += 1
        return i

    def _agreed_proposal(self, i: int) -> _Pending | None:
        """Sentence ``i`` if it is "Proposed by X, seconded by Y and agreed." (no text)."""
        if i >= len(self.sentences):
            return None
        s, e = self.sentences[i]
        sentence = self.text[s:e]
        if not re.match(r"\s*(?:It\s+was\s+)?(?:Proposed|Moved)\s+by\b", sentence):
            return None
        if not re.search(r"\band\s+(?:unanimously\s+)?agreed\s*\.?\s*$", sentence):
            return None
        movers = _movers(sentence, s)
        return movers if movers.mover else None

    def _recommending(self, kind: str, start: int) -> tuple[str, str | None, int]:
        """(kind, to_body, text start) of a formula that may go on "to RECOMMEND to Council
        that …" ("RESOLVED to RECOMMEND …", "It was agreed to recommend to full Council …")."""
        rec = _RECOMMEND_LEAD.match(self.text, start)
        if rec and re.match(r"to\s+recommend", rec.group(0), re.IGNORECASE):
            body = body_after(rec.group("body")) if rec.group("body") else None
            return "recommended", body, rec.end()
        return kind, None, start

    def _is_formula(self, sentence: str, m: re.Match[str]) -> bool:
        word, lead, sep = m.group("word"), m.group("lead"), m.group("sep")
        before = sentence[: m.start()]
        if _PAST.search(before) or re.search(r"\b(?:had|has|have|been|not)\s+$", before):
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

    def _moved(self, i: int, movers: _Pending, notice: tuple[str, tuple[int, int]] | None) -> int:
        s, e = self.sentences[i]
        sentence = self.text[s:e]
        restated = bool(
            re.search(
                r"(?:Main|Substantive)\s+Motion\s+as\s+Amended", self.text[max(0, s - 80) : s], re.I
            )
        )
        amendment = movers.amendment or bool(
            re.search(r"\bAmendment\s*:?\s*$", self.text[max(0, s - 40) : s].strip(), re.I)
        )
        tm = None
        for anchor in sorted(v[1] - s for v in movers.evidence.values()):
            tm = _TEXT_AFTER_MOVER.match(sentence, anchor)
            if tm:
                break
        anchor = max(v[1] for v in movers.evidence.values()) - s
        agreed = movers.agreed and re.search(r"\band\s+agreed\b", sentence[: anchor + 40] + " ")
        proposal = _ON_PROPOSAL.search(sentence)
        if proposal and (tm is None or tm.group("w") == ":"):
            # "On the proposal of X, seconded by Y, the minutes … were confirmed and adopted."
            clause = re.match(r"\s*,\s*(?=\S+\s+\S+\s+\S+)", sentence[anchor:])
            if clause:
                found = FoundDecision(s + anchor + clause.end(), e, "agreed")
                found.mover, found.seconder = movers.mover, movers.seconder
                found.evidence.update(movers.evidence)
                self._add(found)
                return i + 1
        if tm and tm.group("w") == ":" and re.match(r"\s*[\"“‘]", sentence[tm.end() :]):
            # "X proposed an amendment, seconded by Y: \"That the motion be amended …\""
            start = s + tm.end()
            end = e
            j = i
            while open_quote(self.text[start:end]) and j + 1 < len(self.sentences):
                j += 1
                end = self.sentences[j][1]
            kind = "amendment" if amendment else "motion"
            found = FoundDecision(start, end, kind, motion=True)
            found.mover, found.seconder = movers.mover, movers.seconder
            found.evidence.update(movers.evidence)
            self._add(found)
            return j + 1
        if tm and tm.group("w") != ":":
            start = s + tm.start("w")
            if tm.group("w") == ":-":  # "Motion by X, seconded by Y:- That …"
                start = (
                    s + tm.end() + (len(sentence[tm.end() :]) - len(sentence[tm.end() :].lstrip()))
                )
            end, j = self._extend(i, start, motion=True)
            kind = "agreed" if agreed else ("amendment" if amendment else "motion")
            found = FoundDecision(start, end, kind, motion=kind != "agreed")
            found.mover, found.seconder = movers.mover, movers.seconder
            found.evidence.update(movers.evidence)
            found.restatement = restated
            rest = self.text[end : self.sentences[j][1]]
            self._add(found)
            del rest
            tail = sentence[tm.end() :]
            result = read_result(self.text[s:e][: tm.start()], s)
            if not result.empty:
                found.result.merge(result)
            del tail
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
                found.mover, found.seconder = movers.mover, movers.seconder
                found.evidence.update(movers.evidence)
                found.restatement = restated
                self._add(found)
                return j + 1
        # "Motion" / text / "- moved by X, seconded by Y." (Scottish minutes)
        if _MOVED_AFTER.match(sentence):
            heading = next(
                (
                    k
                    for k in range(i - 1, max(-1, i - 6), -1)
                    if _MOTION_HEADING.fullmatch(self._sentence(k))
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
                found.mover, found.seconder = movers.mover, movers.seconder
                found.evidence.update(movers.evidence)
                self._add(found)
                return i + 1
        # '"That …" Proposed: Cllr X  Seconded: Cllr Y' — the quoted motion before its movers.
        first_name = min(v[0] for v in movers.evidence.values())
        before_movers = re.sub(
            r"(?:Proposed|Moved)(?:\s+by)?\s*:?\s*$",
            "",
            self.text[max(0, first_name - 2000) : first_name],
        ).rstrip()
        quote_before = _QUOTED_BEFORE.search(before_movers)
        if quote_before:
            base = max(0, first_name - 2000)
            start = base + quote_before.start("text")
            end = base + quote_before.end("text")
            if not any(f.start <= start < f.end for f in self.found):
                kind = "amendment" if amendment else "motion"
                found = FoundDecision(start, end, kind, motion=True)
                found.mover, found.seconder = movers.mover, movers.seconder
                found.evidence.update(movers.evidence)
                self._add(found)
                # What follows the movers on their line: "Agreed.", "No seconder was
                # forthcoming and the motion fell."
                after = max(v[1] for v in movers.evidence.values())
                tail = self.text[after:e]
                if re.fullmatch(r"\W*(?:and\s+)?agreed\W*", tail, re.IGNORECASE):
                    found.kind, found.motion = "agreed", False
                elif tail.strip():
                    found.result.merge(read_result(tail, after))
                return i + 1
        # "Proposed: Cllr X  Seconded: Cllr Y" right after a quoted motion completes it.
        last = self.found[-1] if self.found else None
        if (
            last is not None
            and last.motion
            and last.result.outcome is None
            and (last.seconder is None or last.mover is None)
            and (last.mover in (None, movers.mover))
            and self._just_after(last, s)
        ):
            last.mover = last.mover or movers.mover
            last.seconder = last.seconder or movers.seconder
            last.evidence.update(movers.evidence)
            return i + 1
        # Mover and seconder with no text of their own: they belong to the next decision;
        # a result in the same sentence waits with them.
        self.pending.mover, self.pending.seconder = movers.mover, movers.seconder
        self.pending.at = s
        self.pending.evidence = dict(movers.evidence)
        result = read_result(sentence, s)
        if not result.empty:
            self.pending.result.merge(result)
        bare = _bare_mover_line(sentence, movers, s)
        if (movers.agreed or bare) and self.found and self._just_after(self.found[-1], s):
            last = self.found[-1]
            if last.mover is None:
                last.mover, last.seconder = movers.mover, movers.seconder
                last.evidence.update(movers.evidence)
                self.pending = _Pending()
        return i + 1


_MARKER = re.compile(r"^\s*(?P<o>\()?(?P<m>[0-9]{1,2}|[a-z]|[ivx]{1,4})(?P<c>[.)])(?:\s|$)")
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}


def _marker(text: str) -> tuple[str, int] | None:
    """(style, ordinal) of a list marker opening ``text``: "(b)" → ("(a)", 2), "3." → ("1.", 3)."""
    m = _MARKER.match(text)
    if not m:
        return None
    mark, shape = m.group("m"), (m.group("o") or "") + "{}" + m.group("c")
    if mark.isdigit():
        return shape.format("1"), int(mark)
    if (mark in _ROMAN and mark != "v") or (mark in ("i", "v", "x") and mark != "v"):
        return shape.format("i"), _ROMAN[mark]
    return shape.format("a"), ord(mark) - ord("a") + 1


def _last_marker(block: str) -> tuple[str, int] | None:
    for line in reversed(block.split("\n")):
        found = _marker(line)
        if found is not None:
            return found
    inline = list(re.finditer(r"(?:^|\s)(\((?:[0-9]{1,2}|[a-z]|[ivx]{1,4})\))\s", block))
    return _marker(inline[-1].group(1) + " ") if inline else None


def _paragraph_start(sentence: str, at: int) -> int:
    """Where the paragraph holding ``at`` starts in ``sentence`` (a heading such as "Decision"
    glued to the sentence by a PDF's layout is left out)."""
    breaks = list(re.finditer(r"\n[ \t]*\n[ \t]*", sentence[:at]))
    return breaks[-1].end() if breaks else 0


def _bare_mover_line(sentence: str, movers: _Pending, base: int) -> bool:
    """Is the sentence only "Proposed: X  Seconded: Y" (or "Proposed by X, seconded by Y")?"""
    rest = sentence
    for a, b in sorted(movers.evidence.values(), reverse=True):
        rest = rest[: a - base] + rest[b - base :]
    rest = re.sub(r"(?i)\b(?:proposed|moved|seconded|by|and|agreed)\b|[:.,;\s]", "", rest)
    return not rest


def j_has_next(reader: _Reader, i: int) -> bool:
    return i + 1 < len(reader.sentences)


def open_quote(text: str) -> bool:
    """Is a quotation opened in ``text`` still open at its end?"""
    opens = text.count("“") + text.count("‘") * 0
    closes = text.count("”")
    if opens or closes:
        return opens > closes
    straight = len(re.findall(r'(?:^|(?<=[\s(]))"', text)) - len(
        re.findall(r'"(?=[\s.,;:)]|$)', text)
    )
    if straight or '"' in text:
        return straight > 0
    # Single straight quotes: an opening one starts a word, a closing one ends a sentence or
    # clause ("… at Marsh Bridge.'"); apostrophes inside words ("Council's") are neither.
    single = len(re.findall(r"(?:^|(?<=[\s(]))'(?=[A-Za-z(])", text)) - len(
        re.findall(r"(?<=[\w.,;:!?)])'(?=[\s.,;:)]|$)", text)
    )
    return single > 0


_RESULT_OPENERS = re.compile(
    r"^\s*(?:On\s+being\s+put|Upon\s+(?:being\s+put|a\s+vote)|On\s+a\s+(?:show|vote)|Following\s+a"
    r"\s+vote|A\s+(?:recorded\s+)?vote\s+was|The\s+(?:substantive\s+|original\s+|main\s+)?"
    r"(?:motion|amendment|proposal|recommendation)s?\b|Motion\s+(?:Passed|Carried|Failed|Lost)|"
    r"Amendment\s+(?:Carried|Lost|Failed)|Carried|CARRIED|Lost|LOST|Defeated|Yeas|Nays|"
    r"Recorded\s+Vote|FOR\b|For\s*\(|\(\s*(?:Unanimous|For\b))",
)


_RESULT_WORDS = re.compile(
    r"carri|\blost\b|defeat|fail|pass|\bvot|favour|against|abstain|abstention|yeas|nays|ayes|"
    r"noes|\bfor\s*[:(\d]|\bfor\s+the\s+(?:motion|amendment)|\bfell\b|\bfalls\b|seconder|unanim|withdr|division|\d+\s+to\s+\d+|"
    r"agreed|declared|\btie\b|nem|opposed",
    re.IGNORECASE,
)


def _states_result(sentence: str, base: int) -> bool:
    """A sentence that reports a vote or the fate of a motion ("There being no seconder, the
    motion fell.", "8 voted in favour and 2 against")."""
    if not _RESULT_WORDS.search(sentence):
        return False
    result = read_result(sentence, base)
    if result.vote_taken or result.counts or result.names:
        return True
    return result.outcome is not None and bool(
        re.search(
            r"\b(?:motion|amendment|proposal|recommendation|vote|put|seconder)\b", sentence, re.I
        )
    )


def _opens_result(sentence: str) -> bool:
    return bool(_RESULT_OPENERS.match(sentence))


def _finish(found: FoundDecision, text: str) -> FoundDecision:
    body = text[found.start : found.end]
    result = found.result
    if (found.kind == "recommended" and found.to_body is None) or found.to_body is None:
        found.to_body = _to_body(body)
    if result.outcome == "withdrawn" or (
        not found.motion and withdrawn(body) and _PROCEDURAL.search(body)
    ):
        found.outcome = "withdrawn"
    elif found.kind in ("motion", "amendment") and (
        result.outcome == "lost"
        or (result.outcome is None and result.votes is not None and _lost_on(result.votes))
    ):
        found.outcome = "lost"
    elif found.called_in:
        found.outcome = "called_in"
    elif _DEFER.search(body[:400]):
        found.outcome = "deferred"
    elif found.kind == "noted" or (_NOTE_ONLY.match(body) and not _OTHER_EFFECT.search(body)):
        found.outcome = "noted"
    elif result.outcome == "carried" or result.votes is not None or result.unanimous:
        found.outcome = "carried"
    elif found.kind in ("resolved", "agreed", "recommended"):
        found.outcome = "approved"
    else:
        found.outcome = "unknown"
    return found


def _repeats(earlier: Result, later: Result) -> bool:
    """Does ``later`` restate ``earlier`` (the same counts, or the same outcome and no counts)?"""
    if later.votes is not None:
        return later.votes == earlier.votes
    return later.outcome in (None, earlier.outcome)


def _lost_on(votes: tuple[int | None, int | None, int | None]) -> bool:
    """Counts alone decide a motion whose result is not stated: fewer for than against."""
    return votes[0] is not None and votes[1] is not None and votes[0] < votes[1]


def _to_body(body: str) -> str | None:
    m = _BE_RECOMMENDED.search(body)
    if m:
        return re.sub(r"\s+", " ", m.group("body"))
    m = _RECOMMEND_TO.search(body)
    if m:
        return body_after(body[m.end() :])
    return None


def extract_decisions(text: str) -> list[FoundDecision]:
    """Decisions recorded in ``text`` (one agenda item's text), in document order."""
    if not _TRIGGER.search(text):
        return []
    reader = _Reader(text)
    found = reader.read()
    return [_finish(f, reader.text) for f in sorted(found, key=lambda f: f.start)]


def extract_item_decisions(
    text: str, spans: list[tuple[int, int]], failed: list[int] | None = None
) -> list[tuple[int, FoundDecision]]:
    """Decisions of each agenda item of a document: (item index, decision) with offsets in
    ``text``. Each item is read on its own, so a motion never merges with a block of
    another item."""
    out: list[tuple[int, FoundDecision]] = []
    seen: set[str] = set()
    for index, (start, end) in enumerate(spans):
        try:
            decisions = extract_decisions(text[start:end])
        except Exception:  # noqa: BLE001 - one odd item must not stop an ingest
            if failed is not None:
                failed.append(index)
            continue
        for found in decisions:
            key = " ".join(text[start + found.start : start + found.end].split())
            if key in seen:  # a block repeated under "Decision:" and "Minutes:"
                continue
            seen.add(key)
            found.start += start
            found.end += start
            found.evidence = {k: (a + start, b + start) for k, (a, b) in found.evidence.items()}
            found.result.evidence = {
                k: (a + start, b + start) for k, (a, b) in found.result.evidence.items()
            }
            out.append((index, found))
    return out
