"""Decisions a sentence records by itself, with no formula before them: "The Committee NOTED the
report.", "The item was deferred …", "The work programme was agreed.", "Cllr X was elected …",
"The Board:" over a list of what it noted and agreed, a member's own motion withdrawn, and a
parish council's shorthand ("Clerk's report: Report received and noted."). Each reading
returns the next sentence to read, or None when the sentence is not its kind
(``reader.Reader._decision_at`` then tries the next)."""

from __future__ import annotations

import re

from .found import FoundDecision
from .line import Line
from .movers import read_movers
from .names import TITLED_NAME_START, body_after, read_name
from .patterns import (
    BODY_AGREED,
    BODY_LIST_HEAD,
    BODY_NOTED,
    BY_VOTES,
    ELECTED,
    ENTRY_VERB,
    MOTION_THAT,
    OWN_MOTION_WITHDRAWN,
    PAST,
    PROCEDURAL,
    PROPOSAL_BY_FATE,
    WAS_AGREED,
    WAS_NOTED,
    paragraph_start,
    shorthand_decision,
)
from .results import read_result, withdrawn
from .trailing import TRAILING_BRACKET, Trailing

# Stems of the verbs BODY_AGREED looks for (a cheap gate before it)
_BODY_VERBS = (
    "agree",
    "approv",
    "endors",
    "adopt",
    "confirm",
    "ratif",
    "determin",
    "decid",
    "resolv",
    "recommended",
    "direct",
    "consent",
    "voted",
    "supported",
)
# Stems of the verbs WAS_AGREED looks for (a cheap gate before it)
_PASSIVE_VERBS = ("agree", "approv", "adopt", "confirm", "signed", "accept", "endors", "as read")
# What a decision in the passive with no movers names: "The work programme was agreed."
_AGREED_THINGS = re.compile(
    r"\b(?:minutes?|notes\s+of\s+the\s+meeting|agenda|programme|plan|record|terms of reference|"
    r"schedule|calendar|timetable|"
    r"recommendations?|allocations?|grants?|payments?|polic(?:y|ies)|strateg(?:y|ies)|"
    r"scheme|protocol|charter|standing orders|code of conduct|bye-?laws?|"
    r"(?:governance\s+)?statement|accounts|annual\s+return|precept|budget)\b",
    re.I,
)
# A passive decision's subject that names no business of its own ("the recommendation was
# approved by 6 votes to 1"), and the tally that makes such a sentence a result
_BARE_SUBJECT = re.compile(
    r"(?:^|,|\bvote|\bput)\s*(?:the\s+)?(?:officers?['’]?s?\s+)?(?:recommendations?|motion|proposal|"
    r"amendment|resolution|it|this)\s*$",
    re.IGNORECASE,
)
_BY_VOTES = re.compile(rf"\b{BY_VOTES}", re.IGNORECASE)
# "The officer said that the grant was agreed.": what someone reported, not a decision
_REPORTED = re.compile(
    r"\b(?:said|stated|explained|reported|advised|informed|confirmed|noted|reminded|"
    r"indicated|understood|believed)\b(?:\s+\w+){0,3}\s+that\b",
    re.IGNORECASE,
)


class Statements(Trailing):
    """Readings of a sentence that is a decision by itself."""

    def _read_elected(self, line: Line) -> int | None:
        """ "Cllr. Kinsella was elected Leas-Chathaoirleach …", "Councillor Wragg was appointed
        Vice-Chair …": an election (its proposer, named in the sentence before, waits as the
        pending mover)."""
        if "elected" not in line.low and "appointed" not in line.low:
            return None
        sentence = line.text
        elected = ELECTED.search(sentence)
        if elected is None or PAST.search(sentence[: elected.start()]):
            return None
        start = line.start + elected.start()
        if elected.group().startswith("declared"):  # (from "The Lord Mayor declared …")
            start = line.start + sentence.rfind("\n", 0, elected.start()) + 1
        found = FoundDecision(start, line.end, "agreed")
        if line.i > 0:
            a, b = self.sentences[line.i - 1]
            if _BALLOT.search(self.text, a, b):
                # "A vote was taken with the following result: Cllr. Ó Dálaigh 19; Cllr.
                # Prendergast 12." / "… declared Cllr. Ó Dálaigh elected": won on a vote
                found.result.outcome = "carried"
                found.result.vote_taken = True
                found.evidence["outcome"] = (a, b)
        if line.has_movers:
            # "… was elected Vice-Chair … on the nomination of Councillor Fenwick, seconded by
            # Councillor Okeke.", "…, proposed by X and seconded by Y."
            named = read_movers(sentence[elected.end() :], line.start + elected.end())
            if named.mover is None:
                # ("On the nomination of Councillor Dacre, seconded by …, Councillor Wragg was
                # appointed Vice-Chair")
                named = read_movers(sentence[: elected.start()], line.start)
            if named.mover is not None:
                found.take_movers(named)
        self._add(found)
        return line.i + 1

    def _read_body_list(self, line: Line) -> int | None:
        """ "The Board:" alone, then the entries of what it decided."""
        listed = self._body_list(line.i) if body_list_head(line.text) else None
        if listed is None:
            return None
        found, j = listed
        self._add(found)
        return j + 1

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

    def _read_body_agreed(self, line: Line) -> int | None:
        """ "The Committee AGREED to …": a body's decision, from the start of its paragraph,
        with a vote read before it in its sentence."""
        if not any(w in line.low for w in _BODY_VERBS):
            return None
        s, sentence = line.start, line.text
        committed = BODY_AGREED.search(sentence)
        # ("The Council had previously agreed to …" is not read here: the verb must follow the body)
        if not committed or PAST.search(sentence[: committed.start()]):
            return None
        start = s + paragraph_start(sentence, committed.start())
        end, j = self._extend(line.i, start)
        # ("The Committee resolved in terms of Section 50A(4) …": a resolution in other words)
        said = "resolved" if re.search(r"\bresolved\b", committed.group(), re.I) else "agreed"
        found = FoundDecision(start, end, said)
        # "The Board AGREED to recommend to the Integrated Care Board that …"
        rec = re.search(r"\bto\s+recommend\b", self.text[s + committed.start() : end], re.I)
        if committed.group("recommended"):
            found.kind = "recommended"
            found.to_body = _recommended_to(self.text[s + committed.end() : end])
        elif rec:
            kind, body, _ = self._recommending(said, s + committed.start() + rec.start())
            found.kind, found.to_body = kind, body
        if re.match(r"\S+(?:\s+\S+){0,5}?\s+unanimously\s", committed.group()):
            found.result.unanimous = True  # "The Members unanimously approved …"
            found.result.outcome = "carried"
        lead = sentence[: committed.start()]
        if committed.group("voted"):
            # "Council voted 7-0 to appoint …", "Members voted to defer …, the vote being 9-5"
            found.result.merge(read_result(sentence[committed.start() :], s + committed.start()))
            found.result.outcome = found.result.outcome or "carried"
        elif "vot" in lead and "amendment" not in lead.lower():
            # "Following a vote, in which five Members voted in favour and two against,
            # the Members adopted the draft Budgetary Plan …"
            found.result.merge(read_result(lead, s))
        self._add(found)
        return j + 1

    def _read_noted(self, line: Line) -> int | None:
        """ "The Committee NOTED the report.", "The minutes were received and noted." (not
        "had been noted")."""
        if "noted" not in line.low and "received" not in line.low:
            return None
        sentence = line.text
        if not (BODY_NOTED.search(sentence) or WAS_NOTED.search(sentence)) or re.search(
            r"\b(?:had|has)\s+(?:been\s+)?noted", sentence
        ):
            return None
        self._add(FoundDecision(line.start, line.end, "noted"))
        return line.i + 1

    def _read_own_motion_withdrawn(self, line: Line) -> int | None:
        """ "Cllr. Whooley's motion, to remove the requirement …, was withdrawn": a motion of
        its own, not a result for the next one."""
        if "withdrawn" not in line.low:
            return None
        s = line.start
        own = OWN_MOTION_WITHDRAWN.search(line.text)
        if own is None:
            return None
        found = FoundDecision(s, line.end, "motion", motion=True)
        found.mover = " ".join(own.group("who").split())
        found.evidence["mover"] = (s + own.start("who"), s + own.end("who"))
        found.result.outcome = "withdrawn"
        found.evidence["outcome"] = (s + own.start("verb"), s + own.end("verb"))
        self._add(found)
        return line.i + 1

    def _read_proposal_by(self, line: Line) -> int | None:
        """ "A further proposal by RT, to move the accounts …, was not seconded.": a motion,
        its mover and its fate in one sentence."""
        if not line.has_movers or (" by " not in line.low and "name of" not in line.low):
            return None
        s = line.start
        said = PROPOSAL_BY_FATE.search(line.text)
        if said is None:
            return None
        kind = "amendment" if said.group("kind") == "amendment" else "motion"
        found = FoundDecision(s + said.start("text"), s + said.end("text"), kind, motion=True)
        found.mover = " ".join(said.group("who").split())
        found.evidence["mover"] = (s + said.start("who"), s + said.end("who"))
        verb = said.group("verb").lower()
        found.result.merge(read_result(line.text[said.start("verb") :], s + said.start("verb")))
        if found.result.outcome is None:
            found.result.outcome = (
                "withdrawn" if "withdrawn" in verb else "carried" if "agreed" in verb else "lost"
            )
        found.evidence.setdefault("outcome", (s + said.start("verb"), s + said.end("verb")))
        found.closed = True
        self._add(found)
        return line.i + 1

    def _read_motion_that(self, line: Line) -> int | None:
        """ "Councillor X had given notice of a motion that …" (its withdrawal said next),
        "… Councillor X … withdrew his motion that …": the motion, moved by the member the
        sentence names last before it."""
        if "motion that" not in line.low and "notice of" not in line.low:
            return None
        s, sentence = line.start, line.text
        said = MOTION_THAT.search(sentence)
        if said is None:
            return None
        names = list(re.finditer(TITLED_NAME_START, sentence[: said.start()]))
        who = read_name(sentence, names[-1].start()) if names else None
        if who is None:
            return None
        kind = "amendment" if said.group("amendment") else "motion"
        found = FoundDecision(s + said.end(), line.end, kind, motion=True)
        found.mover = who[0]
        found.evidence["mover"] = (s + who[1], s + who[2])
        if said.group("withdrew"):
            found.result.outcome = "withdrawn"
            found.evidence["outcome"] = (s + said.start(), s + said.end("withdrew"))
        self._add(found)
        return line.i + 1

    def _read_procedural(self, line: Line) -> int | None:
        """ "Item FA/25/21 was deferred", "the hearing was adjourned to …": a decision of its
        own, or, when it says a withdrawal, the result of the motion still open."""
        low = line.low
        if not any(w in low for w in _PROCEDURAL_WORDS):
            return None
        s, e, sentence = line.start, line.end, line.text
        said = PROCEDURAL.search(sentence)
        # (not "… had been deferred"; a reason after it may say so: "Item LSC/10/25 was
        # withdrawn from the agenda as all representations had been withdrawn")
        # (but "At the request of …, who had been taken ill, the hearing was adjourned …")
        if not said or re.search(r"\bhad\s+been\b[^,;]*$", sentence[: said.end()]):
            return None
        if (
            not withdrawn(sentence)
            and read_result(sentence, s).votes is not None
            and self._open_motion(False) is not None
        ):
            # "On a show of hands, 5 voted in favour and 3 against, and the item was
            # deferred.": the vote on the motion to defer, not a decision of its own
            self._attach_result(sentence, s)
            return line.i + 1
        target = None
        if withdrawn(sentence):
            target = self._open_motion(False)
            last = self._last_live() if target is None else None
            if last is not None and last.motion and last.result.outcome == "withdrawn":
                target = last  # "… agreed to withdraw his motion … The motion was withdrawn."
        if target is not None:
            target.result.outcome = "withdrawn"
            target.evidence["outcome"] = (s, e)
            return line.i + 1
        named = _NAMED_MOTION.search(sentence) if withdrawn(sentence) else None
        who = read_name(sentence, named.start("who")) if named is not None else None
        if who is not None:
            # "Motion No. 5 in the name of Cllr. Gleeson, calling for …, was withdrawn by Cllr.
            # Gleeson": a motion its mover withdrew (one deferred is the meeting's decision)
            found = FoundDecision(s, e, "motion", motion=True)
            found.mover = who[0]
            found.evidence["mover"] = (s + who[1], s + who[2])
            found.result.outcome = "withdrawn"
            self._add(found)
            return line.i + 1
        found = FoundDecision(s, e, "agreed")
        if said.group("pulled"):
            found.result.outcome = "withdrawn"  # "Item 6B was pulled from the agenda by staff"
        self._add(found)
        return line.i + 1

    def _read_was_agreed(self, line: Line) -> int | None:
        """ "The minutes of the meeting held on … were approved.": a decision in the passive,
        with its movers in the next sentence ("Proposed by X, seconded by Y and agreed.") or
        in brackets after it. One with no movers must name a thing a meeting agrees (minutes,
        a plan, a budget …) or say it in capitals, and not be what someone reported."""
        if not any(w in line.low for w in _PASSIVE_VERBS):
            return None
        s, e, sentence = line.start, line.end, line.text
        was_agreed = WAS_AGREED.search(sentence)
        if not was_agreed or read_movers(TRAILING_BRACKET.sub("", sentence), s).mover:
            return None
        if _BY_VOTES.search(was_agreed.group()) and _BARE_SUBJECT.search(
            sentence[: was_agreed.start()]
        ):
            # "Upon a vote, the recommendations were approved by 6 votes to 1. RESOLVED: …":
            # the result of the decision written next, not one of its own
            return None
        found = FoundDecision(s, e, "agreed")
        if "vot" in line.low or "favour" in line.low:
            # "… was approved by seven votes to three", "… adopted on a show of hands, 22 in
            # favour and 5 against"
            said = read_result(sentence[was_agreed.start() :], s + was_agreed.start())
            if said.votes is not None:
                found.result.merge(said)
        movers = self._agreed_proposal(line.i + 1)
        if movers is not None:
            found.take_movers(movers)
            self._add(found)
            return line.i + 2
        if not (
            _AGREED_THINGS.search(sentence)
            or re.search(r"\b(?:AGREED|APPROVED|ADOPTED)\b", sentence)
        ) or _REPORTED.search(sentence):
            return None
        self._add(found)
        return line.i + 1 + self._bracketed_after(found, line.i)

    def _read_shorthand(self, line: Line) -> int | None:
        """A parish council's shorthand ("Clerk's report: Report received and noted."), with
        the movers and vote in brackets after it."""
        shorthand = shorthand_decision(line.text)
        if shorthand is None:
            return None
        at, kind, outcome = shorthand
        found = FoundDecision(line.start + at, line.end, kind)
        found.result.outcome = outcome
        self._add(found)
        return line.i + 1 + self._bracketed_after(found, line.i)


def _recommended_to(rest: str) -> str | None:
    """The body in "… recommended the draft Plan to the full Council for adoption"."""
    to = re.search(r"\bto\s+(?=(?:the\s+)?(?:[Ff]ull\s+)?[A-Z])", rest)
    return body_after(rest[to.end() :]) if to else None


def body_list_head(sentence: str) -> bool:
    """ "The Board:" alone in its sentence (its entries follow)."""
    return (
        sentence.rstrip().endswith((":", ":-")) and BODY_LIST_HEAD.fullmatch(sentence) is not None
    )


# "Motion No. 5 in the name of Cllr. Gleeson, calling for …": a motion and who tabled it
_NAMED_MOTION = re.compile(
    r"(?m:^)\W*(?:Notice\s+of\s+)?Motion\b[^,;\n]{0,24}?\bin\s+the\s+name\s+of\s+"
    r"(?P<who>" + TITLED_NAME_START + r")",
    re.IGNORECASE,
)


# The count of a contested election in the sentence before its result: "A vote was taken
# with the following result: Cllr. X 19; Cllr. Y 12.", "A ballot was held. Councillor X
# received 31 votes and Councillor Y received 22 votes"
_BALLOT = re.compile(
    r"\b(?:vote|ballot|poll)\s+was\s+(?:taken|held)\b[^.;]{0,40}?:\s*(?:Cllr\.?|Councillor)\s"
    r"|\breceived\s+\d{1,3}\s+votes?\b[^.]{0,80}?\breceived\s+\d{1,3}\s+votes?\b",
    re.IGNORECASE,
)


# Words without which PROCEDURAL cannot match (looked for in the lower-cased sentence first)
_PROCEDURAL_WORDS = (
    "deferred", "withdrawn", "adjourned", "postponed", "from the agenda", "held over", "continued",
)  # fmt: skip
