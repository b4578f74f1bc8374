"""Motions set out as the rows of a table: a budget meeting's schedule of amendments, a list of
motions and their results ("BA-01  Councillor Crane / Councillor Fjeld  That $45,000 be added
to …  Carried (6 to 3)"). Text converted from a PDF or a web table keeps the columns apart by
runs of spaces or tabs; a row is a motion when one column starts "That …", the last column
states a result, and a column before the text may name the mover and seconder ("X / Y").

A table whose head names its columns ("Application | Site and proposal | Decision | Proposer |
Seconder | Vote (F-A-Ab)") is read by those names: each row under it is a decision, its
"Decision" cell the text, with the mover, seconder and vote of its row."""

from __future__ import annotations

import re

from .found import FoundDecision
from .line import Line
from .motions import Motions
from .results import read_result

__all__ = ["TableRows"]

_GAP = r"(?:[ \t]{2,}|\t)"
_CELL_GAP = re.compile(r"\t[ \t]*|[ ]{2,}")
# The heads of a table of decisions: which column is the decision, the mover, the seconder and
# the vote ("Decision", "Resolution", "Outcome"; "Proposer", "Proposed by", "Mover", "Moved";
# "Seconder", "Seconded by"; "Vote (F-A-Ab)", "Voting").
_HEADS = {
    "decision": re.compile(r"(?i)(?:decision|resolution|outcome|resolved)\b"),
    "mover": re.compile(r"(?i)(?:propos|mover|moved|prop\.?$)"),
    "seconder": re.compile(r"(?i)(?:second|sec\.?$)"),
    "vote": re.compile(r"(?i)(?:vot|for\s*/\s*ag)"),
}
# "It was RESOLVED as follows:" ending its sentence (after a heading line): a table may follow
_RESOLVED_OVER = re.compile(
    r"(?i)(?:^|\n)[ \t]*(?:it\s+was\s+)?resolved(?:\s+as\s+follows)?\s*:\s*\Z"
)
_RESOLUTION_HEAD = re.compile(r"(?i)resol")
# (a cheap test before a line is read as a head: "Seconder", "Seconded by", "Sec.")
_SECONDER_HEAD = re.compile(r"(?i)\bsec")
_TALLY = re.compile(r"(\d{1,3})(?:\s*[-–/]\s*(\d{1,3}))?(?:\s*[-–/]\s*(\d{1,3}))?")
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


def _cells(line: str) -> list[tuple[int, int]]:
    """Where each cell of a table row starts and ends in ``line``."""
    cells, at = [], 0
    for gap in _CELL_GAP.finditer(line):
        if line[at : gap.start()].strip():
            cells.append((at, gap.start()))
        at = gap.end()
    if line[at:].strip():
        cells.append((at, len(line.rstrip())))
    return cells


def _cells_text(line: str) -> list[str]:
    """The text of each cell of a table row."""
    return [line[a:b].strip() for a, b in _cells(line)]


def _columns(head: str) -> dict[str, int] | None:
    """The column of each role a table's head line names, when it names a decision, a mover
    and a seconder column."""
    cells = [head[a:b] for a, b in _cells(head)]
    found: dict[str, int] = {}
    for n, cell in enumerate(cells):
        head_cell = cell.strip()
        # (a head is a short label: "Proposed: Cllr X   Seconded: Cllr Y" is a form's line)
        if len(head_cell) > 30 or ":" in head_cell.rstrip(":"):
            continue
        for role, pattern in _HEADS.items():
            if role not in found and pattern.match(head_cell):
                found[role] = n
                break
    if {"decision", "mover", "seconder"} <= set(found) and len(cells) >= 3:
        return found
    return None


class TableRows(Motions):
    """The reading of a sentence that holds rows of a table of motions."""

    def _read_headed_table(self, line: Line) -> int | None:
        """A table whose head line names its Decision, Proposer and Seconder columns (and a
        Vote): each row under it is a decision ("agreed") with its row's mover, seconder and
        vote ("6-4-0" read in the head's order, for-against-abstain; "Unanimous"). Under "It
        was RESOLVED as follows:" its rows are resolutions."""
        if _RESOLVED_OVER.search(line.text) and line.i + 1 < len(self.sentences):
            below = Line.at(self.text, self.sentences, line.i + 1, line.notice)
            return self._headed_rows(below, "resolved")
        return self._headed_rows(line, "agreed")

    def _headed_rows(self, line: Line, kind: str) -> int | None:
        """The rows of the headed table in ``line`` as decisions of ``kind``."""
        if "\n" not in line.text or ("\t" not in line.text and "   " not in line.text):
            return None
        lines = line.text.split("\n")
        head = next(
            (
                (n, heads)
                for n, text in enumerate(lines)
                if _SECONDER_HEAD.search(text) and (heads := _columns(text)) is not None
            ),
            None,
        )
        if head is None:
            return None
        n, heads = head
        if n == 0 and self.text[: line.start].rpartition("\n")[2].strip():
            return None  # (a head cut from the start of its line: its columns cannot be told)
        if _RESOLUTION_HEAD.match(_cells_text(lines[n])[heads["decision"]]):
            kind = "resolved"  # (a "Resolution" or "RESOLVED" column)
        width = max(heads.values()) + 1
        # The rows run on past this sentence when a cell ends one ("… as listed  JH  TC  Unan."
        # then the next row): read the document's lines, not the sentence's.
        at = line.start + sum(len(text) + 1 for text in lines[: n + 1])
        read = 0
        while at < len(self.text):
            stop = self.text.find("\n", at)
            stop = len(self.text) if stop < 0 else stop
            text = self.text[at:stop]
            cells = _cells(text)
            if len(cells) < width:
                break
            base = at
            a, b = cells[heads["decision"]]
            found = FoundDecision(base + a, base + b, kind)
            for role in ("mover", "seconder"):
                c, d = cells[heads[role]]
                setattr(found, role, " ".join(text[c:d].split()))
                found.evidence[role] = (base + c, base + d)
            if "vote" in heads and heads["vote"] < len(cells):
                c, d = cells[heads["vote"]]
                said = text[c:d].strip()
                tally = _TALLY.fullmatch(said)
                if tally is not None:
                    counts = [int(g) if g is not None else None for g in tally.groups()]
                    found.result.votes = (counts[0], counts[1], counts[2])
                    found.result.evidence["votes"] = (base + c, base + d)
                elif re.fullmatch(r"(?i)unan(?:imous(?:ly)?)?\.?|nem\.?\s*con\.?", said):
                    found.result.unanimous = True
                    found.result.evidence["votes"] = (base + c, base + d)
            found.closed = True
            self._add(found)
            read += 1
            at = stop + 1
        if not read:
            return None
        # (the next sentence to read is the first after the table's last row)
        return next(
            (k for k in range(line.i + 1, len(self.sentences)) if self.sentences[k][0] >= at - 1),
            len(self.sentences),
        )

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
