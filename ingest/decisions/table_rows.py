"""Motions set out as the rows of a table: a budget meeting's schedule of amendments, a list of
motions and their results ("BA-01  Councillor Crane / Councillor Fjeld  That $45,000 be added
to …  Carried (6 to 3)"). Text converted from a PDF or a web table keeps the columns apart by
runs of spaces or tabs; a row is a motion when one column starts "That …", the last column
states a result, and a column before the text may name the mover and seconder ("X / Y")."""

from __future__ import annotations

import re

from .found import FoundDecision
from .line import Line
from .motions import Motions
from .results import read_result

__all__ = ["TableRows"]

_GAP = r"(?:[ \t]{2,}|\t)"
_NAME = (
    r"(?:(?:Deputy\s+|Regional\s+)?(?:Mayor|Councillor|Cllr\.?|Alderman|Commissioner|Trustee)"
    r"(?:[ \t]+[A-Z][\w'’.-]*){1,3})"
)
_ROW = re.compile(
    rf"(?m)^[ \t]*(?:[A-Z]{{0,4}}[-\d.()]{{1,8}}{_GAP})?"
    rf"(?:(?P<mover>{_NAME})[ \t]*/[ \t]*(?P<seconder>{_NAME}){_GAP})?"
    rf"(?P<text>That\b[^\n]*?\S){_GAP}"
    r"(?P<result>(?:(?:Main\s+)?Motion\s+|Amendment\s+)?(?:Carried|Passed|Lost|Defeated|Failed|"
    r"Withdrawn|Deferred|Tabled|CARRIED|LOST|DEFEATED|WITHDRAWN)"
    r"(?:[ \t]*\(\s*\d{1,3}\s*(?:to|-|–)\s*\d{1,3}\s*\))?)[ \t]*$"
)


class TableRows(Motions):
    """The reading of a sentence that holds rows of a table of motions."""

    def _read_table_rows(self, line: Line) -> int | None:
        """Each row of a table of motions (``_ROW``) is a motion or, under a heading or column
        that says so, an amendment, with its mover, seconder and result."""
        if "That" not in line.text or "\n" not in line.text.strip():
            return None
        rows = list(_ROW.finditer(line.text))
        if not rows:
            return None
        # (the table's heading or its column heads: "The following amendments were
        # considered:" / "No.  Moved by / Seconded by  Amendment  Result")
        before = self.text[max(0, line.start - 200) : line.start + rows[0].start()]
        kind = "amendment" if re.search(r"\bamendments?\b", before, re.I) else "motion"
        base = line.start
        for row in rows:
            found = FoundDecision(
                base + row.start("text"), base + row.end("text"), kind, motion=True
            )
            if row["mover"]:
                found.mover = " ".join(row["mover"].split())
                found.evidence["mover"] = (base + row.start("mover"), base + row.end("mover"))
                found.seconder = " ".join(row["seconder"].split())
                found.evidence["seconder"] = (
                    base + row.start("seconder"),
                    base + row.end("seconder"),
                )
            said = row["result"]
            # (read_result reads "Carried (6 to 3)", "Defeated" and "Withdrawn"; a row's bare
            # "Deferred" or "Tabled" is this table's word for putting the motion off)
            result = read_result(said, base + row.start("result"))
            if re.match(r"(?:\w+\s+)?(?:deferred|tabled)", said, re.I):
                result.outcome = "deferred"
                result.evidence["outcome"] = (base + row.start("result"), base + row.end("result"))
            found.result.merge(result)
            found.closed = True
            self._add(found)
        return line.i + 1
