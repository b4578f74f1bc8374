"""The decision record the reader builds and ``extract_decisions`` returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from .movers import UNNAMED, Pending
from .results import Result

__all__ = ["FoundDecision"]


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
    closed: bool = False  # its own sentence states its result ("moved … and carried 7:3 that …")
    merged: bool = False
    unnamed_movers: bool = False  # "It was MOVED and SECONDED": moved, by members not named

    def take_movers(self, named: Pending) -> None:
        """The mover and seconder a line named become this decision's, with the offsets
        they were read from (the seconder is replaced too when the line named none)."""
        self.mover, self.seconder = named.mover, named.seconder
        self.evidence.update({k: v for k, v in named.evidence.items() if k != UNNAMED})
        self.unnamed_movers = UNNAMED in named.evidence

    def take_movers_of(self, other: FoundDecision) -> None:
        """The mover and seconder of ``other`` (a motion this records, or a copy of this
        decision that names them), with the offsets they were read from."""
        self.mover, self.seconder = other.mover, other.seconder
        for role in ("mover", "seconder"):
            if role in other.evidence:
                self.evidence[role] = other.evidence[role]
