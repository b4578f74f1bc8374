"""Movers and seconders: who a sentence names as moving or seconding ("Proposed by X,
seconded by Y", "X moved, and Y seconded, …", "on the proposal of X"), the patterns of the
lines that name them, and the mover and result that wait for the next decision."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import NAME_START, TITLED_NAME_START, read_name
from .nominations import Nomination
from .results import Result

_NAME = NAME_START
PROPOSED_BY = re.compile(
    r"(?P<it>\bIt\s+was\s+)?\b(?:(?:Proposed|proposed|pro-\s*posed|PROPOSED|Moved|moved|MOVED)"
    r"(?:\s+(?i:by)\s*:?|\s*:)|(?:Motion|Amendment)\s+(?:by|from)|Proposer\s*:|(?i:motion\s+was\s+made\s+by)"
    r"|(?<=\bwas\s)nominated\s+by"  # "Councillor Harland was nominated by Councillor Pennock"
    # "(Prop. Cllr Gorringe, sec. Cllr Carrow)", "(proposed Cllr Kneale, seconded Cllr Chuter)"
    # ("Amendment proposed Cllr Evans, seconded Cllr Rees: that …")
    r"|(?:Moved|MOVED|Proposed|(?:(?<=\()|^|(?<=[Aa]mendment\s)|(?<=[Mm]otion\s))proposed|PROPOSED"
    r"|Prop\.)"
    r"(?=\s+(?:Cr|Councillor|Cllr|Alderman|Mayor|Deputy\s+Mayor)\.?\s))\s*(?=" + _NAME + ")"
)
SECONDED_BY = re.compile(
    r"\b(?:Seconded|seconded|sec-\s*onded|SECONDED|[Ss]econd|SECOND)(?:\s+(?i:by)\s*:?|\s*:)\s*(?="
    + _NAME
    + ")"
    r"|\bSeconder\s*:\s*(?=" + _NAME + ")"
    r"|\b(?:Seconded|SECONDED|seconded|[Ss]ec\.)"
    r"(?=\s+(?:Cr|Councillor|Cllr|Alderman|Mayor|Deputy\s+Mayor)\.?\s)\s*"
)
ON_PROPOSAL = re.compile(
    # (Wirral: "On a motion by Councillor Paul Cunliffe, seconded by …, it was -")
    r"\bon\s+(?:the|a)\s+(?:proposal|proposition|motion|nomination)\s+(?:of|by)\s+(?=" + _NAME + ")"
    # ("Following a proposal by Cllr Hanley, seconded by Cllr Furey, the Members …")
    r"|\b(?:following|after|upon)\s+(?:a|the)\s+(?:proposal|motion)\s+(?:of|by|from)\s+(?="
    + _NAME
    + ")",
    re.I,
)
_SUBJECT_MOVED = re.compile(
    r"(?:^|(?<=[\s(]))"
    # (not the last word of a heading line above a titled name: "MOTION – COMMUNITY WEALTH
    # BUILDING / Bailie Tosh, seconded by …, moved:-")
    r"(?![A-Z][\w'’\-]*[^\S\n]*\n\s*" + TITLED_NAME_START + r")"
    r"(?P<who>" + _NAME + r"(?:\s+[A-Z][\w'’\-]*){0,2})\s*(?:,[^,]{1,60},\s*)?"
    r"(?:\([^()\n]{1,40}\)\s*)?"  # "Councillor Illingworth (Leader) moved"
    # "Councillor Colquhoun said that the quality scores … were higher and proposed instead
    # that …": what the member said first, then the motion
    r"(?:\s+(?:said|spoke|expressed|stated|argued|felt|considered|suggested|noted)\b"
    r"[^.;\n]{1,200}?\s+and)?"
    r",?\s*(?:then\s+|also\s+|subsequently\s+)?(?P<verb>moved|MOVED|proposed|PROPOSED|put\s+forward"
    r"|counter-?\s*proposed"
    # "Cllr. Gaughan made a counter-proposal, seconded by Cllr. Raftery, that …"
    r"|(?:made|tabled|submitted)\s+(?:a|an)\s+(?:counter-?\s*proposal|counter-?\s*motion"
    r"|amendment))\b"
)
SUBJECT_SECONDED = re.compile(
    r"(?P<who>" + _NAME + r"(?:\s+[A-Z][\w'’\-]*){0,2})\s*,?\s*(?:seconded|SECONDED)\b"
)
WAS_SECONDED = re.compile(
    r"\b(?:The\s+|the\s+)?(?:proposal|motion|amendment|recommendation)s?\s+(?:was|were)\s+"
    r"seconded\s+by\s+|\bThis\s+was\s+seconded\s+by\s+",
)
# (the name has its title: "Notice of Motion – Single-use Vapes" names a topic, not a mover)
NOTICE_HEADING = re.compile(
    r"\bNOTICE\s+OF\s+MOTION\b[^\n]*?[–\-:]\s*(?=" + TITLED_NAME_START + r")"
    # "316/25 MOTION – RENT PRESSURE ZONE (Cllr. Fionnuala Ní Bhriain)": a heading line that
    # names the motion's member in brackets
    r"|(?m:^)[^\S\n]*(?:[\w./]{1,10}[^\S\n]+)?(?:NOTICE\s+OF\s+)?MOTION\b[^\n(]{0,80}\(\s*(?="
    + TITLED_NAME_START
    + r")"
    # "6. Motion No. 3 – Cllr. Mac Aodha", "Motion No. 14 in the name of Cllr. Naughton",
    # "6. Motion in the name of Cllr. Dunne": a heading line that starts with the motion (and
    # its number) and goes on to its member
    # ("LMD 68/26 Motion – Cllr. Paudie Hurley": a reference of two words, the member after
    # the dash)
    # ("Motion 6 - Cllr. Seán Hanafin": the number without "No.")
    r"|(?m:^)[^\S\n]*(?:[\w./]{1,10}[^\S\n]+){0,2}MOTION(?:\s+(?:No\.?\s*)?\d+[^\S\n]*[–\-:]|"
    r"[^\S\n]*[–\-:]|(?:\s+No\.?\s*\d+)?\s+in\s+the\s+name\s+of)[^\S\n]*(?="
    + TITLED_NAME_START
    + r")"
    # "The following motion had been submitted by Councillor Fenwick-Lowe:" (quoted below it)
    r"|\bmotion\s+(?:had\s+been|has\s+been|was)\s+(?:submitted|tabled|received|given)\s+"
    r"(?:by|in\s+the\s+name\s+of)\s+(?=" + TITLED_NAME_START + r")",
    re.IGNORECASE,
)

TEXT_AFTER_MOVER = re.compile(
    # (a member's council in brackets: "seconded by Councillor Ellis Boothroyd (Saltmarsh
    # Borough Council), to add …")
    r"(?:[\s,)]|\([^()\n]{1,60}\)|(?<=moved):-?|(?<=\s)[–—-](?=\s)|"
    r"\b(?:then|moved|proposed|seconded|and|unanimously|agreed|resolved|as|an|second|instead|"
    r"further|another|put\s+forward|counter-?\s*proposal|counter-?\s*motion|alternative|"
    r"amendment|amend-\s*ment|motion|it|was|the|following|a|further|carried|nem\.?\s*con\.?|"
    r"\d{1,3}\s*[:–-]\s*\d{1,3})\b)*?"
    r"(?P<w>[\"“‘]?\b(?:that|to)\b|(?<!seconded)(?<!proposed)(?<!moved):-?"
    # "Cllr. Quilty proposed the suspension of Standing Orders to allow …": the motion named
    # ("X proposed, and Y seconded, the disposal of 0.12 hectares at Carrickbeg …": Section 183)
    r"|(?=\bthe\s+(?:suspension|adoption|approval|deferral|deferment|acceptance|rejection|"
    r"extension|establishment|co-?option|disposal|sale|lease|purchase|acquisition|transfer|"
    r"appointment|nomination|award|making|granting|renewal|closure)\s+of\b))",
    re.IGNORECASE,
)

# "It was MOVED and SECONDED / THAT …" (British Columbia councils): a motion whose mover and
# seconder the minutes do not name. The phrase is kept as the movers' evidence under
# ``UNNAMED`` only to anchor the motion's text after it; no decision takes it as a field.
UNNAMED_MOVERS = re.compile(
    r"\b(?:it\s+was\s+)?(?:duly\s+)?moved\s+and\s+(?:duly\s+)?seconded\b(?!\s+by\b)", re.I
)
UNNAMED = "unnamed_movers"

# A heading line that introduces the text of a motion or amendment ("Motion" / "Amendment"),
# whose mover follows it ("- moved by Councillor MacRae, seconded by Councillor Dunbar.").
MOTION_HEADING = re.compile(r"\s*(?:Motion|Amendment|MOTION|AMENDMENT)\s*:?\s*")
MOVED_AFTER = re.compile(r"\s*[-–—]?\s*(?:moved|proposed)\s+by\b")
QUOTED_BEFORE = re.compile(r"[\"“](?P<text>That\b[^\"”]{10,2000}?)[\"”]\s*$")

_MOVED_LATER = re.compile(
    r"\band\s+(?:then\s+)?(?:proposed|moved)\s+(?:an?\s+|the\s+)?(?:amendment|motion)\b", re.I
)
_TITLED_START = re.compile(
    r"\s*(?P<who>(?:Councillor|Cllr\.?|Alderman|Mayor|Deputy\s+Mayor)\s+[A-Z])"
)
_PRONOUN = re.compile(r"(?:It|This|He|She|They|The)\b")


@dataclass
class Pending:
    """A mover, seconder or result read before the decision it belongs to."""

    mover: str | None = None
    seconder: str | None = None
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    result: Result = field(default_factory=Result)
    amendment: bool = False
    restatement: bool = False
    agreed: bool = False
    at: int = 0  # where the mover line was read
    # Candidates nominated one after another before the election decided between them
    nominations: list[Nomination] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.mover is None and self.result.empty


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
            role = re.match(r"\s*the\s+(?:[^()]{3,60}?\(|[^,()]{3,40},)\s*", sentence[m.end() :])
            if role:
                name = read_name(sentence, m.end() + role.end())
                if name:
                    return name
    for m in subject.finditer(sentence):
        who = m.group("who")
        verb_at = m.start("verb") if "verb" in subject.groupindex else m.end()
        inner = _TITLE_IN.search(sentence, m.end("who"), verb_at)
        if (
            inner is not None
            and not _TITLE_IN.match(who)
            # (not "Cllr. Ó Meadhra, seconded by Cllr. Scally, proposed …")
            and "second" not in sentence[m.end("who") : verb_at].lower()
        ):
            # "The Cabinet Member for Neighbourhood Services, Councillor Prys-Jenkins, moved …"
            return read_name(sentence, inner.start())
        if _PRONOUN.match(who):
            # "The Leader, Councillor Nuttall, moved …": the name in the apposition
            inner = _TITLE_IN.search(sentence, m.end("who"), m.start("verb"))
            if inner is None:
                continue
            return read_name(sentence, inner.start())
        # A heading glued to the sentence ("ALLOTMENTS\nCllr Varga proposed"): read from the
        # last title inside the match.
        titled = list(_TITLE_IN.finditer(who))
        if "\n" in who and not titled and re.match(r"(?:The|the)\b", who.rsplit("\n", 1)[1]):
            continue  # ("12 High Road\nThe Chair moved …": a role moved it, not "Road")
        if not titled and _NOT_A_MEMBER.search(who):
            continue  # ("the Welsh Government's Bill proposed a levy …": no member moved it)
        at = m.start("who") + (titled[-1].start() if "\n" in who and titled else 0)
        return read_name(sentence, at)
    return None


# An untitled subject of "proposed" that is a body or a document, not a member: a possessive
# ("Government's Bill") or a body's or a paper's noun
_NOT_A_MEMBER = re.compile(
    r"['’]s\b|\b(?:Government|Bill|Act|Board|Authority|Department|Agency|Report|Strategy|Plan"
    r"|Policy|Trust|Partnership|Company|Ltd|Limited|Regulations?|Consultation|Review)\b"
)


# "moved by the Leader, Councillor Pryce, …": the name follows the role
_BY_ROLE = re.compile(r"\b(?:moved|proposed)\s+by\s+(?=the\s+[A-Z])")
_SLASHED = re.compile(
    r"\b(?P<kind>MOTION|AMENDMENT|Motion|Amendment)\s*\(\s*(?P<m>[A-Z][^/()\n]{1,40}?)\s*/\s*"
    r"(?P<s>[A-Z][^/()\n]{1,40}?)\s*\)"
)
# "(Dyfnallt/Tudno)", "(Cllr Cynfal/Cllr Garmon)" after a parish council's resolution: its
# proposer and seconder
_PAIR = re.compile(  # (NSW: "RESOLVED (Cr Nguyen/Cr Singh) 26/301")
    r"\s*(?P<m>(?:(?:Cllrs?|Councillors?|Crs?)\.?\s+)?[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s*/\s*"
    r"(?P<s>(?:(?:Cllr|Councillor|Cr)\.?\s+)?[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s*"
)

# One titled member in the brackets: the mover of a motion that needs no seconder
_ALONE = re.compile(
    r"\s*(?P<m>(?:Cllr|Councillor|Cr)\.?\s+[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s*"
)


def paired_movers(inner: str, base: int) -> Pending:
    """Mover and seconder written as a pair in brackets, "(Dyfnallt/Tudno)"."""
    found = Pending()
    pair = _PAIR.fullmatch(inner)
    if pair is not None:
        found.mover, found.seconder = pair.group("m"), pair.group("s")
        found.evidence["mover"] = (base + pair.start("m"), base + pair.end("m"))
        found.evidence["seconder"] = (base + pair.start("s"), base + pair.end("s"))
        return found
    alone = _ALONE.fullmatch(inner)
    if alone is not None:  # a Mayoral Minute: "RESOLVED (Cr Harcourt) OC 26/219"
        found.mover = alone.group("m")
        found.evidence["mover"] = (base + alone.start("m"), base + alone.end("m"))
    return found


_TITLE_IN = re.compile(r"(?:Councillor|Cllr\.?|Cr\.?|Alderman|Mayor|Commissioner)\s+[A-Z]")


# "The Leader of the Opposition, Councillor Ashcombe, supported by Councillor Fairweather,
# proposed the following amendment: …", "Councillor Mallender, supported by the Deputy Leader,
# Councillor Brennock, proposed the recommendations …": the subject moves, the supporter seconds.
_SUPPORTED = re.compile(
    r",?\s*supported\s+by\s+(?:the\s+[A-Z][\w'’ -]{0,40}?,\s*)?"
    r"(?=" + TITLED_NAME_START + r")"
)
_MOVE_VERB = re.compile(r"\s*,?\s*(?:then\s+)?(?:proposed|moved)\b")
_AMENDS_NEXT = re.compile(r"\s+(?:the\s+following\s+|an\s+|a\s+further\s+)?amend-?\s*ment\b")


def _supported_movers(sentence: str, base: int) -> Pending | None:
    """The mover (the subject) and seconder (who supported them) of "X, supported by Y,
    proposed …"; None when the sentence is not so."""
    said = _SUPPORTED.search(sentence)
    if said is None:
        return None
    subjects = list(re.finditer(TITLED_NAME_START, sentence[: said.start()]))
    mover = read_name(sentence, subjects[-1].start()) if subjects else None
    seconder = read_name(sentence, said.end())
    verb = _MOVE_VERB.match(sentence, seconder[2]) if seconder is not None else None
    if mover is None or seconder is None or verb is None:
        return None
    found = Pending()
    # ("… proposed the following amendment: that …")
    found.amendment = bool(_AMENDS_NEXT.match(sentence, verb.end()))
    found.mover, found.seconder = mover[0], seconder[0]
    found.evidence["mover"] = (base + mover[1], base + mover[2])
    found.evidence["seconder"] = (base + seconder[1], base + seconder[2])
    return found


def read_movers(sentence: str, base: int) -> Pending:
    """Mover and seconder named in one sentence."""
    found = Pending()
    supported = _supported_movers(sentence, base) if "supported by" in sentence else None
    if supported is not None:
        where = [(a - base, b - base) for a, b in supported.evidence.values()]
        supported.amendment = supported.amendment or names_amendment(sentence, where)
        return supported
    slashed = _SLASHED.search(sentence)
    if slashed:  # "MOTION (Jones/Smith) That …": mover and seconder by surname
        found.mover, found.seconder = slashed.group("m"), slashed.group("s")
        found.evidence["mover"] = (base + slashed.start("m"), base + slashed.end("m"))
        found.evidence["seconder"] = (base + slashed.start("s"), base + slashed.end("s"))
        found.amendment = slashed.group("kind").lower() == "amendment"
        return found
    mover = _role_name(sentence, (PROPOSED_BY, ON_PROPOSAL, _BY_ROLE), _SUBJECT_MOVED)
    subject = _TITLED_START.match(sentence)
    if mover is None and subject is not None and _MOVED_LATER.search(sentence):
        # "Councillor Morris said that … and proposed an amendment, seconded by …": the
        # sentence's subject moved it.
        mover = read_name(sentence, subject.start("who"))
    if mover:
        found.mover = mover[0]
        found.evidence["mover"] = (base + mover[1], base + mover[2])
    seconder = _role_name(sentence, (SECONDED_BY, WAS_SECONDED), SUBJECT_SECONDED)
    if seconder and seconder[0] != found.mover:
        found.seconder = seconder[0]
        found.evidence["seconder"] = (base + seconder[1], base + seconder[2])
    where = [(a - base, b - base) for a, b in found.evidence.values()]
    found.amendment = names_amendment(sentence, where)
    found.agreed = bool(re.search(r"\band\s+(?:unanimously\s+)?agreed\b", sentence, re.IGNORECASE))
    return found


# A line that is only a heading for an amendment ("Amendment", "AMENDMENT 2:", "Amendment (1)")
_AMENDMENT_HEADING = re.compile(r"(?i)\s*amend-?\s*ment\s*(?:no\.?\s*)?\(?[0-9A-Z]?\)?\s*[:.-]?\s*")
# "Amendment" in the name of the thing moved ("that this Budget Amendment be approved", "the
# Official Plan Amendment"): not an amendment to a motion
_NAMED_THING = re.compile(
    r"\b[A-Z][\w-]*(?<!['’]s)[ \t]+Amendment\b(?!\s+(?:to|that)\b)(?=[^\n]*$)"
)
_AMENDMENT_WORD = re.compile(
    r"\bamend-?\s*ment\b|\bcounter-?\s*(?:proposal|proposed|motion)\b"
    # "Cllr. Lenehan proposed, as an alternative, that the road be named …"
    r"|\bas\s+an\s+alternative\b|\balternative\s+(?:proposal|motion)\b",
    re.IGNORECASE,
)


def names_amendment(sentence: str, names: list[tuple[int, int]]) -> bool:
    """Does the sentence say its movers move an amendment? Only the lines naming the movers
    count, or a line before them that is just an "Amendment" heading: an item heading joined
    to the movers ("4.1 Zoning By-law Amendment Application …") or the motion's own text
    below them ("That Council adopt Official Plan Amendment No. 14") does not."""
    if not names:
        return bool(_AMENDMENT_WORD.search(sentence))
    first = sentence.rfind("\n", 0, min(a for a, _ in names)) + 1
    while first > 0 and sentence[first:].lstrip(" \t")[:1].islower():
        # a line that goes on from the one above ("An amendment pro-" / "posed by Cllr …")
        first = sentence.rfind("\n", 0, first - 1) + 1
    last = sentence.find("\n", max(b for _, b in names))
    # (and just past it: "seconded by Councillor Y, as" / "an amendment, that …"; not into
    # the motion's own text on the next line: "THAT \"Zoning Amendment Bylaw No. 2291\" …")
    stop = len(sentence) if last < 0 else last + 16
    if last >= 0 and re.match(r"\s*[\"“]?(?:that|to)\b", sentence[last:], re.IGNORECASE):
        stop = last
    if any(
        m.start() < stop and not _NAMED_THING.search(sentence, max(0, m.start() - 40), m.end())
        for m in _AMENDMENT_WORD.finditer(sentence, first)
    ):
        return True  # (the word may wrap onto the next line: "as an amend-\nment that …")
    return any(_AMENDMENT_HEADING.fullmatch(line) for line in sentence[:first].split("\n"))


def bare_mover_line(sentence: str, movers: Pending, base: int) -> bool:
    """Is the sentence only "Proposed: X  Seconded: Y" (or "Proposed by X, seconded by Y")?"""
    rest = sentence
    for a, b in sorted(movers.evidence.values(), reverse=True):
        rest = rest[: a - base] + rest[b - base :]
    rest = re.sub(
        r"(?i)\b(?:proposed|moved|seconded|by|and|agreed|carried|unanimously|all\s+in\s+favour|"
        r"nem\.?\s*con)\b|[:.,;\s]",
        "",
        rest,
    )
    return not rest
