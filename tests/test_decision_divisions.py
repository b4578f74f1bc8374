"""Divisions between a motion and its amendment, and votes stated in the words of the motion
("For the motion 4; against 7", "there voted for the motion five and against five"), as UK
and Scottish minutes write them."""

from __future__ import annotations

from tests.test_decision_formats import _read


def test_an_amendment_declared_carried_in_a_division_beats_the_motion() -> None:
    text = (
        "5. Premises licence variation - The Harbour Inn\n"
        "Councillor Moffat, seconded by Councillor Laidlaw, moved that the Board refuse the "
        "application on the ground of public nuisance.\n"
        "As an amendment, Councillor Strang, seconded by Councillor Tosh, moved that the Board "
        "grant the variation subject to a terminal hour of 1.00am and a condition requiring "
        "door stewards from 10.00pm.\n"
        "On a vote being taken by a show of hands, six members voted for the amendment and two "
        "for the motion, and the amendment was declared carried.\n"
        "Decision: The Board agreed to grant the variation subject to a terminal hour of 1.00am "
        "and a condition requiring door stewards from 10.00pm.\n"
    )
    assert _read(text) == [
        ("motion", "lost", (2, 6, None), "Councillor Moffat", "Councillor Laidlaw"),
        # the decision restates the winning amendment: it records it (labelling rule 5)
        ("agreed", "carried", (6, 2, None), "Councillor Strang", "Councillor Tosh"),
    ]


def test_a_decision_that_does_not_restate_the_winning_amendment_leaves_it_alone() -> None:
    text = (
        "Councillor Moffat, seconded by Councillor Laidlaw, moved that the Board refuse the "
        "application on the ground of public nuisance.\n"
        "As an amendment, Councillor Strang, seconded by Councillor Tosh, moved that the Board "
        "grant the variation subject to a terminal hour of 1.00am.\n"
        "On a division, there voted for the amendment 6 and for the motion 2, and the "
        "amendment was accordingly carried.\n"
        "Decision: The Board agreed to write to the applicant about litter.\n"
    )
    rows = _read(text)
    assert rows[0][:3] == ("motion", "lost", (2, 6, None))
    assert rows[1] == ("amendment", "carried", (6, 2, None), "Councillor Strang", "Councillor Tosh")
    assert rows[2][3] is None


def test_motion_by_and_amendment_by_lines_with_a_dash_before_their_text() -> None:
    text = (
        "3. 25/00412/FUL - Erection of 9 houses, Land at Easter Mains\n\n"
        "Motion by Councillor Baxter, seconded by Councillor Imrie - to refuse the application "
        "for the reasons in the report.\n\n"
        "Amendment by Councillor Lowe, seconded by Councillor Shand - to grant the application "
        "subject to conditions delegated to officers.\n\n"
        "On a division, 3 members voted for the amendment and 8 for the motion.\n\n"
        "Decision: The Committee agreed to refuse the application for the reasons in the "
        "report.\n"
    )
    assert _read(text) == [
        ("amendment", "lost", (3, 8, None), "Councillor Lowe", "Councillor Shand"),
        ("agreed", "carried", (8, 3, None), "Councillor Baxter", "Councillor Imrie"),
    ]


def test_votes_for_the_motion_and_against_it() -> None:
    text = (
        "Councillor Penhale moved, and Councillor Tregear seconded, that the application be "
        "refused on the grounds of overdevelopment. For the motion 4; against 7. The motion "
        "was LOST.\n\n"
        "Councillor Roskilly, seconded by Councillor Jago, moved that permission be granted. "
        "There voted for the motion five and against five, whereupon the Chairman exercised "
        "his casting vote against the motion, which was therefore LOST.\n"
    )
    assert _read(text) == [
        ("motion", "lost", (4, 7, None), "Councillor Penhale", "Councillor Tregear"),
        ("motion", "lost", (5, 5, None), "Councillor Roskilly", "Councillor Jago"),
    ]


def test_a_motion_to_accept_the_recommendation_carried_in_its_sentence_is_the_resolution() -> None:
    text = (
        "It was then moved by Councillor Hext and seconded by Councillor Polglase that the "
        "officer recommendation be accepted, and this was carried by 6 votes to 4.\n\n"
        "RESOLVED - That planning permission be REFUSED for the reasons set out in the report.\n"
    )
    assert _read(text) == [
        ("resolved", "carried", (6, 4, None), "Councillor Hext", "Councillor Polglase")
    ]


def test_a_motion_carried_in_its_own_sentence_is_not_a_later_resolution() -> None:
    text = (
        "It was moved by Councillor Hext and seconded by Councillor Polglase that the site "
        "visit be held on 4 May, and this was carried by 6 votes to 4.\n\n"
        "RESOLVED - That planning permission be REFUSED for the reasons set out in the report.\n"
    )
    rows = _read(text)
    assert rows[0] == ("motion", "carried", (6, 4, None), "Councillor Hext", "Councillor Polglase")
    assert rows[1] == ("resolved", "approved", None, None, None)


def test_a_named_vote_on_the_proposal_of_a_member_is_that_proposal_s_vote() -> None:
    text = (
        "Cllr. Brophy proposed, seconded by Cllr. Tierney, that the draft Annual Budget for "
        "2026 be adopted.\n"
        "Cllr. Hession, seconded by Cllr. Nolan, put forward a counter-proposal that the rate "
        "be held at the 2025 level. The counter-proposal was defeated on a show of hands by 4 "
        "votes to 11.\n"
        "A named vote was then taken on the proposal of Cllr. Brophy, with the following\n"
        "result:\n"
        "FOR (11): Cllrs. Brophy, Cunniffe, Daly, Egan, Fahy, Galvin, Hynes, Kenny, Lally,\n"
        "Moran and Tierney.\n"
        "AGAINST (4): Cllrs. Hession, Nolan, Ruane and Walsh.\n"
        "The Cathaoirleach declared the Annual Budget for 2026 adopted.\n"
    )
    rows = _read(text)
    assert rows[0] == ("motion", "carried", (11, 4, None), "Cllr. Brophy", "Cllr. Tierney")
    assert rows[1] == ("amendment", "lost", (4, 11, None), "Cllr. Hession", "Cllr. Nolan")
    assert all(row[3] != "Cllr. Brophy" for row in rows[2:])  # no second decision of his
