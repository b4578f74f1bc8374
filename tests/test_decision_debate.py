"""The decision reader on a debate's order of business: amendments moved on top of an
undecided motion without saying "amend", a vote taken after a closure motion, a mover named
before "seconded by …, proposed", "… and agreed:" over a quoted text, and what an officer
agreed to do (no decision).

Every snippet is written for these tests (fictional councils and people)."""

from __future__ import annotations

import pytest

from tests.test_decision_formats import _read


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


def test_an_irish_roll_call_in_ta_nil_staon_lists() -> None:
    text = (
        'Cllr. Ruane proposed, and Cllr. Hynes seconded, an amendment to add "and the islands".\n\n'
        "A roll call vote was taken on the amendment:\n"
        "Tá (3):    Cllr. Breslin\n           Cllr. Hynes\n           Cllr. Ruane\n"
        "Níl (2):   Cllr. Barrett\n           Cllr. Durkan\n"
        "Staon (1): Cllr. Ó Máille\n\n"
        "The Cathaoirleach declared the amendment carried.\n"
    )
    assert _read(text) == [("amendment", "carried", (3, 2, 1), "Cllr. Ruane", "Cllr. Hynes")]


def test_a_count_in_brackets_wrapped_at_a_line_end_after_resolved() -> None:
    text = (
        "Proposed by Alderman Devlin, Seconded by Councillor Hanna, and RESOLVED (on a\n"
        "vote of 20 for, 11 against, 2 abstentions) – that the tender for the leisure centre\n"
        "be awarded to Callan & Kerr Ltd.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", (20, 11, 2), "Alderman Devlin", "Councillor Hanna")
    ]


def test_a_vote_table_split_by_a_page_break_is_counted_for_its_amendment() -> None:
    text = (
        "The Chair moved the recommendations in the report, and Cllr Jenkin seconded.\n\n"
        "Cllr Kyffin moved, and Cllr Morse seconded, an amendment that the second appliance be "
        "retained. A recorded vote was requested and the voting was as follows:\n\n"
        "  Member                  Vote\n"
        "  Cllr H. Bellamy          Against\n  Cllr S. Cornock         For\n"
        "  Cllr R. Dyfnallt        Against\n  Cllr E. Eynon           Against\n\n"
        "                                                                    Page 3\n\n"
        "FIRE AND RESCUE AUTHORITY – 14 APRIL 2025\n\n"
        "  Member                  Vote\n"
        "  Cllr A. Kyffin          For\n  Cllr J. Morse           For\n"
        "  Cllr D. Nanney          Abstain\n  Cllr O. Pennant         Against\n\n"
        "The amendment was therefore LOST. The recommendations were then CARRIED (For 5, "
        "Against 3, Abstention 1) and it was\n\n"
        "RESOLVED: that the removal of the second appliance be approved.\n"
    )
    rows = _read(text)
    assert rows[0][:3] == ("amendment", "lost", (3, 4, 1))
    assert rows[1][:3] == ("resolved", "carried", (5, 3, 1))


def test_names_lists_after_an_amendment_was_declared_lost_are_its_vote() -> None:
    text = (
        "Mayor Kilbride moved the recommendations, seconded by Councillor Ansari.\n\n"
        "Councillor Hebden moved, and Councillor Otway seconded, an amendment to add a "
        "further resolution: “(4) That fares be capped at £2.” Following debate, the "
        "amendment was put to the vote and was LOST.\n\n"
        "For: Councillor Hebden, Councillor Otway\n\n"
        "Against: Mayor Kilbride, Councillor Ansari, Councillor Brereton\n\n"
        "On the substantive recommendations being put, there voted For 3, Against 2, and it "
        "was\n\nRESOLVED – That the scheme be implemented.\n"
    )
    rows = _read(text)
    assert ("amendment", "lost", (2, 3, None)) in [r[:3] for r in rows]
    assert ("resolved", "carried", (3, 2, None), "Mayor Kilbride", "Councillor Ansari") in rows


def test_an_amendment_carried_that_became_the_substantive_motion_then_carried() -> None:
    text = (
        "The following motion was moved by Councillor Iqbal and seconded by Councillor Lumb:\n\n"
        '"This Council resolves to write to the operator asking it to reconsider."\n\n'
        "Councillor Gadsby moved and Councillor Hurrell seconded an amendment to delete "
        "paragraph (c) and replace it with: “(c) ask the Scrutiny Committee to review it.”\n\n"
        "The amendment was CARRIED (For 14, Against 7, Abstentions 1) and became the "
        "substantive motion, which was then CARRIED unanimously.\n"
    )
    rows = _read(text)
    assert rows[0][:2] == ("motion", "carried")
    assert rows[1][:3] == ("amendment", "carried", (14, 7, 1))


@pytest.mark.parametrize(
    "view",
    [
        "Members agreed it had been a well-attended and useful event.",
        "Members agreed that the views from the footpath were the main issue to be considered.",
        "Members noted with concern that three of the four appeals had been allowed.",
    ],
)
def test_a_view_members_agreed_or_noted_is_no_decision(view: str) -> None:
    assert _read(view) == []


def test_a_closure_moved_during_the_debate_on_an_amendment_is_no_amendment() -> None:
    text = (
        "Councillor Vane moved and Councillor Amadi seconded an amendment to add 'subject to "
        "the deletion of site QB14'.\n\n"
        "During the debate on the amendment Councillor Pardew moved that the question be now "
        "put. This was seconded by Councillor Lomas and CARRIED.\n\n"
        "A recorded vote having been requested, the voting on the amendment was as follows:\n\n"
        "For (3): Councillors Amadi, Bexfield and Vane.\n\n"
        "Against (4): Councillors Ashdown, Brightwell, Cattermole and Lomas.\n\n"
        "The amendment was therefore LOST.\n"
    )
    rows = _read(text)
    assert rows[0] == ("amendment", "lost", (3, 4, None), "Councillor Vane", "Councillor Amadi")
    assert rows[1][0] == "motion" and rows[1][2] is None


def test_a_member_counter_proposed_and_the_proposals_roll_call() -> None:
    text = (
        "Proposer: Cllr. Crowe; Seconder: Cllr. Kissane.\n"
        "That the Members adopt the Schedule of Works 2025 as presented.\n"
        "Cllr. Fitzgibbon counter-proposed, seconded by Cllr. Prendiville, that €40,000 be "
        "reallocated to the Coolnahila Road.\n"
        "The counter-proposal was put to a vote: 2 for, 4 against. The counter-proposal was "
        "defeated.\n"
        "A roll-call vote was then taken on the proposal:\n"
        "For: Cllrs. Crowe, Killen, Kissane, Tevlin\n"
        "Against: Cllrs. Fitzgibbon, Prendiville\n"
        "Abstain: 0\n"
        "The Cathaoirleach declared the Schedule of Works 2025 adopted.\n"
    )
    assert _read(text) == [
        ("motion", "carried", (4, 2, 0), "Cllr. Crowe", "Cllr. Kissane"),
        ("amendment", "lost", (2, 4, None), "Cllr. Fitzgibbon", "Cllr. Prendiville"),
    ]


def test_for_and_against_the_amendment_lists_on_a_tie_settled_by_the_chair() -> None:
    text = (
        "County Councillor Brynmor moved the recommendations, seconded by County Councillor "
        "Eynon.\n\n"
        "County Councillor Starling moved an amendment, seconded by County Councillor Lewellin, "
        "that the reduction in the school transport budget be reversed.\n\n"
        "A recorded vote was taken on the amendment:\n\n"
        "For the amendment (2): County Councillors Lewellin and Starling.\n\n"
        "Against the amendment (2): County Councillors Brynmor and Eynon.\n\n"
        "Abstaining (1): County Councillor Vaughan.\n\n"
        "There being an equality of votes, the Chair exercised her casting vote against the "
        "amendment, which was declared LOST.\n"
    )
    amendment = _read(text)[0]
    assert amendment[:3] == ("amendment", "lost", (2, 2, 1))


def test_a_closure_then_this_was_carried_and_the_division_on_the_substantive_motion() -> None:
    text = (
        "Councillor Ansell moved the recommendations, seconded by Councillor Birkett.\n\n"
        "During the debate on the substantive motion Councillor Pashley moved that the "
        "question be now put, and Councillor Raistrick seconded. This was CARRIED.\n\n"
        "A recorded vote was then taken on the substantive motion:\n\n"
        "For the motion: Councillors Ansell, Birkett and Pashley (3).\n\n"
        "Against the motion: Councillors Ackerley and Vokes (2).\n\n"
        "The substantive motion was therefore CARRIED and it was RESOLVED that the budget be "
        "approved.\n"
    )
    rows = _read(text)
    assert rows[0][:3] == ("motion", "carried", None)  # the closure, with no vote of its own
    assert rows[1] == (
        "resolved",
        "carried",
        (3, 2, None),
        "Councillor Ansell",
        "Councillor Birkett",
    )


def test_an_amendment_moved_by_a_member_named_with_their_council() -> None:
    text = (
        "Councillor Roisin Harraway (Tidwell Vale Council) moved an amendment, seconded by "
        "Councillor Ellis Boothroyd (Saltmarsh Borough Council), to add a further "
        'recommendation: "5. that the first round include the rural routes." The Director '
        "advised that the amendment would add £6.2 million to costs.\n\n"
        "The amendment was put to the vote and was LOST.\n\n"
        "For: Councillor Harraway, Councillor Boothroyd (2)\n"
        "Against: Mayor Coulthard, Councillor Nurden, Councillor Raikes (3)\n\n"
        "Upon the substantive recommendations being put (For 4; Against 1), it was\n\n"
        "RESOLVED – That the Mayor makes the scheme.\n"
    )
    rows = _read(text)
    assert ("amendment", "lost", (2, 3, None)) in [r[:3] for r in rows]
    assert ("resolved", "carried", (4, 1, None)) in [r[:3] for r in rows]


def test_lists_under_main_motion_after_a_withdrawn_amendment_are_the_motions() -> None:
    text = (
        "Moved by: Councillor Chiasson\nSeconded by: Councillor Gillis\n\n"
        "That the parking cap be approved.\n\n"
        "Moved by: Councillor Vance\nSeconded by: Councillor Pothier\n\n"
        'That the motion be amended by adding "and that owners be exempt".\n\n'
        "The amendment was withdrawn by the mover with the consent of the seconder.\n\n"
        "Main Motion:\n\n"
        "Yeas (2): Councillor Chiasson and Councillor Gillis\n"
        "Nays (1): Councillor Vance\n\n"
        "Motion Carried (2 to 1)\n"
    )
    assert _read(text) == [
        ("motion", "carried", (2, 1, None), "Councillor Chiasson", "Councillor Gillis"),
        ("amendment", "withdrawn", None, "Councillor Vance", "Councillor Pothier"),
    ]
