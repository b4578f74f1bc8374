"""The decision register, read at ingest: what each agenda item decided, how and by whom.

``extract_decisions(text)`` reads one agenda item's text (any of the formats the decision
fixtures cover: UK ModernGov, eScribe, Irish councils; typed or converted from PDF) and
returns each decision's exact span, kind, outcome, mover, seconder, vote counts and names,
and the offsets each field was read from. Deterministic and offline: regular expressions and
sentence structure only.
"""

from .extract import FoundDecision, extract_decisions, extract_item_decisions
from .register import decisions_for

__all__ = ["FoundDecision", "decisions_for", "extract_decisions", "extract_item_decisions"]
