"""What happened to a motion: vote counts, recorded-vote names and the stated result.

Read from the sentences that follow a decision ("On being put to the vote the motion was
CARRIED (For 7, Against 3, Abstentions 1)", "Motion Passed (12 to 3)", "Yeas (9): …",
"FOR: 13  AGAINST: 4  ABSTAIN: 1", "5 voted in favour and 5 against", "(Unanimous)"). Counts
the text does not state stay None (never 0); a casting vote is not added to the counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import SINGLE_TITLE, read_name_list

__all__ = ["WITHDRAWN_BY", "Result", "called_in", "opposite", "read_result", "withdrawn"]

_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_SIMPLE = {w: i for i, w in enumerate(_WORDS)} | {"no": 0, "none": 0, "a": 1, "a single": 1}
NUMBER_WORDS = (
    _SIMPLE
    | _TENS
    # "twenty-four votes to nine", "thirty one"
    | {
        f"{t}{sep}{_WORDS[u]}": n + u
        for t, n in _TENS.items()
        for u in range(1, 10)
        for sep in "- "
    }
)
# (tens and their compounds as one pattern: an alternation of every compound made reading slow)
_N = (
    r"(\d{1,3}|(?i:(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(_WORDS[1:10])
    + r"))?|"
    + "|".join(sorted(set(_SIMPLE) - set(_TENS), key=len, reverse=True))
    + r"))"
)
COUNT = _N
"""A count in figures or words ("8", "eleven", "twenty-one"), for patterns elsewhere."""
_WHO_VOTING = r"(?:(?:Councillors|Members|Those)\s+(?:voting\s+)?)?"
_TALLIES = [
    # column heads of a recorded vote: FOR (17)   AGAINST (12)   ABSTAIN (1), or
    # "Councillors voting For (17)   Councillors voting Against (12)   Abstaining (2)"
    re.compile(
        rf"\b(?:For|In\s+favour)\s*\(\s*{_N}\s*\)[\s,;]*{_WHO_VOTING}Against\s*\(\s*{_N}\s*\)"
        rf"(?:[\s,;]*{_WHO_VOTING}(?:Abstentions?|Abstain(?:ed|ing)?)\s*\(\s*{_N}\s*\))?",
        re.IGNORECASE,
    ),
    # (For 7, Against 3, Abstentions 1) / For: 13 AGAINST: 4 ABSTAIN: 1 / For 6; Against 2
    re.compile(
        # ("For refusal - 5; Against - 4": what the side voted for, named)
        rf"\b(?:For|In\s+favour)(?:\s+the\s+(?:motion|proposal|application|recommendations?)|"
        rf"\s+(?:refusal|approval|deferral))?\s*[:\-–]?\s*{_N}\s*[,;]?\s*"
        rf"(?:votes?\s*)?[,;]?\s*(?:and\s+)?Against(?:\s+the\s+(?:motion|proposal))?\s*[:\-–]?\s*{_N}"
        rf"(?:\s*[,;]?\s*(?:and\s+)?(?:Abstentions?|Abstain(?:ed|ing)?|Abstention|Staon)\s*[:\-–]?\s*{_N}"
        # ("there voted for 27, against 16, with 2 abstentions")
        rf"|\s*,?\s*with\s+{_N}\s+abstentions?)?",
        re.IGNORECASE,
    ),
    # 8 voted in favour and 2 against (, with 1 abstention) / 4 votes for the motion and 4
    # against, with one abstention / Six members voted in favour and four against
    re.compile(
        rf"\b{_N}\s+(?:votes?\s+|members?\s+|councillors?\s+)?(?:having\s+|had\s+)?"
        r"(?:voted\s+|voting\s+)?(?:were\s+|being\s+)?(?:cast\s+)?(?:in\s+favour|for)\b(?:\s+of)?(?:\s+the\s+(?:(?:original|substantive|"
        r"main)\s+)?(?:motion|amendment|"
        r"proposal|application|recommendations?)"
        # ("five members voted in favour of Cllr. Breathnach's proposal and two against")
        r"|\s+(?:Cllr\.?|Councillor)\s+[A-Z][\w'’-]+['’]s\s+(?:counter-)?(?:motion|amendment|proposal))?"
        rf"[^.;\d]{{0,20}}?\b{_N}\s+(?:votes?\s+|voted\s+|"
        rf"voting\s+|members?\s+)?against"
        rf"(?:[^.;\d]{{0,25}}?\b{_N}\s+(?:had\s+)?(?:abstentions?|abstained|abstaining|abstain))?",
        re.IGNORECASE,
    ),
    # Votes: 7-3-1 / Vote: 7-0 / carried on a 4-3 vote
    re.compile(rf"\bVotes?\s*:\s*{_N}\s*[-–]\s*{_N}(?:\s*[-–]\s*{_N})?\b", re.IGNORECASE),
    re.compile(rf"\bon\s+an?\s+{_N}\s*[-–]\s*{_N}\s+vote\b", re.IGNORECASE),
    # "Council voted 7-0 to appoint …", "Members voted 5:3 to hold …", "…, the vote being 9-5"
    re.compile(
        rf"\b(?:voted|the\s+vote\s+being|by\s+a\s+vote\s+of)\s+\(?{_N}\s*[-–:]\s*{_N}"
        rf"(?:\s*[-–:]\s*{_N})?\)?(?![-–:/]?\d)",
        re.IGNORECASE,
    ),
    # carried by 5 votes to 3 (with 1 abstention)
    _BY_VOTES := re.compile(
        rf"\b(?:by\s+)?{_N}\s+votes?\s+to\s+{_N}\b(?:,?\s+with\s+{_N}\s+absten-?\s*tions?)?",
        re.IGNORECASE,
    ),
    # "8 members had supported the appointment and 2 had opposed it" (a count reported in prose)
    re.compile(
        rf"\b{_N}\s+(?:members?\s+|councillors?\s+)?(?:had\s+)?(?:supported|backed)\b"
        rf"[^.;\d]{{0,60}}?\b{_N}\s+(?:members?\s+|councillors?\s+)?(?:had\s+)?"
        rf"(?:opposed|voted\s+against)\b(?:[^.;\d]{{0,25}}?\b{_N}\s+(?:had\s+)?"
        r"(?:abstained|abstaining|abstentions?))?",
        re.IGNORECASE,
    ),
    # 17 for, 12 against, 1 abstention
    re.compile(
        rf"\b{_N}\s+for\s*,\s*{_N}\s+against(?:\s*(?:,|and)\s*{_N}\s+abstentions?)?",
        re.IGNORECASE,
    ),
]
# (9 in favour, 1 abstention) / 9 voted in favour with 1 abstention / 8 for, 1 abstention: no
# votes against stated
_FOR_ABSTAIN = re.compile(
    # ("8 for, 1 abstention")
    rf"\b{_N}\s+(?:votes?\s+|members?\s+)?(?:voted\s+)?(?:in\s+favour|for)\s*(?:,|and|with)\s*"
    rf"(?:and\s+|with\s+)?{_N}\s+(?:abstentions?|abstained|abstaining)\b",
    re.IGNORECASE,
)
# Motion Passed (12 to 3), Carried (11 to 1), Motion Failed (6 to 6), LOST (3-8)
_TO = re.compile(
    r"\b(?P<word>(?:(?:Main\s+)?Motion|Amendment)\s+(?:Passed|Carried|Failed|Lost|Defeated)|"
    r"(?:motion|amendment)\s+(?:passed|carried|failed)|"
    r"Carried|Lost|Defeated|Failed|CARRIED|LOST|DEFEATED|carried|passed|lost|defeated|failed)"
    r"(?i:\s+as\s+amended)?(?i:\s+unanimously)?"  # ("Motion Carried Unanimously (7 to 0)")
    r"(?i:\s+by\s+(?:an?\s+)?(?:absolute\s+|simple\s+)?majority)?"
    # ("Lost on a tie vote (3 to 3)", "Carried on a show of hands (7 to 2)")
    r"(?i:\s+on\s+a\s+(?:tied?(?:\s+vote)?|show\s+of\s+hands|recorded\s+vote|division))?\s*"
    r"(?:,\s*(?=\d{1,3}\s*[-–:]\s*\d{1,3}\b))?"  # ("The motion was put and lost, 4-7.")
    # ("put and lost (6:9)": Wirral's for and against)
    r"(?:\(\s*(?P<a>\d{1,3})\s*(?:to|-|–|:)\s*(?P<b>\d{1,3})\s*\)"
    r"|(?P<a2>\d{1,3})\s*(?:[-–/:]|to)\s*(?P<b2>\d{1,3})\b)"
)
_LIST_LABEL = re.compile(
    r"(?:^|(?<=[\s;.:]))(?P<label>Yeas?|Nays?|Ayes?|Noes|For\s+the\s+amendment|"
    r"Against\s+the\s+amendment|"
    # ("For the proposal (5): Councillors …": the side of what was put, as "For the motion")
    r"(?:For|Against)\s+the\s+(?:motion|proposal|recommendations?|resolution)|"
    r"(?:(?:Those|Members|Councillors)\s+)?voting\s+(?:for|in\s+favour|against)"
    r"(?:\s+(?:of\s+)?the\s+(?:motion|amendment|proposal|recommendations?))?|"
    r"(?:(?:Those|Members|Councillors)\s+)?(?:abstaining|who\s+abstained)|"
    r"For|Against|In\s+favour|Opposed|Abstain(?:ed|ing)?|Abstentions?|"
    r"Tá|Níl|Staon|"  # (Irish: for, against, abstaining)
    # a Scottish roll call between a motion and an amendment: "Motion (4) – Councillors …"
    r"(?:Motion|Amendment)(?=\s*\(\s*\d{1,3}\s*\)))\s*"
    r"(?:\(\s*(?P<n>\d{1,3})\s*\)\s*(?::|[–—-](?=\s)|(?<=\))(?=[ \t]{2,}\S)|"
    # (a Scottish division in a sentence: "there voted for the motion (6) Councillors …; for
    # the amendment (3) Councillors …; abstained (1) Councillor Henderson")
    r"(?<=\))(?=\s(?:Councillors?|Cllrs?\.?|Bailies?|Provost|Members?)\s)|"
    r"(?<=\))(?=[ \t]*\.?[ \t]*(?:\n|$)))"  # ("Nays (0)" alone on its line)
    r"|:\s*(?:\(\s*(?P<n2>\d{1,3})\s*\)\s*:?)?)\s*",
    re.IGNORECASE,
)
_LIST_STOP = re.compile(
    r"\n\s*\n(?=\s*(?:Motion|Amendment|Carried|Lost|Defeated|Failed|The\b|On\b|Following\b|"
    r"Upon\b|Conflict|Absent|RESOLVED|Resolved|It\b|A\b|[A-Z][a-z]+\s+[a-z]))|"
    r"\n\s*(?:Conflict|Absent)\s*(?:\(\d+\))?\s*:|"
    # a line labelled otherwise ("Recused: 1 - …", "Enactment No: ORD-2026-11")
    r"\n[ \t]*(?=[A-Z][A-Za-z]+(?:[ \t]+[A-Za-z]+){0,2}\.?[ \t]*:)|"
    # a stated count ends the list at its line's end ("… Jaggard and Pennycuick (10)" / "The …")
    r"(?<=\(\d\))[ \t]*\n|(?<=\(\d\d\))[ \t]*\n|"
    r"\n\s*(?=(?:The|On|Upon|Following|RESOLVED|Resolved|CARRIED|LOST|Carried|Lost)\b)|"
    r"(?<!Cllrs)(?<!Cllr)(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!\b[A-Z])\.\s+(?=[A-Z])|\.\s*$"
)
_LOST = re.compile(
    r"\b(?:LOST|[Ll]ost|DEFEATED|[Dd]efeated|(?:Motion|Amendment)\s+(?:Failed|Lost|Defeated)|"
    r"FAILED|failed|fell|FELL|falls|was\s+not\s+carried|NOT\s+CARRIED|"
    # ("… and the motion was therefore not carried", "Vote: 3 for, 6 against – not carried.")
    r"not\s+carried|no\s+seconder|"
    r"(?:was|were)\s+not\s+seconded|without\s+a\s+seconder|lapsed|"
    # ("A vote was taken: 4 in favour, 7 against. The proposal was not supported.")
    r"(?:(?<=proposal\s)|(?<=motion\s)|(?<=amendment\s))(?:was|were)\s+not\s+"
    r"(?:supported|agreed|adopted|accepted))\b"
)
_CARRIED = re.compile(
    r"\b(?:CARRIED|[Cc]arried|(?:Motion|Amendment)\s+(?:Passed|Carried)|PASSED|was\s+passed|"
    # (Legistar: "The motion passed by voice vote/other.", "The main motion then passed …")
    # (at the sentence's start: "the motion passed by the Council in 2019" is another motion)
    r"(?m:^)\W*The\s+(?:main\s+|original\s+|substantive\s+)?(?:motion|amendment|resolution)\s+"
    r"(?:then\s+)?passed|"
    r"declared\s+(?:the\s+\w+\s+)?carried|agreed\s+unanimously|unanimously\s+agreed)\b|"
    r"\(\s*[Uu]nanimous(?:ly)?\s*\)|^\s*Unanimous\s*$"
)
# Words without which the patterns below cannot match (looked for in the lower-cased text).
_UNANIMOUS_WORDS = ("unanim", "nem", "dissent", "favour")
_LOST_WORDS = (
    "lost", "defeat", "fail", "fell", "falls", "carried", "second", "lapsed", "not supported",
    "not agreed", "not adopted", "not accepted",
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_UNANIMOUS = re.compile(
    r"\bunanimous(?:ly)?\b|\bnem\.?\s*con\b|\bwithout\s+dissent\b|\ball\s+in\s+favour\b", re.I
)
# Who a withdrawal line says withdrew it: "Withdrawn by Cllr. Shanahan.", "Withdrawn at the
# request of the proposer."
WITHDRAWN_BY = r"(?:\s+(?:by|at\s+the\s+request\s+of)\s+[^\n]{1,60}?)?"
_WITHDRAWN = re.compile(
    # ("This item was therefore withdrawn": not "Recommendation 6 was then withdrawn", which
    # is no result of the motion moved next)
    r"\b(?:was|were|being|been)\s+(?:therefore\s+|accordingly\s+)?"
    r"withdrawn\b|\bwithdrew\b"
    # (not a question or a wish: "asked whether the motion could be withdrawn")
    r"|(?<!\bcould\s)(?<!\bshould\s)(?<!\bwould\s)(?<!\bmight\s)(?<!\bmay\s)(?<!\bcan\s)"
    r"(?<!\bwill\s)\bbe\s+withdrawn\b"
    # an eScribe result line: "Withdrawn", "Motion Withdrawn", "Withdrawn by Cllr. Shanahan."
    r"|^\W*(?:Motion\s+|Amendment\s+)?Withdrawn" + WITHDRAWN_BY + r"\W*$",
    re.I,
)
# "Cllr. Loftus agreed to withdraw the motion", "Cr Delaney sought and was granted leave of the
# meeting to withdraw the motion" (the words "… was withdrawn", when a sentence has them too,
# state it better)
_AGREED_TO_WITHDRAW = re.compile(
    r"\b(?:agreed|granted\s+leave(?:\s+of\s+the\s+\w+)?)\s+to\s+withdraw\s+"
    r"(?:the|his|her|their)\s+(?:motion|amendment|proposal)\b",
    re.I,
)
_CALLED_IN = re.compile(
    r"(?<!not\s)\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+called[\s-]+in\b|"
    r"\bcall-?in\s+(?:request\s+)?(?:was|has\s+been)\s+(?:received|made|lodged|upheld)|"
    # Northern Ireland's call-in: "A requisition under Section 41 of the Local Government Act
    # (Northern Ireland) 2014 was subsequently received in respect of this decision."
    r"\brequisition\s+under\s+Section\s+41\b[^.;]{0,120}?\b(?:was|has\s+been)\s+"
    r"(?:subsequently\s+)?(?:received|lodged|submitted|made)",
    re.I,
)


# On a division, there voted for the motion 7 and for the amendment 4
def _division(first: str, second: str) -> re.Pattern[str]:
    """ "for the <first> N … for the <second> N": a division's two counts, in that order."""
    return re.compile(  # (with "there voted" before it, the phrase is quoted whole)
        # (each count may name its members: "for the motion 4 (Councillors Abercrombie, …)")
        rf"(?:\bthere\s+voted\s+)?\bfor\s+the\s+{first}\s*[:\-–]?\s*\(?{_N}\)?"
        rf"(?:\s*\([^()\d]{{1,600}}\))?[^.;\d]{{0,30}}?"
        rf"\bfor\s+the\s+{second}\s*"
        rf"[:\-–]?\s*\(?{_N}\)?(?:\s*\([^()\d]{{1,600}}\))?",
        re.IGNORECASE,
    )


# The two sides of a division, as minutes name them ("the original proposal" against "the
# alternative proposal" in Irish minutes)
_MOTION_SIDE = r"(?:(?:original|main|substantive)\s+)?(?:motion|proposal)"
_AMENDMENT_SIDE = (
    r"(?:amendment|alternative(?:\s+(?:proposal|motion))?|counter-?\s*(?:proposal|motion))"
)
_DIVISION = _division(_MOTION_SIDE, _AMENDMENT_SIDE)
_OTHER_SIDE_WORDS = ("amendment", "alternative", "counter")
# ("… for the amendment 10, and there was 1 abstention")
_DIVISION_ABSTAINED = re.compile(
    rf",?\s*(?:and|with)\s+(?:there\s+(?:was|were)\s+)?{_N}\s+"
    r"(?:abstentions?|(?:members?\s+|councillors?\s+)?abstain(?:ed|ing))\b",
    re.IGNORECASE,
)
# Motion - 8 votes / Amendment - 5 votes (either order), "the motion received 8 votes"
_SIDE_VOTES = re.compile(
    rf"\b(?P<side>motion|amendment)\s*(?:[-–:]|received|obtained)\s*{_N}\s+votes?\b", re.IGNORECASE
)
# On a division, 4 members voted for the amendment and 7 for the motion; or (Scottish
# councils) "On a division, there voted for the amendment 6 and for the motion 9"
_DIVISION_AMENDMENT_FIRST = _division(_AMENDMENT_SIDE, _MOTION_SIDE)


def _counted_first(first: str, second: str) -> re.Pattern[str]:
    """ "N members voted for the <first> and M for the <second>": the counts before the sides."""
    return re.compile(
        rf"\b{_N}\s+(?:members?\s+|councillors?\s+)?(?:having\s+)?(?:voted\s+)?for\s+the\s+{first}"
        rf"[^.;\d]{{0,30}}?\b{_N}\s+(?:members?\s+|councillors?\s+)?(?:having\s+)?(?:voted\s+)?"
        rf"for\s+the\s+"
        rf"{second}",
        re.IGNORECASE,
    )


_DIVISION_REVERSED = _counted_first(_AMENDMENT_SIDE, _MOTION_SIDE)
# "On a division, 6 members voted for the motion and 6 for the amendment."
_DIVISION_COUNTED = _counted_first(_MOTION_SIDE, _AMENDMENT_SIDE)
# After "For the motion" / "For the amendment": "(7) –", "(7)   Councillors …", "(7):", ":"
_COUNT_HEAD = (
    r"(?:\(\s*\d+\s*\)(?:\s*[–—-]|[ \t]{2,}|\s(?=(?:Councillors?|Cllrs?\.?|Bailies?|Provost)\s))"
    r"|(?:\(\s*\d+\s*\))?\s*:)"
)
# "For the amendment (14):", "Against the motion:": the sides of a division
# (a roll call: "Motion (4) – Councillors …" / "Amendment (3) – Councillors …")
_ROLL_COUNT_HEAD = r"\s*\(\s*\d+\s*\)\s*(?:[–—:-]|[ \t]{2,})"
_FOR_SIDE_HEAD = re.compile(
    rf"\b(?:For|Against)\s+the\s+(?:amendment|motion)\s*{_COUNT_HEAD}"
    rf"|(?m:^)[ \t]*(?:Motion|Amendment){_ROLL_COUNT_HEAD}",
    re.I,
)
_FOR_AMENDMENT_HEAD = re.compile(
    rf"\b(?:For|Against)\s+the\s+amendment\s*{_COUNT_HEAD}|(?m:^)[ \t]*Amendment{_ROLL_COUNT_HEAD}",
    re.I,
)
_FOR_MOTION = re.compile(r"\b(?:For|Against)\s+the\s+motion\b|\bMotion\s*\(\s*\d", re.I)
_VOTE_ONLY = re.compile(r"\bvote\s+was\s+(?:taken|called)|\bvote\s+was\s+called\s+for", re.I)
_STATEMENT = 200
# Members named as abstaining after a count of the two sides: "; Dr Mehta abstained",
# ", Councillors Lightbody and Penrose abstaining".
_NAMED_ABSTAINED = re.compile(
    r"[;,]\s*(?:and\s+|while\s+|whilst\s+)?(?P<who>(?:Councillors?|Cllrs?\.?|Crs?\.?|Aldermen|"
    r"Alderman|Dr|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'’-]+(?:(?:,\s*|\s+and\s+)[A-Z][\w'’-]+){0,8})"
    r"\s+(?:abstained|abstaining)\b"
)
_CASTING = re.compile(r"\bcasting\s+vote\b", re.I)
# A division's result stated for the amendment: "… and the amendment was declared carried"
# (the division's counts are read from the motion's side, so the motion's result is the reverse)
_AMENDMENT_OUTCOME = re.compile(
    r"\bamendment\s+(?:was\s+|is\s+|being\s+)?(?:accordingly\s+|therefore\s+|duly\s+|then\s+)?"
    r"(?:declared\s+)?(?:carried|passed|lost|defeated|fell|failed)\b",
    re.I,
)


@dataclass
class Result:
    """What the result text says; ``evidence`` maps a field to its (start, end) in the text."""

    outcome: str | None = None  # carried, lost, withdrawn, called_in, approved (accepted)
    votes: tuple[int | None, int | None, int | None] | None = None
    names: dict[str, list[str]] = field(default_factory=dict)
    unanimous: bool = False
    vote_taken: bool = False
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # per list label, across sentences
    division: bool = False  # counts are "for the motion" / "for the amendment"
    amendment_side: bool = False  # a "For the amendment" list was read (as votes against)
    from_list: bool = False  # the counts were read from the lengths of name lists
    headed: bool = False  # some list named its members under one group title ("Councillors …")
    # A recorded vote written as a table, one member per row ("Cllr G. Aston      For"): the
    # rows so far per side. A page break can split the table, so rows add up across sentences.
    rows: dict[str, list[str]] = field(default_factory=dict)

    def tidy_names(self) -> None:
        """A one-name list follows the vote's other lists: when they drop a group title,
        "Councillor Zeller" is "Zeller" (labelling rule 7)."""
        if not self.headed:
            return
        for key, names in self.names.items():
            if len(names) == 1:
                self.names[key] = [SINGLE_TITLE.sub("", names[0], count=1)]

    def complete_counts(self) -> None:
        """Counts read from separate lists ("FOR (18): …", then "AGAINST (8): …") make a vote
        once both sides are known."""
        if self.votes is not None and self.votes[2] is None and "abstain" in self.counts:
            # (a division's sides, then "Abstention (0)." on its own line)
            self.votes = (self.votes[0], self.votes[1], self.counts["abstain"])
        if "for" not in self.counts or "against" not in self.counts:
            return
        pair = (self.counts["for"], self.counts["against"])
        if self.votes is None:
            self.votes = (*pair, self.counts.get("abstain"))
            self.from_list = True
        elif self.votes[:2] == pair and self.votes[2] is None and "abstain" in self.counts:
            self.votes = (*pair, self.counts["abstain"])

    def complete_one_side(self) -> None:
        """A vote whose only list is the side for it ("The motion carried by the following
        vote:" / "Aye: 7 - …", no other side listed), once nothing more will be read."""
        if self.votes is None and "for" in self.counts and "against" not in self.counts:
            self.votes = (self.counts["for"], None, self.counts.get("abstain"))

    def _count_rows(self) -> None:
        """Counts and names from a table of rows, once it has both sides."""
        if "for" not in self.rows or "against" not in self.rows:
            return
        if self.votes is not None and not self.from_list:
            return  # a stated count ("For 10, Against 2") is better than rows read so far
        self.votes = tuple(  # type: ignore[assignment]
            len(self.rows[k]) if k in self.rows else None for k in ("for", "against", "abstain")
        )
        self.from_list = True
        for key, names in self.rows.items():
            self.names[key] = list(names)

    def reversed(self) -> Result:
        """The same division read from the amendment's side."""
        out = Result(
            self.outcome,
            self.votes,
            dict(self.names),
            self.unanimous,
            self.vote_taken,
            dict(self.evidence),
            dict(self.counts),
            self.division,
            False,
        )
        if self.division:
            swap = {"for": "against", "against": "for"}
            out.counts = {swap.get(k, k): v for k, v in self.counts.items()}
            out.names = {swap.get(k, k): v for k, v in self.names.items()}
            for kind in ("names", "count"):  # ("For the motion (6): …" is against the amendment)
                for side in ("for", "against"):
                    where = self.evidence.get(f"{kind}_{side}")
                    out.evidence.pop(f"{kind}_{swap[side]}", None)
                    if where is not None:
                        out.evidence[f"{kind}_{swap[side]}"] = where
            if self.votes is not None:
                out.votes = (self.votes[1], self.votes[0], self.votes[2])
            out.outcome = opposite(self.outcome)
        return out

    @property
    def empty(self) -> bool:
        return self.outcome is None and self.votes is None and not self.names

    def merge(self, other: Result) -> None:
        """Fill what this result lacks from ``other`` (read later in the text)."""
        unstated = self.outcome == other.outcome and "outcome" not in self.evidence
        if other.outcome is not None and (self.outcome is None or unstated):
            # (an outcome read from the counts alone takes the words that state it: "The
            # Notice of Motion therefore FELL.")
            self.outcome = other.outcome
            for key in ("outcome", "statement"):
                if key in other.evidence:
                    self.evidence[key] = other.evidence[key]
        if self.votes is None and other.votes is not None:
            self.votes = other.votes
            self.from_list = other.from_list
            if "votes" in other.evidence:
                self.evidence["votes"] = other.evidence["votes"]
        elif (
            self.votes == other.votes
            and "votes" in other.evidence
            and (other.evidence.get("outcome") == other.evidence["votes"] or self.from_list)
            and not other.from_list
        ):
            self.from_list = False
            # The result line ("Motion Carried (9 to 6)") states the counts better than the
            # head of a names list read before it.
            self.evidence["votes"] = other.evidence["votes"]
        elif (
            other.from_list
            and self.votes is not None
            and other.votes is not None
            and self.votes[:2] == other.votes[:2]
            and self.votes[2] is None
            and other.votes[2] is not None
        ):
            # "VOTE: Motion carried 5-0." / "AYES: …" / "NOES: None" / "ABSTAIN: None": the
            # lists agree with the count and say the abstentions it left out
            self.votes = (self.votes[0], self.votes[1], other.votes[2])
        elif self.from_list and other.votes is not None and not other.from_list:
            # a stated count ("Defeated (2 to 3)") over names counted from lists that a page
            # break cut ("Yea: Councillor Kapoor" / page furniture / "Yea: Councillor Stroud")
            self.votes = other.votes
            self.from_list = False
            if "votes" in other.evidence:
                self.evidence["votes"] = other.evidence["votes"]
        self.headed = self.headed or other.headed
        for key, value in other.names.items():
            self.names.setdefault(key, value)
            where = other.evidence.get(f"names_{key}")
            if where is not None:
                self.evidence.setdefault(f"names_{key}", where)
        for key, count in other.counts.items():
            self.counts.setdefault(key, count)
            head = other.evidence.get(f"count_{key}")
            if head is not None:
                self.evidence.setdefault(f"count_{key}", head)
        if other.rows:
            for key, names in other.rows.items():
                self.rows.setdefault(key, []).extend(names)
            self._count_rows()
            if "votes" in other.evidence and "votes" in self.evidence:
                start = min(self.evidence["votes"][0], other.evidence["votes"][0])
                self.evidence["votes"] = (
                    start,
                    max(self.evidence["votes"][1], other.evidence["votes"][1]),
                )
        if "statement" in other.evidence and other.outcome is not None:
            self.evidence.setdefault("statement", other.evidence["statement"])
        self.division = self.division or other.division
        self.complete_counts()
        self.unanimous = self.unanimous or other.unanimous
        self.vote_taken = self.vote_taken or other.vote_taken


def _label_key(label: str) -> str:
    """The side a vote's label stands for ("Yeas", "Against", "Yes" in a table, "Abstained").
    A Scottish division ("For the motion (5): … For the amendment (3): …") is read from the
    motion's side; the amendment's result is the reverse (see :meth:`Result.reversed`)."""
    low = " ".join(label.lower().split())
    if low in ("yeas", "yea", "ayes", "aye", "yes", "for", "in favour", "tá"):
        return "for"
    put = ("motion", "proposal", "recommendation", "recommendations", "resolution")
    if low.startswith(("for the ", "against the ")) and low.split()[-1] in put:
        return "for" if low.startswith("for ") else "against"
    if low == "motion":  # a roll call's "Motion (4) – …" (its "Amendment (3) – …" is against)
        return "for"
    if low == "against the amendment":  # (read from the motion's side, as "For the amendment")
        return "for"
    if low in ("nays", "noes", "nay", "no", "against", "opposed", "for the amendment", "níl"):
        return "against"
    if low == "amendment":
        return "against"
    if "voting" in low:  # "Members voting for the motion:", "Those voting against:"
        return "against" if "against" in low else "for"
    return "abstain"


def number(text: str) -> int:
    """'7' → 7, 'seven' → 7, 'one' → 1."""
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _name_lists(text: str, base: int, out: Result) -> None:
    # (a list's label ends in a colon or a bracketed count)
    labels = list(_LIST_LABEL.finditer(text)) if ":" in text or "(" in text else []
    counts: dict[str, int | None] = {}
    one_a_line: set[str] = set()  # sides listed a name a line ("Yea: Mayor X" / "Yea: …")
    for i, m in enumerate(labels):
        key = _label_key(m.group("label"))
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        body = text[m.end() : stop]
        cut = _LIST_STOP.search(body)
        if cut:
            body = body[: cut.start()]
        stated = m.group("n") or m.group("n2")
        if key in out.names or key in counts:
            more = read_name_list(body) if key in one_a_line and not stated else []
            if len(more) == 1 and "\n" not in body.strip():
                out.names[key].append(more[0])
                counts[key] = out.counts[key] = len(out.names[key])
                first = out.evidence[f"names_{key}"][0]
                out.evidence[f"names_{key}"] = (first, base + m.end() + len(body.rstrip()))
            continue
        said_end = None  # where a count stated after the label ends ("Ayes: 3")
        trailing = re.search(r"\(\s*(\d{1,3})\s*\)\s*\.?\s*$", body)
        if trailing:
            stated = stated or trailing.group(1)
            body = body[: trailing.start()]
        bracketed = re.fullmatch(r"\s*(\d{1,3})\s*\(([^()]*)\)\s*\.?\s*", body)
        if bracketed is not None and not stated:  # "FOR: 4 (Cllrs. Ormonde, Furey, Kehoe, Nolan)."
            stated = bracketed.group(1)
            said_end = m.end() + bracketed.end(1)
            body = " " * bracketed.start(2) + bracketed.group(2)  # (offsets kept)
        dashed = re.match(r"[ \t]*(\d{1,3})[ \t]*[-–][ \t]+(?=\S)", body)
        if dashed is not None and not stated:  # Legistar: "Ayes: 3 - Voigt; Velez and Sato"
            stated = dashed.group(1)
            said_end = m.end() + dashed.end(1)
            body = " " * dashed.end() + body[dashed.end() :]  # (offsets kept)
        if re.fullmatch(r"\s*(?:None|Nil|Nobody|-|–)\s*\.?\s*", body, re.IGNORECASE):
            counts[key] = 0  # "ABSTAIN: None"
            out.counts[key] = 0
            continue
        bare = re.fullmatch(r"[ \t]*(\d{1,3})[ \t]*\.?\s*", body)
        if bare is not None and not stated:  # "Abstain: 0" under named lists
            stated = bare.group(1)
            said_end = m.end() + bare.end(1)
            body = ""
        names = read_name_list(body)
        if names and all(re.search(r"[A-Za-z]", nm) for nm in names):
            out.names[key] = names
            counts[key] = int(stated) if stated else len(names)
            if not stated and len(names) == 1 and "\n" not in body.strip():
                one_a_line.add(key)
            out.evidence.setdefault("names", (base + m.start(), base + m.end() + len(body)))
            lead = len(body) - len(body.lstrip())
            out.evidence[f"names_{key}"] = (
                base + m.end() + lead,
                base + m.end() + len(body.rstrip()),
            )
        elif stated:
            counts[key] = int(stated)
        known = counts.get(key)
        if known is not None:
            out.counts[key] = known
            out.evidence.setdefault("votes", (base + m.start(), base + (said_end or m.end())))
            if stated:  # "AGAINST (15):" / "Ayes: 3" answers "how many voted against?"
                head = m.group().rstrip().rstrip(":-–—").rstrip()
                out.evidence.setdefault(
                    f"count_{key}", (base + m.start(), base + (said_end or m.start() + len(head)))
                )
    out.complete_counts()
    out.headed = out.headed or bool(
        re.search(r"\b(?:Councillors|Cllrs\.?|Crs\.?|Aldermen)\s", text)
    )


_TABLE_ROW = re.compile(
    r"\|\s*(?P<label>For|Against|Abstain\w*|Abstentions?|In\s+favour|Yes|No)\s*\|\s*(?P<n>\d{1,3})\s*\|",
    re.IGNORECASE,
)


# A table whose head row names the sides and whose next row holds the counts, with pipes or
# (as the reader sees Markdown tables) spaces between the cells:
# "| For | Against | Abstain |" / "|---|---|---|" / "|  4  |    6    |    0    |"
_SIDE = r"(?:For|Against|Abstain\w*|Abstentions?|In\s+favour)"
_TABLE_HEAD = re.compile(
    rf"^[ \t|]*(?P<head>{_SIDE}(?:[ \t|]+{_SIDE}){{1,2}})[ \t|]*\n"
    r"(?:[ \t|:-]*-[ \t|:-]*\n)?"
    r"[ \t|]*(?P<row>\d{1,3}(?:[ \t|]+\d{1,3}){1,2})[ \t|]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _table_votes(text: str, base: int, out: Result) -> None:
    """A vote written as a table: "| For | 7 |" / "| Against | 3 |" rows, or a head row of
    sides over a row of counts."""
    head = _TABLE_HEAD.search(text)
    if head is not None:
        sides = [m.group().lower() for m in re.finditer(_SIDE, head.group("head"), re.I)]
        counts = [int(n) for n in re.findall(r"\d+", head.group("row"))]
        if len(sides) == len(counts):
            heads = {_label_key(side): n for side, n in zip(sides, counts, strict=True)}
            if "for" in heads and "against" in heads:
                out.votes = (heads["for"], heads["against"], heads.get("abstain"))
                out.evidence["votes"] = (base + head.start("head"), base + head.end("row"))
                return
    rows = list(_TABLE_ROW.finditer(text))
    got: dict[str, int] = {}
    for row in rows:
        got.setdefault(_label_key(row.group("label")), int(row.group("n")))
    if "for" in got and "against" in got:
        out.votes = (got["for"], got["against"], got.get("abstain"))
        out.evidence["votes"] = (base + rows[0].start(), base + rows[-1].end())


_ROW_VOTE = re.compile(
    r"^[ \t]*(?P<name>(?:(?:Cllrs?|Councillor|Alderman|Ald|Mr|Mrs|Ms|Miss|Dr|Cr)\.?[ \t]+)?"
    r"[A-Z][\w.'’\- ]{1,40}?)(?:[ \t]{2,}|[ \t]?\t)"  # ("Cllr A. Barraclough⇥For": a tab)
    r"(?P<vote>For|Against|Abstain(?:ed)?|Abstention|Yes|No|Aye|Nay)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def _row_votes(text: str, base: int, out: Result) -> None:
    """A recorded vote as a table of rows, one member and their vote per line ("Cllr G. Aston
    For"). Two rows at least, so a heading line ("Member   Vote") or a stray line is no vote."""
    rows = [m for m in _ROW_VOTE.finditer(text) if not re.match(r"(?i)members?\b", m["name"])]
    if len(rows) < 2:
        return
    for m in rows:
        key = _label_key(m.group("vote"))
        out.rows.setdefault(key, []).append(" ".join(m.group("name").split()))
    out.evidence.setdefault("votes", (base + rows[0].start("name"), base + rows[-1].end()))
    out.vote_taken = True
    out._count_rows()


# Column heads of a recorded vote whose names are listed below each head:
# "FOR             AGAINST          ABSTAIN" / "Cllr Abernethy  Cllr Fox  Cllr Hurst"
_COLUMN_HEADS = re.compile(
    # (a first column may head the members' names: "Member      For     Against   Abstain")
    r"^(?P<line>[ \t]*(?:(?:Members?|MEMBERS?|Name|NAME|Councillors?|(?i:Recorded[ \t]+Vote))"
    r"[ \t]{2,})?"
    r"(?:FOR|For|AGAINST|Against|ABSTAIN\w*|Abstain\w*|ABSTENTIONS?)"
    r"(?:(?:[ \t]{2,}|[ \t]?\t)(?:FOR|For|AGAINST|Against|ABSTAIN\w*|Abstain\w*|ABSTENTIONS?))"
    r"{1,2}[ \t]*)$",
    re.MULTILINE,
)


_MARK = re.compile(r"[Xx✓✔√*]|Yes|YES")
_NAMES_HEAD = re.compile(r"Members?|MEMBERS?|Name|NAME|Councillors?|(?i:Recorded|Vote)")
_TOTALS = re.compile(r"[ \t]*(?:Totals?|TOTALS?)\b")


# Page furniture a PDF's text puts between two parts of one table: a rule, "Page 1 of 3"
_PAGE_WORD = re.compile(r"\bPage\s+\d+\b|^[ \t]*[-–—_=]{5,}[ \t]*$", re.IGNORECASE | re.MULTILINE)


def _after_page_break(text: str, at: int) -> int | None:
    """Where a column table goes on after a blank line, when what lies between is a page's
    footer and the next page's header ("Page 1 of 3", a rule, the meeting's name): the start
    of the next row of marks, else None."""
    window = text[at : at + 600]
    for row in re.finditer(r"(?m)^.*$", window):
        line = row.group()
        cells = list(re.finditer(r"\S+(?: \S+)*", line))
        if len(cells) >= 2 and all(_MARK.fullmatch(c.group()) for c in cells[1:]):
            between = window[: row.start()]
            return at + row.start() if _PAGE_WORD.search(between) else None
        if row.start() > 0 and len(cells) >= 2 and _TOTALS.match(line):
            return None
    return None


def join_broken_tables(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sentences`` with a column table of votes cut by a page break ("Councillor  For
    Against  Abstain" / rows / "Page 1 of 3" / the next page's header / more rows / "Totals")
    read as one sentence from its head to its last row."""
    out: list[tuple[int, int]] = []
    reach = -1
    for s, e in sentences:
        if out and s < reach:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
            continue
        out.append((s, e))
        head = _COLUMN_HEADS.search(text, text.rfind("\n", 0, s) + 1, e)  # (from its indent)
        if head is not None:
            reach = _table_end(text, head.end() + 1)
    return out


def _table_end(text: str, at: int) -> int:
    """Where the rows of a column table starting at ``at`` end: at a blank line, unless the
    table goes on after a page break, or after its totals row ("Total: 9⇥Total: 14⇥…")."""
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _TOTALS.match(text, at, end):
            return end
        if text[at:end].strip():
            at = end + 1
            continue
        resumed = _after_page_break(text, end + 1)
        if resumed is None:
            return at
        at = resumed
    return len(text)


def _column_votes(text: str, base: int, out: Result) -> None:
    """Names listed in columns under FOR / AGAINST / ABSTAIN heads: each name goes to the
    column whose head starts nearest to it; the list ends at a blank line."""
    head = _COLUMN_HEADS.search(text)
    if head is None:
        return
    columns = [
        (m.start(), m.end(), _label_key(m.group()))
        for m in re.finditer(r"\S+", head.group("line"))
        if not _NAMES_HEAD.fullmatch(m.group())
    ]
    names: dict[str, list[str]] = {key: [] for _, _, key in columns}
    # (columns split by tabs, "For⇥Against⇥Abstain" / "Bellingham⇥Abbasi⇥Kershaw": a name's
    # column is its cell's place between the tabs, whatever the widths shown)
    tabbed = "\t" in head.group("line") and len(columns) == len(head.group("line").split())
    totals_row: tuple[int, int] | None = None  # "Totals   7   4   1": the counts as stated
    at = head.end() + 1
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end]
        if not line.strip():
            resumed = _after_page_break(text, end + 1)
            if resumed is None:
                break
            at = resumed  # (a PDF's page footer and header inside the table)
            continue
        totals = _TOTALS.match(line)
        if totals is not None:  # "Total   7   2   1" closes the table, and checks it
            stated = [int(n) for n in re.findall(r"\d{1,3}", line[totals.end() :])]
            counted = [len(names[key]) for _, _, key in columns]
            if stated and stated != counted[: len(stated)]:
                return  # (marks placed under heads they do not stand under)
            if stated:
                totals_row = (at + len(line) - len(line.lstrip()), end)
            break
        if re.fullmatch(r"[\s\-–—|:]+", line):
            at = end + 1  # a Markdown table's rule, its pipes gone: "--- --- ---"
            continue
        if tabbed and "\t" in line:
            for place, value in enumerate(line.strip(" ").split("\t")[: len(columns)]):
                if value.strip():
                    names[columns[place][2]].append(value.strip())
            at = end + 1
            continue
        cells = list(re.finditer(r"\S+(?: \S+)*", line))
        if len(cells) >= 2 and all(_MARK.fullmatch(c.group()) for c in cells[1:]):
            # "Mayor Brandvold          X": the member's name, then a mark under their vote
            for mark in cells[1:]:
                # (under its head word, anywhere: the head line's indent may be trimmed off)
                at_mark = mark.start()
                key = min(columns, key=lambda col: max(col[0] - at_mark, at_mark - col[1] + 1, 0))[
                    2
                ]
                names[key].append(cells[0].group())
            at = end + 1
            continue
        for cell in cells:
            key = min(columns, key=lambda col: abs(col[0] - cell.start()))[2]
            names[key].append(cell.group())
        at = end + 1
    if names.get("for") and "against" in names:
        out.votes = tuple(  # type: ignore[assignment]
            len(names[k]) if k in names else None for k in ("for", "against", "abstain")
        )
        out.names = {k: v for k, v in names.items() if v}
        out.from_list = True
        out.evidence["votes"] = (
            (base + totals_row[0], base + totals_row[1])
            if totals_row is not None
            else (base + head.start(), base + at)
        )


def read_result(text: str, base: int = 0) -> Result:
    """The result stated in ``text`` (offsets in evidence are ``base`` + offset in text)."""
    out = Result()
    # Each pattern is tried only when the text holds a word it needs: ingest reads every
    # sentence that may state a result, and most state none.
    low = text.lower()
    counted = _DIGIT.search(text) is not None
    to = _TO.search(text) if counted else None
    lost_m = _LOST.search(text) if _holds_any(low, _LOST_WORDS) else None
    carried_m = _CARRIED.search(text)
    if to:
        word = to.group("word").lower()
        a, b = int(to.group("a") or to.group("a2")), int(to.group("b") or to.group("b2"))
        out.votes = (a, b, None)
        out.evidence["votes"] = (base + to.start(), base + to.end())
        failed = any(w in word for w in ("fail", "lost", "defeat"))
        out.outcome = "lost" if failed else "carried"
        out.evidence["outcome"] = out.evidence["votes"]
    if out.votes is None and ("against" in low or "vot" in low or "oppos" in low):
        for pattern in _TALLIES:
            m = pattern.search(text)
            if m:
                nums = [number(g) if g is not None else None for g in m.groups()]
                # (the abstentions may be read by either of two alternatives)
                abstentions = next((n for n in nums[2:] if n is not None), None)
                out.votes = (nums[0], nums[1], abstentions)
                out.evidence["votes"] = (base + m.start(), base + m.end())
                if (
                    pattern is _BY_VOTES
                    and lost_m is not None
                    and (carried_m is None or lost_m.start() < carried_m.start())
                    and nums[0] is not None
                    and nums[1] is not None
                    and nums[0] > nums[1]
                ):
                    # "lost by eight votes to three": the larger side is the votes against
                    out.votes = (nums[1], nums[0], out.votes[2])
                break
    if out.votes is None and "abst" in low and (fa := _FOR_ABSTAIN.search(text)):
        out.votes = (number(fa.group(1)), None, number(fa.group(2)))
        out.evidence["votes"] = (base + fa.start(), base + fa.end())
    if out.votes is not None and out.votes[2] is None and (named := _NAMED_ABSTAINED.search(text)):
        # "… carried, with six votes for and one against; Dr Mehta abstained."
        who = read_name_list(named.group("who"))
        if who and named.start() >= out.evidence["votes"][1] - base:
            out.votes = (out.votes[0], out.votes[1], len(who))
            out.evidence["votes"] = (out.evidence["votes"][0], base + named.end())
    # (a division names its other side: a cheap test before the four patterns)
    sided = _holds_any(low, _OTHER_SIDE_WORDS)
    division = (_DIVISION.search(text) or _DIVISION_COUNTED.search(text)) if sided else None
    flipped = (
        (_DIVISION_REVERSED.search(text) or _DIVISION_AMENDMENT_FIRST.search(text))
        if division is None and sided
        else None
    )
    if division and out.votes is None:
        _division_votes(text, base, division, out, motion_first=True)
    elif (
        out.votes is None and "vote" in low and len(sides := list(_SIDE_VOTES.finditer(text))) >= 2
    ):
        got = {m.group("side").lower(): number(m.group(2)) for m in sides}
        if {"motion", "amendment"} <= set(got):
            out.votes = (got["motion"], got["amendment"], None)
            out.evidence["votes"] = (base + sides[0].start(), base + sides[-1].end())
            division = sides[0]
    elif flipped:  # read from the motion's side
        _division_votes(text, base, flipped, out, motion_first=False)
        division = flipped
    # (a table of votes, rows or columns of names: each needs both sides, or two spaces)
    if out.votes is None and "against" in low:
        _table_votes(text, base, out)
    if out.votes is None and ("  " in text or "\t" in text):
        _row_votes(text, base, out)
    if out.votes is None and "against" in low:
        _column_votes(text, base, out)
    _name_lists(text, base, out)
    out.division = bool(division) or (
        ("motion" in low or "amendment" in low) and _FOR_SIDE_HEAD.search(text) is not None
    )
    out.amendment_side = (
        "amendment" in low
        and _FOR_AMENDMENT_HEAD.search(text) is not None
        and _FOR_MOTION.search(text) is None
    )
    if out.outcome is None:
        first = min(
            (m for m in (lost_m, carried_m) if m is not None),
            key=lambda m: m.start(),
            default=None,
        )
        if first is not None:
            out.outcome = "lost" if first is lost_m else "carried"
            out.evidence["outcome"] = (base + first.start(), base + first.end())
            said = _AMENDMENT_OUTCOME.search(text)
            if out.division and said is not None and said.end() == first.end():
                out.outcome = opposite(out.outcome)
        elif w := _withdrawal(text):
            out.outcome = "withdrawn"
            out.evidence["outcome"] = (base + w.start(), base + w.end())
        elif out.votes is not None and not out.rows:
            # (rows of a recorded vote may go on after a page break: no result from a part)
            v_for, v_against = out.votes[0], out.votes[1]
            if v_for is not None and v_against is not None and v_for != v_against:
                out.outcome = "carried" if v_for > v_against else "lost"
            elif _CASTING.search(text):
                out.outcome = "carried"
    u = _UNANIMOUS.search(text) if _holds_any(low, _UNANIMOUS_WORDS) else None
    out.unanimous = u is not None
    if u is not None and out.outcome is None:
        out.outcome = "carried"
        out.evidence["outcome"] = (base + u.start(), base + u.end())
    out.vote_taken = (
        out.votes is not None
        or bool(out.rows)
        or ("vote" in low and _VOTE_ONLY.search(text) is not None)
    )
    if "outcome" in out.evidence and len(text.strip()) <= _STATEMENT:
        # The whole short sentence that states the result ("Lost on a tie", "The motion was not
        # seconded and therefore fell.") reads better as an answer than its key word.
        lead = len(text) - len(text.lstrip())
        out.evidence["statement"] = (base + lead, base + len(text.rstrip()))
    return out


def called_in(text: str) -> bool:
    """Does ``text`` record that the decision was called in?"""
    low = text.lower()
    return ("call" in low or "requisition" in low) and _CALLED_IN.search(text) is not None


def _division_votes(
    text: str, base: int, said: re.Match[str], out: Result, *, motion_first: bool
) -> None:
    """A division's counts, read from the motion's side, with the abstentions said after them
    ("… and 14 for the amendment, with 2 abstentions": abstentions count for both sides)."""
    abstained = _DIVISION_ABSTAINED.match(text, said.end())
    motion, amendment = (1, 2) if motion_first else (2, 1)
    out.votes = (
        number(said.group(motion)),
        number(said.group(amendment)),
        number(abstained.group(1)) if abstained else None,
    )
    out.evidence["votes"] = (base + said.start(), base + (abstained or said).end())


def withdrawn(text: str) -> bool:
    """Does ``text`` say the motion, amendment or item was withdrawn?"""
    return _withdrawal(text) is not None


def _withdrawal(text: str) -> re.Match[str] | None:
    """The words that say a withdrawal: "… was withdrawn" before "agreed to withdraw …"."""
    if "withdr" not in text.lower():
        return None
    return _WITHDRAWN.search(text) or _AGREED_TO_WITHDRAW.search(text)


def _holds_any(low: str, words: tuple[str, ...]) -> bool:
    """Whether the lower-cased ``low`` holds one of ``words``."""
    return any(word in low for word in words)


def opposite(outcome: str | None) -> str | None:
    """The other side's outcome of a vote between two: carried for lost and lost for carried
    (any other outcome, or none, as it is)."""
    return {"carried": "lost", "lost": "carried"}.get(outcome or "", outcome)
