"""The decision reader on arbitrary text: it never raises, and every decision it returns is a
span of the text it was given (bounded examples and time)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.decisions import extract_decisions

# Pieces of minutes the reader reacts to, shuffled into random documents.
PIECES = [
    "RESOLVED: That",
    "It was AGREED that",
    "RECOMMENDED to Cabinet that:",
    "Proposed by Councillor Osei, seconded by Councillor Carrick, that",
    "Moved by: Councillor Mendes\nSeconded by: Councillor Oyelaran\n",
    "MOTION (Jones/Smith) That",
    "Motion by Commissioner Estrada, second by Commissioner Vollmer, to approve",
    "; motion passed 5-0.",
    "CARRIED (For 7, Against 3, Abstentions 1)",
    "Motion Failed (4 to 10)",
    "Yeas (2): Mayor Thibault, and Councillor Rivers\nNays (1): Councillor Lake\n",
    "FOR (17): Cllrs. Ahern, Bergin.\nAGAINST (12): Cllrs. Brennan.\nABSTAIN: None\n",
    "On a division, there voted for the motion 7 and for the amendment 4.",
    "Motion - 8 votes\nAmendment - 5 votes\n",
    "| For | 7 |\n| Against | 3 |\n",
    "Votes: 7-3-1\nDecision: Approved subject to conditions.\n",
    "The Committee NOTED the report.",
    "The item was deferred to the next meeting.",
    "Main Motion as Amended:\n",
    "Amendment:\n",
    "Motion\n\nTo approve the closure.\n\n- moved by Councillor MacRae, seconded by Cllr Dunbar.",
    '"That this Council calls on the Minister',
    "”",
    "(Unanimous)",
    "The decision was called in.",
    "There being no seconder, the motion fell.",
    "Vote on the Main Motion:",
    "\n\n",
    "\r\n",
    "- 3 -\nPage 4 of 9\n",
    "1.",
    "(a)",
    ";",
    ":",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(max_size=40)),
        max_size=25,
    )
)
def test_the_reader_never_raises_and_spans_are_in_the_text(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for found in extract_decisions(text):
        assert 0 <= found.start <= found.end <= len(text)
        for start, end in found.evidence.values():
            assert 0 <= start <= end <= len(text)
