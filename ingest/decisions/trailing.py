"""What may follow a decision's formula or its text: "to RECOMMEND to Council that …" after a
formula (``_recommending``), and the movers and vote written after a decision, in brackets, on
the rest of its line or on the next line (``_bracketed_after``). The fourth layer of the
decision reader (``reader.Reader``): the readings of formulas and of self-contained decisions
both use it."""

from __future__ import annotations

import re

from .found import FoundDecision
from .moved_text import MovedText
from .movers import paired_movers, read_movers
from .names import body_after
from .patterns import RECOMMEND_LEAD
from .results import read_result

# Movers and a vote in brackets at a sentence's end: "… approved (proposed Cllr X, …)."
TRAILING_BRACKET = re.compile(r"\s*\([^()\n]{2,160}\)\s*\.?\s*$")

_BRACKETED = re.compile(r"[ \t]*\n?[ \t]*\((?P<inner>[^()]{2,200})\)")
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
# A result on the rest of a line after the bracketed movers
_RESULT_REST = re.compile(r"[ \t]*(?P<said>[^\n()]{3,80}?)[ \t]*(?=\n|$)")


class Trailing(MovedText):
    """Readings of what follows a formula or a decision's text."""

    def _recommending(self, kind: str, start: int) -> tuple[str, str | None, int]:
        """(kind, to_body, text start) of a formula that may go on "to RECOMMEND to Council
        that …" ("RESOLVED to RECOMMEND …", "It was agreed to recommend to full Council …")."""
        rec = RECOMMEND_LEAD.match(self.text, start)
        if rec and re.match(r"to\s+recommend", rec.group(0), re.IGNORECASE):
            body = body_after(rec.group("body")) if rec.group("body") else None
            return "recommended", body, rec.end()
        return kind, None, start

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
