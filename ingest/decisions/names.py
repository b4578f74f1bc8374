"""People and bodies named in decisions: movers, seconders, recorded-vote lists, ``to_body``.

Names are read token by token rather than by one regular expression, because minutes write
them in many shapes ("Councillor Osei", "Cllr. Costigan", "A. Rivers", "Mayor Brandt", "Deputy
Mayor Arsenault", "Cllr. Seán Ó Murchú", "Councillor O.\\nGrant" wrapped at a line end) and a
name ends where the capitalised words stop or a word that cannot be part of a name begins.
"""

from __future__ import annotations

import re

__all__ = [
    "NAME_START",
    "TITLED_NAME_START",
    "body_after",
    "names_agree",
    "read_name",
    "read_name_list",
    "same_person",
]

# The kind of council a member's title may name: "County Councillor Vaughan"
_LOCAL = r"(?:County|Borough|District|Town|City|Parish|Community)"
# Titles that may start a name; "Deputy Mayor" and "Deputy Leader" are two words.
_TITLES = (
    rf"(?:{_LOCAL}(?:\s+{_LOCAL})?\s+Councillors?|"  # ("County Borough Councillor A. Pugh")
    r"Deputy\s+Mayor|Deputy\s+Leader|Deputy\s+Chair(?:man|person)?|Lord\s+Mayor|Lord\s+Provost|Regional\s+Chair|"
    r"Depute\s+Provost|Depute\s+Leader|Depute\s+Convener|Convener|"  # Scottish councils
    r"Regional\s+Councillor|Acting\s+Mayor|Vice-Chair|Council\s+Member|Commissioner|Supervisor|"
    # a planning commission's or board's appointed members ("Moved by Member Pruitt that …")
    r"(?:(?:Public|Citizen|Lay|Independent|Co-opted)\s+)?Member|"
    r"Council\s+(?:Vice\s+)?President|"  # (a US council's presiding member)
    r"Trustee|Alderperson|Crs?\.?|Vice\s+Chair|Chair|Mayor\s+Pro\s+Tem|"
    r"Deputy\s+Reeve|Mayor|Reeve|Deputy|Councillors?|Cllrs?\.?|Alderman|Ald\.|Bailie|Provost|"
    r"Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Prof\.?|Sir|Dame|"
    r"COUNCILLORS?|CLLRS?\.?)"  # capitals: "NOTICE OF MOTION NO. 13 – CLLR. FERGAL DULLEA"
)
_TITLE = re.compile(rf"{_TITLES}(?=[\s.]|$)")
_PLURAL_TITLE = re.compile(
    rf"(?:{_LOCAL}\s+)?"
    r"(?:Councillors|Cllrs\.?|Crs\.?|Aldermen|Members)\s+"
)
# A title before one name; dropped when the vote's other lists drop theirs.
SINGLE_TITLE = re.compile(
    rf"(?:{_LOCAL}\s+)?"
    r"(?:Councillor|Cllr\.?|Cr\.?|Alderman)\s+(?=\S)"
)
# Words that start with a capital but end a name ("Councillor Osei That …", "… Lake Carried").
_NOT_NAME = frozenset(
    """that the this these those carried lost motion amendment moved seconded proposed yeas
    nays for against abstain abstained abstention abstentions and or resolved agreed noted no
    there having following chief members votes decision outcome proposer seconder ayes noes result
    proposal
    recommended on in at of to be was were with who chair vice-chair leader cabinet council
    committee member members page minutes item report officer director seconder mover then
    following following: it he she they as by absent conflict recorded vote whereas therefore
    nhs trust ltd limited plc government department
    """.split()
)
_PARTICLES = frozenset(
    {
        "ó",
        "ua",
        "uí",
        "ní",
        "nic",
        "mac",
        "mc",
        "de",
        "van",
        "von",
        "le",
        "la",
        "du",
        "di",
        "ap",
        "ab",
    }
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*\.?|[A-Z]\.", re.UNICODE)
# (initials never run into a title: "Amendment A. Councillor Rusbridge moved" names Rusbridge)
NAME_START = rf"(?:{_TITLES}\s+)?(?:[A-Z]\.\s*(?!{_TITLES}\s))*[A-ZÀ-ÖØ-Þ][\w'’\-]*"
"""A regular expression fragment that matches where a name can begin (for look-aheads)."""
TITLED_NAME_START = rf"{_TITLES}\s+[A-ZÀ-ÖØ-Þ]"
"""Where a name with its title begins ("Cllr. Dónal Riordan", "CLLR. EIMEAR GILMARTIN")."""
_BODY = re.compile(
    r"(?:the\s+)?(?P<body>[Ff]ull\s+Council|(?:[A-Z][\w'’\-]*\s+){0,3}"
    r"(?:Council|Cabinet|Executive|Committee|Board|Panel|Authority|Forum|Assembly)|Council|Cabinet)\b"
)


def _is_name_word(word: str) -> bool:
    core = word.rstrip(".")
    if not core:
        return False
    if core.lower() in _PARTICLES:
        return True
    if re.fullmatch(r"(?:h|n|t|bh|mh)[A-ZÁÉÍÓÚ][\w'’-]*", core):
        return True  # an Irish surname's initial mutation: "Ó hAodha", "Ní Bhriain"
    if core.endswith(("'s", "’s")):  # "the Commissioner's report"
        return False
    return core[0].isupper() and core.lower() not in _NOT_NAME


def read_name(text: str, pos: int) -> tuple[str, int, int] | None:
    """The name starting at ``pos`` (spaces skipped): (name, start, end), or None.

    A title is kept as written ("Cllr. Costigan"); at most one line break may fall inside the
    name (PDF wraps), never a blank line; the name ends before a comma, a bracket or a word
    that cannot belong to a name."""
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    start = pos
    end = pos
    words = 0
    breaks = 0
    title = _TITLE.match(text, pos)
    if title:
        end = pos = title.end()
    while pos < n:
        gap = pos
        while gap < n and text[gap] in " \t\n":
            gap += 1
        between = text[pos:gap]
        if between.count("\n") > 1 or ((words or title) and not between and pos != start):
            break
        if words and re.search(r"[ \t]{3}", between.split("\n")[0]):
            # "Cllr Llinos Wern   Eilydd / Seconder: …": the next column of a form line (not
            # the indent of a wrapped line: "… Cllr. Marian\n             Costelloe, …")
            break
        if "\n" in between and breaks:
            break
        word = _WORD.match(text, gap)
        if not word or not _is_name_word(word.group()):
            break
        if words and _TITLE.match(text, gap):  # "Cllr. Seán Tierney Cllr. Power": a new name
            break
        if words and "\n" in between and re.match(r"\s*[/:]", text[gap + len(word.group()) :]):
            # "Proposed:  Councillor Siôn ap Dafydd / Eiliwyd / Seconded: …": the next line's
            # label (a word before a slash or a colon), not the name's end wrapped
            break
        token = word.group()
        if words and "\n" in between and len(token) == 1 and re.match(r" +[a-z]", text[gap + 1 :]):
            break  # "Seconded by: Cllr. Eamon Tuohy\nA vote was taken.": the next sentence
        if token.endswith(".") and len(token.rstrip(".")) > 1 and words and not title:
            # "Smith." ends the sentence: keep the name, drop the stop.
            end = gap + len(token) - 1
            words += 1
            break
        if "\n" in between:
            breaks += 1
        words += 1
        end = gap + len(token)
        pos = end
        if token.endswith(".") and len(token.rstrip(".")) > 1 and not _TITLE.fullmatch(token):
            break
    if words == 0:
        return None
    name = re.sub(r"\s+", " ", text[start:end]).strip().rstrip(",;:")
    if name.endswith(".") and not re.search(r"(?:^|\s)[A-Z]\.$", name):
        name = name[:-1]
    return name, start, end


def _clean_list_piece(piece: str) -> str:
    piece = re.sub(r"\s+", " ", piece).strip(" ,;:.\t")
    return re.sub(r"^(?:and|&)\s+", "", piece)


def read_name_list(raw: str) -> list[str]:
    """Names of a recorded-vote list ("Councillors Abbott, Banerjee and O'Hare",
    "Mayor Thibault, Councillor Rivers, and Councillor Lake"), page furniture dropped.

    A title written once at the head of the list is dropped from every name; titles written
    before each name are kept (README of the decision fixtures, rule 7)."""
    lines = [ln for ln in raw.split("\n") if not _is_furniture(ln)]
    text = " ".join(ln.strip() for ln in lines)
    # (the dash of a Scottish ":-" after the list's heading: "voted for the motion:- Provost …")
    text = text.strip().lstrip("-–— ")
    head = _PLURAL_TITLE.match(text)
    if head:
        text = text[head.end() :]
    # (a group title starts a new piece even with no comma before it: "Alderman Mawhinney
    # Councillors Cardwell, Dallat")
    pieces = [
        p
        for p in re.split(
            r"\s*[,;]\s*|\s+and\s+|\s*&\s*|\s+(?=" + _PLURAL_TITLE.pattern + ")", text
        )
        if p.strip()
    ]
    # A group title mid-list ("Aldermen Boyd, Kerr, Councillors McAleer, Shiels", "Provost
    # Learmonth, Bailie Tosh, Councillors Affleck, Drysdale") and words after the last name
    # ("Holloway THE MOTION WAS LOST", "Watt Abstentions") go. In a list written with group
    # titles, "Alderman Moffett" before "Councillors Beattie, Fegan" is a group of one: its
    # title goes too (a rank such as "Bailie" or "Depute Provost" stays).
    grouped = head is not None or any(_PLURAL_TITLE.match(p) for p in pieces)
    pieces = [_PLURAL_TITLE.sub("", p, count=1) for p in pieces]
    if grouped and len(pieces) > 1:
        pieces = [SINGLE_TITLE.sub("", p, count=1) for p in pieces]
    pieces = [_TRAILING.sub("", p) for p in pieces]
    names = [_clean_list_piece(p) for p in pieces]
    names = [nm for nm in names if nm and not re.search(r"\d", nm) and len(nm.split()) <= 5]
    if head is None and len(names) == 1:
        single = re.match(r"(?:Councillor|Cllr\.?)\s+(\S.*)$", names[0])
        if single and not _every_titled(raw):
            # "Abstain: Councillor Zeller" in a list whose other lines drop the title.
            return [names[0]]
    return names


_TRAILING = re.compile(
    r"\s+(?:(?:[A-Z]{2,}\b\s*){2,}.*|(?:Abstentions?|Abstain(?:ed)?|Against|For|Absent|Carried|Lost)\b.*)$"
)


def _every_titled(raw: str) -> bool:
    return bool(re.search(r",\s*(?:Councillor|Cllr|Mayor)", raw))


_FURNITURE = re.compile(
    r"^\s*(?:-{5,}|_{5,}|={5,}|page\s+\d+(?:\s+of\s+\d+)?|\d{1,4}|-\s*\d{1,4}\s*-)\s*$|"
    r"\bpage\s+\d+\s+of\s+\d+\s*$|\bminutes\b.*\d{4}\s*$",
    re.IGNORECASE,
)


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE.search(line)) and len(line.split()) <= 14


def body_after(text: str) -> str | None:
    """The body a recommendation is addressed to, read at the start of ``text`` ("the
    Cabinet" → "Cabinet", "Full Council")."""
    m = _BODY.match(text.strip())
    return re.sub(r"\s+", " ", m.group("body")) if m else None


def same_person(one: str | None, other: str | None) -> bool:
    """Do two mentions name the same person by surname ("Cllr. Proinsias Mac Conmara" and
    "Cllr. Mac Conmara", "Councillor Ryan" and "Ryan")?"""
    if not one or not other:
        return False
    return one.lower().rstrip(".").split()[-1:] == other.lower().rstrip(".").split()[-1:]


def _untitled_words(name: str) -> list[str]:
    rest = name.strip()
    while (title := _TITLE.match(rest)) is not None:
        rest = rest[title.end() :].lstrip(" .")
    return [w.strip(".").lower() for w in rest.split() if w.strip(".")]


def names_agree(one: str | None, other: str | None) -> bool:
    """Do two ways of writing a name refer to the same person? Titles aside, the surnames
    match and the given names, where both are written, start alike: "Cllr. Dónal Riordan" and
    "Cllr. Riordan", "CLLR. EIMEAR GILMARTIN" and "Cllr. Gilmartin", "A. Rivers" and "Councillor
    Rivers", "County Councillor Hesketh" and "Councillor Hesketh"; not "Cllr. Riordan" and
    "Cllr. Harrington", nor "J. Rivers" and "A. Rivers"."""
    if not one or not other:
        return one == other
    a, b = _untitled_words(one), _untitled_words(other)
    if not a or not b or a[-1] != b[-1]:
        return " ".join(one.split()) == " ".join(other.split())
    given_a, given_b = a[:-1], b[:-1]
    return not given_a or not given_b or given_a[0][0] == given_b[0][0]
