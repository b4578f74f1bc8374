"""The decision record the reader builds and ``extract_decisions`` returns."""

from __future__ import annotations

from dataclasses import dataclass, field

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
