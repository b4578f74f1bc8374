"""The decision reader on a debate's order of business: amendments moved on top of an
undecided motion without saying "amend", a vote taken after a closure motion, a mover named
before "seconded by …, proposed", "… and agreed:" over a quoted text, and what an officer
agreed to do (no decision).

Every snippet is written for these tests (fictional councils and people)."""

from __future__ import annotations

from ingest.decisions import extract_decisions

Row = tuple[str, str, object, object, object]


def _read(text: str) -> list[Row]:
    """(kind, outcome, votes, mover, seconder) of each decision, in document order."""
    return [
        (d.kind, d.outcome, d.result.votes, d.mover, d.seconder) for d in extract_decisions(text)
    ]


def test_motions_moved_on_top_of_an_undecided_budget_motion_are_its_amendments() -> None:
    text = (
        "5.1 2026 Operating Budget\n\n"
        "Moved by: Councillor Ishida\nSeconded by: Councillor Gault\n\n"
        "That Council approve the 2026 Operating Budget with a net levy of $41,200,000.\n\n"
        "Moved by: Councillor Janko\nSeconded by: Councillor Lund\n\n"
        "That the 2026 Operating Budget be amended to reduce the Parks budget by $150,000.\n\n"
        "Amendment Failed (2 to 7)\n\n"
        "Moved by: Councillor Fenn\nSeconded by: Councillor Horva\n\n"
        "That $75,000 be added for the Downtown Ambassador Program.\n\n"
        "Amendment Carried (6 to 3)\n\n"
        "Moved by: Councillor Macra\nSeconded by: Councillor Janko\n\n"
        "That the library materials budget be reduced by $40,000.\n\n"
        "The amendment was withdrawn by the mover with the consent of the seconder.\n\n"
        "The main motion as amended was then put.\n\n"
        "Motion Carried (7 to 2)\n"
    )
    assert _read(text) == [
        ("motion", "carried", (7, 2, None), "Councillor Ishida", "Councillor Gault"),
        ("amendment", "lost", (2, 7, None), "Councillor Janko", "Councillor Lund"),
        ("amendment", "carried", (6, 3, None), "Councillor Fenn", "Councillor Horva"),
        ("amendment", "withdrawn", None, "Councillor Macra", "Councillor Janko"),
    ]


def test_a_roll_call_after_a_closure_motion_decides_the_amendment_then_the_motion() -> None:
    text = (
        "It was proposed by Cllr. Brophy and seconded by Cllr. Quill:\n\n"
        '"That this Council calls on the Transport Authority to run a night bus by 2027."\n\n'
        "Cllr. Ó Meadhra, seconded by Cllr. Scally, proposed an amendment to delete "
        '"by 2027" and insert "on a pilot basis".\n\n'
        "Cllr. Troy proposed that the question be now put. This was seconded by Cllr. Vesey "
        "and agreed.\n\n"
        "A roll-call vote was taken on the amendment:\n\n"
        "FOR (3): Cllrs. Condon, Foley and Scally.\n\n"
        "AGAINST (5): Cllrs. Brophy, Crowe, Dalgan, Nestor and Quill.\n\n"
        "The Méara declared the amendment defeated. The motion was then put and carried on a "
        "show of hands.\n\n"
        "The Chief Executive agreed to forward the motion to the Transport Authority.\n"
    )
    rows = _read(text)
    assert rows[0] == ("motion", "carried", None, "Cllr. Brophy", "Cllr. Quill")
    assert rows[1] == ("amendment", "lost", (3, 5, None), "Cllr. Ó Meadhra", "Cllr. Scally")
    # the closure motion keeps its own movers; the officer's undertaking is no decision
    assert [r[3] for r in rows[2:]] == ["Cllr. Troy"]


def test_proposed_seconded_and_agreed_over_a_quoted_text_is_agreed() -> None:
    text = (
        "Proposed by Cllr. Nestor, seconded by Cllr. Crowe and agreed:\n"
        '"That the minutes of the meeting held on 13th October 2025 be confirmed."\n\n'
        "It was proposed by Cllr. Harnett, seconded by Cllr. Keane and agreed unanimously that "
        "the disposal of the former library to the Men's Shed for €1 be approved.\n"
    )
    assert _read(text) == [
        ("agreed", "approved", None, "Cllr. Nestor", "Cllr. Crowe"),
        ("agreed", "carried", None, "Cllr. Harnett", "Cllr. Keane"),
    ]
