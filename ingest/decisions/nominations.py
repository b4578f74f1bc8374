"""Contested elections: several members nominated before one RESOLVED names the winner.

"Councillor Ellison was nominated by Councillor Verity and seconded by Councillor Dunn.
Councillor Quayle was nominated by Councillor Rowe and seconded by Councillor Sandhu. …
Councillor Ellison received 8 votes and Councillor Quayle received 5 votes. / RESOLVED: That
Councillor Margaret Ellison be elected Town Mayor …": the decision's mover and seconder are
the winner's nominator and seconder (not the last nomination read), and its vote is the
winner's count for, the other candidates' together against (labelling rules of
``tests/fixtures/decisions``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import TITLED_NAME_START, read_name
from .results import COUNT, number

__all__ = ["Nomination", "nominee", "received_votes", "winner"]


@dataclass
class Nomination:
    """One candidate put forward, and who put them forward."""

    nominee: str
    mover: str | None
    seconder: str | None
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)


_NOMINATED = re.compile(rf"(?={TITLED_NAME_START})[^\n.;]{{0,60}}?\s+was\s+nominated\s+by\b")
_RECEIVED = re.compile(
    rf"(?={TITLED_NAME_START})[^\n.;]{{0,60}}?\s+received\s+(?P<n>{COUNT})\s+votes?\b"
)


def nominee(sentence: str) -> str | None:
    """The member a sentence says was nominated ("Councillor Ellison was nominated by …")."""
    m = _NOMINATED.search(sentence)
    if m is None:
        return None
    name = read_name(sentence, m.start())
    return name[0] if name else None


def _surname(name: str) -> str:
    return name.split()[-1].strip(".,").lower()


def winner(nominations: list[Nomination], decision: str) -> Nomination | None:
    """The one nomination whose candidate the decision's words name, if exactly one does."""
    low = decision.lower()
    named = [n for n in nominations if re.search(rf"\b{re.escape(_surname(n.nominee))}\b", low)]
    return named[0] if len(named) == 1 else None


def received_votes(
    text: str, start: int, end: int, nominations: list[Nomination], chosen: Nomination
) -> tuple[tuple[int, int, None], tuple[int, int]] | None:
    """The vote of a contested election read between ``start`` and ``end`` ("X received 8
    votes and Y received 5 votes"): (winner's count, the others' together, no abstentions)
    and where it was read, when every candidate's count is stated."""
    counts: dict[str, int] = {}
    first = last = None
    for m in _RECEIVED.finditer(text, start, end):
        name = read_name(text, m.start())
        if name is None:
            continue
        counts[_surname(name[0])] = number(m.group("n"))
        first = m.start() if first is None else first
        last = m.end()
    keys = [_surname(n.nominee) for n in nominations]
    if first is None or last is None or any(k not in counts for k in keys):
        return None
    won = counts[_surname(chosen.nominee)]
    return (won, sum(counts[k] for k in keys) - won, None), (first, last)
