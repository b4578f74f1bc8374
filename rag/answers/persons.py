"""People a sentence of minutes names, for short answers: who moved, seconded, chaired or
presented, with the cue that the sentence gives them the role a question asks about.

A person is a titled name ("Councillor J. Fenwick", "Cllr. Ní Bhriain"), initials and a surname
("A. Rivers"), or an officer named without a title by the role around the name ("presented by
Laura Kimber, Audit Manager, …", "the internal auditor, Helen Corscombe, …", "Owen Ruddock,
Counter Fraud Lead, presented …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["asks_who_tried", "person_spans", "role_asked"]

_TITLE = (
    r"(?:Councillors?|Cllrs?\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Prof\.?|Mayor|Alderman"
    r")"
)
# A name is capitalised words that are not a role ("Councillor Leader" is no one).
_NAME = (
    r"(?!(?:Leader|Chair|Chairman|Members?|Officers?|Council)\b)[A-Z][\w'’.-]*"
    r"(?:[ \t\n]+(?:[A-Z][\w'’-]*\.?|de|van|von|da|le|Ní|Nic|Mac|Ó|Ua))*"
)
# An officer named without a title, by the role after the name: "… presented by Laura
# Kimber, Audit Manager, …", "Owen Ruddock, Counter Fraud Lead, presented the update"
_ROLE_WORDS = (
    r"Officer|Manager|Director|Head|Lead|Clerk|Chief|Executive|Adviser|Advisor|Auditor|Senior"
    r"|Assistant|Principal|Deputy|Member|Leader|Chair|Councillor|Solicitor|Engineer|Planner"
)
_UNTITLED = r"[A-Z][a-z]+(?:[ \t][A-Z][a-z]*['’-]?[A-Z]?[a-z]+){1,2}"
_PERSON = re.compile(
    rf"\b{_TITLE}[ \t\n]+{_NAME}|\b(?:[A-Z]\.[ \t]?)+[A-Z][\w'’-]+"
    rf"|(?<=\bby\s){_UNTITLED}(?=,[ \t\n]+(?:the\s+)?[A-Z][a-z])"
    # "… ratified the Mayor's appointment of Marisol Quintero to the Commission"
    rf"|(?:(?<=appointment\sof\s)|(?<=election\sof\s)){_UNTITLED}"
    # "… introduced by Councillor Skerrett and presented by Craig Elmsworth."
    rf"|(?:(?<=presented\sby\s)|(?<=introduced\sby\s)){_UNTITLED}(?=[.;:)]|,|\s+and\b)"
    # ("… and Andrea Kilbride, Executive Director of Finance, presented the detail")
    rf"|(?:(?m:^)|(?<=,[ \t])|(?<=\band\s)){_UNTITLED}(?=,[ \t\n]+[^,\n]{{2,60}},[ \t\n]+"
    r"(?:presented|introduced|reported|explained|outlined|advised|said|gave|summarised"
    r"|summarized|answered|responded)\b)"
    # "… the interim report of the internal auditor, Helen Corscombe, …": after the role
    r"|\b(?:auditor|officer|manager|director|clerk|adviser|advisor|solicitor|engineer|planner"
    r"|accountant|treasurer|lead|head|executive|co-?ordinator|consultant|inspector|secretary)"
    rf",[ \t\n]+(?P<named>{_UNTITLED})(?=,)"
    # "The Service Delivery Manager: Housing Solutions, A Pengelly, presented the report"
    rf"|,[ \t\n]+(?![^,\n]*\b(?:{_ROLE_WORDS})\b)"
    rf"(?P<cited>(?:[A-Z]\.?[ \t])?{_UNTITLED}|[A-Z]\.?[ \t][A-Z][a-z]+['’-]?[A-Za-z]*)"
    r"(?=,[ \t\n]+(?:presented|introduced|outlined|reported|gave)\b)"
)
_LIST_TITLE = re.compile(r"(?:Councillors|Cllrs\.?)[ \t\n]+")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")  # "Councillor J." keeps its full stop
# "which officer", "which finance officer": a question that asks for an officer, not a member
_WHICH_OFFICER = r"which\s+(?:[\w'’-]+\s+){0,2}?officer"
_ROLETERMS = {
    "moved": r"(?:moved|proposed|put\s+forward|tabled)",
    "seconded": r"seconded",
    "chair": r"(?:chaired|chair|chairman|chairwoman|chairperson|presided)",
}


def role_asked(question: str) -> str | None:
    """The role a "who" question asks about: "moved", "seconded", "chair", "presented" or
    None."""
    text = question.lower()
    if re.search(r"\bsecond(?:ed|er|ing)\b", text):
        return "seconded"
    # ("Who nominated the new Vice-Chair?": the member who moved the nomination, not the one
    # "nominated" as in "who was nominated?")
    if re.search(r"\b(?:moved|proposed|put\s+forward|tabled)\b|\bwho\s+nominated\b", text):
        return "moved"
    # "Who tried to have the survey put off?", "whose amendment was ruled out of order?",
    # "who suggested naming the estate …", "At Penhallow's committee, which councillor tried to
    # have the kiosk refused?": the member who moved it
    if re.search(
        r"(?:^|,)\W*(?:who|which\s+(?:[\w'’-]+\s+){0,2}?(?:councillor|member|cllr|commissioner"
        r"|supervisor|alderman|alderperson|trustee)s?)\s+"
        # ("who wanted the meeting held in Kilbride?": what they wanted done, as a proposal)
        r"(?:(?:tried|sought|attempted)\s+to\b|suggested\b|wanted\b|wished\b)"
        r"|\bwhose\s+(?:notice\s+of\s+)?(?:amendment|motion|proposal|counter-?\s*proposal)\b",
        text,
    ):
        return "moved"
    # "Who became Deputy Lord Mayor?", "Who was elected Vice-Chair …?", "Who replaced Huw
    # Lanyon as Leader?", "Who was appointed to the Parks Commission?": the one chosen
    if _APPOINTED_ASKED.search(text):
        return "appointed"
    if re.search(r"\b(?:chaired|chair|presided)\b", text):
        return "chair"
    # "Who presented the homelessness update?", "Who reported on taxi licensing …?", "Who
    # took Cabinet through the detail of the forecast?"
    if re.search(
        rf"\b(?:who|{_WHICH_OFFICER})\s+(?:presented|introduced|reported"
        r"|(?:took|talked|walked|led)\s+(?:[\w'’-]+\s+){1,4}?through)\b",
        text,
    ):
        return "presented"
    # "Who fielded members' questions on the budget?": the one who answered them
    if re.search(
        rf"\b(?:who|{_WHICH_OFFICER})\s+(?:answered|fielded|responded\s+to"
        r"|dealt\s+with|took)\s+(?:[\w'’-]+\s+){0,4}?questions\b",
        text,
    ):
        return "answered"
    return None


_APPOINTED_ASKED = re.compile(
    r"\b(?:who|which\s+(?:[\w'’-]+\s+){0,2}?(?:councillor|member|person|candidate)s?)\s+"
    r"(?:became|becomes|replaced|succeeded|took\s+over|"
    r"(?:was|were|has\s+been|had\s+been|is)\s+(?:(?:duly|unanimously|then)\s+)?"
    r"(?:re-?)?(?:elected|appointed|chosen|co-?opted|named|installed|selected|made)\b)"
)
# What the minutes say of the one chosen, after the name ("… was elected Vice-Chair", "That
# Councillor X be appointed …", "declared Cllr. X elected") or before it ("the appointment of")
_CHOSEN_AFTER = re.compile(
    r"\s*,?\s*(?:(?:was|were|be|is)\s+(?:duly\s+|unanimously\s+|hereby\s+)?(?:declared\s+)?"
    r"(?:re-?)?(?:elected|appointed|co-?opted|nominated|installed)|(?:duly\s+)?(?:re-?)?elected)\b",
    re.IGNORECASE,
)
_CHOSEN_BEFORE = re.compile(
    # (not "on the nomination of X", who nominated)
    r"\b(?:appointment|election|co-?option)\s+of\s*$|\b(?:declared|nominated)\s*$",
    re.IGNORECASE,
)
_TRIED = re.compile(r"\b(?:tried|sought|attempted|wanted|wished)\s+to\b", re.IGNORECASE)


def asks_who_tried(question: str) -> bool:
    """ "Who tried to have the survey put off?": the mover of a bid that failed (an amendment,
    a lost or withdrawn motion), which only the decision register tells from the motion that
    won; a sentence naming someone near "moved" does not."""
    return role_asked(question) == "moved" and _TRIED.search(question) is not None


def _named_role(text: str, start: int, end: int) -> str | None:
    """The role the minutes give the person at ``text[start:end]``: "moved", "seconded",
    "chair" or None. What comes right before the name decides first ("seconded by X")."""
    before = text[max(0, start - 80) : start].lower()
    after = text[end : end + 120].lower()
    # "seconded by Councillor X", "seconded by the Deputy Leader (Cllr X)"
    by = r"\s+by:?\s*(?:$|(?:the\s+)?[\w ,'’-]{0,60}\(\s*$)"
    if re.search(rf"seconded{by}", before):
        return "seconded"
    if re.search(rf"(?:moved|proposed|put\s+forward|tabled){by}", before):
        return "moved"
    # "a notice of motion submitted by Councillor Ieuan Dinas", "the motion in the name of …"
    if re.search(
        rf"(?:motion|amendment)\b[^.;]{{0,40}}?submitted{by}|(?:motion|amendment)\s+in\s+the\s+"
        r"name\s+of\s*$",
        before,
    ):
        return "moved"
    if _CHOSEN_BEFORE.search(before) or _CHOSEN_AFTER.match(after):
        return "appointed"
    if re.search(
        r"(?:chair(?:man|person|woman)?|chaired\s+by|presided\s+over\s+by)\s*[:,-]?\s*\(?$", before
    ):
        return "chair"
    # (on the same line: "… and L. Pilbeam\nIn the Chair: Cllr A. Fenwick" names the next one)
    if re.match(r"[ \t]*(?:\)\s*)?(?:\(\s*)?(?:in\s+the\s+)?chair", after):
        return "chair"
    # "Cllr G Lethbridge (Deputy Chair, in the Chair)", "Dr Okonjo, Vice-Chair, took the chair"
    if re.match(
        r"[ \t]*\([^)]{0,40}\bin\s+the\s+chair\b|[ \t]*,?[^.;()\n]{0,40}?\btook\s+the\s+chair\b",
        after,
    ):
        return "chair"
    # "X, seconded by Y, moved that …" and "X (Labour) moved …"
    after = re.sub(r"^\s*,?\s*seconded\s+by\s+[^,;:]{1,60},", "", after)
    after = re.sub(r"^\s*\)?\s*\([^)]*\)|^\s*\)", "", after)
    # ("Councillor Kerr, seconded by Councillor Lindsay, nominated Councillor MacInnes")
    if re.match(
        rf"\s*,?\s*(?:then\s+|formally\s+|had\s+)?(?:{_ROLETERMS['moved']}|nominated)\b", after
    ):
        return "moved"
    if re.match(r"\s*,?\s*(?:then\s+|formally\s+|had\s+)?seconded\b", after):
        return "seconded"
    return None


def _person_cue(role: str | None, text: str, start: int, end: int, first: bool) -> float:
    """+1 when the minutes give the person the role asked about, -1 for the other role of a
    motion; +0.5 for the subject of a sentence that goes on to say it "moved" or "proposed"."""
    if role is None:
        return 0.0
    named = _named_role(text, start, end)
    if named == role:
        return 1.0
    if named is not None:
        if role == "appointed" or named == "appointed":
            return -1.0 if {named, role} <= {"moved", "seconded", "appointed"} else 0.0
        return -1.0 if {named, role} == {"moved", "seconded"} else 0.0
    later = text[end:]
    if role == "moved" and first and re.search(r"\b(?:moved|proposed)\b(?!\s+by)", later):
        return 0.5
    if role == "presented" and (
        _PRESENTED_BY.search(text[max(0, start - 40) : start])
        or (_PRESENTS.match(later) and (first or later.lstrip().startswith(",")))
    ):
        return 1.0  # "presented by Laura Kimber", "Gemma Royle, Senior Officer, presented …"
    if role == "answered" and _ANSWERS.match(later):
        return 1.0  # "Owen Pritchett, Chief Finance Officer, answered Members' questions"
    return 0.0


_PRESENTED_BY = re.compile(r"\b(?:presented|introduced|given)\s+by\s+$", re.IGNORECASE)
# (after the name, its role in commas, then the verb)
_PRESENTS = re.compile(
    r"(?:\s*,[^,.;]{2,80},)?\s+(?:presented|introduced|outlined|reported|gave)\b", re.IGNORECASE
)


_MEMBER_TITLE = re.compile(r"(?:Councillors?|Cllrs?\.?|Cr\.?|Alderman|Mayor)\b")
_ANSWERS = re.compile(
    r"(?:\s*,[^,.;]{2,80},)?\s+(?:answered|responded\s+to|dealt\s+with|took)\s+"
    r"(?:[\w'’-]+\s+){0,3}?questions\b",
    re.IGNORECASE,
)


def person_spans(question: str, text: str) -> Iterator[tuple[int, int, float]]:
    """(start, end, cue) of each person ``text`` names, the cue saying whether the minutes
    give them the role the question asks about."""
    role = role_asked(question)
    # ("Which officer presented …?": a councillor who introduced the report is no officer)
    officer = re.search(rf"\b{_WHICH_OFFICER}\b", question, re.IGNORECASE)
    for i, m in enumerate(_PERSON.finditer(text)):
        end = m.end() - (m.group().endswith(".") and not _INITIAL_END.search(m.group()))
        # "Councillors Fenwick (Chair), …": a list's title is no part of the one named
        start = m.start() + (len(plural.group()) if (plural := _LIST_TITLE.match(m.group())) else 0)
        for group in ("named", "cited"):  # (the name after its role, in commas)
            if m.group(group):
                start = m.start(group)
        cue = _person_cue(role, text, start, end, i == 0)
        if officer and _MEMBER_TITLE.match(text, start):
            cue = -1.0
        yield start, end, cue
