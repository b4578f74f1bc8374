"""How the register answers questions asked in plain words: what kind of fact a question wants
when it says "when" in passing, which decision a parish minute's subject line names, and the
words that state a result read from the counts."""

from __future__ import annotations

import pytest

from ingest.decisions import extract_decisions
from rag.answers.from_register import register_picks
from rag.answers.short import question_kinds
from rag.models import Citation, Decision
from tests.test_decision_formats import _read


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What was the outcome when Harrowgate City Council voted on selling the lot?", ("vote",)),
        ("What were the figures when the council voted to dispose of the house?", ("vote",)),
        ("What was the recorded result when the region adopted the plan amendment?", ("vote",)),
        ("What was the fate of Cllr. Ryan's motion on a 30 km/h limit?", ("outcome",)),
        ("What was the outcome when the board considered the licence?", ("outcome",)),
        # "when" that asks for a date still does
        ("When did the council adopt its budget?", ("date",)),
        ("When will the new charges start?", ("date",)),
        ("The scheme opens, but when?", ("date",)),
    ],
)
def test_when_in_passing_does_not_ask_for_a_date(question: str, kinds: tuple[str, ...]) -> None:
    assert question_kinds(question) == kinds


def _parish(did: str, text: str, line_lead: str) -> Decision:
    return Decision(
        decision_id=did,
        item_id="item-108",
        kind="agreed",
        outcome="deferred" if text.startswith("deferred") else "approved",
        text=text,
        start=0,
        end=len(text),
        evidence={"text": (0, len(text))},
        citation=Citation(id=did, item_title="Grant applications", source="nant.txt"),
    ).with_openings(
        "NANT TEIFI COMMUNITY COUNCIL Minutes of the Ordinary Meeting, October 2025",
        "25/108 Grant applications (i) Ysgol Nant Teifi PTA: £300 towards the Christmas fair "
        "– approved. (ii) Capel Bethel roof appeal: deferred to the November meeting",
        line_lead,
    )


def test_the_subject_a_parish_line_names_before_its_decision_tells_the_decisions_apart() -> None:
    fair = _parish(
        "fair", "£300 towards the Christmas fair – approved.", "(i) Ysgol Nant Teifi PTA: "
    )
    roof = _parish(
        "roof",
        "deferred to the November meeting pending receipt of accounts.",
        "(ii) Capel Bethel roof appeal: ",
    )
    asked = (
        "What did Nant Teifi Community Council decide when Capel Bethel asked for a grant "
        "towards its roof?"
    )
    assert register_picks(asked, [fair, roof])[0].decision.decision_id == "roof"
    asked = "What did Nant Teifi Community Council decide on the PTA's Christmas fair grant?"
    assert register_picks(asked, [fair, roof])[0].decision.decision_id == "fair"


def test_a_result_read_from_the_lists_takes_the_words_that_state_it() -> None:
    text = (
        "Alderman Crossan proposed, and Councillor Toal seconded, the following Notice of Motion: "
        '"That this Council establishes a hardship fund of £40,000 for rural halls."\n\n'
        "A recorded vote was requested and the voting was as follows:\n\n"
        "FOR (2): Alderman Crossan and Councillor Toal\n\n"
        "AGAINST (3): Councillors Boyle, Devine and Keenan\n\n"
        "The Notice of Motion therefore FELL.\n"
    )
    (motion,) = extract_decisions(text)
    assert motion.outcome == "lost" and motion.result.votes == (2, 3, None)
    a, b = motion.result.evidence["statement"]
    assert text[a:b] == "The Notice of Motion therefore FELL."
    assert _read(text) == [("motion", "lost", (2, 3, None), "Alderman Crossan", "Councillor Toal")]
